"""Batch correction: discovery, fingerprints and resume, the runner, the orchestrator.

The notebooks executed here are small ones generated in ``tmp_path``: a ``parameters`` cell and a
cell that, depending on the trainee, writes a valid grade, raises, sleeps past the timeout, kills
its kernel, writes nothing or writes an invalid grade.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import nbformat
import pytest

from casefactory import CASE_ID, make_case
from qsecase.batch import orchestrate, runner
from qsecase.batch.discover import ANSWER_SUFFIXES, Job, discover
from qsecase.batch.orchestrate import grade_cohort
from qsecase.batch.state import (
    html_out,
    is_fresh,
    job_fingerprint,
    load_fresh,
    notebook_out,
    state_path,
    write_state,
)
from qsecase.errors import BatchError
from qsecase.grading.grade import Grade, ItemGrade
from qsecase.session import grade_path

PARAMETERS = """\
case_dir = ""
answers_path = ""
key_path = ""
output_dir = "."
mode = "formation"
lang = "fr"
reveal_key = False
"""

GRADING_CELL = """\
import datetime as dt, os, time
from pathlib import Path
import yaml
from qsecase.grading.grade import Grade, ItemGrade
from qsecase.io.atomic import atomic_write_text
from qsecase.session import grade_path

header = yaml.safe_load(Path(answers_path).read_text(encoding="utf-8"))
behaviour = BEHAVIOURS.get(header["trainee"], "ok")
if behaviour == "raise":
    raise ValueError("réponse inattendue")
if behaviour == "sleep":
    time.sleep(60)
if behaviour == "die":
    os._exit(1)
if behaviour == "killworker":  # as the OOM killer would: the worker process dies
    import signal
    os.kill(os.getppid(), signal.SIGKILL)
    time.sleep(10)
target = grade_path(output_dir, "probleme")
if behaviour == "invalid":
    atomic_write_text(target, '{"trainee": "%s", "items": "aucun"}' % header["trainee"])
elif behaviour == "ok":
    grade = Grade(trainee=header["trainee"], case=header["case"], exercise="probleme",
                  rubric_version="test", lang=lang, graded_at=dt.datetime.now().astimezone(),
                  items=[ItemGrade(criterion="1-1", item="outils", label="Choix des outils",
                                   points=1.5, max_points=2, status="acquis",
                                   feedback="Outils adaptés.")])
    atomic_write_text(target, grade.to_json())
