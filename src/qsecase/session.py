"""What a notebook drives: one exercise, one case, one answers file, in one of the three modes.

A notebook's cells are a few calls on a :class:`Session`; every call returns something Jupyter
displays (HTML or a widget) and displays nothing itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from qsecase.answers import AnswersFile, AnswersHeader, read_answers, write_answers
from qsecase.case_model import Case
from qsecase.errors import QsecaseError
from qsecase.exercises.registry import Exercise, get, load_key
from qsecase.grading.grade import Grade
from qsecase.io.atomic import atomic_write_text

__all__ = ["MODES", "Mode", "Session", "grade_path", "open_exercise"]

Mode = Literal["formation", "correction", "autoformation"]
MODES: tuple[str, ...] = ("formation", "correction", "autoformation")


def grade_path(output_dir: Path, exercise_id: str) -> Path:
    """Where a graded notebook writes its grade: ``<output_dir>/<exercise>.grade.json``."""
    return Path(output_dir) / f"{exercise_id}.grade.json"


@dataclass
class Session:
    exercise: Exercise
    case: Case
    answers_file: AnswersFile[Any]
    answers_path: Path | None
    mode: Mode
    lang: str = "fr"
    key: Any = None
    output_dir: Path = Path(".")
    reveal_key: bool = False
    grade: Grade | None = field(default=None, init=False)

    @property
    def answers(self) -> Any:
        return self.answers_file.answers

    @property
    def trainee(self) -> str:
        return self.answers_file.header.trainee

    def save(self) -> None:
        """Write the answers (atomic, with backup, refusing to clobber another session's save)."""
        if self.answers_path is None or self.mode == "correction":
            return
        write_answers(self.answers_path, self.answers_file)

    def grade_now(self) -> Grade:
        """Grade the current answers against the key (correction and self-study)."""
        from qsecase.i18n import use_lang

        if self.key is None:
            raise QsecaseError("aucun corrigé n'est chargé : renseignez key_path")
        with use_lang(self.lang):  # labels and feedback in the session's language
            self.grade = self.exercise.grade(self.answers, self.key, self.case,
                                             trainee=self.trainee, lang=self.lang)
        return self.grade

    def write_grade(self) -> Path:
        """Grade and write ``<output_dir>/<exercise>.grade.json`` (correction mode)."""
        grade = self.grade or self.grade_now()
        path = grade_path(self.output_dir, self.exercise.id)
        atomic_write_text(path, grade.to_json())
        return path


def open_exercise(
    exercise_id: str,
    *,
    case_dir: str | Path = "",
    answers_path: str | Path = "",
    key_path: str | Path = "",
    output_dir: str | Path = ".",
    mode: str = "formation",
    lang: str = "fr",
    reveal_key: bool = False,
    trainee: str = "stagiaire",
) -> Session:
    """Load everything a notebook needs, validating each input once, with French errors."""
    from qsecase.corpus import key_path as default_key_path
    from qsecase.corpus import load_case
    from qsecase.i18n import check_lang
    from qsecase.resources import cases_dir

    check_lang(lang)
    if mode not in MODES:
        raise QsecaseError(f"mode inconnu « {mode} » — modes possibles : {', '.join(MODES)}")
    exercise = get(exercise_id)
    case_root = Path(case_dir) if case_dir else _default_case(cases_dir(), exercise_id)
    case = load_case(case_root, check_keys=mode != "formation")
    if exercise.id not in case.spec.exercices:
        raise QsecaseError(f"le cas « {case.id} » ne propose pas l'exercice « {exercise.id} » "
                           f"(exercices du cas : {', '.join(case.spec.exercices)})")
    key = None
    if key_path:
        key = load_key(exercise, Path(key_path))
    elif mode == "autoformation":
        if not case.spec.autoformation:
            raise QsecaseError(f"le cas « {case.id} » n'est pas ouvert à l'autoformation : "
                               "son corrigé n'est pas consultable")
        key = load_key(exercise, default_key_path(case_root, exercise.id))
    if mode == "correction" and not answers_path:
        raise QsecaseError("mode correction : answers_path doit désigner le fichier du stagiaire")
    path = Path(answers_path) if answers_path else None
    if mode != "correction" and path is None:
        path = Path(output_dir) / "reponses" / f"{exercise.id}.yaml"
    if path is not None and path.exists():
        answers_file = read_answers(path, exercise.answers_model, exercise=exercise.id)
        if answers_file.header.case != case.id:
            raise QsecaseError(f"{path} : ces réponses portent sur le cas « "
                               f"{answers_file.header.case} », pas sur « {case.id} » — ouvrez le "
                               "bon cas ou le bon fichier de réponses")
    else:
        header = AnswersHeader(exercise=exercise.id, case=case.id, trainee=trainee,
                               saved_at=None)
        answers_file = AnswersFile(header=header, answers=exercise.answers_model())
    return Session(exercise=exercise, case=case, answers_file=answers_file, answers_path=path,
                   mode=mode, lang=lang, key=key, output_dir=Path(output_dir),  # type: ignore[arg-type]
                   reveal_key=reveal_key)


def _default_case(root: Path, exercise_id: str) -> Path:
    """The first bundled case (by name) that supports the exercise."""
    import yaml

    for folder in sorted(p for p in root.iterdir() if (p / "case.yaml").is_file()):
        try:
            spec = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError):
            continue  # a broken case is reported by check-case, not here
        if isinstance(spec, dict) and exercise_id in spec.get("exercices", []):
            return folder
    raise QsecaseError(f"aucun cas fourni ne propose l'exercice « {exercise_id} »")


