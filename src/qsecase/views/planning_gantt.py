"""Gantt chart of a plan (one bar per task on a calendar axis), with its text alternative.

Nothing relies on colour alone: a critical task is hatched **and** marked « ★ critique », a
milestone is a diamond « ◆ », the status is a symbol (☐ ◐ ☑) at the end of the bar, the progress a
black band inside the bar, a late task is marked « ⚠ retard ». Geometry is computed in inches: each
task has its own row, as high as its label (at most two lines, cut with « … »), so the figure grows
with the plan and no two labels overlap, even for 60 tasks. The accessible version of the chart is
the schedule table of :mod:`qsecase.views.planning_html`.

The helpers shared by the planning views (labels, status symbols, summary of the plan) live here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from qsecase.methods.planning import STATUSES, Scheduled, Task, critical_paths
from qsecase.methods.tracking import alerts
from qsecase.views.palette import (
    BLACK,
    FONT_FAMILY,
    MIN_FONT_SIZE,
    SKY_BLUE,
    VERMILLION,
    WHITE,
    figure_style,
    measure,
    wrap_text,
)
from qsecase.views.sst_register_view import tint

__all__ = ["CRITICAL_FILL", "CRITICAL_HATCH", "CRITICAL_MARK", "LATE_MARK", "MILESTONE_MARK", "MONTHS",
           "NORMAL_FILL", "clip_lines", "gantt", "gantt_alt", "late_tasks", "paths_text", "plan_span",
           "plural", "short_label", "status_symbol", "task_label"]

CRITICAL_MARK = "★ critique"
LATE_MARK = "⚠ retard"
MILESTONE_MARK = "◆"
#: French abbreviations of the months (Imprimerie nationale usage).
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
          "déc.")
NORMAL_FILL = tint(SKY_BLUE, 0.55)
CRITICAL_FILL = tint(VERMILLION, 0.55)
CRITICAL_HATCH = "xx"

_PT = MIN_FONT_SIZE  # every text of the chart but the title
_LABEL_WIDTH = 36  # characters per line of a task label
_LABEL_LINES = 2
_CHART = 10.0  # width of the time axis (inches)
_TEXT_GAP = 0.08  # between a bar and the text at its end (inches)
_ROW_GAP = 0.12  # between the texts of two rows (inches)
_BAND = 0.32  # height of the band of the tick labels, and of the « aujourd'hui » label (inches)
_EDGE = "#1A1A1A"
_STRIPE = "#F2F2F2"
_GRID = "#BDBDBD"
_TODAY_STYLE = (0, (6, 2, 1, 2))


# --- shared helpers -----------------------------------------------------------------------------
def plural(n: int, word: str, words: str | None = None) -> str:
    """« 1 tâche », « 3 tâches » (``words`` for an irregular plural)."""
    return f"{n} {word if n <= 1 else (words or word + 's')}"


def status_symbol(statut: str) -> str:
    """The symbol of a status: ☐ à faire, ◐ en cours, ☑ fait."""
    return STATUSES[statut].split(" ", 1)[0]


def task_label(task: Task) -> str:
    """« T3 — Former les chefs d'équipe »."""
    return f"{task.id} — {task.nom}"


def clip_lines(text: str, width: int, lines: int) -> str:
    """``text`` wrapped to ``width`` characters, at most ``lines`` lines (cut with « … »)."""
    wrapped = wrap_text(text, width).split("\n")
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip(" ,;:") + "…"
    return "\n".join(wrapped)


def short_label(task: Task, width: int = _LABEL_WIDTH, lines: int = _LABEL_LINES) -> str:
    """:func:`task_label` wrapped to ``width`` characters, at most ``lines`` lines (cut with « … »)."""
    return clip_lines(task_label(task), width, lines)


def paths_text(scheduled: Sequence[Scheduled]) -> str:
    """The critical paths, « A → D → F » joined by « ; » (« aucun » for an empty plan)."""
    return " ; ".join(" → ".join(path) for path in critical_paths(scheduled)) or "aucun"


def late_tasks(scheduled: Sequence[Scheduled], today: dt.date | None) -> list[str]:
    """Ids of the tasks late at ``today`` (not done, planned finish past); none without a date."""
    if today is None:
        return []
    return [a.tache for a in alerts(scheduled, today) if a.level == "retard"]


