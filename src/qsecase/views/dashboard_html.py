"""The QSE dashboard as accessible HTML, as a standalone page to print, and as an Excel workbook.

The table is the accessible version of the figures of :mod:`qsecase.views.dashboard_chart`: each
indicator with its definition, owner, source, objective and threshold, latest value, status
(« ✔ atteint », « ⚠ vigilance », « ✖ alerte »), trend (« ↗ en hausse »…) and the drifts found by the
control-chart rules; then the missing data and whether the service was reminded. Symbols are hidden
from screen readers when words say the same thing.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from qsecase.methods.control_chart import ControlChart, Signal, control_chart, control_signals
from qsecase.methods.dashboard import Indicator, Reminder, reminders_due, trend
from qsecase.views.dashboard_chart import (
    by_indicator,
    dashboard_alt,
    dashboard_figure,
    is_expected,
    last_value,
    month_label,
    series_of,
    signals_text,
    status_text,
    value_text,
)
from qsecase.views.render import figure_to_html
from qsecase.views.tables import esc, table_html
from qsecase.views.worksheet import keep_text, lay_out_table

__all__ = ["MISSING_CELL", "SHEETS", "TRENDS", "charts_and_signals", "dashboard_document_html",
           "dashboard_html", "dashboard_workbook", "drift_texts", "missing_data", "trend_text"]

#: Trend → arrow and words.
TRENDS: dict[str, str] = {"hausse": "↗ en hausse", "baisse": "↘ en baisse", "stable": "→ stable"}
#: What a missing datum is in the workbook.
MISSING_CELL = "?"
SHEETS = ("Tableau de bord", "Données", "Dérives")
_HEAD = 4
_WINDOW = 6  # months of the trend arrow


def _hidden(symbol: str) -> str:
    return f'<span aria-hidden="true">{esc(symbol)}</span>'


def _marked(mark: str) -> str:
    symbol, _, words = mark.partition(" ")
    return f"{_hidden(symbol)} {esc(words)}" if words else esc(mark)


def _slope(values: Sequence[float]) -> float:
    """Least-squares slope of ``values`` against 0, 1, 2…"""
    n = len(values)
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    return sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values)) / sum(
        (x - mean_x) ** 2 for x in range(n))


def trend_text(indicator: Indicator, values: Sequence[float | None], window: int = _WINDOW) -> str:
    """The direction of the last ``window`` known values: « ↗ en hausse (défavorable) », « ↘ en baisse
    (favorable) », or « → stable » when the change along their least-squares line is no larger than
    their mean month-to-month variation; « ? trop peu de données » under 3 values."""
    known = [v for v in values if v is not None][-window:]
    if len(known) < 3:
        return "? trop peu de données"
    change = _slope(known) * (len(known) - 1)
    noise = sum(abs(b - a) for a, b in itertools.pairwise(known)) / (len(known) - 1)
    if abs(change) <= noise:
        return TRENDS["stable"]
    direction = "hausse" if change > 0 else "baisse"
    return f"{TRENDS[direction]} ({'favorable' if direction == indicator.sens else 'défavorable'})"


def _target(indicator: Indicator, value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value_text(value, indicator.unite)} ({'baisse' if indicator.sens == 'baisse' else 'hausse'} " \
           "souhaitée)"


def drift_texts(indicator: Indicator, periods: Sequence[str], values: Sequence[float | None],
                found: Sequence[Signal]) -> list[str]:
    """The drifts of a series: the control-chart signals month by month, then the months ending three
    degradations in a row (:func:`~qsecase.methods.dashboard.trend`)."""
    texts = [f"Carte de contrôle : {signals_text(periods, found)}"] if found else []
    worse = trend(dict(zip(periods, values, strict=True)), periods, sens=indicator.sens)
    if worse:
        months = ", ".join(map(month_label, worse))
        texts.append(f"Tendance défavorable (3 dégradations de suite) en {months}")
    return texts


def charts_and_signals(indicators: Sequence[Indicator], periods: Sequence[str],
                       data: Mapping[str, Mapping[str, float | None]], *, baseline: int | None = None,
                       run: int = 8) -> tuple[dict[str, ControlChart], dict[str, list[Signal]]]:
    """The control chart of each indicator (on its first ``baseline`` months, all by default) and its
    signals, keyed by indicator id; an indicator with too few values has neither."""
    charts: dict[str, ControlChart] = {}
    signals: dict[str, list[Signal]] = {}
    for ind in indicators:
        values = series_of(ind, data, periods)
        try:
            charts[ind.id] = control_chart(values, baseline)
        except ValueError:
            continue
        signals[ind.id] = control_signals(values, charts[ind.id], run)
    return charts, signals


def missing_data(indicators: Sequence[Indicator], periods: Sequence[str],
                 data: Mapping[str, Mapping[str, float | None]]) -> list[tuple[Indicator, str]]:
    """(indicator, month) of every missing datum (in a month where the indicator is measured)."""
    return [(ind, period) for ind in indicators
            for period, value in zip(periods, series_of(ind, data, periods), strict=True)
            if value is None and is_expected(ind, period)]


def _reminder_cell(ind: Indicator, period: str, sent: Sequence[Reminder], due: set[tuple[str, str]]) -> str:
    names = {ind.id.casefold(), ind.nom.casefold(), ind.colonne.casefold()} - {""}
    done = next((r for r in sent if r.periode == period and r.indicateur.strip().casefold() in names), None)
    if done is not None:
        when = f" le {done.date:%d/%m/%Y}" if done.date else ""
        return f"{_hidden('✔')} relancé{when} ({esc(done.service)})"
    return f"{_hidden('⚠')} à relancer" if (ind.id, period) in due else f"{_hidden('◷')} pas encore due"


def _drift_cell(ind: Indicator, periods: Sequence[str], values: Sequence[float | None],
                signals: Mapping[str, Sequence[Signal]]) -> str:
    texts = drift_texts(ind, periods, values, by_indicator(signals, ind, ()))
    return "<ul>" + "".join(f"<li>{esc(t)}</li>" for t in texts) + "</ul>" if texts else "aucun signal"


def dashboard_html(indicators: Sequence[Indicator], periods: Sequence[str],
                   data: Mapping[str, Mapping[str, float | None]], today: dt.date, *,
                   signals: Mapping[str, Sequence[Signal]] | None = None,
                   reminders: Sequence[Reminder] = ()) -> str:
    """The dashboard table, then the table of the missing data and their reminders.

    Args:
        indicators: The indicators defined by the trainee.
        periods: The months shown, « AAAA-MM ».
        data: A series (period → value) per column (the indicator's ``colonne``, else its id).
        today: Date of the dashboard: a missing datum past its due date is « à relancer »
            (:func:`~qsecase.methods.dashboard.reminders_due`).
        signals: Control-chart signals keyed by indicator id; ``None`` computes them on every month
            (:func:`charts_and_signals`).
        reminders: The reminders the trainee sent (« ✔ relancé »).
    """
    if not indicators:
        return "<p>Aucun indicateur défini.</p>"
    if signals is None:
        signals = charts_and_signals(indicators, periods, data)[1]
    rows = []
    for ind in indicators:
        values = series_of(ind, data, periods)
        last = last_value(periods, values)
        latest = f"{value_text(last[1], ind.unite)} ({month_label(last[0])})" if last else "—"
        rows.append((esc(f"{ind.id} — {ind.nom}"), esc(ind.definition or "—"), esc(ind.responsable or "—"),
                     esc(ind.source or "—"), esc(ind.frequence), esc(_target(ind, ind.objectif)),
                     esc(value_text(ind.seuil_alerte, ind.unite)) if ind.seuil_alerte is not None else "—",
                     esc(latest), _marked(status_text(ind, last[1] if last else None)),
                     _marked(trend_text(ind, values)), _drift_cell(ind, periods, values, signals)))
    span = f"{month_label(periods[0])} à {month_label(periods[-1])}" if periods else "aucun mois"
    parts = [table_html(f"Tableau de bord QSE au {today:%d/%m/%Y} : {len(indicators)} indicateurs, {span}",
                        ["Indicateur", "Définition", "Responsable", "Source", "Fréquence", "Objectif",
                         "Seuil d'alerte", "Dernière valeur", "Statut", "Tendance", "Signaux de dérive"],
                        rows, row_headers=True, raw=True)]
    missing = missing_data(indicators, periods, data)
    due = {(r.indicateur, r.periode) for r in reminders_due(indicators, data, today)}
    lines = [(esc(f"{ind.id} — {ind.nom}"), esc(month_label(period)),
              esc(ind.source or ind.responsable or "—"), _reminder_cell(ind, period, reminders, due))
             for ind, period in missing]
    caption = f"Données manquantes et relances : {len(missing)} donnée{'s' if len(missing) > 1 else ''} " \
              f"manquante{'s' if len(missing) > 1 else ''}"
    parts.append(table_html(caption, ["Indicateur", "Mois", "Service à relancer", "Relance"], lines,
                            row_headers=True, raw=True) if lines else "<p>Aucune donnée manquante.</p>")
    return "".join(parts)


_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:11pt;line-height:1.4;color:#000;
background:#fff;margin:1.5em auto;max-width:80em;padding:0 1em}
h1{font-size:1.7em;margin:0.3em 0}h2{font-size:1.35em;margin-top:1.6em;border-bottom:2px solid #000}
th,td{overflow-wrap:break-word}caption{padding:0.3em 0}
img{max-width:100%;height:auto}
@page{size:A4 landscape;margin:12mm}
@media print{body{font-size:9pt;margin:0;max-width:none;padding:0}thead{display:table-header-group}
tr,figure{break-inside:avoid}h2{break-after:avoid}section.figures{break-before:page}}
"""


def dashboard_document_html(title: str, indicators: Sequence[Indicator], periods: Sequence[str],
                            data: Mapping[str, Mapping[str, float | None]], today: dt.date, *,
                            charts: Mapping[str, ControlChart | None] | None = None,
                            signals: Mapping[str, Sequence[Signal]] | None = None,
                            reminders: Sequence[Reminder] = (), figures: bool = True) -> str:
    """The dashboard as a standalone accessible page (``<!doctype html>``, ``lang="fr"``) to print:
    the table, the missing data, then the figure with its text alternative. Without ``charts`` and
    ``signals``, both are computed on every month (:func:`charts_and_signals`)."""
    if charts is None and signals is None:
        charts, signals = charts_and_signals(indicators, periods, data)
    parts = ['<section id="tableau"><h2>Tableau de bord</h2>'
             + dashboard_html(indicators, periods, data, today, signals=signals, reminders=reminders)
             + "</section>"]
    if figures and indicators:
        fig = dashboard_figure(indicators, periods, data, charts, signals)
        parts.append('<section id="graphiques" class="figures"><h2>Graphiques</h2><p>Le tableau ci-dessus '
                     "donne, sous forme de texte, ce que montrent les graphiques.</p><figure>"
                     + figure_to_html(fig, dashboard_alt(indicators, periods, data, charts, signals), dpi=90)
                     + "<figcaption>Un graphique par indicateur : objectif en trait plein, seuil d'alerte en "
                     "pointillés, limites de contrôle en tirets, signaux marqués par une forme et un nom, "
                     "mois manquants hachurés.</figcaption></figure></section>")
    return ('<!doctype html>\n<html lang="fr"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>"
            f"<header><h1>{esc(title)}</h1><p>Situation au {today:%d/%m/%Y}.</p></header>"
            f"<main>{''.join(parts)}</main></body></html>")


def _title(ws: Any, text: str, note: str) -> None:
    from openpyxl.styles import Font

    ws["A1"] = text
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = note


def dashboard_workbook(title: str, indicators: Sequence[Indicator], periods: Sequence[str],
                       data: Mapping[str, Mapping[str, float | None]],
                       signals: Mapping[str, Sequence[Signal]] | None = None) -> bytes:
    """The workbook: « Tableau de bord » (one row per indicator), « Données » (months × indicators,
    « ? » for a missing datum), « Dérives » (one row per control-chart signal; computed on every
    month when ``signals`` is ``None``)."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    wb = Workbook()
    board = wb.active
    board.title = SHEETS[0]
    _title(board, title, "Statut et tendance en symbole et en mot ; valeurs calculées à l'export.")
    board.append([])
    board.append(["Id", "Indicateur", "Définition", "Unité", "Responsable", "Source", "Fréquence",
                  "Sens souhaité", "Objectif", "Seuil d'alerte", "Dernière valeur", "Mois", "Statut",
                  "Tendance"])
    sheet = wb.create_sheet(SHEETS[1])
    _title(sheet, f"{title} — données mensuelles", f"« {MISSING_CELL} » : donnée manquante, à relancer.")
    sheet.append([])
    sheet.append(["Mois", *(f"{i.id} — {i.nom}" + (f" ({i.unite})" if i.unite else "") for i in indicators)])
    drifts = wb.create_sheet(SHEETS[2])
    _title(drifts, f"{title} — dérives", "Signaux des règles de la carte de contrôle.")
    drifts.append([])
    drifts.append(["Id", "Indicateur", "Mois", "Signal", "Règle", "Valeur"])
    series = {i.id: series_of(i, data, periods) for i in indicators}
    if signals is None:
        signals = charts_and_signals(indicators, periods, data)[1]
    for ind in indicators:
        last = last_value(periods, series[ind.id])
        board.append([ind.id, ind.nom, ind.definition, ind.unite, ind.responsable, ind.source, ind.frequence,
                      ind.sens, ind.objectif, ind.seuil_alerte, last[1] if last else None,
                      last[0] if last else None, status_text(ind, last[1] if last else None),
                      trend_text(ind, series[ind.id])])
        for s in by_indicator(signals, ind, ()):
            inside = 0 <= s.index < len(periods)
            drifts.append([ind.id, ind.nom, periods[s.index] if inside else None, s.label, s.rule,
                           series[ind.id][s.index] if inside else None])
    grey = PatternFill("lightGray", fgColor="FF999999")
    for n, period in enumerate(periods):
        sheet.append([period, *(MISSING_CELL if series[i.id][n] is None else series[i.id][n]
                                for i in indicators)])
        for cell in sheet[sheet.max_row][1:]:
            if cell.value == MISSING_CELL:
                cell.fill = grey
    lay_out_table(board, _HEAD, [7, 28, 36, 9, 18, 18, 12, 10, 10, 10, 11, 10, 14, 26], freeze_column="C")
    lay_out_table(sheet, _HEAD, [10, *([18] * len(indicators))], freeze_column="B")
    lay_out_table(drifts, _HEAD, [7, 28, 10, 18, 14, 10])
    for ws in (board, sheet, drifts):
        keep_text(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
