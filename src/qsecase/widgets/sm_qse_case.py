"""What the forms and the read-only views of the QSE management-system exercise compute from the
case: its date and people, the indicator table, the dashboard of the trainee's indicators (series,
control charts and their signals, reminders due) and the scope of a recall traced from a lot.

Nothing here is a widget: the steps (:mod:`.sm_qse_veille` … :mod:`.sm_qse_reporting`) and the
correction pages (:mod:`.sm_qse_report`) share these functions, so that the trainer reads what the
trainee saw while typing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from qsecase.case_model import Case
from qsecase.errors import QsecaseError
from qsecase.exercises.sm_qse import corpus_data
from qsecase.methods.control_chart import ControlChart, Signal, control_chart, control_signals
from qsecase.methods.dashboard import Indicator, Reminder, reminders_due
from qsecase.methods.traceability import RecallScope, recall_scope
from qsecase.views.dashboard_chart import series_of
from qsecase.widgets.probleme_causes import short

__all__ = ["BASELINE", "Board", "board", "column_options", "functions", "people", "recall", "shipped_lots",
           "today"]

BASELINE = 12
"""The control limits are computed on the first twelve months (a year of reference) when there are
more: a drift that appears later does not widen the limits that should reveal it."""


def today(case: Case) -> dt.date:
    """The date of the case: deadlines, reviews and reminders are judged on it."""
    return case.spec.date_cas


def people(case: Case) -> list[str]:
    """The names of the organisation's role holders."""
    return list(dict.fromkeys(r.nom for r in case.spec.organisation.roles))


def functions(case: Case) -> list[str]:
    """The functions of the organisation's roles (owners, services, addressees)."""
    return list(dict.fromkeys(r.fonction for r in case.spec.organisation.roles))


def column_options(case: Case) -> list[tuple[str, str]]:
    """(« reclamations — Réclamations clients (nombre) », name) for each numeric column of the
    indicator table; empty when the table is missing."""
    if corpus_data.INDICATORS not in case.tables:
        return []
    out = []
    for column in case.spec.document(corpus_data.INDICATORS).colonnes:
        if column.type in ("nombre", "entier"):
            about = column.libelle or column.description
            out.append((f"{column.nom} — {short(about, 80)}" if about else column.nom, column.nom))
    return out


@dataclass(frozen=True)
class Board:
    """The dashboard of a set of indicators on the case's indicator table."""

    periods: list[str] = field(default_factory=list)
    data: dict[str, dict[str, float | None]] = field(default_factory=dict)
    charts: dict[str, ControlChart | None] = field(default_factory=dict)
    signals: dict[str, list[Signal]] = field(default_factory=dict)
    due: list[Reminder] = field(default_factory=list)
    """Reminders to send on the case's date for the data still missing."""
    problem: str = ""
    """Why the indicator table could not be read (French), « » when it could."""

    @property
    def columns(self) -> list[str]:
        """The numeric columns of the indicator table (what an indicator can follow)."""
        return list(self.data)


def board(case: Case, indicators: Sequence[Indicator]) -> Board:
    """Series, control charts (first :data:`BASELINE` months) and signals of each indicator, keyed
    by its id, and the reminders due on the case's date; an indicator whose column has fewer than
    two consecutive values has no chart."""
    try:
        periods, data = corpus_data.indicator_table(case)
    except QsecaseError as exc:
        return Board(problem=str(exc))
    charts: dict[str, ControlChart | None] = {}
    signals: dict[str, list[Signal]] = {}
    for ind in indicators:
        values = series_of(ind, data, periods)
        try:
            chart: ControlChart | None = control_chart(values, min(BASELINE, len(values)) or None)
        except ValueError:
            chart = None
        charts[ind.id] = chart
        signals[ind.id] = control_signals(values, chart) if chart is not None else []
    due = reminders_due([i for i in indicators if i.colonne in data], data, today(case))
    return Board(periods, data, charts, signals, due)


def shipped_lots(case: Case) -> list[str]:
    """Every lot named by a production or a shipment (suggestions for the lot in cause)."""
    try:
        productions, shipments = corpus_data.lots(case)
    except QsecaseError:
        return []
    found = [str(r.get(c) or "").strip() for r in productions
             for c in (corpus_data.INPUT_LOT, corpus_data.OUTPUT_LOT)]
    found += [str(r.get(corpus_data.SHIPPED_LOT) or "").strip() for r in shipments]
    return sorted({lot for lot in found if lot})


def recall(case: Case, lot: str) -> RecallScope:
    """The scope of a recall of ``lot`` on the case's productions and shipments.

    Raises:
        QsecaseError: A table is missing, or the lot appears nowhere (French message).
    """
    productions, shipments = corpus_data.lots(case)
    try:
        return recall_scope(lot, productions, shipments, input_col=corpus_data.INPUT_LOT,
                            output_col=corpus_data.OUTPUT_LOT, lot_col=corpus_data.SHIPPED_LOT,
                            client_col=corpus_data.CLIENT, qty_col=corpus_data.QUANTITY)
    except ValueError as exc:
        raise QsecaseError(str(exc)) from None
