"""Ishikawa (fishbone) diagram drawing, with a textual alternative for screen readers.

Layout (all lengths in inches at the natural size, then used as data units):

* the effect sits in a box at the fish's head, on the right; a horizontal spine with an arrow head
  leads to it;
* one oblique bone per family, pairs of bones sharing a point of the spine, alternately above
  (1st, 3rd, 5th, 7th family) and below (2nd, 4th, 6th); the family label, bold, in a box at the
  bone's far end;
* each cause is a short horizontal rib ending on its bone, its (wrapped) text written on the rib;
  a retained cause gets a ★ **and** bold text (and a thicker rib) — never colour alone.

Bones are parallel, so the distance between two neighbouring bones is the same at every height:
it is computed from the widest cause text, which guarantees that no text crosses the next bone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from qsecase.methods.ishikawa import FAMILIES, FAMILY_LABELS, Cause, Ishikawa
from qsecase.views.palette import (
    BLACK,
    BLUE,
    FONT_FAMILY,
    VERMILLION,
    figure_style,
    measure,
    text_colour_on,
    wrap_text,
)

__all__ = ["EMPTY_TEXT", "RETAINED_MARK", "draw_fishbone", "fishbone_alt_text", "fishbone_figure"]

RETAINED_MARK = "★"
EMPTY_TEXT = "(aucune cause)"
LEGEND_TEXT = (f"{RETAINED_MARK} + texte en gras : cause retenue comme principale "
               "(à approfondir, par exemple avec les 5 Pourquoi)")

# Font sizes (points) at the natural scale.
_CAUSE_PT = 10.0
_FAMILY_PT = 11.0
_EFFECT_PT = 12.0
_LEGEND_PT = 10.0

# Geometry (inches at the natural scale).
_ANGLE = math.radians(64)  # slope of the bones
_COT = 1 / math.tan(_ANGLE)
_GAP_TEXT_BONE = 0.10  # between a cause's text and its bone
_RIB_OVERHANG = 0.06  # rib extends this much left of the text
_CAUSE_PAD = 0.16  # minimal vertical gap between two causes
_NEAR_SPINE = 0.22  # first cause this far from the spine
_NEAR_LABEL = 0.12  # last cause this far from the family label
_COLUMN_MARGIN = 0.30  # free space between a text and the previous bone
_LABEL_PAD = 0.08  # family box padding (inches)
_EFFECT_PAD = 0.14  # effect box padding (inches)
_HEAD_GAP = 0.45  # between the last bone and the head box
_TAIL = 0.35  # spine extends this much left of the tail-most bone end
_MARGIN = 0.15  # around the whole drawing
_EFFECT_WRAP = 24

_EFFECT_FILL = "#FBE4D3"  # light vermillion tint; black text on it: > 15:1
_GREY_TEXT = "#555555"  # 7.5:1 on white


@dataclass
class _Item:
    """A cause (or the empty-family note) prepared for drawing."""

    text: str
    width: float
    height: float
    weight: str = "normal"
    style: str = "normal"
    retained: bool = False


def _family_order(diagram: Ishikawa) -> list[str]:
    """The method's families, plus any other family that holds a cause (never hide a cause)."""
    groups = diagram.by_family()
    return [f for f in FAMILIES if f in groups]


def _prepare(diagram: Ishikawa, wrap: int, highlight_retained: bool) -> dict[str, list[_Item]]:
    groups = diagram.by_family()
    prepared: dict[str, list[_Item]] = {}
    for fam in _family_order(diagram):
        items: list[_Item] = []
        for cause in groups[fam]:
            items.append(_cause_item(cause, wrap, highlight_retained))
        if not items:
            w, h = measure(EMPTY_TEXT, _CAUSE_PT, style="italic")
            items.append(_Item(EMPTY_TEXT, w, h, style="italic"))
        prepared[fam] = items
    return prepared


def _cause_item(cause: Cause, wrap: int, highlight_retained: bool) -> _Item:
    retained = highlight_retained and cause.retenue
    text = wrap_text(cause.texte, wrap) or "…"
    weight = "bold" if retained else "normal"
    if retained:
        text = f"{RETAINED_MARK} {text}"
    w, h = measure(text, _CAUSE_PT, weight=weight)
    return _Item(text, w, h, weight=weight, retained=retained)


