"""Read-only renderings of the environmental exercise: the trainee's answers of each step
(correction, static HTML) and the answer key of each step (self-study « Voir la solution »).

Both reuse the views of the forms (collection plan and reminders, waste register, gravity ×
frequency grid and ranked aspects, BEGES chart and tables, wastes and actors, effectiveness table)
and the same method checks, so that the trainer reads what the trainee saw while typing.
"""

from __future__ import annotations

from typing import Any

from qsecase.case_model import Case
from qsecase.exercises.environnement import corpus_data
from qsecase.exercises.environnement.model import EnvironnementAnswers, EnvironnementKey
from qsecase.methods.env_aspects import check_aspects
from qsecase.methods.env_registers import check_collection, check_waste_register, reminders_due
from qsecase.views.env_views import aspects_html, collection_html, waste_register_html
from qsecase.views.flows_view import VERDICT_TEXT, effectiveness_html
from qsecase.views.ghg_view import tonnes
from qsecase.views.palette import fr_number
from qsecase.views.report_parts import checks, para, wording
from qsecase.views.tables import esc, table_html
from qsecase.widgets.environnement_aspects import aspects_figure
from qsecase.widgets.environnement_beges import assess
from qsecase.widgets.environnement_flows import reading_issues
from qsecase.widgets.environnement_gaspillages import actor_issues, actors_html

__all__ = ["KEY_STEPS", "KEY_TITLES", "STEPS", "STEP_TITLES", "answers_step_html", "key_step_html"]

STEPS: tuple[str, ...] = ("collecte", "registre", "aspects", "beges", "gaspillages", "efficacite")
STEP_TITLES: dict[str, str] = {
    "collecte": "Plan de collecte des données",
    "registre": "Registre chronologique des déchets",
    "aspects": "Analyse environnementale",
    "beges": "Bilan des émissions de gaz à effet de serre",
    "gaspillages": "Gaspillages et acteurs de terrain",
    "efficacite": "Efficacité des actions environnementales",
}
KEY_STEPS: tuple[str, ...] = STEPS
KEY_TITLES: dict[str, str] = dict(STEP_TITLES)


def _known(case: Case) -> set[str]:
    return set(case.facts) | {d.id for d in case.spec.documents}


def _collection(a: EnvironnementAnswers, case: Case) -> str:
    received = corpus_data.received(case, [i.donnee for i in a.collecte])
    due = reminders_due(a.collecte, received, case.spec.date_cas)
    return (f"<p><em>Relances calculées à la date du cas, le {case.spec.date_cas:%d/%m/%Y}.</em></p>"
            + collection_html(a.collecte, due) + checks(check_collection(a.collecte)))


def _beges(a: EnvironnementAnswers, case: Case) -> str:
    state = assess(a.beges)
    rows = [(ln.id, ln.poste or "—", ln.description or "—", fr_number(ln.quantite, 3), ln.unite, ln.facteur,
             ", ".join(ln.sources) or "—",
             f"{fr_number(round(state.by_line[ln.id].kg_co2e, 1), 1)} kg CO₂e" if ln.id in state.by_line
             else "✖ non comptée") for ln in a.beges]
    headers = ["Repère", "Poste", "Description", "Quantité", "Unité", "Facteur", "Sources", "Émissions"]
    lines = table_html("Données d'activité du stagiaire", headers, rows, row_headers=True)
    body = lines if a.beges else "<p>Aucune donnée d'activité renseignée.</p>"
    if state.emissions:
        body += state.figure_html() + state.html()
    return body + checks(state.issues())