def plan_span(scheduled: Sequence[Scheduled]) -> str:
    """« du 14/04/2025 au 07/05/2025, 15 jours ouvrés »."""
    if not scheduled:
        return "aucune tâche planifiée"
    first = min(s.debut for s in scheduled)
    last = max(s.fin for s in scheduled)
    days = max(s.ef for s in scheduled)
    return f"du {first:%d/%m/%Y} au {last:%d/%m/%Y}, {plural(days, 'jour ouvré', 'jours ouvrés')}"


# --- geometry -----------------------------------------------------------------------------------
def _end_text(s: Scheduled, late: bool) -> str:
    """What follows the bar: milestone, status symbol, progress, critical and late marks."""
    t = s.task
    parts = [f"{MILESTONE_MARK} jalon"] if t.jalon else []
    parts.append(status_symbol(t.statut))
    if t.statut == "en cours":
        parts.append(f"{t.avancement}\u202f%")
    if s.critical:
        parts.append(CRITICAL_MARK)
    if late:
        parts.append(LATE_MARK)
    return " ".join(parts)


def _start_x(s: Scheduled) -> float:
    """Left end of the bar (day numbers: a day is [ordinal, ordinal + 1))."""
    return float(s.debut.toordinal())


def _end_x(s: Scheduled) -> float:
    """Right end of the bar; a milestone is the middle of its day."""
    if s.task.jalon and s.task.duree == 0:
        return s.debut.toordinal() + 0.5
    return float(s.fin.toordinal() + 1)


def _week_ticks(start: dt.date, end: float) -> list[dt.date]:
    monday = start + dt.timedelta(days=(7 - start.weekday()) % 7)
    days = []
    while monday.toordinal() <= end:
        days.append(monday)
        monday += dt.timedelta(weeks=1)
    return days


def _month_ticks(start: dt.date, end: float) -> list[dt.date]:
    day = start.replace(day=1)
    if day < start:
        day = (day + dt.timedelta(days=32)).replace(day=1)
    days = []
    while day.toordinal() <= end:
        days.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return days


def _ticks(xmin: float, xmax: float) -> tuple[list[float], list[str], str]:
    """Positions, labels and axis title of the time axis: Mondays for a short plan, months else; one
    tick out of ``step`` so that labels never touch."""
    start = dt.date.fromordinal(math.ceil(xmin))
    inches_per_day = _CHART / (xmax - xmin)
    weekly = xmax - xmin <= 140
    days = _week_ticks(start, xmax) if weekly else _month_ticks(start, xmax)
    if weekly:
        labels = [f"{d.day} {MONTHS[d.month - 1]}" for d in days]
        years = sorted({d.year for d in days} or {start.year})
        axis = "Semaines (date du lundi), " + (str(years[0]) if years[0] == years[-1]
                                               else f"{years[0]}–{years[-1]}")
    else:
        labels = [f"{MONTHS[d.month - 1]} {d.year}" for d in days]
        axis = "Mois"
    widest = max((measure(label, _PT)[0] for label in labels), default=0.0) + 0.15
    gap = 7 if weekly else 28
    step = max(1, math.ceil(widest / (gap * inches_per_day)))
    kept = list(range(0, len(days), step))
    return [float(days[k].toordinal()) for k in kept], [labels[k] for k in kept], axis


def _legend_handles(today: dt.date | None) -> list[Patch | Line2D]:
    handles: list[Patch | Line2D] = [
        Patch(facecolor=NORMAL_FILL, edgecolor=_EDGE, label="Tâche : barre du début à la fin prévus"),
        Patch(facecolor=CRITICAL_FILL, edgecolor=_EDGE, hatch=CRITICAL_HATCH, linewidth=1.6,
              label=f"{CRITICAL_MARK} : hachurée, marge totale nulle"),
        Patch(facecolor=BLACK, edgecolor=BLACK, label="Bande noire : partie réalisée"),
        Line2D([], [], marker="D", color="none", markerfacecolor=WHITE, markeredgecolor=BLACK,
               markersize=10, label=f"{MILESTONE_MARK} jalon : point de validation (plein s'il est "
               "critique)"),
    ]
    if today is not None:
        handles.append(Line2D([], [], color=BLACK, linestyle=_TODAY_STYLE, linewidth=1.6,
                              label=f"Aujourd'hui ({today:%d/%m/%Y})"))
    return handles


_LEGEND_TITLE = ("En bout de barre, le statut : ☐ à faire, ◐ en cours (avec le pourcentage réalisé), "
                 f"☑ fait ; {LATE_MARK} : fin prévue dépassée et tâche non faite")


