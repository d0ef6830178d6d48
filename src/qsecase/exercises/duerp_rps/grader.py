"""The rules that grade the DUERP update and the psychosocial-risk review. Pure."""

from __future__ import annotations

from collections.abc import Callable

from qsecase.case_model import Case
from qsecase.exercises.duerp_rps import corpus_data
from qsecase.exercises.duerp_rps.model import DuerpRpsAnswers, DuerpRpsKey
from qsecase.exercises.shared_rules import pairs
from qsecase.grading.matching import THRESHOLD, match_expected, phrase_in
from qsecase.grading.rubric import Outcome
from qsecase.methods.base import Issue
from qsecase.methods.duerp import FAMILIES, Situation, rank
from qsecase.methods.duerp_update import diff
from qsecase.methods.papripact import check_programme
from qsecase.methods.rps import FAMILIES as RPS_FAMILIES
from qsecase.methods.rps import coverage

__all__ = ["rules"]


def _errors(issues: list[Issue]) -> list[str]:
    return [i.message for i in issues if i.level == "erreur"]


def _text(s: Situation) -> str:
    return f"{s.situation} — {s.danger} — {s.dommage}"


def _close(tol: int, *pairs_: tuple[int | None, int | None]) -> bool:
    return all(e is None or (a is not None and abs(a - e) <= tol) for a, e in pairs_)


