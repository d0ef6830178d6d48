"""The environmental analysis step (3-2, ISO 14001 § 6.1.2): for each activity of the organisation,
its aspects and impacts in normal, abnormal and emergency situations, rated gravity × frequency and
declared significant or not by the organisation's rule (criticity at or above its threshold, or a
legal requirement, or a complaint of an interested party).

Checked live (:func:`~qsecase.methods.env_aspects.check_aspects`: activities without aspect,
missing situations, significance contrary to the rule, significant aspect without control or
action) and shown as the gravity × frequency grid and the table ranked by priority
(:mod:`qsecase.views.env_views`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.exercises.environnement import corpus_data
from qsecase.methods.base import Issue
from qsecase.methods.env_aspects import DIAGNOSTIC_TOOLS, SITUATIONS, check_aspects
from qsecase.views.env_views import aspects_html, aspects_matrix, aspects_matrix_alt
from qsecase.views.render import figure_to_html
from qsecase.views.tables import esc
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import (
    checkbox_field,
    dropdown_field,
    format_ids,
    heading,
    help_text,
    parse_ids,
    text_field,
    textarea_field,
    tr,
)
from qsecase.widgets.environnement_beges import source_issues
from qsecase.widgets.environnement_rows import row_problems
from qsecase.widgets.rows import RowsEditor, next_id
from qsecase.widgets.sst_accident_tree import FieldsRow, combo_field, with_missing

__all__ = ["FREQUENCY", "GRAVITY", "SITUATION_LABELS", "TEXTS", "AspectRow", "AspectsStep", "aspects_figure"]

GRAVITY: dict[int, str] = {1: "1 — négligeable", 2: "2 — limitée", 3: "3 — importante", 4: "4 — grave"}
FREQUENCY: dict[int, str] = {1: "1 — exceptionnelle", 2: "2 — rare", 3: "3 — fréquente", 4: "4 — permanente"}
SITUATION_LABELS: dict[str, str] = {"normale": "normale (fonctionnement courant)",
                                    "anormale": "anormale (démarrage, arrêt, panne, maintenance)",
                                    "urgence": "d'urgence (accident, incendie, déversement)"}

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Passez en revue chaque activité de l'organisation, en situation normale, anormale et "
                "d'urgence : ses aspects environnementaux (consommations, rejets, déchets, bruit…) et "
                "leurs impacts. Cotez la gravité G et la fréquence F de 1 à 4 d'après les observations "
                "du corpus, puis déclarez l'aspect significatif ou non selon la règle de "
                "l'organisation : criticité G × F d'au moins {threshold}, ou exigence légale, ou plainte "
                "d'une partie intéressée. Pour chaque aspect significatif, notez la maîtrise existante "
                "ou l'action, et l'outil de diagnostic qui le mesure.",
        "activities": "Activités à couvrir : {names}.",
        "add": "Ajouter un aspect", "item": "Aspect {n}", "id": "Repère", "activity": "Activité",
        "aspect": "Aspect environnemental", "aspect_ph": "ex. consommation d'huile de coupe",
        "impact": "Impact", "impact_ph": "ex. pollution des sols, épuisement des ressources",
        "situation": "Situation", "direct": "Aspect direct (maîtrisé par l'organisation)",
        "legal": "Exigence légale", "legal_ph": "texte applicable, s'il y en a un",
        "complaint": "Plainte ou attente d'une partie intéressée", "g": "Gravité G", "f": "Fréquence F",
        "significant": "Significatif", "control": "Maîtrise existante", "tool": "Outil de diagnostic",
        "no_tool": "— aucun —", "action": "Action", "sources": "Sources (faits du corpus)",
        "sources_ph": "identifiants séparés par des virgules", "unknown": "{id} (valeur inconnue)",
        "rating": "Criticité G × F = {g} × {f} = {c} (seuil de l'organisation : {threshold})",
        "grid": "Grille gravité × fréquence", "table": "Aspects classés par priorité",
    },
}


def aspects_figure(aspects: Sequence[Any], threshold: int, dpi: float = 80) -> str:
    """The gravity × frequency grid as an ``<img>`` with its text alternative (empty without aspects)."""
    if not aspects:
        return ""
    return figure_to_html(aspects_matrix(aspects, threshold), aspects_matrix_alt(aspects, threshold), dpi=dpi)


class AspectRow:
    """One line of the analysis, with its criticity written under the rating."""

    def __init__(self, data: Mapping[str, Any], notify: Callable[[], None], activities: Sequence[str],
                 threshold: int, lang: str = "fr") -> None:
        self.t = t = partial(tr, TEXTS, lang)
        self.threshold = threshold
        situation, tool = str(data.get("situation", "normale")), str(data.get("outil") or "")
        situations = with_missing([(SITUATION_LABELS[s], s) for s in SITUATIONS], [situation], t("unknown"))
        tools = with_missing([(t("no_tool"), ""), *((x, x) for x in DIAGNOSTIC_TOOLS)], [tool], t("unknown"))
        self.row = FieldsRow({
            "id": text_field(t("id"), str(data.get("id", ""))),
            "activite": combo_field(t("activity"), str(data.get("activite", "")), activities),
            "aspect": text_field(t("aspect"), str(data.get("aspect", "")), t("aspect_ph")),
            "impact": text_field(t("impact"), str(data.get("impact", "")), t("impact_ph")),
            "situation": dropdown_field(t("situation"), situations, situation),
            "direct": checkbox_field(t("direct"), bool(data.get("direct", True))),
            "exigence_legale": text_field(t("legal"), str(data.get("exigence_legale", "")), t("legal_ph")),
            "plainte": checkbox_field(t("complaint"), bool(data.get("plainte"))),
            "g": dropdown_field(t("g"), [(v, k) for k, v in GRAVITY.items()], int(data.get("g", 1)),
                                width="30em"),
            "f": dropdown_field(t("f"), [(v, k) for k, v in FREQUENCY.items()], int(data.get("f", 1)),
                                width="30em"),
            "significatif": checkbox_field(t("significant"), bool(data.get("significatif"))),
            "maitrise": textarea_field(t("control"), str(data.get("maitrise", "")), rows=2),
            "outil": dropdown_field(t("tool"), tools, tool),
            "action": textarea_field(t("action"), str(data.get("action", "")), rows=2),
            "sources": text_field(t("sources"), format_ids(list(data.get("sources", []))), t("sources_ph")),
        }, notify, convert={"outil": lambda v: v or None, "sources": parse_ids})
        f = self.fields = self.row.fields
        f["id"].layout.width = "24em"
        self.rating = widgets.HTML()
        for name in ("g", "f"):
            f[name].observe(lambda _c: self._show_rating(), names="value")
        self._show_rating()
        self.box = widgets.VBox([*(f[k] for k in ("id", "activite", "aspect", "impact", "situation", "direct",
                                                 "exigence_legale", "plainte", "g", "f")), self.rating,
                                 *(f[k] for k in ("significatif", "maitrise", "outil", "action", "sources"))])

    def _show_rating(self) -> None:
        g, f = int(self.fields["g"].value), int(self.fields["f"].value)
        text = self.t("rating", g=g, f=f, c=g * f, threshold=self.threshold)
        self.rating.value = f"<p><small>{esc(text)}</small></p>"

    def value(self) -> dict[str, Any]:
        return self.row.value()


class AspectsStep(StepForm):
    """The aspects, their checks, the gravity × frequency grid and the ranked table."""

    topic = "aspects"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        case = ctx.session.case
        self.known = set(case.facts) | {d.id for d in case.spec.documents}
        self.threshold = corpus_data.significance_threshold(case)
        self.activities = corpus_data.activities(case)
        self.editor = RowsEditor(
            lambda data, notify: AspectRow(data, notify, self.activities, self.threshold, ctx.lang),
            self._changed, [a.model_dump() for a in ctx.session.answers.aspects],
            new_row=lambda values: {"id": next_id("AE", [v["id"] for v in values])},
            item_title=t("item"), add_label=t("add"), lang=ctx.lang)
        self.figure, self.table = widgets.HTML(), widgets.HTML()
        names = ", ".join(self.activities) or "—"
        self.layout_with(help_text(t("help", threshold=self.threshold)),
                         help_text(t("activities", names=names)), self.editor, heading(t("grid")),
                         self.figure, heading(t("table")), self.table)
        self._redraw()

    def _changed(self, values: list[dict[str, Any]]) -> None:
        problems = row_problems(values, self.t("item"), required={"id": "repère", "activite": "activité",
                                                                  "aspect": "aspect"}, lang=self.ctx.lang)
        if problems:
            self.issues.invalid(" ; ".join(problems))
        elif self.commit({"aspects": values}):
            self._redraw()

    def _redraw(self) -> None:
        aspects = self.ctx.session.answers.aspects
        self.figure.value = aspects_figure(aspects, self.threshold)
        self.table.value = aspects_html(aspects, self.threshold)

    def current_issues(self) -> list[Issue]:
        aspects = self.ctx.session.answers.aspects
        return (check_aspects(aspects, self.activities, self.threshold)
                + source_issues([a.model_dump() for a in aspects], self.known, self.t("item"), self.ctx.lang))
