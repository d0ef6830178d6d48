"""Pareto chart: decreasing bars with ABC classes, cumulative-% curve, 80 % reference line.

Classes are distinguished by hatch pattern as well as colour (and named in a legend), so the
chart survives greyscale printing and colour-vision deficiencies (WCAG 2.2 §1.4.1, RGAA 3.1).
Following Juran, the cumulative curve starts at 0 at the left edge of the first bar and each of its
points sits at the right edge of a bar: the cumulative share once that category is included.
The left axis runs from 0 to the total and the right one from 0 to 100 %, so both scales agree.
"""

from __future__ import annotations

from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, PercentFormatter

from qsecase.methods.pareto import CLASS_A, CLASS_B, ParetoRow
from qsecase.views.palette import (
    BLACK,
    BLUE,
    FONT_FAMILY,
    GREY,
    SKY_BLUE,
    VERMILLION,
    WHITE,
    figure_style,
    fr_number,
    measure,
    wrap_text,
)

__all__ = ["CLASS_STYLE", "draw_pareto", "pareto_alt_text", "pareto_figure"]

#: Per ABC class: fill colour, hatch pattern and legend label.
CLASS_STYLE: dict[str, tuple[str, str, str]] = {
    "A": (BLUE, "", f"Classe A (≈ {CLASS_A * 100:.0f}\u202f% de l'effet)"),
    "B": (SKY_BLUE, "///", f"Classe B (jusqu'à ≈ {CLASS_B * 100:.0f}\u202f%)"),
    "C": (GREY, "xx", "Classe C (reste)"),
}
_EDGE = "#1A1A1A"
_HEADROOM = 1.08  # both axes go 8 % above the total / 100 %
_PCT = "\u202f%"  # narrow no-break space before %, French typography


def _pct(share: float) -> str:
    return fr_number(round(share * 100, 1), 1) + _PCT


def _category_labels(categories: list[str], slot: float) -> tuple[list[str], bool]:
    """Tick labels wrapped to fit under their bar, or, failing that, wrapped wider and rotated.

    Args:
        categories: Category names, in bar order.
        slot: Width (inches) available per bar.

    Returns:
        The labels and whether they must be rotated.
    """
    char_w = measure("abcdefghijklmnopqrstuvwxyz", 10)[0] / 26
    chars = max(6, int(0.92 * slot / char_w))
    labels = [wrap_text(c, chars, break_long_words=False) or "(sans nom)" for c in categories]
    fits = all(
        measure(lbl, 10)[0] <= 0.95 * slot and lbl.count("\n") <= 2 for lbl in labels)
    if fits:
        return labels, False
    return [wrap_text(c, 28) or "(sans nom)" for c in categories], True


