"""Awareness session and meeting checks (5-5, 5-6): objective kinds, fit, durations, roles, styles."""

from __future__ import annotations

import pytest

from qsecase.methods.sessions import (
    ACTIVITIES,
    ACTIVITY_FIT,
    MEETING_KINDS,
    STYLE_FIT,
    AgendaItem,
    AwarenessSession,
    Meeting,
    Sequence_,
    check_meeting,
    check_session,
    objective_kind,
)


def text(issues) -> str:
    return "\n".join(i.message for i in issues)


def session(**kw) -> AwarenessSession:
    kw.setdefault("theme", "Port des lunettes de protection")
    kw.setdefault("public", "Opérateurs de l'atelier d'usinage")
    kw.setdefault("objectif", "À l'issue de la séance, les opérateurs sauront régler et porter "
                  "leurs lunettes de protection.")
    kw.setdefault("deroule", [
        Sequence_(duree_min=5, contenu="Les accidents oculaires de l'an dernier", activite="expose"),
        Sequence_(duree_min=10, contenu="Réglage des lunettes", activite="demonstration"),
        Sequence_(duree_min=10, contenu="Chacun règle ses lunettes", activite="mise-en-pratique"),
    ])
    kw.setdefault("evaluation", "Observation au poste le lendemain.")
    kw.setdefault("adaptations", "Démonstration visuelle et sous-titrée pour les personnes sourdes.")
    return AwarenessSession(**kw)


def meeting(**kw) -> Meeting:
    kw.setdefault("type", "resolution-probleme")
    kw.setdefault("objectif", "Choisir trois actions contre les projections et leurs pilotes.")
    kw.setdefault("participants", ["Chef d'atelier", "Deux opérateurs", "Maintenance"])
    kw.setdefault("ordre_du_jour", [AgendaItem(sujet="Faits", duree_min=10),
                                    AgendaItem(sujet="Causes", duree_min=20),
                                    AgendaItem(sujet="Actions", duree_min=15)])
    kw.setdefault("duree_min", 45)
    kw.setdefault("style", "facilitateur")
    kw.setdefault("roles", {"animateur": "Chargé QSE", "secrétaire": "Chef d'équipe"})
    kw.setdefault("adaptations", "Ordre du jour envoyé à l'avance en gros caractères.")
    kw.setdefault("suites", "Relevé de décisions diffusé sous 48 h.")
    return Meeting(**kw)


# --- objective kinds --------------------------------------------------------------------------------
@pytest.mark.parametrize(("objective", "kind"), [
    ("Citer les trois EPI obligatoires de l'atelier", "savoir"),
    ("Connaître les consignes d'évacuation", "savoir"),
    ("Expliquer pourquoi le tri des déchets compte", "savoir"),
    ("Utiliser l'extincteur à poudre", "savoir-faire"),
    ("À l'issue de la séance, les opérateurs sauront régler la presse", "savoir-faire"),
    ("Les participants seront capables d'appliquer la consignation", "savoir-faire"),
    ("Porter les bouchons d'oreille en zone bruyante", "savoir-faire"),
    ("Être capable de signaler un presque-accident", "savoir-être"),
    ("Adopter une attitude de vigilance partagée", "savoir-être"),
    ("Réagir calmement en cas de fuite", "savoir-être"),
    ("Coopérer avec les intérimaires", "savoir-être"),
    ("S’impliquer dans le tri des déchets", "savoir-être"),
    ("Le tri des déchets", None),
    ("Sensibiliser les opérateurs au bruit", None),
    ("", None),
])
def test_objective_kind(objective: str, kind: str | None) -> None:
    assert objective_kind(objective) == kind


def test_activity_fit_follows_usage() -> None:
    assert set(ACTIVITY_FIT) == {"savoir", "savoir-faire", "savoir-être"}
    assert {"expose", "quiz"} <= set(ACTIVITY_FIT["savoir"])
    assert {"demonstration", "mise-en-pratique", "etude-de-cas", "visite-terrain"} <= set(
        ACTIVITY_FIT["savoir-faire"])
    assert {"debat", "jeu-de-role", "etude-de-cas"} <= set(ACTIVITY_FIT["savoir-être"])
    assert all(a in ACTIVITIES for fit in ACTIVITY_FIT.values() for a in fit)


# --- session ---------------------------------------------------------------------------------------
def test_good_session_has_no_issue() -> None:
    assert check_session(session(), duration_max_min=30) == []


def test_missing_objective_and_sequences_are_errors() -> None:
    issues = check_session(session(objectif="", deroule=[]))
    errors = text(i for i in issues if i.level == "erreur")
    assert "objectif pédagogique n'est pas énoncé" in errors
    assert "déroulé est vide" in errors


