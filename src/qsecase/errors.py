"""Every failure qsecase reports to a user, in one place.

Each error carries *where* (file, line or field), *what was expected*, *what came* and *the fix*,
and renders as one French sentence (``str(err)``) suitable for a terminal or a notebook.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "AnswerKeyError",
    "AnswersError",
    "BatchError",
    "CaseError",
    "CsvError",
    "InputError",
    "LcaError",
    "OverridesError",
    "Problem",
    "QsecaseError",
    "RubricError",
    "SaveConflictError",
    "ShippedDataError",
    "UnknownCompetencyError",
    "UnknownExerciseError",
]


@dataclass(frozen=True)
class Problem:
    """One problem found in an input: where it is, what is wrong, how to fix it."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None
    fix: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", ligne {self.line}"
        if self.field:
            where += f", champ « {self.field} »"
        text = f"{where} : {self.message}"
        if self.fix:
            text += f" — {self.fix}"
        return text


class QsecaseError(Exception):
    """Base class: every error qsecase raises on purpose derives from it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(QsecaseError):
    """A file a user wrote is wrong; carries one or more located problems."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems: list[Problem] = problems if isinstance(problems, list) else [problems]
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(
        cls,
        file: str | Path,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
        fix: str | None = None,
    ) -> InputError:
        return cls(Problem(str(file), message, line=line, field=field, fix=fix))


class CaseError(InputError):
    """The case folder (case.yaml, corpus, key) is invalid."""


class CsvError(InputError):
    """A CSV table of the corpus cannot be read."""


class AnswersError(InputError):
    """A trainee's answers file is invalid."""


class AnswerKeyError(InputError):
    """An answer key (key/<exercise>.yaml) is invalid."""


class RubricError(InputError):
    """A rubric shipped with qsecase is inconsistent (a defect of qsecase itself)."""


class OverridesError(InputError):
    """The trainer's overrides.csv has a bad row."""


class UnknownExerciseError(QsecaseError):
    def __init__(self, exercise_id: str, known: list[str]) -> None:
        super().__init__(
            f"exercice inconnu « {exercise_id} » — exercices disponibles : {', '.join(known)}"
        )
        self.exercise_id = exercise_id


class UnknownCompetencyError(QsecaseError):
    def __init__(self, code: str) -> None:
        super().__init__(
            f"compétence inconnue « {code} » — les codes du référentiel vont de 1-1 à 5-6"
        )
        self.code = code


class BatchError(QsecaseError):
    """The batch cannot start (bad folders, unwritable output…)."""


@dataclass
class SaveConflictError(QsecaseError):
    """Another notebook saved the same answers file since we last read it."""

    path: str
    detail: str = field(default="")

    def __post_init__(self) -> None:
        super().__init__(
            f"{self.path} : le fichier a été modifié par une autre session depuis sa lecture ; "
            "vos réponses n'ont pas été écrites par-dessus — copiez vos dernières saisies, puis "
            f"rechargez le carnet pour repartir de la version enregistrée. {self.detail}".strip()
        )


class LcaError(QsecaseError, ValueError):
    """A product system that cannot be computed, with a French message naming the process and the
    field or exchange at fault (``processus`` and ``champ`` carry them for a widget to point at)."""

    def __init__(self, message: str, *, processus: str = "", champ: str = "") -> None:
        super().__init__(message)
        self.processus = processus
        self.champ = champ


class ShippedDataError(QsecaseError):
    """A data file shipped with qsecase is missing, unreadable or inconsistent (a defect of the
    installation). ``problems`` lists every problem found, each a French sentence."""

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(f"{file} : {' ; '.join(problems)} — corrigez le fichier ou réinstallez qsecase")
