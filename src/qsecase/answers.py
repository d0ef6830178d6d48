"""Answers files: ``<submissions>/<trainee>/<exercise>.yaml`` (or ``.json``).

A header (schema version, exercise, case, trainee, saved_at) and the answers, validated against the
exercise's answer model. Answers are data, never code. Saving is atomic, keeps the previous version
as ``.bak``, and refuses to overwrite a file another session changed since it was read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field, ValidationError

from qsecase.errors import AnswersError, InputError, SaveConflictError
from qsecase.io.atomic import atomic_write_text
from qsecase.io.yamlfile import dump_yaml, load_data, pydantic_problems
from qsecase.methods.base import Model

__all__ = [
    "SCHEMA_VERSION",
    "TRAINEE_ID",
    "AnswersFile",
    "AnswersHeader",
    "file_stamp",
    "read_answers",
    "write_answers",
]

SCHEMA_VERSION: Literal[1] = 1
TRAINEE_ID = r"^[^\W_][\w.-]{0,63}$"
"""Trainee ids are safe folder names: letters (accents allowed), digits, ``.``, ``_``, ``-``, starting
with a letter or digit; never ``..``, ``/`` or a space."""

M = TypeVar("M", bound=BaseModel)


def is_safe_trainee_id(name: str) -> bool:
    """True when ``name`` can be used as one folder name under an output folder."""
    return re.fullmatch(TRAINEE_ID[1:-1], name) is not None


class AnswersHeader(Model):
    schema_version: Literal[1] = SCHEMA_VERSION
    exercise: str
    case: str
    trainee: str = Field(pattern=TRAINEE_ID)
    saved_at: dt.datetime | None = None


@dataclass
class AnswersFile(Generic[M]):
    header: AnswersHeader
    answers: M
    stamp: tuple[int, int] | None = None
    """(mtime_ns, size) of the file when read: a save refuses to clobber a newer file."""


def file_stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size)


def read_answers(path: Path, model: type[M], *, exercise: str | None = None) -> AnswersFile[M]:
    """Read and validate an answers file; every problem raises :class:`AnswersError` with its line."""
    path = Path(path)
    stamp = file_stamp(path)
    try:
        data, lines = load_data(path, what="fichier de réponses", error=AnswersError)
    except AnswersError:
        raise
    except InputError as exc:
        raise AnswersError(exc.problems) from None
    if not isinstance(data, dict):
        raise AnswersError.at(path, "le fichier doit contenir un en-tête (exercise, case, trainee…) "
                              "et une section « answers »", line=1)
    header_data = {k: v for k, v in data.items() if k != "answers"}
    try:
        header = AnswersHeader.model_validate(header_data)
    except ValidationError as exc:
        raise AnswersError(pydantic_problems(exc, path, lines)) from None
    if exercise is not None and header.exercise != exercise:
        raise AnswersError.at(path, f"ce fichier répond à l'exercice « {header.exercise} », "
                              f"pas à « {exercise} »", field="exercise", line=lines.get(("exercise",)))
    try:
        answers = model.model_validate(data.get("answers") or {})
    except ValidationError as exc:
        raise AnswersError(pydantic_problems(exc, path, lines, prefix=("answers",))) from None
    return AnswersFile(header=header, answers=answers, stamp=stamp)


STALE_LOCK_SECONDS = 30.0
"""A lock older than this was left by a session that crashed mid-save (a save takes milliseconds)."""


def _clear_stale_lock(lock: Path) -> None:
    try:
        age = time.time() - lock.stat().st_mtime
    except FileNotFoundError:
        return
    if age > STALE_LOCK_SECONDS:
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()


def _jsonable(answers: BaseModel) -> Any:
    return json.loads(answers.model_dump_json())


def write_answers(path: Path, file: AnswersFile[Any], *, now: dt.datetime | None = None) -> None:
    """Save atomically with a ``.bak`` of the previous version; refuse to overwrite a newer file.

    ``file.stamp`` is updated so that the same session can save again.
    """
    path = Path(path)
    current = file_stamp(path)
    if current is not None and file.stamp is not None and current != file.stamp:
        raise SaveConflictError(str(path))
    if current is not None and file.stamp is None:
        raise SaveConflictError(str(path), "Le fichier existait déjà avant l'ouverture du carnet.")
    header = file.header.model_copy(
        update={"saved_at": (now or dt.datetime.now().astimezone()).replace(microsecond=0)})
    data = {**json.loads(header.model_dump_json()), "answers": _jsonable(file.answers)}
    text = (json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            if path.suffix.lower() == ".json" else dump_yaml(data))
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.with_name(f".{path.name}.lock")
    _clear_stale_lock(lock)
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        raise SaveConflictError(str(path), "Une autre session est en train d'enregistrer.") from None
    try:
        os.close(fd)
        atomic_write_text(path, text, keep_backup=True)
        file.header = header
        file.stamp = file_stamp(path)
    finally:
        os.unlink(lock)
