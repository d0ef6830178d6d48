"""Risk-analysis steps of the quality-risk exercise: the AMDEC and the HACCP study.

The AMDEC step shows, beside each G, O and D rating, the descriptor of the chosen value
(:mod:`qsecase.fmea_data`) and, per row, the IPR, its priority and the AIAG-VDA action priority;
the HACCP step asks the CCP decision tree question by question (:func:`next_question`) and records
the path (:func:`decide`). Both publish on the steps' bus so that the actions step offers the new
failure-mode and hazard ids.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.fmea_data import load_scales
from qsecase.methods.base import Issue
from qsecase.methods.fmea import FmeaRow, FmeaThresholds, action_priority, check_fmea, priority
from qsecase.methods.haccp import HAZARD_TYPE_LABELS, DecisionAnswer, Outcome, decide, next_question
from qsecase.views import risques_qualite_html as views
from qsecase.views.fmea_workbook import fmea_workbook
from qsecase.views.haccp_view import decision_path_html, haccp_plan_html, haccp_workbook
from qsecase.views.tables import esc
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import dropdown_field, help_text, text_field, textarea_field, tr
from qsecase.widgets.exports import ExportButton
from qsecase.widgets.rows import RowsEditor, next_id
from qsecase.widgets.sst_accident_tree import FieldsRow, combo_field, date_field

__all__ = ["TEXTS", "AmdecStep", "HaccpStep", "blank_none", "descriptor", "row_summary"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "amdec_help": "Pour chaque étape du procédé : mode de défaillance, effet, cause, contrôles "
                      "existants, puis cotez G, O et D de 1 à 10 (le descripteur de la note "
                      "s'affiche). qsecase calcule l'IPR = G × O × D, la priorité et l'AP.",
        "add_mode": "Ajouter un mode de défaillance", "mode_n": "Mode de défaillance {n}",
        "id": "Repère", "step": "Étape", "function": "Fonction", "mode": "Mode de défaillance",
        "effect": "Effet", "cause": "Cause", "prev": "Contrôles de prévention",
        "det": "Contrôles de détection", "g": "G (1–10)", "o": "O (1–10)", "d": "D (1–10)",
        "operation": "Fonctionnement", "actions": "Actions", "owner": "Responsable",
        "due": "Échéance", "g2": "G' après action", "o2": "O' après action",
        "d2": "D' après action", "after_ph": "vide si non recoté", "out_of_scale": "hors barème "
        "(1 à 10)", "summary": "IPR = {g} × {o} × {d} = {ipr} — {level} — AP : {ap}",
        "haccp_help": "Analysez les dangers de chaque étape du diagramme de fabrication, appliquez "
                      "l'arbre de décision à chaque danger significatif, puis établissez le plan "
                      "HACCP des CCP.",
        "add_hazard": "Ajouter un danger", "hazard_n": "Danger {n}", "type": "Type",
        "hazard": "Danger", "measures": "Mesures de maîtrise", "gravity": "Gravité (1–5)",
        "proba": "Probabilité (1–5)", "tree": "Arbre de décision CCP",
        "tree_for": "Danger analysé", "choose": "— choisir —", "yes": "Oui", "no": "Non",
        "restart": "Recommencer l'arbre", "no_hazard": "Choisissez un danger pour appliquer "
                                                        "l'arbre de décision.",
        "plan": "Plan HACCP", "add_ccp": "Ajouter un CCP", "ccp_n": "CCP {n}",
        "ref": "Danger (id)", "measure": "Mesure de maîtrise", "limit": "Limite critique",
        "what": "Surveillance : quoi", "how": "Surveillance : comment",
        "freq": "Surveillance : fréquence", "who": "Surveillance : qui",
        "corrective": "Action corrective", "verif": "Vérification", "records": "Enregistrements",
    },
}

_TYPE_OPTIONS = [(label, kind) for kind, label in HAZARD_TYPE_LABELS.items()]


def blank_none(text: Any) -> Any:
    """An optional rating typed as text: blank → None, anything else as typed (validated later)."""
    return None if str(text).strip() == "" else str(text).strip()


def descriptor(letter: str, value: Any, lang: str = "fr") -> str:
    """« Élevée — La défaillance peut… » for a rating of the scale ``letter`` (G, O or D)."""
    try:
        level = load_scales().scale(letter).level(int(value))
    except (KeyError, TypeError, ValueError):
        return f"<small>{esc(tr(TEXTS, lang, 'out_of_scale'))}</small>"
    return f"<small><strong>{esc(level.niveau)}</strong> — {esc(level.critere)}</small>"


def row_summary(g: int, o: int, d: int, thresholds: FmeaThresholds, lang: str = "fr") -> str:
    """IPR, priority and AP of ratings as typed, or an empty string outside the scale."""
    if not all(1 <= v <= 10 for v in (g, o, d)):
        return ""
    row = FmeaRow(etape="", g=g, o=o, d=d)
    text = tr(TEXTS, lang, "summary", g=g, o=o, d=d, ipr=g * o * d,
              level=priority(row, thresholds).level, ap=action_priority(g, o, d))
    return f'<p role="status"><strong>{esc(text)}</strong></p>'


class AmdecStep(StepForm):
    """The AMDEC rows, their live ratings and priorities, the checks and the IPR Pareto."""

    topic = "amdec"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        self.thresholds: FmeaThresholds = ctx.session.case.spec.amdec_thresholds()
        lang = ctx.lang

        def fmea_row(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            def rating(name: str) -> widgets.IntText:
                return widgets.IntText(value=int(data.get(name, 1) or 1), description=t(name),
                                       layout=widgets.Layout(width="14em"))

            def after(name: str) -> widgets.Text:
                value = data.get(name)
                return text_field(t(name), "" if value is None else str(value), t("after_ph"))

            texts = {k: textarea_field(t(label), str(data.get(k, "")), rows=1) for k, label in
                     (("fonction", "function"), ("mode", "mode"), ("effet", "effect"),
                      ("cause", "cause"), ("controles_prevention", "prev"),
                      ("controles_detection", "det"))}
            row = FieldsRow({
                "id": text_field(t("id"), str(data.get("id", ""))),
                "etape": text_field(t("step"), str(data.get("etape", ""))), **texts,
                "g": rating("g"), "o": rating("o"), "d": rating("d"),
                "fonctionnement": dropdown_field(t("operation"), ["normal", "dégradé"],
                                                 data.get("fonctionnement", "normal")),
                "actions": textarea_field(t("actions"), str(data.get("actions", "")), rows=2),
                "responsable": text_field(t("owner"), str(data.get("responsable", ""))),
                "echeance": date_field(t("due"), data.get("echeance")),
                "g2": after("g2"), "o2": after("o2"), "d2": after("d2")}, notify,
                convert={"g2": blank_none, "o2": blank_none, "d2": blank_none})
            labels = {k: widgets.HTML(descriptor(k.upper(), row.fields[k].value, lang))
                      for k in ("g", "o", "d")}
            summary = widgets.HTML()

            def refresh(_change: Any = None) -> None:
                for k, label in labels.items():
                    label.value = descriptor(k.upper(), row.fields[k].value, lang)
                g, o, d = (row.fields[k].value for k in ("g", "o", "d"))
                summary.value = row_summary(g, o, d, self.thresholds, lang)

            for k in labels:
                row.fields[k].observe(refresh, names="value")
            refresh()
            row.labels, row.summary = labels, summary  # type: ignore[attr-defined]
            f = row.fields
            row.box = widgets.VBox([*(f[k] for k in ("id", "etape", *texts)),
                                    *(widgets.HBox([f[k], labels[k]]) for k in ("g", "o", "d")),
                                    summary, *(f[k] for k in list(f)[11:])])
            return row

        self.rows = RowsEditor(
            fmea_row, lambda values: self._changed(values),
            [r.model_dump() for r in ctx.session.answers.amdec],
            new_row=lambda values: {"id": next_id("M", [v["id"] for v in values])},
            item_title=t("mode_n"), add_label=t("add_mode"), lang=ctx.lang)
        self.figure = widgets.HTML(self._figure())
        s = ctx.session
        self.export = ExportButton(s, "Exporter l'AMDEC (Excel)", "amdec.xlsx", lambda: fmea_workbook(
            s.answers.amdec, self.thresholds, f"AMDEC processus — {s.case.spec.organisation.nom}"))
        self.layout_with(help_text(t("amdec_help")), help_text(views.METHOD_HINTS["amdec"]),
                         self.rows, self.figure, self.export)

    def _figure(self) -> str:
        rows = self.ctx.session.answers.amdec
        return views.fmea_table_html(rows, self.thresholds) + views.fmea_html(rows,
                                                                              self.thresholds)

    def _changed(self, values: list[dict[str, Any]]) -> None:
        if self.commit({"amdec": values}):
            self.figure.value = self._figure()

    def current_issues(self) -> list[Issue]:
        rows = self.ctx.session.answers.amdec
        return check_fmea(rows, self.thresholds) if rows else []


class _PlanRow(FieldsRow):
    """A CCP plan row: the four monitoring inputs make the nested ``surveillance``."""

    def value(self) -> dict[str, Any]:
        data = super().value()
        data["surveillance"] = {k: data.pop(f"surveillance_{k}")
                                for k in ("quoi", "comment", "frequence", "qui")}
        return data


class HaccpStep(StepForm):
    """Hazards, the decision tree asked question by question, the CCP plan and their checks."""

    topic = "haccp"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        a, steps = ctx.session.answers, views.flow_steps(ctx.session.case)
        self.asked: list[DecisionAnswer] = []

        def hazard(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            return FieldsRow({
                "id": text_field(t("id"), str(data.get("id", ""))),
                "etape": combo_field(t("step"), str(data.get("etape", "")), steps),
                "type": dropdown_field(t("type"), _TYPE_OPTIONS, data.get("type", "biologique")),
                "danger": text_field(t("hazard"), str(data.get("danger", ""))),
                "cause": textarea_field(t("cause"), str(data.get("cause", "")), rows=1),
                "mesures_maitrise": textarea_field(t("measures"),
                                                   str(data.get("mesures_maitrise", "")), rows=2),
                "gravite": text_field(t("gravity"), str(data.get("gravite") or "")),
                "probabilite": text_field(t("proba"), str(data.get("probabilite") or ""))},
                notify, convert={"gravite": blank_none, "probabilite": blank_none})

        def plan(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            mon = data.get("surveillance") or {}
            fields = {k: text_field(t(label), str(data.get(k, ""))) for k, label in (
                ("ref_danger", "ref"), ("etape", "step"), ("danger", "hazard"),
                ("mesure_maitrise", "measure"), ("limite_critique", "limit"))}
            fields |= {f"surveillance_{k}": text_field(t(label), str(mon.get(k, ""))) for k, label
                       in (("quoi", "what"), ("comment", "how"), ("frequence", "freq"),
                           ("qui", "who"))}
            fields |= {k: textarea_field(t(label), str(data.get(k, "")), rows=1) for k, label in (
                ("action_corrective", "corrective"), ("verification", "verif"),
                ("enregistrements", "records"))}
            return _PlanRow(fields, notify)

        self.hazards = RowsEditor(
            hazard, lambda values: self._changed({"haccp_dangers": values}),
            [h.model_dump() for h in a.haccp_dangers],
            new_row=lambda values: {"id": next_id("D", [v["id"] for v in values])},
            item_title=t("hazard_n"), add_label=t("add_hazard"), lang=ctx.lang)
        self.selected = dropdown_field(t("tree_for"), self._hazard_options())
        self.selected.observe(lambda _c: self.restart(), names="value")
        self.question = widgets.HTML()
        self.yes = widgets.Button(description=t("yes"), layout=widgets.Layout(width="auto"))
        self.no = widgets.Button(description=t("no"), layout=widgets.Layout(width="auto"))
        self.reset = widgets.Button(description=t("restart"), icon="undo",
                                    layout=widgets.Layout(width="auto"))
        self.yes.on_click(lambda _b: self.answer(True))
        self.no.on_click(lambda _b: self.answer(False))
        self.reset.on_click(lambda _b: self.restart())
        self.plan = RowsEditor(plan, lambda values: self._changed({"haccp_plan": values}),
                               [p.model_dump() for p in a.haccp_plan], item_title=t("ccp_n"),
                               add_label=t("add_ccp"), lang=ctx.lang)
        self.tables = widgets.HTML(self._tables())
        self.export = ExportButton(ctx.session, "Exporter l'analyse HACCP (Excel)", "haccp.xlsx",
                                   self._workbook)
        self.restart()
        self.layout_with(help_text(t("haccp_help")), help_text(views.METHOD_HINTS["haccp"]),
                         self.hazards, widgets.HTML(f"<h4>{esc(t('tree'))}</h4>"), self.selected,
                         self.question, widgets.HBox([self.yes, self.no, self.reset]),
                         widgets.HTML(f"<h4>{esc(t('plan'))}</h4>"), self.plan, self.tables,
                         self.export)

    def _workbook(self) -> bytes:
        a = self.ctx.session.answers
        return haccp_workbook(a.haccp_dangers, a.haccp_decisions, a.haccp_plan,
                              f"HACCP — {self.ctx.session.case.spec.organisation.nom}")

    def _hazard_options(self) -> list[tuple[str, str]]:
        return [(self.t("choose"), ""), *((f"{h.id} — {h.danger}", h.id)
                                          for h in self.ctx.session.answers.haccp_dangers)]

    def _tables(self) -> str:
        a = self.ctx.session.answers
        return (views.hazards_html(a.haccp_dangers)
                + (haccp_plan_html(a.haccp_plan) if a.haccp_plan else ""))

    def _changed(self, fields: Mapping[str, Any]) -> None:
        if self.commit(fields):
            current = self.selected.value
            options = self._hazard_options()
            self.selected.options = options
            if current in [v for _l, v in options]:
                self.selected.value = current
            self.tables.value = self._tables()

    def restart(self) -> None:
        """Start the tree again for the selected hazard (its recorded path stays until replaced)."""
        self.asked = []
        self._show()

    def _show(self) -> None:
        ref = self.selected.value
        recorded = next((p for p in self.ctx.session.answers.haccp_decisions
                         if p.ref_danger == ref), None)
        if not ref:
            self.question.value = f"<p>{esc(self.t('no_hazard'))}</p>"
            self.yes.disabled = self.no.disabled = True
            return
        node = next_question(self.asked)
        done = isinstance(node, Outcome)
        self.yes.disabled = self.no.disabled = done
        html = decision_path_html(recorded) if recorded else ""
        if not isinstance(node, Outcome):
            html += (f'<p role="status"><strong>{esc(node.id)}</strong> — {esc(node.texte)}</p>'
                     f"<p><small>{esc(node.aide)}</small></p>")
        self.question.value = html

    def answer(self, yes: bool) -> None:
        """Answer the current question for the selected hazard; at an outcome, record the path."""
        node = next_question(self.asked)
        if isinstance(node, Outcome) or not self.selected.value:
            return
        self.asked.append(DecisionAnswer(question=node.id, reponse=yes))
        if isinstance(next_question(self.asked), Outcome):
            path = decide(self.selected.value, self.asked)
            others = [p for p in self.ctx.session.answers.haccp_decisions
                      if p.ref_danger != path.ref_danger]
            self.commit({"haccp_decisions": [*others, path]})
        self._show()

    def current_issues(self) -> list[Issue]:
        return views.haccp_issues(self.ctx.session.answers, self.ctx.session.case)
