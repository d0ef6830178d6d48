"""Read-only renderings of the DUERP-update exercise: the trainee's answers of each step
(correction, static HTML) and the answer key of each step (self-study « Voir la solution »).

Both reuse the views of the forms (heat maps, ranked list, differences, programme, RPS matrix) and
the same method checks, so that the trainer reads what the trainee saw while typing.
"""

from __future__ import annotations

from qsecase.case_model import Case
from qsecase.exercises.duerp_rps import corpus_data
from qsecase.exercises.duerp_rps.model import DuerpRpsAnswers, DuerpRpsKey, ExpectedRps
from qsecase.methods.duerp import FAMILIES, METHODS, check_situations
from qsecase.methods.duerp_update import TRIGGERS, check_reasons, diff
from qsecase.methods.papripact import check_programme, programme_kind
from qsecase.methods.rps import FAMILIES as RPS_FAMILIES
from qsecase.methods.rps import RPS_METHODS, RpsFactor, check_rps
from qsecase.views.duerp_heatmap import heat_maps, heat_maps_alt, rps_matrix, rps_matrix_alt
from qsecase.views.duerp_html import diff_html, programme_html, ranked_html, rps_html
from qsecase.views.render import figure_to_html
from qsecase.views.report_parts import bullets, checks, para, wording
from qsecase.views.tables import esc, expected_html, table_html

__all__ = ["KEY_STEPS", "KEY_TITLES", "STEPS", "STEP_TITLES", "answers_step_html",
           "key_step_html"]

STEPS: tuple[str, ...] = ("mise-a-jour", "situations", "evolutions", "programme", "rps", "export")
STEP_TITLES: dict[str, str] = {
    "mise-a-jour": "Mise à jour du DUERP : date, auteur, motifs",
    "situations": "Situations de travail évaluées, par unité de travail",
    "evolutions": "Évolutions depuis la version précédente",
    "programme": "Programme d'actions de prévention",
    "rps": "Facteurs de risques psychosociaux",
    "export": "Exports du DUERP",
}
KEY_STEPS: tuple[str, ...] = STEPS[:-1]
KEY_TITLES: dict[str, str] = {k: STEP_TITLES[k] for k in KEY_STEPS}


def _rating(g: int, f: int, m: int | None) -> str:
    return f"G {g} × F {f}" + (f", M {m}" if m is not None else "")


def _situations_html(a: DuerpRpsAnswers, case: Case) -> str:
    scale, units = corpus_data.scale(case), case.spec.organisation.unites_travail
    figure = figure_to_html(heat_maps(a.situations, scale, units),
                            heat_maps_alt(a.situations, scale, units))
    rows = [(s.id, s.unite, s.situation, FAMILIES.get(s.famille, s.famille), s.fonctionnement,
             s.danger or "—", s.dommage or "—", " ; ".join(s.mesures) or "—",
             _rating(s.g, s.f, s.m), s.methode, s.handicap or "—",
             "—" if s.exposes is None else str(s.exposes)) for s in a.situations]
    table = (table_html("Situations du DUERP", ["Repère", "Unité", "Situation", "Famille",
                        "Fonctionnement", "Danger", "Dommage", "Mesures existantes", "Cotation",
                        "Méthode", "Handicap", "Exposés"], rows, row_headers=True)
             if rows else "<p>Aucune situation évaluée.</p>")
    return (figure + ranked_html(a.situations, scale) + table
            + checks(check_situations(a.situations, scale, corpus_data.units(case))))


def answers_step_html(step: str, answers: DuerpRpsAnswers, case: Case) -> str:
    """The trainee's answers of one step, read-only, under an ``<h3>`` heading."""
    a = answers
    scale = corpus_data.scale(case)
    org = case.spec.organisation
    if step == "mise-a-jour":
        info = a.mise_a_jour
        body = (para("Date", f"{info.date:%d/%m/%Y}" if info.date else "")
                + para("Auteur", info.auteur) + "<p><strong>Motifs :</strong></p>"
                + bullets([TRIGGERS[k] for k in info.declencheurs])
                + para("Personnes associées", info.participants)
                + para("Commentaire", info.commentaire))
    elif step == "situations":
        body = _situations_html(a, case)
    elif step == "evolutions":
        previous = corpus_data.previous_version(case)
        changes = diff(previous.situations, a.situations, a.motifs)
        body = (para("Version précédente", f"v{previous.numero} du {previous.date:%d/%m/%Y} "
                   f"({len(previous.situations)} situations)")
                + diff_html(changes)
                + checks(check_reasons(changes)))
    elif step == "programme":
        body = (para("Forme du programme", f"{programme_kind(org.effectif)} ({org.effectif} "
                   "salariés)") + programme_html(a.actions, a.situations, scale, org.effectif)
                + checks(check_programme(a.actions, a.situations, scale, org.effectif,
                                          today=case.spec.date_cas)))
    elif step == "rps":
        method = RPS_METHODS.get(a.rps_methode, "") if a.rps_methode else ""
        body = (para("Méthode", method) + para("Justification", a.rps_justification)
                + rps_html(a.rps, org.unites_travail)
                + figure_to_html(rps_matrix(a.rps, org.unites_travail, scale),
                                 rps_matrix_alt(a.rps, org.unites_travail, scale))
                + checks(check_rps(a.rps, corpus_data.units(case), a.situations, scale)))
    elif step == "export":
        body = ("<p>Le stagiaire exporte son DUERP (classeur Excel et document HTML) à côté de "
                "son fichier de réponses ; la correction porte sur les étapes précédentes.</p>")
    else:
        raise KeyError(step)
    return (f'<section lang="fr"><h3>Réponses du stagiaire — {esc(STEP_TITLES[step])}</h3>'
            f"{body}</section>")


