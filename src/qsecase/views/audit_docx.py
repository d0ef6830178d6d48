"""The audit report as a Word document (.docx), with the same sections and content as the HTML report
(:func:`qsecase.views.audit_html.audit_report_html`).

Accessibility: real heading styles (Heading 1 for the eight sections, Heading 2 below, so that the
navigation pane and screen readers list them), tables with a caption, a bold header row repeated
on every page and a table title (``tblCaption``), a classification written as symbol **and** word,
document language French (fr-FR), core properties (title, author = lead auditor, subject). A4
portrait, page numbers in the footer. python-docx is imported only when a report is built.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from qsecase.methods.audit import AuditPlan, AuditReportInfo, Finding, SamplePlan
from qsecase.views.audit_html import (
    FINDINGS_INTRO,
    REPORT_SECTIONS,
    REPORT_TITLE,
    SAMPLING_STATEMENT,
    Catalogue,
    audit_dates,
    finding_cells,
    findings_groups,
    kind_counts,
    kind_text,
    lead_auditor,
    report_facts,
    sample_facts,
    schedule_rows,
    team_rows,
    text_paragraphs,
)

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.text.paragraph import Paragraph

__all__ = ["LANGUAGE", "audit_report_docx", "docx_text"]

LANGUAGE = "fr-FR"


def _el(tag: str, **attrs: str) -> BaseOxmlElement:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(name.replace("_", ":", 1)), value)
    return element


def _table(doc: Document, caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A captioned grid table whose bold header row repeats on every page."""
    from docx.shared import Pt

    title = doc.add_paragraph(caption, style="Caption")
    title.paragraph_format.keep_with_next = True
    title.paragraph_format.space_before = Pt(12)
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table._tbl.tblPr.append(_el("w:tblCaption", w_val=caption))
    head = table.rows[0]
    head._tr.get_or_add_trPr().append(_el("w:tblHeader", w_val="true"))
    for cell, text in zip(head.cells, headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _facts(doc: Document, items: Sequence[tuple[str, str]]) -> None:
    for label, value in items:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label} : ").bold = True
        paragraph.add_run(value)


