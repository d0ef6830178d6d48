"""Planning benchmark (run by hand): ``python benchmarks/bench_planning.py --n 600``.

Builds a synthetic improvement plan of N tasks (deterministic random DAG: each task follows up to
three of the thirty tasks before it, a milestone every fifteen tasks, statuses as at a progress
review) and prints, for N and for a baseline of 60 tasks run in the same process, the best time of
each step: the critical path method (``schedule``), ``critical_paths``, the Gantt chart and the PERT
network (figure, then PNG), and the Excel workbook. Target: the computation, the figures and the
workbook within a few seconds for 600 tasks (rendering 600 boxes to PNG takes longer).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from typing import Any

from qsecase.methods.planning import Task, critical_paths, schedule
from qsecase.methods.raci import RaciLine
from qsecase.methods.tracking import alerts, progress
from qsecase.views.planning_gantt import gantt
from qsecase.views.planning_pert import pert
from qsecase.views.planning_workbook import planning_workbook
from qsecase.views.render import figure_to_png

START = dt.date(2026, 1, 5)
HOLIDAYS = [dt.date(2026, 4, 6), dt.date(2026, 5, 1), dt.date(2026, 5, 8), dt.date(2026, 5, 14),
            dt.date(2026, 5, 25), dt.date(2026, 7, 14), dt.date(2026, 8, 15), dt.date(2026, 11, 11),
            dt.date(2026, 12, 25), dt.date(2027, 1, 1)]
VERBS = ["Rédiger", "Valider", "Former", "Auditer", "Mesurer", "Installer", "Afficher", "Consulter",
         "Tester", "Mettre à jour"]
OBJECTS = ["la procédure de consignation", "le plan de prévention", "les chefs d'équipe", "le poste de "
           "meulage", "le bruit de l'atelier", "les capteurs de niveau", "les fiches réflexes", "le CSE",
           "le tri des déchets dangereux", "le document unique"]
ACTORS = ["Direction", "Responsable QSE", "Chef d'atelier", "Maintenance", "CSE", "RH"]


def build_tasks(n: int, rng: random.Random) -> list[Task]:
    tasks = []
    for i in range(n):
        window = list(range(max(0, i - 30), i))
        preds = [f"T{j + 1}" for j in rng.sample(window, min(len(window), rng.choice([0, 1, 1, 2, 2, 3])))]
        milestone = i % 15 == 14
        statut = rng.choices(["fait", "en cours", "à faire"], weights=[3, 2, 5])[0]
        tasks.append(Task(id=f"T{i + 1}", nom=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
                          duree=0 if milestone else rng.randint(1, 15), predecesseurs=preds,
                          jalon=milestone, statut=statut, ressources=rng.choice(ACTORS),
                          avancement={"fait": 100, "en cours": rng.randint(5, 95)}.get(statut, 0)))
    return tasks


def build_raci(tasks: list[Task], rng: random.Random) -> list[RaciLine]:
    lines = []
    for t in tasks:
        a, r, *others = rng.sample(ACTORS, 4)
        lines.append(RaciLine(tache=t.id, roles={a: "A", r: "R", others[0]: "C", others[1]: "I"}))
    return lines


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(n: int, repeat: int, seed: int) -> tuple[dict[str, float], str]:
    rng = random.Random(seed)
    tasks = build_tasks(n, rng)
    raci = build_raci(tasks, rng)
    rows = schedule(tasks, START, HOLIDAYS)
    paths = critical_paths(rows)
    today = sorted(s.debut for s in rows)[len(rows) // 2]  # half the tasks have started
    done, found = progress(rows), alerts(rows, today)
    steps: dict[str, Callable[[], Any]] = {
        "schedule (CPM)": lambda: schedule(tasks, START, HOLIDAYS),
        "critical_paths": lambda: critical_paths(rows),
        "gantt (figure)": lambda: gantt(rows, today=today),
        "gantt + PNG (50 dpi)": lambda: figure_to_png(gantt(rows, today=today), dpi=50),
        "pert (figure)": lambda: pert(rows),
        "pert + PNG (20 dpi)": lambda: figure_to_png(pert(rows), dpi=20),
        "planning_workbook (xlsx)": lambda: planning_workbook("Plan synthétique", rows, raci, done, found,
                                                              today),
    }
    times = {name: best(fn, repeat) for name, fn in steps.items()}
    end = max(s.fin for s in rows)
    shape = (f"{n} tâches : {max(s.ef for s in rows)} jours ouvrés ({START:%d/%m/%Y} → {end:%d/%m/%Y}), "
             f"{sum(s.critical for s in rows)} critiques, {len(paths)} chemin(s) critique(s), "
             f"{len(found)} alertes au {today:%d/%m/%Y}")
    return times, shape


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=600, help="nombre de tâches (défaut : 600)")
    parser.add_argument("--base", type=int, default=60, help="référence (défaut : 60 tâches)")
    parser.add_argument("--repeat", type=int, default=3, help="essais par étape, le meilleur compte")
    parser.add_argument("--seed", type=int, default=2026, help="graine du tirage (reproductible)")
    args = parser.parse_args()
    measure(args.base, 1, args.seed)  # warm-up: imports, fonts, caches
    base, base_shape = measure(args.base, args.repeat, args.seed)
    full, full_shape = measure(args.n, args.repeat, args.seed)
    print(base_shape)
    print(full_shape)
    width = max(len(k) for k in full)
    print(f"{'étape':<{width}}  {args.base:>5} tâches  {args.n:>5} tâches  rapport")
    for name, seconds in full.items():
        print(f"{name:<{width}}  {base[name]:10.3f} s  {seconds:10.3f} s  {seconds / base[name]:6.1f}×")
    total = sum(full.values())
    print(f"{'total':<{width}}  {sum(base.values()):10.3f} s  {total:10.3f} s  "
          f"{total / sum(base.values()):6.1f}×")
    built = sum(seconds for name, seconds in full.items() if "PNG" not in name)
    print(f"cible : calcul, figures et classeur en quelques secondes pour {args.n} tâches (hors rendu PNG) — "
          f"{'atteinte' if built < 5 else 'NON atteinte'} ({built:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
