"""The amelioration rules on the bundled case: a complete plan earns the automatic points, gaps cost."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qsecase.corpus import load_case
from qsecase.exercises import registry
from qsecase.exercises.amelioration.model import AmeliorationAnswers, AmeliorationKey
from qsecase.methods.communication import ColourUse, Support
from qsecase.methods.improvement import ImprovementAction
from qsecase.methods.planning import Task
from qsecase.methods.raci import RaciLine
from qsecase.methods.sessions import AgendaItem, AwarenessSession, Meeting, Sequence_

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "cases" / "mecaprec"
EXERCISE = registry.get("amelioration")


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    return load_case(CASE)


@pytest.fixture(scope="module")
def key() -> AmeliorationKey:
    return registry.load_key(EXERCISE, CASE / "key" / "amelioration.yaml")  # type: ignore[return-value]


def complete(case, key: AmeliorationKey) -> AmeliorationAnswers:  # type: ignore[no-untyped-def]
    """A plan written from the key as a careful trainee would."""
    actions = [ImprovementAction(
        id=f"AM{n}", titre=e.libelle,
        constat="Constat relevé dans l'atelier d'usinage lors des visites de septembre, confirmé par "
                "les indicateurs mensuels et les échanges avec les opérateurs.",
        sources=e.faits, nature="observation", benefices=e.benefices,
        avantages="Moins de rebuts et d'accidents, conformément à la politique QSE.",
        objectif=e.objectif) for n, e in enumerate(key.ameliorations, 1)]
    ids = {e.libelle: f"T{n}" for n, e in enumerate(key.taches, 1)}
    late = set(key.retards)
    tasks = [Task(id=ids[e.libelle], nom=e.libelle, duree=0 if e.jalon else 5, jalon=e.jalon,
                  predecesseurs=[ids[b] for b in e.apres], ressources="Équipe projet atelier",
                  statut="en cours" if e.libelle in late else "à faire",
                  avancement=10 if e.libelle in late else 0) for e in key.taches]
    # every task after the first depends on the one before, so that the plan is ordered
    for n in range(1, len(tasks)):
        if not tasks[n].predecesseurs:
            tasks[n] = tasks[n].model_copy(update={"predecesseurs": [tasks[n - 1].id]})
    actors = key.parties_prenantes
    raci = [RaciLine(tache=t.id, roles={actors[0]: "A", actors[1]: "R",
                                        **{p: "I" for p in actors[2:]}}) for t in tasks]
    charter = case.spec.charte
    adaptations = " ; ".join(e.libelle for e in key.handicap)
    support = Support(
        type=key.supports_adaptes[0], titre=key.messages_cles[0].libelle,
        public=key.public_support or "Opérateurs",
        canal="Affichage aux entrées de l'atelier et au réfectoire",
        messages_cles=[m.libelle for m in key.messages_cles[:3]],
        texte="Rangez les copeaux avec le crochet. Essuyez toute fuite d'huile. "
              "Signalez tout presque-accident.",
        appel_action="Signalez chaque fuite à votre chef d'équipe.", police=charter.polices[0],
        couleurs=[ColourUse(element="corps", texte=_darkest(charter.couleurs), fond="#FFFFFF", taille_pt=14)],
        logo=True, adaptations=adaptations)
    session = AwarenessSession(
        theme="Copeaux et huile de coupe", public="Opérateurs de l'atelier",
        objectif="Utiliser le crochet à copeaux et appliquer la consigne de nettoyage des fuites",
        deroule=[Sequence_(duree_min=10, contenu="Pourquoi : chiffres de l'atelier", activite="expose"),
                 Sequence_(duree_min=15, contenu="Démonstration au poste", activite="demonstration"),
                 Sequence_(duree_min=20, contenu="Chacun pratique au poste", activite="mise-en-pratique")],
        evaluation="Observation de chaque participant au poste avec une grille",
        supports="Fiche réflexe illustrée",
        adaptations=adaptations)
    meeting = Meeting(
        type=key.reunion_types[0], objectif="Décider des trois actions prioritaires et de leurs pilotes",
        participants=actors, duree_min=60, style=key.reunion_styles[0],
        ordre_du_jour=[AgendaItem(sujet="Rappel des constats", duree_min=10, porteur=actors[0]),
                       AgendaItem(sujet="Propositions d'actions", duree_min=35, porteur=actors[1]),
                       AgendaItem(sujet="Décisions et pilotes", duree_min=15, porteur=actors[0])],
        roles={"animateur": actors[0], "secrétaire": actors[1], "gardien du temps": actors[-1]},
        adaptations=adaptations, suites="Relevé de décisions diffusé sous 48 heures")
    return AmeliorationAnswers(
        actions=actions, debut=case.spec.date_cas - dt.timedelta(days=60), taches=tasks, raci=raci,
        outil="gantt", date_suivi=key.date_suivi, seuil_alerte_jours=5, support=support,
        sensibilisation=session, reunion=meeting)


def _darkest(colours: dict[str, str]) -> str:
    from qsecase.methods.contrast import relative_luminance

    return min(colours.values(), key=relative_luminance)


def grade(answers: AmeliorationAnswers, case, key):  # type: ignore[no-untyped-def]
    return EXERCISE.grade(answers, key, case, trainee="t", now=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))


def items(g):  # type: ignore[no-untyped-def]
    return {i.item: i for i in g.items}


def test_complete_plan_earns_the_automatic_points(case, key) -> None:  # type: ignore[no-untyped-def]
    g = grade(complete(case, key), case, key)
    lost = {i.item: (i.points, i.max_points, i.feedback) for i in g.items
            if i.status not in ("acquis", "à vérifier")}
    assert lost == {}


def test_a_dependency_loop_is_reported_not_raised(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = complete(case, key)
    tasks = list(answers.taches)
    tasks[0] = tasks[0].model_copy(update={"predecesseurs": [tasks[-1].id]})
    item = items(grade(answers.model_copy(update={"taches": tasks}), case, key))["ordre_delais"]
    assert item.points == 0
    assert "boucle" in item.feedback


def test_raci_without_accountable_costs_points(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = complete(case, key)
    raci = [RaciLine(tache=line.tache, roles={w: ("R" if r == "A" else r) for w, r in line.roles.items()})
            for line in answers.raci]
    item = items(grade(answers.model_copy(update={"raci": raci}), case, key))["raci"]
    assert item.status != "acquis"
    assert "exactement un « A »" in item.feedback


def test_late_tasks_marked_done_hide_the_alerts(case, key) -> None:  # type: ignore[no-untyped-def]
    assert key.retards, "le corrigé attend au moins une tâche en retard à la date du point"
    answers = complete(case, key)
    done = [t.model_copy(update={"statut": "fait", "avancement": 100}) for t in answers.taches]
    item = items(grade(answers.model_copy(update={"taches": done}), case, key))["alertes"]
    assert item.status != "acquis"


def test_low_contrast_colours_break_the_charter_rules(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = complete(case, key)
    pale = answers.support.model_copy(update={"couleurs": [
        ColourUse(element="corps", texte="#AAAAAA", fond="#FFFFFF", taille_pt=9)]})
    item = items(grade(answers.model_copy(update={"support": pale}), case, key))["bonnes_pratiques"]
    assert item.status != "acquis"
    assert "4,5:1" in item.feedback


def test_unknown_sources_are_reported(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = complete(case, key)
    actions = [x.model_copy(update={"sources": ["ZZ42"]}) for x in answers.actions]
    item = items(grade(answers.model_copy(update={"actions": actions}), case, key))["actions_argumentees"]
    assert "ZZ42" in item.feedback
    assert item.status != "acquis"


def test_wrong_meeting_style_is_noted(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = complete(case, key)
    others = [s for s in ("facilitateur", "coordinateur", "directif") if s not in key.reunion_styles]
    if not others:
        pytest.skip("le corrigé accepte tous les styles")
    meeting = answers.reunion.model_copy(update={"style": others[0]})
    item = items(grade(answers.model_copy(update={"reunion": meeting}), case, key))["style_animation"]
    assert item.status != "acquis"
