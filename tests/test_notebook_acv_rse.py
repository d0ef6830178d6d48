"""Execute ``notebooks/06_acv_rse.ipynb`` in a real kernel, as the batch and trainees do.

The executing tests are marked ``notebook`` (deselect them with ``-m "not notebook"``). The
trainer's pages (correction) and the solution (self-study) are also checked without a kernel.
:func:`reference_answers` turns the answer key into the answers a very good trainee would hand in.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml

from notebook_runner import output_of, run_notebook
from qsecase.answers import AnswersFile, AnswersHeader, write_answers
from qsecase.exercises.acv_rse.model import AcvRseAnswers, AcvRseKey
from qsecase.grading.grade import Grade
from qsecase.notebook import Casebook
from qsecase.session import open_exercise

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "06_acv_rse.ipynb"
CASE = ROOT / "cases" / "mecaprec"
KEY = CASE / "key" / "acv-rse.yaml"
WIDGET = "application/vnd.jupyter.widget-view+json"
STEPS = ("systeme", "resultats", "scenarios", "rse")


def reference_answers() -> AcvRseAnswers:
    """The key's reference system, two readings of its hotspots, the two levers of the key as
    scenarios (the first with the longer road from Singen), a recommendation and one action per
    expected RSE action."""
    key = AcvRseKey.model_validate(yaml.safe_load(KEY.read_text(encoding="utf-8")))
    readings = [
        {"cible": "matieres", "categorie": "changement-climatique",
         "constat": "L'étape des matières fait 95 % du changement climatique du bloc.",
         "piste": "acheter un lopin en aluminium recyclé et alléger le brut"},
        {"cible": "aluminium-primaire", "categorie": "changement-climatique",
         "constat": "Les 3,10 kg d'aluminium primaire font l'essentiel des 22 kg CO₂ éq.",
         "piste": "réduire la masse brute avec un profilé filé à la forme"}]
    scenarios = [
        {"id": "S1", "libelle": "Lopin en aluminium recyclé livré de Singen", "levier": "matiere",
         "modifications": [
             {"processus": "P1", "fournisseur": "aluminium-primaire", "remplacer_par": "aluminium-recycle"},
             {"processus": "P4", "fournisseur": "fret-routier-articule", "quantite": 1.7564,
              "unite": "t.km"}],
         "justification": "Le point chaud est l'aluminium primaire ; le transfert de pollution vers la "
                          "distribution (route depuis Singen) reste faible devant le gain.",
         "sources": ["NOM-05", "LOG-10", "ACV34"]},
        {"id": "S2", "libelle": "Profilé filé à la forme", "levier": "masse",
         "modifications": [
             {"processus": "P1", "fournisseur": "aluminium-primaire", "quantite": 2.45, "unite": "kg"},
             {"processus": "P2", "fournisseur": "electricite-france", "quantite": 7.10, "unite": "kWh"},
             {"processus": "P2", "fournisseur": "recyclage-aluminium", "quantite": 0.55, "unite": "kg"}],
         "justification": "Moins de masse brute, donc moins de copeaux et d'usinage.",
         "sources": ["NOM-06", "ACV35"]}]
    actions = [{
        "id": f"R{n}", "libelle": e.libelle[0].upper() + e.libelle[1:], "objectifs": e.objectifs,
        "odd": e.odd,
        "questions_centrales": e.questions_centrales, "parties_prenantes": ["salaries", "clients"],
        "impacts": [{"dimension": "environnementale",
                     "description": "L'action réduit un impact de l'entreprise pour ses parties prenantes et "
                                    "sert directement l'objectif de la politique RSE.",
                     "indicateur": "indicateur de l'objectif de la politique",
                     "valeur_cible": "cible de 2028"}],
        "textes": e.textes, "faits": ["RS2"], "responsable": "Responsable QSE", "echeance": "fin 2027"}
        for n, e in enumerate(key.actions_rse, 1)]
    return AcvRseAnswers.model_validate({
        "systeme": key.systeme.model_dump(), "lectures": readings, "scenarios": scenarios,
        "conclusion": "Je recommande le scénario S1 avec le profilé du scénario S2 : le changement "
                      "climatique baisse de plus de 80 % ; le transfert vers la distribution reste faible, "
                      "et le trajet maritime non modélisé est une limite à lever avant de signer les "
                      "contrats.",
        "actions_rse": actions})


def write_reference(path: Path, trainee: str = "lea.martin") -> Path:
    header = AnswersHeader(exercise="acv-rse", case="mecaprec", trainee=trainee)
    write_answers(path, AnswersFile(header=header, answers=reference_answers()))
    return path


def execute(tmp_path: Path, **parameters: Any) -> nbformat.NotebookNode:
    return run_notebook(NOTEBOOK, tmp_path, **parameters)


def text_of(page: str) -> str:
    """The words of an HTML page (images' data left out, entities decoded, spaces collapsed)."""
    words = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r'src="data:[^"]+"', "", page)))
    return re.sub(r"\s+", " ", words)


