"""The DUERP as an Excel workbook, in the layout French companies use, and read back.

Sheets: « Synthèse » (situations per work unit and priority, then the most urgent risks), one
sheet per work unit (named by its id), « Programme d'actions » (PAPRIPACT columns), « Facteurs
RPS », « Historique des versions » and « Grille de cotation ». Priorities are written as a symbol,
a code and the organisation's word, the fill being only a help. Criticités and priorities are
computed at export: they are not formulas and are ignored when the workbook is read back.

:func:`read_duerp_workbook` reads the work-unit sheets back into situations (the other sheets are
outputs); a bad cell is an :class:`~qsecase.errors.AnswersError` naming the sheet, the row and the
column. A measure is one line of its cell: a measure holding « | » or « • » is read as several.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from qsecase.case_model import WorkUnit
from qsecase.errors import AnswersError, Problem
from qsecase.io.yamlfile import pydantic_problems
from qsecase.methods.duerp import FAMILIES, METHODS, DuerpScale, Rating, Situation, rank
from qsecase.methods.duerp_update import VersionInfo
from qsecase.methods.papripact import PAPRIPACT_HEADCOUNT, PreventionAction
from qsecase.methods.rps import FAMILIES as RPS_FAMILIES
from qsecase.methods.rps import FREQUENCIES, SEVERITIES, RpsFactor, coverage, factor_priority
from qsecase.views.duerp_heatmap import NOT_REVIEWED_STYLE, priority_fill, priority_text
from qsecase.views.duerp_html import ACTION_TYPE_SHORT, programme_title
from qsecase.views.palette import fr_number
from qsecase.views.worksheet import keep_text, lay_out_table

__all__ = ["ACTION_COLUMNS", "FIXED_SHEETS", "UNIT_COLUMNS", "duerp_workbook", "read_duerp_workbook"]

#: (header, width, Situation field or "" for computed columns) of a work-unit sheet.
UNIT_COLUMNS: tuple[tuple[str, float, str], ...] = (
    ("Repère", 10, "id"), ("Situation de travail", 30, "situation"),
    ("Fonctionnement", 14, "fonctionnement"), ("Famille de risque", 24, "famille"),
    ("Danger", 24, "danger"), ("Dommage", 22, "dommage"),
    ("Mesures existantes (une par ligne)", 36, "mesures"), ("G", 5, "g"), ("F", 5, "f"),
    ("M", 5, "m"), ("Criticité brute", 10, ""), ("Criticité résiduelle", 11, ""),
    ("Priorité", 24, ""), ("Méthode", 11, "methode"),
    ("Handicap : risques et adaptations", 30, "handicap"), ("Exposés", 9, "exposes"),
)
#: (header, width) of the « Programme d'actions » sheet (PAPRIPACT, C. trav. L4121-3-1).
ACTION_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Repère", 9), ("Mesure", 40), ("Type", 22), ("Situations traitées", 18), ("Responsable", 18),
    ("Échéance", 12), ("Coût estimé (€)", 13), ("Ressources", 26), ("Indicateur", 30),
)
_RPS_COLUMNS = (("Unité de travail", 14), ("Famille de facteurs", 28), ("Fréquence", 16),
                ("Gravité", 16), ("F × G", 8), ("Priorité", 24), ("Constats", 40), ("Sources", 16),
                ("Méthode", 14))
_HISTORY_COLUMNS = (("Numéro", 9), ("Date", 17), ("Auteur", 22), ("Motif", 44), ("Situations", 11),
                    ("Empreinte SHA-256", 70))
_SYNTHESIS, _PROGRAMME, _RPS, _HISTORY, _GRID = ("Synthèse", "Programme d'actions", "Facteurs RPS",
                                                 "Historique des versions", "Grille de cotation")
FIXED_SHEETS = (_SYNTHESIS, _PROGRAMME, _RPS, _HISTORY, _GRID)
"""Sheets that are not work-unit sheets."""
_HEAD = 4  # row of the column headers on every table sheet
_UNIT_CELL = (2, 2)  # (row, column) of the work unit's id on a work-unit sheet
_TOP_MIN = 20  # « Synthèse » lists at least this many risks (and every first-priority one)
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


# --- writing --------------------------------------------------------------------------------------
def _append(ws: Any, values: Sequence[Any]) -> None:
    ws.append(list(values))


def _title(ws: Any, text: str, notes: Sequence[str] = ()) -> None:
    from openpyxl.styles import Font

    ws["A1"] = text
    ws["A1"].font = Font(bold=True, size=14)
    for n, note in enumerate(notes, 2):
        ws.cell(n, 1, note)


def _fill_priority(cell: Any, scale: DuerpScale, priorite: int) -> None:
    from openpyxl.styles import PatternFill

    cell.value = priority_text(scale, priorite)
    cell.fill = PatternFill(fill_type="solid", fgColor="FF" + priority_fill(scale, priorite).lstrip("#"))


def _header(ws: Any, headers: Sequence[str]) -> None:
    for n, header in enumerate(headers, 1):
        ws.cell(_HEAD, n, header)


def _sheet_title(uid: str, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters) for a work unit id."""
    base = _BAD_TITLE.sub("-", uid).strip("'")[:31] or "Unité"
    title, n = base, 1
    while title.casefold() in taken:
        n += 1
        title = f"{base[:31 - len(str(n)) - 1]}~{n}"
    taken.add(title.casefold())
    return title


