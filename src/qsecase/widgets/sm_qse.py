"""Forms of the QSE management-system exercise (« Système de management QSE : veille, documents,
tableaux de bord, reporting »), one per step, bound to ``session.answers``.

:func:`build_steps` returns, in the order of the exercise, one widget per step: ``veille``
(:mod:`.sm_qse_veille`), ``documents`` (:mod:`.sm_qse_documents`), ``nouveau-document``
(:mod:`.sm_qse_draft`), ``tableau-de-bord`` (:mod:`.sm_qse_dashboard`) and ``reporting``
(:mod:`.sm_qse_reporting`, with the crisis of :mod:`.sm_qse_crisis`). Each committed change
re-validates the answers model and saves the answers file (see :mod:`.autosave`); the reporting
step hears of the watch and dashboard changes through the steps' bus (the sources it may cite). The
read-only renderings of correction and the solution of self-study come from :mod:`.sm_qse_report`.
"""

from __future__ import annotations

import ipywidgets as widgets

from qsecase.session import Session
from qsecase.widgets.autosave import Autosaver, StepContext
from qsecase.widgets.exercise_ui import ExerciseUI
from qsecase.widgets.sm_qse_dashboard import DashboardStep
from qsecase.widgets.sm_qse_documents import DocumentsStep
from qsecase.widgets.sm_qse_draft import DraftStep
from qsecase.widgets.sm_qse_report import KEY_STEPS, KEY_TITLES, STEPS, answers_step_html, key_step_html
from qsecase.widgets.sm_qse_reporting import ReportingStep
from qsecase.widgets.sm_qse_veille import WatchStep

__all__ = ["UI", "build_steps"]


def build_steps(session: Session, saver: Autosaver | None = None) -> dict[str, widgets.Widget]:
    """One form per step of the exercise, in order, all bound to ``session`` and autosaved.

    Args:
        session: The session (formation or self-study) whose answers the forms edit.
        saver: Saves after each change and owns the status line; a new one by default.

    Returns:
        ``{"veille": …, "documents": …, "nouveau-document": …, "tableau-de-bord": …,
        "reporting": …}``; nothing is displayed.
    """
    ctx = StepContext(session=session, saver=saver or Autosaver(session))
    steps = {"veille": WatchStep(ctx), "documents": DocumentsStep(ctx), "nouveau-document": DraftStep(ctx),
             "tableau-de-bord": DashboardStep(ctx), "reporting": ReportingStep(ctx)}
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
"""The QSE management-system exercise's notebook interface (named in the registry)."""
