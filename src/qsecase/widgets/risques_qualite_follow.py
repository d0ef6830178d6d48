"""Follow-up steps of the quality-risk exercise: the briefs to each actor (with a live preview and
an HTML export) and the effectiveness of actions (verdicts computed by :func:`verdict`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from qsecase.errors import QsecaseError
from qsecase.methods.base import Issue
from qsecase.methods.briefs import AUDIENCE_LABELS, CHANNEL_LABELS, Brief
from qsecase.methods.effectiveness import check_criteria, evaluate
from qsecase.views import risques_qualite_html as views
from qsecase.views.brief_view import brief_page
from qsecase.views.tables import esc
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import dropdown_field, heading, help_text, text_field, textarea_field, tr
from qsecase.widgets.exports import export_path, write_export
from qsecase.widgets.rows import RowsEditor
from qsecase.widgets.sst_accident_tree import FieldsRow, date_field, with_missing

__all__ = ["TEXTS", "EfficaciteStep", "FichesStep", "brief_file", "parse_number", "split_lines"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "briefs_help": "Pour chaque action, rédigez une fiche par public : l'objectif en une "
                       "phrase chiffrée ou datée, pourquoi, les points clés, ce qu'il faut faire.",
        "add_brief": "Ajouter une fiche", "brief_n": "Fiche {n}", "action": "Action",
        "audience": "Public", "objective": "Objectif", "message": "Message (pourquoi)",
        "channel": "Canal", "points": "Points clés (un par ligne)", "todo": "À faire",
        "due": "Échéance", "contact": "Contact", "choose": "— choisir —",
        "missing": "{id} (action inconnue)", "preview": "Fiche à prévisualiser",
        "export": "Exporter les fiches (HTML)", "exported": "✔ {n} fiche(s) écrite(s) dans {dir}",
        "export_failed": "✖ Export impossible : {reason}", "no_brief": "Aucune fiche à exporter.",
        "eff_help": "Définissez pour chaque action un critère mesurable (indicateur, unité, "
                    "valeur initiale, cible, période), saisissez les mesures avant / après, "
                    "puis donnez votre avis sur les actions déjà réalisées du corpus.",
        "criteria": "Critères d'efficacité", "add_criterion": "Ajouter un critère",
        "criterion_n": "Critère {n}", "indicator": "Indicateur", "unit": "Unité",
        "direction": "Sens attendu", "reference": "Valeur initiale", "target": "Cible",
        "period": "Période de mesure", "measures": "Mesures", "add_measure": "Ajouter une mesure",
        "measure_n": "Mesure {n}", "before": "Avant", "after": "Après",
        "readings": "Avis sur les actions réalisées", "add_reading": "Ajouter un avis",
        "reading_n": "Avis {n}", "corpus_action": "Action du corpus (ex. PA1)",
        "verdict": "Votre verdict", "why": "Justification",
        "computed": "Verdict calculé par qsecase : {verdict}",
        "not_computed": "Verdict calculé : pas encore de critère avec cible et mesure pour "
                        "cette action.",
    },
}

_LINES = re.compile(r"\s*\n\s*")


def split_lines(text: str) -> list[str]:
    """One item per non-blank line."""
    return [line for line in _LINES.split(text.strip()) if line]


def parse_number(text: Any) -> Any:
    """« 12,5 » → 12.5, blank → None; anything else as typed (refused by the model)."""
    cleaned = str(text).strip().replace("\u202f", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        return str(text)


def brief_file(brief: Brief, n: int) -> str:
    """``fiche-01-AQ1-operateurs.html``: a safe file name per brief."""
    action = re.sub(r"[^A-Za-z0-9_-]", "_", brief.action) or "action"
    return f"fiche-{n:02d}-{action}-{brief.public}.html"


def _body(page: str) -> str:
    """The inside of a page's ``<body>`` (no document-level tags in the notebook)."""
    match = re.search(r"<body>(.*)</body>", page, re.DOTALL)
    return match.group(1) if match else page


