"""``qsecase new-case DIR``: a new case folder from commented templates that already pass checks."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from qsecase.errors import QsecaseError

__all__ = ["new_case"]


def _copy(src: Traversable, dest: Path) -> None:
    for entry in src.iterdir():
        target = dest / entry.name
        if entry.is_dir():
            target.mkdir(exist_ok=True)
            _copy(entry, target)
        else:
            target.write_bytes(entry.read_bytes())


def new_case(directory: Path) -> Path:
    """Create ``directory`` with case.yaml, corpus/ and key/ templates; never overwrites anything."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise QsecaseError(f"{directory} : le dossier existe et n'est pas vide — choisissez un "
                           "nouveau dossier (rien n'a été écrit)")
    directory.mkdir(parents=True, exist_ok=True)
    _copy(resources.files("qsecase") / "data" / "scaffold", directory)
    return directory
