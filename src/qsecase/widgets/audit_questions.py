"""The questionnaire step of the internal audit exercise (4-4.b, 4-4.c): the questions prepared for
each function audited, each tied to a clause and to a requirement paraphrased by the trainee, with
the evidence expected, then the interview notes (evidence seen, follow-up questions, rephrasing) and
the conclusion. Checked live (:func:`~qsecase.methods.audit.check_questions`: unknown clause,
leading or closed question without evidence…) and shown as the check-list of each function.

The clause is typed or picked among the clauses of the question's standard, « 7.1.5 — title »; its
title is recalled under the field so that the trainee paraphrases the right requirement.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.audit import STANDARDS, check_questions
from qsecase.methods.base import Issue
from qsecase.views.audit_html import CONCLUSION_STYLE, questionnaire_html
from qsecase.views.tables import esc
from qsecase.widgets.audit_case import (
    SEP,
    Catalogue,
    catalogue,
    clause_choices,
    clause_title,
    functions,
    option_value,
)
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import dropdown_field, heading, help_text, text_field, textarea_field, tr
from qsecase.widgets.rows import RowsEditor, next_id
from qsecase.widgets.sst_accident_tree import FieldsRow, combo_field

__all__ = ["CONCLUSIONS", "TEXTS", "QuestionRow", "QuestionsStep", "clause_field", "clause_hint"]

CONCLUSIONS: list[tuple[str, str]] = [
    (f"{symbol} {word}", key or "") for key, (symbol, word) in CONCLUSION_STYLE.items()]
"""The conclusion of a question (« — Non renseignée » first), symbol and word."""

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Préparez les questions de chaque entretien (ISO 19011, 6.3.4) : le chapitre du "
                "référentiel, l'exigence reformulée avec vos mots (le texte des normes est protégé : "
                "ne le recopiez pas), une question ouverte (« Montrez-moi… », « Comment… ? ») et la "
                "preuve attendue (document, enregistrement, observation). Pendant l'entretien, "
                "notez les preuves vues, vos relances et votre reformulation, puis concluez.",
        "add": "Ajouter une question", "item": "Question {n}", "id": "Repère",
        "standard": "Référentiel", "clause": "Chapitre", "clause_ph": "ex. 7.1.5, ou choisissez dans "
        "la liste", "requirement": "Exigence reformulée", "requirement_ph": "ce que le référentiel "
        "demande, avec vos mots", "question": "Question", "question_ph": "« Montrez-moi… », "
        "« Comment… ? »", "evidence": "Preuve attendue", "evidence_ph": "document, enregistrement, "
        "observation", "function": "Fonction à interroger", "notes": "Notes d'entretien",
        "seen": "Preuves vues", "seen_ph": "références, dates, ce qui a été montré",
        "follow_up": "Relances", "follow_up_ph": "questions de relance posées",
        "rephrase": "Reformulation", "rephrase_ph": "« Si je vous comprends bien… »",
        "conclusion": "Conclusion", "preview": "Questionnaire par fonction auditée",
        "known": "Chapitre {clause} de la norme {std} : {title}.",
        "unknown": "⚠ Chapitre {clause} : absent du catalogue des chapitres de la norme {std}.",
    },
}


def clause_field(description: str, cat: Catalogue, standards: list[str], clause: str,
                 placeholder: str = "") -> widgets.Combobox:
    """A clause typed or picked « 7.1.5 — title » among the clauses of ``standards``."""
    title = clause_title(cat, standards, clause) if clause else ""
    shown = f"{clause}{SEP}{title}" if title else clause
    return combo_field(description, shown, [label for label, _c in clause_choices(cat, standards)],
                       placeholder)


def clause_hint(cat: Catalogue, standard: str, clause: str, lang: str = "fr") -> str:
    """The title of the clause of ``standard`` (or why there is none), as a short paragraph."""
    if not clause or standard not in cat:
        return ""
    title = clause_title(cat, [standard], clause)
    text = tr(TEXTS, lang, "known" if title else "unknown", clause=clause, std=standard, title=title)
    return f'<p style="margin:0 0 0 14em"><em>{esc(text)}</em></p>'


class QuestionRow:
    """One question: its fields, the title of its clause, the interview notes and the conclusion."""

    def __init__(self, data: Mapping[str, Any], notify: Callable[[], None], cat: Catalogue,
                 suggested: list[str], lang: str = "fr") -> None:
        t = partial(tr, TEXTS, lang)
        self.cat, self.lang = cat, lang
        std = str(data.get("referentiel", STANDARDS[0]))
        notes = data.get("notes") or {}
        self.row = FieldsRow({
            "id": text_field(t("id"), str(data.get("id", ""))),
            "referentiel": dropdown_field(t("standard"), list(STANDARDS), std),
            "clause": clause_field(t("clause"), cat, [std], str(data.get("clause", "")), t("clause_ph")),
            "exigence": textarea_field(t("requirement"), str(data.get("exigence", "")),
                                       t("requirement_ph"), rows=2),
            "question": textarea_field(t("question"), str(data.get("question", "")), t("question_ph"),
                                       rows=2),
            "preuve_attendue": text_field(t("evidence"), str(data.get("preuve_attendue", "")),
                                          t("evidence_ph")),
            "fonction": combo_field(t("function"), str(data.get("fonction", "")), suggested)},
            notify, convert={"clause": option_value})
        self.row.fields["id"].layout.width = "24em"
        self.notes = FieldsRow({
            "preuves_vues": textarea_field(t("seen"), str(notes.get("preuves_vues", "")), t("seen_ph"),
                                           rows=2),
            "relances": textarea_field(t("follow_up"), str(notes.get("relances", "")),
                                       t("follow_up_ph"), rows=2),
            "reformulation": textarea_field(t("rephrase"), str(notes.get("reformulation", "")),
                                            t("rephrase_ph"), rows=2)}, notify)
        self.conclusion = dropdown_field(t("conclusion"), CONCLUSIONS, data.get("conclusion") or "")
        self.conclusion.observe(lambda _c: notify(), names="value")
        self.hint = widgets.HTML()
        f = self.row.fields
        f["referentiel"].observe(lambda _c: self._standard_changed(), names="value")
        f["clause"].observe(lambda _c: self._show_hint(), names="value")
        self._show_hint()
        self.box = widgets.VBox([f["id"], f["fonction"], f["referentiel"], f["clause"], self.hint,
                                 f["exigence"], f["question"], f["preuve_attendue"],
                                 heading(t("notes"), level=5), *self.notes.fields.values(),
                                 self.conclusion])

    @property
    def fields(self) -> dict[str, widgets.Widget]:
        return self.row.fields

    def _standard_changed(self) -> None:
        std = self.fields["referentiel"].value
        self.fields["clause"].options = [label for label, _c in clause_choices(self.cat, [std])]
        self._show_hint()

    def _show_hint(self) -> None:
        self.hint.value = clause_hint(self.cat, self.fields["referentiel"].value,
                                      option_value(self.fields["clause"].value), self.lang)

    def offer_functions(self, suggested: list[str]) -> None:
        self.fields["fonction"].options = suggested

    def value(self) -> dict[str, Any]:
        return {**self.row.value(), "conclusion": self.conclusion.value or None,
                "notes": self.notes.value()}


class QuestionsStep(StepForm):
    """The questions, their notes and conclusions, the checks and the check-lists."""

    topic = "questionnaire"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        self.catalogue = catalogue()
        self.editor = RowsEditor(
            lambda data, notify: QuestionRow(data, notify, self.catalogue, self.suggested(), ctx.lang),
            self._changed, [q.model_dump() for q in ctx.session.answers.questions],
            new_row=self._new_row, item_title=t("item"), add_label=t("add"), lang=ctx.lang)
        self.preview = widgets.HTML()
        self.layout_with(help_text(t("help")), self.editor, heading(t("preview")), self.preview)
        ctx.bus.subscribe("plan", self._plan_changed)
        self._redraw()

    def suggested(self) -> list[str]:
        """The functions of the plan's interviews first, then the organisation's other functions."""
        planned = [a.fonction for a in self.ctx.session.answers.plan.entretiens]
        return list(dict.fromkeys([*planned, *functions(self.ctx.session.case)]))

    def _new_row(self, values: list[dict[str, Any]]) -> dict[str, Any]:
        criteria = self.ctx.session.answers.plan.criteres
        last = values[-1] if values else {}
        return {"id": next_id("Q", [v["id"] for v in values]),
                "referentiel": last.get("referentiel") or (criteria[0] if criteria else STANDARDS[0]),
                "fonction": last.get("fonction", "")}

    def _plan_changed(self) -> None:
        suggested = self.suggested()
        for row in self.editor.rows:
            assert isinstance(row, QuestionRow)
            row.offer_functions(suggested)

    def _changed(self, values: list[dict[str, Any]]) -> None:
        if self.commit({"questions": values}):
            self._redraw()

    def _redraw(self) -> None:
        self.preview.value = questionnaire_html(self.ctx.session.answers.questions, self.catalogue)

    def current_issues(self) -> list[Issue]:
        return check_questions(self.ctx.session.answers.questions, self.catalogue)
