"""The scenarios step of the LCA exercise (3-5): eco-design alternatives compared with the baseline.

Each scenario names its lever and its changes — on one input of one process: another provider
(substitution), a new amount, or both — and why (from the results). Every saved change, of the
scenarios or of the product system (topic ``"systeme"``), recomputes each variant with
:func:`~qsecase.methods.lca.apply_scenario` and compares it with the baseline: chart, table by
category and the burden shifts (⚠) to discuss. Then the trainee's recommendation (``conclusion``)
and the one-page summary (« Fiche de synthèse », HTML written beside the answers).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.base import Issue
from qsecase.methods.lca import LEVERS, ProductSystem
from qsecase.views.tables import esc
from qsecase.widgets.acv_rse_data import amount_text, lca_reference, provider_label, provider_options
from qsecase.widgets.acv_rse_rows import UNITS, entry_problems
from qsecase.widgets.acv_rse_study import Comparison, study_of
from qsecase.widgets.acv_rse_summary import SummaryExport
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
from qsecase.widgets.environnement_rows import number_text, parse_number
from qsecase.widgets.rows import RowsEditor, next_id
from qsecase.widgets.sst_accident_tree import FieldsRow, Options, combo_field, with_missing

__all__ = ["TEXTS", "ChangeRow", "ScenarioRow", "ScenariosStep"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Proposez des scénarios d'écoconception qui agissent d'abord sur les points chauds : pour "
                "chacun, le levier (matière, masse, transport, énergie, emballage, fin de vie…), puis chaque "
                "modification d'un intrant d'un processus — un autre fournisseur (substitution), une "
                "nouvelle quantité, ou les deux ; ou un intrant ajouté (ex. la part d'aluminium recyclé "
                "d'un lopin mixte) ou retiré — et la justification tirée des résultats. Chaque scénario "
                "est recalculé et comparé à la situation de référence ; un ⚠ signale un transfert de "
                "pollution (une étape ou une catégorie qui s'aggrave) : discutez-le.",
        "add": "Ajouter un scénario", "item": "Scénario {n}", "id": "Identifiant", "label": "Libellé",
        "label_ph": "ex. fonte recyclée et bride allégée", "lever": "Levier d'écoconception",
        "why": "Justification", "why_ph": "le point chaud visé, le gain attendu, ce qui pourrait se dégrader",
        "sources": "Sources (faits du corpus)", "sources_ph": "identifiants séparés par des virgules",
        "changes": "Modifications", "add_change": "Ajouter une modification", "change": "Modification {n}",
        "action": "Modification", "process": "Processus", "input": "Intrant (modifié, ajouté ou retiré)",
        "replace": "Remplacer par",
        "no_replace": "— aucune substitution —", "amount": "Nouvelle quantité",
        "amount_ph": "vide : inchangée",
        "unit": "Unité", "choose": "— choisir —", "unknown": "{id} (inconnu)",
        "comparison": "Comparaison avec la situation de référence", "conclusion": "Votre recommandation",
        "conclusion_ph": "le scénario retenu, ses gains chiffrés par catégorie, ses limites et ce qu'il faut "
                         "vérifier avant de décider", "conclusion_title": "Recommandation d'écoconception",
        "no_base": "La situation de référence ne se calcule pas : complétez d'abord l'étape 1.",
        "no_scenario": "Aucun scénario calculé pour l'instant.",
        "empty": "{item} : aucune modification — le scénario est identique à la situation de référence.",
        "summary_title": "Fiche de synthèse",
    },
}


ACTIONS: Options = [("modifier un intrant (substitution, quantité)", "modifier"),
                    ("ajouter un intrant", "ajouter"), ("retirer un intrant", "retirer")]


class ChangeRow:
    """One change: process, the input changed, a substitute provider, a new amount and its unit."""

    def __init__(self, data: Mapping[str, Any], notify: Callable[[], None],
                 system: Callable[[], ProductSystem], lang: str = "fr") -> None:
        self.t = t = partial(tr, TEXTS, lang)
        self.system = system
        process, provider = str(data.get("processus", "")), str(data.get("fournisseur", ""))
        replace = str(data.get("remplacer_par", ""))
        quantity = data.get("quantite")
        action = str(data.get("action", "modifier"))
        self.row = FieldsRow({
            "action": dropdown_field(t("action"), with_missing(ACTIONS, [action], t("unknown")), action),
            "processus": dropdown_field(t("process"), with_missing(self._processes(), [process],
                                                                   t("unknown")), process),
            "fournisseur": dropdown_field(t("input"), with_missing(self._inputs(process, action),
                                                                   [provider], t("unknown")), provider),
            "remplacer_par": dropdown_field(t("replace"), with_missing(self._providers(), [replace],
                                                                       t("unknown")), replace),
            "quantite": text_field(t("amount"), number_text(quantity), t("amount_ph")),
            "unite": combo_field(t("unit"), str(data.get("unite", "")), UNITS),
        }, notify, convert={"quantite": parse_number})
        self.fields = f = self.row.fields
        f["quantite"].layout.width = f["unite"].layout.width = "30em"
        self.box = self.row.box
        f["processus"].observe(lambda _c: self.refresh(), names="value")
        f["action"].observe(lambda _c: self.refresh(), names="value")

    def _processes(self) -> Options:
        return [(self.t("choose"), "")] + [(f"{p.id} — {p.libelle}" if p.libelle else p.id, p.id)
                                           for p in self.system().processus]

    def _inputs(self, process: str, action: str) -> Options:
        """The process's current inputs; any provider when the change adds an input."""
        if action == "ajouter":
            return self._providers()[1:]
        data, _method = lca_reference()
        system = self.system()
        found = next((p for p in system.processus if p.id == process), None)
        inputs = [] if found is None else [
            (f"{provider_label(x.fournisseur, system, data)} : {amount_text(x.quantite)} {x.unite}".rstrip(),
             x.fournisseur) for x in found.intrants]
        return [(self.t("choose"), ""), *dict.fromkeys(inputs)]

    def _providers(self) -> Options:
        data, _method = lca_reference()
        return provider_options(self.system(), data, (self.t("no_replace"), ""))

    def refresh(self) -> None:
        """New choices after the system changed; the chosen values are kept (flagged if gone)."""
        missing = self.t("unknown")
        self.row.offer("processus", self._processes(), missing)
        self.row.offer("fournisseur", self._inputs(self.fields["processus"].value,
                                                   self.fields["action"].value), missing)
        self.row.offer("remplacer_par", self._providers(), missing)

    def value(self) -> dict[str, Any]:
        return self.row.value()


