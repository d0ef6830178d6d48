"""Programme of prevention actions: PAPRIPACT from 50 employees, checks of the programme."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from qsecase.methods.base import Issue
from qsecase.methods.duerp import DuerpScale, Situation
from qsecase.methods.papripact import (
    PAPRIPACT_HEADCOUNT,
    PreventionAction,
    check_programme,
    programme_kind,
)

TODAY = dt.date(2026, 3, 12)


@pytest.fixture
def scale() -> DuerpScale:
    return DuerpScale.model_validate({
        "gravite": [{"valeur": v, "libelle": f"G{v}"} for v in range(1, 5)],
        "frequence": [{"valeur": v, "libelle": f"F{v}"} for v in range(1, 5)],
        "seuils": [{"priorite": 1, "libelle": "Action immédiate", "minimum": 9},
                   {"priorite": 2, "libelle": "Action à planifier", "minimum": 4},
                   {"priorite": 3, "libelle": "À surveiller", "minimum": 0}]})


def sit(sid: str, g: int, f: int) -> Situation:
    return Situation(id=sid, unite="REC", situation=f"Situation {sid}", famille="circulation",
                     danger="Heurt", mesures=["Plan de circulation"], g=g, f=f)


@pytest.fixture
def situations() -> list[Situation]:
    """Two priority-1 risks (P1-A: 12, P1-B: 16), one priority 2, one priority 3."""
    return [sit("P1-A", 3, 4), sit("P2", 2, 3), sit("P1-B", 4, 4), sit("P3", 1, 2)]


def action(**kw: Any) -> PreventionAction:
    base: dict[str, Any] = dict(id="AP1", mesure="Séparer les flux piétons et chariots",
                                type="collective", risques=["P1-A", "P1-B"],
                                responsable="Responsable logistique",
                                echeance=dt.date(2026, 6, 30), cout=4500.0,
                                ressources="Prestataire marquage au sol",
                                indicateur="Nombre de presque-accidents de circulation")
    base.update(kw)
    return PreventionAction.model_validate(base)


def messages(issues: list[Issue]) -> list[tuple[str, str]]:
    return [(i.level, i.message) for i in issues]


def test_programme_kind_at_49_and_50() -> None:
    assert PAPRIPACT_HEADCOUNT == 50
    assert programme_kind(49) == "liste des actions de prévention"
    assert programme_kind(50) == "PAPRIPACT"
    assert programme_kind(1) == "liste des actions de prévention"
    assert programme_kind(320) == "PAPRIPACT"


@pytest.mark.parametrize("headcount", [12, 49, 50, 300])
def test_a_complete_programme_has_no_issue(situations: list[Situation], scale: DuerpScale,
                                           headcount: int) -> None:
    assert check_programme([action()], situations, scale, headcount, TODAY) == []


def test_unknown_situation_ids(situations: list[Situation], scale: DuerpScale) -> None:
    issues = check_programme([action(risques=["P1-A", "P1-B", "X-9", "REC-7"])], situations,
                             scale, 20, TODAY)
    assert messages(issues) == [("erreur", "AP1 : situation(s) inconnue(s) dans le DUERP : "
                                           "X-9, REC-7")]


def test_an_unknown_id_does_not_treat_a_first_priority_risk(situations: list[Situation],
                                                            scale: DuerpScale) -> None:
    issues = check_programme([action(risques=["P1-A", "p1-b"])], situations, scale, 20, TODAY)
    assert ("erreur", "risques de priorité 1 sans action : P1-B") in messages(issues)


def test_action_without_situation(situations: list[Situation], scale: DuerpScale) -> None:
    issues = check_programme([action(), action(id="AP2", risques=[])], situations, scale, 20, TODAY)
    assert messages(issues) == [("attention", "AP2 : reliez l'action aux situations du DUERP "
                                              "qu'elle traite")]


@pytest.mark.parametrize("missing", [{"responsable": ""}, {"echeance": None},
                                     {"responsable": "", "echeance": None}])
def test_owner_and_deadline_are_required(situations: list[Situation], scale: DuerpScale,
                                         missing: dict[str, Any]) -> None:
    issues = check_programme([action(**missing)], situations, scale, 20, TODAY)
    assert messages(issues) == [("erreur", "AP1 : responsable et échéance sont à renseigner")]


@pytest.mark.parametrize("missing, names", [
    ({"cout": None}, "coût estimé"),
    ({"ressources": ""}, "ressources"),
    ({"indicateur": ""}, "indicateur de résultat"),
    ({"cout": None, "ressources": "", "indicateur": ""},
     "coût estimé, ressources, indicateur de résultat"),
])
def test_papripact_fields_required_from_50(situations: list[Situation], scale: DuerpScale,
                                           missing: dict[str, Any], names: str) -> None:
    actions = [action(**missing)]
    assert messages(check_programme(actions, situations, scale, 50, TODAY)) == [
        ("erreur", f"AP1 : le PAPRIPACT (50 salariés et plus) demande aussi : {names}")]
    assert check_programme(actions, situations, scale, 49, TODAY) == []


def test_a_zero_cost_is_a_cost(situations: list[Situation], scale: DuerpScale) -> None:
    assert check_programme([action(cout=0)], situations, scale, 80, TODAY) == []


def test_first_priority_risks_without_action(situations: list[Situation], scale: DuerpScale) -> None:
    only_p2 = [action(risques=["P2"])]
    assert messages(check_programme(only_p2, situations, scale, 20, TODAY)) == [
        ("erreur", "risques de priorité 1 sans action : P1-B, P1-A")]  # most urgent first
    half = [action(risques=["P1-B"])]
    assert messages(check_programme(half, situations, scale, 20, TODAY)) == [
        ("erreur", "risques de priorité 1 sans action : P1-A")]


def test_first_priority_split_over_actions(situations: list[Situation], scale: DuerpScale) -> None:
    actions = [action(risques=["P1-A"]), action(id="AP2", type="organisationnelle", risques=["P1-B"])]
    assert check_programme(actions, situations, scale, 20, TODAY) == []


def test_empty_programme(situations: list[Situation], scale: DuerpScale) -> None:
    assert messages(check_programme([], situations, scale, 20, TODAY)) == [
        ("erreur", "risques de priorité 1 sans action : P1-B, P1-A")]
    no_first = [s for s in situations if not s.id.startswith("P1")]
    assert check_programme([], no_first, scale, 20, TODAY) == []


def test_past_deadline_is_a_warning(situations: list[Situation], scale: DuerpScale) -> None:
    past = [action(echeance=dt.date(2026, 3, 11))]
    assert messages(check_programme(past, situations, scale, 20, TODAY)) == [
        ("attention", "AP1 : échéance déjà passée (11/03/2026)")]
    assert check_programme([action(echeance=TODAY)], situations, scale, 20, TODAY) == []
    assert check_programme(past, situations, scale, 20) == []  # no reference date, no warning


def test_only_ppe_is_a_warning(situations: list[Situation], scale: DuerpScale) -> None:
    ppe = [action(type="individuelle"), action(id="AP2", type="individuelle", risques=["P2"])]
    assert messages(check_programme(ppe, situations, scale, 20, TODAY)) == [
        ("attention", "le programme ne compte que des EPI : les protections collectives et "
                      "l'organisation passent avant")]
    mixed = [*ppe, action(id="AP3", type="formation", risques=["P3"])]
    assert check_programme(mixed, situations, scale, 20, TODAY) == []


def test_action_fields_are_validated() -> None:
    with pytest.raises(ValidationError):
        action(id="AP 1")
    with pytest.raises(ValidationError):
        action(type="epi")
    with pytest.raises(ValidationError):
        action(cout=-10)
    with pytest.raises(ValidationError):
        action(mesure="")
