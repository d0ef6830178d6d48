"""RSE (ISO 26000) actions in favour of sustainable development, argued against the organisation's
RSE policy, the UN Sustainable Development Goals (ODD) and the reference texts.

The ODD, the seven ISO 26000 core subjects and the catalogue of reference texts ship as data
(``data/rse_references.yaml``, loaded by ``qsecase.rse_data``) with their source. Pure.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from qsecase.methods.base import Model

__all__ = ["CoreSubject", "PositiveImpact", "RseAction", "Stakeholder"]

CoreSubject = Literal["gouvernance", "droits-homme", "relations-travail", "environnement",
                      "loyaute-pratiques", "consommateurs", "communautes"]
"""The seven core subjects of ISO 26000:2010 (qse-facts §6)."""

Stakeholder = Literal["salaries", "clients", "fournisseurs", "actionnaires", "riverains",
                      "collectivites", "associations", "etat", "autre"]

Dimension = Literal["environnementale", "sociale", "economique", "gouvernance"]


class PositiveImpact(Model):
    """An expected positive impact of an action, argued and, where possible, quantified."""

    dimension: Dimension
    description: str = Field("", description="l'impact attendu et pourquoi (argument)")
    indicateur: str = Field("", description="comment on le mesurera")
    valeur_cible: str = Field("", description="ex. −30 % de CO₂ éq. par pièce fin 2028")


class RseAction(Model):
    """A sustainable-development action recommended to support the organisation's RSE policy."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,20}$", description="ex. R1")
    libelle: str = ""
    objectifs: list[str] = Field(default_factory=list, description="objectifs de la politique RSE "
                                 "soutenus (faits du corpus, ex. RSE2)")
    odd: list[int] = Field(default_factory=list, description="numéros des ODD (1 à 17)")
    questions_centrales: list[CoreSubject] = Field(default_factory=list)
    parties_prenantes: list[Stakeholder] = Field(default_factory=list)
    impacts: list[PositiveImpact] = Field(default_factory=list)
    textes: list[str] = Field(default_factory=list, description="textes de référence (ids du "
                              "catalogue, ex. iso-26000, loi-agec)")
    faits: list[str] = Field(default_factory=list, description="faits du corpus qui fondent l'action")
    scenario: str = Field("", description="scénario d'écoconception dont l'action découle, s'il y a")
    responsable: str = ""
    echeance: str = ""
