"""Answers and answer key of the SST follow-up and accident-analysis exercise."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from qsecase.exercises.probleme.model import Expected
from qsecase.methods.accident_rates import Indicator, IndicatorValue
from qsecase.methods.base import Model
from qsecase.methods.cause_tree import CauseTree
from qsecase.methods.ppe import PpeGap
from qsecase.methods.prevention_plan import ActorRole, ActorTask, ProtectionAction, SimpleAction, Verdict
from qsecase.methods.qqoqcp import Qqoqcp
from qsecase.methods.sst_register import RegisterEntry

__all__ = [
    "ExpectedEntry",
    "ExpectedFact",
    "ExpectedGap",
    "ExpectedPlan",
    "IndicatorKey",
    "PpeCheck",
    "SafetyEvent",
    "SstAccidentAnswers",
    "SstAccidentKey",
]


class SafetyEvent(Model):
    """A safety event of the corpus recorded by the trainee, and where it must be recorded."""

    evenement: str = Field(description="id du fait du corpus (accident, presqu'accident…)")
    enregistrement: Literal["declaration_at", "registre_accidents_benins", "registre_dgi",
                            "fiche_presqu_accident"]
    commentaire: str = ""


class PpeCheck(Model):
    ecarts: list[PpeGap] = Field(default_factory=list)
    postes_non_observes: list[str] = Field(default_factory=list)
    taux_conformite: float | None = Field(None, ge=0, le=100, description="en %")
    commentaire: str = ""


class SstAccidentAnswers(Model):
    # 2-1 tracking tool
    registre: list[RegisterEntry] = Field(default_factory=list)
    rappels_jours: list[int] = Field(default_factory=list, description="alertes programmées, en "
                                     "jours avant l'échéance (ex. 90, 60, 30)")
    evenements: list[SafetyEvent] = Field(default_factory=list)
    # 2-2 PPE field check
    epi: PpeCheck = Field(default_factory=PpeCheck)
    # 2-3 accident investigation
    qqoqcp: Qqoqcp = Field(default_factory=Qqoqcp)
    arbre: CauseTree = Field(default_factory=CauseTree)
    # 2-4 immediate protection plan
    plan: list[ProtectionAction] = Field(default_factory=list)
    # 2-7 deployment
    acteurs: list[ActorTask] = Field(default_factory=list)
    actions_simples: list[SimpleAction] = Field(default_factory=list)
    # 2-8 indicators and effectiveness
    indicateurs: list[IndicatorValue] = Field(default_factory=list)
    verdicts: list[Verdict] = Field(default_factory=list)


# --- answer key -------------------------------------------------------------------------------


class ExpectedEntry(Model):
    """An obligation the register must hold (status computed by qsecase at the case date)."""

    regle: str
    objet: str


class ExpectedGap(Model):
    poste: str
    epi: str


class ExpectedFact(Expected):
    """A fact the cause tree should contain; ``racine`` marks the root causes to treat."""

    id: str
    racine: bool = False
    antecedent_de: list[str] = Field(default_factory=list, description="ids des faits attendus "
                                     "dont il est un antécédent direct")


class ExpectedPlan(Model):
    cause: str = Field(description="id d'un fait attendu marqué racine")
    exemples: list[Expected] = Field(min_length=1)


_TF_TG: list[Indicator] = ["TF", "TG"]


class IndicatorKey(Model):
    """Periods to compare (before / after the actions) and the reading expected of each action."""

    avant: str = Field(description="libellé de la période avant les actions")
    apres: str = Field(description="libellé de la période après les actions")
    indicateurs: list[Indicator] = Field(default_factory=lambda: _TF_TG.copy())
    tolerance_pct: float = Field(2.0, ge=0, description="écart toléré sur les valeurs calculées")
    efficacite: dict[str, bool] = Field(default_factory=dict,
                                        description="action ou « plan » → efficace ?")


class SstAccidentKey(Model):
    exercise: Literal["sst-accident"] = "sst-accident"
    registre: list[ExpectedEntry] = Field(min_length=1)
    rappels_jours: list[int] = Field(default_factory=lambda: [90, 60, 30])
    evenements: dict[str, str] = Field(default_factory=dict, description="fait → enregistrement "
                                       "attendu")
    epi_ecarts: list[ExpectedGap] = Field(min_length=1)
    postes_non_observes: list[str] = Field(default_factory=list)
    qqoqcp: dict[Literal["qui", "quoi", "ou", "quand", "comment", "combien", "pourquoi"],
                 list[Expected]] = Field(default_factory=dict)
    fait_ultime: Expected
    faits: list[ExpectedFact] = Field(min_length=3)
    plan: list[ExpectedPlan] = Field(min_length=1)
    acteurs: list[ActorRole] = Field(min_length=1)
    indicateurs: IndicatorKey
    responsables: list[str] = Field(default_factory=list)
    date_analyse: dt.date | None = None
