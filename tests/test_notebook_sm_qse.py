"""Execute ``notebooks/07_sm_qse.ipynb`` in a real kernel, as the batch and trainees do.

The executing tests are marked ``notebook`` (deselect them with ``-m "not notebook"``). The
kernel is the ``python3`` kernelspec; it finds qsecase through ``PYTHONPATH`` (set here) when
qsecase is not installed in the environment.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from typing import Any

import nbformat
import pytest

from notebook_runner import output_of, run_notebook
from qsecase.answers import AnswersFile, AnswersHeader, write_answers
from qsecase.corpus import load_case
from qsecase.exercises.sm_qse.model import SmQseAnswers
from qsecase.grading.grade import Grade
from qsecase.notebook import Casebook
from qsecase.session import open_exercise

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "07_sm_qse.ipynb"
CASE = ROOT / "cases" / "ventoux"
KEY = CASE / "key" / "sm-qse.yaml"
WIDGET = "application/vnd.jupyter.widget-view+json"
STEPS = ("veille", "documents", "nouveau-document", "tableau-de-bord", "reporting")


def execute(tmp_path: Path, **parameters: Any) -> nbformat.NotebookNode:
    return run_notebook(NOTEBOOK, tmp_path, **parameters)


def small_answers(path: Path) -> Path:
    """A trainee whose watch text comes from a commercial letter, who reviewed one document, drafted
    a document whose reference breaks the codification, follows one indicator, reads one drift,
    passes on one item citing an unknown fact and traces the lot of the supplier's alert."""
    case = load_case(CASE)
    answers = SmQseAnswers.model_validate({
        "veille": [{"id": "V21", "source": "Lettre d'information d'un fournisseur",
                    "texte": "Contrôle des lave-mains", "applicabilite": "applicable"}],
        "revue_documents": [{"reference": "MO-PRO-012", "ecarts": ["revue dépassée"],
                             "action": "Réviser le mode opératoire"}],
        "nouveau_document": {"cartouche": {"reference": "Consigne cuisson 3", "type": "mode opératoire",
                                           "titre": "Surveiller la cuisson"},
                             "public": "cuiseurs", "texte": "## Objet\n\nSurveiller la cuisson."},
        "indicateurs": [{"id": "I1", "nom": "Taux de fréquence", "colonne": "tf_12_mois", "objectif": 20,
                         "seuil_alerte": 30, "sens": "baisse", "source": "Responsable RH"}],
        "relances": [{"service": "Responsable RH", "indicateur": "I1", "periode": "2026-09",
                      "date": dt.date(2026, 10, 20)}],
        "derives": [{"indicateur": "I1", "type": "seuil", "periode": "2026-08"}],
        "remontees": [{"sujet": "Taux de fréquence au-dessus du seuil", "type": "tendance",
                       "sources": ["I1", "ZZ-999"], "gravite": 3, "message": "Deux accidents en été"}],
        "crise": {"lot_origine": "CD-26-2741", "lots_concernes": ["26-279-2"], "clients": ["Azur Hyper"],
                  "preuves": ["Enregistrements de cuisson des lots"], "message": "Rappel à décider"}})
    header = AnswersHeader(exercise="sm-qse", case=case.id, trainee="zoe.petit")
    write_answers(path, AnswersFile(header=header, answers=answers))
    return path


def test_notebook_explains_the_method() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for needed in ("4-1", "4-2", "4-3", "4-6", "veille réglementaire", "sources reconnues", "cartouche",
                   "codification", "FALC", "tableau de bord", "carte de contrôle", "relances", "dérives",
                   "gravité", "Tracer", "droit d'auteur"):
        assert needed.lower() in text.lower()


