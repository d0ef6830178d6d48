"""What an exercise provides to its notebook: step forms and read-only views.

The registry names, for each exercise, the module that defines ``UI`` (an :class:`ExerciseUI`);
it is imported only when a notebook opens that exercise.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qsecase.errors import QsecaseError
from qsecase.exercises.registry import Exercise

__all__ = ["ExerciseUI", "load_ui"]


@dataclass(frozen=True)
class ExerciseUI:
    steps: tuple[str, ...]
    """Step names, in the order the notebook shows them."""
    build_steps: Callable[..., dict[str, Any]]
    """``build_steps(session, saver) -> {step: widget}`` (formation and self-study)."""
    answers_html: Callable[[str, Any, Any], str]
    """``answers_html(step, answers, case) -> str``: read-only rendering (correction)."""
    key_steps: tuple[str, ...]
    key_titles: dict[str, str]
    key_html: Callable[[str, Any, Any], str]
    """``key_html(step, key, case) -> str``: the solution of one step (self-study)."""


def load_ui(exercise: Exercise) -> ExerciseUI:
    if not exercise.ui:
        raise QsecaseError(f"l'exercice « {exercise.id} » n'a pas encore de carnet interactif")
    ui = getattr(importlib.import_module(exercise.ui), "UI", None)
    if not isinstance(ui, ExerciseUI):
        raise QsecaseError(f"{exercise.ui} ne définit pas l'interface « UI » de l'exercice "
                           f"« {exercise.id} »")
    return ui
