"""Read and check a case folder: ``case.yaml``, the ``corpus/`` documents and the ``key/`` files.

:func:`check_case` collects every problem of a folder (for ``qsecase check-case`` and case
authors); :func:`load_case` returns the loaded :class:`~qsecase.case_model.Case` or raises one
:class:`~qsecase.errors.CaseError` listing them all. The format is described in
``docs/format-cas.md``. No widgets and no pandas here: importing this module stays light.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import difflib
import itertools
import re
from pathlib import Path
from typing import Any

from qsecase.case_model import FACT_MARK, Case, CaseSpec, Document, Fact
from qsecase.errors import CaseError, InputError, Problem
from qsecase.io.csvtable import read_table
from qsecase.io.yamlfile import line_of, load_data, pydantic_problems, read_text

__all__ = [
    "CASE_FILE",
    "CORPUS_DIR",
    "KEY_DIR",
    "check_case",
    "extract_text_facts",
    "format_check_report",
    "inventory",
    "key_path",
    "load_case",
]

CASE_FILE = "case.yaml"
CORPUS_DIR = "corpus"
KEY_DIR = "key"

_EXERCISE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_KEY_TYPES = ("texte", "categorie", "entier")
_IGNORED = re.compile(r"^(?:\.|~\$|Thumbs\.db$|desktop\.ini$)")  # hidden, lock, system files
_BLOCK_START = re.compile(r"^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>|\|)")
_BLOCK_MARKER = re.compile(r"^\s*(?:#{1,6}|[-*+]|\d+[.)]|>|\|)?\s*$")
_RULE = re.compile(r"^\s*(?:-{3,}|={3,}|\*{3,}|_{3,})\s*$")  # horizontal rule, setext underline
_SENTENCE_END = ".!?;:|…"
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)([^*_\n]{1,300}?)(?<=\S)\1")  # **gras**
_UNDERSCORE = re.compile(r"(?<!\w)_(?=\S)([^_\n]{1,300}?)(?<=\S)_(?!\w)")  # _italique_
_TEXT_FACT_MAX = 400
_ROW_FACT_MAX = 300


# --------------------------------------------------------------------------- paths


def key_path(case_dir: Path, exercise: str) -> Path:
    """Path of the answer key of ``exercise`` in a case folder: ``key/<exercise>.yaml``."""
    return Path(case_dir) / KEY_DIR / f"{exercise}.yaml"


def _shown(case_dir: Path, relative: str) -> str:
    """How a file of the case is named in messages (as the user gave the folder)."""
    return str(Path(case_dir) / relative)


def _listing(folder: Path) -> list[str]:
    """Names of the entries of ``folder`` that an author put there (hidden files left out)."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if not _IGNORED.match(p.name))


# --------------------------------------------------------------------------- case.yaml


def _read_spec(case_dir: Path) -> tuple[CaseSpec | None, dict[tuple[Any, ...], int],
                                        list[Problem]]:
    """Load and validate ``case.yaml``; return the spec (or None), key lines and problems."""
    from pydantic import ValidationError

    path = case_dir / CASE_FILE
    shown = _shown(case_dir, CASE_FILE)
    if not case_dir.is_dir():
        return None, {}, [Problem(str(case_dir), "dossier de cas introuvable",
                                  fix="vérifiez le chemin du dossier du cas")]
    if not path.is_file():
        return None, {}, [Problem(shown, "fichier introuvable : tout cas décrit son contenu "
                                  "dans case.yaml",
                                  fix="créez-le (qsecase new-case) ou vérifiez le dossier")]
    try:
        data, lines = load_data(path, what="fichier de cas", error=CaseError)
    except InputError as exc:
        return None, {}, [dataclasses.replace(p, file=shown) for p in exc.problems]
    if not isinstance(data, dict):
        return None, lines, [Problem(shown, "le fichier doit contenir des champs « nom: valeur » "
                                     "(id, titre, organisation, documents…)",
                                     fix="partez du modèle de docs/format-cas.md")]
    try:
        spec = CaseSpec.model_validate(data)
    except ValidationError as exc:
        return None, lines, pydantic_problems(exc, shown, lines)
    return spec, lines, []


