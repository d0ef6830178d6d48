"""Flows of water, energy, raw materials and waste, normalised by activity, before and after the
environmental actions (3-3, 3-4). Pure."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from qsecase.methods.base import Model

__all__ = ["ActionVerdict", "FlowReading", "WasteActor"]

ActionVerdict = Literal["efficace", "partiellement efficace", "non efficace"]


class WasteActor(Model):
    """A waste of flow or material, and who can act on it."""

    gaspillage: str = Field(min_length=1)
    sources: list[str] = Field(default_factory=list)
    service: str = ""
    fonction: str = ""
    action_simple: str = Field("", description="action simple que le stagiaire peut mener")
    modalite: str = Field("", description="comment la mettre en œuvre avec cet acteur")


class FlowReading(Model):
    """The trainee's reading of one action's effect on a flow, normalised by activity."""

    action: str = Field(min_length=1, description="id de l'action du corpus (ex. PE2)")
    flux: str = Field("", description="colonne du tableau des flux")
    ratio_avant: float | None = None
    ratio_apres: float | None = None
    unite: str = Field("", description="ex. m³/t, kWh/pièce")
    verdict: ActionVerdict | None = None
    justification: str = ""
