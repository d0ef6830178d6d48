"""Mandatory SST follow-up: trainings, authorisations, medical follow-up, periodic checks, registers.

The rules (validity, periodicity, legal basis, source) are data shipped with qsecase
(``data/sst_rules.yaml``); this module holds their model, the register's model and the due-date
logic. Pure.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Model

__all__ = ["ALERT_DAYS", "AlertLevel", "RegisterEntry", "Rule", "RuleKind"]

RuleKind = Literal["formation", "habilitation", "suivi_medical", "verification", "registre",
                   "exercice"]

ALERT_DAYS: tuple[int, ...] = (30, 60, 90)
"""Alert windows before a due date (days), as the référentiel's tracking tools use."""

AlertLevel = Literal["expiré", "≤ 30 j", "≤ 60 j", "≤ 90 j", "à jour", "sans date"]


class Rule(Model):
    """One follow-up obligation: what must be renewed or checked, how often, on which basis."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    libelle: str
    type: RuleKind
    periodicite_mois: int | None = Field(None, ge=1, description="None : pas de renouvellement")
    base: str = Field(description="texte de référence (article, arrêté, norme, recommandation)")
    source: str = Field(description="où le fait a été relevé")
    verifie: bool = Field(True, description="False : fait à confirmer sur le texte en vigueur")
    note: str = ""


class RegisterEntry(Model):
    """A line of the trainee's tracking register: one obligation for one person or one item."""

    regle: str = Field(description="id de la règle (data/sst_rules.yaml)")
    objet: str = Field(description="salarié, équipement, installation ou registre concerné (id)")
    derniere_date: dt.date | None = Field(None, description="date d'obtention ou de la "
                                          "dernière vérification")
    echeance: dt.date | None = Field(None, description="prochaine échéance (calculée par le "
                                     "stagiaire ; qsecase la recalcule)")
    faits: list[str] = Field(default_factory=list, description="ids des faits du corpus")
    commentaire: str = ""
