"""Cohort benchmark (run by hand): ``python benchmarks/bench_cohort.py --trainees 30``.

Builds a synthetic cohort: N trainees × every registered exercise whose case, answer key, notebook
and demo copy exist, for each bundled case that offers the exercise; each copy is the demo copy of
the trainee who scores best on that exercise (``demo/submissions/<trainee>/<exercise>.yaml``), its
trainee id rewritten. Then prints, from the same run, the seconds per graded notebook (HTML page
included) of:

(a) a bare kernel executing an empty notebook through Papermill, one after the other (the floor);
(b) plain sequential Papermill on the same notebooks, a new kernel each, plus nbconvert's HTML
    export without the code (what one would do by hand);
(c) ``grade_cohort`` with warm kernels, 1 worker;
(d) ``grade_cohort`` with warm kernels, 2 workers (``--jobs``);
(e) with ``--cold``: ``grade_cohort`` with a new kernel per notebook, 2 workers;

and the ratios: speed-up d vs c (target ≥ 1.7 on 2 cores), b/d (target ≥ 4), d/a. CPU seconds per
notebook (this process and every process waited for under it: workers, kernels) are printed beside
the wall-clock ones: they depend little on what else the machine runs. ``--sample K`` runs (a) and
(b) on K notebooks per (case, exercise) only, for a quicker estimate.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench_batch import quiet_kernels

from qsecase.batch.orchestrate import grade_cohort
from qsecase.resources import cases_dir, demo_dir


@dataclass
class CaseCohort:
    """The synthetic copies of one case: ``folder/<trainee>/<exercise>.yaml``."""

    case_dir: Path
    folder: Path
    exercises: list[str] = field(default_factory=list)
    copies: list[tuple[str, str, Path]] = field(default_factory=list)
    """(trainee, exercise, answers file)."""


@dataclass
class Measure:
    wall: float
    cpu: float
    notebooks: int

    def per_notebook(self) -> tuple[float, float]:
        return self.wall / max(1, self.notebooks), self.cpu / max(1, self.notebooks)


def cpu_seconds() -> float:
    """CPU time of this process and of the processes waited for under it: Papermill's kernels,
    and the batch's workers with their kernels (children of the ``forkserver`` process, which
    waits for them: its counters are read from ``/proc``)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system + forkserver_seconds()


def forkserver_seconds() -> float:
    """CPU time of multiprocessing's forkserver and of the workers it waited for (Linux)."""
    from multiprocessing import forkserver

    pid = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime … cstime


def measure(run: Callable[[], int]) -> Measure:
    """Run ``run`` (which returns the number of notebooks it graded) and time it."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    notebooks = run()
    return Measure(time.perf_counter() - wall, cpu_seconds() - cpu, notebooks)


# --- the synthetic cohort -------------------------------------------------------------------------


def best_samples(case_dir: Path, work: Path) -> dict[str, Path]:
    """For each exercise of the case, the demo copy with the best mark (graded in process)."""
    from qsecase.batch.inprocess import grade_submissions
    from qsecase.corpus import load_case

    case = load_case(case_dir)
    results = grade_submissions(case_dir, demo_dir() / "submissions", work / f"demo-{case.id}",
                                case=case, force=True, progress=False)
    best: dict[str, tuple[float, str]] = {}
    for result in results:
        if result.ok and result.grade is not None:
            score = (result.grade.note_20, result.trainee)
            best[result.exercise] = max(best.get(result.exercise, score), score)
    return {exercise: demo_dir() / "submissions" / trainee / f"{exercise}.yaml"
            for exercise, (_, trainee) in best.items()}


def build_cohorts(trainees: int, work: Path) -> list[CaseCohort]:
    """One synthetic cohort per bundled case that loads and offers a runnable exercise."""
    from qsecase.corpus import key_path, load_case
    from qsecase.errors import QsecaseError
    from qsecase.exercises.registry import REGISTRY
    from qsecase.resources import notebook_path

    cohorts = []
    for case_dir in sorted(p for p in cases_dir().iterdir() if (p / "case.yaml").is_file()):
        try:
            case = load_case(case_dir)
        except QsecaseError as exc:
            print(f"cas ignoré : {case_dir.name} ({str(exc).splitlines()[0]})")
            continue
        samples = best_samples(case_dir, work)
        cohort = CaseCohort(case_dir, work / "copies" / case.id)
        for exercise in case.spec.exercices:
            try:
                notebook = notebook_path(exercise)
            except (FileNotFoundError, QsecaseError):
                notebook = None
            missing = ("exercice non enregistré" if exercise not in REGISTRY else
                       "carnet absent" if notebook is None or not notebook.is_file() else
                       "corrigé absent" if not Path(key_path(case_dir, exercise)).is_file() else
                       "pas de copie de démonstration notée" if exercise not in samples else "")
            if missing:
                print(f"exercice ignoré : {case.id}/{exercise} ({missing})")
                continue
            cohort.exercises.append(exercise)
            text = samples[exercise].read_text(encoding="utf-8")
            for i in range(trainees):
                trainee = f"bench-{i:03d}"
                path = cohort.folder / trainee / f"{exercise}.yaml"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(re.sub(r"^trainee: .*$", f"trainee: {trainee}", text, count=1,
                                       flags=re.MULTILINE), encoding="utf-8")
                cohort.copies.append((trainee, exercise, path))
        if cohort.copies:
            cohorts.append(cohort)
    return cohorts


# --- the runs -------------------------------------------------------------------------------------


def bare_floor(folder: Path, n: int) -> int:
    """(a) ``n`` empty notebooks through Papermill, one after the other."""
    import nbformat
    import papermill

    empty = nbformat.v4.new_notebook()
    empty.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}
    source = folder / "empty.ipynb"
    nbformat.write(empty, str(source))
    for i in range(n):
        papermill.execute_notebook(str(source), str(folder / f"empty-{i}.ipynb"),
                                   kernel_name="python3", progress_bar=False)
    return n


def plain_papermill(cohorts: list[CaseCohort], folder: Path, sample: int | None) -> int:
    """(b) Plain sequential Papermill, a new kernel per notebook, then nbconvert's HTML export."""
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    from qsecase.corpus import key_path
    from qsecase.resources import notebook_path

    exporter = HTMLExporter(template_name="lab", exclude_input=True)
    done = 0
    for cohort in cohorts:
        taken: dict[str, int] = {}
        for trainee, exercise, answers in cohort.copies:
            if sample is not None and taken.get(exercise, 0) >= sample:
                continue
            taken[exercise] = taken.get(exercise, 0) + 1
            out = folder / cohort.case_dir.name / trainee
            out.mkdir(parents=True, exist_ok=True)
            executed = out / f"{exercise}.ipynb"
            papermill.execute_notebook(
                str(notebook_path(exercise)), str(executed), kernel_name="python3",
                progress_bar=False, cwd=str(out),
                parameters={"case_dir": str(cohort.case_dir), "answers_path": str(answers),
                            "key_path": str(key_path(cohort.case_dir, exercise)),
                            "output_dir": str(out), "mode": "correction", "lang": "fr",
                            "reveal_key": False})
            body, _ = exporter.from_notebook_node(nbformat.read(str(executed), as_version=4))
            (out / f"{exercise}.html").write_text(body, encoding="utf-8")
            done += 1
    return done


