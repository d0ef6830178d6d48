"""The internal audit forms on the bundled case, driven as a trainee would: set ``.value``, call
``.click()``.

Each test checks the answers model of the session *and* the answers file saved on disk.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import pytest

from form_helpers import messages, saved
from qsecase.notebook import Casebook
from qsecase.session import Session, open_exercise
from qsecase.widgets.audit_case import functions, people, population, populations
from qsecase.widgets.audit_rapport import EXPORT_DOCX, EXPORT_HTML

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "cases" / "ventoux"
STEPS = ["plan", "echantillon", "questionnaire", "constats", "rapport", "preparation"]
POPULATION = "analyses"  # a table of the case with a key column and category columns


@pytest.fixture
def answers_path(tmp_path: Path) -> Path:
    return tmp_path / "reponses" / "audit.yaml"


@pytest.fixture
def session(answers_path: Path, tmp_path: Path) -> Session:
    return open_exercise("audit", case_dir=CASE, answers_path=answers_path, output_dir=tmp_path)


@pytest.fixture
def book(session: Session) -> Casebook:
    return Casebook(session)


def fill_plan(book: Casebook) -> Any:
    """A plan on ISO 9001 whose auditor, the quality manager, audits her own function."""
    form = book.step("plan")
    case = book.session.case
    quality = next(f for f in functions(case) if "qualité" in f.lower())
    holder = next(r.nom for r in case.spec.organisation.roles if r.fonction == quality)
    form.fields["objectifs"].value = "Évaluer la maîtrise de la surveillance et de la mesure"
    form.fields["champ"].value = "Site de Carpentras, cuisson et laboratoire, 2026"
    form.criteria["ISO 9001"].value = True
    form.fields["date"].value = dt.date(2026, 10, 21)
    form.team.add_button.click()
    member = form.team.rows[0]
    member.fields["nom"].value = holder
    member.fields["fonction"].value = quality
    form.interviews.add_button.click()
    interview = form.interviews.rows[0]
    interview.fields["fonction"].value = quality
    interview.fields["clauses"].value = ("7.1.5",)
    interview.fields["debut"].value = dt.datetime(2026, 10, 21, 9, 0)
    interview.fields["auditeur"].value = holder
    return form


def test_plan_saves_and_checks_independence(book: Casebook, answers_path: Path) -> None:
    assert list(book.forms) == STEPS
    form = fill_plan(book)
    plan = saved(answers_path)["plan"]
    assert plan["criteres"] == ["ISO 9001"] and plan["date"] == "2026-10-21"
    assert plan["equipe"][0]["role"] == "responsable d'audit"  # the first member leads the audit
    interview = plan["entretiens"][0]
    assert interview["clauses"] == ["7.1.5"] and interview["duree_min"] == 60
    assert "auditerait sa propre fonction" in messages(form)
    labels = [label for label, _v in form.interviews.rows[0].fields["clauses"].options]
    assert any(label.startswith("7.1.5 — ") for label in labels)
    assert "7.1.5" in form.preview.value and "Programme des entretiens" in form.preview.value
    # a second auditor, from another function, takes the interview over
    form.team.add_button.click()
    other = form.team.rows[1]
    other.fields["nom"].value = people(book.session.case)[-1]
    assert other.fields["fonction"].value == functions(book.session.case)[-1]  # the holder's function
    auditor = form.interviews.rows[0].fields["auditeur"]
    assert people(book.session.case)[-1] in [v for _label, v in auditor.options]
    auditor.value = people(book.session.case)[-1]
    assert "auditerait sa propre fonction" not in messages(form)
    form.team.rows[1].fields["nom"].value = ""
    assert "écrivez le nom" in messages(form)  # an empty name is not saved
    assert saved(answers_path)["plan"]["equipe"][1]["nom"] == people(book.session.case)[-1]


def sample_row(book: Casebook, seed: str = "42") -> Any:
    form = book.step("echantillon")
    form.editor.add_button.click()
    row = form.editor.rows[-1]
    row.fields["population"].value = POPULATION
    row.fields["taille"].value = 8
    row.fields["graine"].value = seed
    row.fields["methode"].value = "stratifié"
    row.fields["strate"].value = "type"
    return row


def test_a_seeded_draw_is_reproducible_and_never_overwritten(book: Casebook, answers_path: Path) -> None:
    case = book.session.case
    assert POPULATION in [i for _title, i in populations(case)]
    row = sample_row(book)
    assert "type" in [v for _label, v in row.fields["strate"].options]
    first = row.draw()
    assert len(first) == 8 and set(first) <= set(population(case, POPULATION))
    assert saved(answers_path)["echantillons"][0]["elements"] == first
    assert "Couverture de l&#x27;échantillon par strate" in row.view.value
    assert html.escape(first[0]) in row.view.value  # the drawn rows are shown
    before = answers_path.read_bytes()
    assert row.draw() == []  # refused: the elements drawn are kept
    assert "Effacer les éléments tirés" in row.message.value
    assert answers_path.read_bytes() == before
    row.clear_button.click()
    assert saved(answers_path)["echantillons"][0]["elements"] == []
    row.draw_button.click()
    assert saved(answers_path)["echantillons"][0]["elements"] == first  # same seed, same sample
    other = sample_row(book, seed="7")
    assert other.draw() != first


def test_a_judgement_sample_is_picked_by_hand(book: Casebook, answers_path: Path) -> None:
    row = sample_row(book)
    row.fields["methode"].value = "raisonné"
    assert row.draw_button.disabled and row.draw() == []
    ids = population(book.session.case, POPULATION)[:3]
    row.picked.value = tuple(ids)
    sample = saved(answers_path)["echantillons"][0]
    assert sample["methode"] == "raisonné" and sample["elements"] == ids
    row.fields["graine"].value = "quarante"
    assert "n'est pas un nombre entier" in messages(book.step("echantillon"))
    assert saved(answers_path)["echantillons"][0]["graine"] == 42


def test_a_question_on_an_unknown_clause_is_reported(book: Casebook, answers_path: Path) -> None:
    form = book.step("questionnaire")
    form.editor.add_button.click()
    row = form.editor.rows[0]
    assert row.fields["id"].value == "Q1"
    row.fields["clause"].value = next(o for o in row.fields["clause"].options if o.startswith("7.1.5 — "))
    assert "7.1.5" in row.hint.value
    row.fields["exigence"].value = "Les instruments de mesure sont étalonnés et leur état est connu"
    row.fields["question"].value = "Montrez-moi le dernier certificat d'étalonnage de la sonde à cœur"
    row.fields["preuve_attendue"].value = "Certificat d'étalonnage"
    row.notes.fields["preuves_vues"].value = "Certificat du 17/02/2026"
    row.conclusion.value = "conforme"
    question = saved(answers_path)["questions"][0]
    assert question["clause"] == "7.1.5" and question["conclusion"] == "conforme"
    assert question["notes"]["preuves_vues"] == "Certificat du 17/02/2026"
    assert not messages(form)
    assert "Certificat d&#x27;étalonnage" in form.preview.value
    row.fields["clause"].value = "7.9.9"
    assert "chapitre « 7.9.9 » inexistant dans ISO 9001" in messages(form)
    assert "absent du catalogue" in row.hint.value


def test_a_finding_citing_an_unknown_fact_is_reported(book: Casebook, answers_path: Path) -> None:
    form = book.step("constats")
    form.editor.add_button.click()
    row = form.editor.rows[0]
    fact = next(iter(book.session.case.facts))
    row.fields["type"].value = "NC mineure"
    row.fields["clause"].value = "7.1.5"
    row.fields["exigence"].value = "Les équipements de mesure sont étalonnés"
    row.fields["constat"].value = "La sonde de remplacement n'a pas de certificat d'étalonnage"
    row.fields["preuves"].value = f"{fact}, ZZ-999"
    assert "preuve(s) inconnue(s) dans le corpus : ZZ-999" in messages(form)
    finding = saved(answers_path)["constats"][0]
    assert finding["preuves"] == [fact, "ZZ-999"] and finding["type"] == "NC mineure"
    assert "Chapitre 7.1.5" in form.preview.value
    row.fields["preuves"].value = fact
    assert "ZZ-999" not in messages(form)
    row.fields["referentiel"].value = "réglementation"
    assert row.fields["clause"].options == () or list(row.fields["clause"].options) == []


def test_report_preview_updates_and_exports(book: Casebook, answers_path: Path) -> None:
    from qsecase.views.audit_docx import docx_text

    fill_plan(book)
    form = book.step("rapport")
    assert "<iframe srcdoc=" in form.preview.value
    before = form.preview.value
    form.fields["conclusion"].value = "Le système est maîtrisé <sauf la métrologie>"
    assert form.preview.value != before
    assert html.escape(html.escape("<sauf la métrologie>"), quote=True) in form.preview.value
    form.fields["diffusion"].value = "Directrice générale\n\nResponsable qualité"
    assert saved(answers_path)["rapport"]["diffusion"] == ["Directrice générale", "Responsable qualité"]
    book.step("constats").editor.add_button.click()  # another step's change reaches the preview
    assert "C1" in form.preview.value
    answers = answers_path.read_bytes()
    form.html.button.click()
    form.docx.button.click()
    assert answers_path.read_bytes() == answers
    page = (answers_path.parent / EXPORT_HTML).read_text(encoding="utf-8")
    assert "Rapport d&#x27;audit interne QSE" in page and 'lang="fr"' in page
    text = docx_text((answers_path.parent / EXPORT_DOCX).read_bytes())
    assert "Le système est maîtrisé <sauf la métrologie>" in text and "Directrice générale" in text
    assert "Fichier écrit" in form.docx.status.value


def test_preparation_adds_missing_lines_and_keeps_existing_ones(book: Casebook,
                                                               answers_path: Path) -> None:
    form = book.step("preparation")
    for standard, box in form.scope.items():
        box.value = standard in ("ISO 9001", "réglementation")
    form.editor.add_button.click()
    mine = form.editor.rows[0]
    mine.fields["clause"].value = "5.2.2"
    mine.fields["exigence"].value = "Politique qualité"
    mine.fields["document"].value = next(d for d in mine.fields["document"].options)
    mine.fields["statut"].value = "présent"
    mine.fields["commentaire"].value = "Version 4, revue prévue en janvier 2027"
    assert "exigences du périmètre sans ligne" in messages(form)
    added = form.fill()
    assert added > 0 and len(form.editor.rows) == added + 1
    lines = saved(answers_path)["preparation"]
    assert lines[0]["commentaire"] == "Version 4, revue prévue en janvier 2027"
    assert lines[0]["statut"] == "présent" and lines[0]["document"]
    assert [x["clause"] for x in lines].count("5.2.2") == 1  # not added twice
    assert {x["referentiel"] for x in lines} == {"ISO 9001", "réglementation"}
    assert all(x["statut"] == "manquant" for x in lines[1:])
    assert "exigences du périmètre sans ligne" not in messages(form)
    assert "☐ non" not in form.checklist.value
    assert form.fill() == 0 and len(saved(answers_path)["preparation"]) == added + 1
    assert "✔ Présent : 1" in form.summary.value
    assert "Matrice de préparation" in form.preview.value


def test_forms_resume_from_the_saved_file(book: Casebook, answers_path: Path, tmp_path: Path) -> None:
    fill_plan(book)
    first = sample_row(book).draw()
    again = Casebook(open_exercise("audit", case_dir=CASE, answers_path=answers_path, output_dir=tmp_path))
    plan = again.step("plan")
    assert plan.criteria["ISO 9001"].value and len(plan.interviews.rows) == 1
    assert plan.interviews.rows[0].fields["clauses"].value == ("7.1.5",)
    assert plan.interviews.rows[0].fields["debut"].value == dt.datetime(2026, 10, 21, 9, 0)
    row = again.step("echantillon").editor.rows[0]
    assert row.elements == first and row.fields["graine"].value == "42"
    assert row.draw() == []  # the resumed sample is not overwritten either
