"""The rules that grade the internal audit and the external audit preparation. Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from qsecase.case_model import Case
from qsecase.exercises.audit.model import AuditAnswers, AuditKey
from qsecase.grading.matching import THRESHOLD, best_match, match_expected, phrase_in
from qsecase.grading.rubric import Outcome
from qsecase.methods.audit import Finding, check_findings, check_plan, check_questions, covers
from qsecase.methods.base import Issue

__all__ = ["rules"]


def _errors(issues: list[Issue]) -> list[str]:
    return [i.message for i in issues if i.level == "erreur"]


def _key_column(case: Case, table: str) -> str | None:
    return next((c.nom for c in case.spec.document(table).colonnes if c.cle), None)


def rules(answers: AuditAnswers, key: AuditKey, case: Case,
          catalogue: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, Callable[[], Outcome]]:
    """Named rules of the rubric, each closing over the answers, the key and the case."""
    if catalogue is None:
        from qsecase.audit_data import clause_catalogue  # data file, read once and cached

        catalogue = clause_catalogue()
    a, k = answers, key
    plan = a.plan

    # expected function → the trainee's interview of that function
    interviews = {}
    for scope in k.fonctions:
        found, _ = best_match([scope.fonction.libelle, *scope.fonction.synonymes],
                              [i.fonction for i in plan.entretiens])
        if found is not None:
            interviews[scope.fonction.libelle] = next(i for i in plan.entretiens if i.fonction == found)

    # expected finding → the trainee's finding that states it (one to one, best scores first)
    scored = []
    for exp in k.constats:
        for f in a.constats:
            text = f"{f.constat} — {f.exigence}"
            score = max(phrase_in(w, text) for w in [exp.libelle, *exp.synonymes])
            # a finding citing the planted facts is recognised on a looser wording
            if score >= THRESHOLD or (set(exp.faits) & set(f.preuves) and score >= THRESHOLD - 20):
                scored.append((score, exp.id, f))
    mapped: dict[str, Finding] = {}
    for _, eid, f in sorted(scored, key=lambda x: -x[0]):
        if eid not in mapped and f.id not in {m.id for m in mapped.values()}:
            mapped[eid] = f

    def plan_couverture() -> Outcome:
        score, found, missed, notes = 0.0, [], [], []
        for scope in k.fonctions:
            interview = interviews.get(scope.fonction.libelle)
            if interview is None:
                missed.append(scope.fonction.libelle)
                continue
            covered = [c for c in scope.clauses if covers(interview.clauses, c)]
            score += 0.3 + 0.7 * len(covered) / len(scope.clauses)
            found.append(scope.fonction.libelle)
            if len(covered) < len(scope.clauses):
                notes.append(f"Entretien « {interview.fonction} » : le plan ne couvre pas toute la partie "
                             "du référentiel qui correspond à cette fonction.")
        criteria = len(set(plan.criteres) & set(k.referentiels)) / len(k.referentiels)
        return Outcome(0.85 * score / len(k.fonctions) + 0.15 * criteria, found, missed, notes[:5])

    def plan_formalisme() -> Outcome:
        if not (plan.objectifs or plan.entretiens):
            return Outcome(0.0)
        errors = _errors(check_plan(plan, catalogue))
        filled = sum(bool(x) for x in (plan.objectifs, plan.champ, plan.criteres, plan.date, plan.equipe))
        return Outcome(0.5 * filled / 5 + 0.5 * max(0.0, 1 - 0.2 * len(errors)), notes=errors[:5])

    def echantillonnage() -> Outcome:
        score, notes = 0.0, []
        for want in k.echantillonnage:
            sample = next((s for s in a.echantillons if s.population == want.population), None)
            if sample is None:
                continue
            column = _key_column(case, want.population)
            ids = {str(r[column]) for r in case.table(want.population)} if column else set()
            unknown = [e for e in sample.elements if e not in ids]
            size = len(sample.elements) or sample.taille
            parts = [
                want.taille_min <= size <= want.taille_max,
                sample.methode in want.methodes,
                bool(sample.elements) and not unknown,
                bool(sample.justification),
            ]
            if want.strate and sample.elements and column:
                rows = {str(r[column]): r for r in case.table(want.population)}
                strata = {str(r.get(want.strate)) for r in rows.values()}
                seen = {str(rows[e].get(want.strate)) for e in sample.elements if e in rows}
                parts.append(len(seen) >= min(len(strata), 3))
            score += sum(parts) / len(parts)
            if unknown:
                notes.append(f"Éléments d'échantillon absents du tableau « {want.population} » : "
                             f"{', '.join(unknown[:6])}.")
            if not want.taille_min <= size <= want.taille_max:
                notes.append(f"Taille d'échantillon ({size}) peu cohérente avec la population et "
                             "l'objectif de l'audit.")
        return Outcome(score / len(k.echantillonnage), notes=notes[:5])

    def questions() -> Outcome:
        if not a.questions:
            return Outcome(0.0)
        errors = _errors(check_questions(a.questions, catalogue))
        complete = [q for q in a.questions if q.clause and q.exigence and q.question and q.preuve_attendue]
        functions = {q.fonction for q in a.questions}
        asked = [scope.fonction.libelle for scope in k.fonctions
                 if best_match([scope.fonction.libelle, *scope.fonction.synonymes], functions)[0]]
        ratio = (0.4 * len(complete) / len(a.questions) + 0.4 * len(asked) / len(k.fonctions)
                 + 0.2 * max(0.0, 1 - 0.1 * len(errors)))
        return Outcome(ratio, asked, [s.fonction.libelle for s in k.fonctions
                                      if s.fonction.libelle not in asked], errors[:5])

    def technique() -> Outcome:
        if not a.questions:
            return Outcome(0.0)
        noted = [q for q in a.questions if q.notes.relances or q.notes.reformulation]
        evidenced = [q for q in a.questions if q.conclusion and q.notes.preuves_vues]
        return Outcome(0.5 * len(noted) / len(a.questions) + 0.5 * len(evidenced) / len(a.questions))

    def posture() -> Outcome:
        addressed = [q for q in a.questions if q.fonction]
        return Outcome(len(addressed) / len(a.questions) if a.questions else 0.0)

    def constats_identifies() -> Outcome:
        found = [e.libelle for e in k.constats if e.id in mapped]
        proved = [e for e in k.constats if e.id in mapped and set(e.faits) & set(mapped[e.id].preuves)]
        ratio = 0.7 * len(found) / len(k.constats) + 0.3 * len(proved) / len(k.constats)
        return Outcome(ratio, found, [e.libelle for e in k.constats if e.id not in mapped])

    def constats_classes() -> Outcome:
        right, notes = [], []
        for e in k.constats:
            f = mapped.get(e.id)
            if f is None:
                continue
            kind = f.type in e.types
            clause = f.referentiel == e.referentiel and any(covers([f.clause], c) for c in e.clauses)
            if kind and clause:
                right.append(e.libelle)
            elif not kind:
                notes.append(f"{f.id} : le classement « {f.type} » est à revoir.")
            else:
                notes.append(f"{f.id} : l'exigence de référence ({f.referentiel} {f.clause}) est à revoir.")
        return Outcome(len(right) / len(k.constats), right, [], notes[:6])

    def rapport() -> Outcome:
        r = a.rapport
        if not (r.conclusion or a.constats):
            return Outcome(0.0)
        filled = sum(bool(x) for x in (r.contexte, r.conclusion, r.date_rapport, r.deroulement)) / 4
        hits = [m.expected for m in match_expected([(d, []) for d in k.diffusion], r.diffusion) if m.found_in]
        errors = _errors(check_findings(a.constats, case.facts))
        strengths = any(f.type == "point fort" for f in a.constats)
        ratio = (0.3 * filled + 0.2 * len(hits) / len(k.diffusion) + 0.2 * strengths
                 + 0.3 * max(0.0, 1 - 0.15 * len(errors)))
        return Outcome(ratio, hits, [d for d in k.diffusion if d not in hits], errors[:5])

    # expected evidence → the trainee's line for the same requirement
    def line_for(referentiel: str, clause: str, label: str, synonyms: list[str]):  # type: ignore[no-untyped-def]
        same = [i for i in a.preparation if i.referentiel == referentiel and i.clause
                and (covers([i.clause], clause) and covers([clause], i.clause))]
        if same:
            return same[0]
        found, _ = best_match([label, *synonyms], [i.exigence for i in a.preparation])
        return next((i for i in a.preparation if i.exigence == found), None) if found else None

    evidence = {e.libelle: line_for(e.referentiel, e.clause, e.libelle, e.synonymes) for e in k.preuves}

    def preuves_perimetre() -> Outcome:
        found = [lbl for lbl, item in evidence.items() if item is not None]
        sourced = [lbl for lbl in found if evidence[lbl] and evidence[lbl].document]  # type: ignore[union-attr]
        ratio = 0.8 * len(found) / len(k.preuves) + 0.2 * (len(sourced) / len(found) if found else 0.0)
        return Outcome(ratio, found, [e.libelle for e in k.preuves if evidence[e.libelle] is None])

    def ecarts_preuves() -> Outcome:
        right, notes = [], []
        for e in k.preuves:
            item = evidence[e.libelle]
            if item is None:
                continue
            if item.statut == e.statut:
                right.append(e.libelle)
            else:
                notes.append(f"{item.referentiel} {item.clause} : statut « {item.statut} » à revoir "
                             "au regard de la liste des documents.")
        return Outcome(len(right) / len(k.preuves), right, [], notes[:6])

    return {f.__name__: f for f in (
        plan_couverture, plan_formalisme, echantillonnage, questions, technique, posture,
        constats_identifies, constats_classes, rapport, preuves_perimetre, ecarts_preuves)}
