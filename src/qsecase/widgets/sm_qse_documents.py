"""The document review step of the QSE management-system exercise (4-2): the organisation's list of
documents, and for each document the trainee's review — the deviations found (cartouche, reference,
version, review date, independent approval, status, content, readability), a comment and the action
to take.

One document is reviewed at a time (chosen in a dropdown, its cartouche shown beside the form); the
table under the form sets each document of the list beside the trainee's review. No verdict is
computed on the corpus's documents: that would give the answer away (the self-study « Vérifier ma
réponse » grades the reviews).
"""

from __future__ import annotations

from functools import partial
from typing import Any, get_args

import ipywidgets as widgets

from qsecase.errors import QsecaseError
from qsecase.exercises.sm_qse import corpus_data
from qsecase.methods.base import Issue
from qsecase.methods.doc_control import DefectKind, DocReview
from qsecase.views.sm_qse_html import doc_review_html
from qsecase.views.tables import cell_text, esc, table_html
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import checkbox_field, dropdown_field, heading, help_text, textarea_field, tr

__all__ = ["DEFECTS", "TEXTS", "DocumentsStep"]

DEFECTS: tuple[str, ...] = get_args(DefectKind)
"""The deviations a review can note, in the order of the model."""

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Passez en revue la liste des documents du système QSE. Pour chaque document, "
                "vérifiez le cartouche (référence conforme à la règle de codification, version, "
                "date d'application), l'indépendance de la vérification et de l'approbation, le "
                "statut au regard de l'usage, la date de prochaine revue et, si vous le pouvez, le "
                "contenu. Cochez les écarts relevés, commentez-les et proposez l'action à mener "
                "(réviser, faire approuver, archiver…).",
        "document": "Document à examiner", "reviewed_mark": "✔ examiné", "cartouche": "Cartouche "
        "du document {ref}", "field": "Rubrique", "value": "Valeur",
        "examined": "Document examiné (décocher retire votre examen de ce document)",
        "defects": "Écarts relevés", "comment": "Commentaire",
        "comment_ph": "ce que vous avez constaté (dates, personnes, versions)",
        "action": "Action à mener", "action_ph": "ex. faire approuver par la direction, archiver",
        "overview": "Liste des documents et votre revue", "no_list": "✖ Liste des documents illisible : "
        "{reason}",
        "to_review": "{n} document(s) de la liste restent à examiner.",
        "no_action": "Document {ref} : vous relevez un écart ; proposez l'action à mener.",
    },
}

_COLUMNS = {"reference": "Référence", "titre": "Titre", "type": "Type", "statut": "Statut",
            "version": "Version", "date_application": "Date d'application",
            "prochaine_revue": "Prochaine revue", "redacteur": "Rédacteur",
            "verificateur": "Vérificateur", "approbateur": "Approbateur", "processus": "Processus",
            "referentiel_clause": "Exigences couvertes"}


class DocumentsStep(StepForm):
    """The document chooser, its cartouche, the review form and the list beside the reviews."""

    topic = "documents"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        self.problem = ""
        try:
            self.documents = corpus_data.documents(ctx.session.case)
        except QsecaseError as exc:
            self.documents, self.problem = [], str(exc)
        self._busy = False
        self.chooser = dropdown_field(t("document"), self._options())
        self.cartouche = widgets.HTML()
        self.examined = checkbox_field(t("examined"))
        self.defects = {d: checkbox_field(d) for d in DEFECTS}
        self.comment = textarea_field(t("comment"), "", t("comment_ph"), rows=2)
        self.action = textarea_field(t("action"), "", t("action_ph"), rows=2)
        self.chooser.observe(lambda _c: None if self._busy else self._show(), names="value")
        for widget in (self.examined, *self.defects.values(), self.comment, self.action):
            widget.observe(self._changed, names="value")
        self.overview = widgets.HTML()
        problem = widgets.HTML(f"<p>{esc(t('no_list', reason=self.problem))}</p>" if self.problem else "")
        self.layout_with(help_text(t("help")), problem, self.chooser, self.cartouche, self.examined,
                         heading(t("defects"), 5), widgets.VBox(list(self.defects.values())), self.comment,
                         self.action, heading(t("overview")), self.overview)
        self._show()

    # --- the document shown ---------------------------------------------------------------------

    def reviews(self) -> dict[str, DocReview]:
        return {r.reference: r for r in self.ctx.session.answers.revue_documents}

    def _options(self) -> list[tuple[str, str]]:
        done = self.reviews()
        out = []
        for doc in self.documents:
            ref = str(doc["reference"])
            mark = f" ({self.t('reviewed_mark')})" if ref in done else ""
            out.append((f"{ref} — {doc.get('titre') or ''}{mark}", ref))
        return out

    def document(self) -> dict[str, Any] | None:
        return next((d for d in self.documents if str(d["reference"]) == self.chooser.value), None)

    def _show(self) -> None:
        """Fill the form with the review of the chosen document (blank when not reviewed yet)."""
        doc = self.document()
        rows = [(label, cell_text(doc.get(name))) for name, label in _COLUMNS.items() if name in doc] \
            if doc else []
        self.cartouche.value = table_html(self.t("cartouche", ref=self.chooser.value or ""),
                                          [self.t("field"), self.t("value")], rows, row_headers=True) \
            if rows else ""
        review = self.reviews().get(self.chooser.value or "")
        self._busy = True
        try:
            self.examined.value = review is not None
            for kind, box in self.defects.items():
                box.value = review is not None and kind in review.ecarts
            self.comment.value = review.commentaire if review else ""
            self.action.value = review.action if review else ""
        finally:
            self._busy = False
        self._redraw()

    # --- changes -----------------------------------------------------------------------------------

    def _changed(self, change: dict[str, Any]) -> None:
        if self._busy or not self.chooser.value:
            return
        ref = self.chooser.value
        filled = any(b.value for b in self.defects.values()) or self.comment.value or self.action.value
        if change["owner"] is self.examined and not self.examined.value:
            self._busy = True  # unticked: the review is withdrawn and the form emptied
            try:
                for box in self.defects.values():
                    box.value = False
                self.comment.value = self.action.value = ""
            finally:
                self._busy = False
        elif filled and not self.examined.value:
            self._busy = True
            self.examined.value = True
            self._busy = False
        others = [r for r in self.ctx.session.answers.revue_documents if r.reference != ref]
        if self.examined.value:
            others.append(DocReview(reference=ref, ecarts=[k for k, b in self.defects.items() if b.value],
                                    commentaire=self.comment.value, action=self.action.value))
        order = {str(d["reference"]): n for n, d in enumerate(self.documents)}
        others.sort(key=lambda r: order.get(r.reference, len(order)))
        if self.commit({"revue_documents": others}):
            self._redraw()

    def _redraw(self) -> None:
        options = self._options()
        if [v for _l, v in options] != [v for _l, v in self.chooser.options] or \
                [label for label, _v in options] != [label for label, _v in self.chooser.options]:
            value, self._busy = self.chooser.value, True
            try:
                self.chooser.options = options
                self.chooser.value = value
            finally:
                self._busy = False
        self.overview.value = doc_review_html(self.ctx.session.answers.revue_documents, self.documents)

    def current_issues(self) -> list[Issue]:
        reviews = self.ctx.session.answers.revue_documents
        issues = [Issue(level="attention", message=self.t("no_action", ref=r.reference))
                  for r in reviews if r.ecarts and not r.action.strip()]
        left = len({str(d["reference"]) for d in self.documents} - {r.reference for r in reviews})
        if left:
            issues.append(Issue(level="attention", message=self.t("to_review", n=left)))
        return issues
