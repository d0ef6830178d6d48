"""Execute ``notebooks/04_duerp_rps.ipynb`` in a real kernel, as the batch and trainees do.

The executing tests are marked ``notebook`` (deselect them with ``-m "not notebook"``). The
kernel is the ``python3`` kernelspec; it finds qsecase through ``PYTHONPATH`` (set here) when
qsecase is not installed in the environment.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import nbformat
import pytest

from notebook_runner import output_of, run_notebook
from qsecase.answers import AnswersFile, AnswersHeader, write_answers
from qsecase.corpus import load_case
from qsecase.exercises.duerp_rps import corpus_data
from qsecase.exercises.duerp_rps.model import DuerpRpsAnswers
from qsecase.grading.grade import Grade
from qsecase.methods.rps import FAMILIES, RpsFactor

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "04_duerp_rps.ipynb"
CASE = ROOT / "cases" / "logisud"
KEY = CASE / "key" / "duerp-rps.yaml"
WIDGET = "application/vnd.jupyter.widget-view+json"
STEPS = ("mise-a-jour", "situations", "evolutions", "programme", "rps", "export")


def execute(tmp_path: Path, **parameters: Any) -> nbformat.NotebookNode:
    return run_notebook(NOTEBOOK, tmp_path, **parameters)


def small_answers(path: Path) -> Path:
    """A trainee who took up the previous version, re-rated one situation and reviewed one unit."""
    case = load_case(CASE)
    previous = corpus_data.previous_version(case).situations
    first = previous[0]
    top = corpus_data.scale(case).f_max
    rerated = first.model_copy(update={"f": first.f + 1 if first.f < top else first.f - 1})
    unit = corpus_data.units(case)[0]
    answers = DuerpRpsAnswers.model_validate({
        "mise_a_jour": {"date": dt.date(2026, 10, 12), "auteur": "Claire Dumont",
                        "declencheurs": ["annuelle"], "participants": "CSE"},
        "situations": [rerated, *previous[1:]],
        "motifs": {first.id: "Deux presque-accidents en septembre"},
        "rps_methode": "RPS-DU", "rps_justification": "Groupe de travail par unité",
        "rps": [RpsFactor(unite=unit, famille=family, frequence=0)  # type: ignore[arg-type]
                for family in FAMILIES]})
    header = AnswersHeader(exercise="duerp-rps", case=case.id, trainee="zoe.petit")
    write_answers(path, AnswersFile(header=header, answers=answers))
    return path


def test_notebook_explains_the_method() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for needed in ("R4121-2", "unité de travail", "PAPRIPACT", "50 salariés", "40 ans",
                   "six familles"):
        assert needed in text


@pytest.mark.notebook
def test_formation_runs_with_forms(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    nb = execute(tmp_path, case_dir=str(CASE), mode="formation")
    assert "Mode : formation" in output_of(nb, "cb.intro()")["text/html"]
    for step in STEPS:
        assert WIDGET in output_of(nb, f'cb.step("{step}")')
    assert WIDGET in output_of(nb, "cb.conclude()")
    assert not (tmp_path / "duerp-rps.grade.json").exists()
    assert not (tmp_path / "reponses" / "duerp-rps.yaml").exists()  # nothing typed, nothing saved


@pytest.mark.notebook
def test_correction_writes_a_valid_grade(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    answers = small_answers(tmp_path / "remise" / "duerp-rps.yaml")
    before = answers.read_bytes()
    out = tmp_path / "notes"
    nb = execute(tmp_path, case_dir=str(CASE), answers_path=str(answers), key_path=str(KEY),
                 output_dir=str(out), mode="correction")
    grade = Grade.from_json((out / "duerp-rps.grade.json").read_text(encoding="utf-8"))
    assert grade.trainee == "zoe.petit" and grade.exercise == "duerp-rps"
    assert {i.criterion for i in grade.items} == {"2-5", "2-6"}
    assert 0 <= grade.note_20 < 20  # a copied DUERP with one re-rating is far from the key
    assert answers.read_bytes() == before  # grading never writes into submissions
    assert "Note :" in output_of(nb, "cb.conclude()")["text/html"]
    update = output_of(nb, 'cb.step("mise-a-jour")')["text/html"]
    assert "Claire Dumont" in update and "Mise à jour annuelle" in update
    situations = output_of(nb, 'cb.step("situations")')["text/html"]
    assert 'alt="Cartographies des risques' in situations
    evolutions = output_of(nb, 'cb.step("evolutions")')["text/html"]
    assert "recotée" in evolutions and "Deux presque-accidents en septembre" in evolutions
    rps = output_of(nb, 'cb.step("rps")')["text/html"]
    assert "famille(s) non examinée(s)" in rps


