"""Grading without notebooks (run by hand): ``python benchmarks/bench_inprocess.py --n 1000``.

Builds N synthetic submissions of the ``probleme`` exercise as ``bench_batch.py`` does, grades them
with ``grade_in_process`` and prints the submissions per second (whole run: grades, gradebook,
report, feedback pages; and the grading of the copies alone), then the seconds per notebook of the
normal batch (``grade_cohort``) on a few copies, and the ratio between the two.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from bench_batch import EXERCISE, make_submissions, qsecase_batch, quiet_kernels

from qsecase.batch.inprocess import grade_in_process
from qsecase.corpus import load_case
from qsecase.resources import cases_dir, demo_dir, notebook_path


def in_process(case_dir: Path, submissions: Path, out: Path, n: int) -> tuple[float, float, int]:
    """(whole run, copies alone) in submissions per second, and the number of copies not graded."""
    start = time.perf_counter()
    results = grade_in_process(case_dir, submissions, out, force=True, progress=False)
    elapsed = time.perf_counter() - start
    grading = sum(r.seconds for r in results) or elapsed
    return n / elapsed, n / grading, n - sum(r.ok for r in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="copies corrigées sans carnet")
    parser.add_argument("--notebooks", type=int, default=4, help="copies corrigées par carnet")
    parser.add_argument("--jobs", type=int, default=None, help="processus du lot par carnets")
    parser.add_argument("--case", type=Path, default=None, help="cas (défaut : cases/mecaprec)")
    args = parser.parse_args()
    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    case_dir = (args.case or cases_dir() / "mecaprec").resolve()
    sample = demo_dir() / "submissions" / "alice.martin" / f"{EXERCISE}.yaml"
    case = load_case(case_dir)
    jobs = args.jobs or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="qsecase-bench-") as tmp:
        root = Path(tmp)
        make_submissions(sample, case.id, root / "copies", args.n)
        whole, alone, lost = in_process(case_dir, root / "copies", root / "direct", args.n)
        print(f"sans carnet, {args.n} copies : {whole:8.1f} copies/s (tout compris) ; "
              f"{alone:8.1f} copies/s (notes seules)")
        make_submissions(sample, case.id, root / "few", args.notebooks)
        with quiet_kernels():
            per_notebook, lost_nb = qsecase_batch(notebook_path(EXERCISE), case_dir, root / "few",
                                                  root / "carnets", args.notebooks, jobs)
        print(f"par carnets, {args.notebooks} copies, {jobs} processus : {per_notebook:6.2f} s/copie "
              f"({1 / per_notebook:6.2f} copies/s)")
    print(f"rapport sans carnet / par carnets : {whole * per_notebook:8.0f}×")
    print(f"copies perdues : {lost} (sans carnet), {lost_nb} (par carnets) — attendu 0 ; "
          f"{os.cpu_count()} CPU")
    return 1 if lost or lost_nb else 0


if __name__ == "__main__":
    sys.exit(main())
