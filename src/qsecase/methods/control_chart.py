"""Individuals control chart (XmR) of an indicator and the rules that signal a special cause. Pure.

The chart: centre = mean of a baseline period; σ estimated from the mean moving range of two
consecutive points, σ̂ = MR̄ / d2 with d2 = 1.128 (the control-chart constant for subgroups of
n = 2, tables of factors for variables control charts, e.g. D. C. Montgomery, *Introduction to
Statistical Quality Control*); control limits centre ± 3σ̂; zones C, B, A between 0-1σ, 1-2σ, 2-3σ.

The rules (:data:`RULES`):

* WE1-WE4 — Western Electric, *Statistical Quality Control Handbook* (1956): one point beyond 3σ;
  2 of 3 consecutive points beyond 2σ on the same side; 4 of 5 beyond 1σ on the same side; 8
  consecutive points on the same side of the centre line. L. S. Nelson, « The Shewhart Control
  Chart—Tests for Special Causes », *Journal of Quality Technology* 16(4), 1984, asks 9 points
  for that run (his test 2): the run length is the ``run`` parameter, 8 by default.
* N3 — Nelson's test 3: 6 points in a row steadily increasing or decreasing.

A gap (``None`` or NaN) is not a point: it breaks every window and run. A rule is signalled on the
point that completes it (for WE2 and WE3 that point is itself beyond the limit); a run (WE4, N3)
is signalled once, on the point where it reaches its length.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Literal

__all__ = ["D2", "RULES", "ControlChart", "RuleId", "Signal", "control_chart", "control_signals"]

D2 = 1.128
"""d2 for moving ranges of two consecutive points (n = 2)."""
RuleId = Literal["WE1", "WE2", "WE3", "WE4", "N3"]
RULES: dict[str, str] = {
    "WE1": "1 point au-delà de 3 σ (hors limites de contrôle)",
    "WE2": "2 points sur 3 consécutifs au-delà de 2 σ, du même côté",
    "WE3": "4 points sur 5 consécutifs au-delà de 1 σ, du même côté",
    "WE4": "{run} points consécutifs du même côté de la ligne centrale",
    "N3": "6 points consécutifs en hausse continue ou en baisse continue",
}
"""French wording of each rule (WE4 takes the run length)."""
_TREND = 6
_ZONE_RULES: tuple[tuple[RuleId, int, int, int], ...] = (("WE2", 2, 2, 3), ("WE3", 1, 4, 5))
"""(rule, σ multiple, points needed, window)."""


@dataclass(frozen=True)
class ControlChart:
    """Centre line and σ of an individuals chart, from the first ``baseline`` values."""

    centre: float
    sigma: float
    baseline: int

    @property
    def ucl(self) -> float:
        """Upper control limit, centre + 3σ."""
        return self.centre + 3 * self.sigma

    @property
    def lcl(self) -> float:
        """Lower control limit, centre − 3σ."""
        return self.centre - 3 * self.sigma

    @property
    def zones(self) -> dict[str, tuple[float, float]]:
        """Bounds of the zones, from the top: A+ (2σ to 3σ above the centre) … A− (below)."""
        c, s = self.centre, self.sigma
        return {"A+": (c + 2 * s, c + 3 * s), "B+": (c + s, c + 2 * s), "C+": (c, c + s),
                "C-": (c - s, c), "B-": (c - 2 * s, c - s), "A-": (c - 3 * s, c - 2 * s)}


@dataclass(frozen=True)
class Signal:
    """A rule broken at one point of the series."""

    index: int
    rule: RuleId
    label: str


def _clean(values: Sequence[float | None]) -> list[float | None]:
    return [None if v is None or math.isnan(v) else float(v) for v in values]


def control_chart(values: Sequence[float | None], baseline: int | None = None) -> ControlChart:
    """The individuals chart of ``values``, computed on the first ``baseline`` values (all by
    default; gaps count in ``baseline`` but are left out of the computation).

    Raises:
        ValueError: fewer than two consecutive values in the baseline period.
    """
    points = _clean(values[:baseline])
    present = [v for v in points if v is not None]
    ranges = [abs(b - a) for a, b in itertools.pairwise(points) if a is not None and b is not None]
    if not ranges:
        raise ValueError("Carte de contrôle : la période de référence doit compter au moins deux "
                         "valeurs consécutives.")
    return ControlChart(centre=fmean(present), sigma=fmean(ranges) / D2, baseline=len(points))


def _side(sign: int) -> str:
    return "au-dessus de la ligne centrale" if sign > 0 else "en dessous de la ligne centrale"


def _segment_signals(segment: list[tuple[int, float]], chart: ControlChart, run: int) -> list[Signal]:
    c, s = chart.centre, chart.sigma
    found: list[Signal] = []
    same_side, side, monotone, direction = 0, 0, 1, 0
    for pos, (index, value) in enumerate(segment):
        dev = value - c
        if abs(dev) > 3 * s:
            found.append(Signal(index, "WE1", f"{RULES['WE1']}, {_side(1 if dev > 0 else -1)}"))
        for rule, k, need, width in _ZONE_RULES:
            window = [v - c for _, v in segment[max(0, pos - width + 1):pos + 1]]
            for sign in (1, -1):
                if sign * dev > k * s and sum(sign * d > k * s for d in window) >= need:
                    found.append(Signal(index, rule, f"{RULES[rule]} ({_side(sign)})"))
        sign = (dev > 0) - (dev < 0)
        same_side = same_side + 1 if sign and sign == side else (1 if sign else 0)
        side = sign
        if same_side == run:
            found.append(Signal(index, "WE4", f"{RULES['WE4'].format(run=run)} ({_side(sign)})"))
        step = (value > segment[pos - 1][1]) - (value < segment[pos - 1][1]) if pos else 0
        monotone = monotone + 1 if step and step == direction else (2 if step else 1)
        direction = step
        if monotone == _TREND:
            found.append(Signal(index, "N3", f"{_TREND} points consécutifs en "
                                f"{'hausse' if step > 0 else 'baisse'} continue"))
    return found


def control_signals(values: Sequence[float | None], chart: ControlChart, run: int = 8) -> list[Signal]:
    """Points of ``values`` that break a rule of :data:`RULES` on ``chart``, in order.

    Args:
        values: The series, gaps as ``None``.
        chart: The chart (:func:`control_chart`).
        run: Length of the run on one side of the centre line (WE4): 8 for Western Electric, 9 for
            Nelson.
    """
    points = _clean(values)
    found: list[Signal] = []
    for present, group in itertools.groupby(enumerate(points), key=lambda item: item[1] is not None):
        if present:
            found.extend(_segment_signals([(i, v) for i, v in group if v is not None], chart, run))
    return found
