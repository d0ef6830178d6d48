"""Programme of prevention actions drawn from the DUERP. Pure.

C. trav. L4121-3-1 (loi n° 2021-1018): with 50 employees or more, the DUERP leads to a
PAPRIPACT (programme annuel de prévention des risques professionnels et d'amélioration des
conditions de travail) listing the measures with, for each, the result indicators, the estimated
cost, the resources and the calendar; below 50, a list of actions is recorded in the DUERP
(qse-facts §3.1). The types follow the general principles of prevention (C. trav. L4121-2):
remove the danger, protect collectively, organise, then protect individually and train.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Issue, Model
from qsecase.methods.duerp import DuerpScale, Situation, rank

__all__ = ["ACTION_TYPES", "PAPRIPACT_HEADCOUNT", "ActionType", "PreventionAction",
           "check_programme", "programme_kind"]

PAPRIPACT_HEADCOUNT = 50
"""From this headcount the programme is a PAPRIPACT (C. trav. L4121-3-1)."""

ActionType = Literal["suppression", "collective", "organisationnelle", "individuelle", "formation"]
ACTION_TYPES: dict[str, str] = {
    "suppression": "Supprimer ou réduire le danger à la source (substitution, conception)",
    "collective": "Protection collective (carter, barrière, aspiration, séparation des flux)",
    "organisationnelle": "Organisation du travail (consignes, horaires, effectifs, rotation)",
    "individuelle": "Protection individuelle (EPI)",
    "formation": "Information et formation des salariés",
}


class PreventionAction(Model):
    """One line of the programme of actions."""

    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,20}$", description="ex. AP1")
    mesure: str = Field(min_length=1)
    type: ActionType = "collective"
    risques: list[str] = Field(default_factory=list, description="repères des situations traitées")
    responsable: str = ""
    echeance: dt.date | None = None
    cout: float | None = Field(None, ge=0, description="coût estimé en euros HT")
    ressources: str = Field("", description="moyens mobilisés (interne, prestataire, financement)")
    indicateur: str = Field("", description="indicateur de résultat")


def programme_kind(headcount: int) -> str:
    """« PAPRIPACT » from 50 employees, else « liste des actions de prévention »."""
    return "PAPRIPACT" if headcount >= PAPRIPACT_HEADCOUNT else "liste des actions de prévention"


def check_programme(actions: Sequence[PreventionAction], situations: Sequence[Situation],
                    scale: DuerpScale, headcount: int, today: dt.date | None = None) -> list[Issue]:
    """Unknown situations, first-priority risks with no action, fields the PAPRIPACT requires,
    deadlines already past, a programme made only of PPE."""
    issues: list[Issue] = []
    known = {s.id for s in situations}
    for a in actions:
        unknown = [r for r in a.risques if r not in known]
        if unknown:
            issues.append(Issue(level="erreur", message=f"{a.id} : situation(s) inconnue(s) dans "
                                f"le DUERP : {', '.join(unknown)}"))
        if not a.risques:
            issues.append(Issue(level="attention", message=f"{a.id} : reliez l'action aux "
                                "situations du DUERP qu'elle traite"))
        if not a.responsable or a.echeance is None:
            issues.append(Issue(level="erreur", message=f"{a.id} : responsable et échéance "
                                "sont à renseigner"))
        if headcount >= PAPRIPACT_HEADCOUNT:
            missing = [name for name, value in (("coût estimé", a.cout), ("ressources", a.ressources),
                                                ("indicateur de résultat", a.indicateur))
                       if value in (None, "")]
            if missing:
                issues.append(Issue(level="erreur", message=f"{a.id} : le PAPRIPACT (50 salariés "
                                    f"et plus) demande aussi : {', '.join(missing)}"))
        if today and a.echeance and a.echeance < today:
            issues.append(Issue(level="attention", message=f"{a.id} : échéance déjà passée "
                                f"({a.echeance:%d/%m/%Y})"))
    treated = {r for a in actions for r in a.risques}
    first = [s for s, r in rank(situations, scale) if r.priorite == 1 and s.id not in treated]
    if first:
        issues.append(Issue(level="erreur", message="risques de priorité 1 sans action : "
                            + ", ".join(s.id for s in first)))
    if actions and all(a.type == "individuelle" for a in actions):
        issues.append(Issue(level="attention", message="le programme ne compte que des EPI : les "
                            "protections collectives et l'organisation passent avant"))
    return issues
