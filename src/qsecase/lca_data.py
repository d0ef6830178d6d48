"""The background data of the life-cycle assessment shipped with qsecase (exercise « acv-rse »).

Two files in ``qsecase/data``: ``lca_method.yaml`` (the characterisation method, an extract of EF
3.1: elementary flows and impact categories) and ``lca_datasets.yaml`` (aggregated cradle-to-gate
background datasets, per unit of product). Each is read once with :mod:`importlib.resources` and the
safe YAML loader, validated with pydantic, then cross-checked: unique ids, every dataset flow known to
the method and characterised by at least one category, every category factor naming a known flow,
physical units known to :func:`qsecase.methods.ghg.convert`, positive climate factors, weights adding
up to 100 %. Every value records its source; ``verifie: false`` marks what comes from a secondary
source or from memory.

Example:
    >>> from qsecase.lca_data import datasets, lca_method
    >>> lca_method().id, datasets()["electricite-france"].unite
    ('ef-3.1-extrait', 'kWh')
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

from pydantic import Field

from qsecase.errors import ShippedDataError
from qsecase.io.shipped import Readable, parse_shipped, validate_shipped
from qsecase.methods.base import Model
from qsecase.methods.ghg import convert
from qsecase.methods.lca import Dataset, LcaMethod

__all__ = [
    "CLIMATE",
    "DATASETS_RESOURCE",
    "METHOD_RESOURCE",
    "DatasetFile",
    "check",
    "datasets",
    "lca_method",
]

METHOD_RESOURCE = "data/lca_method.yaml"
DATASETS_RESOURCE = "data/lca_datasets.yaml"
CLIMATE = "changement-climatique"
"""Id of the climate-change category, which every method shipped must have."""


class DatasetFile(Model):
    """The datasets file: the method it is written for, its sources and the datasets."""

    methode: str = Field(min_length=1, description="id de la méthode dont les flux sont employés")
    source: str = Field(min_length=1)
    jeux_de_donnees: list[Dataset] = Field(min_length=1)


def _doubles(ids: Iterable[str]) -> list[str]:
    return sorted(i for i, n in Counter(ids).items() if n > 1)


def _unit_problem(unit: str) -> str | None:
    try:
        convert(1.0, unit, unit)
    except ValueError as exc:
        return str(exc)
    return None


def _method_problems(method: LcaMethod) -> list[str]:
    problems: list[str] = []
    if doubles := _doubles(f.id for f in method.flux):
        problems.append(f"flux élémentaires en double : {', '.join(doubles)}")
    if doubles := _doubles(c.id for c in method.categories):
        problems.append(f"catégories d'impact en double : {', '.join(doubles)}")
    for flow in method.flux:
        if flow.compartiment != "agrege" and (bad := _unit_problem(flow.unite)):
            problems.append(f"flux {flow.id} : {bad}")
    known = {f.id for f in method.flux}
    characterised: set[str] = set()
    for category in method.categories:
        characterised |= set(category.facteurs)
        if unknown := sorted(set(category.facteurs) - known):
            problems.append(f"catégorie {category.id} : flux inconnu(s) de la méthode : {', '.join(unknown)}")
    if orphans := sorted(known - characterised):
        problems.append(f"flux caractérisé(s) par aucune catégorie : {', '.join(orphans)}")
    climate = next((c for c in method.categories if c.id == CLIMATE), None)
    if climate is None:
        problems.append(f"la catégorie « {CLIMATE} » est absente")
    elif not_positive := sorted(f for f, v in climate.facteurs.items() if not v > 0):
        problems.append(f"catégorie {CLIMATE} : facteur négatif ou nul pour {', '.join(not_positive)}")
    weights = [c.ponderation for c in method.categories if c.ponderation is not None]
    if len(weights) == len(method.categories) and not math.isclose(sum(weights), 100, abs_tol=0.01):
        problems.append(f"les pondérations totalisent {sum(weights):.2f} % au lieu de 100 %")
    return problems


def _dataset_problems(method: LcaMethod, data: DatasetFile) -> list[str]:
    problems: list[str] = []
    if data.methode != method.id:
        problems.append(f"les jeux de données sont écrits pour la méthode « {data.methode} », "
                        f"la méthode livrée est « {method.id} »")
    if doubles := _doubles(d.id for d in data.jeux_de_donnees):
        problems.append(f"jeux de données en double : {', '.join(doubles)}")
    known = {f.id for f in method.flux}
    for dataset in data.jeux_de_donnees:
        if unknown := sorted(set(dataset.flux) - known):
            problems.append(f"jeu de données {dataset.id} : flux inconnu(s) de la méthode {method.id} : "
                            f"{', '.join(unknown)}")
        if bad := _unit_problem(dataset.unite):
            problems.append(f"jeu de données {dataset.id} : {bad}")
    return problems


def check(method: LcaMethod, data: DatasetFile) -> tuple[list[str], list[str]]:
    """The problems of the method and of the datasets file, in French (two empty lists: consistent)."""
    return _method_problems(method), _dataset_problems(method, data)


def _load(method_source: Readable, datasets_source: Readable, *, method_name: str,
          datasets_name: str) -> tuple[LcaMethod, dict[str, Dataset]]:
    """Read, validate and cross-check both files (the test entry point for a broken copy)."""
    method = validate_shipped(LcaMethod, parse_shipped(method_source, method_name), method_name)
    data = validate_shipped(DatasetFile, parse_shipped(datasets_source, datasets_name), datasets_name)
    method_problems, dataset_problems = check(method, data)
    if method_problems:
        raise ShippedDataError(method_name, method_problems)
    if dataset_problems:
        raise ShippedDataError(datasets_name, dataset_problems)
    return method, {d.id: d for d in data.jeux_de_donnees}


@cache
def _shipped() -> tuple[LcaMethod, dict[str, Dataset]]:
    package = files("qsecase")
    return _load(package.joinpath(METHOD_RESOURCE), package.joinpath(DATASETS_RESOURCE),
                 method_name=f"qsecase/{METHOD_RESOURCE}", datasets_name=f"qsecase/{DATASETS_RESOURCE}")


def lca_method() -> LcaMethod:
    """The shipped characterisation method (read and validated once, then cached; do not modify it).

    Raises:
        ShippedDataError: If a shipped file is missing, not YAML, invalid or inconsistent.
    """
    return _shipped()[0]


def datasets() -> dict[str, Dataset]:
    """The shipped background datasets by id (cached; do not modify).

    Raises:
        ShippedDataError: If a shipped file is missing, not YAML, invalid or inconsistent.
    """
    return _shipped()[1]