def _unit_sheet(ws: Any, org_name: str, uid: str, unit: WorkUnit | None,
                rated: Sequence[tuple[Situation, Rating]], scale: DuerpScale) -> None:
    name = unit.nom if unit else "unité inconnue de l'organisation"
    _title(ws, f"{org_name} — DUERP — unité de travail {uid} : {name}")
    for col, value in enumerate(("Unité de travail", uid, "Effectif", unit.effectif if unit else None), 1):
        ws.cell(2, col, value)
    ws.cell(3, 1, "Criticité brute = G × F ; résiduelle = brute × coefficient de maîtrise M ; priorité "
            "selon les seuils de l'organisation (symbole et mot : la couleur n'est qu'une aide). "
            "Criticités et priorités sont calculées à l'export et ne se recalculent pas ici.")
    _header(ws, [c[0] for c in UNIT_COLUMNS])
    for s, r in rated:
        _append(ws, [s.id, s.situation, s.fonctionnement, FAMILIES[s.famille], s.danger, s.dommage,
                     "\n".join(s.mesures), s.g, s.f, s.m, r.brute, r.residuelle, "", s.methode,
                     s.handicap, s.exposes])
        _fill_priority(ws.cell(ws.max_row, 13), scale, r.priorite)
    lay_out_table(ws, _HEAD, [c[1] for c in UNIT_COLUMNS], freeze_column="C")


