"""Forms of the process-map and quality-risk exercise, one per step, bound to ``session.answers``.

:func:`build_steps` returns, in the order of the exercise, one widget per step: ``cartographie``
and ``actions`` (here), ``amdec`` and ``haccp`` (:mod:`.risques_qualite_risks`), ``fiches`` and
``efficacite`` (:mod:`.risques_qualite_follow`). Each committed change re-validates the answers
model and saves the answers file (see :mod:`.autosave`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.base import Issue
from qsecase.methods.process_map import TYPE_LABELS
from qsecase.session import Session
from qsecase.views import risques_qualite_html as views
from qsecase.widgets.autosave import Autosaver, StepContext, StepForm
from qsecase.widgets.common import dropdown_field, heading, help_text, text_field, textarea_field, tr
from qsecase.widgets.exercise_ui import ExerciseUI
from qsecase.widgets.risques_qualite_follow import EfficaciteStep, FichesStep, split_lines
from qsecase.widgets.risques_qualite_risks import AmdecStep, HaccpStep
from qsecase.widgets.rows import RowsEditor, next_id
from qsecase.widgets.sst_accident_tree import FieldsRow, date_field, multi_field

__all__ = ["TEXTS", "UI", "ActionsStep", "CartographieStep", "build_steps"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "map_help": "Décrivez comment vous avez analysé les activités, puis regroupez-les en "
                    "processus de management, de réalisation et support : pour chacun, son "
                    "pilote et sa fiche SIPOC (une ligne par élément), puis les interactions.",
        "approach": "Démarche d'analyse", "processes": "Processus",
        "add_process": "Ajouter un processus", "process_n": "Processus {n}", "id": "Identifiant",
        "name": "Nom", "type": "Famille", "pilot": "Pilote", "suppliers": "Fournisseurs",
        "inputs": "Entrées", "activities": "Activités", "outputs": "Sorties",
        "customers": "Clients", "one_per_line": "un élément par ligne",
        "links": "Interactions (de → vers)", "add_link": "Ajouter une interaction",
        "link_n": "Interaction {n}", "from": "De", "to": "Vers", "flow": "Flux",
        "choose": "— choisir —", "missing": "{id} (processus inexistant)",
        "actions_help": "Déduisez des risques classés (AMDEC ou HACCP) les actions à mener, en "
                        "citant les risques traités.",
        "add_action": "Ajouter une action", "action_n": "Action {n}", "description": "Action",
        "action_type": "Type", "risks": "Risques traités (Ctrl + clic)",
        "risk_missing": "{id} (risque inexistant)", "owner": "Responsable", "due": "Échéance",
    },
}

_LISTS = (("fournisseurs", "suppliers"), ("entrees", "inputs"), ("activites", "activities"),
          ("sorties", "outputs"), ("clients", "customers"))
_TYPES = [(label, k) for k, label in TYPE_LABELS.items()]


class CartographieStep(StepForm):
    """The approach, the processes (SIPOC), their links, the live map and :func:`check_map`."""

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        a = ctx.session.answers

        def process(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            lists = {k: textarea_field(t(label), "\n".join(data.get(k, [])), t("one_per_line"))
                     for k, label in _LISTS}
            return FieldsRow({
                "id": text_field(t("id"), str(data.get("id", ""))),
                "nom": text_field(t("name"), str(data.get("nom", ""))),
                "type": dropdown_field(t("type"), _TYPES, data.get("type", "realisation")),
                "pilote": text_field(t("pilot"), str(data.get("pilote", ""))), **lists},
                notify, convert={k: split_lines for k, _l in _LISTS})

        def link(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            de, vers = str(data.get("de", "")), str(data.get("vers", ""))
            row = FieldsRow({
                "de": dropdown_field(t("from"), self._options([de]), de, width="45%"),
                "vers": dropdown_field(t("to"), self._options([vers]), vers, width="45%"),
                "flux": text_field(t("flow"), str(data.get("flux", "")))}, notify)
            row.box = widgets.VBox([widgets.HBox([row.fields["de"], row.fields["vers"]]),
                                    row.fields["flux"]])
            return row

        self.demarche = textarea_field(t("approach"), a.demarche, rows=4)
        self.demarche.observe(lambda c: self._commit({"demarche": c["new"]}), names="value")
        self.processes = RowsEditor(
            process, lambda _v: self._processes_changed(),
            [p.model_dump() for p in a.cartographie.processus],
            new_row=lambda values: {"id": next_id("P", [v["id"] for v in values])},
            item_title=t("process_n"), add_label=t("add_process"), lang=ctx.lang)
        self.links = RowsEditor(link, lambda _v: self._map_changed(),
                                [x.model_dump() for x in a.cartographie.liens],
                                item_title=t("link_n"), add_label=t("add_link"), lang=ctx.lang)
        self.figure = widgets.HTML(views.map_html(a.cartographie))
        self.layout_with(help_text(t("map_help")), self.demarche, heading(t("processes")),
                         self.processes, heading(t("links")), self.links, self.figure)

    def _options(self, kept: list[str] | None = None) -> list[tuple[str, str]]:
        values = self.processes.values() if hasattr(self, "processes") else [
            p.model_dump() for p in self.ctx.session.answers.cartographie.processus]
        options = [(self.t("choose"), ""), *((f"{v['id']} — {v['nom']}", str(v["id"]))
                                             for v in values if v["id"])]
        known = {v for _l, v in options}
        return [*options, *((self.t("missing").format(id=k), k) for k in kept or []
                            if k and k not in known)]

    def _processes_changed(self) -> None:
        for row in self.links.rows:
            for name in ("de", "vers"):
                row.offer(name, self._options(), self.t("missing"))  # type: ignore[attr-defined]
        self._map_changed()

    def _map_changed(self) -> None:
        self._commit({"cartographie": {"processus": self.processes.values(),
                                       "liens": self.links.values()}})

    def _commit(self, fields: Mapping[str, Any]) -> None:
        if self.commit(fields):
            self.figure.value = views.map_html(self.ctx.session.answers.cartographie)

    def current_issues(self) -> list[Issue]:
        s = self.ctx.session
        if not s.answers.cartographie.processus:
            return []
        return views.map_issues(s.answers.cartographie, s.case)


class ActionsStep(StepForm):
    """Actions drawn from the ranked risks; their risks offered from the AMDEC and HACCP ids."""

    topic = "actions"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        kinds = [(label, k) for k, label in views.ACTION_TYPE_LABELS.items()]

        def action(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            risks = list(data.get("risques", []))
            known = {v for _l, v in self._risks()}
            return FieldsRow({
                "id": text_field(t("id"), str(data.get("id", ""))),
                "description": textarea_field(t("description"), str(data.get("description", "")),
                                              rows=2),
                "type": dropdown_field(t("action_type"), kinds, data.get("type", "preventive")),
                "risques": multi_field(t("risks"), [*self._risks(), *(
                    (t("risk_missing").format(id=r), r) for r in risks if r not in known)], risks),
                "responsable": text_field(t("owner"), str(data.get("responsable", ""))),
                "echeance": date_field(t("due"), data.get("echeance"))}, notify)

        self.rows = RowsEditor(
            action, lambda values: self._changed(values),
            [x.model_dump() for x in ctx.session.answers.actions],
            new_row=lambda values: {"id": next_id("AQ", [v["id"] for v in values])},
            item_title=t("action_n"), add_label=t("add_action"), lang=ctx.lang)
        self.table = widgets.HTML(views.actions_html(ctx.session.answers.actions))
        for topic in ("amdec", "haccp"):
            ctx.bus.subscribe(topic, self._risks_changed)
        self.layout_with(help_text(t("actions_help")), self.rows, self.table)

    def _risks(self) -> list[tuple[str, str]]:
        a = self.ctx.session.answers
        return [*((f"{r.id} — {r.mode or r.etape}", r.id) for r in a.amdec if r.id),
                *((f"{h.id} — {h.danger}", h.id) for h in a.haccp_dangers)]

    def _risks_changed(self) -> None:
        for row in self.rows.rows:
            row.offer("risques", self._risks(), self.t("risk_missing"))  # type: ignore[attr-defined]

    def _changed(self, values: list[dict[str, Any]]) -> None:
        if self.commit({"actions": values}):
            self.table.value = views.actions_html(self.ctx.session.answers.actions)


def build_steps(session: Session, saver: Autosaver | None = None) -> dict[str, widgets.Widget]:
    """One form per step of the exercise, in order, all bound to ``session`` and autosaved.

    Args:
        session: The session (formation or self-study) whose answers the forms edit.
        saver: Saves after each change and owns the status line; a new one by default.

    Returns:
        ``{"cartographie": …, "amdec": …, "haccp": …, "actions": …, "fiches": …,
        "efficacite": …}``; nothing is displayed.
    """
    ctx = StepContext(session=session, saver=saver or Autosaver(session))
    return {"cartographie": CartographieStep(ctx), "amdec": AmdecStep(ctx),
            "haccp": HaccpStep(ctx), "actions": ActionsStep(ctx), "fiches": FichesStep(ctx),
            "efficacite": EfficaciteStep(ctx)}


UI = ExerciseUI(
    steps=views.STEPS,
    build_steps=build_steps,
    answers_html=views.answers_step_html,
    key_steps=views.KEY_STEPS,
    key_titles=views.KEY_TITLES,
    key_html=views.key_step_html,
)
"""The process-map and quality-risk exercise's notebook interface (named in the registry)."""
