"""AMDEC figures: IPR Pareto (with the action threshold) and G × O matrix, with text alternatives.

Above-threshold bars are hatched **and** coloured, and the priority is written in words; the
matrix zones differ by hatch and lightness (greyscale-safe) and are named in the legend; each
cell says how many failure modes it holds and which. The Excel export is in
:mod:`qsecase.views.fmea_workbook`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from qsecase.methods.fmea import FmeaRow, FmeaThresholds, ipr, ipr_after, priority, rank
from qsecase.views.fmea_workbook import fmea_workbook
from qsecase.views.palette import (
    BLACK,
    FONT_FAMILY,
    ORANGE,
    SKY_BLUE,
    VERMILLION,
    WHITE,
    figure_style,
    wrap_text,
)

__all__ = ["PRIORITY_STYLE", "ZONE_STYLE", "draw_go_matrix", "draw_ipr_pareto", "fmea_workbook",
           "go_alt_text", "go_figure", "go_zone", "ipr_alt_text", "ipr_figure", "short_label"]

#: Zone → (fill, hatch, legend label). Fills differ in lightness too, so greyscale keeps them apart.
ZONE_STYLE: dict[str, tuple[str, str, str]] = {
    "critique": ("#F3B9A0", "xx", "À traiter quelle que soit D (G critique ou G × O × 1 ≥ seuil)"),
    "detection": ("#FBE3B6", "//", "Dépend de la détection : à traiter si G × O × D ≥ seuil"),
    "acceptable": (WHITE, "", "Acceptable quelle que soit D (G × O × 10 < seuil)"),
}
_EDGE = "#1A1A1A"
#: Priority level → (fill, hatch): the level is also written in the legend and the alt text.
PRIORITY_STYLE: dict[str, tuple[str, str]] = {
    "à traiter en priorité": (VERMILLION, "//"),
    "à surveiller": (ORANGE, ".."),
    "acceptable": (SKY_BLUE, ""),
}


def short_label(row: FmeaRow, index: int, width: int = 34) -> str:
    """« M3 · Alésage Ø20 H7 : Ø hors tolérance », wrapped."""
    ref = row.id or f"L{index}"
    return wrap_text(f"{ref} · {row.etape} : {row.mode}", width)


def _ref(row: FmeaRow, rows: Sequence[FmeaRow]) -> str:
    return row.id or f"L{list(rows).index(row) + 1}"


def draw_ipr_pareto(ax: Axes, rows: Sequence[FmeaRow], thresholds: FmeaThresholds | None = None,
                    *, title: str = "") -> None:
    """Horizontal IPR bars, highest at the top, with the action threshold and after-action IPR.

    Args:
        ax: Target axes.
        rows: The AMDEC rows.
        thresholds: The case's thresholds (default :class:`FmeaThresholds`).
        title: Optional title.
    """
    t = thresholds or FmeaThresholds()
    if title:
        ax.set_title(title, loc="left", fontsize=13, fontweight="bold", fontfamily=FONT_FAMILY)
    if not rows:
        ax.text(0.5, 0.5, "(aucun mode de défaillance)", ha="center", va="center",
                fontstyle="italic", transform=ax.transAxes)
        ax.set_axis_off()
        return
    ordered = rank(rows).by_ipr
    n = len(ordered)
    top = max(max(ipr(r) for r in ordered), t.ipr_action)
    for i, row in enumerate(ordered):
        y, value = n - 1 - i, ipr(row)
        level = priority(row, t).level
        fill, hatch = PRIORITY_STYLE[level]
        ax.barh(y, value, height=0.66, color=fill, hatch=hatch, edgecolor=_EDGE, linewidth=0.9,
                zorder=2, gid=f"ipr:{_ref(row, rows)}")
        mark = " ⚠ G critique" if row.g >= t.g_critique else ""
        ax.text(value + top * 0.01, y, f"{value}{mark}", va="center", ha="left", fontsize=10,
                fontweight="bold" if level != "acceptable" else "normal", color=BLACK)
        after = ipr_after(row)
        if after is not None:
            ax.plot([after], [y], marker="D", markersize=8, markerfacecolor=WHITE,
                    markeredgecolor=BLACK, markeredgewidth=1.6, zorder=4)
    ax.axvline(t.ipr_action, color=BLACK, linestyle=(0, (5, 3)), linewidth=1.4, zorder=3)
    ax.axvline(t.watch, color="#555555", linestyle=(0, (1, 2)), linewidth=1.2, zorder=3)
    ax.text(t.ipr_action, n - 0.35, f" seuil d'action : {t.ipr_action}", ha="left",
            va="bottom", fontsize=10, fontweight="bold", color=BLACK)
    ax.text(t.watch, n - 0.35, f"surveillance : {t.watch} ", ha="right", va="bottom",
            fontsize=10, color=BLACK)
    ax.set_xlim(0, top * 1.22)
    ax.set_ylim(-0.6, n + 0.1)
    ax.set_yticks(range(n), [short_label(r, list(rows).index(r) + 1) for r in reversed(ordered)],
                  fontsize=10)
    ax.set_xlabel("Criticité IPR = G × O × D", fontsize=11)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    rules = {"à traiter en priorité": f"IPR ≥ {t.ipr_action} ou G ≥ {t.g_critique}",
             "à surveiller": f"{t.watch} ≤ IPR < {t.ipr_action}",
             "acceptable": f"IPR < {t.watch}"}
    handles: list[Patch | Line2D] = [
        Patch(facecolor=f, hatch=h, edgecolor=_EDGE, label=f"{lvl[0].upper()}{lvl[1:]} ({rules[lvl]})")
        for lvl, (f, h) in PRIORITY_STYLE.items()]
    handles.append(Line2D([], [], marker="D", color="none", markerfacecolor=WHITE,
                          markeredgecolor=BLACK, markersize=8, label="IPR attendu après action"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.08), ncol=2,
              frameon=False, fontsize=10, title=f"⚠ G critique : gravité ≥ {t.g_critique}, à "
              "traiter quel que soit l'IPR", title_fontsize=10, alignment="left")


def go_zone(g: int, o: int, thresholds: FmeaThresholds | None = None) -> str:
    """The zone of a (G, O) cell: « critique », « detection » or « acceptable »."""
    t = thresholds or FmeaThresholds()
    if g >= t.g_critique or g * o >= t.ipr_action:
        return "critique"
    return "detection" if g * o * 10 >= t.ipr_action else "acceptable"


def _cells(rows: Sequence[FmeaRow]) -> dict[tuple[int, int], list[str]]:
    cells: dict[tuple[int, int], list[str]] = {}
    for row in rows:
        cells.setdefault((row.g, row.o), []).append(_ref(row, rows))
    return cells


def draw_go_matrix(ax: Axes, rows: Sequence[FmeaRow], thresholds: FmeaThresholds | None = None,
                   *, title: str = "") -> None:
    """The 10 × 10 gravity × occurrence grid: zones in words, failure modes counted in cells.

    Args:
        ax: Target axes (square cells).
        rows: The AMDEC rows.
        thresholds: The case's thresholds (zones follow them).
        title: Optional title.
    """
    t = thresholds or FmeaThresholds()
    if title:
        ax.set_title(title, loc="left", fontsize=13, fontweight="bold", fontfamily=FONT_FAMILY)
    for g in range(1, 11):
        for o in range(1, 11):
            fill, hatch, _ = ZONE_STYLE[go_zone(g, o, t)]
            ax.add_patch(Rectangle((o - 0.5, g - 0.5), 1, 1, facecolor=fill, hatch=hatch,
                                   edgecolor="#8C8C8C", linewidth=0.6, zorder=1))
    for (g, o), refs in sorted(_cells(rows).items()):
        shown = ", ".join(refs) if len(refs) <= 2 else f"{refs[0]} +{len(refs) - 1}"
        ax.add_patch(Rectangle((o - 0.44, g - 0.44), 0.88, 0.88, facecolor=WHITE,
                               edgecolor=BLACK, linewidth=1.4, zorder=2, gid=f"case:{g}-{o}"))
        ax.text(o, g + 0.2, str(len(refs)), ha="center", va="center", fontsize=11,
                fontweight="bold", zorder=3)
        ax.text(o, g - 0.16, shown, ha="center",
                va="center", fontsize=10, linespacing=1.0, zorder=3)
    ax.set_xlim(0.5, 10.5)
    ax.set_ylim(0.5, 10.5)
    ax.set_aspect("equal")
    ax.set_anchor("N")  # spare height goes under the grid, where the legend is
    ax.set_xticks(range(1, 11))
    ax.set_yticks(range(1, 11))
    ax.set_xlabel("Occurrence O (1 = cause quasi impossible … 10 = aucune prévention)", fontsize=11)
    ax.set_ylabel("Gravité G (1 = aucun effet … 10 = sécurité)", fontsize=11)
    ax.tick_params(length=0)
    handles = [Patch(facecolor=f, hatch=h, edgecolor=_EDGE, label=lbl)
               for f, h, lbl in ZONE_STYLE.values()]
    handles.append(Patch(facecolor=WHITE, edgecolor=BLACK, linewidth=1.4,
                         label="Case encadrée : nombre de modes et leurs repères"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.09), ncol=1,
              frameon=False, fontsize=10, handleheight=1.4,
              title=f"Zones (seuil d'action IPR {t.ipr_action}, gravité critique ≥ {t.g_critique})",
              title_fontsize=10, alignment="left")


def ipr_alt_text(rows: Sequence[FmeaRow], thresholds: FmeaThresholds | None = None) -> str:
    """French description of the IPR chart for screen readers."""
    t = thresholds or FmeaThresholds()
    if not rows:
        return "Pareto des IPR : aucun mode de défaillance."
    ordered = rank(rows).by_ipr
    over = [r for r in ordered if ipr(r) >= t.ipr_action]
    parts = [f"Pareto des criticités IPR de {len(rows)} modes de défaillance, du plus critique au "
             f"moins critique ; seuil d'action {t.ipr_action} ; {len(over)} au-dessus du seuil."]
    for r in ordered:
        after = ipr_after(r)
        extra = (f", G {r.g} critique" if r.g >= t.g_critique else "") + (
            f", {after} attendu après action" if after is not None else "")
        parts.append(f"{_ref(r, rows)} {r.etape} — {r.mode} : IPR {ipr(r)}{extra}.")
    return " ".join(parts)


def go_alt_text(rows: Sequence[FmeaRow], thresholds: FmeaThresholds | None = None) -> str:
    """French description of the G × O matrix for screen readers."""
    t = thresholds or FmeaThresholds()
    words = {"critique": "zone à traiter", "detection": "zone dépendant de la détection",
             "acceptable": "zone acceptable"}
    cells = sorted(_cells(rows).items(), key=lambda kv: (-kv[0][0], -kv[0][1]))
    parts = [f"Matrice gravité × occurrence (1 à 10) de {len(rows)} modes de défaillance ; "
             f"seuil d'action IPR {t.ipr_action}, gravité critique ≥ {t.g_critique}."]
    parts += [f"G {g}, O {o} ({words[go_zone(g, o, t)]}) : {', '.join(refs)}."
              for (g, o), refs in cells]
    return " ".join(parts)


def ipr_figure(rows: Sequence[FmeaRow], thresholds: FmeaThresholds | None = None, *,
               title: str = "", dpi: float = 100) -> Figure:
    """A standalone figure holding :func:`draw_ipr_pareto` (no pyplot)."""
    lines = sum(max(1, math.ceil(len(short_label(r, 1)) / 34)) for r in rows)
    with figure_style():
        fig = Figure(figsize=(11.0, 2.2 + 0.3 * max(lines, 2 * len(rows), 2)), dpi=dpi,
                     layout="constrained")
        FigureCanvasAgg(fig)
        draw_ipr_pareto(fig.add_subplot(), rows, thresholds,
                        title=title or "AMDEC — criticités IPR, de la plus forte à la plus faible")
    return fig


def go_figure(rows: Sequence[FmeaRow], thresholds: FmeaThresholds | None = None, *,
              title: str = "", dpi: float = 100) -> Figure:
    """A standalone figure holding :func:`draw_go_matrix` (no pyplot)."""
    with figure_style():
        fig = Figure(figsize=(8.6, 10.6), dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
        draw_go_matrix(fig.add_subplot(), rows, thresholds,
                       title=title or "AMDEC — matrice gravité × occurrence")
    return fig