def _expected_factors(key: DuerpRpsKey, case: Case) -> list[RpsFactor]:
    """Every family of every unit: the expected factors, the others absent."""
    expected: dict[tuple[str, str], ExpectedRps] = {(r.unite, r.famille): r for r in key.rps}
    factors = []
    for unit in corpus_data.units(case):
        for family in RPS_FAMILIES:
            r = expected.get((unit, family))
            factors.append(RpsFactor(unite=unit, famille=family,  # type: ignore[arg-type]
                                     frequence=r.frequence if r else 0,
                                     gravite=r.gravite if r else None))
    return factors


def key_step_html(step: str, key: DuerpRpsKey, case: Case) -> str:
    """What the answer key expects for one step (self-study « Voir la solution »)."""
    k = key
    if step == "mise-a-jour":
        body = ("<p><strong>Motifs de mise à jour que le corpus justifie :</strong></p>"
                + bullets([TRIGGERS[d] for d in k.declencheurs]))
    elif step == "situations":
        news = [(n.id, n.unite, FAMILIES[n.famille], wording(n), n.fonctionnement,
                 _rating(n.g, n.f, n.m), ", ".join(METHODS[m].split(" (")[0] for m in n.methodes),
                 ", ".join(n.faits) or "—") for n in k.nouvelles]
        handicap = "".join(f"<h4>{esc(h.unite)} — {esc(h.situation)}</h4>"
                           f"{expected_html(h.adaptations)}" for h in k.handicap)
        body = ("<p><strong>Familles de risques à couvrir :</strong></p>"
                + bullets([FAMILIES[f] for f in k.familles])
                + table_html("Nouvelles situations attendues", ["Repère", "Unité", "Famille",
                             "Situation", "Fonctionnement", "Cotation", "Méthodes adaptées",
                             "Faits"], news, row_headers=True)
                + f"<h4>Situations de handicap et adaptations</h4>{handicap}")
    elif step == "evolutions":
        reratings = [(r.id, _rating(r.g, r.f, r.m), ", ".join(r.faits) or "—")
                     for r in k.recotations]
        removals = [(r.id, wording(r.motif), ", ".join(r.faits) or "—") for r in k.suppressions]
        body = ((table_html("Situations à recoter", ["Repère", "Cotation attendue", "Faits"],
                            reratings, row_headers=True) if reratings else "")
                + (table_html("Situations à supprimer", ["Repère", "Motif", "Faits"], removals,
                              row_headers=True) if removals else "")
                + f"<p>Tolérance sur G, F et M : ± {k.tolerance_cotation}.</p>")
    elif step == "programme":
        body = "".join(f"<h4>Risque {esc(x.risque)}</h4>{expected_html(x.exemples)}"
                       for x in k.actions)
        if k.responsables:
            body += "<p><strong>Responsables attendus :</strong></p>" + bullets(k.responsables)
    elif step == "rps":
        scale, units = corpus_data.scale(case), case.spec.organisation.unites_travail
        factors = _expected_factors(k, case)
        rows = [(r.unite, RPS_FAMILIES[r.famille], str(r.frequence), str(r.gravite),
                 ", ".join(r.faits) or "—") for r in k.rps]
        body = ("<p><strong>Méthodes adaptées :</strong></p>"
                + bullets([RPS_METHODS[m] for m in k.rps_methodes])
                + table_html("Facteurs présents attendus", ["Unité", "Famille", "Fréquence",
                             "Gravité", "Faits"], rows, row_headers=True)
                + figure_to_html(rps_matrix(factors, units, scale),
                                 rps_matrix_alt(factors, units, scale)))
    else:
        raise KeyError(step)
    return f'<section lang="fr"><h3>Solution — {esc(KEY_TITLES[step])}</h3>{body}</section>'
