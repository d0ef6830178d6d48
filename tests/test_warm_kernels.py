"""Warm kernels: reused between copies, made fresh before each one, never reused after a failure.

The notebook executed here is written by the test: a ``parameters`` cell, a cell recording the
kernel's process id, a cell whose role depends on the trainee — leave state behind (« dirty »),
check that none is left (« check », which fails otherwise), or raise (« raise ») — and a cell
writing a valid grade.
"""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import nbformat
import pytest

from casefactory import CASE_ID, make_case
from qsecase.batch import warm
from qsecase.batch.orchestrate import grade_cohort

pytestmark = pytest.mark.notebook

PARAMETERS = """\
case_dir = ""
answers_path = ""
key_path = ""
output_dir = "."
mode = "formation"
lang = "fr"
reveal_key = False
"""

RECORD_PID = """\
import os
from pathlib import Path
import yaml
trainee = yaml.safe_load(Path(answers_path).read_text(encoding="utf-8"))["trainee"]
Path(output_dir, "pid.txt").write_text(str(os.getpid()), encoding="utf-8")
"""

ROLE = """\
import sys
import ipywidgets
import matplotlib
import matplotlib.pyplot as plt
from ipywidgets.widgets import widget as widget_module
from qsecase.grading.matching import tokens
role = ROLES.get(trainee, "check")
if role == "dirty":  # everything a previous copy could leave behind
    LEAKED = "réponse de la copie précédente"
    matplotlib.interactive(False)  # else the inline backend shows and closes the figure
    FIGURE = plt.figure()
    plt.rcParams["lines.linewidth"] = 7.5
    SLIDER = ipywidgets.IntSlider(value=3, description="Curseur")
    os.environ["QSECASE_FUITE"] = "1"
    sys.path.append("/chemin-de-la-copie-precedente")
    os.chdir(os.path.dirname(output_dir))
    tokens("texte de la copie précédente")
elif role == "check":
    left = []
    if "LEAKED" in globals():
        left.append("variable")
    if "réponse de la copie précédente" in map(str, Out.values()):
        left.append("Out")
    if plt.get_fignums():
        left.append("figures")
    if plt.rcParams["lines.linewidth"] != matplotlib.rcParamsDefault["lines.linewidth"]:
        left.append("rcParams")
    if widget_module._instances:
        left.append("widgets")
    if "QSECASE_FUITE" in os.environ:
        left.append("environnement")
    if "/chemin-de-la-copie-precedente" in sys.path:
        left.append("sys.path")
    if not os.path.samefile(os.getcwd(), output_dir):
        left.append("dossier courant")
    if get_ipython().execution_count != 5:  # 4th code cell, already counted by IPython
        left.append("compteur")
    if tokens.cache_info().currsize:
        left.append("cache")
    assert not left, "restes de la copie précédente : " + ", ".join(left)
elif role == "raise":
    raise ValueError("copie qui fait échouer son carnet")
LEAKED if role == "dirty" else role
"""

LEFTOVERS = ["variable", "Out", "figures", "rcParams", "widgets", "environnement", "sys.path",
             "dossier courant", "compteur", "cache"]
"""What the « check » cell reports when a kernel was not made fresh."""

GRADE = """\
import datetime as dt
from qsecase.grading.grade import Grade, ItemGrade
from qsecase.io.atomic import atomic_write_text
from qsecase.session import grade_path
grade = Grade(trainee=trainee, case=yaml.safe_load(Path(answers_path).read_text())["case"],
              exercise="probleme", rubric_version="test", lang=lang,
              graded_at=dt.datetime.now().astimezone(),
              items=[ItemGrade(criterion="1-1", item="outils", label="Choix des outils", points=1,
                               max_points=2, status="partiellement acquis", feedback="…")])
atomic_write_text(grade_path(output_dir, "probleme"), grade.to_json())
"""


def make_notebook(path: Path, roles: dict[str, str]) -> Path:
    params = nbformat.v4.new_code_cell(PARAMETERS)
    params.metadata["tags"] = ["parameters"]
    cells = [params, nbformat.v4.new_code_cell(RECORD_PID),
             nbformat.v4.new_code_cell(f"ROLES = {roles!r}\n" + ROLE),
             nbformat.v4.new_code_cell(GRADE)]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, str(path))
    return path


def submit(submissions: Path, trainee: str) -> None:
    path = submissions / trainee / "probleme.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"schema_version: 1\nexercise: probleme\ncase: {CASE_ID}\n"
                    f"trainee: {trainee}\nanswers: {{}}\n", encoding="utf-8")


def pids(out: Path, trainees: list[str]) -> list[int]:
    return [int((out / t / "pid.txt").read_text(encoding="utf-8")) for t in trainees]


ROLES = {"anna": "dirty", "bruno": "check", "chloe": "raise", "david": "check"}
"""In name order, the order one worker takes them: leave state, check, fail, check again."""


@pytest.fixture
def cohort(tmp_path: Path) -> tuple[Path, Path, Path]:
    case_dir = make_case(tmp_path / "cas")
    submissions = tmp_path / "copies"
    for trainee in ROLES:
        submit(submissions, trainee)
    return case_dir, submissions, make_notebook(tmp_path / "nb.ipynb", ROLES)


