"""The inputs of the SST methods, read from a case's corpus tables. Pure (no widgets, no files).

* :func:`ppe_inputs`: PPE rules per station (``epi-regles``) and field observations
  (``observations-epi``) for :func:`~qsecase.methods.ppe.ppe_summary`;
* :func:`period_stats`: accidents with leave and days lost (``accidents``), hours worked and
  headcount (``heures``) per period, for :func:`~qsecase.methods.accident_rates.indicators`;
* :func:`plan_actions`: the actions of the organisation's SST plan (``plan-actions``: facts
  ``[PA1]``…), whose effectiveness the trainee judges;
* :func:`last_dates`: the last date of each obligation (``formations``, ``equipements``);
* :func:`register_lines`, :func:`register_issues`, :func:`computed_values`: the methods applied
  at the case's date, as the views, the forms and the grader use them.

Every missing table, column or value raises a :class:`~qsecase.errors.QsecaseError` in French
that names it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from qsecase.case_model import Case
from qsecase.errors import QsecaseError
from qsecase.exercises.corpus_tables import table_rows
from qsecase.methods.accident_rates import Indicator, PeriodStats, indicators
from qsecase.methods.base import Issue
from qsecase.methods.ppe import PpeObservation, PpeRequirement
from qsecase.methods.sst_register import RegisterEntry, RegisterLine, evaluate_register
from qsecase.methods.sst_register import register_issues as _register_issues
from qsecase.methods.text import fold
from qsecase.sst_rules import load_sst_rules

__all__ = ["ACCIDENTS", "HOURS", "PLAN", "PPE_OBSERVATIONS", "PPE_RULES", "computed_values",
           "known_sources", "last_dates", "period_bounds", "period_stats", "plan_actions",
           "ppe_inputs", "register_issues", "register_lines", "register_objects"]

PPE_RULES = "epi-regles"
PPE_OBSERVATIONS = "observations-epi"
ACCIDENTS = "accidents"
HOURS = "heures"
PLAN = "plan-actions"
_PLAN_ACTION = re.compile(r"^PA\d+$")
_MONTHS = {"jan": 1, "fev": 2, "mar": 3, "avr": 4, "mai": 5, "juin": 6, "juil": 7, "aou": 8,
           "sep": 9, "oct": 10, "nov": 11, "dec": 12}
_PERIOD = re.compile(r"^\s*(\d{4})\s*(?:\(\s*([^)–-]+?)\s*[–-]\s*([^)]+?)\s*\))?\s*$")


def _rows(case: Case, table: str, columns: Sequence[str]) -> list[dict[str, Any]]:
    return table_rows(case, table, columns, "sst-accident")


def _value(case: Case, table: str, n: int, row: dict[str, Any], column: str) -> Any:
    value = row.get(column)
    if value is None or value == "":
        raise QsecaseError(f"cas « {case.id} », tableau « {table} », ligne {n + 1} : la colonne "
                           f"« {column} » est vide — renseignez-la")
    return value


def _yes(value: Any) -> bool:
    return str(value).strip().casefold() in {"oui", "o", "yes", "vrai", "true", "1"}


def ppe_inputs(case: Case) -> tuple[list[PpeRequirement], list[PpeObservation]]:
    """The PPE required per station and the field observations of the case.

    Raises:
        QsecaseError: A table, a column or a required value is missing.
    """
    rules = _rows(case, PPE_RULES, ("poste", "epi"))
    requirements = [PpeRequirement(poste=_value(case, PPE_RULES, n, r, "poste"),
                                   epi=_value(case, PPE_RULES, n, r, "epi"),
                                   base=r.get("base") or "")
                    for n, r in enumerate(rules)]
    table = PPE_OBSERVATIONS
    rows = _rows(case, table, ("id", "date", "poste", "epi", "porte"))
    observations = []
    for n, r in enumerate(rows):
        visite = "inopinée" if str(r.get("visite") or "").startswith("inopin") else "planifiée"
        observations.append(PpeObservation(
            id=_value(case, table, n, r, "id"), date=_value(case, table, n, r, "date"),
            poste=_value(case, table, n, r, "poste"), epi=_value(case, table, n, r, "epi"),
            porte=_yes(_value(case, table, n, r, "porte")), visite=visite))
    return requirements, observations


def _month(word: str) -> int | None:
    folded = fold(word).strip(" .")
    for prefix, month in _MONTHS.items():
        if folded.startswith(prefix):
            return month
    return None


def period_bounds(label: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a period written « 2025 » or « 2026 (janv.–sept.) »; None otherwise."""
    m = _PERIOD.match(label)
    if not m:
        return None
    year = int(m.group(1))
    first, last = (1, 12) if m.group(2) is None else (_month(m.group(2)), _month(m.group(3)))
    if first is None or last is None or first > last:
        return None
    end = dt.date(year + 1, 1, 1) if last == 12 else dt.date(year, last + 1, 1)
    return dt.date(year, first, 1), end - dt.timedelta(days=1)


