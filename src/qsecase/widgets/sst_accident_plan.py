"""Plan steps of the SST exercise: the protection plan (root causes follow the cause tree through
the steps' bus), the actors who deploy it, and the indicators with the verdict on each action of
the organisation's SST plan.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.exercises.sst_accident import corpus_data
from qsecase.methods.accident_rates import INDICATOR_LABELS, Indicator
from qsecase.methods.base import Issue
from qsecase.methods.prevention_plan import ACTOR_LABELS, LEVEL_LABELS, check_actors
from qsecase.views import sst_accident_html as views
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import (
    checkbox_field,
    dropdown_field,
    heading,
    help_text,
    text_field,
    textarea_field,
    tr,
)
from qsecase.widgets.probleme_causes import short
from qsecase.widgets.rows import RowsEditor, next_id
from qsecase.widgets.sst_accident_tree import (
    FieldsRow,
    Options,
    combo_field,
    date_field,
    multi_field,
    with_missing,
)

__all__ = ["TEXTS", "ActeursStep", "IndicateursStep", "PlanStep", "format_milestones",
           "parse_milestones"]

_MILESTONE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*:\s*(\S.*)$")

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "plan_help": "Pour chaque cause racine de l'arbre : une mesure de protection immédiate, "
                     "puis des mesures durables, en priorité collectives ou organisationnelles "
                     "(principes généraux de prévention), avec un responsable, les acteurs, des "
                     "jalons et une échéance.",
        "add_action": "Ajouter une action", "action": "Action {n}", "id": "Identifiant",
        "description": "Mesure", "description_ph": "Ce qui sera fait, concrètement",
        "causes": "Causes racines traitées", "missing": "{id} (absent)",
        "not_root": "{id} (hors des causes racines de l'arbre)",
        "level": "Niveau de prévention", "immediate": "Mesure de protection immédiate",
        "owner": "Responsable", "owner_ph": "fonction dans l'organisation",
        "actors": "Acteurs (Ctrl + clic)", "milestones": "Jalons",
        "milestones_ph": "un jalon par ligne : JJ/MM/AAAA : libellé", "due": "Échéance",
        "bad_milestone": "Action {id}, jalon « {line} » : écrivez « JJ/MM/AAAA : libellé », "
                         "par exemple « 15/11/2026 : commande des cales de roue ».",
        "actors_help": "Pour chaque acteur de la prévention, dites ce qu'il fait pour déployer "
                       "le plan, à quelle date et pour quelles actions ; puis les actions simples "
                       "que vous pouvez mener vous-même.",
        "add_task": "Ajouter un acteur", "task": "Acteur {n}", "actor": "Acteur",
        "function": "Fonction ou nom", "tasks": "Tâches", "date": "Date",
        "task_actions": "Actions du plan (Ctrl + clic)",
        "simple": "Actions simples que vous menez", "add_simple": "Ajouter une action simple",
        "simple_n": "Action simple {n}", "how": "Modalités",
        "ind_help": "Calculez les indicateurs de chaque période à partir du registre des "
                    "accidents et des heures travaillées, puis dites si chaque action du plan "
                    "SST a été efficace, en le justifiant par les chiffres.",
        "add_value": "Ajouter une valeur", "value_n": "Valeur {n}", "period": "Période",
        "indicator": "Indicateur", "value": "Valeur",
        "verdicts": "Efficacité des actions", "add_verdict": "Ajouter un avis",
        "verdict": "Avis {n}", "plan_action": "Action", "whole_plan": "plan — ensemble du plan",
        "effective": "Action efficace", "why": "Justification",
        "followed": "Indicateur suivi", "before": "Valeur avant", "after": "Valeur après",
        "unit": "Unité",
        "twice": "{ind} « {period} » est indiqué plusieurs fois : gardez une seule valeur.",
        "no_why": "Avis sur « {action} » : justifiez-le par l'évolution d'un indicateur.",
        "chart": "Vos valeurs, avant et après",
    },
}


def parse_milestones(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Milestones typed one per line « JJ/MM/AAAA : libellé »; returns them and the bad lines."""
    found, bad = [], []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        m = _MILESTONE.match(line)
        try:
            day = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None
        except ValueError:
            day = None
        if m is None or day is None:
            bad.append(line.strip())
        else:
            found.append({"date": day, "libelle": m.group(4).strip()})
    return found, bad


def format_milestones(milestones: Sequence[Mapping[str, Any]]) -> str:
    """The inverse of :func:`parse_milestones`."""
    return "\n".join(f"{m['date']:%d/%m/%Y} : {m['libelle']}" for m in milestones)


