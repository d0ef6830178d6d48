"""The trainer's corrections (``OUT/overrides.csv``), merged into the grades on every run.

Columns ``trainee;exercise;item;points;status;comment`` (``;`` or ``,``, UTF-8 with or without BOM,
decimal comma). ``item`` is a rubric item id (``liens``: ``points`` and/or ``status`` replace the
automatic ones) or a criterion code (``1-2``: ``status`` replaces the criterion's status). qsecase
creates the file (header only) when it is absent and never writes it again.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qsecase.errors import OverridesError, Problem, QsecaseError
from qsecase.grading.cohort import SubmissionResult
from qsecase.grading.grade import STATUSES, Grade, ItemGrade, Status, status_for
from qsecase.io.atomic import create_new

__all__ = ["COLUMNS", "Overridden", "OverrideRow", "apply_overrides", "ensure_template",
           "merge_overrides", "read_overrides", "record_override", "reviewed"]

COLUMNS = ("trainee", "exercise", "item", "points", "status", "comment")
_ALIASES = {"stagiaire": "trainee", "exercice": "exercise", "statut": "status",
            "commentaire": "comment", "note": "points"}
_CRITERION = re.compile(r"^[1-9]-[1-9]$")
_STATUS_FIX = "statuts possibles : " + ", ".join(f"« {s} »" for s in STATUSES)
_CSV_FIX = "enregistrez-le au format « CSV UTF-8 (délimité par des virgules) »"
MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class OverrideRow:
    """One correction of the trainer, with where it was read (for error messages)."""

    trainee: str
    exercise: str
    item: str
    points: float | None = None
    status: Status | None = None
    comment: str = ""
    file: str = "overrides.csv"
    line: int | None = None

    @property
    def is_criterion(self) -> bool:
        """True when ``item`` is a criterion code (``1-2``) rather than a rubric item id."""
        return bool(_CRITERION.match(self.item))

    def problem(self, message: str, field: str = "item", fix: str | None = None) -> Problem:
        """A problem located at this row."""
        return Problem(self.file, message, line=self.line, field=field, fix=fix)


@dataclass
class Overridden:
    """A grade after the trainer's corrections.

    Attributes:
        grade: The grade with corrected items (``source="formateur"``).
        criteria: Final status per criterion code (see :func:`reviewed`).
        comments: The trainer's comments, each prefixed with the item label or criterion code.
    """

    grade: Grade
    criteria: dict[str, str]
    comments: list[str] = field(default_factory=list)


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("_", " ").replace("?", " ").split())


_STATUS_WORDS: dict[str, Status] = {_plain(s): s for s in STATUSES} | {
    "partiel": "partiellement acquis", "verifier": "à vérifier"}


def _decode(path: Path) -> str:
    raw = path.read_bytes() if path.stat().st_size <= MAX_BYTES else b"\x00"
    if raw.startswith(b"PK\x03\x04") or b"\x00" in raw[:4096]:
        raise OverridesError(Problem(str(path), "ce n'est pas un fichier CSV de corrections "
                                     "(classeur, binaire ou trop volumineux)", fix=_CSV_FIX))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OverridesError(Problem(str(path), "encodage non UTF-8", fix=_CSV_FIX,
                                     line=raw[: exc.start].count(b"\n") + 1)) from None


def _records(text: str, path: Path) -> list[tuple[int, list[str]]]:
    """``(first line, cells)`` of each non-blank record."""
    first = next(line for line in text.splitlines() if line.strip())
    sep = ";" if first.count(";") >= first.count(",") else ","
    # strict: a quote left open (file cut in the middle of a comment) is an error, not a value
    # that silently runs to the end of the file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    out, end = [], 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if any(c.strip() for c in cells):
                out.append((start, cells))
    except csv.Error as exc:
        reason = ("guillemet ouvert mais jamais fermé" if "end of data" in str(exc) else
                  f"guillemet mal placé (une valeur entre guillemets doit être suivie de « {sep} »)"
                  if "expected after" in str(exc) else "CSV illisible")
        raise OverridesError(Problem(str(path), reason, line=end + 1,
                                     fix="vérifiez les guillemets de cette ligne")) from None
    return out


def _header(cells: list[str], file: str, line: int) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = _ALIASES.get(_plain(cell), _plain(cell))
        if key in COLUMNS:
            positions.setdefault(key, index)
    missing = [c for c in ("trainee", "exercise", "item") if c not in positions]
    if "points" not in positions and "status" not in positions:
        missing.append("points ou status")
    fix = "la première ligne doit être : " + ";".join(COLUMNS)
    if missing:
        raise OverridesError([Problem(file, f"colonne « {m} » absente de l'en-tête", line=line,
                                      field=m, fix=fix) for m in missing])
    return positions


def _row(cells: list[str], pos: dict[str, int], file: str, line: int,
         problems: list[Problem]) -> OverrideRow | None:
    cell = {k: cells[i].strip() if i < len(cells) else "" for k, i in pos.items()}.get
    found = [Problem(file, "cellule vide", line, key, f"indiquez « {key} » comme dans "
                     "gradebook.csv") for key in ("trainee", "exercise", "item") if not cell(key)]
    points, status, raw = None, None, re.sub(r"\s", "", cell("points") or "").replace(",", ".")
    if re.fullmatch(r"\d+(\.\d+)?|\.\d+", raw):
        points = float(raw)
    elif raw:
        found.append(Problem(file, f"« {cell('points')} » n'est pas un nombre de points positif",
                             line, "points", "par exemple 1,5"))
    if cell("status") and (status := _STATUS_WORDS.get(_plain(cell("status") or ""))) is None:
        found.append(Problem(file, f"statut inconnu « {cell('status')} »", line, "status",
                             _STATUS_FIX))
    row = OverrideRow(cell("trainee") or "", cell("exercise") or "", cell("item") or "", points,
                      status, cell("comment") or "", file, line)
    if row.is_criterion and points is not None:
        found.append(row.problem("des points ne s'appliquent pas à un critère", "points",
                                 "indiquez un statut, ou corrigez les points de ses items"))
    elif not found and points is None and status is None and not row.comment:
        found.append(row.problem("ligne sans points, ni statut, ni commentaire", "status",
                                 "complétez-la ou supprimez-la"))
    problems.extend(found)
    return None if found else row


def read_overrides(path: Path) -> list[OverrideRow]:
    """Read the trainer's corrections, in file order; a missing or empty file means none.

    Raises:
        OverridesError: Every bad row, each located (file, line, column) with its fix.
    """
    path = Path(path)
    if not path.is_file():
        return []
    text = _decode(path)
    if not text.strip():
        return []
    records = _records(text, path)
    positions = _header(records[0][1], str(path), records[0][0])
    rows: list[OverrideRow] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str, str], int] = {}
    for line, cells in records[1:]:
        row = _row(cells, positions, str(path), line, problems)
        if row is None:
            continue
        key = (row.trainee, row.exercise, row.item)
        if key in seen:
            problems.append(row.problem(f"correction en double (déjà ligne {seen[key]})",
                                        fix="gardez une seule ligne par item"))
        seen.setdefault(key, line)
        rows.append(row)
    if problems:
        raise OverridesError(problems)
    return rows


def ensure_template(path: Path) -> bool:
    """Create ``path`` (header line only) if it does not exist; True if this call created it."""
    return create_new(Path(path), ("\ufeff" + ";".join(COLUMNS) + "\r\n").encode("utf-8"))


def _feedback(exercise: str, old: ItemGrade, status: Status, points: float) -> str:
    """The item's feedback rewritten for its new status, when the rubric's texts are known."""
    from qsecase.grading.rubric import load_rubric

    try:
        texts = load_rubric(exercise).item(old.item).feedback
    except (KeyError, OSError, QsecaseError, ValueError):
        return old.feedback
    heads = [texts.for_status(status_for(old.points / old.max_points))]
    if old.status != "à vérifier":
        heads.append(texts.for_status(old.status))
    head = next((h for h in heads if old.feedback.startswith(h)), None)
    if head is None:
        return old.feedback
    rest = old.feedback[len(head):].lstrip().removeprefix(texts.a_verifier).lstrip()
    new = [texts.for_status(status)] if status != "à vérifier" else [
        texts.for_status(status_for(points / old.max_points)), texts.a_verifier]
    return " ".join([*new, rest]).strip()


def _apply_item(grade: Grade, old: ItemGrade, row: OverrideRow) -> ItemGrade:
    points = old.points if row.points is None else row.points
    if points > old.max_points + 1e-9:
        raise OverridesError(row.problem(
            f"{row.trainee} / {row.exercise} / {row.item} : {points:g} points pour un item noté "
            f"sur {old.max_points:g}", "points", f"indiquez entre 0 et {old.max_points:g}"))
    if row.points is None and row.status is None:  # a comment only
        return old.model_copy(update={"comment": row.comment})
    status = row.status or status_for(points / old.max_points)
    return old.model_copy(update={
        "points": points, "status": status, "source": "formateur",
        "comment": row.comment or old.comment,
        "feedback": _feedback(grade.exercise, old, status, points)})


def reviewed(grade: Grade, criteria: dict[str, str] | None = None) -> dict[str, str]:
    """Final status per criterion: from the points (proposed points included for items still
    « à vérifier », counted in ``Grade.pending``), then the trainer's statuses on top."""
    return dict(grade.criteria) | (criteria or {})


