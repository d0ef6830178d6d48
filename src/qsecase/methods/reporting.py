"""What the QSE officer passes on to the manager, in normal times and in a crisis; lot traceability
for a product recall. Pure."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from qsecase.methods.base import Model

__all__ = ["CrisisAnswer", "ReportItem", "ReportKind"]

ReportKind = Literal["écart", "tendance", "événement", "veille"]


class ReportItem(Model):
    """One piece of information selected for the manager."""

    sujet: str = Field(min_length=1)
    type: ReportKind = "écart"
    sources: list[str] = Field(default_factory=list, description="indicateurs, textes ou faits cités")
    gravite: int = Field(2, ge=1, le=4, description="gravité de l'impact potentiel, 1 faible … 4 critique")
    message: str = ""
    destinataire: str = ""


class CrisisAnswer(Model):
    """The trainee's answer to the crisis scenario (e.g. a recall after a supplier alert)."""

    lot_origine: str = Field("", description="lot en cause (matière ou produit)")
    lots_concernes: list[str] = Field(default_factory=list, description="lots de produits finis")
    clients: list[str] = Field(default_factory=list)
    quantite: float | None = Field(None, ge=0)
    preuves: list[str] = Field(default_factory=list, description="preuves de conformité à rassembler")
    message: str = Field("", description="message au dirigeant")
