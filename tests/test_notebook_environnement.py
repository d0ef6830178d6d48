"""Execute ``notebooks/05_environnement.ipynb`` in a real kernel, as the batch and trainees do.

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
from qsecase.exercises.environnement.model import EnvironnementAnswers
from qsecase.grading.grade import Grade
from qsecase.notebook import Casebook
from qsecase.session import open_exercise

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "05_environnement.ipynb"
CASE = ROOT / "cases" / "mecaprec"
KEY = CASE / "key" / "environnement.yaml"
WIDGET = "application/vnd.jupyter.widget-view+json"
STEPS = ("collecte", "registre", "aspects", "beges", "gaspillages", "efficacite")


def execute(tmp_path: Path, **parameters: Any) -> nbformat.NotebookNode:
    return run_notebook(NOTEBOOK, tmp_path, **parameters)


def small_answers(path: Path) -> Path:
    """A trainee whose datum has no reminder, whose hazardous waste has no BSD, whose aspect under a
    complaint is declared not significant, whose gas invoice is typed in m³ against a kWh PCS factor,
    with one waste and one reading."""
    answers = EnvironnementAnswers.model_validate({
        "collecte": [{"donnee": "Consommation d'électricité", "acteur": "Comptable",
                      "support": "facture du fournisseur", "echeance_jour": 12}],
        "registre_dechets": [{"date": dt.date(2026, 1, 20), "denomination": "Chiffons souillés",
                              "code_dechet": "15 02 02*", "quantite": 0.38, "installation": "Rhône Sud",
                              "transporteur": "Beaujolais Collecte Industrielle", "code_traitement": "D10",
                              "qualification": "élimination", "sources": ["BE-2026-02"]}],
        "aspects": [{"id": "AE1", "activite": "expédition", "aspect": "bruit de l'échange de la benne",
                     "plainte": True, "g": 1, "f": 3, "significatif": False, "sources": ["EV34"]}],
        "beges": [{"id": "A1", "quantite": 24000, "unite": "m³", "facteur": "gaz-naturel-pcs"},
                  {"id": "A2", "quantite": 1600, "unite": "MWh", "facteur": "electricite-france"}],
        "gaspillages": [{"gaspillage": "Éclairage allumé la nuit", "sources": ["EV25"],
                         "fonction": "Chef d'équipe de nuit"}],
        "efficacite": [{"action": "PE1", "flux": "electricite_kwh", "ratio_avant": 9.9, "ratio_apres": 9.1,
                        "unite": "kWh/pièce", "verdict": "efficace"}]})
    header = AnswersHeader(exercise="environnement", case="mecaprec", trainee="zoe.petit")
    write_answers(path, AnswersFile(header=header, answers=answers))
    return path


def test_notebook_explains_the_method() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for needed in ("3-1", "3-2", "3-3", "3-4", "ISO 14001", "R541-43", "registre", "plan de collecte",
                   "significati", "gravité", "BEGES", "scope", "facteur d'émission", "gaspillage",
                   "Sankey", "efficace", "Trackdéchets"):
        assert needed.lower() in text.lower()


def test_correction_renders_each_step_and_writes_the_grade(tmp_path: Path) -> None:
    """What the trainer reads (static HTML of each step) and the grade, without a kernel."""
    answers = small_answers(tmp_path / "remise" / "environnement.yaml")
    out = tmp_path / "notes"
    trainer = Casebook(open_exercise("environnement", case_dir=CASE, answers_path=answers, key_path=KEY,
                                     output_dir=out, mode="correction"))
    pages = {step: html.unescape(trainer.step(step).data) for step in STEPS}
    assert all(page.startswith('<section lang="fr">') for page in pages.values())
    assert "relance à prévoir" in pages["collecte"]
    assert "sans n° de bordereau" in pages["registre"]
    assert "déclaré non significatif alors que la règle le rend significatif" in pages["aspects"]
    assert "✖ non comptée" in pages["beges"] and "<img" in pages["beges"]
    assert "Chef d'équipe de nuit" in pages["gaspillages"]
    assert "PE1" in pages["efficacite"] and "L'action PE2 n'a pas encore de lecture" in pages["efficacite"]
    assert "/ 20" in trainer.conclude().data
    grade = json.loads((out / "environnement.grade.json").read_text(encoding="utf-8"))
    assert grade["exercise"] == "environnement" and 0 <= grade["note_20"] <= 20


def test_selfstudy_reveals_the_solution_step_by_step(tmp_path: Path) -> None:
    session = open_exercise("environnement", case_dir=CASE, answers_path=tmp_path / "r.yaml",
                            output_dir=tmp_path, mode="autoformation")
    tools = Casebook(session).conclude().children[0]
    tools.solution_button.click()
    assert html.escape("Solution — Plan de collecte des données") in tools.solution.value
    while not tools.solution_button.disabled:
        tools.solution_button.click()
    assert "Aspects attendus" in tools.solution.value and "Verdicts attendus" in tools.solution.value
    assert "Totaux attendus par scope" in tools.solution.value


@pytest.mark.notebook
def test_formation_runs_with_forms(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    nb = execute(tmp_path, case_dir=str(CASE), mode="formation")
    assert "Mode : formation" in output_of(nb, "cb.intro()")["text/html"]
    for step in STEPS:
        assert WIDGET in output_of(nb, f'cb.step("{step}")')
    assert WIDGET in output_of(nb, "cb.conclude()")
    assert not (tmp_path / "environnement.grade.json").exists()
    assert not (tmp_path / "reponses" / "environnement.yaml").exists()  # nothing typed, nothing saved


@pytest.mark.notebook
def test_correction_writes_a_valid_grade(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    answers = small_answers(tmp_path / "remise" / "environnement.yaml")
    before = answers.read_bytes()
    out = tmp_path / "notes"
    nb = execute(tmp_path, case_dir=str(CASE), answers_path=str(answers), key_path=str(KEY),
                 output_dir=str(out), mode="correction")
    grade = Grade.from_json((out / "environnement.grade.json").read_text(encoding="utf-8"))
    assert grade.trainee == "zoe.petit" and grade.exercise == "environnement"
    assert {i.criterion for i in grade.items} == {"3-1", "3-2", "3-3", "3-4"}
    assert 0 <= grade.note_20 < 20  # a sketch is far from the key
    assert answers.read_bytes() == before  # grading never writes into submissions
    assert "Note :" in output_of(nb, "cb.conclude()")["text/html"]
    assert "sans n° de bordereau" in output_of(nb, 'cb.step("registre")')["text/html"]
    beges = output_of(nb, 'cb.step("beges")')["text/html"]
    assert "est en m³ mais le facteur" in beges and "Totaux par scope" in beges
    assert "Efficacité des actions" in output_of(nb, 'cb.step("efficacite")')["text/html"]


