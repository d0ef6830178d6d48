"""Grading without notebooks (run by hand): ``python benchmarks/bench_inprocess.py --n 1000``.

Builds N synthetic submissions of one exercise (``probleme`` by default) from the demo cohort's
``alice.martin`` copy, as ``bench_batch.py`` does, grades them with ``grade_in_process`` and prints
the submissions per second: whole run (grades, gradebook, report, feedback pages), the grading of
the copies alone (each answers file read, validated and graded once, grade and state written),
and its reading and validation part alone; then the seconds per notebook of the normal batch
(``grade_cohort``, warm kernels) on a few copies, and the ratio between the two.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from bench_batch import quiet_kernels

from qsecase.batch.discover import Job
from qsecase.batch.inprocess import grade_in_process
from qsecase.batch.orchestrate import grade_cohort
from qsecase.batch.runner import check_answers
from qsecase.corpus import load_case
from qsecase.resources import cases_dir, demo_dir


def make_copies(sample: Path, exercise: str, folder: Path, n: int) -> list[Job]:
    """N copies of ``sample``, each for its own trainee (``bench-0000``…)."""
    text = sample.read_text(encoding="utf-8")
    jobs = []
    for i in range(n):
        trainee = f"bench-{i:04d}"
        path = folder / trainee / f"{exercise}.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(re.sub(r"^trainee: .*$", f"trainee: {trainee}", text, count=1,
                               flags=re.MULTILINE), encoding="utf-8")
        jobs.append(Job(trainee, exercise, path))
    return jobs


def in_process(case_dir: Path, submissions: Path, out: Path, n: int) -> tuple[float, float, int]:
    """(whole run, copies alone) in submissions per second, and the number of copies not graded."""
    start = time.perf_counter()
    results = grade_in_process(case_dir, submissions, out, force=True, progress=False)
    elapsed = time.perf_counter() - start
    grading = sum(r.seconds for r in results) or elapsed
    return n / elapsed, n / grading, n - sum(r.ok for r in results)


def reading(jobs: list[Job], case_id: str) -> float:
    """Submissions per second of reading and validating the answers files alone."""
    start = time.perf_counter()
    for job in jobs:
        check_answers(job, case_id)
    return len(jobs) / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="copies corrigées sans carnet")
    parser.add_argument("--notebooks", type=int, default=4, help="copies corrigées par carnet")
    parser.add_argument("--jobs", type=int, default=None, help="processus du lot par carnets")
    parser.add_argument("--case", type=Path, default=None, help="cas (défaut : cases/mecaprec)")
    parser.add_argument("--exercise", default="probleme", help="exercice (défaut : probleme)")
    args = parser.parse_args()
    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    case_dir = (args.case or cases_dir() / "mecaprec").resolve()
    sample = demo_dir() / "submissions" / "alice.martin" / f"{args.exercise}.yaml"
    if not sample.is_file():
        print(f"benchmark ignoré : copie modèle absente ({sample.name})")
        return 0
    case = load_case(case_dir)
    jobs = args.jobs or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="qsecase-bench-") as tmp:
        root = Path(tmp)
        copies = make_copies(sample, args.exercise, root / "copies", args.n)
        whole, alone, lost = in_process(case_dir, root / "copies", root / "direct", args.n)
        read = reading(copies, case.id)
        print(f"sans carnet, {args.n} copies « {args.exercise} » : {whole:8.1f} copies/s (tout "
              f"compris) ; {alone:8.1f} copies/s (notes seules) ; lecture et validation seules : "
              f"{read:8.1f} copies/s")
        make_copies(sample, args.exercise, root / "few", args.notebooks)
        with quiet_kernels():
            start = time.perf_counter()
            results = grade_cohort(case_dir, root / "few", root / "carnets", jobs=jobs,
                                   force=True, progress=False)
            per_notebook = (time.perf_counter() - start) / args.notebooks
        lost_nb = args.notebooks - sum(r.ok for r in results)
        print(f"par carnets, {args.notebooks} copies, {jobs} processus : {per_notebook:6.2f} s/copie "
              f"({1 / per_notebook:6.2f} copies/s)")
    print(f"rapport sans carnet / par carnets : {whole * per_notebook:8.0f}×")
    print(f"copies perdues : {lost} (sans carnet), {lost_nb} (par carnets) — attendu 0 ; "
          f"{os.cpu_count()} CPU")
    return 1 if lost or lost_nb else 0


if __name__ == "__main__":
    sys.exit(main())
