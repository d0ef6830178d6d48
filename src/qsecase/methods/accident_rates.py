"""Work-accident indicators (Assurance Maladie – Risques professionnels definitions). Pure.

IF = AT avec arrêt × 1 000 / effectif ; TF = AT avec arrêt × 1 000 000 / heures travaillées ;
TG = journées perdues × 1 000 / heures travaillées ; IG = somme des taux d'IP × 1 000 000 / heures.
(qse-facts §3.6; evaluation.securite-sociale.fr, indicateurs 2-1-2 et 2-2-1.) All four are « lower
is better ». National reference values are data (``qsecase/data/at_national.yaml``), parsed here
by :func:`parse_national`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from qsecase.methods.base import Issue, Model

__all__ = [
    "DECIMALS",
    "INDICATOR_LABELS",
    "INDICATOR_UNITS",
    "Change",
    "Indicator",
    "IndicatorValue",
    "NationalValue",
    "PeriodStats",
    "check_values",
    "compare",
    "frequency_index",
    "frequency_rate",
    "gravity_index",
    "indicators",
    "latest_national",
    "parse_national",
    "severity_rate",
]

Indicator = Literal["TF", "TG", "IF"]
INDICATOR_LABELS: dict[str, str] = {
    "TF": "Taux de fréquence", "TG": "Taux de gravité", "IF": "Indice de fréquence",
}
INDICATOR_UNITS: dict[str, str] = {
    "TF": "AT avec arrêt par million d'heures travaillées",
    "TG": "journées perdues pour 1\u202f000 heures travaillées",
    "IF": "AT avec arrêt pour 1\u202f000 salariés",
}
DECIMALS: dict[str, int] = {"TF": 1, "TG": 2, "IF": 1}
"""Decimals shown (and used to call two values « stables »)."""


class IndicatorValue(Model):
    """A value the trainee computed for one indicator over one period."""

    periode: str = Field(description="libellé de la période, tel qu'il figure dans le corpus")
    indicateur: Indicator
    valeur: float = Field(ge=0)


def _check(value: float, name: str, *, positive: bool = False) -> None:
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        expected = "strictement positif" if positive else "positif ou nul"
        raise ValueError(f"{name} : {value} — le nombre doit être {expected}.")


def frequency_rate(accidents_with_leave: float, hours: float) -> float:
    """Taux de fréquence TF = AT avec arrêt × 1 000 000 / heures travaillées.

    Raises:
        ValueError: hours ≤ 0 or a negative count (French message).
    """
    _check(hours, "heures travaillées", positive=True)
    _check(accidents_with_leave, "accidents avec arrêt")
    return accidents_with_leave * 1_000_000 / hours


def severity_rate(days_lost: float, hours: float) -> float:
    """Taux de gravité TG = journées perdues (incapacité temporaire) × 1 000 / heures travaillées.

    Raises:
        ValueError: hours ≤ 0 or a negative count (French message).
    """
    _check(hours, "heures travaillées", positive=True)
    _check(days_lost, "journées perdues")
    return days_lost * 1_000 / hours


def frequency_index(accidents_with_leave: float, headcount: float) -> float:
    """Indice de fréquence IF = AT avec arrêt × 1 000 / effectif salarié.

    Raises:
        ValueError: headcount ≤ 0 or a negative count (French message).
    """
    _check(headcount, "effectif salarié", positive=True)
    _check(accidents_with_leave, "accidents avec arrêt")
    return accidents_with_leave * 1_000 / headcount


def gravity_index(sum_ip_rates: float, hours: float) -> float:
    """Indice de gravité IG = somme des taux d'incapacité permanente (en points de %) × 1 000 000 /
    heures travaillées.

    Raises:
        ValueError: hours ≤ 0 or a negative sum (French message).
    """
    _check(hours, "heures travaillées", positive=True)
    _check(sum_ip_rates, "somme des taux d'IP")
    return sum_ip_rates * 1_000_000 / hours


@dataclass(frozen=True)
class PeriodStats:
    """What the corpus gives for one period (a year, a semester…)."""

    label: str
    accidents_with_leave: int
    days_lost: float
    hours: float
    headcount: float


def indicators(period: PeriodStats) -> dict[Indicator, float]:
    """TF, TG and IF of one period (unrounded)."""
    return {
        "TF": frequency_rate(period.accidents_with_leave, period.hours),
        "TG": severity_rate(period.days_lost, period.hours),
        "IF": frequency_index(period.accidents_with_leave, period.headcount),
    }


@dataclass(frozen=True)
class Change:
    """How one indicator moved between two periods; ``delta_pct`` is None when ``before`` is 0."""

    indicator: Indicator
    before: float
    after: float
    delta_pct: float | None
    better: bool

    @property
    def trend(self) -> Literal["baisse", "hausse", "stable"]:
        """« stable » when both values are equal once rounded as displayed (:data:`DECIMALS`)."""
        return _trend(self.indicator, self.before, self.after)


def _trend(indicator: str, before: float, after: float) -> Literal["baisse", "hausse", "stable"]:
    digits = DECIMALS.get(indicator, 1)
    if round(after, digits) == round(before, digits):
        return "stable"
    return "baisse" if after < before else "hausse"


def compare(before: PeriodStats | Mapping[Indicator, float],
            after: PeriodStats | Mapping[Indicator, float]) -> list[Change]:
    """Indicator by indicator, from ``before`` to ``after`` (the indicators both periods have).

    ``better`` is true when the indicator went down beyond display rounding: every indicator here
    counts accidents or days lost, so lower is better.
    """
    b = indicators(before) if isinstance(before, PeriodStats) else dict(before)
    a = indicators(after) if isinstance(after, PeriodStats) else dict(after)
    changes = []
    order: tuple[Indicator, ...] = ("TF", "TG", "IF")
    for ind in (i for i in order if i in b and i in a):
        delta = (a[ind] - b[ind]) / b[ind] * 100 if b[ind] else (0.0 if a[ind] == 0 else None)
        changes.append(Change(ind, b[ind], a[ind], delta, _trend(ind, b[ind], a[ind]) == "baisse"))
    return changes


def _norm(label: str) -> str:
    return " ".join(label.casefold().split())


def _fr(value: float, digits: int) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def _fr_typed(value: float) -> str:
    """The value as the trainee typed it (no rounding), with a decimal comma."""
    return f"{value:.10g}".replace(".", ",")


def _scale_hint(declared: float, expected: float) -> str:
    """A hint when the value is off by a power of ten (wrong multiplier or hours in thousands)."""
    if declared > 0 and expected > 0:
        power = math.log10(declared / expected)
        if abs(power - round(power)) < 0.02 and round(power) != 0:
            return (f" La valeur est décalée d'un facteur {10 ** abs(round(power)):,}".replace(",", " ")
                    + " : vérifiez le multiplicateur (TF × 1 000 000, TG et IF × 1 000) et l'unité "
                    "des heures.")
    return ""


def check_values(declared: list[IndicatorValue], computed: Mapping[str, Mapping[Indicator, float]],
                 tolerance_pct: float) -> list[Issue]:
    """Compare the trainee's values with the computed ones.

    Args:
        declared: The trainee's values.
        computed: ``{period label: {indicator: value}}`` computed from the corpus (e.g. with
            :func:`indicators`); labels match whatever the case and spacing.
        tolerance_pct: Accepted relative gap, in % of the computed value (rounding to the displayed
            decimals is always accepted).

    Returns:
        One error per unknown period, missing indicator or value beyond the tolerance; a warning
        for a value given twice.
    """
    issues: list[Issue] = []
    periods = {_norm(k): k for k in computed}
    seen: set[tuple[str, str]] = set()
    for value in declared:
        key = (_norm(value.periode), value.indicateur)
        if key in seen:
            issues.append(Issue(level="attention", message=f"{value.indicateur} « {value.periode} » "
                                "est indiqué plusieurs fois : gardez une seule valeur."))
        seen.add(key)
        period = periods.get(key[0])
        if period is None:
            known = " ; ".join(f"« {p} »" for p in computed) or "aucune"
            issues.append(Issue(level="erreur", message=f"Période inconnue « {value.periode} » — "
                                f"périodes du corpus : {known}."))
            continue
        expected = computed[period].get(value.indicateur)
        if expected is None:
            issues.append(Issue(level="erreur", message=f"{value.indicateur} n'est pas calculable "
                                f"pour « {period} » avec les données du corpus."))
            continue
        digits = DECIMALS[value.indicateur]
        gap = abs(value.valeur - expected)
        if gap <= 0.5 * 10 ** -digits + 1e-9 or (expected and gap / expected * 100 <= tolerance_pct):
            continue
        pct = f"écart {gap / expected * 100:.0f} %" if expected else "la valeur attendue est 0"
        issues.append(Issue(level="erreur", message=(
            f"{value.indicateur} « {period} » : vous indiquez {_fr_typed(value.valeur)}, le calcul "
            f"donne {_fr(expected, digits)} ({pct}, tolérance {tolerance_pct:g} %)."
            + _scale_hint(value.valeur, expected))))
    return issues


# --- national reference values -------------------------------------------------------------------
class NationalValue(Model):
    """A published national value (régime général), with where it comes from."""

    indicateur: Indicator
    annee: int = Field(ge=1950, le=2100)
    valeur: float = Field(ge=0)
    perimetre: str
    source: str
    url: str = ""
    source_primaire: bool = Field(True, description="publication officielle (sinon : source "
                                  "secondaire qui cite le rapport, à confirmer)")


def parse_national(data: Any) -> list[NationalValue]:
    """Validate the content of ``at_national.yaml`` (``{"valeurs": [...]}``)."""
    rows = data.get("valeurs", []) if isinstance(data, dict) else []
    return [NationalValue.model_validate(row) for row in rows]


def latest_national(values: list[NationalValue], indicator: Indicator, *,
                    primary_only: bool = True) -> NationalValue | None:
    """The most recent value of ``indicator`` (official sources only, unless told otherwise)."""
    usable = [v for v in values if v.indicateur == indicator and (v.source_primaire or not primary_only)]
    return max(usable, key=lambda v: v.annee, default=None)

