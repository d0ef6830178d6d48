"""Read-only HTML of the process-map and quality-risk exercise (AMDEC or HACCP): the trainee's
answers step by step with their figures (process map, IPR Pareto, effectiveness chart, each with
its alt text), the method checks, and the answer key revealed one step at a time.

Used by the widgets (live figures and tables) and by the notebook in correction and self-study.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qsecase.case_model import Case
from qsecase.exercises.risques_qualite.model import (
    EffectReading,
    RiskAction,
    RisquesQualiteAnswers,
    RisquesQualiteKey,
)
from qsecase.methods import haccp
from qsecase.methods.base import Issue
from qsecase.methods.briefs import AUDIENCE_LABELS, CHANNEL_LABELS, Brief, check_briefs
from qsecase.methods.effectiveness import check_criteria, evaluate
from qsecase.methods.fmea import (
    FmeaRow,
    FmeaThresholds,
    action_priority,
    check_fmea,
    ipr,
    ipr_after,
    priority,
    rank,
)
from qsecase.methods.process_map import TYPE_LABELS, ProcessMap, check_map
from qsecase.views import effectiveness_view, fmea_view, process_map_view
from qsecase.views.haccp_view import decision_path_html, haccp_plan_html
from qsecase.views.render import figure_to_html
from qsecase.views.tables import cell_text, esc, expected_html, issues_html, table_html

__all__ = [
    "ACTION_TYPE_LABELS",
    "KEY_STEPS",
    "KEY_TITLES",
    "METHOD_HINTS",
    "STEPS",
    "STEP_TITLES",
    "answers_step_html",
    "brief_html",
    "briefs_issues",
    "corpus_activities",
    "effectiveness_html",
    "flow_steps",
    "fmea_html",
    "fmea_table_html",
    "haccp_issues",
    "key_step_html",
    "map_html",
    "map_issues",
]

STEPS: tuple[str, ...] = ("cartographie", "amdec", "haccp", "actions", "fiches", "efficacite")
STEP_TITLES: dict[str, str] = {
    "cartographie": "Cartographie des processus",
    "amdec": "Analyse des risques par l'AMDEC",
    "haccp": "Analyse des dangers par la méthode HACCP",
    "actions": "Actions issues de l'analyse des risques",
    "fiches": "Explication des objectifs aux acteurs",
    "efficacite": "Mesure de l'efficacité des actions",
}
METHOD_HINTS: dict[str, str] = {
    "amdec": "AMDEC : pour un procédé de fabrication ou un service (industrie, mécanique…), "
             "on cote les modes de défaillance possibles.",
    "haccp": "HACCP : pour la sécurité des aliments (agroalimentaire, restauration), on analyse "
             "les dangers biologiques, chimiques, physiques et allergènes.",
}
KEY_STEPS: tuple[str, ...] = STEPS
KEY_TITLES: dict[str, str] = dict(STEP_TITLES)
ACTION_TYPE_LABELS: dict[str, str] = {"preventive": "Préventive", "surveillance": "Surveillance",
                                      "corrective": "Corrective"}
ACTIVITIES_DOC, FLOW_DOC = "activites", "diagramme-fabrication"
_FLOW_STEP = re.compile(r"^\s*\d+\.\s+\*\*(.+?)\.?\*\*", re.MULTILINE)


def _p(label: str, text: str) -> str:
    return f"<p><strong>{esc(label)} :</strong> {esc(text) or '—'}</p>"


def _table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[object]],
           empty: str) -> str:
    return table_html(caption, headers, rows, row_headers=True) if rows else f"<p>{esc(empty)}</p>"


def _checks(issues: Sequence[Issue]) -> str:
    return f"<h4>Contrôles de méthode</h4>{issues_html(issues)}" if issues else ""


# --- corpus ---------------------------------------------------------------------------------------


def corpus_activities(case: Case) -> list[str] | None:
    """The activities described in the corpus document ``activites`` (its facts), else None."""
    if not any(d.id == ACTIVITIES_DOC for d in case.spec.documents):
        return None
    return [f.text for f in case.facts.values() if f.document == ACTIVITIES_DOC] or None


def flow_steps(case: Case) -> list[str]:
    """The steps of the flow diagram (``1. **Réception.**`` lines), empty without one."""
    return [m.strip() for m in _FLOW_STEP.findall(case.texts.get(FLOW_DOC, ""))]


# --- process map ----------------------------------------------------------------------------------


def map_issues(pmap: ProcessMap, case: Case) -> list[Issue]:
    """:func:`check_map` with the case's activities when the corpus describes them."""
    return check_map(pmap, corpus_activities(case))


def map_html(pmap: ProcessMap) -> str:
    """The process map figure (with its alt text), or a hint while it has no process."""
    if not pmap.processus:
        return "<p><em>Ajoutez des processus pour voir la cartographie.</em></p>"
    return figure_to_html(process_map_view.process_map_figure(pmap),
                          process_map_view.process_map_alt_text(pmap))


