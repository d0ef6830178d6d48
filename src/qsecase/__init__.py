"""qsecase — cahier d'études de cas guidé pour la certification Chargé de mission QSE.

The public API is imported lazily so that ``import qsecase`` stays light (no pandas, matplotlib,
ipywidgets or papermill until they are needed).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load_case": "qsecase.corpus",
    "check_case": "qsecase.corpus",
    "read_answers": "qsecase.answers",
    "write_answers": "qsecase.answers",
    "get_exercise": ("qsecase.exercises.registry", "get"),
    "exercises": "qsecase.exercises.registry",
    "open_exercise": "qsecase.session",
    "Grade": "qsecase.grading.grade",
    "load_referentiel": "qsecase.referentiel",
    "QsecaseError": "qsecase.errors",
}

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'qsecase' has no attribute {name!r}")
    module, attr = target if isinstance(target, tuple) else (target, name)
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
