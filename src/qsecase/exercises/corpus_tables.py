"""Reading the corpus tables an exercise computes from: required columns, empty cells, monthly
series. Pure; every missing table or column is a French error naming the case, the table and the
exercise that needs it."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from qsecase.case_model import Case
from qsecase.errors import QsecaseError

__all__ = ["is_empty", "month", "monthly_series", "table_rows"]


def table_rows(case: Case, table: str, columns: Sequence[str], exercise: str) -> list[dict[str, Any]]:
    """The rows of ``table``, after checking that it exists and has ``columns``."""
    if table not in case.tables:
        raise QsecaseError(f"le cas « {case.id} » n'a pas de tableau « {table} » : il est "
                           f"nécessaire à l'exercice « {exercise} » — ajoutez-le à case.yaml avec "
                           f"les colonnes {', '.join(columns)}")
    have = set(case.columns(table))
    missing = [c for c in columns if c not in have]
    if missing:
        raise QsecaseError(f"cas « {case.id} », tableau « {table} » : colonne"
                           f"{'s' if len(missing) > 1 else ''} « {', '.join(missing)} » "
                           f"absente{'s' if len(missing) > 1 else ''} — colonnes attendues : "
                           f"{', '.join(columns)}")
    return case.tables[table]


def is_empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def month(value: Any) -> str:
    """A month as « AAAA-MM » (a date, or a text kept as written)."""
    return f"{value:%Y-%m}" if isinstance(value, dt.date) else str(value).strip()


def monthly_series(case: Case, table: str, period: str,
                   exercise: str) -> tuple[list[str], dict[str, dict[str, float | None]]]:
    """The months of a table with a row per month and, per numeric column, its series.

    Returns:
        ``(periods, {column: {period: value}})``; a missing datum is ``None``.

    Raises:
        QsecaseError: The table, its month column or any numeric column is missing.
    """
    rows = table_rows(case, table, (period,), exercise)
    columns = case.columns(table, "nombre", "entier")
    if not columns:
        raise QsecaseError(f"cas « {case.id} », tableau « {table} » : aucune colonne de type "
                           "« nombre » — déclarez le type de ses colonnes dans case.yaml")
    periods = [month(r[period]) for r in rows if not is_empty(r.get(period))]
    data: dict[str, dict[str, float | None]] = {c: {} for c in columns}
    for row in rows:
        if is_empty(row.get(period)):
            continue
        for column in columns:
            value = row.get(column)
            data[column][month(row[period])] = None if value is None or is_empty(value) else float(value)
    return periods, data
