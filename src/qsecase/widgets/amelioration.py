"""Forms of the improvement-plan exercise (« Plan d'amélioration continue QSE »), one per step,
bound to ``session.answers``.

:func:`build_steps` returns, in the order of the exercise, one widget per step: ``actions``
(here), ``planning`` (:mod:`.amelioration_planning`), ``suivi`` (:mod:`.amelioration_suivi`),
``support`` (:mod:`.amelioration_support`), ``sensibilisation``
(:mod:`.amelioration_sensibilisation`) and ``reunion`` (:mod:`.amelioration_reunion`). Each
committed change re-validates the answers model and saves the answers file (see :mod:`.autosave`);
the read-only renderings of correction and the solution of self-study come from
:mod:`.amelioration_report`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.base import Issue
from qsecase.methods.improvement import BENEFIT_AREAS, EVIDENCE_KINDS
from qsecase.session import Session
from qsecase.widgets.amelioration_data import action_issues, objectives
from qsecase.widgets.amelioration_planning import PlanningStep
from qsecase.widgets.amelioration_report import (
    KEY_STEPS,
    KEY_TITLES,
    STEPS,
    answers_step_html,
    key_step_html,
)
from qsecase.widgets.amelioration_reunion import ReunionStep
from qsecase.widgets.amelioration_sensibilisation import SensibilisationStep
from qsecase.widgets.amelioration_suivi import SuiviStep
from qsecase.widgets.amelioration_support import SupportStep
from qsecase.widgets.autosave import Autosaver, StepContext, StepForm
from qsecase.widgets.common import (
    checkbox_field,
    dropdown_field,
    format_ids,
    heading,
    help_text,
    parse_ids,
    text_field,
    textarea_field,
    tr,
)
from qsecase.widgets.exercise_ui import ExerciseUI
from qsecase.widgets.probleme_causes import short
from qsecase.widgets.rows import RowsEditor, next_id
from qsecase.widgets.sst_accident_tree import FieldsRow, with_missing

__all__ = ["TEXTS", "UI", "ActionRow", "ActionsStep", "build_steps"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Proposez des actions d'amélioration appuyées sur les faits du corpus : pour "
                "chacune, le constat contextualisé qui la fonde, les faits cités, la nature de la "
                "preuve (observation, échange, indicateur), les bénéfices attendus en qualité, "
                "santé-sécurité et environnement, et l'objectif de la politique QSE qu'elle sert.",
        "add": "Ajouter une action", "item": "Action {n}", "id": "Identifiant",
        "title": "Intitulé de l'action", "title_ph": "ce qui sera amélioré, en une phrase",
        "finding": "Constat qui la fonde", "finding_ph": "ce que montrent les faits (où, "
                                                         "combien, depuis quand)",
        "sources": "Faits cités (ex. E3, NC-2026-014)",
        "sources_ph": "identifiants séparés par des virgules",
        "nature": "Nature de la preuve", "benefits": "Bénéfices QSE attendus",
        "advantages": "Avantages pour la démarche QSE", "objective": "Objectif de la politique QSE",
        "choose": "— choisir —", "unknown_objective": "{id} (objectif inconnu de la politique)",
        "no_title": "{item} : écrivez l'intitulé de l'action ; elle n'est pas enregistrée tant "
                    "qu'il manque.",
    },
}


class ActionRow:
    """One improvement action: its fields, and one checkbox per QSE benefit area."""

    def __init__(self, data: Mapping[str, Any], notify: Callable[[], None],
                 objective_options: list[tuple[str, str]], lang: str = "fr") -> None:
        t = partial(tr, TEXTS, lang)
        kinds = [(v, k) for k, v in EVIDENCE_KINDS.items()]
        goal = str(data.get("objectif", ""))
        goals = with_missing([(t("choose"), ""), *objective_options], [goal],
                             t("unknown_objective"))
        self.row = FieldsRow({
            "id": text_field(t("id"), str(data.get("id", ""))),
            "titre": text_field(t("title"), str(data.get("titre", "")), t("title_ph")),
            "constat": textarea_field(t("finding"), str(data.get("constat", "")),
                                      t("finding_ph"), rows=2),
            "sources": text_field(t("sources"), format_ids(list(data.get("sources", []))),
                                  t("sources_ph")),
            "nature": dropdown_field(t("nature"), kinds, data.get("nature", "observation")),
            "avantages": textarea_field(t("advantages"), str(data.get("avantages", "")), rows=2),
            "objectif": dropdown_field(t("objective"), goals, goal)},
            notify, convert={"sources": parse_ids})
        self.row.fields["id"].layout.width = "24em"
        self.fields = self.row.fields
        chosen = list(data.get("benefices", []))
        self.benefits = {k: checkbox_field(label, k in chosen) for k, label in BENEFIT_AREAS.items()}
        for box in self.benefits.values():
            box.observe(lambda _c: notify(), names="value")
        fields = list(self.fields.values())
        self.box = widgets.VBox([*fields[:5], heading(t("benefits"), level=5),
                                 widgets.HBox(list(self.benefits.values())), *fields[5:]])

    def value(self) -> dict[str, Any]:
        return {**self.row.value(),
                "benefices": [k for k, box in self.benefits.items() if box.value]}


class ActionsStep(StepForm):
    """The improvement actions, argued from the corpus and tied to the QSE policy (5-1)."""

    topic = "actions"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        self.objectives = objectives(ctx.session.case)
        # the objective's statement: the first cell of its row in the policy's table
        options = [(f"{k} — {short(v.split(' · ')[0], 90)}", k) for k, v in self.objectives.items()]
        self.editor = RowsEditor(
            lambda data, notify: ActionRow(data, notify, options, ctx.lang), self._changed,
            [x.model_dump() for x in ctx.session.answers.actions],
            new_row=lambda values: {"id": next_id("AM", [v["id"] for v in values])},
            item_title=t("item"), add_label=t("add"), lang=ctx.lang)
        self.layout_with(help_text(t("help")), self.editor)

    def _changed(self, values: list[dict[str, Any]]) -> None:
        empty = [self.t("no_title", item=self.t("item", n=n))
                 for n, v in enumerate(values, 1) if not v["titre"].strip()]
        if empty:
            self.issues.invalid(" ; ".join(empty))
            return
        self.commit({"actions": values})

    def current_issues(self) -> list[Issue]:
        return action_issues(self.ctx.session.answers.actions, self.ctx.session.case)


def build_steps(session: Session, saver: Autosaver | None = None) -> dict[str, widgets.Widget]:
    """One form per step of the exercise, in order, all bound to ``session`` and autosaved.

    Args:
        session: The session (formation or self-study) whose answers the forms edit.
        saver: Saves after each change and owns the status line; a new one by default.

    Returns:
        ``{"actions": …, "planning": …, "suivi": …, "support": …, "sensibilisation": …,
        "reunion": …}``; nothing is displayed.
    """
    ctx = StepContext(session=session, saver=saver or Autosaver(session))
    return {"actions": ActionsStep(ctx), "planning": PlanningStep(ctx), "suivi": SuiviStep(ctx),
            "support": SupportStep(ctx), "sensibilisation": SensibilisationStep(ctx),
            "reunion": ReunionStep(ctx)}


UI = ExerciseUI(
    steps=STEPS,
    build_steps=build_steps,
    answers_html=answers_step_html,
    key_steps=KEY_STEPS,
    key_titles=KEY_TITLES,
    key_html=key_step_html,
)
"""The improvement-plan exercise's notebook interface (named in the registry)."""