def test_notebook_explains_the_method() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for needed in ("3-5", "3-6", "ISO 14040", "ISO 14044", "quatre phases", "unité fonctionnelle",
                   "flux de référence", "A s = f", "critères de coupure", "cut-off", "80 %",
                   "transfert de pollution", "t.km", "ISO 26000", "sept questions centrales", "ODD",
                   "fiche de synthèse", "[RSE1]"):
        assert needed.lower() in text.lower(), needed


def test_correction_renders_each_step_and_writes_the_grade(tmp_path: Path) -> None:
    """What the trainer reads (static HTML of each step) and the grade, without a kernel."""
    answers = write_reference(tmp_path / "remise" / "acv-rse.yaml")
    out = tmp_path / "notes"
    trainer = Casebook(open_exercise("acv-rse", case_dir=CASE, answers_path=answers, key_path=KEY,
                                     output_dir=out, mode="correction"))
    pages = {step: trainer.step(step).data for step in STEPS}
    assert all(page.startswith('<section lang="fr"><h3>Réponses du stagiaire') for page in pages.values())
    words = {step: text_of(page) for step, page in pages.items()}
    assert "Assurer la fonction de bloc de distribution hydraulique" in words["systeme"]
    assert "Intrants par unité produite" in words["systeme"] and "aluminium-primaire" in words["systeme"]
    assert "Changement climatique = 22,4 kg CO₂ éq." in words["resultats"]
    assert pages["resultats"].count("<img") == 4  # stages, hotspots by stage and by dataset, tornado
    assert "Lectures des résultats du stagiaire" in words["resultats"]
    assert "Réduction de masse" in words["scenarios"] and "▼" in words["scenarios"]
    assert "Je recommande le scénario S1" in words["scenarios"] and "<img" in pages["scenarios"]
    assert "RSE6" in words["rse"] and "✔ couvert" in words["rse"]
    assert "Impacts positifs attendus" in words["rse"]
    assert "Textes reconnus" in words["rse"] and "<img" in pages["rse"]
    conclusion = trainer.conclude().data
    assert "/ 20" in conclusion
    grade = json.loads((out / "acv-rse.grade.json").read_text(encoding="utf-8"))
    assert grade["exercise"] == "acv-rse" and grade["note_20"] >= 18


def test_correction_names_the_entry_errors(tmp_path: Path) -> None:
    """A trainee whose aluminium is typed in kWh and who reads nothing: the trainer sees the ✖ lines."""
    a = reference_answers()
    a.systeme.processus[1].intrants[0].unite = "kWh"
    a.lectures = []
    path = tmp_path / "acv-rse.yaml"
    write_answers(path, AnswersFile(header=AnswersHeader(exercise="acv-rse", case="mecaprec", trainee="x"),
                                    answers=a))
    trainer = Casebook(open_exercise("acv-rse", case_dir=CASE, answers_path=path, key_path=KEY,
                                     output_dir=tmp_path, mode="correction"))
    systeme = text_of(trainer.step("systeme").data)
    assert "Contrôles de méthode" in systeme and "✖" in systeme and "kWh" in systeme
    resultats = text_of(trainer.step("resultats").data)
    assert "Calcul impossible" in resultats and "Aucune lecture des résultats" in resultats


