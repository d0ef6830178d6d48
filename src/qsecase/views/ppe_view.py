"""PPE field check as a station × PPE matrix: conformity rate, symbol and counts in every cell.

A cell's fill follows the perceptually uniform, colour-blind-safe *cividis* map (dark = low rate,
so the grid stays readable in greyscale), but the information is in the text: the rate, a symbol
(✔ ≥ 95 %, ⚠ 80–95 %, ✖ < 80 %) and « portés / observations ». A required PPE never observed is
hatched and says « non observé »; a PPE not required at a station says « non exigé ».
"""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Normalize, to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from qsecase.methods.ppe import GOOD_RATE, POOR_RATE, PpeSummary
from qsecase.views.palette import FONT_FAMILY, WHITE, figure_style, fr_number, text_colour_on, wrap_text

__all__ = ["NOT_OBSERVED", "NOT_REQUIRED", "draw_ppe_matrix", "pct", "ppe_alt_text", "ppe_figure",
           "rate_colour", "rate_symbol"]

NOT_OBSERVED = "non observé"
NOT_REQUIRED = "non exigé"
_NORM = Normalize(vmin=50.0, vmax=100.0, clip=True)  # rates below 50 % all get the darkest fill
_EMPTY_FACE = "#F2F2F2"
_MUTED = "#595959"  # ≥ 6:1 on the light grey
_HATCH_EDGE = "#767676"
_EDGE: dict[str, Any] = {"edgecolor": WHITE, "linewidth": 2}


def pct(rate: float) -> str:
    """A rate in French notation: « 87,5 % », « 100 % »."""
    return fr_number(round(rate, 1), 1) + "\u202f%"


def rate_symbol(rate: float) -> str:
    """✔ from 95 %, ✖ below 80 %, ⚠ between."""
    return "✔" if rate >= GOOD_RATE else "✖" if rate < POOR_RATE else "⚠"


def rate_colour(rate: float) -> str:
    """The cividis fill of a rate (``#RRGGBB``)."""
    return to_hex(mpl.colormaps["cividis"](_NORM(rate)))


def _station_labels(ax: Axes, summary: PpeSummary) -> None:
    """Each station's name (bold) and, below it, its rate and number of observations."""
    axis = ax.get_yaxis_transform()  # x in axes fraction, y in data
    for i, poste in enumerate(summary.postes):
        rate = summary.taux_par_poste.get(poste)
        n = sum(c.n_observations for (p, _), c in summary.cells.items() if p == poste)
        detail = "jamais observé" if rate is None else f"{pct(rate)} · {n} obs."
        ax.text(-0.012, i + 0.52, wrap_text(poste, 22, break_long_words=False), transform=axis,
                ha="right", va="bottom", fontsize=10.5, fontweight="bold", linespacing=1.1)
        ax.text(-0.012, i + 0.56, detail, transform=axis, ha="right", va="top", fontsize=10,
                fontstyle="italic" if rate is None else "normal")


