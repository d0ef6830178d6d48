"""Read a CSV table of a case corpus as typed rows, with located French errors.

Accepts what French spreadsheets export: UTF-8 with or without BOM, ``;`` or ``,`` as separator
(detected from the header line), decimal comma, spaces as thousands separators, dates written
``AAAA-MM-JJ`` or ``JJ/MM/AAAA``. Every bad cell is reported (file, line, column, what was expected)
and all problems of a file are raised together in one :class:`~qsecase.errors.CsvError`.

Only the standard library is used, so importing this module stays cheap (no pandas).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from qsecase.case_model import FACT_ID, Column
from qsecase.errors import CsvError, Problem

__all__ = ["MAX_CSV_BYTES", "MAX_PROBLEMS", "CellError", "parse_cell", "read_table"]

MAX_CSV_BYTES = 20_000_000
"""Largest corpus table accepted (20 Mo); a case table is usually a few kilobytes."""

MAX_PROBLEMS = 50
"""Most problems reported per file (the last one then says that others were left out)."""

_SPACES = " \u00a0\u202f\u2009"  # space, no-break space, narrow no-break space, thin space
_SEP_FIX = "enregistrez le tableau en CSV avec « ; » ou « , » comme séparateur"
_UTF8_FIX = (
    "réenregistrez-le en UTF-8 (Excel : « CSV UTF-8 (délimité par des virgules) » ; "
    "LibreOffice : jeu de caractères « Unicode (UTF-8) »)"
)
_NUMBER = re.compile(
    r"""^[+-]?(?:
        \d{1,3}(?:[ ]\d{3})+(?:[.,]\d+)?     # 1 234 or 1 234,50 (spaces already unified)
      | \d{1,3}(?:\.\d{3})+,\d+              # 1.234,50
      | \d{1,3}(?:,\d{3})+\.\d+              # 1,234.50
      | \d+(?:[.,]\d+)?                      # 1234 or 1234,5 or 1234.5
      | [.,]\d+                              # ,5
    )(?:[eE][+-]?\d+)?$""",
    re.VERBOSE,
)
_INTEGER = re.compile(r"^[+-]?(?:\d{1,3}(?:[ ]\d{3})+|\d+)$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_FR_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_FACT_ID = re.compile(f"^{FACT_ID}$")
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre")


class CellError(ValueError):
    """A cell value does not match its column type; ``args[0]`` is the French message."""

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


# --------------------------------------------------------------------------- cell parsing


def _unify(text: str) -> str:
    """Replace every kind of space by a plain one and the Unicode minus by ``-``."""
    for char in _SPACES[1:]:
        text = text.replace(char, " ")
    return text.replace("\u2212", "-")


def _parse_number(text: str) -> float:
    value = _unify(text)
    value = re.sub(r" +", " ", value)
    if not _NUMBER.match(value):
        fix = None
        if re.search(r"[%€$£a-zA-Z]", value.replace("e", "").replace("E", "")):
            fix = "retirez l'unité de la cellule et indiquez-la dans la description de la colonne"
        raise CellError(f"« {text} » n'est pas un nombre (attendu : 12,5 ou 12.5)", fix)
    value = value.replace(" ", "")
    if "," in value and "." in value:
        thousands = "." if value.index(".") < value.index(",") else ","
        value = value.replace(thousands, "")
    return float(value.replace(",", "."))


def _parse_integer(text: str) -> int:
    value = re.sub(r" +", " ", _unify(text))
    if not _INTEGER.match(value):
        raise CellError(f"« {text} » n'est pas un nombre entier (attendu : 12 ou 1 234)")
    return int(value.replace(" ", ""))


def _parse_date(text: str) -> dt.date:
    iso = _ISO_DATE.match(text)
    french = _FR_DATE.match(text)
    if french and len(french.group(3)) == 2:
        raise CellError(
            f"« {text} » : année sur deux chiffres",
            "écrivez l'année sur quatre chiffres (JJ/MM/AAAA, par exemple 12/03/2026)",
        )
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif french:
        day, month, year = (int(g) for g in french.groups())
    else:
        raise CellError(
            f"« {text} » n'est pas une date (attendu : AAAA-MM-JJ ou JJ/MM/AAAA, "
            "par exemple 2026-03-12 ou 12/03/2026)"
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        month_name = f" {_MONTHS[month - 1]}" if 1 <= month <= 12 else ""
        detail = (f"le {day}{month_name} {year} n'existe pas" if month_name
                  else f"il n'y a pas de mois n° {month}")
        raise CellError(f"« {text} » n'est pas une date valide ({detail})") from None


_PARSERS: dict[str, Callable[[str], Any]] = {
    "nombre": _parse_number,
    "entier": _parse_integer,
    "date": _parse_date,
    "texte": str,
    "categorie": str,
}


def parse_cell(raw: str, kind: str) -> Any:
    """Convert one CSV cell to the Python value of its column type.

    Args:
        raw: The cell as read from the file.
        kind: The column type: ``texte``, ``categorie``, ``nombre``, ``entier`` or ``date``.

    Returns:
        ``None`` for an empty cell, else a ``str``, ``float``, ``int`` or ``datetime.date``.

    Raises:
        CellError: The cell does not match the type (French message and optional fix).
    """
    text = raw.strip()
    if not text:
        return None
    return _PARSERS[kind](text)


# --------------------------------------------------------------------------- file level


class _Problems:
    """Collects the problems of one file, up to :data:`MAX_PROBLEMS`."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []

    @property
    def full(self) -> bool:
        return len(self.items) >= MAX_PROBLEMS

    def add(self, message: str, *, line: int | None = None, field: str | None = None,
            fix: str | None = None) -> None:
        if self.full:
            return
        if len(self.items) == MAX_PROBLEMS - 1:
            self.items.append(Problem(
                self.file,
                f"trop d'erreurs : seules les {MAX_PROBLEMS - 1} premières sont listées",
                line=line,
                fix="corrigez-les puis relancez la vérification",
            ))
            return
        self.items.append(Problem(self.file, message, line=line, field=field, fix=fix))


