"""The problem-solving exercise graded against the bundled case and the demo cohort."""

from pathlib import Path

import pytest

from qsecase.answers import read_answers
from qsecase.corpus import load_case
from qsecase.exercises.probleme.model import ProblemeAnswers
from qsecase.exercises.registry import get, load_key

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "cases" / "mecaprec"
DEMO = ROOT / "demo" / "submissions"


@pytest.fixture(scope="module")
def context():
    exercise = get("probleme")
    return exercise, load_case(CASE), load_key(exercise, CASE / "key" / "probleme.yaml")


def grade(context, trainee, **kw):
    exercise, case, key = context
    answers = read_answers(DEMO / trainee / "probleme.yaml", ProblemeAnswers).answers
    return exercise.grade(answers, key, case, trainee=trainee, **kw)


def test_demo_marks_come_out_in_level_order(context):
    marks = [grade(context, t).note_20 for t in
             ("alice.martin", "bruno.lefebvre", "chloe.dubois", "david.nguyen")]
    assert marks == sorted(marks, reverse=True)
    assert marks[0] >= 17 and marks[-1] <= 5
    assert len(set(marks)) == 4


def test_excellent_copy_acquires_both_competencies(context):
    g = grade(context, "alice.martin")
    assert g.criteria == {"1-1": "acquis", "1-2": "acquis"}
    assert g.pending == 2  # liens and handicap stay for the trainer to confirm


def test_feedback_names_what_was_found_and_hides_the_key(context):
    g = grade(context, "bruno.lefebvre")
    ishikawa = next(i for i in g.items if i.item == "ishikawa")
    assert ishikawa.missed, "Bruno's fishbone misses expected causes"
    assert "non trouvé" in ishikawa.feedback
    for missed in ishikawa.missed:
        assert missed not in ishikawa.feedback


def test_weak_copy_is_told_why(context):
    g = grade(context, "chloe.dubois")
    outils = next(i for i in g.items if i.item == "outils")
    assert "Arbre des causes" in outils.feedback
    racines = next(i for i in g.items if i.item == "racines")
    assert "met en cause une personne" in racines.feedback
    liens = next(i for i in g.items if i.item == "liens")
    assert liens.points == 0  # a chain ending in « erreur humaine » demonstrates no link


def test_changing_an_answer_changes_the_grade(context):
    exercise, case, key = context
    answers = read_answers(DEMO / "alice.martin" / "probleme.yaml", ProblemeAnswers).answers
    before = exercise.grade(answers, key, case, trainee="a").note_20
    answers.actions = [a for a in answers.actions if a.type != "surveillance"]
    for root in answers.causes_racines:
        root.faits = ["INCONNU-1"]
    after = exercise.grade(answers, key, case, trainee="a")
    assert after.note_20 < before
    faits = next(i for i in after.items if i.item == "faits")
    assert "INCONNU-1" in faits.feedback
