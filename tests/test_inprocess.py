"""Grading without notebooks gives the notebooks' grades, errors and gradebook, much faster."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from qsecase.batch.correct import correct
from qsecase.batch.discover import Job
from qsecase.batch.inprocess import grade_in_process
from qsecase.batch.runner import prevalidate
from qsecase.cli import main
from qsecase.grading.cohort import SubmissionResult
from qsecase.resources import cases_dir, demo_dir
from qsecase.session import grade_path, open_exercise


def cohort(tmp: Path) -> Path:
    """The demo cohort plus copies that cannot be graded, each for its own reason."""
    copies = tmp / "copies"
    shutil.copytree(demo_dir() / "submissions", copies)
    sample = (copies / "alice.martin" / "sst-accident.yaml").read_text(encoding="utf-8")
    (copies / "zoe.faure").mkdir()
    (copies / "zoe.faure" / "sst-accident.yaml").write_text(sample, encoding="utf-8")  # not hers
    (copies / "zoe.faure" / "duerp-rps.yaml").write_text("trainee: [zoe\n", encoding="utf-8")
    (copies / "zoe.faure" / "inconnu.yaml").write_text("x: 1\n", encoding="utf-8")
    (copies / "égaré.yaml").write_text("x: 1\n", encoding="utf-8")
    return copies


LISTS = ("found", "missed", "notes")


def unordered(grade: dict[str, Any]) -> dict[str, Any]:
    """A grade without its time of grading, its lists of elements sorted: one grader lists some
    missed elements in set order, which depends on the interpreter's hash seed (each kernel has
    its own), so that their order differs between two runs of the same notebook."""
    items = [{k: sorted(v) if k in LISTS else v for k, v in item.items()}
             for item in grade["items"]]
    return {**grade, "graded_at": "", "items": items}


def grade_files(out: Path) -> dict[str, dict[str, Any]]:
    """Every ``.grade.json`` under ``out``, compared item by item (see :func:`unordered`)."""
    return {str(path.relative_to(out)): unordered(json.loads(path.read_text(encoding="utf-8")))
            for path in sorted(out.glob("*/*.grade.json"))}


def long_rows(out: Path) -> list[list[str]]:
    """``grades_long.csv``, the missed elements of each row in sorted order."""
    with (out / "grades_long.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    missed = rows[0].index("expected_missed")
    return [[" ; ".join(sorted(c.split(" ; "))) if n == missed else c for n, c in enumerate(row)]
            for row in rows]


def outcome(results: list[SubmissionResult]) -> list[tuple[str, str, str]]:
    return [(r.trainee, r.exercise, r.error) for r in results]


@pytest.fixture(scope="module")
def logisud(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, Any, Any]:
    """The same cohort graded on « logisud » by the notebooks and in process."""
    tmp = tmp_path_factory.mktemp("logisud")
    case, copies = cases_dir() / "logisud", cohort(tmp)
    by_notebooks = correct(case, copies, tmp / "carnets", jobs=2, progress=False)
    in_process = grade_in_process(case, copies, tmp / "direct", progress=False)
    return tmp / "carnets", tmp / "direct", copies, by_notebooks.results, in_process


@pytest.mark.notebook
def test_in_process_grades_are_the_notebooks_grades(logisud: Any) -> None:
    notebooks, direct, _, by_notebooks, in_process = logisud
    assert sum(r.ok for r in by_notebooks) >= 8
    assert grade_files(direct) == grade_files(notebooks)
    for a, b in zip(by_notebooks, in_process, strict=True):
        assert (a.trainee, a.exercise, a.ok) == (b.trainee, b.exercise, b.ok)
        if a.grade and b.grade:
            assert unordered(a.grade.model_dump(mode="json")) == unordered(
                b.grade.model_dump(mode="json"))


@pytest.mark.notebook
def test_malformed_copies_are_reported_the_same_way(logisud: Any) -> None:
    _, _, _, by_notebooks, in_process = logisud
    assert outcome(in_process) == outcome(by_notebooks)
    errors = {(t, e) for t, e, error in outcome(in_process) if error}
    assert {("zoe.faure", "sst-accident"), ("zoe.faure", "duerp-rps"),
            ("zoe.faure", "inconnu"), ("", "")} <= errors


@pytest.mark.notebook
def test_gradebook_is_the_same_without_the_notebooks(logisud: Any) -> None:
    notebooks, direct, *_ = logisud
    assert (direct / "gradebook.csv").read_bytes() == (notebooks / "gradebook.csv").read_bytes()
    assert long_rows(direct) == long_rows(notebooks)
    assert (direct / "index.html").is_file() and (direct / "overrides.csv").is_file()
    assert (direct / "alice.martin" / "feedback.html").is_file()
    assert not list(direct.glob("*/*.ipynb"))
    assert not [p for p in direct.glob("*/*.html") if p.name != "feedback.html"]


@pytest.mark.parametrize("case", ["logisud", "mecaprec", "ventoux"])
def test_every_case_grades_as_the_notebook_session(tmp_path: Path, case: str) -> None:
    """Each copy's grade is the one a notebook in correction mode writes (same session path)."""
    case_dir, copies = cases_dir() / case, demo_dir() / "submissions"
    results = grade_in_process(case_dir, copies, tmp_path / "direct", progress=False)
    assert any(r.ok for r in results)
    for result in results:
        answers = copies / result.trainee / f"{result.exercise}.yaml"
        problem = prevalidate(Job(result.trainee, result.exercise, answers), case)
        assert result.error == problem
        if problem:
            continue
        folder = tmp_path / "carnet" / result.trainee
        folder.mkdir(parents=True, exist_ok=True)
        open_exercise(result.exercise, case_dir=case_dir, answers_path=answers,
                      key_path=case_dir / "key" / f"{result.exercise}.yaml", output_dir=folder,
                      mode="correction").write_grade()
        expected = json.loads(grade_path(folder, result.exercise).read_text(encoding="utf-8"))
        written = tmp_path / "direct" / result.trainee / f"{result.exercise}.grade.json"
        got = json.loads(written.read_text(encoding="utf-8"))
        assert got == {**expected, "graded_at": got["graded_at"]}  # same process: same order


