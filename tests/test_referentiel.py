"""Tests of the shipped certification framework and its loader."""

from __future__ import annotations

from importlib.resources import files

import pytest
import yaml
from pydantic import ValidationError

from qsecase.errors import UnknownCompetencyError
from qsecase.referentiel import (
    Competence,
    Critere,
    Referentiel,
    load_referentiel,
    short_title,
)

EXPECTED_CODES = (
    [f"1-{i}" for i in range(1, 7)]
    + [f"2-{i}" for i in range(1, 9)]
    + [f"3-{i}" for i in range(1, 7)]
    + [f"4-{i}" for i in range(1, 7)]
    + [f"5-{i}" for i in range(1, 7)]
)

BLOC_TITLES = {
    1: "Maitriser les risques Qualité",
    2: "Prévenir les risques Sécurité Santé au Travail",
    3: "Diminuer l'impact environnemental de l'activité de l'organisation",
    4: "Maintenir le système de management du QSE (SM QSE)",
    5: "Animer la démarche d’amélioration continue en QSE",
}


@pytest.fixture(scope="module")
def ref() -> Referentiel:
    return load_referentiel()


def _raw_yaml() -> dict:
    text = (files("qsecase") / "data" / "referentiel.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def test_yaml_loads_with_safe_load() -> None:
    data = _raw_yaml()
    assert isinstance(data, dict)
    assert set(data) == {"source", "blocs"}
    assert "ESQESE / UCLy" in data["source"]
    assert len(data["blocs"]) == 5


def test_load_is_cached(ref: Referentiel) -> None:
    assert load_referentiel() is ref


def test_five_blocs_with_titles(ref: Referentiel) -> None:
    assert [b.numero for b in ref.blocs] == [1, 2, 3, 4, 5]
    assert {b.numero: b.titre for b in ref.blocs} == BLOC_TITLES
    for bloc in ref.blocs:
        assert bloc.evaluation.strip()
        assert bloc.activites


def test_competency_codes_exactly(ref: Referentiel) -> None:
    assert ref.codes() == EXPECTED_CODES
    assert len(ref.competences()) == 32
    assert [c.code for c in ref.competences()] == EXPECTED_CODES


def test_competency_bloc_number(ref: Referentiel) -> None:
    for competence in ref.competences():
        assert competence.bloc == int(competence.code.split("-")[0])
    assert ref.competence("4-6").bloc == 4


def test_every_competency_has_criteria_with_prefixed_unique_codes(ref: Referentiel) -> None:
    all_codes: list[str] = []
    for competence in ref.competences():
        assert competence.criteres, competence.code
        codes = [k.code for k in competence.criteres]
        assert len(codes) == len(set(codes)), competence.code
        letters = "abcdefghijklmnopqrstuvwxyz"[: len(codes)]
        assert codes == [f"{competence.code}.{letter}" for letter in letters]
        for critere in competence.criteres:
            assert critere.code.startswith(competence.code + ".")
            assert critere.texte.strip() == critere.texte
            assert "  " not in critere.texte
            assert "\n" not in critere.texte
            assert not critere.texte.startswith("-")
        all_codes.extend(codes)
    assert len(all_codes) == len(set(all_codes)) == 72


@pytest.mark.parametrize(
    ("code", "count"),
    [("1-4", 3), ("2-1", 1), ("2-7", 3), ("3-2", 3), ("4-3", 4), ("4-4", 5), ("5-5", 3)],
)
def test_criteria_counts(ref: Referentiel, code: str, count: int) -> None:
    assert len(ref.competence(code).criteres) == count


def test_activities_cover_each_competency_once(ref: Referentiel) -> None:
    for bloc in ref.blocs:
        attached = [c for a in bloc.activites for c in a.competences]
        assert sorted(attached) == sorted(c.code for c in bloc.competences)
    assert ref.blocs[0].activites[0].titre == (
        "Traitement des non-conformités, réclamations et dysfonctionnements Qualité"
    )
    assert ref.blocs[0].activites[0].competences == ["1-1", "1-2"]
    assert [a.titre for a in ref.blocs[3].activites][-1] == "Reporting opérationnel du QSE"


# --- verbatim spot checks against the official text ----------------------------------------


def test_spot_check_1_1(ref: Referentiel) -> None:
    c = ref.competence("1-1")
    assert c.intitule == (
        "Analyser les non-conformités, réclamations et dysfonctionnements Qualité remontés au "
        "service QSE en utilisant les outils de résolution de problème dédiés, afin d'en "
        "identifier les causes racines"
    )
    assert c.criteres[0].texte == (
        "Les outils de résolution de problème Qualité (5M, 5P, QQOQCP, arbre des causes…) sont "
        "utilisés de manière pertinente à partir des données disponibles : le choix de l'outil "
        "est adapté au dysfonctionnement rencontré, chaque étape est renseignée"
    )
    assert "chaque étape est renseignée" in c.criteres[0].texte
    assert c.criteres[1].texte.startswith("L’analyse des dysfonctionnements Qualité")


def test_spot_check_1_2(ref: Referentiel) -> None:
    c = ref.competence("1-2")
    assert "situation de handicap" in c.intitule
    assert ref.critere("1-2.b").texte == (
        "Les actions Qualité proposées sont applicables dans l’organisation et sont appropriées "
        "pour le public en situation de handicap"
    )


def test_spot_check_split_columns(ref: Referentiel) -> None:
    """Texts whose lines were interleaved with another column in the PDF dump."""
    assert ref.competence("2-3").intitule.endswith(
        "en examinant avec les acteurs concernés la chaîne d’évènements ayant conduit à "
        "l’aléa, afin d'en identifier les causes racines"
    )
    assert ref.critere("2-3.a").texte == (
        "La chaine d'évènements ayant conduit à l'aléa est analysée de manière pertinente : "
        "les outils utilisés (5M, 5P, QQOQCCP, arbre des causes…) sont adaptés à l'évènement, "
        "chaque étape est renseignée"
    )
    assert ref.competence("3-4").intitule.endswith(
        "afin d’identifier les opportunités d’optimisation environnementale de l’organisation"
    )
    assert ref.critere("3-4.a").texte.endswith(
        "est effectuée avec rigueur : elle permet de visualiser l’efficacité ou la "
        "non-efficacité des actions de maitrise environnementale"
    )
    assert ref.competence("5-5").intitule == (
        "Réaliser des actions de sensibilisation et de formation du personnel sur la démarche "
        "QSE via une activité pédagogique adaptée à l'objectif et en ajustant sa posture "
        "professionnelle, afin de déployer la culture QSE dans l’organisation"
    )
    assert ref.critere("5-5.b").texte.startswith("La communication est assertive")
    assert ref.critere("4-3.d").texte == (
        "Les dérives liées aux indicateurs présentés sont correctement identifiées et rendues "
        "immédiatement lisibles et exploitables (via un code couleur par exemple)"
    )
    assert ref.competence("4-6").intitule.startswith(
        "Sélectionner les informations pertinentes relatives au SM QSE"
    )


def test_spot_check_source_spelling_kept(ref: Referentiel) -> None:
    assert "maitriser les risques" in ref.competence("1-5").intitule
    assert ref.critere("2-1.a").texte.startswith("le suivi est réalisé dans l’outil")
    assert ref.critere("5-4.c").texte == "Les messages-clés sont explicites et impactants"
    assert ref.critere("5-3.b").texte == "Des alertes sont programmées en cas de délai dépassé"


def test_no_evaluation_column_leaked_into_criteria(ref: Referentiel) -> None:
    """Candidate-task bullets of the evaluation column must not be taken for criteria."""
    leaked = ("mettre à jour le DUERP", "identifier les écarts par rapport aux", "rédige le")
    for competence in ref.competences():
        for critere in competence.criteres:
            for fragment in leaked:
                assert not critere.texte.startswith(fragment), critere.code


# --- lookups and errors ---------------------------------------------------------------------


def test_competence_and_critere_lookup(ref: Referentiel) -> None:
    assert isinstance(ref.competence("5-6"), Competence)
    assert isinstance(ref.critere("5-6.b"), Critere)
    assert ref.critere("4-4.e").texte.startswith("Le rapport d'audit traduit fidèlement")


@pytest.mark.parametrize("code", ["6-1", "1-7", "2-9", "1-1.a", "", "1 1", "A1"])
def test_unknown_competency_raises(ref: Referentiel, code: str) -> None:
    with pytest.raises(UnknownCompetencyError) as excinfo:
        ref.competence(code)
    assert excinfo.value.code == code
    message = str(excinfo.value)
    assert "compétence inconnue" in message
    assert f"« {code} »" in message


@pytest.mark.parametrize("code", ["1-1.z", "1-1", "9-9.a", "1-2.c"])
def test_unknown_criterion_raises(ref: Referentiel, code: str) -> None:
    with pytest.raises(UnknownCompetencyError, match="inconnue"):
        ref.critere(code)


def test_short_title_unknown_raises() -> None:
    with pytest.raises(UnknownCompetencyError):
        short_title("7-1")


def test_short_titles(ref: Referentiel) -> None:
    assert short_title("1-1") == "Analyser les non-conformités (causes racines)"
    assert short_title("1-2") == "Proposer des actions Qualité"
    titles = [short_title(code) for code in ref.codes()]
    assert all(0 < len(t) <= 60 for t in titles)
    assert len(set(titles)) == len(titles)


def test_raw_yaml_short_titles_within_limit() -> None:
    for bloc in _raw_yaml()["blocs"]:
        for competence in bloc["competences"]:
            assert len(competence["titre_court"]) <= 60, competence["code"]


# --- model validation -----------------------------------------------------------------------


def test_models_reject_inconsistent_data() -> None:
    data = _raw_yaml()
    data["blocs"][0]["competences"][0]["criteres"][0]["code"] = "1-2.a"
    with pytest.raises(ValidationError):
        Referentiel.model_validate(data)

    data = _raw_yaml()
    data["blocs"][0]["competences"][0]["titre_court"] = "x" * 61
    with pytest.raises(ValidationError):
        Referentiel.model_validate(data)

    data = _raw_yaml()
    data["blocs"][1]["competences"].append(data["blocs"][0]["competences"][0])
    with pytest.raises(ValidationError):
        Referentiel.model_validate(data)
