"""HACCP views: the HACCP plan as an accessible table, a decision path in words, an Excel workbook.

The plan table follows the layout professionals use (Étape | Danger | Mesure de maîtrise | Limite
critique | Surveillance | Actions correctives | Vérification | Enregistrements); a field left empty
says « à compléter » in words. A decision path is an ordered list of the questions asked, each
with its answer written out, then the outcome: nothing is told by colour.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from qsecase.methods.haccp import (
    DECISION_TREE,
    HAZARD_TYPE_LABELS,
    REFERENCE_LIMITS,
    TREE_EDITION,
    TREE_SOURCES,
    CcpPlan,
    DecisionPath,
    Hazard,
)
from qsecase.views.brief_view import nbsp
from qsecase.views.tables import esc, table_html
from qsecase.views.worksheet import lay_out_table

__all__ = ["PLAN_HEADERS", "decision_path_html", "haccp_plan_html", "haccp_workbook", "path_text"]

PLAN_HEADERS: tuple[str, ...] = ("Étape", "Danger", "Mesure de maîtrise", "Limite critique",
                                 "Surveillance", "Actions correctives", "Vérification",
                                 "Enregistrements")
_MISSING = "<em>à compléter</em>"
_RESULT_MARK = {"CCP": "◆", "pas un CCP": "○", "modifier l'étape": "⚠"}


def _cell(value: str) -> str:
    return esc(nbsp(value)) if value else _MISSING


def _monitoring(plan: CcpPlan) -> str:
    parts = (("Quoi", plan.surveillance.quoi), ("Comment", plan.surveillance.comment),
             ("Fréquence", plan.surveillance.frequence), ("Qui", plan.surveillance.qui))
    return "<br>".join(f"<strong>{label} :</strong> {_cell(value)}" for label, value in parts)


def haccp_plan_html(plans: Sequence[CcpPlan], *, caption: str = "Plan HACCP") -> str:
    """The HACCP plan: one row per CCP, the step as row header, surveillance in four labelled lines.

    Args:
        plans: The plan's lines.
        caption: The table caption (e.g. « Plan HACCP — jambon cuit supérieur »).

    Returns:
        An HTML fragment (``<section lang="fr">`` with a captioned table), every text escaped.
    """
    if not plans:
        return '<section lang="fr"><p>Aucun CCP dans le plan HACCP.</p></section>'
    rows = []
    for n, plan in enumerate(plans, 1):
        step = _cell(plan.etape) if plan.etape else f"{_MISSING} (ligne {n})"
        if plan.ref_danger:
            step += f"<br><small>Danger {esc(plan.ref_danger)}</small>"
        rows.append((step, _cell(plan.danger), _cell(plan.mesure_maitrise),
                     _cell(plan.limite_critique), _monitoring(plan), _cell(plan.action_corrective),
                     _cell(plan.verification), _cell(plan.enregistrements)))
    table = table_html(caption, PLAN_HEADERS, rows, row_headers=True, raw=True)
    return f'<section lang="fr">{table}</section>'


def path_text(path: DecisionPath) -> str:
    """The path on one line, e.g. « Q1 non → Q2 oui → Q3 non → Q4 oui → CCP »."""
    steps = [f"{a.question} {'oui' if a.reponse else 'non'}" for a in path.reponses]
    return " → ".join([*steps, path.resultat])


def decision_path_html(path: DecisionPath, *, title: str | None = None, level: int = 4) -> str:
    """The questions asked, the answers and the outcome, as an ordered list in words.

    Args:
        path: The decision path of one hazard.
        title: Heading text; by default « Arbre de décision — danger <ref> ».
        level: Heading level (2 to 6) to fit the page's outline.

    Returns:
        An HTML fragment: heading, ordered list, conclusion and the tree's edition.
    """
    level = min(max(level, 2), 6)
    heading = title or f"Arbre de décision — danger {path.ref_danger}"
    items = []
    for answer in path.reponses:
        question = DECISION_TREE[answer.question]
        items.append(f"<li><strong>{esc(question.id)}.</strong> {esc(nbsp(question.texte))}<br>"
                     f"Réponse : <strong>{'oui' if answer.reponse else 'non'}</strong></li>")
    outcome = path.outcome
    mark = _RESULT_MARK[outcome.resultat]
    return (f'<section lang="fr"><h{level}>{esc(heading)}</h{level}><ol>{"".join(items)}</ol>'
            f'<p><strong>Conclusion : <span aria-hidden="true">{mark}</span> {esc(outcome.resultat)}'
            f"</strong> — {esc(nbsp(outcome.libelle))}</p><p>Suite à donner : {esc(nbsp(outcome.suite))}</p>"
            f"<p><small>Arbre de décision : {esc(TREE_EDITION)}.</small></p></section>")


# --- Excel workbook -----------------------------------------------------------------------------
_HAZARD_COLUMNS = (("Réf.", 8), ("Étape", 22), ("Type de danger", 16), ("Danger", 28),
                   ("Cause", 30), ("Gravité", 9), ("Probabilité", 11), ("Mesures de maîtrise", 36),
                   ("Arbre de décision", 34), ("Résultat", 14))
_PLAN_COLUMNS = (("Étape", 20), ("Danger", 24), ("Mesure de maîtrise", 28), ("Limite critique", 26),
                 ("Surveillance : quoi", 22), ("Surveillance : comment", 24),
                 ("Surveillance : fréquence", 18), ("Surveillance : qui", 18),
                 ("Actions correctives", 34), ("Vérification", 30), ("Enregistrements", 26))
_HEADER_ROW = 3


def _table_sheet(ws: Any, title: str, columns: Sequence[tuple[str, int]],
                 rows: Sequence[Sequence[Any]]) -> None:
    """Title, header row, rows; wrapped text, widths, frozen header, filter, landscape print."""
    from openpyxl.styles import Font

    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append([name for name, _ in columns])
    for row in rows:
        ws.append(list(row))
    for cells in ws.iter_rows(min_row=_HEADER_ROW + 1):
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a trainee's « =… » stays text, never a formula
    lay_out_table(ws, _HEADER_ROW, [width for _, width in columns])


def haccp_workbook(hazards: Sequence[Hazard], decisions: Sequence[DecisionPath],
                   plans: Sequence[CcpPlan], title: str) -> bytes:
    """The hazard analysis and the HACCP plan as an ``.xlsx`` file, with their sources.

    Sheets: « Analyse des dangers » (one row per hazard, with its decision path and result),
    « Plan HACCP » (one row per CCP, surveillance in four columns) and « Sources » (edition of the
    decision tree, reference limits and their sources).

    Args:
        hazards: The hazard analysis.
        decisions: Decision paths, matched to hazards by ``ref_danger``.
        plans: The HACCP plan.
        title: Title written above each table (e.g. organisation and product).

    Returns:
        The workbook's bytes (write them with :func:`qsecase.io.atomic.atomic_write_bytes`).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    by_ref = {d.ref_danger: d for d in decisions}
    hazard_rows = []
    for h in hazards:
        path = by_ref.get(h.id)
        hazard_rows.append((h.id, h.etape, HAZARD_TYPE_LABELS[h.type].split(" (")[0], h.danger,
                            h.cause, h.gravite, h.probabilite, h.mesures_maitrise,
                            path_text(path) if path else "non appliqué",
                            path.resultat if path else "—"))
    plan_rows = [(p.etape, p.danger, p.mesure_maitrise, p.limite_critique, p.surveillance.quoi,
                  p.surveillance.comment, p.surveillance.frequence, p.surveillance.qui,
                  p.action_corrective, p.verification, p.enregistrements) for p in plans]
    wb = Workbook()
    ws = wb.active
    ws.title = "Analyse des dangers"
    _table_sheet(ws, f"{title} — analyse des dangers", _HAZARD_COLUMNS, hazard_rows)
    _table_sheet(wb.create_sheet("Plan HACCP"), f"{title} — plan HACCP", _PLAN_COLUMNS, plan_rows)

    src = wb.create_sheet("Sources")
    wrap = Alignment(wrap_text=True, vertical="top")
    src.append(["Arbre de décision CCP"])
    src.append([TREE_EDITION])
    for source in TREE_SOURCES:
        src.append([source])
    start = src.max_row + 2  # header row of the limits table, after one blank row
    src.append([])
    src.append(["Paramètre", "Valeur de référence", "Champ d'application", "Source", "Vérification",
                "Note"])
    for limit in REFERENCE_LIMITS:
        src.append([limit.parametre, limit.valeur, limit.champ, limit.source,
                    "✔ texte officiel relu" if limit.verifie else "? source secondaire, à vérifier",
                    limit.note])
    for n, width in enumerate((28, 34, 40, 60, 22, 44), 1):
        src.column_dimensions[chr(64 + n)].width = width
    for cells in src.iter_rows():
        for cell in cells:
            cell.alignment = wrap
    for row in range(1, start - 1):
        src.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        src.row_dimensions[row].height = 15 * (1 + len(str(src.cell(row, 1).value)) // 200)
    for row in (1, start):
        for cell in src[row]:
            cell.font = Font(bold=True)
    src.freeze_panes = f"A{start + 1}"
    src.append([])
    src.append(["Valeurs à relire sur les textes en vigueur (Légifrance, EUR-Lex, Codex) à la date "
                "d'usage ; une limite critique se valide pour le procédé de l'entreprise."])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
