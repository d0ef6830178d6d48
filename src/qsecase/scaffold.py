"""``qsecase new-case DIR``: a new case folder from commented templates that already pass checks."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from qsecase.errors import QsecaseError

__all__ = ["new_case", "prepare_workspace"]


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


def prepare_workspace(directory: Path) -> Path:
    """A trainee's working folder with a copy of each exercise notebook.

    Notebooks already there are kept as they are (the trainee may have edited them); answers are
    saved beside them, in ``reponses/``, never inside the installed package.
    """
    from qsecase.resources import notebooks_dir

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for notebook in sorted(notebooks_dir().glob("*.ipynb")):
        target = directory / notebook.name
        if not target.exists():
            target.write_bytes(notebook.read_bytes())
    return directory
