"""Find the submissions of a cohort: ``<submissions>/<trainee>/<exercise>.yaml|.yml|.json``.

Discovery looks at names, and reads the header of an answers file only to leave aside the answers
to another case (a cohort folder may hold several cases' work): with ``by_header=False`` it reads
nothing and the caller, which reads every file anyway, leaves them aside (:func:`header_case`).
Each answers file of a well-named trainee folder that answers an exercise of the case becomes a
:class:`Job`; everything a trainer should hear about (unsafe folder name, unknown exercise, two
files for one exercise, a file outside any trainee folder) becomes an error
:class:`~qsecase.grading.cohort.SubmissionResult`. Hidden files and backups (``.bak``, ``~``)
are ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from qsecase.answers import is_safe_trainee_id
from qsecase.exercises.registry import REGISTRY
from qsecase.grading.cohort import SubmissionResult

__all__ = ["ANSWER_SUFFIXES", "IGNORED_FOLDERS", "CaseIds", "Job", "discover", "header_case"]

ANSWER_SUFFIXES: tuple[str, ...] = (".yaml", ".yml", ".json")
IGNORED_FOLDERS: frozenset[str] = frozenset(
    {".ipynb_checkpoints", ".git", ".svn", ".hg", "__MACOSX", "__pycache__"}
)
"""Folders that tools create beside the trainee folders: never a trainee, never reported."""



class CaseIds(Protocol):
    """What discovery needs of a case: its id and the exercises it offers (a ``CaseSpec``)."""

    @property
    def id(self) -> str: ...

    @property
    def exercices(self) -> Sequence[str]: ...


@dataclass(frozen=True, order=True)
class Job:
    """One notebook to run: a trainee's answers to one exercise."""

    trainee: str
    exercise: str
    answers_path: Path


def discover(submissions: Path, case: CaseIds, *,
             by_header: bool = True) -> tuple[list[Job], list[SubmissionResult]]:
    """List the jobs of a submissions folder and the problems found in it.

    Args:
        submissions: The cohort folder, one sub-folder per trainee.
        case: The case being graded (its id and the exercises it offers).
        by_header: Leave aside an answers file whose header names another case (reading its
            header); ``False``: read no file, a job may then answer another case.

    Returns:
        The jobs, sorted by (trainee, exercise), and the error results, one per problem. An
        error about a whole folder has ``exercise == ""``; one about a file outside any trainee
        folder also has ``trainee == ""`` (the message names the file).
    """
    jobs: list[Job] = []
    errors: list[SubmissionResult] = []
    for entry in sorted(Path(submissions).iterdir()):
        if entry.name in IGNORED_FOLDERS:
            continue
        if entry.is_dir():
            found, problems = _trainee_folder(entry, case, by_header)
            jobs += found
            errors += problems
        elif _is_answers_name(entry.name):
            errors.append(_error(case, "", "", f"{entry} : fichier de réponses hors d'un "
                                 "dossier de stagiaire — rangez-le dans "
                                 f"{submissions}/<identifiant du stagiaire>/{entry.name}"))
    return sorted(jobs), errors


def _trainee_folder(folder: Path, case: CaseIds,
                    by_header: bool) -> tuple[list[Job], list[SubmissionResult]]:
    """The jobs of one trainee folder, or the reasons it cannot be graded."""
    trainee = folder.name
    if not is_safe_trainee_id(trainee):
        return [], [_error(case, trainee, "", f"{folder} : nom de dossier de stagiaire non valide "
                           "— utilisez seulement lettres, chiffres, « . », « _ » et « - », sans "
                           "espace et sans commencer par un point (ex. alice.martin) ; "
                           "rien n'a été corrigé pour ce dossier")]
    by_exercise: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and _is_answers_name(path.name):
            by_exercise.setdefault(path.stem, []).append(path)
    jobs: list[Job] = []
    errors: list[SubmissionResult] = []
    for exercise, paths in by_exercise.items():
        if exercise in REGISTRY and exercise not in case.exercices:
            continue  # an exercise of another case: graded when that case is
        if by_header and len(paths) == 1 and header_case(paths[0]) not in (None, case.id):
            continue  # answers to the same exercise on another case: graded with that case
        problem = _exercise_problem(exercise, case) or _duplicate_problem(paths)
        if problem:
            errors.append(_error(case, trainee, exercise, f"{paths[0]} : {problem}"))
        else:
            jobs.append(Job(trainee, exercise, paths[0]))
    return jobs, errors


def header_case(path: Path) -> str | None:
    """The ``case`` of an answers file's header, or None when it cannot be read (the runner then
    reports why)."""
    from qsecase.errors import InputError
    from qsecase.io.yamlfile import load_data

    try:
        data, _ = load_data(path)
    except (InputError, OSError):
        return None
    case = data.get("case") if isinstance(data, dict) else None
    return case if isinstance(case, str) else None


def _is_answers_name(name: str) -> bool:
    """An answers file name: not hidden, not a backup, with a YAML or JSON suffix."""
    if name.startswith(".") or name.endswith(("~", ".bak")):
        return False
    return name.lower().endswith(ANSWER_SUFFIXES)


def _exercise_problem(exercise: str, case: CaseIds) -> str:
    """Why ``exercise`` cannot be graded for this case ('' when it can)."""
    offered = ", ".join(case.exercices)
    if exercise not in REGISTRY:
        return (f"exercice inconnu « {exercise} » — nommez le fichier d'après un exercice du cas "
                f"« {case.id} » : {offered}")
    return ""


def _duplicate_problem(paths: list[Path]) -> str:
    """The error for several answers files of one exercise ('' when there is only one)."""
    if len(paths) < 2:
        return ""
    names = " et ".join(p.name for p in paths)
    return (f"deux fichiers de réponses pour le même exercice ({names}) — gardez-en un seul ; "
            "aucun n'a été corrigé")


def _error(case: CaseIds, trainee: str, exercise: str, message: str) -> SubmissionResult:
    return SubmissionResult(trainee=trainee, exercise=exercise, case=case.id, error=message)