def apply_overrides(grade: Grade, rows: Sequence[OverrideRow]) -> Overridden:
    """Apply the rows that name this grade's trainee and exercise; others are ignored.

    Raises:
        OverridesError: Unknown item or criterion, points above the item's maximum — all the
            problems of this grade together, each naming the file and the line.
    """
    items = {i.item: i for i in grade.items}
    codes = sorted({i.criterion for i in grade.items})
    criteria: dict[str, str] = {}
    comments: list[str] = []
    problems: list[Problem] = []
    for row in rows:
        if (row.trainee, row.exercise) != (grade.trainee, grade.exercise):
            continue
        if row.is_criterion and row.item not in codes:
            problems.append(row.problem(f"le critère {row.item} n'est pas évalué dans "
                                        f"l'exercice « {row.exercise} »",
                                        fix="critères de l'exercice : " + ", ".join(codes)))
        elif row.is_criterion:
            criteria.update({row.item: row.status} if row.status else {})
            comments.extend([f"{row.item} : {row.comment}"] if row.comment else [])
        elif row.item not in items:
            problems.append(row.problem(
                f"item inconnu « {row.item} » dans l'exercice « {row.exercise} »",
                fix="items possibles : " + ", ".join(items) + " (ou un code de critère)"))
        else:
            try:
                items[row.item] = _apply_item(grade, items[row.item], row)
            except OverridesError as exc:
                problems.extend(exc.problems)
                continue
            comments.extend([f"{items[row.item].label} : {row.comment}"] if row.comment else [])
    if problems:
        raise OverridesError(problems)
    new = grade.model_copy(update={"items": list(items.values())})
    return Overridden(new, reviewed(new, criteria), comments)


