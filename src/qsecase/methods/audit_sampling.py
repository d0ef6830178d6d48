"""Drawing and describing an audit sample (ISO 19011:2018, annex A.6). Pure.

Statistical methods (« aléatoire », « systématique », « stratifié ») are drawn here, reproducibly:
the same population (in the same order), size, method and seed always give the same sample. The
judgement-based method (« raisonné ») is the auditor's own choice and is never drawn.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["NO_STRATUM", "SampleCoverage", "StratumCount", "draw_sample", "sample_coverage"]

NO_STRATUM = "(sans strate)"
"""Stratum label of a population element that has no stratum value (in :func:`sample_coverage`)."""


@dataclass(frozen=True)
class StratumCount:
    """How many elements of one stratum are in the population and in the sample."""

    population: int
    sample: int

    @property
    def share(self) -> float:
        """Sample / population of the stratum (0.0 for an empty stratum)."""
        return self.sample / self.population if self.population else 0.0


@dataclass(frozen=True)
class SampleCoverage:
    """What a sample covers of its population.

    Attributes:
        population: Number of distinct elements of the population.
        sample: Number of distinct sample elements found in the population.
        share: ``sample / population`` (0.0 for an empty population).
        strata: Stratum value → counts, in the order the strata first appear in the population
            (empty without strata); elements without a stratum fall under :data:`NO_STRATUM`.
        unknown: Sample elements absent from the population, in the order given.
        duplicates: Sample elements listed more than once, in the order given.
    """

    population: int
    sample: int
    share: float
    strata: dict[str, StratumCount] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    def drawn_total(self) -> dict[str, tuple[int, int]]:
        """Stratum → (elements drawn, population size), the form the sample tables display."""
        return {name: (count.sample, count.population) for name, count in self.strata.items()}


def _check_population(ids: Sequence[str], size: int) -> None:
    seen: set[str] = set()
    twice: dict[str, None] = {}
    for i in ids:
        if i in seen:
            twice[i] = None
        seen.add(i)
    if twice:
        raise ValueError(f"identifiant en double dans la population : {', '.join(twice)}")
    if size < 0:
        raise ValueError(f"taille d'échantillon négative ({size})")
    if size > len(ids):
        raise ValueError(f"taille d'échantillon ({size}) supérieure à la population ({len(ids)} "
                         "éléments) : examinez toute la population ou réduisez la taille")


def _allocate(counts: Sequence[int], size: int) -> list[int]:
    """Proportional allocation of ``size`` over strata of ``counts`` elements (largest remainders),
    with at least one element per stratum when ``size`` allows it."""
    total = sum(counts)
    minimum = 1 if size >= len(counts) else 0
    alloc = [min(n, max(minimum, size * n // total)) for n in counts]

    def gap(h: int) -> int:  # (ideal − allocated) × total, in integers
        return size * counts[h] - alloc[h] * total

    strata = range(len(counts))
    while sum(alloc) < size:
        h = max((h for h in strata if alloc[h] < counts[h]), key=lambda h: (gap(h), -h))
        alloc[h] += 1
    while sum(alloc) > size:
        h = min((h for h in strata if alloc[h] > minimum), key=lambda h: (gap(h), -h))
        alloc[h] -= 1
    return alloc


def draw_sample(ids: Sequence[str], size: int, *, method: str = "aléatoire", seed: int | None = None,
                strata: Mapping[str, str] | None = None) -> list[str]:
    """Draw ``size`` elements of the population ``ids``, reproducibly.

    Args:
        ids: The population, in its given order (the order matters for reproducibility).
        size: Number of elements to draw (0 to ``len(ids)``).
        method: « aléatoire » (simple random), « systématique » (one element every
            ``k = len(ids) // size`` from a random start below ``k``) or « stratifié »
            (proportional allocation across the values of ``strata``, largest remainders, at least
            one element per stratum when ``size`` is at least the number of strata, then a simple
            random draw within each stratum, strata taken in order of first appearance).
        seed: Seed of :class:`random.Random`; ``None`` draws differently each time.
        strata: Element → stratum value; required by « stratifié », ignored otherwise.

    Returns:
        The drawn elements, in population order.

    Raises:
        ValueError: (French message) for « raisonné » (the auditor chooses by hand), an unknown
            method, a size out of range, a duplicated element, or missing strata.
    """
    if method == "raisonné":
        raise ValueError("échantillonnage raisonné : les éléments ne sont pas tirés au sort, l'auditeur "
                         "les choisit selon son jugement et les risques (ISO 19011, A.6) ; saisissez-les "
                         "et justifiez ce choix")
    if method not in ("aléatoire", "systématique", "stratifié"):
        raise ValueError(f"méthode d'échantillonnage inconnue : « {method} » (attendu : aléatoire, "
                         "systématique, stratifié ou raisonné)")
    _check_population(ids, size)
    if size == 0:
        return []
    rng = random.Random(seed)
    population = list(ids)
    if method == "aléatoire":
        chosen = set(rng.sample(population, size))
    elif method == "systématique":
        step = len(population) // size
        start = rng.randrange(step)
        chosen = {population[start + j * step] for j in range(size)}
    else:
        if strata is None:
            raise ValueError("échantillonnage stratifié : indiquez la strate de chaque élément "
                             "(colonne de stratification)")
        missing = [i for i in population if i not in strata]
        if missing:
            raise ValueError("échantillonnage stratifié : éléments sans strate : "
                             + ", ".join(missing[:5]) + (" …" if len(missing) > 5 else ""))
        groups: dict[str, list[str]] = {}
        for i in population:
            groups.setdefault(strata[i], []).append(i)
        members = list(groups.values())
        chosen = set()
        for group, n in zip(members, _allocate([len(g) for g in members], size), strict=True):
            chosen.update(rng.sample(group, n))
    return [i for i in population if i in chosen]


def sample_coverage(ids: Sequence[str], elements: Sequence[str],
                    strata: Mapping[str, str] | None = None) -> SampleCoverage:
    """What the sample ``elements`` covers of the population ``ids`` (overall and per stratum)."""
    population = list(dict.fromkeys(ids))
    known = set(population)
    seen: set[str] = set()
    unknown: list[str] = []
    duplicates: list[str] = []
    for e in elements:
        if e in seen:
            if e not in duplicates:
                duplicates.append(e)
            continue
        seen.add(e)
        if e not in known:
            unknown.append(e)
    drawn = seen & known
    counts: dict[str, list[int]] = {}
    if strata is not None:
        for i in population:
            pair = counts.setdefault(strata.get(i) or NO_STRATUM, [0, 0])
            pair[0] += 1
            pair[1] += i in drawn
    return SampleCoverage(
        population=len(population), sample=len(drawn),
        share=len(drawn) / len(population) if population else 0.0,
        strata={name: StratumCount(p, s) for name, (p, s) in counts.items()},
        unknown=unknown, duplicates=duplicates)