def _spec_problems(spec: CaseSpec, shown: str,
                   lines: dict[tuple[Any, ...], int]) -> list[Problem]:
    """Checks of ``case.yaml`` that the model does not make: columns, files, exercise ids."""
    problems: list[Problem] = []
    files: dict[str, str] = {}
    for i, doc in enumerate(spec.documents):
        if doc.fichier in files:
            problems.append(Problem(
                shown, f"le fichier « {doc.fichier} » est déjà celui du document "
                f"« {files[doc.fichier]} »", line=line_of(lines, ("documents", i, "fichier")),
                field=f"documents.{i}.fichier", fix="un fichier ne décrit qu'un seul document"))
        files.setdefault(doc.fichier, doc.id)
        problems += _column_problems(doc, i, shown, lines)
    from qsecase.exercises.registry import REGISTRY  # the one list of exercises (lazy: no cycle)

    for i, exercise in enumerate(spec.exercices):
        if not _EXERCISE_ID.match(exercise):
            problems.append(Problem(
                shown, f"identifiant d'exercice invalide « {exercise} »",
                line=line_of(lines, ("exercices",)), field=f"exercices.{i}",
                fix="lettres minuscules, chiffres et tirets (par exemple « probleme »)"))
        elif exercise not in REGISTRY:
            problems.append(Problem(
                shown, f"exercice inconnu « {exercise} »", line=line_of(lines, ("exercices",)),
                field=f"exercices.{i}", fix=f"exercices disponibles : {', '.join(sorted(REGISTRY))}"))
    return problems


