"""LCA views (ACV, ISO 14040/14044): stage contributions, hotspots, eco-design scenarios,
sensitivity, and their accessible tables.

Nothing relies on colour alone: each life-cycle stage and each scenario has its own light tint
**and** its own hatch under a black outline, every bar carries its number, a worsened category
reads « ⚠ » and « hausse », a gain « ▼ … gain ». Every function takes result objects of
:mod:`qsecase.methods.lca` (and the :class:`~qsecase.methods.lca.LcaMethod` for names and units).
Figures are built without pyplot; pass ``ax`` to draw into an existing axes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from qsecase.methods.lca import STAGES, Contribution, Gain, LcaMethod, LcaResult, Sensitivity, Shift
from qsecase.views import palette as pal
from qsecase.views.palette import BLACK, figure_style, fr_number, wrap_text
from qsecase.views.sst_register_view import tint
from qsecase.views.tables import esc, table_html

__all__ = ["BASELINE_STYLE", "SCENARIO_STYLES", "STAGE_STYLE", "change_text", "comparison_table_html",
           "hotspot_alt", "hotspot_chart", "percent_text", "results_table_html", "scenario_alt",
           "scenario_chart", "sensitivity_chart", "stage_alt", "stage_chart", "value_text"]

#: Stage → (fill, hatch): a light Okabe–Ito tint (black text ≥ 4.5:1 on it) and a distinct hatch.
STAGE_STYLE: dict[str, tuple[str, str]] = {
    "matieres": (tint(pal.BLUE, 0.5), ""), "fabrication": (tint(pal.ORANGE, 0.45), "//"),
    "emballage": (tint(pal.BLUISH_GREEN, 0.55), ".."), "distribution": (tint(pal.VERMILLION, 0.5), "xx"),
    "utilisation": (tint(pal.SKY_BLUE, 0.4), "\\\\"), "fin-de-vie": (tint(pal.REDDISH_PURPLE, 0.4), "++"),
}
#: The baseline of a scenario comparison (fill, hatch), then one style per scenario (cycled).
BASELINE_STYLE: tuple[str, str] = (tint(pal.GREY, 0.5), "")
SCENARIO_STYLES: tuple[tuple[str, str], ...] = (
    (tint(pal.BLUE, 0.5), "//"), (tint(pal.ORANGE, 0.45), "xx"), (tint(pal.BLUISH_GREEN, 0.55), ".."),
    (tint(pal.VERMILLION, 0.5), "\\\\"), (tint(pal.REDDISH_PURPLE, 0.4), "++"), (tint(pal.YELLOW, 0.3), "oo"),
)
_TOL = 0.0005  # a relative change below 0,05 % reads « stable »
_LABEL_MIN = 5.0  # shares (%) written inside a stacked segment
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"}


def value_text(value: float) -> str:
    """Three significant digits (whole numbers kept whole), French notation: « 12,3 », « 0,0456 »,
    « 1 235 », « 1,23 × 10⁻⁷ »."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    exp = math.floor(math.log10(abs(value)))

    def digits(number: float, decimals: int) -> str:
        text = fr_number(round(number, decimals), decimals)
        return text.rstrip("0").rstrip(",") if "," in text else text

    if -2 <= exp < 5:
        text = digits(value, max(0, 2 - exp))
    else:
        mantissa = round(value / 10 ** exp, 2)
        if abs(mantissa) >= 10:
            mantissa, exp = mantissa / 10, exp + 1
        text = f"{digits(mantissa, 2)} × 10{str(exp).translate(_SUPERSCRIPT)}"
    return text.replace("-", "−", 1) if text.startswith("-") else text


def percent_text(rate: float, *, signed: bool = False) -> str:
    """A rate (0,42) as « 42 % » (or « +42 % » / « −42 % » when ``signed``), to one decimal."""
    text = fr_number(round(abs(100 * rate), 1), 1) + "\u202f%"
    sign = ("+" if rate > 0 else "−" if rate < 0 else "") if signed else ("−" if rate < 0 else "")
    return sign + text if text != "0\u202f%" else text


