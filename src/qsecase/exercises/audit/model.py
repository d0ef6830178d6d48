"""Answers and answer key of the internal audit and external audit preparation exercise."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from qsecase.exercises.probleme.model import Expected
from qsecase.methods.audit import (
    AuditPlan,
    AuditReportInfo,
    Finding,
    FindingKind,
    Question,
    SamplePlan,
    SamplingMethod,
    Standard,
)
from qsecase.methods.audit_prep import EvidenceItem, EvidenceStatus
from qsecase.methods.base import Model

__all__ = ["AuditAnswers", "AuditKey", "ExpectedEvidence", "ExpectedFinding", "FunctionScope",
           "SamplingKey"]


class AuditAnswers(Model):
    # 4-4 internal audit
    plan: AuditPlan = Field(default_factory=AuditPlan)
    echantillons: list[SamplePlan] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    constats: list[Finding] = Field(default_factory=list)
    rapport: AuditReportInfo = Field(default_factory=AuditReportInfo)
    # 4-5 external audit preparation
    preparation: list[EvidenceItem] = Field(default_factory=list)


# --- answer key -------------------------------------------------------------------------------


class FunctionScope(Model):
    """The clauses an interview of this function must cover (4-4.a)."""

    fonction: Expected
    clauses: list[str] = Field(min_length=1, description="chapitres attendus (préfixes acceptés : "
                               "« 8.5 » couvre « 8.5.1 »)")


class SamplingKey(Model):
    population: str = Field(description="id du tableau du corpus à échantillonner")
    taille_min: int = Field(ge=1)
    taille_max: int = Field(ge=1)
    methodes: list[SamplingMethod] = Field(min_length=1)
    strate: str = Field("", description="colonne de stratification pertinente, si elle existe")


class ExpectedFinding(Expected):
    """A deviation (or a strength) planted in the corpus, with its expected classification."""

    id: str
    types: list[FindingKind] = Field(min_length=1, description="classements acceptés")
    referentiel: Standard | Literal["réglementation"]
    clauses: list[str] = Field(min_length=1, description="chapitres acceptés (préfixes)")
    faits: list[str] = Field(min_length=1)


class ExpectedEvidence(Expected):
    """A requirement of the certification scope and the status of its evidence in the corpus."""

    referentiel: Standard | Literal["réglementation"]
    clause: str
    statut: EvidenceStatus
    document: str = Field("", description="référence attendue dans la liste des documents")


class AuditKey(Model):
    exercise: Literal["audit"] = "audit"
    referentiels: list[Standard] = Field(min_length=1, description="critères d'audit attendus")
    fonctions: list[FunctionScope] = Field(min_length=2)
    echantillonnage: list[SamplingKey] = Field(min_length=1)
    constats: list[ExpectedFinding] = Field(min_length=3)
    preuves: list[ExpectedEvidence] = Field(min_length=5)
    diffusion: list[str] = Field(min_length=1, description="destinataires attendus du rapport")
    date_audit: dt.date | None = None
