"""Answers and answer key of the improvement-plan exercise (5-1 to 5-6)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from qsecase.exercises.probleme.model import Expected
from qsecase.methods.base import Model
from qsecase.methods.communication import Support, SupportKind
from qsecase.methods.improvement import BenefitArea, ImprovementAction
from qsecase.methods.planning import Task
from qsecase.methods.raci import RaciLine
from qsecase.methods.sessions import Activity, AwarenessSession, FacilitationStyle, Meeting, MeetingKind

__all__ = ["AmeliorationAnswers", "AmeliorationKey", "ExpectedImprovement", "ExpectedTask"]


class AmeliorationAnswers(Model):
    # 5-1 improvement actions argued from facts
    actions: list[ImprovementAction] = Field(default_factory=list)
    # 5-2 planning
    debut: dt.date | None = Field(None, description="date de début du plan")
    taches: list[Task] = Field(default_factory=list)
    raci: list[RaciLine] = Field(default_factory=list)
    outil: Literal["gantt", "pert", "kanban", "scrum"] | None = None
    # 5-3 tracking
    date_suivi: dt.date | None = Field(None, description="date du point d'avancement")
    seuil_alerte_jours: int = Field(0, ge=0, le=60, description="alerte N jours avant l'échéance")
    # 5-4 communication
    support: Support = Field(default_factory=Support)
    # 5-5 awareness session; 5-6 meeting
    sensibilisation: AwarenessSession = Field(default_factory=AwarenessSession)
    reunion: Meeting = Field(default_factory=Meeting)


# --- answer key -------------------------------------------------------------------------------


class ExpectedImprovement(Expected):
    """An improvement the facts call for, with the facts that support it and the objective served."""

    faits: list[str] = Field(min_length=1)
    objectif: str = Field(description="id de l'objectif de la politique QSE")
    autres_objectifs: list[str] = Field(default_factory=list, description="autres objectifs "
                                        "défendables pour cette amélioration")
    benefices: list[BenefitArea] = Field(min_length=1)


class ExpectedTask(Expected):
    """A task the plan must hold (matched on its name)."""

    jalon: bool = False
    apres: list[str] = Field(default_factory=list, description="libellés de tâches attendues qui "
                             "doivent la précéder")


class AmeliorationKey(Model):
    exercise: Literal["amelioration"] = "amelioration"
    ameliorations: list[ExpectedImprovement] = Field(min_length=2)
    taches: list[ExpectedTask] = Field(min_length=4)
    parties_prenantes: list[str] = Field(min_length=2, description="acteurs attendus dans le RACI")
    date_suivi: dt.date = Field(description="date du point d'avancement")
    retards: list[str] = Field(default_factory=list, description="libellés de tâches attendues en "
                               "retard à la date de suivi, d'après le corpus")
    supports_adaptes: list[SupportKind] = Field(min_length=1)
    messages_cles: list[Expected] = Field(min_length=1)
    public_support: str = ""
    activites_adaptees: list[Activity] = Field(min_length=1)
    reunion_types: list[MeetingKind] = Field(min_length=1)
    reunion_styles: list[FacilitationStyle] = Field(min_length=1)
    handicap: list[Expected] = Field(min_length=1, description="adaptations attendues pour les "
                                     "personnes en situation de handicap du cas")
    responsables: list[str] = Field(default_factory=list)
