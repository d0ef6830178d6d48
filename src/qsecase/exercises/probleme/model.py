"""Answers and answer key of the problem-solving exercise."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from qsecase.methods.actions import Action, ActionType, RootCause
from qsecase.methods.base import Model
from qsecase.methods.five_whys import WhyChain
from qsecase.methods.ishikawa import Family, Ishikawa
from qsecase.methods.qqoqcp import Qqoqcp

__all__ = [
    "TOOLS",
    "TOOL_LABELS",
    "Expected",
    "ExpectedActions",
    "ExpectedCause",
    "ExpectedRoot",
    "HandicapKey",
    "ParetoChoice",
    "ParetoKey",
    "ProblemeAnswers",
    "ProblemeKey",
    "Tool",
]

Tool = Literal["qqoqcp", "pareto", "ishikawa", "cinq_pourquoi", "arbre_des_causes",
               "brainstorming", "amdec", "8d", "histogramme", "carte_de_controle"]
TOOLS: tuple[str, ...] = Tool.__args__  # type: ignore[attr-defined]
TOOL_LABELS: dict[str, str] = {
    "qqoqcp": "QQOQCP (description du problème)",
    "pareto": "Diagramme de Pareto (hiérarchisation des données)",
    "ishikawa": "Diagramme d'Ishikawa (5M, 6M ou 7M)",
    "cinq_pourquoi": "5 Pourquoi",
    "arbre_des_causes": "Arbre des causes",
    "brainstorming": "Remue-méninges (brainstorming)",
    "amdec": "AMDEC",
    "8d": "Démarche 8D",
    "histogramme": "Histogramme",
    "carte_de_controle": "Carte de contrôle",
}


class ParetoChoice(Model):
    """Which data the trainee selects to rank the defects."""

    table: str = Field("", description="id du tableau du corpus")
    categorie: str = Field("", description="colonne des catégories (ex. type de défaut)")
    mesure: str = Field("", description="colonne numérique sommée, ou vide pour compter les lignes")
    classe_a: list[str] = Field(default_factory=list, description="catégories retenues (≈ 80 %)")
    commentaire: str = ""


class ProblemeAnswers(Model):
    outils: list[Tool] = Field(default_factory=list)
    justification_outils: str = ""
    qqoqcp: Qqoqcp = Field(default_factory=Qqoqcp)
    pareto: ParetoChoice = Field(default_factory=ParetoChoice)
    ishikawa: Ishikawa = Field(default_factory=Ishikawa)
    pourquoi: list[WhyChain] = Field(default_factory=list)
    causes_racines: list[RootCause] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)


# --- answer key -------------------------------------------------------------------------------


class Expected(Model):
    """An element the trainee is expected to write, with the wordings accepted for it."""

    libelle: str
    synonymes: list[str] = Field(default_factory=list)


class ExpectedCause(Expected):
    famille: Family


class ExpectedRoot(Expected):
    id: str
    faits: list[str] = Field(min_length=1, description="faits du corpus qui prouvent la cause")


class ExpectedActions(Model):
    cause: str = Field(description="id de la cause racine attendue")
    types: list[ActionType] = Field(min_length=1)
    exemples: list[Expected] = Field(min_length=1)


class ParetoKey(Model):
    table: str
    categorie: str
    mesures: list[str] = Field(min_length=1, description="mesures pertinentes ('' = nombre)")
    classe_a: list[str] = Field(min_length=1)


class HandicapKey(Model):
    situation: str = Field(description="la situation de handicap présente dans le cas")
    faits: list[str] = Field(default_factory=list)
    adaptations: list[Expected] = Field(min_length=1)


class ProblemeKey(Model):
    exercise: Literal["probleme"] = "probleme"
    outils_attendus: list[Tool] = Field(min_length=1)
    outils_inadaptes: list[Tool] = Field(default_factory=list)
    qqoqcp: dict[Literal["qui", "quoi", "ou", "quand", "comment", "combien", "pourquoi"],
                 list[Expected]]
    pareto: ParetoKey
    ishikawa: list[ExpectedCause] = Field(min_length=1)
    causes_racines: list[ExpectedRoot] = Field(min_length=1)
    actions: list[ExpectedActions] = Field(min_length=1)
    handicap: HandicapKey
    responsables: list[str] = Field(default_factory=list,
                                    description="fonctions ou noms acceptés comme responsables")
    horizon_mois: int = Field(12, ge=1, description="échéance maximale réaliste après date_cas")
    date_analyse: dt.date | None = None
