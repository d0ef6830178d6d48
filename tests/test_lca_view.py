"""LCA views: stage, hotspot, scenario and sensitivity charts, their alt texts, and the tables.

Results are built by hand from the dataclasses of :mod:`qsecase.methods.lca`, with consistent
numbers (the stage contributions add up to the totals), so that these tests do not depend on the
engine.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pytest
from matplotlib.container import BarContainer
from matplotlib.figure import Figure

from html_page import Page
from qsecase.methods.contrast import TEXT_MIN, contrast_ratio
from qsecase.methods.lca import (
    STAGES,
    Contribution,
    ElementaryFlow,
    Gain,
    ImpactCategory,
    LcaMethod,
    LcaResult,
    Parameter,
    Sensitivity,
    Shift,
)
from qsecase.views.lca_view import (
    BASELINE_STYLE,
    SCENARIO_STYLES,
    STAGE_STYLE,
    change_text,
    comparison_table_html,
    hotspot_alt,
    hotspot_chart,
    percent_text,
    results_table_html,
    scenario_alt,
    scenario_chart,
    sensitivity_chart,
    stage_alt,
    stage_chart,
    value_text,
)

NNBSP = "\u202f"
CC, FOSSIL, WATER = "changement-climatique", "ressources-fossiles", "eau"


def make_method() -> LcaMethod:
    return LcaMethod(
        id="ef-test", libelle="EF 3.1 (extrait)", source="Recommandation (UE) 2021/2279",
        flux=[ElementaryFlow(id="co2", libelle="CO₂ fossile", compartiment="air", unite="kg")],
        categories=[
            ImpactCategory(id=CC, libelle="Changement climatique", unite="kg CO₂ éq.", facteurs={"co2": 1.0},
                           normalisation=7550, ponderation=21.06, source="EF 3.1"),
            ImpactCategory(id=FOSSIL, libelle="Utilisation des ressources fossiles", unite="MJ",
                           facteurs={"co2": 14.0}, normalisation=65000, source="EF 3.1", verifie=False),
            ImpactCategory(id=WATER, libelle="Utilisation d'eau", unite="m³ éq. privé", facteurs={"co2": 0.0},
                           source="EF 3.1"),
        ])


def make_result(stages: Mapping[str, Mapping[str, float]],
                missing: Mapping[str, tuple[str, ...]] | None = None) -> LcaResult:
    """A result whose totals are the sums of the given stage contributions (missing stages are 0)."""
    units = {CC: "kg CO₂ éq.", FOSSIL: "MJ", WATER: "m³ éq. privé"}
    cats = tuple(stages)
    by_stage = {c: {s: float(stages[c].get(s, 0.0)) for s in STAGES} for c in cats}
    impacts = {c: sum(by_stage[c].values()) for c in cats}
    return LcaResult(categories=cats, units={c: units[c] for c in cats}, impacts=impacts, by_stage=by_stage,
                     by_process={c: {"P1": impacts[c]} for c in cats}, by_dataset={c: {"direct": impacts[c]}
                                                                                  for c in cats},
                     supply={"P1": 1.0}, inventory={"co2": impacts.get(CC, 0.0)},
                     missing=dict(missing or {}))


BASE_STAGES = {
    CC: {"matieres": 6.0, "fabrication": 2.5, "emballage": 0.5, "distribution": 0.8, "utilisation": 0.0,
         "fin-de-vie": 0.2},
    FOSSIL: {"matieres": 80.0, "fabrication": 40.0, "distribution": 12.0, "fin-de-vie": 3.0,
             "emballage": 5.0},
    WATER: {},
}


def baseline() -> LcaResult:
    return make_result(BASE_STAGES, missing={FOSSIL: ("carton-recycle",)})


def variant(factor_cc: float, factor_fossil: float) -> LcaResult:
    return make_result({CC: {s: v * factor_cc for s, v in BASE_STAGES[CC].items()},
                        FOSSIL: {s: v * factor_fossil for s, v in BASE_STAGES[FOSSIL].items()}, WATER: {}})


@pytest.fixture
def close_figures() -> Iterator[list[Figure]]:
    figures: list[Figure] = []
    yield figures
    for fig in figures:
        fig.clear()


def bars(fig: Figure) -> list[BarContainer]:
    return [c for ax in fig.axes for c in ax.containers if isinstance(c, BarContainer)]


def texts(fig: Figure) -> str:
    return " | ".join(t.get_text() for ax in fig.axes for t in ax.texts)


# --- number formats ------------------------------------------------------------------------------


def test_value_text_french_three_significant_digits() -> None:
    assert value_text(10.0) == "10"
    assert value_text(12.345) == "12,3"
    assert value_text(0.04567) == "0,0457"
    assert value_text(1234.6) == f"1{NNBSP}235"
    assert value_text(1.234e-7) == "1,23 × 10⁻⁷"
    assert value_text(-2.5) == "−2,5"
    assert value_text(0.0) == "0"
    assert value_text(6.8) == "6,8" and value_text(1.2e-7) == "1,2 × 10⁻⁷"


def test_change_text_words_and_symbols() -> None:
    assert change_text(-0.32) == ("▼", f"−32{NNBSP}%", "gain")
    assert change_text(0.125) == ("▲", f"+12,5{NNBSP}%", "hausse")
    assert change_text(0.0001)[2] == "stable"
    assert percent_text(0.42) == f"42{NNBSP}%"


# --- stage chart ---------------------------------------------------------------------------------


def test_stage_styles_distinct_and_readable() -> None:
    assert list(STAGE_STYLE) == list(STAGES)
    fills = [f for f, _ in STAGE_STYLE.values()]
    hatches = [h for _, h in STAGE_STYLE.values()]
    assert len(set(fills)) == 6 and len(set(hatches)) == 6
    for fill in fills + [f for f, _ in SCENARIO_STYLES] + [BASELINE_STYLE[0]]:
        assert contrast_ratio("#000000", fill) >= TEXT_MIN, fill


def test_stage_chart_bars_hatches_and_labels(close_figures: list[Figure]) -> None:
    result = baseline()
    fig = stage_chart(result, make_method())
    close_figures.append(fig)
    containers = bars(fig)
    assert len(containers) == 6  # one per stage, in the order of STAGES
    # the water category has no impact: only the two others are drawn
    assert all(len(c.patches) == 2 for c in containers)
    assert [c.patches[0].get_hatch() or "" for c in containers] == [h for _, h in STAGE_STYLE.values()]
    # each category's segments fill exactly 100 %
    for k in range(2):
        assert sum(c.patches[k].get_width() for c in containers) == pytest.approx(100)
    shown = texts(fig)
    assert f"60{NNBSP}%" in shown  # matières = 6 / 10 of climate change
    assert f"2{NNBSP}%" not in shown.split(" | ")  # fin de vie (2 %) is below 5 %: not written inside
    assert "10 kg CO₂ éq." in shown and "140 MJ" in shown
    assert "aucun impact calculé" in shown
    legend = [t.get_text().replace("\n", " ") for t in fig.legends[0].get_texts()]
    assert legend == list(STAGES.values())
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()][-1] == f"100{NNBSP}%"


def test_stage_chart_draws_into_a_given_axes(close_figures: list[Figure]) -> None:
    fig = Figure()
    close_figures.append(fig)
    left, right = fig.subplots(1, 2)
    assert stage_chart(baseline(), make_method(), [CC], ax=right) is fig
    assert not left.containers and len(right.containers) == 6
    assert right.get_legend() is not None and not fig.legends


def test_stage_chart_negative_credit_and_category_subset(close_figures: list[Figure]) -> None:
    result = make_result({CC: {"matieres": 8.0, "fabrication": 4.0, "fin-de-vie": -2.0}})
    fig = stage_chart(result, make_method(), categories=[CC])
    close_figures.append(fig)
    widths = {c.get_label(): c.patches[0].get_width() for c in bars(fig)}
    assert widths[STAGES["fin-de-vie"]] == pytest.approx(-100 * 2 / 14)
    assert sum(abs(w) for w in widths.values()) == pytest.approx(100)
    assert "10 kg CO₂ éq." in texts(fig)  # the net total
    assert f"−14,3{NNBSP}%" in texts(fig)


def test_stage_alt_totals_and_main_stage() -> None:
    alt = stage_alt(baseline(), make_method())
    assert f"Changement climatique : 10 kg CO₂ éq. ; étape prépondérante : {STAGES['matieres']} " \
           f"(60{NNBSP}%)" in alt
    assert "Utilisation des ressources fossiles : 140 MJ" in alt
    assert "Utilisation d'eau : aucun impact calculé" in alt
    assert "ressources fossiles" not in stage_alt(baseline(), make_method(), [CC])


# --- hotspots ------------------------------------------------------------------------------------

CONTRIBUTIONS = [Contribution("P3", 1.0, 0.1, 1.0), Contribution("P1", 6.0, 0.6, 0.6),
                 Contribution("distribution", 3.0, 0.3, 0.9)]


def test_hotspot_chart_sorted_with_cumulative_and_threshold(close_figures: list[Figure]) -> None:
    fig = hotspot_chart(CONTRIBUTIONS, "kg CO₂ éq.", "Points chauds : changement climatique")
    close_figures.append(fig)
    ax, cum_ax = fig.axes
    widths = [p.get_width() for p in bars(fig)[0].patches]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert widths == [6.0, 3.0, 1.0]
    assert ticks[0] == "P1" and "Distribution" in ticks[1]  # a stage name is shown with its label
    cumulative = cum_ax.lines[0].get_xdata()
    assert list(cumulative) == pytest.approx([60, 90, 100])
    assert any(line.get_xdata()[0] == 80 for line in cum_ax.lines[1:])  # the 80 % reference line
    assert f"seuil 80{NNBSP}%" in texts(fig)
    assert f"6 (60{NNBSP}%)" in texts(fig)


def test_hotspot_empty_and_alt(close_figures: list[Figure]) -> None:
    fig = hotspot_chart([], "MJ", "Points chauds")
    close_figures.append(fig)
    assert "aucune contribution" in texts(fig)
    alt = hotspot_alt(CONTRIBUTIONS, "kg CO₂ éq.", "Points chauds")
    assert alt.index("P1 : 6 kg CO₂ éq.") < alt.index("P3 : 1 kg CO₂ éq.")


# --- scenarios -----------------------------------------------------------------------------------


def test_scenario_chart_index_hatches_and_warning(close_figures: list[Figure]) -> None:
    variants = {"S1 — aluminium recyclé": variant(0.68, 0.9), "S2 — transport aérien": variant(1.12, 1.0)}
    fig = scenario_chart(baseline(), variants, make_method())
    close_figures.append(fig)
    containers = bars(fig)
    assert len(containers) == 3 and all(len(c.patches) == 3 for c in containers)  # 3 series × 3 categories
    hatches = [c.patches[0].get_hatch() or "" for c in containers]
    assert len(set(hatches)) == 3
    assert [p.get_width() for p in containers[0].patches][:2] == [100, 100]
    assert containers[1].patches[0].get_width() == pytest.approx(68)
    shown = texts(fig)
    assert f"−32{NNBSP}%" in shown and f"⚠ +12{NNBSP}%" in shown
    assert "n. c." in shown  # the water category has a zero baseline
    assert "⚠ −" not in shown
    alt = scenario_alt(baseline(), variants, make_method())
    assert f"S1 — aluminium recyclé −32{NNBSP}% (gain)" in alt
    assert f"S2 — transport aérien +12{NNBSP}% (hausse, ⚠ aggravation)" in alt
    assert "non calculable" in alt


def test_scenario_chart_single_category(close_figures: list[Figure]) -> None:
    base = make_result({CC: BASE_STAGES[CC]})
    fig = scenario_chart(base, {"S1": make_result({CC: {"matieres": 5.0}})}, make_method())
    close_figures.append(fig)
    assert [len(c.patches) for c in bars(fig)] == [1, 1]
    assert f"−50{NNBSP}%" in texts(fig)


# --- sensitivity ---------------------------------------------------------------------------------


def test_sensitivity_tornado(close_figures: list[Figure]) -> None:
    items = [Sensitivity(Parameter(processus="P1", fournisseur="aluminium-primaire"), CC, 0.6),
             Sensitivity(Parameter(processus="P4", fournisseur="camion", libelle="distance"), CC, 0.08),
             Sensitivity(Parameter(processus="P5", fournisseur="recyclage"), CC, -0.25),
             Sensitivity(Parameter(processus="P1", fournisseur="aluminium-primaire"), FOSSIL, 0.9)]
    fig = sensitivity_chart(items, CC, "kg CO₂ éq.", label="Changement climatique")
    close_figures.append(fig)
    ax = fig.axes[0]
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert labels == ["P1 → aluminium-primaire", "P5 → recyclage", "P4 → camion (distance)"]
    positive, negative = bars(fig)
    assert positive.patches[0].get_hatch() != negative.patches[0].get_hatch()
    assert [p.get_width() for p in negative.patches] == [-0.25]
    assert "+0,6" in texts(fig) and "−0,25" in texts(fig)
    empty = sensitivity_chart(items, WATER, "m³")
    close_figures.append(empty)
    assert "aucune sensibilité" in texts(empty)


# --- tables --------------------------------------------------------------------------------------


def test_results_table_accessible() -> None:
    page = Page(results_table_html(baseline(), make_method()))
    assert len(page.all("caption")) == 1
    scopes = [a.get("scope") for a in page.all("th")]
    assert scopes.count("col") == 9 and scopes.count("row") == 3
    text = page.joined()
    assert "kg CO₂ éq." in text and "Fin de vie" in text
    assert "Utilisation d'eau m³ éq. privé — — — — — — —" in text  # zero everywhere reads « — »
    assert "⚠ couverture incomplète" in text  # fossil resources: a dataset without factor


def test_comparison_table_words_symbols_and_shifts() -> None:
    gains = {"S1": [Gain(CC, 10.0, 6.8, -3.2, -0.32), Gain(FOSSIL, 140.0, 156.8, 16.8, 0.12)],
             "S2": [Gain(CC, 10.0, 10.0, 0.0, 0.0)]}
    shifts = {"S1": [Shift("etape", CC, "distribution", 0.8, 1.8, 1.25,
                           "l'étape Distribution passe de 0,8 à 1,8 kg CO₂ éq. (+125 %)")]}
    page = Page(comparison_table_html(gains, shifts, make_method()))
    text = page.joined()  # white space collapsed: the narrow no-break space reads as a space
    assert "▼ −32 % gain" in text and "▲ +12 % hausse" in text
    assert "= 0 % stable" in text
    assert "⚠ transfert : l'étape Distribution passe de 0,8 à 1,8" in text
    assert "10 → 6,8 ⚠ transfert" in text
    assert [a.get("scope") for a in page.all("th")].count("row") == 2
    assert len(page.all("caption")) == 1
    # S2 has no line for fossil resources
    assert text.endswith("hausse 140 → 157 —")
