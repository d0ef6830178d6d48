"""The rules that grade the environmental exercise (3-1 to 3-4). Pure."""

from __future__ import annotations

from collections.abc import Callable

from qsecase.case_model import Case
from qsecase.exercises.environnement.model import EnvironnementAnswers, EnvironnementKey
from qsecase.grading.matching import THRESHOLD, best_match, phrase_in
from qsecase.grading.rubric import Outcome
from qsecase.methods.env_aspects import EnvAspect, is_significant
from qsecase.methods.env_registers import check_collection, missing_fields
from qsecase.methods.ghg import check_lines, compute, totals

__all__ = ["rules"]


def _fits(text: str, accepted: list[str]) -> bool:
    return bool(text) and any(phrase_in(x, text) >= 86 or phrase_in(text, x) >= 86 for x in accepted)


def _close(value: float | None, expected: float, tolerance: float) -> bool:
    return value is not None and abs(value - expected) <= tolerance * abs(expected)


def rules(answers: EnvironnementAnswers, key: EnvironnementKey,
          case: Case) -> dict[str, Callable[[], Outcome]]:
    """Named rules of the rubric, each closing over the answers, the key and the case."""
    from qsecase.ghg_data import emission_factors, posts  # shipped data, read once and cached

    a, k = answers, key
    factors, all_posts = emission_factors(), posts()

    # expected aspect → the trainee's aspect that states it: one to one, best scores first
    texts = [f"{x.activite} — {x.aspect} — {x.impact}" for x in a.aspects]
    scored = sorted(((max(phrase_in(w, t) for w in [exp.libelle, *exp.synonymes]), exp.libelle, n)
                     for exp in k.aspects for n, t in enumerate(texts)), key=lambda x: -x[0])
    mapped: dict[str, EnvAspect] = {}
    used: set[int] = set()
    for score, label, n in scored:
        if score >= THRESHOLD and label not in mapped and n not in used:
            mapped[label] = a.aspects[n]
            used.add(n)

    def collecte() -> Outcome:
        score = 0.0
        found: list[str] = []
        for exp in k.collecte:
            text, _ = best_match([exp.libelle, *exp.synonymes], [c.donnee for c in a.collecte])
            if text is None:
                continue
            item = next(c for c in a.collecte if c.donnee == text)
            score += (0.4 + 0.3 * _fits(item.acteur, exp.acteurs)
                      + 0.3 * bool(item.relance_jours and item.relance))
            found.append(exp.libelle)
        errors = [i.message for i in check_collection(a.collecte) if i.level == "erreur"]
        return Outcome(score / len(k.collecte) - 0.05 * len(errors), found,
                       [e.libelle for e in k.collecte if e.libelle not in found], errors[:5])

    def registre() -> Outcome:
        lines = a.registre_dechets
        if not lines:
            return Outcome(0.0)
        complete = [ln for ln in lines if not missing_fields(ln)]
        n, want = len(lines), k.registre_lignes
        count = 1.0 if abs(n - want) <= 1 else min(n, want) / max(n, want)
        gaps = sorted({f for ln in lines for f in missing_fields(ln)})
        notes = [f"Champs obligatoires non renseignés : {', '.join(gaps)}."] if gaps else []
        return Outcome(0.4 * count + 0.6 * len(complete) / len(lines), notes=notes)

    def analyse_exhaustive() -> Outcome:
        activities = [x.activite for x in a.aspects]
        covered = [act for act in k.activites if best_match([act], activities)[0] is not None]
        situations = {x.situation for x in a.aspects}
        found = [e.libelle for e in k.aspects if e.libelle in mapped]
        ratio = (0.4 * len(covered) / len(k.activites) + 0.2 * len(situations) / 3
                 + 0.4 * len(found) / len(k.aspects))
        notes = [] if len(situations) == 3 else ["Les situations anormales et d'urgence sont à étudier."]
        return Outcome(ratio, found, [e.libelle for e in k.aspects if e.libelle not in found], notes)

    emissions = compute(a.beges, factors, all_posts) if a.beges else []
    result = totals(emissions) if emissions else None

    def outils() -> Outcome:
        wanted = [e for e in k.aspects if e.outils]
        right = [e.libelle for e in wanted if e.libelle in mapped and mapped[e.libelle].outil in e.outils]
        used = {ln.poste or factors[ln.facteur].poste for ln in a.beges if ln.facteur in factors}
        posts_ratio = len(used & set(k.beges_postes)) / len(k.beges_postes)
        tools = len(right) / len(wanted) if wanted else 1.0
        return Outcome(0.5 * tools + 0.5 * posts_ratio, right, [])

    def beges() -> Outcome:
        if result is None:
            return Outcome(0.0)
        errors = [i.message for i in check_lines(a.beges, factors) if i.level == "erreur"]
        checks = [_close(result.total_t, k.beges_total_t, k.tolerance_beges)]
        checks += [_close(result.by_scope_t.get(scope), value, k.tolerance_beges)
                   for scope, value in k.beges_scopes_t.items()]
        notes = [] if all(checks) else ["Le bilan s'écarte des données d'activité du corpus (quantités, "
                                        "unités ou facteurs)."]
        return Outcome(sum(checks) / len(checks) - 0.1 * len(errors), notes=(notes + errors)[:5])

    def cotation_aspects() -> Outcome:
        right, notes = [], []
        for e in k.aspects:
            x = mapped.get(e.libelle)
            if x is None:
                continue
            rated = abs(x.g - e.g) <= k.tolerance_cotation and abs(x.f - e.f) <= k.tolerance_cotation
            significant = x.significatif == e.significatif
            if rated and significant:
                right.append(e.libelle)
            else:
                notes.append(f"{x.id} : cotation ou significativité éloignée des observations.")
        inconsistent = [x.id for x in a.aspects
                        if x.significatif != is_significant(x, k.seuil_significativite)]
        if inconsistent:
            notes.append("Significativité contraire à la règle de l'organisation : "
                         f"{', '.join(inconsistent[:6])}.")
        return Outcome(len(right) / len(k.aspects) - 0.05 * len(inconsistent), right, [], notes[:6])

    def acteurs_gaspillage() -> Outcome:
        score, found = 0.0, []
        texts = [g.gaspillage for g in a.gaspillages]
        for e in k.gaspillages:
            text, _ = best_match([e.libelle, *e.synonymes], texts)
            if text is None:
                continue
            g = a.gaspillages[texts.index(text)]
            score += 0.3 + 0.35 * _fits(g.service, e.services) + 0.35 * _fits(g.fonction, e.fonctions)
            found.append(e.libelle)
        return Outcome(score / len(k.gaspillages), found,
                       [e.libelle for e in k.gaspillages if e.libelle not in found])

    def actions_simples() -> Outcome:
        if not a.gaspillages:
            return Outcome(0.0)
        return Outcome(sum(bool(g.action_simple and g.modalite) for g in a.gaspillages) / len(a.gaspillages))

    readings = {r.action: r for r in a.efficacite}

    def mesure_flux() -> Outcome:
        if not k.ratios:
            return Outcome(1.0 if a.efficacite else 0.0)
        right = [act for act, value in k.ratios.items()
                 if act in readings and _close(readings[act].ratio_apres, value, k.tolerance_ratio)
                 and readings[act].ratio_avant is not None and readings[act].unite]
        return Outcome(len(right) / len(k.ratios), right, [x for x in k.ratios if x not in right])

    def verdicts() -> Outcome:
        right = [act for act, v in k.efficacite.items() if act in readings and readings[act].verdict == v]
        wrong = [act for act, v in k.efficacite.items()
                 if act in readings and readings[act].verdict not in (None, v)]
        notes = [f"Verdict d'efficacité à revoir : {', '.join(wrong)}."] if wrong else []
        argued = [act for act in right if len(readings[act].justification.split()) >= 8]
        return Outcome((0.8 * len(right) + 0.2 * len(argued)) / len(k.efficacite), right,
                       [x for x in k.efficacite if x not in readings], notes)

    return {f.__name__: f for f in (
        collecte, registre, analyse_exhaustive, outils, beges, cotation_aspects, acteurs_gaspillage,
        actions_simples, mesure_flux, verdicts)}
