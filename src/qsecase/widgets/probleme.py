"""Forms of the problem-solving exercise, one per step, bound to ``session.answers``.

:func:`build_steps` returns, in the order of the method, one widget per step: ``outils``,
``qqoqcp``, ``pareto``, ``ishikawa``, ``pourquoi``, ``racines``, ``actions`` (the last four live in
:mod:`.probleme_causes` and :mod:`.probleme_plan`). Each committed change re-validates the
answers model and saves the answers file (see :mod:`.autosave`).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.case_model import Column
from qsecase.exercises.probleme.model import TOOL_LABELS, TOOLS, ParetoChoice
from qsecase.methods.base import Issue
from qsecase.methods.qqoqcp import LABELS, PROMPTS, QUESTIONS, unsupported
from qsecase.session import Session
from qsecase.views import probleme_html as probleme_views
from qsecase.views.palette import fr_number
from qsecase.views.probleme_html import COUNT_LABEL, pareto_html, pareto_rows
from qsecase.widgets.autosave import Autosaver, StepContext, StepForm
from qsecase.widgets.common import (
    checkbox_field,
    dropdown_field,
    format_ids,
    help_text,
    parse_ids,
    text_field,
    textarea_field,
    tr,
    unknown_ids,
)
from qsecase.widgets.exercise_ui import ExerciseUI
from qsecase.widgets.probleme_causes import IshikawaStep, PourquoiStep, short
from qsecase.widgets.probleme_plan import ActionsStep, RacinesStep

__all__ = ["TEXTS", "OutilsStep", "ParetoStep", "QqoqcpStep", "build_steps"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "tools_help": "Cochez les outils que vous utiliserez dans votre démarche, puis "
                      "justifiez ce choix au regard du dysfonctionnement.",
        "justification": "Justification",
        "justification_ph": "Pourquoi ces outils conviennent-ils à ce problème ?",
        "no_tool": "Aucun outil choisi.",
        "no_justification": "Justifiez le choix des outils.",
        "qqoqcp_help": "Décrivez le problème avec des faits : pour chaque question, citez les "
                       "identifiants des faits du corpus sur lesquels repose votre réponse.",
        "facts": "Faits cités (ex. E3, NC-2026-014)",
        "facts_ph": "identifiants séparés par des virgules",
        "unknown_fact": "{question} : fait « {fact} » introuvable dans le corpus — vérifiez "
                        "l'identifiant.",
        "unsupported": "{question} : réponse sans fait cité.",
        "pareto_help": "Choisissez le tableau de données, la colonne qui classe les défauts et "
                       "la mesure qui les pondère ; le diagramme se met à jour. Sélectionnez "
                       "ensuite les catégories de la classe A.",
        "table": "Tableau de données",
        "choose": "— choisir —",
        "category": "Catégories (colonne)",
        "measure": "Mesure",
        "class_a": "Classe A (Ctrl + clic pour plusieurs)",
        "comment": "Commentaire",
        "comment_ph": "Ce que montre le Pareto, les défauts à traiter en priorité…",
        "pareto_incomplete": "Choisissez un tableau et la colonne des catégories.",
        "no_class_a": "Sélectionnez les catégories de la classe A (environ 80 % du total).",
    },
}


def _column_label(column: Column) -> str:
    """« cout_eur — Coût de la non-conformité en euros… » for a dropdown."""
    return f"{column.nom} — {short(column.description, 50)}" if column.description else column.nom


class OutilsStep(StepForm):
    """Checkboxes of the tools and a justification."""

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        t = partial(tr, TEXTS, ctx.lang)
        answers = ctx.session.answers
        self.checkboxes = {tool: checkbox_field(TOOL_LABELS[tool], tool in answers.outils)
                           for tool in TOOLS}
        self.justification = textarea_field(t("justification"), answers.justification_outils,
                                            t("justification_ph"), rows=4)
        for widget in (*self.checkboxes.values(), self.justification):
            widget.observe(self._changed, names="value")
        self.layout_with(help_text(t("tools_help")), *self.checkboxes.values(), self.justification)

    def _changed(self, _change: Any = None) -> None:
        self.commit({"outils": [tool for tool, box in self.checkboxes.items() if box.value],
                     "justification_outils": self.justification.value})

    def current_issues(self) -> list[Issue]:
        t = partial(tr, TEXTS, self.ctx.lang)
        answers = self.ctx.session.answers
        if not answers.outils:
            return [Issue(level="attention", message=t("no_tool"))]
        if not answers.justification_outils:
            return [Issue(level="attention", message=t("no_justification"))]
        return []


class QqoqcpStep(StepForm):
    """Seven answers, each with the facts it cites; unknown fact ids are flagged live."""

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        t = partial(tr, TEXTS, ctx.lang)
        q = ctx.session.answers.qqoqcp
        self.answers = {k: textarea_field(LABELS[k], q.answer(k).reponse, PROMPTS[k])
                        for k in QUESTIONS}
        self.facts = {k: text_field(t("facts"), format_ids(q.answer(k).faits), t("facts_ph"))
                      for k in QUESTIONS}
        for widget in (*self.answers.values(), *self.facts.values()):
            widget.observe(self._changed, names="value")
        blocks = [widgets.VBox([self.answers[k], self.facts[k]],
                               layout=widgets.Layout(margin="0 0 0.75em 0")) for k in QUESTIONS]
        self.layout_with(help_text(t("qqoqcp_help")), *blocks)

    def _changed(self, _change: Any = None) -> None:
        self.commit({"qqoqcp": {k: {"reponse": self.answers[k].value,
                                    "faits": parse_ids(self.facts[k].value)}
                                for k in QUESTIONS}})

    def current_issues(self) -> list[Issue]:
        t = partial(tr, TEXTS, self.ctx.lang)
        q = self.ctx.session.answers.qqoqcp
        issues = [Issue(level="erreur", message=t("unknown_fact", question=LABELS[k], fact=f))
                  for k in QUESTIONS
                  for f in unknown_ids(q.answer(k).faits, self.ctx.session.case.facts)]
        issues += [Issue(level="attention", message=t("unsupported", question=LABELS[k]))
                   for k in unsupported(q)]
        return issues


class ParetoStep(StepForm):
    """Table, category and measure dropdowns, the live Pareto chart, the class A selection."""

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        t = self.t = partial(tr, TEXTS, ctx.lang)
        case, p = ctx.session.case, ctx.session.answers.pareto
        self._busy = False
        tables = [(d.titre, d.id) for d in case.spec.documents if d.type == "tableau"]
        self.table = dropdown_field(t("table"), [(t("choose"), ""), *tables], p.table)
        self.categorie = dropdown_field(t("category"), self._category_options(), p.categorie)
        self.mesure = dropdown_field(t("measure"), self._measure_options(), p.mesure)
        self.classe_a = widgets.SelectMultiple(
            options=self._class_options(), description=t("class_a"), rows=6,
            layout=widgets.Layout(width="95%"), style={"description_width": "14em"})
        self.classe_a.value = tuple(c for c in p.classe_a if c in self._class_values())
        self.commentaire = textarea_field(t("comment"), p.commentaire, t("comment_ph"))
        self.figure = widgets.HTML()
        self.table.observe(self._table_changed, names="value")
        for widget in (self.categorie, self.mesure):
            widget.observe(self._columns_changed, names="value")
        for widget in (self.classe_a, self.commentaire):
            widget.observe(self._changed, names="value")
        self.figure.value = pareto_html(p, case)
        self.layout_with(help_text(t("pareto_help")), self.table, self.categorie, self.mesure,
                         self.figure, self.classe_a, self.commentaire)

    def _category_options(self) -> list[tuple[str, str]]:
        table = self.table.value
        if not table:
            return [(self.t("choose"), "")]
        columns = self.ctx.session.case.spec.document(table).colonnes
        cols = [c for c in columns if c.type == "categorie"]
        cols += [c for c in columns if c.type == "texte" and not c.cle]
        return [(self.t("choose"), ""), *((_column_label(c), c.nom) for c in cols)]

    def _measure_options(self) -> list[tuple[str, str]]:
        table = self.table.value
        columns = self.ctx.session.case.spec.document(table).colonnes if table else []
        cols = [c for c in columns if c.type in ("nombre", "entier")]
        return [(COUNT_LABEL, ""), *((_column_label(c), c.nom) for c in cols)]

    def _choice(self) -> ParetoChoice:
        return ParetoChoice(table=self.table.value, categorie=self.categorie.value,
                            mesure=self.mesure.value)

    def _class_options(self) -> list[tuple[str, str]]:
        rows = pareto_rows(self._choice(), self.ctx.session.case) or []
        return [(f"{r.category} — {fr_number(r.value)}", r.category) for r in rows]

    def _class_values(self) -> list[str]:
        return [value for _label, value in self._class_options()]

    def _table_changed(self, _change: Any = None) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            self.categorie.options = self._category_options()
            self.categorie.value = ""
            self.mesure.options = self._measure_options()
            self.mesure.value = ""
        finally:
            self._busy = False
        self._columns_changed()

    def _columns_changed(self, _change: Any = None) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            kept = [c for c in self.classe_a.value if c in self._class_values()]
            self.classe_a.options = self._class_options()
            self.classe_a.value = tuple(kept)
        finally:
            self._busy = False
        self._changed()

    def _changed(self, _change: Any = None) -> None:
        if self._busy:
            return
        choice = {"table": self.table.value, "categorie": self.categorie.value,
                  "mesure": self.mesure.value, "classe_a": list(self.classe_a.value),
                  "commentaire": self.commentaire.value}
        if self.commit({"pareto": choice}):
            self.figure.value = pareto_html(self.ctx.session.answers.pareto,
                                            self.ctx.session.case)

    def current_issues(self) -> list[Issue]:
        p = self.ctx.session.answers.pareto
        if pareto_rows(p, self.ctx.session.case) is None:
            return [Issue(level="attention", message=self.t("pareto_incomplete"))]
        if not p.classe_a:
            return [Issue(level="attention", message=self.t("no_class_a"))]
        return []


def build_steps(session: Session, saver: Autosaver | None = None) -> dict[str, widgets.Widget]:
    """One form per step of the exercise, in order, all bound to ``session`` and autosaved.

    Args:
        session: The session (formation or self-study) whose answers the forms edit.
        saver: Saves after each change and owns the status line; a new one by default.

    Returns:
        ``{"outils": …, "qqoqcp": …, "pareto": …, "ishikawa": …, "pourquoi": …, "racines": …,
        "actions": …}``; nothing is displayed.
    """
    ctx = StepContext(session=session, saver=saver or Autosaver(session))
    return {
        "outils": OutilsStep(ctx),
        "qqoqcp": QqoqcpStep(ctx),
        "pareto": ParetoStep(ctx),
        "ishikawa": IshikawaStep(ctx),
        "pourquoi": PourquoiStep(ctx),
        "racines": RacinesStep(ctx),
        "actions": ActionsStep(ctx),
    }


UI = ExerciseUI(
    steps=probleme_views.STEPS,
    build_steps=build_steps,
    answers_html=probleme_views.answers_step_html,
    key_steps=probleme_views.KEY_STEPS,
    key_titles=probleme_views.KEY_TITLES,
    key_html=probleme_views.key_step_html,
)
"""The problem-solving exercise's notebook interface (named in the exercise registry)."""
