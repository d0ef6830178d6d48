"""Pareto analysis: categories sorted by weight, shares, cumulative shares, ABC classes (§1.5)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["CLASS_A", "CLASS_B", "ParetoRow", "aggregate", "pareto"]

CLASS_A = 0.80
CLASS_B = 0.95


@dataclass(frozen=True)
class ParetoRow:
    category: str
    value: float
    share: float
    cumulative: float
    abc: str


def pareto(values: Mapping[str, float], *, a: float = CLASS_A, b: float = CLASS_B) -> list[ParetoRow]:
    """Rows sorted by decreasing value (ties by name).

    A category is in class A while the cumulative share *before* it is below ``a``: the first
    category always is, and the one that crosses 80 % is counted in A (the usual reading).
    """
    if any(v < 0 for v in values.values()):
        raise ValueError("une valeur de Pareto ne peut pas être négative")
    total = float(sum(values.values()))
    rows: list[ParetoRow] = []
    cumulative = 0.0
    for category, value in sorted(values.items(), key=lambda kv: (-kv[1], kv[0])):
        before = cumulative
        share = value / total if total else 0.0
        cumulative += share
        abc = "A" if before < a else "B" if before < b else "C"
        rows.append(ParetoRow(category, float(value), share, min(cumulative, 1.0), abc))
    return rows


def aggregate(
    records: Iterable[Mapping[str, object]], category: str, measure: str | None = None
) -> dict[str, float]:
    """Sum ``measure`` (or count rows when ``measure`` is None) per value of ``category``."""
    totals: dict[str, float] = {}
    for rec in records:
        key = str(rec.get(category) or "(non renseigné)")
        amount = 1.0 if measure is None else float(rec.get(measure) or 0.0)  # type: ignore[arg-type]
        totals[key] = totals.get(key, 0.0) + amount
    return totals
