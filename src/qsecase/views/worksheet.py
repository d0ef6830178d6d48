"""The layout every qsecase table sheet shares: column widths, wrapped cells, a bold header,
frozen panes, an autofilter, and printing in landscape with the header repeated."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["keep_text", "lay_out_table"]


def lay_out_table(ws: Any, header_row: int, widths: Sequence[float], *,
                  freeze_column: str = "A") -> None:
    """Lay out the table of ``ws`` whose header is on ``header_row`` (openpyxl worksheet)."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    for n, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(n)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for cells in ws.iter_rows(min_row=header_row, max_row=ws.max_row):
        for cell in cells:
            cell.alignment = wrap
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.border = Border(bottom=Side(style="medium"))
    ws.freeze_panes = f"{freeze_column}{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(widths))}{ws.max_row}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def keep_text(ws: Any) -> None:
    """Texts that look like formulas stay texts: a trainee's « =… » is never evaluated."""
    for cells in ws.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
