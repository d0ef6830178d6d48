"""Forms of the internal audit exercise (« Audit interne QSE et préparation d'audit externe »), one
per step, bound to ``session.answers``.

:func:`build_steps` returns, in the order of the exercise, one widget per step: ``plan``
(:mod:`.audit_plan`), ``echantillon`` (:mod:`.audit_sample`), ``questionnaire``
(:mod:`.audit_questions`), ``constats`` (:mod:`.audit_findings`), ``rapport``
(:mod:`.audit_rapport`) and ``preparation`` (:mod:`.audit_preparation`). Each committed change
re-validates the answers model and saves the answers file (see :mod:`.autosave`); the steps that
depend on another one (the questionnaire's functions, the report's preview) hear of its changes
through the steps' bus. The read-only renderings of correction and the solution of self-study come
from :mod:`.audit_report`.
"""

from __future__ import annotations

import ipywidgets as widgets

from qsecase.session import Session
from qsecase.widgets.audit_findings import FindingsStep
from qsecase.widgets.audit_plan import PlanStep
from qsecase.widgets.audit_preparation import PreparationStep
from qsecase.widgets.audit_questions import QuestionsStep
from qsecase.widgets.audit_rapport import RapportStep
from qsecase.widgets.audit_report import (
    KEY_STEPS,
    KEY_TITLES,
    STEPS,
    answers_step_html,
    key_step_html,
)
from qsecase.widgets.audit_sample import SampleStep
from qsecase.widgets.autosave import Autosaver, StepContext
from qsecase.widgets.exercise_ui import ExerciseUI

__all__ = ["UI", "build_steps"]


def build_steps(session: Session, saver: Autosaver | None = None) -> dict[str, widgets.Widget]:
    """One form per step of the exercise, in order, all bound to ``session`` and autosaved.

    Args:
        session: The session (formation or self-study) whose answers the forms edit.
        saver: Saves after each change and owns the status line; a new one by default.

    Returns:
        ``{"plan": …, "echantillon": …, "questionnaire": …, "constats": …, "rapport": …,
        "preparation": …}``; nothing is displayed.
    """
    ctx = StepContext(session=session, saver=saver or Autosaver(session))
    steps = {"plan": PlanStep(ctx), "echantillon": SampleStep(ctx), "questionnaire": QuestionsStep(ctx),
             "constats": FindingsStep(ctx), "rapport": RapportStep(ctx),
             "preparation": PreparationStep(ctx)}
    assert tuple(steps) == STEPS
    return steps


UI = ExerciseUI(
    steps=STEPS,
    build_steps=build_steps,
    answers_html=answers_step_html,
    key_steps=KEY_STEPS,
    key_titles=KEY_TITLES,
    key_html=key_step_html,
)
"""The internal audit exercise's notebook interface (named in the registry)."""
