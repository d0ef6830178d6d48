"""Tracking at a date: counts, completion rates and alerts, computed by hand on the course network."""

from __future__ import annotations

import datetime as dt

import pytest

from qsecase.methods.planning import Scheduled, Task, schedule
from qsecase.methods.tracking import Alert, alerts, progress

MONDAY = dt.date(2025, 4, 14)
HOLIDAYS = [dt.date(2025, 4, 21), dt.date(2025, 5, 1), dt.date(2025, 5, 8)]

# (id, duration, predecessors, status, progress); dates in tests/test_planning.py
PLAN = [
    ("A", 3, "", "fait", 100),          # 14/04 → 16/04
    ("B", 4, "", "en cours", 50),       # 14/04 → 17/04
    ("C", 2, "A", "à faire", 0),        # 17/04 → 18/04
    ("D", 5, "A", "en cours", 20),      # 17/04 → 24/04
    ("E", 3, "B;C", "à faire", 0),      # 22/04 → 24/04
    ("F", 4, "D", "à faire", 0),        # 25/04 → 30/04
    ("G", 2, "E", "à faire", 0),        # 25/04 → 28/04
    ("H", 3, "F,G", "à faire", 0),      # 02/05 → 06/05
    ("J", 0, "H", "à faire", 0),        # 07/05 (jalon)
]


def plan(**changes: tuple[str, int]) -> list[Scheduled]:
    tasks = []
    for tid, duree, preds, statut, avancement in PLAN:
        statut, avancement = changes.get(tid, (statut, avancement))
        tasks.append(Task.model_validate({"id": tid, "nom": f"Tâche {tid}", "duree": duree,
                                          "predecesseurs": preds, "statut": statut,
                                          "avancement": avancement, "jalon": duree == 0}))
    return schedule(tasks, MONDAY, HOLIDAYS)


# --- progress ---------------------------------------------------------------------------------------
def test_progress_counts_and_rates() -> None:
    p = progress(plan())
    assert p.total == 9
    assert p.counts == {"à faire": 6, "en cours": 2, "fait": 1}
    assert p.taux_taches == pytest.approx(1 / 9)
    # weighted by duration, milestones left out: (3 × 100 % + 4 × 50 % + 5 × 20 %) / 26 days
    assert p.taux_pondere == pytest.approx(6 / 26)


def test_progress_done_counts_in_full_whatever_the_percentage() -> None:
    p = progress(plan(B=("fait", 0)))
    assert p.counts["fait"] == 2
    assert p.taux_pondere == pytest.approx((3 + 4 + 1) / 26)


def test_progress_all_done_and_empty() -> None:
    done = {tid: ("fait", 100) for tid, *_ in PLAN}
    p = progress(plan(**done))
    assert p.taux_taches == p.taux_pondere == 1.0
    empty = progress([])
    assert (empty.total, empty.taux_taches, empty.taux_pondere) == (0, 0.0, 0.0)
    assert empty.counts == {"à faire": 0, "en cours": 0, "fait": 0}


# --- alerts -----------------------------------------------------------------------------------------
def test_alerts_on_wednesday_23_april() -> None:
    got = alerts(plan(), dt.date(2025, 4, 23))
    assert got == [
        Alert("B", "retard", "B « Tâche B » : fin prévue le 17/04/2025, dépassée de 6 jours"),
        Alert("C", "retard", "C « Tâche C » : fin prévue le 18/04/2025, dépassée de 5 jours"),
        # D: 7 days of its 8 calendar days gone → 88 % expected, 20 % done (more than 25 points behind)
        Alert("D", "à surveiller", "D « Tâche D » : 20 % réalisés pour 88 % attendus à date"),
        Alert("E", "à surveiller", "E « Tâche E » : devait commencer le 22/04/2025"),
    ]


def test_no_alert_for_done_tasks_or_tasks_on_time() -> None:
    on_time = plan(B=("fait", 100), C=("fait", 100), D=("en cours", 70), E=("en cours", 50))
    assert alerts(on_time, dt.date(2025, 4, 23)) == []
    assert alerts(plan(), MONDAY) == []  # nothing was due before the first day


def test_late_milestone_singular_day() -> None:
    done = {tid: ("fait", 100) for tid, *_ in PLAN if tid != "J"}
    got = alerts(plan(**done), dt.date(2025, 5, 8))
    assert got == [Alert("J", "retard", "J « Tâche J » : fin prévue le 07/05/2025, dépassée de 1 jour")]


def test_alerts_come_late_first_then_by_task() -> None:
    got = alerts(plan(), dt.date(2025, 5, 12))
    levels = [a.level for a in got]
    assert levels == sorted(levels, key=lambda level: level != "retard")
    assert [a.tache for a in got if a.level == "retard"] == ["B", "C", "D", "E", "F", "G", "H", "J"]


def test_tasks_due_within_the_warning_delay_are_flagged() -> None:
    import datetime as dt

    from qsecase.methods.planning import Task, schedule
    from qsecase.methods.tracking import alerts

    plan = schedule([Task(id="T1", nom="Réparer les fuites", duree=5, statut="en cours", avancement=60)],
                    dt.date(2026, 10, 5))
    assert alerts(plan, dt.date(2026, 10, 6)) == []
    soon = alerts(plan, dt.date(2026, 10, 6), warn_days=5)
    assert [(x.tache, x.level) for x in soon] == [("T1", "à surveiller")]
    assert "échéance le 09/10/2026, dans 3 jours" in soon[0].message
