"""Accident indicators before / after the actions, and the effect of each action (competency 2-8).

* :func:`draw_indicator_comparison`: one pair of bars per indicator (before hatched, after plain),
  the value written on each bar in French notation, the trend as a word **and** a symbol over each
  pair (« ✔ en baisse », « ✖ en hausse », « = stable »), the national value as a dashed line.
  TF, TG and IF have very different magnitudes, so each pair has its own scale (no y axis):
  heights compare the two periods of one indicator; the values are written out.
* :func:`draw_action_effects`: one row per action, a dumbbell from the value before (hollow dot)
  to the value after (filled dot), with « ✔ efficace » / « ✖ non efficace » written at the end of
  the row and a solid / dashed line — never colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files

import yaml
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from qsecase.methods.accident_rates import (
    DECIMALS,
    INDICATOR_LABELS,
    INDICATOR_UNITS,
    Change,
    NationalValue,
    latest_national,
    parse_national,
)
from qsecase.methods.prevention_plan import ActionEffect
from qsecase.views.palette import (
    BLACK,
    BLUE,
    BLUISH_GREEN,
    FONT_FAMILY,
    SKY_BLUE,
    VERMILLION,
    WHITE,
    figure_style,
    measure,
    wrap_text,
)

__all__ = [
    "TREND_TEXT",
    "action_effects_alt_text",
    "action_effects_figure",
    "draw_action_effects",
    "draw_indicator_comparison",
    "indicator_comparison_alt_text",
    "indicator_comparison_figure",
    "load_national_values",
    "national_references",
]

TREND_TEXT = {"baisse": "✔ en baisse", "hausse": "✖ en hausse", "stable": "= stable"}
EFFECT_TEXT = {True: "✔ efficace", False: "✖ non efficace"}
_EDGE = "#1A1A1A"
_PT = 10.0
National = Mapping[str, float | NationalValue]


def load_national_values() -> list[NationalValue]:
    """The national reference values shipped with qsecase (``data/at_national.yaml``)."""
    text = (files("qsecase") / "data" / "at_national.yaml").read_text(encoding="utf-8")
    return parse_national(yaml.safe_load(text))


def national_references(*, primary_only: bool = True) -> dict[str, NationalValue]:
    """The latest shipped national value of each indicator (official sources only by default)."""
    values = load_national_values()
    found = {ind: latest_national(values, ind, primary_only=primary_only)
             for ind in ("TF", "TG", "IF")}  # type: ignore[arg-type]
    return {k: v for k, v in found.items() if v is not None}


def _num(value: float, indicator: str) -> str:
    return f"{value:,.{DECIMALS.get(indicator, 1)}f}".replace(",", "\u202f").replace(".", ",")


def _pct(delta: float | None) -> str:
    if delta is None:
        return "n. c."
    return f"{delta:+.0f}\u202f%".replace("-", "−")


def _nat(ref: float | NationalValue, indicator: str) -> tuple[float, str]:
    if isinstance(ref, NationalValue):
        return ref.valeur, f"réf. nationale {ref.annee} : {_num(ref.valeur, indicator)}"
    return ref, f"réf. nationale : {_num(ref, indicator)}"


def draw_indicator_comparison(ax: Axes, changes: list[Change], national: National | None = None, *,
                              before_label: str = "Avant", after_label: str = "Après") -> None:
    """Paired bars before / after for each indicator, with the trend and the national value.

    Args:
        ax: Target axes.
        changes: From :func:`qsecase.methods.accident_rates.compare`.
        national: ``{indicator: value or NationalValue}`` drawn as a dashed line (the year is
            written when a :class:`NationalValue` is given); e.g. :func:`national_references`.
        before_label: Name of the first period (legend).
        after_label: Name of the second period (legend).
    """
    national = national or {}
    if not changes:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "(aucun indicateur à comparer)", ha="center", va="center",
                fontstyle="italic", fontsize=11, transform=ax.transAxes)
        return
    labels = []
    for i, ch in enumerate(changes):
        ref = national.get(ch.indicator)
        ref_value, ref_text = _nat(ref, ch.indicator) if ref is not None else (0.0, "")
        top = max(ch.before, ch.after, ref_value) or 1.0
        for dx, value, hatch, colour, gid in ((-0.2, ch.before, "//", SKY_BLUE, "avant"),
                                              (0.2, ch.after, "", BLUE, "apres")):
            ax.bar(i + dx, value / top, width=0.36, color=colour, hatch=hatch, edgecolor=_EDGE,
                   linewidth=0.9, zorder=2, gid=f"{gid}:{ch.indicator}")
            ax.text(i + dx, value / top + 0.03, _num(value, ch.indicator), ha="center", va="bottom",
                    fontsize=_PT, fontweight="bold", fontfamily=FONT_FAMILY, color=BLACK, zorder=4,
                    gid=f"valeur:{ch.indicator}", bbox={"boxstyle": "round,pad=0.1",
                                                       "facecolor": WHITE, "edgecolor": "none"})
        verdict = f"{TREND_TEXT[ch.trend]} ({_pct(ch.delta_pct)})" if ch.trend != "stable" \
            else TREND_TEXT["stable"]
        ax.text(i, 1.3, verdict, ha="center", va="center", fontsize=11, fontweight="bold",
                fontfamily=FONT_FAMILY, color=BLACK, gid=f"tendance:{ch.indicator}")
        if ref is not None:
            ax.plot([i - 0.42, i + 0.42], [ref_value / top] * 2, color=BLACK, linestyle=(0, (5, 3)),
                    linewidth=1.6, zorder=3, gid=f"national:{ch.indicator}")
        unit = wrap_text(INDICATOR_UNITS[ch.indicator], 26)
        labels.append(f"{ch.indicator} — {INDICATOR_LABELS[ch.indicator]}\n{unit}"
                      + (f"\n{ref_text}" if ref_text else ""))
    ax.set_xticks(range(len(changes)), labels, fontsize=_PT, linespacing=1.2)
    ax.tick_params(axis="x", length=0, pad=6)
    ax.set_xlim(-0.6, len(changes) - 0.4)
    ax.set_ylim(0, 1.45)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    handles: list[Patch | Line2D] = [
        Patch(facecolor=SKY_BLUE, hatch="//", edgecolor=_EDGE, label=f"{before_label} (hachuré)"),
        Patch(facecolor=BLUE, edgecolor=_EDGE, label=f"{after_label} (plein)")]
    if any(ch.indicator in national for ch in changes):
        handles.append(Line2D([], [], color=BLACK, linestyle=(0, (5, 3)), linewidth=1.6,
                              label="Valeur nationale (régime général)"))
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(handles),
              frameon=False, fontsize=_PT)


def indicator_comparison_alt_text(changes: list[Change], national: National | None = None, *,
                                  before_label: str = "avant", after_label: str = "après") -> str:
    """French text alternative: each indicator's two values, its trend and the national value."""
    if not changes:
        return "Comparaison des indicateurs : aucun indicateur à comparer."
    parts = []
    for ch in changes:
        text = (f"{INDICATOR_LABELS[ch.indicator]} ({ch.indicator}) : {_num(ch.before, ch.indicator)} "
                f"{before_label}, {_num(ch.after, ch.indicator)} {after_label}, "
                f"{TREND_TEXT[ch.trend][2:]}" + (f" ({_pct(ch.delta_pct)})" if ch.trend != "stable" else ""))
        ref = (national or {}).get(ch.indicator)
        if ref is not None:
            text += f", {_nat(ref, ch.indicator)[1]}"
        parts.append(text)
    return f"Indicateurs d'accidents du travail, {before_label} et {after_label} : " + " ; ".join(parts) + "."


