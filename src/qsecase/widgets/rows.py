"""A generic editor of a list of rows (chains, root causes, actions) with add/remove buttons.

A *row factory* builds the widgets of one row from a dict of initial values and a ``notify``
callback it calls whenever one of its inputs changes; the editor calls ``on_change`` with the
list of every row's values after each change, addition or removal.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import ipywidgets as widgets

from qsecase.widgets.common import tr

__all__ = ["TEXTS", "Row", "RowFactory", "RowsEditor", "next_id"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "add": "Ajouter",
        "remove": "Supprimer",
        "remove_tip": "Supprimer « {title} »",
        "empty": "Aucune ligne pour l'instant : cliquez sur « {add} ».",
    },
}


class Row(Protocol):
    """One row of a :class:`RowsEditor`."""

    box: widgets.Widget

    def value(self) -> dict[str, Any]:
        """The row's current values, as the answers model expects them."""
        ...


RowFactory = Callable[[Mapping[str, Any], Callable[[], None]], Row]


def next_id(prefix: str, used: Sequence[str]) -> str:
    """The first ``<prefix><n>`` (n = 1, 2…) not in ``used``."""
    n = 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


class RowsEditor(widgets.VBox):
    """Rows built by ``factory``, each with a « Supprimer » button, and an « Ajouter » button.

    Args:
        factory: Builds a row from initial values and a change callback.
        on_change: Called with the values of every row after each change.
        rows: Initial values, one dict per row.
        new_row: Initial values of an added row, from the values of the existing rows.
        item_title: Title of a row, e.g. ``"Action {n}"`` (``n`` counts from 1).
        add_label: Text of the add button (``"Ajouter"`` by default).
        lang: Language of the buttons.
    """

    def __init__(
        self,
        factory: RowFactory,
        on_change: Callable[[list[dict[str, Any]]], object],
        rows: Sequence[Mapping[str, Any]] = (),
        *,
        new_row: Callable[[list[dict[str, Any]]], dict[str, Any]] | None = None,
        item_title: str = "Ligne {n}",
        add_label: str = "",
        lang: str = "fr",
    ) -> None:
        self.factory = factory
        self.on_change = on_change
        self.new_row = new_row or (lambda _values: {})
        self.item_title = item_title
        self.lang = lang
        self.rows: list[Row] = []
        self.remove_buttons: list[widgets.Button] = []
        self._titles: list[widgets.HTML] = []
        self._list = widgets.VBox()
        self._empty = widgets.HTML()
        label = self._add_label = add_label or tr(TEXTS, lang, "add")
        self.add_button = widgets.Button(description=label, icon="plus", tooltip=label,
                                         layout=widgets.Layout(width="auto"))
        self.add_button.on_click(lambda _button: self.add())
        for data in rows:
            self._append(data)
        self._redraw()
        super().__init__([self._list, self._empty, self.add_button],
                         layout=widgets.Layout(width="100%"))

    def values(self) -> list[dict[str, Any]]:
        """Every row's values, in order."""
        return [row.value() for row in self.rows]

    def add(self, data: Mapping[str, Any] | None = None) -> Row:
        """Append a row (initial values from ``data`` or ``new_row``) and report the change."""
        row = self._append(data if data is not None else self.new_row(self.values()))
        self._redraw()
        self._emit()
        return row

    def remove(self, index: int) -> None:
        """Remove the row at ``index`` and report the change."""
        del self.rows[index]
        del self.remove_buttons[index]
        del self._titles[index]
        self._redraw()
        self._emit()

    def _append(self, data: Mapping[str, Any]) -> Row:
        row = self.factory(data, self._emit)
        button = widgets.Button(description=tr(TEXTS, self.lang, "remove"), icon="trash",
                                layout=widgets.Layout(width="auto"))
        button.on_click(lambda _button, r=row: self.remove(self.rows.index(r)))
        self.rows.append(row)
        self.remove_buttons.append(button)
        self._titles.append(widgets.HTML())
        return row

    def _redraw(self) -> None:
        boxes = []
        for n, (row, button, title) in enumerate(
                zip(self.rows, self.remove_buttons, self._titles, strict=True), 1):
            text = self.item_title.format(n=n)
            title.value = f"<h4>{html.escape(text)}</h4>"
            button.tooltip = tr(TEXTS, self.lang, "remove_tip", title=text)
            boxes.append(widgets.VBox([title, row.box, button], layout=widgets.Layout(
                border="1px solid #767676", padding="0.25em 0.5em", margin="0.25em 0")))
        self._list.children = boxes
        empty = tr(TEXTS, self.lang, "empty", add=self._add_label)
        self._empty.value = "" if self.rows else f"<p><em>{html.escape(empty)}</em></p>"

    def _emit(self) -> None:
        self.on_change(self.values())
