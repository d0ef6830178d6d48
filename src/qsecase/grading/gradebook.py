"""The cohort's gradebook: ``gradebook.csv``, ``grades_long.csv``, ``gradebook.xlsx`` and a
plain-text summary for the terminal.

CSV files are UTF-8 with BOM (French Excel then reads accents right), ``;``-separated, with ``.`` as
decimal point so that analysis tools read the marks as numbers. Statuses are words in the CSV and
« symbol + word » in the workbook, never a colour alone. Every file is written atomically.

The CSV files are data for tools: their column names and status words never change. What a person
reads (the workbook's sheets, headers and « Lisez-moi », the terminal summary) is in the language
the copies were graded in (:func:`results_lang`), through the catalogue (:mod:`qsecase.i18n`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from qsecase.grading.cohort import SubmissionResult
from qsecase.grading.grade import SYMBOLS
from qsecase.grading.overrides import Overridden, reviewed
from qsecase.i18n import N_, SOURCE_LANG, mark, translator
from qsecase.io.atomic import atomic_write_bytes

__all__ = ["LONG_COLUMNS", "Reviews", "comments_of", "competence_title", "criterion_codes",
           "final_criteria", "long_table", "ordered", "results_lang", "status_text",
           "summary_table", "tint", "wide_table", "workbook_bytes", "write_csv", "write_gradebook"]

Reviews = Mapping[tuple[str, str], Overridden]
"""The trainer-reviewed grades (from :func:`~qsecase.grading.overrides.merge_overrides`)."""

LONG_COLUMNS = ("trainee", "exercise", "criterion", "item", "label", "points", "max_points",
                "status", "source", "feedback", "expected_missed", "comment")


def status_text(status: object, lang: str = SOURCE_LANG) -> str:
    """A status as symbol and word, e.g. ``"✔ acquis"``, ``"✔ achieved"`` (empty for no status)."""
    if status in SYMBOLS:
        return f"{SYMBOLS[status]} {translator(lang)(str(status))}"
    return str(status or "")


def results_lang(results: Sequence[SubmissionResult]) -> str:
    """The language the copies of ``results`` were graded in (the most frequent; French when none
    is graded)."""
    from collections import Counter

    langs = Counter(r.grade.lang for r in results if r.grade is not None)
    return langs.most_common(1)[0][0] if langs else SOURCE_LANG


def competence_title(code: str) -> str:
    """The référentiel's short title of a competency (the code itself if unknown)."""
    from qsecase.errors import UnknownCompetencyError
    from qsecase.referentiel import short_title

    try:
        return short_title(code)
    except UnknownCompetencyError:
        return code


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split("-") if part.isdigit())


def criterion_codes(results: Sequence[SubmissionResult]) -> list[str]:
    """Every criterion code graded in ``results``, in référentiel order."""
    codes = {i.criterion for r in results if r.grade for i in r.grade.items}
    return sorted(codes, key=_code_key)


def final_criteria(result: SubmissionResult, reviews: Reviews | None = None) -> dict[str, str]:
    """Status per criterion after the trainer's review (« à vérifier » while items are pending)."""
    review = (reviews or {}).get((result.trainee, result.exercise))
    if review is not None:
        return review.criteria
    return reviewed(result.grade) if result.grade else {}


def comments_of(result: SubmissionResult, reviews: Reviews | None = None) -> list[str]:
    """The trainer's comments on ``result``."""
    review = (reviews or {}).get((result.trainee, result.exercise))
    if review is not None:
        return review.comments
    items = result.grade.items if result.grade else []
    return [f"{i.label} : {i.comment}" for i in items if i.comment]


def ordered(results: Sequence[SubmissionResult]) -> list[SubmissionResult]:
    """Results sorted by trainee, each trainee's exercises in their first-seen order."""
    rank = {e: n for n, e in enumerate(dict.fromkeys(r.exercise for r in results))}
    return sorted(results, key=lambda r: (r.trainee.casefold(), rank[r.exercise]))


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def wide_table(results: Sequence[SubmissionResult],
               reviews: Reviews | None = None) -> tuple[list[str], list[list[object]]]:
    """Header and rows of ``gradebook.csv``: one row per trainee × exercise."""
    codes = criterion_codes(results)
    header = ["trainee", "case", "exercise", "note_20", *codes, "a_verifier", "error"]
    rows: list[list[object]] = []
    for r in ordered(results):
        g = r.grade if not r.error else None
        crit = final_criteria(r, reviews) if g else {}
        rows.append([r.trainee, r.case, r.exercise, g.note_20 if g else None,
                     *(crit.get(c, "") for c in codes), g.pending if g else None, r.error])
    return header, rows


