"""Regulatory and normative watch register (veille réglementaire) and compliance evaluation. Pure.

Fields of the usual watch / compliance-evaluation table (qse-facts §7.4; required by ISO 14001
§ 6.1.3 and 9.1.2, ISO 45001 § 6.1.3 and 9.1.2). Recognised sources: Journal officiel / Légifrance,
EUR-Lex, AIDA (INERIS), INRS, AFNOR, ministries, DREAL, Carsat, ADEME, OPPBTP (qse-facts §7.4).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Model

__all__ = ["APPLICABILITY", "RECOGNISED_SOURCES", "WATCH_STATUSES", "Applicability", "WatchEntry",
           "WatchStatus"]

RECOGNISED_SOURCES: dict[str, str] = {
    "legifrance": "Journal officiel / Légifrance",
    "eur-lex": "EUR-Lex (Journal officiel de l'Union européenne)",
    "aida": "AIDA (INERIS) — environnement industriel",
    "inrs": "INRS",
    "afnor": "AFNOR (normes)",
    "ministere": "Ministère (Travail, Transition écologique, Agriculture…)",
    "dreal": "DREAL / DRIEAT",
    "carsat": "Carsat / Cramif",
    "ademe": "ADEME",
    "oppbtp": "OPPBTP",
    "organisation-professionnelle": "Organisation professionnelle (bulletin de veille)",
}
"""Recognised sources (ids → labels), after qse-facts §7.4."""

Applicability = Literal["applicable", "non applicable", "à évaluer"]
APPLICABILITY: tuple[str, ...] = ("applicable", "non applicable", "à évaluer")
WatchStatus = Literal["conforme", "non conforme", "en cours", "non applicable", "à évaluer"]
WATCH_STATUSES: dict[str, str] = {"conforme": "✔ Conforme", "non conforme": "✖ Non conforme",
                                  "en cours": "◐ Mise en conformité en cours",
                                  "non applicable": "– Non applicable", "à évaluer": "? À évaluer"}


class WatchEntry(Model):
    """One text of the watch register and the evaluation of its compliance."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,20}$", description="ex. V12")
    source: str = Field("", description="id d'une source reconnue (legifrance, inrs…) ou libellé")
    texte: str = Field(min_length=1, description="référence et intitulé du texte")
    date_publication: dt.date | None = None
    date_application: dt.date | None = None
    theme: str = ""
    applicabilite: Applicability = "à évaluer"
    justification: str = Field("", description="pourquoi le texte s'applique ou non")
    exigences: str = Field("", description="exigences applicables, résumées")
    actions: str = ""
    responsable: str = ""
    echeance: dt.date | None = None
    statut: WatchStatus = "à évaluer"
    preuve: str = Field("", description="preuve de conformité (document, enregistrement)")
    date_evaluation: dt.date | None = None
