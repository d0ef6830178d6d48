"""Read-only renderings of the improvement-plan exercise: the trainee's answers of each step
(correction, static HTML) and the answer key of each step (self-study « Voir la solution »).

Both reuse the views of the forms (schedule, Gantt, PERT, RACI, tracking, Kanban, support checks
and preview, timeline) and the same method checks, so that the trainer reads what the trainee saw
while typing.
"""

from __future__ import annotations

from qsecase.case_model import Case
from qsecase.exercises.amelioration.model import AmeliorationAnswers, AmeliorationKey
from qsecase.methods.communication import SUPPORT_KINDS, support_report
from qsecase.methods.improvement import BENEFIT_AREAS, EVIDENCE_KINDS
from qsecase.methods.planning import check_tasks
from qsecase.methods.raci import check_raci
from qsecase.methods.sessions import (
    ACTIVITIES,
    FACILITATION_STYLES,
    MEETING_KINDS,
    check_meeting,
    check_session,
)
from qsecase.methods.tracking import alerts, progress
from qsecase.views import planning_gantt, planning_pert
from qsecase.views.planning_html import kanban_html, raci_html, schedule_html, tracking_html
from qsecase.views.render import figure_to_html
from qsecase.views.report_parts import bullets, checks, date_fr, para, wording
from qsecase.views.support_html import support_html, support_report_html
from qsecase.views.tables import esc, expected_html, table_html
from qsecase.widgets.amelioration_data import (
    action_issues,
    logo_markup,
    objectives,
    plan_schedule,
    stakeholders,
    status_date,
)
from qsecase.widgets.amelioration_planning import TOOLS
from qsecase.widgets.amelioration_reunion import MEETING_ROLES
from qsecase.widgets.amelioration_sensibilisation import timeline_html
from qsecase.widgets.amelioration_support import preview_frame

__all__ = ["KEY_STEPS", "KEY_TITLES", "STEPS", "STEP_TITLES", "answers_step_html",
           "key_step_html"]

STEPS: tuple[str, ...] = ("actions", "planning", "suivi", "support", "sensibilisation", "reunion")
STEP_TITLES: dict[str, str] = {
    "actions": "Actions d'amélioration argumentées",
    "planning": "Planification : tâches, calendrier, RACI",
    "suivi": "Suivi de l'avancement et alertes",
    "support": "Support de communication QSE",
    "sensibilisation": "Séance de sensibilisation",
    "reunion": "Réunion ou groupe de travail",
}
KEY_STEPS: tuple[str, ...] = STEPS
KEY_TITLES: dict[str, str] = dict(STEP_TITLES)


def _actions_html(a: AmeliorationAnswers, case: Case) -> str:
    goals = objectives(case)
    rows = [(x.id, x.titre, x.constat or "—", ", ".join(x.sources) or "—",
             EVIDENCE_KINDS.get(x.nature, x.nature), ", ".join(BENEFIT_AREAS[b] for b in x.benefices)
             or "—", x.avantages or "—",
             f"{x.objectif} — {goals[x.objectif]}" if x.objectif in goals else x.objectif or "—")
            for x in a.actions]
    table = (table_html("Actions d'amélioration", ["Repère", "Action", "Constat", "Faits",
                        "Nature de la preuve", "Bénéfices", "Avantages", "Objectif QSE"], rows,
                        row_headers=True) if rows else "<p>Aucune action proposée.</p>")
    return table + checks(action_issues(a.actions, case))


def _planning_html(a: AmeliorationAnswers, case: Case) -> str:
    scheduled, error = plan_schedule(a, case)
    head = (para("Date de début", date_fr(a.debut)) + para("Outil", TOOLS.get(a.outil or "", "")))
    issues = check_tasks(a.taches)  # the RACI checks come with raci_html
    if a.taches and not a.raci:
        issues += check_raci(a.raci, [t.id for t in a.taches], stakeholders(case))
    if error:
        body = f"<p><strong>✖ Le calendrier ne peut pas être calculé : {esc(error)}</strong></p>"
    elif not scheduled:
        body = "<p>Aucune tâche planifiée.</p>"
    else:
        body = (para("Plan", planning_gantt.plan_span(scheduled))
                + para("Chemin critique", planning_gantt.paths_text(scheduled)) + schedule_html(scheduled)
                + figure_to_html(planning_gantt.gantt(scheduled), planning_gantt.gantt_alt(scheduled))
                + figure_to_html(planning_pert.pert(scheduled), planning_pert.pert_alt(scheduled))
                + raci_html(a.raci, a.taches))
    return head + body + checks(issues)


def _suivi_html(a: AmeliorationAnswers, case: Case) -> str:
    scheduled, error = plan_schedule(a, case)
    today = status_date(a, case)
    head = (para("Date du point d'avancement", date_fr(today))
            + para("Seuil d'alerte", f"{a.seuil_alerte_jours} jours avant l'échéance"))
    if error:
        return head + f"<p><strong>✖ Le suivi ne peut pas être calculé : {esc(error)}</strong></p>"
    raised = alerts(scheduled, today, a.seuil_alerte_jours)
    return head + tracking_html(progress(scheduled), raised, today) + kanban_html(scheduled)


