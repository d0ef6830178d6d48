"""Effectiveness of actions (competency 1-6): measurable criteria, measured results, verdicts. Pure.

A criterion is measurable when it names an indicator, its unit, a baseline, a target on the
right side of the baseline and a measurement period. The verdict compares the value measured
after the action with the value before it and with the target:

* **efficace** — the target is reached;
* **partiellement efficace** — the indicator improved but the target is missed;
* **non efficace** — no improvement, or worse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Issue, Model

__all__ = ["VERDICT_SYMBOLS", "Direction", "EffectivenessCriterion", "EffectivenessResult",
           "Measurement", "Verdict", "VerdictStatus", "check_criteria", "evaluate", "fmt_value",
           "verdict"]

Direction = Literal["baisse", "hausse"]
VerdictStatus = Literal["efficace", "partiellement efficace", "non efficace"]
VERDICT_SYMBOLS: dict[str, str] = {
    "efficace": "✔", "partiellement efficace": "◐", "non efficace": "✖"}
"""A symbol per verdict, shown beside the word (never colour alone)."""


class EffectivenessCriterion(Model):
    """How the effect of one action will be judged."""

    action: str = Field(description="id (ou libellé) de l'action évaluée")
    indicateur: str = ""
    unite: str = ""
    sens: Direction = Field("baisse", description="sens d'amélioration attendu")
    reference: float | None = Field(None, description="valeur initiale (avant action)")
    cible: float | None = None
    periode: str = Field("", description="période de mesure, ex. « 3 mois après mise en œuvre »")


class Measurement(Model):
    """The indicator's value before and after the action (from the corpus)."""

    action: str
    avant: float
    apres: float


def fmt_value(value: float, unit: str = "") -> str:
    """A value in French notation with its unit: « 2,5 % », « 14 pièces »."""
    text = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",").replace("-", "−")
    return f"{text}\u202f{unit}" if unit else text


@dataclass(frozen=True)
class Verdict:
    """The verdict on one action and the rule that gives it, in words."""

    status: VerdictStatus
    rule: str
    progress: float
    """Share of the way from the value before to the target (1 = reached; < 0 = worse)."""

    @property
    def symbol(self) -> str:
        return VERDICT_SYMBOLS[self.status]

    def __str__(self) -> str:
        return f"{self.symbol} {self.status} : {self.rule}"


def verdict(criterion: EffectivenessCriterion, measurement: Measurement) -> Verdict:
    """Judge an action from its measured result.

    Raises:
        ValueError: If the criterion has no target, or the measurement is of another action.
    """
    if criterion.cible is None:
        raise ValueError(f"action {criterion.action} : critère sans cible, verdict impossible")
    if measurement.action != criterion.action:
        raise ValueError(f"mesure de l'action {measurement.action} et critère de l'action "
                         f"{criterion.action}")
    sign = -1.0 if criterion.sens == "baisse" else 1.0
    before, after, target = measurement.avant, measurement.apres, criterion.cible
    u = criterion.unite
    gap = (target - before) * sign
    progress = (after - before) * sign / gap if gap > 0 else (1.0 if (after - target) * sign >= 0
                                                             else 0.0)
    moved = f"{fmt_value(before, u)} → {fmt_value(after, u)}"
    wanted = "≤" if sign < 0 else "≥"
    if (after - target) * sign >= 0:
        return Verdict("efficace", f"cible atteinte : {moved}, objectif {wanted} "
                       f"{fmt_value(target, u)}", progress)
    if (after - before) * sign > 0:
        return Verdict("partiellement efficace", f"amélioration sans atteindre la cible : {moved}, "
                       f"objectif {wanted} {fmt_value(target, u)}", progress)
    change = "aucune amélioration" if after == before else "dégradation"
    return Verdict("non efficace", f"{change} : {moved}, objectif {wanted} "
                   f"{fmt_value(target, u)}", progress)


@dataclass(frozen=True)
class EffectivenessResult:
    """A criterion, its measurement and the verdict (None when it cannot be judged)."""

    criterion: EffectivenessCriterion
    measurement: Measurement | None
    verdict: Verdict | None


def evaluate(criteria: Sequence[EffectivenessCriterion],
             measurements: Sequence[Measurement]) -> list[EffectivenessResult]:
    """Pair each criterion with the measurement of its action and judge it, in criteria order.

    A criterion without target or without measurement gets no verdict.
    """
    by_action = {m.action: m for m in measurements}
    out = []
    for c in criteria:
        m = by_action.get(c.action)
        out.append(EffectivenessResult(c, m, verdict(c, m) if m and c.cible is not None else None))
    return out


def check_criteria(criteria: Sequence[EffectivenessCriterion]) -> list[Issue]:
    """The checks of effectiveness criteria: is each one measurable?

    Errors: missing indicator, unit, target or period; a target on the wrong side of the
    baseline (a « baisse » target above it). Warnings: missing baseline, several criteria on the
    same indicator of an action.
    """
    if not criteria:
        return [Issue(level="erreur", message="Aucun critère d'efficacité défini.")]
    issues: list[Issue] = []
    seen: set[tuple[str, str]] = set()
    for c in criteria:
        where = f"Action {c.action}" + (f" (« {c.indicateur} »)" if c.indicateur else "")
        missing = [name for name, ok in (("indicateur", c.indicateur), ("unité", c.unite),
                                         ("cible", c.cible is not None), ("période", c.periode))
                   if not ok]
        if missing:
            issues.append(Issue(level="erreur", message=f"{where} : critère non mesurable, "
                                f"{', '.join(missing)} manquant(s)."))
        if c.reference is None:
            issues.append(Issue(level="attention", message=f"{where} : valeur initiale manquante "
                                "— sans elle, le progrès ne peut pas être mesuré."))
        elif c.cible is not None:
            wrong = c.cible >= c.reference if c.sens == "baisse" else c.cible <= c.reference
            if wrong:
                side = "inférieure" if c.sens == "baisse" else "supérieure"
                issues.append(Issue(level="erreur", message=(
                    f"{where} : cible {fmt_value(c.cible, c.unite)} du mauvais côté de la valeur "
                    f"initiale {fmt_value(c.reference, c.unite)} — pour une {c.sens} attendue, "
                    f"la cible doit lui être {side}.")))
        key = (c.action, c.indicateur.casefold())
        if c.indicateur and key in seen:
            issues.append(Issue(level="attention", message=f"{where} : critère en double."))
        seen.add(key)
    return issues
