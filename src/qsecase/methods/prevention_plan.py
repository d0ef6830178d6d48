"""Immediate protection plan and its deployment: actions, milestones, actors and their tasks. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Issue, Model

__all__ = [
    "ACTOR_LABELS",
    "LEVEL_LABELS",
    "ActionEffect",
    "ActorRole",
    "ActorTask",
    "Milestone",
    "PreventionLevel",
    "ProtectionAction",
    "SimpleAction",
    "Verdict",
    "check_actors",
    "check_plan",
]

PreventionLevel = Literal["suppression", "collective", "organisationnelle", "individuelle",
                          "formation"]
"""Where the measure sits in the general principles of prevention (C. trav. L4121-2): remove the
hazard, then collective protection, organisation, individual protection (PPE), information."""
LEVEL_LABELS: dict[str, str] = {
    "suppression": "suppression du risque", "collective": "protection collective",
    "organisationnelle": "mesure organisationnelle", "individuelle": "protection individuelle (EPI)",
    "formation": "information et formation",
}
_WEAK_LEVELS = {"individuelle", "formation"}

ActorRole = Literal["direction", "encadrement", "cse_cssct", "sante_travail", "salaries",
                    "intervenants_exterieurs", "rh", "maintenance", "achats", "qse", "carsat"]
ACTOR_LABELS: dict[str, str] = {
    "direction": "Direction", "encadrement": "Encadrement de proximité",
    "cse_cssct": "CSE / CSSCT", "sante_travail": "Service de prévention et de santé au travail",
    "salaries": "Salariés concernés", "intervenants_exterieurs": "Intervenants extérieurs",
    "rh": "Ressources humaines", "maintenance": "Maintenance", "achats": "Achats",
    "qse": "Service QSE", "carsat": "Carsat (service prévention)",
}


class Milestone(Model):
    libelle: str
    date: dt.date


class ProtectionAction(Model):
    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,20}$", description="ex. P1")
    description: str
    causes: list[str] = Field(default_factory=list, description="ids des faits de l'arbre "
                              "(causes racines) que l'action traite")
    niveau: PreventionLevel
    immediate: bool = Field(False, description="mesure de protection immédiate (conservatoire)")
    responsable: str = ""
    acteurs: list[ActorRole] = Field(default_factory=list)
    jalons: list[Milestone] = Field(default_factory=list)
    echeance: dt.date | None = None


class ActorTask(Model):
    acteur: ActorRole
    fonction: str = Field("", description="fonction ou nom dans l'organisation")
    taches: str
    date: dt.date | None = None
    actions: list[str] = Field(default_factory=list, description="ids des actions concernées")


class SimpleAction(Model):
    """An action the trainee can carry out personally, and how."""

    description: str
    modalites: str = ""


class Verdict(Model):
    """The trainee's reading of whether an action (or the plan) was effective, with the
    indicator followed for it before and after (optional: drawn when both values are given)."""

    action: str = Field(description="id de l'action, ou « plan » pour l'ensemble")
    efficace: bool
    justification: str = ""
    indicateur: str = Field("", description="ex. accidents avec arrêt aux quais")
    avant: float | None = Field(None, ge=0)
    apres: float | None = Field(None, ge=0)
    unite: str = ""

    def effect(self, label: str) -> ActionEffect | None:
        """The before/after reading as an :class:`ActionEffect`, when both values are given."""
        if self.avant is None or self.apres is None:
            return None
        return ActionEffect(self.action, self.indicateur or label, self.avant, self.apres,
                            self.unite, self.efficace)


@dataclass(frozen=True)
class ActionEffect:
    """An indicator followed for one action, before and after it, and the reading of it.

    ``effective`` is the verdict (given by the key or the trainee), not computed: for some
    indicators lower is better (presqu'accidents), for others higher is (taux de port des EPI).
    """

    action_id: str
    label: str
    before: float
    after: float
    unit: str
    effective: bool


def _err(message: str) -> Issue:
    return Issue(level="erreur", message=message)


def _warn(message: str) -> Issue:
    return Issue(level="attention", message=message)


def _dates_issues(action: ProtectionAction, today: dt.date) -> list[Issue]:
    issues: list[Issue] = []
    if action.echeance is None:
        issues.append(_err(f"L'action {action.id} n'a pas d'échéance."))
    elif action.echeance < today:
        issues.append(_warn(f"L'échéance de l'action {action.id} ({action.echeance:%d/%m/%Y}) est "
                            "déjà passée."))
    dates = [m.date for m in action.jalons]
    if dates != sorted(dates):
        issues.append(_warn(f"Les jalons de l'action {action.id} ne sont pas dans l'ordre "
                            "chronologique."))
    late = [m for m in action.jalons if action.echeance is not None and m.date > action.echeance]
    for m in late:
        issues.append(_err(f"Le jalon « {m.libelle} » de l'action {action.id} "
                           f"({m.date:%d/%m/%Y}) tombe après l'échéance de l'action."))
    return issues


def check_plan(actions: list[ProtectionAction], root_cause_ids: Collection[str], *, today: dt.date,
               fact_ids: Collection[str] | None = None) -> list[Issue]:
    """Checks of an immediate protection plan against the cause tree (competency 2-4).

    Args:
        actions: The plan.
        root_cause_ids: Ids of the facts retained as root causes.
        today: Date of the case (deadlines before it are flagged).
        fact_ids: Every fact id of the tree, to tell a non-root fact from an unknown one
            (``None``: any id that is not a root cause is reported as such).

    Returns:
        Errors and warnings, action by action, then root cause by root cause.
    """
    issues: list[Issue] = []
    ids = [a.id for a in actions]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        issues.append(_err(f"Identifiant d'action en double : {dup}."))
    roots = set(root_cause_ids)
    for action in actions:
        if not action.causes:
            issues.append(_err(f"L'action {action.id} ne cite aucun fait de l'arbre : indiquez la "
                               "cause racine qu'elle traite."))
        for cause in action.causes:
            if cause in roots:
                continue
            if fact_ids is not None and cause in fact_ids:
                issues.append(_warn(f"L'action {action.id} cite {cause}, qui n'est pas une cause "
                                    "racine retenue : marquez-le comme tel ou citez la cause racine."))
            else:
                issues.append(_err(f"L'action {action.id} cite « {cause} », qui n'est pas une cause "
                                   "racine de l'arbre."))
        if not action.responsable:
            issues.append(_err(f"L'action {action.id} n'a pas de responsable."))
        if not action.acteurs:
            issues.append(_err(f"L'action {action.id} ne nomme aucun acteur : qui la met en œuvre, "
                               "qui est consulté ?"))
        for role in sorted({r for r in action.acteurs if action.acteurs.count(r) > 1}):
            issues.append(_warn(f"{ACTOR_LABELS.get(role, role)} est cité plusieurs fois parmi les "
                                f"acteurs de l'action {action.id}."))
        issues.extend(_dates_issues(action, today))
    for root in sorted(roots):
        covering = [a for a in actions if root in a.causes]
        if not covering:
            issues.append(_err(f"La cause racine {root} n'est traitée par aucune action."))
        elif all(a.niveau in _WEAK_LEVELS for a in covering):
            issues.append(_warn(
                f"La cause racine {root} n'est traitée que par des EPI ou de la formation "
                f"({', '.join(a.id for a in covering)}) : les principes généraux de prévention "
                "(C. trav. art. L4121-2) demandent d'abord d'éviter le risque, de le combattre à la "
                "source et de donner la priorité à la protection collective ; ajoutez une mesure "
                "collective ou organisationnelle."))
    return issues


def check_actors(tasks: list[ActorTask], actions: list[ProtectionAction], *,
                 serious_accident: bool = True) -> list[Issue]:
    """Checks of the deployment table: who does what, when, for which action (competency 2-7).

    Args:
        tasks: The actors' tasks.
        actions: The plan the tasks deploy.
        serious_accident: Whether the accident was serious (the CSE / CSSCT is then expected to
            take part: its enquiry, C. trav. L2312-13).

    Returns:
        Errors and warnings.
    """
    issues: list[Issue] = []
    known = {a.id for a in actions}
    for n, task in enumerate(tasks, start=1):
        who = f"La tâche n° {n} ({ACTOR_LABELS.get(task.acteur, task.acteur)})"
        if not task.taches.strip():
            issues.append(_err(f"{who} ne décrit rien à faire."))
        if task.date is None:
            issues.append(_err(f"{who} n'a pas de date."))
        if not task.actions:
            issues.append(_warn(f"{who} n'est rattachée à aucune action du plan."))
        for action_id in task.actions:
            if action_id not in known:
                issues.append(_err(f"{who} cite l'action « {action_id} », qui n'existe pas dans le "
                                   "plan."))
    for action in actions:
        roles = [t.acteur for t in tasks if action.id in t.actions]
        if not roles:
            issues.append(_err(f"Aucun acteur n'a de tâche pour l'action {action.id}."))
        for role in sorted({r for r in roles if roles.count(r) > 1}):
            issues.append(_warn(f"{ACTOR_LABELS.get(role, role)} figure plusieurs fois pour "
                                f"l'action {action.id} : regroupez ses tâches sur une ligne."))
    if serious_accident and not any(t.acteur == "cse_cssct" for t in tasks):
        issues.append(_warn("Le CSE / CSSCT n'est jamais associé alors que l'accident est grave : "
                            "prévoyez son information et sa participation à l'enquête et au suivi "
                            "des mesures (C. trav. L2312-13)."))
    return issues