def rules(answers: DuerpRpsAnswers, key: DuerpRpsKey,
          case: Case) -> dict[str, Callable[[], Outcome]]:
    """Named rules of the rubric, each closing over the answers, the key and the case."""
    a, k = answers, key
    grid = corpus_data.scale(case)
    units = corpus_data.units(case)
    previous = corpus_data.previous_version(case).situations
    before = {s.id: s for s in previous}
    mine = {s.id: s for s in a.situations}
    tol = k.tolerance_cotation

    # expected new situation → the trainee's situation (same work unit) that states it: a one-to-one
    # assignment, best scores first, a situation added since the previous version winning ties
    scored = []
    for exp in k.nouvelles:
        for s in a.situations:
            if s.unite == exp.unite:
                score = max(phrase_in(w, _text(s)) for w in [exp.libelle, *exp.synonymes])
                if score >= THRESHOLD:
                    scored.append((score + (0.5 if s.id not in before else 0.0), exp.id, s))
    mapped: dict[str, Situation] = {}
    used: set[str] = set()
    for _, eid, s in sorted(scored, key=lambda x: -x[0]):
        if eid not in mapped and s.id not in used:
            mapped[eid] = s
            used.add(s.id)

    def situation_for(risk_id: str) -> Situation | None:
        return mapped.get(risk_id) or (mine.get(risk_id) if risk_id in before else None)

    changes = diff(previous, a.situations, a.motifs)
    expected_changes = len(k.nouvelles) + len(k.recotations) + len(k.suppressions)
    extent = min(1.0, len({c.id for c in changes}) / max(1, expected_changes))
    # how much of the expected update was done: the motifs are judged over that extent

    def unites() -> Outcome:
        covered = [u for u in units if any(s.unite == u for s in a.situations)]
        degraded = any(s.fonctionnement == "dégradé" for s in a.situations)
        notes = [] if degraded else ["Aucune situation de fonctionnement dégradé n'est évaluée."]
        return Outcome(0.8 * len(covered) / len(units) + 0.2 * degraded, covered,
                       [u for u in units if u not in covered], notes)

    def familles() -> Outcome:
        have = {s.famille for s in a.situations}
        found = [FAMILIES[f] for f in k.familles if f in have]
        return Outcome(len(found) / len(k.familles), found,
                       [FAMILIES[f] for f in k.familles if f not in have])

    def methodes() -> Outcome:
        right, notes = [], []
        for exp in k.nouvelles:
            s = mapped.get(exp.id)
            if s is None:
                continue
            if s.methode in exp.methodes:
                right.append(exp.libelle)
            else:
                notes.append(f"{s.id} : la méthode « {s.methode} » n'est pas la plus adaptée à "
                             "cette situation.")
        # an unsuitable method (e.g. no ATEX zoning for an explosive atmosphere) is never acquired
        ratio = len(right) / len(k.nouvelles)
        return Outcome(min(ratio, 0.6) if notes else ratio, right, [], notes[:6])

    def handicap() -> Outcome:
        score = 0.0
        found: list[str] = []
        missed: list[str] = []
        for h in k.handicap:
            noted = [s.handicap for s in a.situations if s.unite == h.unite and s.handicap]
            texts = noted + [x.mesure for x in a.actions if any(
                (mine.get(r) is not None and mine[r].unite == h.unite) for r in x.risques)]
            matches = match_expected(pairs(h.adaptations), texts) if texts else []
            hits = [m.expected for m in matches if m.found_in]
            score += (0.4 if noted else 0.0) + 0.6 * len(hits) / len(h.adaptations)
            found.extend(hits)
            missed.extend(e.libelle for e in h.adaptations if e.libelle not in hits)
        return Outcome(score / len(k.handicap), found, missed)

    def reprise() -> Outcome:
        """65 % for the situations still there carried over, 35 % for those that no longer exist
        removed with their reason; each situation lost without a reason costs 10 %."""
        removals = list(dict.fromkeys(r.id for r in k.suppressions))  # key order: stable output
        lasting = [sid for sid in before if sid not in removals]
        carried = [sid for sid in lasting if sid in mine and mine[sid].unite == before[sid].unite]
        removed = [sid for sid in removals if sid not in mine and a.motifs.get(sid, "").strip()]
        lost = [sid for sid in lasting if sid not in mine and not a.motifs.get(sid, "").strip()]
        notes = ["Situations de la version précédente disparues sans motif : "
                 + ", ".join(lost[:8]) + ("…" if len(lost) > 8 else "") + "."] if lost else []
        ratio = (0.65 * len(carried) / max(1, len(lasting))
                 + (0.35 * len(removed) / len(removals) if removals else 0.35) - 0.1 * len(lost))
        return Outcome(ratio, [], [sid for sid in removals if sid not in removed], notes)

    def nouveaux_risques() -> Outcome:
        found = [e.libelle for e in k.nouvelles if e.id in mapped]
        return Outcome(len(found) / len(k.nouvelles), found,
                       [e.libelle for e in k.nouvelles if e.id not in mapped])

    def cotation() -> Outcome:
        right, notes = [], []
        total = len(k.recotations) + len(k.nouvelles)
        for r in k.recotations:
            s = mine.get(r.id)
            if s is None:
                continue
            if _close(tol, (s.g, r.g), (s.f, r.f), (s.m, r.m)):
                right.append(r.id)
            else:
                notes.append(f"{s.id} : G {s.g}, F {s.f}" + (f", M {s.m}" if s.m else "")
                             + " — cotation éloignée des observations de terrain.")
        for e in k.nouvelles:
            s = mapped.get(e.id)
            if s is None:
                continue
            if _close(tol, (s.g, e.g), (s.f, e.f), (s.m, e.m)):
                right.append(e.libelle)
            else:
                notes.append(f"{s.id} : G {s.g}, F {s.f}" + (f", M {s.m}" if s.m else "")
                             + " — cotation éloignée des observations de terrain.")
        return Outcome(len(right) / total, right, [], notes[:6])

    def motifs() -> Outcome:
        if not changes:
            return Outcome(0.0, notes=["Aucune modification par rapport à la version précédente."])
        argued = [c for c in changes if len(c.motif.split()) >= 3]
        missing = sorted({c.id for c in changes if not c.motif.strip()})
        notes = [f"Modifications sans motif : {', '.join(missing[:8])}."] if missing else []
        return Outcome(extent * len(argued) / len(changes), notes=notes)

    def mise_a_jour() -> Outcome:
        u = a.mise_a_jour
        said = set(u.declencheurs)
        found: list[str] = [t for t in k.declencheurs if t in said]
        filled = (u.date is not None) + bool(u.auteur) + bool(u.participants)
        return Outcome(0.6 * len(found) / len(k.declencheurs) + 0.4 * filled / 3, found,
                       [t for t in k.declencheurs if t not in said])

    def priorisation() -> Outcome:
        if not a.situations:
            return Outcome(0.0)
        first = [s for s, r in rank(a.situations, grid) if r.priorite == 1]
        treated = {r for x in a.actions for r in x.risques}
        covered = sum(s.id in treated for s in first) / len(first) if first else 0.5
        errors = _errors(check_programme(a.actions, a.situations, grid,
                                         case.spec.organisation.effectif, case.spec.date_cas))
        complete = 1.0 - min(1.0, 0.1 * len(errors)) if a.actions else 0.0
        return Outcome(0.5 * covered + 0.5 * complete, notes=errors[:6])

    def actions() -> Outcome:
        found: list[str] = []
        missed: list[str] = []
        score = 0.0
        for exp in k.actions:
            s = situation_for(exp.risque)
            own = [x.mesure for x in a.actions if s is not None and s.id in x.risques]
            hits = [m.expected for m in match_expected(pairs(exp.exemples), own) if m.found_in]
            score += 1.0 if hits else 0.3 if own else 0.0
            found.extend(hits)
            missed.extend(e.libelle for e in exp.exemples if e.libelle not in hits)
        kinds = {x.type for x in a.actions}
        mix = 1.0 if len(kinds - {"individuelle"}) >= 2 else 0.5 if kinds else 0.0
        return Outcome(0.8 * score / len(k.actions) + 0.2 * mix, found, missed)

    def argumentation() -> Outcome:
        words = sum(len(c.motif.split()) for c in changes)
        return Outcome(extent * min(1.0, words / (8 * max(1, len(changes)))))

    table = coverage(a.rps, units)

    def rps_familles() -> Outcome:
        reviewed = sum(v is not None for row in table.values() for v in row.values())
        incomplete = [u for u, row in table.items() if any(v is None for v in row.values())]
        notes = ([f"Familles de facteurs non examinées dans : {', '.join(incomplete)}."]
                 if incomplete else [])
        ratio = reviewed / (len(units) * len(RPS_FAMILIES))
        # the criterion asks for every category: acquired only when the review is complete
        return Outcome(min(ratio, 0.6) if incomplete else ratio, notes=notes)

    def rps_methode() -> Outcome:
        fits = a.rps_methode in k.rps_methodes
        argued = len(a.rps_justification.split()) >= 10
        notes = [] if fits or a.rps_methode is None else [
            "La méthode retenue pour les RPS n'est pas la plus adaptée aux situations de travail."]
        return Outcome(0.7 * fits + 0.3 * argued, notes=notes)

    def rps_justesse() -> Outcome:
        score, found, missed, notes = 0.0, [], [], []
        for e in k.rps:
            label = f"{e.unite} — {RPS_FAMILIES[e.famille]}"
            f = table.get(e.unite, {}).get(e.famille)
            if f is None or f.frequence == 0:
                missed.append(label)
                continue
            if _close(k.tolerance_rps, (f.frequence, e.frequence), (f.gravite, e.gravite)):
                score += 1.0
                found.append(label)
            else:
                score += 0.5
                notes.append(f"{label} : fréquence {f.frequence}, gravité {f.gravite} — "
                             "qualification éloignée des signaux du corpus.")
        return Outcome(score / len(k.rps), found, missed, notes[:6])

    def rps_qualification() -> Outcome:
        present = [f for f in a.rps if f.frequence > 0]
        if not present:
            return Outcome(0.0)
        sourced = [f for f in present if f.constats and f.sources
                   and all(x in case.facts for x in f.sources)]
        unknown = sorted({x for f in present for x in f.sources if x not in case.facts})
        notes = [f"Sources introuvables dans le corpus : {', '.join(unknown[:8])}."] if unknown else []
        return Outcome(len(sourced) / len(present), notes=notes)

    def rps_lien() -> Outcome:
        exposed = sorted({e.unite for e in k.rps if e.frequence * e.gravite >= 4})
        linked = [u for u in exposed if any(s.unite == u and s.famille == "rps" for s in a.situations)]
        return Outcome(len(linked) / len(exposed) if exposed else 1.0, linked,
                       [u for u in exposed if u not in linked])

    return {f.__name__: f for f in (
        unites, familles, methodes, handicap, reprise, nouveaux_risques, cotation, motifs,
        mise_a_jour, priorisation, actions, argumentation, rps_familles, rps_methode, rps_justesse,
        rps_qualification, rps_lien)}
