"""Preparation of an external (certification) audit: the documented information and evidence the
standards and the regulation require, mapped to the organisation's document list. Pure.

The documented information required by ISO 9001, 14001 and 45001 (« tenir à jour » = document,
« conserver » = record) ships as data (qse-facts §7.2); the trainee maps each requirement of the
certification scope to the documents of the corpus and states whether it is present, missing or
out of date.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from qsecase.methods.audit import Standard, covers
from qsecase.methods.base import Issue, Model

__all__ = ["EVIDENCE_STATUSES", "EvidenceItem", "EvidenceStatus", "check_evidence", "evidence_summary"]

EvidenceStatus = Literal["présent", "manquant", "périmé", "incomplet"]
EVIDENCE_STATUSES: dict[str, str] = {"présent": "✔ Présent", "manquant": "✖ Manquant",
                                     "périmé": "⌛ Périmé (revue dépassée ou version obsolète)",
                                     "incomplet": "◐ Incomplet (signature, champ ou période manquant)"}


class EvidenceItem(Model):
    """One requirement of the scope and the evidence the organisation will show the auditor."""

    referentiel: Standard | Literal["réglementation"] = "ISO 9001"
    clause: str = Field("", description="chapitre de la norme ou article du texte réglementaire")
    exigence: str = Field("", description="information documentée ou preuve exigée")
    document: str = Field("", description="référence du document ou de l'enregistrement du corpus")
    statut: EvidenceStatus = "présent"
    commentaire: str = ""


def check_evidence(items: Sequence[EvidenceItem], required: Sequence[tuple[str, str]]) -> list[Issue]:
    """Check the preparation matrix against the requirements of the certification scope.

    Args:
        items: The trainee's lines.
        required: The (referentiel, clause) pairs of the scope, e.g. ``("ISO 9001", "7.1.5.1")``
            or ``("réglementation", "C. env. R541-43")``. A line answers a requirement of the same
            referentiel when its clause covers it (:func:`~qsecase.methods.audit.covers`: same
            clause, a parent or a sub-clause, or the same article of law).

    Returns:
        Erreur: requirements of the scope without a line (listed once each); a line without clause.
        Attention: a line without the required information stated; a line « présent » without a
        document reference.
    """
    issues: list[Issue] = []
    for n, item in enumerate(items, 1):
        where = f"Préparation, ligne {n} ({item.referentiel} {item.clause or '?'})"
        if not item.clause:
            issues.append(Issue(level="erreur", message=f"{where} : chapitre ou article non précisé"))
        if not item.exigence:
            issues.append(Issue(level="attention", message=f"{where} : information documentée ou preuve "
                                "exigée non précisée"))
        if item.statut == "présent" and not item.document:
            issues.append(Issue(level="attention", message=f"{where} : marquée « présent » sans référence "
                                "de document ; indiquez le document ou l'enregistrement qui le prouve"))
    missing = list(dict.fromkeys(  # a clause asking for a document and a record is listed once
        f"{referentiel} {clause}" for referentiel, clause in required
        if not any(i.referentiel == referentiel and i.clause and covers([i.clause], clause) for i in items)))
    if missing:
        issues.append(Issue(level="erreur", message="Préparation : exigences du périmètre sans ligne : "
                            + ", ".join(missing)))
    return issues


def evidence_summary(items: Sequence[EvidenceItem]) -> dict[str, int]:
    """Number of lines per status, every status present, in the order of :data:`EVIDENCE_STATUSES`."""
    counts = dict.fromkeys(EVIDENCE_STATUSES, 0)
    for item in items:
        counts[item.statut] += 1
    return counts
