"""The AMDEC as an Excel workbook, in the layout quality teams use, with a « Barèmes » sheet.

Sheet « AMDEC »: grouped headers « Analyse » / « Actions » / « Après actions », one line per
failure mode, frozen headers and first columns, filters, priorities written as a symbol and a
word (the fill is only a help). Sheet « Barèmes »: the G, O, D descriptors, the action priority
table and their sources. Re-exported by :mod:`qsecase.views.fmea_view`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from qsecase.methods.fmea import FmeaRow, FmeaThresholds, ipr, ipr_after, priority
from qsecase.views.worksheet import keep_text

__all__ = ["AP_TEXT", "COLUMNS", "PRIORITY_TEXT", "fmea_workbook"]

#: (header, width, group) of the « AMDEC » sheet, left to right.
COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("Étape", 18, "Analyse"), ("Fonctionnement", 13, "Analyse"), ("Fonction", 22, "Analyse"),
    ("Mode de défaillance", 24, "Analyse"), ("Effet", 26, "Analyse"), ("G", 5, "Analyse"),
    ("Cause", 26, "Analyse"), ("Prévention", 22, "Analyse"), ("O", 5, "Analyse"),
    ("Détection", 22, "Analyse"), ("D", 5, "Analyse"), ("IPR", 7, "Analyse"),
    ("Priorité", 22, "Analyse"), ("AP", 14, "Analyse"), ("Actions", 30, "Actions"),
    ("Responsable", 18, "Actions"), ("Échéance", 12, "Actions"), ("G'", 5, "Après actions"),
    ("O'", 5, "Après actions"), ("D'", 5, "Après actions"), ("IPR'", 7, "Après actions"),
)
#: Priority level → (text written in the cell, fill colour).
PRIORITY_TEXT: dict[str, tuple[str, str]] = {
    "à traiter en priorité": ("⚠ à traiter en priorité", "F5C6AE"),
    "à surveiller": ("◐ à surveiller", "FBE3B6"),
    "acceptable": ("✔ acceptable", "CDEBDF"),
}
#: Action priority → (text, fill colour).
AP_TEXT: dict[str, tuple[str, str]] = {
    "H": ("H — haute", "F5C6AE"), "M": ("M — moyenne", "FBE3B6"), "L": ("L — basse", "CDEBDF"),
}
_HEAD = 5  # row of the column headers


def _ap(row: FmeaRow) -> str:
    from qsecase.fmea_data import load_action_priority

    cell = load_action_priority().lookup(row.g, row.o, row.d)
    return AP_TEXT[cell.priority][0] + ("" if cell.verified else " (à vérifier)")


def _line(row: FmeaRow, t: FmeaThresholds) -> list[Any]:
    after = ipr_after(row)
    return [row.etape, row.fonctionnement, row.fonction, row.mode, row.effet, row.g, row.cause,
            row.controles_prevention, row.o, row.controles_detection, row.d, ipr(row),
            PRIORITY_TEXT[priority(row, t).level][0], _ap(row), row.actions, row.responsable,
            row.echeance, row.g2 if row.g2 is not None else (row.g if after else None),
            row.o2 if row.o2 is not None else (row.o if after else None),
            row.d2 if row.d2 is not None else (row.d if after else None), after]


def _amdec_sheet(ws: Any, rows: Sequence[FmeaRow], t: FmeaThresholds, title: str) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    ws.title = "AMDEC"
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = (f"Seuils du cas : à traiter si IPR ≥ {t.ipr_action} ou gravité ≥ {t.g_critique} ; "
                f"à surveiller si IPR ≥ {t.watch}. Priorité : symbole et mot, la couleur n'est "
                "qu'une aide. IPR = G × O × D ; ' = cotation attendue après action.")
    ws["A3"] = ("AP : priorité d'action AIAG & VDA 2019 (H haute, M moyenne, L basse) — table et "
                "barèmes : feuille « Barèmes ».")
    thin, medium = Side(style="thin", color="FF808080"), Side(style="medium")
    groups: dict[str, list[int]] = {}
    for n, (header, width, group) in enumerate(COLUMNS, 1):
        groups.setdefault(group, []).append(n)
        ws.column_dimensions[get_column_letter(n)].width = width
        ws.cell(_HEAD, n, header).font = Font(bold=True)
    for group, cols in groups.items():
        ws.merge_cells(start_row=_HEAD - 1, start_column=cols[0], end_row=_HEAD - 1,
                       end_column=cols[-1])
        head = ws.cell(_HEAD - 1, cols[0], group)
        head.font, head.alignment = Font(bold=True, size=12), Alignment(horizontal="center")
        head.fill = PatternFill(fill_type="solid", fgColor="FFD9D9D9")
    for row in rows:
        ws.append(_line(row, t))
    last = max(ws.max_row, _HEAD)
    centre = {n for n, (h, _, _) in enumerate(COLUMNS, 1) if len(h) <= 4}
    for cells in ws.iter_rows(min_row=_HEAD, max_row=last, max_col=len(COLUMNS)):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top",
                                       horizontal="center" if cell.column in centre else None)
            cell.border = Border(left=thin, right=thin, top=thin,
                                 bottom=medium if cell.row == _HEAD else thin)
            if cell.column == 17 and cell.row > _HEAD:
                cell.number_format = "DD/MM/YYYY"
    ws.freeze_panes = f"E{_HEAD + 1}"
    ws.auto_filter.ref = f"A{_HEAD}:{get_column_letter(len(COLUMNS))}{last}"
    ws.print_title_rows = f"{_HEAD - 1}:{_HEAD}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    if last > _HEAD:
        for col, styles in (("M", PRIORITY_TEXT), ("N", AP_TEXT)):
            for text, colour in styles.values():
                ws.conditional_formatting.add(f"{col}{_HEAD + 1}:{col}{last}", FormulaRule(
                    formula=[f'LEFT({col}{_HEAD + 1},{len(text.split()[0])})="{text.split()[0]}"'],
                    fill=PatternFill(fill_type="solid", bgColor=f"FF{colour}"),
                    font=Font(color="FF000000")))
    keep_text(ws)


def _scales_sheet(ws: Any) -> None:
    from openpyxl.styles import Alignment, Font

    from qsecase.fmea_data import load_action_priority, load_scales

    scales, ap = load_scales(), load_action_priority()
    ws.append([scales.titre])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([scales.avertissement])
    ws.append([])
    headers = ["Note"]
    for s in scales.echelles:
        headers += [f"{s.nom} {s.lettre} — {s.colonnes[0]}", f"{s.lettre} — {s.colonnes[1]}"]
    ws.append([*headers, "O — repère de fréquence"])
    head_row = ws.max_row
    for note in range(10, 0, -1):
        line: list[Any] = [note]
        for s in scales.echelles:
            level = s.level(note)
            line += [f"{level.niveau} : {level.critere}", level.complement]
        ws.append([*line, scales.scale("O").level(note).indication])
    ws.append([])
    for s in scales.echelles:
        ws.append([f"Source {s.lettre}", s.source + ("" if s.verifie else " — à vérifier sur le manuel")])
    ws.append([])
    ws.append([ap.titre])
    ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
    ws.append(["G", "O", *[f"D {d}" for d in ap.bandes["d"]]])
    ap_head = ws.max_row
    for g in ap.bandes["g"]:
        for o in ap.bandes["o"]:
            ws.append([g, o, *ap.table[g][o]])
    for letter, meaning in ap.signification.items():
        ws.append([letter, meaning])
    for dispute in ap.a_verifier:
        ws.append(["À vérifier", f"G {dispute.g}, O {dispute.o}, D {dispute.d} : {dispute.note}"])
    ws.append(["Source AP", ap.source + ("" if ap.verifie else " — à vérifier sur le manuel")])
    for source in ap.sources:
        ws.append(["", source])
    for n, width in enumerate((12, 44, 26, 44, 26, 44, 26, 30), 1):
        ws.column_dimensions[chr(64 + n)].width = width
    for cells in ws.iter_rows(min_row=head_row):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r in (head_row, ap_head):
        for cell in ws[r]:
            cell.font = Font(bold=True)
    ws.freeze_panes = f"B{head_row + 1}"


def fmea_workbook(rows: Sequence[FmeaRow], thresholds: FmeaThresholds | None = None,
                  title: str = "AMDEC processus") -> bytes:
    """The AMDEC as an ``.xlsx`` file: sheets « AMDEC » and « Barèmes ».

    Args:
        rows: The AMDEC lines, in the order to print.
        thresholds: The case's thresholds (default :class:`FmeaThresholds`).
        title: Title written above the table (organisation, product, process).

    Returns:
        The workbook's bytes (write them with :func:`qsecase.io.atomic.atomic_write_bytes`).
    """
    from openpyxl import Workbook

    wb = Workbook()
    _amdec_sheet(wb.active, rows, thresholds or FmeaThresholds(), title)
    _scales_sheet(wb.create_sheet("Barèmes"))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
