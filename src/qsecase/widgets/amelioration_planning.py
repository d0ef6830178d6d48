"""The planning step of the improvement-plan exercise (5-2): start date, planning tool, the tasks
and their dependencies, redrawn live as a Gantt chart, a PERT network and an accessible schedule
table, then the RACI grid and the exports of the plan.

A plan that cannot be scheduled (a dependency loop, an unknown predecessor) keeps its answers
saved and shows the French reason where the charts would be, never a traceback. The status and the
progress of each task belong to the tracking step (:mod:`.amelioration_suivi`): they are carried
over unchanged when a task is edited here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.errors import QsecaseError
from qsecase.methods.base import Issue
from qsecase.methods.planning import check_tasks
from qsecase.methods.raci import check_raci
from qsecase.methods.tracking import alerts, progress
from qsecase.views import planning_gantt, planning_pert
from qsecase.views.planning_html import planning_document_html, schedule_html
from qsecase.views.planning_workbook import planning_workbook
from qsecase.views.render import figure_to_html
from qsecase.views.tables import esc
from qsecase.widgets.amelioration_data import (
    plan_schedule,
    plan_start,
    plan_title,
    stakeholders,
    status_date,
)
from qsecase.widgets.amelioration_raci import RaciGrid
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import (
    IssuesBox,
    checkbox_field,
    dropdown_field,
    format_ids,
    heading,
    help_text,
    parse_ids,
    text_field,
    tr,
)
from qsecase.widgets.exports import ExportButton
from qsecase.widgets.rows import RowsEditor, next_id
from qsecase.widgets.sst_accident_tree import FieldsRow, combo_field, date_field

__all__ = ["EXPORT_HTML", "EXPORT_XLSX", "TEXTS", "TOOLS", "PlanningStep", "task_row"]

EXPORT_XLSX = "plan-amelioration.xlsx"
EXPORT_HTML = "plan-amelioration.html"
TOOLS: dict[str, str] = {"gantt": "Diagramme de Gantt", "pert": "Réseau PERT",
                         "kanban": "Tableau Kanban", "scrum": "Scrum (sprints et revues)"}

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Planifiez les actions retenues : découpez-les en tâches, estimez leur durée en "
                "jours ouvrés, indiquez les tâches qui doivent être finies avant chacune, les "
                "ressources mobilisées, le livrable, et placez des jalons (points de validation, "
                "durée 0). Le calendrier, le chemin critique, le diagramme de Gantt et le réseau "
                "PERT se recalculent à chaque modification.",
        "start": "Date de début du plan", "tool": "Outil de planification et de suivi",
        "choose": "— choisir —", "tasks": "Tâches du plan", "add": "Ajouter une tâche",
        "item": "Tâche {n}", "id": "Identifiant", "name": "Tâche", "name_ph": "verbe d'action + objet",
        "duration": "Durée (jours ouvrés)", "preds": "Prédécesseurs (ex. T1, T2)",
        "preds_ph": "tâches à finir avant, séparées par des virgules",
        "resources": "Ressources", "resources_ph": "personnes ou moyens mobilisés",
        "milestone": "Jalon (point de validation, durée 0)", "deliverable": "Livrable",
        "calendar": "Calendrier du plan", "raci": "Matrice RACI", "exports": "Exports du plan",
        "no_name": "{item} : nommez la tâche ; elle n'est pas enregistrée tant que son nom manque.",
        "no_start": "Indiquez la date de début du plan ; en attendant, le calendrier part de la "
                    "date du cas ({date}).",
        "no_tool": "Choisissez l'outil de planification et de suivi adapté au plan.",
        "no_task": "Ajoutez les tâches du plan.",
        "empty": "Ajoutez des tâches : le calendrier, le Gantt et le réseau PERT s'afficheront ici.",
        "error": "✖ Le calendrier ne peut pas être calculé : {reason}",
        "summary": "Plan {span}. Chemin critique : {paths}.",
        "gantt_title": "Diagramme de Gantt du plan d'amélioration",
        "export_help": "Exportez le plan : le classeur Excel (tâches, calendrier, RACI, suivi) et "
                       "le document HTML à diffuser. Les fichiers sont écrits à côté de votre "
                       "fichier de réponses.",
        "export_xlsx": "Exporter le planning (Excel)",
        "export_html": "Exporter le planning (document HTML)",
    },
}


def task_row(data: Mapping[str, Any], notify: Callable[[], None], roles: Sequence[str],
             lang: str = "fr") -> FieldsRow:
    """The inputs of one task: what, how long, after which tasks, by whom, for which deliverable."""
    t = partial(tr, TEXTS, lang)
    duration = widgets.BoundedIntText(value=int(data.get("duree", 1)), min=0, max=1000,
                                      description=t("duration"), layout=widgets.Layout(width="24em"),
                                      style={"description_width": "14em"})
    row = FieldsRow({
        "id": text_field(t("id"), str(data.get("id", ""))),
        "nom": text_field(t("name"), str(data.get("nom", "")), t("name_ph")),
        "duree": duration,
        "predecesseurs": text_field(t("preds"), format_ids(list(data.get("predecesseurs", []))),
                                    t("preds_ph")),
        "ressources": combo_field(t("resources"), str(data.get("ressources", "")), roles,
                                  t("resources_ph")),
        "jalon": checkbox_field(t("milestone"), bool(data.get("jalon", False))),
        "livrable": text_field(t("deliverable"), str(data.get("livrable", "")))},
        notify, convert={"predecesseurs": parse_ids})
    row.fields["id"].layout.width = "24em"
    return row


class PlanningStep(StepForm):
    """The tasks of the plan, their calendar (Gantt, PERT, table), the RACI grid and the exports."""

    topic = "planning"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        s, a = ctx.session, ctx.session.answers
        self.actors = stakeholders(s.case)
        tools = [(t("choose"), ""), *((v, k) for k, v in TOOLS.items())]
        self.debut = date_field(t("start"), a.debut)
        self.outil = dropdown_field(t("tool"), tools, a.outil or "")
        for widget in (self.debut, self.outil):
            widget.observe(lambda _c: self._settings_changed(), names="value")
        self.editor = RowsEditor(
            lambda data, notify: task_row(data, notify, self.actors, ctx.lang), self._tasks_changed,
            [x.model_dump() for x in a.taches],
            new_row=lambda values: {"id": next_id("T", [v["id"] for v in values]), "duree": 1},
            item_title=t("item"), add_label=t("add"), lang=ctx.lang)
        self.summary, self.gantt, self.pert, self.table = (widgets.HTML() for _ in range(4))
        self.raci = RaciGrid(self.actors, self._raci_changed, ctx.lang)
        self.raci_issues = IssuesBox(ctx.lang)
        self.xlsx = ExportButton(s, t("export_xlsx"), EXPORT_XLSX, self.workbook)
        self.html = ExportButton(s, t("export_html"), EXPORT_HTML,
                                 lambda: self.document().encode("utf-8"))
        self.children = (help_text(t("help")), self.debut, self.outil, heading(t("tasks")),
                         self.editor, self.issues, heading(t("calendar")), self.summary,
                         self.gantt, self.pert, self.table, heading(t("raci")), self.raci,
                         self.raci_issues, heading(t("exports")), help_text(t("export_help")),
                         self.xlsx, self.html, ctx.saver.status)
        self.raci.sync(a.taches, a.raci)
        self.refresh_issues()
        self._redraw()

    # --- changes ---------------------------------------------------------------------------

    def _settings_changed(self) -> None:
        if self.commit({"debut": self.debut.value, "outil": self.outil.value or None}):
            self._redraw()

    def _merged(self, values: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The rows with the status and progress of the same task (same id, or renamed in place)."""
        current = self.ctx.session.answers.taches
        by_id = {task.id: task for task in current}
        new_ids = {v["id"] for v in values}
        out = []
        for n, v in enumerate(values):
            prev = by_id.get(v["id"])
            if prev is None and n < len(current) and current[n].id not in new_ids:
                prev = current[n]
            kept = {"statut": prev.statut, "avancement": prev.avancement} if prev else {}
            out.append({**v, **kept})
        return out

    def _tasks_changed(self, values: list[dict[str, Any]]) -> None:
        empty = [self.t("no_name", item=self.t("item", n=n))
                 for n, v in enumerate(values, 1) if not v["nom"].strip()]
        if empty:
            self.issues.invalid(" ; ".join(empty))
            return
        ids = {v["id"] for v in values}
        raci = [line for line in self.ctx.session.answers.raci if line.tache in ids]
        if self.commit({"taches": self._merged(values), "raci": raci}):
            a = self.ctx.session.answers
            self.raci.sync(a.taches, a.raci)
            self._redraw()

    def _raci_changed(self) -> None:
        if self.commit({"raci": self.raci.lines()}):
            self._refresh_raci()

    # --- live views ------------------------------------------------------------------------

    def _refresh_raci(self) -> None:
        a = self.ctx.session.answers
        self.raci_issues.show(check_raci(a.raci, [task.id for task in a.taches], self.actors)
                              if a.taches else [])

    def _redraw(self) -> None:
        t, a = self.t, self.ctx.session.answers
        scheduled, error = plan_schedule(a, self.ctx.session.case)
        self._refresh_raci()
        self.pert.value = self.table.value = ""
        if error:
            self.summary.value = f'<p role="status"><strong>{esc(t("error", reason=error))}</strong></p>'
            self.gantt.value = ""
            return
        if not scheduled:
            self.summary.value = f"<p><em>{esc(t('empty'))}</em></p>"
            self.gantt.value = ""
            return
        text = t("summary", span=planning_gantt.plan_span(scheduled),
                 paths=planning_gantt.paths_text(scheduled))
        self.summary.value = f"<p>{esc(text)}</p>"
        self.gantt.value = figure_to_html(planning_gantt.gantt(scheduled, title=t("gantt_title")),
                                          planning_gantt.gantt_alt(scheduled))
        self.pert.value = figure_to_html(planning_pert.pert(scheduled),
                                         planning_pert.pert_alt(scheduled))
        self.table.value = schedule_html(scheduled)

    def current_issues(self) -> list[Issue]:
        a, case = self.ctx.session.answers, self.ctx.session.case
        out = check_tasks(a.taches)
        if not a.taches:
            out.append(Issue(level="attention", message=self.t("no_task")))
        if a.debut is None:
            out.append(Issue(level="attention", message=self.t(
                "no_start", date=f"{plan_start(a, case):%d/%m/%Y}")))
        if a.outil is None:
            out.append(Issue(level="attention", message=self.t("no_tool")))
        return out

    # --- exports ---------------------------------------------------------------------------

    def _inputs(self) -> dict[str, Any]:
        a, case = self.ctx.session.answers, self.ctx.session.case
        scheduled, error = plan_schedule(a, case)
        if error:
            raise QsecaseError(self.t("error", reason=error).removeprefix("✖ "))
        today = status_date(a, case)
        return {"title": plan_title(case), "scheduled": scheduled, "raci": a.raci,
                "progress": progress(scheduled), "alerts": alerts(scheduled, today, a.seuil_alerte_jours),
                "today": today}

    def workbook(self) -> bytes:
        """The Excel workbook of the current plan."""
        return planning_workbook(**self._inputs())

    def document(self) -> str:
        """The HTML document of the current plan."""
        return planning_document_html(**self._inputs())
