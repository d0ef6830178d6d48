"""The rules that grade the process-map and quality-risk exercise (AMDEC or HACCP). Pure."""

from __future__ import annotations

from collections.abc import Callable

from qsecase.case_model import Case
from qsecase.exercises.risques_qualite.model import RisquesQualiteAnswers, RisquesQualiteKey
from qsecase.exercises.shared_rules import pairs
from qsecase.grading.matching import best_match, match_expected, phrase_in
from qsecase.grading.rubric import Outcome
from qsecase.methods.base import Issue
from qsecase.methods.briefs import check_briefs
from qsecase.methods.effectiveness import check_criteria
from qsecase.methods.fmea import priority
from qsecase.methods.haccp import check_ccp_plan
from qsecase.methods.process_map import assign_activities, check_map

__all__ = ["rules"]


def _errors(issues: list[Issue]) -> list[str]:
    return [i.message for i in issues if i.level == "erreur"]


def rules(answers: RisquesQualiteAnswers, key: RisquesQualiteKey,
          case: Case) -> dict[str, Callable[[], Outcome]]:
    """Named rules of the rubric, each closing over the answers, the key and the case."""
    a, k = answers, key
    amdec = k.methode == "amdec"

    # expected risk (failure mode or hazard) → the trainee's row or hazard id that states it
    if amdec:
        texts = {r.id or str(n): f"{r.mode} — {r.cause} — {r.effet}"
                 for n, r in enumerate(a.amdec, 1)}
        expected = [(e.id, e.libelle, e.synonymes) for e in k.amdec]
    else:
        texts = {h.id: f"{h.danger} — {h.cause}" for h in a.haccp_dangers}
        expected = [(e.id, e.libelle, e.synonymes) for e in k.haccp_dangers]
    mapped: dict[str, str] = {}
    for eid, label, synonyms in expected:
        found, _ = best_match([label, *synonyms], list(texts.values()))
        if found is not None:
            mapped[eid] = next(i for i, t in texts.items() if t == found)

    def activites() -> Outcome:
        where = assign_activities(a.cartographie, k.activites)
        placed = [act for act, proc in where.items() if proc]
        missed = [act for act, proc in where.items() if not proc]
        argued = 1.0 if len(a.demarche.split()) >= 15 else 0.0
        notes = [] if argued else ["La démarche d'analyse des activités n'est pas argumentée."]
        return Outcome(0.85 * len(placed) / len(k.activites) + 0.15 * argued,
                       [f"{len(placed)} activités sur {len(k.activites)} rattachées"], missed, notes)

    def cartographie() -> Outcome:
        procs = a.cartographie.processus
        found, missed, notes = [], [], []
        score = 0.0
        for exp in k.processus:
            text, _ = best_match([exp.libelle, *exp.synonymes], [p.nom for p in procs])
            proc = next((p for p in procs if p.nom == text), None)
            if proc is None:
                missed.append(exp.libelle)
                continue
            score += 1.0 if proc.type == exp.type else 0.5
            found.append(exp.libelle)
            if proc.type != exp.type:
                notes.append(f"« {proc.nom} » est plutôt un processus {exp.type}.")
        errors = _errors(check_map(a.cartographie))
        ratio = score / len(k.processus) - 0.05 * len(errors)
        return Outcome(ratio, found, missed, notes + errors[:5])

    def methode() -> Outcome:
        if amdec:
            rows = a.amdec
            filled = [r for r in rows if r.controles_prevention or r.controles_detection]
            used = bool(rows)
            steps = len(filled) / len(rows) if rows else 0.0
            wrong = bool(a.haccp_dangers) and not rows
        else:
            used = bool(a.haccp_dangers)
            steps = (0.5 * bool(a.haccp_decisions) + 0.5 * bool(a.haccp_plan)) if used else 0.0
            wrong = bool(a.amdec) and not used
        notes = ["La méthode retenue ne convient pas à ce procédé."] if wrong else []
        return Outcome(0.5 * used + 0.5 * steps, notes=notes)

    def risques_exhaustifs() -> Outcome:
        found = [label for eid, label, _ in expected if eid in mapped]
        missed = [label for eid, label, _ in expected if eid not in mapped]
        notes: list[str] = []
        extra = 1.0 if (a.amdec if amdec else a.haccp_dangers) else 0.0
        if amdec and a.amdec and any(e.fonctionnement == "dégradé" for e in k.amdec) and not any(
                r.fonctionnement == "dégradé" for r in a.amdec):
            extra, notes = 0.5, ["Le fonctionnement dégradé n'est pas étudié."]
        if not amdec:
            kinds = {h.type for h in a.haccp_dangers}
            extra = len(kinds) / 4
            if extra < 1:
                notes.append("Types de dangers non étudiés : " + ", ".join(
                    sorted({"biologique", "chimique", "physique", "allergène"} - kinds)) + ".")
        return Outcome(0.8 * len(found) / len(expected) + 0.2 * extra, found, missed, notes)

    def cotation() -> Outcome:
        if amdec:
            rows = {r.id or str(n): r for n, r in enumerate(a.amdec, 1)}
            tol = k.tolerance_cotation
            right, notes = [], []
            for e in k.amdec:
                row = rows.get(mapped.get(e.id, ""))
                if row is None:
                    continue
                if max(abs(row.g - e.g), abs(row.o - e.o), abs(row.d - e.d)) <= tol:
                    right.append(e.libelle)
                else:
                    notes.append(f"« {row.mode} » : G {row.g}, O {row.o}, D {row.d} — cotation "
                                 "éloignée des observations de terrain.")
            return Outcome(len(right) / len(k.amdec), right, [], notes[:6])
        decisions = {d.ref_danger: d.resultat for d in a.haccp_decisions}
        right, notes = [], []
        for hazard in k.haccp_dangers:
            hid = mapped.get(hazard.id)
            if hid is None or hid not in decisions:
                continue
            if (decisions[hid] == "CCP") == hazard.ccp:
                right.append(hazard.libelle)
            else:
                notes.append(f"{hid} : {'CCP' if hazard.ccp else 'pas un CCP'} attendu d'après "
                             "l'arbre de décision.")
        limits = 0
        for c in k.haccp_ccp:
            hid = mapped.get(c.danger)
            plan = next((p for p in a.haccp_plan if hid and p.ref_danger == hid), None)
            if plan and max(phrase_in(w, plan.limite_critique)
                            for w in [c.limite.libelle, *c.limite.synonymes]) >= 86:
                limits += 1
        ratio = (0.6 * len(right) / len(k.haccp_dangers)
                 + 0.4 * limits / max(1, len(k.haccp_ccp)))
        return Outcome(ratio, right, [], notes[:6])

    def priorisation() -> Outcome:
        if amdec:
            urgent = [r for r in a.amdec
                      if priority(r, case.spec.amdec_thresholds()).level == "à traiter en priorité"]
            if not urgent:
                return Outcome(0.0 if not a.amdec else 0.5)
            ok = [r for r in urgent if r.actions and r.responsable and r.echeance]
            notes = [f"« {r.mode} » : risque prioritaire sans action, responsable ou échéance."
                     for r in urgent if r not in ok]
            return Outcome(len(ok) / len(urgent), notes=notes[:6])
        ccps = [d for d in a.haccp_decisions if d.resultat == "CCP"]
        if not ccps:
            return Outcome(0.0)
        errors = _errors(check_ccp_plan(a.haccp_plan, a.haccp_decisions))
        planned = {p.ref_danger for p in a.haccp_plan}
        covered = sum(d.ref_danger in planned for d in ccps) / len(ccps)
        return Outcome(covered - 0.1 * len(errors), notes=errors[:6])

    def actions() -> Outcome:
        found: list[str] = []
        missed: list[str] = []
        score = 0.0
        for exp in k.actions:
            rid = mapped.get(exp.risque)
            own = [x.description for x in a.actions if rid and rid in x.risques]
            hits = [m.expected for m in match_expected(pairs(exp.exemples), own) if m.found_in]
            score += 1.0 if hits else 0.3 if own else 0.0
            found.extend(hits)
            missed.extend(e.libelle for e in exp.exemples if e.libelle not in hits)
        kinds = {x.type for x in a.actions}
        both = 1.0 if {"preventive", "surveillance"} <= kinds else 0.5 if kinds else 0.0
        return Outcome(0.8 * score / len(k.actions) + 0.2 * both, found, missed, [])

    def fiches() -> Outcome:
        if not a.fiches:
            return Outcome(0.0, [], [str(p) for p in k.publics], [])
        reached = {b.public for b in a.fiches}
        covered = [p for p in k.publics if p in reached]
        issues = check_briefs(a.fiches, [x.id for x in a.actions], [])
        errors = _errors(issues)
        warnings = [i.message for i in issues if i.level == "attention"]
        ratio = len(covered) / len(k.publics) - 0.1 * len(errors) - 0.03 * len(warnings)
        return Outcome(ratio, [str(p) for p in covered],
                       [str(p) for p in k.publics if p not in reached], (errors + warnings)[:6])

    def modalites() -> Outcome:
        if not a.fiches:
            return Outcome(0.0)
        precise = [b for b in a.fiches if b.canal and b.a_faire and b.echeance]
        return Outcome(len(precise) / len(a.fiches))

    def criteres() -> Outcome:
        want = list(k.efficacite)
        if not want:
            return Outcome(1.0 if a.criteres else 0.0)
        have = {c.action for c in a.criteres}
        errors = _errors(check_criteria(a.criteres))
        covered = [x for x in want if x in have]
        return Outcome(len(covered) / len(want) - 0.1 * len(errors), covered,
                       [x for x in want if x not in have], errors[:5])

    def lectures() -> Outcome:
        said = {r.action: r.verdict for r in a.lectures}
        right = [x for x, v in k.efficacite.items() if said.get(x) == v]
        wrong = [x for x, v in k.efficacite.items() if x in said and said[x] != v]
        notes = [f"Lecture d'efficacité à revoir : {', '.join(wrong)}."] if wrong else []
        return Outcome(len(right) / max(1, len(k.efficacite)), right,
                       [x for x in k.efficacite if x not in said], notes)

    return {f.__name__: f for f in (activites, cartographie, methode, risques_exhaustifs,
                                    cotation, priorisation, actions, fiches, modalites, criteres,
                                    lectures)}
