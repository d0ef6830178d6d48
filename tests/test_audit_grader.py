"""The audit rules on the bundled case: a complete audit earns the automatic points, gaps cost."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qsecase.corpus import load_case
from qsecase.exercises import registry
from qsecase.exercises.audit.model import AuditAnswers, AuditKey
from qsecase.methods.audit import (
    Auditee,
    AuditPlan,
    AuditReportInfo,
    Finding,
    InterviewNote,
    Question,
    SamplePlan,
    TeamMember,
    draw_sample,
)
from qsecase.methods.audit_prep import EvidenceItem

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "cases" / "ventoux"
EXERCISE = registry.get("audit")


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    return load_case(CASE)


@pytest.fixture(scope="module")
def key() -> AuditKey:
    return registry.load_key(EXERCISE, CASE / "key" / "audit.yaml")  # type: ignore[return-value]


def complete(case, key: AuditKey) -> AuditAnswers:  # type: ignore[no-untyped-def]
    """An audit written from the key as a careful trainee would."""
    start = dt.datetime(2026, 11, 3, 8, 30)
    interviews = [Auditee(fonction=s.fonction.libelle, clauses=s.clauses, duree_min=60,
                          debut=start + dt.timedelta(hours=n), auditeur="Auditrice QSE")
                  for n, s in enumerate(key.fonctions)]
    plan = AuditPlan(objectifs="Vérifier la conformité du système aux référentiels avant la certification",
                     champ="Site de Carpentras, production, achats, maintenance, RH, environnement",
                     criteres=key.referentiels, date=start.date(), lieu="Carpentras",
                     equipe=[TeamMember(nom="Auditrice QSE", fonction="Chargée de mission QSE",
                                        role="responsable d'audit")],
                     entretiens=interviews)
    samples = []
    for want in key.echantillonnage:
        column = next(c.nom for c in case.spec.document(want.population).colonnes if c.cle)
        rows = case.table(want.population)
        ids = [str(r[column]) for r in rows]
        size = (want.taille_min + want.taille_max) // 2
        method = want.methodes[0]
        strata = {str(r[column]): str(r.get(want.strate)) for r in rows} if want.strate else None
        if method == "raisonné":
            elements = ids[:size]
        else:
            elements = draw_sample(ids, size, method=method, seed=2026,
                                   strata=strata if method == "stratifié" else None)
        samples.append(SamplePlan(population=want.population, objectif="Vérifier les enregistrements",
                                  methode=method, taille=size, graine=2026, strate=want.strate,
                                  elements=elements, justification="Couvrir chaque type d'enregistrement"))
    standard = key.referentiels[0]
    questions = [Question(id=f"Q{n}", referentiel=standard, clause=s.clauses[0],
                          exigence="Exigence reformulée du chapitre", question="Montrez-moi comment vous "
                          "maîtrisez cette exigence", preuve_attendue="Enregistrement daté et signé",
                          fonction=s.fonction.libelle, conclusion="conforme",
                          notes=InterviewNote(preuves_vues="Enregistrement vu", relances="Et ensuite ?",
                                              reformulation="Si je comprends bien…"))
                 for n, s in enumerate(key.fonctions, 1)]
    findings = [Finding(id=f"C{n}", type=e.types[0], referentiel=e.referentiel, clause=e.clauses[0],
                        exigence=e.libelle, preuves=e.faits, constat=e.libelle,
                        raisonnement="Écart constaté sur les preuves citées")
                for n, e in enumerate(key.constats, 1)]
    report = AuditReportInfo(contexte="Audit interne préalable à la certification",
                             deroulement="Audit mené sur deux jours sans obstacle",
                             conclusion="Le système est globalement maîtrisé, des écarts sont à traiter",
                             diffusion=key.diffusion, date_rapport=dt.date(2026, 11, 6))
    preparation = [EvidenceItem(referentiel=e.referentiel, clause=e.clause, exigence=e.libelle,
                                document=e.document, statut=e.statut) for e in key.preuves]
    return AuditAnswers(plan=plan, echantillons=samples, questions=questions, constats=findings,
                        rapport=report, preparation=preparation)


def grade(answers: AuditAnswers, case, key):  # type: ignore[no-untyped-def]
    return EXERCISE.grade(answers, key, case, trainee="t", now=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))


def items(g):  # type: ignore[no-untyped-def]
    return {i.item: i for i in g.items}


def test_complete_audit_earns_the_automatic_points(case, key) -> None:  # type: ignore[no-untyped-def]
    g = grade(complete(case, key), case, key)
    lost = {i.item: (i.points, i.max_points, i.feedback) for i in g.items
            if i.status not in ("acquis", "à vérifier")}
    assert lost == {}


def test_wrong_classifications_are_named(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = complete(case, key)
    flipped = [f.model_copy(update={"type": "point fort" if f.type != "point fort" else "NC majeure"})
               for f in answers.constats]
    item = items(grade(answers.model_copy(update={"constats": flipped}), case, key))["constats_classes"]
    assert item.points == 0
    assert "classement" in item.feedback


def test_interviews_missing_clauses_lose_coverage(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = complete(case, key)
    bare = [i.model_copy(update={"clauses": ["5.1"]}) for i in answers.plan.entretiens]
    plan = answers.plan.model_copy(update={"entretiens": bare})
    item = items(grade(answers.model_copy(update={"plan": plan}), case, key))["plan_couverture"]
    assert item.status != "acquis"


def test_sample_of_unknown_records_is_reported(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = complete(case, key)
    sample = answers.echantillons[0].model_copy(update={"elements": ["X-999", "X-998"], "taille": 2})
    item = items(grade(answers.model_copy(update={"echantillons": [sample]}), case, key))["echantillonnage"]
    assert item.status != "acquis"
    assert "X-999" in item.feedback


def test_evidence_statuses_must_match_the_document_list(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = complete(case, key)
    all_present = [i.model_copy(update={"statut": "présent"}) for i in answers.preparation]
    item = items(grade(answers.model_copy(update={"preparation": all_present}), case, key))["ecarts_preuves"]
    assert item.status != "acquis"


def test_findings_citing_unknown_facts_are_reported(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = complete(case, key)
    bad = [f.model_copy(update={"preuves": ["ZZ77"]}) for f in answers.constats]
    item = items(grade(answers.model_copy(update={"constats": bad}), case, key))["rapport"]
    assert "ZZ77" in item.feedback
