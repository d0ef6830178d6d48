"""The dashboard step of the QSE management-system exercise (4-3): the trainee's indicators on the
corpus's monthly indicator table, the live dashboard (one chart per indicator with its text
alternative, the table of statuses, trends and control-chart signals, the missing data and whether
they were reminded), the reminders due on the case's date that can be added to the reminders sent
(never twice), the reminders and the drifts the trainee reads, and the exports (Excel workbook,
HTML page to print).

The computations are :func:`.sm_qse_case.board` (control charts, signals, reminders due); the
figures and tables come from :mod:`qsecase.views.dashboard_chart` and
:mod:`qsecase.views.dashboard_html`.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.base import Issue
from qsecase.methods.dashboard import Indicator, Reminder
from qsecase.session import Session
from qsecase.views.dashboard_chart import dashboard_alt, dashboard_figure, month_label
from qsecase.views.dashboard_html import dashboard_document_html, dashboard_html, dashboard_workbook
from qsecase.views.render import figure_to_html
from qsecase.views.tables import esc
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import heading, help_text, tr
from qsecase.widgets.exports import ExportButton
from qsecase.widgets.rows import RowsEditor, next_id
from qsecase.widgets.sm_qse_case import Board, board, column_options, functions, today
from qsecase.widgets.sm_qse_indicators import TEXTS as ROW_TEXTS
from qsecase.widgets.sm_qse_indicators import (
    drift_row,
    indicator_options,
    indicator_row,
    reminder_row,
    row_problems,
)
from qsecase.widgets.sst_accident_tree import FieldsRow

__all__ = ["EXPORT_HTML", "EXPORT_XLSX", "TEXTS", "DashboardStep", "dashboard_page", "dashboard_title",
           "indicator_issues", "new_reminders"]

EXPORT_XLSX = "tableau-de-bord.xlsx"
EXPORT_HTML = "tableau-de-bord.html"

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Construisez le tableau de bord QSE à partir du tableau mensuel des indicateurs du "
                "corpus. Pour chaque indicateur : ce qu'il mesure, la colonne de données qu'il suit, "
                "son responsable et sa source, sa fréquence, l'objectif et le seuil d'alerte dans le "
                "sens souhaité, et le public qui le lit. Le tableau de bord se redessine à chaque "
                "modification : lisez les statuts, les tendances et les signaux de la carte de "
                "contrôle, relancez les données manquantes et notez les dérives que vous repérez.",
        "indicators": "Indicateurs", "add": "Ajouter un indicateur", "item": "Indicateur {n}",
        "board": "Tableau de bord", "no_table": "✖ Tableau des indicateurs illisible : {reason}",
        "due": "Relances à envoyer au {date}", "add_due": "Ajouter les relances proposées",
        "add_due_tip": "Ajoute aux relances envoyées celles qui n'y sont pas encore",
        "due_line": "{indicator} — {month} : relancer « {service} »",
        "no_due": "Aucune relance à envoyer pour vos indicateurs.",
        "added": "✔ {n} relance(s) ajoutée(s).", "none_added": "Toutes les relances proposées sont "
        "déjà dans vos relances : rien n'a été ajouté.",
        "reminders": "Relances envoyées", "add_reminder": "Ajouter une relance", "reminder": "Relance {n}",
        "drifts": "Dérives repérées", "add_drift": "Ajouter une dérive", "drift": "Dérive {n}",
        "name": "nom", "service": "service", "indicator": "indicateur",
        "exports": "Exports du tableau de bord", "export_xlsx": "Exporter le tableau de bord (Excel)",
        "export_html": "Exporter le tableau de bord (page HTML)",
        "export_help": "Les fichiers sont écrits à côté de votre fichier de réponses ; la page HTML "
                       "s'imprime en PDF depuis le navigateur.",
        "title": "Tableau de bord QSE — {org}",
        "incomplete": "Indicateur {id} : précisez {fields}.",
    },
}
_DRAWN = {"id", "nom", "colonne", "unite", "objectif", "seuil_alerte", "sens"}
"""The fields of an indicator that its chart shows."""
_FIELDS = {"definition": "la définition", "colonne": "la colonne de données", "responsable": "le responsable",
           "source": "la source", "objectif": "l'objectif", "seuil_alerte": "le seuil d'alerte"}


def dashboard_title(session: Session) -> str:
    return tr(TEXTS, session.lang, "title", org=session.case.spec.organisation.nom)


def dashboard_page(session: Session, state: Board | None = None) -> str:
    """The dashboard of the current answers as a standalone page to print."""
    a = session.answers
    b = state or board(session.case, a.indicateurs)
    return dashboard_document_html(dashboard_title(session), a.indicateurs, b.periods, b.data,
                                   today(session.case), charts=b.charts, signals=b.signals,
                                   reminders=a.relances)


def indicator_issues(indicators: list[Indicator], state: Board, lang: str = "fr") -> list[Issue]:
    """The indicator table that cannot be read, and the indicators whose definition, column, owner,
    source, objective or alert threshold is missing."""
    t = partial(tr, TEXTS, lang)
    issues = [Issue(level="erreur", message=t("no_table", reason=state.problem))] if state.problem else []
    for ind in indicators:
        missing = [label for key, label in _FIELDS.items() if getattr(ind, key) in (None, "")]
        if missing:
            message = t("incomplete", id=ind.id, fields=", ".join(missing))
            issues.append(Issue(level="attention", message=message))
    return issues


def new_reminders(sent: list[Reminder], due: list[Reminder]) -> list[Reminder]:
    """The reminders of ``due`` whose indicator and month are not reminded in ``sent``."""
    done = {(r.indicateur.strip().casefold(), r.periode.strip()) for r in sent}
    return [r for r in due if (r.indicateur.strip().casefold(), r.periode.strip()) not in done]


class DashboardStep(StepForm):
    """Indicators, the live dashboard, reminders due and sent, drifts, exports."""

    topic = "tableau-de-bord"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        s, case, a = ctx.session, ctx.session.case, ctx.session.answers
        self.people, self.columns = functions(case), column_options(case)
        self.state = board(case, a.indicateurs)
        self._drawn: list[dict[str, Any]] | None = None
        self.indicators = RowsEditor(
            lambda data, notify: indicator_row(data, notify, self.columns, self.people, ctx.lang),
            self._indicators_changed, [i.model_dump() for i in a.indicateurs],
            new_row=lambda v: {"id": next_id("I", [x["id"] for x in v])}, item_title=t("item"),
            add_label=t("add"), lang=ctx.lang)
        self.reminders_box, self.drifts = widgets.VBox(), self._drift_editor()
        self.reminders = self._reminder_editor()
        self.figure, self.table, self.due = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.add_due = widgets.Button(description=t("add_due"), tooltip=t("add_due_tip"), icon="bell",
                                      layout=widgets.Layout(width="auto"))
        self.add_due.on_click(lambda _b: self.add_reminders())
        self.due_status = widgets.HTML()
        self.xlsx = ExportButton(s, t("export_xlsx"), EXPORT_XLSX, self._workbook)
        self.html = ExportButton(s, t("export_html"), EXPORT_HTML,
                                 lambda: dashboard_page(s, self.state).encode("utf-8"))
        due = heading(t("due", date=f"{today(case):%d/%m/%Y}"), 5)
        self.layout_with(help_text(t("help")), heading(t("indicators")), self.indicators, heading(t("board")),
                         self.figure, self.table, due, self.due, self.add_due, self.due_status,
                         heading(t("reminders")), self.reminders_box, heading(t("drifts")), self.drifts,
                         heading(t("exports")), help_text(t("export_help")), self.xlsx, self.html)
        self._redraw()

    # --- editors ---------------------------------------------------------------------------------

    def _options(self) -> list[tuple[str, str]]:
        return indicator_options([i.model_dump() for i in self.ctx.session.answers.indicateurs])

    def _reminder_editor(self) -> RowsEditor:
        editor = RowsEditor(
            lambda data, notify: reminder_row(data, notify, self._options(), self.people, self.ctx.lang),
            lambda v: self._list_changed("relances", v, self.t("reminder"), {"service": self.t("service")}),
            [r.model_dump() for r in self.ctx.session.answers.relances], item_title=self.t("reminder"),
            add_label=self.t("add_reminder"), lang=self.ctx.lang)
        self.reminders_box.children = [editor]
        return editor

    def _drift_editor(self) -> RowsEditor:
        return RowsEditor(
            lambda data, notify: drift_row(data, notify, self._options(), self.ctx.lang),
            lambda v: self._list_changed("derives", v, self.t("drift"), {"indicateur": self.t("indicator")}),
            [d.model_dump() for d in self.ctx.session.answers.derives], item_title=self.t("drift"),
            add_label=self.t("add_drift"), lang=self.ctx.lang)

    def _indicators_changed(self, values: list[dict[str, Any]]) -> None:
        if self._list_changed("indicateurs", values, self.t("item"), {"nom": self.t("name")}):
            options, missing = self._options(), tr(ROW_TEXTS, self.ctx.lang, "unknown_indicator")
            for editor in (self.reminders, self.drifts):
                for row in editor.rows:
                    assert isinstance(row, FieldsRow)
                    row.offer("indicateur", options, missing)

    def _list_changed(self, name: str, values: list[dict[str, Any]], item: str,
                      required: dict[str, str]) -> bool:
        problems = row_problems(values, item, required, self.ctx.lang)
        if problems:
            self.issues.invalid(" ; ".join(problems))
            return False
        if not self.commit({name: values}):
            return False
        self._redraw()
        return True

    def add_reminders(self) -> int:
        """Add the reminders due that are not sent yet; return how many were added."""
        a = self.ctx.session.answers
        added = new_reminders(list(a.relances), self.state.due)
        if not added:
            self.due_status.value = f'<p role="status">{esc(self.t("none_added"))}</p>'
            return 0
        if not self.commit({"relances": [*a.relances, *added]}):
            return 0
        self.reminders = self._reminder_editor()
        self.due_status.value = f'<p role="status">{esc(self.t("added", n=len(added)))}</p>'
        self._redraw()
        return len(added)

    # --- live views --------------------------------------------------------------------------------

    def _workbook(self) -> bytes:
        b, a = self.state, self.ctx.session.answers
        return dashboard_workbook(dashboard_title(self.ctx.session), a.indicateurs, b.periods, b.data,
                                  b.signals)

    def _redraw(self) -> None:
        a, case = self.ctx.session.answers, self.ctx.session.case
        self.state = b = board(case, a.indicateurs)
        if b.problem:
            self.figure.value = f"<p>{esc(self.t('no_table', reason=b.problem))}</p>"
            self.table.value = ""
        else:
            drawn = [i.model_dump(include=_DRAWN) for i in a.indicateurs]
            if drawn != self._drawn:  # the figure takes a second: redrawn only when it changes
                self._drawn = drawn
                self.figure.value = figure_to_html(
                    dashboard_figure(a.indicateurs, b.periods, b.data, b.charts, b.signals),
                    dashboard_alt(a.indicateurs, b.periods, b.data, b.charts, b.signals), dpi=80) \
                    if a.indicateurs else ""
            self.table.value = dashboard_html(a.indicateurs, b.periods, b.data, today(case),
                                              signals=b.signals, reminders=a.relances)
        pending = new_reminders(list(a.relances), b.due)
        lines = [self.t("due_line", indicator=r.indicateur, month=month_label(r.periode), service=r.service)
                 for r in pending]
        self.due.value = ("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in lines) + "</ul>") if lines \
            else f"<p>{esc(self.t('no_due'))}</p>"
        self.add_due.disabled = not pending

    def current_issues(self) -> list[Issue]:
        return indicator_issues(self.ctx.session.answers.indicateurs, self.state, self.ctx.lang)