print("Copie traitée :", behaviour)
"""


def make_notebook(path: Path, behaviours: dict[str, str] | None = None) -> Path:
    """A test notebook: parameters cell + a grading cell whose behaviour depends on the trainee."""
    params = nbformat.v4.new_code_cell(PARAMETERS)
    params.metadata["tags"] = ["parameters"]
    grading = nbformat.v4.new_code_cell(f"BEHAVIOURS = {behaviours or {}!r}\n" + GRADING_CELL)
    nb = nbformat.v4.new_notebook(cells=[params, grading])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, str(path))
    return path


def submit(submissions: Path, trainee: str, *, name: str = "probleme.yaml",
           header_trainee: str | None = None, answers: str = "answers: {}\n") -> Path:
    """Write a valid answers file (or a variant) for ``trainee``."""
    path = submissions / trainee / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"schema_version: 1\nexercise: probleme\ncase: {CASE_ID}\n"
                    f"trainee: {header_trainee or trainee}\n{answers}", encoding="utf-8")
    return path


def listing(folder: Path) -> list[tuple[str, int, int]]:
    """Every entry under ``folder`` with its size and modification time."""
    return sorted((str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns)
                  for p in folder.rglob("*"))


def a_grade(trainee: str = "alice", exercise: str = "probleme") -> Grade:
    return Grade(trainee=trainee, case=CASE_ID, exercise=exercise, rubric_version="test",
                 graded_at=dt.datetime(2026, 3, 12, 10, tzinfo=dt.UTC),
                 items=[ItemGrade(criterion="1-1", item="outils", label="Outils", points=1,
                                  max_points=2, status="partiellement acquis", feedback="…",
                                  comment="")])


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    return make_case(tmp_path / "cas")


@pytest.fixture
def submissions(tmp_path: Path) -> Path:
    folder = tmp_path / "copies"
    folder.mkdir()
    return folder


# --- discovery ------------------------------------------------------------------------------------


def test_discover_keeps_valid_jobs_and_reports_every_problem(submissions: Path) -> None:
    case = SimpleNamespace(id=CASE_ID, exercices=["probleme"])
    good = submit(submissions, "alice.martin")
    (submissions / "alice.martin" / "probleme.yaml.bak").write_text("ancienne version")
    (submissions / "alice.martin" / ".probleme.yaml.lock").write_text("")
    (submissions / "alice.martin" / "notes.txt").write_text("brouillon")
    submit(submissions, "bad name")
    submit(submissions, ".cache")
    submit(submissions, ".ipynb_checkpoints")
    submit(submissions, "bob", name="inconnu.yaml")
    submit(submissions, "chloe")
    submit(submissions, "chloe", name="probleme.json")
    submit(submissions, "dan", name="probleme.yml")
    (submissions / "stray.yaml").write_text("exercise: probleme\n")

    jobs, errors = discover(submissions, case)

    assert jobs == [Job("alice.martin", "probleme", good),
                    Job("dan", "probleme", submissions / "dan" / "probleme.yml")]
    by_trainee = {e.trainee: e.error for e in errors}
    assert set(by_trainee) == {"bad name", ".cache", "bob", "chloe", ""}
    assert "nom de dossier de stagiaire non valide" in by_trainee["bad name"]
    assert "nom de dossier de stagiaire non valide" in by_trainee[".cache"]
    assert "exercice inconnu « inconnu »" in by_trainee["bob"]
    assert "deux fichiers de réponses pour le même exercice" in by_trainee["chloe"]
    assert "stray.yaml : fichier de réponses hors d'un dossier de stagiaire" in by_trainee[""]
    assert all(e.grade is None and e.case == CASE_ID for e in errors)


def test_discover_leaves_exercises_of_other_cases_for_their_own_run(submissions: Path) -> None:
    # a cohort folder holds answers to several cases: grading one case skips the others' exercises
    submit(submissions, "alice")
    jobs, errors = discover(submissions, SimpleNamespace(id="autre", exercices=["audit"]))
    assert jobs == [] and errors == []


# --- fingerprints and state -----------------------------------------------------------------------


def test_fingerprint_changes_when_any_input_changes(tmp_path: Path, case_dir: Path,
                                                    submissions: Path) -> None:
    answers = submit(submissions, "alice")
    notebook = make_notebook(tmp_path / "nb.ipynb")
    key = case_dir / "key" / "probleme.yaml"
    job = Job("alice", "probleme", answers)

    def fp(**options: Any) -> str:
        return job_fingerprint(job, case_dir=case_dir, key_path=key, notebook=notebook, **options)

    first = fp()
    assert fp() == first
    original = answers.read_text(encoding="utf-8")
    answers.write_text(original.replace("answers: {}", "answers:\n  outils: [pareto]"),
                       encoding="utf-8")
    assert fp() != first
    answers.write_text(original, encoding="utf-8")
    assert fp() == first
    assert fp(lang="en") != first
    assert fp(reveal_key=True) != first
    key.write_text(key.read_text(encoding="utf-8") + "# corrigé révisé\n", encoding="utf-8")
    second = fp()
    assert second != first
    (case_dir / "corpus" / "nc.csv").write_text("id;date\n", encoding="utf-8")
    assert fp() != second


def test_state_is_fresh_only_for_its_fingerprint_and_complete_outputs(tmp_path: Path) -> None:
    out = tmp_path / "sortie"
    job = Job("alice", "probleme", tmp_path / "probleme.yaml")
    grade = a_grade()
    (out / "alice").mkdir(parents=True)
    grade_path(out / "alice", "probleme").write_text(grade.to_json(), encoding="utf-8")
    notebook_out(out, job).write_text("{}", encoding="utf-8")
    html_out(out, job).write_text("<html></html>", encoding="utf-8")
    assert not is_fresh(job, out, "abc")
    write_state(out, job, "abc")
    assert state_path(out, job).name == ".probleme.state.json"
    assert is_fresh(job, out, "abc")
    assert load_fresh(job, out, "abc") == grade
    assert not is_fresh(job, out, "abd")
    html_out(out, job).unlink()
    assert not is_fresh(job, out, "abc")


# --- the runner, in process -----------------------------------------------------------------------


def run_one(tmp_path: Path, case_dir: Path, answers: Path, trainee: str = "alice",
            **options: Any) -> Any:
    return runner.run_job(
        Job(trainee, "probleme", answers), case_dir=case_dir, case_id=CASE_ID,
        key_path=case_dir / "key" / "probleme.yaml", out=tmp_path / "sortie",
        notebook=options.pop("notebook", tmp_path / "nb.ipynb"), timeout=3,
        fingerprint="f", **options)


@pytest.fixture
def no_papermill(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record any call to Papermill (there must be none)."""
    import papermill

    calls: list[Any] = []
    monkeypatch.setattr(papermill, "execute_notebook", lambda *a, **k: calls.append(a))
    return calls