def run(cohort: tuple[Path, Path, Path], out: Path, **options: Any) -> dict[str, Any]:
    case_dir, submissions, notebook = cohort
    results = grade_cohort(case_dir, submissions, out, jobs=1, timeout=60, progress=False,
                           notebooks={"probleme": notebook}, **options)
    return {r.trainee: r for r in results}


def test_a_warm_kernel_is_reused_fresh_and_replaced_after_a_failure(
        tmp_path: Path, cohort: tuple[Path, Path, Path]) -> None:
    out = tmp_path / "sortie"
    results = run(cohort, out)  # warm is the default

    assert {t for t, r in results.items() if r.ok} == {"anna", "bruno", "david"}, {
        t: r.error for t, r in results.items()}
    assert results["chloe"].error.startswith("le carnet a échoué à la cellule 4 : ValueError")
    anna, bruno, chloe, david = pids(out, list(ROLES))
    assert anna == bruno == chloe  # one kernel for the first three copies…
    assert david != chloe  # …and a new one after the failed notebook
    executed = nbformat.read(str(out / "bruno" / "probleme.ipynb"), as_version=4)
    counts = [c.execution_count for c in executed.cells if c.cell_type == "code"]
    assert counts == [1, 2, 3, 4, 5]  # numbered as in a new kernel
    assert not (out / "anna" / ".probleme.kernel.log").exists()
    assert (out / "chloe" / ".probleme.kernel.log").is_file()  # kept for the failed copy


def test_the_checks_see_what_a_kernel_not_made_fresh_leaves_behind(
        tmp_path: Path, cohort: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    # the same cohort in this process's thread, with the reset disabled: « bruno » must fail
    prepare = warm._Client._prepare

    def no_reset(self: Any) -> None:
        if not self.kernel.notebooks:
            prepare(self)  # preload (and make fresh) for the first copy only

    monkeypatch.setattr(warm._Client, "_prepare", no_reset)
    with ThreadPoolExecutor(max_workers=1) as executor:
        results = run(cohort, tmp_path / "sortie", executor=executor)
    warm.shutdown_kernels()
    assert results["anna"].ok, results["anna"].error
    assert results["bruno"].error.endswith(
        "AssertionError: restes de la copie précédente : " + ", ".join(LEFTOVERS))


def test_cold_kernels_serve_one_copy_each(tmp_path: Path,
                                          cohort: tuple[Path, Path, Path]) -> None:
    _, submissions, _ = cohort
    shutil.rmtree(submissions / "chloe")
    out = tmp_path / "sortie"
    results = run(cohort, out, warm=False)
    assert all(r.ok for r in results.values()), {t: r.error for t, r in results.items()}
    assert len(set(pids(out, ["anna", "bruno", "david"]))) == 3


def test_a_thread_pool_keeps_one_warm_kernel_per_thread(
        tmp_path: Path, cohort: tuple[Path, Path, Path]) -> None:
    _, submissions, _ = cohort
    shutil.rmtree(submissions / "chloe")
    out = tmp_path / "sortie"
    with ThreadPoolExecutor(max_workers=1) as executor:
        results = run(cohort, out, executor=executor)
    try:
        assert all(r.ok for r in results.values()), {t: r.error for t, r in results.items()}
        assert len(set(pids(out, ["anna", "bruno", "david"]))) == 1
        assert len(warm._kernels) == 1  # still there for the next batch of this process
    finally:
        warm.shutdown_kernels()
    assert not warm._kernels


# --- the bundled notebooks: same grades, warm or cold ---------------------------------------------


def comparable(grade: dict[str, Any]) -> dict[str, Any]:
    """A grade without its time of grading, its lists of elements sorted (a grader lists some
    missed elements in set order, which depends on each kernel's hash seed)."""
    items = [{k: sorted(v) if k in ("found", "missed", "notes") else v for k, v in item.items()}
             for item in grade["items"]]
    return {**grade, "graded_at": "", "items": items}


def test_demo_copies_get_the_same_grades_in_warm_and_cold_kernels(tmp_path: Path) -> None:
    from qsecase.resources import cases_dir, demo_dir

    case_dir = cases_dir() / "logisud"
    copies = tmp_path / "copies"
    for trainee in ("alice.martin", "chloe.dubois"):
        for exercise in ("sst-accident", "duerp-rps"):
            source = demo_dir() / "submissions" / trainee / f"{exercise}.yaml"
            if source.is_file():
                (copies / trainee).mkdir(parents=True, exist_ok=True)
                shutil.copy(source, copies / trainee / source.name)
    graded: dict[bool, dict[str, Any]] = {}
    for mode in (True, False):
        out = tmp_path / f"sortie-{mode}"
        results = grade_cohort(case_dir, copies, out, jobs=2, progress=False, warm=mode)
        assert len(results) == 4 and all(r.ok for r in results), [r.error for r in results]
        graded[mode] = {str(p.relative_to(out)): comparable(json.loads(p.read_text("utf-8")))
                        for p in sorted(out.glob("*/*.grade.json"))}
    assert len(graded[True]) == 4
    assert graded[True] == graded[False]