def change_text(relative: float) -> tuple[str, str, str]:
    """(symbol, « −32 % », word) of a relative change: ▼ gain, ▲ hausse or = stable."""
    if relative < -_TOL:
        return "▼", percent_text(relative, signed=True), "gain"
    if relative > _TOL:
        return "▲", percent_text(relative, signed=True), "hausse"
    return "=", percent_text(0.0), "stable"


def _names(method: LcaMethod) -> dict[str, str]:
    return {c.id: c.libelle for c in method.categories}


def _unit(result: LcaResult, method: LcaMethod, category: str) -> str:
    return result.units.get(category) or next((c.unite for c in method.categories if c.id == category), "")


def _canvas(ax: Axes | None, width: float, height: float) -> tuple[Figure, Axes, bool]:
    """(figure, axes, whether the figure is ours): a new figure unless ``ax`` is given."""
    if ax is not None:
        return ax.figure, ax, False  # type: ignore[return-value]
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.subplots(), True


def _legend(fig: Figure, ax: Axes, own: bool, ncol: int, handles: list[Artist] | None = None) -> None:
    """The legend under the plot in a figure of our own, else inside the given axes."""
    handles = handles or ax.get_legend_handles_labels()[0]
    if own:
        fig.legend(handles=handles, loc="outside lower center", ncol=ncol, frameon=False)
    else:
        ax.legend(handles=handles, loc="best", frameon=True, framealpha=1)


def _tidy(ax: Axes, n_rows: int, french_ticks: bool = True) -> None:
    if french_ticks:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: value_text(round(v, 12))))
    ax.set_ylim(-0.6, n_rows - 0.4)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _relative(baseline: float, variant: float) -> float | None:
    return None if baseline == 0 else (variant - baseline) / abs(baseline)


def stage_chart(result: LcaResult, method: LcaMethod, categories: Sequence[str] | None = None, *,
                ax: Axes | None = None) -> Figure:
    """Per category, a 100 % stacked bar of the six stages, shares inside, total at the right.

    A negative contribution (a credit) is stacked to the left of 0; a category without any
    impact reads « aucun impact calculé ».
    """
    cats = list(categories or result.categories)
    names = _names(method)
    with figure_style():
        fig, ax, own = _canvas(ax, 11.0, 2.2 + 0.75 * len(cats))
        ys = list(range(len(cats)))[::-1]
        gross = [sum(abs(v) for v in result.by_stage.get(c, {}).values()) for c in cats]
        drawn = [k for k, g in enumerate(gross) if g > 0]
        pos = dict.fromkeys(drawn, 0.0)
        neg = dict.fromkeys(drawn, 0.0)
        for stage, (fill, hatch) in STAGE_STYLE.items():
            widths, lefts = [], []
            for k in drawn:
                w = 100 * result.by_stage[cats[k]].get(stage, 0.0) / gross[k]
                side = pos if w >= 0 else neg
                lefts.append(side[k])
                widths.append(w)
                side[k] += w
                if abs(w) >= _LABEL_MIN:
                    ax.text(lefts[-1] + w / 2, ys[k], percent_text(w / 100), ha="center", va="center",
                            fontsize=10, bbox=_BOX)
            ax.barh([ys[k] for k in drawn], widths, left=lefts, height=0.6, color=fill, hatch=hatch,
                    edgecolor=BLACK, linewidth=0.8, label=wrap_text(STAGES[stage], 30))
        for k, c in enumerate(cats):
            total = result.impacts.get(c, 0.0)
            text = (f"{value_text(total)} {_unit(result, method, c)}" if gross[k] else "aucun impact calculé")
            ax.text(pos.get(k, 0.0) + 2, ys[k], text, va="center", ha="left", fontsize=10,
                    fontweight="bold" if gross[k] else "normal", fontstyle="normal" if gross[k] else "italic")
        low = min(neg.values(), default=0.0)
        start = math.floor(low / 20) * 20
        ax.set_xlim(min(0.0, low - 3), 145)
        ticks = list(range(start, 101, 20))
        ax.set_xticks(ticks, [percent_text(t / 100, signed=t < 0) for t in ticks])
        ax.spines["bottom"].set_bounds(min(0.0, low - 3), 100)
        ax.set_yticks(ys, [wrap_text(names.get(c, c), 28) for c in cats])
        ax.set_xlabel("Part de chaque étape du cycle de vie (total par unité fonctionnelle à droite)")
        ax.set_title("Contribution des étapes du cycle de vie, par catégorie d'impact", loc="left")
        _legend(fig, ax, own, 3)
        _tidy(ax, len(cats), french_ticks=False)
    return fig