def _stack_height(items: list[_Item]) -> float:
    return sum(i.height for i in items) + _CAUSE_PAD * (len(items) - 1)


@dataclass
class _Extent:
    xmin: float = math.inf
    xmax: float = -math.inf
    ymin: float = math.inf
    ymax: float = -math.inf

    def add(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.xmin = min(self.xmin, x0, x1)
        self.xmax = max(self.xmax, x0, x1)
        self.ymin = min(self.ymin, y0, y1)
        self.ymax = max(self.ymax, y0, y1)


@dataclass
class _Layout:
    """Everything :func:`draw_fishbone` places, in inches at the natural scale."""

    prepared: dict[str, list[_Item]]
    order: list[str]
    bone_height: float
    column_step: float
    label_sizes: dict[str, tuple[float, float]]
    effect_text: str
    effect_size: tuple[float, float]
    effect_style: str
    show_legend: bool


def _layout(diagram: Ishikawa, wrap: int, highlight_retained: bool) -> _Layout:
    prepared = _prepare(diagram, wrap, highlight_retained)
    order = _family_order(diagram)
    stacks = [_stack_height(items) for items in prepared.values()]
    bone_height = max(stacks, default=0.0) + _NEAR_SPINE + _NEAR_LABEL
    bone_height = max(bone_height, 1.2)
    # Parallel bones: the step must hold the widest text plus its slant over its own height.
    widest = max((i.width + i.height * _COT for items in prepared.values() for i in items),
                 default=1.0)
    label_sizes = {f: measure(FAMILY_LABELS[f], _FAMILY_PT, weight="bold") for f in order}
    widest_label = max((w for w, _ in label_sizes.values()), default=1.0) + 2 * _LABEL_PAD
    column_step = max(widest + _GAP_TEXT_BONE + _RIB_OVERHANG + _COLUMN_MARGIN,
                      widest_label + _COLUMN_MARGIN)
    effect = diagram.effet.strip()
    effect_style = "normal" if effect else "italic"
    effect_wrap = _EFFECT_WRAP if len(effect) <= 6 * _EFFECT_WRAP else 34
    effect_text = wrap_text(effect, effect_wrap) if effect else "(effet non formulé)"
    effect_size = measure(effect_text, _EFFECT_PT, weight="bold", style=effect_style)
    show_legend = any(i.retained for items in prepared.values() for i in items)
    return _Layout(prepared, order, bone_height, column_step, label_sizes, effect_text,
                   effect_size, effect_style, show_legend)


def _natural_extent(lay: _Layout) -> _Extent:
    """Bounding box of the drawing (inches) — computed exactly as :func:`_draw` places things."""
    ext = _Extent()
    _draw(None, lay, ext, scale=1.0)
    return ext


def _draw(ax: Axes | None, lay: _Layout, ext: _Extent, *, scale: float) -> None:
    """Place (and, when ``ax`` is given, draw) every element; grows ``ext`` as it goes."""
    n_columns = max(1, math.ceil(len(lay.order) / 2))
    hb = lay.bone_height
    text_kw: dict[str, Any] = {"fontfamily": FONT_FAMILY, "clip_on": False}

    for index, fam in enumerate(lay.order):
        column, below = divmod(index, 2)
        sign = -1.0 if below else 1.0
        xs = column * lay.column_step  # where the bone meets the spine

        def bone_x(y: float, xs: float = xs) -> float:
            return xs - abs(y) * _COT

        # Bone, from the spine to the family box.
        x_end, y_end = bone_x(hb), sign * hb
        ext.add(xs, 0.0, x_end, y_end)
        if ax is not None:
            ax.annotate("", xy=(xs, 0.0), xytext=(x_end, y_end), annotation_clip=False,
                        arrowprops={"arrowstyle": "-|>,head_length=0.6,head_width=0.3",
                                    "lw": 2.2 * scale, "color": BLUE, "shrinkA": 0,
                                    "shrinkB": 0, "mutation_scale": 12 * scale})
        # Family label in a box at the far end.
        lw_, lh_ = lay.label_sizes[fam]
        box_h = lh_ + 2 * _LABEL_PAD
        y_label = sign * (hb + box_h / 2)
        ext.add(x_end - lw_ / 2 - _LABEL_PAD, y_label - box_h / 2,
                x_end + lw_ / 2 + _LABEL_PAD, y_label + box_h / 2)
        if ax is not None:
            ax.text(x_end, y_label, FAMILY_LABELS[fam], ha="center", va="center",
                    fontsize=_FAMILY_PT * scale, fontweight="bold",
                    color=text_colour_on(BLUE), gid=f"famille:{fam}",
                    bbox={"boxstyle": f"round,pad={_LABEL_PAD / (_FAMILY_PT / 72):.3f}",
                          "facecolor": BLUE, "edgecolor": BLUE, "linewidth": 1.0 * scale},
                    **text_kw)

        # Causes, stacked from the top of the screen downward, spread evenly along the bone.
        items = lay.prepared[fam]
        lo, hi = (_NEAR_SPINE, hb - _NEAR_LABEL) if sign > 0 else (-hb + _NEAR_LABEL, -_NEAR_SPINE)
        spare = max(0.0, (hi - lo) - _stack_height(items))
        extra = spare / (len(items) + 1)
        top = hi - extra
        for item in items:
            bottom = top - item.height
            far = top if sign > 0 else bottom  # the text's corner closest to the slanted bone
            right = bone_x(far) - _GAP_TEXT_BONE
            left = right - item.width
            rib_y = bottom - 0.03
            ext.add(left - _RIB_OVERHANG, rib_y, right, top)
            if ax is not None:
                empty = item.style == "italic"
                if not empty:
                    ax.plot([left - _RIB_OVERHANG, bone_x(rib_y)], [rib_y, rib_y],
                            color=VERMILLION if item.retained else "#444444",
                            lw=(2.0 if item.retained else 1.0) * scale,
                            solid_capstyle="butt", clip_on=False)
                ax.text(right, bottom, item.text, ha="right", va="bottom",
                        fontsize=_CAUSE_PT * scale, fontweight=item.weight,
                        fontstyle=item.style, color=_GREY_TEXT if empty else BLACK,
                        linespacing=1.15, gid=f"cause:{fam}", **text_kw)
            top = bottom - _CAUSE_PAD - extra

    # Spine with its arrow head, and the effect box at the head.
    tail = -hb * _COT - _TAIL
    last_xs = (n_columns - 1) * lay.column_step
    head_left = last_xs + _HEAD_GAP
    ew, eh = lay.effect_size
    box_w, box_h = ew + 2 * _EFFECT_PAD, eh + 2 * _EFFECT_PAD
    ext.add(tail, -box_h / 2, head_left + box_w, box_h / 2)
    if ax is not None:
        ax.annotate("", xy=(head_left, 0.0), xytext=(tail, 0.0), annotation_clip=False,
                    arrowprops={"arrowstyle": "-|>,head_length=0.8,head_width=0.4",
                                "lw": 3.2 * scale, "color": BLACK, "shrinkA": 0, "shrinkB": 0,
                                "mutation_scale": 18 * scale})
        ax.text(head_left + box_w / 2, 0.0, lay.effect_text, ha="center", va="center",
                fontsize=_EFFECT_PT * scale, fontweight="bold", fontstyle=lay.effect_style,
                color=BLACK, linespacing=1.2, gid="effet",
                bbox={"boxstyle": f"round,pad={_EFFECT_PAD / (_EFFECT_PT / 72):.3f}",
                      "facecolor": _EFFECT_FILL, "edgecolor": VERMILLION,
                      "linewidth": 2.0 * scale},
                **text_kw)

    # Legend for the ★ (the marking is explained in words, not only shown).
    if lay.show_legend:
        lw_, lh_ = measure(LEGEND_TEXT, _LEGEND_PT)
        y = ext.ymin - 0.25
        ext.add(ext.xmin, y - lh_, ext.xmin + lw_, y)
        if ax is not None:
            ax.text(ext.xmin, y, LEGEND_TEXT, ha="left", va="top", fontsize=_LEGEND_PT * scale,
                    color=BLACK, gid="legende", **text_kw)


def _axes_size_inches(ax: Axes) -> tuple[float, float]:
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    fig_w, fig_h = fig.get_size_inches()
    pos = ax.get_position()
    return pos.width * fig_w, pos.height * fig_h


def natural_size(diagram: Ishikawa, *, wrap: int = 28, highlight_retained: bool = True
                 ) -> tuple[float, float]:
    """Width and height (inches) at which the diagram is drawn with its nominal font sizes.

    Args:
        diagram: The Ishikawa diagram.
        wrap: Characters per line of the causes' text.
        highlight_retained: Whether retained causes are marked (changes text widths).

    Returns:
        ``(width, height)`` in inches, margins included.
    """
    ext = _natural_extent(_layout(diagram, wrap, highlight_retained))
    return ext.xmax - ext.xmin + 2 * _MARGIN, ext.ymax - ext.ymin + 2 * _MARGIN


def draw_fishbone(
    ax: Axes, diagram: Ishikawa, *, wrap: int = 28, highlight_retained: bool = True
) -> None:
    """Draw an Ishikawa (fishbone) diagram onto ``ax``.

    The layout is computed in inches for the nominal font sizes (causes 10 pt, families 11 pt,
    effect 12 pt); if ``ax`` is smaller than :func:`natural_size`, fonts and lines are scaled
    down together so that nothing overlaps. The axes get an equal aspect ratio, exact limits and
    no frame. Use :func:`fishbone_figure` to get a figure of the right size.

    Args:
        ax: Target axes.
        diagram: The diagram; every family of its method gets a bone (empty ones show
            « (aucune cause) »), as does any other family holding a cause.
        wrap: Characters per line of the causes' text.
        highlight_retained: Mark retained causes with ★ and bold text.
    """
    lay = _layout(diagram, wrap, highlight_retained)
    ext = _natural_extent(lay)
    width = ext.xmax - ext.xmin + 2 * _MARGIN
    height = ext.ymax - ext.ymin + 2 * _MARGIN
    ax_w, ax_h = _axes_size_inches(ax)
    scale = min(1.0, ax_w / width, ax_h / height)
    _draw(ax, lay, _Extent(), scale=scale)
    ax.set_xlim(ext.xmin - _MARGIN, ext.xmax + _MARGIN)
    ax.set_ylim(ext.ymin - _MARGIN, ext.ymax + _MARGIN)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()


def fishbone_alt_text(diagram: Ishikawa) -> str:
    """A French description of the diagram for screen readers (``alt`` text).

    Args:
        diagram: The Ishikawa diagram.

    Returns:
        E.g. « Diagramme d'Ishikawa (5M), effet : … ; Matière : 2 causes (… ; … [retenue]) ;
        Milieu : aucune cause. Causes retenues : …. »
    """
    effect = diagram.effet.strip() or "non formulé"
    parts = [f"Diagramme d'Ishikawa ({diagram.methode}), effet : {effect}"]
    groups = diagram.by_family()
    for fam in _family_order(diagram):
        causes = groups[fam]
        label = FAMILY_LABELS[fam]
        if not causes:
            parts.append(f"{label} : aucune cause")
            continue
        texts = [c.texte + (" [retenue]" if c.retenue else "") for c in causes]
        noun = "cause" if len(causes) == 1 else "causes"
        parts.append(f"{label} : {len(causes)} {noun} ({' ; '.join(texts)})")
    text = " ; ".join(parts) + "."
    retained = diagram.retained()
    if retained:
        text += " Causes retenues : " + " ; ".join(c.texte for c in retained) + "."
    else:
        text += " Aucune cause retenue."
    return text


def fishbone_figure(
    diagram: Ishikawa, *, wrap: int = 28, highlight_retained: bool = True, dpi: float = 100
) -> Figure:
    """A standalone figure holding the diagram at its natural size (no pyplot involved).

    Args:
        diagram: The Ishikawa diagram.
        wrap: Characters per line of the causes' text.
        highlight_retained: Mark retained causes with ★ and bold text.
        dpi: Figure resolution.

    Returns:
        A :class:`matplotlib.figure.Figure` with an Agg canvas attached.
    """
    width, height = natural_size(diagram, wrap=wrap, highlight_retained=highlight_retained)
    with figure_style():
        fig = Figure(figsize=(width, height), dpi=dpi)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        draw_fishbone(ax, diagram, wrap=wrap, highlight_retained=highlight_retained)
    return fig