class PlanStep(StepForm):
    """The protection plan, checked live with :func:`check_plan` against the cause tree."""

    topic = "plan"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        roles = [r.fonction for r in ctx.session.case.spec.organisation.roles]

        def action(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            causes = list(data.get("causes", []))
            row = FieldsRow({
                "id": text_field(t("id"), str(data.get("id", ""))),
                "description": textarea_field(t("description"), str(data.get("description", "")),
                                              t("description_ph"), rows=2),
                "causes": multi_field(t("causes"), with_missing(self._causes(), causes,
                                                                t("not_root")), causes),
                "niveau": dropdown_field(t("level"), [(v, k) for k, v in LEVEL_LABELS.items()],
                                         data.get("niveau", "collective")),
                "immediate": checkbox_field(t("immediate"), bool(data.get("immediate"))),
                "responsable": combo_field(t("owner"), str(data.get("responsable", "")), roles,
                                      t("owner_ph")),
                "acteurs": multi_field(t("actors"), [(v, k) for k, v in ACTOR_LABELS.items()],
                                       list(data.get("acteurs", []))),
                "jalons": textarea_field(t("milestones"), format_milestones(
                    data.get("jalons", [])), t("milestones_ph"), rows=3),
                "echeance": date_field(t("due"), data.get("echeance"))},
                notify, convert={"jalons": lambda text: parse_milestones(text)[0]})
            row.fields["id"].layout.width = "24em"
            return row

        self.editor = RowsEditor(
            action, self._changed, [a.model_dump() for a in ctx.session.answers.plan],
            new_row=lambda values: {"id": next_id("P", [v["id"] for v in values])},
            item_title=t("action"), add_label=t("add_action"), lang=ctx.lang)
        ctx.bus.subscribe("arbre", self._tree_changed)
        self.layout_with(help_text(t("plan_help")), self.editor)

    def _causes(self) -> Options:
        return [(f"{f.id} — {short(f.texte, 50)}", f.id)
                for f in self.ctx.session.answers.arbre.faits if f.cause_racine]

    def _tree_changed(self) -> None:
        for row in self.editor.rows:
            row.offer("causes", self._causes(), self.t("not_root"))  # type: ignore[attr-defined]
        self.refresh_issues()

    def _changed(self, values: list[dict[str, Any]]) -> None:
        errors = [self.t("bad_milestone", id=value["id"], line=line)
                  for row, value in zip(self.editor.rows, values, strict=True)
                  for line in parse_milestones(row.fields["jalons"].value)[1]]  # type: ignore[attr-defined]
        if errors:
            self.issues.invalid(" ; ".join(errors))
        else:
            self.commit({"plan": values})

    def current_issues(self) -> list[Issue]:
        return views.plan_issues(self.ctx.session.answers, self.ctx.session.case)


class ActeursStep(StepForm):
    """The actors' tasks (checked with :func:`check_actors`) and the trainee's simple actions."""

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        a = ctx.session.answers
        roles = [r.fonction for r in ctx.session.case.spec.organisation.roles]

        def task(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            actions = list(data.get("actions", []))
            return FieldsRow({
                "acteur": dropdown_field(t("actor"), [(v, k) for k, v in ACTOR_LABELS.items()],
                                         data.get("acteur", "encadrement")),
                "fonction": combo_field(t("function"), str(data.get("fonction", "")), roles),
                "taches": textarea_field(t("tasks"), str(data.get("taches", "")), rows=2),
                "date": date_field(t("date"), data.get("date")),
                "actions": multi_field(t("task_actions"), with_missing(
                    self._actions(), actions, t("missing")), actions)}, notify)

        self.tasks = RowsEditor(task, lambda values: self.commit({"acteurs": values}),
                                [x.model_dump() for x in a.acteurs], item_title=t("task"),
                                add_label=t("add_task"), lang=ctx.lang)
        self.simple = RowsEditor(
            lambda data, notify: FieldsRow({
                "description": textarea_field(t("description"), str(data.get("description", "")),
                                              rows=2),
                "modalites": textarea_field(t("how"), str(data.get("modalites", "")), rows=2)},
                notify),
            lambda values: self.commit({"actions_simples": values}),
            [x.model_dump() for x in a.actions_simples], item_title=t("simple_n"),
            add_label=t("add_simple"), lang=ctx.lang)
        ctx.bus.subscribe("plan", self._plan_changed)
        self.layout_with(help_text(t("actors_help")), self.tasks, heading(t("simple")),
                         self.simple)

    def _actions(self) -> Options:
        return [(f"{p.id} — {short(p.description, 50)}", p.id)
                for p in self.ctx.session.answers.plan]

    def _plan_changed(self) -> None:
        for row in self.tasks.rows:
            row.offer("actions", self._actions(), self.t("missing"))  # type: ignore[attr-defined]
        self.refresh_issues()

    def current_issues(self) -> list[Issue]:
        a = self.ctx.session.answers
        return check_actors(a.acteurs, a.plan)


class IndicateursStep(StepForm):
    """Indicator values per period, the verdicts on the plan's actions, the before/after chart.

    The values qsecase computes are not shown here: computing them is the trainee's work.
    """

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        a, case = ctx.session.answers, ctx.session.case
        self.periods = list(corpus_data.period_stats(case))
        actions = [(f"{k} — {short(v, 50)}", k) for k, v in corpus_data.plan_actions(case).items()]
        actions.append((t("whole_plan"), "plan"))
        inds = [(f"{INDICATOR_LABELS[k]} ({k})", k) for k in ("TF", "TG", "IF")]

        def value_row(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            period = str(data.get("periode", ""))
            return FieldsRow({
                "periode": dropdown_field(t("period"), with_missing(
                    [(p, p) for p in self.periods], [period] if period else [], t("missing")),
                    period or next(iter(self.periods), "")),
                "indicateur": dropdown_field(t("indicator"), inds, data.get("indicateur", "TF")),
                "valeur": widgets.BoundedFloatText(value=float(data.get("valeur", 0.0)), min=0,
                                                   max=1e9, description=t("value"),
                                                   style={"description_width": "14em"})},
                notify)

        def verdict_row(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            action = str(data.get("action", ""))
            return FieldsRow({
                "action": dropdown_field(t("plan_action"), with_missing(
                    actions, [action] if action else [], t("missing")), action or actions[0][1]),
                "efficace": checkbox_field(t("effective"), bool(data.get("efficace"))),
                "justification": textarea_field(t("why"), str(data.get("justification", "")),
                                                rows=2),
                "indicateur": text_field(t("followed"), str(data.get("indicateur", ""))),
                "avant": text_field(t("before"), _number_text(data.get("avant"))),
                "apres": text_field(t("after"), _number_text(data.get("apres"))),
                "unite": text_field(t("unit"), str(data.get("unite", "")))},
                notify, convert={"avant": _parse_number, "apres": _parse_number})

        self.values = RowsEditor(value_row, lambda v: self._commit({"indicateurs": v}),
                                 [x.model_dump() for x in a.indicateurs],
                                 item_title=t("value_n"), add_label=t("add_value"), lang=ctx.lang)
        self.verdicts = RowsEditor(verdict_row, lambda v: self._commit({"verdicts": v}),
                                   [x.model_dump() for x in a.verdicts], item_title=t("verdict"),
                                   add_label=t("add_verdict"), lang=ctx.lang)
        self.chart = widgets.HTML(self._chart())
        self.layout_with(help_text(t("ind_help")), self.values, self.chart,
                         heading(t("verdicts")), self.verdicts)

    def _chart(self) -> str:
        values: dict[str, dict[Indicator, float]] = {}
        for v in self.ctx.session.answers.indicateurs:
            values.setdefault(v.periode, {})[v.indicateur] = v.valeur
        used = [p for p in self.periods if p in values]
        return views.comparison_html(used[0], used[-1], values, self.t("chart")) if len(
            used) > 1 else ""

    def _commit(self, fields: Mapping[str, Any]) -> None:
        if self.commit(fields):
            self.chart.value = self._chart()

    def current_issues(self) -> list[Issue]:
        a = self.ctx.session.answers
        keys = [(v.periode, v.indicateur) for v in a.indicateurs]
        issues = [Issue(level="attention", message=self.t("twice", ind=i, period=p))
                  for p, i in sorted({k for k in keys if keys.count(k) > 1})]
        issues += [Issue(level="attention", message=self.t("no_why", action=v.action))
                   for v in a.verdicts if not v.justification]
        return issues


def _number_text(value: Any) -> str:
    return "" if value is None else f"{value:g}".replace(".", ",")


def _parse_number(text: str) -> float | str | None:
    """« 3 », « 2,5 » → a number; empty → None; anything else is left for validation to refuse."""
    text = text.strip().replace("\u202f", "").replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text
