"""The rows of the product-system form (3-5): a foreground process — its own fields, and the editors
of its inputs and direct flows, which live with the row so that switching to another process loses
nothing typed — an input (a provider chosen among the system's processes and the shipped datasets,
the provider's unit and source shown under it) and a direct flow (an elementary flow of the method).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.lca import STAGES
from qsecase.views.tables import esc
from qsecase.widgets.acv_rse_data import lca_reference
from qsecase.widgets.acv_rse_rows import UNITS, entry_problems
from qsecase.widgets.common import dropdown_field, format_ids, parse_ids, text_field, tr
from qsecase.widgets.environnement_rows import number_text, parse_number
from qsecase.widgets.rows import RowsEditor
from qsecase.widgets.sst_accident_tree import FieldsRow, Options, combo_field, with_missing

__all__ = ["TEXTS", "InputRow", "ProcessRow", "flow_row"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "item": "Processus {n}", "id": "Identifiant", "label": "Libellé",
        "label_ph": "ex. Usinage de la bride", "stage": "Étape du cycle de vie", "unit": "Unité du produit",
        "production": "Production par exécution", "choose": "— choisir —",
        "sources": "Sources (faits du corpus)", "sources_ph": "identifiants séparés par des virgules",
        "inputs": "Intrants du processus {id}", "add_input": "Ajouter un intrant",
        "input": "Intrant {n}", "provider": "Fournisseur", "amount": "Quantité", "amount_ph": "ex. 3,1",
        "amount_unit": "Unité", "note": "Note", "flows": "Émissions directes du processus {id}",
        "add_flow": "Ajouter une émission directe", "flow_item": "Émission {n}", "flux": "Flux élémentaire",
        "unknown": "{id} (inconnu)", "provider_line": "Produit du fournisseur en {unit}{source}",
    },
}


def _flow_options(lang: str = "fr") -> Options:
    _data, method = lca_reference()
    return [(tr(TEXTS, lang, "choose"), "")] + [(f"{f.libelle} — {f.unite} ({f.compartiment})", f.id)
                                                for f in method.flux]


class InputRow:
    """One input of a process: provider (dropdown), amount, unit, sources; the provider's unit below."""

    def __init__(self, data: Mapping[str, Any], notify: Callable[[], None], options: Options,
                 units: Callable[[str], tuple[str, str]], lang: str = "fr") -> None:
        self.t = t = partial(tr, TEXTS, lang)
        self.units, self.notify = units, notify
        self._provider = provider = str(data.get("fournisseur", ""))
        self._filling = False
        self.row = FieldsRow({
            "fournisseur": dropdown_field(t("provider"), with_missing(options, [provider], t("unknown")),
                                          provider),
            "quantite": text_field(t("amount"), number_text(data.get("quantite")), t("amount_ph")),
            "unite": combo_field(t("amount_unit"), str(data.get("unite", "")), UNITS),
            "sources": text_field(t("sources"), format_ids(list(data.get("sources", []))), t("sources_ph")),
            "note": text_field(t("note"), str(data.get("note", ""))),
        }, self._changed, convert={"quantite": parse_number, "sources": parse_ids})
        self.fields = f = self.row.fields
        f["quantite"].layout.width = f["unite"].layout.width = "30em"
        self.line = widgets.HTML()
        self.box = widgets.VBox([f["fournisseur"], self.line, f["quantite"], f["unite"], f["sources"],
                                 f["note"]])
        self._show_line()

    def _changed(self) -> None:
        """A new provider fills an empty unit with its own (one save for both), then the row reports."""
        if self._filling:
            return
        provider = self.fields["fournisseur"].value
        if provider != self._provider:
            self._provider = provider
            unit, _source = self.units(provider)
            if unit and not self.fields["unite"].value.strip():
                self._filling = True
                try:
                    self.fields["unite"].value = unit
                finally:
                    self._filling = False
            self._show_line()
        self.notify()

    def _show_line(self) -> None:
        unit, source = self.units(self.fields["fournisseur"].value)
        text = self.t("provider_line", unit=unit, source=f" — {source}" if source else "") if unit else ""
        self.line.value = f"<p><small>{esc(text)}</small></p>" if text else ""

    def offer(self, options: Options) -> None:
        self.row.offer("fournisseur", options, self.t("unknown"))
        self._show_line()

    def value(self) -> dict[str, Any]:
        return self.row.value()


