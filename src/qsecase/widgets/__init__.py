"""Widgets layer: ipywidgets forms bound to the answers of a :class:`~qsecase.session.Session`.

Factories build widgets, wire them to the session and return them; nothing here displays anything.
Importing this package imports ipywidgets, so :mod:`qsecase` itself never imports it eagerly.
"""

from qsecase.widgets.autosave import Autosaver, StepContext, StepForm
from qsecase.widgets.common import IssuesBox, StatusLine
from qsecase.widgets.probleme import build_steps
from qsecase.widgets.rows import RowsEditor

__all__ = ["Autosaver", "IssuesBox", "RowsEditor", "StatusLine", "StepContext", "StepForm",
           "build_steps"]
