"""RACI matrix of a plan: who is Responsible, Accountable, Consulted, Informed for each task. Pure.

Rules checked (usage of the RACI method): exactly one A per task (one person answers for it),
at least one R (someone does it); one line per task.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Issue, Model

__all__ = ["ROLES", "RaciLine", "RaciRole", "check_raci"]

RaciRole = Literal["R", "A", "C", "I"]
ROLES: dict[str, str] = {"R": "Réalise", "A": "Approuve (rend compte)", "C": "Consulté",
                         "I": "Informé"}


class RaciLine(Model):
    """The roles of the actors for one task."""

    tache: str = Field(min_length=1, description="id de la tâche")
    roles: dict[str, RaciRole] = Field(default_factory=dict, description="acteur → R, A, C ou I")


def check_raci(lines: Sequence[RaciLine], task_ids: Sequence[str],
               actors: Sequence[str] = ()) -> list[Issue]:
    """Exactly one A and at least one R per task; every task has its line; known actors."""
    issues: list[Issue] = []
    seen: set[str] = set()
    for line in lines:
        if line.tache in seen:
            issues.append(Issue(level="erreur", message=f"RACI : la tâche « {line.tache} » a "
                                "plusieurs lignes"))
        seen.add(line.tache)
        if line.tache not in task_ids:
            issues.append(Issue(level="erreur", message=f"RACI : tâche « {line.tache} » inconnue"))
            continue
        a = [who for who, r in line.roles.items() if r == "A"]
        if len(a) != 1:
            issues.append(Issue(level="erreur", message=f"RACI {line.tache} : il faut exactement un "
                                f"« A » (trouvé : {len(a)})"))
        if not any(r == "R" for r in line.roles.values()):
            issues.append(Issue(level="erreur", message=f"RACI {line.tache} : personne ne réalise "
                                "la tâche (aucun « R »)"))
        if actors:
            unknown = sorted(set(line.roles) - set(actors))
            if unknown:
                issues.append(Issue(level="attention", message=f"RACI {line.tache} : acteur(s) hors "
                                    f"de la liste des parties prenantes : {', '.join(unknown)}"))
    missing = [t for t in task_ids if t not in seen]
    if missing:
        issues.append(Issue(level="erreur", message="RACI : tâches sans ligne : " + ", ".join(missing)))
    return issues
