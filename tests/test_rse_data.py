"""The shipped RSE references: 17 ODD, 7 ISO 26000 core subjects, the catalogue of reference texts, and
the recognition of texts named freely by a trainee."""

from __future__ import annotations

import copy
import typing
from importlib.resources import files

import pytest
import yaml
from pydantic import ValidationError

from qsecase.errors import QsecaseError
from qsecase.methods.rse import CoreSubject, check_actions
from qsecase.rse_data import (
    CORE_SUBJECT_IDS,
    REQUIRED_TEXT_IDS,
    RSE_RESOURCE,
    RseReferences,
    core_subjects,
    find_texts,
    load_rse_references,
    odd,
    odd_titles,
    principles,
    reference_texts,
    suggest_odd,
)


def test_seventeen_odd_numbered_one_to_seventeen() -> None:
    goals = odd()
    assert list(goals) == list(range(1, 18))
    for number, goal in goals.items():
        assert goal.numero == number and goal.titre.strip()
        assert 3 <= len(goal.mots_cles) <= 8, number
        assert goal.verifie is False  # qse-facts: short titles not checked word for word
    assert odd_titles()[13].startswith("Mesures relatives à la lutte contre les changements")
    assert odd_titles()[5] == "Égalité entre les sexes"


def test_seven_core_subjects_match_the_literal() -> None:
    subjects = core_subjects()
    assert tuple(subjects) == CORE_SUBJECT_IDS
    assert set(subjects) == set(typing.get_args(CoreSubject))
    assert [s.paragraphe for s in subjects.values()] == ["6.2", "6.3", "6.4", "6.5", "6.6", "6.7", "6.8"]
    assert subjects["environnement"].domaines[0] == "Prévention de la pollution"
    assert len(subjects["droits-homme"].domaines) == 8
    assert subjects["gouvernance"].domaines == []
    assert all(s.verifie is False for s in subjects.values())  # domains noted from memory


def test_principles_are_seven_and_marked_unverified() -> None:
    assert len(principles()) == 7
    assert "Transparence" in principles()
    assert load_rse_references().principes.verifie is False


@pytest.mark.parametrize("text_id", REQUIRED_TEXT_IDS)
def test_every_required_text_exists_with_reference_and_source(text_id: str) -> None:
    text = reference_texts()[text_id]
    assert text.reference.strip() and text.source.strip() and text.titre.strip()
    assert text.mots_cles
    assert all(1 <= n <= 17 for n in text.themes.odd)
    assert set(text.themes.questions_centrales) <= set(CORE_SUBJECT_IDS)


def test_references_carry_the_official_numbers() -> None:
    texts = reference_texts()
    assert "2020-105 du 10 février 2020" in texts["loi-agec"].reference
    assert "2021-1104 du 22 août 2021" in texts["loi-climat-resilience"].reference
    assert "2022/2464" in texts["csrd"].reference
    assert "2024/1781" in texts["espr"].reference
    assert "A/RES/70/1" in texts["agenda-2030"].reference
    assert "2019-486" in texts["loi-pacte"].reference
    assert "2017-399" in texts["devoir-vigilance"].reference
    assert texts["code-travail-egalite"].verifie is False  # article numbers not re-read


def test_data_is_read_once() -> None:
    assert load_rse_references() is load_rse_references()
    assert reference_texts() is reference_texts()


@pytest.mark.parametrize(("written", "expected"), [
    ("loi AGEC 2020", ["loi-agec"]),
    ("Loi n° 2020-105 du 10 février 2020", ["loi-agec"]),
    ("la loi anti-gaspillage", ["loi-agec"]),
    ("loi-agec", ["loi-agec"]),
    ("ISO26000", ["iso-26000"]),
    ("iso 26 000", ["iso-26000"]),
    ("NF ISO 26000:2010", ["iso-26000"]),
    ("loi climat et résilience", ["loi-climat-resilience"]),
    ("LOI CLIMAT & RESILIENCE", ["loi-climat-resilience"]),
    ("Directive (UE) 2022/2464 (CSRD)", ["csrd"]),
    ("normes ESRS", ["csrd"]),
    ("Règlement (UE) 2024/1781", ["espr"]),
    ("passeport numérique des produits", ["espr"]),
    ("C. env., art. L. 541-1", ["code-env-l541-1"]),
    ("hiérarchie des modes de traitement des déchets", ["code-env-l541-1"]),
    ("ISO 14001:2015", ["iso-14001"]),
    ("normes ISO 14040 et 14044", ["iso-14040", "iso-14044"]),
    ("NF EN ISO 50001", ["iso-50001"]),
    ("Index de l'égalité professionnelle F/H", ["code-travail-egalite"]),
    ("plan de vigilance (loi 2017-399)", ["devoir-vigilance"]),
    ("loi PACTE : raison d'être", ["loi-pacte"]),
    ("Agenda 2030 de l'ONU (ODD)", ["agenda-2030"]),
    ("ISO 26000 et loi AGEC", ["iso-26000", "loi-agec"]),
    ("loi AGEC et ISO 26000", ["loi-agec", "iso-26000"]),
])
def test_find_texts_recognises_free_wordings(written: str, expected: list[str]) -> None:
    assert find_texts(written) == expected


