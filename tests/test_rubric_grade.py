"""Rubric as data, scoring, statuses, key confidentiality, Grade JSON round-trip."""

import datetime as dt

import pytest

from qsecase.errors import UnknownExerciseError
from qsecase.exercises.registry import get
from qsecase.grading.grade import Grade, ItemGrade, status_for
from qsecase.grading.rubric import Outcome, load_rubric, score_item
from qsecase.referentiel import load_referentiel


def test_probleme_rubric_totals_20_and_cites_real_criteria():
    rubric = load_rubric("probleme")
    assert rubric.total == 20
    ref = load_referentiel()
    assert {i.criterion for i in rubric.items} == {"1-1", "1-2"}
    for item in rubric.items:
        assert ref.critere(item.critere).code == item.critere
        assert item.indice, f"{item.id} has no hint for self-study"


def test_every_rule_of_the_rubric_exists_in_the_grader():
    from qsecase.exercises.probleme.grader import rules

    names = set(rules.__code__.co_varnames) | set(rules.__code__.co_cellvars)
    assert {i.rule for i in load_rubric("probleme").items} <= names


@pytest.mark.parametrize("ratio, status", [(1, "acquis"), (0.75, "acquis"), (0.74, "partiellement acquis"),
                                           (0.4, "partiellement acquis"), (0.39, "non acquis")])
def test_status_thresholds(ratio, status):
    assert status_for(ratio) == status


def test_score_item_quarter_points_and_never_names_missed_key_elements():
    item = load_rubric("probleme").item("ishikawa")  # 2 points
    outcome = Outcome(0.6, found=["Matériel : usure"], missed=["Mesure : tampon non étalonné"])
    hidden = score_item(item, outcome)
    assert hidden.points == 1.25 and hidden.status == "partiellement acquis"
    assert score_item(item, Outcome(0.06)).points == 0.0  # 0.12 rounds down to 0
    assert score_item(item, Outcome(0.07)).points == 0.25  # 0.14 rounds up to 0.25
    assert "tampon" not in hidden.feedback and "1 élément attendu non trouvé" in hidden.feedback
    assert "Matériel : usure" in hidden.feedback
    assert hidden.missed == ["Mesure : tampon non étalonné"]  # kept for the trainer's view


def test_trainer_items_are_a_verifier_with_a_proposed_mark():
    item = load_rubric("probleme").item("liens")
    graded = score_item(item, Outcome(1.0))
    assert graded.status == "à vérifier" and graded.points == 1.0


def test_outcome_ratio_is_clamped():
    assert Outcome(1.7).ratio == 1.0 and Outcome(-0.2).ratio == 0.0


def _grade(points):
    items = [ItemGrade(criterion="1-1", item="a", label="A", points=points[0], max_points=2,
                       status=status_for(points[0] / 2), feedback="f"),
             ItemGrade(criterion="1-2", item="b", label="B", points=points[1], max_points=3,
                       status="à vérifier", feedback="g")]
    return Grade(trainee="t", case="c", exercise="probleme", rubric_version="1",
                 graded_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC), items=items)


def test_item_points_cannot_exceed_max():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="noté sur"):
        _grade([3, 0])


def test_grade_mark_criteria_pending_and_json_round_trip():
    g = _grade([2, 1.5])
    assert g.note_20 == 14.0
    assert g.criteria == {"1-1": "acquis", "1-2": "partiellement acquis"}
    assert g.pending == 1
    again = Grade.from_json(g.to_json())
    assert again == g and again.note_20 == 14.0


def test_unknown_exercise_is_a_named_error():
    with pytest.raises(UnknownExerciseError, match=r"exercices disponibles : .*probleme"):
        get("nope")
