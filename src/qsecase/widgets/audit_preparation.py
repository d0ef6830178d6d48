"""The preparation step of an external (certification) audit (4-5): the documented information the
standards of the certification scope and the regulation require, turned by the trainee into the
lines of a preparation matrix — the document of the corpus that proves each requirement and the
status of that evidence (present, missing, out of date, incomplete).

The scope (the standards aimed at, the regulatory records) only filters the checklist: it is not
part of the answers. « Ajouter les exigences manquantes » appends one line per requirement of the
scope that has none yet and never changes or removes an existing line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.audit_data import RequiredInformation, documented_information
from qsecase.methods.audit import STANDARDS, clause_number
from qsecase.methods.audit_prep import EVIDENCE_STATUSES, EvidenceItem, check_evidence, evidence_summary
from qsecase.methods.base import Issue
from qsecase.methods.text import same_text
from qsecase.views.audit_html import EVIDENCE_STYLE, evidence_html
from qsecase.views.tables import esc, table_html
from qsecase.widgets.audit_case import REGULATION, catalogue, clause_choices, document_refs, option_value
from qsecase.widgets.audit_findings import REFERENCES
from qsecase.widgets.audit_questions import clause_field
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import checkbox_field, dropdown_field, heading, help_text, text_field, tr
from qsecase.widgets.common import textarea_field as area
from qsecase.widgets.rows import RowsEditor
from qsecase.widgets.sst_accident_tree import FieldsRow, combo_field

__all__ = ["NATURES", "TEXTS", "PreparationStep", "checklist_html", "default_scope", "has_line",
           "missing_lines"]

NATURES: dict[str, str] = {"tenir à jour": "Document à tenir à jour",
                           "conserver": "Enregistrement à conserver"}

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Préparez l'audit de certification : cochez le périmètre visé, puis, pour chaque "
                "information documentée exigée (document à tenir à jour ou enregistrement à "
                "conserver), indiquez le document ou l'enregistrement de l'entreprise qui la "
                "prouve (liste des documents du corpus) et le statut de cette preuve : présent, "
                "manquant, périmé (revue dépassée, version obsolète) ou incomplet.",
        "scope": "Périmètre de la certification visée", "regulation": "Registres réglementaires",
        "checklist": "Informations documentées exigées par le périmètre",
        "add_missing": "Ajouter les exigences manquantes",
        "added": "✔ Lignes ajoutées à la matrice : {n} ; les lignes existantes sont conservées.",
        "none_missing": "✔ Chaque exigence du périmètre a déjà sa ligne : rien n'est ajouté.",
        "matrix": "Matrice de préparation", "add": "Ajouter une ligne", "item": "Ligne {n}",
        "reference": "Référentiel ou réglementation", "clause": "Chapitre ou article",
        "clause_ph": "ex. 7.1.5.1, ou « C. env. R541-43 »", "requirement": "Information exigée",
        "document": "Document ou enregistrement", "document_ph": "référence de la liste des documents",
        "status": "Statut de la preuve", "comment": "Commentaire",
        "comment_ph": "date de revue dépassée, signature manquante…", "summary": "Synthèse : {counts}.",
        "preview": "Matrice de préparation de l'audit externe",
        "col_ref": "Référentiel et chapitre", "col_info": "Information documentée",
        "col_nature": "Nature", "col_line": "Dans la matrice", "yes": "✔ oui", "no": "☐ non",
        "empty_scope": "Cochez au moins un référentiel du périmètre pour afficher ses exigences.",
    },
}


def default_scope(answers: Any) -> list[str]:
    """The scope shown first: the referentiels of the existing lines, else the plan's criteria and
    the regulatory records."""
    used = list(dict.fromkeys(i.referentiel for i in answers.preparation))
    return used or [*answers.plan.criteres, REGULATION]


def has_line(req: RequiredInformation, items: Sequence[EvidenceItem],
             required: Sequence[RequiredInformation]) -> bool:
    """Whether a line answers ``req``: same referentiel and clause number, and the same wording
    when several requirements share that clause."""
    def same_clause(a: str, b: str) -> bool:
        return same_text(clause_number(a), clause_number(b))

    lines = [i for i in items if i.referentiel == req.referentiel and same_clause(i.clause, req.clause)]
    shared = [r for r in required if r.referentiel == req.referentiel and same_clause(r.clause, req.clause)]
    return bool(lines) and (len(shared) == 1 or any(same_text(i.exigence, req.libelle) for i in lines))


def missing_lines(items: Sequence[EvidenceItem],
                  required: Sequence[RequiredInformation]) -> list[dict[str, Any]]:
    """One new line per requirement without one (status « manquant » until a document is found)."""
    return [{"referentiel": r.referentiel, "clause": r.clause, "exigence": r.libelle, "document": "",
             "statut": "manquant", "commentaire": ""}
            for r in required if not has_line(r, items, required)]


def checklist_html(items: Sequence[EvidenceItem], required: Sequence[RequiredInformation],
                   lang: str = "fr") -> str:
    """The requirements of the scope, each with whether the matrix already has its line."""
    t = partial(tr, TEXTS, lang)
    if not required:
        return f"<p>{esc(t('empty_scope'))}</p>"
    rows = [(f"{r.referentiel} {r.clause}", r.libelle, NATURES.get(r.nature, r.nature),
             t("yes") if has_line(r, items, required) else t("no")) for r in required]
    return table_html(f"{t('checklist')} ({len(rows)})",
                      [t("col_ref"), t("col_info"), t("col_nature"), t("col_line")], rows, row_headers=True)


class PreparationStep(StepForm):
    """The scope, its checklist, the matrix of evidence, its checks and its summary."""

    topic = "preparation"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        a = ctx.session.answers
        self.catalogue = catalogue()
        self.documents = document_refs(ctx.session.case)
        self.regulatory = [r.clause for r in documented_information([REGULATION])]
        chosen = default_scope(a)
        self.scope = {s: checkbox_field(s, s in chosen) for s in STANDARDS}
        self.scope[REGULATION] = checkbox_field(t("regulation"), REGULATION in chosen)
        for box in self.scope.values():
            box.observe(lambda _c: self._scope_changed(), names="value")
        self.checklist = widgets.HTML()
        self.add_missing = widgets.Button(description=t("add_missing"), icon="plus-square",
                                          tooltip=t("add_missing"), layout=widgets.Layout(width="auto"))
        self.add_missing.on_click(lambda _b: self.fill())
        self.message = widgets.HTML()
        self._bulk = False
        self.editor = RowsEditor(self._row, self._changed, [i.model_dump() for i in a.preparation],
                                 new_row=self._new_row, item_title=t("item"), add_label=t("add"),
                                 lang=ctx.lang)
        self.summary, self.preview = widgets.HTML(), widgets.HTML()
        self.layout_with(help_text(t("help")), heading(t("scope")), widgets.HBox(list(self.scope.values())),
                         heading(t("checklist")), self.checklist, self.add_missing, self.message,
                         heading(t("matrix")), self.editor, self.summary, heading(t("preview")), self.preview)
        self._redraw()

    # --- scope and checklist -----------------------------------------------------------------

    def required(self) -> list[RequiredInformation]:
        """The documented information required by the ticked scope."""
        return documented_information([k for k, box in self.scope.items() if box.value])

    def _scope_changed(self) -> None:
        self.refresh_issues()
        self._redraw()

    def fill(self) -> int:
        """Append a line for each requirement of the scope that has none; return how many."""
        lines = missing_lines(self.ctx.session.answers.preparation, self.required())
        if not lines:
            self.message.value = f'<p role="status">{esc(self.t("none_missing"))}</p>'
            return 0
        self._bulk = True
        try:
            for line in lines:
                self.editor.add(line)
        finally:
            self._bulk = False
        self._changed(self.editor.values())
        self.message.value = f'<p role="status">{esc(self.t("added", n=len(lines)))}</p>'
        return len(lines)

    # --- rows --------------------------------------------------------------------------------

    def _new_row(self, values: list[dict[str, Any]]) -> dict[str, Any]:
        last = values[-1] if values else {}
        return {"referentiel": last.get("referentiel", STANDARDS[0]), "statut": "manquant"}

    def _row(self, data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
        t = self.t
        ref = str(data.get("referentiel", STANDARDS[0]))
        clause = clause_field(t("clause"), self.catalogue, [ref] if ref in self.catalogue else [],
                              str(data.get("clause", "")), t("clause_ph"))
        document = str(data.get("document", ""))
        shown = next((d for d in self.documents if option_value(d) == document), document)
        row = FieldsRow({
            "referentiel": dropdown_field(t("reference"), REFERENCES, ref),
            "clause": clause,
            "exigence": area(t("requirement"), str(data.get("exigence", "")), rows=2),
            "document": combo_field(t("document"), shown, self.documents, t("document_ph")),
            "statut": dropdown_field(t("status"), [(v, k) for k, v in EVIDENCE_STATUSES.items()],
                                     data.get("statut", "manquant")),
            "commentaire": text_field(t("comment"), str(data.get("commentaire", "")), t("comment_ph"))},
            notify, convert={"clause": option_value, "document": option_value})
        self._offer_clauses(row)
        row.fields["referentiel"].observe(lambda _c: self._offer_clauses(row), names="value")
        return row

    def _offer_clauses(self, row: FieldsRow) -> None:
        ref = row.fields["referentiel"].value
        row.fields["clause"].options = (self.regulatory if ref == REGULATION else
                                        [label for label, _c in clause_choices(self.catalogue, [ref])])

    # --- changes and views -------------------------------------------------------------------

    def _changed(self, values: list[dict[str, Any]]) -> None:
        if self._bulk:
            return
        if self.commit({"preparation": values}):
            self._redraw()

    def _redraw(self) -> None:
        items = self.ctx.session.answers.preparation
        self.checklist.value = checklist_html(items, self.required(), self.ctx.lang)
        counts = evidence_summary(items)
        text = " · ".join(f"{' '.join(EVIDENCE_STYLE[k])} : {n}" for k, n in counts.items())
        self.summary.value = f"<p>{esc(self.t('summary', counts=text))}</p>"
        self.preview.value = evidence_html(items)

    def current_issues(self) -> list[Issue]:
        required = [(r.referentiel, r.clause) for r in self.required()]
        return check_evidence(self.ctx.session.answers.preparation, required)
