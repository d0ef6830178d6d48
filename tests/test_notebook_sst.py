"""Execute ``notebooks/03_sst_accident.ipynb`` in a real kernel, as the batch and trainees do.

The executing tests are marked ``notebook`` (deselect them with ``-m "not notebook"``). The
kernel is the ``python3`` kernelspec; it finds qsecase through ``PYTHONPATH`` (set here) when
qsecase is not installed in the environment.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest

from notebook_runner import output_of, run_notebook
from qsecase.grading.grade import Grade

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "03_sst_accident.ipynb"
CASE = ROOT / "cases" / "logisud"
KEY = CASE / "key" / "sst-accident.yaml"
SUBMISSIONS = ROOT / "demo" / "submissions"
WIDGET = "application/vnd.jupyter.widget-view+json"
STEPS = ("registre", "epi", "qqoqcp", "arbre", "plan", "acteurs", "indicateurs")



def submission(trainee: str) -> Path:
    path = SUBMISSIONS / trainee / "sst-accident.yaml"
    if not path.is_file():
        pytest.skip(f"réponses de démonstration absentes : {path.relative_to(ROOT)}")
    return path


def execute(tmp_path: Path, **parameters: Any) -> nbformat.NotebookNode:
    return run_notebook(NOTEBOOK, tmp_path, **parameters)


@pytest.mark.notebook
def test_correction_writes_a_valid_grade(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    answers = submission("alice.martin")
    before = answers.read_bytes()
    out = tmp_path / "notes"
    nb = execute(tmp_path, case_dir=str(CASE), answers_path=str(answers), key_path=str(KEY),
                 output_dir=str(out), mode="correction")
    grade = Grade.from_json((out / "sst-accident.grade.json").read_text(encoding="utf-8"))
    assert grade.trainee == "alice.martin" and grade.exercise == "sst-accident"
    assert grade.note_20 >= 15  # the demo cohort's strongest trainee
    assert {i.criterion for i in grade.items} == {"2-1", "2-2", "2-3", "2-4", "2-7", "2-8"}
    assert answers.read_bytes() == before  # grading never writes into submissions
    assert "Note :" in output_of(nb, "cb.conclude()")["text/html"]
    register = output_of(nb, 'cb.step("registre")')["text/html"]
    assert "Plan de suivi des obligations SST" in register and "expiré" in register
    tree = output_of(nb, 'cb.step("arbre")')["text/html"]
    assert "alt=\"Arbre des causes" in tree
    indicators = output_of(nb, 'cb.step("indicateurs")')["text/html"]
    assert "Valeur calculée" in indicators and "40,5" in indicators


@pytest.mark.notebook
def test_formation_runs_with_forms(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    answers = tmp_path / "reponses.yaml"
    shutil.copy(submission("bruno.lefebvre"), answers)
    before = answers.read_bytes()
    nb = execute(tmp_path, answers_path=str(answers), mode="formation")
    for step in STEPS:
        assert WIDGET in output_of(nb, f'cb.step("{step}")')
    assert WIDGET in output_of(nb, "cb.conclude()")
    assert answers.read_bytes() == before  # opening the forms does not rewrite the answers
    assert not (tmp_path / "sst-accident.grade.json").exists()


