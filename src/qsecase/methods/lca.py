"""Life-cycle assessment (ACV, ISO 14040/14044): product system, matrix computation, interpretation.

Standard matrix form (Heijungs & Suh 2002, notation of Brightway / bw2calc — qse-facts §5):
``A`` technosphere (products × activities, production on the diagonal, consumption negative),
``f`` final demand, ``A s = f`` solved as a sparse linear system (never an explicit inverse),
``B`` biosphere (elementary flows × activities), inventory ``g = B s``, ``C`` characterisation
(categories × flows), impacts ``h = C g``; contributions keep ``C B diag(s)``.

Foreground processes are what the trainee enters from the corpus (one reference product each);
background datasets (``data/lca_datasets.yaml``) are aggregated cradle-to-gate datasets, each with
its source. A process may consume its own product (a loop): the linear system handles it. Pure:
no widgets, no files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Model

__all__ = [
    "LEVERS",
    "STAGES",
    "Change",
    "Contribution",
    "Dataset",
    "DirectFlow",
    "ElementaryFlow",
    "Exchange",
    "Gain",
    "ImpactCategory",
    "LcaMethod",
    "LcaResult",
    "Lever",
    "Parameter",
    "Process",
    "ProductSystem",
    "Scenario",
    "Sensitivity",
    "Shift",
    "Stage",
]

Stage = Literal["matieres", "fabrication", "emballage", "distribution", "utilisation", "fin-de-vie"]
STAGES: dict[str, str] = {
    "matieres": "Extraction et transformation des matières premières",
    "fabrication": "Fabrication",
    "emballage": "Emballage",
    "distribution": "Distribution et transport",
    "utilisation": "Utilisation",
    "fin-de-vie": "Fin de vie",
}
"""Life-cycle stages, in order, with their French labels (qse-facts §5, « étapes du cycle de vie »)."""

_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$"



# --- background data (shipped in data/, loaded by qsecase.lca_data) -------------------------------


class ElementaryFlow(Model):
    """An elementary flow exchanged with the environment (an emission or a resource)."""

    id: str = Field(pattern=_ID, description="ex. co2-fossile-air")
    libelle: str
    compartiment: Literal["air", "eau", "sol", "ressource", "agrege"]
    unite: str = Field(min_length=1, description="ex. kg, MJ, m³")
    note: str = ""


class Dataset(Model):
    """A background dataset: an aggregated process giving elementary flows per unit of product."""

    id: str = Field(pattern=_ID, description="ex. aluminium-primaire")
    libelle: str
    unite: str = Field(min_length=1, description="unité du produit, ex. kg, kWh, t.km")
    flux: dict[str, float] = Field(min_length=1, description="flux élémentaire → quantité par unité")
    matiere: bool = Field(False, description="vrai pour une matière (comptée au bilan matière)")
    geographie: str = ""
    source: str = Field(min_length=1)
    annee: int | None = None
    verifie: bool = True
    note: str = ""


class ImpactCategory(Model):
    """An impact category with the characterisation factors of its elementary flows."""

    id: str = Field(pattern=_ID, description="ex. changement-climatique")
    libelle: str
    unite: str = Field(min_length=1, description="ex. kg CO₂ éq.")
    facteurs: dict[str, float] = Field(min_length=1, description="flux élémentaire → facteur")
    normalisation: float | None = Field(None, gt=0, description="référence de normalisation "
                                        "(impact annuel d'un habitant), même unité")
    ponderation: float | None = Field(None, ge=0, le=100, description="pondération EF, en %")
    source: str = Field(min_length=1)
    verifie: bool = True
    note: str = ""


class LcaMethod(Model):
    """A characterisation method: its elementary flows and impact categories."""

    id: str = Field(pattern=_ID)
    libelle: str
    flux: list[ElementaryFlow] = Field(min_length=1)
    categories: list[ImpactCategory] = Field(min_length=1)
    source: str = Field(min_length=1)


# --- foreground: what the trainee enters ----------------------------------------------------------


class Exchange(Model):
    """An input of a foreground process: an amount of another process's or a dataset's product."""

    fournisseur: str = Field(min_length=1, description="id d'un processus du système ou d'un jeu "
                             "de données d'arrière-plan")
    quantite: float = Field(description="par unité produite par le processus ; une quantité "
                            "négative est signalée comme erreur de saisie")
    unite: str = Field("", description="unité de la quantité ; doit se convertir dans l'unité du "
                       "produit du fournisseur")
    sources: list[str] = Field(default_factory=list, description="faits du corpus cités")
    note: str = ""


class DirectFlow(Model):
    """An elementary flow emitted (or taken) directly by a foreground process."""

    flux: str = Field(min_length=1, description="id d'un flux élémentaire de la méthode")
    quantite: float
    unite: str = ""
    sources: list[str] = Field(default_factory=list)


class Process(Model):
    """A foreground process: one reference product, its inputs and direct flows."""

    id: str = Field(pattern=_ID, description="ex. P2")
    libelle: str = ""
    etape: Stage
    unite: str = Field("p", description="unité du produit de référence, ex. p, kg, t.km")
    production: float = Field(1.0, description="quantité de produit par exécution du processus")
    intrants: list[Exchange] = Field(default_factory=list)
    emissions: list[DirectFlow] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)


class ProductSystem(Model):
    """The product system of the study: functional unit, reference flow and foreground processes."""

    unite_fonctionnelle: str = Field("", description="performance quantifiée du système")
    flux_reference: str = Field("", description="quantité de produit remplissant l'unité "
                                "fonctionnelle, en clair")
    processus_reference: str = Field("", description="id du processus dont le produit répond à "
                                     "l'unité fonctionnelle")
    quantite_reference: float = Field(1.0, description="quantité de ce produit par unité "
                                      "fonctionnelle")
    masse_produit_kg: float | None = Field(None, description="masse d'un produit, pour le bilan "
                                           "matière")
    processus: list[Process] = Field(default_factory=list)


# --- interpretation: parameters and scenarios ---------------------------------------------------


class Parameter(Model):
    """An amount to vary in a sensitivity check: one exchange of one foreground process."""

    processus: str
    fournisseur: str
    libelle: str = ""


Lever = Literal["matiere", "masse", "transport", "energie", "emballage", "fin-de-vie", "utilisation",
                "autre"]
LEVERS: dict[str, str] = {
    "matiere": "Choix des matières",
    "masse": "Réduction de masse",
    "transport": "Mode et distance de transport",
    "energie": "Énergie de fabrication",
    "emballage": "Emballage",
    "fin-de-vie": "Fin de vie (recyclage, réemploi)",
    "utilisation": "Utilisation (durée de vie, entretien)",
    "autre": "Autre",
}


class Change(Model):
    """One change of an eco-design scenario, on one exchange of one foreground process: modify it
    (substitution and/or new amount), add a new input, or remove an input."""

    action: Literal["modifier", "ajouter", "retirer"] = "modifier"
    processus: str = Field(min_length=1)
    fournisseur: str = Field(min_length=1, description="l'intrant modifié ou retiré (fournisseur "
                             "actuel), ou le fournisseur de l'intrant ajouté")
    remplacer_par: str = Field("", description="nouveau fournisseur (substitution) ; vide : aucun")
    quantite: float | None = Field(None, description="nouvelle quantité ; vide : inchangée")
    unite: str = ""


class Scenario(Model):
    """An eco-design alternative: changes applied to a copy of the baseline system."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,20}$", description="ex. S1")
    libelle: str = ""
    levier: Lever = "autre"
    modifications: list[Change] = Field(default_factory=list)
    justification: str = Field("", description="pourquoi cette piste, d'après les résultats")
    sources: list[str] = Field(default_factory=list)


