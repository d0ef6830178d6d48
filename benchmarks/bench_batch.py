"""Batch correction benchmark (run by hand): ``python benchmarks/bench_batch.py --n 8``.

Builds N synthetic submissions of the ``probleme`` exercise from the demo cohort's
``alice.martin/probleme.yaml`` and prints, from one run, the seconds per notebook of:
(a) a bare kernel executing an empty notebook through Papermill (the floor), (b) plain sequential
``papermill.execute_notebook`` of the exercise notebook, (c) ``grade_cohort`` with 1 worker,
(d) with 2 workers; then the ratios and the count of lost notebooks (must be 0).
Target: (c)/(d) ≥ 1.7 on a 2-core machine.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import yaml

from qsecase.batch.orchestrate import grade_cohort
from qsecase.corpus import key_path, load_case
from qsecase.io.yamlfile import dump_yaml
from qsecase.resources import cases_dir, demo_dir, notebook_path

EXERCISE = "probleme"


def make_submissions(sample: Path, case_id: str, folder: Path, n: int) -> list[Path]:
    """N copies of ``sample``, each for its own trainee, some lists shortened (perturbed)."""
    data = yaml.safe_load(sample.read_text(encoding="utf-8"))
    paths = []
    for i in range(n):
        copy = {**data, "trainee": f"bench-{i:02d}", "case": case_id}
        answers = dict(copy.get("answers") or {})
        lists = [k for k, v in answers.items() if isinstance(v, list) and len(v) > 1]
        if lists and i % 2:
            answers[lists[i % len(lists)]] = answers[lists[i % len(lists)]][:-1]
        copy["answers"] = answers
        path = folder / copy["trainee"] / f"{EXERCISE}.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(dump_yaml(copy), encoding="utf-8")
        paths.append(path)
    return paths


@contextlib.contextmanager
def quiet_kernels() -> Iterator[None]:
    """Send the kernels' stderr to /dev/null, as the batch does (to a log file)."""
    saved = os.dup(2)
    with open(os.devnull, "wb") as null:
        os.dup2(null.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def bare_floor(folder: Path, n: int) -> float:
    """(a) Seconds per empty notebook run through Papermill, one after the other (+1 warm-up)."""
    import papermill

    empty = nbformat.v4.new_notebook()
    empty.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}
    source = folder / "empty.ipynb"
    nbformat.write(empty, str(source))
    papermill.execute_notebook(str(source), str(folder / "warm-up.ipynb"), kernel_name="python3",
                               progress_bar=False)
    start = time.perf_counter()
    for i in range(n):
        papermill.execute_notebook(str(source), str(folder / f"empty-{i}.ipynb"),
                                   kernel_name="python3", progress_bar=False)
    return (time.perf_counter() - start) / n


def plain_papermill(notebook: Path, case_dir: Path, key: Path, answers: list[Path],
                    folder: Path) -> float:
    """(b) Seconds per notebook, plain sequential Papermill with the batch's parameters."""
    import papermill

    start = time.perf_counter()
    for path in answers:
        out = folder / path.parent.name
        out.mkdir(parents=True)
        papermill.execute_notebook(
            str(notebook), str(out / f"{EXERCISE}.ipynb"), kernel_name="python3",
            progress_bar=False, cwd=str(out),
            parameters={"case_dir": str(case_dir), "answers_path": str(path),
                        "key_path": str(key), "output_dir": str(out), "mode": "correction",
                        "lang": "fr", "reveal_key": False})
    return (time.perf_counter() - start) / len(answers)


def qsecase_batch(notebook: Path, case_dir: Path, submissions: Path, out: Path, n: int,
                  jobs: int) -> tuple[float, int]:
    """(c, d) Seconds per notebook with ``grade_cohort`` and the number of lost notebooks."""
    start = time.perf_counter()
    results = grade_cohort(case_dir, submissions, out, jobs=jobs, force=True, progress=False,
                           notebooks={EXERCISE: notebook})
    seconds = (time.perf_counter() - start) / n
    graded = {r.trainee for r in results if r.ok}
    for result in results:
        if not result.ok:
            print(f"  perdu : {result.trainee} — {result.error}", file=sys.stderr)
    return seconds, n - len(graded)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=8, help="nombre de copies synthétiques")
    parser.add_argument("--case", type=Path, default=None, help="cas (défaut : cases/mecaprec)")
    parser.add_argument("--notebook", type=Path, default=None, help="carnet (défaut : fourni)")
    parser.add_argument("--sample", type=Path, default=None,
                        help="copie modèle (défaut : demo/submissions/alice.martin)")
    args = parser.parse_args()
    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    case_dir = (args.case or cases_dir() / "mecaprec").resolve()
    notebook = (args.notebook or notebook_path(EXERCISE)).resolve()
    sample = args.sample or demo_dir() / "submissions" / "alice.martin" / f"{EXERCISE}.yaml"
    for path, what in ((sample, "copie modèle"), (notebook, "carnet"), (case_dir, "cas")):
        if not path.exists():
            print(f"benchmark ignoré : {what} absent(e) ({path})")
            return 0
    case = load_case(case_dir)
    with tempfile.TemporaryDirectory(prefix="qsecase-bench-") as tmp:
        root = Path(tmp)
        answers = make_submissions(sample, case.id, root / "copies", args.n)
        (root / "a").mkdir()
        with quiet_kernels():
            floor = bare_floor(root / "a", args.n)
        print(f"(a) noyau nu, carnet vide        : {floor:6.2f} s/carnet")
        with quiet_kernels():
            plain = plain_papermill(notebook, case_dir, key_path(case_dir, EXERCISE), answers,
                                    root / "b")
        print(f"(b) papermill séquentiel         : {plain:6.2f} s/carnet")
        one, lost_one = qsecase_batch(notebook, case_dir, root / "copies", root / "c", args.n, 1)
        print(f"(c) qsecase grade_cohort jobs=1  : {one:6.2f} s/carnet")
        two, lost_two = qsecase_batch(notebook, case_dir, root / "copies", root / "d", args.n, 2)
        print(f"(d) qsecase grade_cohort jobs=2  : {two:6.2f} s/carnet")
    print(f"accélération d/c (2 vs 1 processus) : {one / two:5.2f}×  (cible ≥ 1,7×)")
    print(f"surcoût c/b (qsecase vs papermill)  : {one / plain:5.2f}×")
    print(f"b/a (carnet réel vs noyau nu)       : {plain / floor:5.2f}×")
    print(f"copies perdues : {lost_one} (jobs=1), {lost_two} (jobs=2) — attendu 0 ; "
          f"{os.cpu_count()} CPU")
    return 1 if lost_one or lost_two else 0


if __name__ == "__main__":
    sys.exit(main())