def long_table(results: Sequence[SubmissionResult]) -> list[list[object]]:
    """Rows of ``grades_long.csv`` (columns :data:`LONG_COLUMNS`), the trainer's full view."""
    return [[r.trainee, r.exercise, i.criterion, i.item, i.label, i.points, i.max_points,
             i.status, i.source, i.feedback, " ; ".join(i.missed), i.comment]
            for r in ordered(results) if r.grade and not r.error for i in r.grade.items]


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    """Write a ``;``-separated UTF-8-with-BOM CSV atomically; floats keep a ``.`` decimal point."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _number(v) if isinstance(v, float) else v
                         for v in row])
    atomic_write_bytes(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return path


def write_gradebook(results: Sequence[SubmissionResult], out: Path, *,
                    reviews: Reviews | None = None, lang: str | None = None) -> list[Path]:
    """Write ``gradebook.csv``, ``grades_long.csv`` and ``gradebook.xlsx`` into ``out``.

    Args:
        results: One result per trainee × exercise, the trainer's overrides already merged.
        out: The batch output folder.
        reviews: The criterion statuses and comments of the trainer, if any.
        lang: The workbook's language (default: the language the copies were graded in); the
            CSV files are the same in every language.

    Returns:
        The three paths written.
    """
    out = Path(out)
    header, rows = wide_table(results, reviews)
    paths = [write_csv(out / "gradebook.csv", header, rows),
             write_csv(out / "grades_long.csv", LONG_COLUMNS, long_table(results))]
    atomic_write_bytes(out / "gradebook.xlsx", workbook_bytes(results, reviews, lang))
    return [*paths, out / "gradebook.xlsx"]


_STATUSES_LINE = "{statuses}"
_README = (
    N_("Lisez-moi : carnet de notes de la cohorte"),
    "",
    N_("Feuille « Synthèse » : une ligne par stagiaire et par exercice. « Note /20 » est la note "
       "sur 20 (une décimale) ; « À vérifier » compte les items que le formateur doit encore "
       "confirmer : tant qu'il y en a, la note est provisoire ; « Erreur » indique pourquoi la "
       "copie n'a pas pu être corrigée (la note reste alors vide)."),
    N_("Une colonne par compétence du référentiel (codes 1-1 à 5-6) donne son statut."),
    N_("Feuilles par exercice : les points obtenus à chaque item de la grille (maximum dans "
       "l'en-tête)."),
    N_("Feuille « Critères » : le statut de chaque stagiaire pour chaque compétence évaluée ; si "
       "une compétence est évaluée dans plusieurs exercices, le statut le moins avancé est "
       "retenu."),
    "",
    N_("Statuts : chaque cellule porte un symbole et un mot, la couleur n'est qu'une aide :"),
    _STATUSES_LINE,
    N_("Un critère est « à vérifier » tant que l'un de ses items l'est ; le statut donné par le "
       "formateur dans overrides.csv remplace le statut calculé."),
    "",
    N_("Fichiers CSV : gradebook.csv (même contenu que « Synthèse ») et grades_long.csv (un item "
       "par ligne, avec les éléments attendus manquants : vue formateur). Séparateur « ; », "
       "encodage UTF-8, point décimal (13.5) pour les outils d'analyse. Colonnes de "
       "gradebook.csv : trainee (stagiaire), case (cas), exercise (exercice), note_20 (note sur "
       "20), un code de compétence par colonne (statut), a_verifier (items à vérifier), error "
       "(raison de l'erreur)."),
    N_("Corrections : modifiez overrides.csv (colonnes trainee;exercise;item;points;status;"
       "comment) puis relancez qsecase grade ; ce fichier n'est jamais réécrit par qsecase."),
)
"""The « Lisez-moi » sheet, line by line (French msgids; the status legend is inserted)."""


def _readme(lang: str) -> list[str]:
    _ = translator(lang)
    lines: list[str] = []
    for line in _README:
        if line == _STATUSES_LINE:
            lines.extend(f"    {status_text(s, lang)}" for s in SYMBOLS)
        else:
            lines.append(_(line) if line else "")
    return lines


def tint(colour: str, white: float = 0.6) -> str:
    """``#RRGGBB`` mixed with white: a light background where black text contrasts ≥ 4.5:1."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * white):02X}" for c in rgb)


