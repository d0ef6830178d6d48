"""Answers and answer key of the process-map and quality-risk exercise (AMDEC or HACCP)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from qsecase.exercises.probleme.model import Expected
from qsecase.methods.base import Model
from qsecase.methods.briefs import Audience, Brief
from qsecase.methods.effectiveness import EffectivenessCriterion, Measurement
from qsecase.methods.fmea import FmeaRow, Operation
from qsecase.methods.haccp import CcpPlan, DecisionPath, Hazard, HazardType
from qsecase.methods.process_map import ProcessMap

__all__ = [
    "EffectReading",
    "EffectVerdict",
    "ExpectedCcp",
    "ExpectedFailure",
    "ExpectedHazard",
    "ExpectedProcess",
    "ExpectedRiskAction",
    "RiskAction",
    "RisquesQualiteAnswers",
    "RisquesQualiteKey",
]

EffectVerdict = Literal["efficace", "partiellement efficace", "non efficace"]


class RiskAction(Model):
    """An action drawn from the ranked risks (1-4, 1-2), tied to the failure modes or hazards."""

    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,20}$", description="ex. AQ1")
    description: str
    type: Literal["preventive", "surveillance", "corrective"]
    risques: list[str] = Field(default_factory=list, description="ids des lignes d'AMDEC ou "
                               "des dangers HACCP traités")
    responsable: str = ""
    echeance: dt.date | None = None


class EffectReading(Model):
    """The trainee's verdict on an action already carried out (corpus data before / after)."""

    action: str = Field(description="id de l'action du corpus (ex. PA1)")
    verdict: EffectVerdict
    justification: str = ""


class RisquesQualiteAnswers(Model):
    # 1-3 process map
    demarche: str = Field("", description="comment l'analyse des activités a été menée")
    cartographie: ProcessMap = Field(default_factory=ProcessMap)
    # 1-4 risk analysis: AMDEC (manufacturing) or HACCP (food)
    amdec: list[FmeaRow] = Field(default_factory=list)
    haccp_dangers: list[Hazard] = Field(default_factory=list)
    haccp_decisions: list[DecisionPath] = Field(default_factory=list)
    haccp_plan: list[CcpPlan] = Field(default_factory=list)
    # 1-4 / 1-2 actions from the ranked risks
    actions: list[RiskAction] = Field(default_factory=list)
    # 1-5 objectives explained to each actor
    fiches: list[Brief] = Field(default_factory=list)
    # 1-6 effectiveness
    criteres: list[EffectivenessCriterion] = Field(default_factory=list)
    mesures: list[Measurement] = Field(default_factory=list)
    lectures: list[EffectReading] = Field(default_factory=list)


# --- answer key -------------------------------------------------------------------------------


class ExpectedProcess(Expected):
    type: Literal["management", "realisation", "support"]


class ExpectedFailure(Expected):
    """A failure mode the AMDEC must hold, with the ratings the field observations support."""

    id: str
    etape: str
    g: int = Field(ge=1, le=10)
    o: int = Field(ge=1, le=10)
    d: int = Field(ge=1, le=10)
    fonctionnement: Operation = "normal"
    faits: list[str] = Field(default_factory=list, description="faits du corpus qui fondent "
                             "la cotation")


class ExpectedHazard(Expected):
    id: str
    etape: str
    type: HazardType
    ccp: bool = False


class ExpectedCcp(Model):
    danger: str = Field(description="id d'un danger attendu")
    limite: Expected = Field(description="limite critique attendue (avec son unité)")


class ExpectedRiskAction(Model):
    risque: str = Field(description="id d'un mode de défaillance ou d'un danger attendu")
    exemples: list[Expected] = Field(min_length=1)


class RisquesQualiteKey(Model):
    exercise: Literal["risques-qualite"] = "risques-qualite"
    methode: Literal["amdec", "haccp"]
    activites: list[str] = Field(min_length=1, description="activités décrites dans le corpus, "
                                 "que la cartographie doit couvrir")
    processus: list[ExpectedProcess] = Field(min_length=3)
    tolerance_cotation: int = Field(1, ge=0, le=3, description="écart toléré sur G, O, D")
    amdec: list[ExpectedFailure] = Field(default_factory=list)
    haccp_dangers: list[ExpectedHazard] = Field(default_factory=list)
    haccp_ccp: list[ExpectedCcp] = Field(default_factory=list)
    actions: list[ExpectedRiskAction] = Field(min_length=1)
    publics: list[Audience] = Field(min_length=1, description="acteurs à qui expliquer les "
                                    "objectifs des actions")
    efficacite: dict[str, EffectVerdict] = Field(default_factory=dict,
                                                 description="action du corpus → verdict")
    responsables: list[str] = Field(default_factory=list)
    date_analyse: dt.date | None = None


