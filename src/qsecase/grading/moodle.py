"""``moodle.csv``: the cohort's marks in a file that Moodle's grade import (« Importation de notes »,
CSV file) accepts.

What the export relies on, from Moodle's documentation and source:

* MoodleDocs « Grade import » (https://docs.moodle.org/311/en/Grade_import, same text in the 4.x
  pages): grades may be imported from a CSV file; after upload the import is previewed and the
  trainer « choose[s] the column mapping »; the user is identified by mapping « Map from » (a
  column of the file) to « Map to » (« useremail », « useridnumber »…). The same page warns that
  e-mail addresses are case sensitive in grade import files, so they are written exactly as given.
* The mapping form of the CSV import (``grade/import/grade_import_form.php`` in Moodle's source)
  offers ``userid``, ``username``, ``useridnumber`` and ``useremail`` as « Map to », and maps every
  other column to « ignore », « new gradeitem » or an existing grade item; the upload form lets the
  trainer choose the encoding and the separator, comma by default. Two columns mapped to the same
  grade item are refused (« Mapping collision detected », MoodleDocs ``error/moodle/cannotmapfield``),
  hence one column per exercise.

Nothing documented says how Moodle reads a byte-order mark or a decimal comma, so the file keeps
Moodle's defaults: UTF-8 without BOM, comma separator (cells quoted by the ``csv`` module when
needed), dot as decimal point, one header row. Marks are the gradebook's own ``note_20`` (the
trainer's overrides already merged), never recomputed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from qsecase.errors import InputError, Problem
from qsecase.grading.cohort import SubmissionResult
from qsecase.grading.gradebook import ordered, wide_table
from qsecase.io.atomic import atomic_write_text

__all__ = ["EMAILS_FILE", "IDENTITY_HEADERS", "MOODLE_FILE", "exercise_header", "moodle_csv",
           "read_emails", "write_moodle"]

MOODLE_FILE = "moodle.csv"
EMAILS_FILE = "emails.csv"
"""Optional file of the submissions folder: trainee id → e-mail address of the Moodle account."""

IDENTITY_HEADERS = {"username": "Nom d'utilisateur", "email": "Adresse de courriel"}

_EMAIL = re.compile(r"[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+")
_TRAINEE_WORDS = {"trainee", "stagiaire", "identifiant", "nom d'utilisateur", "username"}
_EMAIL_WORDS = {"email", "e-mail", "mail", "courriel", "adresse de courriel", "adresse e-mail",
                "adresse électronique"}
_EMAILS_FIX = "une ligne par stagiaire : identifiant du stagiaire, adresse de courriel (par exemple " \
              "« alice.martin,alice.martin@exemple.fr »)"
_MAX_BYTES = 5_000_000


def exercise_header(exercise: str) -> str:
    """The column title of an exercise, e.g. « qsecase duerp-rps — Mise à jour du DUERP… »."""
    from qsecase.exercises.registry import exercises

    titles = {e.id: e.title for e in exercises()}
    return f"qsecase {exercise} — {titles[exercise]}" if exercise in titles else f"qsecase {exercise}"


def _mark(value: object, scale_to: float) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return ""
    return f"{round(value * scale_to / 20, 2):g}"


def moodle_csv(results: Sequence[SubmissionResult], *,
               identity: Literal["username", "email"] = "username",
               emails: Mapping[str, str] | None = None, scale_to: float = 20) -> str:
    """The text of ``moodle.csv``: one row per trainee, one column per exercise.

    Args:
        results: One result per trainee × exercise, the trainer's overrides already merged (the
            marks are those of ``gradebook.csv``).
        identity: ``"username"``: the first column, « Nom d'utilisateur », is the trainee id (the
            Moodle username); ``"email"``: « Adresse de courriel », taken from ``emails``.
        emails: Trainee id → e-mail address (see :func:`read_emails`); required for ``"email"``.
        scale_to: The maximum of the Moodle grade items; marks /20 are scaled to it.

    Returns:
        Comma-separated CSV, header first, ``.`` as decimal point; an empty cell where the copy
        could not be graded or was not handed in. Trainee ids that are not valid folder names (a
        misplaced file or folder) have no row.

    Raises:
        InputError: A trainee has no address in ``emails`` (identity ``"email"``).
    """
    if scale_to <= 0:
        raise ValueError(f"scale_to doit être positif, pas {scale_to}")
    if identity not in IDENTITY_HEADERS:
        raise ValueError(f"identité inconnue « {identity} » : username ou email")
    from qsecase.answers import is_safe_trainee_id

    header, rows = wide_table(results)
    trainee_at, exercise_at, note_at = (header.index(c) for c in ("trainee", "exercise", "note_20"))
    marks: dict[str, dict[str, str]] = {}
    for row in rows:
        trainee = str(row[trainee_at] or "")
        if is_safe_trainee_id(trainee):  # else a misplaced file or folder: no Moodle account
            marks.setdefault(trainee, {})[str(row[exercise_at])] = _mark(row[note_at], scale_to)
    kept = {e for got in marks.values() for e in got}
    exercises = [e for e in dict.fromkeys(r.exercise for r in ordered(results)) if e and e in kept]
    if identity == "email":
        emails = emails or {}
        # a trainee with no mark at all and no address has nothing to import
        marks = {t: m for t, m in marks.items() if emails.get(t) or any(m.values())}
        missing = [t for t in marks if not emails.get(t)]
        if missing:
            raise InputError([Problem(EMAILS_FILE, f"aucune adresse de courriel pour le stagiaire "
                                      f"« {t} »", fix=f"ajoutez la ligne « {t},adresse » (ou retirez "
                                      "emails.csv pour identifier par nom d'utilisateur)") for t in missing])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",", lineterminator="\n")
    writer.writerow([IDENTITY_HEADERS[identity], *(exercise_header(e) for e in exercises)])
    for trainee, got in marks.items():
        who = (emails or {})[trainee] if identity == "email" else trainee
        writer.writerow([who, *(got.get(e, "") for e in exercises)])
    return buffer.getvalue()


def _records(text: str, file: str) -> list[tuple[int, list[str]]]:
    """``(line, cells)`` of each non-blank record; ``,`` or ``;`` separated."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    sep = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    out: list[tuple[int, list[str]]] = []
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if any(c.strip() for c in cells):
                out.append((start, [c.strip() for c in cells]))
    except csv.Error as exc:
        raise InputError(Problem(file, f"CSV illisible ({exc})", line=end + 1,
                                 fix="vérifiez les guillemets de cette ligne")) from None
    return out


