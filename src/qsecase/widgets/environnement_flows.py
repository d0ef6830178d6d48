"""The effectiveness step of the environmental exercise (3-4): for each action of the environmental
plan (facts ``[PE1]``…), the monthly ratio of a flow to an activity — both chosen among the columns
of the corpus's flow table — before and after the action (:func:`~qsecase.methods.flows.normalise`,
:func:`~qsecase.views.flows_view.flow_chart`), the Sankey diagram of the site's material balance over
the last 12 months, then the trainee's readings (ratio before and after, verdict, justification)
shown as a table (:func:`~qsecase.views.flows_view.effectiveness_html`).

The chosen columns only draw the charts: what is saved is the trainee's readings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.case_model import Case
from qsecase.errors import QsecaseError
from qsecase.exercises.environnement import corpus_data
from qsecase.exercises.environnement.corpus_data import EnvAction
from qsecase.methods.base import Issue
from qsecase.methods.flows import FlowReading, normalise, sankey_flows
from qsecase.views.flows_view import effectiveness_html, flow_chart, flows_alt, sankey_alt, sankey_figure
from qsecase.views.render import figure_to_html
from qsecase.views.tables import esc
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import dropdown_field, heading, help_text, text_field, textarea_field, tr
from qsecase.widgets.environnement_rows import number_text, parse_number, row_problems
from qsecase.widgets.rows import RowsEditor
from qsecase.widgets.sst_accident_tree import FieldsRow, multi_field, with_missing

__all__ = ["SCALES", "TEXTS", "ActionPanel", "EfficaciteStep", "balance_html", "column_options", "ratio_html",
           "reading_issues", "reading_row"]

SCALES: list[tuple[str, int]] = [("pour 1", 1), ("pour 1 000", 1000)]
VERDICTS: tuple[str, ...] = ("efficace", "partiellement efficace", "non efficace")

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Pour chaque action du plan environnement, choisissez le flux qu'elle visait et "
                "l'activité à laquelle le rapporter (colonnes du tableau des flux mensuels) : la courbe "
                "du ratio mois par mois s'affiche avec la moyenne des six mois avant et des six mois "
                "après l'action. Appliquez ensuite la méthode de mesure et la règle de jugement fixées "
                "par la revue de direction, et consignez votre lecture : ratio avant et après, unité, "
                "verdict et justification.",
        "action_line": "Réalisée le {date} · pilote : {pilot} · indicateur : {indicator} · objectif : "
                       "{objective}",
        "unknown": "—", "choose": "— choisir —", "flow": "Flux", "activity": "Rapporté à (activité)",
        "scale": "Échelle", "pick": "Choisissez un flux et une activité pour tracer le ratio.",
        "no_month": "Le mois de l'action ({month}) n'est pas dans le tableau des flux : pas de courbe.",
        "no_table": "✖ Tableau des flux illisible : {reason}",
        "balance": "Bilan matière des 12 derniers mois ({first} à {last})", "inputs": "Entrées (Ctrl + clic)",
        "outputs": "Sorties (Ctrl + clic)",
        "mixed": "Entrées et sorties doivent avoir la même unité (ici : {units}).",
        "no_input": "Choisissez au moins une entrée pour tracer le bilan.",
        "readings": "Vos lectures d'efficacité", "add": "Ajouter une lecture", "item": "Lecture {n}",
        "action": "Action", "unknown_action": "{id} (action absente du corpus)",
        "unknown_column": "{id} (colonne absente)", "before": "Ratio avant", "after": "Ratio après",
        "number_ph": "nombre, ex. 8,6", "unit": "Unité du ratio", "unit_ph": "ex. kWh/pièce, m³/1 000 pièces",
        "verdict": "Verdict", "justification": "Justification",
        "justification_ph": "la méthode appliquée, les chiffres, la règle de jugement",
        "summary": "Lectures et évolutions", "twice": "L'action {id} a plusieurs lectures.",
        "missing_action": "L'action {id} n'a pas encore de lecture.",
        "incomplete": "Lecture de {id} : à préciser : {fields}.",
    },
}
_FIELDS = {"ratio_avant": "ratio avant", "ratio_apres": "ratio après", "unite": "unité", "verdict": "verdict",
           "justification": "justification"}


def column_options(case: Case) -> list[tuple[str, str]]:
    """(« Eau (m³) », « eau_m3 ») for each numeric column of the flow table."""
    if corpus_data.FLOWS not in case.tables:
        return []
    columns = case.columns(corpus_data.FLOWS, "nombre", "entier")
    return [(corpus_data.column_label(case, c), c) for c in columns]


def ratio_html(case: Case, action: EnvAction, flow: str, activity: str, scale: int = 1, lang: str = "fr",
               dpi: float = 80) -> str:
    """The chart of ``flow`` / ``activity`` (× ``scale``) month by month around ``action``."""
    t = partial(tr, TEXTS, lang)
    if not flow or not activity:
        return f"<p><em>{esc(t('pick'))}</em></p>"
    try:
        periods, table = corpus_data.flow_table(case)
    except QsecaseError as exc:
        return f"<p>{esc(t('no_table', reason=exc))}</p>"
    if action.mois not in periods:
        return f"<p>{esc(t('no_month', month=action.mois or '?'))}</p>"
    ratios = normalise(table.get(flow, {}), table.get(activity, {}))
    values = [None if (r := ratios.get(p)) is None else r * scale for p in periods]
    name, per = corpus_data.column_label(case, flow), corpus_data.column_label(case, activity).lower()
    per = per if scale == 1 else f"{dict((v, k) for k, v in SCALES)[scale].removeprefix('pour ')} {per}"
    unit = f"{corpus_data.column_unit(case, flow) or name}/{per}"
    title = f"{action.id} — {name} rapporté à « {corpus_data.column_label(case, activity).lower()} »"
    return figure_to_html(flow_chart(periods, values, action.mois, title, unit),
                          flows_alt(periods, values, action.mois, title, unit), dpi=dpi)


def balance_html(case: Case, inputs: Sequence[str], outputs: Sequence[str], lang: str = "fr",
                 dpi: float = 80) -> str:
    """The Sankey diagram of the chosen columns, summed over the last 12 months of the flow table."""
    t = partial(tr, TEXTS, lang)
    try:
        periods, table = corpus_data.flow_table(case)
    except QsecaseError as exc:
        return f"<p>{esc(t('no_table', reason=exc))}</p>"
    if not inputs:
        return f"<p><em>{esc(t('no_input'))}</em></p>"
    units = sorted({corpus_data.column_unit(case, c) for c in [*inputs, *outputs]})
    if len(units) > 1:
        return f"<p>⚠ {esc(t('mixed', units=', '.join(u or 'sans unité' for u in units)))}</p>"
    last = periods[-12:]

    def total(column: str) -> float:
        return sum(v for p in last if (v := table.get(column, {}).get(p)) is not None)

    labels = {c: corpus_data.column_label(case, c) for c in [*inputs, *outputs]}
    flows = sankey_flows({labels[c]: total(c) for c in inputs}, {labels[c]: total(c) for c in outputs},
                         unit=units[0] or "")
    title = t("balance", first=last[0], last=last[-1]) if last else ""
    axes_log = logging.getLogger("matplotlib.axes._base")  # Sankey's equal aspect warns about the y
    level = axes_log.level                                  # limits: noise in a notebook
    axes_log.setLevel(logging.ERROR)
    try:
        return figure_to_html(sankey_figure(flows, title), sankey_alt(flows, title), dpi=dpi)
    finally:
        axes_log.setLevel(level)


class ActionPanel(widgets.VBox):
    """One action: its facts, the flow and activity dropdowns and the ratio chart."""

    def __init__(self, case: Case, action: EnvAction, options: list[tuple[str, str]], flow: str = "",
                 lang: str = "fr") -> None:
        self.t = t = partial(tr, TEXTS, lang)
        self.case, self.action, self.lang = case, action, lang
        choose = [(t("choose"), ""), *options]
        self.flow = dropdown_field(t("flow"), choose, flow, width="40em")
        self.activity = dropdown_field(t("activity"), choose, "", width="40em")
        self.scale = dropdown_field(t("scale"), SCALES, 1, width="40em")
        self.chart = widgets.HTML()
        for w in (self.flow, self.activity, self.scale):
            w.observe(lambda _c: self.draw(), names="value")
        pct = action.objectif_pct
        objective = f"− {number_text(pct)}\u202f%" if pct is not None else t("unknown")
        line = t("action_line", date=f"{action.date:%d/%m/%Y}" if action.date else t("unknown"),
                 pilot=action.pilote or t("unknown"), indicator=action.indicateur or t("unknown"),
                 objective=objective)
        self.draw()
        super().__init__([heading(f"{action.id} — {action.titre}", 5), help_text(line), self.flow,
                          self.activity, self.scale, self.chart])

    def draw(self) -> None:
        self.chart.value = ratio_html(self.case, self.action, self.flow.value, self.activity.value,
                                      int(self.scale.value), self.lang)


def reading_row(data: Mapping[str, Any], notify: Callable[[], None], actions: list[tuple[str, str]],
                columns: list[tuple[str, str]], lang: str = "fr") -> FieldsRow:
    """One reading: action, flow, ratio before and after, unit, verdict, justification."""
    t = partial(tr, TEXTS, lang)
    action, flow = str(data.get("action", "")), str(data.get("flux", ""))
    verdict = str(data.get("verdict") or "")
    return FieldsRow({
        "action": dropdown_field(t("action"), with_missing([(t("choose"), ""), *actions], [action],
                                                           t("unknown_action")), action),
        "flux": dropdown_field(t("flow"), with_missing([(t("choose"), ""), *columns], [flow],
                                                       t("unknown_column")), flow),
        "ratio_avant": text_field(t("before"), number_text(data.get("ratio_avant")), t("number_ph")),
        "ratio_apres": text_field(t("after"), number_text(data.get("ratio_apres")), t("number_ph")),
        "unite": text_field(t("unit"), str(data.get("unite", "")), t("unit_ph")),
        "verdict": dropdown_field(t("verdict"), [(t("choose"), ""), *((v, v) for v in VERDICTS)], verdict),
        "justification": textarea_field(t("justification"), str(data.get("justification", "")),
                                        t("justification_ph")),
    }, notify, convert={"ratio_avant": parse_number, "ratio_apres": parse_number,
                        "verdict": lambda v: v or None})


def reading_issues(readings: Sequence[FlowReading], action_ids: Sequence[str],
                   lang: str = "fr") -> list[Issue]:
    """Actions read twice or not yet read, and readings whose ratios, unit, verdict or justification
    are missing."""
    t = partial(tr, TEXTS, lang)
    read = [r.action for r in readings]
    issues = [Issue(level="erreur", message=t("twice", id=a))
              for a in dict.fromkeys(read) if read.count(a) > 1]
    issues += [Issue(level="attention", message=t("missing_action", id=a))
               for a in action_ids if a not in read]
    for r in readings:
        missing = [label for key, label in _FIELDS.items() if getattr(r, key) in (None, "")]
        if missing:
            issues.append(Issue(level="attention",
                                message=t("incomplete", id=r.action, fields=", ".join(missing))))
    return issues


class EfficaciteStep(StepForm):
    """Ratio charts per action, the material balance, the readings and their table."""

    topic = "efficacite"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        case, a = ctx.session.case, ctx.session.answers
        self.actions = corpus_data.actions(case)
        self.columns = column_options(case)
        read = {r.action: r.flux for r in a.efficacite}
        self.panels = [ActionPanel(case, x, self.columns, read.get(x.id, ""), ctx.lang) for x in self.actions]
        names = [c for _label, c in self.columns]
        self.inputs = multi_field(t("inputs"), self.columns,
                                  [c for c in corpus_data.BALANCE_IN if c in names])
        self.outputs = multi_field(t("outputs"), self.columns,
                                   [c for c in corpus_data.BALANCE_OUT if c in names])
        self.balance = widgets.HTML()
        for w in (self.inputs, self.outputs):
            w.observe(lambda _c: self.draw_balance(), names="value")
        self.draw_balance()
        choices = [(f"{x.id} — {x.titre}", x.id) for x in self.actions]
        self.editor = RowsEditor(
            lambda data, notify: reading_row(data, notify, choices, self.columns, ctx.lang), self._changed,
            [r.model_dump() for r in a.efficacite], item_title=t("item"), add_label=t("add"), lang=ctx.lang)
        self.preview = widgets.HTML()
        self.layout_with(help_text(t("help")), *self.panels, self.inputs, self.outputs, self.balance,
                         heading(t("readings")), self.editor, heading(t("summary")), self.preview)
        self._redraw()

    def draw_balance(self) -> None:
        self.balance.value = balance_html(self.ctx.session.case, list(self.inputs.value),
                                          list(self.outputs.value), self.ctx.lang)

    def _changed(self, values: list[dict[str, Any]]) -> None:
        problems = row_problems(values, self.t("item"), required={"action": "action"},
                                numbers={"ratio_avant": "ratio avant", "ratio_apres": "ratio après"},
                                lang=self.ctx.lang)
        if problems:
            self.issues.invalid(" ; ".join(problems))
        elif self.commit({"efficacite": values}):
            self._redraw()

    def _redraw(self) -> None:
        self.preview.value = effectiveness_html(self.ctx.session.answers.efficacite)

    def current_issues(self) -> list[Issue]:
        return reading_issues(self.ctx.session.answers.efficacite, [x.id for x in self.actions],
                              self.ctx.lang)
