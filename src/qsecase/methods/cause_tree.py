"""Arbre des causes (INRS method, ED 6163): facts, links from antecedent to consequence. Pure.

Built back from the injury (the final fact, on the right); links are read left to right in
chronological order. The link types are structural: one antecedent = enchaînement, several
antecedents of one fact = conjonction, several consequences of one fact = disjonction.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from qsecase.methods.base import Model

__all__ = ["CauseTree", "FactCategory", "FactKind", "TreeFact", "TreeLink"]

FactKind = Literal["inhabituel", "permanent"]
FactCategory = Literal["I", "T", "Ma", "Mi"]
"""Individu, Tâche, Matériel, Milieu (classification usuelle des faits)."""


class TreeFact(Model):
    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,20}$", description="ex. F1")
    texte: str
    nature: FactKind = "inhabituel"
    categorie: FactCategory | None = None
    sources: list[str] = Field(default_factory=list, description="ids des faits du corpus "
                               "(rapport, témoignages) qui l'établissent")
    hypothese: bool = Field(False, description="fait non vérifié (tracé en pointillé)")
    cause_racine: bool = Field(False, description="fait retenu comme cause racine à traiter")


class TreeLink(Model):
    antecedent: str = Field(description="id du fait antécédent (à gauche)")
    consequence: str = Field(description="id du fait qui en résulte (à droite)")


class CauseTree(Model):
    faits: list[TreeFact] = Field(default_factory=list)
    liens: list[TreeLink] = Field(default_factory=list)

    def fact(self, fact_id: str) -> TreeFact:
        for f in self.faits:
            if f.id == fact_id:
                return f
        raise KeyError(fact_id)