def test_malformed_answers_are_reported_with_their_line_and_never_executed(
        tmp_path: Path, case_dir: Path, submissions: Path, no_papermill: list[Any]) -> None:
    answers = submit(submissions, "alice", answers="answers:\n  outils: [marteau]\n")
    result = run_one(tmp_path, case_dir, answers)
    assert result.grade is None
    assert f"{answers}, ligne 6" in result.error
    assert "valeur non autorisée" in result.error
    assert no_papermill == []
    assert not (tmp_path / "sortie" / "alice" / "probleme.ipynb").exists()


@pytest.mark.parametrize(("field", "kwargs", "expected"), [
    ("trainee", {"header_trainee": "bob"}, "l'en-tête désigne le stagiaire « bob »"),
    ("case", {}, "portent sur le cas « autre-cas »"),
])
def test_header_must_match_folder_and_case(tmp_path: Path, case_dir: Path, submissions: Path,
                                           no_papermill: list[Any], field: str,
                                           kwargs: dict[str, str], expected: str) -> None:
    answers = submit(submissions, "alice", **kwargs)
    if field == "case":
        answers.write_text(answers.read_text().replace(CASE_ID, "autre-cas"), encoding="utf-8")
    result = run_one(tmp_path, case_dir, answers)
    assert expected in result.error
    assert "ligne" in result.error and f"champ « {field} »" in result.error
    assert no_papermill == []


class FakePapermill:
    """Stands for ``papermill.execute_notebook``: fails as told, then writes a graded notebook."""

    def __init__(self, failures: list[tuple[str, BaseException]]) -> None:
        self.failures = failures
        self.calls = 0

    def __call__(self, input_path: str, output_path: str, *, parameters: dict[str, Any],
                 **kwargs: Any) -> None:
        self.calls += 1
        nb = nbformat.read(input_path, as_version=4)
        for cell in nb.cells:
            cell.metadata["papermill"] = {"status": "pending"}
        if self.failures:
            phase, exc = self.failures.pop(0)
            if phase == "cells":  # the first cell ran, the next one was executing
                nb.cells[0].metadata["papermill"]["status"] = "completed"
                nb.cells[0].execution_count = 1
                nb.cells[-1].metadata["papermill"]["status"] = "running"
            nbformat.write(nb, output_path)
            raise exc
        nbformat.write(nb, output_path)
        grade = a_grade(trainee="alice")
        Path(parameters["output_dir"], "probleme.grade.json").write_text(grade.to_json(),
                                                                          encoding="utf-8")


