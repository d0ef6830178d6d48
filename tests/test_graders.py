"""What every exercise's grading does the same way, checked for each registered exercise and each
bundled case that offers it: the rubric names only rules the grader defines, and empty answers
earn no automatic point."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from qsecase.corpus import load_case
from qsecase.exercises.registry import exercises, load_key

ROOT = Path(__file__).resolve().parents[1]
PAIRS = [(e.id, folder.name) for e in exercises() for folder in sorted((ROOT / "cases").iterdir())
         if (folder / "case.yaml").is_file()
         and e.id in (yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8")) or {}).get(
             "exercices", [])]


def test_every_exercise_has_a_bundled_case() -> None:
    assert {e for e, _ in PAIRS} == {e.id for e in exercises()}


@pytest.mark.parametrize(("exercise_id", "case_id"), PAIRS)
def test_rubric_rules_exist_and_empty_answers_earn_nothing(exercise_id: str, case_id: str) -> None:
    exercise = next(e for e in exercises() if e.id == exercise_id)
    case = load_case(ROOT / "cases" / case_id)
    key = load_key(exercise, ROOT / "cases" / case_id / "key" / f"{exercise_id}.yaml")
    empty = exercise.answers_model()
    assert {i.rule for i in exercise.rubric.items} == set(exercise.rules(empty, key, case))
    assert sum(i.points for i in exercise.rubric.items) == 20
    grade = exercise.grade(empty, key, case, trainee="t", now=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    assert [(i.item, i.points) for i in grade.items if i.points and i.status != "à vérifier"] == []
