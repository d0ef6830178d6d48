"""Environmental registers and the data-collection plan (3-1). Pure.

The chronological register of outgoing waste (C. env. R541-43; content fixed by the arrêté du
31 mai 2021 — field list reconstructed by qse-facts §4.2, to be checked against the consolidated
text); treatment codes R1–R13 / D1–D15 (annexes I and II of directive 2008/98/CE); a hazardous
waste (code with « * ») travels with a BSD / Trackdéchets number.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Model

__all__ = ["TREATMENT_KINDS", "CollectionItem", "TreatmentKind", "WasteLine"]

TreatmentKind = Literal["réutilisation", "recyclage", "autre valorisation", "élimination"]
TREATMENT_KINDS: tuple[str, ...] = TreatmentKind.__args__  # type: ignore[attr-defined]


class WasteLine(Model):
    """One line of the chronological register of outgoing waste."""

    date: dt.date | None = None
    denomination: str = ""
    code_dechet: str = Field("", description="code de la nomenclature, ex. 12 01 01 ou 13 02 05*")
    quantite: float | None = Field(None, ge=0)
    unite: Literal["t", "m³", "kg"] = "t"
    installation: str = Field("", description="nom, adresse et SIRET de l'installation destinataire")
    transporteur: str = Field("", description="nom, adresse et n° de récépissé du transporteur")
    bordereau: str = Field("", description="n° de BSD / Trackdéchets (déchet dangereux)")
    code_traitement: str = Field("", description="R1 à R13 ou D1 à D15")
    qualification: TreatmentKind | None = None
    sources: list[str] = Field(default_factory=list, description="bon d'enlèvement, ticket de pesée")


class CollectionItem(Model):
    """One datum of the data-collection plan: who holds it, when it is due, how it is chased."""

    donnee: str = Field(min_length=1, description="ex. consommation d'électricité mensuelle")
    acteur: str = Field("", description="fonction qui détient la donnée")
    support: str = Field("", description="facture, relevé de compteur, bon de pesée…")
    echeance_jour: int | None = Field(None, ge=1, le=31, description="jour du mois suivant")
    relance_jours: int | None = Field(None, ge=1, le=60, description="délai avant relance")
    relance: str = Field("", description="comment et à qui la relance est faite")
