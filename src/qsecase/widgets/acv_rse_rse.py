"""The RSE step of the exercise (3-6): sustainable-development actions that support the
organisation's RSE policy.

Each action names the policy objectives it supports (the case's facts ``[RSE1]``…), the ODD and
the ISO 26000 core subjects it serves, the stakeholders concerned, its positive impacts (argued,
with an indicator and a target), the reference texts that found it (written freely: the texts
recognised in the catalogue are shown under the field), the corpus facts, the eco-design scenario
it comes from, an owner and a deadline. Every saved change runs
:func:`~qsecase.methods.rse.check_actions` and redraws the actions × ODD grid and the coverage of
the policy's objectives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.base import Issue
from qsecase.methods.rse import RseAction
from qsecase.views.render import figure_to_html
from qsecase.views.tables import corpus_html, esc, table_html
from qsecase.widgets.acv_rse_data import policy_objectives, rse_documents, rse_reference
from qsecase.widgets.acv_rse_rows import entry_problems
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import (
    dropdown_field,
    format_ids,
    heading,
    help_text,
    parse_ids,
    text_field,
    textarea_field,
    tr,
)
from qsecase.widgets.environnement_rows import functions
from qsecase.widgets.rows import RowsEditor, next_id
from qsecase.widgets.sst_accident_tree import FieldsRow, Options, combo_field, multi_field, with_missing

__all__ = ["DIMENSIONS", "STAKEHOLDERS", "TEXTS", "ActionRow", "RseStep", "impact_row", "odd_html",
           "short", "split_texts", "texts_line"]

STAKEHOLDERS: dict[str, str] = {
    "salaries": "Salariés", "clients": "Clients", "fournisseurs": "Fournisseurs",
    "actionnaires": "Actionnaires", "riverains": "Riverains", "collectivites": "Collectivités",
    "associations": "Associations", "etat": "État et administrations", "autre": "Autre",
}
DIMENSIONS: dict[str, str] = {"environnementale": "Environnementale", "sociale": "Sociale",
                              "economique": "Économique", "gouvernance": "Gouvernance"}

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Recommandez des actions en faveur du développement durable qui servent la politique RSE "
                "de l'organisation. Pour chacune : le ou les objectifs de la politique qu'elle soutient, "
                "les objectifs de développement durable (ODD) et les questions centrales de l'ISO 26000 "
                "qu'elle sert, les parties prenantes concernées, ses impacts positifs (argumentés, avec un "
                "indicateur et une cible), les textes de référence qui la fondent, les faits du corpus, le "
                "scénario d'écoconception dont elle découle, un responsable et une échéance.",
        "policy": "Objectifs de la politique RSE", "objective": "Objectif", "wording": "Intitulé",
        "no_policy": "Ce cas ne déclare aucun objectif RSE (faits [RSE1]…).",
        "corpus": "Politique RSE (corpus)", "add": "Ajouter une action RSE", "item": "Action RSE {n}",
        "id": "Identifiant", "label": "Libellé",
        "label_ph": "verbe + objet, ex. « Passer à la fonte recyclée »",
        "objectives": "Objectifs soutenus (Ctrl + clic)", "odd": "ODD (Ctrl + clic)",
        "subjects": "Questions centrales ISO 26000", "stakeholders": "Parties prenantes",
        "impacts": "Impacts positifs attendus", "add_impact": "Ajouter un impact", "impact": "Impact {n}",
        "dimension": "Dimension", "description": "Argument",
        "description_ph": "quel effet, pour qui, pourquoi",
        "indicator": "Indicateur", "indicator_ph": "comment on le mesurera", "target": "Valeur cible",
        "target_ph": "ex. −30 % de CO₂ éq. par pièce fin 2028", "texts": "Textes de référence",
        "texts_ph": "un texte par ligne, ex. ISO 26000 ; loi AGEC", "facts": "Faits du corpus",
        "facts_ph": "identifiants séparés par des virgules", "scenario": "Scénario d'écoconception",
        "no_scenario": "— aucun —", "owner": "Responsable", "deadline": "Échéance",
        "deadline_ph": "ex. fin 2027", "unknown": "{id} (inconnu)",
        "recognised": "Textes reconnus : {names}", "not_recognised": "⚠ « {text} » : texte non reconnu",
        "suggested": "ODD suggérés d'après le libellé et les arguments : {odd}",
        "matrix": "Actions et objectifs de développement durable",
        "coverage": "Couverture de la politique RSE",
    },
}


def short(text: str, width: int = 90) -> str:
    """The first part of an objective's wording (before « · »), cut at ``width`` characters."""
    head = text.split(" · ", 1)[0].strip()
    return head if len(head) <= width else head[: width - 1].rstrip() + "…"


