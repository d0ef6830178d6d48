"""LCA engine benchmark (run by hand): ``python benchmarks/bench_lca.py --n 5000``.

Builds a synthetic product system of N activities (deterministic random: 80 % foreground processes
with about five inputs each — three other processes, two background datasets —, diagonally
dominant, a few processes consuming part of their own product, cycles between processes; 20 %
background datasets with about five flows each), a method of 50 elementary flows and 5 impact
categories, and prints the best time of each step of the sparse engine — ``build``, the sparse LU
solve, the contributions, the whole ``compute`` — against a dense baseline of the same system run in
the same process (``numpy.linalg.solve`` on the dense A, then the same products, dense), and their
ratio. Twice: cycles of a few neighbouring processes (as in a real system), then cycles drawn at
random (one giant cycle, the worst case for a sparse LU). It also times the exercise-size path (30
activities) that a widget recomputes on every keystroke, and its sensitivity analysis. Target: well
under a second for several thousand activities; a few ms for 30.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from qsecase.methods.lca import (
    STAGES,
    Dataset,
    ElementaryFlow,
    Exchange,
    ImpactCategory,
    LcaMethod,
    Process,
    ProductSystem,
)
from qsecase.methods.lca_engine import _result, _solve, build, compute, sensitivity

N_FLOWS = 50
N_CATEGORIES = 5


def build_method(rng: random.Random) -> LcaMethod:
    flows = [ElementaryFlow(id=f"f{k}", libelle=f"flux {k}", compartiment="air", unite="kg")
             for k in range(N_FLOWS)]
    categories = [ImpactCategory(id=f"c{i}", libelle=f"catégorie {i}", unite="kg éq.",
                                 facteurs={f"f{k}": rng.uniform(0.1, 30)
                                           for k in rng.sample(range(N_FLOWS), 15)},
                                 normalisation=1000, ponderation=100 / N_CATEGORIES, source="synthétique")
                  for i in range(N_CATEGORIES)]
    return LcaMethod(id="synthetique", libelle="méthode synthétique", flux=flows, categories=categories,
                     source="synthétique")


def build_system(n: int, rng: random.Random,
                 loops: str = "locales") -> tuple[ProductSystem, dict[str, Dataset]]:
    """N activities: 0,8 N processes (P0 the reference, listed in random order) and 0,2 N datasets.

    Each process takes three providers among the processes, mostly downstream in the chain (5 % of
    them upstream: a cycle; 2 % of the processes also take part of their own product: a loop) and
    two datasets; amounts keep a column's inputs from other processes under its production
    (diagonally dominant). ``loops``: « locales », upstream within ten processes (cycles of a few
    processes, as in a real system); « aleatoires », anywhere upstream (one giant cycle: worst case).
    """
    n_data = max(2, n // 5)
    n_proc = n - n_data
    data = {f"d{i}": Dataset(id=f"d{i}", libelle=f"jeu {i}", unite=rng.choice(["kg", "kWh", "t.km"]),
                             flux={f"f{k}": rng.uniform(0.001, 5) for k in rng.sample(range(N_FLOWS), 5)},
                             matiere=rng.random() < 0.3, source="synthétique")
            for i in range(n_data)}
    stages = list(STAGES)
    processes = []
    for j in range(n_proc):
        providers = set()
        for _ in range(3):
            if rng.random() >= 0.05:
                providers.add(min(n_proc - 1, j + rng.randint(1, 50)))
            elif loops == "locales":
                providers.add(max(0, j - rng.randint(1, 10)))
            else:
                providers.add(rng.randrange(n_proc))
        if rng.random() < 0.02:
            providers.add(j)
        inputs = [Exchange(fournisseur=f"P{i}", quantite=rng.uniform(0.01, 0.25)) for i in sorted(providers)]
        inputs += [Exchange(fournisseur=f"d{rng.randrange(n_data)}", quantite=rng.uniform(0.1, 3))
                   for _ in range(2)]
        processes.append(Process(id=f"P{j}", etape=rng.choice(stages), intrants=inputs))
    rng.shuffle(processes)
    system = ProductSystem(unite_fonctionnelle="synthétique", flux_reference="1 p", processus_reference="P0",
                           processus=processes)
    return system, data


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def dense(a: Any, b: Any, c: Any, f: Any) -> None:
    """The dense baseline: the same solve and products on dense arrays."""
    a_dense, b_dense, c_dense = a.toarray(), b.toarray(), c.toarray()
    s = np.linalg.solve(a_dense, f)
    cb = c_dense @ b_dense
    contributions = cb * s  # C B diag(s)
    assert np.allclose(contributions.sum(axis=1), c_dense @ (b_dense @ s))


def measure(n: int, repeat: int, seed: int, loops: str = "locales") -> tuple[dict[str, float], float]:
    rng = random.Random(seed)
    method = build_method(rng)
    system, data = build_system(n, rng, loops)
    m = build(system, data, method)
    s = _solve(m.technosphere, m.demand, m.activities, m.foreground)
    steps: dict[str, Callable[[], Any]] = {
        "build (matrices A, B, C)": lambda: build(system, data, method),
        "solve (LU creuse)": lambda: _solve(m.technosphere, m.demand, m.activities, m.foreground),
        "contributions": lambda: _result(m, s, system, method),
        "compute (tout)": lambda: compute(system, data, method),
    }
    times = {name: best(fn, repeat) for name, fn in steps.items()}
    dense_time = best(lambda: dense(m.technosphere, m.biosphere, m.characterisation, m.demand), repeat)
    result = compute(system, data, method)
    s_dense = np.linalg.solve(m.technosphere.toarray(), m.demand)
    if not np.allclose([result.supply[a] for a in m.activities], s_dense, rtol=1e-8, atol=1e-12):
        print("  ✖ le calcul creux et le calcul dense divergent", file=sys.stderr)
    return times, dense_time


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="nombre d'activités (défaut : 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="essais par étape, le meilleur compte")
    parser.add_argument("--seed", type=int, default=2026, help="graine du tirage (reproductible)")
    args = parser.parse_args()
    measure(30, 1, args.seed)  # warm-up: imports (numpy, scipy), caches

    small, small_dense = measure(30, max(args.repeat, 20), args.seed)
    rng = random.Random(args.seed)
    method = build_method(rng)
    system, data = build_system(30, rng)
    sens = best(lambda: sensitivity(system, data, method), max(args.repeat, 5))
    n_params = sum(len({x.fournisseur for x in p.intrants}) for p in system.processus)
    print("Taille de l'exercice (30 activités), à chaque frappe :")
    for name, seconds in small.items():
        print(f"  {name:<38} {1000 * seconds:8.2f} ms")
    print(f"  {'dense (numpy.linalg.solve)':<38} {1000 * small_dense:8.2f} ms")
    print(f"  {f'sensibilité ({n_params} paramètres)':<38} {1000 * sens:8.2f} ms")

    totals = {}
    for loops in ("locales", "aleatoires"):
        full, full_dense = measure(args.n, args.repeat, args.seed, loops)
        total = totals[loops] = full["compute (tout)"]
        print(f"\n{args.n} activités (≈ 5 intrants chacune), {N_FLOWS} flux, {N_CATEGORIES} catégories, "
              f"boucles {loops} :")
        for name, seconds in full.items():
            print(f"  {name:<38} {seconds:8.3f} s")
        print(f"  {'référence dense (numpy.linalg.solve)':<38} {full_dense:8.3f} s")
        print(f"  {'rapport dense / creux':<38} {full_dense / total:8.1f}×")
    worst = max(totals.values())
    print(f"\ncible : bien moins d'une seconde pour {args.n} activités — "
          f"{'atteinte' if worst < 1 else 'NON atteinte'} (pire cas {worst:.3f} s) ; quelques ms pour 30 "
          f"— {'atteinte' if small['compute (tout)'] < 0.01 else 'NON atteinte'} "
          f"({1000 * small['compute (tout)']:.2f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
