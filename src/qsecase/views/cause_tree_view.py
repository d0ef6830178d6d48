"""Arbre des causes drawing (left to right, final fact on the right), with a text alternative.

Graphic convention (stated in the legend drawn under the tree; the INRS brochure ED 6163's own
convention for the shape of the boxes has not been verified, qse-facts §1.4):

* fait inhabituel: single border, square corners; fait permanent: double border, rounded corners;
* fait non vérifié (hypothèse): dashed border and italic text;
* cause racine retenue: « ★ » before the text, bold text (and a light yellow fill);
* fait ultime (the injury): thick border, « Fait ultime » written in the box, on the right;
* an arrow goes from an antecedent to its consequence (« il a fallu … pour que … »).

Nothing relies on colour alone. Geometry is computed in inches for the nominal font size (10 pt):
columns as wide as their widest box, boxes stacked by :func:`~qsecase.methods.cause_tree_layout.
tree_layout` with fixed gaps, so boxes never overlap and the figure grows with the tree.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from qsecase.methods.cause_tree import CauseTree, TreeFact, final_facts, link_type, to_graph
from qsecase.methods.cause_tree_layout import tree_layout
from qsecase.views.palette import BLACK, FONT_FAMILY, figure_style, measure, wrap_text

__all__ = ["FINAL_LABEL", "ROOT_MARK", "cause_tree_alt_text", "cause_tree_figure", "draw_cause_tree",
           "natural_size"]

ROOT_MARK = "★"
FINAL_LABEL = "Fait ultime"
_PT = 10.0  # every text of the figure
_PAD = 0.08  # inside a box (inches)
_DOUBLE = 0.045  # between the two borders of a permanent fact
_HGAP = 0.6  # between two columns (room for the arrows)
_VGAP = 0.24  # between two boxes of a column
_MARGIN = 0.15
_FINAL_FILL = "#FBE4D3"  # light vermillion tint: black text > 15:1
_ROOT_FILL = "#FFF6CC"  # light yellow tint: black text > 19:1
_GREY = "#555555"  # 7.5:1 on white
LEGEND = [
    ("inhabituel", "Fait inhabituel : cadre simple, angles droits"),
    ("permanent", "Fait permanent : cadre double, angles arrondis"),
    ("hypothese", "Fait non vérifié (hypothèse) : cadre en pointillé, texte en italique"),
    ("racine", f"{ROOT_MARK} + texte en gras : cause racine retenue"),
    ("ultime", "Fait ultime (la lésion) : cadre épais, à droite"),
    ("fleche", "Flèche : du fait antécédent vers le fait qu'il a rendu possible"),
]


@dataclass
class _Box:
    fact: TreeFact
    text: str
    width: float
    height: float
    final: bool
    x: float = 0.0  # centre (inches)
    y: float = 0.0


def _label_size() -> tuple[float, float]:
    return measure(FINAL_LABEL.upper(), _PT, weight="bold")


def _box(fact: TreeFact, wrap: int, final: bool) -> _Box:
    text = wrap_text(f"{fact.id} · {fact.texte}", wrap)
    if fact.cause_racine:
        text = f"{ROOT_MARK} {text}"
    w, h = measure(text, _PT, weight="bold" if fact.cause_racine else "normal",
                   style="italic" if fact.hypothese else "normal")
    if final:  # the label « FAIT ULTIME » on its own line, above the text
        w, h = max(w, _label_size()[0]), h + _label_size()[1] + _PAD
    return _Box(fact, text, w + 2 * _PAD, h + 2 * _PAD, final)


def _place(tree: CauseTree, wrap: int) -> tuple[dict[str, _Box], dict[tuple[str, str], list], float]:
    """Boxes placed in inches (y upward), link bend points, and the drawing's width."""
    finals = {f.id for f in final_facts(tree)}
    boxes: dict[str, _Box] = {}
    for fact in tree.faits:
        boxes.setdefault(fact.id, _box(fact, wrap, fact.id in finals))
    lay = tree_layout(tree, heights={i: b.height for i, b in boxes.items()}, gap=_VGAP)
    widths = [0.0] * lay.n_columns
    for i, (c, _) in lay.positions.items():
        widths[int(c)] = max(widths[int(c)], boxes[i].width)
    lefts = [sum(widths[:k]) + k * _HGAP for k in range(lay.n_columns)]
    for i, (c, y) in lay.positions.items():
        boxes[i].x, boxes[i].y = lefts[int(c)] + widths[int(c)] / 2, -y
    routes = {key: [p for c, y in pts for p in ((lefts[int(c)], -y), (lefts[int(c)] + widths[int(c)], -y))]
              for key, pts in lay.routes.items()}
    return boxes, routes, lefts[-1] + widths[-1] if widths else 0.0


