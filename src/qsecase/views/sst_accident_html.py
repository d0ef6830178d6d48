"""Read-only HTML of the SST follow-up and accident-analysis exercise: the trainee's answers step by
step with their figures (register, PPE matrix, cause tree, indicators, each with its alt text), the
method checks, and the answer key revealed one step at a time.

Used by the widgets (live tables and figures) and by the notebook in correction and self-study.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from qsecase.case_model import Case
from qsecase.exercises.sst_accident import corpus_data
from qsecase.exercises.sst_accident.model import IndicatorKey, SafetyEvent, SstAccidentAnswers, SstAccidentKey
from qsecase.methods.accident_rates import (
    DECIMALS,
    INDICATOR_LABELS,
    Indicator,
    IndicatorValue,
    check_values,
    compare,
)
from qsecase.methods.base import Issue
from qsecase.methods.cause_tree import CauseTree, TreeFact, TreeLink, check_tree
from qsecase.methods.ppe import PpeSummary, ppe_issues, ppe_summary
from qsecase.methods.prevention_plan import (
    ACTOR_LABELS,
    LEVEL_LABELS,
    ActorTask,
    ProtectionAction,
    SimpleAction,
    check_actors,
    check_plan,
)
from qsecase.methods.qqoqcp import LABELS, QUESTIONS
from qsecase.methods.sst_register import RegisterEntry, RegisterLine, reminders
from qsecase.views import accident_chart, cause_tree_view, ppe_view
from qsecase.views.palette import fr_number
from qsecase.views.render import figure_to_html
from qsecase.views.sst_register_view import register_html
from qsecase.views.tables import cell_text, esc, expected_html, issues_html, qqoqcp_html, table_html

__all__ = ["EVENT_LABELS", "KEY_STEPS", "KEY_TITLES", "STEPS", "STEP_TITLES", "answers_step_html",
           "comparison_html", "key_step_html", "key_tree", "plan_html", "plan_issues", "ppe_html",
           "register_view_html", "tree_html"]

STEPS: tuple[str, ...] = ("registre", "epi", "qqoqcp", "arbre", "plan", "acteurs", "indicateurs")
STEP_TITLES: dict[str, str] = {
    "registre": "Outil de suivi des obligations SST",
    "epi": "Contrôle du port des EPI sur le terrain",
    "qqoqcp": "Recueil des faits de l'accident (QQOQCP)", "arbre": "Arbre des causes",
    "plan": "Plan de protection et de prévention", "acteurs": "Déploiement : rôle des acteurs",
    "indicateurs": "Indicateurs et efficacité des actions",
}
KEY_STEPS: tuple[str, ...] = STEPS
KEY_TITLES: dict[str, str] = dict(STEP_TITLES)
EVENT_LABELS: dict[str, str] = {
    "declaration_at": "Déclaration d'accident du travail (sous 48 h)",
    "registre_accidents_benins": "Registre des accidents bénins",
    "registre_dgi": "Registre des dangers graves et imminents",
    "fiche_presqu_accident": "Fiche de presqu'accident (remontée de terrain)",
}
TOLERANCE_PCT: float = IndicatorKey.model_fields["tolerance_pct"].default
"""Tolerance of the computed indicators when no key is loaded (the key's default)."""
MAX_REMINDERS = 25


def _p(label: str, text: str) -> str:
    return f"<p><strong>{esc(label)} :</strong> {esc(text) or '—'}</p>"


def _table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[object]],
           empty: str) -> str:
    """A table whose first column heads its rows, or the paragraph ``empty`` without rows."""
    return table_html(caption, headers, rows, row_headers=True) if rows else f"<p>{esc(empty)}</p>"


def _checks(issues: Sequence[Issue]) -> str:
    """The method checks the trainee saw while typing, for the trainer's reading."""
    return f"<h4>Contrôles de méthode</h4>{issues_html(issues)}" if issues else ""


