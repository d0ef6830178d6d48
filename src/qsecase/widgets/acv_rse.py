"""Forms of the life-cycle assessment and RSE exercise (« Analyse de cycle de vie et démarche RSE »,
3-5 and 3-6), one per step, bound to ``session.answers``.

:func:`build_steps` returns, in the order of the exercise, one widget per step: ``systeme`` — goal,
scope and inventory (:mod:`.acv_rse_systeme`) —, ``resultats`` — results, hotspots, sensitivity and
the trainee's readings (:mod:`.acv_rse_resultats`) —, ``scenarios`` — eco-design scenarios, their
comparison with the baseline, the recommendation and the one-page summary
(:mod:`.acv_rse_scenarios`) — and ``rse`` — the sustainable-development actions
(:mod:`.acv_rse_rse`). The LCA is recomputed by qsecase's engine on every saved change of the
system; each committed change re-validates the answers model and saves the answers file (see
:mod:`.autosave`). The read-only renderings of correction and the solution of self-study come from
:mod:`.acv_rse_report`.
"""

from __future__ import annotations

import ipywidgets as widgets

from qsecase.session import Session
from qsecase.widgets.acv_rse_report import KEY_STEPS, KEY_TITLES, STEPS, answers_step_html, key_step_html
from qsecase.widgets.acv_rse_resultats import ResultatsStep
from qsecase.widgets.acv_rse_rse import RseStep
from qsecase.widgets.acv_rse_scenarios import ScenariosStep
from qsecase.widgets.acv_rse_systeme import SystemeStep
from qsecase.widgets.autosave import Autosaver, StepContext
from qsecase.widgets.exercise_ui import ExerciseUI

__all__ = ["UI", "build_steps"]


def build_steps(session: Session, saver: Autosaver | None = None) -> dict[str, widgets.Widget]:
    """One form per step of the exercise, in order, all bound to ``session`` and autosaved.

    Args:
        session: The session (formation or self-study) whose answers the forms edit.
        saver: Saves after each change and owns the status line; a new one by default.

    Returns:
        ``{"systeme": …, "resultats": …, "scenarios": …, "rse": …}``; nothing is displayed.
    """
    ctx = StepContext(session=session, saver=saver or Autosaver(session))
    steps: dict[str, widgets.Widget] = {"systeme": SystemeStep(ctx), "resultats": ResultatsStep(ctx),
                                        "scenarios": ScenariosStep(ctx), "rse": RseStep(ctx)}
    if tuple(steps) != STEPS:
        raise RuntimeError(f"étapes construites {tuple(steps)} ≠ étapes de l'exercice {STEPS}")
    return steps


UI = ExerciseUI(
    steps=STEPS,
    build_steps=build_steps,
    answers_html=answers_step_html,
    key_steps=KEY_STEPS,
    key_titles=KEY_TITLES,
    key_html=key_step_html,
)
"""The LCA and RSE exercise's notebook interface (named in the registry)."""