def _draw_box(ax: Axes, box: _Box, scale: float, *, sample: bool = False) -> None:
    fact = box.fact
    rounded = fact.nature == "permanent"
    style = "dashed" if fact.hypothese else "solid"
    fill = _FINAL_FILL if box.final else _ROOT_FILL if fact.cause_racine else "white"
    borders = [(0.0, 3.0 if box.final else 1.2)] + ([(_DOUBLE, 1.0)] if rounded else [])
    for inset, lw in borders:
        w, h = box.width - 2 * inset, box.height - 2 * inset
        ax.add_patch(FancyBboxPatch(
            (box.x - w / 2, box.y - h / 2), w, h, clip_on=False,
            boxstyle=f"round,pad=0,rounding_size={0.1 - inset:.3f}" if rounded else "square,pad=0",
            facecolor=fill if inset == 0 else "none", edgecolor=BLACK, linewidth=lw * scale,
            linestyle=style, gid=None if inset else "legende-exemple" if sample else f"cadre:{fact.id}"))
    y = box.y
    if box.final and box.text:
        top = box.y + box.height / 2 - _PAD
        ax.text(box.x, top, FINAL_LABEL.upper(), ha="center", va="top", fontsize=_PT * scale,
                fontfamily=FONT_FAMILY, fontweight="bold", color=BLACK, gid=f"ultime:{fact.id}",
                clip_on=False)
        y -= (_label_size()[1] + _PAD) / 2
    ax.text(box.x, y, box.text, ha="center", va="center", fontsize=_PT * scale,
            fontfamily=FONT_FAMILY, fontweight="bold" if fact.cause_racine else "normal",
            fontstyle="italic" if fact.hypothese else "normal", color=BLACK, linespacing=1.15,
            gid="legende-exemple" if sample else f"fait:{fact.id}", clip_on=False)


def _ports(ids: list[str], box: _Box, boxes: dict[str, _Box]) -> dict[str, float]:
    """Where each link meets ``box``: spread along its side, in the order of the other ends."""
    step = min(0.12, 0.6 * box.height / max(1, len(ids)))
    order = sorted(ids, key=lambda i: -boxes[i].y)
    return {i: box.y + ((len(ids) - 1) / 2 - k) * step for k, i in enumerate(order)}


def _draw_links(ax: Axes, tree: CauseTree, boxes: dict[str, _Box], routes: dict, scale: float) -> None:
    graph = to_graph(tree)
    for a, c in graph.edges:
        if a == c:
            continue
        out = _ports(list(graph.successors(a)), boxes[a], boxes)[c]
        into = _ports(list(graph.predecessors(c)), boxes[c], boxes)[a]
        start = (boxes[a].x + boxes[a].width / 2, out)
        end = (boxes[c].x - boxes[c].width / 2, into)
        path = [start, *routes.get((a, c), [])]
        if len(path) > 1:
            ax.plot(*zip(*path, strict=True), color=BLACK, lw=1.1 * scale, clip_on=False,
                    solid_capstyle="round")
        ax.annotate("", xy=end, xytext=path[-1], annotation_clip=False, gid=f"lien:{a}>{c}",
                    arrowprops={"arrowstyle": "-|>,head_length=0.5,head_width=0.25", "lw": 1.1 * scale,
                                "color": BLACK, "shrinkA": 0, "shrinkB": 0,
                                "mutation_scale": 12 * scale})


