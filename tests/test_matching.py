"""Free-text matching: accents, case, plurals, synonyms, typos."""

import pytest

from qsecase.grading.matching import best_match, match_expected, normalise, phrase_in, tokens


def test_normalise_strips_accents_case_ligatures_punctuation():
    assert normalise("Main-d'Œuvre : FORMÉE !") == "main d oeuvre formee"


def test_tokens_drop_stopwords_and_stem_plurals():
    assert tokens("les plaquettes") == tokens("plaquette")
    assert tokens("Contrôles") == tokens("contrôle")


@pytest.mark.parametrize("phrase, text", [
    ("étalonnage du tampon", "Le tampon lisse n'est plus étalonné"),
    ("formation des intérimaires", "Intérimaires de nuit non formés à l'autocontrôle"),
    ("usure plaquette", "USURE DES PLAQUETTES non suivie"),
    ("plan de controle", "plan de côntrole pas à jour"),
])
def test_phrase_found(phrase, text):
    assert phrase_in(phrase, text) >= 86


@pytest.mark.parametrize("phrase, text", [
    ("usure plaquette", "le tampon n'est pas étalonné"),
    ("cote", "code"),
    ("formation des intérimaires", "intérimaires de nuit"),
])
def test_phrase_not_found(phrase, text):
    assert phrase_in(phrase, text) < 86


def test_synonyms_listed_in_key_are_accepted():
    found, _ = best_match(["usure des plaquettes", "plaquettes usées"], ["Plaquettes usées"])
    assert found == "Plaquettes usées"


def test_match_expected_reports_found_and_missed():
    result = match_expected(
        [("tampon non étalonné", ["étalonnage périmé"]), ("éclairage", [])],
        ["Étalonnage du tampon périmé depuis 14 mois"],
    )
    assert result[0].found_in is not None
    assert result[1].found_in is None
