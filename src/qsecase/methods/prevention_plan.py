"""Immediate protection plan and its deployment: actions, milestones, actors and their tasks. Pure."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Model

__all__ = [
    "ACTOR_LABELS",
    "ActorRole",
    "ActorTask",
    "Milestone",
    "PreventionLevel",
    "ProtectionAction",
    "SimpleAction",
    "Verdict",
]

PreventionLevel = Literal["suppression", "collective", "organisationnelle", "individuelle",
                          "formation"]
"""Where the measure sits in the general principles of prevention (C. trav. L4121-2): remove the
hazard, then collective protection, organisation, individual protection (PPE), information."""

ActorRole = Literal["direction", "encadrement", "cse_cssct", "sante_travail", "salaries",
                    "intervenants_exterieurs", "rh", "maintenance", "achats", "qse", "carsat"]
ACTOR_LABELS: dict[str, str] = {
    "direction": "Direction", "encadrement": "Encadrement de proximité",
    "cse_cssct": "CSE / CSSCT", "sante_travail": "Service de prévention et de santé au travail",
    "salaries": "Salariés concernés", "intervenants_exterieurs": "Intervenants extérieurs",
    "rh": "Ressources humaines", "maintenance": "Maintenance", "achats": "Achats",
    "qse": "Service QSE", "carsat": "Carsat (service prévention)",
}


class Milestone(Model):
    libelle: str
    date: dt.date


class ProtectionAction(Model):
    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,20}$", description="ex. P1")
    description: str
    causes: list[str] = Field(default_factory=list, description="ids des faits de l'arbre "
                              "(causes racines) que l'action traite")
    niveau: PreventionLevel
    immediate: bool = Field(False, description="mesure de protection immédiate (conservatoire)")
    responsable: str = ""
    acteurs: list[ActorRole] = Field(default_factory=list)
    jalons: list[Milestone] = Field(default_factory=list)
    echeance: dt.date | None = None


class ActorTask(Model):
    acteur: ActorRole
    fonction: str = Field("", description="fonction ou nom dans l'organisation")
    taches: str
    date: dt.date | None = None
    actions: list[str] = Field(default_factory=list, description="ids des actions concernées")


class SimpleAction(Model):
    """An action the trainee can carry out personally, and how."""

    description: str
    modalites: str = ""


class Verdict(Model):
    """The trainee's reading of whether an action (or the plan) was effective."""

    action: str = Field(description="id de l'action, ou « plan » pour l'ensemble")
    efficace: bool
    justification: str = ""
