"""What the forms and the read-only views of the improvement-plan exercise read from the case, and
the schedule of the plan computed once for all of them.

The QSE policy objectives are the facts ``[OBJ1]``… of the corpus document ``politique-qse``; the
stakeholders of the RACI are the functions of the organisation's roles; the charter and its logo
file come from ``case.spec.charte``. A plan that cannot be scheduled (a dependency loop, an unknown
predecessor) gives its French message instead of raising.
"""

from __future__ import annotations

import datetime as dt
from itertools import accumulate
from pathlib import Path
from typing import Any

from qsecase.case_model import Case
from qsecase.methods.base import Issue
from qsecase.methods.communication import Charter
from qsecase.methods.improvement import ImprovementAction
from qsecase.methods.planning import CycleError, Scheduled, schedule

__all__ = ["POLICY_DOC", "action_issues", "charter", "logo_markup", "objectives", "plan_schedule",
           "plan_start", "plan_title", "stakeholders", "status_date", "timeline"]

POLICY_DOC = "politique-qse"
"""The corpus document whose facts ``[OBJ…]`` are the objectives of the QSE policy."""


def objectives(case: Case) -> dict[str, str]:
    """The objectives of the QSE policy, ``{"OBJ1": "Réduire…", …}``, in the corpus order."""
    return {f.id: f.text for f in case.facts.values()
            if f.document == POLICY_DOC and f.id.upper().startswith("OBJ")}


def stakeholders(case: Case) -> list[str]:
    """The actors of the RACI: the functions of the organisation's roles."""
    return list(dict.fromkeys(r.fonction for r in case.spec.organisation.roles))


def plan_start(answers: Any, case: Case) -> dt.date:
    """The plan's start date; the case's date while the trainee has not set one."""
    return answers.debut or case.spec.date_cas


def status_date(answers: Any, case: Case) -> dt.date:
    """The date of the status point; the case's date while the trainee has not set one."""
    return answers.date_suivi or case.spec.date_cas


def plan_title(case: Case) -> str:
    return f"Plan d'amélioration continue QSE — {case.spec.organisation.nom}"


def plan_schedule(answers: Any, case: Case) -> tuple[list[Scheduled], str]:
    """The scheduled tasks, or an empty list and why the plan cannot be scheduled (French)."""
    try:
        return schedule(answers.taches, plan_start(answers, case)), ""
    except (CycleError, ValueError) as exc:  # a CycleError is a ValueError: named for the reader
        return [], str(exc)


def charter(case: Case) -> Charter | None:
    return case.spec.charte


def logo_markup(case: Case) -> str:
    """The organisation's logo as inline SVG markup, read from the case's logo file; empty when the
    case has no logo, when it is not an SVG or when its file cannot be read (the page then links
    the logo file with its alternative text)."""
    chart = case.spec.charte
    if chart is None or not chart.logo or not case.root:
        return ""
    path = Path(case.root) / chart.logo
    if path.suffix.lower() != ".svg":
        return ""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def timeline(durations: list[int]) -> list[tuple[int, int]]:
    """The start and end minute of each sequence of a session, one after the other."""
    ends = list(accumulate(durations))
    return [(end - d, end) for d, end in zip(durations, ends, strict=True)]


def action_issues(actions: list[ImprovementAction], case: Case) -> list[Issue]:
    """What the trainee should look at in the improvement actions: facts unknown to the corpus, no
    fact cited, no objective of the QSE policy (or one that is not the policy's)."""
    goals = objectives(case)
    out: list[Issue] = []
    for a in actions:
        unknown = [f for f in a.sources if f not in case.facts]
        if unknown:
            out.append(Issue(level="erreur", message=f"{a.id} : fait(s) inconnu(s) du corpus : "
                             f"{', '.join(unknown)}"))
        if not a.sources:
            out.append(Issue(level="attention", message=f"{a.id} : aucun fait cité — une action "
                             "d'amélioration s'appuie sur des faits du corpus."))
        if not a.objectif:
            out.append(Issue(level="attention", message=f"{a.id} : choisissez l'objectif de la "
                             "politique QSE que l'action sert."))
        elif a.objectif not in goals:
            out.append(Issue(level="erreur", message=f"{a.id} : « {a.objectif} » n'est pas un "
                             "objectif de la politique QSE."))
    if not actions:
        out.append(Issue(level="attention", message="Proposez au moins une action d'amélioration."))
    return out
