"""The BEGES step of the environmental exercise (3-2): the activity data of the corpus (energy
invoices, refrigerant records, purchases, transport), each tied to one emission factor shipped with
qsecase, then the assessment by scope and by regulatory post.

Emissions = quantity × factor, after an exact unit conversion (MWh → kWh, m³ → L); a quantity whose
unit does not convert to the factor's (m³ of gas against kWh PCS) is named in French by
:func:`~qsecase.methods.ghg.check_lines` and left out of the totals, never computed. The chart, the
table of the 6 categories and 22 posts and the workbook come from :mod:`qsecase.views.ghg_view`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.ghg_data import emission_factors, posts
from qsecase.methods.base import Issue
from qsecase.methods.ghg import (
    ActivityLine,
    Emission,
    EmissionFactor,
    GhgTotals,
    Post,
    check_lines,
    compute,
    totals,
)
from qsecase.views.ghg_view import beges_alt, beges_chart, beges_html, beges_workbook, factor_text
from qsecase.views.palette import fr_number
from qsecase.views.render import figure_to_html
from qsecase.views.tables import esc
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import dropdown_field, format_ids, heading, help_text, parse_ids, text_field, tr
from qsecase.widgets.environnement_rows import number_text, parse_number, row_problems
from qsecase.widgets.exports import ExportButton
from qsecase.widgets.rows import RowsEditor, next_id
from qsecase.widgets.sst_accident_tree import FieldsRow, combo_field, with_missing

__all__ = ["EXPORT_XLSX", "TEXTS", "UNITS", "Assessment", "BegesStep", "LineRow", "assess", "factor_options",
           "post_options", "source_issues"]

EXPORT_XLSX = "beges.xlsx"
UNITS: tuple[str, ...] = ("kWh", "MWh", "kWh PCS", "MWh PCS", "kWh PCI", "L", "m³", "kg", "t", "km", "t.km",
                          "passager.km")
"""Units suggested for a quantity (any unit qsecase knows may be typed)."""

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Relevez dans le corpus chaque donnée d'activité (factures d'énergie, fiches "
                "d'intervention sur les fluides frigorigènes, achats, transports) avec sa quantité et "
                "son unité telles qu'elles sont écrites, puis choisissez le facteur d'émission qui lui "
                "correspond. Le poste réglementaire est celui du facteur, sauf si vous en choisissez "
                "un autre. Une unité qui ne correspond pas à celle du facteur est signalée et la ligne "
                "n'est pas comptée : vérifiez kWh ou MWh, PCS ou PCI, litres ou m³.",
        "add": "Ajouter une donnée d'activité", "item": "Donnée d'activité {n}", "id": "Repère",
        "post": "Poste réglementaire", "post_default": "— celui du facteur —",
        "description": "Description", "description_ph": "ex. électricité du site, année 2025",
        "quantity": "Quantité", "quantity_ph": "nombre, ex. 412 500", "unit": "Unité",
        "factor": "Facteur d'émission", "unknown_factor": "{id} (facteur inconnu)",
        "unknown_post": "{id} (poste inconnu)", "sources": "Sources (faits du corpus)",
        "sources_ph": "identifiants séparés par des virgules (ex. FE-2025-01)",
        "factor_line": "Facteur : {value} kg CO₂e par {unit} — {source}",
        "computed": "✔ Comptée : {kg} kg CO₂e (poste {post}, scope {scope})",
        "not_computed": "✖ Non comptée dans le bilan : voir les points à corriger ci-dessous.",
        "results": "Bilan des émissions", "empty": "Aucune ligne comptée : le bilan est vide.",
        "exports": "Export du bilan", "export_xlsx": "Exporter le BEGES (Excel)",
        "export_help": "Le classeur est écrit à côté de votre fichier de réponses.",
        "unknown_sources": "{item} : source(s) inconnue(s) dans le corpus : {ids}.",
    },
}


def factor_options(factors: Mapping[str, EmissionFactor]) -> list[tuple[str, str]]:
    """(« 2.1 · Électricité, France — 0,052 kg CO₂e/kWh — ADEME… », id), by post then label."""
    ordered = sorted(factors.values(), key=lambda f: (f.poste, f.libelle))
    return [(f"{f.poste} · {f.libelle} — {fr_number(f.valeur, 4)} kg CO₂e/{f.unite} — {factor_text(f)}", f.id)
            for f in ordered]


def post_options(all_posts: Mapping[str, Post], lang: str = "fr") -> list[tuple[str, str]]:
    """« — celui du facteur — » then (« 1.4 — Émissions fugitives (scope 1) », « 1.4 ») for the 22 posts."""
    return [(tr(TEXTS, lang, "post_default"), ""),
            *((f"{p.numero} — {p.titre} (scope {p.scope})", p.numero) for p in all_posts.values())]


def source_issues(values: Sequence[Mapping[str, Any]], known: set[str], item: str,
                  lang: str = "fr") -> list[Issue]:
    """A warning for each row citing ids that are neither facts nor documents of the corpus."""
    out = []
    for n, v in enumerate(values, 1):
        unknown = [s for s in v.get("sources", []) if s not in known]
        if unknown:
            out.append(Issue(level="attention", message=tr(TEXTS, lang, "unknown_sources",
                                                           item=item.format(n=n), ids=", ".join(unknown))))
    return out


class Assessment:
    """The emissions and totals of some activity lines (lines that cannot be computed are left out)."""

    def __init__(self, lines: Sequence[ActivityLine]) -> None:
        self.factors, self.posts = emission_factors(), posts()
        self.lines = list(lines)
        self.emissions: list[Emission] = compute(self.lines, self.factors, self.posts)
        self.totals: GhgTotals = totals(self.emissions)
        self.by_line = {e.line: e for e in self.emissions}

    def issues(self) -> list[Issue]:
        return check_lines(self.lines, self.factors, self.posts)

    def html(self) -> str:
        return beges_html(self.emissions, self.totals, self.factors, self.posts)

    def figure_html(self, dpi: float = 80) -> str:
        if not self.emissions:
            return ""
        return figure_to_html(beges_chart(self.totals, self.posts, self.emissions),
                              beges_alt(self.totals, self.posts), dpi=dpi)

    def workbook(self, org_name: str) -> bytes:
        return beges_workbook(org_name, self.lines, self.emissions, self.totals, self.factors, self.posts)


def assess(lines: Sequence[ActivityLine]) -> Assessment:
    return Assessment(lines)


class LineRow:
    """One activity datum: post, description, quantity and unit, factor (with its value and source)."""

    def __init__(self, data: Mapping[str, Any], notify: Callable[[], None],
                 factors: Mapping[str, EmissionFactor], all_posts: Mapping[str, Post],
                 lang: str = "fr") -> None:
        self.t = t = partial(tr, TEXTS, lang)
        self.factors = factors
        factor, post = str(data.get("facteur", "")), str(data.get("poste", ""))
        self.row = FieldsRow({
            "id": text_field(t("id"), str(data.get("id", ""))),
            "poste": dropdown_field(t("post"), with_missing(post_options(all_posts, lang), [post],
                                                            t("unknown_post")), post),
            "description": text_field(t("description"), str(data.get("description", "")),
                                      t("description_ph")),
            "quantite": text_field(t("quantity"), number_text(data.get("quantite")), t("quantity_ph")),
            "unite": combo_field(t("unit"), str(data.get("unite", "")), UNITS),
            "facteur": dropdown_field(t("factor"), with_missing(factor_options(factors), [factor],
                                                                t("unknown_factor")), factor),
            "sources": text_field(t("sources"), format_ids(list(data.get("sources", []))), t("sources_ph")),
        }, notify, convert={"quantite": parse_number, "sources": parse_ids})
        self.fields = f = self.row.fields
        f["id"].layout.width = "24em"
        f["quantite"].layout.width = f["unite"].layout.width = "30em"
        self.factor_line, self.result = widgets.HTML(), widgets.HTML()
        f["facteur"].observe(lambda _c: self.show_factor(), names="value")
        self.show_factor()
        shown = ("id", "poste", "description", "quantite", "unite", "facteur")
        self.box = widgets.VBox([*(f[k] for k in shown), self.factor_line, f["sources"], self.result])

    def show_factor(self) -> None:
        factor = self.factors.get(self.fields["facteur"].value)
        if factor is None:
            self.factor_line.value = ""
            return
        text = self.t("factor_line", value=fr_number(factor.valeur, 4), unit=factor.unite,
                      source=factor_text(factor))
        self.factor_line.value = f"<p><small>{esc(text)}</small></p>"

    def show_result(self, emission: Emission | None) -> None:
        """« ✔ Comptée : 21 450,2 kg CO₂e » or « ✖ Non comptée »."""
        text = self.t("not_computed") if emission is None else self.t(
            "computed", kg=fr_number(round(emission.kg_co2e, 1), 1), post=emission.poste,
            scope=emission.scope)
        self.result.value = f'<p role="status"><strong>{esc(text)}</strong></p>'

    def value(self) -> dict[str, Any]:
        return self.row.value()


class BegesStep(StepForm):
    """Activity lines, their checks, the chart and table of the assessment, the workbook."""

    topic = "beges"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        case = ctx.session.case
        self.known = set(case.facts) | {d.id for d in case.spec.documents}
        self.state = assess(ctx.session.answers.beges)
        factors, all_posts = self.state.factors, self.state.posts
        self.editor = RowsEditor(
            lambda data, notify: LineRow(data, notify, factors, all_posts, ctx.lang), self._changed,
            [ln.model_dump() for ln in ctx.session.answers.beges], new_row=self._new_row,
            item_title=t("item"), add_label=t("add"), lang=ctx.lang)
        self.figure, self.table = widgets.HTML(), widgets.HTML()
        self.xlsx = ExportButton(ctx.session, t("export_xlsx"), EXPORT_XLSX,
                                 lambda: self.state.workbook(case.spec.organisation.nom))
        self.layout_with(help_text(t("help")), self.editor, heading(t("results")), self.figure, self.table,
                         heading(t("exports")), help_text(t("export_help")), self.xlsx)
        self._redraw()

    def _new_row(self, values: list[dict[str, Any]]) -> dict[str, Any]:
        first = factor_options(self.state.factors)[0][1]
        return {"id": next_id("A", [v["id"] for v in values]), "quantite": 0.0,
                "unite": self.state.factors[first].unite, "facteur": first}

    def _changed(self, values: list[dict[str, Any]]) -> None:
        problems = row_problems(values, self.t("item"), required={
            "id": "repère", "quantite": "quantité", "unite": "unité", "facteur": "facteur d'émission"},
            numbers={"quantite": "quantité"}, lang=self.ctx.lang)
        if problems:
            self.issues.invalid(" ; ".join(problems))
            return
        if self.commit({"beges": values}):
            self._redraw()

    def _redraw(self) -> None:
        self.state = state = assess(self.ctx.session.answers.beges)
        for row, line in zip(self.editor.rows, self.ctx.session.answers.beges, strict=False):
            assert isinstance(row, LineRow)
            row.show_result(state.by_line.get(line.id))
        self.figure.value = state.figure_html()
        self.table.value = state.html() if state.emissions else f"<p>{esc(self.t('empty'))}</p>"

    def current_issues(self) -> list[Issue]:
        lines = self.ctx.session.answers.beges
        return (check_lines(lines, emission_factors(), posts())
                + source_issues([ln.model_dump() for ln in lines], self.known, self.t("item"), self.ctx.lang))
