"""Forms of the environmental exercise (« Analyse environnementale, registres, flux et BEGES »), one
per step, bound to ``session.answers``.

:func:`build_steps` returns, in the order of the exercise, one widget per step: ``collecte`` and
``registre`` (:mod:`.environnement_registers`), ``aspects`` (:mod:`.environnement_aspects`),
``beges`` (:mod:`.environnement_beges`), ``gaspillages`` (:mod:`.environnement_gaspillages`) and
``efficacite`` (:mod:`.environnement_flows`). Each committed change re-validates the answers model
and saves the answers file (see :mod:`.autosave`). The read-only renderings of correction and the
solution of self-study come from :mod:`.environnement_report`.
"""

from __future__ import annotations

import ipywidgets as widgets

from qsecase.session import Session
from qsecase.widgets.autosave import Autosaver, StepContext
from qsecase.widgets.environnement_aspects import AspectsStep
from qsecase.widgets.environnement_beges import BegesStep
from qsecase.widgets.environnement_flows import EfficaciteStep
from qsecase.widgets.environnement_gaspillages import GaspillagesStep
from qsecase.widgets.environnement_registers import CollecteStep, RegistreStep
from qsecase.widgets.environnement_report import (
    KEY_STEPS,
    KEY_TITLES,
    STEPS,
    answers_step_html,
    key_step_html,
)
from qsecase.widgets.exercise_ui import ExerciseUI

__all__ = ["UI", "build_steps"]


def build_steps(session: Session, saver: Autosaver | None = None) -> dict[str, widgets.Widget]:
    """One form per step of the exercise, in order, all bound to ``session`` and autosaved.

    Args:
        session: The session (formation or self-study) whose answers the forms edit.
        saver: Saves after each change and owns the status line; a new one by default.

    Returns:
        ``{"collecte": …, "registre": …, "aspects": …, "beges": …, "gaspillages": …,
        "efficacite": …}``; nothing is displayed.
    """
    ctx = StepContext(session=session, saver=saver or Autosaver(session))
    steps = {"collecte": CollecteStep(ctx), "registre": RegistreStep(ctx), "aspects": AspectsStep(ctx),
             "beges": BegesStep(ctx), "gaspillages": GaspillagesStep(ctx), "efficacite": EfficaciteStep(ctx)}
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
"""The environmental exercise's notebook interface (named in the registry)."""