def stage_alt(result: LcaResult, method: LcaMethod, categories: Sequence[str] | None = None) -> str:
    """French text alternative of :func:`stage_chart`: per category, total and main stage."""
    names = _names(method)
    parts = ["Contribution des étapes du cycle de vie, par catégorie d'impact, par unité fonctionnelle."]
    for c in categories or result.categories:
        stages = result.by_stage.get(c, {})
        gross = sum(abs(v) for v in stages.values())
        if not gross:
            parts.append(f"{names.get(c, c)} : aucun impact calculé.")
            continue
        top = max(stages, key=lambda s: abs(stages[s]))
        parts.append(f"{names.get(c, c)} : {value_text(result.impacts.get(c, 0.0))} "
                     f"{_unit(result, method, c)} ; étape prépondérante : {STAGES.get(top, top)} "
                     f"({percent_text(stages[top] / gross)}).")
    return " ".join(parts)


def _label(name: str) -> str:
    return STAGES.get(name, name)


def hotspot_chart(contributions: Sequence[Contribution], unit: str, title: str, *,
                  ax: Axes | None = None) -> Figure:
    """Pareto-like bars (largest on top) with the cumulative share and the 80 % line (top axis)."""
    items = sorted(contributions, key=lambda c: -c.value)
    with figure_style():
        fig, ax, own = _canvas(ax, 10.0, 2.4 + 0.5 * max(1, len(items)))
        ax.set_title(title, loc="left")
        if not items:
            ax.text(0.5, 0.5, "aucune contribution à afficher", ha="center", transform=ax.transAxes)
            ax.set_axis_off()
            return fig
        ys = list(range(len(items)))[::-1]
        values = [c.value for c in items]
        ax.barh(ys, values, height=0.6, color=STAGE_STYLE["matieres"][0], hatch="//", edgecolor=BLACK)
        for y, c in zip(ys, items, strict=True):
            ax.text(c.value, y, f"  {value_text(c.value)} ({percent_text(c.share)})  ", va="center",
                    ha="left" if c.value >= 0 else "right", fontsize=10)
        ax.set_yticks(ys, [wrap_text(_label(c.name), 30) for c in items])
        ax.set_xlim(min(0.0, min(values) * 1.5), max(max(values), 0.0) * 1.5 or 1.0)
        ax.set_xlabel(f"Contribution ({unit})")
        cum_ax = ax.twiny()
        cumulative = [100 * sum(c.share for c in items[: n + 1]) for n in range(len(items))]
        cum_ax.plot(cumulative, ys, color=BLACK, marker="o", linestyle="--", linewidth=1.5)
        cum_ax.axvline(80, color=pal.VERMILLION, linestyle=":", linewidth=2)
        cum_ax.text(80, ys[0] + 0.45, " seuil 80\u202f%", va="bottom", ha="left", fontsize=10)
        cum_ax.set_xlim(0, 110)
        cum_ax.set_xlabel("Part cumulée (%) — points reliés")
        _legend(fig, ax, own, 3, [Patch(facecolor=STAGE_STYLE["matieres"][0], hatch="//", edgecolor=BLACK,
                                        label="Contribution (axe du bas)"),
                                  Line2D([], [], color=BLACK, marker="o", linestyle="--",
                                         label="Part cumulée (axe du haut)"),
                                  Line2D([], [], color=pal.VERMILLION, linestyle=":", linewidth=2,
                                         label="Seuil de 80\u202f%")])
        _tidy(ax, len(items))
    return fig


def hotspot_alt(contributions: Sequence[Contribution], unit: str, title: str) -> str:
    """French text alternative of :func:`hotspot_chart`."""
    items = sorted(contributions, key=lambda c: -c.value)
    if not items:
        return f"{title} : aucune contribution à afficher."
    return f"{title}, de la plus forte à la plus faible : " + " ; ".join(
        f"{_label(c.name)} : {value_text(c.value)} {unit} ({percent_text(c.share)})" for c in items) + "."


