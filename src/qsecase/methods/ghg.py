"""Greenhouse-gas assessment (BEGES): activity data × emission factors, by scope, category and post.

Regulatory method v5 (C. env. L229-25, décret n° 2022-982): 6 categories, 22 posts aligned on
ISO 14064-1:2018; scopes after the GHG Protocol (scope 1 = category 1, scope 2 = category 2,
scope 3 = categories 3 to 6) — qse-facts §4.3. Emission factors ship as data with their source,
unit and year (``data/emission_factors.yaml``, ADEME Base Empreinte values and IPCC AR6 GWP100,
qse-facts §4.4–4.5). Emissions (kg CO₂e) = activity datum × factor; a unit that does not convert
to the factor's unit is an error, never a silent computation. Pure.
"""

from __future__ import annotations

from pydantic import Field

from qsecase.methods.base import Model

__all__ = ["ActivityLine", "EmissionFactor"]


class EmissionFactor(Model):
    """An emission factor, with where it comes from."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,59}$", description="ex. electricite-france")
    libelle: str
    valeur: float = Field(ge=0)
    unite: str = Field(description="unité de la donnée d'activité, ex. kWh, L, t.km, kg")
    poste: str = Field(pattern=r"^[1-6]\.[1-5]$", description="poste réglementaire, ex. 2.1")
    incertitude: float = Field(0.1, ge=0, le=1, description="incertitude relative (0,1 = 10 %)")
    source: str = Field(min_length=1)
    annee: int | None = None
    verifie: bool = True
    note: str = ""


class ActivityLine(Model):
    """One activity datum of the assessment, tied to a factor."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,20}$", description="ex. A3")
    poste: str = Field("", description="poste réglementaire (ex. 1.1) ; vide : celui du facteur")
    description: str = ""
    quantite: float = Field(ge=0)
    unite: str = Field(min_length=1, description="unité de la quantité, ex. MWh, m³, L, t, km")
    facteur: str = Field(min_length=1, description="id du facteur d'émission")
    sources: list[str] = Field(default_factory=list, description="faits du corpus (factures, relevés)")