# --- results (computed by qsecase.methods.lca_engine) -------------------------------------------------------


@dataclass(frozen=True)
class LcaResult:
    """The results of one product system per functional unit.

    Contributions of a foreground process include the background datasets it consumes directly
    (datasets are aggregated: they have no technosphere inputs); ``by_stage`` sums them by stage.
    """

    categories: tuple[str, ...]
    """Category ids, in the method's order."""
    units: dict[str, str]
    """category → unit."""
    impacts: dict[str, float]
    """category → total per functional unit."""
    by_stage: dict[str, dict[str, float]]
    """category → stage → value (every stage of :data:`STAGES`, zeros included)."""
    by_process: dict[str, dict[str, float]]
    """category → foreground process id → value (its direct flows and its background inputs)."""
    by_dataset: dict[str, dict[str, float]]
    """category → dataset id (or ``direct`` for direct flows) → value."""
    supply: dict[str, float]
    """activity id → scaling (how many times each process or dataset runs)."""
    inventory: dict[str, float]
    """elementary flow id → amount per functional unit."""
    missing: dict[str, tuple[str, ...]]
    """category → datasets used that carry no characterised flow for it (incomplete coverage)."""


@dataclass(frozen=True)
class Contribution:
    """One line of a contribution (hotspot) analysis."""

    name: str
    value: float
    share: float
    """value / total (0.42 = 42 %)."""
    cumulative: float


@dataclass(frozen=True)
class Sensitivity:
    """How much a category result moves when one parameter moves (elasticity: %Δh / %Δx)."""

    parameter: Parameter
    category: str
    elasticity: float


@dataclass(frozen=True)
class Gain:
    """A scenario against the baseline, for one category (negative delta: a gain)."""

    category: str
    baseline: float
    variant: float
    delta: float
    relative: float
    """delta / baseline (−0.3 = 30 % less)."""


@dataclass(frozen=True)
class Shift:
    """A burden shift: a category, or a stage within a category, that worsens while the scenario
    improves something else."""

    kind: Literal["categorie", "etape"]
    category: str
    stage: str
    baseline: float
    variant: float
    relative: float
    message: str
    """In French, e.g. « l'étape Distribution passe de 0,4 à 0,9 kg CO₂ éq. (+125 %) »."""
