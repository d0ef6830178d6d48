"""The DUERP inputs of a case: its rating grid, its work units and its previous version. Pure.

The previous version is a table of the corpus (one row per work situation, columns named as the
fields of :class:`~qsecase.methods.duerp.Situation`); every row is validated against the model and
the organisation's grid, and a bad row is a :class:`~qsecase.errors.CaseError` naming the file,
the line and the column. Nothing is repaired silently.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from pydantic import ValidationError

from qsecase.case_model import Case, DuerpSettings
from qsecase.errors import CaseError, Problem, QsecaseError
from qsecase.io.yamlfile import pydantic_problems
from qsecase.methods.duerp import DuerpScale, Situation
from qsecase.methods.duerp_update import DuerpVersion, fingerprint

__all__ = ["previous_version", "scale", "settings", "units"]

_FIELDS = tuple(Situation.model_fields)


def settings(case: Case) -> DuerpSettings:
    if case.spec.duerp is None:
        raise QsecaseError(f"le cas « {case.id} » ne décrit pas son DUERP : ajoutez à case.yaml la "
                           "section « duerp » (grille de cotation et version précédente)")
    return case.spec.duerp


def scale(case: Case) -> DuerpScale:
    return settings(case).cotation


def units(case: Case) -> list[str]:
    """The ids of the case's work units, in the order of ``case.yaml``."""
    return [u.id for u in case.spec.organisation.unites_travail]


def _situation(row: dict[str, Any], file: str, line: int, grid: DuerpScale,
               known_units: set[str]) -> tuple[Situation | None, list[Problem]]:
    data = {k: v for k, v in row.items() if k in _FIELDS and v not in (None, "")}
    try:
        situation = Situation.model_validate(data)
    except ValidationError as exc:
        return None, [dataclasses.replace(p, line=line, fix="corrigez la valeur dans le tableau "
                                          "de la version précédente")
                      for p in pydantic_problems(exc, file, {})]
    problems = []
    for axis in ("g", "f", "m"):
        message = grid.rating_problem(axis, getattr(situation, axis))  # type: ignore[arg-type]
        if message:
            problems.append(Problem(file, message, line=line, field=axis,
                                    fix="cotez selon la grille de « duerp.cotation » (case.yaml)"))
    if situation.unite not in known_units:
        problems.append(Problem(file, f"unité de travail « {situation.unite} » inconnue", line=line,
                                field="unite", fix="utilisez un id de « unites_travail »"))
    return situation, problems


def previous_version(case: Case) -> DuerpVersion:
    """The previous version of the DUERP, validated row by row (all problems at once)."""
    conf = settings(case)
    prev = conf.version_precedente
    doc = case.spec.document(prev.document)
    rows = case.tables.get(prev.document)
    if rows is None:
        raise QsecaseError(f"cas « {case.id} » : le document « {prev.document} » de la version "
                           "précédente du DUERP doit être un tableau (CSV)")
    situations: list[Situation] = []
    problems: list[Problem] = []
    known = set(units(case))
    first_line: dict[str, int] = {}
    for n, row in enumerate(rows):
        line = case.row_line(prev.document, n)
        situation, found = _situation(row, doc.fichier, line, conf.cotation, known)
        problems.extend(found)
        if situation is None:
            continue
        if situation.id in first_line:
            problems.append(Problem(doc.fichier, f"repère {situation.id} en double (déjà ligne "
                                    f"{first_line[situation.id]})", line=line, field="id",
                                    fix="chaque situation a son propre repère"))
        else:
            first_line[situation.id] = line
        situations.append(situation)
    if problems:
        raise CaseError(problems)
    version = DuerpVersion(numero=prev.numero, date=dt.datetime.combine(prev.date, dt.time(0, 0)),
                           auteur=prev.auteur, motif=prev.motif, situations=situations)
    version.empreinte = fingerprint(version)
    return version
