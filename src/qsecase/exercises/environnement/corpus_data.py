"""The inputs of the environmental exercise, read from a case's corpus. Pure (no widgets, no files).

* :func:`flow_table`: the monthly flows of the site (:data:`FLOWS`): its months and, per numeric
  column, its series month → value;
* :func:`waste_tickets`: the removal notes and weighing tickets of the waste (:data:`WASTE_TICKETS`);
* :func:`actions`: the actions of the environmental plan (facts ``[PE1]``…, with their date, indicator
  and objective, from the plan's table of the text :data:`TEXT`);
* :func:`activities`: the activities the analysis must cover, as the text lists them;
* :func:`significance_threshold`: the organisation's significance threshold (G × F), 8 by default;
* :func:`received`: the months of each datum of a collection plan already in the flow table.

Every missing table or column raises a :class:`~qsecase.errors.QsecaseError` in French that names it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qsecase.case_model import Case
from qsecase.errors import QsecaseError
from qsecase.exercises.corpus_tables import is_empty, monthly_series, table_rows

__all__ = ["ACTIVITY_COLUMNS", "BALANCE_IN", "BALANCE_OUT", "DEFAULT_THRESHOLD", "ENERGY", "EXERCISE",
           "FLOWS", "PERIOD", "PURCHASES", "REFRIGERANTS", "TEXT", "WASTE_TICKETS", "EnvAction", "actions",
           "activities", "column_label", "column_unit", "flow_table", "received", "significance_threshold",
           "waste_tickets"]

EXERCISE = "environnement"
TEXT = "environnement"
"""The text of the exercise: who holds the data, activities, action plan, observations, rules."""
ENERGY = "factures-energie"
REFRIGERANTS = "fluides-frigorigenes"
PURCHASES = "achats-transport"
WASTE_TICKETS = "dechets-tickets"
"""Removal notes (BE…) and weighing tickets (TP…) of the waste, one per row."""
FLOWS = "flux-mensuels"
"""The monthly flows of the site: a month per row (« AAAA-MM »), a flow or an activity per column."""
PERIOD = "mois"
ACTIVITY_COLUMNS: tuple[str, ...] = ("pieces_usinees", "tonnes_expediees")
"""Columns of :data:`FLOWS` that measure the activity (what a flow is normalised by)."""
BALANCE_IN: tuple[str, ...] = ("fonte_achetee_t",)
BALANCE_OUT: tuple[str, ...] = ("tonnes_expediees", "copeaux_t")
"""Columns of :data:`FLOWS` that enter and leave the site's material balance (its Sankey diagram)."""
DEFAULT_THRESHOLD = 8
WASTE_COLUMNS: tuple[str, ...] = ("id", "date", "dechet", "quantite", "unite")

_THRESHOLD = re.compile(r"significatif\w*\s+si\s+sa\s+criticit\w+[^.]*?(?:atteint|≥|d'au moins|"
                        r"supérieure ou égale à)\s*(\d{1,2})", re.IGNORECASE)
_ACTIVITIES = re.compile(r"activités suivantes\s*:\s*([^.]+)\.", re.IGNORECASE)
_PLAN_ROW = re.compile(r"^\|\s*(PE\d+)\s+([^|]+?)\s*\|\s*([^|]*?)\s*\|\s*(\d{1,2}/\d{1,2}/\d{4})\s*\|"
                       r"\s*([^|]*?)\s*\|\s*([^|]*?)\s*\|", re.MULTILINE)
_ACTION_ID = re.compile(r"^PE\d+$")
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
_UNIT = re.compile(r"\(([^)]+)\)\s*$")
_UNIT_WORDS = {"tonnes": "t", "litres": "L", "kilogrammes": "kg", "kwh": "kWh"}


def _missing_table(case: Case, table: str, columns: Sequence[str]) -> QsecaseError:
    return QsecaseError(f"le cas « {case.id} » n'a pas de tableau « {table} » : il est nécessaire à "
                        f"l'exercice « {EXERCISE} » — ajoutez-le à case.yaml avec les colonnes "
                        f"{', '.join(columns)}")


def _rows(case: Case, table: str, columns: Sequence[str]) -> list[dict[str, Any]]:
    return table_rows(case, table, columns, EXERCISE)


def _text(case: Case) -> str:
    if TEXT not in case.texts:
        raise QsecaseError(f"le cas « {case.id} » n'a pas de texte « {TEXT} » : il est nécessaire à "
                           f"l'exercice « {EXERCISE} » — ajoutez-le à case.yaml (document de type texte)")
    return case.texts[TEXT]


def flow_table(case: Case) -> tuple[list[str], dict[str, dict[str, float | None]]]:
    """The months of the flow table and, per numeric column, its series month → value."""
    return monthly_series(case, FLOWS, PERIOD, EXERCISE)