def _decode(raw: bytes, problems: _Problems) -> str | None:
    """UTF-8 text of the file, or ``None`` after recording why it cannot be read."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add("fichier encodé en UTF-16 (export « Texte Unicode »)", fix=_UTF8_FIX)
        return None
    if raw.startswith(b"PK\x03\x04"):
        problems.add(
            "ce fichier est un classeur Excel ou LibreOffice, pas un CSV",
            fix="ouvrez-le dans le tableur puis « Enregistrer sous… » au format CSV UTF-8",
        )
        return None
    if b"\x00" in raw[:8192]:
        problems.add("fichier binaire : ce n'est pas un tableau CSV",
                     fix="exportez le tableau au format CSV UTF-8")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.add(
            "encodage non UTF-8 (fichier probablement enregistré en Latin-1 / Windows-1252)",
            line=line, fix=_UTF8_FIX,
        )
        return None


def _read_bytes(path: Path, problems: _Problems) -> bytes | None:
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            problems.add(
                f"fichier trop volumineux ({size / 1e6:.1f} Mo, maximum "
                f"{MAX_CSV_BYTES / 1e6:.0f} Mo)",
                fix="un tableau de cas doit rester de petite taille : réduisez-le",
            )
            return None
        return path.read_bytes()
    except FileNotFoundError:
        problems.add("fichier introuvable", fix="vérifiez le chemin et le nom du fichier")
    except IsADirectoryError:
        problems.add("c'est un dossier, pas un fichier CSV")
    except OSError as exc:
        problems.add(f"fichier illisible ({exc.strerror})")
    return None


def _detect_separator(
    header: str, line: int, n_columns: int, problems: _Problems
) -> str | None:
    """Pick ``;`` or ``,`` by counting them in the header line (outside quotes)."""
    bare = re.sub(r'"[^"]*"', "", header)
    semicolons, commas = bare.count(";"), bare.count(",")
    if semicolons or commas:
        return ";" if semicolons >= commas else ","
    if n_columns <= 1:
        return ";"
    if "\t" in bare:
        problems.add("séparateur tabulation non accepté", line=line, fix=_SEP_FIX)
    else:
        problems.add("ligne d'en-tête sans séparateur « ; » ni « , »", line=line, fix=_SEP_FIX)
    return None


def _records(
    text: str, separator: str, problems: _Problems
) -> Iterator[tuple[int, int, list[str]]]:
    """Yield ``(first line, last line, cells)`` for each non-blank record of the CSV text."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    previous_end = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            _report_csv_error(str(exc), previous_end + 1, reader.line_num, separator, problems)
            return
        start, previous_end = previous_end + 1, reader.line_num
        if any(cell.strip() for cell in cells):
            yield start, previous_end, cells


