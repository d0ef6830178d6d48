"""Immediate protection plan (2-4) and its deployment by the actors (2-7): pure checks."""

from __future__ import annotations

import datetime as dt

from qsecase.methods.prevention_plan import (
    ActorTask,
    Milestone,
    ProtectionAction,
    check_actors,
    check_plan,
)

TODAY = dt.date(2024, 9, 20)
ROOTS = ["F6", "F12", "F14"]
FACTS = [f"F{i}" for i in range(1, 18)]


def action(aid: str, causes: list[str], niveau: str = "collective", **kw) -> ProtectionAction:
    kw.setdefault("responsable", "Responsable d'entrepôt")
    kw.setdefault("acteurs", ["encadrement"])
    kw.setdefault("echeance", dt.date(2024, 10, 15))
    return ProtectionAction(id=aid, description=f"Action {aid}", causes=causes, niveau=niveau, **kw)


def good_plan() -> list[ProtectionAction]:
    return [
        action("P1", ["F6"], "organisationnelle", immediate=True, acteurs=["achats", "qse"],
               jalons=[Milestone(libelle="Commande", date=dt.date(2024, 9, 23)),
                       Milestone(libelle="Livraison", date=dt.date(2024, 10, 1))]),
        action("P2", ["F14"], "collective", acteurs=["direction", "encadrement"]),
        action("P3", ["F12"], "organisationnelle", acteurs=["rh", "qse"]),
    ]


def text(issues) -> str:
    return "\n".join(i.message for i in issues)


# --- check_plan ----------------------------------------------------------------------------------
def test_a_good_plan_passes() -> None:
    assert check_plan(good_plan(), ROOTS, today=TODAY, fact_ids=FACTS) == []


def test_every_root_cause_is_covered() -> None:
    issues = check_plan(good_plan()[:2], ROOTS, today=TODAY)
    assert [i.message for i in issues] == ["La cause racine F12 n'est traitée par aucune action."]


def test_action_citing_a_non_root_or_unknown_fact() -> None:
    plan = [*good_plan(), action("P4", ["F3"]), action("P5", ["F99"]), action("P6", [])]
    issues = check_plan(plan, ROOTS, today=TODAY, fact_ids=FACTS)
    by_text = {i.message: i.level for i in issues}
    assert any("P4 cite F3, qui n'est pas une cause racine" in m and lvl == "attention"
               for m, lvl in by_text.items())
    assert any("P5 cite « F99 »" in m and lvl == "erreur" for m, lvl in by_text.items())
    assert "L'action P6 ne cite aucun fait de l'arbre" in text(issues)
    no_facts = check_plan([*good_plan(), action("P4", ["F3"])], ROOTS, today=TODAY)
    assert "P4 cite « F3 », qui n'est pas une cause racine de l'arbre" in text(no_facts)


def test_responsible_actors_and_deadlines() -> None:
    plan = good_plan()
    plan[0] = action("P1", ["F6"], responsable="", acteurs=[], echeance=None)
    plan[1] = action("P2", ["F14"], echeance=dt.date(2024, 9, 1), acteurs=["qse", "qse"])
    issues = check_plan(plan, ROOTS, today=TODAY)
    t = text(issues)
    assert "L'action P1 n'a pas de responsable." in t
    assert "L'action P1 ne nomme aucun acteur" in t
    assert "L'action P1 n'a pas d'échéance." in t
    assert "L'échéance de l'action P2 (01/09/2024) est déjà passée." in t
    assert "Service QSE est cité plusieurs fois parmi les acteurs de l'action P2." in t


def test_milestones_in_order_and_before_the_deadline() -> None:
    plan = good_plan()
    plan[0] = action("P1", ["F6"], echeance=dt.date(2024, 10, 1), jalons=[
        Milestone(libelle="Livraison", date=dt.date(2024, 10, 5)),
        Milestone(libelle="Commande", date=dt.date(2024, 9, 23))])
    issues = check_plan(plan, ROOTS, today=TODAY)
    t = text(issues)
    assert "Les jalons de l'action P1 ne sont pas dans l'ordre chronologique." in t
    assert "Le jalon « Livraison » de l'action P1 (05/10/2024) tombe après l'échéance" in t
    assert "Commande" not in t


def test_ppe_or_training_alone_for_a_root_cause_cites_l4121_2() -> None:
    plan = good_plan()
    plan[1] = action("P2", ["F14"], "individuelle")
    plan.append(action("P4", ["F14"], "formation"))
    issues = [i for i in check_plan(plan, ROOTS, today=TODAY) if "L4121-2" in i.message]
    assert len(issues) == 1 and issues[0].level == "attention"
    assert "F14" in issues[0].message and "P2, P4" in issues[0].message
    plan.append(action("P5", ["F14"], "collective"))
    assert not [i for i in check_plan(plan, ROOTS, today=TODAY) if "L4121-2" in i.message]


def test_duplicate_action_ids() -> None:
    assert "Identifiant d'action en double : P1." in text(
        check_plan([*good_plan(), action("P1", ["F6"])], ROOTS, today=TODAY))


# --- check_actors --------------------------------------------------------------------------------
def task(acteur: str, actions: list[str], date: dt.date | None = dt.date(2024, 9, 25),
         taches: str = "Piloter la mise en œuvre") -> ActorTask:
    return ActorTask(acteur=acteur, taches=taches, date=date, actions=actions)


def good_tasks() -> list[ActorTask]:
    return [task("qse", ["P1", "P3"]), task("direction", ["P2"]), task("cse_cssct", ["P1", "P2", "P3"])]


def test_good_deployment_passes() -> None:
    assert check_actors(good_tasks(), good_plan()) == []


def test_task_without_date_or_content_or_known_action() -> None:
    tasks = [*good_tasks(), task("rh", ["P3"], date=None), task("achats", ["P9"], taches=" "),
             task("maintenance", [])]
    t = text(check_actors(tasks, good_plan()))
    assert "La tâche n° 4 (Ressources humaines) n'a pas de date." in t
    assert "La tâche n° 5 (Achats) cite l'action « P9 », qui n'existe pas dans le plan." in t
    assert "La tâche n° 5 (Achats) ne décrit rien à faire." in t
    assert "La tâche n° 6 (Maintenance) n'est rattachée à aucune action du plan." in t


def test_action_without_actor_and_actor_twice() -> None:
    tasks = [task("qse", ["P1"]), task("qse", ["P1"]), task("cse_cssct", ["P1", "P2"])]
    t = text(check_actors(tasks, good_plan()))
    assert "Aucun acteur n'a de tâche pour l'action P3." in t
    assert "Service QSE figure plusieurs fois pour l'action P1" in t
    assert "Aucun acteur n'a de tâche pour l'action P2" not in t


def test_cse_never_consulted_after_a_serious_accident() -> None:
    tasks = [task("qse", ["P1", "P3"]), task("direction", ["P2"])]
    issues = check_actors(tasks, good_plan())
    assert [i.level for i in issues] == ["attention"] and "CSE / CSSCT" in issues[0].message
    assert "L2312-13" in issues[0].message
    assert check_actors(tasks, good_plan(), serious_accident=False) == []


def test_verdict_gives_an_effect_only_with_both_values():
    from qsecase.methods.prevention_plan import Verdict

    full = Verdict(action="PA1", efficace=True, indicateur="AT aux quais", avant=3, apres=0,
                   unite="AT")
    effect = full.effect("Quais")
    assert effect is not None and (effect.before, effect.after, effect.effective) == (3, 0, True)
    assert effect.label == "AT aux quais"
    assert Verdict(action="PA2", efficace=False, avant=3).effect("Lombalgies") is None