def _columns(cells: list[str], file: str, line: int) -> tuple[int, int] | None:
    """Positions of the trainee and e-mail columns if ``cells`` is a header row, else None."""
    if any("@" in c for c in cells):
        return None
    words = [c.casefold().removeprefix("\ufeff") for c in cells]
    trainee = next((i for i, w in enumerate(words) if w in _TRAINEE_WORDS), None)
    email = next((i for i, w in enumerate(words) if w in _EMAIL_WORDS), None)
    if trainee is None or email is None:
        raise InputError(Problem(file, "en-tête non reconnu : il faut une colonne « stagiaire » "
                                 "et une colonne « courriel »", line=line,
                                 fix="première ligne : stagiaire,courriel"))
    return trainee, email


def read_emails(path: Path) -> dict[str, str] | None:
    """Read ``emails.csv`` (trainee id → e-mail address); None when the file is absent.

    Two columns, ``,`` or ``;`` separated, UTF-8 with or without BOM; a header line
    (``stagiaire,courriel``) is optional.

    Raises:
        InputError: Every bad row (empty cell, invalid address, trainee listed twice, address given
            to two trainees), each naming the file and its line.
    """
    path = Path(path)
    if not path.is_file():
        return None
    file = str(path)
    raw = path.read_bytes() if path.stat().st_size <= _MAX_BYTES else b"\x00"
    if raw.startswith(b"PK\x03\x04") or b"\x00" in raw[:4096]:
        raise InputError(Problem(file, "ce n'est pas un fichier CSV (classeur, binaire ou trop "
                                 "volumineux)", fix="enregistrez-le au format « CSV UTF-8 »"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Problem(file, "encodage non UTF-8", line=raw[: exc.start].count(b"\n") + 1,
                                 fix="enregistrez-le au format « CSV UTF-8 »")) from None
    records = _records(text, file)
    if not records:
        return {}
    positions = _columns(records[0][1], file, records[0][0])
    body = records[1:] if positions else records
    at_trainee, at_email = positions or (0, 1)
    out: dict[str, str] = {}
    owner: dict[str, tuple[str, int]] = {}
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    for line, cells in body:
        trainee = cells[at_trainee] if at_trainee < len(cells) else ""
        email = cells[at_email] if at_email < len(cells) else ""
        if not trainee or not email:
            field = "stagiaire" if not trainee else "courriel"
            problems.append(Problem(file, "cellule vide", line, field, _EMAILS_FIX))
        elif not _EMAIL.fullmatch(email):
            problems.append(Problem(file, f"« {email} » n'est pas une adresse de courriel", line,
                                    "courriel", "par exemple alice.martin@exemple.fr"))
        elif trainee in seen:
            problems.append(Problem(file, f"stagiaire « {trainee} » en double (déjà ligne "
                                    f"{seen[trainee]})", line, "stagiaire",
                                    "gardez une seule ligne par stagiaire"))
        elif email.casefold() in owner:
            other, first = owner[email.casefold()]
            problems.append(Problem(file, f"adresse déjà donnée au stagiaire « {other} » (ligne "
                                    f"{first})", line, "courriel",
                                    "chaque stagiaire a sa propre adresse"))
        else:
            seen[trainee] = line
            owner[email.casefold()] = (trainee, line)
            out[trainee] = email
    if problems:
        raise InputError(problems)
    return out


def write_moodle(results: Sequence[SubmissionResult], out: Path, *,
                 emails: Mapping[str, str] | None = None, scale_to: float = 20) -> Path:
    """Write ``out/moodle.csv`` atomically; by e-mail address when ``emails`` is given.

    On error (a trainee without address) the previous ``moodle.csv`` is removed: it would hold
    outdated marks.
    """
    path = Path(out) / MOODLE_FILE
    try:
        text = moodle_csv(results, identity="email" if emails is not None else "username",
                          emails=emails, scale_to=scale_to)
    except InputError:
        path.unlink(missing_ok=True)
        raise
    atomic_write_text(path, text)
    return path
