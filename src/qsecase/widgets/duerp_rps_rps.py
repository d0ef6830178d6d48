"""The psychosocial-risk step of the DUERP-update exercise: the method and its justification, and a
grid per work unit reviewing the six families of factors (Gollac report), each qualified by its
frequency and severity, with findings and sources.

A family left « non examinée » is not recorded (:func:`~qsecase.methods.rps.check_rps` reports
it); frequency 0 records the factor as absent, and then severity is disabled. Every change re-runs
the checks and redraws the unit × family matrix.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.exercises.duerp_rps import corpus_data
from qsecase.methods.base import Issue
from qsecase.methods.rps import FAMILIES, FREQUENCIES, RPS_METHODS, SEVERITIES, check_rps
from qsecase.views.duerp_heatmap import rps_matrix, rps_matrix_alt
from qsecase.views.render import figure_to_html
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import (
    dropdown_field,
    format_ids,
    heading,
    help_text,
    parse_ids,
    textarea_field,
    tr,
)
from qsecase.widgets.sst_accident_tree import FieldsRow, with_missing

__all__ = ["NOT_REVIEWED", "TEXTS", "RpsStep", "factor_row"]

NOT_REVIEWED = -1
"""Frequency of a family not yet examined (nothing is recorded for it)."""

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Les risques psychosociaux font partie du DUERP. Choisissez une méthode adaptée "
                "et justifiez-la, puis, pour chaque unité de travail, examinez les six familles "
                "de facteurs : fréquence d'exposition (0 si le facteur est absent), gravité, "
                "constats et faits du corpus qui les fondent.",
        "method": "Méthode d'identification", "choose": "— choisir —",
        "why": "Justification de la méthode", "why_ph": "pourquoi cette méthode convient ici",
        "grids": "Facteurs de risques psychosociaux par unité de travail",
        "unit_title": "{id} — {nom} ({n} salariés)",
        "frequency": "Fréquence", "not_reviewed": "— non examinée —",
        "severity": "Gravité", "no_severity": "— (facteur absent)",
        "findings": "Constats", "findings_ph": "ce qui est observé (absentéisme, enquête, "
                                               "témoignages…)",
        "sources": "Sources (faits cités)", "sources_ph": "identifiants séparés par des virgules",
        "unknown": "{id} (valeur inconnue)",
        "not_chosen": "{unit} — {family} : choisissez d'abord la fréquence (0 si le facteur est "
                      "absent) ; les constats ne sont pas enregistrés sans elle.",
        "matrix": "Facteurs de risques psychosociaux par unité de travail",
    },
}


def factor_row(data: dict[str, Any] | None, notify: Callable[[], None],
               lang: str = "fr") -> FieldsRow:
    """One family of one unit: frequency, severity (disabled while absent), findings, sources."""
    t = partial(tr, TEXTS, lang)
    data = data or {}
    frequency = NOT_REVIEWED if not data else int(data.get("frequence", 0))
    severity = data.get("gravite")
    freqs = [(t("not_reviewed"), NOT_REVIEWED), *((f"{k} — {v}", k) for k, v in FREQUENCIES.items())]
    sevs = [(t("no_severity"), 0), *((f"{k} — {v}", k) for k, v in SEVERITIES.items())]
    row = FieldsRow({
        "frequence": dropdown_field(t("frequency"), freqs, frequency, width="30em"),
        "gravite": dropdown_field(t("severity"), sevs, severity or 0, width="30em"),
        "constats": textarea_field(t("findings"), str(data.get("constats", "")), t("findings_ph"),
                                   rows=2),
        "sources": textarea_field(t("sources"), format_ids(list(data.get("sources", []))),
                                  t("sources_ph"), rows=1)},
        notify, convert={"gravite": lambda v: v or None, "sources": parse_ids})
    freq, sev = row.fields["frequence"], row.fields["gravite"]

    def follow(_change: Any = None) -> None:
        absent = freq.value <= 0
        if absent and sev.value:
            sev.value = 0
        sev.disabled = absent

    freq.observe(follow, names="value")
    follow()
    return row


class RpsStep(StepForm):
    """The RPS method, one grid of the six families per work unit, the checks and the matrix."""

    topic = "rps"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        a, case = ctx.session.answers, ctx.session.case
        self.scale = corpus_data.scale(case)
        self.units = case.spec.organisation.unites_travail
        self.unit_ids = [u.id for u in self.units]
        methods = [(t("choose"), ""), *((f"{v}", k) for k, v in RPS_METHODS.items())]
        self.method = dropdown_field(t("method"), with_missing(methods, [a.rps_methode or ""],
                                                                t("unknown")), a.rps_methode or "")
        self.why = textarea_field(t("why"), a.rps_justification, t("why_ph"))
        for widget in (self.method, self.why):
            widget.observe(lambda _c: self._changed(), names="value")
        saved: dict[tuple[str, str], dict[str, Any]] = {}
        self.extras: list[dict[str, Any]] = []  # unknown units, duplicates: kept, and flagged
        for f in a.rps:
            key = (f.unite, f.famille)
            if f.unite in self.unit_ids and key not in saved:
                saved[key] = f.model_dump()
            else:
                self.extras.append(f.model_dump())
        self.methods = {key: str(f["methode"]) for key, f in saved.items()}
        self.grid: dict[tuple[str, str], FieldsRow] = {}
        panels = []
        for unit in self.units:
            parts: list[widgets.Widget] = []
            for family, label in FAMILIES.items():
                row = factor_row(saved.get((unit.id, family)), self._changed, ctx.lang)
                self.grid[(unit.id, family)] = row
                parts += [heading(f"{unit.id} — {label}", level=5), row.box]
            panels.append(widgets.VBox(parts))
        self.grids = widgets.Accordion(children=panels, titles=tuple(
            t("unit_title", id=u.id, nom=u.nom, n=u.effectif) for u in self.units))
        self.matrix = widgets.HTML()
        ctx.bus.subscribe("situations", self.refresh_issues)
        self.layout_with(help_text(t("help")), self.method, self.why, heading(t("grids")),
                         self.grids, self.matrix)
        self._redraw()

    def factors(self) -> tuple[list[dict[str, Any]], list[str]]:
        """The factors of the grids (families examined), then the extras; and what is refused."""
        method = self.method.value or None
        out, refused = [], []
        for (unit, family), row in self.grid.items():
            value = row.value()
            if value["frequence"] == NOT_REVIEWED:
                if value["constats"].strip() or value["sources"]:
                    refused.append(self.t("not_chosen", unit=unit, family=FAMILIES[family]))
                continue
            kept = self.methods.get((unit, family), "RPS-DU")
            out.append({"unite": unit, "famille": family, **value, "methode": method or kept})
        return out + self.extras, refused

    def _changed(self) -> None:
        factors, refused = self.factors()
        if refused:
            self.issues.invalid(" ; ".join(refused))
            return
        if self.commit({"rps_methode": self.method.value or None,
                        "rps_justification": self.why.value, "rps": factors}):
            self._redraw()

    def _redraw(self) -> None:
        factors = self.ctx.session.answers.rps
        fig = rps_matrix(factors, self.units, self.scale)
        self.matrix.value = figure_to_html(fig, rps_matrix_alt(factors, self.units, self.scale))

    def current_issues(self) -> list[Issue]:
        a = self.ctx.session.answers
        return check_rps(a.rps, self.unit_ids, a.situations, self.scale)
