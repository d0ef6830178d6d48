"""The tracking step of the improvement-plan exercise (5-3): at the date of a status point, the
status and progress of each task of the plan, the completion rates, the counts by status, the
overdue and watch alerts, and the Kanban board.

The rows follow the plan of the planning step (topic ``"planning"``); a status shows its word and
its symbol (never a colour alone). Choosing « fait » sets the progress to 100 %, « à faire » to 0 %.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.base import Issue
from qsecase.methods.planning import STATUSES, check_tasks
from qsecase.methods.tracking import alerts, progress
from qsecase.views.planning_html import kanban_html, tracking_html
from qsecase.views.tables import esc
from qsecase.widgets.amelioration_data import plan_schedule, status_date
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import dropdown_field, heading, help_text, tr
from qsecase.widgets.sst_accident_tree import date_field

__all__ = ["TEXTS", "StatusRow", "SuiviStep"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Faites le point d'avancement du plan à une date donnée : pour chaque tâche, son "
                "statut et le pourcentage réalisé. Le taux de réalisation, le nombre de tâches par "
                "statut, les alertes (retards, tâches à surveiller) et le tableau Kanban se "
                "recalculent à chaque modification.",
        "date": "Date du point d'avancement",
        "threshold": "Seuil d'alerte (jours avant l'échéance)",
        "tasks": "Avancement des tâches", "task": "{id} — {nom}",
        "status": "Statut", "progress": "Avancement (%)",
        "empty": "Le plan n'a pas encore de tâche : ajoutez-les à l'étape « planning ».",
        "error": "✖ Le suivi ne peut pas être calculé tant que le planning est incohérent : {reason}",
        "board": "Tableau Kanban",
        "no_date": "La date du point d'avancement n'est pas enregistrée : la date du cas ({date}) "
                   "est retenue.",
    },
}


class StatusRow:
    """The status and the progress of one task."""

    def __init__(self, task: Any, notify: Any, lang: str = "fr") -> None:
        t = partial(tr, TEXTS, lang)
        self.id = task.id
        self.title = heading(t("task", id=task.id, nom=task.nom), level=5)
        self.status = dropdown_field(t("status"), [(v, k) for k, v in STATUSES.items()],
                                     task.statut, width="30em")
        self.progress = widgets.IntSlider(value=task.avancement, min=0, max=100, step=5,
                                          description=t("progress"), continuous_update=False,
                                          layout=widgets.Layout(width="30em"),
                                          style={"description_width": "14em"})
        self._busy = False

        def follow(change: dict[str, Any]) -> None:
            self._busy = True
            if change["new"] == "fait":
                self.progress.value = 100
            elif change["new"] == "à faire":
                self.progress.value = 0
            self._busy = False
            notify()

        self.status.observe(follow, names="value")
        self.progress.observe(lambda _c: None if self._busy else notify(), names="value")
        self.box = widgets.VBox([self.title, self.status, self.progress])


class SuiviStep(StepForm):
    """The status point of the plan: date, alert threshold, one row per task, the live views."""

    topic = "suivi"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        a, case = ctx.session.answers, ctx.session.case
        self.date = date_field(t("date"), status_date(a, case))
        self.threshold = widgets.BoundedIntText(value=a.seuil_alerte_jours, min=0, max=60,
                                                description=t("threshold"),
                                                layout=widgets.Layout(width="24em"),
                                                style={"description_width": "14em"})
        for widget in (self.date, self.threshold):
            widget.observe(lambda _c: self._changed(), names="value")
        self.rows: list[StatusRow] = []
        self._shape: list[tuple[str, str]] = []
        self.rows_box = widgets.VBox()
        self.tracking, self.kanban = widgets.HTML(), widgets.HTML()
        ctx.bus.subscribe("planning", self._plan_changed)
        self.layout_with(help_text(t("help")), self.date, self.threshold, heading(t("tasks")),
                         self.rows_box, self.tracking, heading(t("board")), self.kanban)
        self._build_rows()
        self._redraw()

    def _build_rows(self) -> None:
        tasks = self.ctx.session.answers.taches
        self._shape = [(task.id, task.nom) for task in tasks]
        self.rows = [StatusRow(task, self._changed, self.ctx.lang) for task in tasks]
        self.rows_box.children = ([row.box for row in self.rows] if self.rows
                                  else [widgets.HTML(f"<p><em>{esc(self.t('empty'))}</em></p>")])

    def _plan_changed(self) -> None:
        if [(task.id, task.nom) for task in self.ctx.session.answers.taches] != self._shape:
            self._build_rows()
        self.refresh_issues()
        self._redraw()

    def _changed(self) -> None:
        tasks = self.ctx.session.answers.taches
        if len(tasks) != len(self.rows):  # the plan changed under the rows: follow it first
            self._plan_changed()
            return
        updated = [{**task.model_dump(), "statut": row.status.value,
                    "avancement": row.progress.value} for task, row in zip(tasks, self.rows,
                                                                             strict=True)]
        if self.commit({"date_suivi": self.date.value, "seuil_alerte_jours": self.threshold.value,
                        "taches": updated}):
            self._redraw()

    def _redraw(self) -> None:
        a, case = self.ctx.session.answers, self.ctx.session.case
        scheduled, error = plan_schedule(a, case)
        if error:
            text = esc(self.t("error", reason=error))
            self.tracking.value = f'<p role="status"><strong>{text}</strong></p>'
            self.kanban.value = ""
            return
        today = self.date.value or status_date(a, case)
        raised = alerts(scheduled, today, a.seuil_alerte_jours)
        self.tracking.value = tracking_html(progress(scheduled), raised, today)
        self.kanban.value = kanban_html(scheduled)

    def current_issues(self) -> list[Issue]:
        a, case = self.ctx.session.answers, self.ctx.session.case
        words = tuple(f"« {status} »" for status in STATUSES)
        out = [i for i in check_tasks(a.taches) if any(w in i.message for w in words)]
        if a.date_suivi is None and a.taches:
            out.append(Issue(level="attention", message=self.t(
                "no_date", date=f"{status_date(a, case):%d/%m/%Y}")))
        return out
