"""Document control: the cartouche of a QSE document, its history and its readability. Pure.

ISO 9001/14001/45001 § 7.5.2 and 7.5.3 (identification, review and approval, version control);
the usual cartouche and rules (writer, checker and approver distinct; one applicable version;
review date) — qse-facts §7.3.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Model

__all__ = ["DOC_STATUSES", "DOC_TYPES", "Cartouche", "DefectKind", "DocReview", "DocStatus", "DocType",
           "DraftDocument", "Revision"]

DocType = Literal["procédure", "mode opératoire", "instruction", "check-list", "protocole d'évacuation",
                  "plan de circulation", "registre", "fiche de relevé", "politique", "enregistrement"]
DOC_TYPES: tuple[str, ...] = DocType.__args__  # type: ignore[attr-defined]
DocStatus = Literal["projet", "en vérification", "applicable", "obsolète"]
DOC_STATUSES: tuple[str, ...] = DocStatus.__args__  # type: ignore[attr-defined]


class Revision(Model):
    version: str = Field(min_length=1, description="indice de révision, ex. 3 ou C")
    date: dt.date
    nature: str = Field("", description="nature de la modification")
    auteur: str = ""


class Cartouche(Model):
    """The identification block of a document."""

    reference: str = Field("", description="codification, ex. PR-QUA-003")
    titre: str = ""
    type: DocType = "procédure"
    version: str = ""
    date_application: dt.date | None = None
    redacteur: str = ""
    verificateur: str = ""
    approbateur: str = ""
    statut: DocStatus = "projet"
    diffusion: str = ""
    historique: list[Revision] = Field(default_factory=list)
    prochaine_revue: dt.date | None = None


DefectKind = Literal["cartouche incomplet", "référence hors règle", "version incohérente",
                     "revue dépassée", "approbation non indépendante", "statut inadapté",
                     "contenu périmé", "illisible pour son public"]


class DocReview(Model):
    """The trainee's review of one document of the organisation's list."""

    reference: str = Field(min_length=1)
    ecarts: list[DefectKind] = Field(default_factory=list)
    commentaire: str = ""
    action: str = Field("", description="ce qu'il faut faire (réviser, approuver, archiver…)")


class DraftDocument(Model):
    """A new document drafted by the trainee from a template."""

    cartouche: Cartouche = Field(default_factory=Cartouche)
    public: str = Field("", description="à qui le document s'adresse")
    objet: str = ""
    texte: str = Field("", description="le corps du document (Markdown simple)")
    adaptations: str = Field("", description="adaptations (FALC, pictogrammes, gros caractères…)")
