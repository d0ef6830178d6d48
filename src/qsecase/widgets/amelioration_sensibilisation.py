"""The awareness-session step of the improvement-plan exercise (5-5): theme, audience, learning
objective, the sequences of the session with their activity, the evaluation, the materials and
the adaptations, checked live, with the timeline of the sequences (cumulative times).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.base import Issue
from qsecase.methods.sessions import ACTIVITIES, check_session
from qsecase.views.tables import table_html
from qsecase.widgets.amelioration_data import timeline
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import dropdown_field, heading, help_text, text_field, textarea_field, tr
from qsecase.widgets.rows import RowsEditor
from qsecase.widgets.sst_accident_tree import FieldsRow, with_missing

__all__ = ["TEXTS", "SensibilisationStep", "minutes_field", "timeline_html"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Préparez une séance de sensibilisation QSE : un objectif pédagogique (ce que les "
                "participants sauront faire à la fin), un déroulé en séquences courtes qui "
                "alternent les activités (exposé, démonstration, mise en pratique, quiz…), la "
                "vérification de l'atteinte de l'objectif, les supports et les adaptations aux "
                "personnes en situation de handicap.",
        "theme": "Thème", "public": "Public", "public_ph": "qui, combien, quelles contraintes",
        "objective": "Objectif pédagogique",
        "objective_ph": "« À la fin de la séance, les participants sauront… »",
        "sequences": "Déroulé de la séance", "add": "Ajouter une séquence", "item": "Séquence {n}",
        "duration": "Durée (min)", "content": "Contenu", "content_ph": "ce qui est fait et dit",
        "activity": "Activité", "unknown": "{id} (activité inconnue)",
        "evaluation": "Évaluation", "evaluation_ph": "comment vérifier que l'objectif est atteint",
        "materials": "Supports", "adaptations": "Adaptations (handicap)",
        "adaptations_ph": "accessibilité de la salle, supports adaptés, rythme…",
        "no_content": "{item} : décrivez le contenu ; la séquence n'est pas enregistrée tant "
                      "qu'il manque.",
        "caption": "Déroulé de la séance ({total} min)",
        "headers": "Séquence|Horaire (min)|Durée|Activité|Contenu",
        "empty": "Ajoutez les séquences de la séance : leur enchaînement s'affichera ici.",
    },
}


def minutes_field(description: str, value: int, *, low: int = 1) -> widgets.BoundedIntText:
    """A number of minutes (``low`` to 480) with a visible label."""
    return widgets.BoundedIntText(value=max(low, min(480, value)), min=low, max=480,
                                  description=description, layout=widgets.Layout(width="24em"),
                                  style={"description_width": "14em"})


def timeline_html(sequences: list[Any], lang: str = "fr") -> str:
    """The sequences one after the other: start and end minute, duration, activity, content."""
    t = partial(tr, TEXTS, lang)
    if not sequences:
        return f"<p><em>{t('empty')}</em></p>"
    times = timeline([s.duree_min for s in sequences])
    rows = [(str(n), f"{start} → {end}", f"{s.duree_min} min", ACTIVITIES.get(s.activite, s.activite),
             s.contenu) for n, (s, (start, end)) in enumerate(zip(sequences, times, strict=True), 1)]
    return table_html(t("caption", total=times[-1][1]), t("headers").split("|"), rows,
                      row_headers=True)


class SensibilisationStep(StepForm):
    """The awareness session's form, its checks and its timeline."""

    topic = "sensibilisation"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        s = ctx.session.answers.sensibilisation
        self.fields: dict[str, widgets.Widget] = {
            "theme": text_field(t("theme"), s.theme),
            "public": text_field(t("public"), s.public, t("public_ph")),
            "objectif": textarea_field(t("objective"), s.objectif, t("objective_ph"), rows=2),
            "evaluation": textarea_field(t("evaluation"), s.evaluation, t("evaluation_ph"), rows=2),
            "supports": textarea_field(t("materials"), s.supports, rows=2),
            "adaptations": textarea_field(t("adaptations"), s.adaptations, t("adaptations_ph"),
                                          rows=2),
        }
        for widget in self.fields.values():
            widget.observe(lambda _c: self._changed(), names="value")
        self.sequences = RowsEditor(self._row, lambda _v: self._changed(),
                                    [x.model_dump() for x in s.deroule],
                                    new_row=lambda _v: {"duree_min": 10, "activite": "expose"},
                                    item_title=t("item"), add_label=t("add"), lang=ctx.lang)
        self.timeline = widgets.HTML()
        f = self.fields
        self.layout_with(help_text(t("help")), f["theme"], f["public"], f["objectif"],
                         heading(t("sequences")), self.sequences, self.timeline,
                         f["evaluation"], f["supports"], f["adaptations"])
        self._redraw()

    def _row(self, data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
        t = self.t
        activity = str(data.get("activite", "expose"))
        options = with_missing([(v, k) for k, v in ACTIVITIES.items()], [activity], t("unknown"))
        return FieldsRow({
            "duree_min": minutes_field(t("duration"), int(data.get("duree_min", 10))),
            "activite": dropdown_field(t("activity"), options, activity),
            "contenu": textarea_field(t("content"), str(data.get("contenu", "")), t("content_ph"),
                                      rows=2)}, notify)

    def _changed(self) -> None:
        rows = self.sequences.values()
        empty = [self.t("no_content", item=self.t("item", n=n))
                 for n, v in enumerate(rows, 1) if not v["contenu"].strip()]
        if empty:
            self.issues.invalid(" ; ".join(empty))
            return
        values = {k: w.value for k, w in self.fields.items()}
        if self.commit({"sensibilisation": {**values, "deroule": rows}}):
            self._redraw()

    def _redraw(self) -> None:
        self.timeline.value = timeline_html(self.ctx.session.answers.sensibilisation.deroule,
                                            self.ctx.lang)

    def current_issues(self) -> list[Issue]:
        return check_session(self.ctx.session.answers.sensibilisation)
