"""Eco-design scenarios of an LCA: a scenario applied to a copy of the product system, compared with
the baseline category by category, and the burden shifts it causes (« transferts de pollution »,
ISO 14044 interpretation); normalisation and single score (optional, value-laden). Pure.
"""

from __future__ import annotations

import math

from qsecase.errors import LcaError
from qsecase.methods.lca import (
    STAGES,
    DirectFlow,
    Exchange,
    Gain,
    LcaMethod,
    LcaResult,
    ProductSystem,
    Scenario,
    Shift,
)
from qsecase.methods.lca_engine import suggestion
from qsecase.methods.text import fr_decimal, fr_percent

__all__ = ["SHIFT_FLOOR", "apply_scenario", "burden_shifts", "compare", "normalise", "single_score"]

SHIFT_FLOOR = 0.001
"""A stage's growth below this share of the category total is noise, not a burden shift."""


def apply_scenario(system: ProductSystem, scenario: Scenario) -> ProductSystem:
    """A copy of ``system`` with each change of ``scenario`` applied, in order (``system`` unchanged).

    ``ajouter`` appends a new input (``fournisseur``, ``quantite``, ``unite``); ``retirer`` drops
    every input from ``fournisseur``. Otherwise (``modifier``) a change names a process and one of
    its current providers (after the changes before it): ``remplacer_par`` substitutes the
    provider, ``quantite`` (and ``unite``) sets the new amount.
    When the process has several inputs from that provider, a new amount replaces them all (it is
    given to the first, the others are dropped). A change may also name a direct flow of the
    process (new flow id in ``remplacer_par``, new amount in ``quantite``).

    Raises:
        LcaError: A process or an exchange that does not exist.
    """
    copy = system.model_copy(deep=True)
    processes = {p.id: p for p in copy.processus}
    where = f"scénario {scenario.id}"
    for change in scenario.modifications:
        p = processes.get(change.processus)
        if p is None:
            raise LcaError(f"{where} : processus « {change.processus} » absent du système"
                           f"{suggestion(change.processus, processes)}", processus=change.processus)
        name = change.fournisseur
        if change.action == "ajouter":
            if change.quantite is None:
                raise LcaError(f"{where} : indiquez la quantité de l'intrant « {name} » ajouté au "
                               f"processus {p.id}", processus=p.id, champ=name)
            p.intrants.append(Exchange(fournisseur=name, quantite=change.quantite, unite=change.unite))
            continue
        if change.action == "retirer":
            kept = [x for x in p.intrants if x.fournisseur != name]
            if len(kept) == len(p.intrants):
                raise LcaError(f"{where} : le processus {p.id} n'a pas d'intrant « {name} » à retirer"
                               f"{suggestion(name, [x.fournisseur for x in p.intrants])}",
                               processus=p.id, champ=name)
            p.intrants = kept
            continue
        matches: list[Exchange] | list[DirectFlow]
        if inputs := [x for x in p.intrants if x.fournisseur == name]:
            matches = inputs
            for x in inputs:
                if change.remplacer_par:
                    x.fournisseur = change.remplacer_par
        elif direct := [e for e in p.emissions if e.flux == name]:
            matches = direct
            for e in direct:
                if change.remplacer_par:
                    e.flux = change.remplacer_par
        else:
            known = [x.fournisseur for x in p.intrants] + [e.flux for e in p.emissions]
            raise LcaError(f"{where} : le processus {p.id} n'a pas d'intrant « {name} »"
                           f"{suggestion(name, known)}", processus=p.id, champ=name)
        if change.quantite is not None:
            first = matches[0]
            first.quantite = change.quantite
            if change.unite:
                first.unite = change.unite
            if isinstance(first, Exchange):
                p.intrants = [x for x in p.intrants if x is first or not any(x is y for y in matches)]
            else:
                p.emissions = [e for e in p.emissions if e is first or not any(e is y for y in matches)]
        elif change.unite:
            for item in matches:
                item.unite = change.unite
    return copy


def compare(baseline: LcaResult, variant: LcaResult) -> list[Gain]:
    """Each category of ``baseline`` against ``variant``: delta (negative: a gain) and relative change
    (delta / |baseline|; 0 when the baseline is 0 — read the delta then)."""
    out = []
    for c in baseline.categories:
        base, new = baseline.impacts.get(c, 0.0), variant.impacts.get(c, 0.0)
        delta = new - base
        out.append(Gain(c, base, new, delta, delta / abs(base) if base else 0.0))
    return out


def burden_shifts(baseline: LcaResult, variant: LcaResult, *, threshold: float = 0.05) -> list[Shift]:
    """The burden shifts of a scenario (ISO 14044 interpretation: « transferts de pollution »).

    Two kinds: ``categorie``, a category that worsens by more than ``threshold`` (relative) while
    another improves by more than ``threshold`` (a category with a zero baseline is not compared);
    ``etape``, within a category whose total does not worsen, a stage whose own contribution grows
    by more than ``threshold`` (relative) and by more than :data:`SHIFT_FLOOR` of the total (the gain
    elsewhere hides a new burden there; its weight in the total is for the trainee to judge).
    Messages are French, with a decimal comma.
    """
    gains = {g.category: g for g in compare(baseline, variant) if g.baseline}
    out: list[Shift] = []
    better = sorted((g for g in gains.values() if g.relative < -threshold), key=lambda g: g.relative)
    if better:
        best = better[0]
        for g in gains.values():
            if g.relative > threshold:
                unit = baseline.units.get(g.category, "")
                out.append(Shift("categorie", g.category, "", g.baseline, g.variant, g.relative,
                                 f"« {g.category} » passe de {fr_decimal(g.baseline)} à "
                                 f"{fr_decimal(g.variant)} {unit} "
                                 f"({fr_percent(g.relative)}) alors que « {best.category} » baisse de "
                                 f"{fr_percent(-best.relative, signed=False)}".replace("  ", " ")))
    for c in baseline.categories:
        total = baseline.impacts.get(c, 0.0)
        if not total or variant.impacts.get(c, 0.0) > total + 1e-12 * abs(total):
            continue
        unit = baseline.units.get(c, "")
        before, after = baseline.by_stage.get(c, {}), variant.by_stage.get(c, {})
        for stage in STAGES:
            b, v = before.get(stage, 0.0), after.get(stage, 0.0)
            if v - b > threshold * abs(b) and v - b > SHIFT_FLOOR * abs(total):
                relative = (v - b) / abs(b) if b else math.inf
                change = fr_percent(relative) if b else "nouvelle contribution"
                out.append(Shift("etape", c, stage, b, v, relative,
                                 f"l'étape {STAGES[stage]} passe de {fr_decimal(b)} à "
                                 f"{fr_decimal(v)} {unit} ({change}) en "
                                 f"« {c} », dont le total ne se dégrade pas".replace("  ", " ")))
    return out


def normalise(result: LcaResult, method: LcaMethod) -> dict[str, float]:
    """Category → result in person-equivalents (result / yearly impact of one inhabitant), for the
    categories that have a normalisation reference (ISO 14044: optional, value-laden)."""
    return {c.id: result.impacts[c.id] / c.normalisation for c in method.categories
            if c.normalisation and c.id in result.impacts}


def single_score(result: LcaResult, method: LcaMethod) -> float | None:
    """Σ normalised result × weight / 100 over the categories that have both a normalisation and a
    weight (EF weights in %), in weighted person-equivalents; None if no category has both."""
    normalised = normalise(result, method)
    weighted = [normalised[c.id] * c.ponderation / 100 for c in method.categories
                if c.id in normalised and c.ponderation is not None]
    return math.fsum(weighted) if weighted else None
