"""QSE dashboard: indicators, monthly series, status against objective and alert threshold,
missing data and reminders, drifts (trend here; control-chart rules in
:mod:`qsecase.methods.control_chart`). Pure.

Status (RAG code, usage; qse-facts §10.1): « atteint » when the objective is met, « alerte » when the
alert threshold is reached or crossed, « vigilance » in between; always shown with a label and a
symbol of its own shape (:data:`STATUS_SYMBOLS`), never by colour alone. Series are mappings
period → value, periods written « AAAA-MM »; ``None`` or NaN is a missing datum.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Model

__all__ = ["DRIFT_KINDS", "STATUS_SYMBOLS", "DriftKind", "DriftReading", "Indicator", "Reminder", "Sens",
           "Status", "missing_periods", "reminders_due", "status", "trend"]

DriftKind = Literal["seuil", "tendance", "carte de contrôle", "donnée manquante"]
DRIFT_KINDS: tuple[str, ...] = DriftKind.__args__  # type: ignore[attr-defined]


class Indicator(Model):
    """An indicator of the dashboard, as the trainee defines it."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,20}$", description="ex. I3")
    nom: str = Field(min_length=1)
    definition: str = Field("", description="ce qui est mesuré et comment (formule, unité)")
    unite: str = ""
    colonne: str = Field("", description="colonne du tableau de données du corpus")
    responsable: str = ""
    source: str = Field("", description="service ou document qui fournit la donnée")
    frequence: Literal["mensuelle", "trimestrielle", "annuelle"] = "mensuelle"
    objectif: float | None = None
    seuil_alerte: float | None = None
    sens: Literal["hausse", "baisse"] = Field("baisse", description="sens souhaité de l'indicateur")
    public: str = ""


class Reminder(Model):
    """A reminder (relance) sent to a service for a missing datum."""

    service: str = Field(min_length=1)
    indicateur: str = ""
    periode: str = Field("", description="mois concerné, ex. 2026-08")
    date: dt.date | None = None


class DriftReading(Model):
    """A drift the trainee identifies on an indicator."""

    indicateur: str = Field(min_length=1)
    type: DriftKind
    periode: str = Field("", description="mois où la dérive apparaît, ex. 2026-07")
    commentaire: str = ""


# --- status, missing data, trend ------------------------------------------------------------------
Status = Literal["atteint", "vigilance", "alerte", "sans objectif"]
STATUS_SYMBOLS: dict[str, str] = {"atteint": "✔", "vigilance": "⚠", "alerte": "✖", "sans objectif": "–"}
Sens = Literal["hausse", "baisse"]
_MONTHS = {"mensuelle": range(1, 13), "trimestrielle": (3, 6, 9, 12), "annuelle": (12,)}


def _at_least_as_good(value: float, reference: float, sens: Sens) -> bool:
    return value >= reference if sens == "hausse" else value <= reference


def status(indicator: Indicator, value: float) -> Status:
    """Status of ``value`` against the indicator's objective and alert threshold, in its ``sens``.

    « atteint » when the objective is met (reached counts); « alerte » when the alert threshold is
    reached or crossed the wrong way; « vigilance » in between; « sans objectif » without an
    objective (unless the threshold is crossed).
    """
    if indicator.objectif is not None and _at_least_as_good(value, indicator.objectif, indicator.sens):
        return "atteint"
    threshold = indicator.seuil_alerte
    if threshold is not None and _at_least_as_good(threshold, value, indicator.sens):
        return "alerte"
    return "sans objectif" if indicator.objectif is None else "vigilance"


def _missing(value: float | None) -> bool:
    return value is None or math.isnan(value)


def missing_periods(series: Mapping[str, float | None], periods: Sequence[str]) -> list[str]:
    """The ``periods`` with no value in ``series`` (absent, ``None`` or NaN), in order."""
    return [p for p in periods if _missing(series.get(p))]


def _due_date(period: str, due_day: int) -> dt.date | None:
    """``due_day`` of the month after ``period`` (« AAAA-MM »); ``None`` for another form."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", period.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    year, month = int(match[1]) + int(match[2]) // 12, int(match[2]) % 12 + 1
    return dt.date(year, month, min(due_day, calendar.monthrange(year, month)[1]))


def reminders_due(indicators: Sequence[Indicator], data: Mapping[str, Mapping[str, float | None]],
                  today: dt.date, due_day: int = 10) -> list[Reminder]:
    """Reminders to send on ``today`` for the data that are late.

    ``data`` holds a series per column (the indicator's ``colonne``, else its id); the periods are
    those of every series. A month's datum is due on ``due_day`` of the next month (a quarterly
    indicator only for March, June, September, December; a yearly one for December); still missing
    after that day, it is reminded to the indicator's ``source`` (else its ``responsable``).
    An indicator with no series in ``data`` is not reminded (its data are not collected).
    """
    periods = sorted({p for series in data.values() for p in series})
    reminders = []
    for indicator in indicators:
        series = data.get(indicator.colonne or indicator.id)
        if series is None:
            continue
        for period in missing_periods(series, periods):
            due = _due_date(period, due_day)
            if due is not None and today > due and int(period[5:7]) in _MONTHS[indicator.frequence]:
                reminders.append(Reminder(service=indicator.source or indicator.responsable
                                          or "service à préciser", indicateur=indicator.id,
                                          periode=period, date=today))
    return reminders


def trend(series: Mapping[str, float | None], periods: Sequence[str], n: int = 3,
          sens: Sens = "baisse") -> list[str]:
    """Periods that end a run of ``n`` consecutive degradations.

    A degradation is a period whose value is worse than the previous period's, in the desired
    ``sens`` (« baisse »: a rise is a degradation); an equal value or a missing datum breaks the
    run. In a longer run every period from the ``n``-th degradation on is returned.
    """
    ends: list[str] = []
    run, previous = 0, None
    for period in periods:
        value = series.get(period)
        if value is None or math.isnan(value):
            run, previous = 0, None
            continue
        worse = previous is not None and value != previous and _at_least_as_good(previous, value, sens)
        run, previous = (run + 1 if worse else 0), value
        if run >= n:
            ends.append(period)
    return ends
