"""Read-only renderings of the LCA and RSE exercise: the trainee's answers of each step (correction,
static HTML) and the answer key of each step (self-study « Voir la solution »).

Both go through the same :class:`~qsecase.widgets.acv_rse_study.Study` as the forms — the system
recomputed by qsecase's engine, its entry checks, its figures and tables — so that the trainer reads
what the trainee saw while typing, and the solution shows the reference model's own results.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qsecase.case_model import Case
from qsecase.exercises.acv_rse.model import AcvRseAnswers, AcvRseKey
from qsecase.methods.base import Issue
from qsecase.methods.lca import LEVERS, STAGES, ProductSystem
from qsecase.methods.rse import RseAction
from qsecase.views.report_parts import bullets, checks, para, wording
from qsecase.views.tables import esc, table_html
from qsecase.widgets.acv_rse_data import amount_text, policy_objectives, rse_reference
from qsecase.widgets.acv_rse_resultats import reading_issues
from qsecase.widgets.acv_rse_rows import source_issues
from qsecase.widgets.acv_rse_rse import STAKEHOLDERS, odd_html, texts_line
from qsecase.widgets.acv_rse_study import Study, study_of

__all__ = ["KEY_STEPS", "KEY_TITLES", "STEPS", "STEP_TITLES", "answers_step_html", "key_step_html",
           "results_html", "system_html"]

STEPS: tuple[str, ...] = ("systeme", "resultats", "scenarios", "rse")
STEP_TITLES: dict[str, str] = {
    "systeme": "Objectif, champ de l'étude et inventaire du cycle de vie",
    "resultats": "Résultats, points chauds et sensibilité",
    "scenarios": "Scénarios d'écoconception et recommandation",
    "rse": "Actions RSE en faveur du développement durable",
}
KEY_STEPS: tuple[str, ...] = STEPS
KEY_TITLES: dict[str, str] = dict(STEP_TITLES)
CLIMATE = "changement-climatique"


def _ids(ids: Sequence[Any]) -> str:
    return ", ".join(map(str, ids)) or "—"


def system_html(system: ProductSystem, study: Study) -> str:
    """Goal and scope, the processes, their inputs (provider named with its unit) and direct flows."""
    head = (para("Unité fonctionnelle", system.unite_fonctionnelle)
            + para("Flux de référence", system.flux_reference)
            + para("Processus de référence", f"{system.processus_reference or '—'} × "
                                             f"{amount_text(system.quantite_reference)}")
            + para("Masse d'un produit", f"{amount_text(system.masse_produit_kg)} kg"
                   if system.masse_produit_kg is not None else ""))
    if not system.processus:
        return head + "<p>Aucun processus renseigné.</p>"
    processes = [(p.id, p.libelle or "—", STAGES.get(p.etape, p.etape), p.unite, amount_text(p.production),
                  len(p.intrants), _ids(p.sources)) for p in system.processus]
    inputs = [(p.id, study.provider(x.fournisseur), amount_text(x.quantite), x.unite or "—", _ids(x.sources))
              for p in system.processus for x in p.intrants]
    flows = [(p.id, f.flux, amount_text(f.quantite), f.unite or "—", _ids(f.sources))
             for p in system.processus for f in p.emissions]
    headers = ["Processus", "Libellé", "Étape du cycle de vie", "Unité", "Production", "Intrants", "Sources"]
    body = head + table_html("Processus du système", headers, processes, row_headers=True)
    if inputs:
        body += table_html("Intrants par unité produite", ["Processus", "Fournisseur", "Quantité", "Unité",
                                                           "Sources"], inputs, row_headers=True)
    if flows:
        body += table_html("Émissions directes par unité produite", ["Processus", "Flux élémentaire",
                                                                     "Quantité", "Unité", "Sources"], flows,
                           row_headers=True)
    return body


def results_html(study: Study) -> str:
    """Status, results table, stage chart, hotspots of climate change (by stage, by dataset), tornado."""
    if study.result is None:
        return study.status_html()
    climate = CLIMATE if CLIMATE in study.result.categories else study.result.categories[0]
    return (study.status_html() + study.table_html() + study.stage_html()
            + "<h4>Points chauds</h4>" + study.hotspot_html(climate, "stage")
            + study.hotspot_html(climate, "dataset") + "<h4>Analyse de sensibilité</h4>"
            + study.sensitivity_html(climate))


def _systeme(a: AcvRseAnswers, case: Case) -> str:
    system = a.systeme
    study = study_of(system)
    known = set(case.facts) | {d.id for d in case.spec.documents}
    cited = {f"Processus {p.id}": p.sources for p in system.processus}
    cited |= {f"Processus {p.id} › intrant {n}": x.sources for p in system.processus
              for n, x in enumerate(p.intrants, 1)}
    return system_html(system, study) + checks([*study.issues(), *source_issues(cited, known)])


def _resultats(a: AcvRseAnswers) -> str:
    study = study_of(a.systeme)
    rows = [(n, r.cible or "—", study.category_name(r.categorie) if r.categorie else "—", r.constat or "—",
             r.piste or "—") for n, r in enumerate(a.lectures, 1)]
    readings = (table_html("Lectures des résultats du stagiaire", ["Lecture", "Point chaud", "Catégorie",
                                                                   "Constat", "Piste d'écoconception"], rows,
                           row_headers=True) if rows else "<p>Aucune lecture des résultats.</p>")
    return results_html(study) + "<h4>Lectures des résultats</h4>" + readings + checks(
        reading_issues(a.lectures))


def _changes_text(study: Study, scenario: Any) -> str:
    parts = []
    for c in scenario.modifications:
        if c.action != "modifier":
            verb = "ajout" if c.action == "ajouter" else "retrait"
            amount = f" ({amount_text(c.quantite)} {c.unite})".replace(" )", ")") if c.quantite else ""
            parts.append(f"{c.processus} : {verb} de {study.provider(c.fournisseur)}{amount}")
            continue
        what = [f"{c.processus} › {study.provider(c.fournisseur)}"]
        if c.remplacer_par:
            what.append(f"remplacé par {study.provider(c.remplacer_par)}")
        if c.quantite is not None:
            what.append(f"quantité {amount_text(c.quantite)} {c.unite}".rstrip())
        parts.append(" : ".join([what[0], ", ".join(what[1:]) or "inchangé"]))
    return " ; ".join(parts) or "aucune modification"


def _scenarios(a: AcvRseAnswers) -> str:
    study = study_of(a.systeme)
    comparison = study.compare(a.scenarios)
    rows = [(s.id, s.libelle or "—", LEVERS.get(s.levier, s.levier), _changes_text(study, s),
             s.justification or "—", _ids(s.sources)) for s in a.scenarios]
    headers = ["Scénario", "Libellé", "Levier", "Modifications", "Justification", "Sources"]
    body = (table_html("Scénarios d'écoconception du stagiaire", headers, rows, row_headers=True) if rows
            else "<p>Aucun scénario d'écoconception.</p>")
    if study.result is None:
        body += study.status_html()
    body += comparison.figure_html() + comparison.table_html()
    empty = [Issue(level="attention", message=f"Scénario {s.id} : aucune modification.")
             for s in a.scenarios if not s.modifications]
    return (body + checks([*comparison.issues(), *empty]) + "<h4>Recommandation d'écoconception</h4>"
            + (f"<p>{esc(a.conclusion)}</p>" if a.conclusion else "<p>—</p>"))


def _lines(items: Sequence[str]) -> str:
    """Escaped items, one per line (« — » when empty), for a raw table cell."""
    return "<br>".join(esc(i) for i in items) or "—"


def _actions_table(actions: Sequence[RseAction]) -> str:
    odd, subjects, _texts = rse_reference()
    rows = [(esc(x.id), esc(x.libelle or "—"), esc(_ids(x.objectifs)),
             _lines([f"{n} — {odd.get(n, '?')}" for n in x.odd]),
             _lines([subjects.get(s, s) for s in x.questions_centrales]),
             _lines([STAKEHOLDERS.get(s, s) for s in x.parties_prenantes]),
             _lines(x.textes) + (texts_line(x.textes) if x.textes else ""),
             esc(_ids(x.faits)), esc(x.scenario or "—"), esc(x.responsable or "—"), esc(x.echeance or "—"))
            for x in actions]
    impacts = [(x.id, n, i.dimension, i.description or "—", i.indicateur or "—", i.valeur_cible or "—")
               for x in actions for n, i in enumerate(x.impacts, 1)]
    headers = ["Action", "Libellé", "Objectifs", "ODD", "Questions centrales", "Parties prenantes",
               "Textes de référence", "Faits", "Scénario", "Responsable", "Échéance"]
    body = table_html("Actions RSE du stagiaire", headers, rows, row_headers=True, raw=True)
    if impacts:
        body += table_html("Impacts positifs attendus", ["Action", "Impact", "Dimension", "Argument",
                                                         "Indicateur", "Valeur cible"], impacts,
                           row_headers=True)
    return body


def _policy(policy: dict[str, str]) -> str:
    if not policy:
        return "<p>Ce cas ne déclare aucun objectif RSE.</p>"
    return table_html("Objectifs de la politique RSE", ["Objectif", "Intitulé"], list(policy.items()),
                      row_headers=True)


def _rse(a: AcvRseAnswers, case: Case) -> str:
    from qsecase.methods.rse import check_actions
    from qsecase.rse_data import reference_texts
    from qsecase.views.rse_view import coverage_table_html

    policy = policy_objectives(case)
    actions = a.actions_rse
    body = _policy(policy) + (_actions_table(actions) if actions else "<p>Aucune action RSE.</p>")
    return (body + odd_html(actions) + coverage_table_html(actions, policy)
            + checks(check_actions(actions, policy_objectives=policy, known_texts=reference_texts(),
                                   known_facts=case.facts)))


def answers_step_html(step: str, answers: AcvRseAnswers, case: Case) -> str:
    """The trainee's answers of one step, read-only, under an ``<h3>`` heading."""
    bodies = {"systeme": lambda: _systeme(answers, case), "resultats": lambda: _resultats(answers),
              "scenarios": lambda: _scenarios(answers), "rse": lambda: _rse(answers, case)}
    body = bodies[step]()
    return (f'<section lang="fr"><h3>Réponses du stagiaire — {esc(STEP_TITLES[step])}</h3>'
            f"{body}</section>")


