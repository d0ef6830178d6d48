"""Runs inside a warm kernel: preload the libraries once, then give each submission a fresh start.

A worker of the batch may execute many notebooks, one after the other, in the same kernel
(:mod:`qsecase.batch.warm`): grading executes no trainee code (answers are data, notebooks are
ours), so the only cost of a new kernel worth saving is its start and its imports. What one
notebook leaves behind must not reach the next one, so before each notebook :func:`fresh`:

- clears the user namespace, the ``Out``/``_`` history and ``In``, and resets the execution count
  to 1 (IPython's ``%reset -f``, new session);
- closes every matplotlib figure and restores the rcParams the kernel had after :func:`preload`;
- closes every ipywidgets instance (``Widget.close_all()``);
- moves to the notebook's working folder, restores ``os.environ``, ``sys.path`` and the warning
  filters as they were after :func:`preload`;
- empties the qsecase caches that hold text from a submission (:data:`SUBMISSION_CACHES`).

The other qsecase caches hold reference data read from the package (référentiel, scales, emission
factors, rubrics…): they are the same for every submission and are kept. Neither
:mod:`qsecase.session` nor :mod:`qsecase.widgets.autosave` keeps module-level state.

Both functions are called by the worker with a one-line silent request; they return nothing and
raise on failure (the worker then discards the kernel).
"""

from __future__ import annotations

import importlib
import os
import sys
import warnings
from collections.abc import Iterable
from typing import Any

__all__ = ["SUBMISSION_CACHES", "fresh", "preload"]

SUBMISSION_CACHES: tuple[tuple[str, str], ...] = (("qsecase.grading.matching", "tokens"),)
"""(module, function) of the ``functools`` caches whose entries come from trainees' answers."""

_baseline: dict[str, Any] = {}
"""The kernel's state after :func:`preload`, restored by :func:`fresh`."""


def preload(modules: Iterable[str]) -> None:
    """Import ``modules`` and what every exercise notebook uses, then record the baseline state.

    A module that cannot be imported is skipped: the notebook that needs it reports the error.
    """
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # the notebook will raise it, in its own cell, with its traceback
            continue
    _warm_exercises()
    _warm_matplotlib()
    _baseline.update(
        environ=dict(os.environ), path=list(sys.path), filters=list(warnings.filters),
        rc=_rc_snapshot(),
    )
    import gc

    gc.collect()
    gc.freeze()  # what is loaded now lives as long as the kernel: later collections skip it


def fresh(folder: str) -> None:
    """Make the kernel look new to the next notebook, whose working folder is ``folder``."""
    _close_figures()
    _close_widgets()
    shell = _shell()
    if shell is not None:
        shell.reset(new_session=True)  # namespace, Out/_/In, history, execution count → 1
    _clear_submission_caches()
    if "environ" in _baseline:
        if dict(os.environ) != _baseline["environ"]:
            os.environ.clear()
            os.environ.update(_baseline["environ"])
        sys.path[:] = _baseline["path"]
        warnings.filters[:] = _baseline["filters"]  # type: ignore[index]  # a list at run time
        mutated = getattr(warnings, "_filters_mutated", None)  # invalidates the « once » cache
        if mutated is not None:
            mutated()
    os.chdir(folder)


def _shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - a kernel always has IPython
        return None
    return get_ipython()


def _warm_exercises() -> None:
    """Import every exercise's grader, rubric and notebook interface (the widget layer)."""
    try:
        from qsecase.exercises.registry import exercises
        from qsecase.widgets.exercise_ui import load_ui
    except Exception:
        return
    for exercise in exercises():
        try:
            exercise.rubric  # noqa: B018  # loads and caches the rubric
            load_ui(exercise)
        except Exception:
            continue


def _warm_matplotlib() -> None:
    """Activate the kernel's matplotlib backend (the inline one) as a notebook's first pyplot
    figure would, and render one small figure: fonts and text layout caches are then ready, and
    every notebook finds matplotlib in the same state."""
    try:
        import io

        import matplotlib.pyplot as plt
    except Exception:
        return
    figure = plt.figure(figsize=(2, 1))
    figure.subplots().set_title("Échauffement — 1,5 %")
    figure.savefig(io.BytesIO(), format="png")
    plt.close("all")


def _rc_snapshot() -> dict[str, Any] | None:
    if "matplotlib" not in sys.modules:
        return None
    import copy

    import matplotlib

    params: Any = matplotlib.rcParams  # a dict: read its values without RcParams' side effects
    snapshot: dict[str, Any] = copy.deepcopy(dict(dict.items(params)))
    return snapshot


def _close_figures() -> None:
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    saved = _baseline.get("rc")
    if saved is None or "matplotlib" not in sys.modules:
        return
    import matplotlib

    current = matplotlib.rcParams
    changed = {key: value for key, value in saved.items()
               if dict.get(current, key) != value}
    if changed:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # deprecated keys warn when set, even to their value
            for key, value in changed.items():
                current[key] = value


def _close_widgets() -> None:
    if "ipywidgets" not in sys.modules:
        return
    from ipywidgets import Widget

    Widget.close_all()


def _clear_submission_caches() -> None:
    for module_name, function in SUBMISSION_CACHES:
        module = sys.modules.get(module_name)
        cached = getattr(module, function, None) if module is not None else None
        clear = getattr(cached, "cache_clear", None)
        if clear is not None:
            clear()