def _legend(ax: Axes | None, top: float, width: float, scale: float) -> float:
    """Draw (or only measure) the legend under ``top``; returns its bottom."""
    sample_w, sample_h, gap = 0.5, 0.28, 0.3
    th = measure("Ég", _PT)[1]
    y = top - 0.3
    if ax is not None:
        ax.text(0, y, "Légende (convention de ce carnet) :", ha="left", va="top", fontsize=_PT * scale,
                fontweight="bold", fontfamily=FONT_FAMILY, color=BLACK, clip_on=False, gid="legende")
    y -= th + 0.12
    x = 0.0
    for kind, label in LEGEND:
        item_w = sample_w + 0.12 + measure(label, _PT)[0]
        if x > 0 and x + item_w > width:
            x, y = 0.0, y - max(sample_h, th) - 0.14
        if ax is not None:
            cy = y - sample_h / 2
            if kind == "fleche":
                ax.annotate("", xy=(x + sample_w, cy), xytext=(x, cy), annotation_clip=False,
                            arrowprops={"arrowstyle": "-|>", "color": BLACK, "lw": 1.1 * scale,
                                        "mutation_scale": 12 * scale, "shrinkA": 0, "shrinkB": 0})
            else:
                fact = TreeFact(id="L", texte="", nature="permanent" if kind == "permanent" else
                                "inhabituel", hypothese=kind == "hypothese", cause_racine=kind == "racine")
                text = ROOT_MARK if kind == "racine" else ""
                _draw_box(ax, _Box(fact, text, sample_w, sample_h, kind == "ultime", x + sample_w / 2,
                                   cy), scale, sample=True)
            ax.text(x + sample_w + 0.12, cy, label, ha="left", va="center", fontsize=_PT * scale,
                    fontfamily=FONT_FAMILY, color=BLACK, clip_on=False, gid=f"legende:{kind}")
        x += item_w + gap
    return y - max(sample_h, th)


def _bounds(boxes: dict[str, _Box], routes: dict) -> tuple[float, float]:
    """Bottom and top of the tree (boxes and link bends), legend excluded."""
    ys = [y for pts in routes.values() for _, y in pts]
    return (min([b.y - b.height / 2 for b in boxes.values()] + ys, default=0.0),
            max([b.y + b.height / 2 for b in boxes.values()] + ys, default=0.0))


def _extent(boxes: dict[str, _Box], routes: dict, width: float) -> tuple[float, float, float, float]:
    bottom, top = _bounds(boxes, routes)
    legend_w = max(width, 7.0)
    return 0.0, _legend(None, bottom, legend_w, 1.0), legend_w, top


def natural_size(tree: CauseTree, *, wrap: int = 22) -> tuple[float, float]:
    """Width and height (inches) at which the tree is drawn with 10 pt text, legend included."""
    boxes, routes, width = _place(tree, wrap)
    x0, y0, x1, y1 = _extent(boxes, routes, width)
    return x1 - x0 + 2 * _MARGIN, y1 - y0 + 2 * _MARGIN