def _sheet(wb: Any, title: str, header: Sequence[str], rows: Sequence[Sequence[object]],
           statuses: range | None = None) -> Any:
    """A formatted sheet: bold frozen header, autofilter, widths, status fills."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from qsecase.views.palette import STATUS_STYLE

    ws = wb.create_sheet(title[:31])
    ws.append(list(header))
    for row in rows:
        ws.append(["" if v is None else v for v in row])
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            if isinstance(cell.value, float):
                cell.number_format = "0.0"
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for n, column in enumerate(ws.iter_cols(), start=1):
        width = max(len(str(c.value or "")) for c in column[1:] or column)
        ws.column_dimensions[get_column_letter(n)].width = min(60, max(10, width + 2))
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions
    if statuses and ws.max_row > 1:
        first = get_column_letter(statuses.start + 1)
        area = f"{first}2:{get_column_letter(statuses.stop)}{ws.max_row}"
        for status, style in STATUS_STYLE.items():
            fill = PatternFill(fill_type="solid", bgColor="FF" + tint(style.colour)[1:])
            ws.conditional_formatting.add(area, FormulaRule(
                formula=[f'LEFT({first}2,1)="{SYMBOLS[status]}"'], fill=fill,
                font=Font(color="FF000000")))
    return ws


def workbook_bytes(results: Sequence[SubmissionResult], reviews: Reviews | None = None,
                   lang: str | None = None) -> bytes:
    """``gradebook.xlsx``: « Synthèse », one sheet per exercise, « Critères », « Lisez-moi »
    (in ``lang``, by default the language the copies were graded in)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    lang = lang or results_lang(results)
    _ = translator(lang)
    wb = Workbook()
    wb.remove(wb.active)
    rows = wide_table(results, reviews)[1]
    codes = criterion_codes(results)
    n = len(codes)
    rows = [[*row[:4], *(status_text(s, lang) for s in row[4 : 4 + n]), *row[4 + n :]]
            for row in rows]
    _sheet(wb, _("Synthèse"), [_("Stagiaire"), _("Cas"), _("Exercice"), _("Note /20"), *codes,
                               _("À vérifier"), _("Erreur")], rows, range(4, 4 + n))
    for exercise in dict.fromkeys(r.exercise for r in ordered(results)):
        mine = [r for r in ordered(results) if r.exercise == exercise]
        items = {i.item: i for r in mine if r.grade for i in r.grade.items}
        body: list[list[object]] = []
        for r in mine:
            g = r.grade if not r.error else None
            got = {i.item: i.points for i in g.items} if g else {}
            body.append([r.trainee, g.note_20 if g else None, *(got.get(k) for k in items),
                         g.pending if g else None, r.error])
        _sheet(wb, exercise, [_("Stagiaire"), _("Note /20"), *(
            f"{i.label} ({k}, /{_number(i.max_points)})" for k, i in items.items()),
            _("À vérifier"), _("Erreur")], body)
    trainees: dict[str, dict[str, str]] = {}
    rank = {s: n for n, s in enumerate(("à vérifier", "non acquis", "partiellement acquis"))}
    for r in ordered(results):
        seen = trainees.setdefault(r.trainee, {})
        for code, status in (final_criteria(r, reviews) if r.grade else {}).items():
            if rank.get(status, 9) < rank.get(seen.get(code, ""), 9) or code not in seen:
                seen[code] = status
    _sheet(wb, _("Critères"), [_("Stagiaire"), *(f"{c} {_(competence_title(c))}" for c in codes)],
           [[t, *(status_text(s.get(c, ""), lang) for c in codes)] for t, s in trainees.items()],
           range(1, 1 + n))
    ws = wb.create_sheet(_("Lisez-moi"))
    ws.column_dimensions["A"].width = 110
    for line in _readme(lang):
        ws.append([line])
        ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def summary_table(results: Sequence[SubmissionResult], reviews: Reviews | None = None,
                  lang: str | None = None) -> str:
    """A plain-text table of the cohort for the terminal (``qsecase demo``).

    One line per trainee × exercise: mark out of 20 (« — » when not graded), the symbol of each
    criterion's status, « provisoire » while items are « à vérifier »; then every error in full.
    In ``lang`` (default: the language the copies were graded in); the errors stay French.
    """
    lang = lang or results_lang(results)
    _ = translator(lang)
    header = [_("Stagiaire"), _("Exercice"), _("Note /20"), _("Critères"), _("État")]
    lines = [header]
    for r in ordered(results):
        if r.grade is None or r.error:
            lines.append([r.trainee, r.exercise, "—", "", _("erreur (voir ci-dessous)")])
            continue
        crit = final_criteria(r, reviews)
        state = (_("provisoire ({n} à vérifier)", n=r.grade.pending) if r.grade.pending
                 else _("définitive"))
        lines.append([r.trainee, r.exercise, mark(r.grade.note_20, lang),
                      "  ".join(f"{c} {SYMBOLS.get(s, '')}" for c, s in crit.items()), state])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
            for line in lines]
    text.insert(1, "  ".join("─" * w for w in widths))
    text.append(_("Légende : {statuses}",
                  statuses=" · ".join(status_text(s, lang) for s in SYMBOLS)))
    failed = [r for r in ordered(results) if r.grade is None or r.error]
    if failed:
        text.append("\n" + _("Copies non corrigées :"))
        text.extend("  ✖ " + _("{trainee} : {error}", trainee=r.trainee or _("(sans stagiaire)"),
                               error=" ".join(r.error.split())) for r in failed)
    return "\n".join(text)