def test_a_large_synthetic_cohort_is_graded_entirely(tmp_path: Path) -> None:
    copies = tmp_path / "copies"
    samples = sorted((demo_dir() / "submissions").glob("*/sst-accident.yaml"))
    for i in range(200):
        trainee = f"stagiaire-{i:03d}"
        text = samples[i % len(samples)].read_text(encoding="utf-8")
        (copies / trainee).mkdir(parents=True)
        (copies / trainee / "sst-accident.yaml").write_text(
            re.sub(r"^trainee: .*$", f"trainee: {trainee}", text, count=1, flags=re.M),
            encoding="utf-8")
    out = tmp_path / "sortie"
    results = grade_in_process(cases_dir() / "logisud", copies, out, progress=False)
    assert len(results) == 200 and all(r.ok for r in results)
    assert len(list(out.glob("*/sst-accident.grade.json"))) == 200
    assert len((out / "gradebook.csv").read_text(encoding="utf-8-sig").splitlines()) == 201


def test_cli_no_notebooks_grades_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sortie"
    code = main(["grade", str(cases_dir() / "mecaprec"), str(demo_dir() / "submissions"),
                 "-o", str(out), "--no-notebooks", "-q"])
    printed = capsys.readouterr().out
    assert code == 1  # the deliberately malformed demo copy
    assert "emma.petit" in printed and "1 en erreur" in printed
    assert (out / "gradebook.xlsx").is_file() and not list(out.glob("*/*.ipynb"))
    assert main(["grade", str(cases_dir() / "logisud"), str(demo_dir() / "submissions"),
                 "-o", str(tmp_path / "logisud"), "--no-notebooks", "-q"]) == 0
