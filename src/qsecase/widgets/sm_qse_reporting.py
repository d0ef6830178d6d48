"""The reporting step of the QSE management-system exercise (4-6): what the QSE officer passes on
to the manager — subject, kind, sources (indicators, watch texts, facts of the corpus), gravity from
1 to 4 in words, message, addressee — checked live
(:func:`~qsecase.methods.reporting.check_report_items`) and ranked from the most serious
(:func:`~qsecase.views.sm_qse_html.report_items_html`); then the crisis (:mod:`.sm_qse_crisis`).

The sources of an item may name the trainee's indicators and watch texts: the checks are refreshed
when the watch or the dashboard steps change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, get_args

import ipywidgets as widgets

from qsecase.case_model import Case
from qsecase.methods.base import Issue
from qsecase.methods.reporting import ReportKind, check_report_items
from qsecase.views.sm_qse_html import GRAVITY_WORDS, report_items_html
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import (
    dropdown_field,
    format_ids,
    heading,
    help_text,
    parse_ids,
    text_field,
    textarea_field,
    tr,
)
from qsecase.widgets.rows import RowsEditor
from qsecase.widgets.sm_qse_case import functions
from qsecase.widgets.sm_qse_crisis import CrisisBox, crisis_issues
from qsecase.widgets.sst_accident_tree import FieldsRow, combo_field

__all__ = ["GRAVITIES", "KINDS", "TEXTS", "ReportingStep", "report_issues"]

GRAVITIES: list[tuple[str, int]] = [(f"{'●' * n}{'○' * (4 - n)} {n} — {word}", n)
                                    for n, word in GRAVITY_WORDS.items()]
"""The gravity levels, dots and words (« ●●●○ 3 — forte »)."""
KINDS: tuple[str, ...] = get_args(ReportKind)

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Sélectionnez les informations à faire remonter au dirigeant : un écart, une "
                "tendance d'indicateur, un événement, une évolution de la veille. Pour chacune, "
                "citez ses sources (repères de vos indicateurs, de vos textes de veille, ou faits du "
                "corpus), évaluez la gravité de l'impact potentiel, rédigez un message court et "
                "factuel et indiquez le destinataire. Ne remontez pas ce qui n'a pas d'enjeu pour "
                "la direction.",
        "items": "Informations à remonter", "add": "Ajouter une information", "item": "Information {n}",
        "subject": "Sujet", "subject_ph": "en quelques mots", "kind": "Type",
        "sources": "Sources (repères)", "sources_ph": "ex. I2, V4, RC-2026-011, séparés par des virgules",
        "gravity": "Gravité", "message": "Message", "message_ph": "les faits, l'enjeu, ce qui est "
        "proposé", "addressee": "Destinataire", "ranked": "Ce que lira le dirigeant",
        "crisis": "Gestion de crise : rappel d'un lot",
        "no_subject": "{item} : écrivez le sujet ; l'information n'est pas enregistrée tant qu'il manque.",
    },
}


def report_issues(answers: Any, case: Case) -> list[Issue]:
    """The checks of the items passed on (sources among the case's facts, the trainee's indicators
    and watch texts)."""
    return check_report_items(answers.remontees, set(case.facts), [i.id for i in answers.indicateurs],
                              [e.id for e in answers.veille])


def report_row(data: Mapping[str, Any], notify: Callable[[], None], addressees: list[str],
               lang: str = "fr") -> FieldsRow:
    """One piece of information for the manager."""
    t = partial(tr, TEXTS, lang)
    row = FieldsRow({
        "sujet": text_field(t("subject"), str(data.get("sujet", "")), t("subject_ph")),
        "type": dropdown_field(t("kind"), list(KINDS), data.get("type", KINDS[0])),
        "sources": text_field(t("sources"), format_ids(list(data.get("sources", []))), t("sources_ph")),
        "gravite": dropdown_field(t("gravity"), GRAVITIES, data.get("gravite", 2)),
        "message": textarea_field(t("message"), str(data.get("message", "")), t("message_ph")),
        "destinataire": combo_field(t("addressee"), str(data.get("destinataire", "")), addressees),
    }, notify, convert={"sources": parse_ids})
    return row


class ReportingStep(StepForm):
    """The items for the manager, their checks and ranking, then the crisis form."""

    topic = "reporting"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        s = ctx.session
        addressees = functions(s.case)
        self.editor = RowsEditor(lambda data, notify: report_row(data, notify, addressees, ctx.lang),
                                 self._changed, [i.model_dump() for i in s.answers.remontees],
                                 item_title=t("item"), add_label=t("add"), lang=ctx.lang)
        self.ranked = widgets.HTML()
        self.crisis = CrisisBox(s.answers.crise, s.case, self._crisis_changed, ctx.lang)
        self.layout_with(help_text(t("help")), heading(t("items")), self.editor, heading(t("ranked"), 5),
                         self.ranked, heading(t("crisis")), self.crisis)
        for topic in ("veille", "tableau-de-bord"):
            ctx.bus.subscribe(topic, self.refresh_issues)
        self._redraw()

    def _changed(self, values: list[dict[str, Any]]) -> None:
        empty = [self.t("no_subject", item=self.t("item", n=n)) for n, v in enumerate(values, 1)
                 if not str(v["sujet"]).strip()]
        if empty:
            self.issues.invalid(" ; ".join(empty))
            return
        if self.commit({"remontees": values}):
            self._redraw()

    def _crisis_changed(self, values: dict[str, Any] | None, error: str) -> None:
        if values is None:
            self.issues.invalid(error)
            return
        self.commit({"crise": values})

    def _redraw(self) -> None:
        self.ranked.value = report_items_html(self.ctx.session.answers.remontees)

    def current_issues(self) -> list[Issue]:
        s = self.ctx.session
        return report_issues(s.answers, s.case) + crisis_issues(s.answers.crise, s.case)
