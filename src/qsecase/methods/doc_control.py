"""Document control: the cartouche of a QSE document, its history and its readability. Pure.

ISO 9001/14001/45001 § 7.5.2 and 7.5.3 (identification, review and approval, version control);
the usual cartouche and rules (writer, checker and approver distinct; one applicable version;
review date) — qse-facts §7.3. :func:`check_cartouche` reviews a cartouche against those rules
and :func:`defects` names what it finds in the :data:`DefectKind` vocabulary. Writing a document
(:func:`readability_report`, :func:`draft_from_template`) is in :mod:`qsecase.methods.doc_writing`,
re-exported here.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Collection
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Issue, Model
from qsecase.methods.doc_writing import ReadabilityReport, draft_from_template, readability_report
from qsecase.methods.text import fold, same_text

__all__ = ["DOC_STATUSES", "DOC_TYPES", "Cartouche", "DefectKind", "DocReview", "DocStatus", "DocType",
           "DraftDocument", "ReadabilityReport", "Revision", "check_cartouche", "defects",
           "draft_from_template", "readability_report"]

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


# --- cartouche ------------------------------------------------------------------------------------
_REQUIRED = {"reference": "référence", "titre": "titre", "version": "version",
             "date_application": "date d'application", "redacteur": "rédacteur",
             "verificateur": "vérificateur", "approbateur": "approbateur", "diffusion": "diffusion",
             "historique": "historique des modifications", "prochaine_revue": "date de prochaine revue"}


def _version_key(version: str) -> tuple[str, tuple[int, ...]] | None:
    """(« n », numbers) for 3, 2.1 or V3; (« l », rank) for A, B … Z, AA; ``None`` otherwise."""
    v = re.sub(r"^(?:v|version|ind(?:ice)?\.?)\s*(?=\d)", "", version.strip(), flags=re.IGNORECASE)
    if re.fullmatch(r"\d+(?:\.\d+)*", v):
        return "n", tuple(int(x) for x in v.split("."))
    if re.fullmatch(r"[A-Za-z]+", v):
        rank = 0
        for c in v.upper():
            rank = rank * 26 + ord(c) - ord("A") + 1
        return "l", (rank,)
    return None


def _version_problems(doc: Cartouche) -> list[str]:
    history = doc.historique
    keys = [_version_key(r.version) for r in history]
    known = [k for k in keys if k is not None]
    problems = []
    if len(known) < len(keys) or len({kind for kind, _ in known}) > 1:
        problems.append("les indices de l'historique sont illisibles ou mélangent chiffres et lettres")
    elif any(a >= b for a, b in itertools.pairwise(known)):
        problems.append("les indices de l'historique ne sont pas strictement croissants")
    if any(a.date > b.date for a, b in itertools.pairwise(history)):
        problems.append("les dates de l'historique ne se suivent pas")
    if history and doc.version and _version_key(doc.version) != keys[-1] \
            and not same_text(doc.version, history[-1].version):
        problems.append(f"la version {doc.version} n'est pas la dernière de l'historique "
                        f"({history[-1].version})")
    if history and doc.date_application and doc.date_application < history[-1].date:
        problems.append(f"la date d'application ({doc.date_application:%d/%m/%Y}) précède la dernière "
                        f"révision ({history[-1].date:%d/%m/%Y})")
    return problems


def _findings(doc: Cartouche, rule: str | None, today: dt.date, people: Collection[str],
              in_use: bool) -> list[tuple[DefectKind | None, Issue]]:
    who = f"Document {doc.reference or doc.titre or '(sans référence)'}"
    found: list[tuple[DefectKind | None, Issue]] = []

    def add(kind: DefectKind | None, level: Literal["erreur", "attention"], message: str) -> None:
        found.append((kind, Issue(level=level, message=f"{who} : {message}")))

    missing = [label for name, label in _REQUIRED.items() if not getattr(doc, name)]
    if missing:
        add("cartouche incomplet", "erreur", f"cartouche incomplet ({', '.join(missing)}).")
    if rule and doc.reference and not re.fullmatch(rule, doc.reference):
        add("référence hors règle", "erreur", f"la référence « {doc.reference} » ne suit pas la règle "
            "de codification de l'organisme.")
    for problem in _version_problems(doc):
        add("version incohérente", "erreur", f"{problem}.")
    if doc.prochaine_revue and doc.prochaine_revue < today:
        add("revue dépassée", "erreur", f"la revue prévue le {doc.prochaine_revue:%d/%m/%Y} est dépassée.")
    for role, person in (("rédacteur", doc.redacteur), ("vérificateur", doc.verificateur)):
        if person and doc.approbateur and same_text(person, doc.approbateur):
            add("approbation non indépendante", "erreur", f"le {role} et l'approbateur sont la même "
                f"personne ({person}).")
    if doc.redacteur and doc.verificateur and same_text(doc.redacteur, doc.verificateur):
        add(None, "attention", f"le rédacteur vérifie son propre document ({doc.redacteur}).")
    if in_use and doc.statut != "applicable":
        add("statut inadapté", "attention", f"le document est en usage mais son statut est « {doc.statut} ».")
    known = {fold(p).strip() for p in people}
    for person in dict.fromkeys(p for p in (doc.redacteur, doc.verificateur, doc.approbateur) if p):
        if known and fold(person).strip() not in known:
            add(None, "attention", f"« {person} » ne figure pas parmi le personnel de l'organisme.")
    return found


def check_cartouche(doc: Cartouche, rule: str | None, today: dt.date, people: Collection[str] = (),
                    *, in_use: bool = True) -> list[Issue]:
    """Checks of a cartouche on ``today`` (ISO 9001/14001/45001 § 7.5.2-7.5.3; qse-facts §7.3).

    Args:
        doc: The cartouche.
        rule: The organisation's codification (a regular expression the whole reference must
            match, ``CaseSpec.codification``), or ``None``.
        today: The day of the review.
        people: The organisation's staff; when given, unknown writers, checkers or approvers
            are reported.
        in_use: The document is in use (the organisation's list); a status other than
            « applicable » is then reported. ``False`` for a draft.

    Returns:
        Errors and warnings: missing fields; reference outside the rule; history versions
        unreadable, mixed or not strictly increasing, dates out of order, current version other
        than the last of the history, application date before the last revision; review overdue;
        writer or checker also approver (writer also checker: warning); status; unknown people.
    """
    return [issue for _, issue in _findings(doc, rule, today, people, in_use)]


def defects(doc: Cartouche, rule: str | None, today: dt.date) -> list[DefectKind]:
    """The :data:`DefectKind` found by :func:`check_cartouche` on a document in use, each once.

    « contenu périmé » and « illisible pour son public » concern the text, not the cartouche: they
    are never returned.
    """
    return list(dict.fromkeys(kind for kind, _ in _findings(doc, rule, today, (), True) if kind))
