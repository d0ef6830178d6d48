"""PERT / CPM network of a plan (tasks on the nodes, left to right), with its text alternative.

Each task is the classic CPM box: first row earliest start | duration | earliest finish, then the
id and the name, then latest start | total float | latest finish, and the free float at the
bottom; a sample box in the legend names the fields. Columns follow the earliest start (a task is
always right of its predecessors) and are placed by networkx's multipartite layout; in a column,
critical tasks come first (the critical path runs along the top), then the others by the rows of
their predecessors. A link that would cross a box runs along the free lane between two rows.
Critical tasks have a thick border and « ★ »; critical links are thick and solid, the others thin
and dashed, so the network reads in greyscale. Meant for plans of a few dozen tasks: the figure
grows with the network (use a low resolution to render hundreds of tasks).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, Rectangle

from qsecase.methods.planning import Scheduled
from qsecase.views.palette import BLACK, FONT_FAMILY, MIN_FONT_SIZE, WHITE, figure_style, measure, wrap_text
from qsecase.views.planning_gantt import CRITICAL_FILL, clip_lines, paths_text, plan_span, plural

__all__ = ["critical_links", "layers", "pert", "pert_alt"]

_PT = MIN_FONT_SIZE
_COLS = (0.55, 0.8, 0.55)  # widths of the three cells of a row of a box (inches)
_ROW = 0.26  # height of a row of numbers
_NAME_WIDTH = 20  # characters per line of the name
_NAME_LINES = 2
_HGAP = 0.75  # between two columns of boxes (room for the arrows)
_VGAP = 0.4  # between two boxes of a column
_MARGIN = 0.3
_EDGE = "#1A1A1A"
_GREY = "#555555"  # 7.5:1 on white
_DASHED = (0, (4, 3))
_KEY_COLS = (1.25, 1.05, 1.25)


@dataclass(frozen=True)
class _Box:
    x: float  # left (inches)
    y: float  # top (inches, downward)
    width: float
    height: float


def _name(s: Scheduled) -> str:
    """« ★ T3 » (the star for a critical task), then the name on at most two lines."""
    return f"{'★ ' if s.critical else ''}{s.task.id}\n{clip_lines(s.task.nom, _NAME_WIDTH, _NAME_LINES)}"


def critical_links(scheduled: Sequence[Scheduled]) -> set[tuple[str, str]]:
    """Links between two critical tasks where the first drives the second (EF = ES)."""
    by_id = {s.task.id: s for s in scheduled}
    return {(p, s.task.id) for s in scheduled if s.critical for p in s.task.predecesseurs
            if p in by_id and by_id[p].critical and by_id[p].ef == s.es}


def layers(scheduled: Sequence[Scheduled]) -> dict[str, int]:
    """Column of each task: the rank of its earliest start, pushed right of its predecessors (a
    milestone starts when its predecessor ends)."""
    ranks = {es: n for n, es in enumerate(sorted({s.es for s in scheduled}))}
    column: dict[str, int] = {}
    for s in scheduled:  # topological order
        column[s.task.id] = max([ranks[s.es], *(column[p] + 1 for p in s.task.predecesseurs
                                                 if p in column)])
    return column


def _grid(scheduled: Sequence[Scheduled]) -> dict[str, tuple[int, int]]:
    """(column, row) of each task: networkx's multipartite layout places the columns (one per
    :func:`layers` value); in a column the first rows are kept for critical tasks (the critical
    path runs straight along the top), the others follow the rows of their predecessors (fewer
    crossings)."""
    import networkx as nx

    column = layers(scheduled)
    by_id = {s.task.id: s for s in scheduled}
    order = {tid: n for n, tid in enumerate(by_id)}
    row: dict[str, int] = {}

    def key(tid: str) -> tuple[bool, float, int]:
        preds = [row[p] for p in by_id[tid].task.predecesseurs if p in row]
        return (not by_id[tid].critical, sum(preds) / len(preds) if preds else -1.0, order[tid])

    members: dict[int, list[str]] = {}
    for tid in by_id:
        members.setdefault(column[tid], []).append(tid)
    reserved = max(sum(by_id[tid].critical for tid in ids) for ids in members.values()) if members else 0
    by_layer: dict[int, list[str]] = {}
    for layer in sorted(members):
        ids = sorted(members[layer], key=key)
        crit = [tid for tid in ids if by_id[tid].critical]
        row.update({tid: n for n, tid in enumerate(crit)})
        row.update({tid: reserved + n for n, tid in enumerate(tid for tid in ids if not by_id[tid].critical)})
        by_layer[layer] = ids
    g = nx.DiGraph()
    g.add_nodes_from(by_id)
    pos = nx.multipartite_layout(g, subset_key=by_layer)
    xs = {x: n for n, x in enumerate(sorted({round(float(p[0]), 9) for p in pos.values()}))}
    return {tid: (xs[round(float(p[0]), 9)], row[tid]) for tid, p in pos.items()}


def _cell(ax: Axes, x: float, y: float, text: str, **style: object) -> None:
    ax.text(x, y, text, ha="center", va="center", fontsize=_PT, zorder=4, **style)  # type: ignore[arg-type]


_Segments = list[tuple[tuple[float, float], tuple[float, float]]]


def _draw_box(ax: Axes, box: _Box, rows: Sequence[Sequence[str]], name: str, name_h: float, *,
              critical: bool, rules: _Segments, cols: Sequence[float] = _COLS, row: float = _ROW,
              name_style: str = "", gid: str | None = None) -> None:
    """A CPM box: ``rows`` = (top row, bottom row, free-float row), ``name`` in between; the lines
    between the cells go to ``rules`` (drawn at once). Limits are set beforehand: the box goes in
    with ``add_artist``, which skips the data-limit update of ``add_patch``."""
    ax.add_artist(Rectangle((box.x, box.y), box.width, box.height, facecolor=CRITICAL_FILL if critical
                            else WHITE, edgecolor=_EDGE, linewidth=2.6 if critical else 1.0, zorder=3,
                            gid=gid))
    lines = (box.y + row, box.y + row + name_h, box.y + 2 * row + name_h)
    rules += [((box.x, y), (box.x + box.width, y)) for y in lines]
    for values, y in ((rows[0], box.y + row / 2), (rows[1], lines[1] + row / 2)):
        left = box.x
        for n, (w, value) in enumerate(zip(cols, values, strict=True)):
            if n:
                rules.append(((left, y - row / 2), (left, y + row / 2)))
            _cell(ax, left + w / 2, y, value, linespacing=1.0)
            left += w
    _cell(ax, box.x + box.width / 2, lines[2] + row / 2, rows[2][0])
    _cell(ax, box.x + box.width / 2, lines[0] + name_h / 2, name, linespacing=1.15,
          fontweight="bold" if critical else "normal", fontstyle=name_style or "normal")


_KEY_ROWS = (("Début au\nplus tôt", "Durée\n(j ouvrés)", "Fin au\nplus tôt"),
             ("Début au\nplus tard", "Marge\ntotale", "Fin au\nplus tard"), ("Marge libre",))
_KEY_NAME = "Repère de la tâche\nnom de la tâche"
_KEY_ROW = _ROW + 0.2  # the field names take two lines


def _key_height() -> float:
    return 3 * _KEY_ROW + measure(_KEY_NAME, _PT)[1] + 0.12


def _draw_key(ax: Axes, x: float, y: float, rules: _Segments) -> None:
    """The sample box naming the fields, under its heading."""
    ax.text(x, y - 0.08, "Lecture d'une case", ha="left", va="bottom", fontsize=_PT, fontweight="bold")
    name_h = measure(_KEY_NAME, _PT)[1] + 0.12
    _draw_box(ax, _Box(x, y, sum(_KEY_COLS), _key_height()), _KEY_ROWS, _KEY_NAME, name_h,
              critical=False, rules=rules, cols=_KEY_COLS, row=_KEY_ROW, name_style="italic")


def pert(scheduled: Sequence[Scheduled], *, title: str = "") -> Figure:
    """The activity-on-node network of a scheduled plan, with the CPM dates in each box (no pyplot).

    Args:
        scheduled: The tasks as returned by :func:`~qsecase.methods.planning.schedule`.
        title: Title (default « Réseau PERT du plan — méthode du chemin critique »).

    Returns:
        A figure that grows with the network; use it with
        :func:`~qsecase.views.render.figure_to_html` and :func:`pert_alt`.
    """
    title = title or "Réseau PERT du plan — méthode du chemin critique"
    names = {s.task.id: _name(s) for s in scheduled}
    lines = max([text.count("\n") + 1 for text in names.values()] or [2])
    name_h = measure("\n".join(["Éj"] * lines), _PT, weight="bold")[1] + 0.1  # same height for every box
    height = 3 * _ROW + name_h
    width = sum(_COLS)
    grid = _grid(scheduled) if scheduled else {}
    corners = {tid: (_MARGIN + c * (width + _HGAP), r * (height + _VGAP)) for tid, (c, r) in grid.items()}
    rows = max([r for _, r in grid.values()] or [0]) + 1
    net_w = max([x + width for x, _ in corners.values()] or [4.0]) + _MARGIN
    net_h = rows * (height + _VGAP)
    title_h = 0.5
    key_h = _key_height() + 0.75
    fig_w = max(net_w, 11.0)
    fig_h = title_h + key_h + net_h + 2 * _MARGIN
    top = title_h + key_h  # network starts here (inches from the top)

    with figure_style():
        fig = Figure(figsize=(fig_w, fig_h))
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, fig_w)
        ax.set_ylim(fig_h, 0)
        ax.set_axis_off()
        ax.text(_MARGIN, 0.2, wrap_text(title, int(fig_w * 7)), ha="left", va="top", fontsize=13,
                fontweight="bold", fontfamily=FONT_FAMILY)
        rules: _Segments = []
        _draw_key(ax, _MARGIN, title_h + 0.35, rules)
        boxes = {tid: _Box(x, top + y, width, height) for tid, (x, y) in corners.items()}
        _links(ax, scheduled, boxes, [top + k * (height + _VGAP) - _VGAP / 2 for k in range(rows + 1)])
        for s in scheduled:
            t = s.task
            fields = ((str(s.es), f"{t.duree} j", str(s.ef)),
                      (str(s.ls), f"MT {s.total_float}", str(s.lf)), (f"ML {s.free_float}",))
            _draw_box(ax, boxes[t.id], fields, names[t.id], name_h, critical=s.critical, rules=rules,
                      gid=f"tache:{t.id}")
        ax.add_collection(LineCollection(rules, colors=_EDGE, linewidths=0.8, zorder=3.5))
        if not scheduled:
            ax.text(fig_w / 2, top + 0.5, "(aucune tâche)", ha="center", va="center", fontstyle="italic")
        handles: list[Patch | Line2D] = [
            Line2D([], [], color=BLACK, linewidth=2.8, label="Lien critique : trait épais continu"),
            Line2D([], [], color=_GREY, linewidth=1.0, linestyle=_DASHED,
                   label="Autre lien : trait fin en tirets"),
            Patch(facecolor=CRITICAL_FILL, edgecolor=_EDGE, linewidth=2.6,
                  label="★ Tâche critique (marge totale nulle) : cadre épais"),
            Patch(facecolor=WHITE, edgecolor=_EDGE, linewidth=1.0, label="Tâche avec de la marge"),
        ]
        fig.legend(handles=handles, loc="upper left", frameon=False, fontsize=_PT, handlelength=3,
                   bbox_to_anchor=((_MARGIN + sum(_KEY_COLS) + 0.5) / fig_w, 1 - (title_h + 0.3) / fig_h),
                   title="Durées et dates en jours ouvrés depuis le début du plan ; MT marge totale, "
                   "ML marge libre", title_fontsize=_PT, alignment="left")
    return fig


def _crosses(a: _Box, b: _Box, columns: dict[float, list[_Box]]) -> bool:
    """Whether the straight link from ``a`` to ``b`` would run through a box of a column between
    them (``columns``: the boxes by left edge)."""
    (x0, y0), (x1, y1) = (a.x + a.width, a.y + a.height / 2), (b.x, b.y + b.height / 2)
    for c in (c for x, boxes in columns.items() if x0 < x < x1 for c in boxes):
        ya = y0 + (y1 - y0) * (max(c.x, x0) - x0) / (x1 - x0)
        yb = y0 + (y1 - y0) * (min(c.x + c.width, x1) - x0) / (x1 - x0)
        if max(ya, yb) >= c.y and min(ya, yb) <= c.y + c.height:
            return True
    return False


def _route(a: _Box, b: _Box, lanes: Sequence[float], shift: float) -> list[tuple[float, float]]:
    """A link around the boxes: into the gap after ``a``, along the free lane between two rows of
    boxes nearest to both ends, and into ``b``."""
    start, end = (a.x + a.width, a.y + a.height / 2), (b.x, b.y + b.height / 2)
    lane = min(lanes, key=lambda y: abs(y - start[1]) + abs(y - end[1])) + shift
    return [start, (start[0] + _HGAP / 2, lane), (end[0] - _HGAP / 2, lane), end]


def _links(ax: Axes, scheduled: Sequence[Scheduled], boxes: dict[str, _Box], lanes: Sequence[float]) -> None:
    from matplotlib.path import Path

    critical = critical_links(scheduled)
    columns: dict[float, list[_Box]] = {}
    for box in boxes.values():
        columns.setdefault(box.x, []).append(box)
    routed = 0
    for s in scheduled:
        b = boxes[s.task.id]
        for p in s.task.predecesseurs:
            a = boxes.get(p)
            if a is None:
                continue
            strong = (p, s.task.id) in critical
            points = [(a.x + a.width, a.y + a.height / 2), (b.x, b.y + b.height / 2)]
            if _crosses(a, b, columns):
                points = _route(a, b, lanes, _VGAP * (((routed % 5) - 2) / 7))
                routed += 1
            codes = [Path.MOVETO] + [Path.LINETO] * (len(points) - 1)
            ax.add_artist(FancyArrowPatch(path=Path(points, codes), arrowstyle="-|>",
                                          mutation_scale=16 if strong else 11,
                                          color=BLACK if strong else _GREY, linewidth=2.8 if strong else 1.0,
                                          linestyle="-" if strong else _DASHED, zorder=2 if strong else 1,
                                          gid=f"lien:{p}>{s.task.id}"))


def pert_alt(scheduled: Sequence[Scheduled]) -> str:
    """French description of :func:`pert` for screen readers: the critical path(s), then each task
    with its dates and floats."""
    if not scheduled:
        return "Réseau PERT : aucune tâche planifiée."
    links = sum(len(s.task.predecesseurs) for s in scheduled)
    parts = [f"Réseau PERT (tâches sur les nœuds, de gauche à droite) de {plural(len(scheduled), 'tâche')} "
             f"et {plural(links, 'lien')}, {plan_span(scheduled)}.",
             "Chemin critique (liens en trait épais, tâches à marge totale nulle) : "
             f"{paths_text(scheduled)}."]
    for s in scheduled:
        t = s.task
        after = f", après {', '.join(t.predecesseurs)}" if t.predecesseurs else ", sans prédécesseur"
        kind = "jalon" if t.jalon else f"durée {plural(t.duree, 'jour')}"
        parts.append(f"{t.id} « {t.nom} » ({kind}{after}) : début au plus tôt {s.es}, fin au plus tôt "
                     f"{s.ef}, début au plus tard {s.ls}, fin au plus tard {s.lf}, marge totale "
                     f"{s.total_float}, marge libre {s.free_float}{', critique' if s.critical else ''}.")
    return " ".join(parts)
