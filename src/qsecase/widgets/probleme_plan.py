"""Action-plan steps of the problem-solving exercise: root causes with the facts that prove them,
and the actions, whose root-cause dropdowns follow the root causes through the steps' shared bus.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.actions import ACTION_TYPE_LABELS, ACTION_TYPES, check_plan
from qsecase.methods.base import Issue
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import (
    dropdown_field,
    format_ids,
    help_text,
    parse_ids,
    text_field,
    textarea_field,
    tr,
    unknown_ids,
)
from qsecase.widgets.probleme_causes import short
from qsecase.widgets.rows import RowsEditor, next_id

__all__ = ["TEXTS", "ActionRow", "ActionsStep", "RacinesStep", "RootRow"]

_Options = list[tuple[str, str]]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "roots_help": "Formulez chaque cause racine et citez les faits du corpus qui la "
                      "prouvent (identifiants séparés par des virgules).",
        "add_root": "Ajouter une cause racine",
        "root": "Cause racine {n}",
        "id": "Identifiant",
        "root_text": "Cause racine",
        "root_ph": "Une cause sur laquelle l'organisation peut agir",
        "facts": "Faits cités (ex. E3, NC-2026-014)",
        "facts_ph": "identifiants séparés par des virgules",
        "unknown_fact": "Cause racine {id} : fait « {fact} » introuvable dans le corpus.",
        "no_fact": "La cause racine {id} ne cite aucun fait du corpus qui la prouve.",
        "duplicate": "Identifiant de cause racine en double : {id}.",
        "actions_help": "Pour chaque cause racine, proposez des actions correctives, "
                        "préventives et de surveillance, avec un responsable, une échéance et un "
                        "critère d'efficacité mesurable.",
        "add_action": "Ajouter une action",
        "action": "Action {n}",
        "type": "Type d'action",
        "description": "Action",
        "description_ph": "Ce qui sera fait, concrètement",
        "cause": "Cause racine traitée",
        "cause_none": "— choisir —",
        "cause_missing": "{id} (cause inexistante)",
        "owner": "Responsable",
        "owner_ph": "fonction dans l'organisation",
        "due": "Échéance",
        "criterion": "Critère d'efficacité",
        "criterion_ph": "Mesurable : ex. taux de rebut inférieur à 1 % sur trois mois",
        "handicap": "Adaptation handicap",
        "handicap_ph": "Comment l'action tient compte d'une personne en situation de handicap "
                       "concernée",
    },
}


class RootRow:
    """One root cause: its id, its wording, the facts that prove it."""

    def __init__(self, data: Mapping[str, Any], notify: Callable[[], None], *,
                 lang: str = "fr") -> None:
        t = partial(tr, TEXTS, lang)
        self.id = text_field(t("id"), str(data.get("id", "")))
        self.id.layout.width = "24em"
        self.texte = textarea_field(t("root_text"), str(data.get("texte", "")), t("root_ph"),
                                    rows=2)
        self.faits = text_field(t("facts"), format_ids(list(data.get("faits", []))),
                                t("facts_ph"))
        for widget in (self.id, self.texte, self.faits):
            widget.observe(lambda _change: notify(), names="value")
        self.box = widgets.VBox([self.id, self.texte, self.faits])

    def value(self) -> dict[str, Any]:
        return {"id": self.id.value.strip(), "texte": self.texte.value,
                "faits": parse_ids(self.faits.value)}


class ActionRow:
    """One action of the plan."""

    def __init__(self, data: Mapping[str, Any], notify: Callable[[], None], *,
                 causes: _Options, roles: Sequence[str], lang: str = "fr") -> None:
        t = partial(tr, TEXTS, lang)
        self._t = t
        self._busy = False
        self.id = text_field(t("id"), str(data.get("id", "")))
        self.id.layout.width = "24em"
        self.type = dropdown_field(t("type"), [(ACTION_TYPE_LABELS[k], k) for k in ACTION_TYPES],
                                   data.get("type", ACTION_TYPES[0]))
        self.description = textarea_field(t("description"), str(data.get("description", "")),
                                          t("description_ph"), rows=2)
        self.cause_racine = dropdown_field(t("cause"), [(t("cause_none"), "")])
        self.set_causes(causes, str(data.get("cause_racine", "")))
        self.responsable = widgets.Combobox(
            value=str(data.get("responsable", "")), options=list(roles), ensure_option=False,
            description=t("owner"), placeholder=t("owner_ph"), continuous_update=False,
            layout=widgets.Layout(width="95%"), style={"description_width": "14em"})
        self.echeance = widgets.DatePicker(value=data.get("echeance"), description=t("due"),
                                           style={"description_width": "14em"})
        self.critere = text_field(t("criterion"), str(data.get("critere_efficacite", "")),
                                  t("criterion_ph"))
        self.handicap = textarea_field(t("handicap"), str(data.get("adaptation_handicap", "")),
                                       t("handicap_ph"), rows=2)
        inputs = (self.id, self.type, self.description, self.cause_racine, self.responsable,
                  self.echeance, self.critere, self.handicap)
        for widget in inputs:
            widget.observe(lambda _change: None if self._busy else notify(), names="value")
        self.box = widgets.VBox(list(inputs))

    def set_causes(self, causes: _Options, value: str | None = None) -> None:
        """Offer the current root causes; keep the chosen one (flagged if it no longer exists)."""
        current = self.cause_racine.value if value is None else value
        options = [(self._t("cause_none"), ""), *causes]
        if current and current not in [v for _label, v in options]:
            options.append((self._t("cause_missing", id=current), current))
        self._busy = True
        try:
            self.cause_racine.options = options
            self.cause_racine.value = current
        finally:
            self._busy = False

    def value(self) -> dict[str, Any]:
        return {"id": self.id.value.strip(), "type": self.type.value,
                "description": self.description.value, "cause_racine": self.cause_racine.value,
                "responsable": self.responsable.value, "echeance": self.echeance.value,
                "critere_efficacite": self.critere.value,
                "adaptation_handicap": self.handicap.value}


class RacinesStep(StepForm):
    """Root causes with the facts that prove them; unknown fact ids flagged live."""

    topic = "racines"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        self.editor = RowsEditor(
            lambda data, notify: RootRow(data, notify, lang=ctx.lang),
            lambda values: self.commit({"causes_racines": values}),
            [c.model_dump() for c in ctx.session.answers.causes_racines],
            new_row=lambda values: {"id": next_id("CR", [v["id"] for v in values])},
            item_title=t("root"), add_label=t("add_root"), lang=ctx.lang)
        self.layout_with(help_text(t("roots_help")), self.editor)

    def current_issues(self) -> list[Issue]:
        causes = self.ctx.session.answers.causes_racines
        ids = [c.id for c in causes]
        issues = [Issue(level="erreur", message=self.t("duplicate", id=i))
                  for i in sorted({i for i in ids if ids.count(i) > 1})]
        for cause in causes:
            issues += [Issue(level="erreur", message=self.t("unknown_fact", id=cause.id, fact=f))
                       for f in unknown_ids(cause.faits, self.ctx.session.case.facts)]
            if not cause.faits:
                issues.append(Issue(level="erreur", message=self.t("no_fact", id=cause.id)))
        return issues


class ActionsStep(StepForm):
    """The action plan, checked live with :func:`check_plan` against the root causes."""

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        t = partial(tr, TEXTS, ctx.lang)
        self.roles = [r.fonction for r in ctx.session.case.spec.organisation.roles]
        self.editor = RowsEditor(
            self._row, lambda values: self.commit({"actions": values}),
            [a.model_dump() for a in ctx.session.answers.actions],
            new_row=lambda values: {"id": next_id("A", [v["id"] for v in values])},
            item_title=t("action"), add_label=t("add_action"), lang=ctx.lang)
        ctx.bus.subscribe("racines", self._causes_changed)
        self.layout_with(help_text(t("actions_help")), self.editor)

    def _causes(self) -> _Options:
        return [(f"{c.id} — {short(c.texte, 50)}", c.id)
                for c in self.ctx.session.answers.causes_racines]

    def _row(self, data: Mapping[str, Any], notify: Callable[[], None]) -> ActionRow:
        return ActionRow(data, notify, causes=self._causes(), roles=self.roles,
                         lang=self.ctx.lang)

    def _causes_changed(self) -> None:
        causes = self._causes()
        for row in self.editor.rows:
            row.set_causes(causes)  # type: ignore[attr-defined]
        self.refresh_issues()

    def current_issues(self) -> list[Issue]:
        answers = self.ctx.session.answers
        return check_plan(answers.causes_racines, answers.actions,
                          today=self.ctx.session.case.spec.date_cas)
