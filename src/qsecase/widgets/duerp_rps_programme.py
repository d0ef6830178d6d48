"""The programme step of the DUERP-update exercise: the prevention actions drawn from the DUERP
(a PAPRIPACT from 50 employees), checked live with
:func:`~qsecase.methods.papripact.check_programme` at the case's date.

The situations an action treats are chosen among the DUERP's; the choices follow the DUERP editor
(topic ``"situations"``), a situation that disappeared stays chosen and is flagged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.exercises.duerp_rps import corpus_data
from qsecase.methods.base import Issue
from qsecase.methods.papripact import ACTION_TYPES, PAPRIPACT_HEADCOUNT, check_programme, programme_kind
from qsecase.views.duerp_html import programme_html
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import dropdown_field, heading, help_text, text_field, textarea_field, tr
from qsecase.widgets.probleme_causes import short
from qsecase.widgets.rows import RowsEditor, next_id
from qsecase.widgets.sst_accident_tree import (
    FieldsRow,
    Options,
    combo_field,
    date_field,
    multi_field,
    with_missing,
)

__all__ = ["TEXTS", "ProgrammeStep", "format_cost", "parse_cost"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Programme d'actions : {kind} ({n} salariés)",
        "help_papripact": "À partir de 50 salariés, le DUERP débouche sur un programme annuel de "
                          "prévention (PAPRIPACT, C. trav. L4121-3-1) : pour chaque mesure, les "
                          "risques traités, un responsable, une échéance, le coût estimé, les "
                          "ressources et un indicateur de résultat. Traitez d'abord les risques "
                          "de priorité 1, en suivant les principes généraux de prévention.",
        "help_list": "Sous 50 salariés, le DUERP consigne la liste des actions de prévention : "
                     "pour chaque mesure, les risques traités, un responsable et une échéance. "
                     "Traitez d'abord les risques de priorité 1.",
        "add": "Ajouter une action", "item": "Action {n}", "id": "Identifiant",
        "measure": "Mesure", "measure_ph": "ce qui sera fait, concrètement",
        "type": "Type de mesure", "risks": "Situations traitées (Ctrl + clic)",
        "missing": "{id} (absente du DUERP)", "owner": "Responsable",
        "owner_ph": "fonction dans l'organisation", "due": "Échéance",
        "cost": "Coût estimé (€ HT)", "cost_ph": "ex. 4 500", "resources": "Ressources",
        "resources_ph": "interne, prestataire, financement", "indicator": "Indicateur de résultat",
        "bad_cost": "Action {id}, coût « {value} » : écrivez un montant en euros, par exemple "
                    "« 4 500 » ou « 1 250,50 ».",
    },
}


def parse_cost(text: str) -> float | str | None:
    """« 4 500 », « 1 250,50 € » → a number; empty → None; anything else is returned as typed."""
    cleaned = (str(text).strip().rstrip("€").replace("\u202f", "").replace("\u00a0", "")
               .replace(" ", "").replace(",", "."))
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        return str(text).strip()


def format_cost(value: float | None) -> str:
    """The inverse of :func:`parse_cost`, with a decimal comma."""
    return "" if value is None else f"{value:g}".replace(".", ",")


class ProgrammeStep(StepForm):
    """The programme of prevention actions, its checks and its table."""

    topic = "programme"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        case = ctx.session.case
        self.scale = corpus_data.scale(case)
        self.headcount = case.spec.organisation.effectif
        self.today = case.spec.date_cas
        roles = [r.fonction for r in case.spec.organisation.roles]
        types = [(v, k) for k, v in ACTION_TYPES.items()]

        def action(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            risks = list(data.get("risques", []))
            row = FieldsRow({
                "id": text_field(t("id"), str(data.get("id", ""))),
                "mesure": textarea_field(t("measure"), str(data.get("mesure", "")),
                                         t("measure_ph"), rows=2),
                "type": dropdown_field(t("type"), types, data.get("type", "collective")),
                "risques": multi_field(t("risks"), with_missing(self._risks(), risks,
                                                                t("missing")), risks),
                "responsable": combo_field(t("owner"), str(data.get("responsable", "")), roles,
                                           t("owner_ph")),
                "echeance": date_field(t("due"), data.get("echeance")),
                "cout": text_field(t("cost"), format_cost(data.get("cout")), t("cost_ph")),
                "ressources": text_field(t("resources"), str(data.get("ressources", "")),
                                         t("resources_ph")),
                "indicateur": text_field(t("indicator"), str(data.get("indicateur", "")))},
                notify, convert={"cout": parse_cost})
            row.fields["id"].layout.width = "24em"
            return row

        self.editor = RowsEditor(
            action, self._changed, [x.model_dump() for x in ctx.session.answers.actions],
            new_row=lambda values: {"id": next_id("AP", [v["id"] for v in values])},
            item_title=t("item"), add_label=t("add"), lang=ctx.lang)
        self.table = widgets.HTML()
        kind = programme_kind(self.headcount)
        self.title = heading(t("title", kind=kind, n=self.headcount), level=3)
        advice = t("help_papripact" if self.headcount >= PAPRIPACT_HEADCOUNT else "help_list")
        ctx.bus.subscribe("situations", self._situations_changed)
        self.layout_with(self.title, help_text(advice), self.editor, self.table)
        self._redraw()

    def _risks(self) -> Options:
        return [(f"{s.id} — {short(s.situation, 50)}", s.id)
                for s in self.ctx.session.answers.situations]

    def _situations_changed(self) -> None:
        for row in self.editor.rows:
            row.offer("risques", self._risks(), self.t("missing"))  # type: ignore[attr-defined]
        self.refresh_issues()
        self._redraw()

    def _changed(self, values: list[dict[str, Any]]) -> None:
        bad = [self.t("bad_cost", id=v["id"], value=v["cout"]) for v in values
               if isinstance(v["cout"], str)]
        if bad:
            self.issues.invalid(" ; ".join(bad))
        elif self.commit({"actions": values}):
            self._redraw()

    def _redraw(self) -> None:
        a = self.ctx.session.answers
        self.table.value = programme_html(a.actions, a.situations, self.scale, self.headcount)

    def current_issues(self) -> list[Issue]:
        a = self.ctx.session.answers
        return check_programme(a.actions, a.situations, self.scale, self.headcount,
                               today=self.today)