def draw_ppe_matrix(ax: Axes, summary: PpeSummary, *, title: str | None = None) -> None:
    """Draw the station × PPE matrix onto ``ax``.

    Args:
        ax: Target axes; its aspect is left free (cells are wider than tall).
        summary: From :func:`qsecase.methods.ppe.ppe_summary`.
        title: Title; by default the overall rate and the number of observations.
    """
    postes, epis = summary.postes, summary.epis
    if title is None:
        overall = "—" if summary.taux_global is None else pct(summary.taux_global)
        title = (f"Port des EPI par poste — taux global {overall} "
                 f"({summary.n_observations} observations)")
    ax.set_title(title, loc="left", fontsize=13, fontweight="bold", fontfamily=FONT_FAMILY, pad=12)
    if not postes:
        ax.text(0.5, 0.5, "(aucun EPI requis)", ha="center", va="center", fontstyle="italic",
                transform=ax.transAxes)
        ax.set_axis_off()
        return
    for i, poste in enumerate(postes):
        for j, epi in enumerate(epis):
            cell = summary.cells.get((poste, epi))
            gid = f"cellule:{poste}|{epi}"
            if cell is None:
                ax.add_patch(Rectangle((j, i), 1, 1, facecolor=_EMPTY_FACE, **_EDGE, gid=gid))
                ax.text(j + 0.5, i + 0.5, NOT_REQUIRED, ha="center", va="center", fontsize=10,
                        color=_MUTED, fontstyle="italic")
            elif cell.taux is None:
                ax.add_patch(Rectangle((j, i), 1, 1, facecolor=WHITE, **_EDGE, gid=gid))
                ax.add_patch(Rectangle((j + 0.04, i + 0.06), 0.92, 0.88, facecolor=WHITE,
                                       edgecolor=_HATCH_EDGE, hatch="///", linewidth=0.8))
                ax.text(j + 0.5, i + 0.5, NOT_OBSERVED, ha="center", va="center", fontsize=10.5,
                        fontstyle="italic", bbox=dict(boxstyle="round,pad=0.25", facecolor=WHITE,
                                                      edgecolor="none"))
            else:
                face = rate_colour(cell.taux)
                ax.add_patch(Rectangle((j, i), 1, 1, facecolor=face, **_EDGE, gid=gid))
                ink = text_colour_on(face)
                ax.text(j + 0.5, i + 0.42, f"{rate_symbol(cell.taux)} {pct(cell.taux)}",
                        ha="center", va="center", fontsize=12, fontweight="bold", color=ink)
                ax.text(j + 0.5, i + 0.72, f"{cell.n_porte}/{cell.n_observations} portés",
                        ha="center", va="center", fontsize=10, color=ink)
    ax.set_xlim(0, len(epis))
    ax.set_ylim(len(postes), 0)
    ax.set_xticks([j + 0.5 for j in range(len(epis))],
                  [wrap_text(e, 14, break_long_words=False) for e in epis], fontsize=10.5)
    ax.set_yticks([])
    _station_labels(ax, summary)
    ax.xaxis.tick_top()
    ax.tick_params(length=0, pad=6)
    for spine in ax.spines.values():
        spine.set_visible(False)
    handles = [
        Patch(facecolor=rate_colour(97.5), edgecolor="#333333", label="✔ ≥ 95\u202f%"),
        Patch(facecolor=rate_colour(87.5), edgecolor="#333333", label="⚠ 80 à 95\u202f%"),
        Patch(facecolor=rate_colour(65), edgecolor="#333333", label="✖ < 80\u202f%"),
        Patch(facecolor=WHITE, edgecolor=_HATCH_EDGE, hatch="///", label=NOT_OBSERVED),
        Patch(facecolor=_EMPTY_FACE, edgecolor="#333333", label=NOT_REQUIRED),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.02), ncol=5,
              frameon=False, fontsize=10, handlelength=1.6, handleheight=1.2,
              title="Taux de port (portés / observations) ; couleur : plus foncée = taux plus "
                    "faible", title_fontsize=10, alignment="left")


def ppe_alt_text(summary: PpeSummary) -> str:
    """A French description of the matrix for screen readers (``alt`` text)."""
    if not summary.postes:
        return "Matrice de port des EPI : aucun EPI requis."
    overall = "non calculable" if summary.taux_global is None else pct(summary.taux_global)
    parts = [f"Matrice de port des EPI — {len(summary.postes)} postes × {len(summary.epis)} EPI, "
             f"{summary.n_observations} observations, taux global de port {overall}."]
    for poste in summary.postes:
        cells = [c for (p, _), c in summary.cells.items() if p == poste]
        rate = summary.taux_par_poste.get(poste)
        if rate is None:
            parts.append(f"{poste} : jamais observé ({', '.join(c.epi for c in cells)} requis).")
            continue
        detail = " ; ".join(
            f"{c.epi} {NOT_OBSERVED}" if c.taux is None else
            f"{c.epi} {pct(c.taux)} ({c.n_porte}/{c.n_observations})" for c in cells)
        parts.append(f"{poste} ({pct(rate)}) : {detail}.")
    if summary.gaps:
        parts.append("Écarts : " + " ; ".join(
            f"{g.epi} non porté {g.n_non_porte} fois au poste {g.poste}" for g in summary.gaps)
            + ".")
    if summary.hors_regle:
        parts.append(f"{len(summary.hors_regle)} observation(s) d'EPI non exigés ignorée(s).")
    return " ".join(parts)


def ppe_figure(summary: PpeSummary, *, title: str | None = None, dpi: float = 100) -> Figure:
    """A standalone figure holding the matrix (no pyplot involved).

    Args:
        summary: From :func:`qsecase.methods.ppe.ppe_summary`.
        title: Title; by default the overall rate.
        dpi: Figure resolution.

    Returns:
        A :class:`matplotlib.figure.Figure` with an Agg canvas and constrained layout.
    """
    n_rows, n_cols = max(1, len(summary.postes)), max(1, len(summary.epis))
    width = min(18.0, 2.6 + 1.55 * n_cols)
    height = 2.4 + 0.85 * n_rows
    with figure_style():
        fig = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
        draw_ppe_matrix(fig.add_subplot(), summary, title=title)
    return fig