def _texts(doc: Document, text: str) -> None:
    for chunk in text_paragraphs(text):
        doc.add_paragraph(chunk)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) updated by Word when the document is shown or printed."""
    for part in (_el("w:fldChar", w_fldCharType="begin"), _instr(instruction),
                 _el("w:fldChar", w_fldCharType="separate"), None, _el("w:fldChar", w_fldCharType="end")):
        run = paragraph.add_run("1" if part is None else "")
        if part is not None:
            run._r.append(part)


def _instr(instruction: str) -> BaseOxmlElement:
    element = _el("w:instrText", xml_space="preserve")
    element.text = f" {instruction} "
    return element


def _setup(doc: Document, org_name: str, plan: AuditPlan, report: AuditReportInfo) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm

    props = doc.core_properties
    props.title = f"{REPORT_TITLE} — {org_name}"
    props.author = props.last_modified_by = lead_auditor(plan)
    props.subject = "Audit interne selon ISO 19011:2018"
    props.keywords = "audit interne; QSE; ISO 19011; " + "; ".join(plan.criteres)
    props.language = LANGUAGE
    props.comments = ""
    props.revision = 1
    if report.date_rapport:
        props.created = props.modified = dt.datetime.combine(report.date_rapport, dt.time(12))
    for lang in doc.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(18)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{REPORT_TITLE} — {org_name} — page ")
    _field(footer, "PAGE")
    footer.add_run(" sur ")
    _field(footer, "NUMPAGES")


def _heading(doc: Document, n: int) -> None:
    doc.add_heading(f"{n}. {REPORT_SECTIONS[n - 1][1]}", level=1)


def _finding_rows(findings: Sequence[Finding]) -> list[tuple[str, ...]]:
    return [(f.id, kind_text(f.type), *finding_cells(f)) for f in findings]


_FINDING_HEADERS = ["Repère", "Classement", "Exigence", "Constat et preuves", "Justification du classement"]


def _body(doc: Document, plan: AuditPlan, samples: Sequence[SamplePlan], findings: Sequence[Finding],
          report: AuditReportInfo, catalogue: Catalogue) -> None:
    _heading(doc, 1)
    doc.add_heading("Contexte", level=2)
    _texts(doc, report.contexte)
    doc.add_heading("Objectifs de l'audit", level=2)
    _texts(doc, plan.objectifs)
    _heading(doc, 2)
    _facts(doc, [("Champ de l'audit", plan.champ or "⚠ À rédiger."),
                 ("Référentiels", ", ".join(plan.criteres) or "⚠ à préciser"),
                 ("Autres critères", plan.autres_criteres or "—")])
    _heading(doc, 3)
    _table(doc, "Équipe d'audit", ["Nom", "Fonction", "Rôle dans l'audit"], team_rows(plan))
    doc.add_heading("Personnes auditées et programme", level=2)
    schedule = schedule_rows(plan, catalogue)
    if schedule:
        _table(doc, f"Programme des entretiens ({len(schedule)})",
               ["Créneau", "Fonction auditée", "Processus", "Chapitres audités", "Auditeur"], schedule)
    else:
        doc.add_paragraph("⚠ Aucun entretien planifié.")
    _facts(doc, [("Date(s)", audit_dates(plan)), ("Lieu", plan.lieu or "—")])
    doc.add_heading("Déroulement, obstacles et zones non couvertes", level=2)
    _texts(doc, report.deroulement)
    _heading(doc, 4)
    doc.add_paragraph(SAMPLING_STATEMENT, style="Intense Quote")
    for sample in samples:
        _table(doc, f"Plan d'échantillonnage : {sample.population or 'population non précisée'}",
               ["Élément du plan", "Valeur"], sample_facts(sample))
    if not samples:
        doc.add_paragraph("Aucun échantillon défini.")
    _heading(doc, 5)
    doc.add_paragraph(FINDINGS_INTRO)
    groups = findings_groups([f for f in findings if f.type != "point fort"], catalogue)
    for heading, caption, group in groups:
        doc.add_heading(heading, level=2)
        _table(doc, caption, _FINDING_HEADERS, _finding_rows(group))
    if not groups:
        doc.add_paragraph("Aucun constat.")
    _heading(doc, 6)
    strengths = [f for f in findings if f.type == "point fort"]
    if strengths:
        _table(doc, f"Points forts ({len(strengths)})", _FINDING_HEADERS, _finding_rows(strengths))
    else:
        doc.add_paragraph("Aucun point fort relevé.")
    _heading(doc, 7)
    _texts(doc, report.conclusion)
    _heading(doc, 8)
    for name in report.diffusion:
        doc.add_paragraph(name, style="List Bullet")
    if not report.diffusion:
        doc.add_paragraph("⚠ Liste de diffusion à établir.")
    rapport = f"{report.date_rapport:%d/%m/%Y}" if report.date_rapport else "—"
    doc.add_paragraph(f"Date du rapport : {rapport}.")


def audit_report_docx(org_name: str, plan: AuditPlan, samples: Sequence[SamplePlan],
                      findings: Sequence[Finding], report: AuditReportInfo, catalogue: Catalogue) -> bytes:
    """The complete audit report as a Word document: identification, summary of the findings per
    classification, then the eight sections of the HTML report.

    Returns:
        The bytes of the .docx file.
    """
    import docx

    doc = docx.Document()
    _setup(doc, org_name, plan, report)
    doc.add_paragraph(org_name)
    doc.add_heading(REPORT_TITLE, level=0)
    _table(doc, "Identification du rapport", ["Rubrique", "Information"],
           report_facts(org_name, plan, report))
    counts = [(kind_text(k), str(n)) for k, n in kind_counts(findings).items()]
    _table(doc, "Synthèse des constats par classement", ["Classement", "Nombre"],
           [*counts, ("Total", str(len(findings)))])
    _body(doc, plan, samples, findings, report, catalogue)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def docx_text(data: bytes) -> str:
    """The text of a .docx body: paragraphs and table rows in order, a row's cells joined by « | »."""
    import docx
    from docx.table import Table

    lines = []
    for block in docx.Document(io.BytesIO(data)).iter_inner_content():
        if isinstance(block, Table):
            lines += [" | ".join(cell.text for cell in row.cells) for row in block.rows]
        else:
            lines.append(block.text)
    return "\n".join(lines)
