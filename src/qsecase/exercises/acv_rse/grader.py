"""The rules that grade the life-cycle assessment and RSE exercise (3-5, 3-6). Pure.

The trainee's LCA tool is recomputed by qsecase's engine (nothing the trainee computed by hand is
trusted) and compared with the answer key's reference model, with the key's tolerance.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping

from qsecase.case_model import Case
from qsecase.exercises.acv_rse.model import AcvRseAnswers, AcvRseKey, ExpectedExchange
from qsecase.exercises.shared_rules import pairs
from qsecase.grading.matching import match_expected, normalise, phrase_in
from qsecase.grading.rubric import Outcome
from qsecase.methods.ghg import convert
from qsecase.methods.lca import STAGES, Dataset, LcaMethod, LcaResult, ProductSystem

__all__ = ["consumption", "rules"]

CLIMATE = "changement-climatique"
_SHIFT_WORDS = ("transfert", "deplacement", "report de pollution")


def consumption(system: ProductSystem, result: LcaResult,
                datasets: Mapping[str, Dataset]) -> dict[tuple[str, str], float]:
    """(stage, dataset) → amount consumed per functional unit, in the dataset's unit.

    A foreground process that runs ``s`` times consumes ``s × quantité`` of each input.
    """
    out: dict[tuple[str, str], float] = defaultdict(float)
    for p in system.processus:
        runs = result.supply.get(p.id, 0.0)
        for x in p.intrants:
            data = datasets.get(x.fournisseur)
            if data is None:
                continue
            try:
                amount = convert(x.quantite, x.unite or data.unite, data.unite)
            except ValueError:
                continue
            out[(p.etape, x.fournisseur)] += runs * amount
    return dict(out)


def _close(value: float, expected: float, tolerance: float) -> bool:
    return abs(value - expected) <= tolerance * abs(expected)


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def rules(answers: AcvRseAnswers, key: AcvRseKey, case: Case) -> dict[str, Callable[[], Outcome]]:
    """Named rules of the rubric, each closing over the answers, the key and the case."""
    from qsecase.errors import LcaError
    from qsecase.lca_data import datasets as load_datasets
    from qsecase.lca_data import lca_method
    from qsecase.methods.lca_checks import check_mass_balance, check_system
    from qsecase.methods.lca_engine import compute
    from qsecase.methods.lca_scenarios import apply_scenario, burden_shifts, compare
    from qsecase.methods.rse import check_actions, coverage
    from qsecase.rse_data import find_texts

    a, k = answers, key
    data, method = load_datasets(), lca_method()
    system = a.systeme
    result, failure = _compute(system, data, method)
    reference, _ = _compute(k.systeme, data, method)
    used = consumption(system, result, data) if result else {}
    policy = {f: case.facts[f].text for f in k.objectifs_rse if f in case.facts}
    texts = " ".join([a.conclusion, *(s.justification for s in a.scenarios),
                      *(f"{r.constat} {r.piste}" for r in a.lectures)])

    def champ_etude() -> Outcome:
        uf = system.unite_fonctionnelle
        quantified = bool(re.search(r"\d", uf)) and _words(uf) >= 5
        ids = {p.id for p in system.processus}
        expected_stages = {p.etape for p in k.systeme.processus}
        stages = {p.etape for p in system.processus} & expected_stages
        missed = [STAGES[s] for s in STAGES if s in expected_stages and s not in stages]
        notes = [] if quantified else ["L'unité fonctionnelle doit être quantifiée (fonction, "
                                       "quantité, durée)."]
        ratio = (0.4 * quantified + 0.3 * bool(system.flux_reference)
                 + 0.3 * (system.processus_reference in ids)) * len(stages) / max(1, len(expected_stages))
        return Outcome(ratio if system.processus else 0.0, [STAGES[s] for s in sorted(stages)],
                       missed, notes)

    def donnees() -> Outcome:
        if not system.processus:
            return Outcome(0.0, missed=[e.libelle or e.fournisseur for e in k.donnees])
        cited: dict[tuple[str, str], list[str]] = {
            (p.etape, x.fournisseur): x.sources for p in system.processus for x in p.intrants}
        score = 0.0
        found: list[str] = []
        missed: list[str] = []
        notes: list[str] = []
        for exp in k.donnees:
            part, note = _datum(exp, used, cited, case, k.tolerance)
            score += part
            (found if part >= 0.8 else missed).append(exp.libelle or exp.fournisseur)
            if note:
                notes.append(note)
        if failure:
            notes.insert(0, f"Calcul impossible : {failure}")
        # every datum counts: each one missing or wrong also costs 5 % of the item
        return Outcome(score / len(k.donnees) - 0.05 * len(missed), found, missed, notes[:6])

    def saisie() -> Outcome:
        if not system.processus:
            return Outcome(0.0)
        issues = [*check_system(system, data, method), *check_mass_balance(system, data)]
        errors = [i.message for i in issues if i.level == "erreur"]
        warnings = [i.message for i in issues if i.level == "attention"]
        ratio = 1.0 - 0.25 * len(errors) - 0.1 * len(warnings) - (0.5 if failure else 0.0)
        return Outcome(ratio, notes=(errors + warnings)[:6])

    def resultats() -> Outcome:
        if result is None or reference is None:
            return Outcome(0.0, notes=[f"Calcul impossible : {failure}"] if failure else [])
        found, missed, notes = [], [], []
        score = 0.0
        for cat in k.categories:
            got, want = result.impacts.get(cat, 0.0), reference.impacts.get(cat, 0.0)
            label = next((c.libelle for c in method.categories if c.id == cat), cat)
            if _close(got, want, k.tolerance):
                score += 1.0
                found.append(label)
            else:
                score += 0.5 if _close(got, want, 3 * k.tolerance) else 0.0
                missed.append(label)
                gap = (got - want) / want if want else 0.0
                notes.append(f"{label} : écart de {round(100 * gap):+d} % au modèle de référence.")
        # results are only as right as the model is complete: a near-empty tool that lands on the
        # total because one datum dominates is not a right LCA
        present = sum(any(p in (exp.fournisseur, *exp.alternatives) for (_, p) in used)
                      for exp in k.donnees) / len(k.donnees)
        if present < 1:
            notes.append(f"Modèle incomplet : {round(100 * present)} % des données attendues.")
        return Outcome(score / len(k.categories) * present, found, missed, notes)

    def points_chauds() -> Outcome:
        named = [r for r in a.lectures if r.cible]
        found = [h for h in k.points_chauds if any(_names(r.cible, h, data) for r in named)]
        argued = [r for r in named if _words(r.piste) >= 3 and re.search(r"\d", r.constat)]
        ratio = (0.6 * len(found) / len(k.points_chauds)
                 + 0.4 * (len(argued) / len(named) if named else 0.0))
        notes = [] if len(argued) == len(named) else [
            "Chaque lecture doit chiffrer le constat (part, valeur) et en tirer une piste."]
        return Outcome(ratio, found, [h for h in k.points_chauds if h not in found], notes)

    def scenarios() -> Outcome:
        if not a.scenarios or result is None:
            return Outcome(0.0, missed=list(k.leviers))
        valid, gains, shifted, notes = 0, 0, [], []
        acting: set[str] = set()
        where: set[str] = set()
        for s in a.scenarios:
            if not s.modifications:
                notes.append(f"Scénario {s.id} : aucune modification, il ne se compare à rien.")
                continue
            try:
                variant = compute(apply_scenario(system, s), data, method)
            except LcaError as exc:
                notes.append(f"Scénario {s.id} : {exc}")
                continue
            valid += 1
            acting.add(s.levier)
            climate = next((g for g in compare(result, variant) if g.category == CLIMATE), None)
            gains += bool(climate and climate.relative <= -0.05)
            shifts = burden_shifts(result, variant)
            if shifts:
                shifted.append(s.id)
                where.update(x.stage or x.category for x in shifts)
                notes.append(f"Scénario {s.id} : {shifts[0].message}")
        # the discussion names the shift (the word) and where it goes (the stage or category)
        where.update(k.transferts)
        folded = normalise(texts)
        discussed = any(w in folded for w in _SHIFT_WORDS) and any(
            normalise(x) in folded or normalise(STAGES.get(x, x)) in folded
            or normalise(STAGES.get(x, x)).split()[0] in folded.split() for x in where)
        if shifted and not discussed:
            notes.append("Un transfert de pollution apparaît : discutez-le dans la justification "
                         "ou la conclusion.")
        if not valid:
            return Outcome(0.0, missed=list(k.leviers), notes=notes[:6])
        levers: list[str] = sorted(acting & set(k.leviers))
        ratio = (0.35 * min(1.0, len(levers) / min(2, len(k.leviers)))
                 + 0.15 * valid / len(a.scenarios) + 0.25 * (gains > 0)
                 + 0.25 * (discussed if shifted or k.transferts else 1.0))
        return Outcome(ratio, levers, [x for x in k.leviers if x not in levers], notes[:6])

    def conclusion() -> Outcome:
        text = a.conclusion
        if _words(text) < 15:
            return Outcome(0.0, notes=["La recommandation d'écoconception est absente ou trop brève."])
        cites = any(s.id and re.search(rf"\b{re.escape(s.id)}\b", text) for s in a.scenarios)
        return Outcome(0.5 + 0.25 * cites + 0.25 * bool(re.search(r"\d+ ?%", text)))

    def rse_objectifs() -> Outcome:
        actions = a.actions_rse
        if not actions:
            return Outcome(0.0, missed=list(k.objectifs_rse))
        cover = coverage(actions, policy)
        covered = [o for o in k.objectifs_rse if cover.get(o)]
        matches = match_expected(pairs(k.actions_rse), [f"{x.libelle}" for x in actions])
        hit = [m for m in matches if m.found_in]
        fitting = 0
        for m in hit:
            exp = next(e for e in k.actions_rse if e.libelle == m.expected)
            act = next(x for x in actions if x.libelle == m.found_in)
            fitting += bool(set(act.odd) & set(exp.odd)) + bool(
                set(act.questions_centrales) & set(exp.questions_centrales))
        # the links and the facts only: impacts and texts have their own items
        errors = [i.message for i in check_actions(actions, policy_objectives=policy, known_texts={},
                                                   known_facts=case.facts,
                                                   parts={"rattachement", "faits"})
                  if i.level == "erreur"]
        # a plan of four to six actions is complete: the key lists more ways to serve the policy
        ratio = (0.4 * len(covered) / len(k.objectifs_rse) + 0.3 * min(1.0, len(hit) / min(5, len(matches)))
                 + 0.3 * (fitting / (2 * len(hit)) if hit else 0.0) - 0.05 * len(errors))
        return Outcome(ratio, covered, [o for o in k.objectifs_rse if o not in covered], errors[:5])

    def rse_impacts() -> Outcome:
        actions = a.actions_rse
        if not actions:
            return Outcome(0.0)
        argued = [x for x in actions if any(_words(i.description) >= 8 and i.indicateur
                                            for i in x.impacts)]
        targeted = [x for x in actions if any(i.valeur_cible for i in x.impacts)]
        return Outcome(0.7 * len(argued) / len(actions) + 0.3 * len(targeted) / len(actions),
                       [x.id for x in argued], [x.id for x in actions if x not in argued])

    def rse_textes() -> Outcome:
        actions = a.actions_rse
        if not actions:
            return Outcome(0.0)
        named = {x.id: {t for written in x.textes for t in find_texts(written)} for x in actions}
        with_text = [i for i, t in named.items() if t]
        relevant = set().union(*named.values()) & set(k.textes_attendus)
        ratio = 0.7 * len(with_text) / len(actions) + 0.3 * (
            len(relevant) / len(k.textes_attendus) if k.textes_attendus else 1.0)
        return Outcome(ratio, sorted(relevant), sorted(set(k.textes_attendus) - relevant))

    return {"champ_etude": champ_etude, "donnees": donnees, "saisie": saisie,
            "resultats": resultats, "points_chauds": points_chauds, "scenarios": scenarios,
            "conclusion": conclusion, "rse_objectifs": rse_objectifs, "rse_impacts": rse_impacts,
            "rse_textes": rse_textes}


def _compute(system: ProductSystem, data: Mapping[str, Dataset],
             method: LcaMethod) -> tuple[LcaResult | None, str]:
    from qsecase.errors import LcaError
    from qsecase.methods.lca_engine import compute

    if not system.processus:
        return None, ""
    try:
        return compute(system, data, method), ""
    except LcaError as exc:
        return None, str(exc)


def _datum(exp: ExpectedExchange, used: Mapping[tuple[str, str], float],
           cited: Mapping[tuple[str, str], list[str]], case: Case,
           tolerance: float) -> tuple[float, str]:
    """Credit for one expected datum: present at its stage (0.4), right amount (0.4), sourced (0.2)."""
    providers = [exp.fournisseur, *exp.alternatives]
    at_stage = [p for p in providers if (exp.etape, p) in used]
    elsewhere = [(s, p) for (s, p) in used if p in providers and s != exp.etape]
    label = exp.libelle or exp.fournisseur
    if not at_stage and not elsewhere:
        return 0.0, ""
    amount = sum(used[(exp.etape, p)] for p in at_stage) if at_stage else sum(
        used[x] for x in elsewhere)
    part = 0.4 if at_stage else 0.2
    note = "" if at_stage else f"{label} : saisi à une autre étape que « {STAGES[exp.etape]} »."
    if _close(amount, exp.quantite, tolerance):
        part += 0.4
    elif not note:
        note = f"{label} : la quantité par unité fonctionnelle est à revoir."
    sources = [f for p in at_stage for f in cited.get((exp.etape, p), [])]
    if sources and all(f in case.facts for f in sources):
        part += 0.2
    return part, note


def _names(written: str, expected: str, data: Mapping[str, Dataset]) -> bool:
    """Whether the trainee's « cible » names the expected hotspot (a stage or a dataset)."""
    if written == expected:
        return True
    labels = [expected, STAGES.get(expected, ""), data[expected].libelle if expected in data else ""]
    return any(lab and (phrase_in(lab, written) >= 86 or phrase_in(written, lab) >= 86)
               for lab in labels)