class FichesStep(StepForm):
    """Brief rows, the live preview of the selected brief, its checks and the HTML export."""

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        audiences = [(label, k) for k, label in AUDIENCE_LABELS.items()]
        channels = [(label, k) for k, label in CHANNEL_LABELS.items()]

        def brief(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            action = str(data.get("action", ""))
            return FieldsRow({
                "action": dropdown_field(t("action"), with_missing(self._actions(), [action],
                                                                   t("missing")), action),
                "public": dropdown_field(t("audience"), audiences,
                                         data.get("public", "operateurs")),
                "objectif": text_field(t("objective"), str(data.get("objectif", ""))),
                "message": textarea_field(t("message"), str(data.get("message", "")), rows=2),
                "canal": dropdown_field(t("channel"), channels, data.get("canal", "reunion")),
                "points_cles": textarea_field(t("points"), "\n".join(data.get("points_cles", []))),
                "a_faire": text_field(t("todo"), str(data.get("a_faire", ""))),
                "echeance": date_field(t("due"), data.get("echeance")),
                "contact": text_field(t("contact"), str(data.get("contact", "")))}, notify,
                convert={"points_cles": split_lines})

        self.rows = RowsEditor(brief, lambda values: self._changed(values),
                               [b.model_dump() for b in ctx.session.answers.fiches],
                               item_title=t("brief_n"), add_label=t("add_brief"), lang=ctx.lang)
        self.choice = dropdown_field(t("preview"), self._choices())
        self.choice.observe(lambda _c: self._preview(), names="value")
        self.preview = widgets.HTML()
        self.export_button = widgets.Button(description=t("export"), icon="download",
                                            layout=widgets.Layout(width="auto"))
        self.export_button.on_click(lambda _b: self.export())
        self.export_status = widgets.HTML()
        ctx.bus.subscribe("actions", self._actions_changed)
        self._preview()
        self.layout_with(help_text(t("briefs_help")), self.rows, self.choice, self.preview,
                         self.export_button, self.export_status)

    def _actions(self) -> list[tuple[str, str]]:
        return [(self.t("choose"), ""), *((f"{a.id} — {a.description}", a.id)
                                          for a in self.ctx.session.answers.actions)]

    def _choices(self) -> list[tuple[str, int]]:
        return [(f"{n}. {b.action} — {AUDIENCE_LABELS[b.public]}", n - 1)
                for n, b in enumerate(self.ctx.session.answers.fiches, 1)]

    def _actions_changed(self) -> None:
        for row in self.rows.rows:
            row.offer("action", self._actions(), self.t("missing"))  # type: ignore[attr-defined]

    def _page(self, brief: Brief) -> str:
        s = self.ctx.session
        title = next((a.description for a in s.answers.actions if a.id == brief.action),
                     brief.action)
        return brief_page(brief, organisation=s.case.spec.organisation.nom, action_title=title)

    def _preview(self) -> None:
        fiches = self.ctx.session.answers.fiches
        index = self.choice.value
        self.preview.value = (
            '<div style="border:1px solid #767676;padding:0.5em" lang="fr">'
            f"{_body(self._page(fiches[index]))}</div>" if index is not None
            and index < len(fiches) else "")

    def _changed(self, values: list[dict[str, Any]]) -> None:
        if self.commit({"fiches": values}):
            current = self.choice.value
            self.choice.options = self._choices()
            if self.choice.options:
                self.choice.value = current if current is not None and current < len(
                    self.choice.options) else len(self.choice.options) - 1
            self._preview()

    def export_dir(self) -> Path:
        return export_path(self.ctx.session, "")

    def export(self) -> list[Path]:
        """Write one HTML page per brief beside the answers file (atomic; never over it)."""
        s = self.ctx.session
        folder, written = self.export_dir(), []
        if not s.answers.fiches:
            self.export_status.value = f'<p role="status">{esc(self.t("no_brief"))}</p>'
            return []
        try:
            for n, brief in enumerate(s.answers.fiches, 1):
                written.append(write_export(s, brief_file(brief, n),
                                            self._page(brief).encode("utf-8")))
        except (OSError, QsecaseError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.export_status.value = (f'<p role="status">'
                                        f'{esc(self.t("export_failed", reason=reason))}</p>')
            return written
        self.export_status.value = (f'<p role="status">'
                                    f'{esc(self.t("exported", n=len(written), dir=folder))}</p>')
        return written

    def current_issues(self) -> list[Issue]:
        return views.briefs_issues(self.ctx.session.answers)


class EfficaciteStep(StepForm):
    """Criteria, measurements and readings; the computed verdict beside each reading; the chart."""

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        a = ctx.session.answers

        def criterion(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            def num(name: str, label: str) -> widgets.Text:
                value = data.get(name)
                return text_field(t(label), "" if value is None else str(value).replace(".", ","))

            return FieldsRow({
                "action": text_field(t("action"), str(data.get("action", ""))),
                "indicateur": text_field(t("indicator"), str(data.get("indicateur", ""))),
                "unite": text_field(t("unit"), str(data.get("unite", ""))),
                "sens": dropdown_field(t("direction"), ["baisse", "hausse"],
                                       data.get("sens", "baisse")),
                "reference": num("reference", "reference"), "cible": num("cible", "target"),
                "periode": text_field(t("period"), str(data.get("periode", "")))}, notify,
                convert={"reference": parse_number, "cible": parse_number})

        def measure(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            return FieldsRow({
                "action": text_field(t("action"), str(data.get("action", ""))),
                "avant": widgets.FloatText(value=float(data.get("avant", 0.0)),
                                           description=t("before")),
                "apres": widgets.FloatText(value=float(data.get("apres", 0.0)),
                                           description=t("after"))}, notify)

        def reading(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            row = FieldsRow({
                "action": text_field(t("corpus_action"), str(data.get("action", ""))),
                "verdict": dropdown_field(t("verdict"), ["efficace", "partiellement efficace",
                                                         "non efficace"],
                                          data.get("verdict", "efficace")),
                "justification": textarea_field(t("why"), str(data.get("justification", "")),
                                                rows=2)}, notify)
            row.computed = widgets.HTML()  # type: ignore[attr-defined]
            row.box = widgets.VBox([*row.fields.values(), row.computed])  # type: ignore[attr-defined]
            return row

        self.criteria = RowsEditor(criterion, lambda v: self._changed({"criteres": v}),
                                   [c.model_dump() for c in a.criteres],
                                   item_title=t("criterion_n"), add_label=t("add_criterion"),
                                   lang=ctx.lang)
        self.measures = RowsEditor(measure, lambda v: self._changed({"mesures": v}),
                                   [m.model_dump() for m in a.mesures], item_title=t("measure_n"),
                                   add_label=t("add_measure"), lang=ctx.lang)
        self.readings = RowsEditor(reading, lambda v: self._changed({"lectures": v}),
                                   [r.model_dump() for r in a.lectures],
                                   item_title=t("reading_n"), add_label=t("add_reading"),
                                   lang=ctx.lang)
        self.chart = widgets.HTML(views.effectiveness_html(a))
        self._verdicts()
        self.layout_with(help_text(t("eff_help")), heading(t("criteria")), self.criteria,
                         heading(t("measures")), self.measures, heading(t("readings")),
                         self.readings, self.chart)

    def _verdicts(self) -> None:
        a = self.ctx.session.answers
        computed = {it.criterion.action: it.verdict
                    for it in evaluate(a.criteres, a.mesures) if it.verdict}
        for row in self.readings.rows:
            found = computed.get(row.fields["action"].value)  # type: ignore[attr-defined]
            text = self.t("computed", verdict=str(found)) if found else self.t("not_computed")
            row.computed.value = f'<p role="status"><em>{esc(text)}</em></p>'  # type: ignore[attr-defined]

    def _changed(self, fields: Mapping[str, Any]) -> None:
        if self.commit(fields):
            self.chart.value = views.effectiveness_html(self.ctx.session.answers)
            self._verdicts()

    def current_issues(self) -> list[Issue]:
        criteres = self.ctx.session.answers.criteres
        return check_criteria(criteres) if criteres else []