def _reminders_html(lines: Sequence[RegisterLine], days: Sequence[int]) -> str:
    if not days:
        return "<p>Aucune alerte programmée.</p>"
    alerts = reminders(lines, days)
    rows = [(r.date, r.line.entry.objet, r.line.rule.libelle if r.line.rule else r.line.entry.regle,
             r.line.due, f"J-{r.days_before}" if r.days_before >= 0
             else f"dépassée de {-r.days_before} j") for r in alerts[:MAX_REMINDERS]]
    more = (f"<p><em>{MAX_REMINDERS} premières alertes affichées sur {len(alerts)}.</em></p>"
            if len(alerts) > MAX_REMINDERS else "")
    days_text = ", ".join(str(d) for d in sorted(days, reverse=True))
    return _table(f"Alertes programmées ({days_text} jours avant l'échéance)",
                  ["Date de l'alerte", "Objet", "Obligation", "Échéance", "Délai"], rows,
                  "Aucune alerte à programmer.") + more


def register_view_html(answers: SstAccidentAnswers, case: Case) -> str:
    """The register with the due dates and statuses qsecase computes, then the reminders."""
    lines = corpus_data.register_lines(answers.registre, case)
    return register_html(lines) + _reminders_html(lines, answers.rappels_jours)


def _events_html(events: Sequence[SafetyEvent], case: Case) -> str:
    rows = [(e.evenement, case.facts[e.evenement].text if e.evenement in case.facts
             else "(fait introuvable dans le corpus)", EVENT_LABELS[e.enregistrement],
             e.commentaire or "—") for e in events]
    return _table("Événements de sécurité reportés", ["Fait", "Événement", "Enregistrement",
                  "Commentaire"], rows, "Aucun événement de sécurité reporté.")


def ppe_html(summary: PpeSummary) -> str:
    """The station × PPE matrix of the case's observations (with its alt text)."""
    return figure_to_html(ppe_view.ppe_figure(summary), ppe_view.ppe_alt_text(summary))


def tree_html(tree: CauseTree) -> str:
    """The cause tree (with its alt text), or a hint while it has no fact."""
    if not tree.faits:
        return "<p><em>Ajoutez des faits, en commençant par le fait ultime (la lésion).</em></p>"
    return figure_to_html(cause_tree_view.cause_tree_figure(tree),
                          cause_tree_view.cause_tree_alt_text(tree))


def plan_issues(answers: SstAccidentAnswers, case: Case) -> list[Issue]:
    """The plan's checks against the root causes and facts of the trainee's tree."""
    tree = answers.arbre
    return check_plan(answers.plan, [f.id for f in tree.faits if f.cause_racine],
                      today=case.spec.date_cas, fact_ids={f.id for f in tree.faits})


def plan_html(plan: Sequence[ProtectionAction]) -> str:
    """The protection plan, one row per action with its milestones."""
    if not plan:
        return "<p>Aucune action renseignée.</p>"
    rows = []
    for a in plan:
        jalons = "".join(f"<li>{cell_text(m.date)} : {esc(m.libelle)}</li>" for m in a.jalons)
        rows.append((esc(a.id), esc(a.description), esc(", ".join(a.causes) or "—"),
                     esc(LEVEL_LABELS[a.niveau]), "oui" if a.immediate else "non",
                     esc(a.responsable or "—"),
                     esc(", ".join(ACTOR_LABELS[r] for r in a.acteurs) or "—"),
                     f"<ul>{jalons}</ul>" if jalons else "—", esc(cell_text(a.echeance) or "—")))
    return table_html("Plan de protection et de prévention",
                      ["Id", "Action", "Causes traitées", "Niveau de prévention", "Immédiate",
                       "Responsable", "Acteurs", "Jalons", "Échéance"], rows, row_headers=True,
                      raw=True)


def _actors_html(tasks: Sequence[ActorTask], simple: Sequence[SimpleAction]) -> str:
    return (_table("Rôle des acteurs", ["Acteur", "Fonction", "Tâches", "Date", "Actions"],
                   [(ACTOR_LABELS[t.acteur], t.fonction or "—", t.taches, t.date or "—",
                     ", ".join(t.actions) or "—") for t in tasks],
                   "Aucune tâche d'acteur renseignée.")
            + _table("Actions simples menées par le stagiaire", ["Action", "Modalités"],
                     [(x.description, x.modalites or "—") for x in simple],
                     "Aucune action simple."))


