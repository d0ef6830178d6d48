"""Building blocks of the forms: labelled fields, an issues box and a save status line.

Every input gets a visible ``description`` (rendered by ipywidgets as a ``<label>``), text inputs
commit on Enter or when they lose focus (``continuous_update=False``), and widths are relative so
that forms fit a notebook column.

UI strings live in ``TEXTS = {"fr": {key: French text}}`` tables; :func:`tr` gives them in the
session's language through the catalogue (:mod:`qsecase.i18n`), so no module holds English.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as widgets

from qsecase.i18n import SOURCE_LANG, translate
from qsecase.methods.base import Issue
from qsecase.views.tables import issues_html

__all__ = ["TEXTS", "IssuesBox", "StatusLine", "checkbox_field", "dropdown_field", "format_ids",
           "heading", "help_text", "parse_ids", "text_field", "textarea_field", "tr",
           "unknown_ids"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "saved": "✔ Enregistré à {time}",
        "not_saved": "✖ Non enregistré : {reason}",
        "no_file": "Aucun fichier de réponses : rien n'est enregistré.",
        "read_only": "Mode correction : les réponses ne sont pas modifiées.",
        "not_yet": "Pas encore de modification à enregistrer.",
        "invalid": "Saisie non prise en compte : {reason}",
        "no_issue": "✔ Aucun point à corriger pour l'instant.",
    },
}

_WIDE_LABEL = {"description_width": "14em"}
_ID_SPLIT = re.compile(r"[\s,;]+")


def tr(texts: Mapping[str, Mapping[str, str]], lang: str, key: str, **values: Any) -> str:
    """The UI string ``key`` in ``lang``, formatted with ``values``.

    ``texts["fr"][key]`` is the French msgid; another language comes from ``texts[lang]`` when a
    module still has such a table, else from the catalogue (French when it has no entry).
    """
    local = texts.get(lang, {}).get(key) if lang != SOURCE_LANG else None
    if local:
        return local.format(**values) if values else local
    return translate(texts[SOURCE_LANG][key], lang, **values)


def text_field(description: str, value: str = "", placeholder: str = "") -> widgets.Text:
    """A one-line text input with a visible label; committed on Enter or blur."""
    return widgets.Text(value=value, description=description, placeholder=placeholder,
                        continuous_update=False, layout=widgets.Layout(width="95%"),
                        style=_WIDE_LABEL)


def textarea_field(description: str, value: str = "", placeholder: str = "",
                   rows: int = 3) -> widgets.Textarea:
    """A multi-line text input with a visible label; committed when it loses focus."""
    return widgets.Textarea(value=value, description=description, placeholder=placeholder,
                            rows=rows, continuous_update=False,
                            layout=widgets.Layout(width="95%"), style=_WIDE_LABEL)


def checkbox_field(description: str, value: bool = False) -> widgets.Checkbox:
    """A checkbox whose label is written beside it (``indent=False`` keeps it readable)."""
    return widgets.Checkbox(value=value, description=description, indent=False,
                            layout=widgets.Layout(width="auto"))


def dropdown_field(description: str, options: Sequence[Any], value: Any = None,
                   width: str = "95%") -> widgets.Dropdown:
    """A dropdown with a visible label; ``value`` is kept only if it is one of the options."""
    dropdown = widgets.Dropdown(options=options, description=description,
                                layout=widgets.Layout(width=width), style=_WIDE_LABEL)
    values = [o[1] if isinstance(o, tuple) else o for o in options]
    if value in values:
        dropdown.value = value
    return dropdown


def heading(text: str, level: int = 4) -> widgets.HTML:
    """A real HTML heading (screen readers navigate by headings)."""
    return widgets.HTML(f"<h{level}>{html.escape(text)}</h{level}>")


def help_text(text: str, lang: str = SOURCE_LANG) -> widgets.HTML:
    """A paragraph of instructions above a form, ``text`` being in ``lang``."""
    return widgets.HTML(f'<p lang="{lang}" style="max-width:60em">{html.escape(text)}</p>')


class IssuesBox(widgets.HTML):
    """An HTML area listing the current issues (✖ errors, ⚠ warnings) of a step."""

    def __init__(self, lang: str = "fr", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.issues: list[Issue] = []

    def show(self, issues: Sequence[Issue]) -> None:
        """Replace the listed issues."""
        self.issues = list(issues)
        self.value = issues_html(self.issues) or (
            f'<p role="status">{html.escape(tr(TEXTS, self.lang, "no_issue"))}</p>')

    def invalid(self, reason: str) -> None:
        """Show that the last input could not be taken into account (the model is unchanged)."""
        self.issues = [Issue(level="erreur", message=tr(TEXTS, self.lang, "invalid",
                                                         reason=reason))]
        self.value = issues_html(self.issues)


class StatusLine(widgets.HTML):
    """« ✔ Enregistré à 14:03 » or « ✖ Non enregistré : <raison> », shared by every step."""

    def __init__(self, lang: str = "fr", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.ok = True
        self.message = tr(TEXTS, lang, "not_yet")
        self._render()

    def _render(self) -> None:
        self.value = (f'<p role="status" lang="{self.lang}">'
                      f"<strong>{html.escape(self.message)}</strong></p>")

    def saved(self, when: dt.datetime | None = None) -> None:
        """Record a successful save at ``when`` (now by default)."""
        self.ok = True
        stamp = (when or dt.datetime.now()).strftime("%H:%M")
        self.message = tr(TEXTS, self.lang, "saved", time=stamp)
        self._render()

    def failed(self, reason: str) -> None:
        """Record a failed save and why."""
        self.ok = False
        self.message = tr(TEXTS, self.lang, "not_saved", reason=reason)
        self._render()

    def note(self, key: str) -> None:
        """Show one of the neutral messages of :data:`TEXTS` (``no_file``, ``read_only``…)."""
        self.ok = True
        self.message = tr(TEXTS, self.lang, key)
        self._render()


def parse_ids(text: str) -> list[str]:
    """Fact ids typed by a trainee, split on commas, semicolons or spaces; duplicates dropped."""
    return list(dict.fromkeys(t.strip("[]") for t in _ID_SPLIT.split(text or "") if t.strip("[]")))


def format_ids(ids: Sequence[str]) -> str:
    """The inverse of :func:`parse_ids`."""
    return ", ".join(ids)


def unknown_ids(ids: Sequence[str], known: Mapping[str, Any] | set[str]) -> list[str]:
    """The ids that are not in ``known`` (the case's facts)."""
    return [i for i in ids if i not in known]
