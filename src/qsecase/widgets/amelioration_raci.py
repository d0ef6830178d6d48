"""The RACI grid of the planning step: for each task of the plan, one dropdown « — / R / A / C / I »
per stakeholder (the functions of the organisation's roles).

The grid follows the plan (:meth:`RaciGrid.sync`): a task keeps its choices while its identifier
stays, a new task starts empty, a removed task disappears. Roles given in the answers file to an
actor who is not a stakeholder of the case are kept (and flagged by
:func:`~qsecase.methods.raci.check_raci`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.planning import Task
from qsecase.methods.raci import ROLES, RaciLine
from qsecase.widgets.common import heading, help_text, tr

__all__ = ["TEXTS", "RaciGrid"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Pour chaque tâche, indiquez le rôle de chaque partie prenante : R (réalise la "
                "tâche), A (approuve et rend compte : une seule personne par tâche), C (consultée "
                "avant), I (informée après). Laissez « — » aux acteurs non concernés.",
        "none": "—", "role": "{code} — {label}",
        "task": "{id} — {nom}",
        "empty": "Ajoutez des tâches au planning : la grille RACI suivra.",
    },
}


class RaciGrid(widgets.VBox):
    """One panel per task, one labelled dropdown per stakeholder.

    Args:
        actors: The stakeholders (columns of the RACI matrix).
        on_change: Called after a choice changes (not while the grid follows the plan).
        lang: Language of the labels.
    """

    def __init__(self, actors: Sequence[str], on_change: Callable[[], None],
                 lang: str = "fr") -> None:
        self.t = t = partial(tr, TEXTS, lang)
        self.actors = list(actors)
        self.on_change = on_change
        self.options = [(t("none"), ""), *((t("role", code=k, label=v), k)
                                           for k, v in ROLES.items())]
        self.cells: dict[str, dict[str, widgets.Dropdown]] = {}
        self.extras: dict[str, dict[str, str]] = {}
        self._titles: dict[str, widgets.HTML] = {}
        self._panels: dict[str, widgets.VBox] = {}
        self._busy = False
        self.ids: list[str] = []
        self._empty = widgets.HTML(f"<p><em>{t('empty')}</em></p>")
        self._list = widgets.VBox()
        super().__init__([help_text(t("help")), self._list, self._empty],
                         layout=widgets.Layout(width="100%"))

    def _cell(self, actor: str, value: str) -> widgets.Dropdown:
        cell = widgets.Dropdown(options=self.options, value=value if value in ROLES else "",
                                description=actor, layout=widgets.Layout(width="30em"),
                                style={"description_width": "18em"})
        cell.observe(lambda _c: None if self._busy else self.on_change(), names="value")
        return cell

    def sync(self, tasks: Sequence[Task], lines: Sequence[RaciLine]) -> None:
        """Show the tasks of the plan, in order, with their saved roles."""
        saved: dict[str, dict[str, Any]] = {}
        for line in lines:
            saved.setdefault(line.tache, {}).update(line.roles)
        ids = list(dict.fromkeys(task.id for task in tasks))
        names = {task.id: task.nom for task in reversed(tasks)}
        self._busy = True
        try:
            for tid in ids:
                roles = saved.get(tid, {})
                self.extras[tid] = {a: r for a, r in roles.items() if a not in self.actors}
                if tid not in self.cells:
                    self.cells[tid] = {a: self._cell(a, roles.get(a, "")) for a in self.actors}
                    self._titles[tid] = heading("", level=5)
                    grid = widgets.GridBox(list(self.cells[tid].values()), layout=widgets.Layout(
                        grid_template_columns="repeat(auto-fill, minmax(30em, 1fr))"))
                    self._panels[tid] = widgets.VBox([self._titles[tid], grid], layout=widgets.Layout(
                        border="1px solid #767676", padding="0.25em 0.5em", margin="0.25em 0"))
                self._titles[tid].value = heading(self.t("task", id=tid, nom=names[tid]),
                                                  level=5).value
            for gone in [tid for tid in self.cells if tid not in ids]:
                for store in (self.cells, self.extras, self._titles, self._panels):
                    store.pop(gone, None)
        finally:
            self._busy = False
        self.ids = ids
        self._list.children = [self._panels[tid] for tid in ids]
        self._empty.layout.display = "none" if ids else None

    def lines(self) -> list[dict[str, Any]]:
        """The RACI lines of the tasks that have at least one role."""
        out = []
        for tid in self.ids:
            cells = self.cells[tid]
            roles = {**self.extras.get(tid, {}),
                     **{a: cell.value for a, cell in cells.items() if cell.value}}
            if roles:
                out.append({"tache": tid, "roles": roles})
        return out
