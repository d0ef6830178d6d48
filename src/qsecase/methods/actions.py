"""Root causes with their evidence, and the corrective / preventive / surveillance action plan."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Issue, Model

__all__ = [
    "ACTION_TYPES",
    "ACTION_TYPE_LABELS", "ACTION_TYPE_NAMES",
    "Action",
    "ActionType",
    "RootCause",
    "check_plan",
]

ActionType = Literal["corrective", "preventive", "surveillance"]
ACTION_TYPES: tuple[ActionType, ...] = ("corrective", "preventive", "surveillance")
ACTION_TYPE_NAMES: dict[str, str] = {
    "corrective": "corrective", "preventive": "préventive", "surveillance": "surveillance",
}
ACTION_TYPE_LABELS: dict[str, str] = {
    "corrective": "Corrective (supprime la cause d'un écart constaté)",
    "preventive": "Préventive (empêche l'apparition d'un écart potentiel)",
    "surveillance": "Surveillance (détecte et suit : contrôle, indicateur, audit)",
}


class RootCause(Model):
    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,20}$", description="ex. CR1")
    texte: str
    faits: list[str] = Field(default_factory=list, description="ids des faits du corpus qui la "
                             "prouvent")


class Action(Model):
    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,20}$", description="ex. A1")
    type: ActionType
    description: str
    cause_racine: str = Field(description="id de la cause racine traitée")
    responsable: str = ""
    echeance: dt.date | None = None
    critere_efficacite: str = ""
    adaptation_handicap: str = Field("", description="comment l'action est adaptée aux personnes "
                                     "en situation de handicap concernées")


def check_plan(
    causes: list[RootCause], actions: list[Action], *, today: dt.date | None = None
) -> list[Issue]:
    """Cross-checks between root causes and actions, as a QSE reviewer reads an action plan."""
    issues: list[Issue] = []
    cause_ids = [c.id for c in causes]
    for dup in sorted({i for i in cause_ids if cause_ids.count(i) > 1}):
        issues.append(Issue(level="erreur", message=f"Identifiant de cause racine en double : {dup}."))
    action_ids = [a.id for a in actions]
    for dup in sorted({i for i in action_ids if action_ids.count(i) > 1}):
        issues.append(Issue(level="erreur", message=f"Identifiant d'action en double : {dup}."))
    for cause in causes:
        if not cause.faits:
            issues.append(Issue(level="erreur", message=f"La cause racine {cause.id} ne cite aucun "
                                "fait du corpus qui la prouve."))
        if not any(a.cause_racine == cause.id for a in actions):
            issues.append(Issue(level="erreur", message=f"La cause racine {cause.id} n'est traitée "
                                "par aucune action."))
    known = set(cause_ids)
    for action in actions:
        if action.cause_racine not in known:
            issues.append(Issue(level="erreur", message=f"L'action {action.id} cite la cause "
                                f"racine « {action.cause_racine} », qui n'existe pas."))
        if not action.responsable:
            issues.append(Issue(level="erreur", message=f"L'action {action.id} n'a pas de "
                                "responsable."))
        if action.echeance is None:
            issues.append(Issue(level="erreur", message=f"L'action {action.id} n'a pas d'échéance."))
        elif today is not None and action.echeance < today:
            issues.append(Issue(level="attention", message=f"L'échéance de l'action {action.id} "
                                f"({action.echeance:%d/%m/%Y}) est déjà passée."))
        if not action.critere_efficacite:
            issues.append(Issue(level="attention", message=f"L'action {action.id} n'a pas de "
                                "critère d'efficacité : comment saurez-vous qu'elle a marché ?"))
    missing = [ACTION_TYPE_NAMES[t] for t in ACTION_TYPES if not any(a.type == t for a in actions)]
    if actions and missing:
        issues.append(Issue(level="attention", message="Type d'action absent du plan : "
                            + ", ".join(missing) + "."))
    return issues
