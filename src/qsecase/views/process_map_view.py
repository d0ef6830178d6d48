"""Process map drawing (the usual French cartography), with a text alternative.

Three labelled bands: management processes at the top, réalisation processes in the middle —
drawn as a broad arrow from the customers' needs (left) to their satisfaction (right) — and
support processes at the bottom. Each box holds the process name (bold) and its pilot
(italic); arrows carry the flows, their label written on them. The geometry is computed in
inches for 10 pt text (:mod:`qsecase.views.process_map_layout`), so nothing overlaps and the
figure grows with the map.
"""

from __future__ import annotations

import itertools

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Polygon

from qsecase.methods.process_map import PROCESS_TYPES, TYPE_LABELS, ProcessMap
from qsecase.views.palette import BLACK, FONT_FAMILY, figure_style, measure
from qsecase.views.process_map_layout import (
    FLOW_PT,
    HEAD_PT,
    NAME_PT,
    TEXT_PT,
    Box,
    MapLayout,
    map_layout,
)

__all__ = ["BAND_FILL", "LEGEND", "draw_process_map", "natural_size", "process_map_alt_text",
           "process_map_figure"]

#: Light tints of the Okabe–Ito blue, bluish green and orange (black text > 15:1 on each).
BAND_FILL = {"management": "#DDEBF6", "realisation": "#D6F0E6", "support": "#FBEBCD"}
LEGEND = ("Lecture : nom du processus en gras, pilote en italique ; chaque flèche porte ce qui "
          "circule d'un processus à l'autre.")
_MARGIN, _LEGEND_H = 0.15, 0.45
_LINK = "#333333"  # 12.6:1 on white


def natural_size(pmap: ProcessMap) -> tuple[float, float]:
    """Width and height (inches) at which the map is drawn with 10 pt text."""
    lay = map_layout(pmap)
    return lay.width + 2 * _MARGIN, lay.height + _LEGEND_H + 2 * _MARGIN


def _text(ax: Axes, x: float, y: float, text: str, size: float, scale: float, **kw: object) -> None:
    ax.text(x, y, text, fontsize=size * scale, fontfamily=FONT_FAMILY, color=BLACK, clip_on=False,
            linespacing=1.15, **kw)  # type: ignore[arg-type]


def _title_place(lay: MapLayout, band: int, text: str) -> tuple[float, float, bool]:
    """Left x and top y of a band title, and whether no flow line crosses it there.

    The title goes above or under the boxes (``lay.title_top``), at the leftmost place where
    no vertical segment of a flow crosses it."""
    (top, bottom), (x0, x1) = lay.bands[band], lay.band_x
    w, h = measure(text, HEAD_PT, weight="bold")
    y = top - 0.12 if lay.title_top[band] else bottom + 0.12 + h
    verticals = [x for r in lay.routes for (x, ya), (xb, yb) in itertools.pairwise(r.points)
                 if abs(x - xb) < 1e-9 and min(ya, yb) < y and max(ya, yb) > y - h]
    start = x0 + 0.14
    while start + w <= x1 - 0.14:
        if not any(start - 0.15 < x < start + w + 0.15 for x in verticals):
            return start, y, True
        start += 0.1
    return x0 + 0.14, y, False


def _bands(ax: Axes, lay: MapLayout, scale: float) -> None:
    x0, x1 = lay.band_x
    for band, ((top, bottom), kind) in enumerate(zip(lay.bands, PROCESS_TYPES, strict=True)):
        if kind == "realisation":  # a broad arrow pointing to the customers' satisfaction
            tip, mid = x1 + 0.32, (top + bottom) / 2
            shape = Polygon([(x0, top), (x1 - 0.1, top), (tip, mid), (x1 - 0.1, bottom), (x0, bottom)],
                            closed=True, facecolor=BAND_FILL[kind], edgecolor="#4D4D4D",
                            linewidth=1.0 * scale, zorder=0, gid=f"bande:{kind}")
            ax.add_patch(shape)
        else:
            ax.add_patch(FancyBboxPatch((x0, bottom), x1 - x0, top - bottom, clip_on=False,
                                        boxstyle="round,pad=0,rounding_size=0.12",
                                        facecolor=BAND_FILL[kind], edgecolor="#4D4D4D",
                                        linewidth=1.0 * scale, zorder=0, gid=f"bande:{kind}"))
        title = TYPE_LABELS[kind].upper()
        tx, ty, free = _title_place(lay, band, title)
        _text(ax, tx, ty, title, HEAD_PT, scale, ha="left", va="top", fontweight="bold",
              gid=f"titre:{kind}", zorder=5 if not free else 0.5,
              bbox=None if free else {"boxstyle": "square,pad=0.04", "facecolor": BAND_FILL[kind],
                                      "edgecolor": "none"})
        if not any(b.band == band for b in lay.boxes.values()):
            _text(ax, (x0 + x1) / 2, (top + bottom) / 2 - 0.12, "(aucun processus de cette famille)",
                  TEXT_PT, scale, ha="center", va="center", fontstyle="italic")


def _box(ax: Axes, box: Box, scale: float, *, fill: str = "white", gid: str = "") -> None:
    ax.add_patch(FancyBboxPatch((box.x - box.w / 2, box.y - box.h / 2), box.w, box.h,
                                boxstyle="round,pad=0,rounding_size=0.08", facecolor=fill,
                                edgecolor=BLACK, linewidth=1.3 * scale, zorder=2, clip_on=False,
                                gid=f"cadre:{gid or box.id}"))
    top = box.y + box.h / 2 - 0.1
    _text(ax, box.x, top, box.name, NAME_PT, scale, ha="center", va="top", fontweight="bold",
          zorder=3, gid=f"nom:{gid or box.id}")
    name_h = measure(box.name, NAME_PT, weight="bold")[1]
    _text(ax, box.x, top - name_h - 0.06, box.pilot, TEXT_PT, scale, ha="center", va="top",
          fontstyle="italic", zorder=3, gid=f"pilote:{gid or box.id}")


