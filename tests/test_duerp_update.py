"""Update of a DUERP: differences between two versions, reasons, fingerprint, version record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qsecase.methods.duerp import Situation
from qsecase.methods.duerp_update import (
    TRIGGERS,
    Change,
    DuerpVersion,
    UpdateInfo,
    VersionInfo,
    check_reasons,
    diff,
    fingerprint,
)

DATE = dt.datetime(2025, 11, 20)


def data(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = dict(id="REC-01", unite="REC", situation="Déchargement des camions",
                                famille="circulation", danger="Heurt par un chariot",
                                dommage="Écrasement", mesures=["Plan de circulation", "CACES R489"],
                                g=3, f=3, m=2, handicap="", exposes=4)
    base.update(kw)
    return base


def sit(**kw: Any) -> Situation:
    return Situation.model_validate(data(**kw))


@pytest.fixture
def old() -> list[Situation]:
    return [sit(), sit(id="REC-02", situation="Manutention des colis", famille="activite-physique",
                       mesures=["Aide à la manutention"], g=2, f=4, m=1),
            sit(id="ATL-01", unite="ATL", situation="Panne du convoyeur", famille="machines",
                fonctionnement="dégradé", mesures=["Consignation"], g=4, f=1, m=2)]


def version(situations: list[Situation], **kw: Any) -> DuerpVersion:
    base: dict[str, Any] = dict(numero=4, date=DATE, auteur="Responsable QSE",
                                motif="Mise à jour annuelle", situations=situations)
    base.update(kw)
    return DuerpVersion.model_validate(base)


# --- diff -------------------------------------------------------------------------------------------
def test_same_situations_in_another_order_make_no_change(old: list[Situation]) -> None:
    assert diff(old, list(reversed(old))) == []
    assert diff([], []) == []


def test_added_situation(old: list[Situation]) -> None:
    new = [*old, sit(id="EXP-01", unite="EXP", situation="Préparation des commandes")]
    assert diff(old, new, {"EXP-01": "Nouvelle zone d'expédition"}) == [
        Change("EXP-01", "ajoutée", "Préparation des commandes", "Nouvelle zone d'expédition")]


def test_removed_situation(old: list[Situation]) -> None:
    assert diff(old, old[1:], {"REC-01": "Quai fermé"}) == [
        Change("REC-01", "supprimée", "Déchargement des camions", "Quai fermé")]


def test_a_renamed_id_is_a_removal_and_an_addition(old: list[Situation]) -> None:
    new = [old[0].model_copy(update={"id": "REC-10"}), *old[1:]]
    assert [(c.id, c.kind) for c in diff(old, new)] == [("REC-10", "ajoutée"),
                                                         ("REC-01", "supprimée")]


@pytest.mark.parametrize("change, detail", [
    ({"g": 4}, "G3 × F3, M2 → G4 × F3, M2"),
    ({"f": 1}, "G3 × F3, M2 → G3 × F1, M2"),
    ({"m": 3}, "G3 × F3, M2 → G3 × F3, M3"),
    ({"m": None}, "G3 × F3, M2 → G3 × F3"),
])
def test_rerated_situation(old: list[Situation], change: dict[str, Any], detail: str) -> None:
    new = [old[0].model_copy(update=change), *old[1:]]
    assert diff(old, new, {"REC-01": "Nouvelle mesure du trafic"}) == [
        Change("REC-01", "recotée", detail, "Nouvelle mesure du trafic")]


def test_measures_added_and_removed(old: list[Situation]) -> None:
    new = [old[0].model_copy(update={"mesures": ["CACES R489", "Miroir d'angle", "Gilet HV"]}),
           *old[1:]]
    assert diff(old, new, {"REC-01": "Accident du 3 mars"}) == [
        Change("REC-01", "mesures ajoutées", "Miroir d'angle ; Gilet HV", "Accident du 3 mars"),
        Change("REC-01", "mesures retirées", "Plan de circulation", "Accident du 3 mars"),
    ]


@pytest.mark.parametrize("same", [
    ["plan de circulation", "caces r489"],
    ["PLAN DE CIRCULATION.", "CACES  R489"],
    ["  Plan  de\tcirculation ", "CACES R489;"],
    ["CACES R489", "Plan de circulation"],
])
def test_measures_compared_whatever_case_accents_spacing(old: list[Situation],
                                                         same: list[str]) -> None:
    new = [old[0].model_copy(update={"mesures": same}), *old[1:]]
    assert diff(old, new) == []


def test_measures_compared_whatever_accents(old: list[Situation]) -> None:
    new = [old[0], old[1].model_copy(update={"mesures": ["Aide a la MANUTENTION"]}), old[2]]
    assert diff(old, new) == []
    other = [old[0], old[1].model_copy(update={"mesures": ["Aide à la manutention mécanisée"]}),
             old[2]]
    assert [c.kind for c in diff(old, other)] == ["mesures ajoutées", "mesures retirées"]


@pytest.mark.parametrize("change, fields", [
    ({"danger": "Heurt par un transpalette"}, "danger"),
    ({"dommage": "Fracture"}, "dommage"),
    ({"situation": "Chargement des camions"}, "situation"),
    ({"unite": "ATL"}, "unite"),
    ({"famille": "routier"}, "famille"),
    ({"fonctionnement": "dégradé"}, "fonctionnement"),
    ({"methode": "mesurage"}, "methode"),
    ({"handicap": "Salarié malentendant : alarme visuelle"}, "handicap"),
    ({"danger": "Heurt", "dommage": "Fracture"}, "danger, dommage"),
])
def test_edited_fields(old: list[Situation], change: dict[str, Any], fields: str) -> None:
    new = [old[0].model_copy(update=change), *old[1:]]
    assert diff(old, new, {"REC-01": "Visite du quai"}) == [
        Change("REC-01", "modifiée", fields, "Visite du quai")]


def test_edited_text_compared_whatever_case_and_spacing(old: list[Situation]) -> None:
    new = [old[0].model_copy(update={"danger": "heurt  par un CHARIOT."}), *old[1:]]
    assert diff(old, new) == []


def test_every_change_of_a_situation_carries_its_reason(old: list[Situation]) -> None:
    new = [old[0].model_copy(update={"g": 4, "mesures": ["CACES R489", "Miroir"],
                                     "danger": "Heurt"}),
           old[1].model_copy(update={"f": 2}),
           sit(id="EXP-01", situation="Préparation")]
    reasons = {"REC-01": "Accident du 3 mars", "EXP-01": "Nouvelle zone", "ATL-01": "Convoyeur déposé"}
    changes = diff(old, new, reasons)
    assert [(c.id, c.kind, c.motif) for c in changes] == [
        ("REC-01", "recotée", "Accident du 3 mars"),
        ("REC-01", "mesures ajoutées", "Accident du 3 mars"),
        ("REC-01", "mesures retirées", "Accident du 3 mars"),
        ("REC-01", "modifiée", "Accident du 3 mars"),
        ("REC-02", "recotée", ""),
        ("EXP-01", "ajoutée", "Nouvelle zone"),
        ("ATL-01", "supprimée", "Convoyeur déposé"),
    ]


# --- reasons ----------------------------------------------------------------------------------------
def test_check_reasons() -> None:
    assert check_reasons([]) == []
    assert check_reasons([Change("A", "ajoutée", "x", "Nouvelle zone")]) == []
    issues = check_reasons([Change("B", "recotée", "x"), Change("A", "ajoutée", "x", "   "),
                            Change("B", "modifiée", "y"), Change("C", "supprimée", "z", "fermé")])
    assert [(i.level, i.message) for i in issues] == [
        ("erreur", "motif de la modification à écrire pour : A, B")]


def test_update_info_and_triggers() -> None:
    info = UpdateInfo.model_validate({"declencheurs": ["annuelle", "accident"]})
    assert info.declencheurs == ["annuelle", "accident"]
    assert set(TRIGGERS) == {"annuelle", "amenagement", "information", "accident"}
    with pytest.raises(ValueError):
        UpdateInfo.model_validate({"declencheurs": ["envie"]})


# --- fingerprint and version record -----------------------------------------------------------------
def test_fingerprint_is_a_sha256_stable_across_dict_order(old: list[Situation]) -> None:
    reordered = [Situation.model_validate(dict(reversed(list(s.model_dump().items())))) for s in old]
    a = version(old)
    b = DuerpVersion.model_validate(dict(reversed(list({
        "numero": 4, "date": DATE, "auteur": "Responsable QSE", "motif": "Mise à jour annuelle",
        "situations": [s.model_dump() for s in reordered]}.items()))))
    assert len(fingerprint(a)) == 64 and set(fingerprint(a)) <= set("0123456789abcdef")
    assert fingerprint(a) == fingerprint(b) == fingerprint(version(old))


def test_fingerprint_ignores_the_recorded_fingerprint(old: list[Situation]) -> None:
    v = version(old)
    before = fingerprint(v)
    v.empreinte = before
    assert fingerprint(v) == before


@pytest.mark.parametrize("change", [
    {"g": 4}, {"f": 2}, {"m": 3}, {"m": None}, {"mesures": ["Plan de circulation"]},
    {"mesures": ["Plan de circulation", "CACES R489", "Miroir"]}, {"danger": "Heurt"},
    {"dommage": "Fracture"}, {"situation": "Chargement"}, {"unite": "ATL"}, {"famille": "routier"},
    {"fonctionnement": "dégradé"}, {"methode": "mesurage"}, {"handicap": "Alarme visuelle"},
    {"exposes": 5}, {"exposes": None}, {"id": "REC-10"}, {"danger": "heurt par un chariot"},
])
def test_fingerprint_changes_when_any_situation_changes(old: list[Situation],
                                                        change: dict[str, Any]) -> None:
    assert old[0] == Situation.model_validate(data())
    changed = [Situation.model_validate(data(**change)), *old[1:]]
    assert fingerprint(version(changed)) != fingerprint(version(old))


@pytest.mark.parametrize("change", [{"numero": 5}, {"date": dt.datetime(2025, 11, 21)},
                                    {"auteur": "Directeur"}, {"motif": "Accident"}])
def test_fingerprint_changes_with_the_record(old: list[Situation], change: dict[str, Any]) -> None:
    assert fingerprint(version(old, **change)) != fingerprint(version(old))


def test_fingerprint_changes_when_a_situation_is_added_or_removed(old: list[Situation]) -> None:
    assert fingerprint(version(old[:2])) != fingerprint(version(old))
    assert fingerprint(version([*old, sit(id="EXP-01")])) != fingerprint(version(old))


def test_version_info(old: list[Situation]) -> None:
    v = version(old)
    info = v.info()
    assert isinstance(info, VersionInfo)
    assert (info.numero, info.date, info.auteur, info.motif, info.situations) == (
        4, DATE, "Responsable QSE", "Mise à jour annuelle", 3)
    assert info.empreinte == fingerprint(v)
    assert version([]).info().situations == 0


def test_version_info_recomputes_the_fingerprint(old: list[Situation]) -> None:
    v = version(old, empreinte="0" * 64)
    assert v.info().empreinte == fingerprint(v) != "0" * 64
