"""Forms of the SST follow-up and accident-analysis exercise, one per step, bound to
``session.answers``.

:func:`build_steps` returns, in the order of the exercise, one widget per step: ``registre``
(here), ``epi`` and ``arbre`` (:mod:`.sst_accident_tree`), ``qqoqcp`` (the problem-solving
exercise's form, reused as is), ``plan``, ``acteurs`` and ``indicateurs``
(:mod:`.sst_accident_plan`). Each committed change re-validates the answers model and saves the
answers file (see :mod:`.autosave`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from qsecase.errors import QsecaseError
from qsecase.exercises.sst_accident import corpus_data
from qsecase.methods.base import Issue
from qsecase.methods.sst_register import Rule, reminders
from qsecase.session import Session
from qsecase.sst_rules import load_sst_rules
from qsecase.views import sst_accident_html as views
from qsecase.views.sst_register_view import RULE_KINDS, register_ics, register_workbook
from qsecase.views.tables import esc
from qsecase.widgets.autosave import Autosaver, StepContext, StepForm
from qsecase.widgets.common import (
    dropdown_field,
    format_ids,
    heading,
    help_text,
    parse_ids,
    text_field,
    tr,
    unknown_ids,
)
from qsecase.widgets.exercise_ui import ExerciseUI
from qsecase.widgets.exports import export_path, write_export
from qsecase.widgets.probleme import QqoqcpStep
from qsecase.widgets.rows import RowsEditor
from qsecase.widgets.sst_accident_plan import ActeursStep, IndicateursStep, PlanStep
from qsecase.widgets.sst_accident_tree import (
    ArbreStep,
    EpiStep,
    FieldsRow,
    combo_field,
    date_field,
    with_missing,
)

__all__ = ["EXPORT_ICS", "EXPORT_XLSX", "TEXTS", "RegistreStep", "build_steps", "event_row",
           "parse_days", "register_row"]

EXPORT_XLSX = "plan-suivi-sst.xlsx"
EXPORT_ICS = "alertes-sst.ics"

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "register_help": "Une ligne par obligation et par salarié, équipement ou installation : "
                         "choisissez la règle, l'objet, la date d'obtention ou de dernière "
                         "vérification et l'échéance que vous calculez. Le tableau de suivi "
                         "recalcule les échéances et leur statut à la date du cas.",
        "add_entry": "Ajouter une obligation", "entry": "Obligation {n}",
        "rule": "Règle", "choose": "— choisir —", "unknown_rule": "{id} (règle inconnue)",
        "rule_info": "{kind} — {period} — base : {base}",
        "every": "tous les {n} mois", "no_period": "sans renouvellement périodique",
        "object": "Objet (matricule, repère)", "object_ph": "ex. S-011, EQ-CH-04",
        "last": "Dernière date", "due": "Échéance", "facts": "Faits cités",
        "facts_ph": "identifiants séparés par des virgules", "comment": "Commentaire",
        "reminders": "Alertes (jours avant l'échéance)", "reminders_ph": "ex. 90, 60, 30",
        "bad_days": "Alertes : « {value} » n'est pas un nombre entier de jours positif — écrivez "
                    "par exemple « 90, 60, 30 ».",
        "events": "Événements de sécurité", "add_event": "Ajouter un événement",
        "event": "Événement {n}", "event_id": "Fait (ex. AT-2026-09)",
        "record": "À reporter dans", "unknown_event": "Événement : fait « {fact} » introuvable "
                                                     "dans le corpus.",
        "unknown_fact": "Obligation {n} : fait « {fact} » introuvable dans le corpus.",
        "export_xlsx": "Exporter en Excel", "export_ics": "Exporter le calendrier (.ics)",
        "exported": "✔ Fichier écrit : {path}", "export_failed": "✖ Export impossible : {reason}",
    },
}

_DAYS_SPLIT = re.compile(r"[\s,;]+")


def parse_days(text: str) -> list[int]:
    """« 90, 60, 30 » → ``[90, 60, 30]``; raises ValueError naming the first bad value."""
    days = []
    for part in _DAYS_SPLIT.split(text.strip()):
        if not part:
            continue
        if not part.isdigit() or int(part) == 0:
            raise ValueError(part)
        days.append(int(part))
    return list(dict.fromkeys(days))


def _rule_info(rule: Rule | None, lang: str) -> str:
    """The rule's kind, periodicity and basis, under its dropdown."""
    if rule is None:
        return ""
    t = partial(tr, TEXTS, lang)
    period = t("every", n=rule.periodicite_mois) if rule.periodicite_mois else t("no_period")
    text = t("rule_info", kind=RULE_KINDS.get(rule.type, rule.type), period=period,
             base=rule.base)
    return f'<p style="margin:0 0 0 14em"><small>{esc(text)}</small></p>'


