"""Answers and answer key of the DUERP update and psychosocial-risk exercise."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from qsecase.exercises.probleme.model import Expected
from qsecase.methods.base import Model
from qsecase.methods.duerp import Family, Method, Operation, Situation
from qsecase.methods.duerp_update import UpdateInfo
from qsecase.methods.papripact import PreventionAction
from qsecase.methods.rps import RpsFactor, RpsFamily, RpsMethod

__all__ = [
    "DuerpRpsAnswers",
    "DuerpRpsKey",
    "ExpectedAction",
    "ExpectedHandicap",
    "ExpectedRemoval",
    "ExpectedRerating",
    "ExpectedRps",
    "ExpectedSituation",
]


class DuerpRpsAnswers(Model):
    # the update itself (R4121-2)
    mise_a_jour: UpdateInfo = Field(default_factory=UpdateInfo)
    # 2-5 the updated DUERP: the previous version, edited
    situations: list[Situation] = Field(default_factory=list)
    motifs: dict[str, str] = Field(default_factory=dict, description="repère de situation → "
                                   "motif de sa modification, de son ajout ou de sa suppression")
    # 2-5 programme of actions (PAPRIPACT from 50 employees)
    actions: list[PreventionAction] = Field(default_factory=list)
    # 2-6 psychosocial risk factors
    rps_methode: RpsMethod | None = None
    rps_justification: str = ""
    rps: list[RpsFactor] = Field(default_factory=list)


# --- answer key -------------------------------------------------------------------------------


class ExpectedSituation(Expected):
    """A situation the updated DUERP must hold (new since the previous version)."""

    id: str = Field(description="repère de la situation dans le corrigé, ex. N1")
    unite: str
    famille: Family
    fonctionnement: Operation = "normal"
    g: int = Field(ge=1, le=10)
    f: int = Field(ge=1, le=10)
    m: int | None = Field(None, ge=1, le=10)
    methodes: list[Method] = Field(min_length=1, description="méthodes adaptées à la situation")
    faits: list[str] = Field(default_factory=list, description="faits du corpus qui la fondent")


class ExpectedRerating(Model):
    """A situation of the previous version whose rating the field observations change."""

    id: str = Field(description="repère de la situation dans la version précédente")
    g: int = Field(ge=1, le=10)
    f: int = Field(ge=1, le=10)
    m: int | None = Field(None, ge=1, le=10)
    faits: list[str] = Field(default_factory=list)


class ExpectedRemoval(Model):
    """A situation of the previous version that no longer exists."""

    id: str
    motif: Expected = Field(description="la raison de la suppression")
    faits: list[str] = Field(default_factory=list)


class ExpectedHandicap(Model):
    """A disability present in a work unit and the adaptations the DUERP should record."""

    unite: str
    situation: str = Field(description="la situation de handicap présente dans le cas")
    adaptations: list[Expected] = Field(min_length=1)
    faits: list[str] = Field(default_factory=list)


class ExpectedAction(Model):
    risque: str = Field(description="repère d'une situation attendue (nouvelle ou précédente)")
    exemples: list[Expected] = Field(min_length=1)


class ExpectedRps(Model):
    """A psychosocial factor the signals of the corpus show in a work unit."""

    unite: str
    famille: RpsFamily
    frequence: int = Field(ge=1, le=4)
    gravite: int = Field(ge=1, le=4)
    faits: list[str] = Field(default_factory=list)


class DuerpRpsKey(Model):
    exercise: Literal["duerp-rps"] = "duerp-rps"
    tolerance_cotation: int = Field(1, ge=0, le=3, description="écart toléré sur G, F et M")
    familles: list[Family] = Field(min_length=1, description="familles de risques que le DUERP "
                                   "mis à jour doit couvrir")
    nouvelles: list[ExpectedSituation] = Field(min_length=1)
    recotations: list[ExpectedRerating] = Field(default_factory=list)
    suppressions: list[ExpectedRemoval] = Field(default_factory=list)
    handicap: list[ExpectedHandicap] = Field(min_length=1)
    actions: list[ExpectedAction] = Field(min_length=1)
    declencheurs: list[Literal["annuelle", "amenagement", "information", "accident"]] = Field(
        min_length=1, description="motifs de mise à jour que le corpus justifie")
    rps_methodes: list[RpsMethod] = Field(min_length=1, description="méthodes RPS adaptées")
    rps: list[ExpectedRps] = Field(min_length=1, description="facteurs présents attendus")
    tolerance_rps: int = Field(1, ge=0, le=3)
    responsables: list[str] = Field(default_factory=list)
    date_analyse: dt.date | None = None
