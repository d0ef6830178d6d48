"""The rules that grade the improvement plan (5-1 to 5-6). Pure."""

from __future__ import annotations

from collections.abc import Callable

from qsecase.case_model import Case
from qsecase.exercises.amelioration.model import AmeliorationAnswers, AmeliorationKey
from qsecase.exercises.shared_rules import pairs
from qsecase.grading.matching import best_match, match_expected
from qsecase.grading.rubric import Outcome
from qsecase.methods.base import Issue
from qsecase.methods.communication import check_support
from qsecase.methods.planning import CycleError, Scheduled, Task, check_tasks, critical_paths, schedule
from qsecase.methods.raci import check_raci
from qsecase.methods.sessions import ACTIVITY_FIT, check_meeting, check_session, objective_kind
from qsecase.methods.tracking import alerts

__all__ = ["OBJECTIVE_PREFIX", "rules"]

OBJECTIVE_PREFIX = "OBJ"
"""The objectives of the QSE policy are the corpus facts ``[OBJ1]``, ``[OBJ2]``…"""


def _errors(issues: list[Issue]) -> list[str]:
    return [i.message for i in issues if i.level == "erreur"]


def _warnings(issues: list[Issue]) -> list[str]:
    return [i.message for i in issues if i.level == "attention"]


def rules(answers: AmeliorationAnswers, key: AmeliorationKey,
          case: Case) -> dict[str, Callable[[], Outcome]]:
    """Named rules of the rubric, each closing over the answers, the key and the case."""
    a, k = answers, key
    objectives = {f for f in case.facts if f.startswith(OBJECTIVE_PREFIX)}
    start = a.debut or case.spec.date_cas

    # expected improvement → the trainee's action that states it
    texts = {x.id: f"{x.titre} — {x.constat}" for x in a.actions}
    mapped_actions: dict[str, str] = {}
    for exp in k.ameliorations:
        found, _ = best_match([exp.libelle, *exp.synonymes], list(texts.values()))
        if found is not None:
            mapped_actions[exp.libelle] = next(i for i, t in texts.items() if t == found)

    # expected task → the trainee's task that names it
    names = {t.id: t.nom for t in a.taches}
    mapped_tasks: dict[str, Task] = {}
    for exp_task in k.taches:
        found, _ = best_match([exp_task.libelle, *exp_task.synonymes], list(names.values()))
        if found is not None:
            mapped_tasks[exp_task.libelle] = next(t for t in a.taches if t.nom == found)

    plan: list[Scheduled] = []
    plan_error = ""
    if a.taches:
        try:
            plan = schedule(a.taches, start)
        except CycleError as exc:
            plan_error = str(exc)
        except ValueError as exc:
            plan_error = str(exc)
    by_id = {s.task.id: s for s in plan}

    def actions_argumentees() -> Outcome:
        found = [e for e in k.ameliorations if e.libelle in mapped_actions]
        argued = [x for x in a.actions if len(x.constat.split()) >= 10 and x.avantages
                  and x.sources and all(f in case.facts for f in x.sources)]
        unknown = sorted({f for x in a.actions for f in x.sources if f not in case.facts})
        notes = [f"Faits cités introuvables dans le corpus : {', '.join(unknown[:8])}."] if unknown else []
        ratio = (0.6 * len(found) / len(k.ameliorations)
                 + 0.4 * (len(argued) / len(a.actions) if a.actions else 0.0))
        return Outcome(ratio, [e.libelle for e in found],
                       [e.libelle for e in k.ameliorations if e not in found], notes)

    def strategie() -> Outcome:
        if not a.actions:
            return Outcome(0.0)
        linked = [x for x in a.actions if x.objectif in objectives]
        right = [e.libelle for e in k.ameliorations if e.libelle in mapped_actions
                 and next(x for x in a.actions if x.id == mapped_actions[e.libelle]).objectif
                 in (e.objectif, *e.autres_objectifs)]
        areas = {b for x in a.actions for b in x.benefices}
        wanted = {b for e in k.ameliorations for b in e.benefices}
        notes = [f"Actions non reliées à un objectif de la politique QSE : "
                 f"{', '.join(x.id for x in a.actions if x not in linked)}."] if len(linked) < len(
                     a.actions) else []
        ratio = (0.4 * len(linked) / len(a.actions) + 0.4 * len(right) / len(k.ameliorations)
                 + 0.2 * len(areas & wanted) / len(wanted))
        return Outcome(ratio, right, [], notes)

    def taches() -> Outcome:
        found = [e.libelle for e in k.taches if e.libelle in mapped_tasks]
        ordered, notes = 0, []
        constraints = [(before, e.libelle) for e in k.taches for before in e.apres]
        for before, after in constraints:
            t1, t2 = mapped_tasks.get(before), mapped_tasks.get(after)
            if t1 and t2 and t1.id in by_id and t2.id in by_id:
                if by_id[t2.id].es >= by_id[t1.id].ef:
                    ordered += 1
                else:
                    notes.append(f"« {t2.nom} » peut commencer avant la fin de « {t1.nom} ».")
        order_ratio = ordered / len(constraints) if constraints else 1.0
        return Outcome(0.7 * len(found) / len(k.taches) + 0.3 * order_ratio, found,
                       [e.libelle for e in k.taches if e.libelle not in mapped_tasks], notes[:5])

    def ordre_delais() -> Outcome:
        if not a.taches:
            return Outcome(0.0)
        if plan_error:
            return Outcome(0.0, notes=[plan_error])
        timed = [t for t in a.taches if t.jalon or t.duree > 0]
        linked = [t for t in a.taches if t.predecesseurs]
        paths = critical_paths(plan)
        # a critical path only means something once the tasks are linked
        ratio = (0.3 * len(timed) / len(a.taches)
                 + 0.5 * min(1.0, len(linked) / max(1, len(a.taches) - 1)) + 0.2 * bool(paths and linked))
        notes = _errors(check_tasks(a.taches))
        return Outcome(ratio - 0.1 * len(notes), notes=notes[:5])

    def jalons() -> Outcome:
        wanted = [e for e in k.taches if e.jalon]
        marked = [e.libelle for e in wanted if e.libelle in mapped_tasks and mapped_tasks[e.libelle].jalon]
        any_jalon = any(t.jalon for t in a.taches)
        ratio = 0.5 * any_jalon + 0.5 * (len(marked) / len(wanted) if wanted else any_jalon)
        return Outcome(ratio, marked, [e.libelle for e in wanted if e.libelle not in marked])

    def raci() -> Outcome:
        if not a.raci:
            return Outcome(0.0)
        ids = [t.id for t in a.taches]
        errors = _errors(check_raci(a.raci, ids))
        actors = {who for line in a.raci for who in line.roles}
        hits = [m.expected for m in match_expected([(p, []) for p in k.parties_prenantes], list(actors))
                if m.found_in]
        ratio = 0.6 * max(0.0, 1 - 0.3 * len(errors)) + 0.4 * len(hits) / len(k.parties_prenantes)
        return Outcome(ratio, hits, [p for p in k.parties_prenantes if p not in hits], errors[:5])

    def planning_accessible() -> Outcome:
        if not a.taches:
            return Outcome(0.0)
        clear = [t for t in a.taches if len(t.nom.split()) >= 2 and t.ressources]
        return Outcome(0.3 * (a.outil is not None) + 0.7 * len(clear) / len(a.taches))

    def suivi_statuts() -> Outcome:
        if not a.taches:
            return Outcome(0.0)
        contradictions = [i.message for i in check_tasks(a.taches) if "avancement" in i.message
                          or "réalisés" in i.message]
        started = any(t.statut != "à faire" for t in a.taches)
        ratio = (0.3 * (a.date_suivi is not None) + 0.4 * started
                 + 0.3 * started * max(0.0, 1 - 0.25 * len(contradictions)))
        return Outcome(ratio, notes=contradictions[:5])

    def alertes() -> Outcome:
        if not plan:
            return Outcome(0.0, notes=[plan_error] if plan_error else [])
        raised = {al.tache for al in alerts(plan, a.date_suivi or k.date_suivi)}
        wanted = [lbl for lbl in k.retards]
        flagged = [lbl for lbl in wanted if lbl in mapped_tasks and mapped_tasks[lbl].id in raised]
        share = len(flagged) / len(wanted) if wanted else 1.0
        return Outcome(0.8 * share + 0.2 * (a.seuil_alerte_jours > 0), flagged,
                       [lbl for lbl in wanted if lbl not in flagged])

    s = a.support

    def support_adapte() -> Outcome:
        kind = s.type in k.supports_adaptes and bool(s.titre or s.texte)
        public = bool(s.public) and (not k.public_support
                                     or best_match([k.public_support], [s.public])[0] is not None)
        hits = [m.expected for m in match_expected(pairs(k.handicap), [s.adaptations]) if m.found_in] \
            if s.adaptations else []
        ratio = 0.3 * kind + 0.25 * public + 0.15 * bool(s.canal) + 0.3 * len(hits) / len(k.handicap)
        return Outcome(ratio, hits, [e.libelle for e in k.handicap if e.libelle not in hits])

    def bonnes_pratiques() -> Outcome:
        if not (s.titre or s.texte):
            return Outcome(0.0)
        if case.spec.charte is None:
            return Outcome(1.0)
        issues = check_support(s, case.spec.charte)
        errors, warnings = _errors(issues), _warnings(issues)
        ratio = 1 - 0.2 * len(errors) - 0.05 * len(warnings)
        # colours that are not declared cannot be checked against the charter and the WCAG
        return Outcome(ratio if s.couleurs else min(ratio, 0.6), notes=(errors + warnings)[:6])

    def messages_cles() -> Outcome:
        written = [*s.messages_cles, s.titre, s.texte]
        hits = [m.expected for m in match_expected(pairs(k.messages_cles), written) if m.found_in]
        concise = 1.0 if 1 <= len(s.messages_cles) <= 5 else 0.0
        ratio = 0.6 * len(hits) / len(k.messages_cles) + 0.2 * concise + 0.2 * bool(s.appel_action)
        return Outcome(ratio, hits, [e.libelle for e in k.messages_cles if e.libelle not in hits])

    session = a.sensibilisation

    def activite_pedagogique() -> Outcome:
        if not session.deroule:
            return Outcome(0.0)
        used = {q.activite for q in session.deroule}
        fits = bool(used & set(k.activites_adaptees))
        kind = objective_kind(session.objectif)
        suits = kind is not None and bool(used & set(ACTIVITY_FIT.get(kind, [])))
        issues = check_session(session)
        errors, warnings = _errors(issues), _warnings(issues)
        ratio = 0.4 * fits + 0.3 * suits + 0.3 * max(0.0, 1 - 0.25 * len(errors) - 0.1 * len(warnings))
        return Outcome(ratio, notes=(errors + warnings)[:5])

    def communication_assertive() -> Outcome:
        return Outcome(1.0 if session.evaluation and session.supports else 0.5 if session.deroule else 0.0)

    def posture() -> Outcome:
        hits = [m.expected for m in match_expected(pairs(k.handicap), [session.adaptations]) if m.found_in] \
            if session.adaptations else []
        return Outcome(0.5 * bool(session.public) + 0.5 * len(hits) / len(k.handicap), hits)

    meeting = a.reunion

    def reunion_structuree() -> Outcome:
        if meeting.type is None and not meeting.ordre_du_jour:
            return Outcome(0.0)
        issues = check_meeting(meeting)
        errors, warnings = _errors(issues), _warnings(issues)
        ratio = (0.3 * (meeting.type in k.reunion_types) + 0.2 * bool(meeting.objectif)
                 + 0.2 * bool(meeting.ordre_du_jour)
                 + 0.3 * max(0.0, 1 - 0.2 * len(errors) - 0.1 * len(warnings)))
        return Outcome(ratio, notes=(errors + warnings)[:5])

    def style_animation() -> Outcome:
        if meeting.style is None:
            return Outcome(0.0)
        hits = [m.expected for m in match_expected(pairs(k.handicap), [meeting.adaptations]) if m.found_in] \
            if meeting.adaptations else []
        notes = [] if meeting.style in k.reunion_styles else [
            "Le style d'animation retenu convient mal à l'objectif de cette réunion."]
        return Outcome(0.6 * (meeting.style in k.reunion_styles) + 0.4 * len(hits) / len(k.handicap),
                       hits, [e.libelle for e in k.handicap if e.libelle not in hits], notes)

    return {f.__name__: f for f in (
        actions_argumentees, strategie, taches, ordre_delais, jalons, raci, planning_accessible,
        suivi_statuts, alertes, support_adapte, bonnes_pratiques, messages_cles, activite_pedagogique,
        communication_assertive, posture, reunion_structuree, style_animation)}