def split_texts(text: str) -> list[str]:
    """One reference text per line (or separated by « ; »), empty parts dropped."""
    return [part.strip() for part in re.split(r"[;\n]+", text or "") if part.strip()]


def texts_line(written: list[str], lang: str = "fr") -> str:
    """« Textes reconnus : ISO 26000 — … (iso-26000) » then a ⚠ line per text not recognised."""
    from qsecase.rse_data import find_texts

    t = partial(tr, TEXTS, lang)
    _odd, _subjects, titles = rse_reference()
    found = list(dict.fromkeys(i for w in written for i in find_texts(w)))
    parts = [t("recognised", names=" ; ".join(f"{titles.get(i, i)} ({i})" for i in found))] if found else []
    parts += [t("not_recognised", text=w) for w in written if not find_texts(w)]
    return "".join(f"<p><small>{esc(p)}</small></p>" for p in parts)


def odd_html(actions: list[RseAction]) -> str:
    """The actions × ODD grid as an image with its text alternative (a sentence when there is none)."""
    from qsecase.views.rse_view import odd_matrix_alt, odd_matrix_figure

    if not actions:
        return ("<p><em>Aucune action RSE pour l'instant : la grille des ODD s'affichera avec la "
                "première.</em></p>")
    titles, _subjects, _texts = rse_reference()
    return figure_to_html(odd_matrix_figure(actions, titles), odd_matrix_alt(actions, titles), dpi=70)


def impact_row(data: Mapping[str, Any], notify: Callable[[], None], lang: str = "fr") -> FieldsRow:
    """One positive impact: dimension, argument, indicator, target."""
    t = partial(tr, TEXTS, lang)
    dimension = str(data.get("dimension", "environnementale"))
    return FieldsRow({
        "dimension": dropdown_field(t("dimension"), with_missing([(v, k) for k, v in DIMENSIONS.items()],
                                                                  [dimension], t("unknown")), dimension),
        "description": textarea_field(t("description"), str(data.get("description", "")), t("description_ph"),
                                      rows=2),
        "indicateur": text_field(t("indicator"), str(data.get("indicateur", "")), t("indicator_ph")),
        "valeur_cible": text_field(t("target"), str(data.get("valeur_cible", "")), t("target_ph")),
    }, notify)


class ActionRow:
    """An RSE action: its fields, the editor of its impacts, the texts recognised, the ODD suggested."""

    def __init__(self, data: Mapping[str, Any], notify: Callable[[], None], step: RseStep) -> None:
        self.t = t = step.t
        self.lang = lang = step.ctx.lang
        odd, subjects, _texts = rse_reference()
        objectives = [(f"{k} — {short(v)}", k) for k, v in step.policy.items()]
        chosen = list(data.get("objectifs", []))
        scenario = str(data.get("scenario", ""))
        self.row = FieldsRow({
            "id": text_field(t("id"), str(data.get("id", ""))),
            "libelle": text_field(t("label"), str(data.get("libelle", "")), t("label_ph")),
            "objectifs": multi_field(t("objectives"), with_missing(objectives, chosen, t("unknown")), chosen),
            "odd": widgets.SelectMultiple(options=[(f"{n} — {title}", n) for n, title in odd.items()],
                                          value=tuple(n for n in data.get("odd", []) if n in odd),
                                          description=t("odd"), rows=8, layout=widgets.Layout(width="95%"),
                                          style={"description_width": "14em"}),
            "questions_centrales": multi_field(
                t("subjects"), [(v, k) for k, v in subjects.items()],
                [s for s in data.get("questions_centrales", []) if s in subjects]),
            "parties_prenantes": multi_field(
                t("stakeholders"), [(v, k) for k, v in STAKEHOLDERS.items()],
                [s for s in data.get("parties_prenantes", []) if s in STAKEHOLDERS]),
            "textes": textarea_field(t("texts"), "\n".join(data.get("textes", [])), t("texts_ph"), rows=2),
            "faits": text_field(t("facts"), format_ids(list(data.get("faits", []))), t("facts_ph")),
            "scenario": dropdown_field(t("scenario"), with_missing(step.scenario_options(), [scenario],
                                                                   t("unknown")), scenario),
            "responsable": combo_field(t("owner"), str(data.get("responsable", "")), step.people),
            "echeance": text_field(t("deadline"), str(data.get("echeance", "")), t("deadline_ph")),
        }, notify, convert={"textes": split_texts, "faits": parse_ids})
        self.fields = f = self.row.fields
        f["id"].layout.width = "24em"
        self.impacts = RowsEditor(lambda d, n: impact_row(d, n, lang), lambda _v: notify(),
                                  list(data.get("impacts", [])), item_title=t("impact"),
                                  add_label=t("add_impact"), lang=lang)
        self.recognised, self.suggested = widgets.HTML(), widgets.HTML()
        for name in ("libelle", "textes"):
            f[name].observe(lambda _c: self.show_hints(), names="value")
        self.box = widgets.VBox([f["id"], f["libelle"], f["objectifs"], f["odd"], self.suggested,
                                 f["questions_centrales"], f["parties_prenantes"],
                                 widgets.HTML(f"<h5>{esc(t('impacts'))}</h5>"), self.impacts,
                                 f["textes"], self.recognised, f["faits"], f["scenario"], f["responsable"],
                                 f["echeance"]])
        self.show_hints()

    def show_hints(self) -> None:
        from qsecase.rse_data import suggest_odd

        v = self.value()
        self.recognised.value = texts_line(v["textes"], self.lang)
        said = " ".join([v["libelle"], *(i.get("description", "") for i in v["impacts"])])
        odd = suggest_odd(said)[:4] if said.strip() else []
        text = self.t("suggested", odd=", ".join(map(str, odd))) if odd else ""
        self.suggested.value = f"<p><small>{esc(text)}</small></p>" if text else ""

    def value(self) -> dict[str, Any]:
        return {**self.row.value(), "impacts": self.impacts.values()}


