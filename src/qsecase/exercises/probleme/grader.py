"""The rules that grade the problem-solving exercise against its answer key. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from qsecase.case_model import Case
from qsecase.exercises.probleme.model import TOOL_LABELS, ParetoChoice, ProblemeAnswers, ProblemeKey
from qsecase.exercises.shared_rules import pairs, qqoqcp_outcome
from qsecase.grading.matching import best_match, match_expected, phrase_in
from qsecase.grading.rubric import Outcome
from qsecase.methods import pareto as pareto_method
from qsecase.methods.actions import ACTION_TYPE_NAMES, ACTION_TYPES
from qsecase.methods.five_whys import check_chain
from qsecase.methods.ishikawa import FAMILY_LABELS, families_of
from qsecase.methods.qqoqcp import QUESTIONS

__all__ = ["pareto_values", "rules"]

_FALLBACK_FAMILIES: dict[str, tuple[str, ...]] = {
    "mesure": ("materiel", "methode"),
    "management": ("methode", "main_oeuvre"),
}
"""Where a 5M diagram classes what 6M/7M put under Mesure or Management: not a mistake."""


def pareto_values(choice: ParetoChoice, case: Case) -> dict[str, float] | None:
    """Totals per category of a Pareto choice, or None if the choice is incomplete or invalid."""
    if choice.table not in case.tables:
        return None
    if choice.categorie not in case.columns(choice.table):
        return None
    if choice.mesure and choice.mesure not in case.columns(choice.table, "nombre", "entier"):
        return None
    return pareto_method.aggregate(case.table(choice.table), choice.categorie, choice.mesure or None)


def rules(answers: ProblemeAnswers, key: ProblemeKey, case: Case) -> dict[str, Callable[[], Outcome]]:
    """Named rules of the rubric, each closing over the answers, the key and the case."""
    a, k = answers, key

    def outils() -> Outcome:
        chosen = set(a.outils)
        found = [TOOL_LABELS[t] for t in k.outils_attendus if t in chosen]
        missed = [TOOL_LABELS[t] for t in k.outils_attendus if t not in chosen]
        wrong = [TOOL_LABELS[t] for t in k.outils_inadaptes if t in chosen]
        ratio = len(found) / len(k.outils_attendus) - 0.25 * len(wrong)
        notes = [f"Outil peu adapté à ce problème : {w}." for w in wrong]
        return Outcome(ratio, found, missed, notes)

    def etapes() -> Outcome:
        steps = {
            "QQOQCP": sum(bool(a.qqoqcp.answer(q).reponse) for q in QUESTIONS) / len(QUESTIONS),
            "Pareto": 1.0 if pareto_values(a.pareto, case) else 0.0,
            "Ishikawa": min(1.0, len(a.ishikawa.causes) / 5) if a.ishikawa.effet else 0.0,
            "5 Pourquoi": min(1.0, len([c for c in a.pourquoi if c.answers()]) / 2),
            "Causes racines": 1.0 if a.causes_racines else 0.0,
            "Actions": 1.0 if a.actions else 0.0,
        }
        done = [s for s, v in steps.items() if v >= 1.0]
        notes = [f"Étape incomplète : {s}." for s, v in steps.items() if v < 1.0]
        return Outcome(sum(steps.values()) / len(steps), done, [], notes)

    def qqoqcp() -> Outcome:
        return qqoqcp_outcome(a.qqoqcp, k.qqoqcp, case.facts)

    def pareto() -> Outcome:
        values = pareto_values(a.pareto, case)
        if values is None:
            return Outcome(0.0, [], ["Pareto des défauts"], ["Le Pareto ne peut pas être "
                           "construit : tableau, colonne de catégorie ou mesure invalide."])
        pk = k.pareto
        found: list[str] = []
        missed: list[str] = []
        notes: list[str] = []
        score = 0.0
        if a.pareto.table == pk.table and a.pareto.categorie == pk.categorie:
            score += 0.4
            found.append(f"tableau « {pk.table} », catégorie « {pk.categorie} »")
        else:
            missed.append(f"tableau « {pk.table} », catégorie « {pk.categorie} »")
        if a.pareto.mesure in pk.mesures:
            score += 0.2
        else:
            notes.append("La mesure choisie ne reflète pas l'importance des défauts "
                         "(coût ou nombre de non-conformités).")
        if a.pareto.categorie == pk.categorie:
            class_a = {r.category for r in pareto_method.pareto(values) if r.abc == "A"}
            said = set(a.pareto.classe_a)
            expected = set(pk.classe_a) & class_a or class_a
            right = sorted(said & expected)
            wrong = sorted(said - class_a)
            found.extend(f"classe A : {c}" for c in right)
            missed.extend(f"classe A : {c}" for c in sorted(expected - said))
            notes.extend(f"« {c} » n'est pas en classe A d'après les données." for c in wrong)
            if expected:
                score += 0.4 * max(0.0, (len(right) - len(wrong)) / len(expected))
        return Outcome(score, found, missed, notes)

    def ishikawa() -> Outcome:
        causes = a.ishikawa.causes
        found: list[str] = []
        missed: list[str] = []
        notes: list[str] = []
        score = 0.0
        for exp in k.ishikawa:
            text, _ = best_match([exp.libelle, *exp.synonymes], [c.texte for c in causes])
            if text is None:
                missed.append(f"{FAMILY_LABELS[exp.famille]} : {exp.libelle}")
                continue
            cause = next(c for c in causes if c.texte == text)
            if cause.famille == exp.famille or (
                exp.famille not in families_of(a.ishikawa.methode)
                and cause.famille in _FALLBACK_FAMILIES.get(exp.famille, ())
            ):
                score += 1.0
                found.append(f"{FAMILY_LABELS[exp.famille]} : {exp.libelle}")
            else:
                score += 0.5
                notes.append(f"« {cause.texte} » relève plutôt de la famille "
                             f"{FAMILY_LABELS[exp.famille]} que de {FAMILY_LABELS[cause.famille]}.")
        return Outcome(score / len(k.ishikawa), found, missed, notes)

    def _roots_found() -> list[tuple[str, str | None]]:
        """(expected root id, trainee root id that states it) for each expected root."""
        found_roots = []
        texts = [r.texte for r in a.causes_racines]
        for exp in k.causes_racines:
            text, _ = best_match([exp.libelle, *exp.synonymes], texts)
            rid = next((r.id for r in a.causes_racines if r.texte == text), None)
            found_roots.append((exp.id, rid))
        return found_roots

    def racines() -> Outcome:
        roots = _roots_found()
        found = [e.libelle for e, (_, rid) in zip(k.causes_racines, roots, strict=True) if rid]
        missed = [e.libelle for e, (_, rid) in zip(k.causes_racines, roots, strict=True)
                  if not rid]
        chains = [c for c in a.pourquoi if c.answers()]
        sound = [c for c in chains if not any(i.level == "erreur" for i in check_chain(c))]
        notes: list[str] = []
        for n, chain in enumerate(chains, 1):
            notes.extend(f"Chaîne {n} : {i.message}" for i in check_chain(chain)
                         if i.level == "erreur")
        content = len(found) / len(k.causes_racines)
        depth = len(sound) / max(len(chains), len(k.causes_racines)) if chains else 0.0
        return Outcome(0.7 * content + 0.3 * depth, found, missed, notes)

    def liens() -> Outcome:
        # a root cause is linked when a sound chain ends on it and starts from a 5M cause
        chains = [c for c in a.pourquoi if c.answers()
                  and not any(i.level == "erreur" for i in check_chain(c))]
        causes_5m = [c.texte for c in a.ishikawa.causes]
        linked: list[str] = []
        notes: list[str] = []
        for root in a.causes_racines:
            chain = next((c for c in chains
                          if phrase_in(root.texte, c.root()) >= 70 or phrase_in(c.root(),
                                                                                root.texte) >= 70),
                         None)
            if chain is None:
                notes.append(f"La cause racine {root.id} n'est l'aboutissement d'aucune chaîne "
                             "de 5 Pourquoi menée jusqu'à son terme.")
                continue
            if best_match([chain.depart], causes_5m, threshold=70)[0] is None:
                notes.append(f"La chaîne menant à {root.id} ne part pas d'une cause du 5M.")
                continue
            linked.append(root.id)
        total = max(len(a.causes_racines), 1)
        return Outcome(len(linked) / total, [f"cause racine {r} reliée" for r in linked], [], notes)

    def faits() -> Outcome:
        if not a.causes_racines:
            return Outcome(0.0, [], [e.libelle for e in k.causes_racines], [])
        found: list[str] = []
        notes: list[str] = []
        per_root = []
        for root in a.causes_racines:
            unknown = [f for f in root.faits if f not in case.facts]
            known = [f for f in root.faits if f in case.facts]
            if unknown:
                notes.append(f"{root.id} : références introuvables dans le corpus : "
                             f"{', '.join(unknown)}.")
            if not root.faits:
                notes.append(f"{root.id} : aucun fait cité.")
            per_root.append(1.0 if known and not unknown else 0.5 if known else 0.0)
        key_facts = {f for e in k.causes_racines for f in e.faits}
        cited = {f for r in a.causes_racines for f in r.faits}
        found = sorted(key_facts & cited)
        coverage = len(found) / len(key_facts)
        ratio = 0.6 * sum(per_root) / len(per_root) + 0.4 * min(1.0, coverage * 2)
        return Outcome(ratio, [f"fait probant cité : {f}" for f in found], [], notes)

    def actions_causes() -> Outcome:
        root_ids = dict(_roots_found())
        found: list[str] = []
        missed: list[str] = []
        notes: list[str] = []
        score = 0.0
        for exp in k.actions:
            rid = root_ids.get(exp.cause)
            own = [x.description for x in a.actions if rid and x.cause_racine == rid]
            matches = match_expected(pairs(exp.exemples), own)
            hits = [m.expected for m in matches if m.found_in]
            if hits:
                score += min(1.0, 0.6 + 0.4 * (len(hits) - 1))
                found.extend(hits)
            elif own:
                score += 0.3
                notes.append(f"Les actions associées à {rid} ne traitent pas directement sa cause.")
            missed.extend(m.expected for m in matches if not m.found_in)
        known = {r.id for r in a.causes_racines}
        orphans = [x.id for x in a.actions if x.cause_racine not in known]
        if orphans:
            notes.append("Actions sans cause racine existante : " + ", ".join(orphans) + ".")
        untreated = [r.id for r in a.causes_racines
                     if not any(x.cause_racine == r.id for x in a.actions)]
        if untreated:
            notes.append("Causes racines sans action : " + ", ".join(untreated) + ".")
        return Outcome(score / len(k.actions), found, missed, notes)

    def types() -> Outcome:
        wanted = {t for e in k.actions for t in e.types} or set(ACTION_TYPES)
        present = {x.type for x in a.actions}
        return Outcome(len(wanted & present) / len(wanted),
                       [ACTION_TYPE_NAMES[t] for t in ACTION_TYPES if t in wanted & present],
                       [ACTION_TYPE_NAMES[t] for t in ACTION_TYPES if t in wanted - present], [])

    def applicables() -> Outcome:
        if not a.actions:
            return Outcome(0.0)
        start = k.date_analyse or case.spec.date_cas
        limit = _add_months(start, k.horizon_mois)
        owners = [r.fonction for r in case.spec.organisation.roles]
        owners += [r.nom for r in case.spec.organisation.roles] + k.responsables
        notes: list[str] = []
        score = 0.0
        for x in a.actions:
            ok_owner = bool(x.responsable) and best_match(owners, [x.responsable], threshold=80)[0]
            ok_date = x.echeance is not None and start <= x.echeance <= limit
            ok_crit = bool(x.critere_efficacite)
            score += (0.4 * bool(ok_owner)) + 0.4 * ok_date + 0.2 * ok_crit
            if not ok_owner:
                notes.append(f"{x.id} : responsable absent ou inconnu dans l'organisation.")
            if not ok_date:
                notes.append(f"{x.id} : échéance absente ou hors de la période réaliste "
                             f"({start:%d/%m/%Y} – {limit:%d/%m/%Y}).")
            if not ok_crit:
                notes.append(f"{x.id} : pas de critère d'efficacité.")
        return Outcome(score / len(a.actions), [], [], notes)

    def handicap() -> Outcome:
        texts = [x.adaptation_handicap for x in a.actions if x.adaptation_handicap]
        texts += [x.description for x in a.actions]
        matches = match_expected(pairs(k.handicap.adaptations), texts)
        hits = [m.expected for m in matches if m.found_in]
        if hits:
            ratio = min(1.0, 0.6 + 0.4 * (len(hits) - 1))
        else:
            ratio = 0.3 if any(x.adaptation_handicap for x in a.actions) else 0.0
        return Outcome(ratio, hits, [m.expected for m in matches if not m.found_in], [])

    return {f.__name__: f for f in (outils, etapes, qqoqcp, pareto, ishikawa, racines, liens,
                                    faits, actions_causes, types, applicables, handicap)}


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28))