# --- solution (self-study) -------------------------------------------------------------------------


def _key_systeme(k: AcvRseKey) -> str:
    study = study_of(k.systeme)
    units = {d: x.unite for d, x in study.data.items()}
    rows = [(d.libelle or d.fournisseur, study.provider(d.fournisseur), STAGES.get(d.etape, d.etape),
             f"{amount_text(d.quantite)} {units.get(d.fournisseur, '')}".rstrip(),
             ", ".join(study.provider(x) for x in d.alternatives) or "—", _ids(d.faits)) for d in k.donnees]
    return ("<h4>Modèle de référence</h4>" + system_html(k.systeme, study)
            + "<h4>Données du corpus à utiliser</h4>"
            + para("Écart toléré", f"{amount_text(100 * k.tolerance)} % sur les quantités et les résultats")
            + table_html("Données attendues, par unité fonctionnelle", ["Donnée", "Jeu de données",
                                                                        "Étape du cycle de vie",
                                                                        "Quantité par unité fonctionnelle",
                                                                        "Autres jeux acceptés", "Faits"],
                         rows, row_headers=True))


def _key_resultats(k: AcvRseKey) -> str:
    study = study_of(k.systeme)
    hot = [STAGES.get(h) or (study.data[h].libelle if h in study.data else h) for h in k.points_chauds]
    return (results_html(study) + para("Catégories notées", ", ".join(study.category_name(c)
                                                                       for c in k.categories))
            + "<h4>Points chauds attendus (changement climatique)</h4>" + bullets(hot))