class RseStep(StepForm):
    """The policy's objectives, the actions editor, its checks, the ODD grid and the coverage table."""

    topic = "rse"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        case = ctx.session.case
        self.policy = policy_objectives(case)
        self.people = functions(case)
        rows = [(k, v) for k, v in self.policy.items()]
        policy = (table_html(t("policy"), [t("objective"), t("wording")], rows, row_headers=True) if rows
                  else f"<p>{esc(t('no_policy'))}</p>")
        docs = "".join(f"<details><summary>{esc(d.titre)}</summary>{corpus_html(case, d.id)}</details>"
                       for d in rse_documents(case))
        self.policy_box = widgets.HTML(policy + docs)
        self.editor = RowsEditor(lambda d, n: ActionRow(d, n, self), self._changed,
                                 [x.model_dump() for x in ctx.session.answers.actions_rse], new_row=self._new,
                                 item_title=t("item"), add_label=t("add"), lang=ctx.lang)
        self.matrix, self.coverage = widgets.HTML(), widgets.HTML()
        self.layout_with(help_text(t("help")), heading(t("policy")), self.policy_box, self.editor,
                         heading(t("matrix")), self.matrix, heading(t("coverage")), self.coverage)
        ctx.bus.subscribe("scenarios", self._scenarios_changed)
        self._redraw()

    def scenario_options(self) -> Options:
        return [(self.t("no_scenario"), "")] + [(f"{s.id} — {s.libelle}" if s.libelle else s.id, s.id)
                                                for s in self.ctx.session.answers.scenarios]

    def _new(self, values: list[dict[str, Any]]) -> dict[str, Any]:
        return {"id": next_id("R", [v["id"] for v in values])}

    def _scenarios_changed(self) -> None:
        options = self.scenario_options()
        for row in self.editor.rows:
            assert isinstance(row, ActionRow)
            row.row.offer("scenario", options, self.t("unknown"))

    def _changed(self, values: list[dict[str, Any]]) -> None:
        problems = entry_problems(values, self.t("item"), required={"id": "identifiant"}, lang=self.ctx.lang)
        if problems:
            self.issues.invalid(" ; ".join(problems))
            return
        if self.commit({"actions_rse": values}):
            self._redraw()

    def _redraw(self) -> None:
        from qsecase.views.rse_view import coverage_table_html

        actions = self.ctx.session.answers.actions_rse
        self.matrix.value = odd_html(actions)
        self.coverage.value = coverage_table_html(actions, self.policy)

    def current_issues(self) -> list[Issue]:
        from qsecase.methods.rse import check_actions
        from qsecase.rse_data import reference_texts

        return check_actions(self.ctx.session.answers.actions_rse, policy_objectives=self.policy,
                             known_texts=reference_texts(), known_facts=self.ctx.session.case.facts)
