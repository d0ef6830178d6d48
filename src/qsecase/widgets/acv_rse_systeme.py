"""The product-system step of the LCA exercise (3-5): the goal and scope (functional unit, reference
flow, reference process, product mass), then the foreground processes by life-cycle stage and, for
the process chosen, its inputs — each an amount of another process's product or of a dataset
shipped with qsecase — and its direct flows.

Every committed change re-validates the whole system and runs the entry checks
(:func:`~qsecase.methods.lca_checks.check_system`, :func:`~qsecase.methods.lca_checks.check_mass_balance`),
shown as ✖ / ⚠ lines under the form; the corpus documents of the study are shown beside it. A row
that cannot be read (an empty provider, « 1,2 kg » typed as a quantity) is named and not saved; its
text stays in the form until it is corrected. The other steps hear of each saved change through the
steps' bus (topic ``"systeme"``).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.base import Issue
from qsecase.methods.lca import ProductSystem
from qsecase.views.tables import corpus_html, esc
from qsecase.widgets.acv_rse_data import lca_documents, lca_reference, provider_options
from qsecase.widgets.acv_rse_process import InputRow, ProcessRow
from qsecase.widgets.acv_rse_rows import entry_problems, source_issues
from qsecase.widgets.acv_rse_study import study_of
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import (
    dropdown_field,
    heading,
    help_text,
    text_field,
    textarea_field,
    tr,
)
from qsecase.widgets.environnement_rows import number_text, parse_number
from qsecase.widgets.rows import RowsEditor, next_id
from qsecase.widgets.sst_accident_tree import Options, with_missing

__all__ = ["TEXTS", "SystemeStep"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Phase 1 de l'ACV : définissez l'unité fonctionnelle (quelle fonction, combien, pendant "
                "combien de temps), le flux de référence qui la remplit et le processus qui le produit. "
                "Phase 2 (inventaire) : créez un processus par opération du corpus, rangé dans son étape du "
                "cycle de vie, puis choisissez-le dans la liste « Processus à détailler » pour saisir ses "
                "intrants (par unité produite : matière brute, énergie, emballage, transport en t.km…) et "
                "ses émissions directes. Chaque intrant vient d'un autre processus ou d'un jeu de données "
                "fourni, affiché avec son unité : saisissez la quantité dans une unité qui s'y convertit.",
        "scope": "Objectif et champ de l'étude", "uf": "Unité fonctionnelle",
        "uf_ph": "ex. assurer la fonction … pendant … ans", "flow": "Flux de référence",
        "flow_ph": "ex. 1 bride BF-12 et son emballage", "ref": "Processus de référence",
        "qref": "Quantité par unité fonctionnelle", "mass": "Masse d'un produit (kg)",
        "mass_ph": "pour le bilan matière, ex. 2,4", "choose": "— choisir —",
        "processes": "Processus du système (inventaire)", "add": "Ajouter un processus",
        "item": "Processus {n}", "detail": "Processus à détailler",
        "no_process": "Ajoutez d'abord un processus.", "unknown": "{id} (inconnu)",
        "corpus": "Documents de l'étude", "no_corpus": "Aucun document d'ACV dans ce cas.",
    },
}


class SystemeStep(StepForm):
    """Goal and scope, the processes and, for the chosen one, its inputs and direct flows."""

    topic = "systeme"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        case, system = ctx.session.case, ctx.session.answers.systeme
        self.known = set(case.facts) | {d.id for d in case.spec.documents}
        self.data, _method = lca_reference()
        self.options = provider_options(system, self.data, (t("choose"), ""))
        self._busy = False
        self.uf = textarea_field(t("uf"), system.unite_fonctionnelle, t("uf_ph"), rows=2)
        self.flow = text_field(t("flow"), system.flux_reference, t("flow_ph"))
        self.ref = dropdown_field(t("ref"), self._ref_options(system), system.processus_reference)
        self.qref = text_field(t("qref"), number_text(system.quantite_reference))
        self.mass = text_field(t("mass"), number_text(system.masse_produit_kg), t("mass_ph"))
        for w in (self.uf, self.flow, self.ref, self.qref, self.mass):
            w.observe(lambda _c: None if self._busy else self._changed(), names="value")
        self.editor = RowsEditor(
            lambda d, n: ProcessRow(d, n, options=lambda: self.options, provider_unit=self.provider_unit,
                                    lang=ctx.lang),
            lambda _v: self._changed(), [p.model_dump() for p in system.processus], new_row=self._new_process,
            item_title=t("item"), add_label=t("add"), lang=ctx.lang)
        self.chooser = dropdown_field(t("detail"), [])
        self.chooser.observe(lambda _c: None if self._busy else self._show_detail(), names="value")
        self.detail = widgets.VBox()
        self.corpus = self._corpus()
        form = widgets.VBox([heading(t("scope")), self.uf, self.flow, self.ref, self.qref, self.mass,
                             heading(t("processes")), self.editor, self.chooser, self.detail],
                            layout=widgets.Layout(width="58%"))
        self.layout_with(help_text(t("help")), widgets.HBox([form, self.corpus]))
        self._count = len(self.editor.rows)
        self._refresh_chooser()

    # --- helpers -------------------------------------------------------------------------------------

    def _corpus(self) -> widgets.Widget:
        docs = lca_documents(self.ctx.session.case)
        layout = widgets.Layout(width="42%", max_height="70em", overflow="auto")
        if not docs:
            return widgets.HTML(f"<p>{esc(self.t('no_corpus'))}</p>", layout=layout)
        panels = [widgets.HTML(corpus_html(self.ctx.session.case, d.id)) for d in docs]
        return widgets.VBox([heading(self.t("corpus")),
                             widgets.Tab(children=panels, titles=[d.titre for d in docs])], layout=layout)

    def _ref_options(self, system: ProductSystem) -> Options:
        options = [(self.t("choose"), "")] + [(f"{p.id} — {p.libelle}" if p.libelle else p.id, p.id)
                                              for p in system.processus]
        return with_missing(options, [system.processus_reference], self.t("unknown"))

    def provider_unit(self, provider: str) -> tuple[str, str]:
        """(unit of the provider's product, its source) for the line under an input."""
        system = self.ctx.session.answers.systeme
        process = next((p for p in system.processus if p.id == provider), None)
        if process is not None:
            return process.unite, f"processus {process.id} du système"
        dataset = self.data.get(provider)
        return (dataset.unite, dataset.source) if dataset is not None else ("", "")

    def _new_process(self, values: list[dict[str, Any]]) -> dict[str, Any]:
        return {"id": next_id("P", [v["id"] for v in values]), "etape": "fabrication", "unite": "p",
                "production": 1.0}

    def rows(self) -> list[ProcessRow]:
        return [r for r in self.editor.rows if isinstance(r, ProcessRow)]

    def chosen(self) -> ProcessRow | None:
        rows, index = self.rows(), self.chooser.value
        return rows[index] if isinstance(index, int) and 0 <= index < len(rows) else None

    # --- changes -------------------------------------------------------------------------------------

    def _values(self) -> tuple[dict[str, Any], list[str]]:
        lang = self.ctx.lang
        head = {"quantite_reference": parse_number(self.qref.value),
                "masse_produit_kg": parse_number(self.mass.value)}
        problems = entry_problems([head], self.t("scope"), required={"quantite_reference": self.t("qref")},
                                  numbers={"quantite_reference": self.t("qref"),
                                           "masse_produit_kg": self.t("mass")}, lang=lang)
        for n, row in enumerate(self.rows(), 1):
            problems += row.problems(n, lang)
        system = {"unite_fonctionnelle": self.uf.value, "flux_reference": self.flow.value,
                  "processus_reference": self.ref.value or "", **head,
                  "processus": [row.value() for row in self.rows()]}
        return system, problems

    def _changed(self) -> None:
        self._refresh_chooser()
        system, problems = self._values()
        if problems:
            self.issues.invalid(" ; ".join(problems))
            return
        if self.commit({"systeme": system}):
            self._refresh_options()

    def _refresh_chooser(self) -> None:
        rows = self.rows()
        for row in rows:
            row.retitle()
        options = [(f"{n}. {r.fields['id'].value or '?'} — {r.fields['libelle'].value}".rstrip(" —"), n - 1)
                   for n, r in enumerate(rows, 1)] or [(self.t("no_process"), -1)]
        value = self.chooser.value
        if len(rows) > self._count:
            value = len(rows) - 1  # a process just added is the one to detail
        self._count = len(rows)
        if not isinstance(value, int) or not 0 <= value < len(rows):
            value = 0 if rows else -1
        self._busy = True
        try:
            if list(self.chooser.options) != options:
                self.chooser.options = options
            self.chooser.value = value
        finally:
            self._busy = False
        self._show_detail()

    def _show_detail(self) -> None:
        row = self.chosen()
        self.detail.children = (row.detail,) if row is not None else ()

    def _refresh_options(self) -> None:
        """The providers follow the processes' ids; the reference-process list too."""
        system = self.ctx.session.answers.systeme
        options = provider_options(system, self.data, (self.t("choose"), ""))
        ref = self._ref_options(system)
        self._busy = True
        try:
            if list(self.ref.options) != ref:
                value = self.ref.value
                self.ref.options = ref
                self.ref.value = value if value in [v for _l, v in ref] else ""
        finally:
            self._busy = False
        if options == self.options:
            return
        self.options = options
        for row in self.rows():
            for item in row.inputs.rows:
                assert isinstance(item, InputRow)
                item.offer(options)

    def current_issues(self) -> list[Issue]:
        system = self.ctx.session.answers.systeme
        cited = {f"Processus {p.id}": p.sources for p in system.processus}
        cited |= {f"Processus {p.id} › intrant {n}": x.sources for p in system.processus
                  for n, x in enumerate(p.intrants, 1)}
        return study_of(system).issues() + source_issues(cited, self.known, self.ctx.lang)
