"""Internal audit methods: clause coverage, plan, sampling, questionnaire, findings, preparation."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys

import pytest

from qsecase.methods.audit import (
    Auditee,
    AuditPlan,
    Finding,
    InterviewNote,
    Question,
    TeamMember,
    check_findings,
    check_plan,
    check_questions,
    clause_key,
    clause_number,
    covers,
    draw_sample,
    findings_by_clause,
    sample_coverage,
)
from qsecase.methods.audit_prep import EvidenceItem, check_evidence, evidence_summary

CATALOGUE = {
    "ISO 9001": {c: f"titre {c}" for c in ["4", "5", "6", "7", "7.1", "7.1.5", "7.1.5.1", "7.2", "7.5",
                                           "8", "8.5", "8.5.1", "8.5.2", "8.7", "9", "9.2", "10", "10.2"]},
    "ISO 14001": {c: f"titre {c}" for c in ["4", "6", "6.1", "6.1.2", "6.1.3", "8", "8.1", "8.2"]},
    "ISO 45001": {c: f"titre {c}" for c in ["4", "5", "5.4", "6", "6.1", "6.1.2", "8", "8.1"]},
}
DAY = dt.date(2025, 3, 12)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute))


def messages(issues: list) -> list[tuple[str, str]]:
    return [(i.level, i.message) for i in issues]


def errors(issues: list) -> list[str]:
    return [i.message for i in issues if i.level == "erreur"]


def warnings(issues: list) -> list[str]:
    return [i.message for i in issues if i.level == "attention"]


# --- covers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("listed", "wanted", "expected"), [
    (["8.5"], "8.5.1", True),        # a parent covers its sub-clauses
    (["8.5.1"], "8.5", True),        # a sub-clause touches its parent
    (["8"], "8.7", True),            # a chapter covers all of it
    (["8.5.1"], "8", True),
    (["8.5.1"], "8.5.2", False),     # siblings do not
    (["8.1"], "8.10", False),        # « 8.1 » is not a prefix of « 8.10 »
    (["9.1"], "10.1", False),
    (["§ 7.1.5 a)"], "7.1.5.1", True),
    ([], "8.5", False),
    (["8.5"], "", False),
    (["4.4", "7.5.3"], "7.5", True),
    (["C. env. R541-43"], "R541-43", True),
    (["C. env. R541-43"], "C. env. R541-43-1", False),
    (["c. trav. r4227-39"], "C. trav. R4227-39", True),
])
def test_covers(listed: list[str], wanted: str, expected: bool) -> None:
    assert covers(listed, wanted) is expected


def test_clause_number_and_order() -> None:
    assert clause_number("§ 8.5.1 a)") == "8.5.1"
    assert clause_number("  C. env.   R541-43 ") == "C. env. R541-43"
    assert clause_number("4-4") == "4-4"
    assert sorted(["10.2", "9.1", "C. env. R541-43", "", "9.1.2", "4"], key=clause_key) == [
        "4", "9.1", "9.1.2", "10.2", "C. env. R541-43", ""]


# --- audit plan -------------------------------------------------------------------------------


def good_plan() -> AuditPlan:
    return AuditPlan(
        objectifs="Vérifier la maîtrise de la production et des déchets",
        champ="Site de Cavaillon, ateliers de conditionnement, mars 2025",
        criteres=["ISO 9001", "ISO 14001"],
        date=DAY,
        equipe=[TeamMember(nom="Alice Martin", fonction="Responsable QSE", role="responsable d'audit"),
                TeamMember(nom="Bruno Petit", fonction="Responsable maintenance", role="auditeur")],
        entretiens=[
            Auditee(fonction="Responsable production", clauses=["8.5.1", "7.1.5"], debut=at(9),
                    duree_min=60, auditeur="Alice Martin"),
            Auditee(fonction="Responsable maintenance", clauses=["7.1.5.1"], debut=at(9),
                    duree_min=60, auditeur="Alice Martin".upper()),  # same person, other slot below
            Auditee(fonction="Responsable environnement", clauses=["6.1.2", "8.1"], debut=at(10, 30),
                    duree_min=45, auditeur="Bruno Petit"),
        ],
    )


def sound_plan() -> AuditPlan:
    plan = good_plan()
    plan.entretiens[1] = Auditee(fonction="Chef d'équipe conditionnement", clauses=["8.5"], debut=at(10),
                                 duree_min=60, auditeur="Alice Martin")
    return plan


def test_a_sound_plan_has_no_issue() -> None:
    assert check_plan(sound_plan(), CATALOGUE) == []


def test_plan_states_objectives_scope_criteria() -> None:
    plan = sound_plan()
    plan.objectifs, plan.champ, plan.criteres = "", "", []
    got = errors(check_plan(plan, CATALOGUE))
    assert "Plan d'audit : objectifs de l'audit non précisés" in got
    assert any(m.startswith("Plan d'audit : champ de l'audit non précisé") for m in got)
    assert "Plan d'audit : aucun référentiel retenu comme critère d'audit" in got


@pytest.mark.parametrize(("roles", "found"), [(["auditeur", "auditeur"], 0),
                                              (["responsable d'audit", "responsable d'audit"], 2)])
def test_exactly_one_lead_auditor(roles: list[str], found: int) -> None:
    plan = sound_plan()
    plan.equipe = [TeamMember(nom=m.nom, fonction=m.fonction, role=r)  # type: ignore[arg-type]
                   for m, r in zip(plan.equipe, roles, strict=True)]
    assert (f"Plan d'audit : il faut exactement un responsable d'audit (trouvé : {found})"
            in errors(check_plan(plan, CATALOGUE)))


def test_empty_team() -> None:
    plan = sound_plan()
    plan.equipe = []
    got = errors(check_plan(plan, CATALOGUE))
    assert any("équipe d'audit non constituée" in m for m in got)


def test_unknown_clause_is_named() -> None:
    plan = sound_plan()
    plan.entretiens[0].clauses = ["8.5.1", "5.4", "11.2", "Production"]
    got = errors(check_plan(plan, CATALOGUE))
    assert ("Entretien n° 1 (Responsable production) : chapitre « 5.4 » inexistant dans ISO 9001, "
            "ISO 14001") in got
    assert any("« 11.2 »" in m for m in got)
    assert any("« Production » n'est pas un numéro de chapitre" in m for m in got)
    assert len(got) == 3   # 8.5.1 is known
    plan.criteres = ["ISO 45001"]   # 5.4 exists in ISO 45001
    plan.entretiens[0].clauses = ["5.4"]
    got = errors(check_plan(plan, CATALOGUE))
    assert got == ["Entretien n° 2 (Chef d'équipe conditionnement) : chapitre « 8.5 » inexistant dans "
                   "ISO 45001"]


def test_sub_clause_missing_from_catalogue_is_only_doubtful() -> None:
    plan = sound_plan()
    plan.entretiens[0].clauses = ["8.5.4"]
    issues = check_plan(plan, CATALOGUE)
    assert not errors(issues)
    assert any("« 8.5.4 » absent du catalogue" in m for m in warnings(issues))


def test_independence_an_auditor_does_not_audit_his_own_function() -> None:
    plan = sound_plan()
    plan.entretiens[2].fonction = "Responsable maintenance"   # Bruno Petit's own function
    got = errors(check_plan(plan, CATALOGUE))
    assert len(got) == 1
    assert "Bruno Petit (Responsable maintenance) auditerait sa propre fonction" in got[0]
    assert "indépendance" in got[0]
    # the same words inside a longer title are the same function
    plan.entretiens[2].fonction = "Responsable maintenance et travaux neufs"
    assert any("propre fonction" in m for m in errors(check_plan(plan, CATALOGUE)))
    # another auditor may audit that function
    plan.entretiens[2].auditeur = "Alice Martin"
    plan.entretiens[2].debut = at(14)
    assert not errors(check_plan(plan, CATALOGUE))


def test_overlapping_slots_of_one_auditor() -> None:
    got = errors(check_plan(good_plan(), CATALOGUE))
    assert got == ["Alice Martin est prévu sur deux entretiens qui se chevauchent : n° 1 (Responsable "
                   "production, 09:00–10:00) et n° 2 (Responsable maintenance, 09:00–10:00)"]


def test_partial_overlap_detected_but_back_to_back_is_fine() -> None:
    plan = sound_plan()
    plan.entretiens[1].debut = at(9, 45)
    assert len([m for m in errors(check_plan(plan, CATALOGUE)) if "se chevauchent" in m]) == 1
    plan.entretiens[1].debut = at(10)      # 09:00–10:00 then 10:00–11:00
    assert not errors(check_plan(plan, CATALOGUE))
    plan.entretiens[2].debut = at(9)       # another auditor at the same time: fine
    assert not errors(check_plan(plan, CATALOGUE))


def test_interviews_without_slot_auditor_or_clause_are_warned() -> None:
    plan = sound_plan()
    plan.entretiens.append(Auditee(fonction="Magasinier"))
    got = messages(check_plan(plan, CATALOGUE))
    assert ("attention", "Entretien n° 4 (Magasinier) : créneau horaire non précisé") in got
    assert ("attention", "Entretien n° 4 (Magasinier) : auditeur non désigné") in got
    assert ("attention", "Entretien n° 4 (Magasinier) : aucun chapitre du référentiel à couvrir") in got
    assert not errors(check_plan(plan, CATALOGUE))


def test_interviewer_outside_the_team_and_observer() -> None:
    plan = sound_plan()
    plan.entretiens[2].auditeur = "Chloé Roux"
    assert ("Entretien n° 3 (Responsable environnement) : « Chloé Roux » ne fait pas partie de l'équipe "
            "d'audit") in errors(check_plan(plan, CATALOGUE))
    plan.equipe.append(TeamMember(nom="Chloé Roux", role="observateur"))
    issues = check_plan(plan, CATALOGUE)
    assert not errors(issues)
    assert any("Chloé Roux est observateur" in m for m in warnings(issues))


# --- sampling ---------------------------------------------------------------------------------

POPULATION = [f"BL-{n:03d}" for n in range(1, 41)]
STRATA = {i: ("ligne 1" if n < 24 else "ligne 2" if n < 36 else "ligne 3")
          for n, i in enumerate(POPULATION)}


@pytest.mark.parametrize("method", ["aléatoire", "systématique"])
def test_same_seed_same_sample_other_seed_other_sample(method: str) -> None:
    first = draw_sample(POPULATION, 8, method=method, seed=2025)
    assert first == draw_sample(POPULATION, 8, method=method, seed=2025)
    assert first != draw_sample(POPULATION, 8, method=method, seed=7)
    assert len(first) == len(set(first)) == 8
    assert first == [i for i in POPULATION if i in first]      # population order


def test_systematic_sample_takes_every_kth() -> None:
    sample = draw_sample(POPULATION, 8, method="systématique", seed=3)
    positions = [POPULATION.index(i) for i in sample]
    assert {b - a for a, b in itertools.pairwise(positions)} == {5}
    assert positions[0] < 5


def test_stratified_sample_has_every_stratum_in_proportion() -> None:
    sample = draw_sample(POPULATION, 10, method="stratifié", seed=1, strata=STRATA)
    per = {s: sum(STRATA[i] == s for i in sample) for s in ("ligne 1", "ligne 2", "ligne 3")}
    assert per == {"ligne 1": 6, "ligne 2": 3, "ligne 3": 1}       # 24, 12 and 4 of 40
    assert sample == draw_sample(POPULATION, 10, method="stratifié", seed=1, strata=STRATA)
    small = draw_sample(POPULATION, 3, method="stratifié", seed=9, strata=STRATA)
    assert {STRATA[i] for i in small} == {"ligne 1", "ligne 2", "ligne 3"}


def test_stratified_needs_a_stratum_for_every_element() -> None:
    with pytest.raises(ValueError, match="indiquez la strate"):
        draw_sample(POPULATION, 5, method="stratifié", seed=1)
    with pytest.raises(ValueError, match="éléments sans strate : BL-001"):
        draw_sample(POPULATION, 5, method="stratifié", seed=1,
                    strata={k: v for k, v in STRATA.items() if k != "BL-001"})


def test_judgement_sampling_is_not_drawn() -> None:
    with pytest.raises(ValueError, match=r"raisonné.*l'auditeur les choisit"):
        draw_sample(POPULATION, 5, method="raisonné", seed=1)
    with pytest.raises(ValueError, match="méthode d'échantillonnage inconnue"):
        draw_sample(POPULATION, 5, method="au hasard")


def test_sample_size_within_the_population() -> None:
    with pytest.raises(ValueError, match=r"taille d'échantillon \(41\) supérieure à la population \(40"):
        draw_sample(POPULATION, 41, seed=1)
    with pytest.raises(ValueError, match="négative"):
        draw_sample(POPULATION, -1)
    with pytest.raises(ValueError, match="en double dans la population : BL-001"):
        draw_sample([*POPULATION, "BL-001"], 3)
    assert draw_sample(POPULATION, 0) == []
    assert draw_sample(POPULATION, 40, seed=1) == POPULATION


def test_sample_coverage() -> None:
    cov = sample_coverage(POPULATION, ["BL-001", "BL-030", "BL-040", "BL-999", "BL-001"], STRATA)
    assert (cov.population, cov.sample, cov.share) == (40, 3, 3 / 40)
    assert cov.unknown == ["BL-999"]
    assert cov.duplicates == ["BL-001"]
    assert {s: (c.population, c.sample) for s, c in cov.strata.items()} == {
        "ligne 1": (24, 1), "ligne 2": (12, 1), "ligne 3": (4, 1)}
    assert cov.drawn_total()["ligne 3"] == (1, 4)
    assert cov.strata["ligne 3"].share == 0.25
    assert sample_coverage(POPULATION, [], None).strata == {}
    assert sample_coverage([], ["A"]).share == 0.0


# --- questionnaire ----------------------------------------------------------------------------


def question(**kw: object) -> Question:
    base: dict[str, object] = dict(
        id="Q1", referentiel="ISO 9001", clause="7.1.5.1",
        exigence="Les équipements de mesure utilisés pour libérer le produit sont étalonnés",
        question="Comment savez-vous que la balance de la ligne 2 mesure juste ?",
        preuve_attendue="Certificat d'étalonnage en cours de validité, étiquette sur la balance",
        fonction="Technicien métrologie")
    base.update(kw)
    return Question.model_validate(base)


def test_a_sound_question_has_no_issue() -> None:
    assert check_questions([question()], CATALOGUE) == []
    closed_with_evidence = question(question="Avez-vous un plan d'étalonnage ?")
    assert check_questions([closed_with_evidence], CATALOGUE) == []


def test_question_clause_must_exist_in_its_standard() -> None:
    got = errors(check_questions([question(clause="5.4")], CATALOGUE))
    assert got == ["Question Q1 : chapitre « 5.4 » inexistant dans ISO 9001"]
    assert check_questions([question(referentiel="ISO 45001", clause="5.4")], CATALOGUE) == []
    assert errors(check_questions([question(clause="")], CATALOGUE)) == [
        "Question Q1 : chapitre du référentiel non précisé"]


def test_question_needs_requirement_and_text() -> None:
    got = errors(check_questions([question(exigence="", question="")], CATALOGUE))
    assert "Question Q1 : exigence non reformulée (écrivez-la avec vos mots)" in got
    assert "Question Q1 : question non rédigée" in got


@pytest.mark.parametrize("text", ["La balance est étalonnée, n'est-ce pas ?",
                                  "Je suppose que la balance est étalonnée ?",
                                  "Vous êtes d’accord que tout est conforme ?"])
def test_leading_questions_are_warned(text: str) -> None:
    got = warnings(check_questions([question(question=text)], CATALOGUE))
    assert len(got) == 1 and "question orientée" in got[0]


@pytest.mark.parametrize("text", ["Avez-vous un plan d'étalonnage ?", "Est-ce que la balance est étalonnée ?",
                                  "Y a-t-il un registre ?", "Existe-t-il une procédure ?",
                                  "Le registre des déchets est-il à jour ?",
                                  "Avez-vous un registre qui trace les déchets ?"])
def test_yes_no_question_without_evidence(text: str) -> None:
    got = warnings(check_questions([question(question=text, preuve_attendue="")], CATALOGUE))
    assert got == ["Question Q1 : question fermée (réponse oui/non) sans preuve attendue ; la réponse seule "
                   "ne permet pas de conclure : demandez à voir un document, un enregistrement ou une "
                   "situation"]


@pytest.mark.parametrize("text", ["Comment vérifiez-vous la balance ?",
                                  "Pouvez-vous me montrer le dernier certificat d'étalonnage ?",
                                  "Quelle est la fréquence d'étalonnage ?",
                                  "Vous étalonnez la balance à quelle fréquence ?",
                                  "Qui libère les lots ?", "Peut-on consulter le registre ?",
                                  "Vérifier le suivi des étalonnages"])
def test_open_question_without_evidence(text: str) -> None:
    got = warnings(check_questions([question(question=text, preuve_attendue="")], CATALOGUE))
    assert got == ["Question Q1 : preuve attendue non précisée (document, enregistrement, observation)"]


def test_nonconforming_conclusion_needs_evidence_seen() -> None:
    q = question(conclusion="non conforme")
    assert any("sans preuve vue notée" in m for m in warnings(check_questions([q], CATALOGUE)))
    q = question(conclusion="non conforme", notes=InterviewNote(preuves_vues="Certificat expiré le 02/01"))
    assert check_questions([q], CATALOGUE) == []


def test_duplicate_question_ids() -> None:
    got = errors(check_questions([question(), question()], CATALOGUE))
    assert got == ["Question Q1 : identifiant en double"]


# --- findings ---------------------------------------------------------------------------------

FACTS = {"F1", "F2", "F3"}


def finding(**kw: object) -> Finding:
    base: dict[str, object] = dict(
        id="C1", type="NC mineure", referentiel="ISO 9001", clause="7.1.5.1",
        exigence="Les équipements de mesure sont étalonnés à intervalles définis",
        preuves=["F1"], constat="Le certificat d'étalonnage de la balance B2 a expiré le 2 janvier 2025.")
    base.update(kw)
    return Finding.model_validate(base)


def test_sound_findings_have_no_issue() -> None:
    findings = [finding(),
                finding(id="C2", type="point fort", preuves=[], constat="Tri des déchets exemplaire"),
                finding(id="C3", type="NC majeure", preuves=["F2", "F3"],
                        raisonnement="Aucune balance de la ligne n'est étalonnée : la libération n'est plus "
                                     "maîtrisée")]
    assert check_findings(findings, FACTS) == []


def test_nonconformity_needs_evidence_that_exists() -> None:
    got = errors(check_findings([finding(preuves=[])], FACTS))
    assert got == ["Constat C1 : une NC mineure s'appuie sur au moins une preuve (fait constaté du corpus)"]
    got = errors(check_findings([finding(preuves=["F1", "F9"])], FACTS))
    assert got == ["Constat C1 : preuve(s) inconnue(s) dans le corpus : F9"]
    # an observation may rest on no fact, but a cited fact must exist
    assert check_findings([finding(type="observation", preuves=[])], FACTS) == []
    assert errors(check_findings([finding(type="observation", preuves=["X"])], FACTS))


def test_major_nonconformity_needs_reasoning() -> None:
    got = errors(check_findings([finding(type="NC majeure")], FACTS))
    assert len(got) == 1 and got[0].startswith("Constat C1 : NC majeure sans raisonnement")


def test_finding_needs_clause_requirement_and_text() -> None:
    got = errors(check_findings([finding(clause="", exigence="", constat="")], FACTS))
    assert len(got) == 3


@pytest.mark.parametrize("text", ["Négligence du service maintenance sur les étalonnages.",
                                  "Le laxisme de l'atelier est manifeste.",
                                  "C'est une faute grave du technicien.",
                                  "Technicien incompétent en métrologie.",
                                  "Manque de rigueur dans le suivi."])
def test_judgement_words_are_warned(text: str) -> None:
    got = warnings(check_findings([finding(constat=text)], FACTS))
    assert len(got) == 1 and "est un jugement" in got[0]


def test_neutral_wording_is_not_a_judgement() -> None:
    text = ("Faute de planning d'étalonnage, le certificat de la balance B2 a expiré ; la dérive mesurée "
            "reste négligeable.")
    assert check_findings([finding(constat=text)], FACTS) == []


def test_findings_by_clause_in_numeric_order() -> None:
    findings = [finding(id="A", clause="10.2"), finding(id="B", clause="9.1"),
                finding(id="C", clause="C. env. R541-43", referentiel="réglementation"),
                finding(id="D", clause="9.1 "), finding(id="E", clause="8.5.1")]
    groups = findings_by_clause(findings)
    assert list(groups) == ["8.5.1", "9.1", "10.2", "C. env. R541-43"]
    assert [f.id for f in groups["9.1"]] == ["B", "D"]


# --- external audit preparation ---------------------------------------------------------------

REQUIRED = [("ISO 9001", "7.1.5.1"), ("ISO 9001", "9.2.2"), ("ISO 14001", "6.1.2"),
            ("réglementation", "C. env. R541-43")]


def item(**kw: object) -> EvidenceItem:
    base: dict[str, object] = dict(referentiel="ISO 9001", clause="7.1.5", exigence="Preuves d'étalonnage",
                                   document="ENR-MET-002", statut="présent")
    base.update(kw)
    return EvidenceItem.model_validate(base)


def test_evidence_covers_the_scope() -> None:
    items = [item(), item(clause="9.2.2", exigence="Programme d'audit", document="PRG-AUD-2025"),
             item(referentiel="ISO 14001", clause="6.1.2", exigence="Analyse environnementale",
                  statut="périmé", document="ANA-ENV-01"),
             item(referentiel="réglementation", clause="R541-43", exigence="Registre des déchets",
                  document="REG-DEC")]
    assert check_evidence(items, REQUIRED) == []
    got = errors(check_evidence(items[:1], [*REQUIRED, ("ISO 9001", "9.2.2")]))   # listed once
    assert got == ["Préparation : exigences du périmètre sans ligne : ISO 9001 9.2.2, ISO 14001 6.1.2, "
                   "réglementation C. env. R541-43"]
    # the same clause number in another standard does not count
    got = errors(check_evidence([item(referentiel="ISO 14001", clause="7.1.5.1")], REQUIRED[:1]))
    assert got == ["Préparation : exigences du périmètre sans ligne : ISO 9001 7.1.5.1"]


def test_present_evidence_needs_a_document() -> None:
    got = messages(check_evidence([item(document=""), item(document="", statut="manquant")], []))
    assert got == [("attention", "Préparation, ligne 1 (ISO 9001 7.1.5) : marquée « présent » sans "
                    "référence de document ; indiquez le document ou l'enregistrement qui le prouve")]
    assert errors(check_evidence([item(clause="")], [])) == [
        "Préparation, ligne 1 (ISO 9001 ?) : chapitre ou article non précisé"]


def test_evidence_summary_counts_every_status() -> None:
    items = [item(), item(statut="manquant"), item(statut="manquant"), item(statut="périmé")]
    assert evidence_summary(items) == {"présent": 1, "manquant": 2, "périmé": 1, "incomplet": 0}
    assert evidence_summary([]) == {"présent": 0, "manquant": 0, "périmé": 0, "incomplet": 0}


# --- purity -----------------------------------------------------------------------------------


def test_audit_methods_import_no_widget_plot_or_data_module() -> None:
    code = ("import sys, qsecase.methods.audit, qsecase.methods.audit_prep; "
            "print(' '.join(sorted(sys.modules)))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())
    assert "qsecase.methods.audit_checks" in loaded and "qsecase.methods.audit_sampling" in loaded
    assert not {"ipywidgets", "matplotlib", "IPython", "qsecase.audit_data", "yaml"} & loaded