def _index(baseline: LcaResult, variant: LcaResult, category: str) -> float | None:
    rel = _relative(baseline.impacts.get(category, 0.0), variant.impacts.get(category, 0.0))
    return None if rel is None else 100 * (1 + rel)


def scenario_chart(baseline: LcaResult, variants: Mapping[str, LcaResult], method: LcaMethod, *,
                   ax: Axes | None = None) -> Figure:
    """Grouped bars per category, baseline = 100; each scenario labelled « −32 % », ⚠ when worse."""
    cats = list(baseline.categories)
    names = _names(method)
    series = [("Situation de référence (= 100)", baseline, BASELINE_STYLE)]
    series += [(name, res, SCENARIO_STYLES[k % len(SCENARIO_STYLES)])
               for k, (name, res) in enumerate(variants.items())]
    h = 0.8 / len(series)
    with figure_style():
        fig, ax, own = _canvas(ax, 11.0, 2.2 + len(cats) * (0.35 + 0.3 * len(series)))
        top = 100.0
        for k, (name, res, (fill, hatch)) in enumerate(series):
            shift = (len(series) - 1 - k - (len(series) - 1) / 2) * h
            ys = [len(cats) - 1 - i + shift for i in range(len(cats))]
            idx = [_index(baseline, res, c) for c in cats]
            ax.barh(ys, [i or 0.0 for i in idx], height=h * 0.9, color=fill, hatch=hatch, edgecolor=BLACK,
                    linewidth=0.8, label=wrap_text(name, 40))
            for y, i in zip(ys, idx, strict=True):
                if i is None:
                    text = "n. c."
                elif k == 0:
                    text = "100"
                else:
                    _, pct, word = change_text(i / 100 - 1)
                    text = f"⚠ {pct}" if word == "hausse" else pct
                top = max(top, i or 0.0)
                ax.text((i or 0.0) + 1.5, y, text, va="center", ha="left", fontsize=10,
                        fontweight="bold" if text.startswith("⚠") else "normal")
        ax.axvline(100, color=BLACK, linestyle="--", linewidth=1)
        ax.set_xlim(0, top * 1.25)
        ax.set_yticks(range(len(cats))[::-1], [wrap_text(names.get(c, c), 28) for c in cats])
        ax.set_xlabel("Indice (situation de référence = 100) ; ⚠ : catégorie aggravée par le scénario")
        ax.set_title("Scénarios d'écoconception comparés à la situation de référence", loc="left")
        _legend(fig, ax, own, 2)
        _tidy(ax, len(cats))
    return fig


def scenario_alt(baseline: LcaResult, variants: Mapping[str, LcaResult], method: LcaMethod) -> str:
    """French text alternative of :func:`scenario_chart`."""
    names = _names(method)
    parts = ["Scénarios d'écoconception comparés à la situation de référence (indice 100), par catégorie."]
    for c in baseline.categories:
        said = []
        for name, res in variants.items():
            rel = _relative(baseline.impacts.get(c, 0.0), res.impacts.get(c, 0.0))
            if rel is None:
                said.append(f"{name} non calculable (référence nulle)")
                continue
            _, pct, word = change_text(rel)
            said.append(f"{name} {pct} ({word}{', ⚠ aggravation' if word == 'hausse' else ''})")
        parts.append(f"{names.get(c, c)} : {' ; '.join(said) or 'aucun scénario'}.")
    return " ".join(parts)


