"""Internal QSE audit after ISO 19011:2018: plan, sampling, questionnaire, findings, report. Pure.

Vocabulary and report content: ISO 19011:2018 (art. 3, 6.3, 6.4.8, 6.5.1, annex A.6) — see
qse-facts §8. Findings are classified as the French usage does: NC majeure and NC mineure (their
definitions follow ISO/IEC 17021-1:2015), point sensible, observation / piste de progrès, point fort.
Clause numbers follow the harmonised structure (chapters 4 to 10) of ISO 9001, 14001 and 45001;
requirements are paraphrased by the trainee, never the standards' text.

The checks (:func:`check_plan`, :func:`check_questions`, :func:`check_findings`, :func:`covers`…)
live in :mod:`qsecase.methods.audit_checks` and the sampling in :mod:`qsecase.methods.audit_sampling`;
both are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from qsecase.methods.audit_checks import (
    check_findings,
    check_plan,
    check_questions,
    clause_key,
    clause_number,
    covers,
    findings_by_clause,
)
from qsecase.methods.audit_sampling import SampleCoverage, StratumCount, draw_sample, sample_coverage
from qsecase.methods.base import Model

__all__ = [
    "FINDING_KINDS",
    "SAMPLING_METHODS",
    "STANDARDS",
    "TEAM_ROLES",
    "AuditPlan",
    "AuditReportInfo",
    "Auditee",
    "Conclusion",
    "Finding",
    "FindingKind",
    "InterviewNote",
    "Question",
    "SampleCoverage",
    "SamplePlan",
    "SamplingMethod",
    "Standard",
    "StratumCount",
    "TeamMember",
    "TeamRole",
    "check_findings",
    "check_plan",
    "check_questions",
    "clause_key",
    "clause_number",
    "covers",
    "draw_sample",
    "findings_by_clause",
    "sample_coverage",
]

Standard = Literal["ISO 9001", "ISO 14001", "ISO 45001"]
STANDARDS: tuple[str, ...] = ("ISO 9001", "ISO 14001", "ISO 45001")

TeamRole = Literal["responsable d'audit", "auditeur", "auditeur en formation", "observateur",
                   "expert technique"]
TEAM_ROLES: tuple[str, ...] = TeamRole.__args__  # type: ignore[attr-defined]

SamplingMethod = Literal["aléatoire", "systématique", "stratifié", "raisonné"]
SAMPLING_METHODS: dict[str, str] = {
    "aléatoire": "Tirage aléatoire simple (reproductible avec une graine)",
    "systématique": "Tirage systématique (un élément tous les k)",
    "stratifié": "Tirage par strate (équipe, ligne, mois, fournisseur…)",
    "raisonné": "Échantillonnage raisonné (jugement de l'auditeur, ISO 19011 A.6)",
}

FindingKind = Literal["NC majeure", "NC mineure", "point sensible", "observation", "point fort"]
FINDING_KINDS: dict[str, str] = {
    "NC majeure": "✖✖ Non-conformité majeure : met en cause la capacité du système à atteindre les "
                  "résultats attendus",
    "NC mineure": "✖ Non-conformité mineure : écart ponctuel à une exigence",
    "point sensible": "⚠ Point sensible : conforme, mais risque de dériver",
    "observation": "➜ Observation / piste de progrès",
    "point fort": "★ Point fort : bonne pratique",
}
Conclusion = Literal["conforme", "non conforme", "à approfondir"]


class TeamMember(Model):
    nom: str = Field(min_length=1)
    fonction: str = ""
    role: TeamRole = "auditeur"


class Auditee(Model):
    """One interview of the audit plan: the function audited, the clauses covered, the slot."""

    fonction: str = Field(min_length=1, description="fonction de la personne auditée")
    processus: str = ""
    clauses: list[str] = Field(default_factory=list, description="chapitres du référentiel, ex. 8.5.1")
    debut: dt.datetime | None = None
    duree_min: int = Field(60, ge=5, le=480)
    auditeur: str = Field("", description="nom du membre de l'équipe qui mène l'entretien")


class AuditPlan(Model):
    objectifs: str = ""
    champ: str = Field("", description="lieux, fonctions, activités, processus, période")
    criteres: list[Standard] = Field(default_factory=list, description="référentiels d'audit")
    autres_criteres: str = Field("", description="exigences légales, procédures internes…")
    date: dt.date | None = None
    lieu: str = ""
    equipe: list[TeamMember] = Field(default_factory=list)
    entretiens: list[Auditee] = Field(default_factory=list)


class SamplePlan(Model):
    """A sample of corpus records to examine (ISO 19011 annex A.6)."""

    population: str = Field("", description="id du tableau du corpus échantillonné")
    objectif: str = ""
    methode: SamplingMethod = "aléatoire"
    taille: int = Field(0, ge=0)
    graine: int | None = Field(None, description="graine du tirage aléatoire (reproductible)")
    strate: str = Field("", description="colonne de stratification (méthode stratifiée)")
    elements: list[str] = Field(default_factory=list, description="identifiants tirés")
    justification: str = ""


class InterviewNote(Model):
    """Notes taken during the interview (oral technique assessed by the trainer)."""

    preuves_vues: str = ""
    relances: str = Field("", description="questions de relance posées")
    reformulation: str = ""


class Question(Model):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,20}$")
    referentiel: Standard = "ISO 9001"
    clause: str = Field("", description="ex. 7.1.5")
    exigence: str = Field("", description="exigence reformulée (jamais le texte de la norme)")
    question: str = ""
    preuve_attendue: str = ""
    fonction: str = Field("", description="fonction auditée à qui poser la question")
    conclusion: Conclusion | None = None
    notes: InterviewNote = Field(default_factory=InterviewNote)


class Finding(Model):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,20}$")
    type: FindingKind
    referentiel: Standard | Literal["réglementation"] = "ISO 9001"
    clause: str = Field("", description="chapitre ou article (ex. 7.1.5.1, C. env. R541-43)")
    exigence: str = ""
    preuves: list[str] = Field(default_factory=list, description="faits du corpus constatés")
    constat: str = Field("", description="le fait constaté et l'écart, sans jugement")
    raisonnement: str = Field("", description="pourquoi ce classement")


class AuditReportInfo(Model):
    """What the report adds to the plan, the sample and the findings."""

    contexte: str = ""
    deroulement: str = Field("", description="déroulement, obstacles, zones non couvertes")
    conclusion: str = ""
    diffusion: list[str] = Field(default_factory=list, description="destinataires du rapport")
    date_rapport: dt.date | None = None