def answers_step_html(step: str, answers: EnvironnementAnswers, case: Case) -> str:
    """The trainee's answers of one step, read-only, under an ``<h3>`` heading."""
    a = answers
    threshold = corpus_data.significance_threshold(case)
    bodies = {
        "collecte": lambda: _collection(a, case),
        "registre": lambda: waste_register_html(a.registre_dechets) + checks(check_waste_register(
            a.registre_dechets)),
        "aspects": lambda: (f"<p>Seuil de significativité de l'organisation : G × F ≥ {threshold}.</p>"
                            + aspects_figure(a.aspects, threshold) + aspects_html(a.aspects, threshold)
                            + checks(check_aspects(a.aspects, corpus_data.activities(case), threshold))),
        "beges": lambda: _beges(a, case),
        "gaspillages": lambda: actors_html(a.gaspillages) + checks(actor_issues(a.gaspillages,
                                                                                  _known(case))),
        "efficacite": lambda: effectiveness_html(a.efficacite) + checks(reading_issues(
            a.efficacite, [x.id for x in corpus_data.actions(case)])),
    }
    body = bodies[step]()
    return (f'<section lang="fr"><h3>Réponses du stagiaire — {esc(STEP_TITLES[step])}</h3>'
            f"{body}</section>")


def _key_beges(k: EnvironnementKey) -> str:
    from qsecase.ghg_data import posts

    titles = posts()
    scopes = [(f"Scope {s}", tonnes(v)) for s, v in sorted(k.beges_scopes_t.items())]
    expected = [(p, titles[p].titre if p in titles else "—") for p in k.beges_postes]
    return (para("Total attendu", f"{tonnes(k.beges_total_t)} (écart toléré : "
                                f"{fr_number(100 * k.tolerance_beges, 0)} %)")
            + table_html("Totaux attendus par scope", ["Scope", "Émissions"], scopes, row_headers=True)
            + table_html("Postes à calculer", ["Poste", "Intitulé"], expected, row_headers=True))


def key_step_html(step: str, key: EnvironnementKey, case: Case) -> str:
    """What the answer key expects for one step (self-study « Voir la solution »)."""
    k = key
    if step == "collecte":
        rows = [(wording(c), " ou ".join(c.acteurs)) for c in k.collecte]
        body = table_html("Données à collecter et leurs détenteurs", ["Donnée", "Détenteur attendu"], rows,
                          row_headers=True)
    elif step == "registre":
        body = (para("Enlèvements à inscrire au registre", k.registre_lignes)
                + "<p>Chaque ligne porte la date, la dénomination, le code déchet, la quantité, "
                  "l'installation destinataire, le transporteur, le code et la qualification du traitement, "
                  "et le n° de bordereau pour un déchet dangereux.</p>")
    elif step == "aspects":
        aspects: list[tuple[Any, ...]] = [
            (wording(e), e.activite, e.situation, e.g, e.f, "★ significatif" if e.significatif
             else "– non significatif", ", ".join(e.outils) or "—", ", ".join(e.faits) or "—")
            for e in k.aspects]
        body = (para("Seuil de significativité", f"G × F ≥ {k.seuil_significativite}, ou exigence légale, "
                                               "ou plainte")
                + para("Activités à couvrir", ", ".join(k.activites))
                + table_html("Aspects attendus", ["Aspect", "Activité", "Situation", "G", "F",
                                                  "Significativité", "Outils de diagnostic", "Faits"],
                             aspects, row_headers=True))
    elif step == "beges":
        body = _key_beges(k)
    elif step == "gaspillages":
        wastes = [(wording(g), " ou ".join(g.services), " ou ".join(g.fonctions), ", ".join(g.faits) or "—")
                  for g in k.gaspillages]
        body = table_html("Gaspillages attendus et acteurs à alerter", ["Gaspillage", "Service", "Acteur",
                                                                         "Faits"], wastes, row_headers=True)
    elif step == "efficacite":
        verdicts = [(action, VERDICT_TEXT.get(v, (v, ""))[0],
                     fr_number(k.ratios[action], 3) if action in k.ratios else "—")
                    for action, v in k.efficacite.items()]
        body = table_html("Verdicts attendus", ["Action", "Verdict", "Ratio après attendu"], verdicts,
                          row_headers=True)
    else:
        raise KeyError(step)
    return f'<section lang="fr"><h3>Solution — {esc(KEY_TITLES[step])}</h3>{body}</section>'