def _num(value: float, indicator: str) -> str:
    return fr_number(value, DECIMALS[indicator])


def comparison_html(before: str, after: str, values: Mapping[str, Mapping[Indicator, float]],
                    caption: str) -> str:
    """The before / after chart of ``values[before]`` and ``values[after]`` (with alt text)."""
    changes = compare(values[before], values[after])
    national = accident_chart.national_references()
    fig = accident_chart.indicator_comparison_figure(changes, national, before_label=before,
                                                     after_label=after)
    alt = accident_chart.indicator_comparison_alt_text(changes, national, before_label=before,
                                                       after_label=after)
    return f"<h4>{esc(caption)}</h4>" + figure_to_html(fig, alt)


def _indicators_html(declared: Sequence[IndicatorValue], case: Case) -> str:
    computed = corpus_data.computed_values(case)
    rows = []
    for v in declared:
        expected = computed.get(v.periode, {}).get(v.indicateur)
        wrong = check_values([v], computed, TOLERANCE_PCT)
        status = "✖ écart" if wrong else "✔ conforme"
        rows.append((v.periode, f"{INDICATOR_LABELS[v.indicateur]} ({v.indicateur})",
                     _num(v.valeur, v.indicateur),
                     "—" if expected is None else _num(expected, v.indicateur), status))
    table = _table("Indicateurs déclarés et valeurs calculées par qsecase",
                   ["Période", "Indicateur", "Valeur déclarée", "Valeur calculée", "Statut"],
                   rows, "Aucun indicateur déclaré.")
    periods = [p for p in computed if any(v.periode == p for v in declared)] or list(computed)
    chart = (comparison_html(periods[0], periods[-1], computed, "Valeurs calculées par qsecase")
             if len(periods) > 1 else "")
    return table + chart + _checks(check_values(list(declared), computed, TOLERANCE_PCT))


def _verdicts_html(verdicts: Sequence[tuple[str, bool, str]], case: Case) -> str:
    """``(action, effective, justification)`` beside the text of the plan's action."""
    actions = {**corpus_data.plan_actions(case), "plan": "Ensemble du plan"}
    rows = [(a, actions.get(a, "(action inconnue)"), "✔ efficace" if ok else "✖ non efficace",
             why or "—") for a, ok, why in verdicts]
    return _table("Efficacité des actions du plan SST", ["Action", "Libellé", "Avis",
                  "Justification"], rows, "Aucun avis sur l'efficacité des actions.")


# --- steps ------------------------------------------------------------------------------------------


def answers_step_html(step: str, answers: SstAccidentAnswers, case: Case) -> str:
    """The trainee's answers of one step, read-only, under an ``<h3>`` heading."""
    a = answers
    if step == "registre":
        body = (register_view_html(a, case) + _events_html(a.evenements, case)
                + _checks(corpus_data.register_issues(a.registre, case)))
    elif step == "epi":
        gaps = [(g.poste, g.epi, g.constat or "—", g.action or "—", ", ".join(g.faits) or "—")
                for g in a.epi.ecarts]
        rate = "—" if a.epi.taux_conformite is None else f"{fr_number(a.epi.taux_conformite)} %"
        summary = ppe_summary(*corpus_data.ppe_inputs(case))
        body = (_table("Écarts déclarés", ["Poste", "EPI", "Constat", "Action", "Faits"], gaps,
                       "Aucun écart déclaré.")
                + _p("Postes jamais observés", ", ".join(a.epi.postes_non_observes))
                + _p("Taux de conformité déclaré", rate) + _p("Commentaire", a.epi.commentaire)
                + ppe_html(summary) + _checks(ppe_issues(a.epi.ecarts, summary)))
    elif step == "qqoqcp":
        body = qqoqcp_html(a.qqoqcp)
    elif step == "arbre":
        body = tree_html(a.arbre) + _checks(check_tree(a.arbre, corpus_data.known_sources(case)))
    elif step == "plan":
        body = plan_html(a.plan) + _checks(plan_issues(a, case))
    elif step == "acteurs":
        body = _actors_html(a.acteurs, a.actions_simples) + _checks(check_actors(a.acteurs, a.plan))
    elif step == "indicateurs":
        labels = corpus_data.plan_actions(case)
        effects = [e for v in a.verdicts if (e := v.effect(labels.get(v.action, v.action)))]
        body = (_indicators_html(a.indicateurs, case) + _verdicts_html(
            [(v.action, v.efficace, v.justification) for v in a.verdicts], case)
            + accident_chart.action_effects_html(effects))
    else:
        raise KeyError(step)
    return (f'<section lang="fr"><h3>Réponses du stagiaire — {esc(STEP_TITLES[step])}</h3>'
            f"{body}</section>")


