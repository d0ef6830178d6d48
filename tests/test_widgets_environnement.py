"""The environmental forms on the Mécaprec case, driven as a trainee would: set ``.value``, call
``.click()``.

Each test checks the answers model of the session *and* the answers file saved on disk.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from form_helpers import messages, saved
from qsecase.corpus import load_case
from qsecase.errors import QsecaseError
from qsecase.exercises.environnement import corpus_data
from qsecase.notebook import Casebook
from qsecase.session import Session, open_exercise
from qsecase.widgets.environnement_beges import EXPORT_XLSX as BEGES_XLSX
from qsecase.widgets.environnement_registers import EXPORT_XLSX as REGISTER_XLSX

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "cases" / "mecaprec"
STEPS = ["collecte", "registre", "aspects", "beges", "gaspillages", "efficacite"]


@pytest.fixture
def answers_path(tmp_path: Path) -> Path:
    return tmp_path / "reponses" / "environnement.yaml"


@pytest.fixture
def session(answers_path: Path, tmp_path: Path) -> Session:
    return open_exercise("environnement", case_dir=CASE, answers_path=answers_path, output_dir=tmp_path)


@pytest.fixture
def book(session: Session) -> Casebook:
    return Casebook(session)


def test_corpus_readers_name_what_is_missing() -> None:
    case = load_case(CASE, check_keys=False)
    assert corpus_data.significance_threshold(case) == 8
    assert "usinage" in corpus_data.activities(case) and "chaufferie" in corpus_data.activities(case)
    actions = {a.id: a for a in corpus_data.actions(case)}
    assert list(actions) == ["PE1", "PE2", "PE3"]
    assert actions["PE1"].mois == "2026-02" and actions["PE2"].objectif_pct == 20
    periods, table = corpus_data.flow_table(case)
    assert periods[0] == "2024-10" and len(periods) == 24 and table["eau_m3"]["2024-10"] == 129
    assert corpus_data.column_unit(case, "eau_m3") == "m³"
    assert corpus_data.waste_tickets(case)[0]["id"] == "BE-2026-01"
    tables = {k: v for k, v in case.tables.items() if k != corpus_data.FLOWS}
    broken = dataclasses.replace(case, tables=tables)
    with pytest.raises(QsecaseError, match="flux-mensuels"):
        corpus_data.flow_table(broken)
    no_text = dataclasses.replace(case, texts={})
    assert corpus_data.significance_threshold(no_text) == corpus_data.DEFAULT_THRESHOLD
    with pytest.raises(QsecaseError, match="environnement"):
        corpus_data.actions(no_text)


def test_a_collection_item_saves_and_a_missing_reminder_is_reported(book: Casebook,
                                                                    answers_path: Path) -> None:
    assert list(book.forms) == STEPS
    form = book.step("collecte")
    form.editor.add_button.click()  # an empty datum is not saved, and says why
    assert "« donnée » est à renseigner" in messages(form)
    row = form.editor.rows[0]
    row.fields["donnee"].value = "Tonnes-kilomètres des transporteurs"
    assert "Comptable" in row.fields["acteur"].options  # the case's functions are suggested
    row.fields["acteur"].value = "Responsable logistique"
    row.fields["support"].value = "relevé annuel du transporteur"
    row.fields["echeance_jour"].value = "1"
    item = saved(answers_path)["collecte"][0]
    assert item["acteur"] == "Responsable logistique" and item["echeance_jour"] == 1
    assert "relance à prévoir : délai, modalité" in messages(form)
    row.fields["relance_jours"].value = "deux"
    assert "n'est pas un nombre entier" in messages(form)
    assert saved(answers_path)["collecte"][0]["relance_jours"] is None
    row.fields["relance_jours"].value = "2"
    row.fields["relance"].value = "courriel de la responsable logistique au transporteur"
    assert "relance à prévoir" not in messages(form)
    assert "Relancer Responsable logistique" in form.preview.value  # due on 1/10, chased from 3/10
    assert "05/10/2026" in form.preview.value


def test_a_hazardous_waste_without_bsd_is_reported(book: Casebook, answers_path: Path) -> None:
    form = book.step("registre")
    assert "BE-2026-01" in form.tickets.value  # the waste tickets beside the form
    form.editor.add_button.click()
    row = form.editor.rows[0]
    row.fields["date"].value = dt.date(2026, 1, 20)
    row.fields["denomination"].value = "Chiffons et absorbants souillés d'huile"
    row.fields["code_dechet"].value = "15 02 02*"
    row.fields["quantite"].value = "0,38"
    row.fields["installation"].value = "Centre de traitement des déchets dangereux Rhône Sud"
    row.fields["transporteur"].value = "Beaujolais Collecte Industrielle, R-69-2019-0312"
    row.fields["code_traitement"].value = "D10"
    row.fields["qualification"].value = "élimination"
    line = saved(answers_path)["registre_dechets"][0]
    assert line["quantite"] == 0.38 and line["code_traitement"] == "D10" and line["date"] == "2026-01-20"
    assert "déchet dangereux (« 15 02 02* ») sans n° de bordereau" in messages(form)
    assert "à compléter" in form.preview.value
    row.fields["bordereau"].value = "BSD-20260120-K4M7Q2XA"
    assert "sans n° de bordereau" not in messages(form)
    row.fields["quantite"].value = "beaucoup"
    assert "n'est pas un nombre" in messages(form)
    path = form.xlsx.export()
    assert path == answers_path.parent / REGISTER_XLSX
    workbook = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    assert any("déchets" in name.lower() for name in workbook.sheetnames)


def test_an_aspect_declared_not_significant_despite_a_complaint(book: Casebook, answers_path: Path) -> None:
    form = book.step("aspects")
    form.editor.add_button.click()
    row = form.editor.rows[0]
    assert row.fields["id"].value == "AE1"
    row.fields["activite"].value = "expédition"
    row.fields["aspect"].value = "bruit de l'échange de la benne à copeaux à 6 h"
    row.fields["impact"].value = "nuisance sonore pour les riverains"
    row.fields["plainte"].value = True
    row.fields["g"].value = 1
    row.fields["f"].value = 3
    row.fields["sources"].value = "EV34, ZZ-9"
    aspect = saved(answers_path)["aspects"][0]
    assert aspect["plainte"] is True and aspect["significatif"] is False
    assert aspect["sources"] == ["EV34", "ZZ-9"]
    text = messages(form)
    assert "AE1 est déclaré non significatif alors que la règle le rend significatif" in text
    assert "source(s) inconnue(s) dans le corpus : ZZ-9" in text
    assert "Criticité G × F = 1 × 3 = 3" in row.rating.value
    assert "<img" in form.figure.value and "AE1" in form.table.value
    row.fields["significatif"].value = True
    assert "déclaré non significatif" not in messages(form)


def test_a_unit_mismatch_is_named_and_not_counted(book: Casebook, answers_path: Path) -> None:
    form = book.step("beges")
    form.editor.add_button.click()
    row = form.editor.rows[0]
    row.fields["facteur"].value = "gaz-naturel-pcs"
    row.fields["quantite"].value = "24 000"
    row.fields["unite"].value = "m³"
    assert saved(answers_path)["beges"][0]["quantite"] == 24000
    assert "est en m³ mais le facteur « gaz-naturel-pcs » attend des kWh PCS" in messages(form)
    assert "Non comptée" in row.result.value
    assert form.state.totals.total_t == 0 and "Aucune ligne comptée" in form.table.value
    row.fields["unite"].value = "kWh PCS"
    assert "attend des" not in messages(form)
    first = form.state.totals.total_t
    assert first == pytest.approx(24000 * 0.221 / 1000) and "Comptée" in row.result.value
    assert "<img" in form.figure.value and "Totaux par scope" in form.table.value
    form.editor.add_button.click()  # totals follow every added line
    second = form.editor.rows[1]
    assert second.fields["id"].value == "A2"
    second.fields["facteur"].value = "electricite-france"
    second.fields["unite"].value = "MWh"
    second.fields["quantite"].value = "1 600"
    assert form.state.totals.total_t == pytest.approx(first + 1600 * 1000 * 0.052 / 1000)
    assert form.state.totals.by_scope_t["2"] > 0
    second.fields["quantite"].value = ""
    assert "« quantité » est à renseigner" in messages(form)
    path = form.xlsx.export()
    assert path == answers_path.parent / BEGES_XLSX and path.stat().st_size > 0


def test_wastes_and_actors_save(book: Casebook, answers_path: Path) -> None:
    form = book.step("gaspillages")
    form.editor.add_button.click()
    row = form.editor.rows[0]
    row.fields["gaspillage"].value = "Éclairage des zones à l'arrêt allumé la nuit"
    row.fields["sources"].value = "EV25"
    row.fields["fonction"].value = "Chef d'équipe de nuit"
    waste = saved(answers_path)["gaspillages"][0]
    assert waste["sources"] == ["EV25"] and waste["fonction"] == "Chef d'équipe de nuit"
    assert "à préciser : service, action simple, modalité" in messages(form)
    assert "Éclairage des zones" in form.preview.value


def test_the_effectiveness_chart_draws_for_an_action(book: Casebook, answers_path: Path) -> None:
    form = book.step("efficacite")
    assert [p.action.id for p in form.panels] == ["PE1", "PE2", "PE3"]
    panel = form.panels[0]
    assert "Choisissez un flux" in panel.chart.value
    panel.flow.value = "electricite_kwh"
    panel.activity.value = "pieces_usinees"
    assert panel.chart.value.startswith("<img") and "action en févr. 2026" in panel.chart.value
    panel.scale.value = 1000
    assert "1 000 pièces usinées" in panel.chart.value
    assert "<img" in form.balance.value  # the material balance of the last 12 months
    assert "L'action PE1 n'a pas encore de lecture." in messages(form)
    form.editor.add_button.click()
    reading = form.editor.rows[0]
    reading.fields["action"].value = "PE1"
    reading.fields["flux"].value = "electricite_kwh"
    reading.fields["ratio_avant"].value = "9,9"
    reading.fields["ratio_apres"].value = "9,1"
    reading.fields["unite"].value = "kWh/pièce"
    reading.fields["verdict"].value = "partiellement efficace"
    saved_reading = saved(answers_path)["efficacite"][0]
    assert saved_reading["ratio_avant"] == 9.9 and saved_reading["verdict"] == "partiellement efficace"
    assert "PE1" in form.preview.value and "partiellement" in form.preview.value
    assert "Lecture de PE1 : à préciser : justification." in messages(form)
    reading.fields["ratio_apres"].value = "neuf"
    assert "n'est pas un nombre" in messages(form)
    assert saved(answers_path)["efficacite"][0]["ratio_apres"] == 9.1