def _column_problems(doc: Document, index: int, shown: str,
                     lines: dict[tuple[Any, ...], int]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for j, column in enumerate(doc.colonnes):
        loc = ("documents", index, "colonnes", j)
        if column.nom in seen:
            problems.append(Problem(
                shown, f"colonne « {column.nom} » déclarée deux fois dans le document "
                f"« {doc.id} »", line=line_of(lines, (*loc, "nom")),
                field=f"documents.{index}.colonnes.{j}.nom", fix="renommez l'une des deux"))
        seen.add(column.nom)
        if column.cle and column.type not in _KEY_TYPES:
            problems.append(Problem(
                shown, f"la colonne clé « {column.nom} » est de type « {column.type} »",
                line=line_of(lines, (*loc, "type")),
                field=f"documents.{index}.colonnes.{j}.type",
                fix="une colonne clé contient des identifiants : type texte, categorie ou entier"))
    return problems


# --------------------------------------------------------------------------- files


def _file_problems(case_dir: Path, spec: CaseSpec,
                   lines: dict[tuple[Any, ...], int]) -> tuple[list[Problem], set[str]]:
    """Declared documents that are missing, files of corpus/ that are not declared.

    Returns the problems and the ``fichier`` values of the documents that can be read.
    """
    shown = _shown(case_dir, CASE_FILE)
    present = _listing(case_dir / CORPUS_DIR)
    declared = {Path(d.fichier).name for d in spec.documents}
    logo = spec.charte.logo if spec.charte and spec.charte.logo else ""
    if logo:
        declared.add(Path(logo).name)
    undeclared = [name for name in present if name not in declared]
    problems: list[Problem] = []
    if logo and not (case_dir / logo).is_file():
        problems.append(Problem(shown, f"le logo « {logo} » de la charte est introuvable",
                                line=line_of(lines, ("charte", "logo")), field="charte.logo",
                                fix=f"ajoutez le fichier dans {CORPUS_DIR}/ ou corrigez « logo: »"))
    readable: set[str] = set()
    for i, doc in enumerate(spec.documents):
        name = Path(doc.fichier).name
        if name in present and (case_dir / doc.fichier).is_file():
            readable.add(doc.fichier)
            continue
        close = difflib.get_close_matches(name, undeclared, n=1, cutoff=0.6)
        if close:
            undeclared.remove(close[0])
            fix = (f"vouliez-vous dire « {CORPUS_DIR}/{close[0]} » ? Renommez le fichier ou "
                   "corrigez « fichier: »")
        else:
            fix = f"ajoutez le fichier dans {CORPUS_DIR}/ ou corrigez « fichier: »"
        problems.append(Problem(
            shown, f"le fichier « {doc.fichier} » du document « {doc.id} » est introuvable",
            line=line_of(lines, ("documents", i, "fichier")), field=f"documents.{i}.fichier",
            fix=fix))
    for name in undeclared:
        kind = "dossier" if (case_dir / CORPUS_DIR / name).is_dir() else "fichier"
        problems.append(Problem(
            _shown(case_dir, f"{CORPUS_DIR}/{name}"),
            f"{kind} présent dans {CORPUS_DIR}/ mais déclaré par aucun document de case.yaml",
            fix="déclarez-le dans documents: ou supprimez-le"))
    return problems, readable


def _key_problems(case_dir: Path, spec: CaseSpec) -> list[Problem]:
    """Each listed exercise has ``key/<exercise>.yaml``; each key file names a listed exercise."""
    present = _listing(case_dir / KEY_DIR)
    problems: list[Problem] = []
    for name in present:
        stem, suffix = Path(name).stem, Path(name).suffix
        if suffix == ".yaml" and stem in spec.exercices:
            continue
        if stem in spec.exercices:
            message = f"extension non reconnue : le corrigé doit s'appeler « {stem}.yaml »"
            fix = f"renommez-le {stem}.yaml"
        else:
            message = (f"corrigé d'un exercice (« {stem} ») qui n'est pas listé dans exercices: "
                       "de case.yaml")
            fix = f"ajoutez « {stem} » à exercices: dans case.yaml ou supprimez ce fichier"
        problems.append(Problem(_shown(case_dir, f"{KEY_DIR}/{name}"), message, fix=fix))
    misnamed = {Path(name).stem for name in present}
    for exercise in spec.exercices:
        if f"{exercise}.yaml" not in present and exercise not in misnamed:
            problems.append(Problem(
                _shown(case_dir, f"{KEY_DIR}/{exercise}.yaml"),
                f"corrigé introuvable pour l'exercice « {exercise} » listé dans case.yaml",
                fix=f"créez {KEY_DIR}/{exercise}.yaml ou retirez « {exercise} » de exercices: "
                    "dans case.yaml"))
    return problems


# --------------------------------------------------------------------------- documents


def _read_markdown(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    try:
        return read_text(path, what="document"), []
    except InputError as exc:
        return None, [_markdown_fix(dataclasses.replace(p, file=shown)) for p in exc.problems]


def _markdown_fix(problem: Problem) -> Problem:
    """read_text's advice speaks of YAML or JSON; a corpus text is Markdown."""
    if problem.fix and "YAML ou JSON" in problem.fix:
        return dataclasses.replace(problem, fix="attendu : un fichier texte Markdown (.md)")
    return problem


def _read_table(path: Path, doc: Document, shown: str,
                lines: list[int]) -> tuple[list[dict[str, Any]] | None, list[Problem]]:
    try:
        return read_table(path, doc.colonnes, display_name=shown, lines=lines), []
    except InputError as exc:
        return None, list(exc.problems)


# --------------------------------------------------------------------------- facts


@dataclasses.dataclass(frozen=True)
class _Mark:
    """A ``[E3]`` found in a text: a definition (starts a statement) or a reference."""

    id: str
    line: int
    text: str
    definition: bool


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    """Split Markdown into blocks (paragraph, list item, heading, table row, quote line).

    Each block is its list of ``(line number, line)``; fenced code is left out.
    """
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            current = _flush(blocks, current)
            continue
        if fenced or not line.strip() or _RULE.match(line):
            current = _flush(blocks, current)
            continue
        if _BLOCK_START.match(line):
            current = _flush(blocks, current)
        current.append((number, line))
    _flush(blocks, current)
    return blocks


def _flush(blocks: list[list[tuple[int, str]]],
           current: list[tuple[int, str]]) -> list[tuple[int, str]]:
    if current:
        blocks.append(current)
    return []


def _starts_statement(before: str) -> bool:
    """True when a mark preceded by ``before`` (same block) starts a statement."""
    tail = before.rstrip(" \t\n*_")
    if _BLOCK_MARKER.match(tail):
        return True
    if re.search(r"(?:^|\W)(?:cf|voir|p)\.$", tail[-6:], flags=re.IGNORECASE):
        return False
    return tail[-1] in _SENTENCE_END


def _plain(markdown: str) -> str:
    """Markdown fragment → one line of plain text."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _UNDERSCORE.sub(r"\1", text)
    text = re.sub(r"\s*\|\s*", " · ", text)
    text = re.sub(r"\s+", " ", text)
    text = text.strip(" ·*_:—–-|")
    return text if len(text) <= _TEXT_FACT_MAX else text[: _TEXT_FACT_MAX - 1] + "…"


def _block_marks(block: list[tuple[int, str]]) -> list[_Mark]:
    joined = "\n".join(line for _, line in block)
    found: list[tuple[re.Match[str], bool]] = []
    previous = 0
    for m in FACT_MARK.finditer(joined):
        found.append((m, _starts_statement(joined[max(previous, m.start() - 80): m.start()])
                      if previous else _starts_statement(joined[: m.start()])))
        previous = m.end()
    starts = [m.start() for m, is_def in found if is_def] + [len(joined)]
    line_starts = list(itertools.accumulate((len(line) + 1 for _, line in block), initial=0))
    marks, next_start = [], 0
    for m, is_def in found:
        while starts[next_start] <= m.start():
            next_start += 1
        end = starts[next_start] if is_def else m.end()
        line = block[bisect.bisect_right(line_starts, m.start()) - 1][0]
        marks.append(_Mark(m.group(1), line, _plain(joined[m.end(): end]) if is_def else "",
                           is_def))
    return marks


def extract_text_facts(markdown: str) -> list[tuple[str, int, str, bool]]:
    """Find the ``[E3]`` marks of a Markdown document.

    A mark at the start of a paragraph, list item, heading or table cell, or right after the end
    of a sentence, *defines* a fact: its text runs to the next defining mark or the end of the
    block. A mark elsewhere (« comme indiqué (voir [E3]) ») is a *reference* to a fact.

    Args:
        markdown: The document text.

    Returns:
        ``(id, line, text, is_definition)`` for each mark, in reading order; the text is plain
        (Markdown removed) and empty for references.
    """
    return [(m.id, m.line, m.text, m.definition)
            for block in _blocks(markdown) for m in _block_marks(block)]


def _format_value(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return f"{value:.10g}".replace(".", ",")
    return str(value)


def _row_summary(row: dict[str, Any], key: str) -> str:
    """« col: val · col: val » for the non-empty cells of a row, key column left out."""
    text = " · ".join(f"{col}: {_format_value(val)}" for col, val in row.items()
                      if col != key and val is not None and val != "")
    return text if len(text) <= _ROW_FACT_MAX else text[: _ROW_FACT_MAX - 1] + "…"


@dataclasses.dataclass
class _FactIndex:
    """Facts being collected, with where each was defined (for duplicate messages)."""

    case_dir: Path
    facts: dict[str, Fact] = dataclasses.field(default_factory=dict)
    where: dict[str, tuple[str, int | None]] = dataclasses.field(default_factory=dict)
    problems: list[Problem] = dataclasses.field(default_factory=list)

    def add(self, fact: Fact, fichier: str, line: int | None) -> None:
        if fact.id in self.facts:
            other = self.facts[fact.id].document
            other_file, other_line = self.where[fact.id]
            place = f"{other_file}, ligne {other_line}" if other_line else other_file
            where = ("plus haut dans ce document" if other == fact.document
                     else f"dans le document « {other} »")
            self.problems.append(Problem(
                _shown(self.case_dir, fichier),
                f"le fait « {fact.id} » est déjà défini {where} ({place})", line=line,
                fix="chaque fait citable doit avoir un identifiant unique dans tout le cas : "
                    "renommez l'un des deux"))
            return
        self.facts[fact.id] = fact
        self.where[fact.id] = (fichier, line)


def _text_facts(index: _FactIndex, doc: Document, markdown: str) -> list[_Mark]:
    """Add the facts defined in a text; return its references (checked once all are known)."""
    references = []
    for fact_id, line, text, is_def in extract_text_facts(markdown):
        mark = _Mark(fact_id, line, text, is_def)
        if not is_def:
            references.append(mark)
        elif not text:
            index.problems.append(Problem(
                _shown(index.case_dir, doc.fichier), f"le fait [{fact_id}] n'a pas de texte",
                line=line, fix=f"écrivez l'énoncé du fait juste après [{fact_id}]"))
        else:
            index.add(Fact(fact_id, doc.id, text), doc.fichier, line)
    return references


def _table_facts(index: _FactIndex, doc: Document, rows: list[dict[str, Any]]) -> None:
    keys = [c.nom for c in doc.colonnes if c.cle]
    if not keys:
        return
    for row in rows:
        if row.get(keys[0]) is not None:
            fact_id = str(row[keys[0]])
            index.add(Fact(fact_id, doc.id, _row_summary(row, keys[0])), doc.fichier, None)


def _reference_problems(index: _FactIndex, doc: Document, marks: list[_Mark]) -> list[Problem]:
    return [Problem(_shown(index.case_dir, doc.fichier),
                    f"le fait cité [{mark.id}] n'est défini dans aucun document du cas",
                    line=mark.line,
                    fix=f"définissez-le (« [{mark.id}] » en début de phrase) ou corrigez la "
                        "référence")
            for mark in marks if mark.id not in index.facts]


# --------------------------------------------------------------------------- public API


def check_case(case_dir: Path, *, check_keys: bool = True) -> tuple[Case | None, list[Problem]]:
    """Read a case folder and collect every problem instead of stopping at the first.

    Args:
        case_dir: The folder ``cases/<case-id>/``.
        check_keys: Also check ``key/`` (one file per listed exercise, none other). Pass
            ``False`` for a copy of the case handed to trainees without its answer keys.

    Returns:
        The case and the problems. The case is ``None`` when ``case.yaml`` itself cannot be read
        or validated; otherwise it holds whatever could be read (texts, tables, facts), even if
        there are problems.
    """
    case_dir = Path(case_dir)
    spec, lines, problems = _read_spec(case_dir)
    if spec is None:
        return None, problems
    problems += _spec_problems(spec, _shown(case_dir, CASE_FILE), lines)
    file_problems, readable = _file_problems(case_dir, spec, lines)
    problems += file_problems
    case = Case(spec=spec, root=str(case_dir))
    index = _FactIndex(case_dir)
    references: list[tuple[Document, list[_Mark]]] = []
    for doc in spec.documents:
        if doc.fichier not in readable:
            continue
        path, shown = case_dir / doc.fichier, _shown(case_dir, doc.fichier)
        if doc.type == "texte":
            text, doc_problems = _read_markdown(path, shown)
            if text is not None:
                case.texts[doc.id] = text
                references.append((doc, _text_facts(index, doc, text)))
        else:
            starts: list[int] = []
            rows, doc_problems = _read_table(path, doc, shown, starts)
            if rows is not None:
                case.tables[doc.id] = rows
                case.row_lines[doc.id] = starts
                _table_facts(index, doc, rows)
        problems += doc_problems
    for doc, marks in references:
        index.problems += _reference_problems(index, doc, marks)
    problems += index.problems
    if check_keys:
        problems += _key_problems(case_dir, spec)
    from qsecase.scaffold import unfinished_problems  # the « À COMPLÉTER » left by new-case

    problems += unfinished_problems(case_dir, check_keys=check_keys)
    case.facts = index.facts
    return case, problems


def load_case(case_dir: Path, *, check_keys: bool = True) -> Case:
    """Load a case folder.

    Args:
        case_dir: The folder ``cases/<case-id>/``.
        check_keys: Also require ``key/<exercise>.yaml`` for each listed exercise (see
            :func:`check_case`).

    Returns:
        The validated case: spec, Markdown texts, typed table rows and citable facts.

    Raises:
        CaseError: With every problem found (case.yaml, corpus documents, key files).
    """
    case, problems = check_case(case_dir, check_keys=check_keys)
    if problems or case is None:
        raise CaseError(problems)
    return case


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def _plural(count: int, word: str) -> str:
    return f"{_thousands(count)} {word}{'s' if count > 1 else ''}"


def inventory(case: Case) -> list[tuple[str, str]]:
    """Short French inventory of a loaded case, as ``(label, value)`` lines for check-case."""
    spec, org = case.spec, case.spec.organisation
    items = [
        ("Cas", f"{spec.id} — {spec.titre}"),
        ("Date du cas", spec.date_cas.strftime("%d/%m/%Y")),
        ("Organisation", org.nom),
        ("Secteur", org.secteur),
        ("Effectif", _plural(org.effectif, "salarié")),
        ("Heures travaillées", f"{_thousands(org.heures_travaillees)} h"),
        ("Sites", ", ".join(site.nom for site in org.sites)),
    ]
    for doc in spec.documents:
        if doc.type == "tableau":
            rows = len(case.tables.get(doc.id, []))
            detail = f"tableau, {_plural(rows, 'ligne')}, {_plural(len(doc.colonnes), 'colonne')}"
        else:
            detail = "texte"
        items.append((f"Document « {doc.id} »", f"{doc.titre} ({doc.fichier}, {detail})"))
    items.append(("Faits citables", _thousands(len(case.facts))))
    root = Path(case.root) if case.root else None
    for exercise in spec.exercices:
        present = root is not None and key_path(root, exercise).is_file()
        items.append((f"Exercice « {exercise} »",
                      "corrigé présent ✔" if present else "corrigé absent ✖"))
    items.append(("Mode autoformation", "oui" if spec.autoformation else "non"))
    return items


def format_check_report(case_dir: Path) -> tuple[int, str]:
    """Check a case folder and return the exit code and French text of ``qsecase check-case``.

    Args:
        case_dir: The folder ``cases/<case-id>/``.

    Returns:
        ``(0, text)`` with « cas valide » and the inventory, or ``(2, text)`` with one line per
        problem (« ✖ file, ligne N, champ « x » : message — fix ») and a summary line.
    """
    case, problems = check_case(Path(case_dir))
    if problems or case is None:
        lines = [f"✖ {problem}" for problem in problems]
        lines.append(f"{_plural(len(problems), 'problème')} : le cas {case_dir} n'est pas valide")
        return 2, "\n".join(lines)
    items = inventory(case)
    width = max(len(label) for label, _ in items)
    lines = [f"✔ cas valide : {case_dir}"]
    lines += [f"  {label.ljust(width)}  {value}" for label, value in items]
    return 0, "\n".join(lines)