def sensitivity_chart(items: Sequence[Sensitivity], category: str, unit: str, *, label: str = "",
                      ax: Axes | None = None) -> Figure:
    """Tornado of elasticities (%Δ result / %Δ parameter) for one category, largest on top."""
    rows = sorted((s for s in items if s.category == category), key=lambda s: -abs(s.elasticity))
    with figure_style():
        fig, ax, own = _canvas(ax, 10.0, 2.4 + 0.55 * max(1, len(rows)))
        ax.set_title(f"Analyse de sensibilité : {label or category} ({unit})", loc="left")
        if not rows:
            ax.text(0.5, 0.5, "aucune sensibilité calculée pour cette catégorie", ha="center",
                    transform=ax.transAxes)
            ax.set_axis_off()
            return fig
        ys = list(range(len(rows)))[::-1]
        for sign, (fill, hatch), name in ((1, SCENARIO_STYLES[0], "le résultat varie dans le même sens"),
                                          (-1, SCENARIO_STYLES[1], "le résultat varie en sens inverse")):
            kept = [(y, s.elasticity) for y, s in zip(ys, rows, strict=True)
                    if (s.elasticity >= 0) == (sign > 0)]
            ax.barh([y for y, _ in kept], [e for _, e in kept], height=0.6, color=fill, hatch=hatch,
                    edgecolor=BLACK, label=name)
        for y, s in zip(ys, rows, strict=True):
            e = s.elasticity
            ax.text(e, y, f"  {'+' if e > 0 else ''}{value_text(e)}  ", va="center",
                    ha="left" if e >= 0 else "right", fontsize=10)
        span = max(abs(s.elasticity) for s in rows) * 1.5 or 1.0
        ax.set_xlim(-span, span)
        ax.axvline(0, color=BLACK, linewidth=1)
        ax.set_yticks(ys, [wrap_text(f"{s.parameter.processus} → {s.parameter.fournisseur}"
                                     + (f" ({s.parameter.libelle})" if s.parameter.libelle else ""), 32)
                           for s in rows])
        ax.set_xlabel("Élasticité : variation du résultat (%) pour 1 % de variation du paramètre")
        _legend(fig, ax, own, 2)
        _tidy(ax, len(rows))
    return fig


def results_table_html(result: LcaResult, method: LcaMethod) -> str:
    """Category × stage table with totals, per functional unit; « — » for a zero contribution."""
    names = _names(method)
    rows = []
    for c in result.categories:
        stages = result.by_stage.get(c, {})
        warn = " ⚠ couverture incomplète" if result.missing.get(c) else ""
        total = result.impacts.get(c, 0.0)
        rows.append((f"{esc(names.get(c, c))}{warn}", esc(_unit(result, method, c)),
                     *(esc(value_text(stages[s])) if stages.get(s) else "—" for s in STAGES),
                     f"<strong>{esc(value_text(total))}</strong>" if total else "—"))
    return table_html("Résultats de l'ACV par catégorie d'impact et par étape du cycle de vie, par unité "
                      "fonctionnelle (« — » : contribution nulle)", ["Catégorie d'impact", "Unité",
                                                                    *STAGES.values(), "Total"],
                      rows, row_headers=True, raw=True)


def comparison_table_html(gains_by_scenario: Mapping[str, Sequence[Gain]],
                          shifts_by_scenario: Mapping[str, Sequence[Shift]], method: LcaMethod) -> str:
    """Category × scenario: « ▼ −32 % gain » / « ▲ +12 % hausse » with the values, then the burden
    shifts of that scenario for that category (« ⚠ transfert : … »)."""
    names = _names(method)
    order = [c.id for c in method.categories]
    seen = {g.category for gains in gains_by_scenario.values() for g in gains}
    cats = [c for c in order if c in seen] + sorted(seen - set(order))
    rows = []
    for c in cats:
        cells = []
        for scenario, gains in gains_by_scenario.items():
            gain = next((g for g in gains if g.category == c), None)
            if gain is None:
                cells.append("—")
                continue
            symbol, pct, word = change_text(gain.relative)
            text = (f'<span aria-hidden="true">{symbol}</span> {esc(pct)} {word}<br>'
                    f"<small>{esc(value_text(gain.baseline))} → {esc(value_text(gain.variant))}</small>")
            shifts = [s for s in shifts_by_scenario.get(scenario, ()) if s.category == c]
            if shifts:
                text += "<ul>" + "".join(f'<li><span aria-hidden="true">⚠</span> transfert : '
                                         f"{esc(s.message)}</li>" for s in shifts) + "</ul>"
            cells.append(text)
        unit = next((cat.unite for cat in method.categories if cat.id == c), "")
        rows.append((f"{esc(names.get(c, c))} ({esc(unit)})" if unit else esc(names.get(c, c)), *cells))
    return table_html("Scénarios comparés à la situation de référence : variation par catégorie "
                      "(▼ gain, ▲ hausse, ⚠ transfert d'impact)",
                      ["Catégorie d'impact", *gains_by_scenario], rows, row_headers=True, raw=True)