def _sipoc_html(pmap: ProcessMap) -> str:
    rows = [(p.id, p.nom, TYPE_LABELS[p.type], p.pilote or "—", "; ".join(p.fournisseurs) or "—",
             "; ".join(p.entrees) or "—", "; ".join(p.activites) or "—",
             "; ".join(p.sorties) or "—", "; ".join(p.clients) or "—") for p in pmap.processus]
    links = [(x.de, x.vers, x.flux or "—") for x in pmap.liens]
    return (_table("Processus (SIPOC)", ["Id", "Processus", "Famille", "Pilote", "Fournisseurs",
                   "Entrées", "Activités", "Sorties", "Clients"], rows, "Aucun processus.")
            + _table("Interactions", ["De", "Vers", "Flux"], links, "Aucune interaction."))


# --- AMDEC ----------------------------------------------------------------------------------------


def fmea_table_html(rows: Sequence[FmeaRow], thresholds: FmeaThresholds | None = None) -> str:
    """The AMDEC sorted by IPR (highest first) with priority words, AP and IPR after action."""
    body = []
    for r in rank(rows).by_ipr:
        after = ipr_after(r)
        body.append((r.id or "—", r.etape, r.mode or "—", r.effet or "—", r.cause or "—",
                     f"{r.g} / {r.o} / {r.d}", ipr(r), priority(r, thresholds).level,
                     action_priority(r.g, r.o, r.d), r.actions or "—",
                     "—" if after is None else after))
    return _table("AMDEC classée par IPR décroissant",
                  ["Id", "Étape", "Mode de défaillance", "Effet", "Cause", "G / O / D", "IPR",
                   "Priorité", "AP", "Actions", "IPR après"], body, "Aucun mode de défaillance.")


def fmea_html(rows: Sequence[FmeaRow], thresholds: FmeaThresholds | None = None) -> str:
    """The IPR Pareto chart (with its alt text), empty without rows."""
    if not rows:
        return ""
    return figure_to_html(fmea_view.ipr_figure(rows, thresholds),
                          fmea_view.ipr_alt_text(rows, thresholds))


# --- HACCP ----------------------------------------------------------------------------------------


def haccp_issues(answers: RisquesQualiteAnswers, case: Case) -> list[Issue]:
    """Hazard analysis checks (against the case's flow diagram, if any) and CCP plan checks."""
    steps = flow_steps(case)
    issues = haccp.check_hazard_analysis(steps, answers.haccp_dangers) if steps else []
    if answers.haccp_decisions or answers.haccp_plan:
        issues += haccp.check_ccp_plan(answers.haccp_plan, answers.haccp_decisions)
    return issues


def hazards_html(hazards: Sequence[haccp.Hazard]) -> str:
    """The hazard analysis table."""
    rows = [(h.id, h.etape, haccp.HAZARD_TYPE_LABELS[h.type], h.danger, h.cause or "—",
             h.mesures_maitrise or "—", cell_text(h.gravite) or "—",
             cell_text(h.probabilite) or "—") for h in hazards]
    return _table("Analyse des dangers", ["Id", "Étape", "Type", "Danger", "Cause",
                  "Mesures de maîtrise", "Gravité", "Probabilité"], rows, "Aucun danger analysé.")


def decisions_html(paths: Sequence[haccp.DecisionPath]) -> str:
    if not paths:
        return "<p>Aucun arbre de décision appliqué.</p>"
    return "".join(decision_path_html(p, title=f"Danger {p.ref_danger}") for p in paths)


# --- actions, briefs, effectiveness ---------------------------------------------------------------


def actions_html(actions: Sequence[RiskAction]) -> str:
    rows = [(a.id, a.description, ACTION_TYPE_LABELS[a.type], ", ".join(a.risques) or "—",
             a.responsable or "—", cell_text(a.echeance) or "—") for a in actions]
    return _table("Actions issues de l'analyse des risques", ["Id", "Action", "Type",
                  "Risques traités", "Responsable", "Échéance"], rows, "Aucune action.")


def briefs_issues(answers: RisquesQualiteAnswers) -> list[Issue]:
    """:func:`check_briefs` against the trainee's actions (no audience required without key)."""
    if not answers.fiches:
        return []
    return check_briefs(answers.fiches, [a.id for a in answers.actions], ())


def brief_html(brief: Brief, actions: Sequence[RiskAction]) -> str:
    """A compact, link-free preview of one brief."""
    title = next((a.description for a in actions if a.id == brief.action), brief.action)
    rows = [("Objectif", brief.objectif), ("Pourquoi", brief.message or "—"),
            ("À retenir", "; ".join(brief.points_cles) or "—"),
            ("À faire", brief.a_faire or "—"), ("Échéance", cell_text(brief.echeance) or "—"),
            ("Contact", brief.contact or "—")]
    caption = (f"{brief.action} — {title} · pour : {AUDIENCE_LABELS[brief.public]} · "
               f"{CHANNEL_LABELS[brief.canal]}")
    return table_html(caption, ["Rubrique", "Contenu"], rows, row_headers=True)


