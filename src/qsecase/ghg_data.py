"""The emission factors and the posts of the regulatory GHG method shipped with qsecase.

Data (``qsecase/data/emission_factors.yaml``), read once with :mod:`importlib.resources` and the
safe YAML loader, validated with pydantic; each factor records its source, its year and whether
the reference sheet marks it unverified (``verifie``); the post titles are all unverified.

Example:

    >>> from qsecase.ghg_data import emission_factors, posts
    >>> emission_factors()["fuite-r410a"].valeur, posts()["1.4"].scope
    (2255.0, '1')
"""

from __future__ import annotations

from functools import cache

from pydantic import Field, model_validator

from qsecase.io.shipped import load_shipped
from qsecase.methods.base import Model
from qsecase.methods.ghg import EmissionFactor, Post, Scope, convert

__all__ = ["FACTORS_RESOURCE", "GhgData", "Post", "categories", "emission_factors", "load_ghg_data",
           "posts"]

FACTORS_RESOURCE = "data/emission_factors.yaml"


class _PostEntry(Model):
    titre: str = Field(min_length=1)
    categorie: int = Field(ge=1, le=6)
    scope: Scope
    verifie: bool = True


class GhgData(Model):
    """The shipped file: factors, category titles and posts (number → entry)."""

    titre: str
    source: str
    facteurs: list[EmissionFactor] = Field(min_length=1)
    categories: dict[int, str]
    postes: dict[str, _PostEntry]

    @model_validator(mode="after")
    def _consistent(self) -> GhgData:
        if sorted(self.categories) != [1, 2, 3, 4, 5, 6]:
            raise ValueError("les catégories doivent être numérotées de 1 à 6")
        for numero, entry in self.postes.items():
            Post(numero=numero, **entry.model_dump())  # number, category and scope agree
        ids = [f.id for f in self.facteurs]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise ValueError(f"facteurs en double : {', '.join(doubles)}")
        for f in self.facteurs:
            if f.poste not in self.postes:
                raise ValueError(f"facteur {f.id} : poste {f.poste} absent de « postes »")
            convert(1.0, f.unite, f.unite)  # the unit is one qsecase knows
        return self


@cache
def load_ghg_data() -> GhgData:
    """The whole shipped file (read and validated once, then cached; do not modify it).

    Raises:
        QsecaseError: If the shipped file is missing, not YAML or invalid.
    """
    return load_shipped(FACTORS_RESOURCE, GhgData)


@cache
def emission_factors() -> dict[str, EmissionFactor]:
    """The emission factors by id (cached; do not modify)."""
    return {f.id: f for f in load_ghg_data().facteurs}


@cache
def posts() -> dict[str, Post]:
    """The 22 posts of the regulatory method by number, « 1.1 » to « 6.1 » (cached; do not modify)."""
    return {numero: Post(numero=numero, **entry.model_dump())
            for numero, entry in sorted(load_ghg_data().postes.items())}


def categories() -> dict[int, str]:
    """The titles of the 6 categories of the regulatory method (1 to 6)."""
    return dict(load_ghg_data().categories)
