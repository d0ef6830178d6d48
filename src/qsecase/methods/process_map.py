"""Process map (cartographie des processus) with one SIPOC sheet per process. Pure.

Three families (FD X 50-176, qse-facts §2.3): management (pilotage), réalisation (from the
customer's need to delivery, they create the value) and support. ISO 9001 §4.4.1 asks, for each
process, its inputs and outputs, its sequence and interactions, and who is responsible for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field, field_validator

from qsecase.methods.base import Issue, Model

__all__ = ["PROCESS_TYPES", "TYPE_LABELS", "ProcessLink", "ProcessMap", "ProcessSipoc",
           "ProcessType", "assign_activities", "check_map"]

ProcessType = Literal["management", "realisation", "support"]
PROCESS_TYPES: tuple[ProcessType, ...] = ("management", "realisation", "support")
TYPE_LABELS: dict[str, str] = {
    "management": "Processus de management (pilotage)",
    "realisation": "Processus de réalisation (opérationnels)",
    "support": "Processus support (soutien)",
}


class ProcessSipoc(Model):
    """One process and its SIPOC: suppliers → inputs → activities → outputs → customers."""

    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,20}$", description="ex. P-USI")
    nom: str
    type: ProcessType
    pilote: str = Field("", description="pilote (propriétaire) du processus")
    fournisseurs: list[str] = Field(default_factory=list)
    entrees: list[str] = Field(default_factory=list)
    activites: list[str] = Field(default_factory=list)
    sorties: list[str] = Field(default_factory=list)
    clients: list[str] = Field(default_factory=list)

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, value: Any) -> Any:
        """Accept « réalisation », « Management »… as typed by a trainee."""
        if isinstance(value, str):
            return value.strip().casefold().replace("é", "e")
        return value

    @field_validator("fournisseurs", "entrees", "activites", "sorties", "clients")
    @classmethod
    def _no_blank(cls, items: list[str]) -> list[str]:
        return [i.strip() for i in items if i.strip()]


class ProcessLink(Model):
    """An interaction: ``flux`` goes from process ``de`` to process ``vers``."""

    de: str
    vers: str
    flux: str = ""


class ProcessMap(Model):
    processus: list[ProcessSipoc] = Field(default_factory=list)
    liens: list[ProcessLink] = Field(default_factory=list)

    def process(self, process_id: str) -> ProcessSipoc:
        """The process with this id; ``KeyError`` otherwise."""
        for p in self.processus:
            if p.id == process_id:
                return p
        raise KeyError(process_id)


def assign_activities(pmap: ProcessMap, corpus_activities: Sequence[str]) -> dict[str, str | None]:
    """Which process each corpus activity belongs to (tolerant matching), None when none.

    An activity belongs to the process whose listed activity best contains its wording, or whose
    (shorter) wording it contains — accents, plurals, word order and small typos tolerated
    (:func:`qsecase.grading.matching.best_match`).
    """
    from qsecase.grading.matching import THRESHOLD, best_match, phrase_in

    pairs = [(p.id, a) for p in pmap.processus for a in p.activites]
    result: dict[str, str | None] = {}
    for activity in corpus_activities:
        found, _ = best_match([activity], [a for _, a in pairs])
        owner = next((pid for pid, a in pairs if a == found), None) if found else None
        if owner is None and pairs:  # the trainee's wording may be shorter than the corpus's
            score, pid = max((phrase_in(a, activity), pid) for pid, a in pairs)
            owner = pid if score >= THRESHOLD else None
        result[activity] = owner
    return result


def _duplicates(pmap: ProcessMap) -> list[Issue]:
    """Activities listed in several processes (same wording, tolerantly compared)."""
    from qsecase.grading.matching import THRESHOLD, phrase_in

    issues: list[Issue] = []
    items = [(p, a) for p in pmap.processus for a in p.activites]
    reported: set[tuple[str, str]] = set()
    for i, (p1, a1) in enumerate(items):
        for p2, a2 in items[i + 1:]:
            if p1.id == p2.id or (p1.id, p2.id) in reported:
                continue
            if min(phrase_in(a1, a2), phrase_in(a2, a1)) >= THRESHOLD:
                reported.add((p1.id, p2.id))
                issues.append(Issue(level="attention", message=(
                    f"L'activité « {a1} » figure dans « {p1.nom} » et dans « {p2.nom} » : "
                    "une activité appartient à un seul processus (précisez qui fait quoi).")))
    return issues


def check_map(pmap: ProcessMap, corpus_activities: Sequence[str] | None = None) -> list[Issue]:
    """The checks of a process map, as a trainer reads it (competency 1-3).

    Each process has a pilot, inputs and outputs; ids are unique; links name existing processes;
    no process is orphan (in no link); each family is present; every activity described in the
    corpus belongs to a process; no activity is listed in two processes.

    Args:
        pmap: The trainee's map.
        corpus_activities: Activities described in the corpus (free text); None skips that check.

    Returns:
        The issues found, errors and warnings, in reading order.
    """
    if not pmap.processus:
        return [Issue(level="erreur", message="La cartographie ne contient aucun processus.")]
    issues: list[Issue] = []
    ids = [p.id for p in pmap.processus]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        issues.append(Issue(level="erreur", message=f"Identifiant de processus en double : {dup}."))
    for p in pmap.processus:
        missing = [what for what, ok in (("pilote", p.pilote), ("éléments d'entrée", p.entrees),
                                         ("éléments de sortie", p.sorties)) if not ok]
        if missing:
            issues.append(Issue(level="erreur", message=f"Processus « {p.nom} » : "
                                f"{', '.join(missing)} manquant(s) (ISO 9001 § 4.4.1)."))
        if not p.activites:
            issues.append(Issue(level="attention", message=f"Processus « {p.nom} » : aucune "
                                "activité listée."))
    known, linked = set(ids), set[str]()
    for link in pmap.liens:
        unknown = [x for x in (link.de, link.vers) if x not in known]
        if unknown:
            issues.append(Issue(level="erreur", message=f"Le lien {link.de} → {link.vers} cite un "
                                f"processus inexistant : {', '.join(unknown)}."))
        elif link.de == link.vers:
            issues.append(Issue(level="attention", message=f"Le lien {link.de} → {link.vers} "
                                "relie un processus à lui-même."))
        else:
            linked.update((link.de, link.vers))
        if not link.flux:
            issues.append(Issue(level="attention", message=f"Le lien {link.de} → {link.vers} ne "
                                "dit pas ce qui circule (flux)."))
    if len(pmap.processus) > 1:
        for p in pmap.processus:
            if p.id not in linked:
                issues.append(Issue(level="erreur", message=f"Processus « {p.nom} » orphelin : "
                                    "il n'échange avec aucun autre processus."))
    for kind in PROCESS_TYPES:
        if not any(p.type == kind for p in pmap.processus):
            issues.append(Issue(level="erreur", message=f"Aucun processus de la famille "
                                f"« {TYPE_LABELS[kind]} »."))
    if corpus_activities is not None:
        owners = assign_activities(pmap, corpus_activities)
        lost = [a for a, pid in owners.items() if pid is None]
        if lost:
            issues.append(Issue(level="erreur", message="Activités du corpus rattachées à aucun "
                                "processus : " + " ; ".join(f"« {a} »" for a in lost) + "."))
    issues.extend(_duplicates(pmap))
    return issues
