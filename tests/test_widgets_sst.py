"""The SST follow-up and accident-analysis forms, driven as a trainee would: set ``.value``, call
``.click()``.

Each test checks the answers model of the session *and* the answers file saved on disk.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from form_helpers import messages, saved
from qsecase.notebook import Casebook
from qsecase.session import Session, open_exercise
from qsecase.widgets.probleme import QqoqcpStep
from qsecase.widgets.sst_accident import EXPORT_ICS, EXPORT_XLSX


@pytest.fixture
def answers_path(tmp_path: Path) -> Path:
    return tmp_path / "reponses" / "sst-accident.yaml"


@pytest.fixture
def session(answers_path: Path, tmp_path: Path) -> Session:
    return open_exercise("sst-accident", answers_path=answers_path, output_dir=tmp_path)


@pytest.fixture
def book(session: Session) -> Casebook:
    return Casebook(session)


def values(widget: Any) -> list[str]:
    """The values offered by a dropdown or a multiple selection."""
    return [v for _label, v in widget.options]


def add_entry(book: Casebook, regle: str, objet: str, last: dt.date | None,
              due: dt.date | None = None) -> Any:
    form = book.step("registre")
    form.entries.add_button.click()
    row = form.entries.rows[-1]
    row.fields["regle"].value = regle
    row.fields["objet"].value = objet
    row.fields["derniere_date"].value = last
    row.fields["echeance"].value = due
    return row


def test_register_rows_show_rule_due_date_and_status(book: Casebook, answers_path: Path) -> None:
    form = book.step("registre")
    assert "Aucune obligation" in form.table.value
    row = add_entry(book, "sst", "S-013", dt.date(2024, 11, 5), dt.date(2024, 11, 5))
    assert "S-013" in row.fields["objet"].options and "EQ-CH-04" in row.fields["objet"].options
    assert "tous les 24 mois" in row.box.children[1].value  # the rule's periodicity, under it
    entry = book.session.answers.registre[0]
    assert (entry.regle, entry.objet, entry.derniere_date) == ("sst", "S-013", dt.date(2024, 11, 5))
    assert saved(answers_path)["registre"][0]["derniere_date"] == "2024-11-05"
    assert "05/11/2026" in form.table.value and "≤ 30 j" in form.table.value  # computed by qsecase
    assert "erronée" in messages(form) and "05/11/2026" in messages(form)
    row.fields["echeance"].value = dt.date(2026, 11, 5)
    assert "erronée" not in messages(form)
    assert "conforme" in form.table.value
    form.entries.remove_buttons[0].click()
    assert book.session.answers.registre == [] and saved(answers_path)["registre"] == []


def test_unknown_rule_of_a_saved_file_is_kept_and_flagged(book: Casebook, answers_path: Path,
                                                          tmp_path: Path) -> None:
    add_entry(book, "sst", "S-016", dt.date(2024, 6, 12))
    text = answers_path.read_text(encoding="utf-8").replace("regle: sst", "regle: sst-nuit")
    answers_path.write_text(text, encoding="utf-8")  # edited by hand
    again = Casebook(open_exercise("sst-accident", answers_path=answers_path, output_dir=tmp_path))
    form = again.step("registre")
    dropdown = form.entries.rows[0].fields["regle"]
    assert dropdown.value == "sst-nuit"
    assert ("sst-nuit (règle inconnue)", "sst-nuit") in dropdown.options
    assert "règle inconnue" in messages(form)
    assert ">?</span> règle inconnue" in form.table.value  # status as a symbol and a word
    dropdown.value = "sst"
    assert "règle inconnue" not in messages(form)
    assert saved(answers_path)["registre"][0]["regle"] == "sst"


def test_reminders_are_parsed_and_a_bad_value_is_refused(book: Casebook,
                                                         answers_path: Path) -> None:
    form = book.step("registre")
    add_entry(book, "vgp-chariot", "EQ-CH-02", dt.date(2026, 6, 22))
    form.rappels.value = "90, 60; 30"
    assert book.session.answers.rappels_jours == [90, 60, 30]
    assert saved(answers_path)["rappels_jours"] == [90, 60, 30]
    assert "Alertes programmées (90, 60, 30 jours" in form.table.value
    # due 22/12/2026: J-90 (23/09) is past at the case's date (12/10), so it alerts at once
    for day in ("12/10/2026", "23/10/2026", "22/11/2026"):
        assert day in form.table.value
    assert "23/09/2026" not in form.table.value
    form.rappels.value = "90, bientôt"
    assert "« bientôt » n'est pas un nombre entier de jours" in messages(form)
    assert saved(answers_path)["rappels_jours"] == [90, 60, 30]


def test_events_are_recorded_and_unknown_facts_flagged(book: Casebook, answers_path: Path) -> None:
    form = book.step("registre")
    form.events.add_button.click()
    event = form.events.rows[0]
    event.fields["evenement"].value = "AT-2026-09"
    event.fields["enregistrement"].value = "declaration_at"
    assert saved(answers_path)["evenements"] == [
        {"evenement": "AT-2026-09", "enregistrement": "declaration_at", "commentaire": ""}]
    assert not messages(form)
    event.fields["evenement"].value = "AT-2099-01"
    assert "« AT-2099-01 » introuvable" in messages(form)


def test_exports_write_beside_the_answers_and_never_touch_them(book: Casebook,
                                                               answers_path: Path) -> None:
    import openpyxl

    form = book.step("registre")
    add_entry(book, "sst", "S-016", dt.date(2024, 6, 12))
    add_entry(book, "portes-automatiques", "EQ-PA-01", dt.date(2026, 4, 28))
    form.rappels.value = "90, 60, 30"
    before = answers_path.read_bytes()
    form.export_xlsx.click()
    form.export_ics.click()
    assert answers_path.read_bytes() == before
    xlsx, ics = answers_path.parent / EXPORT_XLSX, answers_path.parent / EXPORT_ICS
    workbook = openpyxl.load_workbook(xlsx)
    assert workbook.sheetnames[0] == "Plan de suivi"
    cells = [c.value for r in workbook.active.iter_rows() for c in r]
    assert "S-016" in cells and "EQ-PA-01" in cells
    calendar = ics.read_text(encoding="utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR") and calendar.count("BEGIN:VEVENT") == 2
    assert "BEGIN:VALARM" in calendar
    assert "alertes-sst.ics" in form.export_status.value
    assert sorted(p.name for p in answers_path.parent.iterdir() if not p.name.startswith(".")) == [
        EXPORT_ICS, EXPORT_XLSX, answers_path.name, answers_path.name + ".bak"]


def test_export_failure_is_reported(book: Casebook, answers_path: Path) -> None:
    form = book.step("registre")
    add_entry(book, "sst", "S-016", dt.date(2024, 6, 12))
    (answers_path.parent / EXPORT_XLSX).mkdir()  # a folder where the file should go
    assert form.export(EXPORT_XLSX) is None
    assert "✖ Export impossible" in form.export_status.value


def test_epi_gaps_rate_and_stations(book: Casebook, answers_path: Path) -> None:
    form = book.step("epi")
    assert 'alt="Matrice de port des EPI' in form.figure.value
    assert "Écart constaté non déclaré" in messages(form)
    form.gaps.add_button.click()
    gap = form.gaps.rows[0]
    assert "Agent de quai" in values(gap.fields["poste"])
    gap.fields["poste"].value = "Agent de quai"
    gap.fields["epi"].value = "gilet haute visibilité"
    gap.fields["faits"].value = "OB-005"
    assert book.session.answers.epi.ecarts[0].faits == ["OB-005"]
    assert "« gilet haute visibilité » non porté au poste « Agent de quai »" not in messages(form)
    form.non_observes.value = ("Opérateur de convoyeur",)
    form.taux.value = "83,2 %"
    assert book.session.answers.epi.taux_conformite == pytest.approx(83.2)
    assert saved(answers_path)["epi"]["postes_non_observes"] == ["Opérateur de convoyeur"]
    form.taux.value = "beaucoup"
    assert "n'est pas un pourcentage" in messages(form)
    assert saved(answers_path)["epi"]["taux_conformite"] == pytest.approx(83.2)
    form.taux.value = ""
    assert saved(answers_path)["epi"]["taux_conformite"] is None


def test_qqoqcp_reuses_the_problem_form(book: Casebook, answers_path: Path) -> None:
    form = book.step("qqoqcp")
    assert isinstance(form, QqoqcpStep)
    form.answers["quoi"].value = "Pied droit écrasé par un transpalette électrique"
    form.facts["quoi"].value = "AT-2026-09, ZZ-1"
    assert saved(answers_path)["qqoqcp"]["quoi"]["faits"] == ["AT-2026-09", "ZZ-1"]
    assert "ZZ-1" in messages(form)


def build_tree(book: Casebook) -> Any:
    form = book.step("arbre")
    for text in ("Pied droit écrasé par le transpalette", "La roue passe sur le pied",
                 "Pas de chaussures de prêt à sa pointure"):
        form.facts.add_button.click()
        row = form.facts.rows[-1]
        row.fields["texte"].value = text
        row.fields["sources"].value = "AT-2026-09"
    for antecedent, consequence in (("F2", "F1"), ("F3", "F2")):
        form.links.add_button.click()
        form.links.rows[-1].fields["antecedent"].value = antecedent
        form.links.rows[-1].fields["consequence"].value = consequence
    form.facts.rows[2].fields["cause_racine"].value = True
    return form


def test_tree_links_follow_the_facts_and_checks_run_live(book: Casebook,
                                                         answers_path: Path) -> None:
    form = build_tree(book)
    tree = book.session.answers.arbre
    assert [f.id for f in tree.faits] == ["F1", "F2", "F3"]
    assert [(x.antecedent, x.consequence) for x in tree.liens] == [("F2", "F1"), ("F3", "F2")]
    assert saved(answers_path)["arbre"]["faits"][2]["cause_racine"] is True
    assert 'alt="Arbre des causes' in form.figure.value
    assert not [i for i in form.issues.issues if i.level == "erreur"], messages(form)
    form.facts.rows[1].fields["texte"].value = "Le conducteur a fait preuve de négligence"
    assert "jugement" in messages(form) and "négligence" in messages(form)
    form.facts.rows[1].fields["id"].value = "F9"
    link = form.links.rows[0].fields["antecedent"]
    assert "F9" in values(link) and ("F2 (fait inexistant)", "F2") in link.options
    assert "cite un fait qui n'existe pas" in messages(form)


def test_plan_follows_root_causes_and_reads_milestones(book: Casebook,
                                                       answers_path: Path) -> None:
    build_tree(book)
    plan = book.step("plan")
    plan.editor.add_button.click()
    action = plan.editor.rows[0]
    assert action.fields["id"].value == "P1"
    assert values(action.fields["causes"]) == ["F3"]
    action.fields["causes"].value = ("F3",)
    action.fields["description"].value = "Constituer un stock de chaussures de prêt"
    action.fields["jalons"].value = "15/10/2026 : commande\n\n30/10/2026 : stock en place"
    milestones = book.session.answers.plan[0].jalons
    assert [(m.date, m.libelle) for m in milestones] == [
        (dt.date(2026, 10, 15), "commande"), (dt.date(2026, 10, 30), "stock en place")]
    assert saved(answers_path)["plan"][0]["jalons"][1] == {"libelle": "stock en place",
                                                           "date": "2026-10-30"}
    assert "n'a pas de responsable" in messages(plan)
    action.fields["jalons"].value = "31/02/2026 : commande"
    assert "JJ/MM/AAAA : libellé" in messages(plan) and "31/02/2026" in messages(plan)
    assert len(book.session.answers.plan[0].jalons) == 2  # the model keeps the last valid input
    book.step("arbre").facts.rows[1].fields["cause_racine"].value = True
    assert values(action.fields["causes"]) == ["F2", "F3"]
    assert "La cause racine F2 n'est traitée par aucune action" in messages(plan)


def test_actors_follow_the_plan(book: Casebook, answers_path: Path) -> None:
    plan, actors = book.step("plan"), book.step("acteurs")
    plan.editor.add_button.click()
    plan.editor.rows[0].fields["description"].value = "Louer un chariot de remplacement"
    actors.tasks.add_button.click()
    task = actors.tasks.rows[0]
    assert values(task.fields["actions"]) == ["P1"]
    task.fields["acteur"].value = "cse_cssct"
    task.fields["taches"].value = "Enquête après accident grave"
    task.fields["actions"].value = ("P1",)
    task.fields["date"].value = dt.date(2026, 10, 20)
    assert saved(answers_path)["acteurs"][0]["actions"] == ["P1"]
    assert not messages(actors)
    actors.simple.add_button.click()
    actors.simple.rows[0].fields["description"].value = "Afficher les règles de circulation"
    assert saved(answers_path)["actions_simples"] == [
        {"description": "Afficher les règles de circulation", "modalites": ""}]
    plan.editor.rows[0].fields["id"].value = "P7"
    assert ("P1 (absent)", "P1") in task.fields["actions"].options
    assert "« P1 », qui n'existe pas" in messages(actors)


def test_indicators_and_verdicts(book: Casebook, answers_path: Path) -> None:
    form = book.step("indicateurs")
    for period, value in (("2025", 40.5), ("2026 (janv.–sept.)", 34.4)):
        form.values.add_button.click()
        row = form.values.rows[-1]
        assert values(row.fields["periode"]) == ["2024", "2025", "2026 (janv.–sept.)"]
        row.fields["periode"].value = period
        row.fields["valeur"].value = value
    assert saved(answers_path)["indicateurs"][1] == {"periode": "2026 (janv.–sept.)",
                                                     "indicateur": "TF", "valeur": 34.4}
    assert 'alt="Indicateurs d&#x27;accidents du travail, 2025 et 2026' in form.chart.value
    assert "le calcul donne" not in form.issues.value  # computing is the trainee's work
    form.verdicts.add_button.click()
    verdict = form.verdicts.rows[0]
    assert values(verdict.fields["action"]) == ["PA1", "PA2", "PA3", "PA4", "plan"]
    verdict.fields["action"].value = "PA4"
    assert "justifiez-le" in messages(form)
    verdict.fields["justification"].value = "Deux piétons heurtés en 2026 contre un en 2025."
    assert saved(answers_path)["verdicts"] == [{
        "action": "PA4", "efficace": False,
        "justification": "Deux piétons heurtés en 2026 contre un en 2025.",
        "indicateur": "", "avant": None, "apres": None, "unite": ""}]


def test_forms_resume_from_the_saved_file(book: Casebook, answers_path: Path,
                                          tmp_path: Path) -> None:
    build_tree(book)
    book.step("registre").rappels.value = "60, 30"
    again = Casebook(open_exercise("sst-accident", answers_path=answers_path, output_dir=tmp_path))
    assert again.step("registre").rappels.value == "60, 30"
    assert again.step("arbre").links.rows[1].fields["antecedent"].value == "F3"
    plan = again.step("plan")
    plan.editor.add_button.click()
    assert values(plan.editor.rows[0].fields["causes"]) == ["F3"]
    assert "Enregistré à" in again.saver.status.value


def test_correction_renders_the_answers_and_writes_the_grade(book: Casebook, answers_path: Path,
                                                             tmp_path: Path) -> None:
    build_tree(book)
    add_entry(book, "sst", "S-016", dt.date(2024, 6, 12))
    indicators = book.step("indicateurs")
    indicators.values.add_button.click()
    indicators.values.rows[0].fields["valeur"].value = 4.7  # 2024 TF is 47,17: ×10 too small
    key = Path(book.session.case.root) / "key" / "sst-accident.yaml"
    out = tmp_path / "notes"
    trainer = Casebook(open_exercise("sst-accident", answers_path=answers_path, key_path=key,
                                     output_dir=out, mode="correction"))
    register = trainer.step("registre").data
    assert "✖" in register and "expiré" in register and "12/06/2026" in register
    assert 'alt="Arbre des causes' in trainer.step("arbre").data
    html = trainer.step("indicateurs").data
    assert "47,2" in html and "✖ écart" in html and "facteur 10" in html
    result = trainer.conclude().data
    grade = json.loads((out / "sst-accident.grade.json").read_text(encoding="utf-8"))
    assert grade["exercise"] == "sst-accident" and 0 <= grade["note_20"] <= 20
    assert "/ 20" in result


def test_selfstudy_reveals_the_solution_step_by_step(tmp_path: Path) -> None:
    session = open_exercise("sst-accident", answers_path=tmp_path / "r.yaml",
                            output_dir=tmp_path, mode="autoformation")
    tools = Casebook(session).conclude().children[0]
    tools.solution_button.click()
    assert "Solution — Outil de suivi" in tools.solution.value and "expiré" in tools.solution.value
    for _ in range(3):
        tools.solution_button.click()
    assert 'alt="Arbre des causes : 19 faits' in tools.solution.value
    for _ in range(3):
        tools.solution_button.click()
    assert tools.solution_button.disabled and "40,5" in tools.solution.value


# --- the corpus inputs the forms and views read (also used by the grader) ------------------------


def test_period_stats_and_ppe_inputs_read_the_case(session: Session) -> None:
    from qsecase.exercises.sst_accident import corpus_data

    stats = corpus_data.period_stats(session.case)
    assert list(stats) == ["2024", "2025", "2026 (janv.–sept.)"]
    partial_year = stats["2026 (janv.–sept.)"]
    assert (partial_year.accidents_with_leave, partial_year.days_lost, partial_year.hours) == (
        6, 130.0, 174_500.0)
    values = corpus_data.computed_values(session.case)
    assert round(values["2025"]["TF"], 2) == 40.54 and round(values["2025"]["TG"], 2) == 0.65
    assert corpus_data.period_bounds("2026 (janv.–sept.)") == (dt.date(2026, 1, 1),
                                                              dt.date(2026, 9, 30))
    assert corpus_data.period_bounds("exercice 2025") is None
    requirements, observations = corpus_data.ppe_inputs(session.case)
    assert len(observations) == 107 and sum(not o.porte for o in observations) == 18
    assert ("Agent de quai", "gilet haute visibilité") in {(r.poste, r.epi) for r in requirements}
    assert corpus_data.last_dates(session.case)[("sst", "S-016")] == dt.date(2024, 6, 12)
    assert corpus_data.last_dates(session.case)[("autorisation-conduite", "S-087")] is None


def test_missing_table_column_or_period_is_named(session: Session) -> None:
    import dataclasses

    from qsecase.errors import QsecaseError
    from qsecase.exercises.sst_accident import corpus_data

    case = session.case
    without = dataclasses.replace(case, tables={k: v for k, v in case.tables.items()
                                                if k != "heures"})
    with pytest.raises(QsecaseError, match="pas de tableau « heures »"):
        corpus_data.period_stats(without)
    spec = case.spec.model_copy(deep=True)
    doc = spec.document("observations-epi")
    doc.colonnes = [c for c in doc.colonnes if c.nom != "porte"]
    with pytest.raises(QsecaseError, match="« observations-epi » : colonne « porte » absente"):
        corpus_data.ppe_inputs(dataclasses.replace(case, spec=spec))
    hours = [dict(case.tables["heures"][0], periode="an dernier")]
    with pytest.raises(QsecaseError, match="ligne 1 : période « an dernier » illisible"):
        corpus_data.period_stats(dataclasses.replace(case, tables={**case.tables,
                                                                   "heures": hours}))


def test_verdict_values_typed_with_a_decimal_comma_reach_the_model_and_the_chart(
        book: Casebook, session: Session, answers_path: Path) -> None:
    from qsecase.widgets.exercise_ui import load_ui

    form = book.forms["indicateurs"]
    form.verdicts.add_button.click()
    row = form.verdicts.rows[-1]
    row.fields["avant"].value = "2,5"
    row.fields["apres"].value = "1"
    verdict = session.answers.verdicts[-1]
    assert (verdict.avant, verdict.apres) == (2.5, 1.0)
    assert saved(answers_path)["verdicts"][-1]["avant"] == 2.5
    html = load_ui(session.exercise).answers_html("indicateurs", session.answers, session.case)
    assert "Efficacité des actions (avant → après)" in html
