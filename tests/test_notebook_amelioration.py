"""Execute ``notebooks/09_amelioration.ipynb`` in a real kernel, as the batch and trainees do.

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
from qsecase.exercises.amelioration.model import AmeliorationAnswers
from qsecase.grading.grade import Grade
from qsecase.notebook import Casebook
from qsecase.session import open_exercise
from qsecase.widgets.amelioration_data import objectives, stakeholders

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "09_amelioration.ipynb"
CASE = ROOT / "cases" / "mecaprec"
KEY = CASE / "key" / "amelioration.yaml"
WIDGET = "application/vnd.jupyter.widget-view+json"
STEPS = ("actions", "planning", "suivi", "support", "sensibilisation", "reunion")


def execute(tmp_path: Path, **parameters: Any) -> nbformat.NotebookNode:
    return run_notebook(NOTEBOOK, tmp_path, **parameters)


def small_answers(path: Path) -> Path:
    """A trainee with one action, a three-task plan in a loop-free order, a RACI without « A » on
    the last task, a status point, and a meeting with an objective but no agenda."""
    case = load_case(CASE)
    goal = next(iter(objectives(case)))
    actors = stakeholders(case)
    tasks = [{"id": "T1", "nom": "Diagnostic de l'atelier", "duree": 5, "statut": "fait",
              "avancement": 100},
             {"id": "T2", "nom": "Achat des bacs de rétention", "duree": 10, "predecesseurs": ["T1"],
              "statut": "en cours", "avancement": 20},
             {"id": "T3", "nom": "Réception des travaux", "duree": 0, "jalon": True,
              "predecesseurs": ["T2"]}]
    answers = AmeliorationAnswers.model_validate({
        "actions": [{"id": "AM1", "titre": "Bacs de rétention sous les centres d'usinage",
                     "sources": [next(iter(case.facts))], "objectif": goal,
                     "benefices": ["environnement"]}],
        "debut": dt.date(2026, 9, 1), "taches": tasks, "outil": "gantt",
        "raci": [{"tache": t["id"], "roles": {actors[0]: "A" if t["id"] != "T3" else "I",
                                              actors[1]: "R"}} for t in tasks],
        "date_suivi": dt.date(2026, 10, 5), "seuil_alerte_jours": 5,
        "reunion": {"type": "decision", "objectif": "Valider le plan d'amélioration"}})
    header = AnswersHeader(exercise="amelioration", case=case.id, trainee="zoe.petit")
    write_answers(path, AnswersFile(header=header, answers=answers))
    return path


def test_notebook_explains_the_method() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for needed in ("5-1", "chemin critique", "RACI", "WCAG 2.2", "4,5:1", "objectif pédagogique",
                   "style d'animation", "politique QSE"):
        assert needed.lower() in text.lower()


def test_correction_renders_each_step_and_writes_the_grade(tmp_path: Path) -> None:
    """What the trainer reads (static HTML of each step) and the grade, without a kernel."""
    answers = small_answers(tmp_path / "remise" / "amelioration.yaml")
    out = tmp_path / "notes"
    trainer = Casebook(open_exercise("amelioration", case_dir=CASE, answers_path=answers,
                                     key_path=KEY, output_dir=out, mode="correction"))
    planning = trainer.step("planning").data
    assert "Réponses du stagiaire" in planning and "Réception des travaux" in planning
    assert planning.count("<img") == 2  # the Gantt chart and the PERT network
    for step in STEPS:
        assert trainer.step(step).data.startswith('<section lang="fr">')
    assert "/ 20" in trainer.conclude().data
    grade = json.loads((out / "amelioration.grade.json").read_text(encoding="utf-8"))
    assert grade["exercise"] == "amelioration" and 0 <= grade["note_20"] <= 20


def test_selfstudy_reveals_the_solution_step_by_step(tmp_path: Path) -> None:
    session = open_exercise("amelioration", case_dir=CASE, answers_path=tmp_path / "r.yaml",
                            output_dir=tmp_path, mode="autoformation")
    tools = Casebook(session).conclude().children[0]
    tools.solution_button.click()
    assert html.escape("Solution — Actions d'amélioration argumentées") in tools.solution.value
    while not tools.solution_button.disabled:
        tools.solution_button.click()
    assert "Tâches attendues" in tools.solution.value
    assert "Styles d'animation adaptés" in tools.solution.value


@pytest.mark.notebook
def test_formation_runs_with_forms(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    nb = execute(tmp_path, case_dir=str(CASE), mode="formation")
    assert "Mode : formation" in output_of(nb, "cb.intro()")["text/html"]
    for step in STEPS:
        assert WIDGET in output_of(nb, f'cb.step("{step}")')
    assert WIDGET in output_of(nb, "cb.conclude()")
    assert not (tmp_path / "amelioration.grade.json").exists()
    assert not (tmp_path / "reponses" / "amelioration.yaml").exists()  # nothing typed, nothing saved


@pytest.mark.notebook
def test_correction_writes_a_valid_grade(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    answers = small_answers(tmp_path / "remise" / "amelioration.yaml")
    before = answers.read_bytes()
    out = tmp_path / "notes"
    nb = execute(tmp_path, case_dir=str(CASE), answers_path=str(answers), key_path=str(KEY),
                 output_dir=str(out), mode="correction")
    grade = Grade.from_json((out / "amelioration.grade.json").read_text(encoding="utf-8"))
    assert grade.trainee == "zoe.petit" and grade.exercise == "amelioration"
    assert {i.criterion for i in grade.items} == {"5-1", "5-2", "5-3", "5-4", "5-5", "5-6"}
    assert 0 <= grade.note_20 < 20  # a sketch of a plan is far from the key
    assert answers.read_bytes() == before  # grading never writes into submissions
    assert "Note :" in output_of(nb, "cb.conclude()")["text/html"]
    actions = output_of(nb, 'cb.step("actions")')["text/html"]
    assert "Bacs de rétention" in actions
    planning = output_of(nb, 'cb.step("planning")')["text/html"]
    assert "Chemin critique" in planning and "il faut exactement un « A »" in planning
    assert planning.count("<img") == 2
    suivi = output_of(nb, 'cb.step("suivi")')["text/html"]
    assert "05/10/2026" in suivi and "Réception des travaux" in suivi
    assert "<iframe srcdoc=" in output_of(nb, 'cb.step("support")')["text/html"]
    reunion = output_of(nb, 'cb.step("reunion")')["text/html"]
    assert "Valider le plan d&#x27;amélioration" in reunion
    assert "L&#x27;ordre du jour est vide" in reunion