def indicator_comparison_figure(changes: list[Change], national: National | None = None, *,
                                before_label: str = "Avant", after_label: str = "Après",
                                dpi: float = 100) -> Figure:
    """A standalone figure (no pyplot) with :func:`draw_indicator_comparison`."""
    with figure_style():
        fig = Figure(figsize=(1.4 + 2.6 * max(1, len(changes)), 5.0), dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
        draw_indicator_comparison(fig.add_subplot(), changes, national, before_label=before_label,
                                  after_label=after_label)
    return fig


# --- action effects ------------------------------------------------------------------------------
def _row_label(effect: ActionEffect) -> str:
    return wrap_text(f"{effect.action_id} — {effect.label}", 38) + f"\n({effect.unit})"


def _plain(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "\u202f").replace(".", ",")


def draw_action_effects(ax: Axes, effects: list[ActionEffect]) -> None:
    """One row per action: value before (○) → value after (●), and the verdict written out.

    Each row has its own scale (0 at 12 % of the width, the row's largest value at 70 %), since
    the actions follow different indicators; the values are written beside the dots. Row labels sit
    left of the axes and verdicts right of it: leave margins (see :func:`action_effects_figure`).

    Args:
        ax: Target axes.
        effects: One per action; ``effective`` gives the verdict shown.
    """
    if not effects:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "(aucune action suivie)", ha="center", va="center", fontstyle="italic",
                fontsize=11, transform=ax.transAxes)
        return
    n = len(effects)
    for row, eff in enumerate(effects):
        top = max(eff.before, eff.after) or 1.0
        xb, xa = 0.12 + 0.58 * eff.before / top, 0.12 + 0.58 * eff.after / top
        colour = BLUISH_GREEN if eff.effective else VERMILLION
        ax.plot([0.12, 0.7], [row, row], color="#BBBBBB", linewidth=0.8, zorder=1)
        ax.annotate("", xy=(xa, row), xytext=(xb, row), zorder=2, gid=f"effet:{eff.action_id}",
                    arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 2.4,
                                "linestyle": "solid" if eff.effective else (0, (4, 2)),
                                "shrinkA": 6, "shrinkB": 6, "mutation_scale": 14})
        ax.plot([xb], [row], marker="o", markersize=12, markerfacecolor=WHITE, markeredgecolor=BLACK,
                markeredgewidth=1.6, zorder=3, linestyle="none")  # larger: a ring around an equal after
        ax.plot([xa], [row], marker="o", markersize=8, markerfacecolor=BLACK, markeredgecolor=BLACK,
                zorder=3, linestyle="none")
        low_first = eff.after <= eff.before
        values = [(xb, _plain(eff.before), not low_first), (xa, _plain(eff.after), low_first)]
        if eff.before == eff.after:
            values = [(xa, f"{_plain(eff.after)} (inchangé)", False)]
        for x, text, left in values:
            ax.annotate(text, xy=(x, row), xytext=(-10 if left else 10, 0),
                        textcoords="offset points", ha="right" if left else "left", va="center",
                        fontsize=_PT, fontfamily=FONT_FAMILY, color=BLACK, gid=f"valeur:{eff.action_id}")
        ax.annotate(_row_label(eff), xy=(0, row), xycoords=("axes fraction", "data"), xytext=(-10, 0),
                    textcoords="offset points", ha="right", va="center", fontsize=_PT,
                    fontfamily=FONT_FAMILY, color=BLACK, linespacing=1.15, gid=f"action:{eff.action_id}")
        ax.annotate(EFFECT_TEXT[eff.effective], xy=(1, row), xycoords=("axes fraction", "data"),
                    xytext=(10, 0), textcoords="offset points", ha="left", va="center", fontsize=11,
                    fontweight="bold", fontfamily=FONT_FAMILY, color=BLACK,
                    gid=f"verdict:{eff.action_id}")
    ax.set_xlim(0, 1)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_axis_off()
    ax.legend(handles=[
        Line2D([], [], marker="o", markerfacecolor=WHITE, markeredgecolor=BLACK, linestyle="none",
               label="avant"),
        Line2D([], [], marker="o", markerfacecolor=BLACK, markeredgecolor=BLACK, linestyle="none",
               label="après"),
        Line2D([], [], color=BLUISH_GREEN, lw=2.4, label="efficace (trait plein)"),
        Line2D([], [], color=VERMILLION, lw=2.4, linestyle=(0, (4, 2)),
               label="non efficace (tirets)")],
        loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4, frameon=False, fontsize=_PT,
        title="Échelle propre à chaque ligne", title_fontsize=_PT)


