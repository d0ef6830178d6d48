"""The findings step of the internal audit exercise (4-4.d, ISO 19011 6.4.8): each finding states
the requirement (a clause of a standard or an article of law), the facts of the corpus that prove
it, the deviation observed — without judging people — and why it is classified so. Checked live
(:func:`~qsecase.methods.audit.check_findings`: missing evidence, unknown fact ids, judgement
words…) and shown by clause, from the most to the least serious.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.audit import FINDING_KINDS, STANDARDS, check_findings
from qsecase.methods.base import Issue
from qsecase.views.audit_html import KIND_STYLE, findings_html
from qsecase.views.tables import esc
from qsecase.widgets.audit_case import REGULATION, Catalogue, catalogue, clause_choices, option_value
from qsecase.widgets.audit_questions import clause_field, clause_hint
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
from qsecase.widgets.rows import RowsEditor, next_id
from qsecase.widgets.sst_accident_tree import FieldsRow

__all__ = ["KINDS", "REFERENCES", "TEXTS", "FindingRow", "FindingsStep", "kinds_html"]

KINDS: list[tuple[str, str]] = [(" ".join(style), kind) for kind, style in KIND_STYLE.items()]
"""The classifications of a finding, symbol and word, from the most to the least serious."""
REFERENCES: list[tuple[str, str]] = [*((s, s) for s in STANDARDS), ("Réglementation", REGULATION)]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Rédigez les constats d'audit : l'exigence de référence (chapitre d'un référentiel "
                "ou article d'un texte réglementaire, reformulé), les faits du corpus qui le "
                "prouvent (leurs identifiants), le constat — ce qui a été vu et l'écart à "
                "l'exigence, sans jugement sur les personnes — et le raisonnement qui justifie le "
                "classement. Notez aussi les points forts.",
        "kinds": "Classement des constats",
        "add": "Ajouter un constat", "item": "Constat {n}", "id": "Repère", "kind": "Classement",
        "reference": "Référentiel ou réglementation", "clause": "Chapitre ou article",
        "clause_ph": "ex. 7.1.5.1, ou « C. env. R541-43 »", "requirement": "Exigence",
        "requirement_ph": "l'exigence reformulée avec vos mots", "evidence": "Preuves (faits du "
        "corpus)", "evidence_ph": "identifiants séparés par des virgules (ex. E3, AN-2026-031)",
        "finding": "Constat", "finding_ph": "le fait constaté et l'écart, sans jugement",
        "reasoning": "Justification du classement", "reasoning_ph": "pourquoi mineure, majeure…",
        "preview": "Constats par chapitre",
    },
}


def kinds_html(lang: str = "fr") -> str:
    """The classifications and their definitions, as a list."""
    items = "".join(f"<li>{esc(text)}</li>" for text in FINDING_KINDS.values())
    title = esc(tr(TEXTS, lang, "kinds"))
    return f'<section lang="fr"><p><strong>{title} :</strong></p><ul>{items}</ul></section>'


class FindingRow:
    """One finding: classification, requirement (with its clause's title), evidence, text, reasoning."""

    def __init__(self, data: Mapping[str, Any], notify: Callable[[], None], cat: Catalogue,
                 lang: str = "fr") -> None:
        t = partial(tr, TEXTS, lang)
        self.cat, self.lang = cat, lang
        ref = str(data.get("referentiel", STANDARDS[0]))
        self.row = FieldsRow({
            "id": text_field(t("id"), str(data.get("id", ""))),
            "type": dropdown_field(t("kind"), KINDS, data.get("type", "observation")),
            "referentiel": dropdown_field(t("reference"), REFERENCES, ref),
            "clause": clause_field(t("clause"), cat, self._standards(ref), str(data.get("clause", "")),
                                   t("clause_ph")),
            "exigence": textarea_field(t("requirement"), str(data.get("exigence", "")),
                                       t("requirement_ph"), rows=2),
            "preuves": text_field(t("evidence"), format_ids(list(data.get("preuves", []))),
                                  t("evidence_ph")),
            "constat": textarea_field(t("finding"), str(data.get("constat", "")), t("finding_ph")),
            "raisonnement": textarea_field(t("reasoning"), str(data.get("raisonnement", "")),
                                           t("reasoning_ph"), rows=2)},
            notify, convert={"clause": option_value, "preuves": parse_ids})
        self.fields = f = self.row.fields
        f["id"].layout.width = "24em"
        if ref not in cat:
            f["clause"].options = []  # an article of law: no clause of a standard to suggest
        self.hint = widgets.HTML()
        f["referentiel"].observe(lambda _c: self._reference_changed(), names="value")
        f["clause"].observe(lambda _c: self._show_hint(), names="value")
        self._show_hint()
        self.box = widgets.VBox([f["id"], f["type"], f["referentiel"], f["clause"], self.hint,
                                 *(f[k] for k in ("exigence", "preuves", "constat", "raisonnement"))])

    def _standards(self, ref: str) -> list[str]:
        return [ref] if ref in self.cat else []

    def _reference_changed(self) -> None:
        ref = self.fields["referentiel"].value
        self.fields["clause"].options = ([label for label, _c in clause_choices(self.cat, [ref])]
                                         if ref in self.cat else [])
        self._show_hint()

    def _show_hint(self) -> None:
        self.hint.value = clause_hint(self.cat, self.fields["referentiel"].value,
                                      option_value(self.fields["clause"].value), self.lang)

    def value(self) -> dict[str, Any]:
        return self.row.value()


class FindingsStep(StepForm):
    """The findings, their checks and their presentation by clause."""

    topic = "constats"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        self.catalogue = catalogue()
        self.editor = RowsEditor(
            lambda data, notify: FindingRow(data, notify, self.catalogue, ctx.lang), self._changed,
            [f.model_dump() for f in ctx.session.answers.constats], new_row=self._new_row,
            item_title=t("item"), add_label=t("add"), lang=ctx.lang)
        self.preview = widgets.HTML()
        self.layout_with(help_text(t("help")), widgets.HTML(kinds_html(ctx.lang)), self.editor,
                         heading(t("preview")), self.preview)
        self._redraw()

    def _new_row(self, values: list[dict[str, Any]]) -> dict[str, Any]:
        criteria = self.ctx.session.answers.plan.criteres
        return {"id": next_id("C", [v["id"] for v in values]), "type": "observation",
                "referentiel": criteria[0] if criteria else STANDARDS[0]}

    def _changed(self, values: list[dict[str, Any]]) -> None:
        if self.commit({"constats": values}):
            self._redraw()

    def _redraw(self) -> None:
        self.preview.value = findings_html(self.ctx.session.answers.constats, self.catalogue, level=4)

    def current_issues(self) -> list[Issue]:
        return check_findings(self.ctx.session.answers.constats, self.ctx.session.case.facts)