def draw_pareto(
    ax: Axes, rows: list[ParetoRow], *, value_label: str = "Nombre", title: str = ""
) -> None:
    """Draw a Pareto chart onto ``ax`` (and a twin axis for the cumulative percentage).

    Args:
        ax: Target axes (bars, left scale); a twin axis is added for the cumulative curve.
        rows: Rows from :func:`qsecase.methods.pareto.pareto`; re-sorted by decreasing value.
        value_label: Name of the measured quantity (left axis), e.g. « Nombre de réclamations ».
        title: Optional title.
    """
    rows = sorted(rows, key=lambda r: -r.value)
    n = len(rows)
    if n == 0:
        if title:
            ax.set_title(title, fontfamily=FONT_FAMILY, fontsize=13, fontweight="bold",
                         loc="left")
        ax.text(0.5, 0.5, "(aucune donnée)", ha="center", va="center", fontstyle="italic",
                fontsize=11, transform=ax.transAxes)
        ax.set_axis_off()
        return
    total = sum(r.value for r in rows) or 1.0
    xs = list(range(n))

    # Bars, one container, hatch + colour per class.
    bars = ax.bar(xs, [r.value for r in rows], width=0.72, edgecolor=_EDGE, linewidth=0.9,
                  zorder=2, gid="barres")
    for patch, row in zip(bars.patches, rows, strict=True):
        fill, hatch, _ = CLASS_STYLE.get(row.abc, CLASS_STYLE["C"])
        patch.set_facecolor(fill)
        patch.set_hatch(hatch)
        patch.set_gid(f"classe:{row.abc}")
    ax.bar_label(bars, labels=[fr_number(r.value) for r in rows], padding=2, fontsize=10,
                 fontfamily=FONT_FAMILY, color=BLACK)
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylim(0, total * _HEADROOM)
    ax.set_ylabel(value_label, fontsize=11)
    ax.yaxis.set_major_formatter(lambda v, _pos: fr_number(v))
    ax.spines["top"].set_visible(False)  # no grid: bars carry their values, 80 % is drawn

    # Category labels: wrapped; rotated when they do not fit under their bar.
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    ax_w = ax.get_position().width * fig.get_size_inches()[0]
    labels, rotated = _category_labels([r.category for r in rows], ax_w / n)
    ax.xaxis.set_major_locator(FixedLocator(xs))
    if rotated:
        ax.set_xticklabels(labels, rotation=30, ha="right", rotation_mode="anchor",
                           fontsize=10, linespacing=1.1)
    else:
        ax.set_xticklabels(labels, fontsize=10, linespacing=1.1)
    ax.tick_params(axis="x", length=0, pad=4)

    # Cumulative curve on a twin axis, with a white halo so it stays visible across the bars.
    twin = ax.twinx()
    cum_x = [-0.36] + [x + 0.36 for x in xs]
    cum_y = [0.0] + [r.cumulative * 100 for r in rows]
    cum_y[-1] = 100.0 if abs(cum_y[-1] - 100.0) < 1e-6 else cum_y[-1]
    halo = [patheffects.withStroke(linewidth=4.5, foreground=WHITE)]
    twin.plot(cum_x, cum_y, color=VERMILLION, linewidth=2.0, marker="o", markersize=6,
              markerfacecolor=VERMILLION, markeredgecolor=WHITE, markeredgewidth=1.0,
              markevery=list(range(1, n + 1)), path_effects=halo, zorder=3, gid="cumul",
              clip_on=False, label="% cumulé")
    twin.axhline(80, color=BLACK, linestyle=(0, (5, 3)), linewidth=1.2, zorder=2,
                 gid="seuil80")
    twin.annotate("80" + _PCT, xy=(n - 0.45, 80), xytext=(0, 3), textcoords="offset points",
                  ha="right", va="bottom", fontsize=10, fontfamily=FONT_FAMILY,
                  fontweight="bold", color=BLACK, gid="seuil80-label",
                  bbox={"boxstyle": "round,pad=0.1", "facecolor": WHITE, "edgecolor": "none",
                        "alpha": 0.85})
    twin.set_ylim(0, 100 * _HEADROOM)
    twin.yaxis.set_major_locator(FixedLocator([0, 20, 40, 60, 80, 100]))
    twin.yaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0, symbol=_PCT))
    twin.set_ylabel("% cumulé", fontsize=11)
    twin.spines["top"].set_visible(False)

    # Legend above the plot (outside, so it never hides data).
    present = [c for c in ("A", "B", "C") if any(r.abc == c for r in rows)]
    handles: list[Patch | Line2D] = [
        Patch(facecolor=CLASS_STYLE[c][0], hatch=CLASS_STYLE[c][1], edgecolor=_EDGE,
              label=CLASS_STYLE[c][2]) for c in present]
    handles.append(Line2D([], [], color=VERMILLION, marker="o", markeredgecolor=WHITE,
                          linewidth=2.0, label="% cumulé"))
    handles.append(Line2D([], [], color=BLACK, linestyle=(0, (5, 3)), linewidth=1.2,
                          label="Seuil 80" + _PCT))
    entry_w = max(measure(h.get_label(), 10)[0] for h in handles) + 0.55
    ncol = max(1, min(len(handles), int(ax_w // entry_w)))
    nrows = -(-len(handles) // ncol)
    # Matplotlib fills legend columns first; reorder so that entries read row by row.
    handles = [handles[r * ncol + c] for c in range(ncol) for r in range(nrows)
               if r * ncol + c < len(handles)]
    twin.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.01), ncol=ncol,
                frameon=False, fontsize=10, handlelength=1.8, columnspacing=1.2,
                borderaxespad=0.0, handleheight=1.2)
    if title:
        ax.set_title(title, fontfamily=FONT_FAMILY, fontsize=13, fontweight="bold", loc="left",
                     pad=8 + nrows * 19)


def pareto_alt_text(rows: list[ParetoRow], value_label: str = "Nombre") -> str:
    """A French description of the Pareto chart for screen readers (``alt`` text).

    Args:
        rows: Rows from :func:`qsecase.methods.pareto.pareto`.
        value_label: Name of the measured quantity.

    Returns:
        E.g. « Diagramme de Pareto — Nombre, 5 catégories, total 120. Usure : 48 (40 % ; cumul
        40 % ; classe A) ; … Classe A : Usure, Réglage (82 % du total). »
    """
    rows = sorted(rows, key=lambda r: -r.value)
    if not rows:
        return f"Diagramme de Pareto — {value_label} : aucune donnée."
    total = sum(r.value for r in rows)
    noun = "catégorie" if len(rows) == 1 else "catégories"
    head = (f"Diagramme de Pareto — {value_label}, {len(rows)} {noun} triées par valeur "
            f"décroissante, total {fr_number(total)}.")
    body = " ; ".join(
        f"{r.category} : {fr_number(r.value)} ({_pct(r.share)} ; cumul {_pct(r.cumulative)} ; "
        f"classe {r.abc})" for r in rows)
    class_a = [r for r in rows if r.abc == "A"]
    tail = ""
    if class_a:
        tail = (f" Classe A : {', '.join(r.category for r in class_a)} "
                f"({_pct(class_a[-1].cumulative)} du total).")
    return f"{head} {body}.{tail}"


def pareto_figure(
    rows: list[ParetoRow],
    *,
    value_label: str = "Nombre",
    title: str = "",
    width: float | None = None,
    height: float = 5.0,
    dpi: float = 100,
) -> Figure:
    """A standalone figure holding the Pareto chart (no pyplot involved).

    Args:
        rows: Rows from :func:`qsecase.methods.pareto.pareto`.
        value_label: Name of the measured quantity (left axis).
        title: Optional title.
        width: Figure width in inches; by default from the number of categories.
        height: Figure height in inches (before room for rotated labels).
        dpi: Figure resolution.

    Returns:
        A :class:`matplotlib.figure.Figure` with an Agg canvas and constrained layout.
    """
    n = len(rows)
    if width is None:
        width = min(15.0, max(7.5, 2.2 + 1.2 * n))
    longest = max((len(r.category) for r in rows), default=0)
    extra = min(2.0, 0.05 * max(0, longest - 12)) if n > 5 else 0.0
    with figure_style():
        fig = Figure(figsize=(width, height + extra), dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        draw_pareto(ax, rows, value_label=value_label, title=title)
    return fig