def _key_scenarios(k: AcvRseKey) -> str:
    body = "<h4>Leviers d'écoconception pertinents</h4>" + bullets([LEVERS.get(x, x) for x in k.leviers])
    if k.transferts:
        body += "<h4>Transferts de pollution à repérer et discuter</h4>" + bullets(
            [STAGES.get(x, x) for x in k.transferts])
    return body + ("<p>Une bonne recommandation cite le scénario retenu, ses gains chiffrés par catégorie, "
                   "ses transferts et ses limites (données, hypothèses), et ce qu'il faut vérifier avant "
                   "de décider.</p>")


def _key_rse(k: AcvRseKey, case: Case) -> str:
    odd, subjects, titles = rse_reference()
    policy = policy_objectives(case)
    objectives = [(o, case.facts[o].text if o in case.facts else policy.get(o, "—")) for o in k.objectifs_rse]
    rows = [(esc(wording(e)), esc(_ids(e.objectifs)), _lines([f"{n} — {odd.get(n, '?')}" for n in e.odd]),
             _lines([subjects.get(s, s) for s in e.questions_centrales]),
             _lines([titles.get(t, t) for t in e.textes])) for e in k.actions_rse]
    return (table_html("Objectifs de la politique RSE à couvrir", ["Objectif", "Intitulé"], objectives,
                       row_headers=True)
            + table_html("Actions RSE attendues", ["Action", "Objectifs", "ODD", "Questions centrales",
                                                   "Textes de référence"], rows, row_headers=True, raw=True)
            + "<h4>Textes de référence qu'un bon dossier cite</h4>"
            + bullets([f"{titles.get(t, t)} ({t})" for t in k.textes_attendus]))


def key_step_html(step: str, key: AcvRseKey, case: Case) -> str:
    """What the answer key expects for one step (self-study « Voir la solution »)."""
    bodies = {"systeme": lambda: _key_systeme(key), "resultats": lambda: _key_resultats(key),
              "scenarios": lambda: _key_scenarios(key), "rse": lambda: _key_rse(key, case)}
    if step not in bodies:
        raise KeyError(step)
    return f'<section lang="fr"><h3>Solution — {esc(KEY_TITLES[step])}</h3>{bodies[step]()}</section>'
