"""The rules that grade the QSE management-system exercise (4-1, 4-2, 4-3, 4-6). Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from qsecase.case_model import Case
from qsecase.exercises.shared_rules import pairs
from qsecase.exercises.sm_qse.model import SmQseAnswers, SmQseKey
from qsecase.grading.matching import best_match, match_expected
from qsecase.grading.rubric import Outcome
from qsecase.methods.doc_control import check_cartouche, readability_report
from qsecase.methods.reg_watch import is_recognised

__all__ = ["rules"]

_SECTIONS = ("objet", "domaine", "référence", "responsabilit", "déroulement", "étape", "enregistrement",
             "sécurité", "matériel", "en cas de")


def _month_index(period: str) -> int | None:
    try:
        year, month = period.split("-")[:2]
        return int(year) * 12 + int(month)
    except ValueError:
        return None


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def rules(answers: SmQseAnswers, key: SmQseKey, case: Case) -> dict[str, Callable[[], Outcome]]:
    """Named rules of the rubric, each closing over the answers, the key and the case."""
    a, k = answers, key
    today = k.date_analyse or case.spec.date_cas
    entries = {e.id: e for e in a.veille}

    def sources_veille() -> Outcome:
        if not a.veille:
            return Outcome(0.0)
        recognised = [e for e in a.veille if is_recognised(e.source)]
        fresh = [e for e in a.veille
                 if e.date_evaluation and today - e.date_evaluation <= dt.timedelta(days=366)]
        unknown = sorted({e.source for e in a.veille if e not in recognised and e.source})
        notes = [f"Sources non reconnues : {', '.join(unknown[:5])}."] if unknown else []
        return Outcome(0.6 * len(recognised) / len(a.veille) + 0.4 * len(fresh) / len(a.veille),
                       notes=notes)

    def applicabilite() -> Outcome:
        right, notes = [], []
        for e in k.veille:
            mine = entries.get(e.id)
            if mine is None or (mine.applicabilite == "à évaluer" != e.applicabilite):
                continue
            if mine.applicabilite == e.applicabilite and mine.justification:
                right.append(e.libelle)
            elif mine.applicabilite != e.applicabilite:
                notes.append(f"{e.id} : applicabilité à revoir.")
        return Outcome(len(right) / len(k.veille), right,
                       [e.libelle for e in k.veille if e.libelle not in right], notes[:6])

    def evolutions_recentes() -> Outcome:
        recent = [e for e in k.veille if e.recent]
        if not recent:
            return Outcome(1.0)
        handled = [e.libelle for e in recent
                   if (m := entries.get(e.id)) is not None and m.applicabilite != "à évaluer"
                   and m.justification
                   and (m.applicabilite != "applicable" or (m.actions and m.responsable and m.echeance))]
        return Outcome(len(handled) / len(recent), handled,
                       [e.libelle for e in recent if e.libelle not in handled])

    reviews = {r.reference: r for r in a.revue_documents}

    def formalisme() -> Outcome:
        score = 0.0
        found: list[str] = []
        missed: list[str] = []
        for e in k.documents:
            review = reviews.get(e.reference)
            if review is None:
                missed.append(e.reference)
                continue
            hit = set(review.ecarts) & set(e.ecarts)
            score += len(hit) / len(e.ecarts)
            (found if hit else missed).append(e.reference)
        false_alarms = [r.reference for r in a.revue_documents
                        if r.ecarts and r.reference not in {e.reference for e in k.documents}]
        notes = [f"Écarts signalés sur des documents conformes : {', '.join(false_alarms[:5])}."] \
            if false_alarms else []
        return Outcome(score / len(k.documents) - 0.05 * len(false_alarms), found, missed, notes)

    draft = a.nouveau_document

    def cartouche_nouveau() -> Outcome:
        c = draft.cartouche
        if not (c.reference or c.titre or draft.texte):
            return Outcome(0.0)
        issues = check_cartouche(c, case.spec.codification, today, in_use=False)
        errors = [i.message for i in issues if i.level == "erreur"]
        return Outcome(1 - 0.2 * len(errors) - 0.05 * (len(issues) - len(errors)), notes=errors[:5])

    def document_conforme() -> Outcome:
        if not draft.texte:
            return Outcome(0.0)
        text = draft.texte.casefold()
        sections = sum(s in text for s in _SECTIONS)
        audience = best_match([k.public_document.libelle, *k.public_document.synonymes],
                              [draft.public])[0] is not None
        acted = [e.reference for e in k.documents if (r := reviews.get(e.reference)) and r.action]
        return Outcome(0.4 * min(1.0, sections / 4) + 0.3 * audience + 0.3 * len(acted) / len(k.documents))

    def lisibilite() -> Outcome:
        if not draft.texte:
            return Outcome(0.0)
        report = readability_report(draft.texte, draft.public)
        warnings = list(report.issues)
        ratio = 0.7 * max(0.0, 1 - 0.1 * len(warnings)) + 0.3 * bool(draft.adaptations)
        return Outcome(ratio, notes=[i.message for i in warnings][:5])

    columns = {i.id: i.colonne for i in a.indicateurs}

    def relances() -> Outcome:
        if not k.donnees_manquantes:
            return Outcome(1.0 if a.relances else 0.5)
        asked = {(columns.get(r.indicateur, r.indicateur), r.periode) for r in a.relances}
        wanted = [tuple(m.split(":", 1)) for m in k.donnees_manquantes]
        chased = [f"{c}:{p}" for c, p in wanted if (c, p) in asked]
        return Outcome(len(chased) / len(wanted), chased,
                       [m for m in k.donnees_manquantes if m not in chased])

    matched_indicators = {}
    for exp in k.indicateurs:
        found, _ = best_match([exp.libelle, *exp.synonymes], [i.nom for i in a.indicateurs])
        if found is not None:
            matched_indicators[exp.libelle] = next(i for i in a.indicateurs if i.nom == found)

    def tableau_complet() -> Outcome:
        if not a.indicateurs:
            return Outcome(0.0)
        complete = [i for i in a.indicateurs if i.definition and i.responsable and i.source
                    and i.objectif is not None and i.seuil_alerte is not None and i.colonne]
        return Outcome(0.6 * len(matched_indicators) / len(k.indicateurs)
                       + 0.4 * len(complete) / len(a.indicateurs), list(matched_indicators),
                       [e.libelle for e in k.indicateurs if e.libelle not in matched_indicators])

    def tableau_accessible() -> Outcome:
        if not a.indicateurs:
            return Outcome(0.0)
        return Outcome(sum(bool(i.public) for i in a.indicateurs) / len(a.indicateurs))

    def derives() -> Outcome:
        found: list[str] = []
        notes: list[str] = []
        for e in k.derives:
            last = _month_index(e.periode)
            first = _month_index(e.debut) if e.debut else last
            for d in a.derives:
                col = columns.get(d.indicateur, d.indicateur)
                month = _month_index(d.periode)
                if col == e.colonne and d.type in e.types and month is not None and last is not None \
                        and first is not None and first - 2 <= month <= last + 2:
                    found.append(e.indicateur.libelle)
                    break
        # a value beyond its alert threshold is a fact, never a false alarm
        wrong = [d for d in a.derives if d.type != "seuil" and not any(
            columns.get(d.indicateur, d.indicateur) == e.colonne for e in k.derives)]
        if wrong:
            notes.append(f"{len(wrong)} dérive(s) signalée(s) sur des séries sans dérive.")
        return Outcome(len(found) / len(k.derives) - 0.1 * len(wrong), found,
                       [e.indicateur.libelle for e in k.derives if e.indicateur.libelle not in found], notes)

    def remontees() -> Outcome:
        subjects = [f"{i.sujet} — {i.message}" for i in a.remontees]
        score = 0.0
        found: list[str] = []
        for e in k.remontees:
            text, _ = best_match([e.libelle, *e.synonymes], subjects)
            if text is None:
                continue
            item = a.remontees[subjects.index(text)]
            score += 1.0 if item.gravite >= e.gravite_min else 0.6
            found.append(e.libelle)
        noise = [m.expected for m in match_expected(pairs(k.non_remontees), subjects) if m.found_in]
        notes = ["Des informations sans enjeu pour le dirigeant sont remontées."] if noise else []
        return Outcome(score / len(k.remontees) - 0.15 * len(noise), found,
                       [e.libelle for e in k.remontees if e.libelle not in found], notes)

    def crise() -> Outcome:
        c = a.crise
        if not (c.lot_origine or c.lots_concernes):
            return Outcome(0.0)
        lots = _jaccard(set(c.lots_concernes), set(k.crise_lots_finis))
        clients = _jaccard({x.casefold() for x in c.clients}, {x.casefold() for x in k.crise_clients})
        proofs = [m.expected for m in match_expected(pairs(k.crise_preuves), c.preuves) if m.found_in]
        ratio = (0.1 * (c.lot_origine == k.crise_lot) + 0.3 * lots + 0.25 * clients
                 + 0.25 * len(proofs) / len(k.crise_preuves) + 0.1 * bool(c.message))
        notes = [] if lots == 1 else ["Les lots concernés ne correspondent pas à la traçabilité du corpus."]
        # a lot left out of a recall stays on the shelves: never acquired
        missed_lot = not set(k.crise_lots_finis) <= set(c.lots_concernes)
        return Outcome(min(ratio, 0.6) if missed_lot else ratio, proofs,
                       [e.libelle for e in k.crise_preuves if e.libelle not in proofs], notes)

    return {f.__name__: f for f in (
        sources_veille, applicabilite, evolutions_recentes, formalisme, cartouche_nouveau,
        document_conforme, lisibilite, relances, tableau_complet, tableau_accessible, derives,
        remontees, crise)}