def register_row(data: Mapping[str, Any], notify: Callable[[], None], *,
                 rules: Mapping[str, Rule], objects: Sequence[str], lang: str = "fr"
                 ) -> FieldsRow:
    """One obligation of the register: rule (its libellé and periodicity shown), object, dates."""
    t = partial(tr, TEXTS, lang)
    regle = str(data.get("regle", ""))
    options = [(t("choose"), ""), *((f"{r.libelle} ({r.id})", r.id) for r in rules.values())]
    row = FieldsRow({
        "regle": dropdown_field(t("rule"), with_missing(options, [regle], t("unknown_rule")),
                                regle),
        "objet": combo_field(t("object"), str(data.get("objet", "")), objects, t("object_ph")),
        "derniere_date": date_field(t("last"), data.get("derniere_date")),
        "echeance": date_field(t("due"), data.get("echeance")),
        "faits": text_field(t("facts"), format_ids(list(data.get("faits", []))), t("facts_ph")),
        "commentaire": text_field(t("comment"), str(data.get("commentaire", "")))},
        notify, convert={"faits": parse_ids})
    info = widgets.HTML(_rule_info(rules.get(regle), lang))
    row.fields["regle"].observe(
        lambda change: setattr(info, "value", _rule_info(rules.get(change["new"]), lang)),
        names="value")
    fields = list(row.fields.values())
    row.box = widgets.VBox([fields[0], info, *fields[1:]])
    return row


def event_row(data: Mapping[str, Any], notify: Callable[[], None], *,
              lang: str = "fr") -> FieldsRow:
    """A safety event of the corpus and where it must be recorded."""
    t = partial(tr, TEXTS, lang)
    return FieldsRow({
        "evenement": text_field(t("event_id"), str(data.get("evenement", ""))),
        "enregistrement": dropdown_field(t("record"), [(v, k) for k, v in
                                                       views.EVENT_LABELS.items()],
                                         data.get("enregistrement", "declaration_at")),
        "commentaire": text_field(t("comment"), str(data.get("commentaire", "")))}, notify)


