"""Typed model of a case folder's ``case.yaml`` (see docs/format-cas.md).

Pure: no file access here; :mod:`qsecase.corpus` reads the folder and validates it against this model.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from qsecase.methods.base import Model
from qsecase.methods.communication import Charter
from qsecase.methods.duerp import DuerpScale
from qsecase.methods.fmea import FmeaThresholds

__all__ = [
    "FACT_ID",
    "FACT_MARK",
    "Case",
    "CaseSpec",
    "Column",
    "Document",
    "DuerpSettings",
    "Fact",
    "Organisation",
    "Process",
    "Role",
    "Site",
    "WorkUnit",
]

FACT_ID = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}"
"""A citable fact id: « E3 », « NC-2026-014 », « PV-07 »."""

FACT_MARK = re.compile(r"\[(" + r"[A-Z][A-Z0-9]{0,5}-?[0-9]{1,4}" + r")\]")
"""How a Markdown corpus document marks a citable fact: ``[E3]`` at the start of a statement."""

_ID = r"^[a-z0-9][a-z0-9-]{0,39}$"


class Site(Model):
    nom: str
    adresse: str = ""
    activite: str = ""


class Process(Model):
    id: str = Field(pattern=r"^[A-Z0-9][A-Z0-9_-]{0,19}$")
    nom: str
    type: Literal["management", "realisation", "support"]
    pilote: str = ""


class WorkUnit(Model):
    id: str = Field(pattern=r"^[A-Z0-9][A-Z0-9_-]{0,19}$")
    nom: str
    effectif: int = Field(ge=0)


class Role(Model):
    fonction: str
    nom: str


class Column(Model):
    nom: str
    type: Literal["texte", "categorie", "nombre", "entier", "date"] = "texte"
    cle: bool = Field(False, description="les valeurs de cette colonne sont des faits citables")
    libelle: str = Field("", max_length=40, description="libellé court pour les graphiques")
    description: str = ""


class Document(Model):
    id: str = Field(pattern=_ID)
    titre: str
    fichier: str = Field(pattern=r"^corpus/[^/\\]+\.(md|csv)$")
    type: Literal["texte", "tableau"]
    colonnes: list[Column] = Field(default_factory=list)

    @model_validator(mode="after")
    def _table_has_columns(self) -> Document:
        if self.type == "tableau" and not self.colonnes:
            raise ValueError("un document de type « tableau » doit décrire ses colonnes")
        if self.type == "tableau" and not self.fichier.endswith(".csv"):
            raise ValueError("un tableau doit être un fichier .csv")
        if self.type == "texte" and not self.fichier.endswith(".md"):
            raise ValueError("un document de type « texte » doit être un fichier .md (Markdown)")
        if sum(c.cle for c in self.colonnes) > 1:
            raise ValueError("une seule colonne peut être la clé (cle: true)")
        return self


class PreviousDuerp(Model):
    """Where the corpus holds the previous version of the DUERP, and its record."""

    document: str = Field(pattern=_ID, description="id du tableau du corpus (une ligne par situation)")
    numero: int = Field(ge=1, description="numéro de cette version")
    date: dt.date
    auteur: str = Field(min_length=1)
    motif: str = ""


class DuerpSettings(Model):
    """The organisation's DUERP: its rating grid and its previous version."""

    cotation: DuerpScale
    version_precedente: PreviousDuerp


class Organisation(Model):
    nom: str
    secteur: str
    effectif: int = Field(gt=0)
    heures_travaillees: int = Field(gt=0, description="heures travaillées sur l'année de référence")
    description: str = ""
    sites: list[Site] = Field(min_length=1)
    processus: list[Process] = Field(default_factory=list)
    unites_travail: list[WorkUnit] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)


class CaseSpec(Model):
    schema_version: Literal[1] = 1
    id: str = Field(pattern=_ID)
    titre: str
    date_cas: dt.date = Field(description="date à laquelle se situe le cas (référence des délais)")
    organisation: Organisation
    exercices: list[Annotated[str, Field(pattern=r"^[a-z][a-z-]{1,30}$")]] = Field(min_length=1)
    autoformation: bool = Field(False, description="corrigé consultable en mode autoformation")
    seuils_amdec: FmeaThresholds | None = Field(None, description="règle de décision de "
                                                "l'organisation pour ses AMDEC (seuils d'IPR, "
                                                "gravité critique)")
    duerp: DuerpSettings | None = Field(None, description="grille de cotation du DUERP et version "
                                        "précédente (exercice duerp-rps)")
    codification: str | None = Field(None, description="règle de codification des documents "
                                     "(expression régulière), ex. ^(PR|MO)-(QUA|ENV)-[0-9]{3}$")
    charte: Charter | None = Field(None, description="charte graphique de l'organisation "
                                   "(supports de communication)")
    documents: list[Document] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> CaseSpec:
        for label, ids in (
            ("document", [d.id for d in self.documents]),
            ("processus", [p.id for p in self.organisation.processus]),
            ("unité de travail", [u.id for u in self.organisation.unites_travail]),
            ("exercice", self.exercices),
        ):
            dups = sorted({i for i in ids if ids.count(i) > 1})
            if dups:
                raise ValueError(f"identifiant de {label} en double : {', '.join(dups)}")
        if self.codification:
            try:
                re.compile(self.codification)
            except re.error as exc:
                raise ValueError(f"codification : expression régulière invalide ({exc})") from None
        if self.duerp and self.duerp.version_precedente.document not in {d.id for d in self.documents}:
            raise ValueError(f"duerp.version_precedente.document : « "
                             f"{self.duerp.version_precedente.document} » n'est pas un document "
                             "du corpus")
        return self

    def amdec_thresholds(self) -> FmeaThresholds:
        """The organisation's AMDEC decision rule, or the usual defaults when the case sets none."""
        return self.seuils_amdec or FmeaThresholds()

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)


@dataclass(frozen=True)
class Fact:
    """A citable fact: a row of a table (its key) or a ``[E3]`` statement of a text document."""

    id: str
    document: str
    text: str


@dataclass
class Case:
    """A loaded, validated case: its spec, the text of its documents, typed table rows, its facts."""

    spec: CaseSpec
    texts: dict[str, str] = field(default_factory=dict)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    root: str = ""
    row_lines: dict[str, list[int]] = field(default_factory=dict)
    """For each table, the line of its file where each row starts (header = line 1)."""

    @property
    def id(self) -> str:
        return self.spec.id

    def table(self, doc_id: str) -> list[dict[str, Any]]:
        return self.tables[doc_id]

    def row_line(self, doc_id: str, index: int) -> int:
        """The line of the table's file where row ``index`` (0-based) starts."""
        lines = self.row_lines.get(doc_id, [])
        return lines[index] if index < len(lines) else index + 2

    def columns(self, doc_id: str, *kinds: str) -> list[str]:
        """Column names of a table, optionally only those of the given types."""
        cols = self.spec.document(doc_id).colonnes
        return [c.nom for c in cols if not kinds or c.type in kinds]
