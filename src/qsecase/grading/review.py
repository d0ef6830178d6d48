"""The trainer's review of a graded cohort: every grade of ``OUT``, item by item with its evidence,
the trainer's corrections already recorded applied on top (see :mod:`qsecase.grading.overrides`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qsecase.grading.grade import SYMBOLS, Grade
from qsecase.grading.overrides import OverrideRow, apply_overrides, read_overrides

__all__ = ["ReviewLine", "load_grades", "review_lines"]


def load_grades(out: Path) -> dict[tuple[str, str], Grade]:
    """``(trainee, exercise) → Grade`` of every valid ``OUT/<trainee>/<exercise>.grade.json``.

    A grade file that does not validate is skipped: the batch removes invalid grades, so one can
    only be a file being written at this moment.
    """
    grades: dict[tuple[str, str], Grade] = {}
    for path in sorted(Path(out).glob("*/*.grade.json")):
        try:
            grade = Grade.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        grades[(grade.trainee, grade.exercise)] = grade
    return grades


@dataclass(frozen=True)
class ReviewLine:
    """One rubric item of a grade as the trainer reviews it."""

    criterion: str
    item: str
    label: str
    points: float
    max_points: float
    status: str
    symbol: str
    source: str
    evidence_found: tuple[str, ...]
    evidence_missed: tuple[str, ...]
    notes: tuple[str, ...]
    comment: str


def review_lines(grade: Grade, overrides: Path | None = None) -> tuple[Grade, list[ReviewLine]]:
    """The grade with the recorded corrections applied, and its lines for review.

    Raises:
        OverridesError: ``overrides`` is invalid or does not apply to this grade.
    """
    rows: list[OverrideRow] = read_overrides(overrides) if overrides else []
    final = apply_overrides(grade, rows).grade
    lines = [ReviewLine(i.criterion, i.item, i.label, i.points, i.max_points, i.status,
                        SYMBOLS[i.status], i.source, tuple(i.found), tuple(i.missed),
                        tuple(i.notes), i.comment) for i in final.items]
    return final, lines
