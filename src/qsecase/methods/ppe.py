"""PPE field check: the PPE required per work station against field observations. Pure."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Model

__all__ = ["PpeGap", "PpeObservation", "PpeRequirement"]


class PpeRequirement(Model):
    """A PPE required at a station (organisation's rule or regulation)."""

    poste: str
    epi: str
    base: str = ""


class PpeObservation(Model):
    """One observation on the field: was the PPE worn at that station?"""

    id: str
    date: dt.date
    poste: str
    epi: str
    porte: bool
    visite: Literal["planifiée", "inopinée"] = "planifiée"


class PpeGap(Model):
    """A gap the trainee reports: a PPE not worn (or not provided) at a station, and what to do."""

    poste: str
    epi: str
    constat: str = ""
    action: str = ""
    faits: list[str] = Field(default_factory=list)