def flow_row(data: Mapping[str, Any], notify: Callable[[], None], lang: str = "fr") -> FieldsRow:
    """One direct flow of a process: elementary flow, amount, unit, sources."""
    t = partial(tr, TEXTS, lang)
    flux = str(data.get("flux", ""))
    row = FieldsRow({
        "flux": dropdown_field(t("flux"), with_missing(_flow_options(lang), [flux], t("unknown")), flux),
        "quantite": text_field(t("amount"), number_text(data.get("quantite")), t("amount_ph")),
        "unite": combo_field(t("amount_unit"), str(data.get("unite", "")), UNITS),
        "sources": text_field(t("sources"), format_ids(list(data.get("sources", []))), t("sources_ph")),
    }, notify, convert={"quantite": parse_number, "sources": parse_ids})
    row.fields["quantite"].layout.width = row.fields["unite"].layout.width = "30em"
    return row


class ProcessRow:
    """A process: its own fields (in the list) and the editors of its inputs and direct flows (shown
    when it is chosen). The editors live with the row, so that switching process loses nothing."""

    def __init__(self, data: Mapping[str, Any], notify: Callable[[], None], *, options: Callable[[], Options],
                 provider_unit: Callable[[str], tuple[str, str]], lang: str = "fr") -> None:
        self.t = t = partial(tr, TEXTS, lang)
        stages = [(label, key) for key, label in STAGES.items()]
        etape = str(data.get("etape", "matieres"))
        self.row = FieldsRow({
            "id": text_field(t("id"), str(data.get("id", ""))),
            "libelle": text_field(t("label"), str(data.get("libelle", "")), t("label_ph")),
            "etape": dropdown_field(t("stage"), with_missing(stages, [etape], t("unknown")), etape),
            "unite": combo_field(t("unit"), str(data.get("unite", "p")), UNITS),
            "production": text_field(t("production"), number_text(data.get("production", 1.0))),
            "sources": text_field(t("sources"), format_ids(list(data.get("sources", []))), t("sources_ph")),
        }, notify, convert={"production": parse_number, "sources": parse_ids})
        self.fields = f = self.row.fields
        f["id"].layout.width = f["unite"].layout.width = f["production"].layout.width = "24em"
        self.box = self.row.box
        self.inputs = RowsEditor(
            lambda d, n: InputRow(d, n, options(), provider_unit, lang), lambda _v: notify(),
            list(data.get("intrants", [])),
            new_row=lambda _v: {"fournisseur": "", "quantite": None, "unite": ""},
            item_title=t("input"), add_label=t("add_input"), lang=lang)
        self.flows = RowsEditor(lambda d, n: flow_row(d, n, lang), lambda _v: notify(),
                                list(data.get("emissions", [])),
                                new_row=lambda _v: {"flux": "", "quantite": None},
                                item_title=t("flow_item"), add_label=t("add_flow"), lang=lang)
        self.inputs_title, self.flows_title = widgets.HTML(), widgets.HTML()
        self.detail = widgets.VBox([self.inputs_title, self.inputs, self.flows_title, self.flows])
        self.retitle()

    def retitle(self) -> None:
        pid = self.fields["id"].value or "?"
        self.inputs_title.value = f"<h5>{esc(self.t('inputs', id=pid))}</h5>"
        self.flows_title.value = f"<h5>{esc(self.t('flows', id=pid))}</h5>"

    def value(self) -> dict[str, Any]:
        return {**self.row.value(), "intrants": self.inputs.values(), "emissions": self.flows.values()}

    def problems(self, n: int, lang: str = "fr") -> list[str]:
        v = self.value()
        name = f"{self.t('item', n=n)} ({v['id']})" if v["id"] else self.t("item", n=n)
        return (entry_problems([v], name, required={"id": "identifiant", "production": "production"},
                               numbers={"production": "production"}, lang=lang)
                + entry_problems(v["intrants"], f"{name} › intrant {{n}}", required={
                    "fournisseur": "fournisseur", "quantite": "quantité"}, numbers={"quantite": "quantité"},
                    lang=lang)
                + entry_problems(v["emissions"], f"{name} › émission {{n}}", required={
                    "flux": "flux élémentaire", "quantite": "quantité"}, numbers={"quantite": "quantité"},
                    lang=lang))
