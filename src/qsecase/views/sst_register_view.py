"""The SST follow-up plan as an accessible HTML table, an Excel workbook and an iCalendar file.

Every status is a symbol **and** a word (✖ expiré, ⚠ ≤ 30 j, ◔ ≤ 60 j, ○ ≤ 90 j, ✔ à jour),
colour being only a help: light Okabe–Ito tints under black text (contrast ≥ 4.5:1).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Mapping, Sequence

from qsecase.errors import QsecaseError
from qsecase.methods.sst_register import RegisterLine, Reminder, Rule
from qsecase.views.palette import (
    BLUISH_GREEN,
    GREY,
    ORANGE,
    SKY_BLUE,
    VERMILLION,
    YELLOW,
    StatusStyle,
)
from qsecase.views.tables import esc, table_html
from qsecase.views.worksheet import keep_text, lay_out_table

__all__ = ["LEVEL_STYLE", "RULE_KINDS", "event_uid", "level_style", "register_html",
           "register_ics", "register_workbook", "status_text", "tint"]

#: How each alert level is shown (« sans date » is refined by :func:`level_style`).
LEVEL_STYLE: dict[str, StatusStyle] = {
    "expiré": StatusStyle(colour=VERMILLION, symbol="✖", hatch="xx", label="expiré"),
    "≤ 30 j": StatusStyle(colour=ORANGE, symbol="⚠", hatch="//", label="≤ 30 j"),
    "≤ 60 j": StatusStyle(colour=YELLOW, symbol="◔", hatch="\\\\", label="≤ 60 j"),
    "≤ 90 j": StatusStyle(colour=SKY_BLUE, symbol="○", hatch="..", label="≤ 90 j"),
    "à jour": StatusStyle(colour=BLUISH_GREEN, symbol="✔", hatch="", label="à jour"),
    "sans date": StatusStyle(colour=GREY, symbol="?", hatch="..", label="date à renseigner"),
}
_PERMANENT = StatusStyle(colour=GREY, symbol="—", hatch="", label="sans échéance périodique")
_UNKNOWN = StatusStyle(colour=GREY, symbol="?", hatch="..", label="règle inconnue")

RULE_KINDS: dict[str, str] = {
    "formation": "Formation", "habilitation": "Habilitation / autorisation",
    "suivi_medical": "Suivi médical", "verification": "Vérification périodique",
    "registre": "Registre", "exercice": "Exercice",
}


def tint(colour: str, white: float = 0.6) -> str:
    """``#RRGGBB`` mixed with white: a light background where black text contrasts ≥ 4.5:1."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * white):02X}" for c in rgb)


def level_style(line: RegisterLine) -> StatusStyle:
    """The style of a line's status; a line without date is told apart by its cause."""
    if line.rule is None:
        return _UNKNOWN
    if line.level == "sans date" and line.rule.periodicite_mois is None:
        return _PERMANENT
    return LEVEL_STYLE[line.level]


def status_text(line: RegisterLine) -> str:
    """Symbol and word, e.g. ``"✖ expiré"``."""
    return level_style(line).text


