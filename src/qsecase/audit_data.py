"""The ISO clause catalogue and the documented information required, shipped with qsecase.

Both are data (``qsecase/data/iso_clauses.yaml`` and ``iso_documented_information.yaml``), read
once with :mod:`importlib.resources` and the safe YAML loader, validated with pydantic; each
records its source and whether it was checked against the standards (``verifie``). Only clause
numbers and short titles are shipped, never the requirements of the standards.

Example:

    >>> from qsecase.audit_data import clause_title
    >>> clause_title("ISO 45001", "5.4")
    'Consultation et participation des travailleurs'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Literal

from pydantic import Field, model_validator

from qsecase.io.shipped import load_shipped
from qsecase.methods.audit import STANDARDS, Standard, clause_key
from qsecase.methods.base import Model

__all__ = ["CLAUSES_RESOURCE", "DOCUMENTED_INFORMATION_RESOURCE", "REGULATION", "ClauseCatalogue",
           "DocumentedInformation", "Nature", "RequiredInformation", "StandardClauses",
           "clause_catalogue", "clause_title", "documented_information", "load_clause_catalogue",
           "load_documented_information"]

CLAUSES_RESOURCE = "data/iso_clauses.yaml"
DOCUMENTED_INFORMATION_RESOURCE = "data/iso_documented_information.yaml"
REGULATION = "réglementation"
"""The « referentiel » of the regulatory records (beside the three standards)."""

Nature = Literal["tenir à jour", "conserver"]
_CLAUSE = re.compile(r"\d+(\.\d+)*")


class StandardClauses(Model):
    """The clauses of one standard: number → short French title."""

    edition: str
    source: str
    verifie: bool
    clauses: dict[str, str]
    libelles_descriptifs: list[str] = Field(
        default_factory=list, description="libellés résumant le sujet, pas le titre de la norme")

    @model_validator(mode="after")
    def _well_formed(self) -> StandardClauses:
        for number, title in self.clauses.items():
            if not _CLAUSE.fullmatch(number):
                raise ValueError(f"{self.edition} : « {number} » n'est pas un numéro de chapitre")
            if not title.strip():
                raise ValueError(f"{self.edition} : chapitre {number} sans titre")
            parent = number.rpartition(".")[0]
            if parent and parent not in self.clauses:
                raise ValueError(f"{self.edition} : chapitre {number} sans son chapitre parent {parent}")
        missing = [str(c) for c in range(4, 11) if str(c) not in self.clauses]
        if missing:
            raise ValueError(f"{self.edition} : chapitres manquants : {', '.join(missing)}")
        unknown = [c for c in self.libelles_descriptifs if c not in self.clauses]
        if unknown:
            raise ValueError(f"{self.edition} : libellés descriptifs de chapitres absents : "
                             f"{', '.join(unknown)}")
        return self


class ClauseCatalogue(Model):
    titre: str
    source: str
    verifie: bool
    avertissement: str
    referentiels: dict[Standard, StandardClauses]

    @model_validator(mode="after")
    def _three_standards(self) -> ClauseCatalogue:
        missing = [s for s in STANDARDS if s not in self.referentiels]
        if missing:
            raise ValueError(f"référentiels manquants : {', '.join(missing)}")
        return self


class RequiredInformation(Model):
    """One documented information (or regulatory record) to show an auditor."""

    referentiel: Standard | Literal["réglementation"]
    clause: str = Field(min_length=1, description="chapitre de la norme ou article du texte")
    nature: Nature
    libelle: str = Field(min_length=1)
    verifie: bool = False
    source: str = ""
    note: str = ""


class _Item(Model):
    clause: str = Field(min_length=1)
    nature: Nature
    libelle: str = Field(min_length=1)
    note: str = ""
    verifie: bool | None = None


class _StandardBlock(Model):
    referentiel: Standard
    edition: str
    source: str
    verifie: bool
    exigences: list[_Item] = Field(min_length=1)

    @model_validator(mode="after")
    def _numbers(self) -> _StandardBlock:
        for item in self.exigences:
            if not _CLAUSE.fullmatch(item.clause):
                raise ValueError(f"{self.edition} : « {item.clause} » n'est pas un numéro de chapitre "
                                 "(l'alinéa va dans le libellé)")
        return self


class _RegulatoryItem(_Item):
    source: str = Field(min_length=1)
    verifie: bool  # type: ignore[assignment]


class DocumentedInformation(Model):
    titre: str
    avertissement: str
    normes: list[_StandardBlock] = Field(min_length=1)
    reglementation: list[_RegulatoryItem] = Field(default_factory=list, alias="réglementation")

    def items(self) -> list[RequiredInformation]:
        """Every requirement, standards first (in file order), then the regulatory records."""
        out = [RequiredInformation(referentiel=block.referentiel, clause=item.clause, nature=item.nature,
                                   libelle=item.libelle, note=item.note, source=block.source,
                                   verifie=block.verifie if item.verifie is None
                                   else block.verifie and item.verifie)
               for block in self.normes for item in block.exigences]
        out += [RequiredInformation(referentiel=REGULATION, clause=item.clause, nature=item.nature,
                                    libelle=item.libelle, note=item.note, source=item.source,
                                    verifie=item.verifie)
                for item in self.reglementation]
        return out


@cache
def load_clause_catalogue() -> ClauseCatalogue:
    """The clause catalogue with its sources (read and validated once, then cached; do not modify).

    Raises:
        QsecaseError: If the shipped file is missing, not YAML or invalid.
    """
    return load_shipped(CLAUSES_RESOURCE, ClauseCatalogue)


@cache
def load_documented_information() -> DocumentedInformation:
    """The documented information and records required (read and validated once, then cached).

    Raises:
        QsecaseError: If the shipped file is missing, not YAML or invalid.
    """
    return load_shipped(DOCUMENTED_INFORMATION_RESOURCE, DocumentedInformation)


def clause_catalogue() -> dict[str, dict[str, str]]:
    """Standard → clause → short French title, clauses in numeric order (9.1 before 10.1).

    The file is read once (cached); each call returns new dicts that the caller may modify.

    Raises:
        QsecaseError: If the shipped file is missing, not YAML or invalid.
    """
    return {standard: {c: block.clauses[c] for c in sorted(block.clauses, key=clause_key)}
            for standard, block in load_clause_catalogue().referentiels.items()}


def clause_title(standard: str, clause: str) -> str:
    """The short French title of ``clause`` (« 7.1.5 ») in ``standard`` (« ISO 9001 »).

    Raises:
        KeyError: (French message) if the standard or the clause is not in the catalogue.
        QsecaseError: If the shipped file is missing, not YAML or invalid.
    """
    referentiels = load_clause_catalogue().referentiels
    if standard not in referentiels:
        raise KeyError(f"référentiel inconnu : « {standard} » (attendu : {', '.join(STANDARDS)})")
    clauses = referentiels[standard].clauses  # type: ignore[index]
    number = clause.strip()
    if number not in clauses:
        raise KeyError(f"chapitre « {number} » absent du catalogue de {standard}")
    return clauses[number]


def documented_information(standards: Sequence[str] | None = None) -> list[RequiredInformation]:
    """The documented information required by ``standards`` (« ISO 9001 »…, and « réglementation »
    for the regulatory records), in file order; ``None``: all of them.

    Returns:
        New models on each call (the caller may modify them).

    Raises:
        ValueError: (French message) for a name that is neither a standard nor « réglementation ».
        QsecaseError: If the shipped file is missing, not YAML or invalid.
    """
    known = (*STANDARDS, REGULATION)
    if standards is not None:
        unknown = [s for s in standards if s not in known]
        if unknown:
            raise ValueError(f"référentiel inconnu : {', '.join(unknown)} (attendu : {', '.join(known)})")
    wanted = set(known if standards is None else standards)
    return [item for item in load_documented_information().items() if item.referentiel in wanted]