def qsecase_batch(cohorts: list[CaseCohort], out: Path, *, jobs: int, warm: bool,
                  lost: list[str]) -> int:
    """(c–e) ``grade_cohort`` on every case; the copies not graded are added to ``lost``."""
    graded = 0
    for cohort in cohorts:
        results = grade_cohort(cohort.case_dir, cohort.folder, out / cohort.case_dir.name,
                               jobs=jobs, force=True, progress=False, warm=warm)
        for result in results:
            if result.ok:
                graded += 1
            else:
                lost.append(f"{cohort.case_dir.name}/{result.trainee}/{result.exercise} : "
                            f"{result.error}")
    return graded


def line(label: str, m: Measure) -> str:
    wall, cpu = m.per_notebook()
    return f"{label:<44} {wall:6.2f} s/carnet  (CPU {cpu:5.2f} s)  [{m.notebooks} carnets]"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=30, help="stagiaires synthétiques")
    parser.add_argument("--jobs", type=int, default=2, help="processus du lot parallèle")
    parser.add_argument("--sample", type=int, default=None,
                        help="(a) et (b) sur K carnets par exercice seulement")
    parser.add_argument("--cold", action="store_true", help="mesurer aussi --cold-kernels")
    args = parser.parse_args()
    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    print(f"{os.cpu_count()} CPU ; charge moyenne au départ : "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="qsecase-bench-") as tmp:
        root = Path(tmp)
        cohorts = build_cohorts(args.trainees, root)
        total = sum(len(c.copies) for c in cohorts)
        if not total:
            print("benchmark ignoré : aucun exercice n'a de cas, de carnet et de copie")
            return 0
        print(f"cohorte : {args.trainees} stagiaires × "
              + ", ".join(f"{c.case_dir.name} ({', '.join(c.exercises)})" for c in cohorts)
              + f" = {total} copies")
        plain_n = total if args.sample is None else sum(
            min(args.sample, args.trainees) * len(c.exercises) for c in cohorts)
        (root / "a").mkdir()
        with quiet_kernels():
            bare = measure(lambda: bare_floor(root / "a", plain_n))
        print(line("(a) noyau nu, carnet vide", bare))
        with quiet_kernels():
            plain = measure(lambda: plain_papermill(cohorts, root / "b", args.sample))
        print(line("(b) papermill séquentiel + nbconvert HTML", plain))
        lost: list[str] = []
        one = measure(lambda: qsecase_batch(cohorts, root / "c", jobs=1, warm=True, lost=lost))
        print(line("(c) qsecase, noyaux chauds, 1 processus", one))
        many = measure(lambda: qsecase_batch(cohorts, root / "d", jobs=args.jobs, warm=True,
                                             lost=lost))
        print(line(f"(d) qsecase, noyaux chauds, {args.jobs} processus", many))
        cold = None
        if args.cold:
            cold = measure(lambda: qsecase_batch(cohorts, root / "e", jobs=args.jobs,
                                                 warm=False, lost=lost))
            print(line(f"(e) qsecase, noyaux neufs, {args.jobs} processus", cold))
    d = many.per_notebook()[0]
    print(f"accélération c/d ({args.jobs} processus contre 1) : {one.per_notebook()[0] / d:5.2f}×"
          "  (cible ≥ 1,7×)")
    print(f"papermill séquentiel / qsecase (b/d)        : {plain.per_notebook()[0] / d:5.2f}×"
          "  (cible ≥ 4×)")
    print(f"qsecase / noyau nu (d/a)                    : {d / bare.per_notebook()[0]:5.2f}×")
    if cold is not None:
        print(f"noyaux neufs / noyaux chauds (e/d)          : {cold.per_notebook()[0] / d:5.2f}×")
    print(f"charge moyenne à la fin : {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for problem in lost:
        print(f"  non corrigée : {problem}", file=sys.stderr)
    print(f"copies perdues : {len(lost)} — attendu 0")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