def test_correction_renders_each_step_and_writes_the_grade(tmp_path: Path) -> None:
    """What the trainer reads (static HTML of each step) and the grade, without a kernel."""
    answers = small_answers(tmp_path / "remise" / "sm-qse.yaml")
    out = tmp_path / "notes"
    trainer = Casebook(open_exercise("sm-qse", case_dir=CASE, answers_path=answers, key_path=KEY,
                                     output_dir=out, mode="correction"))
    pages = {step: trainer.step(step).data for step in STEPS}
    assert all(page.startswith('<section lang="fr">') for page in pages.values())
    assert html.escape("n'est pas une source reconnue") in pages["veille"]
    assert "MO-PRO-012" in pages["documents"] and "revue dépassée" in pages["documents"]
    assert "<iframe srcdoc=" in pages["nouveau-document"]
    assert "ne suit pas la règle de codification" in pages["nouveau-document"]
    assert "<img" in pages["tableau-de-bord"] and "Dérives repérées : 1" in pages["tableau-de-bord"]
    assert "ZZ-999" in pages["reporting"] and "26-279-3" in pages["reporting"]
    assert "/ 20" in trainer.conclude().data
    grade = json.loads((out / "sm-qse.grade.json").read_text(encoding="utf-8"))
    assert grade["exercise"] == "sm-qse" and 0 <= grade["note_20"] <= 20


def test_selfstudy_reveals_the_solution_step_by_step(tmp_path: Path) -> None:
    session = open_exercise("sm-qse", case_dir=CASE, answers_path=tmp_path / "r.yaml",
                            output_dir=tmp_path, mode="autoformation")
    tools = Casebook(session).conclude().children[0]
    tools.solution_button.click()
    assert "Solution — Veille réglementaire" in tools.solution.value
    while not tools.solution_button.disabled:
        tools.solution_button.click()
    assert "Documents présentant des écarts" in tools.solution.value
    assert "Dérives attendues" in tools.solution.value and "CD-26-2741" in tools.solution.value
    tools.check()
    assert "/ 20" in tools.feedback.value


@pytest.mark.notebook
def test_formation_runs_with_forms(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    nb = execute(tmp_path, case_dir=str(CASE), mode="formation")
    assert "Mode : formation" in output_of(nb, "cb.intro()")["text/html"]
    for step in STEPS:
        assert WIDGET in output_of(nb, f'cb.step("{step}")')
    assert WIDGET in output_of(nb, "cb.conclude()")
    assert not (tmp_path / "sm-qse.grade.json").exists()
    assert not (tmp_path / "reponses" / "sm-qse.yaml").exists()  # nothing typed, nothing saved


@pytest.mark.notebook
def test_correction_writes_a_valid_grade(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    answers = small_answers(tmp_path / "remise" / "sm-qse.yaml")
    before = answers.read_bytes()
    out = tmp_path / "notes"
    nb = execute(tmp_path, case_dir=str(CASE), answers_path=str(answers), key_path=str(KEY),
                 output_dir=str(out), mode="correction")
    grade = Grade.from_json((out / "sm-qse.grade.json").read_text(encoding="utf-8"))
    assert grade.trainee == "zoe.petit" and grade.exercise == "sm-qse"
    assert {i.criterion for i in grade.items} == {"4-1", "4-2", "4-3", "4-6"}
    assert 0 <= grade.note_20 < 20  # a sketch of an answer is far from the key
    assert answers.read_bytes() == before  # grading never writes into submissions
    assert "Note :" in output_of(nb, "cb.conclude()")["text/html"]
    watch = output_of(nb, 'cb.step("veille")')["text/html"]
    assert "Contrôle des lave-mains" in watch and "source à vérifier" in watch
    assert "MO-PRO-012" in output_of(nb, 'cb.step("documents")')["text/html"]
    assert "<iframe srcdoc=" in output_of(nb, 'cb.step("nouveau-document")')["text/html"]
    assert "Taux de fréquence" in output_of(nb, 'cb.step("tableau-de-bord")')["text/html"]
    reporting = output_of(nb, 'cb.step("reporting")')["text/html"]
    assert "ZZ-999" in reporting and "Provence Distribution" in reporting