class RegistreStep(StepForm):
    """The tracking register, its live table of due dates, the alerts, the events, the exports."""

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        a, case = ctx.session.answers, ctx.session.case
        rules, objects = load_sst_rules(), corpus_data.register_objects(case)
        self.entries = RowsEditor(
            lambda data, notify: register_row(data, notify, rules=rules, objects=objects,
                                              lang=ctx.lang),
            lambda values: self._commit({"registre": values}),
            [e.model_dump() for e in a.registre], item_title=t("entry"),
            add_label=t("add_entry"), lang=ctx.lang)
        self.rappels = text_field(t("reminders"), ", ".join(map(str, a.rappels_jours)),
                                  t("reminders_ph"))
        self.rappels.observe(self._days_changed, names="value")
        self.table = widgets.HTML(views.register_view_html(a, case))
        self.events = RowsEditor(
            lambda data, notify: event_row(data, notify, lang=ctx.lang),
            lambda values: self._commit({"evenements": values}),
            [e.model_dump() for e in a.evenements], item_title=t("event"),
            add_label=t("add_event"), lang=ctx.lang)
        self.export_xlsx = widgets.Button(description=t("export_xlsx"), icon="file-excel-o",
                                          layout=widgets.Layout(width="auto"))
        self.export_ics = widgets.Button(description=t("export_ics"), icon="calendar",
                                         layout=widgets.Layout(width="auto"))
        self.export_xlsx.on_click(lambda _b: self.export(EXPORT_XLSX))
        self.export_ics.on_click(lambda _b: self.export(EXPORT_ICS))
        self.export_status = widgets.HTML()
        self.layout_with(help_text(t("register_help")), self.entries, self.rappels, self.table,
                         widgets.HBox([self.export_xlsx, self.export_ics]), self.export_status,
                         heading(t("events")), self.events)

    def _commit(self, fields: Mapping[str, Any]) -> None:
        if self.commit(fields):
            self.table.value = views.register_view_html(self.ctx.session.answers,
                                                        self.ctx.session.case)

    def _days_changed(self, _change: Any = None) -> None:
        try:
            days = parse_days(self.rappels.value)
        except ValueError as exc:
            self.issues.invalid(self.t("bad_days", value=str(exc)))
            return
        self._commit({"rappels_jours": days})

    def export_path(self, name: str) -> Path:
        """Where an export is written: beside the answers file (the output folder without one)."""
        return export_path(self.ctx.session, name)

    def export(self, name: str) -> Path | None:
        """Write the plan (.xlsx) or the alerts (.ics) beside the answers; never over them."""
        s = self.ctx.session
        org = s.case.spec.organisation
        lines = corpus_data.register_lines(s.answers.registre, s.case)
        try:
            data = (register_workbook(lines, f"{org.nom} — {org.sites[0].nom}")
                    if name == EXPORT_XLSX else
                    register_ics(lines, reminders(lines, s.answers.rappels_jours),
                                 organisation=org.nom))
            path = write_export(s, name, data)
        except (OSError, QsecaseError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.export_status.value = f'<p role="status">{esc(self.t("export_failed", reason=reason))}</p>'
            return None
        self.export_status.value = f'<p role="status">{esc(self.t("exported", path=path))}</p>'
        return path

    def current_issues(self) -> list[Issue]:
        a, case = self.ctx.session.answers, self.ctx.session.case
        issues = corpus_data.register_issues(a.registre, case)
        issues += [Issue(level="erreur", message=self.t("unknown_fact", n=n, fact=f))
                   for n, e in enumerate(a.registre, 1) for f in unknown_ids(e.faits, case.facts)]
        issues += [Issue(level="erreur", message=self.t("unknown_event", fact=e.evenement))
                   for e in a.evenements if e.evenement not in case.facts]
        return issues


def build_steps(session: Session, saver: Autosaver | None = None) -> dict[str, widgets.Widget]:
    """One form per step of the exercise, in order, all bound to ``session`` and autosaved.

    Args:
        session: The session (formation or self-study) whose answers the forms edit.
        saver: Saves after each change and owns the status line; a new one by default.

    Returns:
        ``{"registre": …, "epi": …, "qqoqcp": …, "arbre": …, "plan": …, "acteurs": …,
        "indicateurs": …}``; nothing is displayed.
    """
    ctx = StepContext(session=session, saver=saver or Autosaver(session))
    return {"registre": RegistreStep(ctx), "epi": EpiStep(ctx), "qqoqcp": QqoqcpStep(ctx),
            "arbre": ArbreStep(ctx), "plan": PlanStep(ctx), "acteurs": ActeursStep(ctx),
            "indicateurs": IndicateursStep(ctx)}


UI = ExerciseUI(
    steps=views.STEPS,
    build_steps=build_steps,
    answers_html=views.answers_step_html,
    key_steps=views.KEY_STEPS,
    key_titles=views.KEY_TITLES,
    key_html=views.key_step_html,
)
"""The SST follow-up and accident-analysis exercise's notebook interface (named in the registry)."""
