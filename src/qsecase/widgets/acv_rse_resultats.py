"""The results step of the LCA exercise (3-5): impact assessment and interpretation.

Recomputed by the engine of :mod:`qsecase.methods.lca` on every saved change of the product system
(topic ``"systeme"`` of the steps' bus): the results table by category and life-cycle stage, the
stage chart, the contribution analysis (hotspots, 80 % line) of the category chosen — by stage, by
process or by dataset — and the sensitivity tornado. Under them, the trainee's readings
(``lectures``): the hotspot named, the category, what the results show (a share, a value) and the
eco-design track it suggests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.exercises.acv_rse.model import Reading
from qsecase.methods.base import Issue
from qsecase.methods.lca import STAGES, ProductSystem
from qsecase.widgets.acv_rse_data import lca_reference
from qsecase.widgets.acv_rse_rows import entry_problems
from qsecase.widgets.acv_rse_study import BY, Study, study_of
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import dropdown_field, heading, help_text, textarea_field, tr
from qsecase.widgets.rows import RowsEditor
from qsecase.widgets.sst_accident_tree import FieldsRow, Options, combo_field, multi_field, with_missing

__all__ = ["TEXTS", "ResultatsStep", "reading_issues", "reading_row", "targets"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Phases 3 et 4 de l'ACV : les résultats sont recalculés à chaque modification du système "
                "(étape 1). Lisez d'abord le tableau et le graphique par étape, puis l'analyse de "
                "contribution : les points chauds sont les étapes, processus ou jeux de données qui cumulent "
                "80 % d'une catégorie. L'analyse de sensibilité montre de combien le résultat varie pour 1 % "
                "de variation de chaque quantité saisie : vérifiez d'abord les plus sensibles. Consignez "
                "ensuite vos lectures : le point chaud, la catégorie, le constat chiffré et la piste "
                "d'écoconception qui en découle.",
        "results": "Résultats par catégorie d'impact et par étape",
        "chart_categories": "Catégories du graphique",
        "hotspots": "Analyse de contribution (points chauds)", "category": "Catégorie d'impact",
        "by": "Regrouper", "sensitivity": "Analyse de sensibilité", "readings": "Vos lectures des résultats",
        "add": "Ajouter une lecture", "item": "Lecture {n}", "target": "Point chaud (cible)",
        "target_ph": "étape, processus ou jeu de données", "choose": "— choisir —",
        "finding": "Constat chiffré", "finding_ph": "ex. la matière fait 78 % du changement climatique",
        "track": "Piste d'écoconception", "track_ph": "ex. passer à une matière recyclée, alléger la pièce",
        "unknown": "{id} (inconnue)",
        "no_number": "{item} : chiffrez le constat (une part en %, une valeur).",
        "no_track": "{item} : la piste d'écoconception est à préciser.",
        "no_target": "{item} : nommez le point chaud (étape, processus ou jeu de données).",
        "none": "Aucune lecture pour l'instant : nommez au moins le point chaud du changement climatique.",
    },
}


def targets(system: ProductSystem) -> list[str]:
    """What a reading may name: the stages, the processes, the datasets the system uses (labels)."""
    data, _method = lca_reference()
    used = dict.fromkeys(x.fournisseur for p in system.processus for x in p.intrants)
    return [*STAGES.values(), *(p.id for p in system.processus),
            *(data[d].libelle for d in used if d in data)]


def reading_row(data: Mapping[str, Any], notify: Callable[[], None], categories: Options,
                suggestions: list[str], lang: str = "fr") -> FieldsRow:
    """One reading: hotspot, category, finding, eco-design track."""
    t = partial(tr, TEXTS, lang)
    category = str(data.get("categorie", ""))
    options = with_missing([(t("choose"), ""), *categories], [category], t("unknown"))
    return FieldsRow({
        "cible": combo_field(t("target"), str(data.get("cible", "")), suggestions, t("target_ph")),
        "categorie": dropdown_field(t("category"), options, category),
        "constat": textarea_field(t("finding"), str(data.get("constat", "")), t("finding_ph"), rows=2),
        "piste": textarea_field(t("track"), str(data.get("piste", "")), t("track_ph"), rows=2),
    }, notify)


def reading_issues(readings: list[Reading], lang: str = "fr") -> list[Issue]:
    """⚠ a reading without target, without a number in its finding, or without a track."""
    t = partial(tr, TEXTS, lang)
    if not readings:
        return [Issue(level="attention", message=t("none"))]
    out = []
    for n, r in enumerate(readings, 1):
        item = t("item", n=n)
        if not r.cible:
            out.append(Issue(level="attention", message=t("no_target", item=item)))
        if not re.search(r"\d", r.constat):
            out.append(Issue(level="attention", message=t("no_number", item=item)))
        if len(re.findall(r"\w+", r.piste)) < 3:
            out.append(Issue(level="attention", message=t("no_track", item=item)))
    return out


class ResultatsStep(StepForm):
    """Results table, stage chart, hotspots, sensitivity, then the readings form."""

    topic = "lectures"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        self.study: Study = study_of(ctx.session.answers.systeme)
        categories = self.study.categories()
        ids = [c for _l, c in categories]
        shown = self.study.shown_categories()
        self.status, self.table, self.figure = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.shown = multi_field(t("chart_categories"), categories, shown)
        self.category = dropdown_field(t("category"), categories, ids[0] if ids else None)
        self.by = widgets.ToggleButtons(options=[(label, key) for key, label in BY.items()], value="stage",
                                        description=t("by"), style={"description_width": "14em"})
        self.hotspot, self.tornado = widgets.HTML(), widgets.HTML()
        self.shown.observe(lambda _c: self._draw_stages(), names="value")
        for w in (self.category, self.by):
            w.observe(lambda _c: self._draw_category(), names="value")
        self.editor = RowsEditor(
            lambda d, n: reading_row(d, n, categories, targets(ctx.session.answers.systeme), ctx.lang),
            self._changed,
            [r.model_dump() for r in ctx.session.answers.lectures],
            new_row=lambda _v: {"categorie": ids[0] if ids else ""}, item_title=t("item"), add_label=t("add"),
            lang=ctx.lang)
        self.layout_with(help_text(t("help")), self.status, heading(t("results")), self.table, self.shown,
                         self.figure, heading(t("hotspots")), self.category, self.by, self.hotspot,
                         heading(t("sensitivity")), self.tornado, heading(t("readings")), self.editor)
        ctx.bus.subscribe("systeme", self.recompute)
        self.recompute()

    def recompute(self) -> None:
        """A new study of the saved system; every figure and table redrawn."""
        system = self.ctx.session.answers.systeme
        self.study = study_of(system)
        self.status.value = self.study.status_html()
        self.table.value = self.study.table_html()
        suggestions = targets(system)
        for row in self.editor.rows:
            assert isinstance(row, FieldsRow)
            row.fields["cible"].options = suggestions
        self._draw_stages()
        self._draw_category()
        self.refresh_issues()

    def _draw_stages(self) -> None:
        self.figure.value = self.study.stage_html(list(self.shown.value))

    def _draw_category(self) -> None:
        category = self.category.value or ""
        self.hotspot.value = self.study.hotspot_html(category, self.by.value)
        self.tornado.value = self.study.sensitivity_html(category)

    def _changed(self, values: list[dict[str, Any]]) -> None:
        problems = entry_problems(values, self.t("item"), lang=self.ctx.lang)
        if problems:
            self.issues.invalid(" ; ".join(problems))
            return
        self.commit({"lectures": values})

    def current_issues(self) -> list[Issue]:
        issues = reading_issues(self.ctx.session.answers.lectures, self.ctx.lang)
        if self.study.error:
            issues.insert(0, Issue(level="erreur", message=f"Calcul impossible : {self.study.error}"))
        return issues
