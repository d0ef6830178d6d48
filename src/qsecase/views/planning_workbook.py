"""The plan as an Excel workbook: « Planning » (schedule and a Gantt made of cells), « RACI »,
« Suivi » and « Kanban ».

The Gantt of the « Planning » sheet has one column per week (date of the Monday); a week the task
runs through is a cell with a pattern **and** a letter: « C » on a grid pattern for a critical
task, « T » on a hatch for another task, « ◆ » for a milestone; the week of the progress review is
headed « ▼ ». Dates, floats and rates are computed at export: they are values, not formulas.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from qsecase.methods.planning import STATUSES, Scheduled
from qsecase.methods.raci import ROLES, RaciLine
from qsecase.methods.tracking import Alert, Progress
from qsecase.views.palette import BLUE, VERMILLION
from qsecase.views.planning_gantt import (
    CRITICAL_MARK,
    MILESTONE_MARK,
    paths_text,
    plan_span,
    plural,
    task_label,
)
from qsecase.views.planning_html import ALERT_STYLE, raci_actors, text_bar
from qsecase.views.worksheet import keep_text, lay_out_table

__all__ = ["PLANNING_COLUMNS", "SHEETS", "planning_workbook", "week_columns"]

#: (header, width) of the schedule columns of the « Planning » sheet, before the week columns.
PLANNING_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Id", 8), ("Tâche", 36), ("Durée (jours ouvrés)", 10), ("Prédécesseurs", 14), ("Début", 11),
    ("Fin", 11), ("Marge totale", 9), ("Marge libre", 9), ("Critique", 10), ("Jalon", 9),
    ("Statut", 13), ("Avancement (%)", 11), ("Ressources", 20), ("Livrable", 20),
)
SHEETS = ("Planning", "RACI", "Suivi", "Kanban")
_HEAD = 4  # row of the column headers on every table sheet
_WEEK_WIDTH = 5.5
_CRITICAL_CELL = ("C", "lightGrid", VERMILLION)
_TASK_CELL = ("T", "lightUp", BLUE)


def _argb(colour: str) -> str:
    return "FF" + colour.lstrip("#").upper()


def week_columns(scheduled: Sequence[Scheduled]) -> list[dt.date]:
    """The Mondays of the weeks the plan runs through."""
    if not scheduled:
        return []
    first = min(s.debut for s in scheduled)
    last = max(s.fin for s in scheduled)
    monday = first - dt.timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        weeks.append(monday)
        monday += dt.timedelta(weeks=1)
    return weeks


def _title(ws: Any, text: str, notes: Sequence[str] = ()) -> None:
    from openpyxl.styles import Font

    ws["A1"] = text
    ws["A1"].font = Font(bold=True, size=14)
    for n, note in enumerate(notes, 2):
        ws.cell(n, 1, note)


def _bold_row(ws: Any, row: int) -> None:
    from openpyxl.styles import Font

    for cell in ws[row]:
        cell.font = Font(bold=True)


def _planning_sheet(ws: Any, title: str, scheduled: Sequence[Scheduled], today: dt.date) -> None:
    ws.title = SHEETS[0]
    _title(ws, f"{title} — planning", [
        f"{plural(len(scheduled), 'tâche')}, {plan_span(scheduled)} ; chemin critique : "
        f"{paths_text(scheduled)}.",
        "Diagramme : une colonne par semaine (date du lundi) ; « C » sur quadrillage : tâche critique "
        f"({CRITICAL_MARK}) ; « T » sur hachures : autre tâche ; « {MILESTONE_MARK} » : jalon ; « ▼ » : "
        f"semaine du point d'avancement ({today:%d/%m/%Y}). Dates et marges en jours ouvrés, calculées à "
        "l'export."])
    for n, (header, _) in enumerate(PLANNING_COLUMNS, 1):
        ws.cell(_HEAD, n, header)
    for s in scheduled:
        t = s.task
        ws.append([t.id, t.nom, t.duree, ", ".join(t.predecesseurs), s.debut, s.fin, s.total_float,
                   s.free_float, "★ oui" if s.critical else "non",
                   f"{MILESTONE_MARK} jalon" if t.jalon else "", STATUSES[t.statut],
                   100 if t.statut == "fait" else t.avancement, t.ressources, t.livrable])
        for col in (5, 6):
            ws.cell(ws.max_row, col).number_format = "DD/MM/YYYY"
    # laid out before the week columns exist: only the table's own cells are visited
    lay_out_table(ws, _HEAD, [w for _, w in PLANNING_COLUMNS], freeze_column="C")
    keep_text(ws)
    _week_grid(ws, scheduled, today)


def _week_grid(ws: Any, scheduled: Sequence[Scheduled], today: dt.date) -> None:
    """The Gantt made of cells, right of the schedule: one column per week."""
    from copy import copy

    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    weeks = week_columns(scheduled)
    this_week = today - dt.timedelta(days=today.weekday())
    first = len(PLANNING_COLUMNS) + 1
    model = ws.cell(_HEAD, 1)
    for n, monday in enumerate(weeks):
        cell = ws.cell(_HEAD, first + n, f"{'▼ ' if monday == this_week else ''}{monday:%d/%m/%y}")
        cell.font, cell.border = copy(model.font), copy(model.border)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(first + n)].width = _WEEK_WIDTH
    fills = {letter: PatternFill(patternType=pattern, fgColor=_argb(colour), bgColor="FFFFFFFF")
             for letter, pattern, colour in (_CRITICAL_CELL, _TASK_CELL)}
    centre = Alignment(horizontal="center", vertical="center")
    for row, s in enumerate(scheduled, _HEAD + 1):
        letter = _CRITICAL_CELL[0] if s.critical else _TASK_CELL[0]
        value = MILESTONE_MARK if s.task.jalon and not s.task.duree else letter
        start = (s.debut - weeks[0]).days // 7
        stop = (s.fin - weeks[0]).days // 7
        for n in range(start, stop + 1):
            cell = ws.cell(row, first + n, value)
            cell.fill, cell.alignment = fills[letter], centre


def _raci_sheet(ws: Any, title: str, lines: Sequence[RaciLine], scheduled: Sequence[Scheduled]) -> None:
    ws.title = SHEETS[1]
    _title(ws, f"{title} — matrice RACI", [
        " ; ".join(f"{letter} : {meaning}" for letter, meaning in ROLES.items()) + ".",
        "Chaque tâche a exactement un « A » et au moins un « R »."])
    actors = raci_actors(lines)
    for n, header in enumerate(["Id", "Tâche", *actors], 1):
        ws.cell(_HEAD, n, header)
    roles: dict[str, dict[str, str]] = {}
    for line in lines:
        roles.setdefault(line.tache, {}).update(line.roles)
    known = {s.task.id: s.task for s in scheduled}
    for tid in [*(t for t in known if t in roles), *(t for t in roles if t not in known)]:
        name = known[tid].nom if tid in known else "(tâche inconnue du planning)"
        ws.append([tid, name, *(roles[tid].get(a, "") for a in actors)])
    lay_out_table(ws, _HEAD, [8, 36, *([14] * len(actors))], freeze_column="C")


def _tracking_sheet(ws: Any, title: str, progress: Progress, alerts: Sequence[Alert], today: dt.date) -> None:
    from openpyxl.styles import Alignment

    ws.title = SHEETS[2]
    _title(ws, f"{title} — suivi au {today:%d/%m/%Y}")
    rows: list[list[Any]] = [
        ["Date du point d'avancement", today],
        ["Taux de réalisation (tâches faites / tâches)", progress.taux_taches],
        ["Avancement pondéré par la durée", progress.taux_pondere, text_bar(progress.taux_pondere)],
    ]
    for n, values in enumerate(rows, 2):
        for col, value in enumerate(values, 1):
            ws.cell(n, col, value)
    ws.cell(2, 2).number_format = "DD/MM/YYYY"
    ws.cell(3, 2).number_format = ws.cell(4, 2).number_format = "0.0 %"
    start = 6
    for col, header in enumerate(["Statut", "Tâches"], 1):
        ws.cell(start, col, header)
    _bold_row(ws, start)
    for n, (key, label) in enumerate(STATUSES.items(), start + 1):
        ws.cell(n, 1, label)
        ws.cell(n, 2, progress.counts.get(key, 0))
    ws.cell(start + 4, 1, "Total")
    ws.cell(start + 4, 2, progress.total)
    _bold_row(ws, start + 4)
    head = start + 6
    ws.cell(head, 1, f"Alertes ({len(alerts)})" if alerts else f"Aucune alerte au {today:%d/%m/%Y}")
    _bold_row(ws, head)
    if alerts:
        for col, header in enumerate(["Tâche", "Niveau", "Message"], 1):
            ws.cell(head + 1, col, header)
        _bold_row(ws, head + 1)
        for n, a in enumerate(alerts, head + 2):
            for col, value in enumerate((a.tache, ALERT_STYLE[a.level], a.message), 1):
                ws.cell(n, col, value)
    for letter, width in zip("ABC", (44, 16, 80), strict=True):
        ws.column_dimensions[letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = wrap


def _kanban_sheet(ws: Any, title: str, scheduled: Sequence[Scheduled]) -> None:
    ws.title = SHEETS[3]
    _title(ws, f"{title} — tableau kanban", ["Une colonne par statut ; fin prévue, ★ tâche critique, "
                                             f"{MILESTONE_MARK} jalon."])
    columns = []
    for col, (key, label) in enumerate(STATUSES.items(), 1):
        cards = []
        for s in scheduled:
            if s.task.statut != key:
                continue
            extra = [f"{s.task.avancement} %"] if key == "en cours" else []
            extra += [f"fin {s.fin:%d/%m/%Y}"] + (["★ critique"] if s.critical else []) + (
                [f"{MILESTONE_MARK} jalon"] if s.task.jalon else [])
            cards.append(f"{task_label(s.task)} ({', '.join(extra)})")
        ws.cell(_HEAD, col, f"{label} ({len(cards)})")
        columns.append(cards)
    for n in range(max((len(c) for c in columns), default=0)):
        for col, cards in enumerate(columns, 1):
            if n < len(cards):
                ws.cell(_HEAD + 1 + n, col, cards[n])
    lay_out_table(ws, _HEAD, [48, 48, 48])


def planning_workbook(title: str, scheduled: Sequence[Scheduled], raci: Sequence[RaciLine],
                      progress: Progress, alerts: Sequence[Alert], today: dt.date) -> bytes:
    """The plan as an ``.xlsx`` file: sheets « Planning », « RACI », « Suivi », « Kanban ».

    Args:
        title: Title of the plan (first cell of each sheet).
        scheduled: The scheduled tasks (:func:`~qsecase.methods.planning.schedule`).
        raci: The RACI matrix.
        progress: Completion at ``today`` (:func:`~qsecase.methods.tracking.progress`).
        alerts: Alerts at ``today`` (:func:`~qsecase.methods.tracking.alerts`).
        today: Date of the progress review.

    Returns:
        The workbook's bytes.
    """
    from openpyxl import Workbook

    wb = Workbook()
    _planning_sheet(wb.active, title, scheduled, today)
    others = (wb.create_sheet(), wb.create_sheet(), wb.create_sheet())
    _raci_sheet(others[0], title, raci, scheduled)
    _tracking_sheet(others[1], title, progress, alerts, today)
    _kanban_sheet(others[2], title, scheduled)
    for ws in others:
        keep_text(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
