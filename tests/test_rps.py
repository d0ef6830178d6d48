"""Psychosocial risk factors: qualification, priority on the DUERP's grid, coverage, checks."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from qsecase.methods.base import Issue
from qsecase.methods.duerp import DuerpScale, Situation
from qsecase.methods.rps import FAMILIES, RpsFactor, check_rps, coverage, factor_priority

UNITS = ["REC", "ATL"]


@pytest.fixture
def scale() -> DuerpScale:
    return DuerpScale.model_validate({
        "gravite": [{"valeur": v, "libelle": f"G{v}"} for v in range(1, 5)],
        "frequence": [{"valeur": v, "libelle": f"F{v}"} for v in range(1, 5)],
        "seuils": [{"priorite": 1, "libelle": "Action immédiate", "minimum": 9},
                   {"priorite": 2, "libelle": "Action à planifier", "minimum": 4},
                   {"priorite": 3, "libelle": "À surveiller", "minimum": 0}]})


def factor(unite: str = "REC", famille: str = "intensite", frequence: int = 0,
           gravite: int | None = None, **kw: Any) -> RpsFactor:
    return RpsFactor.model_validate(dict(unite=unite, famille=famille, frequence=frequence,
                                         gravite=gravite, **kw))


def review(unite: str, **present: tuple[int, int]) -> list[RpsFactor]:
    """Every family of one unit: absent unless given as ``famille=(frequence, gravite)``."""
    out = []
    for fam in FAMILIES:
        f, g = present.get(fam.replace("-", "_"), (0, None))
        out.append(factor(unite, fam, f, g, constats="Groupe de travail du 4 mars" if f else ""))
    return out


def rps_situation(unite: str, famille: str = "rps") -> Situation:
    return Situation(id=f"{unite}-RPS", unite=unite, situation="Travail en flux tendu",
                     famille=famille, danger="Surcharge", mesures=["Réunion d'équipe"], g=3, f=3)


def messages(issues: list[Issue]) -> list[tuple[str, str]]:
    return [(i.level, i.message) for i in issues]


# --- a factor ---------------------------------------------------------------------------------------
def test_present_factor_needs_a_severity() -> None:
    with pytest.raises(ValidationError) as err:
        factor(frequence=2)
    assert "un facteur présent (fréquence ≥ 1) se qualifie aussi par sa gravité (1 à 4)" in str(err.value)
    assert factor(frequence=1, gravite=1).gravite == 1


def test_absent_factor_needs_no_severity() -> None:
    absent = factor(frequence=0)
    assert absent.gravite is None
    assert absent.methode == "RPS-DU"


@pytest.mark.parametrize("bad", [{"frequence": 5, "gravite": 2}, {"frequence": -1},
                                 {"frequence": 2, "gravite": 5}, {"frequence": 2, "gravite": 0},
                                 {"famille": "harcelement"}, {"unite": ""},
                                 {"methode": "sondage"}])
def test_factor_fields_are_validated(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        factor(**bad)


# --- priority ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("f, g, priority", [
    (3, 3, 1),   # 9: exactly the priority 1 minimum
    (4, 4, 1),
    (2, 4, 2),   # 8
    (2, 2, 2),   # 4: exactly the priority 2 minimum
    (1, 3, 3),   # 3
    (1, 1, 3),
])
def test_factor_priority_follows_the_duerp_thresholds(scale: DuerpScale, f: int, g: int,
                                                      priority: int) -> None:
    assert factor_priority(factor(frequence=f, gravite=g), scale) == priority


def test_absent_factor_has_no_priority(scale: DuerpScale) -> None:
    assert factor_priority(factor(frequence=0), scale) is None
    assert factor_priority(factor(frequence=0, gravite=4), scale) is None


# --- coverage ---------------------------------------------------------------------------------------
def test_coverage_table() -> None:
    intensite = factor("REC", "intensite", 3, 2)
    valeurs = factor("ATL", "valeurs", 0)
    table = coverage([intensite, valeurs, factor("EXP", "emotions", 1, 1)], UNITS)
    assert list(table) == UNITS  # the unknown unit EXP is left out
    assert all(list(row) == list(FAMILIES) for row in table.values())
    assert len(FAMILIES) == 6
    assert table["REC"]["intensite"] is intensite
    assert table["ATL"]["valeurs"] is valeurs
    assert table["REC"]["valeurs"] is None
    assert sum(v is not None for row in table.values() for v in row.values()) == 2
    assert coverage([], []) == {}


# --- checks -----------------------------------------------------------------------------------------
def test_complete_review_has_no_issue(scale: DuerpScale) -> None:
    factors = review("REC", intensite=(3, 3), valeurs=(1, 1)) + review("ATL")
    assert check_rps(factors, UNITS, [rps_situation("REC")], scale) == []


def test_missing_families_per_unit(scale: DuerpScale) -> None:
    rec = [f for f in review("REC") if f.famille not in ("emotions", "valeurs")]
    issues = check_rps(rec, UNITS, [], scale)
    assert messages(issues) == [
        ("erreur", "REC : famille(s) non examinée(s) : Exigences émotionnelles, Conflits de valeurs"),
        ("erreur", "ATL : famille(s) non examinée(s) : " + ", ".join(FAMILIES.values())),
    ]


def test_duplicate_factor(scale: DuerpScale) -> None:
    factors = [*review("REC"), factor("REC", "intensite", 0), *review("ATL")]
    assert messages(check_rps(factors, UNITS, [], scale)) == [
        ("erreur", "REC : « Intensité et temps de travail » évalué deux fois")]


def test_unknown_unit(scale: DuerpScale) -> None:
    factors = [*review("REC"), *review("ATL"), factor("EXP", "valeurs", 0)]
    assert messages(check_rps(factors, UNITS, [], scale)) == [
        ("erreur", "unité de travail « EXP » inconnue (unités : REC, ATL)")]


def test_present_factor_without_findings(scale: DuerpScale) -> None:
    factors = [f for f in review("REC") if f.famille != "autonomie"] + review("ATL")
    factors.append(factor("REC", "autonomie", 1, 2))  # priority 3: no DUERP situation expected
    factors.append(factor("ATL", "insecurite", 0))  # duplicate, absent: no finding needed
    assert messages(check_rps(factors, UNITS, [], scale)) == [  # in the order of the factors
        ("attention", "REC : « Manque d'autonomie et de marges de manœuvre » présent sans "
                      "constat écrit"),
        ("erreur", "ATL : « Insécurité de la situation de travail » évalué deux fois"),
    ]


@pytest.mark.parametrize("present", [(3, 3), (2, 2)])  # priority 1 and priority 2
def test_exposed_unit_without_rps_situation(scale: DuerpScale, present: tuple[int, int]) -> None:
    factors = review("REC", rapports_sociaux=present) + review("ATL")
    expected = [("attention", "REC : des facteurs de RPS sont présents mais le DUERP n'a pas de "
                              "situation « risques psychosociaux » pour cette unité")]
    assert messages(check_rps(factors, UNITS, [], scale)) == expected
    # a situation of another family, or in another unit, does not count
    others = [rps_situation("REC", famille="activite-physique"), rps_situation("ATL")]
    assert messages(check_rps(factors, UNITS, others, scale)) == expected
    assert check_rps(factors, UNITS, [rps_situation("REC")], scale) == []


def test_low_priority_factor_needs_no_rps_situation(scale: DuerpScale) -> None:
    factors = review("REC", intensite=(1, 3)) + review("ATL")  # 3: priority 3
    assert check_rps(factors, UNITS, [], scale) == []


def test_exposed_units_listed_once_in_order(scale: DuerpScale) -> None:
    factors = review("REC", intensite=(4, 4), emotions=(3, 3)) + review("ATL", valeurs=(2, 3))
    issues = check_rps(factors, UNITS, [], scale)
    assert [i.message.split(" : ")[0] for i in issues] == ["ATL", "REC"]