def _draw_rows(ax: Axes, scheduled: Sequence[Scheduled], labels: Sequence[str], ends: Sequence[str],
               label_x: float, text_gap_days: float) -> None:
    """Stripes, labels (left of the axes), bars, progress, milestones and texts at the bar ends.

    Limits are set beforehand: patches go in with ``add_artist``, which skips the data-limit
    update of ``add_patch`` (most of the time spent for hundreds of tasks)."""
    xmin, xmax = ax.get_xlim()
    ax.add_collection(PatchCollection([Rectangle((xmin, i - 0.5), xmax - xmin, 1)
                                       for i in range(1, len(scheduled), 2)],
                                      facecolor=_STRIPE, edgecolor="none", zorder=0))
    label_transform = ax.get_yaxis_transform()  # x in axes fraction, y in rows
    for i, s in enumerate(scheduled):
        ax.text(label_x, i, labels[i], ha="left", va="center", fontsize=_PT, transform=label_transform,
                clip_on=False, gid=f"etiquette:{s.task.id}")
        t = s.task
        done = 100 if t.statut == "fait" else t.avancement
        if t.jalon and t.duree == 0:
            x = _end_x(s)
            ax.plot([x], [i], marker="D", markersize=11, markerfacecolor=BLACK if s.critical else WHITE,
                    markeredgecolor=BLACK, markeredgewidth=1.5, linestyle="none", zorder=4,
                    gid=f"jalon:{t.id}")
            text_x = x + 2.2 * text_gap_days
        else:
            left, width = _start_x(s), _end_x(s) - _start_x(s)
            ax.add_artist(Rectangle((left, i - 0.32), width, 0.64, zorder=2, gid=f"tache:{t.id}",
                                   facecolor=CRITICAL_FILL if s.critical else NORMAL_FILL,
                                   hatch=CRITICAL_HATCH if s.critical else "", edgecolor=_EDGE,
                                   linewidth=1.6 if s.critical else 0.9))
            if done:
                ax.add_artist(Rectangle((left, i - 0.1), width * done / 100, 0.2, facecolor=BLACK,
                                        edgecolor="none", zorder=3, gid=f"avancement:{t.id}"))
            text_x = left + width + text_gap_days
        ax.text(text_x, i, ends[i], ha="left", va="center", fontsize=_PT, zorder=5, gid=f"fin:{t.id}")


