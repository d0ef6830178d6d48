"""Answers and answer key of the environmental exercise (3-1 to 3-4)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from qsecase.exercises.probleme.model import Expected
from qsecase.methods.base import Model
from qsecase.methods.env_aspects import DiagnosticTool, EnvAspect, EnvSituation
from qsecase.methods.env_registers import CollectionItem, WasteLine
from qsecase.methods.flows import ActionVerdict, FlowReading, WasteActor
from qsecase.methods.ghg import ActivityLine

__all__ = ["EnvironnementAnswers", "EnvironnementKey", "ExpectedAspect", "ExpectedCollection",
           "ExpectedWaste"]


class EnvironnementAnswers(Model):
    # 3-1 registers and data collection
    collecte: list[CollectionItem] = Field(default_factory=list)
    registre_dechets: list[WasteLine] = Field(default_factory=list)
    # 3-2 environmental analysis and BEGES
    aspects: list[EnvAspect] = Field(default_factory=list)
    beges: list[ActivityLine] = Field(default_factory=list)
    # 3-3 waste and actors
    gaspillages: list[WasteActor] = Field(default_factory=list)
    # 3-4 effectiveness of the actions
    efficacite: list[FlowReading] = Field(default_factory=list)


# --- answer key -------------------------------------------------------------------------------


class ExpectedCollection(Expected):
    """A datum to collect and the functions that hold it."""

    acteurs: list[str] = Field(min_length=1)


class ExpectedAspect(Expected):
    activite: str
    situation: EnvSituation = "normale"
    significatif: bool = True
    g: int = Field(ge=1, le=4)
    f: int = Field(ge=1, le=4)
    outils: list[DiagnosticTool] = Field(default_factory=list)
    faits: list[str] = Field(default_factory=list)


class ExpectedWaste(Expected):
    services: list[str] = Field(min_length=1)
    fonctions: list[str] = Field(min_length=1)
    faits: list[str] = Field(default_factory=list)


class EnvironnementKey(Model):
    exercise: Literal["environnement"] = "environnement"
    collecte: list[ExpectedCollection] = Field(min_length=3)
    registre_lignes: int = Field(ge=1, description="nombre d'enlèvements à inscrire au registre")
    activites: list[str] = Field(min_length=3, description="activités que l'analyse doit couvrir")
    seuil_significativite: int = Field(8, ge=1, le=16, description="criticité G × F à partir de "
                                       "laquelle un aspect est significatif (règle de l'organisation)")
    aspects: list[ExpectedAspect] = Field(min_length=4)
    tolerance_cotation: int = Field(1, ge=0, le=3)
    beges_total_t: float = Field(gt=0, description="total attendu, en t CO₂e")
    beges_scopes_t: dict[Literal["1", "2", "3"], float] = Field(description="total par scope, t CO₂e")
    tolerance_beges: float = Field(0.05, gt=0, le=0.5, description="écart relatif toléré")
    beges_postes: list[str] = Field(min_length=3, description="postes attendus, ex. 1.1, 1.4, 2.1")
    gaspillages: list[ExpectedWaste] = Field(min_length=2)
    efficacite: dict[str, ActionVerdict] = Field(min_length=2, description="action → verdict")
    ratios: dict[str, float] = Field(default_factory=dict, description="action → ratio après attendu")
    tolerance_ratio: float = Field(0.05, gt=0, le=0.5)
    responsables: list[str] = Field(default_factory=list)
    date_analyse: dt.date | None = None