def column_label(case: Case, column: str) -> str:
    """The short label of a column of the flow table (« Eau (m³) »), its name without one."""
    try:
        doc = case.spec.document(FLOWS)
    except KeyError:
        return column
    return next((c.libelle or c.nom for c in doc.colonnes if c.nom == column), column)


def column_unit(case: Case, column: str) -> str:
    """The unit written in brackets at the end of a column's label (« Eau (m³) » → « m³ »), or the
    unit its label starts with (« Tonnes expédiées » → « t »), or ""."""
    label = column_label(case, column)
    match = _UNIT.search(label)
    if match:
        return match.group(1).strip()
    return _UNIT_WORDS.get(label.split()[0].casefold(), "") if label.split() else ""


def waste_tickets(case: Case) -> list[dict[str, Any]]:
    """The removal notes and weighing tickets of the waste, in the order of the table.

    Raises:
        QsecaseError: The table or one of its columns ``id``, ``date``, ``dechet``, ``quantite``,
            ``unite`` is missing.
    """
    return [dict(r) for r in _rows(case, WASTE_TICKETS, WASTE_COLUMNS) if not is_empty(r.get("id"))]


@dataclass(frozen=True)
class EnvAction:
    """An action of the environmental plan: when it was done, what measures it and its objective."""

    id: str
    titre: str
    texte: str = ""
    pilote: str = ""
    date: dt.date | None = None
    indicateur: str = ""
    objectif_pct: float | None = None
    """The improvement aimed at, in % (10 for « − 10 % »)."""

    @property
    def mois(self) -> str:
        """The month of the action, « AAAA-MM » (empty when its date is unknown)."""
        return f"{self.date:%Y-%m}" if self.date else ""


def _percent(text: str) -> float | None:
    match = _PERCENT.search(text)
    return float(match.group(1).replace(",", ".")) if match else None


def actions(case: Case) -> list[EnvAction]:
    """The actions of the environmental plan: the facts ``[PE1]``… of the text, completed by the row of
    the plan's table (« | PE1 title | pilot | 20/02/2026 | indicator | − 10 % | ») when there is one.

    Raises:
        QsecaseError: The text is missing or has no action.
    """
    text = _text(case)
    rows = {m.group(1): m for m in _PLAN_ROW.finditer(text)}
    facts = {f.id: f.text for f in case.facts.values() if f.document == TEXT and _ACTION_ID.match(f.id)}
    ids = list(dict.fromkeys([*rows, *facts]))
    if not ids:
        raise QsecaseError(f"cas « {case.id} », texte « {TEXT} » : aucune action du plan environnement "
                           "(faits [PE1], [PE2]…) — ajoutez-les au texte")
    out = []
    for ident in ids:
        row, fact = rows.get(ident), facts.get(ident, "")
        if row is None:
            out.append(EnvAction(ident, fact[:80], fact, objectif_pct=_percent(fact)))
            continue
        day, month, year = (int(x) for x in row.group(4).split("/"))
        out.append(EnvAction(ident, row.group(2).strip(), fact, row.group(3).strip(),
                             dt.date(year, month, day), row.group(5).strip(), _percent(row.group(6))))
    return out


def activities(case: Case) -> list[str]:
    """The activities the analysis must cover, as listed by the text (« … porte sur les activités
    suivantes : usinage ; lavage des pièces ; … »); empty when the text lists none."""
    match = _ACTIVITIES.search(" ".join(_text(case).split()))
    if match is None:
        return []
    return [a.strip() for a in match.group(1).split(";") if a.strip()]


def significance_threshold(case: Case) -> int:
    """The criticity G × F from which an aspect is significant, as the case's text declares it
    (« significatif si sa criticité G × F atteint 8 »), else :data:`DEFAULT_THRESHOLD`."""
    match = _THRESHOLD.search(" ".join(case.texts.get(TEXT, "").split()))
    value = int(match.group(1)) if match else DEFAULT_THRESHOLD
    return value if 1 <= value <= 16 else DEFAULT_THRESHOLD


def received(case: Case, data: Sequence[str]) -> dict[str, set[str]]:
    """For each datum of a collection plan that names a column of the flow table (« consommation
    d'électricité » → « Électricité (kWh) »), the months that column already holds.

    A datum that names no column is left out: nothing of it is known to be received.
    """
    from qsecase.grading.matching import THRESHOLD, phrase_in

    try:
        periods, table = flow_table(case)
    except QsecaseError:
        return {}
    wordings = {_UNIT.sub("", column_label(case, c)).strip(): c for c in table}
    out: dict[str, set[str]] = {}
    for datum in data:
        score, wording = max(((phrase_in(w, datum), w) for w in wordings), default=(0.0, ""))
        if wording and score >= THRESHOLD:
            column = table[wordings[wording]]
            out[datum] = {p for p in periods if column.get(p) is not None}
    return out
