"""Files a trainee exports from a form (Excel, calendar, briefs): written beside the answers file,
atomically, never over it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from qsecase.errors import QsecaseError
from qsecase.io.atomic import atomic_write_bytes
from qsecase.session import Session
from qsecase.views.tables import esc

__all__ = ["ExportButton", "export_path", "write_export"]


def export_path(session: Session, name: str) -> Path:
    """Where an export is written: beside the answers file (the output folder without one)."""
    return (session.answers_path.parent if session.answers_path else session.output_dir) / name


def write_export(session: Session, name: str, data: bytes) -> Path:
    """Write ``data`` as ``name`` beside the answers; refuse to write over the answers file."""
    path = export_path(session, name)
    if session.answers_path is not None and path.resolve() == session.answers_path.resolve():
        raise QsecaseError(f"{path} est le fichier de réponses : choisissez un autre nom")
    atomic_write_bytes(path, data)
    return path


class ExportButton(widgets.VBox):
    """A labelled button that builds a file and writes it beside the answers, with a status line.

    Args:
        session: The open exercise.
        label: The button's text (« Exporter l'AMDEC (Excel) »).
        name: The file name written.
        build: Makes the file's bytes from the current answers.
    """

    def __init__(self, session: Session, label: str, name: str,
                 build: Callable[[], bytes]) -> None:
        self.session, self.name, self.build = session, name, build
        self.button = widgets.Button(description=label, icon="download",
                                     layout=widgets.Layout(width="auto"), tooltip=label)
        self.status = widgets.HTML()
        self.button.on_click(lambda _b: self.export())
        super().__init__([self.button, self.status])

    def export(self) -> Path | None:
        try:
            path = write_export(self.session, self.name, self.build())
        except (OSError, QsecaseError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.status.value = f'<p role="status">✖ Export impossible : {esc(reason)}</p>'
            return None
        self.status.value = f'<p role="status">✔ Fichier écrit : {esc(str(path))}</p>'
        return path
