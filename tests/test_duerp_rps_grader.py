"""The duerp-rps rules on the bundled case: a faithful update scores full marks, each gap costs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qsecase.corpus import load_case
from qsecase.exercises import registry
from qsecase.exercises.duerp_rps import corpus_data
from qsecase.exercises.duerp_rps.model import DuerpRpsAnswers, DuerpRpsKey
from qsecase.methods.duerp import Situation, rank
from qsecase.methods.papripact import PreventionAction
from qsecase.methods.rps import FAMILIES as RPS_FAMILIES
from qsecase.methods.rps import RpsFactor

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "cases" / "logisud"
EXERCISE = registry.get("duerp-rps")


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    return load_case(CASE)


@pytest.fixture(scope="module")
def key() -> DuerpRpsKey:
    return registry.load_key(EXERCISE, CASE / "key" / "duerp-rps.yaml")  # type: ignore[return-value]


def faithful(case, key: DuerpRpsKey) -> DuerpRpsAnswers:  # type: ignore[no-untyped-def]
    """The update the key describes, written as a careful trainee would."""
    previous = corpus_data.previous_version(case).situations
    removed = {r.id for r in key.suppressions}
    rerated = {r.id: r for r in key.recotations}
    motifs: dict[str, str] = {}
    situations: list[Situation] = []
    for s in previous:
        if s.id in removed:
            motifs[s.id] = "La situation n'existe plus depuis le changement d'équipement."
            continue
        if s.id in rerated:
            r = rerated[s.id]
            s = s.model_copy(update={"g": r.g, "f": r.f, "m": r.m})
            motifs[s.id] = "Recotée d'après les observations de terrain et les mesures récentes."
        situations.append(s)
    for e in key.nouvelles:
        situations.append(Situation(
            id=e.id, unite=e.unite, situation=e.libelle, famille=e.famille,
            fonctionnement=e.fonctionnement, danger=e.libelle, mesures=["aucune"], g=e.g, f=e.f,
            m=e.m, methode=e.methodes[0]))
        motifs[e.id] = "Nouvelle situation née des changements et des observations de terrain."
    for h in key.handicap:
        first = next(i for i, s in enumerate(situations) if s.unite == h.unite)
        situations[first] = situations[first].model_copy(
            update={"handicap": " ; ".join(x.libelle for x in h.adaptations)})
    responsible = key.responsables[0] if key.responsables else "Responsable QSE"
    actions = [PreventionAction(
        id=f"AP{n}", mesure=" ; ".join(x.libelle for x in exp.exemples), type="collective",
        risques=[exp.risque], responsable=responsible, echeance=dt.date(2027, 3, 31), cout=1000,
        ressources="Budget prévention 2027", indicateur="Nombre de situations dangereuses relevées")
        for n, exp in enumerate(key.actions, 1)]
    treated = {r for a in actions for r in a.risques}
    grid = corpus_data.scale(case)
    draft = DuerpRpsAnswers(situations=situations)
    untreated = [s.id for s, r in rank(draft.situations, grid) if r.priorite == 1 and s.id not in treated]
    if untreated:
        actions.append(PreventionAction(
            id="AP99", mesure="Plan de prévention des autres risques prioritaires", type="organisationnelle",
            risques=untreated, responsable=responsible, echeance=dt.date(2027, 6, 30), cout=5000,
            ressources="Budget prévention 2027", indicateur="Part des risques prioritaires traités"))
    expected = {(e.unite, e.famille): e for e in key.rps}
    fact = next(iter(key.rps[0].faits), "")
    factors = []
    for unit in corpus_data.units(case):
        for family in RPS_FAMILIES:
            e = expected.get((unit, family))
            if e is None:
                factors.append(RpsFactor(unite=unit, famille=family, frequence=0,
                                         constats="Aucun signal dans les indicateurs ni l'enquête."))
            else:
                factors.append(RpsFactor(unite=unit, famille=family, frequence=e.frequence,
                                         gravite=e.gravite, constats="Signal relevé dans le corpus.",
                                         sources=e.faits or [fact]))
        if any(e.unite == unit and e.frequence * e.gravite >= 4 for e in key.rps) and not any(
                s.unite == unit and s.famille == "rps" for s in situations):
            situations.append(Situation(
                id=f"RPS-{unit}"[:20], unite=unit, situation="Charge de travail et relations",
                famille="rps", danger="Facteurs de RPS", mesures=["aucune"], g=2, f=2,
                m=1 if grid.maitrise else None, methode="RPS-DU"))
            motifs[f"RPS-{unit}"[:20]] = "Facteurs de risques psychosociaux relevés par l'évaluation RPS-DU."
    return DuerpRpsAnswers(
        mise_a_jour={"date": key.date_analyse, "auteur": "Responsable QSE",
                     "declencheurs": key.declencheurs, "participants": "CSSCT, médecin du travail"},
        situations=situations, motifs=motifs, actions=actions, rps_methode=key.rps_methodes[0],
        rps_justification="L'outil RPS-DU se conduit en groupe de travail dans chaque unité de travail, "
                          "complété par les indicateurs et l'enquête.",
        rps=factors)


def grade(answers: DuerpRpsAnswers, case, key):  # type: ignore[no-untyped-def]
    return EXERCISE.grade(answers, key, case, trainee="t", now=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))


def items(g):  # type: ignore[no-untyped-def]
    return {i.item: i for i in g.items}


def test_faithful_update_earns_every_automatic_point(case, key) -> None:  # type: ignore[no-untyped-def]
    g = grade(faithful(case, key), case, key)
    lost = {i.item: i.points for i in g.items if i.status not in ("acquis", "à vérifier")}
    assert lost == {}
    assert g.note_20 >= 19


def test_previous_version_copied_unchanged_misses_the_update(case, key) -> None:  # type: ignore[no-untyped-def]
    previous = corpus_data.previous_version(case).situations
    g = items(grade(DuerpRpsAnswers(situations=previous), case, key))
    assert g["nouveaux_risques"].points == 0
    assert g["motifs"].points == 0
    assert g["reprise"].status != "acquis"          # the removed equipment is still there
    assert g["cotation"].status != "acquis"


def test_dropping_situations_without_reason_is_reported(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = faithful(case, key)
    kept_ids = {r.id for r in key.recotations} | {e.id for e in key.nouvelles}
    dropped = [s for s in answers.situations if s.id not in kept_ids][:5]
    answers = answers.model_copy(update={"situations": [s for s in answers.situations if s not in dropped]})
    item = items(grade(answers, case, key))["reprise"]
    assert item.status != "acquis"
    assert dropped[0].id in item.feedback


def test_ratings_outside_tolerance_cost_points(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = faithful(case, key)
    far = {r.id for r in key.recotations}
    grid = corpus_data.scale(case)
    shifted = [s.model_copy(update={"g": 1 if s.g > 2 else grid.g_max, "f": 1 if s.f > 2 else grid.f_max})
               if s.id in far else s for s in answers.situations]
    item = items(grade(answers.model_copy(update={"situations": shifted}), case, key))["cotation"]
    assert item.status != "acquis"
    assert "éloignée des observations" in item.feedback


def test_missing_rps_families_are_named_per_unit(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = faithful(case, key)
    unit = corpus_data.units(case)[0]
    answers = answers.model_copy(update={"rps": [f for f in answers.rps
                                                 if not (f.unite == unit and f.famille == "valeurs")]})
    item = items(grade(answers, case, key))["rps_familles"]
    assert item.status == "partiellement acquis"
    assert unit in item.feedback


def test_wrong_method_for_explosive_atmosphere(case, key) -> None:  # type: ignore[no-untyped-def]
    atex = [e.id for e in key.nouvelles if e.methodes == ["ATEX"]]
    assert atex, "le corrigé attend au moins une situation à évaluer par zonage ATEX"
    answers = faithful(case, key)
    answers = answers.model_copy(update={"situations": [
        s.model_copy(update={"methode": "EvRP"}) if s.id in atex else s for s in answers.situations]})
    assert items(grade(answers, case, key))["methodes"].status != "acquis"


def test_papripact_fields_are_required_at_this_headcount(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = faithful(case, key)
    bare = [a.model_copy(update={"cout": None, "indicateur": ""}) for a in answers.actions]
    item = items(grade(answers.model_copy(update={"actions": bare}), case, key))["priorisation"]
    assert item.status != "acquis"
    assert "PAPRIPACT" in item.feedback


def test_unknown_rps_sources_are_reported(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = faithful(case, key)
    answers = answers.model_copy(update={"rps": [
        f.model_copy(update={"sources": ["ZZ99"]}) if f.frequence else f for f in answers.rps]})
    item = items(grade(answers, case, key))["rps_qualification"]
    assert item.points == 0
    assert "ZZ99" in item.feedback
