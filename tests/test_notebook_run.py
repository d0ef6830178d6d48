"""Execute ``notebooks/01_probleme.ipynb`` in a real kernel, as the batch and trainees do.

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
NOTEBOOK = ROOT / "notebooks" / "01_probleme.ipynb"
CASE = ROOT / "cases" / "mecaprec"
KEY = CASE / "key" / "probleme.yaml"
SUBMISSIONS = ROOT / "demo" / "submissions"
WIDGET = "application/vnd.jupyter.widget-view+json"


def execute(tmp_path: Path, **parameters: Any) -> nbformat.NotebookNode:
    return run_notebook(NOTEBOOK, tmp_path, **parameters)


@pytest.mark.notebook
def test_correction_writes_a_valid_grade(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    out = tmp_path / "notes"
    nb = execute(tmp_path, case_dir=str(CASE), answers_path=str(SUBMISSIONS / "alice.martin" /
                 "probleme.yaml"), key_path=str(KEY), output_dir=str(out), mode="correction")
    grade = Grade.from_json((out / "probleme.grade.json").read_text(encoding="utf-8"))
    assert grade.trainee == "alice.martin" and grade.exercise == "probleme"
    assert grade.note_20 >= 15  # the demo cohort's strongest trainee
    assert {i.criterion for i in grade.items} == {"1-1", "1-2"}
    conclusion = output_of(nb, "cb.conclude()")["text/html"]
    assert "Note :" in conclusion and "✔" in conclusion
    ishikawa = output_of(nb, 'cb.step("ishikawa")')["text/html"]
    assert 'alt="Diagramme d&#x27;Ishikawa' in ishikawa or "alt=\"Diagramme d'Ishikawa" in ishikawa


@pytest.mark.notebook
def test_correction_reveals_missed_elements_only_on_request(
        tmp_path: Path, kernel_env: dict[str, str]) -> None:
    answers = str(SUBMISSIONS / "bruno.lefebvre" / "probleme.yaml")
    hidden = execute(tmp_path / "a", answers_path=answers, key_path=str(KEY),
                     output_dir=str(tmp_path / "a"), mode="correction")
    shown = execute(tmp_path / "b", answers_path=answers, key_path=str(KEY),
                    output_dir=str(tmp_path / "b"), mode="correction", reveal_key=True)
    assert "Éléments attendus manquants" not in output_of(hidden, "cb.conclude()")["text/html"]
    assert "Éléments attendus manquants" in output_of(shown, "cb.conclude()")["text/html"]


@pytest.mark.notebook
def test_formation_runs_with_forms(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    answers = tmp_path / "reponses.yaml"
    shutil.copy(SUBMISSIONS / "chloe.dubois" / "probleme.yaml", answers)
    before = answers.read_bytes()
    nb = execute(tmp_path, answers_path=str(answers), mode="formation")
    for step in ("outils", "qqoqcp", "pareto", "ishikawa", "pourquoi", "racines", "actions"):
        assert WIDGET in output_of(nb, f'cb.step("{step}")')
    assert WIDGET in output_of(nb, "cb.conclude()")
    assert answers.read_bytes() == before  # opening the forms does not rewrite the answers
    assert not (tmp_path / "probleme.grade.json").exists()