def _synthesis_sheet(ws: Any, org_name: str, units: Sequence[WorkUnit],
                     ranked: Sequence[tuple[Situation, Rating]], scale: DuerpScale) -> None:
    from openpyxl.styles import Alignment, Font

    ws.title = _SYNTHESIS
    _title(ws, f"{org_name} — Document unique d'évaluation des risques professionnels",
           [f"{len(ranked)} situations évaluées dans {len(units)} unités de travail ; priorité "
            "selon la criticité résiduelle et les seuils de l'organisation."])
    counts: Counter[tuple[str, int]] = Counter((s.unite, r.priorite) for s, r in ranked)
    order = [u.id for u in units] + sorted({s.unite for s, _ in ranked} - {u.id for u in units})
    names = {u.id: u for u in units}
    _header(ws, ["Unité de travail", "Nom", "Effectif", *(priority_text(scale, t.priorite)
                                                           for t in scale.seuils), "Total"])
    for uid in order:
        unit = names.get(uid)
        per = [counts[(uid, t.priorite)] for t in scale.seuils]
        _append(ws, [uid, unit.nom if unit else "(unité inconnue)", unit.effectif if unit else None,
                     *per, sum(per)])
    lay_out_table(ws, _HEAD, [16, 36, 10, *([20] * len(scale.seuils)), 9], freeze_column="B")
    _append(ws, ["Total", "", sum(u.effectif for u in units),
                 *(sum(counts[(u, t.priorite)] for u in order) for t in scale.seuils), len(ranked)])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    first = sum(1 for _, r in ranked if r.priorite == 1)
    top = ranked[:max(_TOP_MIN, first)]
    ws.append([])
    _append(ws, [f"Risques les plus prioritaires ({len(top)} sur {len(ranked)})"])
    ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
    _append(ws, ["Repère", "Situation de travail", "Unité", "Famille de risque", "Criticité résiduelle",
                 "Priorité"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for s, r in top:
        _append(ws, [s.id, s.situation, s.unite, FAMILIES[s.famille], r.residuelle, ""])
        _fill_priority(ws.cell(ws.max_row, 6), scale, r.priorite)
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _programme_sheet(ws: Any, org_name: str, actions: Sequence[PreventionAction], headcount: int) -> None:
    costs = [a.cout for a in actions if a.cout is not None]
    rule = ("50 salariés et plus : programme annuel de prévention (C. trav. L4121-3-1)"
            if headcount >= PAPRIPACT_HEADCOUNT else
            "moins de 50 salariés : liste des actions consignée dans le document unique")
    _title(ws, f"{org_name} — {programme_title(headcount)}",
           [f"Effectif : {headcount} salariés ({rule}).",
            f"Coût total estimé : {fr_number(sum(costs), 2)} € (actions chiffrées : {len(costs)} sur "
            f"{len(actions)})."])
    _header(ws, [c[0] for c in ACTION_COLUMNS])
    for a in actions:
        _append(ws, [a.id, a.mesure, ACTION_TYPE_SHORT[a.type], "\n".join(a.risques), a.responsable,
                     a.echeance, a.cout, a.ressources, a.indicateur])
        ws.cell(ws.max_row, 6).number_format = "DD/MM/YYYY"
        ws.cell(ws.max_row, 7).number_format = "#,##0.00"
    lay_out_table(ws, _HEAD, [c[1] for c in ACTION_COLUMNS], freeze_column="C")


def _rps_sheet(ws: Any, org_name: str, factors: Sequence[RpsFactor], units: Sequence[WorkUnit],
               scale: DuerpScale) -> None:
    _title(ws, f"{org_name} — facteurs de risques psychosociaux par unité de travail",
           ["Six familles de facteurs (rapport Gollac, 2011) ; fréquence 0 (absent) à 4 (en permanence), "
            "gravité 1 (faible) à 4 (très forte) ; priorité selon les seuils du DUERP sur F × G.",
            f"« {NOT_REVIEWED_STYLE.text} » : famille à évaluer pour l'unité."])
    _header(ws, [c[0] for c in _RPS_COLUMNS])
    known = {u.id for u in units}
    table = coverage(factors, [u.id for u in units])
    rows: list[tuple[str, str, RpsFactor | None]] = [
        (uid, family, factor) for uid, row in table.items() for family, factor in row.items()]
    rows += [(f.unite, f.famille, f) for f in factors if f.unite not in known]
    for uid, family, factor in rows:
        if factor is None:
            _append(ws, [uid, RPS_FAMILIES[family], NOT_REVIEWED_STYLE.text])
            continue
        prio = factor_priority(factor, scale)
        value = factor.frequence * factor.gravite if factor.gravite is not None else 0
        _append(ws, [uid, RPS_FAMILIES[family], f"{factor.frequence} — {FREQUENCIES[factor.frequence]}",
                     "" if factor.gravite is None else f"{factor.gravite} — {SEVERITIES[factor.gravite]}",
                     value, "— absent" if prio is None else "", factor.constats,
                     ", ".join(factor.sources), factor.methode])
        if prio is not None:
            _fill_priority(ws.cell(ws.max_row, 6), scale, prio)
    lay_out_table(ws, _HEAD, [c[1] for c in _RPS_COLUMNS], freeze_column="C")


def _history_sheet(ws: Any, org_name: str, versions: Sequence[VersionInfo]) -> None:
    _title(ws, f"{org_name} — historique des versions du document unique",
           ["Chaque version est conservée 40 ans (C. trav. R4121-4) ; son empreinte SHA-256 prouve "
            "que son contenu n'a pas changé."])
    _header(ws, [c[0] for c in _HISTORY_COLUMNS])
    for v in sorted(versions, key=lambda v: v.numero):
        _append(ws, [v.numero, v.date.replace(tzinfo=None), v.auteur, v.motif, v.situations, v.empreinte])
        ws.cell(ws.max_row, 2).number_format = "DD/MM/YYYY HH:MM"
    lay_out_table(ws, _HEAD, [c[1] for c in _HISTORY_COLUMNS], freeze_column="B")


def _grid_sheet(ws: Any, scale: DuerpScale) -> None:
    from openpyxl.styles import Alignment, Font

    formula = "Criticité brute = G × F" + (" ; résiduelle = brute × coefficient de maîtrise M."
                                           if scale.maitrise else ".")
    _title(ws, "Grille de cotation de l'organisation",
           [formula, *([f"Origine : {scale.source}"] if scale.source else [])])
    blocks: list[tuple[str, list[str], list[list[Any]]]] = [
        ("Gravité G", ["Niveau", "Libellé", "Description"],
         [[lv.valeur, lv.libelle, lv.description] for lv in scale.gravite]),
        ("Fréquence F", ["Niveau", "Libellé", "Description"],
         [[lv.valeur, lv.libelle, lv.description] for lv in scale.frequence]),
    ]
    if scale.maitrise:
        blocks.append(("Maîtrise M (coefficient appliqué à la criticité brute)",
                       ["Niveau", "Libellé", "Description", "Coefficient"],
                       [[lv.valeur, lv.libelle, lv.description, lv.coefficient] for lv in scale.maitrise]))
    blocks.append(("Seuils de priorité (criticité résiduelle)", ["Priorité", "À partir de"],
                   [[priority_text(scale, t.priorite), t.minimum] for t in scale.seuils]))
    for title, headers, rows in blocks:
        ws.append([])
        _append(ws, [title])
        ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
        _append(ws, headers)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for row in rows:
            _append(ws, row)
    for n, width in enumerate((30, 28, 50, 12), 1):
        ws.column_dimensions[chr(64 + n)].width = width
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def duerp_workbook(org_name: str, units: Sequence[WorkUnit], situations: Sequence[Situation],
                   scale: DuerpScale, actions: Sequence[PreventionAction], versions: Sequence[VersionInfo],
                   factors: Sequence[RpsFactor], headcount: int) -> bytes:
    """The DUERP as an ``.xlsx`` file (write it with :func:`qsecase.io.atomic.atomic_write_bytes`).

    Work-unit sheets keep the order of ``situations``; units named by a situation but absent from
    ``units`` get a sheet too, so that no situation is lost.

    Args:
        org_name: Name of the organisation.
        units: Its work units (in the order of ``case.yaml``).
        situations: The situations of the DUERP.
        scale: The organisation's grid.
        actions: The programme of actions.
        versions: The recorded versions.
        factors: The psychosocial risk factors.
        headcount: The organisation's headcount (PAPRIPACT from 50).
    """
    from openpyxl import Workbook

    ranked = rank(situations, scale)
    ratings = {id(s): r for s, r in ranked}
    wb = Workbook()
    _synthesis_sheet(wb.active, org_name, units, ranked, scale)
    by_unit: dict[str, list[tuple[Situation, Rating]]] = {u.id: [] for u in units}
    for s in situations:
        by_unit.setdefault(s.unite, []).append((s, ratings[id(s)]))
    names = {u.id: u for u in units}
    taken = {t.casefold() for t in FIXED_SHEETS}
    for uid, rated in by_unit.items():
        _unit_sheet(wb.create_sheet(_sheet_title(uid, taken)), org_name, uid, names.get(uid), rated, scale)
    _programme_sheet(wb.create_sheet(_PROGRAMME), org_name, actions, headcount)
    _rps_sheet(wb.create_sheet(_RPS), org_name, factors, units, scale)
    _history_sheet(wb.create_sheet(_HISTORY), org_name, versions)
    _grid_sheet(wb.create_sheet(_GRID), scale)
    for ws in wb.worksheets:
        keep_text(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- reading --------------------------------------------------------------------------------------
_FIELD_HEADER = {field: header for header, _, field in UNIT_COLUMNS if field}
_FAMILY_BY_TEXT = {k.casefold(): k for k in FAMILIES} | {v.casefold(): k for k, v in FAMILIES.items()}
_METHOD_BY_TEXT = {k.casefold(): k for k in METHODS} | {v.casefold(): k for k, v in METHODS.items()}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _coded(value: str, table: dict[str, str], what: str, where: str, row: int, header: str,
           problems: list[Problem]) -> str:
    code = table.get(value.casefold())
    if code is None:
        examples = ", ".join(sorted(set(table.values()))[:4])
        problems.append(Problem(where, f"{what} inconnue « {value} »", line=row, field=header,
                                fix=f"choisissez une valeur de la liste ({examples}…)"))
        return value
    return code


def _read_unit_sheet(rows: list[tuple[Any, ...]], where: str, problems: list[Problem]) -> list[Situation]:
    header = [_text(v) for v in rows[_HEAD - 1]]
    columns: dict[str, int] = {}
    for title, _, field in UNIT_COLUMNS:
        if not field:
            continue
        if title not in header:
            problems.append(Problem(where, f"colonne « {title} » absente", line=_HEAD,
                                    fix="gardez les en-têtes de colonnes du classeur exporté"))
            continue
        columns[field] = header.index(title)
    if len(columns) < len(_FIELD_HEADER):
        return []
    unit = _text(rows[_UNIT_CELL[0] - 1][_UNIT_CELL[1] - 1] if len(rows[_UNIT_CELL[0] - 1]) >= 2 else None)
    if not unit:
        problems.append(Problem(where, "unité de travail absente", line=_UNIT_CELL[0], field="B2",
                                fix="écrivez l'id de l'unité de travail en B2"))
        return []
    found: list[Situation] = []
    for number, values in enumerate(rows[_HEAD:], _HEAD + 1):
        cells = {field: values[col] if col < len(values) else None for field, col in columns.items()}
        if all(_text(v) == "" for v in cells.values()):
            continue
        data: dict[str, Any] = {"unite": unit}
        for field, value in cells.items():
            text = _text(value)
            if text == "":
                continue
            if field == "famille":
                data[field] = _coded(text, _FAMILY_BY_TEXT, "famille de risque", where, number,
                                     _FIELD_HEADER[field], problems)
            elif field == "methode":
                data[field] = _coded(text, _METHOD_BY_TEXT, "méthode", where, number,
                                     _FIELD_HEADER[field], problems)
            else:
                data[field] = value.strip() if isinstance(value, str) else value
        try:
            found.append(Situation.model_validate(data))
        except ValidationError as exc:
            for p in pydantic_problems(exc, where, {}):
                problems.append(Problem(where, p.message, line=number,
                                        field=_FIELD_HEADER.get(p.field or "", p.field),
                                        fix="corrigez la cellule dans le classeur"))
    return found


def read_duerp_workbook(data: bytes) -> list[Situation]:
    """The situations of the work-unit sheets of a workbook made by :func:`duerp_workbook`.

    A work-unit sheet is one whose row 4 holds the DUERP column headers; its unit is in B2.
    Situations come in the order of the sheets, then of their rows; computed columns (criticités,
    priority) are ignored. Every problem of every sheet is reported at once.

    Raises:
        AnswersError: The file is not a workbook, has no work-unit sheet, or a cell is invalid
            (sheet, row and column named).
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise AnswersError.at("classeur DUERP", f"classeur Excel illisible ({type(exc).__name__})",
                              fix="enregistrez le fichier au format .xlsx") from None
    problems: list[Problem] = []
    situations: list[Situation] = []
    sheets = 0
    try:
        for ws in wb.worksheets:
            if ws.title in FIXED_SHEETS:
                continue
            rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
            first = rows[_HEAD - 1][0] if len(rows) >= _HEAD and rows[_HEAD - 1] else None
            if _text(first) != UNIT_COLUMNS[0][0]:
                continue
            sheets += 1
            situations += _read_unit_sheet(rows, f"classeur DUERP, feuille « {ws.title} »", problems)
    finally:
        wb.close()
    if not sheets:
        raise AnswersError.at("classeur DUERP", "aucune feuille d'unité de travail (en-têtes en ligne 4 : "
                              "Repère, Situation de travail…)", fix="repartez du classeur exporté")
    if problems:
        raise AnswersError(problems)
    return situations
