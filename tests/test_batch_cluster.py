"""A job run on another machine of a cluster: same qsecase required, bundled notebook found in
that machine's installation, nothing touched when the job is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest

import qsecase
from casefactory import CASE_ID, make_case
from qsecase.batch import runner
from qsecase.batch.discover import Job
from qsecase.resources import notebook_path


@pytest.fixture
def job(tmp_path: Path) -> Job:
    answers = tmp_path / "copies" / "alice" / "probleme.yaml"
    answers.parent.mkdir(parents=True)
    answers.write_text(f"schema_version: 1\nexercise: probleme\ncase: {CASE_ID}\n"
                       "trainee: alice\nanswers: {}\n", encoding="utf-8")
    return Job("alice", "probleme", answers)


@pytest.fixture
def executed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Stands for Papermill: records the notebook it was asked to run, writes it unexecuted."""
    import papermill

    calls: list[str] = []

    def fake(input_path: str, output_path: str, **kwargs: Any) -> None:
        calls.append(input_path)
        nbformat.write(nbformat.read(input_path, as_version=4), output_path)

    monkeypatch.setattr(papermill, "execute_notebook", fake)
    return calls


def run(tmp_path: Path, job: Job, notebook: Path, **options: Any) -> Any:
    case_dir = make_case(tmp_path / "cas")
    return runner.run_job(job, case_dir=case_dir, case_id=CASE_ID,
                          key_path=case_dir / "key" / "probleme.yaml", out=tmp_path / "sortie",
                          notebook=notebook, timeout=30, **options)


def test_a_worker_with_another_qsecase_refuses_the_job_and_touches_nothing(
        tmp_path: Path, job: Job, executed: list[str]) -> None:
    earlier = tmp_path / "sortie" / "alice" / "probleme.grade.json"
    earlier.parent.mkdir(parents=True)
    earlier.write_text("{}", encoding="utf-8")
    result = run(tmp_path, job, notebook_path("probleme"), version="0.0.1")
    assert result.error == (f"ce poste de calcul a qsecase {qsecase.__version__} mais la "
                            "correction a été lancée avec qsecase 0.0.1 — installez la même "
                            "version partout")
    assert executed == [] and earlier.read_text(encoding="utf-8") == "{}"


def test_a_bundled_notebook_installed_elsewhere_is_found_locally(
        tmp_path: Path, job: Job, executed: list[str]) -> None:
    elsewhere = Path("/autre-poste/site-packages/qsecase/_bundled/notebooks/01_probleme.ipynb")
    run(tmp_path, job, elsewhere, version=qsecase.__version__)
    assert executed == [str(notebook_path("probleme"))]


def test_a_missing_notebook_of_the_trainer_is_reported(tmp_path: Path, job: Job,
                                                       executed: list[str]) -> None:
    result = run(tmp_path, job, Path("/partage/carnets/mon-probleme.ipynb"))
    assert result.error.startswith("carnet introuvable sur ce poste de calcul : "
                                   "/partage/carnets/mon-probleme.ipynb")
    assert executed == []
