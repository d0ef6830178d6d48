"""The QSE management-system forms on the bundled case, driven as a trainee would: set ``.value``,
call ``.click()``.

Each test checks the answers model of the session *and* the answers file saved on disk.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from form_helpers import messages, saved
from qsecase.exercises.sm_qse import corpus_data
from qsecase.notebook import Casebook
from qsecase.session import open_exercise
from qsecase.widgets.sm_qse_case import board, recall
from qsecase.widgets.sm_qse_dashboard import EXPORT_HTML, EXPORT_XLSX
from qsecase.widgets.sm_qse_draft import EXPORT_HTML as DRAFT_HTML

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "cases" / "ventoux"
STEPS = ["veille", "documents", "nouveau-document", "tableau-de-bord", "reporting"]
LOT = "CD-26-2741"  # the raw-material lot of the supplier's alert


@pytest.fixture
def answers_path(tmp_path: Path) -> Path:
    return tmp_path / "reponses" / "sm-qse.yaml"


@pytest.fixture
def book(answers_path: Path, tmp_path: Path) -> Casebook:
    return Casebook(open_exercise("sm-qse", case_dir=CASE, answers_path=answers_path, output_dir=tmp_path))


def test_watch_take_up_copies_the_corpus_once(book: Casebook, answers_path: Path) -> None:
    assert list(book.forms) == STEPS
    form = book.step("veille")
    corpus = corpus_data.watch_rows(book.session.case)
    form.take_up.click()
    lines = saved(answers_path)["veille"]
    assert [x["id"] for x in lines] == [e.id for e in corpus]
    assert lines[0]["texte"] == corpus[0].texte and len(form.editor.rows) == len(corpus)
    assert "textes repris du corpus" in form.take_up_status.value
    assert html.escape(corpus[0].texte) in form.register.value
    before = answers_path.read_bytes()
    assert form.take_up_corpus() is False
    assert "Reprise refusée" in form.take_up_status.value
    assert answers_path.read_bytes() == before and len(form.editor.rows) == len(corpus)


def test_a_watch_entry_from_an_unrecognised_source_is_reported(book: Casebook, answers_path: Path) -> None:
    form = book.step("veille")
    form.editor.add_button.click()
    row = form.editor.rows[0]
    assert row.fields["id"].value == "V1"
    assert "écrivez la référence du texte" in messages(form)  # not saved without its text
    row.fields["texte"].value = "Arrêté du 4 octobre 2010 (installations classées)"
    row.fields["source"].value = "Lettre d'information d'un vendeur de logiciels"
    assert "n'est pas une source reconnue" in messages(form)
    entry = saved(answers_path)["veille"][0]
    assert entry["source"] == "Lettre d'information d'un vendeur de logiciels"
    row.fields["source"].value = row.fields["source"].options[0]  # a recognised source suggested
    assert "n'est pas une source reconnue" not in messages(form)
    row.fields["statut"].value = "conforme"
    assert "déclaré conforme sans preuve" in messages(form)
    assert "Conforme" in form.register.value


def test_a_document_review_saves_without_a_verdict(book: Casebook, answers_path: Path) -> None:
    form = book.step("documents")
    refs = [v for _label, v in form.chooser.options]
    assert len(refs) == len(corpus_data.documents(book.session.case))
    assert "Rédacteur" in form.cartouche.value  # the chosen document's cartouche
    assert "non examiné" in form.overview.value and "aucun écart" not in form.overview.value
    form.chooser.value = refs[2]
    form.defects["approbation non indépendante"].value = True
    form.comment.value = "Approuvé par son rédacteur"
    assert form.examined.value
    assert "proposez l'action" in messages(form)
    form.action.value = "Faire approuver par la directrice générale"
    review = saved(answers_path)["revue_documents"]
    assert review == [{"reference": refs[2], "ecarts": ["approbation non indépendante"],
                       "commentaire": "Approuvé par son rédacteur",
                       "action": "Faire approuver par la directrice générale"}]
    form.chooser.value = refs[0]
    assert not form.examined.value and form.comment.value == ""
    form.examined.value = True  # reviewed, no deviation
    assert len(saved(answers_path)["revue_documents"]) == 2
    assert "aucun écart" in form.overview.value
    form.chooser.value = refs[2]
    assert form.defects["approbation non indépendante"].value and form.comment.value
    form.examined.value = False  # withdrawn
    assert [r["reference"] for r in saved(answers_path)["revue_documents"]] == [refs[0]]


def test_the_template_fills_an_empty_text_and_never_overwrites(book: Casebook, answers_path: Path) -> None:
    form = book.step("nouveau-document")
    form.fields["type"].value = "mode opératoire"
    form.fields["titre"].value = "Nettoyage de la trancheuse"
    form.content["objet"].value = "Nettoyer la trancheuse en fin de poste"
    assert form.from_template()
    text = saved(answers_path)["nouveau_document"]["texte"]
    assert "## Étapes" in text and "Nettoyer la trancheuse en fin de poste" in text
    assert "Lisibilité pour" in form.readability.value
    assert form.from_template() is False and html.escape("n'est pas vide") in form.template_status.value
    form.content["texte"].value = "Mon texte à moi."
    assert form.from_template() is False
    assert saved(answers_path)["nouveau_document"]["texte"] == "Mon texte à moi."
    form.template.click()
    assert form.content["texte"].value == "Mon texte à moi."


def test_the_cartouche_check_flags_a_reference_breaking_the_codification(book: Casebook,
                                                                          answers_path: Path) -> None:
    form = book.step("nouveau-document")
    rule = book.session.case.spec.codification
    assert rule
    form.fields["reference"].value = "Procédure nettoyage 12"
    assert "ne suit pas la règle de codification" in messages(form)
    good = next(str(d["reference"]) for d in corpus_data.documents(book.session.case)
                if re.fullmatch(rule, str(d["reference"])))
    form.fields["reference"].value = good
    assert "ne suit pas la règle de codification" not in messages(form)
    form.fields["redacteur"].value = form.fields["approbateur"].value = "Sophie Barjavel"
    assert "même personne" in messages(form)
    form.history.add_button.click()
    assert "indiquez l'indice et la date" in messages(form)  # an empty revision is not saved
    assert saved(answers_path)["nouveau_document"]["cartouche"]["historique"] == []
    assert "<iframe srcdoc=" in form.preview.value and good in form.preview.value


def add_indicator(form: Any, column: str, name: str = "Taux de tri") -> Any:
    form.indicators.add_button.click()
    row = form.indicators.rows[-1]
    row.fields["nom"].value = name
    row.fields["colonne"].value = column
    row.fields["objectif"].value = "40"
    row.fields["seuil_alerte"].value = "35,5"
    row.fields["sens"].value = "hausse"
    row.fields["source"].value = "Référente environnement"
    return row


def test_adding_an_indicator_redraws_the_dashboard(book: Casebook, answers_path: Path) -> None:
    form = book.step("tableau-de-bord")
    assert form.figure.value == "" and "Aucun indicateur" in form.table.value
    assert "taux_tri_pct" in [v for _label, v in form.columns]
    add_indicator(form, "taux_tri_pct")
    indicator = saved(answers_path)["indicateurs"][0]
    assert indicator["id"] == "I1" and indicator["seuil_alerte"] == 35.5 and indicator["objectif"] == 40
    assert form.figure.value.startswith("<img") and "Taux de tri" in form.figure.value  # alt text
    assert "I1 — Taux de tri" in form.table.value and "Données manquantes" in form.table.value
    assert "précisez la définition" in messages(form)
    form.indicators.rows[0].fields["objectif"].value = "quarante"
    assert "n'est pas un nombre" in messages(form)
    assert saved(answers_path)["indicateurs"][0]["objectif"] == 40


def test_suggested_reminders_are_added_without_duplicates(book: Casebook, answers_path: Path) -> None:
    form = book.step("tableau-de-bord")
    add_indicator(form, "taux_tri_pct")
    due = board(book.session.case, book.session.answers.indicateurs).due
    assert due and not form.add_due.disabled and "Référente environnement" in form.due.value
    assert form.add_reminders() == len(due)
    reminders = saved(answers_path)["relances"]
    assert [(r["indicateur"], r["periode"]) for r in reminders] == [(r.indicateur, r.periode) for r in due]
    assert form.add_reminders() == 0 and form.add_due.disabled
    assert len(saved(answers_path)["relances"]) == len(due) and len(form.reminders.rows) == len(due)
    assert "relancé" in form.table.value
    form.drifts.add_button.click()
    drift = form.drifts.rows[0]
    assert ("I1 — Taux de tri", "I1") in drift.fields["indicateur"].options
    drift.fields["indicateur"].value = "I1"
    drift.fields["periode"].value = "juillet"
    assert "AAAA-MM" in messages(form)
    drift.fields["periode"].value = "2026-07"
    assert saved(answers_path)["derives"] == [{"indicateur": "I1", "type": "seuil", "periode": "2026-07",
                                               "commentaire": ""}]


def test_the_recall_trace_copies_lots_and_clients(book: Casebook, answers_path: Path) -> None:
    form = book.step("reporting")
    crisis = form.crisis
    assert crisis.copy_button.disabled
    crisis.fields["lot_origine"].value = LOT
    assert crisis.trace() is not None and not crisis.copy_button.disabled
    scope = recall(book.session.case, LOT)
    assert scope.finished_lots and scope.clients
    assert scope.clients[0] in crisis.result.value.replace("&#x27;", "'")
    assert crisis.copy() == (len(scope.finished_lots), len(scope.clients))
    answer = saved(answers_path)["crise"]
    assert answer["lot_origine"] == LOT and answer["lots_concernes"] == list(scope.finished_lots)
    assert answer["clients"] == list(scope.clients) and answer["quantite"] == scope.total
    crisis.fields["clients"].value = "\n".join(scope.clients[1:])  # the trainee edits the list
    assert saved(answers_path)["crise"]["clients"] == list(scope.clients[1:])
    assert "oublié(s)" in messages(form)
    assert crisis.copy() == (0, 1)  # only the missing client comes back
    assert saved(answers_path)["crise"]["clients"] == [*scope.clients[1:], scope.clients[0]]
    crisis.fields["lot_origine"].value = "ZZ-000"
    crisis.trace_button.click()
    assert "introuvable" in crisis.result.value and crisis.copy_button.disabled


def test_an_item_for_the_manager_citing_an_unknown_source_is_reported(book: Casebook,
                                                                       answers_path: Path) -> None:
    form = book.step("reporting")
    form.editor.add_button.click()
    row = form.editor.rows[0]
    row.fields["sujet"].value = "Dérive du taux de tri"
    row.fields["sources"].value = "SD9, ZZ-999"
    row.fields["gravite"].value = 3
    item = saved(answers_path)["remontees"][0]
    assert item["sources"] == ["SD9", "ZZ-999"] and item["gravite"] == 3
    assert "ZZ-999" in messages(form) and "SD9" not in messages(form).split("inconnue(s)")[-1]
    assert "forte" in form.ranked.value


def test_exports_write_files_beside_the_answers(book: Casebook, answers_path: Path) -> None:
    from openpyxl import load_workbook

    dashboard = book.step("tableau-de-bord")
    add_indicator(dashboard, "taux_tri_pct")
    draft = book.step("nouveau-document")
    draft.fields["titre"].value = "Tri des déchets <en salle>"
    answers = answers_path.read_bytes()
    dashboard.xlsx.button.click()
    dashboard.html.button.click()
    draft.html.button.click()
    assert answers_path.read_bytes() == answers
    sheets = load_workbook(answers_path.parent / EXPORT_XLSX).sheetnames
    assert sheets[:2] == ["Tableau de bord", "Données"]
    page = (answers_path.parent / EXPORT_HTML).read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "Taux de tri" in page
    document = (answers_path.parent / DRAFT_HTML).read_text(encoding="utf-8")
    assert "Tri des déchets &lt;en salle&gt;" in document and 'lang="fr"' in document
    assert "Fichier écrit" in draft.html.status.value


def test_forms_resume_from_the_saved_file(book: Casebook, answers_path: Path, tmp_path: Path) -> None:
    book.step("veille").take_up.click()
    add_indicator(book.step("tableau-de-bord"), "taux_tri_pct")
    book.step("reporting").crisis.fields["lot_origine"].value = LOT
    again = Casebook(open_exercise("sm-qse", case_dir=CASE, answers_path=answers_path, output_dir=tmp_path))
    assert len(again.step("veille").editor.rows) == len(corpus_data.watch_rows(again.session.case))
    assert again.step("veille").take_up_corpus() is False
    row = again.step("tableau-de-bord").indicators.rows[0]
    assert row.fields["colonne"].value == "taux_tri_pct" and row.fields["seuil_alerte"].value == "35,5"
    crisis = again.step("reporting").crisis
    assert crisis.scope is not None and crisis.scope.origin == LOT  # traced again on opening


def test_corpus_readers_name_a_missing_table_or_column() -> None:
    from qsecase.corpus import load_case
    from qsecase.errors import QsecaseError

    case = load_case(CASE)
    periods, data = corpus_data.indicator_table(case)
    assert periods[0] == "2024-10" and data["taux_tri_pct"]["2026-07"] is None
    assert "mois" not in data and isinstance(data["production_t"][periods[0]], float)
    assert all(corpus_data.lots(case))
    del case.tables[corpus_data.WATCH]
    with pytest.raises(QsecaseError, match="n'a pas de tableau « veille »"):
        corpus_data.watch_rows(case)
    shipments = case.spec.document(corpus_data.SHIPMENTS)
    shipments.colonnes = [c for c in shipments.colonnes if c.nom != corpus_data.CLIENT]
    with pytest.raises(QsecaseError, match="colonne « client » absente"):
        corpus_data.lots(case)
