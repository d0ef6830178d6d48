"""DUERP figures: gravity × frequency heat maps and the RPS matrix, with their text alternatives.

How a priority is shown, here and in the HTML and Excel views (:func:`priority_style`): a light
Okabe–Ito tint under black text, a hatch whose density falls with the urgency, a symbol and the
code « P1 », « P2 »… — never the colour alone, so the figures read in grey scale and by
colour-blind readers. Each heat-map cell writes how many situations it holds and the priority of
its criticité brute G × F by the organisation's thresholds.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from qsecase.case_model import WorkUnit
from qsecase.methods.duerp import DuerpScale, Situation, heat_counts, rate
from qsecase.methods.rps import FAMILIES as RPS_FAMILIES
from qsecase.methods.rps import FREQUENCIES, SEVERITIES, RpsFactor, coverage, factor_priority
from qsecase.views.palette import (
    FONT_FAMILY,
    GREY,
    ORANGE,
    REDDISH_PURPLE,
    SKY_BLUE,
    VERMILLION,
    WHITE,
    YELLOW,
    StatusStyle,
    figure_style,
    fr_number,
    wrap_text,
)
from qsecase.views.sst_register_view import tint

__all__ = ["ABSENT_STYLE", "NOT_REVIEWED_STYLE", "RPS_SHORT", "cell_priority", "draw_heat_map",
           "heat_map", "heat_map_alt", "heat_maps", "heat_maps_alt", "priority_fill",
           "priority_style", "priority_text", "rps_matrix", "rps_matrix_alt"]

#: Styles of priorities 1, 2, 3, 4 (the last priority of a scale always takes :data:`_LOWEST`):
#: (colour, tint towards white, hatch, symbol). Denser hatches and darker tints mean more urgent.
_URGENT: tuple[tuple[str, float, str, str], ...] = (
    (VERMILLION, 0.4, "xx", "⚠"), (ORANGE, 0.4, "//", "◆"), (YELLOW, 0.4, "..", "●"),
    (REDDISH_PURPLE, 0.6, "\\\\", "■"),
)
_LOWEST = (SKY_BLUE, 0.75, "", "○")
#: A RPS family not reviewed for a work unit, and a factor reviewed and found absent.
NOT_REVIEWED_STYLE = StatusStyle(colour=GREY, symbol="?", hatch="..", label="non examiné")
ABSENT_STYLE = StatusStyle(colour=WHITE, symbol="—", hatch="", label="absent")
#: Short labels of the six RPS families (Gollac report axes) for figure columns.
RPS_SHORT: dict[str, str] = {
    "intensite": "Intensité, temps de travail", "emotions": "Exigences émotionnelles",
    "autonomie": "Autonomie, marges de manœuvre", "rapports-sociaux": "Rapports sociaux",
    "valeurs": "Conflits de valeurs", "insecurite": "Insécurité de la situation",
}
_EDGE = "#4D4D4D"
_TEXT_BOX = {"boxstyle": "round,pad=0.2", "facecolor": WHITE, "edgecolor": "none", "alpha": 0.85}


# --- priority styles (shared with the HTML and Excel views) --------------------------------------
def _style_row(scale: DuerpScale, priorite: int) -> tuple[str, float, str, str]:
    last = len(scale.seuils)
    if priorite >= last:
        return _LOWEST
    return _URGENT[min(priorite, len(_URGENT)) - 1]


def priority_style(scale: DuerpScale, priorite: int) -> StatusStyle:
    """How priority ``priorite`` of ``scale`` is drawn: colour, symbol, hatch, label « P1 »."""
    colour, _, hatch, symbol = _style_row(scale, priorite)
    return StatusStyle(colour=colour, symbol=symbol, hatch=hatch, label=f"P{priorite}")


def priority_fill(scale: DuerpScale, priorite: int) -> str:
    """Light background (``#RRGGBB``) of a priority, under black text (contrast ≥ 9:1)."""
    colour, white, _, _ = _style_row(scale, priorite)
    return tint(colour, white)


def priority_text(scale: DuerpScale, priorite: int) -> str:
    """Symbol, code and the organisation's word for the priority: « ⚠ P1 — immédiate »."""
    style = priority_style(scale, priorite)
    label = next((t.libelle for t in scale.seuils if t.priorite == priorite), "")
    return f"{style.text} — {label}" if label else style.text


def cell_priority(scale: DuerpScale, g: int, f: int) -> int:
    """Priority of the criticité brute G × F of a grid cell (the rating rule of the method)."""
    cell = Situation(id=f"G{g}F{f}", unite="grille", situation="case de la grille", famille="rps", g=g, f=f)
    return rate(cell, scale).priorite


def _threshold_legend(scale: DuerpScale, what: str) -> list[Patch]:
    return [Patch(facecolor=priority_fill(scale, t.priorite), hatch=priority_style(scale, t.priorite).hatch,
                  edgecolor=_EDGE, label=f"{priority_text(scale, t.priorite)} ({what} ≥ "
                  f"{fr_number(t.minimum, 2)})")
            for t in scale.seuils]


# --- heat maps ------------------------------------------------------------------------------------
def _level_ticks(scale: DuerpScale, axis: str, width: int) -> list[str]:
    levels = scale.gravite if axis == "gravite" else scale.frequence
    return [f"{lv.valeur} · {wrap_text(lv.libelle, width, break_long_words=False)}"
            if axis == "gravite" else f"{lv.valeur}\n{wrap_text(lv.libelle, width, break_long_words=False)}"
            for lv in levels]


def draw_heat_map(ax: Axes, counts: Counter[tuple[int, int]], scale: DuerpScale, *, title: str = "",
                  labels: bool = True) -> None:
    """The gravity × frequency grid on ``ax``: most severe row at the top, one cell per (G, F).

    Args:
        ax: Target axes.
        counts: Number of situations per (G, F) (:func:`~qsecase.methods.duerp.heat_counts`).
        scale: The organisation's grid (levels and thresholds).
        title: Title of the axes.
        labels: Write the level labels beside the level numbers (off for small multiples).
    """
    if title:
        ax.set_title(title, loc="left", fontsize=12, fontweight="bold", fontfamily=FONT_FAMILY)
    for g in range(1, scale.g_max + 1):
        for f in range(1, scale.f_max + 1):
            prio = cell_priority(scale, g, f)
            style = priority_style(scale, prio)
            ax.add_patch(Rectangle((f - 0.5, g - 0.5), 1, 1, facecolor=priority_fill(scale, prio),
                                   hatch=style.hatch, edgecolor=_EDGE, linewidth=0.8, zorder=1,
                                   gid=f"cell:{g}-{f}"))
            n = counts.get((g, f), 0)
            ax.text(f, g, f"{n}\n{style.symbol} {style.label}", ha="center", va="center",
                    fontsize=11 if n else 10, fontweight="bold" if n else "normal",
                    linespacing=1.1, bbox=_TEXT_BOX, zorder=3)
    ax.set_xlim(0.5, scale.f_max + 0.5)
    ax.set_ylim(0.5, scale.g_max + 0.5)
    ax.set_xticks(range(1, scale.f_max + 1), _level_ticks(scale, "frequence", 12) if labels
                  else [str(v) for v in range(1, scale.f_max + 1)])
    ax.set_yticks(range(1, scale.g_max + 1), _level_ticks(scale, "gravite", 16) if labels
                  else [str(v) for v in range(1, scale.g_max + 1)])
    ax.set_xlabel("Fréquence F (exposition)", fontsize=11)
    ax.set_ylabel("Gravité G (dommage)", fontsize=11)
    ax.tick_params(length=0)


def _legend(fig: Figure, scale: DuerpScale, *, levels: bool) -> None:
    handles = _threshold_legend(scale, "G × F")
    title = ("Chaque case : nombre de situations cotées G × F, puis la priorité de la criticité "
             "brute G × F ; la maîtrise M peut abaisser la priorité d'une situation")
    if levels:
        gravite = " · ".join(f"{lv.valeur} {lv.libelle}" for lv in scale.gravite)
        frequence = " · ".join(f"{lv.valeur} {lv.libelle}" for lv in scale.frequence)
        title += "\n" + wrap_text(f"Gravité : {gravite}", 110) + "\n" + wrap_text(
            f"Fréquence : {frequence}", 110)
    fig.legend(handles=handles, loc="outside lower left", ncol=min(2, len(handles)), frameon=False,
               fontsize=10, title=wrap_text(title, 110) if not levels else title,
               title_fontsize=10, alignment="left", handleheight=1.4)


def _unit_title(unit: WorkUnit, n: int, width: int) -> str:
    return wrap_text(f"{unit.id} — {unit.nom}", width) + f"\n{n} situation{'s' if n > 1 else ''}"


def heat_map(situations: Sequence[Situation], scale: DuerpScale, unite: str | None = None,
             title: str = "") -> Figure:
    """The heat map of one work unit (or of all when ``unite`` is ``None``), with its legend.

    Use it with :func:`~qsecase.views.render.figure_to_html` and :func:`heat_map_alt`.
    """
    counts = heat_counts(situations, unite)
    n = sum(counts.values())
    title = title or (f"Cartographie des risques — {'unité ' + unite if unite else 'ensemble'} "
                      f"({n} situation{'s' if n > 1 else ''})")
    with figure_style():
        fig = Figure(figsize=(2.6 + 1.45 * scale.f_max, 3.2 + 1.0 * scale.g_max + 0.3 * len(scale.seuils)),
                     layout="constrained")
        FigureCanvasAgg(fig)
        draw_heat_map(fig.add_subplot(), counts, scale, title=wrap_text(title, 60))
        _legend(fig, scale, levels=False)
    return fig


def heat_maps(situations: Sequence[Situation], scale: DuerpScale, units: Sequence[WorkUnit]) -> Figure:
    """Small multiples: « Ensemble » first, then one heat map per work unit, same grid and legend.

    Use it with :func:`~qsecase.views.render.figure_to_html` and :func:`heat_maps_alt`.
    """
    panels: list[tuple[str, Counter[tuple[int, int]]]] = []
    total = heat_counts(situations)
    n_all = sum(total.values())
    panels.append((f"Ensemble\n{n_all} situation{'s' if n_all > 1 else ''}", total))
    for unit in units:
        counts = heat_counts(situations, unit.id)
        panels.append((_unit_title(unit, sum(counts.values()), 26), counts))
    ncols = min(3, len(panels))
    nrows = math.ceil(len(panels) / ncols)
    side = 1.0 + 0.62 * max(scale.g_max, scale.f_max)
    with figure_style():
        # room under each row for its wrapped titles and the axis label of the row above
        lines = max(title.count("\n") + 1 for title, _ in panels)
        row = side + 0.8 + 0.24 * lines
        fig = Figure(figsize=(ncols * (side + 0.9), nrows * row + 2.2 + 0.25 * len(scale.seuils)),
                     layout="constrained")
        fig.get_layout_engine().set(hspace=0.04 * lines)  # type: ignore[union-attr, call-arg]
        FigureCanvasAgg(fig)
        for i, (title, counts) in enumerate(panels):
            ax = fig.add_subplot(nrows, ncols, i + 1)
            draw_heat_map(ax, counts, scale, title=title, labels=False)
            ax.set_aspect("equal")
        fig.suptitle("Cartographie des risques par unité de travail (gravité × fréquence)",
                     x=0.0, ha="left", fontweight="bold")
        _legend(fig, scale, levels=True)
    return fig


def _count_phrase(n: int) -> str:
    return f"{n} situation{'s' if n > 1 else ''}"


def heat_map_alt(situations: Sequence[Situation], scale: DuerpScale, unite: str | None = None) -> str:
    """French description of :func:`heat_map` for screen readers."""
    counts = heat_counts(situations, unite)
    where = f"de l'unité de travail {unite}" if unite else "de l'ensemble des unités de travail"
    parts = [f"Cartographie gravité × fréquence {where} : {_count_phrase(sum(counts.values()))} ; "
             f"gravité de 1 à {scale.g_max}, fréquence de 1 à {scale.f_max}."]
    by_priority: Counter[int] = Counter()
    for (g, f), n in counts.items():
        by_priority[cell_priority(scale, g, f)] += n
    parts.append("Par priorité de la criticité brute : " + " ; ".join(
        f"{priority_text(scale, t.priorite)} : {_count_phrase(by_priority[t.priorite])}"
        for t in scale.seuils) + ".")
    cells = sorted(counts.items(), key=lambda kv: (-kv[0][0], -kv[0][1]))
    if cells:
        parts.append("Cases occupées : " + " ; ".join(
            f"G {g}, F {f} ({priority_style(scale, cell_priority(scale, g, f)).label}) : "
            f"{_count_phrase(n)}" for (g, f), n in cells) + ".")
    return " ".join(parts)


def heat_maps_alt(situations: Sequence[Situation], scale: DuerpScale, units: Sequence[WorkUnit]) -> str:
    """French description of :func:`heat_maps`: the whole, then each work unit."""
    parts = ["Cartographies des risques, l'ensemble puis une par unité de travail.",
             heat_map_alt(situations, scale)]
    for unit in units:
        parts.append(f"{unit.nom} — " + heat_map_alt(situations, scale, unit.id))
    return " ".join(parts)


# --- RPS matrix -----------------------------------------------------------------------------------
def _rps_cell(factor: RpsFactor | None, scale: DuerpScale) -> tuple[str, str, str]:
    """(text, fill, hatch) of a RPS matrix cell."""
    if factor is None:
        s = NOT_REVIEWED_STYLE
        return f"{s.symbol}\n{s.label}", tint(s.colour, 0.6), s.hatch
    prio = factor_priority(factor, scale)
    if prio is None or factor.gravite is None:
        return f"{ABSENT_STYLE.symbol}\n{ABSENT_STYLE.label}", WHITE, ""
    style = priority_style(scale, prio)
    value = factor.frequence * factor.gravite
    return (f"F {factor.frequence} × G {factor.gravite} = {value}\n{style.symbol} {style.label}",
            priority_fill(scale, prio), style.hatch)


def rps_matrix(factors: Sequence[RpsFactor], units: Sequence[WorkUnit], scale: DuerpScale) -> Figure:
    """Work units (rows) × the six RPS families (columns): F × G and its priority, « ? » if the
    family was not reviewed for the unit.

    Use it with :func:`~qsecase.views.render.figure_to_html` and :func:`rps_matrix_alt`.
    """
    table = coverage(factors, [u.id for u in units])
    families = list(RPS_FAMILIES)
    n = max(1, len(units))
    with figure_style():
        fig = Figure(figsize=(3.0 + 1.75 * len(families), 2.6 + 0.95 * n + 0.3 * len(scale.seuils)),
                     layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.set_title("Facteurs de risques psychosociaux par unité de travail (fréquence × gravité)",
                     loc="left", fontsize=12, fontweight="bold")
        for row, unit in enumerate(units):
            y = n - row
            for col, family in enumerate(families, 1):
                text, fill, hatch = _rps_cell(table[unit.id][family], scale)
                ax.add_patch(Rectangle((col - 0.5, y - 0.5), 1, 1, facecolor=fill, hatch=hatch,
                                       edgecolor=_EDGE, linewidth=0.8, zorder=1,
                                       gid=f"rps:{unit.id}:{family}"))
                ax.text(col, y, text, ha="center", va="center", fontsize=10, linespacing=1.1,
                        bbox=_TEXT_BOX, zorder=3)
        ax.set_xlim(0.5, len(families) + 0.5)
        ax.set_ylim(0.5, n + 0.5)
        ax.set_xticks(range(1, len(families) + 1), [wrap_text(RPS_SHORT[f], 14) for f in families])
        ax.set_yticks([n - i for i in range(len(units))],
                      [f"{u.id}\n{wrap_text(u.nom, 18)}" for u in units])
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        handles = [*_threshold_legend(scale, "F × G"),
                   Patch(facecolor=WHITE, edgecolor=_EDGE, label="— absent (fréquence 0)"),
                   Patch(facecolor=tint(GREY, 0.6), hatch=NOT_REVIEWED_STYLE.hatch, edgecolor=_EDGE,
                         label="? non examiné (famille à évaluer pour l'unité)")]
        fig.legend(handles=handles, loc="outside lower left", ncol=2, frameon=False, fontsize=10,
                   title="F : fréquence 0 (absent) à 4 (en permanence) ; G : gravité 1 (faible) à 4 "
                   "(très forte) ; priorité selon les seuils du DUERP", title_fontsize=10,
                   alignment="left", handleheight=1.4)
    return fig


def rps_matrix_alt(factors: Sequence[RpsFactor], units: Sequence[WorkUnit], scale: DuerpScale) -> str:
    """French description of :func:`rps_matrix` for screen readers."""
    table = coverage(factors, [u.id for u in units])
    parts = [f"Matrice des facteurs de risques psychosociaux : {len(units)} unités de travail × "
             "6 familles de facteurs."]
    for unit in units:
        cells = []
        for family, factor in table[unit.id].items():
            name = RPS_FAMILIES[family]
            prio = factor_priority(factor, scale) if factor else None
            if factor is None:
                cells.append(f"{name} : non examiné")
            elif prio is None or factor.gravite is None:
                cells.append(f"{name} : absent")
            else:
                cells.append(f"{name} : fréquence {FREQUENCIES[factor.frequence]}, gravité "
                             f"{SEVERITIES[factor.gravite]}, {priority_text(scale, prio)}")
        parts.append(f"{unit.id} ({unit.nom}) — " + " ; ".join(cells) + ".")
    return " ".join(parts)
