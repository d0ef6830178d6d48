"""Where the bundled cases, notebooks and demo cohort live (in the wheel, or in a source checkout)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["bundled", "cases_dir", "demo_dir", "notebook_path", "notebooks_dir"]

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """``name`` (``cases``, ``notebooks`` or ``demo``) from the installed wheel, else the checkout."""
    inside = _PACKAGE / "_bundled" / name
    if inside.is_dir():
        return inside
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"dossier « {name} » introuvable : réinstallez qsecase")


def cases_dir() -> Path:
    return bundled("cases")


def notebooks_dir() -> Path:
    return bundled("notebooks")


def demo_dir() -> Path:
    return bundled("demo")


def notebook_path(exercise_id: str) -> Path:
    from qsecase.exercises.registry import get

    return notebooks_dir() / get(exercise_id).notebook