def gantt(scheduled: Sequence[Scheduled], *, today: dt.date | None = None, title: str = "") -> Figure:
    """The Gantt chart of a scheduled plan (no pyplot).

    Args:
        scheduled: The tasks as returned by :func:`~qsecase.methods.planning.schedule` (drawn in
            that order, top to bottom).
        today: Date of the progress review: a vertical « aujourd'hui » line, and late tasks marked
            « ⚠ retard ».
        title: Title of the chart (default « Diagramme de Gantt du plan »).

    Returns:
        A figure whose height grows with the number of tasks; use it with
        :func:`~qsecase.views.render.figure_to_html` and :func:`gantt_alt`.
    """
    title = title or "Diagramme de Gantt du plan"
    late = set(late_tasks(scheduled, today))
    labels = [short_label(s.task) for s in scheduled]
    ends = [_end_text(s, s.task.id in late) for s in scheduled]
    label_sizes = [measure(label, _PT) for label in labels]
    end_sizes = [measure(text, _PT) for text in ends]
    label_w = max([w for w, _ in label_sizes] or [1.0])
    pitch = max(0.34, max([h for _, h in [*label_sizes, *end_sizes]] or [0.0]) + _ROW_GAP)
    n = max(1, len(scheduled))

    # time axis: room on the right for the longest text after a bar
    firsts = [_start_x(s) for s in scheduled] or [float(dt.date.today().toordinal())]
    if today is not None:
        firsts.append(float(today.toordinal()))
    xmin = min(firsts) - 1
    span = 7.0
    for s, (w, _) in zip(scheduled, end_sizes, strict=True):
        room = 1 - (w + 3 * _TEXT_GAP) / _CHART
        span = max(span, (_end_x(s) - xmin) / room)
    if today is not None:
        span = max(span, today.toordinal() + 2 - xmin)
    xmax = xmin + span

    # figure layout, in inches from the top
    fig_w = 0.25 + label_w + 0.2 + _CHART + 0.35
    title_text = wrap_text(title, max(20, int(fig_w * 7)))
    title_h = measure(title_text, 13, weight="bold")[1]
    subtitle = f"{plural(len(scheduled), 'tâche')}, {plan_span(scheduled)}"
    sub_h = measure(subtitle, _PT)[1]
    legend_title = wrap_text(_LEGEND_TITLE, max(40, int(fig_w * 9)))
    handles = _legend_handles(today)
    legend_h = (math.ceil(len(handles) / 2) * 0.32 + measure(legend_title, _PT)[1] + 0.3)
    top = 0.15 + title_h + 0.08 + sub_h + 0.15 + (_BAND if today else 0.0) + _BAND
    axes_h = n * pitch
    bottom = _BAND + 0.35 + 0.2 + legend_h
    fig_h = top + axes_h + bottom
    left = 0.25 + label_w + 0.2

    with figure_style():
        fig = Figure(figsize=(fig_w, fig_h))
        FigureCanvasAgg(fig)
        fig.text(0.15 / fig_w, 1 - 0.15 / fig_h, title_text, ha="left", va="top", fontsize=13,
                 fontweight="bold", fontfamily=FONT_FAMILY)
        fig.text(0.15 / fig_w, 1 - (0.15 + title_h + 0.08) / fig_h, subtitle, ha="left", va="top",
                 fontsize=_PT)
        ax = fig.add_axes((left / fig_w, bottom / fig_h, _CHART / fig_w, axes_h / fig_h))
        ax.set_xlim(xmin, xmax)
        ax.set_ylim(n - 0.5, -0.5)
        if not scheduled:
            ax.text(0.5, 0.5, "(aucune tâche)", ha="center", va="center", fontstyle="italic",
                    transform=ax.transAxes)
        positions, tick_labels, axis_title = _ticks(xmin, xmax)
        ax.set_xticks(positions, tick_labels, fontsize=_PT)
        ax.tick_params(axis="x", top=True, labeltop=True, length=4)
        ax.set_xlabel(axis_title, fontsize=_PT)
        for x in positions:
            ax.axvline(x, color=_GRID, linewidth=0.7, zorder=1)
        ax.set_yticks([])
        _draw_rows(ax, scheduled, labels, ends, -(label_w + 0.1) / _CHART, _TEXT_GAP * span / _CHART)
        if today is not None:
            x = today.toordinal() + 0.5
            ax.axvline(x, color=BLACK, linestyle=_TODAY_STYLE, linewidth=1.6, zorder=6)
            where = (x - xmin) / span
            ax.annotate(f"aujourd'hui ({today:%d/%m/%Y})", xy=(x, 1), xycoords=("data", "axes fraction"),
                        xytext=(0, _BAND * 72 + 2), textcoords="offset points", va="bottom",
                        ha="left" if where < 0.2 else "right" if where > 0.8 else "center",
                        fontsize=_PT, fontweight="bold", gid="aujourd'hui")
        fig.legend(handles=handles, loc="upper left", ncol=2, frameon=False, fontsize=_PT,
                   bbox_to_anchor=(0.15 / fig_w, (legend_h + 0.1) / fig_h), title=legend_title,
                   title_fontsize=_PT, alignment="left", handleheight=1.4)
    return fig


def gantt_alt(scheduled: Sequence[Scheduled], today: dt.date | None = None) -> str:
    """French description of :func:`gantt` for screen readers: span, critical path, statuses and,
    at ``today``, the late tasks."""
    if not scheduled:
        return "Diagramme de Gantt : aucune tâche planifiée."
    milestones = sum(1 for s in scheduled if s.task.jalon)
    paths = critical_paths(scheduled)
    counts: Counter[str] = Counter(s.task.statut for s in scheduled)
    parts = [f"Diagramme de Gantt de {plural(len(scheduled), 'tâche')} dont "
             f"{plural(milestones, 'jalon')}, {plan_span(scheduled)}.",
             f"{'Chemins critiques' if len(paths) > 1 else 'Chemin critique'} (tâches hachurées, "
             f"marquées critique) : {paths_text(scheduled)}.",
             "Statuts : " + ", ".join(f"{counts.get(k, 0)} {k}" for k in STATUSES) + "."]
    if today is not None:
        late = late_tasks(scheduled, today)
        by_id = {s.task.id: s.task for s in scheduled}
        parts.append(f"Au {today:%d/%m/%Y}, " + (
            f"{plural(len(late), 'tâche')} en retard : "
            + ", ".join(f"{tid} « {by_id[tid].nom} »" for tid in late) if late
            else "aucune tâche en retard") + ".")
    return " ".join(parts)