def key_tree(key: SstAccidentKey) -> CauseTree:
    """The expected facts of the key as a cause tree (root causes marked)."""
    return CauseTree(faits=[TreeFact(id=f.id, texte=f.libelle, cause_racine=f.racine)
                            for f in key.faits],
                     liens=[TreeLink(antecedent=f.id, consequence=c)
                            for f in key.faits for c in f.antecedent_de])


def key_step_html(step: str, key: SstAccidentKey, case: Case) -> str:
    """What the answer key expects for one step (self-study « Voir la solution »)."""
    k = key
    if step == "registre":
        dates = corpus_data.last_dates(case)
        entries = [RegisterEntry(regle=e.regle, objet=e.objet,
                                 derniere_date=dates.get((e.regle, e.objet))) for e in k.registre]
        lines = corpus_data.register_lines(entries, case, today=k.date_analyse)
        events = [(f, case.facts[f].text if f in case.facts else "", EVENT_LABELS.get(r, r))
                  for f, r in k.evenements.items()]
        body = (register_html(lines) + _reminders_html(lines, k.rappels_jours)
                + _table("Événements de sécurité et enregistrement attendu",
                         ["Fait", "Événement", "Enregistrement"], events, ""))
    elif step == "epi":
        gaps = [(g.poste, g.epi) for g in k.epi_ecarts]
        body = (_table("Écarts attendus", ["Poste", "EPI"], gaps, "")
                + _p("Postes jamais observés", ", ".join(k.postes_non_observes))
                + ppe_html(ppe_summary(*corpus_data.ppe_inputs(case))))
    elif step == "qqoqcp":
        body = "".join(f"<h4>{esc(LABELS[q])}</h4>{expected_html(k.qqoqcp[q])}"  # type: ignore[index]
                       for q in QUESTIONS if k.qqoqcp.get(q))  # type: ignore[call-overload]
    elif step == "arbre":
        facts = [(f.id, f.libelle, "oui" if f.racine else "", ", ".join(f.antecedent_de) or "—")
                 for f in k.faits]
        body = (_p("Fait ultime", k.fait_ultime.libelle) + tree_html(key_tree(k))
                + _table("Faits attendus", ["Id", "Fait", "Cause racine", "Antécédent de"], facts,
                         ""))
    elif step == "plan":
        texts = {f.id: f.libelle for f in k.faits}
        body = "".join(f"<h4>Cause racine {esc(p.cause)} — {esc(texts.get(p.cause, ''))}</h4>"
                       f"{expected_html(p.exemples)}" for p in k.plan)
    elif step == "acteurs":
        body = "<ul>" + "".join(f"<li>{esc(ACTOR_LABELS[r])}</li>" for r in k.acteurs) + "</ul>"
    elif step == "indicateurs":
        ind, computed = k.indicateurs, corpus_data.computed_values(case)
        rows = [(p, f"{INDICATOR_LABELS[i]} ({i})", _num(computed[p][i], i))
                for p in (ind.avant, ind.apres) if p in computed for i in ind.indicateurs]
        chart = (comparison_html(ind.avant, ind.apres, computed, "Avant et après les actions")
                 if ind.avant in computed and ind.apres in computed else "")
        body = (_table("Valeurs attendues", ["Période", "Indicateur", "Valeur"], rows, "") + chart
                + _verdicts_html([(a, ok, "") for a, ok in ind.efficacite.items()], case))
    else:
        raise KeyError(step)
    return f'<section lang="fr"><h3>Solution — {esc(KEY_TITLES[step])}</h3>{body}</section>'