def merge_overrides(results: list[SubmissionResult],
                    rows: Sequence[OverrideRow]) -> dict[tuple[str, str], Overridden]:
    """Apply the corrections to every graded result, in place (``result.grade`` replaced).

    Returns the :class:`Overridden` of each graded result, keyed by ``(trainee, exercise)``. A row
    naming a submission absent from ``results`` (a typo) is a problem; one naming a submission
    that failed this run waits for the next run. Raises :class:`OverridesError` with every
    problem of every grade together, and then changes no grade.
    """
    known = {(r.trainee, r.exercise) for r in results}
    problems = [r.problem(f"aucune copie « {r.exercise} » du stagiaire « {r.trainee} »",
                          "trainee", "vérifiez les identifiants du stagiaire et de l'exercice")
                for r in rows if (r.trainee, r.exercise) not in known]
    out: dict[tuple[str, str], Overridden] = {}
    for result in results:
        if result.grade is not None:
            try:
                out[(result.trainee, result.exercise)] = apply_overrides(result.grade, rows)
            except OverridesError as exc:
                problems.extend(exc.problems)
    if problems:
        raise OverridesError(problems)
    for result in results:
        if (result.trainee, result.exercise) in out:
            result.grade = out[(result.trainee, result.exercise)].grade
    return out


def _cell(value: float | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return value


def record_override(path: Path, row: OverrideRow, grade: Grade) -> int:
    """Append the trainer's correction ``row`` to ``overrides.csv`` and return its line number.

    The file is only ever appended to (created with its header when absent), under an exclusive
    lock, so two reviewers saving at once cannot mix their lines; nothing already written is
    rewritten. The row is checked first against ``grade`` (item or criterion, points within the
    maximum) and against the file (one line per item: an existing line is edited in the file).

    Raises:
        OverridesError: The row does not apply to the grade, duplicates a line of the file, or the
            file itself is invalid (every problem located).
    """
    import fcntl

    path = Path(path)
    apply_overrides(grade, [row])  # raises with the row's problem
    ensure_template(path)
    with open(path, "r+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        existing = read_overrides(path)
        same = next((r for r in existing if (r.trainee, r.exercise, r.item)
                     == (row.trainee, row.exercise, row.item)), None)
        if same is not None:
            raise OverridesError(same.problem(
                f"une correction de {row.trainee} / {row.exercise} / {row.item} existe déjà",
                fix="modifiez cette ligne dans overrides.csv (qsecase n'y réécrit jamais rien)"))
        content = handle.read()
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerow(
            [_cell(v) for v in (row.trainee, row.exercise, row.item, row.points, row.status,
                                row.comment)])
        prefix = b"" if not content or content.endswith(b"\n") else b"\r\n"
        handle.write(prefix + out.getvalue().encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
        text = (content + prefix).decode("utf-8-sig", errors="replace")
    return len(text.splitlines()) + 1