def effectiveness_html(answers: RisquesQualiteAnswers) -> str:
    """Verdicts computed by qsecase beside the trainee's readings, and the chart."""
    items = evaluate(answers.criteres, answers.mesures)
    rows = [(it.criterion.action, it.criterion.indicateur or "—",
             str(it.verdict) if it.verdict else "non évaluable (cible ou mesure absente)")
            for it in items]
    chart = (figure_to_html(effectiveness_view.effectiveness_figure(items),
                            effectiveness_view.effectiveness_alt_text(items)) if items else "")
    return (_table("Verdicts calculés par qsecase", ["Action", "Indicateur", "Verdict"], rows,
                   "Aucun critère d'efficacité.") + chart)


def readings_html(readings: Sequence[EffectReading]) -> str:
    rows = [(r.action, r.verdict, r.justification or "—") for r in readings]
    return _table("Avis du stagiaire sur les actions du corpus", ["Action", "Verdict",
                  "Justification"], rows, "Aucun avis.")


# --- steps ----------------------------------------------------------------------------------------


def answers_step_html(step: str, answers: RisquesQualiteAnswers, case: Case) -> str:
    """The trainee's answers of one step, read-only, under an ``<h3>`` heading."""
    a = answers
    if step == "cartographie":
        body = (_p("Démarche", a.demarche) + map_html(a.cartographie)
                + _sipoc_html(a.cartographie) + _checks(map_issues(a.cartographie, case)))
    elif step == "amdec":
        limits = case.spec.amdec_thresholds()
        body = (fmea_table_html(a.amdec, limits) + fmea_html(a.amdec, limits)
                + (_checks(check_fmea(a.amdec)) if a.amdec else ""))
    elif step == "haccp":
        body = (hazards_html(a.haccp_dangers) + decisions_html(a.haccp_decisions)
                + (haccp_plan_html(a.haccp_plan) if a.haccp_plan else "<p>Aucun plan HACCP.</p>")
                + _checks(haccp_issues(a, case)))
    elif step == "actions":
        body = actions_html(a.actions)
    elif step == "fiches":
        body = ("".join(brief_html(b, a.actions) for b in a.fiches)
                or "<p>Aucune fiche.</p>") + _checks(briefs_issues(a))
    elif step == "efficacite":
        body = (effectiveness_html(a) + readings_html(a.lectures)
                + (_checks(check_criteria(a.criteres)) if a.criteres else ""))
    else:
        raise KeyError(step)
    return (f'<section lang="fr"><h3>Réponses du stagiaire — {esc(STEP_TITLES[step])}</h3>'
            f"{body}</section>")


def key_step_html(step: str, key: RisquesQualiteKey, case: Case) -> str:
    """What the answer key expects for one step (self-study « Voir la solution »)."""
    k = key
    method = f"<p><strong>Méthode attendue :</strong> {esc(k.methode.upper())}</p>"
    if step == "cartographie":
        procs = "".join(f"<h4>{esc(TYPE_LABELS[p.type])}</h4>{expected_html([p])}"
                        for p in k.processus)
        body = (procs + "<h4>Activités à couvrir</h4><ul>"
                + "".join(f"<li>{esc(x)}</li>" for x in k.activites) + "</ul>")
    elif step == "amdec":
        rows = [(f.id, f.etape, f.libelle, f"{f.g} / {f.o} / {f.d}", f.g * f.o * f.d,
                 f.fonctionnement, ", ".join(f.faits) or "—") for f in k.amdec]
        body = method + _table("Modes de défaillance attendus", ["Id", "Étape", "Mode",
                               "G / O / D", "IPR", "Fonctionnement", "Faits"], rows,
                               "Ce cas ne relève pas de l'AMDEC.")
    elif step == "haccp":
        hazards = [(h.id, h.etape, h.libelle, h.type, "oui" if h.ccp else "non")
                   for h in k.haccp_dangers]
        limits = [(c.danger, c.limite.libelle) for c in k.haccp_ccp]
        body = (method + _table("Dangers attendus", ["Id", "Étape", "Danger", "Type", "CCP"],
                                hazards, "Ce cas ne relève pas de la méthode HACCP.")
                + _table("Limites critiques attendues", ["Danger", "Limite"], limits, ""))
    elif step == "actions":
        body = "".join(f"<h4>Risque {esc(x.risque)}</h4>{expected_html(x.exemples)}"
                       for x in k.actions)
    elif step == "fiches":
        body = "<ul>" + "".join(f"<li>{esc(AUDIENCE_LABELS[p])}</li>" for p in k.publics) + "</ul>"
    elif step == "efficacite":
        body = _table("Verdicts attendus", ["Action", "Verdict"], list(k.efficacite.items()),
                      "Aucun verdict attendu.")
    else:
        raise KeyError(step)
    return f'<section lang="fr"><h3>Solution — {esc(KEY_TITLES[step])}</h3>{body}</section>'
