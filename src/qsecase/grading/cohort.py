"""The result of grading one submission (trainee × exercise) in a batch."""

from __future__ import annotations

from dataclasses import dataclass

from qsecase.grading.grade import Grade

__all__ = ["SubmissionResult"]


@dataclass
class SubmissionResult:
    trainee: str
    exercise: str
    case: str
    grade: Grade | None = None
    """The validated grade, with the trainer's overrides applied once merged; None on error."""
    error: str = ""
    """Why the submission could not be graded, in French (empty when graded)."""
    skipped: bool = False
    """Already graded by an earlier run and unchanged: its grade was reloaded, not recomputed."""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.grade is not None and not self.error
