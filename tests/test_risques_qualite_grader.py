"""The process-map and quality-risk exercise graded on both cases and their demo answers."""

from pathlib import Path

import pytest

from qsecase.answers import read_answers
from qsecase.corpus import load_case
from qsecase.exercises.risques_qualite.grader import rules
from qsecase.exercises.risques_qualite.model import RisquesQualiteAnswers, RisquesQualiteKey
from qsecase.grading.rubric import load_rubric, score_rubric
from qsecase.io.yamlfile import load_data
from qsecase.referentiel import load_referentiel

ROOT = Path(__file__).resolve().parent.parent


def grade(case: str, trainee: str, answers: RisquesQualiteAnswers | None = None) -> dict:
    loaded = load_case(ROOT / "cases" / case)
    key = RisquesQualiteKey.model_validate(
        load_data(ROOT / "cases" / case / "key" / "risques-qualite.yaml")[0])
    model = answers or answers_of(trainee)
    items = score_rubric(load_rubric("risques-qualite"), rules(model, key, loaded))
    return {i.item: i for i in items}


def answers_of(trainee: str) -> RisquesQualiteAnswers:
    path = ROOT / "demo" / "submissions" / trainee / "risques-qualite.yaml"
    return read_answers(path, RisquesQualiteAnswers, exercise="risques-qualite").answers


def total(items: dict) -> float:
    return sum(i.points for i in items.values())


def test_rubric_covers_every_criterion_of_the_four_competencies():
    ref = load_referentiel()
    wanted = {c.code for code in ("1-3", "1-4", "1-5", "1-6") for c in ref.competence(code).criteres}
    rubric = load_rubric("risques-qualite")
    assert {i.critere for i in rubric.items} == wanted and rubric.total == 20


def test_amdec_demo_marks_come_out_in_level_order():
    marks = [total(grade("mecaprec", t)) for t in ("alice.martin", "bruno.lefebvre", "chloe.dubois")]
    assert marks == sorted(marks, reverse=True) and marks[0] >= 17 and marks[-1] <= 5


def test_haccp_demo_marks_come_out_in_level_order():
    good, incomplete = (total(grade("ventoux", t)) for t in ("david.nguyen", "emma.petit"))
    assert good >= 17 > 5 >= incomplete


def test_a_rating_far_from_the_field_costs_the_rating_item():
    model = answers_of("alice.martin")
    for row in model.amdec:
        row.o = 1 if row.o > 5 else 10
    assert grade("mecaprec", "alice.martin", model)["cotation"].points < 1


def test_wrong_ccp_decisions_and_wrong_readings_are_caught():
    model = answers_of("david.nguyen")
    model.lectures = [r.model_copy(update={"verdict": "efficace"}) for r in model.lectures]
    items = grade("ventoux", "david.nguyen", model)
    assert items["lectures"].points < 2
    assert "Lecture d'efficacité à revoir" in items["lectures"].feedback


@pytest.mark.parametrize("case, trainee", [("mecaprec", "chloe.dubois")])
def test_missing_briefs_leave_every_audience_unreached(case, trainee):
    items = grade(case, trainee)
    assert items["fiches"].points == 0 and items["fiches"].missed
