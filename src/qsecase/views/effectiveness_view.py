"""Effectiveness of actions at a glance: per action, the way from « before » towards the target.

Every action gets its own row on a common scale — 0 is the value before the action, 1 the
target — so that indicators of different units compare. An arrow goes from before to after; the
real values are written beside the marks, and the verdict is written on the right as a symbol
**and** a word (✔ efficace, ◐ partiellement efficace, ✖ non efficace), colour being only a help.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from qsecase.methods.effectiveness import EffectivenessResult, fmt_value
from qsecase.views.palette import (
    BLACK,
    BLUISH_GREEN,
    FONT_FAMILY,
    GREY,
    ORANGE,
    VERMILLION,
    figure_style,
    wrap_text,
)

__all__ = ["VERDICT_STYLE", "draw_effectiveness", "effectiveness_alt_text", "effectiveness_figure"]

#: Verdict → (colour, marker, label with its symbol).
VERDICT_STYLE: dict[str, tuple[str, str, str]] = {
    "efficace": (BLUISH_GREEN, "o", "✔ efficace"),
    "partiellement efficace": (ORANGE, "D", "◐ partiellement efficace"),
    "non efficace": (VERMILLION, "X", "✖ non efficace"),
}
_NONE = (GREY, "s", "? non évaluable")
_LOW, _HIGH = -0.55, 1.55  # visible part of the progress scale
_INK = "#333333"


def _label(item: EffectivenessResult) -> str:
    c = item.criterion
    return wrap_text(f"{c.action} · {c.indicateur or '(indicateur ?)'}", 26)


def draw_effectiveness(ax: Axes, items: Sequence[EffectivenessResult], *, title: str = "") -> None:
    """Draw one row per action: before → after, towards the target, and the verdict in words.

    Args:
        ax: Target axes.
        items: From :func:`qsecase.methods.effectiveness.evaluate`.
        title: Optional title.
    """
    if title:
        ax.set_title(title, loc="left", fontsize=13, fontweight="bold", fontfamily=FONT_FAMILY)
    if not items:
        ax.text(0.5, 0.5, "(aucun critère d'efficacité)", ha="center", va="center",
                fontstyle="italic", transform=ax.transAxes)
        ax.set_axis_off()
        return
    n = len(items)
    ax.axvline(0, color=GREY, linewidth=1.0, linestyle=(0, (2, 2)), zorder=1)
    ax.axvline(1, color=BLACK, linewidth=1.6, zorder=1, gid="cible")
    for i, item in enumerate(items):
        y = n - 1 - i
        ax.axhline(y, color="#DDDDDD", linewidth=0.8, zorder=0)
        v, m, c = item.verdict, item.measurement, item.criterion
        colour, marker, word = VERDICT_STYLE[v.status] if v else _NONE
        ax.text(1.02, y, word, transform=ax.get_yaxis_transform(), ha="left", va="center",
                fontsize=11, fontweight="bold", color=BLACK, gid=f"verdict:{c.action}")
        if v is None or m is None:
            reason = "mesure absente" if m is None else "cible absente"
            ax.text(0.5, y + 0.1, f"({reason})", ha="center", va="bottom", fontsize=10,
                    fontstyle="italic", color=_INK)
            continue
        end = min(max(v.progress, _LOW + 0.05), _HIGH - 0.05)
        ax.plot([0], [y], marker="o", markersize=7, markerfacecolor="white",
                markeredgecolor=BLACK, zorder=3)
        ax.annotate("", xy=(end, y), xytext=(0, y), zorder=2, gid=f"fleche:{c.action}",
                    arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 2.6,
                                "mutation_scale": 16, "shrinkA": 4, "shrinkB": 0})
        ax.plot([end], [y], marker=marker, markersize=10, color=colour,
                markeredgecolor=BLACK, zorder=4)
        u = c.unite
        clipped = "…" if end != v.progress else ""
        ax.text(0, y - 0.17, f"avant {fmt_value(m.avant, u)}", ha="center", va="top",
                fontsize=10, color=_INK)
        ax.text(end, y + 0.17, f"après {fmt_value(m.apres, u)}{clipped}", ha="center",
                va="bottom", fontsize=10, fontweight="bold", color=BLACK)
        ax.text(1, y - 0.17, f"cible {'≤' if c.sens == 'baisse' else '≥'} "
                f"{fmt_value(c.cible or 0.0, u)}", ha="left", va="top", fontsize=10,
                color=BLACK, bbox={"boxstyle": "square,pad=0.1", "facecolor": "white",
                                   "edgecolor": "none"})
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlim(_LOW, _HIGH)
    ax.set_yticks(range(n), [_label(it) for it in reversed(items)], fontsize=10)
    ax.set_xticks([0, 0.5, 1], ["valeur\navant", "mi-chemin", "cible\natteinte"], fontsize=10)
    ax.set_xlabel("Chemin parcouru de la valeur avant action vers la cible", fontsize=10.5)
    ax.tick_params(length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def effectiveness_alt_text(items: Sequence[EffectivenessResult]) -> str:
    """A French description of the chart for screen readers (``alt`` text)."""
    if not items:
        return "Efficacité des actions : aucun critère d'efficacité."
    parts = [f"Efficacité des actions : {len(items)} action{'s' if len(items) > 1 else ''}, "
             "valeur avant, valeur après et cible de chaque indicateur."]
    for it in items:
        c, m, v = it.criterion, it.measurement, it.verdict
        head = f"{c.action} « {c.indicateur} »"
        if v is None or m is None:
            parts.append(f"{head} : non évaluable ({'mesure' if m is None else 'cible'} absente).")
        else:
            parts.append(f"{head} : {v.symbol} {v.status} — {v.rule}.")
    return " ".join(parts)


def effectiveness_figure(items: Sequence[EffectivenessResult], *, title: str = "",
                         dpi: float = 100) -> Figure:
    """A standalone figure (no pyplot) holding :func:`draw_effectiveness`."""
    with figure_style():
        fig = Figure(figsize=(11.0, 1.6 + 0.95 * max(1, len(items))), dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
        draw_effectiveness(fig.add_subplot(), items,
                           title=title or "Efficacité des actions : avant → après, vers la cible")
    return fig