def _support_html(a: AmeliorationAnswers, case: Case) -> str:
    s, chart = a.support, case.spec.charte
    head = (para("Type", SUPPORT_KINDS.get(s.type, s.type)) + para("Titre", s.titre)
            + para("Public", s.public) + para("Canal", s.canal) + "<p><strong>Messages clés :</strong></p>"
            + bullets(s.messages_cles) + para("Appel à l'action", s.appel_action)
            + para("Adaptations", s.adaptations))
    if chart is None:
        return head
    page = support_html(s, chart, case.spec.organisation.nom, logo_markup=logo_markup(case))
    return (head + support_report_html(support_report(s, chart))
            + preview_frame(page, "Aperçu du support de communication"))


def _session_html(a: AmeliorationAnswers) -> str:
    s = a.sensibilisation
    return (para("Thème", s.theme) + para("Public", s.public) + para("Objectif pédagogique", s.objectif)
            + timeline_html(list(s.deroule)) + para("Évaluation", s.evaluation)
            + para("Supports", s.supports) + para("Adaptations", s.adaptations)
            + checks(check_session(s)))


def _meeting_html(a: AmeliorationAnswers) -> str:
    m = a.reunion
    rows = [(str(n), i.sujet, f"{i.duree_min} min", i.porteur or "—")
            for n, i in enumerate(m.ordre_du_jour, 1)]
    agenda = (table_html("Ordre du jour", ["Point", "Sujet", "Durée", "Porteur"], rows,
                         row_headers=True) if rows else "<p>Pas d'ordre du jour.</p>")
    roles = [f"{MEETING_ROLES.get(k, k)} : {v}" for k, v in m.roles.items()]
    return (para("Type", MEETING_KINDS.get(m.type or "", "")) + para("Objectif", m.objectif)
            + "<p><strong>Participants :</strong></p>" + bullets(m.participants) + agenda
            + para("Durée prévue", f"{m.duree_min} min" if m.duree_min else "")
            + para("Style d'animation", FACILITATION_STYLES.get(m.style or "", ""))
            + "<p><strong>Rôles :</strong></p>" + bullets(roles)
            + para("Adaptations", m.adaptations) + para("Suites", m.suites) + checks(check_meeting(m)))


def answers_step_html(step: str, answers: AmeliorationAnswers, case: Case) -> str:
    """The trainee's answers of one step, read-only, under an ``<h3>`` heading."""
    bodies = {"actions": lambda: _actions_html(answers, case),
              "planning": lambda: _planning_html(answers, case),
              "suivi": lambda: _suivi_html(answers, case),
              "support": lambda: _support_html(answers, case),
              "sensibilisation": lambda: _session_html(answers),
              "reunion": lambda: _meeting_html(answers)}
    body = bodies[step]()
    return (f'<section lang="fr"><h3>Réponses du stagiaire — {esc(STEP_TITLES[step])}</h3>'
            f"{body}</section>")


def key_step_html(step: str, key: AmeliorationKey, case: Case) -> str:
    """What the answer key expects for one step (self-study « Voir la solution »)."""
    k, goals = key, objectives(case)
    if step == "actions":
        rows = [(wording(e), ", ".join(e.faits), f"{e.objectif} — {goals.get(e.objectif, '')}",
                 ", ".join(BENEFIT_AREAS[b] for b in e.benefices)) for e in k.ameliorations]
        body = table_html("Améliorations attendues", ["Amélioration", "Faits", "Objectif QSE",
                          "Bénéfices"], rows, row_headers=True)
    elif step == "planning":
        tasks = [(wording(e), "oui" if e.jalon else "non", " ; ".join(e.apres) or "—")
                 for e in k.taches]
        body = (table_html("Tâches attendues", ["Tâche", "Jalon", "Après"], tasks, row_headers=True)
                + "<p><strong>Parties prenantes à associer (RACI) :</strong></p>"
                + bullets(k.parties_prenantes)
                + ("<p><strong>Responsables attendus :</strong></p>" + bullets(k.responsables)
                   if k.responsables else ""))
    elif step == "suivi":
        body = (para("Date du point d'avancement", date_fr(k.date_suivi))
                + "<p><strong>Tâches en retard à cette date, d'après le corpus :</strong></p>"
                + bullets(k.retards))
    elif step == "support":
        body = ("<p><strong>Supports adaptés :</strong></p>"
                + bullets([SUPPORT_KINDS[s] for s in k.supports_adaptes])
                + (para("Public", k.public_support) if k.public_support else "")
                + "<p><strong>Messages clés :</strong></p>" + expected_html(k.messages_cles))
    elif step == "sensibilisation":
        body = ("<p><strong>Activités adaptées :</strong></p>"
                + bullets([ACTIVITIES[x] for x in k.activites_adaptees])
                + "<p><strong>Adaptations au handicap attendues :</strong></p>"
                + expected_html(k.handicap))
    elif step == "reunion":
        body = ("<p><strong>Types de réunion adaptés :</strong></p>"
                + bullets([MEETING_KINDS[x] for x in k.reunion_types])
                + "<p><strong>Styles d'animation adaptés :</strong></p>"
                + bullets([FACILITATION_STYLES[x] for x in k.reunion_styles]))
    else:
        raise KeyError(step)
    return f'<section lang="fr"><h3>Solution — {esc(KEY_TITLES[step])}</h3>{body}</section>'