def _arrow(ax: Axes, points: list[tuple[float, float]], scale: float, *, lw: float = 1.2,
           colour: str = _LINK, gid: str = "") -> None:
    if len(points) > 2:
        xs, ys = zip(*points[:-1], strict=True)
        ax.plot(xs, ys, color=colour, lw=lw * scale, zorder=1, clip_on=False,
                solid_joinstyle="miter")
    ax.annotate("", xy=points[-1], xytext=points[-2], annotation_clip=False, zorder=1, gid=gid,
                arrowprops={"arrowstyle": "-|>,head_length=0.5,head_width=0.25", "lw": lw * scale,
                            "color": colour, "shrinkA": 0, "shrinkB": 0,
                            "mutation_scale": 12 * scale})


def draw_process_map(ax: Axes, pmap: ProcessMap) -> None:
    """Draw the process map onto ``ax``: bands, boxes, customers, flows and a reading note.

    The layout is computed in inches for 10 pt text; if ``ax`` is smaller than
    :func:`natural_size`, text and lines shrink together so that nothing overlaps (use
    :func:`process_map_figure` to keep 10 pt). The axes get an equal aspect, exact limits and
    no frame.
    """
    ax.set_axis_off()
    if not pmap.processus:
        ax.text(0.5, 0.5, "(cartographie vide : aucun processus saisi)", ha="center",
                va="center", fontsize=TEXT_PT, fontstyle="italic", transform=ax.transAxes)
        return
    lay = map_layout(pmap)
    width, height = lay.width + 2 * _MARGIN, lay.height + _LEGEND_H + 2 * _MARGIN
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    fig_w, fig_h = fig.get_size_inches()
    pos = ax.get_position()
    scale = min(1.0, pos.width * fig_w / width, pos.height * fig_h / height)
    _bands(ax, lay, scale)
    if lay.customers is not None:
        needs, satisfaction = lay.customers
        real = sorted((b for b in lay.boxes.values() if b.band == 1), key=lambda b: b.x)
        for box, name in ((needs, "besoins"), (satisfaction, "satisfaction")):
            _box(ax, box, scale, fill="#EDEDED", gid=name)
        _arrow(ax, [(needs.x + needs.w / 2, needs.y), (real[0].x - real[0].w / 2, real[0].y)],
               scale, lw=2.2, colour=BLACK, gid="fleche:besoins")
        _arrow(ax, [(real[-1].x + real[-1].w / 2, real[-1].y),
                    (satisfaction.x - satisfaction.w / 2, satisfaction.y)],
               scale, lw=2.2, colour=BLACK, gid="fleche:satisfaction")
    for box in lay.boxes.values():
        _box(ax, box, scale)
    for r in lay.routes:
        link = f"{r.link.de}>{r.link.vers}"
        _arrow(ax, r.points, scale, lw=1.6 if r.chain else 1.2,
               colour=BLACK if r.chain else _LINK, gid=f"lien:{link}")
        if r.label:
            _text(ax, *r.label_at, r.label, FLOW_PT, scale, ha="center",
                  va="bottom" if r.chain else "center", zorder=5, gid=f"flux:{link}",
                  bbox=None if r.chain else {"boxstyle": "square,pad=0.06", "facecolor": "white",
                                             "edgecolor": "none"})
    _text(ax, lay.band_x[0], -lay.height - 0.12, LEGEND, TEXT_PT, scale, ha="left", va="top",
          gid="legende")
    ax.set_xlim(-_MARGIN, lay.width + _MARGIN)
    ax.set_ylim(-lay.height - _LEGEND_H - _MARGIN, _MARGIN)
    ax.set_aspect("equal", adjustable="box")


def process_map_alt_text(pmap: ProcessMap) -> str:
    """A French description of the map for screen readers (``alt`` text)."""
    if not pmap.processus:
        return "Cartographie des processus vide : aucun processus saisi."
    names = {p.id: p.nom for p in pmap.processus}
    parts = [f"Cartographie des processus : {len(pmap.processus)} processus en trois familles, "
             "des besoins des clients, à gauche, à leur satisfaction, à droite."]
    for kind in PROCESS_TYPES:
        procs = [p for p in pmap.processus if p.type == kind]
        listed = " ; ".join(f"{p.nom} (pilote : {p.pilote or 'non désigné'})" for p in procs)
        parts.append(f"{TYPE_LABELS[kind]} : {listed or 'aucun'}.")
    flows = [f"{names.get(lk.de, lk.de)} → {names.get(lk.vers, lk.vers)}"
             + (f" : {lk.flux}" if lk.flux else "") for lk in pmap.liens]
    parts.append("Flux : " + (" ; ".join(flows) if flows else "aucun") + ".")
    return " ".join(parts)


def process_map_figure(pmap: ProcessMap, *, dpi: float = 100) -> Figure:
    """A standalone figure holding the map at its natural size (10 pt text, no pyplot)."""
    width, height = natural_size(pmap) if pmap.processus else (5.0, 1.0)
    with figure_style():
        fig = Figure(figsize=(width, height), dpi=dpi)
        FigureCanvasAgg(fig)
        draw_process_map(fig.add_axes((0.0, 0.0, 1.0, 1.0)), pmap)
    return fig