def period_stats(case: Case) -> dict[str, PeriodStats]:
    """Accidents with leave, days lost, hours and headcount per period of the ``heures`` table.

    An accident belongs to the period that contains its date; its days lost count in that period.
    Hours and accidents cover employees and temporary workers alike, so the headcount is the mean
    number of employees plus the temporary workers' full-time equivalent when the table gives it.

    Returns:
        ``{period label: PeriodStats}`` in the order of the table.

    Raises:
        QsecaseError: A table, a column or a value is missing, or a period label is not a year
            optionally followed by a month range (« 2026 (janv.–sept.) »).
    """
    hours = _rows(case, HOURS, ("periode", "heures_travaillees", "effectif_moyen"))
    accidents = _rows(case, ACCIDENTS, ("id", "date", "avec_arret", "jours_perdus"))
    stats: dict[str, PeriodStats] = {}
    for n, row in enumerate(hours):
        label = str(_value(case, HOURS, n, row, "periode")).strip()
        bounds = period_bounds(label)
        if bounds is None:
            raise QsecaseError(f"cas « {case.id} », tableau « {HOURS} », ligne {n + 1} : période "
                               f"« {label} » illisible — écrivez une année (« 2025 ») suivie si "
                               "besoin des mois (« 2026 (janv.–sept.) »)")
        counted = [a for i, a in enumerate(accidents)
                   if bounds[0] <= _value(case, ACCIDENTS, i, a, "date") <= bounds[1]
                   and _yes(a.get("avec_arret"))]
        headcount = float(_value(case, HOURS, n, row, "effectif_moyen"))
        headcount += float(row.get("interimaires_moyen") or 0)
        stats[label] = PeriodStats(
            label=label, accidents_with_leave=len(counted),
            days_lost=float(sum(a.get("jours_perdus") or 0 for a in counted)),
            hours=float(_value(case, HOURS, n, row, "heures_travaillees")), headcount=headcount)
    return stats


def plan_actions(case: Case) -> dict[str, str]:
    """``{"PA1": "Remplacer les niveleurs…", …}``: the actions of the organisation's SST plan."""
    return {f.id: f.text for f in case.facts.values()
            if f.document == PLAN and _PLAN_ACTION.match(f.id)}


def register_objects(case: Case) -> list[str]:
    """What a register line may be about: the staff's ids, then the equipment's ids."""
    objects: list[str] = []
    for table, column in (("personnel", "matricule"), ("equipements", "id")):
        objects += [str(r[column]) for r in case.tables.get(table, []) if r.get(column)]
    return list(dict.fromkeys(objects))


def last_dates(case: Case) -> dict[tuple[str, str], dt.date | None]:
    """``{(rule, object): last date}`` from the tables ``formations`` and ``equipements``.

    The date is None when the table has a line for the obligation but no date (never done).
    """
    dates: dict[tuple[str, str], dt.date | None] = {}
    for table, objet, column in (("formations", "matricule", "date_obtention"),
                                 ("equipements", "id", "derniere_verification")):
        for row in _rows(case, table, (objet, "regle", column)):
            dates[(str(row["regle"]), str(row[objet]))] = row.get(column)
    return dates


# --- the methods applied at the case's date --------------------------------------------------------


def register_lines(entries: Sequence[RegisterEntry], case: Case, *,
                   today: dt.date | None = None) -> list[RegisterLine]:
    """A register evaluated with the shipped rule catalogue at ``today`` (the case's date)."""
    return evaluate_register(entries, load_sst_rules(), today or case.spec.date_cas)


def register_issues(entries: Sequence[RegisterEntry], case: Case) -> list[Issue]:
    """A register's checks at the case's date (unknown rule, wrong due date, duplicates…)."""
    return _register_issues(entries, load_sst_rules(), today=case.spec.date_cas)


def computed_values(case: Case) -> dict[str, dict[Indicator, float]]:
    """``{period: {"TF": …, "TG": …, "IF": …}}`` from the tables ``accidents`` and ``heures``."""
    return {label: indicators(stats) for label, stats in period_stats(case).items()}


def known_sources(case: Case) -> set[str]:
    """What a fact of the cause tree may cite: the corpus's facts and documents."""
    return set(case.facts) | {d.id for d in case.spec.documents}