def _report_csv_error(error: str, start: int, line: int, separator: str,
                      problems: _Problems) -> None:
    """French message for an error of the csv module (reading stops there)."""
    if "unexpected end of data" in error:
        problems.add("guillemet ouvert mais jamais fermé : la valeur court jusqu'à la fin du "
                     "fichier", line=start, fix="fermez le guillemet dans cette ligne")
    elif "expected after" in error:
        problems.add(f"guillemet mal placé : une valeur entre guillemets doit être suivie de "
                     f"« {separator} » ou d'une fin de ligne", line=line,
                     fix='à l\'intérieur d\'une valeur, doublez les guillemets ("") ou mettez '
                         "toute la valeur entre guillemets")
    elif "field larger than field limit" in error:
        problems.add("valeur trop longue (plus de 131 072 caractères)", line=start,
                     fix="vérifiez les guillemets de cette ligne")
    else:
        problems.add(f"CSV illisible ({error})", line=line,
                     fix="vérifiez les guillemets de cette ligne")


def _norm(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def _check_header(
    header: list[str], line: int, columns: list[Column], problems: _Problems
) -> dict[str, int]:
    """Map each declared column found in the header to its position; report mismatches."""
    names = [cell.strip() for cell in header]
    while names and not names[-1]:  # trailing separators of some exports
        names.pop()
    declared = [c.nom for c in columns]
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for index, name in enumerate(names):
        if name in positions:
            problems.add(f"colonne « {name} » en double dans la ligne d'en-tête", line=line,
                         field=name, fix="renommez ou supprimez l'une des deux")
        elif name in declared:
            positions[name] = index
        else:
            unknown.append(name)
    missing = [name for name in declared if name not in positions]
    for name in unknown:
        label = f"« {name} »" if name else "sans nom"
        close = [m for m in missing if _norm(m) == _norm(name)]
        if close:  # same name but for case, accents or punctuation: one problem, not two
            missing.remove(close[0])
            fix = f"renommez-la « {close[0]} » (nom déclaré dans case.yaml)"
        else:
            fix = "déclarez-la dans « colonnes: » du document (case.yaml) ou supprimez-la"
        problems.add(f"colonne {label} non déclarée dans case.yaml", line=line,
                     field=name or None, fix=fix)
    for name in missing:
        problems.add(f"colonne « {name} » absente de la ligne d'en-tête", line=line, field=name,
                     fix="ajoutez-la au fichier ou corrigez sa déclaration dans case.yaml")
    return positions


def _check_key(value: Any, raw: str, column: Column, line: int,
               seen: dict[str, int], problems: _Problems) -> None:
    """Record problems of a key cell: empty, not a citable id, or already used."""
    if value is None:
        problems.add("identifiant manquant dans la colonne clé", line=line, field=column.nom,
                     fix="chaque ligne doit avoir un identifiant unique")
        return
    key = str(value)
    if not _FACT_ID.match(key):
        problems.add(
            f"« {raw.strip()} » n'est pas un identifiant citable (lettres, chiffres, « - », "
            "« _ » ou « . », sans espace, 40 caractères au plus)",
            line=line, field=column.nom, fix="par exemple NC-2026-014",
        )
    elif key in seen:
        problems.add(f"identifiant « {key} » en double (déjà ligne {seen[key]})", line=line,
                     field=column.nom, fix="chaque valeur de la colonne clé doit être unique")
    else:
        seen[key] = line


def _is_ragged(cells: list[str], width: int) -> bool:
    """True when a row has too few cells, or extra cells that are not empty."""
    return len(cells) < width or any(cell.strip() for cell in cells[width:])


def _report_ragged(cells: list[str], width: int, start: int, end: int,
                   separator: str, problems: _Problems) -> None:
    count = f"{len(cells)} cellule{'s' if len(cells) > 1 else ''}"
    message = f"{count} au lieu de {width} (nombre de colonnes de l'en-tête)"
    if end > start:
        message += f" ; la ligne se poursuit jusqu'à la ligne {end} : guillemet non fermé ?"
        fix = "fermez le guillemet ouvert dans cette ligne"
    elif len(cells) > width:
        fix = (f"mettez entre guillemets la valeur qui contient « {separator} » "
               "ou retirez les cellules en trop")
    else:
        fix = ("ajoutez les cellules manquantes (une cellule vide s'écrit sans rien entre "
               f"deux « {separator} »)")
    problems.add(message, line=start, fix=fix)


def _parse_rows(
    records: Iterator[tuple[int, int, list[str]]], width: int, separator: str,
    columns: list[Column], positions: dict[str, int], problems: _Problems,
    lines: list[int] | None = None,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen_keys: dict[str, int] = {}
    for line, end, cells in records:
        if problems.full:
            break
        if _is_ragged(cells, width):
            _report_ragged(cells, width, line, end, separator, problems)
            continue
        row: dict[str, Any] = {}
        for column in columns:
            if column.nom not in positions:
                row[column.nom] = None
                continue
            raw = cells[positions[column.nom]]
            try:
                row[column.nom] = parse_cell(raw, column.type)
            except CellError as exc:
                problems.add(exc.message, line=line, field=column.nom, fix=exc.fix)
                row[column.nom] = None
                continue
            if column.cle:
                _check_key(row[column.nom], raw, column, line, seen_keys, problems)
        rows.append(row)
        if lines is not None:
            lines.append(line)
    return rows


def read_table(
    path: Path, columns: list[Column], *, display_name: str | None = None,
    lines: list[int] | None = None,
) -> list[dict[str, Any]]:
    """Read a corpus CSV table as a list of typed rows.

    Args:
        path: The CSV file.
        columns: The declared columns (names, types, key) from ``case.yaml``; the header must
            contain exactly these names, in any order.
        display_name: How to name the file in messages (default: ``str(path)``).
        lines: If given, receives the line where each returned row starts (header = line 1;
            blank lines and multi-line quoted cells taken into account).

    Returns:
        One dict per non-blank data row, keyed by the declared column names in declared order;
        empty cells are ``None``.

    Raises:
        CsvError: With every problem found (at most :data:`MAX_PROBLEMS`), each naming the file,
            the line (header = line 1), the column and what was expected.
    """
    problems = _Problems(display_name or str(path))
    raw = _read_bytes(path, problems)
    text = _decode(raw, problems) if raw is not None else None
    if text is None:
        raise CsvError(problems.items)
    if not text.strip():
        raise CsvError(Problem(problems.file, "fichier vide (aucune ligne d'en-tête)",
                               fix="ajoutez la ligne d'en-tête puis les lignes du tableau"))
    body = text.lstrip()
    header_line_no = text[: len(text) - len(body)].count("\n") + 1
    separator = _detect_separator(body.splitlines()[0], header_line_no, len(columns), problems)
    if separator is None:
        raise CsvError(problems.items)
    records = _records(text, separator, problems)
    first = next(records, None)
    if first is None:
        raise CsvError(problems.items or [Problem(problems.file, "fichier vide")])
    header_line_no, _, header = first
    positions = _check_header(header, header_line_no, columns, problems)
    width = len(header)
    while width > 1 and not header[width - 1].strip():
        width -= 1
    rows = _parse_rows(records, width, separator, columns, positions, problems, lines)
    if not rows and not problems.items:
        problems.add("le tableau n'a aucune ligne de données", line=header_line_no + 1,
                     fix="ajoutez des lignes sous l'en-tête ou retirez ce document du cas")
    if problems.items:
        raise CsvError(problems.items)
    return rows
