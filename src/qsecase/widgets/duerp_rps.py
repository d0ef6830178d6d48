"""Forms of the DUERP-update and psychosocial-risk exercise, one per step, bound to
``session.answers``.

:func:`build_steps` returns, in the order of the exercise, one widget per step: ``mise-a-jour``
(here), ``situations`` (:mod:`.duerp_rps_situations`), ``evolutions``
(:mod:`.duerp_rps_evolutions`), ``programme`` (:mod:`.duerp_rps_programme`), ``rps``
(:mod:`.duerp_rps_rps`) and ``export`` (here). Each committed change re-validates the answers
model and saves the answers file (see :mod:`.autosave`); the read-only renderings of correction
and the solution of self-study come from :mod:`.duerp_rps_report`.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.duerp_store import versions_dir
from qsecase.exercises.duerp_rps import corpus_data
from qsecase.methods.base import Issue
from qsecase.methods.duerp_update import TRIGGERS, diff
from qsecase.session import Session
from qsecase.views.duerp_html import duerp_document_html
from qsecase.views.duerp_workbook import duerp_workbook
from qsecase.widgets.autosave import Autosaver, StepContext, StepForm
from qsecase.widgets.common import checkbox_field, heading, help_text, textarea_field, tr
from qsecase.widgets.duerp_rps_evolutions import EvolutionsStep, version_history
from qsecase.widgets.duerp_rps_programme import ProgrammeStep
from qsecase.widgets.duerp_rps_report import (
    KEY_STEPS,
    KEY_TITLES,
    STEPS,
    answers_step_html,
    key_step_html,
)
from qsecase.widgets.duerp_rps_rows import load_previous
from qsecase.widgets.duerp_rps_rps import RpsStep
from qsecase.widgets.duerp_rps_situations import SituationsStep
from qsecase.widgets.exercise_ui import ExerciseUI
from qsecase.widgets.exports import ExportButton
from qsecase.widgets.sst_accident_tree import combo_field, date_field

__all__ = ["EXPORT_HTML", "EXPORT_XLSX", "TEXTS", "UI", "ExportStep", "MiseAJourStep",
           "build_steps"]

EXPORT_XLSX = "duerp.xlsx"
EXPORT_HTML = "duerp.html"

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Le DUERP se met à jour au moins chaque année dans les entreprises d'au moins "
                "11 salariés, lors de toute décision d'aménagement important modifiant les "
                "conditions de travail, et lorsqu'une information nouvelle sur un risque est "
                "recueillie (C. trav. R4121-2). Datez la mise à jour, indiquez son auteur, ses "
                "motifs et les personnes associées.",
        "date": "Date de la mise à jour", "author": "Auteur (nom, fonction)",
        "author_ph": "qui conduit et signe la mise à jour",
        "triggers": "Motifs de la mise à jour (C. trav. R4121-2)",
        "participants": "Personnes associées",
        "participants_ph": "CSE, salariés des unités, service de prévention et de santé au "
                           "travail, encadrement…",
        "comment": "Commentaire (motif de la version)",
        "comment_ph": "en une ou deux phrases : ce qui a changé et pourquoi",
        "no_date": "Datez la mise à jour.",
        "no_author": "Indiquez l'auteur : il signe la nouvelle version du DUERP.",
        "no_trigger": "Cochez au moins un motif de mise à jour.",
        "no_participants": "Indiquez les personnes associées à l'évaluation (CSE, salariés…).",
        "export_help": "Exportez le DUERP mis à jour : le classeur Excel (situations, cotations, "
                       "programme d'actions, facteurs de RPS, historique des versions) et le "
                       "document HTML à présenter au CSE et à tenir à la disposition des "
                       "salariés. Les fichiers sont écrits à côté de votre fichier de réponses.",
        "export_xlsx": "Exporter le DUERP (Excel)",
        "export_html": "Exporter le DUERP (document HTML)",
    },
}


class MiseAJourStep(StepForm):
    """When, by whom, why and with whom the DUERP is updated."""

    topic = "mise-a-jour"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        info = ctx.session.answers.mise_a_jour
        roles = [f"{r.nom}, {r.fonction}" for r in ctx.session.case.spec.organisation.roles]
        self.date = date_field(t("date"), info.date)
        self.auteur = combo_field(t("author"), info.auteur, roles, t("author_ph"))
        self.triggers = {k: checkbox_field(label, k in info.declencheurs)
                         for k, label in TRIGGERS.items()}
        self.participants = textarea_field(t("participants"), info.participants,
                                           t("participants_ph"), rows=2)
        self.commentaire = textarea_field(t("comment"), info.commentaire, t("comment_ph"))
        for widget in (self.date, self.auteur, *self.triggers.values(), self.participants,
                       self.commentaire):
            widget.observe(lambda _c: self._changed(), names="value")
        self.layout_with(help_text(t("help")), self.date, self.auteur, heading(t("triggers")),
                         *self.triggers.values(), self.participants, self.commentaire)

    def _changed(self) -> None:
        self.commit({"mise_a_jour": {
            "date": self.date.value, "auteur": self.auteur.value.strip(),
            "declencheurs": [k for k, box in self.triggers.items() if box.value],
            "participants": self.participants.value, "commentaire": self.commentaire.value}})

    def current_issues(self) -> list[Issue]:
        info = self.ctx.session.answers.mise_a_jour
        missing = [(info.date is None, "no_date"), (not info.auteur, "no_author"),
                   (not info.declencheurs, "no_trigger"),
                   (not info.participants.strip(), "no_participants")]
        return [Issue(level="attention", message=self.t(key)) for bad, key in missing if bad]


class ExportStep(StepForm):
    """The DUERP exported as an Excel workbook and as an HTML document, beside the answers."""

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        s = ctx.session
        self.xlsx = ExportButton(s, t("export_xlsx"), EXPORT_XLSX, self.workbook)
        self.html = ExportButton(s, t("export_html"), EXPORT_HTML,
                                 lambda: self.document().encode("utf-8"))
        self.layout_with(help_text(t("export_help")), self.xlsx, self.html)

    def _inputs(self) -> dict[str, Any]:
        s = self.ctx.session
        a, org = s.answers, s.case.spec.organisation
        previous, _problem = load_previous(s.case)
        folder = versions_dir(s.answers_path) if s.answers_path is not None else None
        return {"org_name": org.nom, "units": org.unites_travail, "situations": a.situations,
                "scale": corpus_data.scale(s.case), "actions": a.actions,
                "versions": version_history(previous, folder), "factors": a.rps}

    def workbook(self) -> bytes:
        """The Excel workbook of the current DUERP."""
        return duerp_workbook(**self._inputs(),
                              headcount=self.ctx.session.case.spec.organisation.effectif)

    def document(self) -> str:
        """The HTML document of the current DUERP, with the changes since the previous version."""
        s = self.ctx.session
        previous, _problem = load_previous(s.case)
        changes = (diff(previous.situations, s.answers.situations, s.answers.motifs)
                   if previous is not None else None)
        return duerp_document_html(**self._inputs(), update=s.answers.mise_a_jour,
                                   headcount=s.case.spec.organisation.effectif, changes=changes)


def build_steps(session: Session, saver: Autosaver | None = None) -> dict[str, widgets.Widget]:
    """One form per step of the exercise, in order, all bound to ``session`` and autosaved.

    Args:
        session: The session (formation or self-study) whose answers the forms edit.
        saver: Saves after each change and owns the status line; a new one by default.

    Returns:
        ``{"mise-a-jour": …, "situations": …, "evolutions": …, "programme": …, "rps": …,
        "export": …}``; nothing is displayed.
    """
    ctx = StepContext(session=session, saver=saver or Autosaver(session))
    return {"mise-a-jour": MiseAJourStep(ctx), "situations": SituationsStep(ctx),
            "evolutions": EvolutionsStep(ctx), "programme": ProgrammeStep(ctx),
            "rps": RpsStep(ctx), "export": ExportStep(ctx)}


UI = ExerciseUI(
    steps=STEPS,
    build_steps=build_steps,
    answers_html=answers_step_html,
    key_steps=KEY_STEPS,
    key_titles=KEY_TITLES,
    key_html=key_step_html,
)
"""The DUERP-update and psychosocial-risk exercise's notebook interface (named in the registry)."""
