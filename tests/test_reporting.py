"""Reporting to the manager (4-6): checks of the items passed on and of the crisis answer."""

from __future__ import annotations

import pytest

from qsecase.methods.reporting import CrisisAnswer, ReportItem, check_crisis, check_report_items
from qsecase.methods.traceability import RecallScope

FACTS = ["F1", "F2"]
INDICATORS = ["I1", "I2"]
WATCH = ["V1"]


def item(**kw) -> ReportItem:
    kw.setdefault("sujet", "Hausse des réclamations allergènes")
    kw.setdefault("type", "tendance")
    kw.setdefault("sources", ["I2", "F1"])
    kw.setdefault("gravite", 3)
    kw.setdefault("message", "Trois mois de hausse : je propose un audit du nettoyage.")
    return ReportItem(**kw)


def messages(issues) -> str:
    return "\n".join(i.message for i in issues)


def test_sound_item_has_no_issue():
    assert check_report_items([item(), item(sujet="Nouvel arrêté", type="veille", sources=["v1"])],
                              FACTS, INDICATORS, WATCH) == []


def test_sources_must_exist():
    issues = check_report_items([item(sources=["I2", "I9", "F7"]), item(sujet="Sans source", sources=[])],
                                FACTS, INDICATORS, WATCH)
    text = messages(issues)
    assert "source(s) inconnue(s) : I9, F7" in text
    assert "« Sans source » : citez sa source" in text


def test_gravity_must_be_stated():
    stated = item()
    unstated = ReportItem(sujet="Panne du compresseur", type="événement", sources=["F2"], message="À suivre.")
    assert check_report_items([stated], FACTS, INDICATORS, WATCH) == []
    issues = check_report_items([unstated], FACTS, INDICATORS, WATCH)
    assert [(i.level, "gravité" in i.message) for i in issues] == [("attention", True)]


def test_message_is_required():
    issues = check_report_items([item(message="")], FACTS, INDICATORS, WATCH)
    assert [i.level for i in issues] == ["erreur"] and "écrivez le message" in issues[0].message


def test_trend_needs_an_indicator_and_watch_item_a_text():
    issues = check_report_items([item(sources=["F1"]), item(sujet="Arrêté", type="veille", sources=["F2"])],
                                FACTS, INDICATORS, WATCH)
    assert "une tendance s'appuie sur un indicateur" in messages(issues)
    assert "citez le texte de la veille" in messages(issues)


# --- crisis ---------------------------------------------------------------------------------------
SCOPE = RecallScope(origin="MP-FAR-01", downstream_lots=("PF-QUI-01", "PF-TAR-01", "SF-PAT-01"),
                    finished_lots=("PF-QUI-01", "PF-TAR-01"), clients=("Cantine du Lac", "Épicerie Martin"),
                    quantities={"Épicerie Martin": 120.0, "Cantine du Lac": 280.0}, shipments=())


def answer(**kw) -> CrisisAnswer:
    kw.setdefault("lot_origine", "MP-FAR-01")
    kw.setdefault("lots_concernes", ["PF-TAR-01", "pf-qui-01"])
    kw.setdefault("clients", ["Épicerie Martin", "cantine du lac"])
    kw.setdefault("quantite", 400)
    kw.setdefault("preuves", ["Fiches de production", "Bons de livraison"])
    kw.setdefault("message", "Rappel de deux lots chez deux clients ; aucune plainte à ce jour.")
    return CrisisAnswer(**kw)


def test_complete_answer_has_no_issue():
    assert check_crisis(answer(), SCOPE) == []
    assert check_crisis(answer(lots_concernes=["PF-TAR-01", "PF-QUI-01", "SF-PAT-01"]), SCOPE) == []


def test_missing_lots_and_clients_are_errors():
    issues = check_crisis(answer(lots_concernes=["PF-TAR-01"], clients=["Épicerie Martin"]), SCOPE)
    assert [(i.level, i.message) for i in issues] == [
        ("erreur", "Lot(s) fini(s) oublié(s) dans le rappel : PF-QUI-01."),
        ("erreur", "Client(s) oublié(s) dans le rappel : Cantine du Lac.")]


def test_extra_lots_and_clients_are_warnings():
    issues = check_crisis(answer(lots_concernes=["PF-TAR-01", "PF-QUI-01", "PF-PAI-01"],
                                 clients=["Épicerie Martin", "Cantine du Lac", "Boulangerie Roux"]), SCOPE)
    assert [(i.level, i.message) for i in issues] == [
        ("attention", "Lot(s) fini(s) hors du périmètre tracé : PF-PAI-01."),
        ("attention", "Client(s) hors du périmètre tracé : Boulangerie Roux.")]


@pytest.mark.parametrize(("change", "expected"), [
    ({"lot_origine": ""}, "Indiquez le lot en cause."),
    ({"lot_origine": "MP-FAR-02"}, "Le lot en cause est « MP-FAR-01 », pas « MP-FAR-02 »."),
    ({"preuves": []}, "Listez les preuves de conformité"),
    ({"message": ""}, "Écrivez le message au dirigeant."),
    ({"quantite": None}, "Chiffrez la quantité concernée."),
    ({"quantite": 1200}, "La quantité annoncée (1\u202f200) ne correspond pas à la quantité expédiée "
                         "tracée (400)."),
])
def test_each_gap_of_the_answer(change, expected):
    issues = check_crisis(answer(**change), SCOPE)
    assert len(issues) == 1 and expected in issues[0].message
