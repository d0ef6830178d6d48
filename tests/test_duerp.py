"""DUERP: rating grid, ratings, ranking, heat map counts, checks of the situations, validators."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from pydantic import ValidationError

from qsecase.methods.base import Issue
from qsecase.methods.duerp import (
    DuerpScale,
    Situation,
    check_situations,
    heat_counts,
    rank,
    rate,
    split_measures,
)

UNITS = ["REC", "ATL"]


def levels(n: int) -> list[dict[str, Any]]:
    return [{"valeur": v, "libelle": f"niveau {v}"} for v in range(1, n + 1)]


def grid(**kw: Any) -> dict[str, Any]:
    """A 4 × 4 grid with three control levels and priorities from 9 / 4 / 0 (qse-facts §3.3)."""
    base: dict[str, Any] = {
        "gravite": levels(4),
        "frequence": levels(4),
        "maitrise": [{"valeur": 1, "libelle": "Insuffisante", "coefficient": 1.0},
                     {"valeur": 2, "libelle": "Partielle", "coefficient": 0.75},
                     {"valeur": 3, "libelle": "Bonne", "coefficient": 0.5}],
        "seuils": [{"priorite": 1, "libelle": "Action immédiate", "minimum": 9},
                   {"priorite": 2, "libelle": "Action à planifier", "minimum": 4},
                   {"priorite": 3, "libelle": "À surveiller", "minimum": 0}],
    }
    base.update(kw)
    return base


@pytest.fixture
def scale() -> DuerpScale:
    return DuerpScale.model_validate(grid())


@pytest.fixture
def plain() -> DuerpScale:
    """The same grid without control levels: résiduelle = brute."""
    return DuerpScale.model_validate(grid(maitrise=[]))


def sit(**kw: Any) -> Situation:
    base: dict[str, Any] = dict(id="REC-01", unite="REC", situation="Déchargement des camions",
                                famille="circulation", danger="Heurt par un chariot",
                                dommage="Écrasement", mesures=["Plan de circulation"], g=2, f=2)
    base.update(kw)
    return Situation.model_validate(base)


def messages(issues: list[Issue]) -> list[tuple[str, str]]:
    return [(i.level, i.message) for i in issues]


def only(issues: list[Issue], needle: str) -> Issue:
    found = [i for i in issues if needle in i.message]
    assert len(found) == 1, f"{needle!r} not found once in {messages(issues)}"
    return found[0]


# --- the grid ---------------------------------------------------------------------------------------
def test_grid_exposes_its_bounds_and_labels(scale: DuerpScale, plain: DuerpScale) -> None:
    assert (scale.g_max, scale.f_max) == (4, 4)
    assert scale.uses_control and not plain.uses_control
    assert scale.label("maitrise", 2) == "Partielle"
    assert scale.label("gravite", 3) == "niveau 3"
    assert scale.label("frequence", 9) == ""


@pytest.mark.parametrize("axis, name", [("gravite", "gravité"), ("frequence", "fréquence"),
                                        ("maitrise", "maîtrise")])
@pytest.mark.parametrize("values", [[1, 3, 4], [0, 1, 2], [2, 1, 3], [1, 2, 2]])
def test_levels_must_be_numbered_1_to_n(axis: str, name: str, values: list[int]) -> None:
    bad = [{"valeur": v, "libelle": f"n{v}", "coefficient": 0.5} if axis == "maitrise"
           else {"valeur": v, "libelle": f"n{v}"} for v in values]
    with pytest.raises(ValidationError) as err:
        DuerpScale.model_validate(grid(**{axis: bad}))
    text = str(err.value)
    if 0 in values:  # refused by the level itself (valeur ≥ 1) before the grid check
        assert f"{axis}.0.valeur" in text
    else:
        assert f"les niveaux de {name} doivent être numérotés 1, 2, 3… sans trou ni doublon" in text
        assert f"(reçu : {', '.join(map(str, values))})" in text


def test_levels_may_have_any_count_from_two(scale: DuerpScale) -> None:
    five = DuerpScale.model_validate(grid(gravite=levels(5), frequence=levels(3)))
    assert (five.g_max, five.f_max) == (5, 3)
    with pytest.raises(ValidationError):
        DuerpScale.model_validate(grid(gravite=levels(1)))


@pytest.mark.parametrize("coefficient", [0, -0.5, 1.2])
def test_control_coefficient_is_in_0_1(coefficient: float) -> None:
    with pytest.raises(ValidationError) as err:
        DuerpScale.model_validate(grid(maitrise=[
            {"valeur": 1, "libelle": "a", "coefficient": 1.0},
            {"valeur": 2, "libelle": "b", "coefficient": coefficient}]))
    assert "maitrise.1.coefficient" in str(err.value)


def seuils(*pairs: tuple[int, float]) -> list[dict[str, Any]]:
    return [{"priorite": p, "libelle": f"P{p}", "minimum": m} for p, m in pairs]


@pytest.mark.parametrize("bad, message", [
    (seuils((1, 9), (3, 0)), "les seuils doivent être donnés de la priorité 1 à la dernière, sans trou"),
    (seuils((2, 9), (1, 0)), "les seuils doivent être donnés de la priorité 1 à la dernière, sans trou"),
    (seuils((1, 4), (2, 9), (3, 0)), "le minimum de criticité doit décroître strictement"),
    (seuils((1, 9), (2, 9), (3, 0)), "le minimum de criticité doit décroître strictement"),
    (seuils((1, 9), (2, 4), (3, 1)), "la dernière priorité doit commencer à 0 (minimum: 0)"),
])
def test_thresholds_are_ordered_and_end_at_zero(bad: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(ValidationError) as err:
        DuerpScale.model_validate(grid(seuils=bad))
    assert message in str(err.value)


def test_two_thresholds_are_enough() -> None:
    two = DuerpScale.model_validate(grid(seuils=seuils((1, 8), (2, 0))))
    assert [t.priorite for t in two.seuils] == [1, 2]


def test_rating_problem_messages(scale: DuerpScale, plain: DuerpScale) -> None:
    assert scale.rating_problem("g", 4) == ""
    assert scale.rating_problem("g", 5) == ("la gravité G se cote de 1 à 4 dans la grille de "
                                            "l'organisation (reçu : 5)")
    assert scale.rating_problem("f", 0) == ("la fréquence F se cote de 1 à 4 dans la grille de "
                                            "l'organisation (reçu : 0)")
    assert scale.rating_problem("m", 3) == ""
    assert scale.rating_problem("m", 4) == ("la maîtrise M se cote de 1 à 3 dans la grille de "
                                            "l'organisation (reçu : 4)")
    assert scale.rating_problem("m", None) == ("la maîtrise M est à coter de 1 à 3 (la grille de "
                                               "l'organisation l'utilise)")
    assert plain.rating_problem("m", None) == ""
    assert plain.rating_problem("m", 1) == ("la grille de l'organisation n'utilise pas de niveau "
                                            "de maîtrise : laissez M vide")


# --- rating -----------------------------------------------------------------------------------------
def test_gross_rating_is_g_times_f(scale: DuerpScale) -> None:
    r = rate(sit(g=3, f=4, m=1), scale)
    assert (r.id, r.brute, r.residuelle, r.priorite, r.libelle) == ("REC-01", 12, 12.0, 1,
                                                                     "Action immédiate")


@pytest.mark.parametrize("m, residual, priority", [(1, 16.0, 1), (2, 12.0, 1), (3, 8.0, 2)])
def test_residual_rating_applies_the_control_coefficient(scale: DuerpScale, m: int,
                                                         residual: float, priority: int) -> None:
    r = rate(sit(g=4, f=4, m=m), scale)
    assert r.brute == 16
    assert r.residuelle == residual
    assert r.priorite == priority  # the priority follows the residual, not the gross rating


@pytest.mark.parametrize("g, f, priority, label", [
    (3, 3, 1, "Action immédiate"),    # 9: exactly the priority 1 minimum
    (2, 4, 2, "Action à planifier"),  # 8: just below it
    (2, 2, 2, "Action à planifier"),  # 4: exactly the priority 2 minimum
    (1, 3, 3, "À surveiller"),        # 3: just below it
    (1, 1, 3, "À surveiller"),
    (4, 4, 1, "Action immédiate"),
])
def test_priority_by_thresholds_including_the_boundaries(plain: DuerpScale, g: int, f: int,
                                                         priority: int, label: str) -> None:
    r = rate(sit(g=g, f=f), plain)
    assert (r.brute, r.residuelle) == (g * f, g * f)
    assert (r.priorite, r.libelle) == (priority, label)


def test_residual_exactly_on_a_threshold_after_the_coefficient(scale: DuerpScale) -> None:
    assert rate(sit(g=4, f=3, m=2), scale).residuelle == 9.0  # 12 × 0.75
    assert rate(sit(g=4, f=3, m=2), scale).priorite == 1
    assert rate(sit(g=2, f=4, m=3), scale).residuelle == 4.0  # 8 × 0.5
    assert rate(sit(g=2, f=4, m=3), scale).priorite == 2


def test_float_coefficient_does_not_miss_a_threshold() -> None:
    tenth = DuerpScale.model_validate(grid(
        gravite=levels(10), frequence=levels(10),
        maitrise=[{"valeur": 1, "libelle": "a", "coefficient": 1.0},
                  {"valeur": 2, "libelle": "b", "coefficient": 0.7}],
        seuils=seuils((1, 63), (2, 0))))
    assert 90 * 0.7 < 63  # binary floating point: 62.99999999999999
    r = rate(sit(g=10, f=9, m=2), tenth)
    assert r.residuelle == 63.0
    assert r.priorite == 1


def test_without_control_residual_equals_gross(scale: DuerpScale, plain: DuerpScale) -> None:
    assert rate(sit(g=4, f=4, m=3), plain).residuelle == 16  # M ignored by a grid without it
    assert rate(sit(g=4, f=4, m=3), plain).priorite == 1
    assert rate(sit(g=4, f=4, m=None), scale).residuelle == 16  # M not given yet


def test_rank_orders_by_priority_residual_gravity_then_id(scale: DuerpScale) -> None:
    situations = [
        sit(id="S9", g=1, f=1, m=1),  # 1   P3
        sit(id="B1", g=2, f=2, m=1),  # 4   P2
        sit(id="S3", g=2, f=4, m=1),  # 8   P2, G2
        sit(id="S1", g=3, f=4, m=1),  # 12  P1, G3
        sit(id="A1", g=2, f=2, m=1),  # 4   P2, same as B1
        sit(id="S0", g=4, f=4, m=3),  # 8   P2, G4 (16 × 0.5)
        sit(id="S2", g=4, f=3, m=1),  # 12  P1, G4
        sit(id="S5", g=4, f=4, m=1),  # 16  P1
    ]
    ranked = rank(situations, scale)
    assert [s.id for s, _ in ranked] == ["S5", "S2", "S1", "S0", "S3", "A1", "B1", "S9"]
    assert all(s.id == r.id for s, r in ranked)
    assert [r.priorite for _, r in ranked] == [1, 1, 1, 2, 2, 2, 2, 3]
    assert rank([], scale) == []


def test_heat_counts_per_unit_and_overall() -> None:
    situations = [sit(id="R1", g=2, f=3), sit(id="R2", g=2, f=3), sit(id="R3", g=4, f=1),
                  sit(id="A1", unite="ATL", g=2, f=3), sit(id="A2", unite="ATL", g=1, f=1)]
    assert heat_counts(situations) == Counter({(2, 3): 3, (4, 1): 1, (1, 1): 1})
    assert heat_counts(situations, "REC") == Counter({(2, 3): 2, (4, 1): 1})
    assert heat_counts(situations, "ATL") == Counter({(2, 3): 1, (1, 1): 1})
    assert heat_counts(situations, "EXP") == Counter()
    assert heat_counts(situations)[(3, 2)] == 0  # (G, F), not (F, G)


# --- checks -----------------------------------------------------------------------------------------
@pytest.fixture
def duerp() -> list[Situation]:
    """A DUERP the trainee has nothing to fix in."""
    return [sit(id="REC-01", m=1),
            sit(id="REC-02", fonctionnement="dégradé", famille="machines", g=3, f=1, m=2),
            sit(id="ATL-01", unite="ATL", famille="bruit", g=2, f=4, m=3)]


def test_a_correct_duerp_has_no_issue(duerp: list[Situation], scale: DuerpScale) -> None:
    assert check_situations(duerp, scale, UNITS) == []


def test_duplicate_ids_reported_once(duerp: list[Situation], scale: DuerpScale) -> None:
    issues = check_situations([*duerp, sit(id="REC-01", m=1), sit(id="REC-01", m=2)], scale, UNITS)
    assert messages(issues) == [("erreur", "repère REC-01 utilisé plusieurs fois : chaque situation "
                                           "a son propre repère")]


def test_unknown_unit(duerp: list[Situation], scale: DuerpScale) -> None:
    issues = check_situations([*duerp, sit(id="X-1", unite="EXP", m=1)], scale, UNITS)
    assert messages(issues) == [("erreur", "X-1 : unité de travail « EXP » inconnue (unités : "
                                           "REC, ATL)")]


@pytest.mark.parametrize("change, expected", [
    ({"g": 5}, "REC-01 : la gravité G se cote de 1 à 4 dans la grille de l'organisation (reçu : 5)"),
    ({"f": 7}, "REC-01 : la fréquence F se cote de 1 à 4 dans la grille de l'organisation (reçu : 7)"),
    ({"m": 4}, "REC-01 : la maîtrise M se cote de 1 à 3 dans la grille de l'organisation (reçu : 4)"),
    ({"m": None}, "REC-01 : la maîtrise M est à coter de 1 à 3 (la grille de l'organisation "
                  "l'utilise)"),
])
def test_rating_out_of_the_grid(duerp: list[Situation], scale: DuerpScale,
                                change: dict[str, Any], expected: str) -> None:
    duerp[0] = sit(id="REC-01", **{"m": 1, **change})
    assert messages(check_situations(duerp, scale, UNITS)) == [("erreur", expected)]


def test_control_level_given_when_the_grid_has_none(duerp: list[Situation],
                                                    plain: DuerpScale) -> None:
    issues = check_situations(duerp, plain, UNITS)
    assert [i.message for i in issues] == [
        f"{s.id} : la grille de l'organisation n'utilise pas de niveau de maîtrise : laissez M vide"
        for s in duerp]
    without = [s.model_copy(update={"m": None}) for s in duerp]
    assert check_situations(without, plain, UNITS) == []


def test_unit_without_situation(duerp: list[Situation], scale: DuerpScale) -> None:
    issues = check_situations(duerp, scale, [*UNITS, "EXP"])
    assert messages(issues) == [("erreur", "l'unité de travail EXP n'a aucune situation évaluée : "
                                           "le DUERP couvre chaque unité de travail")]


def test_no_degraded_operation_is_a_warning(duerp: list[Situation], scale: DuerpScale) -> None:
    normal = [s.model_copy(update={"fonctionnement": "normal"}) for s in duerp]
    assert messages(check_situations(normal, scale, UNITS)) == [
        ("attention", "aucune situation en fonctionnement dégradé (panne, urgence, pic "
                      "d'activité, intérim…)")]


def test_empty_duerp_lists_every_unit_and_no_degraded_warning(scale: DuerpScale) -> None:
    issues = check_situations([], scale, UNITS)
    assert [i.message.split(" n'a ")[0] for i in issues] == ["l'unité de travail REC",
                                                            "l'unité de travail ATL"]


def test_missing_hazard_and_measures_are_warnings(duerp: list[Situation], scale: DuerpScale) -> None:
    duerp[0] = sit(id="REC-01", m=1, danger="", mesures=[])
    issues = check_situations(duerp, scale, UNITS)
    assert {i.level for i in issues} == {"attention"}
    assert only(issues, "le danger n'est pas décrit").message == "REC-01 : le danger n'est pas décrit"
    assert only(issues, "aucune mesure").message.startswith("REC-01 : aucune mesure de prévention")


def test_blank_measures_count_as_no_measure(duerp: list[Situation], scale: DuerpScale) -> None:
    duerp[0] = sit(id="REC-01", m=1, mesures="   ")
    assert duerp[0].mesures == []
    only(check_situations(duerp, scale, UNITS), "aucune mesure de prévention")


# --- split_measures and the validators of a situation -----------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Plan de circulation | CACES R489", ["Plan de circulation", "CACES R489"]),
    ("A|B|C", ["A", "B", "C"]),
    ("Carter fixe\nConsignation", ["Carter fixe", "Consignation"]),
    ("Carter fixe\r\nConsignation\r\n", ["Carter fixe", "Consignation"]),
    ("• Carter fixe\n• Consignation", ["Carter fixe", "Consignation"]),
    ("• Carter fixe • Consignation", ["Carter fixe", "Consignation"]),
    ("  A  |  | B  ", ["A", "B"]),
    ("Une seule mesure", ["Une seule mesure"]),
    ("", []),
    ("   ", []),
    (" | \n • ", []),
])
def test_split_measures(text: str, expected: list[str]) -> None:
    assert split_measures(text) == expected


@pytest.mark.parametrize("given", ["degrade", "dégradé", "Dégradé", "DEGRADE", "degradé", " degrade "])
def test_degraded_operation_spellings(given: str) -> None:
    assert sit(fonctionnement=given).fonctionnement == "dégradé"


def test_normal_operation_is_folded_and_other_words_refused() -> None:
    assert sit(fonctionnement="Normal").fonctionnement == "normal"
    assert sit().fonctionnement == "normal"
    with pytest.raises(ValidationError) as err:
        sit(fonctionnement="panne")
    assert "fonctionnement" in str(err.value)


def test_measures_given_as_a_string() -> None:
    assert sit(mesures="Plan de circulation | CACES R489").mesures == ["Plan de circulation",
                                                                       "CACES R489"]
    assert sit(mesures="• Gants\n• Lunettes").mesures == ["Gants", "Lunettes"]
    assert sit(mesures=["A | B"]).mesures == ["A | B"]  # a list is taken as it is


@pytest.mark.parametrize("blank", ["", "   "])
def test_blank_control_level_and_headcount_are_none(blank: str) -> None:
    s = sit(m=blank, exposes=blank)
    assert s.m is None and s.exposes is None
    assert sit(m="2", exposes="5").m == 2


@pytest.mark.parametrize("change", [{"id": "REC 01"}, {"id": ""}, {"g": 0}, {"f": 11},
                                    {"m": 0}, {"famille": "vol"}, {"methode": "5M"},
                                    {"unite": ""}, {"situation": ""}, {"exposes": -1},
                                    {"inconnu": "x"}])
def test_invalid_situation_is_refused(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as err:
        sit(**change)
    assert next(iter(change)) in str(err.value)


def test_situation_label() -> None:
    assert sit().label() == "REC-01 (Déchargement des camions)"