def _papermill_error() -> BaseException:
    from papermill.exceptions import PapermillExecutionError

    return PapermillExecutionError(cell_index=1, exec_count=2, source="1/0",
                                   ename="ZeroDivisionError", evalue="division by zero",
                                   traceback=[])


def _timeout() -> BaseException:
    from nbclient.exceptions import CellTimeoutError

    return CellTimeoutError("Cell execution timed out")


def _dead() -> BaseException:
    from nbclient.exceptions import DeadKernelError

    return DeadKernelError("Kernel died")


START_RACE = ("start", RuntimeError("Kernel didn't respond in 60 seconds"))


@pytest.mark.parametrize(("failures", "calls", "expected"), [
    ([START_RACE, ("start", _dead())], 3, ""),
    ([START_RACE] * 4, 4, "le noyau Jupyter n'a pas pu démarrer (4 tentatives)"),
    ([("cells", _papermill_error())], 1,
     "le carnet a échoué à la cellule 2 : ZeroDivisionError: division by zero"),
    ([("cells", _timeout())], 1, "délai dépassé (3 s)"),
    ([("cells", _dead())], 1, "le noyau s'est arrêté"),
], ids=["race-then-ok", "never-starts", "cell-error", "timeout", "dead-kernel"])
def test_only_kernel_start_failures_are_retried(
        tmp_path: Path, case_dir: Path, submissions: Path, monkeypatch: pytest.MonkeyPatch,
        failures: list[tuple[str, BaseException]], calls: int, expected: str) -> None:
    import papermill

    fake = FakePapermill(list(failures))
    monkeypatch.setattr(papermill, "execute_notebook", fake)
    monkeypatch.setattr(runner, "RETRY_PAUSE", (0.0, 0.0))
    make_notebook(tmp_path / "nb.ipynb")
    result = run_one(tmp_path, case_dir, submit(submissions, "alice"))
    assert fake.calls == calls
    if expected:
        assert expected in result.error and result.grade is None
        assert not grade_path(tmp_path / "sortie" / "alice", "probleme").exists()
    else:
        assert result.ok, result.error
        assert state_path(tmp_path / "sortie", Job("alice", "probleme", Path())).is_file()


# --- the orchestrator -----------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["copies", "cas"])
def test_output_inside_submissions_or_case_is_refused(tmp_path: Path, case_dir: Path,
                                                      submissions: Path, where: str) -> None:
    out = (submissions if where == "copies" else case_dir) / "sortie"
    with pytest.raises(BatchError, match="à l'intérieur du dossier"):
        grade_cohort(case_dir, submissions, out, progress=False)
    assert not out.exists()


def test_unwritable_output_is_refused(tmp_path: Path, case_dir: Path,
                                      submissions: Path) -> None:
    out = tmp_path / "un-fichier"
    out.write_text("pas un dossier")
    with pytest.raises(BatchError, match="dossier de sortie non accessible en écriture"):
        grade_cohort(case_dir, submissions, out, progress=False)


