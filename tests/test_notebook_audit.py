"""Execute ``notebooks/08_audit.ipynb`` in a real kernel, as the batch and trainees do.

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
from qsecase.exercises.audit.model import AuditAnswers
from qsecase.grading.grade import Grade
from qsecase.notebook import Casebook
from qsecase.session import open_exercise
from qsecase.widgets.audit_case import functions, people, population

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "08_audit.ipynb"
CASE = ROOT / "cases" / "ventoux"
KEY = CASE / "key" / "audit.yaml"
WIDGET = "application/vnd.jupyter.widget-view+json"
STEPS = ("plan", "echantillon", "questionnaire", "constats", "rapport", "preparation")


def execute(tmp_path: Path, **parameters: Any) -> nbformat.NotebookNode:
    return run_notebook(NOTEBOOK, tmp_path, **parameters)


def small_answers(path: Path) -> Path:
    """A trainee whose auditor audits her own function, with one drawn sample, one closed question
    without expected evidence, one finding citing an unknown fact and one line of preparation."""
    case = load_case(CASE)
    quality = next(f for f in functions(case) if "qualité" in f.lower())
    holder = next(r.nom for r in case.spec.organisation.roles if r.fonction == quality)
    ids = population(case, "enregistrements")[:3]
    answers = AuditAnswers.model_validate({
        "plan": {"objectifs": "Évaluer la maîtrise de la métrologie", "champ": "Cuisson, 2026",
                 "criteres": ["ISO 9001", "ISO 14001"], "date": dt.date(2026, 10, 21),
                 "equipe": [{"nom": holder, "fonction": quality, "role": "responsable d'audit"},
                            {"nom": people(case)[-1], "fonction": functions(case)[-1]}],
                 "entretiens": [{"fonction": quality, "clauses": ["7.1.5"], "auditeur": holder,
                                 "debut": dt.datetime(2026, 10, 21, 9, 0)}]},
        "echantillons": [{"population": "enregistrements", "objectif": "Étalonnages et formations",
                          "methode": "aléatoire", "taille": 3, "graine": 42, "elements": ids}],
        "questions": [{"id": "Q1", "clause": "7.1.5", "exigence": "Les sondes sont étalonnées",
                       "question": "Avez-vous étalonné les sondes ?", "fonction": quality}],
        "constats": [{"id": "C1", "type": "NC mineure", "clause": "7.1.5",
                      "exigence": "Les sondes sont étalonnées",
                      "constat": "Sonde de remplacement posée sans vérification", "preuves": ["ZZ-999"]}],
        "rapport": {"conclusion": "Métrologie à renforcer", "diffusion": ["Directrice générale"]},
        "preparation": [{"referentiel": "ISO 14001", "clause": "5.2", "exigence": "Politique "
                         "environnementale", "document": "PO-DIR-002", "statut": "incomplet"}]})
    header = AnswersHeader(exercise="audit", case=case.id, trainee="zoe.petit")
    write_answers(path, AnswersFile(header=header, answers=answers))
    return path


def test_notebook_explains_the_method() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for needed in ("4-4", "4-5", "ISO 19011", "plan d'audit", "échantillonnage", "questionnaire",
                   "constats", "rapport d'audit", "non-conformité majeure", "point fort",
                   "reformulez les exigences", "droit d'auteur"):
        assert needed.lower() in text.lower()


def test_correction_renders_each_step_and_writes_the_grade(tmp_path: Path) -> None:
    """What the trainer reads (static HTML of each step) and the grade, without a kernel."""
    answers = small_answers(tmp_path / "remise" / "audit.yaml")
    out = tmp_path / "notes"
    trainer = Casebook(open_exercise("audit", case_dir=CASE, answers_path=answers, key_path=KEY,
                                     output_dir=out, mode="correction"))
    for step in STEPS:
        assert trainer.step(step).data.startswith('<section lang="fr">')
    assert "auditerait sa propre fonction" in trainer.step("plan").data
    assert "ZZ-999" in trainer.step("constats").data
    assert "<iframe srcdoc=" in trainer.step("rapport").data
    assert "/ 20" in trainer.conclude().data
    grade = json.loads((out / "audit.grade.json").read_text(encoding="utf-8"))
    assert grade["exercise"] == "audit" and 0 <= grade["note_20"] <= 20


def test_selfstudy_reveals_the_solution_step_by_step(tmp_path: Path) -> None:
    session = open_exercise("audit", case_dir=CASE, answers_path=tmp_path / "r.yaml",
                            output_dir=tmp_path, mode="autoformation")
    tools = Casebook(session).conclude().children[0]
    tools.solution_button.click()
    assert html.escape("Solution — Plan d'audit") in tools.solution.value
    while not tools.solution_button.disabled:
        tools.solution_button.click()
    assert "Constats attendus" in tools.solution.value
    assert "Preuves attendues et leur statut" in tools.solution.value


@pytest.mark.notebook
def test_formation_runs_with_forms(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    nb = execute(tmp_path, case_dir=str(CASE), mode="formation")
    assert "Mode : formation" in output_of(nb, "cb.intro()")["text/html"]
    for step in STEPS:
        assert WIDGET in output_of(nb, f'cb.step("{step}")')
    assert WIDGET in output_of(nb, "cb.conclude()")
    assert not (tmp_path / "audit.grade.json").exists()
    assert not (tmp_path / "reponses" / "audit.yaml").exists()  # nothing typed, nothing saved


@pytest.mark.notebook
def test_correction_writes_a_valid_grade(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    answers = small_answers(tmp_path / "remise" / "audit.yaml")
    before = answers.read_bytes()
    out = tmp_path / "notes"
    nb = execute(tmp_path, case_dir=str(CASE), answers_path=str(answers), key_path=str(KEY),
                 output_dir=str(out), mode="correction")
    grade = Grade.from_json((out / "audit.grade.json").read_text(encoding="utf-8"))
    assert grade.trainee == "zoe.petit" and grade.exercise == "audit"
    assert {i.criterion for i in grade.items} == {"4-4", "4-5"}
    assert 0 <= grade.note_20 < 20  # a sketch of an audit is far from the key
    assert answers.read_bytes() == before  # grading never writes into submissions
    assert "Note :" in output_of(nb, "cb.conclude()")["text/html"]
    plan = output_of(nb, 'cb.step("plan")')["text/html"]
    assert "Programme des entretiens" in plan and "auditerait sa propre fonction" in plan
    sample = output_of(nb, 'cb.step("echantillon")')["text/html"]
    assert "Étalonnages et formations" in sample and "Graine du tirage" in sample
    questions = output_of(nb, 'cb.step("questionnaire")')["text/html"]
    assert "question fermée" in questions
    findings = output_of(nb, 'cb.step("constats")')["text/html"]
    assert "preuve(s) inconnue(s) dans le corpus : ZZ-999" in findings
    assert "<iframe srcdoc=" in output_of(nb, 'cb.step("rapport")')["text/html"]
    preparation = output_of(nb, 'cb.step("preparation")')["text/html"]
    assert "PO-DIR-002" in preparation and "exigences du périmètre sans ligne" in preparation


