"""Answers and answer key of the life-cycle assessment and RSE exercise (3-5, 3-6)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from qsecase.exercises.probleme.model import Expected
from qsecase.methods.base import Model
from qsecase.methods.lca import Lever, ProductSystem, Scenario
from qsecase.methods.rse import CoreSubject, RseAction

__all__ = ["AcvRseAnswers", "AcvRseKey", "ExpectedExchange", "ExpectedRseAction", "Reading"]


class Reading(Model):
    """The trainee's reading of the results: a hotspot named and what it suggests."""

    cible: str = Field("", description="étape (ex. matieres) ou id de processus / jeu de données")
    categorie: str = Field("", description="catégorie d'impact concernée")
    constat: str = Field("", description="ce que montrent les résultats (part, valeur)")
    piste: str = Field("", description="la piste d'écoconception qui en découle")


class AcvRseAnswers(Model):
    # 3-5 LCA: the tool filled from the corpus, results read, eco-design scenarios
    systeme: ProductSystem = Field(default_factory=ProductSystem)
    lectures: list[Reading] = Field(default_factory=list)
    scenarios: list[Scenario] = Field(default_factory=list)
    conclusion: str = Field("", description="recommandation d'écoconception argumentée")
    # 3-6 RSE
    actions_rse: list[RseAction] = Field(default_factory=list)


# --- answer key -------------------------------------------------------------------------------


class ExpectedExchange(Model):
    """A datum of the corpus that the tool must hold: an amount of a provider per functional unit."""

    fournisseur: str = Field(description="jeu de données ou fournisseur attendu")
    etape: str = Field(description="étape du cycle de vie où il doit figurer")
    quantite: float = Field(gt=0, description="quantité par unité fonctionnelle, dans l'unité du "
                            "fournisseur")
    alternatives: list[str] = Field(default_factory=list, description="autres jeux acceptés")
    faits: list[str] = Field(default_factory=list, description="faits du corpus qui la donnent")
    libelle: str = ""


class ExpectedRseAction(Expected):
    objectifs: list[str] = Field(min_length=1, description="objectifs RSE qu'elle peut soutenir")
    odd: list[int] = Field(min_length=1)
    questions_centrales: list[CoreSubject] = Field(min_length=1)
    textes: list[str] = Field(default_factory=list, description="textes de référence pertinents")


class AcvRseKey(Model):
    exercise: Literal["acv-rse"] = "acv-rse"
    systeme: ProductSystem = Field(description="le modèle de référence du formateur")
    donnees: list[ExpectedExchange] = Field(min_length=5, description="données du corpus à utiliser")
    tolerance: float = Field(0.05, gt=0, le=0.5, description="écart relatif toléré sur les résultats "
                             "et les quantités")
    categories: list[str] = Field(min_length=1, description="catégories d'impact notées")
    points_chauds: list[str] = Field(min_length=1, description="étapes ou fournisseurs qui dominent "
                                     "le changement climatique")
    leviers: list[Lever] = Field(min_length=2, description="leviers d'écoconception pertinents")
    transferts: list[str] = Field(default_factory=list, description="transferts de pollution qu'un "
                                  "scénario pertinent fait apparaître (ex. catégorie ou étape)")
    objectifs_rse: list[str] = Field(min_length=2, description="objectifs de la politique RSE")
    actions_rse: list[ExpectedRseAction] = Field(min_length=2)
    textes_attendus: list[str] = Field(default_factory=list, description="textes de référence qu'un "
                                       "bon dossier cite")