@pytest.mark.notebook
def test_cohort_grades_the_good_copies_and_explains_each_failure(
        tmp_path: Path, case_dir: Path, submissions: Path) -> None:
    behaviours = {"bob": "raise", "chloe": "nograde", "david": "invalid", "emma": "sleep",
                  "farid": "die"}
    notebook = make_notebook(tmp_path / "nb.ipynb", behaviours)
    for trainee in ["alice", "gina", *behaviours]:
        submit(submissions, trainee)
    submit(submissions, "hugo", answers="answers:\n  outils: [marteau]\n")
    submit(submissions, "bad name")
    before = listing(submissions)
    out = tmp_path / "sortie"

    results = grade_cohort(case_dir, submissions, out, jobs=2, timeout=3, progress=False,
                           notebooks={"probleme": notebook})

    assert [(r.trainee, r.exercise) for r in results] == sorted(
        (r.trainee, r.exercise) for r in results)
    by_trainee = {r.trainee: r for r in results}
    assert {t for t, r in by_trainee.items() if r.ok} == {"alice", "gina"}
    errors = {t: r.error for t, r in by_trainee.items() if not r.ok}
    assert errors["bob"].startswith("le carnet a échoué à la cellule 3 : ValueError: réponse "
                                    "inattendue")
    assert "le carnet n'a pas produit de note valide" in errors["chloe"]
    assert "le carnet n'a pas produit de note valide" in errors["david"]
    assert errors["emma"] == "délai dépassé (3 s)"
    assert "le noyau s'est arrêté" in errors["farid"]
    assert "probleme.yaml, ligne 6" in errors["hugo"]
    assert "nom de dossier de stagiaire non valide" in errors["bad name"]
    assert not results.interrupted

    alice = by_trainee["alice"]
    folder = out / "alice"
    assert Grade.from_json((folder / "probleme.grade.json").read_text("utf-8")) == alice.grade
    assert alice.grade is not None and alice.grade.note_20 == 15.0
    assert alice.seconds > 0 and not alice.skipped
    executed = nbformat.read(str(folder / "probleme.ipynb"), as_version=4)
    assert any("Copie traitée : ok" in str(c.get("outputs")) for c in executed.cells)
    page = (folder / "probleme.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and "Copie traitée : ok" in page
    assert "atomic_write_text" not in page  # code cells are hidden
    assert json.loads((folder / ".probleme.state.json").read_text())["fingerprint"]

    for trainee in ("bob", "chloe", "david", "emma", "farid"):
        assert (out / trainee / "probleme.ipynb").is_file()  # the trainer reads what failed
        assert not (out / trainee / "probleme.grade.json").exists()
        assert not (out / trainee / ".probleme.state.json").exists()
    assert not (out / "hugo" / "probleme.ipynb").exists()
    assert not (out / "bad name").exists()
    assert listing(submissions) == before


@pytest.mark.notebook
def test_second_run_skips_fresh_copies_and_force_reruns(
        tmp_path: Path, case_dir: Path, submissions: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(orchestrate, "STAGGER", 0.0)  # kernels start together: none may be lost
    notebook = make_notebook(tmp_path / "nb.ipynb")
    trainees = ["alice", "bruno", "chloe", "dora"]
    answers = {t: submit(submissions, t) for t in trainees}
    out = tmp_path / "sortie"

    def run(**options: Any) -> dict[str, Any]:
        results = grade_cohort(case_dir, submissions, out, jobs=2, timeout=30,
                               notebooks={"probleme": notebook}, **options)
        assert all(r.ok for r in results), [r.error for r in results]
        return {r.trainee: r for r in results}

    first = run()
    assert "Correction" in capsys.readouterr().err
    assert not any(r.skipped for r in first.values())
    stamps = {t: (out / t / "probleme.ipynb").stat().st_mtime_ns for t in trainees}

    second = run(progress=False)
    assert all(r.skipped and r.seconds == 0 for r in second.values())
    assert {t: r.grade for t, r in second.items()} == {t: r.grade for t, r in first.items()}
    assert {t: (out / t / "probleme.ipynb").stat().st_mtime_ns for t in trainees} == stamps

    answers["chloe"].write_text(answers["chloe"].read_text().replace(
        "answers: {}", "answers:\n  justification_outils: Pareto d'abord"), encoding="utf-8")
    third = run(progress=False)
    assert {t for t, r in third.items() if not r.skipped} == {"chloe"}

    forced = run(progress=False, force=True)
    assert not any(r.skipped for r in forced.values())
    assert all((out / t / "probleme.ipynb").stat().st_mtime_ns > stamps[t] for t in trainees)


@pytest.mark.notebook
def test_a_dying_worker_loses_no_other_copy(tmp_path: Path, case_dir: Path,
                                            submissions: Path) -> None:
    notebook = make_notebook(tmp_path / "nb.ipynb", {"kim": "killworker"})
    for trainee in ("anna", "kim", "liam", "mia"):
        submit(submissions, trainee)
    results = grade_cohort(case_dir, submissions, tmp_path / "sortie", jobs=2, timeout=30,
                           progress=False, notebooks={"probleme": notebook})
    assert {r.trainee for r in results if r.ok} == {"anna", "liam", "mia"}
    [kim] = [r for r in results if not r.ok]
    assert kim.trainee == "kim" and kim.error == orchestrate.WORKER_DIED


@pytest.mark.notebook
def test_bundled_notebook_grades_every_valid_demo_copy(tmp_path: Path) -> None:
    from qsecase.resources import cases_dir, demo_dir, notebook_path

    try:
        case, cohort, notebook = (cases_dir() / "mecaprec", demo_dir() / "submissions",
                                  notebook_path("probleme"))
    except FileNotFoundError:
        pytest.skip("cas, cohorte de démonstration ou carnet non fournis")
    if not (case.is_dir() and cohort.is_dir() and notebook.is_file()):
        pytest.skip("cas, cohorte de démonstration ou carnet non fournis")
    before = listing(cohort)
    results = grade_cohort(case, cohort, tmp_path / "sortie", jobs=2, progress=False)
    assert results and any(r.ok for r in results)
    for result in results:
        answers = [p for p in sorted((cohort / result.trainee).glob(f"{result.exercise}.*"))
                   if result.exercise and p.suffix.lower() in ANSWER_SUFFIXES]
        job = Job(result.trainee, result.exercise, answers[0] if answers else Path("-"))
        if len(answers) == 1 and not runner.prevalidate(job, "mecaprec"):
            assert result.ok, f"{result.trainee} : {result.error}"  # valid answers ⇒ a grade
            assert (tmp_path / "sortie" / result.trainee / f"{result.exercise}.html").is_file()
        else:
            assert not (tmp_path / "sortie" / result.trainee / f"{result.exercise}.ipynb").exists()
    assert listing(cohort) == before


def test_no_submission_runs_nothing(tmp_path: Path, case_dir: Path, submissions: Path) -> None:
    results = grade_cohort(case_dir, submissions, tmp_path / "sortie", progress=False)
    assert list(results) == [] and not results.interrupted
    assert os.listdir(tmp_path / "sortie") == []


def test_discover_leaves_answers_to_another_case_for_that_case(submissions: Path) -> None:
    # one cohort folder, two cases offering the same exercise: each run takes its own files
    submit(submissions, "alice")
    path = submissions / "alice" / "probleme.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"case: {CASE_ID}", "case: autre"),
                    encoding="utf-8")
    jobs, errors = discover(submissions, SimpleNamespace(id=CASE_ID, exercices=["probleme"]))
    assert jobs == [] and errors == []


def test_a_kernel_that_never_answered_counts_as_a_start_failure(tmp_path: Path) -> None:
    # a loaded machine: the first cell is marked running but the kernel never replied → retried
    from qsecase.batch.runner import _phase

    def notebook(*cells: dict) -> Path:
        path = tmp_path / "running.ipynb"
        path.write_text(json.dumps({"cells": list(cells)}), encoding="utf-8")
        return path

    def cell(status: str, count: int | None = None) -> dict:
        return {"cell_type": "code", "execution_count": count, "outputs": [],
                "metadata": {"papermill": {"status": status}}}

    assert _phase(notebook(cell("pending"), cell("pending"))) == "start"
    assert _phase(notebook(cell("running"), cell("pending"))) == "start"
    assert _phase(notebook(cell("completed", 1), cell("running"))) == "cells"
    assert _phase(tmp_path / "absent.ipynb") == "load"