@pytest.mark.parametrize("written", [
    "", "ISO 9001", "ISO 45001:2018", "Pacte vert pour l'Europe", "loi énergie-climat de 2019",
    "écoconception", "ACV", "règlement REACH", "loi", "ISO 140010",
])
def test_find_texts_ignores_other_texts(written: str) -> None:
    assert find_texts(written) == []


def test_each_text_is_found_by_its_own_names_and_only_by_them() -> None:
    for text in reference_texts().values():
        for name in [text.id, text.titre, text.reference, *text.mots_cles]:
            assert find_texts(name) == [text.id], (text.id, name)


def test_suggest_odd_from_keywords() -> None:
    suggested = suggest_odd("Réduire les déchets d'emballage et le gaspillage, et les émissions de CO₂")
    assert suggested[:2] == [12, 13]  # 12: déchets, emballages, gaspillage; 13: CO2
    assert suggest_odd("Former les salariés en alternance") == [4]
    assert suggest_odd("Repeindre le portail") == []


def test_the_catalogue_fits_the_checks() -> None:
    from qsecase.methods.rse import PositiveImpact, RseAction

    action = RseAction(id="R1", libelle="Réduire les chutes", objectifs=["RSE1"], odd=[12],
                       questions_centrales=["environnement"],
                       impacts=[PositiveImpact(dimension="environnementale", indicateur="t/an",
                                               description="Moins de chutes de tôle à recycler, donc moins "
                                                           "de matière première achetée chaque année")],
                       textes=["loi AGEC", "norme inconnue XYZ"])
    issues = check_actions([action], policy_objectives={"RSE1": "Réduire les déchets"},
                           known_texts=reference_texts())
    assert [i.level for i in issues] == ["attention"]
    assert "norme inconnue XYZ" in issues[0].message


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load(files("qsecase").joinpath(RSE_RESOURCE).read_text(encoding="utf-8"))


def test_the_file_validates_its_own_consistency(raw: dict) -> None:
    RseReferences.model_validate(raw)
    cases = [
        (lambda d: d["odd"].pop(), "de 1 à 17"),
        (lambda d: d["odd"][0].update(numero=18), "less than or equal to 17|inférieur"),
        (lambda d: d["questions_centrales"].pop(3), "questions centrales attendues"),
        (lambda d: d["questions_centrales"][0].update(id="gouvernance-org"), "gouvernance"),
        (lambda d: d["textes"].append(dict(d["textes"][0])), "textes en double : iso-26000"),
        (lambda d: d["textes"].pop(), "manquants : espr"),
        (lambda d: d["textes"][0]["themes"].update(odd=[0]), "greater than or equal to 1|supérieur"),
        (lambda d: d["textes"][0].update(source=""), "at least 1 character|caractère"),
    ]
    for spoil, message in cases:
        data = copy.deepcopy(raw)
        spoil(data)
        with pytest.raises(ValidationError, match=message):
            RseReferences.model_validate(data)


def test_a_broken_file_gives_a_french_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import qsecase.rse_data as rse_data

    monkeypatch.setattr(rse_data, "RSE_RESOURCE", "data/absent.yaml")
    rse_data.load_rse_references.cache_clear()
    try:
        with pytest.raises(QsecaseError, match=r"absent\.yaml : fichier illisible"):
            rse_data.load_rse_references()
    finally:
        rse_data.load_rse_references.cache_clear()