def _date(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def _when(line: RegisterLine) -> str:
    left = line.days_left
    if left is None:
        return ""
    if left < 0:
        return f"dépassée de {-left} j"
    return "aujourd'hui" if left == 0 else f"dans {left} j"


def _obligation(line: RegisterLine) -> str:
    return line.rule.libelle if line.rule else f"règle inconnue « {line.entry.regle} »"


def _base(rule: Rule | None) -> str:
    if rule is None:
        return "—"
    return rule.base + ("" if rule.verifie else " (à vérifier)")


def _legend() -> str:
    return " · ".join(s.text for s in (*LEVEL_STYLE.values(), _PERMANENT))


def register_html(lines: Sequence[RegisterLine], *, caption: str | None = None) -> str:
    """The plan as a semantic table (caption, ``scope`` on headers), most urgent first.

    A column « Échéance saisie » shows the trainee's own due dates when there are any.
    """
    if not lines:
        return "<p>Aucune obligation dans le registre.</p>"
    caption = caption or f"Plan de suivi des obligations SST — situation au {_date(lines[0].as_of)}"
    trainee = any(line.entry.echeance for line in lines)
    headers = ["Objet", "Obligation", "Base légale", "Dernière date", "Échéance", "Statut"]
    rows = []
    for line in lines:
        style = level_style(line)
        status = (f'<span style="display:inline-block;background:{tint(style.colour)};color:#000;'
                  f'border-left:0.4em solid {style.colour};padding:0 0.3em">'
                  f'<span aria-hidden="true">{style.symbol}</span> {esc(style.label)}</span>')
        when = f"<br><small>{esc(_when(line))}</small>" if _when(line) else ""
        row = [esc(line.entry.objet), esc(_obligation(line)), esc(_base(line.rule)),
               _date(line.entry.derniere_date), _date(line.due) + when, status]
        if trainee:
            typed = line.entry.echeance
            ok = line.trainee_due_ok
            mark = ("" if ok is None else ' <span aria-hidden="true">✔</span> conforme' if ok
                    else f' <span aria-hidden="true">✖</span> erronée (attendu {_date(line.due)})')
            row.append(_date(typed) + mark if typed else "—")
        rows.append(row)
    table = table_html(caption, [*headers, "Échéance saisie"] if trainee else headers, rows,
                       row_headers=True, raw=True)
    return (f'<section lang="fr">{table}<p><strong>Légende :</strong> {esc(_legend())}. '
            "La couleur n'est qu'une aide : le symbole et le mot portent le statut.</p></section>")


# --- Excel workbook -----------------------------------------------------------------------------
_COLUMNS = (("Objet", 22), ("Obligation", 44), ("Base légale", 44), ("Dernière date", 13),
            ("Échéance", 13), ("Jours restants", 10), ("Statut", 24), ("Commentaire", 36))
_HEADER_ROW = 4


def register_workbook(lines: Sequence[RegisterLine], title: str, *,
                      rules: Mapping[str, Rule] | None = None) -> bytes:
    """The plan as an ``.xlsx`` file: « Plan de suivi » and « Sources ».

    Args:
        lines: Evaluated lines (:func:`~qsecase.methods.sst_register.evaluate_register`).
        title: Title written above the table (e.g. the organisation and site).
        rules: Rules listed in « Sources »; by default those of ``lines``.

    Returns:
        The workbook's bytes (write them with :func:`qsecase.io.atomic.atomic_write_bytes`).
    """
    from openpyxl import Workbook
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "Plan de suivi"
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    as_of = _date(lines[0].as_of) if lines else "—"
    ws["A2"] = (f"Situation au {as_of}. Statut : symbole et mot, la couleur n'est qu'une aide "
                f"({_legend()}).")
    ws.append([])
    ws.append([name for name, _ in _COLUMNS])
    for line in lines:
        ws.append([line.entry.objet, _obligation(line), _base(line.rule), line.entry.derniere_date,
                   line.due, line.days_left, status_text(line), line.entry.commentaire])
    last = ws.max_row
    lay_out_table(ws, _HEADER_ROW, [width for _, width in _COLUMNS], freeze_column="B")
    for cells in ws.iter_rows(min_row=_HEADER_ROW + 1, max_row=last, min_col=4, max_col=5):
        for cell in cells:
            cell.number_format = "DD/MM/YYYY"
    if last > _HEADER_ROW:
        area = f"G{_HEADER_ROW + 1}:G{last}"
        for style in (*LEVEL_STYLE.values(), _PERMANENT):
            fill = PatternFill(fill_type="solid", bgColor="FF" + tint(style.colour)[1:])
            ws.conditional_formatting.add(area, FormulaRule(
                formula=[f'LEFT(G{_HEADER_ROW + 1},1)="{style.symbol}"'], fill=fill,
                font=Font(color="FF000000")))
    keep_text(ws)

    src = wb.create_sheet("Sources")
    src.append(["Règle", "Obligation", "Type", "Périodicité (mois)", "Base légale", "Source",
                "Vérification", "Note"])
    catalogue = rules if rules is not None else {
        line.rule.id: line.rule for line in lines if line.rule is not None}
    check = PatternFill(fill_type="solid", fgColor="FF" + tint(ORANGE)[1:])
    for rule in catalogue.values():
        src.append([rule.id, rule.libelle, RULE_KINDS.get(rule.type, rule.type),
                    rule.periodicite_mois if rule.periodicite_mois else "—", rule.base,
                    rule.source, "✔ vérifiée" if rule.verifie else "? à vérifier", rule.note])
        if not rule.verifie:
            src.cell(src.max_row, 7).fill = check
    lay_out_table(src, 1, (24, 40, 18, 12, 44, 44, 14, 60), freeze_column="B")
    src.append([])
    src.append(["Ces règles sont à vérifier sur les textes en vigueur (Légifrance, INRS, "
                "Assurance Maladie – Risques professionnels) à la date d'usage."])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- iCalendar ------------------------------------------------------------------------------------


def event_uid(line: RegisterLine, organisation: str) -> str:
    """A UID stable across exports: the same obligation, object and due date give the same UID,
    so that re-importing the file updates the events instead of duplicating them."""
    key = f"{organisation}|{line.entry.regle}|{line.entry.objet}|{line.due}".encode()
    return f"{hashlib.sha256(key).hexdigest()[:24]}@qsecase"


def register_ics(lines: Sequence[RegisterLine], reminders: Sequence[Reminder], *,
                 organisation: str) -> bytes:
    """An iCalendar file: one all-day event per due date, one alarm per reminder.

    Args:
        lines: Evaluated lines; those without a due date are left out.
        reminders: From :func:`~qsecase.methods.sst_register.reminders`; each becomes a VALARM
            of its line's event, ``days_before`` days before it (after it when overdue).
        organisation: Name shown in the calendar name and used in the UIDs.

    Raises:
        QsecaseError: If the ``icalendar`` package is not installed.
    """
    try:
        from icalendar import Alarm, Calendar, Event
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise QsecaseError("l'export agenda (.ics) nécessite le paquet icalendar — installez-le "
                           "avec « pip install icalendar »") from exc

    cal = Calendar()
    cal.add("prodid", "-//qsecase//Plan de suivi SST//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Échéances SST — {organisation}")
    for line in lines:
        if line.due is None:
            continue
        summary = f"Échéance : {_obligation(line)} — {line.entry.objet}"
        event = Event()
        event.add("uid", event_uid(line, organisation))
        event.add("dtstamp", dt.datetime.combine(line.as_of, dt.time(), tzinfo=dt.UTC))
        event.add("dtstart", line.due)
        event.add("dtend", line.due + dt.timedelta(days=1))
        event.add("summary", summary)
        rule = line.rule
        details = [f"Base légale : {_base(rule)}"]
        if rule is not None:
            details += [f"Source : {rule.source}", f"Périodicité : {rule.periodicite_mois} mois"]
        details += [f"Dernière date : {_date(line.entry.derniere_date)}",
                    f"Statut au {_date(line.as_of)} : {status_text(line)}"]
        event.add("description", "\n".join(details))
        event.add("categories", [RULE_KINDS.get(rule.type, rule.type) if rule else "SST"])
        event.add("transp", "TRANSPARENT")
        for reminder in (r for r in reminders if r.line == line):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", dt.timedelta(days=-reminder.days_before))
            lead = (f"J-{reminder.days_before}" if reminder.days_before >= 0
                    else f"dépassée de {-reminder.days_before} j")
            alarm.add("description", f"{summary} ({lead})")
            event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())
