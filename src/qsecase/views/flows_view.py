"""Flow views (3-3, 3-4): the monthly ratio of a flow before and after an action, the Sankey diagram
of a flow balance, and the table of the trainee's effectiveness readings.

Nothing relies on colour alone: the mean before the action is a dashed segment and the mean after a
solid one, each named with its value; the action month is a dotted vertical line named « action »;
the change is written in words. The Sankey flows carry their label and value, on a light hatched fill
with a black outline. A verdict is a symbol and a word (✔ efficace, ◐ partiellement, ✖ non efficace).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.sankey import Sankey

from qsecase.methods.flows import BeforeAfter, FlowReading, SankeyFlows, before_after, verdict
from qsecase.views.dashboard_chart import month_label, value_text
from qsecase.views.palette import (
    BLACK,
    BLUE,
    BLUISH_GREEN,
    GREY,
    ORANGE,
    VERMILLION,
    WHITE,
    figure_style,
    fr_number,
    wrap_text,
)
from qsecase.views.sst_register_view import tint
from qsecase.views.tables import esc, table_html

__all__ = ["VERDICT_TEXT", "change_text", "effectiveness_html", "flow_chart", "flows_alt", "sankey_alt",
           "sankey_figure"]

#: Verdict → (symbol and word, colour of the cell border).
VERDICT_TEXT: dict[str, tuple[str, str]] = {
    "efficace": ("✔ efficace", BLUISH_GREEN),
    "partiellement efficace": ("◐ partiellement efficace", ORANGE),
    "non efficace": ("✖ non efficace", VERMILLION),
}
_NO_VERDICT = ("? non renseigné", GREY)
_BEFORE = ("Moyenne avant", "--", VERMILLION)
_AFTER = ("Moyenne après", "-", BLUISH_GREEN)
_TEXT_BOX = {"boxstyle": "round,pad=0.2", "facecolor": WHITE, "edgecolor": "none", "alpha": 0.9}


def change_text(change: float | None) -> str:
    """« −18,5 % (baisse) », « +4 % (hausse) », « 0 % (stable) », « ? non calculable »."""
    if change is None or math.isnan(change):
        return "? non calculable"
    rounded = round(change, 1)
    sign = "+" if rounded > 0 else "−" if rounded < 0 else ""
    word = "hausse" if rounded > 0 else "baisse" if rounded < 0 else "stable"
    return f"{sign}{fr_number(abs(rounded), 1)}\u202f% ({word})"


def _means(periods: Sequence[str], ratios: Sequence[float | None], action_month: str) -> BeforeAfter:
    return before_after(dict(zip(periods, ratios, strict=False)), periods, action_month)


def flow_chart(periods: Sequence[str], ratios: Sequence[float | None], action_month: str,
               title: str = "", unit: str = "") -> Figure:
    """The monthly ratio of a flow with the mean before and the mean after the action.

    Args:
        periods: Months « AAAA-MM », in order.
        ratios: The ratio of each month (flow / activity); ``None`` for a missing month.
        action_month: Month of the action, one of ``periods``: left out of both means
            (:func:`~qsecase.methods.flows.before_after`).
        title: Title of the chart.
        unit: Unit of the ratio, ex. « m³/t ».

    Raises:
        ValueError: If ``action_month`` is not in ``periods``, or ``ratios`` and ``periods`` differ
            in length.

    Use it with :func:`~qsecase.views.render.figure_to_html` and :func:`flows_alt`.
    """
    if len(ratios) != len(periods):
        raise ValueError(f"{len(ratios)} ratios pour {len(periods)} mois : il en faut un par mois")
    means = _means(periods, ratios, action_month)
    index = {p: n for n, p in enumerate(periods)}
    xs = list(range(len(periods)))
    ys = [math.nan if v is None else float(v) for v in ratios]
    with figure_style():
        fig = Figure(figsize=(max(8.0, 0.6 * len(periods) + 2.5), 5.0), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.set_title(wrap_text(title or "Ratio mensuel du flux, avant et après l'action", 80), loc="left")
        ax.plot(xs, ys, color=BLUE, marker="o", markersize=6, linewidth=1.8, zorder=3, label="Ratio mensuel")
        for x, y in zip(xs, ys, strict=True):
            if not math.isnan(y):
                ax.annotate(value_text(y), (x, y), xytext=(0, 7), textcoords="offset points", ha="center",
                            fontsize=10, zorder=4)
        for mean, months, (name, style, colour) in ((means.avant, means.mois_avant, _BEFORE),
                                                    (means.apres, means.mois_apres, _AFTER)):
            if mean is None or not months:
                continue
            start, end = index[months[0]], index[months[-1]]
            ax.plot([start - 0.4, end + 0.4], [mean, mean], linestyle=style, color=colour, linewidth=2.6,
                    zorder=2, label=f"{name} ({len(months)} mois)")
            ax.annotate(f"{name} : {value_text(mean, unit)}", ((start + end) / 2, mean), xytext=(0, -14),
                        textcoords="offset points", ha="center", va="top", fontsize=10, fontweight="bold",
                        bbox={**_TEXT_BOX, "alpha": 0.75}, zorder=2.5)
        x_action = index[action_month]
        ax.axvline(x_action, color=BLACK, linestyle=":", linewidth=1.6, zorder=1)
        ax.text(x_action, 0.99, f"▼ action\n{month_label(action_month)}", ha="center", va="top", fontsize=10,
                transform=ax.get_xaxis_transform(), bbox=_TEXT_BOX)
        ax.text(0.99, 0.02, f"Évolution de la moyenne : {change_text(means.variation)}", ha="right",
                va="bottom", fontsize=11, fontweight="bold", transform=ax.transAxes, bbox=_TEXT_BOX)
        known = [y for y in ys if not math.isnan(y)]
        high = max(known, default=1.0) or 1.0
        ax.set_ylim(min(0.0, min(known, default=0.0)), high * 1.3)
        ax.set_xlim(-0.7, len(periods) - 0.3)
        ax.set_xticks(xs, [month_label(p).replace(" ", "\n") for p in periods], fontsize=10)
        ax.set_ylabel(f"Ratio ({unit})" if unit else "Ratio")
        ax.grid(axis="y", color="#DDDDDD", linewidth=0.8)
        fig.legend(loc="outside lower left", ncol=3, frameon=False)
    return fig


def flows_alt(periods: Sequence[str], ratios: Sequence[float | None], action_month: str,
              title: str = "", unit: str = "") -> str:
    """French description of :func:`flow_chart` for screen readers."""
    means = _means(periods, ratios, action_month)
    months = [f"{month_label(p)} : {'donnée manquante' if v is None else value_text(v, unit)}"
              for p, v in zip(periods, ratios, strict=False)]
    parts = [f"{title or 'Ratio mensuel du flux'} : {len(periods)} mois, action en "
             f"{month_label(action_month)}."]
    for name, mean, kept in (("Moyenne avant l'action", means.avant, means.mois_avant),
                             ("moyenne après", means.apres, means.mois_apres)):
        parts.append(f"{name} ({len(kept)} mois) : "
                     f"{'non calculable' if mean is None else value_text(mean, unit)} ;")
    parts.append(f"évolution : {change_text(means.variation)}.")
    parts.append("Valeurs mensuelles : " + " ; ".join(months) + ".")
    return " ".join(parts)


def sankey_figure(flows: SankeyFlows, title: str = "") -> Figure:
    """A Sankey diagram of a flow balance: inputs enter on the left, outputs leave on the right, each
    labelled with its name and value; a light hatched fill under a black outline reads in grey.

    Args:
        flows: From :func:`~qsecase.methods.flows.sankey_flows` (balanced, gap included).
        title: Title of the diagram.
    """
    with figure_style():
        fig = Figure(figsize=(10.0, 3.4 + 0.6 * len(flows.flows)), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        heading = title or "Bilan des flux"
        if flows.gap:
            heading += f" — écart de bilan : {value_text(abs(flows.gap), flows.unit)} " \
                       f"({fr_number(round(abs(flows.gap_pct), 1), 1)}\u202f% des entrées)"
        ax.set_title(wrap_text(heading, 90), loc="left")
        ax.set_axis_off()
        labels = [f"{wrap_text(label, 22)}\n{value_text(abs(v), flows.unit)}"
                  for label, v in zip(flows.labels, flows.flows, strict=True)]
        sankey = Sankey(ax=ax, scale=flows.scale, unit=None, gap=0.45, offset=0.3, margin=0.6)
        sankey.add(flows=list(flows.flows), labels=labels, orientations=list(flows.orientations),
                   trunklength=1.8, pathlengths=0.45, facecolor=tint(BLUE, 0.75), edgecolor=BLACK,
                   hatch="//", linewidth=1.2)
        for text in sankey.finish()[0].texts:
            text.set_fontsize(10)
            text.set_bbox(_TEXT_BOX)
    return fig


def sankey_alt(flows: SankeyFlows, title: str = "") -> str:
    """French description of :func:`sankey_figure` for screen readers."""
    pairs = list(zip(flows.labels, flows.flows, strict=True))
    ins = [f"{label} : {value_text(v, flows.unit)}" for label, v in pairs if v > 0]
    outs = [f"{label} : {value_text(-v, flows.unit)}" for label, v in pairs if v < 0]
    return (f"{title or 'Bilan des flux'} : entrées — {' ; '.join(ins)} ; sorties — {' ; '.join(outs)}"
            f"{' ; sorties non mesurées incluses' if flows.gap > 0 else ''}.")


def effectiveness_html(readings: Sequence[FlowReading], computed: Mapping[str, BeforeAfter] | None = None,
                       objectives: Mapping[str, float] | None = None) -> str:
    """The trainee's effectiveness readings: action, flow, ratio before and after, change, verdict.

    Args:
        readings: The trainee's readings.
        computed: Optional means computed from the flow table, by action id: shown beside the
            trainee's ratios when they differ, and used when the trainee gave none.
        objectives: Optional objective of each action (improvement aimed at, in %): with
            ``computed``, the verdict of the rule is written beside the trainee's.
    """
    if not readings:
        return "<p>Aucune lecture d'efficacité renseignée.</p>"
    computed, objectives = computed or {}, objectives or {}
    rows = []
    for r in readings:
        ref = computed.get(r.action)
        before = r.ratio_avant if r.ratio_avant is not None else (ref.avant if ref else None)
        after = r.ratio_apres if r.ratio_apres is not None else (ref.apres if ref else None)
        change = (after - before) / before * 100 if before and after is not None else None
        word, colour = VERDICT_TEXT.get(r.verdict or "", _NO_VERDICT)
        cell = f'<span style="border-left:0.4em solid {colour};padding-left:0.3em">{esc(word)}</span>'
        if ref is not None and ref.variation is not None and r.action in objectives:
            rule = verdict(ref.variation, objectives[r.action])
            cell += f"<br><small>calcul : {esc(VERDICT_TEXT[rule][0])}</small>"
        rows.append((esc(r.action), esc(r.flux or "—"), _ratio(before, ref.avant if ref else None, r.unite),
                     _ratio(after, ref.apres if ref else None, r.unite), esc(change_text(change)), cell,
                     esc(r.justification or "—")))
    return table_html("Efficacité des actions sur les flux (ratios rapportés à l'activité)",
                      ["Action", "Flux", "Ratio avant", "Ratio après", "Évolution", "Verdict",
                       "Justification"], rows, row_headers=True, raw=True)


def _ratio(value: float | None, reference: float | None, unit: str) -> str:
    if value is None:
        return "—"
    text = esc(value_text(value, unit))
    if reference is not None and not math.isclose(value, reference, rel_tol=1e-3):
        text += f"<br><small>calculé : {esc(value_text(reference, unit))}</small>"
    return text
