"""The acv-rse rules on the bundled case: the reference answers earn every automatic point; each
classic mistake of an LCA (net mass, grams, a forgotten stage, a unit that does not convert, a burden
shift left undiscussed) and of an RSE plan costs where the rubric says."""

from __future__ import annotations

from typing import Any

import pytest

from qsecase.corpus import key_path, load_case
from qsecase.exercises import registry
from qsecase.exercises.acv_rse.model import AcvRseAnswers
from test_notebook_acv_rse import CASE, reference_answers

EXERCISE = registry.get("acv-rse")


@pytest.fixture(scope="module")
def case() -> Any:
    return load_case(CASE)


@pytest.fixture(scope="module")
def key() -> Any:
    return registry.load_key(EXERCISE, key_path(CASE, "acv-rse"))


def items(answers: AcvRseAnswers, key: Any, case: Any) -> dict[str, Any]:
    grade = EXERCISE.grade(answers, key, case, trainee="t")
    return {i.item: i for i in grade.items}


def edit(answers: AcvRseAnswers, process: str, provider: str, **changes: Any) -> AcvRseAnswers:
    data = answers.model_dump()
    for p in data["systeme"]["processus"]:
        if p["id"] == process:
            for x in p["intrants"]:
                if x["fournisseur"] == provider:
                    x.update(changes)
    return AcvRseAnswers.model_validate(data)


def test_the_reference_answers_earn_every_automatic_point(key: Any, case: Any) -> None:
    got = items(reference_answers(), key, case)
    for item in EXERCISE.rubric.items:
        if item.check == "auto":
            assert got[item.id].points == item.points, (item.id, got[item.id].notes)
    assert got["resultats"].found == ["Changement climatique"]


def test_the_net_mass_instead_of_the_gross_mass_costs_data_and_results(key: Any, case: Any) -> None:
    got = items(edit(reference_answers(), "P1", "aluminium-primaire", quantite=1.90), key, case)
    assert got["donnees"].points < got["donnees"].max_points
    assert any("quantité" in n for n in got["donnees"].notes)
    assert got["resultats"].points < got["resultats"].max_points
    assert any("écart" in n for n in got["resultats"].notes)
    assert any("bilan matière" in n for n in got["saisie"].notes)


def test_grams_typed_as_kilograms_are_a_wrong_amount(key: Any, case: Any) -> None:
    good = items(reference_answers(), key, case)
    got = items(edit(reference_answers(), "P2", "huile-de-coupe", quantite=38, unite="kg"), key, case)
    assert got["donnees"].points < good["donnees"].points


def test_a_unit_that_does_not_convert_is_an_entry_error(key: Any, case: Any) -> None:
    got = items(edit(reference_answers(), "P2", "electricite-france", unite="kg"), key, case)
    assert got["saisie"].points < got["saisie"].max_points
    assert any("ne se convertit pas" in n for n in got["saisie"].notes)
    assert got["resultats"].points == 0  # the system cannot be computed: nothing to compare


def test_a_forgotten_stage_costs_the_scope_and_its_data(key: Any, case: Any) -> None:
    data = reference_answers().model_dump()
    system = data["systeme"]
    system["processus"] = [p for p in system["processus"] if p["etape"] != "fin-de-vie"]
    for p in system["processus"]:
        p["intrants"] = [x for x in p["intrants"] if x["fournisseur"] != "P6"]
    got = items(AcvRseAnswers.model_validate(data), key, case)
    assert "Fin de vie" in got["champ_etude"].missed
    assert got["champ_etude"].points < got["champ_etude"].max_points
    assert got["donnees"].points < got["donnees"].max_points


def test_an_undiscussed_burden_shift_costs_the_scenarios(key: Any, case: Any) -> None:
    answers = reference_answers()
    data = answers.model_dump()
    data["scenarios"] = data["scenarios"][:1]
    data["scenarios"][0]["justification"] = "Le point chaud est l'aluminium primaire."
    data["scenarios"][0]["modifications"][1]["quantite"] = 6.0  # a long road from the recycler
    data["conclusion"] = ("Je recommande le scénario S1 : il réduit fortement le changement "
                          "climatique, de 80 %.")
    got = items(AcvRseAnswers.model_validate(data), key, case)
    assert any("transfert de pollution" in n for n in got["scenarios"].notes)
    assert got["scenarios"].points < got["scenarios"].max_points


def test_an_added_input_builds_the_mixed_recycled_blank(key: Any, case: Any) -> None:
    data = reference_answers().model_dump()
    data["scenarios"][0]["modifications"][0] = {
        "processus": "P1", "fournisseur": "aluminium-primaire", "quantite": 0.775, "unite": "kg"}
    data["scenarios"][0]["modifications"].insert(1, {
        "action": "ajouter", "processus": "P1", "fournisseur": "aluminium-recycle", "quantite": 2.325,
        "unite": "kg"})
    got = items(AcvRseAnswers.model_validate(data), key, case)
    assert got["scenarios"].points == got["scenarios"].max_points, got["scenarios"].notes


def test_rse_actions_cut_from_the_policy_and_the_texts_cost(key: Any, case: Any) -> None:
    data = reference_answers().model_dump()
    for action in data["actions_rse"]:
        action["objectifs"] = []
        action["textes"] = ["une circulaire interne"]
    got = items(AcvRseAnswers.model_validate(data), key, case)
    assert got["rse_objectifs"].points < 0.5 * got["rse_objectifs"].max_points
    assert got["rse_textes"].points == 0


def test_unargued_impacts_are_proposed_low(key: Any, case: Any) -> None:
    data = reference_answers().model_dump()
    for action in data["actions_rse"]:
        action["impacts"] = [{"dimension": "sociale", "description": "c'est bien"}]
    got = items(AcvRseAnswers.model_validate(data), key, case)
    assert got["rse_impacts"].points == 0 and got["rse_impacts"].status == "à vérifier"


def test_a_near_empty_model_does_not_earn_the_results(key: Any, case: Any) -> None:
    # aluminium alone is ~95 % of the climate total: the total may land within tolerance,
    # but a model holding a third of the data is not a right LCA
    data = reference_answers().model_dump()
    for p in data["systeme"]["processus"]:
        if p["id"] != "P0":
            p["intrants"] = [x for x in p["intrants"] if x["fournisseur"] in (
                "aluminium-primaire", "electricite-france", "fret-routier-articule")]
    got = items(AcvRseAnswers.model_validate(data), key, case)
    assert got["resultats"].points <= 0.5 * got["resultats"].max_points
    assert any("Modèle incomplet" in n for n in got["resultats"].notes)


def test_a_scenario_without_changes_earns_nothing(key: Any, case: Any) -> None:
    data = reference_answers().model_dump()
    data["scenarios"] = [{"id": "S1", "libelle": "recyclé", "levier": "matiere"}]
    got = items(AcvRseAnswers.model_validate(data), key, case)
    assert got["scenarios"].points == 0
    assert any("aucune modification" in n for n in got["scenarios"].notes)


def test_the_shift_is_discussed_only_where_it_goes(key: Any, case: Any) -> None:
    data = reference_answers().model_dump()
    for s in data["scenarios"]:
        s["justification"] = "Le point chaud est l'aluminium primaire ; pas de transfert."
    data["conclusion"] = ("Je recommande le scénario S1 : le changement climatique baisse de 65 %, "
                          "sans autre effet notable sur le reste du cycle de vie.")
    got = items(AcvRseAnswers.model_validate(data), key, case)
    assert got["scenarios"].points < got["scenarios"].max_points
