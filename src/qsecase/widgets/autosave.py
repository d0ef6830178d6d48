"""Keep the session's answers model up to date and save it after every committed change.

Text inputs commit on Enter or blur (``continuous_update=False``), so saving on every change writes
the file a few times a minute at most. A save that fails (another session changed the file, disk
full, read-only folder) is reported in the status line; the answers stay in memory and in the
widgets, and the next change tries again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets
from pydantic import BaseModel, ValidationError

from qsecase.errors import SaveConflictError
from qsecase.i18n import N_, SOURCE_LANG, join, translator
from qsecase.methods.base import Issue
from qsecase.session import Session
from qsecase.widgets.common import IssuesBox, StatusLine

__all__ = ["Autosaver", "Bus", "StepContext", "StepForm", "update_answers",
           "validation_message"]

_MESSAGES = {
    "string_pattern_mismatch": N_("identifiant invalide : lettres, chiffres, « - » ou « _ », "
                                  "20 caractères au plus, sans espace"),
    "missing": N_("champ obligatoire manquant"),
    "literal_error": N_("valeur non autorisée"),
    "date_from_datetime_parsing": N_("date attendue"),
    "date_parsing": N_("date attendue"),
    "string_type": N_("texte attendu"),
}


def validation_message(exc: ValidationError, lang: str = SOURCE_LANG) -> str:
    """A short sentence in ``lang`` for a validation error raised by a form's input (pydantic's
    own English message for a kind of error this table does not know)."""
    _ = translator(lang)
    parts = []
    for err in exc.errors():
        where = " › ".join(_("ligne {n}", n=p + 1) if isinstance(p, int) else str(p)
                           for p in err["loc"])
        known = _MESSAGES.get(err["type"])
        message = _(known) if known else err["msg"]
        parts.append(_("{where} : {message}", where=where, message=message) if where
                     else message)
    return join(parts, lang)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def update_answers(session: Session, fields: Mapping[str, Any]) -> None:
    """Replace some top-level fields of ``session.answers`` and re-validate the whole model.

    Raises:
        ValidationError: The new values are invalid; ``session.answers`` is left unchanged.
    """
    current: BaseModel = session.answers
    data = current.model_dump()
    data.update({k: _plain(v) for k, v in fields.items()})
    session.answers_file.answers = type(current).model_validate(data)


class Autosaver:
    """Saves ``session`` after each change and shows the outcome in a :class:`StatusLine`.

    Args:
        session: The session whose answers file is written (``session.save()``).
        status: The line where the outcome is shown; a new one by default.
    """

    def __init__(self, session: Session, status: StatusLine | None = None) -> None:
        self.session = session
        self.status = status if status is not None else StatusLine(session.lang)
        self.saves = 0
        self.last_error = ""
        if session.mode == "correction":
            self.status.note("read_only")
        elif session.answers_path is None:
            self.status.note("no_file")

    def changed(self) -> bool:
        """Save now; return whether the answers are on disk.

        A :class:`SaveConflictError` or an :class:`OSError` is caught and shown: nothing in
        memory is lost and the file on disk is left as the other writer left it.
        """
        if self.session.mode == "correction" or self.session.answers_path is None:
            return False
        try:
            self.session.save()
        except SaveConflictError as exc:
            self.last_error = str(exc)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.last_error = f"{exc.filename or self.session.answers_path} : {reason}"
        else:
            self.saves += 1
            self.last_error = ""
            self.status.saved(self.session.answers_file.header.saved_at)
            return True
        self.status.failed(self.last_error)
        return False

    def apply(self, fields: Mapping[str, Any]) -> str:
        """Update the answers with ``fields`` then save; return a French error if they are invalid.

        Invalid input leaves the answers unchanged (and unsaved) and returns why.
        """
        try:
            update_answers(self.session, fields)
        except ValidationError as exc:
            return validation_message(exc, self.session.lang)
        self.changed()
        return ""


class Bus:
    """Tiny publish/subscribe: a step tells the steps that depend on it that it changed."""

    def __init__(self) -> None:
        self._subscribers: dict[str, list[Callable[[], None]]] = {}

    def subscribe(self, topic: str, callback: Callable[[], None]) -> None:
        self._subscribers.setdefault(topic, []).append(callback)

    def publish(self, topic: str) -> None:
        for callback in self._subscribers.get(topic, []):
            callback()


@dataclass
class StepContext:
    """What every step form of a session shares."""

    session: Session
    saver: Autosaver
    bus: Bus = field(default_factory=Bus)

    @property
    def lang(self) -> str:
        return self.session.lang


class StepForm(widgets.VBox):
    """Base of a step's form: a VBox holding its inputs, its issues box and the status line.

    Subclasses build their inputs, call :meth:`layout_with` with them, and call :meth:`commit` with
    the answers' fields they own whenever an input changes.
    """

    topic = ""

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(layout=widgets.Layout(width="100%"))
        self.ctx = ctx
        self.issues = IssuesBox(ctx.lang)

    def layout_with(self, *children: widgets.Widget) -> None:
        """Show ``children`` then the issues box and the shared status line."""
        self.children = (*children, self.issues, self.ctx.saver.status)
        self.refresh_issues()

    def current_issues(self) -> list[Issue]:
        """The method checks of this step on the current answers (none by default)."""
        return []

    def refresh_issues(self) -> None:
        self.issues.show(self.current_issues())

    def commit(self, fields: Mapping[str, Any]) -> bool:
        """Write ``fields`` into the answers, save, refresh the issues, notify dependants."""
        error = self.ctx.saver.apply(fields)
        if error:
            self.issues.invalid(error)
            return False
        self.refresh_issues()
        if self.topic:
            self.ctx.bus.publish(self.topic)
        return True
