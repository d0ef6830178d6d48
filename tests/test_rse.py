"""RSE actions (3-6): the checks of each action, the coverage of the RSE policy and the ODD matrix.

The catalogue is passed in as data (a small mapping here), as the methods are pure."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Collection, Mapping

import pytest

from qsecase.methods.rse import (
    MIN_ARGUMENT_WORDS,
    ODD_CORE_SUBJECTS,
    PositiveImpact,
    RseAction,
    TextNames,
    check_action,
    check_actions,
    coverage,
    odd_matrix,
    recognised_texts,
    resolve_objective,
    suggest_odd,
    terms,
    uncovered,
)

POLICY = {"RSE1": "Réduire de 20 % les déchets de production d'ici 2027",
          "RSE2": "Diminuer l'empreinte carbone des transports",
          "RSE3": "Favoriser l'égalité professionnelle"}
TEXTS: dict[str, TextNames] = {"iso-26000": ["ISO 26000"], "loi-agec": ["AGEC", "loi anti-gaspillage"],
         "csrd": ["CSRD", "2022/2464"], "iso-14001": "ISO 14001"}
FACTS = {"F1": "…", "F2": "…"}
ARGUMENT = ("L'imbrication des découpes réduit les chutes de tôle, donc la matière achetée "
            "et les déchets métalliques à évacuer")


def action(**changes: object) -> RseAction:
    """A complete, well-argued action; ``changes`` spoil one field at a time."""
    data: dict[str, object] = dict(
        id="R1", libelle="Réduire les chutes de tôle par l'imbrication des découpes", objectifs=["RSE1"],
        odd=[12], questions_centrales=["environnement"], parties_prenantes=["salaries"],
        impacts=[PositiveImpact(dimension="environnementale", description=ARGUMENT,
                                indicateur="t de chutes par an", valeur_cible="−15 % fin 2027")],
        textes=["loi AGEC"], faits=["F1"])
    data.update(changes)
    return RseAction.model_validate(data)


def issues_of(act: RseAction, *, known_texts: Mapping[str, TextNames] = TEXTS,
              known_facts: Collection[str] = tuple(FACTS)) -> list[tuple[str, str]]:
    return [(i.level, i.message) for i in check_action(act, policy_objectives=POLICY, known_texts=known_texts,
                                                       known_facts=known_facts)]


def test_a_complete_action_has_no_issue() -> None:
    assert issues_of(action()) == []
    assert check_actions([action(), action(id="R2", objectifs=["RSE2"], odd=[13])],
                         policy_objectives=POLICY, known_texts=TEXTS, known_facts=FACTS) == []


def only(issues: list[tuple[str, str]]) -> tuple[str, str]:
    assert len(issues) == 1, issues
    return issues[0]


def test_no_title() -> None:
    level, message = only(issues_of(action(libelle="  ")))
    assert level == "erreur" and "Action R1" in message and "« libellé » vide" in message


def test_no_objective_lists_the_policy() -> None:
    level, message = only(issues_of(action(objectifs=[])))
    assert level == "erreur" and "« objectifs » vide" in message
    assert "RSE1, RSE2, RSE3" in message


def test_an_objective_not_in_the_policy() -> None:
    level, message = only(issues_of(action(objectifs=["RSE1", "RSE9"])))
    assert level == "erreur" and "« RSE9 » n'est pas un objectif de la politique RSE" in message
    assert "objectifs existants : RSE1, RSE2, RSE3" in message


@pytest.mark.parametrize("written", ["RSE1", "rse1", "RSE 1", "rse-1",
                                     "réduire de 20 % les déchets de production d'ici 2027."])
def test_an_objective_named_by_id_or_wording_is_found(written: str) -> None:
    assert resolve_objective(written, POLICY) == "RSE1"
    assert issues_of(action(objectifs=[written])) == []


def test_resolve_objective_unknown() -> None:
    assert resolve_objective("RSE4", POLICY) is None
    assert resolve_objective("", POLICY) is None


def test_no_odd() -> None:
    level, message = only(issues_of(action(odd=[])))
    assert level == "erreur" and "« ODD » vide" in message


@pytest.mark.parametrize("number", [0, 18, -3])
def test_odd_outside_one_to_seventeen(number: int) -> None:
    level, message = only(issues_of(action(odd=[12, number])))
    assert level == "erreur" and f"{number} n'est pas un objectif de développement durable" in message


def test_no_core_subject() -> None:
    level, message = only(issues_of(action(questions_centrales=[])))
    assert level == "erreur" and "« questions centrales » vide" in message


def test_no_impact() -> None:
    level, message = only(issues_of(action(impacts=[])))
    assert level == "erreur" and "« impacts » vide" in message


def test_an_argument_too_short() -> None:
    short = PositiveImpact(dimension="sociale", description="Moins de TMS", indicateur="nombre de TMS")
    level, message = only(issues_of(action(impacts=[short])))
    assert level == "erreur"
    assert "Action R1, impact 1 (sociale)" in message and "« description » trop courte" in message
    assert "3 mots" in message


def test_an_argument_of_exactly_the_minimum_length_is_enough() -> None:
    words = " ".join(["mot"] * MIN_ARGUMENT_WORDS)
    enough = PositiveImpact(dimension="sociale", description=words, indicateur="taux")
    assert issues_of(action(impacts=[enough])) == []
    under = PositiveImpact(dimension="sociale", description=" ".join(["mot"] * (MIN_ARGUMENT_WORDS - 1)),
                           indicateur="taux")
    assert only(issues_of(action(impacts=[under])))[0] == "erreur"


def test_an_impact_without_indicator_is_a_warning_naming_the_impact() -> None:
    second = PositiveImpact(dimension="economique", description=ARGUMENT)
    first = action().impacts[0]
    level, message = only(issues_of(action(impacts=[first, second])))
    assert level == "attention" and "impact 2 (economique)" in message and "« indicateur » vide" in message


def test_no_reference_text() -> None:
    level, message = only(issues_of(action(textes=[])))
    assert level == "erreur" and "« textes de référence » vide" in message


def test_an_unrecognised_text_suggests_ids() -> None:
    level, message = only(issues_of(action(textes=["loi AGEC", "loi-agek"])))
    assert level == "attention" and "« loi-agek » n'est pas reconnu" in message
    assert "loi-agec" in message
    level, message = only(issues_of(action(textes=["Charte du bien-vivre"])))
    assert "iso-26000" in message  # nothing close: the first ids of the catalogue


def test_texts_are_not_looked_up_without_a_catalogue() -> None:
    assert issues_of(action(textes=["n'importe quoi"]), known_texts={}) == []
    assert only(issues_of(action(textes=[]), known_texts={}))[0] == "erreur"  # still required


def test_parts_select_the_checks() -> None:
    """The acv-rse grader asks for the links and the facts only: impacts and texts have their items."""
    spoiled = action(libelle="", objectifs=["RSE9"], odd=[13, 18], questions_centrales=["relations-travail"],
                     impacts=[PositiveImpact(dimension="sociale", description="trop court")],
                     faits=["F9"], textes=[])
    messages = [m for _, m in issues_of(spoiled)]
    assert len(messages) == 8
    said_texte = [m for m in messages if "texte" in m.lower()]
    assert len(said_texte) == 1 and "« textes de référence » vide" in said_texte[0]
    links = [i.message for i in check_action(spoiled, policy_objectives=POLICY, known_texts=TEXTS,
                                             known_facts=tuple(FACTS), parts={"rattachement", "faits"})]
    assert len(links) == 4  # title, objective RSE9, ODD 18, fact F9
    assert not any("texte" in m or "impact" in m or "cohérent" in m for m in links)
    assert any("« faits »" in m for m in links) and any("RSE9" in m for m in links)


def test_facts_that_do_not_exist() -> None:
    level, message = only(issues_of(action(faits=["F1", "F9", "F12"])))
    assert level == "erreur" and "« faits »" in message and "F9, F12" in message
    assert issues_of(action(faits=["f1"])) == []  # same id, other case
    assert issues_of(action(faits=["F9"]), known_facts=()) == []  # no corpus given: not looked up


def test_inconsistent_odd_and_core_subjects_is_a_warning() -> None:
    level, message = only(issues_of(action(odd=[13], questions_centrales=["relations-travail"])))
    assert level == "attention" and "ne se rejoignent pas" in message
    assert "environnement" in message


@pytest.mark.parametrize(("odd", "subjects"), [
    ([13], ["environnement"]),
    ([13, 8], ["relations-travail"]),  # one goal meets one subject
    ([13], ["relations-travail", "gouvernance"]),  # governance is the means to act on any goal
    ([5], ["droits-homme"]),
])
def test_consistent_odd_and_core_subjects(odd: list[int], subjects: list[str]) -> None:
    assert issues_of(action(odd=odd, questions_centrales=subjects)) == []


def test_every_odd_has_related_core_subjects() -> None:
    assert sorted(ODD_CORE_SUBJECTS) == list(range(1, 18))
    assert all(ODD_CORE_SUBJECTS[n] for n in ODD_CORE_SUBJECTS)


def test_duplicated_ids() -> None:
    issues = check_actions([action(), action(), action(id="R2")], policy_objectives=POLICY,
                           known_texts=TEXTS, known_facts=FACTS)
    assert [(i.level, i.message) for i in issues] == [("erreur", "Identifiant d'action RSE en double : R1.")]


def test_check_actions_reports_in_action_order() -> None:
    issues = check_actions([action(id="R1", libelle=""), action(id="R2", odd=[])], policy_objectives=POLICY,
                           known_texts=TEXTS)
    assert [i.message.split(" :")[0] for i in issues] == ["Action R1", "Action R2"]


def test_coverage_and_uncovered() -> None:
    actions = [action(id="R1", objectifs=["RSE1", "rse 2"]), action(id="R2", objectifs=["RSE1", "RSE1"]),
               action(id="R3", objectifs=["RSE7"])]
    assert coverage(actions, POLICY) == {"RSE1": ["R1", "R2"], "RSE2": ["R1"], "RSE3": []}
    assert uncovered(actions, POLICY) == ["RSE3"]
    assert uncovered([], POLICY) == ["RSE1", "RSE2", "RSE3"]
    assert coverage(actions, {}) == {}


def test_odd_matrix() -> None:
    matrix = odd_matrix([action(id="R1", odd=[12, 13, 13, 19]), action(id="R2", odd=[13])])
    assert list(matrix) == list(range(1, 18))
    assert matrix[13] == ["R1", "R2"] and matrix[12] == ["R1"] and matrix[1] == []


def test_terms_fold_case_accents_small_words_and_plurals() -> None:
    assert terms("Loi n° 2020-105 « AGEC »") == " loi 2020 105 agec "
    assert terms("ISO26000") == terms("iso 26 000") == " iso 26000 "
    assert terms("Les Déchets") == terms("déchet")
    assert terms("CO₂") == " co 2 "


def test_recognised_texts_by_id_title_or_keywords() -> None:
    assert recognised_texts("loi-agec", TEXTS) == ["loi-agec"]
    assert recognised_texts("la CSRD puis la loi anti gaspillage", TEXTS) == ["csrd", "loi-agec"]
    assert recognised_texts("iso 14001", TEXTS) == ["iso-14001"]  # a title given as one string
    assert recognised_texts("ISO 14001", {"sme": "ISO 14001:2015"}) == []  # the whole title is needed
    assert recognised_texts("REACH", TEXTS) == []


def test_suggest_odd_ranks_by_hits() -> None:
    keywords = {12: ["déchets", "recyclage"], 13: ["carbone"], 4: ["formation"]}
    assert suggest_odd("Recyclage des déchets et bilan carbone", keywords) == [12, 13]
    assert suggest_odd("rien à voir", keywords) == []


def test_the_methods_module_stays_pure() -> None:
    code = ("import sys; import qsecase.methods.rse; "
            "heavy = ('matplotlib', 'ipywidgets', 'IPython', 'qsecase.rse_data'); "
            "bad = [m for m in heavy if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
