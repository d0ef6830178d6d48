"""Answers and answer key of the QSE management-system exercise (4-1, 4-2, 4-3, 4-6)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from qsecase.exercises.probleme.model import Expected
from qsecase.methods.base import Model
from qsecase.methods.dashboard import DriftKind, DriftReading, Indicator, Reminder
from qsecase.methods.doc_control import DefectKind, DocReview, DraftDocument
from qsecase.methods.reg_watch import Applicability, WatchEntry
from qsecase.methods.reporting import CrisisAnswer, ReportItem

__all__ = ["ExpectedDefect", "ExpectedDrift", "ExpectedReport", "ExpectedWatch", "SmQseAnswers",
           "SmQseKey"]


class SmQseAnswers(Model):
    # 4-1 regulatory watch
    veille: list[WatchEntry] = Field(default_factory=list)
    # 4-2 document system
    revue_documents: list[DocReview] = Field(default_factory=list)
    nouveau_document: DraftDocument = Field(default_factory=DraftDocument)
    # 4-3 dashboards
    indicateurs: list[Indicator] = Field(default_factory=list)
    relances: list[Reminder] = Field(default_factory=list)
    derives: list[DriftReading] = Field(default_factory=list)
    # 4-6 reporting
    remontees: list[ReportItem] = Field(default_factory=list)
    crise: CrisisAnswer = Field(default_factory=CrisisAnswer)


# --- answer key -------------------------------------------------------------------------------


class ExpectedWatch(Expected):
    """A text of the corpus's watch to assess, and its expected applicability."""

    id: str = Field(description="id de la ligne du corpus (veille à mettre à jour)")
    applicabilite: Applicability
    recent: bool = Field(False, description="changement récent à repérer")


class ExpectedDefect(Model):
    reference: str = Field(description="référence du document de la liste")
    ecarts: list[DefectKind] = Field(min_length=1)
    faits: list[str] = Field(default_factory=list)


class ExpectedDrift(Model):
    indicateur: Expected = Field(description="l'indicateur (par son nom)")
    colonne: str = Field(description="colonne du tableau de données")
    types: list[DriftKind] = Field(min_length=1, description="types de dérive acceptés")
    periode: str = Field(description="mois où la dérive est détectable (AAAA-MM), ± 2 mois tolérés")
    debut: str = Field("", description="premier mois de la dérive (AAAA-MM), si elle s'étale : tout "
                       "mois de « debut » à « periode » est accepté")


class ExpectedReport(Expected):
    gravite_min: int = Field(1, ge=1, le=4)


class SmQseKey(Model):
    exercise: Literal["sm-qse"] = "sm-qse"
    veille: list[ExpectedWatch] = Field(min_length=3)
    documents: list[ExpectedDefect] = Field(min_length=3)
    public_document: Expected = Field(description="public du document à rédiger")
    tableau_indicateurs: str = Field(description="id du tableau mensuel des indicateurs du corpus")
    indicateurs: list[Expected] = Field(min_length=3, description="indicateurs attendus au tableau de bord")
    donnees_manquantes: list[str] = Field(default_factory=list, description="« colonne:AAAA-MM » "
                                          "des données manquantes à relancer")
    derives: list[ExpectedDrift] = Field(min_length=2)
    remontees: list[ExpectedReport] = Field(min_length=2)
    non_remontees: list[Expected] = Field(default_factory=list, description="informations sans "
                                          "intérêt pour le dirigeant")
    crise_lot: str
    crise_lots_finis: list[str] = Field(min_length=1)
    crise_clients: list[str] = Field(min_length=1)
    crise_preuves: list[Expected] = Field(min_length=1)
    responsables: list[str] = Field(default_factory=list)
    date_analyse: dt.date | None = None