def test_selfstudy_reveals_the_solution_step_by_step(tmp_path: Path) -> None:
    session = open_exercise("acv-rse", case_dir=CASE, answers_path=tmp_path / "r.yaml", output_dir=tmp_path,
                            mode="autoformation")
    tools = Casebook(session).conclude().children[0]
    tools.solution_button.click()
    first = text_of(tools.solution.value)
    assert "Solution — Objectif, champ de l'étude et inventaire du cycle de vie" in first
    assert "Modèle de référence" in first and "Données attendues, par unité fonctionnelle" in first
    assert "Aluminium primaire du lopin (masse brute)" in first and "Écart toléré : 5 %" in first
    while not tools.solution_button.disabled:
        tools.solution_button.click()
    solution = text_of(tools.solution.value)
    assert "Points chauds attendus" in solution and "Réduction de masse" in solution
    assert "Transferts de pollution à repérer" in solution and "Distribution et transport" in solution
    assert "Actions RSE attendues" in solution and "acheter de l'aluminium recyclé" in solution
    assert "ISO 26000" in solution and "<img" in tools.solution.value


@pytest.mark.notebook
def test_correction_of_the_reference_answers(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    answers = write_reference(tmp_path / "remise" / "acv-rse.yaml")
    before = answers.read_bytes()
    out = tmp_path / "notes"
    nb = execute(tmp_path, case_dir=str(CASE), answers_path=str(answers), key_path=str(KEY),
                 output_dir=str(out), mode="correction")
    grade = Grade.from_json((out / "acv-rse.grade.json").read_text(encoding="utf-8"))
    assert grade.trainee == "lea.martin" and grade.exercise == "acv-rse"
    assert {i.criterion for i in grade.items} == {"3-5", "3-6"}
    assert grade.note_20 >= 18
    assert answers.read_bytes() == before  # grading never writes into submissions
    assert "Note :" in output_of(nb, "cb.conclude()")["text/html"]
    assert "22,4 kg CO₂ éq." in output_of(nb, 'cb.step("resultats")')["text/html"]
    assert "<img" in output_of(nb, 'cb.step("scenarios")')["text/html"]
    assert "RSE1" in output_of(nb, 'cb.step("rse")')["text/html"]


@pytest.mark.notebook
def test_formation_runs_with_forms(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    nb = execute(tmp_path, case_dir=str(CASE), mode="formation")
    assert "Mode : formation" in output_of(nb, "cb.intro()")["text/html"]
    for step in STEPS:
        assert WIDGET in output_of(nb, f'cb.step("{step}")')
    assert WIDGET in output_of(nb, "cb.conclude()")
    assert not (tmp_path / "acv-rse.grade.json").exists()
    assert not (tmp_path / "reponses" / "acv-rse.yaml").exists()  # nothing typed, nothing saved


@pytest.mark.notebook
def test_autoformation_opens_the_trainees_answers(tmp_path: Path, kernel_env: dict[str, str]) -> None:
    answers = write_reference(tmp_path / "moi.yaml")
    before = answers.read_bytes()
    nb = execute(tmp_path, case_dir=str(CASE), answers_path=str(answers), mode="autoformation")
    assert "Mode : autoformation" in output_of(nb, "cb.intro()")["text/html"]
    for step in STEPS:
        assert WIDGET in output_of(nb, f'cb.step("{step}")')
    assert WIDGET in output_of(nb, "cb.conclude()")
    assert answers.read_bytes() == before  # opening the forms changes nothing
