"""Environmental analysis (ISO 14001 § 6.1.2): aspects and impacts of every activity, in normal,
abnormal and emergency situations, rated for significance. Pure.

Usual rating (qse-facts §4.1, usage, not normative): criticité = gravité (1–4) × fréquence (1–4),
significant from the organisation's threshold; an aspect under a legal requirement or a complaint
of an interested party is significant whatever its rating.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from qsecase.methods.base import Model

__all__ = ["DIAGNOSTIC_TOOLS", "SITUATIONS", "DiagnosticTool", "EnvAspect", "EnvSituation"]

EnvSituation = Literal["normale", "anormale", "urgence"]
SITUATIONS: tuple[str, ...] = ("normale", "anormale", "urgence")
DiagnosticTool = Literal["mesure d'émissions", "mesure de rejets aqueux", "mesure de bruit",
                         "empreinte eau", "étude de biodiversité", "BEGES", "bilan matière", "autre"]
DIAGNOSTIC_TOOLS: tuple[str, ...] = DiagnosticTool.__args__  # type: ignore[attr-defined]


class EnvAspect(Model):
    """One line of the environmental analysis table."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,20}$", description="ex. AE4")
    activite: str = Field(min_length=1, description="activité ou processus")
    aspect: str = Field(min_length=1, description="ex. consommation d'électricité, rejet d'huile")
    impact: str = Field("", description="ex. épuisement des ressources, pollution des sols")
    situation: EnvSituation = "normale"
    direct: bool = True
    exigence_legale: str = Field("", description="texte applicable, s'il y en a un")
    plainte: bool = Field(False, description="plainte ou attente d'une partie intéressée")
    g: int = Field(ge=1, le=4, description="gravité de l'impact")
    f: int = Field(ge=1, le=4, description="fréquence ou probabilité")
    significatif: bool = False
    maitrise: str = Field("", description="maîtrise existante")
    outil: DiagnosticTool | None = Field(None, description="outil de diagnostic utilisé")
    action: str = ""
    sources: list[str] = Field(default_factory=list)
