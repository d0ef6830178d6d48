"""Work-accident indicators: formulas on worked examples, comparisons, checks, national values, charts."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from qsecase.methods.accident_rates import (
    Change,
    IndicatorValue,
    NationalValue,
    PeriodStats,
    check_values,
    compare,
    frequency_index,
    frequency_rate,
    gravity_index,
    indicators,
    latest_national,
    parse_national,
    severity_rate,
)
from qsecase.methods.prevention_plan import ActionEffect
from qsecase.views.accident_chart import (
    action_effects_alt_text,
    action_effects_figure,
    draw_indicator_comparison,
    indicator_comparison_alt_text,
    indicator_comparison_figure,
    load_national_values,
    national_references,
)

YEAR_1 = PeriodStats("Année 2023", accidents_with_leave=3, days_lost=136, hours=150_000, headcount=95)
YEAR_2 = PeriodStats("Année 2024", accidents_with_leave=1, days_lost=20, hours=152_000, headcount=96)


# --- formulas ------------------------------------------------------------------------------------
def test_worked_example_3_accidents_136_days_150000_hours_95_employees() -> None:
    assert frequency_rate(3, 150_000) == pytest.approx(20.0)  # 3 × 10⁶ / 150 000
    assert severity_rate(136, 150_000) == pytest.approx(136_000 / 150_000)  # 0,9067
    assert round(severity_rate(136, 150_000), 2) == 0.91
    assert frequency_index(3, 95) == pytest.approx(3_000 / 95)  # 31,58
    assert round(frequency_index(3, 95), 1) == 31.6
    assert indicators(YEAR_1) == pytest.approx({"TF": 20.0, "TG": 0.906667, "IF": 31.578947}, rel=1e-6)


def test_other_worked_examples() -> None:
    assert frequency_rate(12, 1_600_000) == pytest.approx(7.5)
    assert severity_rate(480, 1_600_000) == pytest.approx(0.3)
    assert frequency_index(27, 900) == pytest.approx(30.0)
    assert gravity_index(15, 150_000) == pytest.approx(100.0)  # IP 10 % + 5 %
    assert frequency_rate(0, 10) == 0


@pytest.mark.parametrize(("call", "field"), [
    (lambda: frequency_rate(3, 0), "heures travaillées"),
    (lambda: severity_rate(10, -5), "heures travaillées"),
    (lambda: gravity_index(10, 0), "heures travaillées"),
    (lambda: frequency_index(3, 0), "effectif salarié"),
    (lambda: frequency_rate(-1, 1000), "accidents avec arrêt"),
])
def test_bad_denominators_raise_a_french_value_error(call, field: str) -> None:
    with pytest.raises(ValueError, match=field) as err:
        call()
    assert "doit être" in str(err.value)


# --- compare -------------------------------------------------------------------------------------
def test_compare_two_periods() -> None:
    changes = {c.indicator: c for c in compare(YEAR_1, YEAR_2)}
    assert list(changes) == ["TF", "TG", "IF"]
    tf = changes["TF"]
    assert tf.before == pytest.approx(20.0) and tf.after == pytest.approx(1e6 / 152_000)
    assert tf.delta_pct == pytest.approx((1e6 / 152_000 - 20) / 20 * 100)
    assert tf.better and tf.trend == "baisse"
    worse = compare({"TF": 10.0}, {"TF": 12.5})[0]
    assert worse.delta_pct == pytest.approx(25.0) and not worse.better and worse.trend == "hausse"


def test_compare_stable_and_zero_before() -> None:
    stable = compare({"TG": 0.904}, {"TG": 0.899})[0]  # both 0,90 once rounded
    assert stable.trend == "stable" and not stable.better
    from_zero = compare({"TF": 0.0}, {"TF": 4.0})[0]
    assert from_zero.delta_pct is None and from_zero.trend == "hausse"
    assert compare({"TF": 0.0}, {"TF": 0.0})[0].delta_pct == 0.0


# --- check_values --------------------------------------------------------------------------------
COMPUTED = {"Année 2023": indicators(YEAR_1), "Année 2024": indicators(YEAR_2)}


def test_values_within_tolerance_or_rounded_pass() -> None:
    declared = [IndicatorValue(periode="année  2023", indicateur="TF", valeur=20.0),
                IndicatorValue(periode="Année 2023", indicateur="TG", valeur=0.91),
                IndicatorValue(periode="Année 2023", indicateur="IF", valeur=31.6)]
    assert check_values(declared, COMPUTED, tolerance_pct=0) == []
    assert check_values([IndicatorValue(periode="Année 2023", indicateur="TF", valeur=20.3)],
                        COMPUTED, tolerance_pct=2) == []


def test_value_off_beyond_tolerance() -> None:
    issues = check_values([IndicatorValue(periode="Année 2023", indicateur="TF", valeur=25)],
                          COMPUTED, tolerance_pct=2)
    assert [i.level for i in issues] == ["erreur"]
    assert "vous indiquez 25, le calcul donne 20,0 (écart 25 %, tolérance 2 %)" in issues[0].message


def test_value_off_by_a_power_of_ten_gets_a_hint() -> None:
    issues = check_values([IndicatorValue(periode="Année 2023", indicateur="TF", valeur=0.02)],
                          COMPUTED, tolerance_pct=2)
    assert "facteur 1 000" in issues[0].message and "multiplicateur" in issues[0].message


def test_unknown_period_and_duplicate() -> None:
    declared = [IndicatorValue(periode="2022", indicateur="TF", valeur=3),
                IndicatorValue(periode="Année 2024", indicateur="TG", valeur=0.13),
                IndicatorValue(periode="Année 2024", indicateur="TG", valeur=0.13)]
    issues = check_values(declared, COMPUTED, tolerance_pct=2)
    text = "\n".join(i.message for i in issues)
    assert "Période inconnue « 2022 » — périodes du corpus : « Année 2023 » ; « Année 2024 »" in text
    assert any(i.level == "attention" and "plusieurs fois" in i.message for i in issues)


def test_indicator_missing_for_a_period() -> None:
    issues = check_values([IndicatorValue(periode="S1", indicateur="IF", valeur=3)],
                          {"S1": {"TF": 3.0}}, tolerance_pct=2)
    assert "IF n'est pas calculable pour « S1 »" in issues[0].message


# --- national values -----------------------------------------------------------------------------
def test_shipped_national_values_are_sourced() -> None:
    values = load_national_values()
    assert values and all(v.source and v.url.startswith("https://") and v.perimetre for v in values)
    by_key = {(v.indicateur, v.annee): v for v in values}
    assert by_key[("IF", 2021)].valeur == 30.1 and by_key[("IF", 2021)].source_primaire
    assert by_key[("TG", 2017)].valeur == 1.36 and by_key[("TG", 2018)].valeur == 1.37
    assert not any(v.indicateur == "TF" for v in values)  # no sourced national TF: none shipped


def test_latest_national_prefers_official_sources() -> None:
    values = load_national_values()
    latest_if = latest_national(values, "IF")
    assert latest_if is not None and latest_if.annee == 2021
    anyway = latest_national(values, "IF", primary_only=False)
    assert anyway is not None and anyway.annee > 2021 and not anyway.source_primaire
    assert latest_national(values, "TF") is None
    assert set(national_references()) == {"IF", "TG"}


def test_parse_national_refuses_a_bad_row() -> None:
    with pytest.raises(ValueError):
        parse_national({"valeurs": [{"indicateur": "XX", "annee": 2021, "valeur": 1,
                                     "perimetre": "p", "source": "s"}]})


# --- charts --------------------------------------------------------------------------------------
def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_indicator_comparison_chart() -> None:
    changes = compare(YEAR_1, PeriodStats("2024", 4, 60, 152_000, 96))
    nat = {"IF": NationalValue(indicateur="IF", annee=2021, valeur=30.1, perimetre="RG", source="s"),
           "TG": 1.37}
    before = plt.get_fignums()
    fig = indicator_comparison_figure(changes, nat, before_label="2023", after_label="2024")
    assert plt.get_fignums() == before
    ax = fig.axes[0]
    texts = _texts(ax)
    assert "20,0" in texts and "0,91" in texts and "31,6" in texts  # French format, fixed decimals
    assert any(t.startswith("✖ en hausse (+32") for t in texts)
    assert any(t.startswith("✔ en baisse (−") for t in texts)
    bars = {p.get_gid(): p for p in ax.patches if p.get_gid()}
    assert bars["avant:TF"].get_hatch() and not bars["apres:TF"].get_hatch()
    lines = {ln.get_gid(): ln for ln in ax.lines if ln.get_gid()}
    assert set(lines) == {"national:IF", "national:TG"} and lines["national:IF"].get_linestyle() == "--"
    ticks = " ".join(t.get_text() for t in ax.get_xticklabels())
    assert "réf. nationale 2021 : 30,1" in ticks and "réf. nationale : 1,37" in ticks
    alt = indicator_comparison_alt_text(changes, nat)
    assert "Taux de fréquence (TF) : 20,0 avant" in alt and "en hausse" in alt and "30,1" in alt


def test_indicator_comparison_stable_and_empty() -> None:
    fig = plt.figure()
    try:
        ax = fig.add_subplot()
        draw_indicator_comparison(ax, [Change("TG", 0.9, 0.9, 0.0, False)])
        assert "= stable" in _texts(ax)
        ax2 = fig.add_subplot(2, 1, 2)
        draw_indicator_comparison(ax2, [])
        assert "aucun indicateur" in _texts(ax2)[0]
    finally:
        plt.close(fig)


def test_action_effects_chart_says_effective_in_words() -> None:
    effects = [ActionEffect("P1", "Chaussures de toutes tailles en stock", 6, 0, "salariés sans "
                            "chaussures de sécurité", True),
               ActionEffect("P2", "Zone tampon pour les palettes", 14, 11, "allées encombrées par "
                            "semaine", False),
               ActionEffect("P3", "Bip de recul", 2, 2, "presqu'accidents par mois", False)]
    fig = action_effects_figure(effects)
    ax = fig.axes[0]
    verdicts = {t.get_gid(): t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("verdict")}
    assert verdicts == {"verdict:P1": "✔ efficace", "verdict:P2": "✖ non efficace",
                        "verdict:P3": "✖ non efficace"}
    arrows = {t.get_gid(): t.arrow_patch for t in ax.texts if (t.get_gid() or "").startswith("effet")}
    assert arrows["effet:P1"].get_linestyle() != arrows["effet:P2"].get_linestyle()
    assert "2 (inchangé)" in _texts(ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    labels = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]
    for i, a in enumerate(labels):
        assert all(not a.overlaps(b) for b in labels[i + 1:])
    width, height = fig.get_size_inches() * fig.dpi
    assert all(b.x0 >= 0 and b.x1 <= width and b.y0 >= 0 and b.y1 <= height for b in labels)
    alt = action_effects_alt_text(effects)
    assert "P1 « Chaussures de toutes tailles en stock » : 6 → 0" in alt and "non efficace" in alt
