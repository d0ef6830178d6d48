"""The plan step of the internal audit exercise (4-4.a): objectives, scope, criteria, date and place,
the audit team and the interviews (function audited, process, clauses, slot, auditor), checked live
(:func:`~qsecase.methods.audit.check_plan`: independence, slots, lead auditor, unknown clauses…)
and shown as the plan the auditees will receive.

The clauses of an interview are picked in the catalogue of the standards ticked as criteria,
shown « 7.1.5 — title »; a clause already chosen that is no longer offered stays chosen, flagged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.audit import STANDARDS, TEAM_ROLES, check_plan
from qsecase.methods.base import Issue
from qsecase.views.audit_html import plan_html
from qsecase.widgets.audit_case import catalogue, clause_choices, functions, people, processes
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import checkbox_field, dropdown_field, heading, help_text, tr
from qsecase.widgets.common import textarea_field as area
from qsecase.widgets.rows import RowsEditor
from qsecase.widgets.sst_accident_tree import FieldsRow, combo_field, date_field, multi_field, with_missing

__all__ = ["TEXTS", "PlanStep", "datetime_field"]

_WIDE = {"description_width": "14em"}

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Rédigez le plan d'audit interne (ISO 19011, 6.3.2) : les objectifs, le champ "
                "(lieux, fonctions, processus, période), les critères d'audit (référentiels et "
                "autres exigences), la date et le lieu, l'équipe d'audit avec un responsable "
                "d'audit, puis le programme des entretiens. Un auditeur n'audite jamais sa propre "
                "fonction : c'est la condition de son impartialité.",
        "objectives": "Objectifs de l'audit", "objectives_ph": "ce que l'audit doit établir",
        "scope": "Champ de l'audit", "scope_ph": "lieux, fonctions, activités, processus, période",
        "criteria": "Référentiels (critères d'audit)", "other": "Autres critères",
        "other_ph": "exigences légales, procédures internes, exigences clients…",
        "date": "Date de l'audit", "place": "Lieu", "team": "Équipe d'audit",
        "add_member": "Ajouter un membre de l'équipe", "member": "Membre {n}", "name": "Nom",
        "name_ph": "prénom et nom", "function": "Fonction dans l'entreprise", "role": "Rôle dans l'audit",
        "interviews": "Programme des entretiens", "add_interview": "Ajouter un entretien",
        "interview": "Entretien {n}", "auditee": "Fonction auditée", "process": "Processus",
        "clauses": "Chapitres audités (Ctrl + clic)", "start": "Début (date et heure)",
        "duration": "Durée (min)", "auditor": "Auditeur", "choose": "— choisir —",
        "not_offered": "{id} (hors des référentiels cochés)", "not_in_team": "{id} (hors de l'équipe)",
        "preview": "Aperçu du plan d'audit", "clauses_help": "Les chapitres proposés sont ceux des "
        "référentiels cochés (tous les référentiels tant qu'aucun n'est coché).",
        "no_name": "{item} : écrivez le nom ; la ligne n'est pas enregistrée tant qu'il manque.",
        "no_function": "{item} : indiquez la fonction auditée ; l'entretien n'est pas enregistré "
                       "tant qu'elle manque.",
    },
}


def datetime_field(description: str, value: Any = None) -> widgets.NaiveDatetimePicker:
    """A date and time picker with a visible label (the slot of an interview)."""
    return widgets.NaiveDatetimePicker(value=value, description=description, style=_WIDE)


class PlanStep(StepForm):
    """The audit plan's form, its checks and its preview."""

    topic = "plan"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        case, plan = ctx.session.case, ctx.session.answers.plan
        self.catalogue = catalogue()
        self.functions, self.people, self.processes = functions(case), people(case), processes(case)
        self.holders = {r.nom: r.fonction for r in case.spec.organisation.roles}
        sites = [s.nom for s in case.spec.organisation.sites]
        self.fields: dict[str, widgets.Widget] = {
            "objectifs": area(t("objectives"), plan.objectifs, t("objectives_ph")),
            "champ": area(t("scope"), plan.champ, t("scope_ph")),
            "autres_criteres": area(t("other"), plan.autres_criteres, t("other_ph"), rows=2),
            "date": date_field(t("date"), plan.date),
            "lieu": combo_field(t("place"), plan.lieu, sites),
        }
        self.criteria = {s: checkbox_field(s, s in plan.criteres) for s in STANDARDS}
        for widget in (*self.fields.values(), *self.criteria.values()):
            widget.observe(lambda _c: self._changed(), names="value")
        self.team = RowsEditor(self._member_row, lambda _v: self._changed(),
                               [m.model_dump() for m in plan.equipe],
                               new_row=self._new_member, item_title=t("member"),
                               add_label=t("add_member"), lang=ctx.lang)
        self.interviews = RowsEditor(self._interview_row, lambda _v: self._changed(),
                                     [a.model_dump() for a in plan.entretiens],
                                     new_row=lambda _v: {"duree_min": 60}, item_title=t("interview"),
                                     add_label=t("add_interview"), lang=ctx.lang)
        self._offered = (clause_choices(self.catalogue, self.standards()), self._auditors())
        self.preview = widgets.HTML()
        f = self.fields
        self.layout_with(help_text(t("help")), f["objectifs"], f["champ"], heading(t("criteria")),
                         widgets.HBox(list(self.criteria.values())), f["autres_criteres"], f["date"],
                         f["lieu"], heading(t("team")), self.team, heading(t("interviews")),
                         help_text(t("clauses_help")), self.interviews, heading(t("preview")),
                         self.preview)
        self._redraw()

    # --- rows ------------------------------------------------------------------------------

    def standards(self) -> list[str]:
        return [s for s, box in self.criteria.items() if box.value]

    def _auditors(self) -> list[tuple[str, str]]:
        names = [str(v["nom"]).strip() for v in self.team.values()]
        return [(self.t("choose"), ""), *((n, n) for n in dict.fromkeys(names) if n)]

    def _new_member(self, values: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        return {"role": "auditeur" if any(v["role"] == "responsable d'audit" for v in values)
                else "responsable d'audit"}

    def _member_row(self, data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
        t = self.t
        row = FieldsRow({
            "nom": combo_field(t("name"), str(data.get("nom", "")), self.people, t("name_ph")),
            "fonction": combo_field(t("function"), str(data.get("fonction", "")), self.functions),
            "role": dropdown_field(t("role"), list(TEAM_ROLES), data.get("role", "auditeur"))},
            notify)
        name, function = row.fields["nom"], row.fields["fonction"]

        def known_function(_change: Any) -> None:  # a role holder's function, until one is typed
            if not function.value.strip() and name.value.strip() in self.holders:
                function.value = self.holders[name.value.strip()]

        name.observe(known_function, names="value")
        return row

    def _interview_row(self, data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
        t = self.t
        chosen = [str(c) for c in data.get("clauses", [])]
        clauses = with_missing(clause_choices(self.catalogue, self.standards()), chosen,
                               t("not_offered"))
        auditor = str(data.get("auditeur", ""))
        duration = widgets.BoundedIntText(value=int(data.get("duree_min", 60)), min=5, max=480,
                                          description=t("duration"), style=_WIDE,
                                          layout=widgets.Layout(width="24em"))
        row = FieldsRow({
            "fonction": combo_field(t("auditee"), str(data.get("fonction", "")), self.functions),
            "processus": combo_field(t("process"), str(data.get("processus", "")), self.processes),
            "clauses": multi_field(t("clauses"), clauses, chosen),
            "debut": datetime_field(t("start"), data.get("debut")),
            "duree_min": duration,
            "auditeur": dropdown_field(t("auditor"), with_missing(self._auditors(), [auditor],
                                                                  t("not_in_team")), auditor)},
            notify)
        row.fields["clauses"].rows = 8
        return row

    def _offer(self) -> None:
        """The clauses of the ticked standards and the team's names, offered to every interview."""
        clauses = clause_choices(self.catalogue, self.standards())
        auditors = self._auditors()
        if (clauses, auditors) == self._offered:
            return
        self._offered = (clauses, auditors)
        for row in self.interviews.rows:
            assert isinstance(row, FieldsRow)
            row.offer("clauses", clauses, self.t("not_offered"))
            row.offer("auditeur", auditors, self.t("not_in_team"))

    # --- changes and views -----------------------------------------------------------------

    def _changed(self) -> None:
        t = self.t
        team, interviews = self.team.values(), self.interviews.values()
        empty = [t("no_name", item=t("member", n=n)) for n, v in enumerate(team, 1)
                 if not str(v["nom"]).strip()]
        empty += [t("no_function", item=t("interview", n=n)) for n, v in enumerate(interviews, 1)
                  if not str(v["fonction"]).strip()]
        self._offer()
        if empty:
            self.issues.invalid(" ; ".join(empty))
            return
        f = self.fields
        plan = {**{k: w.value for k, w in f.items()}, "criteres": self.standards(),
                "equipe": team, "entretiens": self.interviews.values()}
        if self.commit({"plan": plan}):
            self._redraw()

    def _redraw(self) -> None:
        self.preview.value = plan_html(self.ctx.session.answers.plan, self.catalogue)

    def current_issues(self) -> list[Issue]:
        return check_plan(self.ctx.session.answers.plan, self.catalogue)
