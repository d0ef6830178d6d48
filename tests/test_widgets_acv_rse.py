"""The LCA and RSE forms on the Mécaprec case, driven as a trainee would: set ``.value``, call
``.click()``.

Each test checks the answers model of the session *and* the answers file saved on disk; the
results are those of qsecase's engine on what was typed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from form_helpers import messages, saved
from qsecase.notebook import Casebook
from qsecase.session import Session, open_exercise
from qsecase.widgets.acv_rse_process import InputRow, ProcessRow
from qsecase.widgets.acv_rse_scenarios import ChangeRow, ScenarioRow
from qsecase.widgets.acv_rse_summary import SUMMARY_HTML
from test_notebook_acv_rse import write_reference

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "cases" / "mecaprec"
STEPS = ["systeme", "resultats", "scenarios", "rse"]
CLIMATE = "changement-climatique"


@pytest.fixture
def answers_path(tmp_path: Path) -> Path:
    return tmp_path / "reponses" / "acv-rse.yaml"


@pytest.fixture
def session(answers_path: Path, tmp_path: Path) -> Session:
    return open_exercise("acv-rse", case_dir=CASE, answers_path=answers_path, output_dir=tmp_path)


@pytest.fixture
def book(session: Session) -> Casebook:
    return Casebook(session)


def add_process(form: Any, stage: str, inputs: list[tuple[str, str, str]]) -> ProcessRow:
    """A new process at ``stage`` with ``inputs`` (provider, amount as typed, unit), chosen in the form."""
    form.editor.add_button.click()
    row = form.editor.rows[-1]
    assert isinstance(row, ProcessRow) and form.chosen() is row  # a new process is the one detailed
    row.fields["etape"].value = stage
    for provider, amount, unit in inputs:
        row.inputs.add_button.click()
        item = row.inputs.rows[-1]
        assert isinstance(item, InputRow)
        item.fields["fournisseur"].value = provider
        item.fields["quantite"].value = amount
        item.fields["unite"].value = unit
    return row


def small_system(form: Any) -> None:
    """P1 aluminium (matières), P2 road transport (distribution), P3 the block that uses both."""
    form.uf.value = "Assurer la fonction de bloc hydraulique pendant 10 000 heures"
    form.flow.value = "1 bloc BF-12"
    add_process(form, "matieres", [("aluminium-primaire", "3,10", "kg")])
    add_process(form, "distribution", [("fret-routier-articule", "1", "t.km")])
    add_process(form, "utilisation", [("P1", "1", "p"), ("P2", "1", "p")])
    form.ref.value = "P3"


def test_a_process_and_an_input_save_and_reload(book: Casebook, session: Session, answers_path: Path,
                                                tmp_path: Path) -> None:
    assert list(book.forms) == STEPS
    form = book.step("systeme")
    assert "NOM-01" in form.corpus.children[1].children[1].value  # the bill of materials beside the form
    form.uf.value = "Assurer la fonction de bloc hydraulique pendant 10 000 heures"
    form.editor.add_button.click()
    process = form.editor.rows[0]
    assert process.fields["id"].value == "P1" and form.chosen() is process
    process.fields["etape"].value = "matieres"
    process.fields["libelle"].value = "Matières du bloc"
    process.inputs.add_button.click()
    assert "« fournisseur » est à renseigner" in messages(form)  # an empty input is not saved, and says why
    item = process.inputs.rows[0]
    assert ("Aluminium primaire, lingot (production européenne) — par kg (aluminium-primaire)",
            "aluminium-primaire") in item.fields["fournisseur"].options
    item.fields["fournisseur"].value = "aluminium-primaire"
    assert item.fields["unite"].value == "kg" and "en kg" in item.line.value  # the provider's unit
    item.fields["quantite"].value = "3,10"
    item.fields["sources"].value = "NOM-01, ACV15"
    form.ref.value = "P1"
    system = saved(answers_path)["systeme"]
    assert system["processus_reference"] == "P1" and system["processus"][0]["libelle"] == "Matières du bloc"
    assert system["processus"][0]["intrants"] == [{"fournisseur": "aluminium-primaire", "quantite": 3.1,
                                                   "unite": "kg", "sources": ["NOM-01", "ACV15"], "note": ""}]
    reopened = open_exercise("acv-rse", case_dir=CASE, answers_path=answers_path, output_dir=tmp_path)
    assert reopened.answers == session.answers
    item.fields["quantite"].value = "trois"  # not a number: named, not saved, not lost
    assert "« trois » n'est pas un nombre (quantité)" in messages(form)
    assert saved(answers_path)["systeme"]["processus"][0]["intrants"][0]["quantite"] == 3.1
    form.editor.add_button.click()  # another process detailed, then back: the typed text is still there
    assert form.chosen() is form.editor.rows[1]
    form.chooser.value = 0
    assert form.detail.children == (process.detail,) and item.fields["quantite"].value == "trois"
    item.fields["quantite"].value = "3,1"
    form.editor.remove(1)
    assert saved(answers_path)["systeme"]["processus"][0]["intrants"][0]["quantite"] == 3.1


def test_a_unit_mismatch_shows_an_error_line(book: Casebook, answers_path: Path) -> None:
    form = book.step("systeme")
    small_system(form)
    assert "ne se convertit pas" not in messages(form)
    aluminium = form.editor.rows[0].inputs.rows[0]
    aluminium.fields["unite"].value = "kWh"
    assert saved(answers_path)["systeme"]["processus"][0]["intrants"][0]["unite"] == "kWh"
    errors = [i.message for i in form.issues.issues if i.level == "erreur"]
    assert any("kWh" in m and "ne se convertit pas" in m for m in errors)
    assert "✖" in form.issues.value
    assert "Calcul impossible" in book.step("resultats").status.value
    aluminium.fields["unite"].value = "kg"
    assert not any("ne se convertit pas" in i.message for i in form.issues.issues)


def test_results_recompute_after_each_change(book: Casebook, answers_path: Path) -> None:
    form, results = book.step("systeme"), book.step("resultats")
    assert "Aucun processus" in results.status.value and results.table.value == ""
    small_system(form)
    first = results.study.result.impacts[CLIMATE]
    assert first > 0 and "Changement climatique" in results.table.value
    assert results.figure.value.startswith("<img") and results.tornado.value.startswith("<img")
    results.category.value = CLIMATE
    results.by.value = "dataset"
    assert "aluminium-primaire" in results.hotspot.value  # the text alternative names the dataset
    table, figure = results.table.value, results.figure.value
    form.editor.rows[0].inputs.rows[0].fields["quantite"].value = "6,2"  # twice the aluminium
    assert results.study.result.impacts[CLIMATE] > 1.8 * first
    assert results.table.value != table and results.figure.value != figure
    results.editor.add_button.click()
    reading = results.editor.rows[0]
    assert "Extraction et transformation des matières premières" in reading.fields["cible"].options
    reading.fields["cible"].value = "matieres"
    reading.fields["constat"].value = "L'étape matières fait 95 % du changement climatique."
    assert "la piste d'écoconception est à préciser" in messages(results)
    reading.fields["piste"].value = "passer à un lopin en aluminium recyclé"
    assert saved(answers_path)["lectures"] == [{
        "cible": "matieres", "categorie": CLIMATE, "constat": "L'étape matières fait 95 % du changement "
        "climatique.", "piste": "passer à un lopin en aluminium recyclé"}]
    assert not results.issues.issues


def test_a_scenario_is_compared_and_its_burden_shift_flagged(book: Casebook, answers_path: Path) -> None:
    small_system(book.step("systeme"))
    form = book.step("scenarios")
    assert "Aucun scénario calculé" in form.status.value
    form.editor.add_button.click()
    scenario = form.editor.rows[0]
    assert isinstance(scenario, ScenarioRow) and scenario.fields["id"].value == "S1"
    scenario.fields["libelle"].value = "Aluminium recyclé venu de loin"
    scenario.changes.add_button.click()
    change = scenario.changes.rows[0]
    assert isinstance(change, ChangeRow)
    change.fields["processus"].value = "P1"
    assert [v for _label, v in change.fields["fournisseur"].options] == ["", "aluminium-primaire"]
    change.fields["fournisseur"].value = "aluminium-primaire"
    change.fields["remplacer_par"].value = "aluminium-recycle"
    assert "▼" in form.table.value and "gain" in form.table.value
    assert form.figure.value.startswith("<img")
    assert not any("transfert" in i.message for i in form.issues.issues)
    scenario.changes.add_button.click()  # the recycled metal travels by road thirty times as far
    longer = scenario.changes.rows[1]
    longer.fields["processus"].value = "P2"
    longer.fields["fournisseur"].value = "fret-routier-articule"
    longer.fields["quantite"].value = "30"
    saved_scenario = saved(answers_path)["scenarios"][0]
    assert saved_scenario["levier"] == "matiere" and saved_scenario["modifications"][1]["quantite"] == 30
    shifts = [i.message for i in form.issues.issues if "transfert de pollution" in i.message]
    assert shifts and "Distribution" in shifts[0] and "⚠" in form.issues.value
    assert "transfert" in form.table.value
    form.conclusion.value = "Je recommande S1 malgré le transfert vers la distribution."
    assert saved(answers_path)["conclusion"].startswith("Je recommande S1")


def test_the_summary_is_written_beside_the_answers(book: Casebook, answers_path: Path) -> None:
    export = book.step("scenarios").summary
    assert export.export() is None and "Fiche impossible" in export.status.value  # nothing to sum up yet
    small_system(book.step("systeme"))
    path = export.export()
    assert path == answers_path.parent / SUMMARY_HTML
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "Unité fonctionnelle" in page and "<img" in page
    assert f'{SUMMARY_HTML}" target="_blank"' in export.status.value
    assert "ouvrir la fiche de synthèse" in export.status.value


def test_the_rse_step_lists_the_policy_and_checks_the_actions(book: Casebook, answers_path: Path) -> None:
    form = book.step("rse")
    for objective in ("RSE1", "RSE2", "RSE3", "RSE4", "RSE5", "RSE6"):
        assert objective in form.policy_box.value
    assert "Aucune action RSE" in form.matrix.value and "✖ non couvert" in form.coverage.value
    form.editor.add_button.click()
    action = form.editor.rows[0]
    assert action.fields["id"].value == "R1"
    objectives = [v for _label, v in action.fields["objectifs"].options]
    assert objectives == ["RSE1", "RSE2", "RSE3", "RSE4", "RSE5", "RSE6"]
    action.fields["libelle"].value = "Acheter de l'aluminium recyclé"
    action.fields["objectifs"].value = ("RSE1", "RSE2")
    action.fields["odd"].value = (12, 13)
    action.fields["questions_centrales"].value = ("environnement",)
    action.fields["textes"].value = "loi AGEC\nnorme imaginaire"
    assert "loi-agec" in action.recognised.value and "texte non reconnu" in action.recognised.value
    text = messages(form)
    assert "« impacts » vide" in text and "norme imaginaire" in text
    action.impacts.add_button.click()
    impact = action.impacts.rows[0]
    impact.fields["description"].value = ("Moins d'aluminium primaire importé, donc moins d'émissions de "
                                          "gaz à effet de serre pour chaque bloc livré à Agriméca.")
    impact.fields["indicateur"].value = "kg CO₂ éq. par bloc"
    saved_action = saved(answers_path)["actions_rse"][0]
    assert saved_action["odd"] == [12, 13] and saved_action["textes"] == ["loi AGEC", "norme imaginaire"]
    assert saved_action["impacts"][0]["indicateur"] == "kg CO₂ éq. par bloc"
    assert "« impacts » vide" not in messages(form)
    assert "<img" in form.matrix.value and "✔ couvert" in form.coverage.value
    book.step("scenarios").editor.add_button.click()  # a scenario added there can be chosen here
    assert "S1" in [v for _label, v in action.fields["scenario"].options]


def test_saved_answers_fill_every_form(tmp_path: Path) -> None:
    path = write_reference(tmp_path / "acv-rse.yaml")
    book = Casebook(open_exercise("acv-rse", case_dir=CASE, answers_path=path, output_dir=tmp_path))
    form = book.step("systeme")
    assert [r.fields["id"].value for r in form.editor.rows] == ["P0", "P1", "P2", "P3", "P4", "P5", "P6"]
    assert form.ref.value == "P0" and "22,4 kg CO₂ éq." in book.step("resultats").status.value
    scenarios = book.step("scenarios")
    assert [r.fields["id"].value for r in scenarios.editor.rows] == ["S1", "S2"]
    assert scenarios.editor.rows[1].changes.rows[1].fields["quantite"].value == "7,1"
    assert len(book.step("rse").editor.rows) == 8 and not book.step("rse").issues.issues