class ScenarioRow:
    """A scenario: its fields and the editor of its changes."""

    def __init__(self, data: Mapping[str, Any], notify: Callable[[], None],
                 system: Callable[[], ProductSystem], lang: str = "fr") -> None:
        t = partial(tr, TEXTS, lang)
        lever = str(data.get("levier", "autre"))
        self.row = FieldsRow({
            "id": text_field(t("id"), str(data.get("id", ""))),
            "libelle": text_field(t("label"), str(data.get("libelle", "")), t("label_ph")),
            "levier": dropdown_field(t("lever"), with_missing([(v, k) for k, v in LEVERS.items()], [lever],
                                                              t("unknown")), lever),
            "justification": textarea_field(t("why"), str(data.get("justification", "")), t("why_ph")),
            "sources": text_field(t("sources"), format_ids(list(data.get("sources", []))), t("sources_ph")),
        }, notify, convert={"sources": parse_ids})
        self.fields = f = self.row.fields
        f["id"].layout.width = "24em"
        self.changes = RowsEditor(lambda d, n: ChangeRow(d, n, system, lang), lambda _v: notify(),
                                  list(data.get("modifications", [])), item_title=t("change"),
                                  add_label=t("add_change"), lang=lang)
        title = widgets.HTML(f"<h5>{esc(t('changes'))}</h5>")
        self.box = widgets.VBox([f["id"], f["libelle"], f["levier"], title, self.changes, f["justification"],
                                 f["sources"]])

    def refresh(self) -> None:
        for change in self.changes.rows:
            assert isinstance(change, ChangeRow)
            change.refresh()

    def value(self) -> dict[str, Any]:
        return {**self.row.value(), "modifications": self.changes.values()}


class ScenariosStep(StepForm):
    """The scenarios editor, the comparison (chart, table, shifts), the recommendation, the summary."""

    topic = "scenarios"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        a = ctx.session.answers
        self.comparison: Comparison = study_of(a.systeme).compare(a.scenarios)
        self.editor = RowsEditor(lambda d, n: ScenarioRow(d, n, self._system, ctx.lang), self._changed,
                                 [s.model_dump() for s in a.scenarios], new_row=self._new,
                                 item_title=t("item"), add_label=t("add"), lang=ctx.lang)
        self.status, self.figure, self.table = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.conclusion = textarea_field(t("conclusion"), a.conclusion, t("conclusion_ph"), rows=6)
        self.conclusion.observe(lambda _c: self.commit({"conclusion": self.conclusion.value}), names="value")
        self.summary = SummaryExport(ctx.session, ctx.lang)
        self.layout_with(help_text(t("help")), self.editor, heading(t("comparison")), self.status,
                         self.figure, self.table, heading(t("conclusion_title")), self.conclusion,
                         heading(t("summary_title")), self.summary)
        ctx.bus.subscribe("systeme", self._system_changed)
        self._redraw()

    def _system(self) -> ProductSystem:
        return self.ctx.session.answers.systeme

    def _new(self, values: list[dict[str, Any]]) -> dict[str, Any]:
        return {"id": next_id("S", [v["id"] for v in values]), "levier": "matiere"}

    def _changed(self, values: list[dict[str, Any]]) -> None:
        lang = self.ctx.lang
        problems = entry_problems(values, self.t("item"), required={"id": "identifiant"}, lang=lang)
        for n, v in enumerate(values, 1):
            problems += entry_problems(v["modifications"], f"{self.t('item', n=n)} › modification {{n}}",
                                       required={"processus": "processus", "fournisseur": "intrant modifié"},
                                       numbers={"quantite": "nouvelle quantité"}, lang=lang)
        if problems:
            self.issues.invalid(" ; ".join(problems))
            return
        if self.commit({"scenarios": values}):
            self._redraw()

    def _system_changed(self) -> None:
        for row in self.editor.rows:
            assert isinstance(row, ScenarioRow)
            row.refresh()
        self._redraw()
        self.refresh_issues()

    def _redraw(self) -> None:
        a = self.ctx.session.answers
        study = study_of(a.systeme)
        self.comparison = study.compare(a.scenarios)
        if study.result is None:
            text = self.t("no_base")
        elif not self.comparison.variants:
            text = self.t("no_scenario")
        else:
            text = ""
        self.status.value = f'<p role="status"><em>{esc(text)}</em></p>' if text else ""
        self.figure.value = self.comparison.figure_html()
        self.table.value = self.comparison.table_html()

    def current_issues(self) -> list[Issue]:
        a = self.ctx.session.answers
        empty = [Issue(level="attention", message=self.t("empty", item=f"Scénario {s.id}"))
                 for s in a.scenarios if not s.modifications]
        return study_of(a.systeme).compare(a.scenarios).issues() + empty
