"""The AMDEC rating scales and the AIAG-VDA action priority table shipped with qsecase.

Both are data (``qsecase/data/fmea_scales.yaml`` and ``fmea_action_priority.yaml``), read once
with :mod:`importlib.resources` and validated here; each records its source and whether it was
checked against the handbook (``verifie``).

Example:

    >>> from qsecase.fmea_data import load_action_priority
    >>> load_action_priority().lookup(9, 1, 10).priority
    'L'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import Field, model_validator

from qsecase.io.shipped import load_shipped
from qsecase.methods.base import Model

__all__ = ["AP_RESOURCE", "SCALES_RESOURCE", "ActionPriority", "ApCell", "ApDispute", "ApTable",
           "FmeaScales", "RatingScale", "ScaleLevel", "band_values", "load_action_priority",
           "load_scales"]

SCALES_RESOURCE = "data/fmea_scales.yaml"
AP_RESOURCE = "data/fmea_action_priority.yaml"
ActionPriority = Literal["H", "M", "L"]
Axis = Literal["g", "o", "d"]


class ScaleLevel(Model):
    """One rating of a scale: the handbook's qualifier and descriptors, in French."""

    note: int = Field(ge=1, le=10)
    niveau: str
    critere: str
    complement: str = ""
    indication: str = ""


class RatingScale(Model):
    """A 1–10 scale (G, O or D) with its descriptors and its source."""

    lettre: Literal["G", "O", "D"]
    nom: str
    question: str
    colonnes: list[str] = Field(min_length=2, max_length=2)
    source: str
    verifie: bool
    note: str = ""
    niveaux: list[ScaleLevel]

    @model_validator(mode="after")
    def _ten_levels(self) -> RatingScale:
        if sorted(level.note for level in self.niveaux) != list(range(1, 11)):
            raise ValueError(f"l'échelle {self.lettre} doit décrire chaque note de 1 à 10 une fois")
        return self

    def level(self, note: int) -> ScaleLevel:
        """The descriptors of ``note`` (1–10); ``KeyError`` otherwise."""
        for level in self.niveaux:
            if level.note == note:
                return level
        raise KeyError(note)


class FmeaScales(Model):
    titre: str
    verifie: bool
    avertissement: str
    echelles: list[RatingScale]

    def scale(self, lettre: str) -> RatingScale:
        """The scale ``"G"``, ``"O"`` or ``"D"``; ``KeyError`` otherwise."""
        for scale in self.echelles:
            if scale.lettre == lettre:
                return scale
        raise KeyError(lettre)


def band_values(band: str) -> range:
    """The ratings of a band label: ``"9-10"`` → 9, 10; ``"1"`` → 1."""
    low, _, high = band.partition("-")
    return range(int(low), int(high or low) + 1)


class ApDispute(Model):
    """A cell on which the sources disagree, with the value retained meanwhile."""

    g: str
    o: str
    d: str
    retenu: ActionPriority
    lectures: dict[ActionPriority, str]
    note: str = ""


@dataclass(frozen=True)
class ApCell:
    """The action priority of one (G, O, D), with the bands it fell in and its status.

    Attributes:
        priority: ``"H"``, ``"M"`` or ``"L"``.
        bands: The (G, O, D) bands, e.g. ``("9-10", "2-3", "2-4")``.
        verified: False when the sources disagree on this cell (see ``note``).
        note: Why the cell is not verified, empty otherwise.
    """

    priority: ActionPriority
    bands: tuple[str, str, str]
    verified: bool
    note: str = ""


class ApTable(Model):
    """The action priority table: bands of G, O, D and one H/M/L per band triple."""

    titre: str
    verifie: bool
    source: str
    sources: list[str]
    note: str = ""
    bandes: dict[Axis, list[str]]
    signification: dict[ActionPriority, str]
    table: dict[str, dict[str, list[ActionPriority]]]
    a_verifier: list[ApDispute] = Field(default_factory=list)

    @model_validator(mode="after")
    def _complete(self) -> ApTable:
        for axis in ("g", "o", "d"):
            covered = sorted(v for band in self.bandes[axis] for v in band_values(band))
            if covered != list(range(1, 11)):
                raise ValueError(f"les bandes de {axis.upper()} doivent couvrir 1 à 10 sans recouvrement")
        for g in self.bandes["g"]:
            for o in self.bandes["o"]:
                row = self.table.get(g, {}).get(o)
                if row is None or len(row) != len(self.bandes["d"]):
                    raise ValueError(f"table incomplète : G {g}, O {o} (une valeur par bande de D)")
        return self

    def band(self, axis: Axis, value: int) -> str:
        """The band of ``axis`` holding ``value``; ``ValueError`` outside 1–10."""
        for band in self.bandes[axis]:
            if value in band_values(band):
                return band
        raise ValueError(f"{axis.upper()} = {value} : la note se cote de 1 à 10")

    def lookup(self, g: int, o: int, d: int) -> ApCell:
        """The action priority of ratings ``g``, ``o``, ``d`` (each 1–10)."""
        bands = (self.band("g", g), self.band("o", o), self.band("d", d))
        priority = self.table[bands[0]][bands[1]][self.bandes["d"].index(bands[2])]
        for dispute in self.a_verifier:
            if (dispute.g, dispute.o, dispute.d) == bands:
                return ApCell(dispute.retenu, bands, False, dispute.note)
        return ApCell(priority, bands, True)


@cache
def load_scales() -> FmeaScales:
    """The G, O, D scales (read and validated once, then cached; do not modify them).

    Raises:
        QsecaseError: If the shipped file is missing, not YAML or invalid.
    """
    return load_shipped(SCALES_RESOURCE, FmeaScales)


@cache
def load_action_priority() -> ApTable:
    """The AIAG-VDA action priority table (read and validated once, then cached).

    Raises:
        QsecaseError: If the shipped file is missing, not YAML or invalid.
    """
    return load_shipped(AP_RESOURCE, ApTable)
