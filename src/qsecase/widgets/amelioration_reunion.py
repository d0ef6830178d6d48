"""The meeting step of the improvement-plan exercise (5-6): a meeting or working group prepared —
its kind, expected result, participants, agenda, duration, facilitation style, roles, adaptations
and follow-up — checked live.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.base import Issue
from qsecase.methods.sessions import FACILITATION_STYLES, MEETING_KINDS, check_meeting
from qsecase.widgets.amelioration_data import stakeholders
from qsecase.widgets.amelioration_sensibilisation import minutes_field
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import dropdown_field, heading, help_text, text_field, textarea_field, tr
from qsecase.widgets.rows import RowsEditor
from qsecase.widgets.sst_accident_tree import FieldsRow, combo_field, with_missing

__all__ = ["MEETING_ROLES", "TEXTS", "ReunionStep"]

MEETING_ROLES: dict[str, str] = {"animateur": "Animateur", "secrétaire": "Secrétaire de séance",
                                 "gardien du temps": "Gardien du temps"}
"""The roles of a meeting (keys of ``Meeting.roles``) and their labels."""

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Préparez une réunion ou un groupe de travail du plan d'amélioration : son type, le "
                "résultat concret attendu à la fin, les participants, un ordre du jour minuté, le "
                "style d'animation adapté, la répartition des rôles, les adaptations aux "
                "personnes en situation de handicap et les suites (compte rendu, relevé de "
                "décisions, prochaine réunion).",
        "type": "Type de réunion", "choose": "— choisir —", "unknown": "{id} (valeur inconnue)",
        "objective": "Objectif (résultat attendu)",
        "objective_ph": "ce qui sera décidé ou produit à la fin de la réunion",
        "participants": "Participants", "participants_ph": "un participant par ligne (fonction)",
        "agenda": "Ordre du jour", "add": "Ajouter un point", "item": "Point {n}",
        "subject": "Sujet", "duration": "Durée (min)", "owner": "Porteur",
        "owner_ph": "qui présente ou anime ce point",
        "total": "Durée prévue (min, 0 si non fixée)", "style": "Style d'animation",
        "roles": "Rôles pendant la réunion", "role_ph": "nom ou fonction",
        "adaptations": "Adaptations (handicap)",
        "adaptations_ph": "salle accessible, documents envoyés à l'avance, sous-titrage…",
        "follow_up": "Suites de la réunion",
        "follow_up_ph": "compte rendu, relevé de décisions, prochaine réunion",
        "no_subject": "{item} : écrivez le sujet ; le point n'est pas enregistré tant qu'il manque.",
        "agenda_total": "Ordre du jour : {n} min au total.",
    },
}


class ReunionStep(StepForm):
    """The meeting's form and its checks."""

    topic = "reunion"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        m = ctx.session.answers.reunion
        self.actors = stakeholders(ctx.session.case)
        kinds = with_missing([(t("choose"), ""), *((v, k) for k, v in MEETING_KINDS.items())],
                             [m.type or ""], t("unknown"))
        styles = with_missing([(t("choose"), ""), *((v, k) for k, v in FACILITATION_STYLES.items())],
                              [m.style or ""], t("unknown"))
        self.fields: dict[str, widgets.Widget] = {
            "type": dropdown_field(t("type"), kinds, m.type or ""),
            "objectif": textarea_field(t("objective"), m.objectif, t("objective_ph"), rows=2),
            "participants": textarea_field(t("participants"), "\n".join(m.participants),
                                           t("participants_ph"), rows=4),
            "duree_min": minutes_field(t("total"), m.duree_min or 0, low=0),
            "style": dropdown_field(t("style"), styles, m.style or ""),
            "adaptations": textarea_field(t("adaptations"), m.adaptations, t("adaptations_ph"),
                                          rows=2),
            "suites": textarea_field(t("follow_up"), m.suites, t("follow_up_ph"), rows=2),
        }
        self.roles = {k: combo_field(label, m.roles.get(k, ""), self.actors, t("role_ph"))
                      for k, label in MEETING_ROLES.items()}
        self.extra_roles = {k: v for k, v in m.roles.items() if k not in MEETING_ROLES}
        for widget in (*self.fields.values(), *self.roles.values()):
            widget.observe(lambda _c: self._changed(), names="value")
        self.agenda = RowsEditor(self._row, lambda _v: self._changed(),
                                 [x.model_dump() for x in m.ordre_du_jour],
                                 new_row=lambda _v: {"duree_min": 10}, item_title=t("item"),
                                 add_label=t("add"), lang=ctx.lang)
        self.total = widgets.HTML()
        f = self.fields
        self.layout_with(help_text(t("help")), f["type"], f["objectif"], f["participants"],
                         heading(t("agenda")), self.agenda, self.total, f["duree_min"], f["style"],
                         heading(t("roles")), *self.roles.values(), f["adaptations"], f["suites"])
        self._redraw()

    def _row(self, data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
        t = self.t
        return FieldsRow({
            "sujet": text_field(t("subject"), str(data.get("sujet", ""))),
            "duree_min": minutes_field(t("duration"), int(data.get("duree_min", 10))),
            "porteur": combo_field(t("owner"), str(data.get("porteur", "")), self.actors,
                                   t("owner_ph"))}, notify)

    def _changed(self) -> None:
        agenda = self.agenda.values()
        empty = [self.t("no_subject", item=self.t("item", n=n))
                 for n, v in enumerate(agenda, 1) if not v["sujet"].strip()]
        if empty:
            self.issues.invalid(" ; ".join(empty))
            return
        f = self.fields
        roles = {**self.extra_roles, **{k: w.value.strip() for k, w in self.roles.items()
                                        if w.value.strip()}}
        meeting = {**{k: w.value for k, w in f.items()},
                   "type": f["type"].value or None, "style": f["style"].value or None,
                   "duree_min": f["duree_min"].value or None,
                   "participants": [p.strip() for p in f["participants"].value.splitlines()
                                    if p.strip()],
                   "ordre_du_jour": agenda, "roles": roles}
        if self.commit({"reunion": meeting}):
            self._redraw()

    def _redraw(self) -> None:
        items = self.ctx.session.answers.reunion.ordre_du_jour
        self.total.value = (f"<p>{self.t('agenda_total', n=sum(i.duree_min for i in items))}</p>"
                            if items else "")

    def current_issues(self) -> list[Issue]:
        return check_meeting(self.ctx.session.answers.reunion)
