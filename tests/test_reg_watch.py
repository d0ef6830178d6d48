"""Regulatory watch (4-1): recognised sources and checks of the watch register."""

from __future__ import annotations

import datetime as dt

import pytest

from qsecase.methods.reg_watch import WatchEntry, check_watch, is_recognised, recognised_source

TODAY = dt.date(2026, 9, 15)


def entry(**kw) -> WatchEntry:
    """A complete, compliant entry; each test breaks one thing."""
    kw.setdefault("id", "V1")
    kw.setdefault("source", "legifrance")
    kw.setdefault("texte", "Arrêté du 31 mai 2021 (registre des déchets)")
    kw.setdefault("date_publication", dt.date(2021, 6, 1))
    kw.setdefault("date_application", dt.date(2022, 1, 1))
    kw.setdefault("applicabilite", "applicable")
    kw.setdefault("justification", "Le site produit des déchets.")
    kw.setdefault("exigences", "Tenir un registre chronologique des déchets sortants.")
    kw.setdefault("actions", "Mettre le registre à jour chaque mois.")
    kw.setdefault("responsable", "Responsable QSE")
    kw.setdefault("echeance", dt.date(2026, 12, 31))
    kw.setdefault("statut", "conforme")
    kw.setdefault("preuve", "Registre 2026")
    kw.setdefault("date_evaluation", dt.date(2026, 3, 1))
    return WatchEntry(**kw)


def messages(issues) -> str:
    return "\n".join(i.message for i in issues)


@pytest.mark.parametrize("source", ["legifrance", "Légifrance", "LEGIFRANCE", "JORF",
                                    "Journal officiel", "INERIS AIDA", "aida.ineris.fr", "EUR-Lex",
                                    "inrs", "Carsat Rhône-Alpes", "Ministère du Travail", "DRIEAT",
                                    "Bulletin de veille de la fédération"])
def test_recognised_sources(source):
    assert is_recognised(source)


@pytest.mark.parametrize("source", ["", "Google", "blog QSE", "Wikipédia", "forum d'entraide",
                                    "journal local"])
def test_unrecognised_sources(source):
    assert not is_recognised(source)


def test_recognised_source_gives_the_id():
    assert recognised_source("Journal officiel de l'Union européenne") == "eur-lex"
    assert recognised_source("JORF n° 0126") == "legifrance"
    assert recognised_source("site de l'INERIS") == "aida"
    assert recognised_source("Cramif") == "carsat"
    assert recognised_source("Ouest-France") is None


def test_complete_entry_has_no_issue():
    assert check_watch([entry()], TODAY) == []


def test_applicability_never_assessed():
    issues = check_watch([entry(applicabilite="à évaluer", statut="à évaluer")], TODAY)
    assert [i.level for i in issues] == ["erreur"]
    assert "applicabilité n'a pas été évaluée" in issues[0].message


def test_applicable_without_actions_nor_evidence():
    issues = check_watch([entry(actions="", preuve="", statut="en cours")], TODAY)
    assert "ni action ni preuve" in messages(issues)
    assert any(i.level == "erreur" for i in issues)
    # one of the two is enough
    assert "ni action ni preuve" not in messages(check_watch([entry(actions="", statut="conforme")], TODAY))


def test_compliant_without_evidence():
    issues = check_watch([entry(preuve="")], TODAY)
    assert "conforme sans preuve" in messages(issues)


def test_overdue_action_unless_compliant():
    late = check_watch([entry(echeance=dt.date(2026, 6, 30), statut="en cours", preuve="")], TODAY)
    assert "en retard" in messages(late)
    assert "30/06/2026" in messages(late)
    done = check_watch([entry(echeance=dt.date(2026, 6, 30), statut="conforme")], TODAY)
    assert "en retard" not in messages(done)
    on_the_day = check_watch([entry(echeance=TODAY, statut="en cours")], TODAY)
    assert "en retard" not in messages(on_the_day)


def test_unrecognised_and_missing_source():
    issues = check_watch([entry(source="blog QSE"), entry(id="V2", source="")], TODAY)
    text = messages(issues)
    assert "« blog QSE » n'est pas une source reconnue" in text
    assert "V2" in text and "source n'est pas indiquée" in text


def test_evaluation_older_than_twelve_months():
    old = check_watch([entry(date_evaluation=dt.date(2025, 9, 14))], TODAY)
    assert "plus de 12 mois" in messages(old)
    just = check_watch([entry(date_evaluation=dt.date(2025, 9, 15))], TODAY)
    assert "plus de 12 mois" not in messages(just)


def test_evaluation_year_before_a_leap_day():
    assert check_watch([entry(date_evaluation=dt.date(2023, 2, 28))], dt.date(2024, 2, 29)) == []


def test_future_application_is_to_anticipate():
    issues = check_watch([entry(date_application=dt.date(2027, 1, 1))], TODAY)
    assert [i.level for i in issues] == ["attention"]
    assert "à anticiper" in issues[0].message and "01/01/2027" in issues[0].message


def test_duplicate_ids():
    issues = check_watch([entry(), entry(texte="Autre texte")], TODAY)
    assert issues[0].level == "erreur"
    assert "« V1 » en double" in issues[0].message


def test_non_applicable_needs_a_justification_and_a_matching_status():
    issues = check_watch([entry(applicabilite="non applicable", justification="", statut="conforme")],
                         TODAY)
    text = messages(issues)
    assert "justifiez" in text
    assert "ne concordent pas" in text


def test_applicable_text_needs_its_compliance_evaluated():
    issues = check_watch([entry(statut="à évaluer")], TODAY)
    assert [i.level for i in issues] == ["attention"]
    assert "évaluez sa conformité" in issues[0].message