def action_effects_alt_text(effects: list[ActionEffect]) -> str:
    """French text alternative: each action's value before and after, and the verdict."""
    if not effects:
        return "Efficacité des actions : aucune action suivie."
    parts = [f"{e.action_id} « {e.label} » : {_plain(e.before)} → {_plain(e.after)} {e.unit}, "
             f"{EFFECT_TEXT[e.effective][2:]}" for e in effects]
    return "Efficacité des actions (avant → après) : " + " ; ".join(parts) + "."


def action_effects_figure(effects: list[ActionEffect], *, dpi: float = 100) -> Figure:
    """A standalone figure (no pyplot) with :func:`draw_action_effects` and room for the labels."""
    left = max((measure(_row_label(e), _PT)[0] for e in effects), default=1.0) + 0.35
    right = measure(EFFECT_TEXT[False], 11, weight="bold")[0] + 0.35
    width, height = left + 5.0 + right, 0.8 * max(1, len(effects)) + 1.3
    with figure_style():
        fig = Figure(figsize=(width, height), dpi=dpi)
        FigureCanvasAgg(fig)
        fig.add_axes((left / width, 1.0 / height, 5.0 / width, 1 - 1.2 / height))
        draw_action_effects(fig.axes[0], effects)
    return fig


def action_effects_html(effects: list[ActionEffect]) -> str:
    """The effects chart as an ``<img>`` with its alt text, or '' when no action has values."""
    from qsecase.views.render import figure_to_html

    if not effects:
        return ""
    return figure_to_html(action_effects_figure(effects), action_effects_alt_text(effects))
