"""Critical path method: passes, floats, critical paths, calendar and errors, against networks
computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from qsecase.methods.planning import (
    STATUSES,
    CycleError,
    Scheduled,
    Task,
    check_tasks,
    critical_paths,
    schedule,
    working_day,
)

MONDAY = dt.date(2025, 4, 14)
# Easter Monday, 1 May and 8 May 2025
HOLIDAYS = [dt.date(2025, 4, 21), dt.date(2025, 5, 1), dt.date(2025, 5, 8)]


def task(tid: str, duree: int, preds: str | list[str] = "", **extra: object) -> Task:
    return Task.model_validate({"id": tid, "nom": f"Tâche {tid}", "duree": duree,
                                "predecesseurs": preds, **extra})


def textbook() -> list[Task]:
    """The network of the course:

    A(3) ──> C(2) ──> E(3) ──> G(2) ──┐
      │                ↑                ├──> H(3) ──> J(jalon)
      └────> D(5) ──> F(4) ─────────────┘
    B(4) ──────────────┘ (B → E)
    """
    return [task("A", 3), task("B", 4), task("C", 2, "A"), task("D", 5, "A"), task("E", 3, "B; C"),
            task("F", 4, "D"), task("G", 2, "E"), task("H", 3, "F, G"),
            task("J", 0, "H", jalon=True)]


# Computed by hand. Forward pass: ES = max(EF of the predecessors), EF = ES + duration.
# Backward pass from the end (15): LF = min(LS of the successors), LS = LF − duration.
# Total float = LS − ES; free float = min(ES of the successors) − EF (the end for the last task).
#          ES  EF  LS  LF  MT  ML
EXPECTED = {
    "A": (0, 3, 0, 3, 0, 0),
    "B": (0, 4, 3, 7, 3, 1),    # E waits for C (EF 5): B may slip 1 day without delaying E
    "C": (3, 5, 5, 7, 2, 0),
    "D": (3, 8, 3, 8, 0, 0),
    "E": (5, 8, 7, 10, 2, 0),
    "F": (8, 12, 8, 12, 0, 0),
    "G": (8, 10, 10, 12, 2, 2),  # H waits for F (EF 12)
    "H": (12, 15, 12, 15, 0, 0),
    "J": (15, 15, 15, 15, 0, 0),
}


def by_id(rows: list[Scheduled]) -> dict[str, Scheduled]:
    return {s.task.id: s for s in rows}


# --- forward and backward passes ----------------------------------------------------------------
def test_textbook_network_dates_and_floats() -> None:
    rows = by_id(schedule(textbook(), MONDAY))
    for tid, (es, ef, ls, lf, total, free) in EXPECTED.items():
        s = rows[tid]
        assert (s.es, s.ef, s.ls, s.lf) == (es, ef, ls, lf), tid
        assert s.total_float == total, tid
        assert s.free_float == free, tid
        assert s.critical is (total == 0), tid


def test_textbook_critical_path_and_milestone() -> None:
    rows = schedule(textbook(), MONDAY)
    assert critical_paths(rows) == [["A", "D", "F", "H", "J"]]
    j = by_id(rows)["J"]
    assert j.task.jalon and j.es == j.ef == 15 and j.critical
    assert j.debut == j.fin  # a milestone is a point in time


def test_second_network_with_free_float_on_a_chain() -> None:
    """P(2) → Q(1) → R(1) beside S(6); both end at T(2). Hand computed: end 8; P, Q, R have a total
    float of 2 each, only R (the last of the chain) has a free float (S drives T)."""
    tasks = [task("P", 2), task("Q", 1, "P"), task("R", 1, "Q"), task("S", 6), task("T", 2, "R;S")]
    rows = by_id(schedule(tasks, MONDAY))
    got = {t: (s.es, s.ef, s.ls, s.lf, s.total_float, s.free_float) for t, s in rows.items()}
    assert got == {"P": (0, 2, 2, 4, 2, 0), "Q": (2, 3, 4, 5, 2, 0), "R": (3, 4, 5, 6, 2, 2),
                   "S": (0, 6, 0, 6, 0, 0), "T": (6, 8, 6, 8, 0, 0)}
    assert critical_paths(list(rows.values())) == [["S", "T"]]


def test_two_parallel_critical_paths() -> None:
    tasks = [task("S", 2), task("P", 3, "S"), task("Q", 3, "S"), task("E", 1, "P,Q"),
             task("X", 1, "S")]
    rows = schedule(tasks, MONDAY)
    assert critical_paths(rows) == [["S", "P", "E"], ["S", "Q", "E"]]
    assert by_id(rows)["X"].total_float == 3 and not by_id(rows)["X"].critical


def test_two_critical_starts() -> None:
    rows = schedule([task("X", 4), task("Y", 4), task("Z", 1, ["X", "Y"])], MONDAY)
    assert critical_paths(rows) == [["X", "Z"], ["Y", "Z"]]


def test_kick_off_milestone_starts_the_only_critical_path() -> None:
    tasks = [task("M0", 0, jalon=True), task("A", 3, "M0"), task("B", 2, "A"),
             task("M1", 0, "B", jalon=True)]
    rows = schedule(tasks, MONDAY)
    assert critical_paths(rows) == [["M0", "A", "B", "M1"]]


def test_empty_plan() -> None:
    assert schedule([], MONDAY) == []
    assert critical_paths([]) == []


# --- order ----------------------------------------------------------------------------------------
def test_topological_order_keeps_the_given_order_for_ties() -> None:
    rows = schedule([task("Z", 1), task("X", 1), task("Y", 1)], MONDAY)
    assert [s.task.id for s in rows] == ["Z", "X", "Y"]  # not alphabetical
    rows = schedule([task("T3", 1, "T1"), task("T1", 1), task("T2", 1)], MONDAY)
    assert [s.task.id for s in rows] == ["T1", "T3", "T2"]  # T3 as soon as T1 is placed
    shuffled = [task("H", 3, "F, G"), *textbook()[:7], task("J", 0, "H", jalon=True)]
    assert [s.task.id for s in schedule(shuffled, MONDAY)] == list("ABCDEFGHJ")


# --- predecessors as typed ------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["T1, T2", "T1;T2", " T1 ; T2 ", "T1,T2,", ["T1", "T2"]])
def test_predecessors_typed_with_commas_or_semicolons(typed: str | list[str]) -> None:
    assert task("T3", 1, typed).predecesseurs == ["T1", "T2"]


def test_no_predecessor() -> None:
    assert task("T1", 1, "").predecesseurs == []
    assert task("T1", 1, " ; ").predecesseurs == []


# --- errors ---------------------------------------------------------------------------------------
def test_cycle_is_named_in_french() -> None:
    tasks = [task("T1", 1, "T3"), task("T2", 1, "T1"), task("T3", 1, "T2"), task("T4", 1)]
    with pytest.raises(CycleError) as info:
        schedule(tasks, MONDAY)
    assert sorted(info.value.cycle) == ["T1", "T2", "T3"]
    message = str(info.value)
    assert "boucle" in message and "retirez un des liens" in message
    loop = " → ".join([*info.value.cycle, info.value.cycle[0]])
    assert loop in message and "T4" not in message
    assert isinstance(info.value, ValueError)


def test_task_depending_on_itself_is_a_cycle() -> None:
    with pytest.raises(CycleError, match="T1 → T1"):
        schedule([task("T1", 2, "T1")], MONDAY)


def test_unknown_predecessor_is_reported_in_french() -> None:
    with pytest.raises(ValueError, match=r"T2 : prédécesseur\(s\) inconnu\(s\) : T9") as info:
        schedule([task("T1", 1), task("T2", 1, "T1, T9")], MONDAY)
    assert not isinstance(info.value, CycleError)


def test_duplicate_ids_are_reported_in_french() -> None:
    with pytest.raises(ValueError, match=r"tâche\(s\) en double : T1"):
        schedule([task("T1", 1), task("T2", 1), task("T1", 3)], MONDAY)


def test_task_fields_are_validated() -> None:
    with pytest.raises(ValidationError):
        task("T 1", 1)  # no space in an id
    with pytest.raises(ValidationError):
        task("T1", -1)
    with pytest.raises(ValidationError):
        task("T1", 1, avancement=120)


# --- calendar -------------------------------------------------------------------------------------
def test_working_day_skips_weekends_and_holidays() -> None:
    assert working_day(MONDAY, 0) == MONDAY
    assert working_day(MONDAY, 4) == dt.date(2025, 4, 18)  # Friday
    assert working_day(MONDAY, 5) == dt.date(2025, 4, 21)  # Monday without holidays
    assert working_day(MONDAY, 5, HOLIDAYS) == dt.date(2025, 4, 22)  # after Easter Monday
    assert working_day(dt.date(2025, 4, 12), 0) == MONDAY  # a Saturday rolls to Monday
    assert working_day(dt.date(2025, 4, 21), 0, HOLIDAYS) == dt.date(2025, 4, 22)  # so does a holiday
    assert working_day(dt.date(2025, 4, 30), 1, HOLIDAYS) == dt.date(2025, 5, 2)  # over 1 May


def test_schedule_dates_follow_the_calendar() -> None:
    """Working days from Monday 14 April 2025, without 21 April, 1 May and 8 May: day 0 = 14/04,
    day 5 = 22/04, day 10 = 29/04, day 12 = 02/05, day 15 = 07/05. A task runs from the working day
    of its ES to the working day of EF − 1."""
    rows = by_id(schedule(textbook(), MONDAY, HOLIDAYS))
    expected = {
        "A": ("2025-04-14", "2025-04-16"), "B": ("2025-04-14", "2025-04-17"),
        "C": ("2025-04-17", "2025-04-18"), "D": ("2025-04-17", "2025-04-24"),
        "E": ("2025-04-22", "2025-04-24"), "F": ("2025-04-25", "2025-04-30"),
        "G": ("2025-04-25", "2025-04-28"), "H": ("2025-05-02", "2025-05-06"),
        "J": ("2025-05-07", "2025-05-07"),
    }
    got = {tid: (s.debut.isoformat(), s.fin.isoformat()) for tid, s in rows.items()}
    assert got == expected
    assert all(s.debut.weekday() < 5 and s.fin.weekday() < 5 for s in rows.values())
    assert not {s.debut for s in rows.values()} & set(HOLIDAYS)


def test_start_on_a_weekend() -> None:
    rows = schedule([task("A", 1)], dt.date(2025, 4, 12))
    assert rows[0].debut == rows[0].fin == MONDAY


# --- check_tasks ----------------------------------------------------------------------------------
def messages(tasks: list[Task]) -> list[tuple[str, str]]:
    return [(i.level, i.message) for i in check_tasks(tasks)]


def test_check_tasks_clean_plan() -> None:
    assert check_tasks(textbook()) == []


def test_check_tasks_reports_everything_at_once() -> None:
    tasks = [task("T1", 2, statut="fait", avancement=80), task("T1", 1),
             task("T2", 1, "T8", statut="à faire", avancement=10), task("T3", 2, "T2", jalon=True)]
    got = messages(tasks)
    assert ("erreur", "tâche T1 en double") in got
    assert ("erreur", "T2 : prédécesseur(s) inconnu(s) : T8") in got
    assert ("attention", "T3 : un jalon (point de validation) a une durée nulle") in got
    assert ("attention", "T1 : « fait » mais avancement de 80 %") in got
    assert ("attention", "T2 : « à faire » mais déjà 10 % réalisés : passez-la « en cours »") in got
    assert not any("boucle" in m for _, m in got)  # loops are looked for once the links are valid
    assert not any("aucun point de validation" in m for _, m in got)


def test_check_tasks_reports_a_loop_and_no_milestone() -> None:
    got = messages([task("T1", 1, "T2"), task("T2", 1, "T1")])
    assert any(level == "erreur" and "boucle" in m and "T1" in m and "T2" in m for level, m in got)
    assert ("attention", "aucun point de validation (jalon) dans le planning") in got


def test_check_tasks_empty_plan() -> None:
    assert check_tasks([]) == []


def test_statuses_carry_a_symbol() -> None:
    assert list(STATUSES) == ["à faire", "en cours", "fait"]
    assert [v.split()[0] for v in STATUSES.values()] == ["☐", "◐", "☑"]
