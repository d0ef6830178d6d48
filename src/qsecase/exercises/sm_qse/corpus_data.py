"""The inputs of the QSE management-system exercise, read from a case's corpus tables. Pure (no
widgets, no files).

* :func:`watch_rows`: the organisation's watch register (:data:`WATCH`), one
  :class:`~qsecase.methods.reg_watch.WatchEntry` per row (columns named as its fields);
* :func:`documents`: the list of the organisation's documents (:data:`DOCUMENT_LIST`);
* :func:`indicator_table`: the monthly QSE indicators (:data:`INDICATORS`), one series per
  numeric column;
* :func:`lots`: the productions (« input lot → output lot ») and the shipments, for a recall.

Every missing table or column raises a :class:`~qsecase.errors.QsecaseError` in French that names
it; a row that is not a valid watch entry names its line and the problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from qsecase.case_model import Case
from qsecase.errors import QsecaseError
from qsecase.exercises.corpus_tables import is_empty, monthly_series, table_rows
from qsecase.methods.reg_watch import WatchEntry

__all__ = ["CLIENT", "DOCUMENT_LIST", "EXERCISE", "INDICATORS", "INPUT_LOT", "OUTPUT_LOT", "PERIOD",
           "PRODUCTIONS", "QUANTITY", "SHIPMENTS", "SHIPPED_LOT", "WATCH", "documents",
           "indicator_table", "lots", "watch_rows"]

EXERCISE = "sm-qse"
WATCH = "veille"
"""The organisation's watch register (one text per row)."""
DOCUMENT_LIST = "liste-documents"
"""The list of the organisation's documents (reference, title, version, people, review)."""
INDICATORS = "indicateurs-qse"
"""The monthly QSE indicators (a month per row, an indicator per numeric column)."""
PRODUCTIONS = "production-lots"
"""The production links: the lot used (:data:`INPUT_LOT`) for the lot made (:data:`OUTPUT_LOT`)."""
SHIPMENTS = "expeditions"
"""The shipments: lot (:data:`SHIPPED_LOT`), client (:data:`CLIENT`), quantity (:data:`QUANTITY`)."""
PERIOD = "mois"
INPUT_LOT, OUTPUT_LOT = "lot_matiere", "lot_fini"
SHIPPED_LOT, CLIENT, QUANTITY = "lot_fini", "client", "quantite_colis"
_PERIOD_NAMES = (PERIOD, "periode", "période")


def _rows(case: Case, table: str, columns: Sequence[str]) -> list[dict[str, Any]]:
    return table_rows(case, table, columns, EXERCISE)


def watch_rows(case: Case) -> list[WatchEntry]:
    """The corpus's watch register as entries, in the order of the table.

    Raises:
        QsecaseError: The table or its ``id`` or ``texte`` column is missing, or a row is not a
            valid entry (its line and the problem are named).
    """
    rows = _rows(case, WATCH, ("id", "texte"))
    fields = set(WatchEntry.model_fields)
    entries = []
    for n, row in enumerate(rows):
        data = {k: v for k, v in row.items() if k in fields and not is_empty(v)}
        try:
            entries.append(WatchEntry.model_validate(data))
        except ValidationError as exc:
            where = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors())
            raise QsecaseError(f"cas « {case.id} », tableau « {WATCH} », ligne "
                               f"{case.row_line(WATCH, n)} : valeur invalide ({where}) — corrigez "
                               "la ligne du tableau de veille") from None
    return entries


def documents(case: Case) -> list[dict[str, Any]]:
    """The rows of the organisation's document list (one dict per document, in order).

    Raises:
        QsecaseError: The table or its ``reference`` or ``titre`` column is missing.
    """
    return [dict(row) for row in _rows(case, DOCUMENT_LIST, ("reference", "titre"))
            if not is_empty(row.get("reference"))]


def indicator_table(case: Case) -> tuple[list[str], dict[str, dict[str, float | None]]]:
    """The months of the indicator table and, per numeric column, its series month → value."""
    if INDICATORS not in case.tables:
        _rows(case, INDICATORS, (PERIOD,))
    period = next((c for c in case.columns(INDICATORS) if c in _PERIOD_NAMES), PERIOD)
    return monthly_series(case, INDICATORS, period, EXERCISE)


def lots(case: Case) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The production links and the shipments, as rows (for
    :func:`~qsecase.methods.traceability.recall_scope`).

    Raises:
        QsecaseError: A table or one of its columns is missing.
    """
    productions = _rows(case, PRODUCTIONS, (INPUT_LOT, OUTPUT_LOT))
    shipments = _rows(case, SHIPMENTS, (SHIPPED_LOT, CLIENT, QUANTITY))
    return [dict(r) for r in productions], [dict(r) for r in shipments]
