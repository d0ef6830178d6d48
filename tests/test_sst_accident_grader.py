"""The SST follow-up and accident exercise graded against the Logisud case and the demo cohort."""

from pathlib import Path

import pytest

from qsecase.answers import read_answers
from qsecase.corpus import load_case
from qsecase.exercises.registry import get, load_key
from qsecase.grading.rubric import load_rubric

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "cases" / "logisud"
DEMO = ROOT / "demo" / "submissions"
TRAINEES = ("alice.martin", "bruno.lefebvre", "chloe.dubois", "david.nguyen")


@pytest.fixture(scope="module")
def context():
    exercise = get("sst-accident")
    return exercise, load_case(CASE), load_key(exercise, CASE / "key" / "sst-accident.yaml")


def answers(exercise, trainee):
    path = DEMO / trainee / "sst-accident.yaml"
    return read_answers(path, exercise.answers_model, exercise="sst-accident").answers


def grade(context, trainee, answers_model=None):
    exercise, case, key = context
    return exercise.grade(answers_model or answers(exercise, trainee), key, case, trainee=trainee)


def test_rubric_covers_every_criterion_of_the_six_competencies():
    from qsecase.referentiel import load_referentiel

    rubric = load_rubric("sst-accident")
    assert rubric.total == 20
    ref = load_referentiel()
    wanted = {c.code for code in ("2-1", "2-2", "2-3", "2-4", "2-7", "2-8")
              for c in ref.competence(code).criteres}
    assert {i.critere for i in rubric.items} == wanted


def test_demo_marks_come_out_in_level_order(context):
    marks = [grade(context, t).note_20 for t in TRAINEES]
    assert marks == sorted(marks, reverse=True) and len(set(marks)) == 4
    assert marks[0] >= 17 and marks[-1] <= 5


def test_excellent_copy_acquires_all_six_competencies(context):
    g = grade(context, "alice.martin")
    assert set(g.criteria) == {"2-1", "2-2", "2-3", "2-4", "2-7", "2-8"}
    assert set(g.criteria.values()) == {"acquis"}


def test_judgements_in_the_tree_cost_points_and_are_named(context):
    exercise = context[0]
    model = answers(exercise, "alice.martin")
    model.arbre.faits[1].texte = "Manque d'attention du cariste"
    g = grade(context, "alice.martin", model)
    item = next(i for i in g.items if i.item == "arbre_regles")
    assert item.points < item.max_points
    assert "Manque d'attention" in item.feedback or "jugement" in item.feedback


def test_wrong_indicator_value_and_wrong_verdict_are_caught(context):
    exercise = context[0]
    model = answers(exercise, "alice.martin")
    next(v for v in model.indicateurs if v.periode == "2025").valeur *= 2
    model.verdicts[0].efficace = not model.verdicts[0].efficace
    g = grade(context, "alice.martin", model)
    assert next(i for i in g.items if i.item == "indicateurs").points < 1
    assert next(i for i in g.items if i.item == "verdicts").points < 1.5


def test_register_without_due_dates_loses_the_planning_item(context):
    exercise = context[0]
    model = answers(exercise, "alice.martin")
    for entry in model.registre:
        entry.echeance = None
    g = grade(context, "alice.martin", model)
    assert next(i for i in g.items if i.item == "echeances").points == 0
    assert next(i for i in g.items if i.item == "registre_exhaustif").points == 2
