"""Improvement actions argued from facts and tied to the organisation's QSE strategy. Pure."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from qsecase.methods.base import Model

__all__ = ["BENEFIT_AREAS", "EVIDENCE_KINDS", "BenefitArea", "EvidenceKind", "ImprovementAction"]

EvidenceKind = Literal["observation", "echange", "indicateur"]
EVIDENCE_KINDS: dict[str, str] = {
    "observation": "Observation de terrain",
    "echange": "Échange avec un acteur (entretien, réunion)",
    "indicateur": "Analyse d'indicateur",
}
BenefitArea = Literal["qualite", "sante-securite", "environnement"]
BENEFIT_AREAS: dict[str, str] = {"qualite": "Qualité", "sante-securite": "Santé et sécurité au travail",
                                 "environnement": "Environnement"}


class ImprovementAction(Model):
    """One improvement action: what, from which facts, for which QSE benefit and objective."""

    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,20}$", description="ex. AM1")
    titre: str = Field(min_length=1)
    constat: str = Field("", description="le constat contextualisé qui fonde l'action")
    sources: list[str] = Field(default_factory=list, description="faits du corpus cités")
    nature: EvidenceKind = "observation"
    benefices: list[BenefitArea] = Field(default_factory=list)
    avantages: str = Field("", description="avantages attendus pour la démarche QSE")
    objectif: str = Field("", description="id de l'objectif de la politique QSE servi (ex. OBJ2)")
