"""Dashboards (4-3): status, missing data, reminders, trend, control chart and its rules."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from qsecase.methods.control_chart import D2, control_chart, control_signals
from qsecase.methods.dashboard import (
    STATUS_SYMBOLS,
    Indicator,
    missing_periods,
    reminders_due,
    status,
    trend,
)


def indicator(**kw) -> Indicator:
    kw.setdefault("id", "I1")
    kw.setdefault("nom", "Accidents avec arrêt")
    return Indicator(**kw)


# --- status ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "expected"), [(1, "atteint"), (2, "atteint"), (3, "vigilance"),
                                                 (4.9, "vigilance"), (5, "alerte"), (8, "alerte")])
def test_status_when_lower_is_better(value, expected):
    assert status(indicator(objectif=2, seuil_alerte=5, sens="baisse"), value) == expected


@pytest.mark.parametrize(("value", "expected"), [(99, "atteint"), (95, "atteint"), (92, "vigilance"),
                                                 (90, "alerte"), (80, "alerte")])
def test_status_when_higher_is_better(value, expected):
    assert status(indicator(objectif=95, seuil_alerte=90, sens="hausse"), value) == expected


def test_status_without_objective():
    assert status(indicator(), 3) == "sans objectif"
    assert status(indicator(seuil_alerte=5), 3) == "sans objectif"
    assert status(indicator(seuil_alerte=5), 6) == "alerte"
    assert status(indicator(objectif=2), 3) == "vigilance"


def test_status_symbols_have_distinct_shapes():
    assert STATUS_SYMBOLS == {"atteint": "✔", "vigilance": "⚠", "alerte": "✖", "sans objectif": "–"}


# --- missing data and reminders ---------------------------------------------------------------------
def test_missing_periods():
    series = {"2026-01": 3.0, "2026-02": None, "2026-03": math.nan, "2026-05": 0.0}
    periods = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
    assert missing_periods(series, periods) == ["2026-02", "2026-03", "2026-04"]


DATA = {"accidents": {"2026-06": 1.0, "2026-07": 0.0, "2026-08": None},
        "dechets": {"2026-06": None, "2026-07": 4.2, "2026-08": None}}


def test_reminder_after_the_due_day_of_the_next_month():
    ind = [indicator(colonne="accidents", source="Ressources humaines")]
    assert reminders_due(ind, DATA, dt.date(2026, 9, 10)) == []
    late = reminders_due(ind, DATA, dt.date(2026, 9, 11))
    assert [(r.service, r.indicateur, r.periode, r.date) for r in late] == [
        ("Ressources humaines", "I1", "2026-08", dt.date(2026, 9, 11))]
    assert reminders_due(ind, DATA, dt.date(2026, 9, 11), due_day=15) == []


def test_reminders_per_indicator_and_fallbacks():
    inds = [indicator(id="I2", colonne="dechets", responsable="Chef d'atelier"),
            indicator(id="I3", colonne="absente", source="Maintenance")]
    found = reminders_due(inds, DATA, dt.date(2026, 9, 20))
    assert [(r.service, r.periode) for r in found] == [("Chef d'atelier", "2026-06"),
                                                       ("Chef d'atelier", "2026-08")]


def test_december_is_due_in_january_and_quarterly_only_at_quarter_end():
    data = {"I4": {"2026-11": None, "2026-12": None}}
    monthly = reminders_due([indicator(id="I4", source="Qualité")], data, dt.date(2027, 1, 11))
    assert [r.periode for r in monthly] == ["2026-11", "2026-12"]
    assert reminders_due([indicator(id="I4", source="Qualité")], data, dt.date(2027, 1, 10))[-1].periode \
        == "2026-11"
    quarterly = reminders_due([indicator(id="I4", source="Qualité", frequence="trimestrielle")], data,
                              dt.date(2027, 1, 11))
    assert [r.periode for r in quarterly] == ["2026-12"]


# --- trend -----------------------------------------------------------------------------------------
PERIODS = [f"2026-{m:02d}" for m in range(1, 9)]


def test_trend_of_three_rises_when_lower_is_better():
    series = dict(zip(PERIODS, [5, 4, 5, 6, 7, 8, 6, 7], strict=True))
    assert trend(series, PERIODS) == ["2026-05", "2026-06"]
    assert trend(series, PERIODS, n=4) == ["2026-06"]


def test_trend_when_higher_is_better():
    series = dict(zip(PERIODS, [98, 97, 96, 95, 96, 95, 94, 93], strict=True))
    assert trend(series, PERIODS, sens="hausse") == ["2026-04", "2026-08"]
    assert trend(series, PERIODS, sens="baisse") == []


def test_gap_or_equal_value_breaks_a_trend():
    assert trend(dict(zip(PERIODS, [1, 2, 3, None, 4, 5, 6, 6], strict=True)), PERIODS) == []
    assert trend(dict(zip(PERIODS, [1, 2, 2, 3, 4, 4, 5, 5], strict=True)), PERIODS) == []


# --- control chart ----------------------------------------------------------------------------------
STABLE = [10, 11, 9, 10.5, 9.5, 10, 11, 9, 10.5, 9.5, 10, 10.8, 9.2]
CHART = control_chart(STABLE)
C, S = CHART.centre, CHART.sigma


def test_individuals_chart_uses_the_mean_moving_range():
    chart = control_chart([1, 3, 1, 3])
    assert chart.centre == 2
    assert chart.sigma == pytest.approx(2 / 1.128) and D2 == 1.128
    assert (chart.ucl, chart.lcl) == pytest.approx((2 + 6 / 1.128, 2 - 6 / 1.128))
    assert chart.zones["A+"] == pytest.approx((2 + 4 / 1.128, 2 + 6 / 1.128))


def test_baseline_and_gaps():
    chart = control_chart([1, 3, None, 5, 7, 100, 200], baseline=5)
    assert chart.baseline == 5
    assert chart.centre == 4  # mean of 1, 3, 5, 7
    assert chart.sigma == pytest.approx(2 / 1.128)  # the gap leaves out the 3 → 5 range


def test_too_short_baseline():
    with pytest.raises(ValueError, match="au moins deux valeurs consécutives"):
        control_chart([1, None, 3])


def test_stable_series_triggers_no_rule():
    assert control_signals(STABLE, CHART) == []


@pytest.mark.parametrize(("rule", "tail", "index"), [
    ("WE1", [C + 3.5 * S], 13),
    ("WE1", [C - 3.5 * S], 13),
    ("WE2", [C + 2.5 * S, C + 0.2 * S, C + 2.5 * S], 15),
    ("WE2", [C - 2.5 * S, C - 2.5 * S], 14),
    ("WE3", [C + 1.5 * S] * 4, 16),
    ("WE4", [C + 0.5 * S] * 8, 20),
    ("N3", [C + k * S for k in (-0.9, -0.55, -0.2, 0.15, 0.5, 0.85)], 18),
    ("N3", [C + k * S for k in (0.85, 0.5, 0.15, -0.2, -0.55, -0.9)], 18),
])
def test_series_built_for_one_rule_triggers_exactly_it(rule, tail, index):
    signals = control_signals(STABLE + tail, CHART)
    assert [(s.index, s.rule) for s in signals] == [(index, rule)]


def test_signal_labels_are_french_and_say_the_side():
    (signal,) = control_signals([*STABLE, C - 3.5 * S], CHART)
    assert signal.label == ("1 point au-delà de 3 σ (hors limites de contrôle), en dessous de la ligne "
                            "centrale")
    (signal,) = control_signals(STABLE + [C + k * S for k in (0.85, 0.5, 0.15, -0.2, -0.55, -0.9)], CHART)
    assert signal.label == "6 points consécutifs en baisse continue"


def test_run_length_is_a_parameter():
    series = STABLE + [C + 0.5 * S] * 8
    assert control_signals(series, CHART, run=9) == []
    assert [s.rule for s in control_signals([*series, C + 0.5 * S], CHART, run=9)] == ["WE4"]
    assert "9 points consécutifs" in control_signals([*series, C + 0.5 * S], CHART, run=9)[0].label


def test_gap_breaks_runs_and_is_not_a_point():
    assert control_signals([*STABLE, *[C + 0.5 * S] * 4, None, *[C + 0.5 * S] * 4], CHART) == []
    assert control_signals([*STABLE, C + 2.5 * S, None, C + 2.5 * S], CHART) == []
    signals = control_signals([*STABLE, None, *[C + 0.5 * S] * 8], CHART)
    assert [(s.index, s.rule) for s in signals] == [(21, "WE4")]
