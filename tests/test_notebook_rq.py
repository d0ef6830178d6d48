"""``notebooks/02_risques_qualite.ipynb`` executed as papermill and nbval run it, in the 3 modes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notebook_runner import output_of, run_notebook
from qsecase.grading.grade import Grade

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "02_risques_qualite.ipynb"
SUBMISSIONS = ROOT / "demo" / "submissions"

pytestmark = pytest.mark.notebook


@pytest.mark.parametrize("case, trainee", [("mecaprec", "alice.martin"),
                                           ("ventoux", "david.nguyen")])
def test_correction_writes_a_valid_grade(tmp_path: Path, kernel_env: dict[str, str],
                                         case: str, trainee: str) -> None:
    answers = SUBMISSIONS / trainee / "risques-qualite.yaml"
    before = answers.read_bytes()
    nb = run_notebook(NOTEBOOK, tmp_path, case_dir=str(ROOT / "cases" / case),
                      answers_path=str(answers),
                      key_path=str(ROOT / "cases" / case / "key" / "risques-qualite.yaml"),
                      output_dir=str(tmp_path), mode="correction")
    grade = Grade.from_json((tmp_path / "risques-qualite.grade.json").read_text(encoding="utf-8"))
    assert grade.trainee == trainee and grade.case == case and grade.note_20 >= 15
    assert answers.read_bytes() == before  # grading never writes into submissions
    assert "text/html" in output_of(nb, 'cb.step("amdec")')


def test_formation_and_autoformation_run(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    case = str(ROOT / "cases" / "ventoux")
    run_notebook(NOTEBOOK, tmp_path / "f", case_dir=case, mode="formation",
                 answers_path=str(tmp_path / "f" / "moi.yaml"))
    nb = run_notebook(NOTEBOOK, tmp_path / "a", case_dir=case, mode="autoformation",
                      answers_path=str(tmp_path / "a" / "moi.yaml"))
    widget = output_of(nb, "cb.conclude()")
    assert "application/vnd.jupyter.widget-view+json" in widget
    assert json.dumps(widget)