def draw_cause_tree(ax: Axes, tree: CauseTree, *, wrap: int = 22) -> None:
    """Draw a cause tree onto ``ax``: one box per fact, arrows antecedent → consequence, legend.

    The layout is computed in inches for 10 pt text; if ``ax`` is smaller than
    :func:`natural_size`, text and lines are scaled down together so that nothing overlaps
    (use :func:`cause_tree_figure` to keep 10 pt). The axes get an equal aspect ratio, exact
    limits and no frame.

    Args:
        ax: Target axes.
        tree: The tree; broken trees (loops, isolated facts) are drawn as typed.
        wrap: Characters per line of the facts' text.
    """
    ax.set_axis_off()
    if not tree.faits:
        ax.text(0.5, 0.5, "(arbre vide : aucun fait saisi)", ha="center", va="center",
                fontsize=_PT, fontstyle="italic", color=_GREY, transform=ax.transAxes)
        return
    boxes, routes, width = _place(tree, wrap)
    x0, y0, x1, y1 = _extent(boxes, routes, width)
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    fig_w, fig_h = fig.get_size_inches()
    pos = ax.get_position()
    scale = min(1.0, pos.width * fig_w / (x1 - x0 + 2 * _MARGIN),
                pos.height * fig_h / (y1 - y0 + 2 * _MARGIN))
    _draw_links(ax, tree, boxes, routes, scale)
    for box in boxes.values():
        _draw_box(ax, box, scale)
    _legend(ax, _bounds(boxes, routes)[0], x1 - x0, scale)
    ax.set_xlim(x0 - _MARGIN, x1 + _MARGIN)
    ax.set_ylim(y0 - _MARGIN, y1 + _MARGIN)
    ax.set_aspect("equal", adjustable="box")


def _quote(fact: TreeFact) -> str:
    return f"{fact.id} « {fact.texte} »"


def cause_tree_alt_text(tree: CauseTree) -> str:
    """A French description of the tree for screen readers (``alt`` text).

    The final fact first, then every fact (from the right to the left of the drawing) with its
    antecedents and the link type, its nature and marks; then the root causes and hypotheses.
    """
    if not tree.faits:
        return "Arbre des causes vide : aucun fait saisi."
    graph = to_graph(tree)
    finals = final_facts(tree)
    parts = [f"Arbre des causes : {graph.number_of_nodes()} faits et {graph.number_of_edges()} liens, "
             "lu de gauche à droite jusqu'au fait ultime, à droite."]
    parts.append("Fait ultime : " + (" ; ".join(_quote(f) for f in finals) or "aucun") + ".")
    order = list(dict.fromkeys([n for f in finals for n in _backward(graph, f.id)] + list(graph)))
    for n in order:
        fact: TreeFact = graph.nodes[n]["fact"]
        before = sorted(graph.predecessors(n), key=order.index)
        marks = [m for m, on in (("fait permanent", fact.nature == "permanent"),
                                 ("hypothèse non vérifiée", fact.hypothese),
                                 (f"{ROOT_MARK} cause racine", fact.cause_racine)) if on]
        text = _quote(fact) + (f" ({', '.join(marks)})" if marks else "")
        if before:
            names = ", ".join(before[:-1]) + " et " + before[-1] if len(before) > 1 else before[0]
            noun = "antécédents" if len(before) > 1 else "antécédent"
            text += f" : {noun} {names} ({link_type(tree, n)})"
        else:
            text += " : fait d'origine, sans antécédent"
        parts.append(text + ".")
    roots = [f for f in tree.faits if f.cause_racine]
    parts.append("Causes racines retenues : " + (" ; ".join(_quote(f) for f in roots) or "aucune") + ".")
    return " ".join(parts)


def _backward(graph: object, start: str) -> list[str]:
    """Breadth-first from the final fact toward the origin facts."""
    import networkx as nx

    return [start, *(v for _, v in nx.bfs_edges(graph, start, reverse=True))]


def cause_tree_figure(tree: CauseTree, *, wrap: int = 22, dpi: float = 100) -> Figure:
    """A standalone figure holding the tree at its natural size (10 pt text, no pyplot involved).

    Args:
        tree: The tree.
        wrap: Characters per line of the facts' text.
        dpi: Figure resolution.

    Returns:
        A :class:`matplotlib.figure.Figure` with an Agg canvas attached.
    """
    width, height = natural_size(tree, wrap=wrap) if tree.faits else (4.0, 1.0)
    with figure_style():
        fig = Figure(figsize=(width, height), dpi=dpi)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        draw_cause_tree(ax, tree, wrap=wrap)
    return fig
