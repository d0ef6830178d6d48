"""QSE dashboard: indicators, monthly series, status against objective and alert threshold,
missing data and reminders, drifts (trend and control-chart rules). Pure."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Model

__all__ = ["DRIFT_KINDS", "DriftKind", "DriftReading", "Indicator", "Reminder"]

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