@pytest.mark.parametrize(("objective", "expected"), [
    ("La sécurité au poste", "n'est pas opérationnel"),
    ("Sensibiliser les opérateurs au port des lunettes", "ce que fait l'animateur"),
    ("Comprendre les risques du bruit", "peu observable"),
])
def test_objective_not_operational(objective: str, expected: str) -> None:
    issues = check_session(session(objectif=objective))
    assert expected in text(issues)
    assert all(i.level == "attention" for i in issues)


def test_duration_against_maximum() -> None:
    assert "25 min pour 20 min au plus" in text(check_session(session(), duration_max_min=20))
    assert check_session(session(), duration_max_min=25) == []
    assert check_session(session()) == []  # no maximum given


def test_activity_must_fit_objective_kind() -> None:
    talk_and_debate = [Sequence_(duree_min=10, contenu="Consignes", activite="expose"),
                       Sequence_(duree_min=10, contenu="Échanges", activite="debat")]
    issues = text(check_session(session(deroule=talk_and_debate)))  # savoir-faire objective
    assert "savoir-faire (gestes, pratiques)" in issues
    assert "démonstration" in issues and "mise en pratique" in issues
    ok = check_session(session(objectif="Signaler tout presque-accident", deroule=talk_and_debate))
    assert "activité adaptée" not in text(ok)


def test_only_talks_is_flagged() -> None:
    talks = [Sequence_(duree_min=10, contenu="Consignes", activite="expose")]
    issues = text(check_session(session(objectif="Citer les consignes", deroule=talks)))
    assert "que d'exposés" in issues
    assert "activité adaptée" not in issues  # a talk fits a « savoir » objective


def test_long_talk_is_flagged() -> None:
    long_talk = [Sequence_(duree_min=30, contenu="Consignes", activite="expose"),
                 Sequence_(duree_min=10, contenu="Quiz", activite="quiz")]
    issues = text(check_session(session(objectif="Citer les consignes", deroule=long_talk)))
    assert "exposé de 30 min pour 20 min au plus" in issues


def test_evaluation_and_adaptations() -> None:
    issues = text(check_session(session(evaluation="", adaptations="")))
    assert "évaluation n'est pas prévue" in issues
    assert "situation de handicap" in issues


# --- meeting ---------------------------------------------------------------------------------------
def test_good_meeting_has_no_issue() -> None:
    assert check_meeting(meeting()) == []


def test_type_and_objective() -> None:
    issues = check_meeting(meeting(type=None, objectif=""))
    assert {i.level for i in issues} == {"erreur"}
    assert "nature de la réunion" in text(issues)


@pytest.mark.parametrize("topic", ["Le bruit à l'atelier", "Point sur les EPI",
                                   "Discuter des projections", "Faire le point sur les accidents"])
def test_objective_must_be_a_result(topic: str) -> None:
    assert "énonce un sujet, pas un résultat" in text(check_meeting(meeting(objectif=topic)))


def test_agenda_durations_fit_meeting() -> None:
    issues = check_meeting(meeting(duree_min=30))
    assert "L'ordre du jour totalise 45 min pour une réunion de 30 min" in text(issues)
    assert any(i.level == "erreur" for i in issues)
    assert "ordre du jour est vide" in text(check_meeting(meeting(ordre_du_jour=[])))
    assert "durée de la réunion n'est pas fixée" in text(check_meeting(meeting(duree_min=None)))


def test_style_fit() -> None:
    assert set(STYLE_FIT) == set(MEETING_KINDS)
    assert STYLE_FIT["brainstorming"] == ["facilitateur"]
    assert STYLE_FIT["projet"] == ["coordinateur"]
    assert set(STYLE_FIT["information"]) == {"directif", "coordinateur"}
    issues = text(check_meeting(meeting(type="brainstorming", style="directif")))
    assert "« directif » convient mal" in issues and "« facilitateur »" in issues
    assert check_meeting(meeting(type="information", style="directif")) == []
    assert "style d'animation n'est pas choisi" in text(check_meeting(meeting(style=None)))


def test_roles() -> None:
    assert "animateur, secrétaire" in text(check_meeting(meeting(roles={})))
    long = meeting(duree_min=90)
    assert "gardien du temps (réunion de plus de 60 min)" in text(check_meeting(long))
    timed = meeting(duree_min=90, roles={"Animatrice": "Chargée QSE", "Secrétaire de séance": "X",
                                         "Gardien du temps": "Y"})
    assert check_meeting(timed) == []
    assert "secrétaire" in text(check_meeting(meeting(roles={"animateur": "A", "secrétaire": ""})))


def test_participants_adaptations_follow_up() -> None:
    issues = text(check_meeting(meeting(participants=[], adaptations="", suites="")))
    assert "participants ne sont pas listés" in issues
    assert "situation de handicap" in issues
    assert "suites ne sont pas prévues" in issues
    vague = text(check_meeting(meeting(suites="On verra la prochaine fois.")))
    assert "ni compte rendu ni relevé de décisions" in vague
    assert check_meeting(meeting(suites="Compte-rendu envoyé le lendemain.")) == []
