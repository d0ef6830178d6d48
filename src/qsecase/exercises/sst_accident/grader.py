"""The rules that grade the SST follow-up and accident-analysis exercise. Pure."""

from __future__ import annotations

from collections.abc import Callable

from qsecase.case_model import Case
from qsecase.exercises.shared_rules import pairs, qqoqcp_outcome
from qsecase.exercises.sst_accident.model import SstAccidentAnswers, SstAccidentKey
from qsecase.grading.matching import best_match, match_expected, normalise
from qsecase.grading.rubric import Outcome
from qsecase.methods.accident_rates import indicators
from qsecase.methods.base import Issue
from qsecase.methods.cause_tree import check_tree, to_graph
from qsecase.methods.ppe import ppe_summary
from qsecase.methods.prevention_plan import ACTOR_LABELS, check_actors, check_plan
from qsecase.methods.qqoqcp import QUESTIONS
from qsecase.methods.sst_register import Rule, evaluate_register

__all__ = ["rules"]

_COLLECTIVE = {"suppression", "collective", "organisationnelle"}


def _errors(issues: list[Issue]) -> list[str]:
    return [i.message for i in issues if i.level == "erreur"]


def _same(a: str, b: str) -> bool:
    return normalise(a) == normalise(b)


def rules(answers: SstAccidentAnswers, key: SstAccidentKey, case: Case,
          sst_rules: dict[str, Rule] | None = None) -> dict[str, Callable[[], Outcome]]:
    """Named rules of the rubric, each closing over the answers, the key and the case."""
    from qsecase.exercises.sst_accident.corpus_data import period_stats, ppe_inputs
    from qsecase.sst_rules import load_sst_rules

    a, k = answers, key
    catalogue = sst_rules if sst_rules is not None else load_sst_rules()
    today = k.date_analyse or case.spec.date_cas
    declared = {(e.regle, normalise(e.objet)) for e in a.registre}
    expected = [(e.regle, e.objet) for e in k.registre]

    def registre_exhaustif() -> Outcome:
        hit = [f"{r} — {o}" for r, o in expected if (r, normalise(o)) in declared]
        miss = [f"{r} — {o}" for r, o in expected if (r, normalise(o)) not in declared]
        unknown = sorted({e.regle for e in a.registre if e.regle not in catalogue})
        notes = [f"Règles inconnues : {', '.join(unknown)}."] if unknown else []
        return Outcome(len(hit) / len(expected), [f"{len(hit)} obligations sur {len(expected)}"],
                       miss, notes)

    def echeances() -> Outcome:
        lines = evaluate_register(a.registre, catalogue, today)
        periodic = [ln for ln in lines if ln.rule is not None and ln.rule.periodicite_mois]
        if not periodic:
            return Outcome(0.0, notes=["Aucune échéance périodique n'est planifiée."])
        right = [ln for ln in periodic if ln.trainee_due_ok]
        wrong = [f"{ln.entry.regle} — {ln.entry.objet}" for ln in periodic
                 if ln.trainee_due_ok is False]
        coverage = min(1.0, len(periodic) / max(1, sum(
            1 for r, _ in expected if (catalogue.get(r) and catalogue[r].periodicite_mois))))
        notes = [f"Échéances fausses ou absentes : {', '.join(wrong[:8])}"
                 f"{' …' if len(wrong) > 8 else ''}."] if wrong else []
        return Outcome(coverage * len(right) / len(periodic), [f"{len(right)} échéances justes"],
                       [], notes)

    def alertes() -> Outcome:
        got = set(a.rappels_jours)
        want = set(k.rappels_jours)
        if not got:
            return Outcome(0.0, [], [f"rappels à {', '.join(map(str, sorted(want)))} jours"])
        early = max(got) >= 60
        return Outcome(0.5 * len(got & want) / len(want) + 0.5 * early,
                       [f"rappels à {', '.join(map(str, sorted(got)))} jours"], [], [])

    def evenements() -> Outcome:
        if not k.evenements:
            return Outcome(1.0)
        said = {e.evenement: e.enregistrement for e in a.evenements}
        right = [f for f, where in k.evenements.items() if said.get(f) == where]
        miss = [f"{f} : {where}" for f, where in k.evenements.items() if said.get(f) != where]
        return Outcome(len(right) / len(k.evenements), right, miss, [])

    def postes_observes() -> Outcome:
        want = {normalise(p) for p in k.postes_non_observes}
        got = {normalise(p) for p in a.epi.postes_non_observes}
        if not want:
            return Outcome(0.0 if got else 1.0)
        right = want & got
        wrong = got - want
        ratio = (len(right) - len(wrong)) / len(want)
        notes = ["Poste signalé à tort comme non observé : " + ", ".join(sorted(wrong)) + "."
                 ] if wrong else []
        return Outcome(ratio, sorted(right), sorted(want - got), notes)

    def ecarts_epi() -> Outcome:
        want = [(g.poste, g.epi) for g in k.epi_ecarts]
        got = [(g.poste, g.epi) for g in a.epi.ecarts]
        right = [w for w in want if any(_same(w[0], g[0]) and _same(w[1], g[1]) for g in got)]
        extra = [g for g in got if not any(_same(w[0], g[0]) and _same(w[1], g[1]) for w in want)]
        recall = len(right) / len(want)
        precision = (len(got) - len(extra)) / len(got) if got else 0.0
        notes = [f"Écart non établi par les observations : {p} / {e}." for p, e in extra]
        return Outcome(0.7 * recall + 0.3 * precision, [f"{p} / {e}" for p, e in right],
                       [f"{p} / {e}" for p, e in want if (p, e) not in right], notes)

    def taux_conformite() -> Outcome:
        summary = ppe_summary(*ppe_inputs(case))
        if a.epi.taux_conformite is None or summary.taux_global is None:
            return Outcome(0.0)
        gap = abs(a.epi.taux_conformite - summary.taux_global)
        ratio = 1.0 if gap <= 2 else 0.5 if gap <= 5 else 0.0
        return Outcome(ratio, notes=[] if ratio == 1 else [
            f"Taux déclaré {a.epi.taux_conformite:.1f} % : écart de {gap:.1f} points avec "
            "les observations."])

    def outils_accident() -> Outcome:
        answered = sum(bool(a.qqoqcp.answer(q).reponse) for q in QUESTIONS) / len(QUESTIONS)
        tree = 1.0 if len(a.arbre.faits) >= 5 and a.arbre.liens else 0.0
        notes = [] if tree else ["L'arbre des causes n'est pas construit (au moins cinq faits "
                                 "reliés)."]
        return Outcome(0.5 * answered + 0.5 * tree, notes=notes)

    def qqoqcp_accident() -> Outcome:
        return qqoqcp_outcome(a.qqoqcp, k.qqoqcp, case.facts)

    def arbre_regles() -> Outcome:
        if not a.arbre.faits:
            return Outcome(0.0, notes=["Aucun arbre des causes."])
        issues = check_tree(a.arbre, set(case.facts))
        errors = _errors(issues)
        warnings = [i.message for i in issues if i.level == "attention"]
        ratio = 1.0 - 0.3 * len(errors) - 0.05 * len(warnings)
        return Outcome(ratio, notes=errors[:6] + warnings[:3])

    # map each expected fact to the trainee fact that states it
    texts = [f.texte for f in a.arbre.faits]
    mapped: dict[str, str] = {}
    for exp in k.faits:
        text, _ = best_match([exp.libelle, *exp.synonymes], texts)
        if text is not None:
            mapped[exp.id] = next(f.id for f in a.arbre.faits if f.texte == text)

    def arbre_faits() -> Outcome:
        found = [e.libelle for e in k.faits if e.id in mapped]
        missed = [e.libelle for e in k.faits if e.id not in mapped]
        roots = [e for e in k.faits if e.racine]
        marked = [e for e in roots if e.id in mapped and a.arbre.fact(mapped[e.id]).cause_racine]
        notes = [f"Cause racine présente mais non marquée : « {a.arbre.fact(mapped[e.id]).texte} »."
                 for e in roots if e.id in mapped and e not in marked]
        final = best_match([k.fait_ultime.libelle, *k.fait_ultime.synonymes], texts)[0]
        ratio = 0.5 * len(found) / len(k.faits) + 0.4 * len(marked) / max(1, len(roots)) \
            + 0.1 * (final is not None)
        return Outcome(ratio, found, missed, notes)

    def liens_arbre() -> Outcome:
        import networkx as nx

        want = [(e.id, c) for e in k.faits for c in e.antecedent_de]
        if not want or not a.arbre.liens:
            return Outcome(0.0)
        graph = to_graph(a.arbre)
        shown = [(x, y) for x, y in want if x in mapped and y in mapped
                 and mapped[x] in graph and mapped[y] in graph
                 and nx.has_path(graph, mapped[x], mapped[y])]
        return Outcome(len(shown) / len(want), [f"{x} → {y}" for x, y in shown],
                       [f"{x} → {y}" for x, y in want if (x, y) not in shown], [])

    def plan_structure() -> Outcome:
        if not a.plan:
            return Outcome(0.0)
        roots = [f.id for f in a.arbre.faits if f.cause_racine]
        issues = check_plan(a.plan, roots, today=today, fact_ids={f.id for f in a.arbre.faits})
        faulty = {p.id for p in a.plan if any(p.id in i.message for i in issues
                                              if i.level == "erreur")}
        return Outcome(1 - len(faulty) / len(a.plan), notes=_errors(issues)[:6])

    def plan_pertinence() -> Outcome:
        found: list[str] = []
        missed: list[str] = []
        notes: list[str] = []
        score = 0.0
        for exp in k.plan:
            fid = mapped.get(exp.cause)
            own = [p for p in a.plan if fid and fid in p.causes]
            hits = [m.expected for m in match_expected(pairs(exp.exemples),
                                                       [p.description for p in own])
                    if m.found_in]
            collective = any(p.niveau in _COLLECTIVE for p in own)
            score += (0.6 if hits else 0.2 if own else 0.0) + (0.4 if collective else 0.0)
            found.extend(hits)
            missed.extend(e.libelle for e in exp.exemples if e.libelle not in hits)
            if own and not collective:
                notes.append(f"La cause {exp.cause} n'est traitée que par des EPI, de la formation "
                             "ou des consignes : cherchez une mesure collective ou organisationnelle.")
        return Outcome(score / len(k.plan), found, missed, notes)

    def acteurs_pertinents() -> Outcome:
        got = {t.acteur for t in a.acteurs} | {r for p in a.plan for r in p.acteurs}
        want = set(k.acteurs)
        return Outcome(len(got & want) / len(want), [ACTOR_LABELS[r] for r in sorted(got & want)],
                       [ACTOR_LABELS[r] for r in sorted(want - got)], [])

    def taches_acteurs() -> Outcome:
        if not a.acteurs:
            return Outcome(0.0)
        precise = [t for t in a.acteurs if t.taches and t.date and t.actions]
        issues = check_actors(a.acteurs, a.plan)
        return Outcome(len(precise) / len(a.acteurs), notes=_errors(issues)[:5])

    def actions_simples() -> Outcome:
        if not a.actions_simples:
            return Outcome(0.0)
        return Outcome(0.5 + 0.5 * all(s.modalites for s in a.actions_simples))

    def indicateurs() -> Outcome:
        stats = period_stats(case)
        ik = k.indicateurs
        wanted = [(p, i) for p in (ik.avant, ik.apres) for i in ik.indicateurs]
        computed = {p: indicators(stats[p]) for p in (ik.avant, ik.apres) if p in stats}
        right, notes = [], []
        for period, ind in wanted:
            value = next((v.valeur for v in a.indicateurs
                          if _same(v.periode, period) and v.indicateur == ind), None)
            truth = computed.get(period, {}).get(ind)
            if value is None or truth is None:
                continue
            if abs(value - truth) <= max(abs(truth) * ik.tolerance_pct / 100, 0.01):
                right.append(f"{ind} {period}")
            else:
                notes.append(f"{ind} {period} : {value:g} déclaré, valeur attendue à "
                             f"{ik.tolerance_pct:g} % près de la valeur calculée.")
        return Outcome(len(right) / len(wanted), right, [], notes)

    def verdicts() -> Outcome:
        said = {v.action: v.efficace for v in a.verdicts}
        want = k.indicateurs.efficacite
        if not want:
            return Outcome(1.0)
        right = [x for x, ok in want.items() if said.get(x) == ok]
        wrong = [x for x, ok in want.items() if x in said and said[x] != ok]
        notes = [f"Verdict d'efficacité à revoir : {', '.join(wrong)}."] if wrong else []
        return Outcome(len(right) / len(want), right,
                       [x for x in want if x not in said], notes)

    return {f.__name__: f for f in (
        registre_exhaustif, echeances, alertes, evenements, postes_observes, ecarts_epi,
        taux_conformite, outils_accident, qqoqcp_accident, arbre_regles, arbre_faits, liens_arbre,
        plan_structure, plan_pertinence, acteurs_pertinents, taches_acteurs, actions_simples,
        indicateurs, verdicts)}
