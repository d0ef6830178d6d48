"""Dashboard figures: the monthly chart of one indicator and the small multiples of the dashboard,
with their text alternatives.

Nothing relies on colour alone: the objective is a solid line and the alert threshold a dotted line,
each named in a text at its right end; the control limits are dashed lines named « LSC », « LC »,
« LIC »; each control-chart signal is a marker whose shape depends on its rule, and the name of the
rule (« WE1 », « Tendance »…) is written where it starts, in a band at the top of the chart linked to
the point by a dotted leader; a missing month is a hatched band with « ? donnée manquante ». The
latest status is a symbol and a word (« ✔ atteint ») in each panel title. The texts shared by the
dashboard views (months, values, statuses, signals) live here too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from qsecase.methods.control_chart import ControlChart, Signal
from qsecase.methods.dashboard import STATUS_SYMBOLS, Indicator, status
from qsecase.views.palette import (
    BLACK,
    BLUE,
    BLUISH_GREEN,
    GREY,
    VERMILLION,
    WHITE,
    figure_style,
    fr_number,
    measure,
    wrap_text,
)
from qsecase.views.planning_gantt import MONTHS

__all__ = ["SIGNAL_MARKERS", "by_indicator", "dashboard_alt", "dashboard_figure", "draw_indicator",
           "indicator_alt", "indicator_chart", "is_expected", "last_value", "lower_limit", "month_label",
           "rule_text", "series_of", "signal_short", "signals_text", "status_text", "value_text"]

#: Marker shape of each control-chart rule (« X » for any other rule).
SIGNAL_MARKERS: dict[str, str] = {"WE1": "D", "WE2": "^", "WE3": "s", "WE4": "v", "N3": "P"}
_SHORT = {"N3": "Tendance"}
_ROWS = 3  # rows of signal names at the top of a chart
_ROW_IN = 0.22  # height of a row (inches)
_MEASURED = {"mensuelle": range(1, 13), "trimestrielle": (3, 6, 9, 12), "annuelle": (12,)}

_PT = 10.0
_MISSING = "? donnée manquante"
_TEXT_BOX = {"boxstyle": "round,pad=0.15", "facecolor": WHITE, "edgecolor": "none", "alpha": 0.9}
# (name, line style, colour, width) of the horizontal reference lines
_OBJECTIVE = ("Objectif", "-", BLUISH_GREEN, 2.2)
_THRESHOLD = ("Seuil d'alerte", ":", VERMILLION, 2.4)
_LIMIT = ("", "--", BLACK, 1.2)
_CENTRE = ("", (0, (6, 3)), GREY, 1.2)


# --- texts shared by the dashboard views ------------------------------------------------------------
def month_label(period: str) -> str:
    """« 2026-07 » → « juil. 2026 » (any other text as given)."""
    year, _, month = period.partition("-")
    if year.isdigit() and month[:2].isdigit() and 1 <= int(month[:2]) <= 12:
        return f"{MONTHS[int(month[:2]) - 1]} {year}"
    return period


def value_text(value: float, unit: str = "") -> str:
    """« 4,2 % », « 12 accidents », « 3,5 » (French notation)."""
    number = fr_number(round(float(value), 2), 2)
    number = number.rstrip("0").rstrip(",") if "," in number else number
    return f"{number}\u202f%" if unit.strip() == "%" else f"{number} {unit}".strip()


def series_of(indicator: Indicator, data: Mapping[str, Mapping[str, float | None]],
              periods: Sequence[str]) -> list[float | None]:
    """The values of ``indicator`` for ``periods``: ``data`` holds a series (period → value) per column
    (the indicator's ``colonne``, else its id); ``None`` for a missing month (absent, ``None``, NaN)."""
    series = data.get(indicator.colonne or indicator.id) or {}
    values = [series.get(p) for p in periods]
    return [None if v is None or math.isnan(v) else float(v) for v in values]


def is_expected(indicator: Indicator, period: str) -> bool:
    """Whether ``indicator`` is measured in ``period`` (a quarterly one in March, June, September and
    December, a yearly one in December)."""
    month = period[5:7]
    return not month.isdigit() or int(month) in _MEASURED[indicator.frequence]


def last_value(periods: Sequence[str], values: Sequence[float | None]) -> tuple[str, float] | None:
    """The latest month with a value, and the value."""
    for period, value in zip(reversed(periods), reversed(list(values)[:len(periods)]), strict=False):
        if value is not None:
            return period, value
    return None


def status_text(indicator: Indicator, value: float | None) -> str:
    """« ✔ atteint », « ⚠ vigilance », « ✖ alerte », « – sans objectif »; « ? aucune donnée »."""
    if value is None:
        return "? aucune donnée"
    state = status(indicator, value)
    return f"{STATUS_SYMBOLS[state]} {state}"


def signal_short(rule: str) -> str:
    """The short name of a rule written beside its point: « WE1 », « Tendance »."""
    return _SHORT.get(rule, rule)


def rule_text(signal: Signal) -> str:
    """The rule broken, without the side: « 1 point au-delà de 3 σ »."""
    return signal.label.split(" (")[0]


def signals_text(periods: Sequence[str], signals: Sequence[Signal]) -> str:
    """The signals month by month, then what each rule means: « avr. 2026 : WE1 ; mai 2026 : WE1, WE2
    (WE1 : 1 point au-delà de 3 σ ; WE2 : …) »; « aucun signal »."""
    months: dict[int, list[str]] = {}
    for s in signals:
        if 0 <= s.index < len(periods):
            months.setdefault(s.index, []).append(signal_short(s.rule))
    if not months:
        return "aucun signal"
    order = list(SIGNAL_MARKERS)
    rules = {s.rule: f"{signal_short(s.rule)} : {rule_text(s)}"
             for s in sorted(signals, key=lambda s: order.index(s.rule) if s.rule in order else len(order))}
    by_month = [f"{month_label(periods[i])} : {', '.join(dict.fromkeys(months[i]))}" for i in sorted(months)]
    return " ; ".join(by_month) + f" ({' ; '.join(rules.values())})"


def by_indicator(mapping: Mapping[str, object] | None, indicator: Indicator, default: object = None) -> Any:
    """The entry of ``indicator`` in ``mapping`` (charts, signals): by its id, else by its column."""
    mapping = mapping or {}
    fallback = mapping.get(indicator.colonne, default) if indicator.colonne else default
    return mapping.get(indicator.id, fallback)


def lower_limit(chart: ControlChart, values: Sequence[float | None]) -> float | None:
    """The lower control limit, ``None`` when it is negative for a series that never is."""
    known = [v for v in values if v is not None]
    return None if chart.lcl < 0 <= min(known, default=0.0) else chart.lcl


def _ticks(ax: Axes, periods: Sequence[str], width_in: float) -> None:
    step = max(1, math.ceil(len(periods) * 0.5 / max(1.0, width_in)))
    kept = list(range(0, len(periods), step))
    labels = []
    for n in kept:
        label = month_label(periods[n])
        month, _, year = label.partition(" ")
        labels.append(f"{month}\n{year}" if n == 0 or month == "janv." else month)
    ax.set_xticks(kept, labels, fontsize=_PT)


def _reference_lines(chart: ControlChart | None, indicator: Indicator,
                     values: Sequence[float | None]) -> list[tuple[float, tuple, str]]:
    """(value, style, label) of the horizontal lines: objective, threshold, control limits."""
    lines: list[tuple[float, tuple, str]] = []
    unit = indicator.unite
    if indicator.objectif is not None:
        lines.append((indicator.objectif, _OBJECTIVE, f"Objectif : {value_text(indicator.objectif, unit)}"))
    if indicator.seuil_alerte is not None:
        lines.append((indicator.seuil_alerte, _THRESHOLD,
                      f"Seuil d'alerte : {value_text(indicator.seuil_alerte, unit)}"))
    if chart is not None:
        lines.append((chart.ucl, _LIMIT, f"LSC : {value_text(chart.ucl, unit)}"))
        lines.append((chart.centre, _CENTRE, f"LC : {value_text(chart.centre, unit)}"))
        lcl = lower_limit(chart, values)
        if lcl is not None:
            lines.append((lcl, _LIMIT, f"LIC : {value_text(lcl, unit)}"))
    return lines


def _spread(fractions: list[float], gap: float) -> list[float]:
    """Label heights (axes fraction, sorted) pushed apart by at least ``gap``, kept in [0, 1]."""
    out = list(fractions)
    for n in range(1, len(out)):
        out[n] = max(out[n], out[n - 1] + gap)
    if out and out[-1] > 1:
        out[-1] = 1.0
        for n in range(len(out) - 2, -1, -1):
            out[n] = min(out[n], out[n + 1] - gap)
    return out


def draw_indicator(ax: Axes, indicator: Indicator, periods: Sequence[str], values: Sequence[float | None], *,
                   chart: ControlChart | None = None, signals: Sequence[Signal] = (),
                   height_in: float = 3.0, width_in: float = 6.0) -> None:
    """The monthly chart of ``indicator`` on ``ax`` (see :func:`indicator_chart`)."""
    xs = list(range(len(periods)))
    ys = [math.nan if v is None else float(v) for v in values]
    lines = _reference_lines(chart, indicator, values)
    known = [y for y in ys if not math.isnan(y)] + [v for v, _, _ in lines]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    pad = (high - low) * 0.12 or max(1.0, abs(high) * 0.1)
    ymin, ymax = (low - pad, high + pad * 2.2)
    if low >= 0 > ymin:
        ymin = -0.4 * pad
    if signals:  # room for the band of signal names
        ymax = ymin + (high + pad - ymin) / (1 - (_ROWS * _ROW_IN + 0.1) / height_in)
    ax.set_xlim(-0.6, max(0, len(periods) - 1) + 0.6)
    ax.set_ylim(ymin, ymax)
    for value, (_, style, colour, width), _ in lines:
        ax.axhline(value, linestyle=style, color=colour, linewidth=width, zorder=2)
    order = sorted(range(len(lines)), key=lambda n: lines[n][0])
    heights = _spread([(lines[n][0] - ymin) / (ymax - ymin) for n in order], 0.19 / height_in)
    for n, y in zip(order, heights, strict=True):
        ax.text(1.01, y, lines[n][2], transform=ax.transAxes, ha="left", va="center", fontsize=_PT,
                clip_on=False, gid=f"ligne:{lines[n][2].split(' :')[0]}")
    measured = [x for x in xs if is_expected(indicator, periods[x])]
    ax.plot(measured, [ys[x] for x in measured], color=BLUE, linewidth=2, marker="o", markersize=6,
            markerfacecolor=BLUE, markeredgecolor=WHITE, zorder=4, label="Valeur mensuelle")
    bottom = blended_transform_factory(ax.transData, ax.transAxes)
    for x in measured:
        if math.isnan(ys[x]):
            ax.axvspan(x - 0.35, x + 0.35, facecolor="#EDEDED", hatch="//", edgecolor=GREY, linewidth=0,
                       zorder=1)
            ax.text(x, 0.04, _MISSING, transform=bottom, rotation=90, ha="center", va="bottom",
                    fontsize=_PT, bbox=_TEXT_BOX, zorder=5, gid=f"manquant:{periods[x]}")
    _draw_signals(ax, ys, signals, width_in, height_in)
    _ticks(ax, periods, width_in)
    ax.set_ylabel(indicator.unite or "Valeur", fontsize=_PT)
    ax.grid(axis="y", color="#D9D9D9", linewidth=0.6, zorder=0)


def _draw_signals(ax: Axes, ys: Sequence[float], signals: Sequence[Signal], width_in: float,
                  height_in: float) -> None:
    """A marker per signal, its shape given by the rule (nested when a point breaks several rules);
    above, in a band of :data:`_ROWS` rows at the top of the axes, the names of the rules a point
    breaks and the previous point did not, each linked to its point by a dotted leader."""
    by_point: dict[int, list[str]] = {}
    for s in signals:
        if 0 <= s.index < len(ys) and not math.isnan(ys[s.index]):
            by_point.setdefault(s.index, []).append(s.rule)
    xmin, xmax = ax.get_xlim()
    per_inch = (xmax - xmin) / width_in
    ends = [-math.inf] * _ROWS
    band = blended_transform_factory(ax.transData, ax.transAxes)
    for x in sorted(by_point):
        rules = list(dict.fromkeys(by_point[x]))
        for k, rule in enumerate(rules):
            ax.plot([x], [ys[x]], linestyle="none", marker=SIGNAL_MARKERS.get(rule, "X"),
                    markersize=14 + 5 * k, markerfacecolor="none", markeredgecolor=VERMILLION,
                    markeredgewidth=2, zorder=6)
        new = [r for r in rules if r not in by_point.get(x - 1, ())]
        if not new:
            continue
        text = ", ".join(signal_short(r) for r in new)
        half = (measure(text, _PT, weight="bold")[0] / 2 + 0.04) * per_inch
        where = min(max(x, xmin + half), xmax - half)
        free = [r for r in range(_ROWS) if ends[r] < where - half]
        row = free[0] if free else min(range(_ROWS), key=ends.__getitem__)
        ends[row] = where + half
        ax.annotate(text, (x, ys[x]), xytext=(where, 0.985 - row * _ROW_IN / height_in), textcoords=band,
                    ha="center", va="top", fontsize=_PT, fontweight="bold", bbox=_TEXT_BOX, zorder=7,
                    arrowprops={"arrowstyle": "-", "color": VERMILLION, "linewidth": 0.9, "linestyle": ":",
                                "shrinkA": 0, "shrinkB": 9}, gid=f"signal:{x}")


def _panel_title(indicator: Indicator, periods: Sequence[str], values: Sequence[float | None],
                 width: int) -> str:
    found = last_value(periods, values)
    state = status_text(indicator, found[1] if found else None)
    when = f" ({month_label(found[0])} : {value_text(found[1], indicator.unite)})" if found else ""
    return f"{wrap_text(f'{indicator.id} — {indicator.nom}', width)}\n{state}{when}"


def _legend(fig: Figure, indicators: Sequence[Indicator], charted: bool, signals: Sequence[Signal],
            missing: bool) -> None:
    handles: list[Patch | Line2D] = [Line2D([], [], color=BLUE, marker="o", linewidth=2,
                                            label="Valeur mensuelle")]
    if any(i.objectif is not None for i in indicators):
        handles.append(Line2D([], [], color=BLUISH_GREEN, linewidth=2.2, label="Objectif (trait plein)"))
    if any(i.seuil_alerte is not None for i in indicators):
        handles.append(Line2D([], [], color=VERMILLION, linestyle=":", linewidth=2.4,
                              label="Seuil d'alerte (pointillés)"))
    if charted:
        handles.append(Line2D([], [], color=BLACK, linestyle="--", linewidth=1.2,
                              label="LSC, LIC : limites de contrôle,\nmoyenne ± 3 σ (tirets)"))
        handles.append(Line2D([], [], color=GREY, linestyle=(0, (6, 3)), linewidth=1.2,
                              label="LC : ligne centrale (moyenne)"))
    for s in {s.rule: s for s in signals}.values():
        handles.append(Line2D([], [], linestyle="none", marker=SIGNAL_MARKERS.get(s.rule, "X"), markersize=11,
                              markerfacecolor="none", markeredgecolor=VERMILLION, markeredgewidth=2,
                              label=wrap_text(f"{signal_short(s.rule)} : {rule_text(s)}", 42)))
    if missing:
        handles.append(Patch(facecolor="#EDEDED", hatch="//", edgecolor=GREY,
                             label=f"{_MISSING} : mois sans valeur"))
    fig.legend(handles=handles, loc="outside lower left", ncol=3, frameon=False, fontsize=_PT,
               handleheight=1.4, handlelength=2.6)


def indicator_chart(indicator: Indicator, periods: Sequence[str], values: Sequence[float | None], *,
                    chart: ControlChart | None = None, signals: Sequence[Signal] = (),
                    title: str = "") -> Figure:
    """The monthly chart of one indicator (no pyplot).

    Args:
        indicator: The indicator (objective, alert threshold, unit).
        periods: The months, « AAAA-MM ».
        values: One value per month, ``None`` for a missing datum (a gap in the line).
        chart: The control chart of the series (:func:`~qsecase.methods.control_chart.control_chart`).
        signals: Its signals (:func:`~qsecase.methods.control_chart.control_signals`), each marked on
            its point by a shape and a name.
        title: Title (default: the indicator and its latest status).

    Returns:
        The figure; use it with :func:`~qsecase.views.render.figure_to_html` and :func:`indicator_alt`.
    """
    values = list(values)
    with figure_style():
        fig = Figure(figsize=(9.5, 5.6), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        draw_indicator(ax, indicator, periods, values, chart=chart, signals=signals, height_in=3.4,
                       width_in=7.5)
        ax.set_title(title or _panel_title(indicator, periods, values, 70), loc="left", fontsize=12)
        _legend(fig, [indicator], chart is not None, signals, any(v is None for v in values))
    return fig


def dashboard_figure(indicators: Sequence[Indicator], periods: Sequence[str],
                     data: Mapping[str, Mapping[str, float | None]],
                     charts: Mapping[str, ControlChart | None] | None = None,
                     signals: Mapping[str, Sequence[Signal]] | None = None) -> Figure:
    """Small multiples: one panel per indicator, same months, the latest status in each title.

    ``data`` holds a series (period → value) per column (the indicator's ``colonne``, else its id);
    ``charts`` and ``signals`` are keyed by indicator id (:func:`by_indicator`). Use it with
    :func:`~qsecase.views.render.figure_to_html` and :func:`dashboard_alt`.
    """
    ncols = 1 if len(indicators) <= 1 else 2
    nrows = max(1, math.ceil(len(indicators) / ncols))
    every: list[Signal] = []
    missing = charted = False
    with figure_style():
        fig = Figure(figsize=(7.4 * ncols, 3.7 * nrows + 1.8), layout="constrained")
        FigureCanvasAgg(fig)
        for n, ind in enumerate(indicators):
            values = series_of(ind, data, periods)
            chart, found = by_indicator(charts, ind), by_indicator(signals, ind, ())
            every.extend(found)
            missing, charted = missing or None in values, charted or chart is not None
            ax = fig.add_subplot(nrows, ncols, n + 1)
            draw_indicator(ax, ind, periods, values, chart=chart, signals=found, height_in=2.4, width_in=5.0)
            ax.set_title(_panel_title(ind, periods, values, 48), loc="left", fontsize=11)
        if not indicators:
            fig.text(0.5, 0.5, "(aucun indicateur)", ha="center", va="center", fontstyle="italic")
        fig.suptitle("Tableau de bord QSE : un graphique par indicateur", x=0.0, ha="left", fontweight="bold")
        _legend(fig, indicators, charted, every, missing)
    return fig


# --- text alternatives ------------------------------------------------------------------------------
def indicator_alt(indicator: Indicator, periods: Sequence[str], values: Sequence[float | None], *,
                  chart: ControlChart | None = None, signals: Sequence[Signal] = ()) -> str:
    """French description of :func:`indicator_chart` for screen readers."""
    unit = indicator.unite
    known = [v for v in values if v is not None]
    missing = [month_label(p) for p, v in zip(periods, values, strict=False) if v is None]
    span = f"de {month_label(periods[0])} à {month_label(periods[-1])}" if periods else "sans mois"
    parts = [f"Graphique mensuel de l'indicateur {indicator.id} « {indicator.nom} » {span} : "
             f"{len(known)} valeur{'s' if len(known) > 1 else ''} sur {len(periods)}."]
    if missing:
        parts.append("Donnée manquante : " + ", ".join(missing) + ".")
    if known:
        parts.append(f"Minimum {value_text(min(known), unit)}, maximum {value_text(max(known), unit)}.")
    targets = [f"objectif {value_text(indicator.objectif, unit)}" if indicator.objectif is not None else "",
               f"seuil d'alerte {value_text(indicator.seuil_alerte, unit)}"
               if indicator.seuil_alerte is not None else "", f"{indicator.sens} souhaitée"]
    parts.append(" ; ".join(t for t in targets if t).capitalize() + ".")
    found = last_value(periods, values)
    if found:
        parts.append(f"Dernière valeur : {value_text(found[1], unit)} en {month_label(found[0])}, statut "
                     f"{status_text(indicator, found[1]).split(' ', 1)[-1]}.")
    if chart is not None:
        low = lower_limit(chart, values)
        lcl = f", limite inférieure {value_text(low, unit)}" if low is not None else ""
        parts.append(f"Carte de contrôle : moyenne {value_text(chart.centre, unit)}, limite supérieure "
                     f"{value_text(chart.ucl, unit)}{lcl}.")
    if signals:
        parts.append(f"Signaux de la carte de contrôle : {signals_text(periods, signals)}.")
    return " ".join(parts)


def dashboard_alt(indicators: Sequence[Indicator], periods: Sequence[str],
                  data: Mapping[str, Mapping[str, float | None]],
                  charts: Mapping[str, ControlChart | None] | None = None,
                  signals: Mapping[str, Sequence[Signal]] | None = None) -> str:
    """French description of :func:`dashboard_figure`: one paragraph per indicator."""
    parts = [f"Tableau de bord QSE : {len(indicators)} graphique{'s' if len(indicators) > 1 else ''}, un par "
             "indicateur."]
    for ind in indicators:
        parts.append(indicator_alt(ind, periods, series_of(ind, data, periods),
                                   chart=by_indicator(charts, ind), signals=by_indicator(signals, ind, ())))
    return " ".join(parts)
