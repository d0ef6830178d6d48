"""Planning of an improvement plan: tasks, dependencies, critical path (CPM). Pure.

The critical path method on an activity-on-node network with finish-to-start links: the forward
pass gives the earliest start and finish of each task, the backward pass the latest ones; the
total float (marge totale) is LS − ES, the free float (marge libre) min(ES of the successors) − EF;
a task with zero total float is critical, and a milestone (jalon, duration 0) marks a validation
point. Durations are in working days; dates follow a Monday–Friday calendar with holidays.
The graph (cycle detection, topological order) is networkx's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, field_validator

from qsecase.methods.base import Issue, Model

__all__ = [
    "STATUSES",
    "CycleError",
    "Scheduled",
    "Status",
    "Task",
    "check_tasks",
    "critical_paths",
    "schedule",
    "working_day",
]

Status = Literal["à faire", "en cours", "fait"]
STATUSES: dict[str, str] = {"à faire": "☐ À faire", "en cours": "◐ En cours", "fait": "☑ Fait"}
"""Each status with the symbol that shows it without colour."""


class CycleError(ValueError):
    """The dependencies loop: no task of the loop can ever start."""

    def __init__(self, cycle: Sequence[str]) -> None:
        self.cycle = list(cycle)
        loop = " → ".join([*self.cycle, self.cycle[0]])
        super().__init__(f"les dépendances forment une boucle : {loop} — aucune de ces tâches ne "
                         "peut commencer ; retirez un des liens")


class Task(Model):
    """One task of the plan (or a milestone when ``jalon`` is true and ``duree`` is 0)."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,20}$", description="ex. T3")
    nom: str = Field(min_length=1)
    duree: int = Field(ge=0, le=1000, description="durée en jours ouvrés (0 pour un jalon)")
    predecesseurs: list[str] = Field(default_factory=list, description="tâches à finir avant")
    ressources: str = Field("", description="personnes ou moyens mobilisés")
    jalon: bool = Field(False, description="point de validation (go / no go)")
    livrable: str = ""
    statut: Status = "à faire"
    avancement: int = Field(0, ge=0, le=100, description="pourcentage réalisé")

    @field_validator("predecesseurs", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
        return value


@dataclass(frozen=True)
class Scheduled:
    """A task with its computed dates (day offsets from the start, and calendar dates)."""

    task: Task
    es: int
    ef: int
    ls: int
    lf: int
    debut: dt.date
    fin: dt.date

    @property
    def total_float(self) -> int:
        return self.ls - self.es

    free_float: int = 0

    @property
    def critical(self) -> bool:
        return self.total_float == 0


def working_day(start: dt.date, offset: int, holidays: Iterable[dt.date] = ()) -> dt.date:
    """The working day ``offset`` working days after ``start`` (``start`` itself rolled forward to
    a working day when it falls on a weekend or a holiday)."""
    import numpy as np

    day = np.busday_offset(np.datetime64(start, "D"), offset, roll="forward",
                           holidays=[np.datetime64(h, "D") for h in holidays])
    return dt.date.fromisoformat(str(day))


def _graph(tasks: Sequence[Task]):  # type: ignore[no-untyped-def]
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(t.id for t in tasks)
    for t in tasks:
        for p in t.predecesseurs:
            g.add_edge(p, t.id)
    return g


def schedule(tasks: Sequence[Task], start: dt.date,
             holidays: Iterable[dt.date] = ()) -> list[Scheduled]:
    """Forward and backward passes; the tasks in topological order (ties by their given order).

    Raises:
        ValueError: A predecessor that is not a task, or a duplicate id (French message).
        CycleError: The dependencies loop.
    """
    import networkx as nx

    by_id = {t.id: t for t in tasks}
    if len(by_id) != len(tasks):
        dups = sorted({t.id for t in tasks if sum(u.id == t.id for u in tasks) > 1})
        raise ValueError(f"tâche(s) en double : {', '.join(dups)}")
    for t in tasks:
        unknown = [p for p in t.predecesseurs if p not in by_id]
        if unknown:
            raise ValueError(f"{t.id} : prédécesseur(s) inconnu(s) : {', '.join(unknown)}")
    g = _graph(tasks)
    if not nx.is_directed_acyclic_graph(g):  # linear; find_cycle alone is quadratic on a DAG
        raise CycleError([edge[0] for edge in nx.find_cycle(g)])
    position = {t.id: n for n, t in enumerate(tasks)}
    order = list(nx.lexicographical_topological_sort(g, key=lambda node: position[node]))
    es: dict[str, int] = {}
    ef: dict[str, int] = {}
    for tid in order:
        es[tid] = max((ef[p] for p in by_id[tid].predecesseurs), default=0)
        ef[tid] = es[tid] + by_id[tid].duree
    end = max(ef.values(), default=0)
    ls: dict[str, int] = {}
    lf: dict[str, int] = {}
    for tid in reversed(order):
        successors = list(g.successors(tid))
        lf[tid] = min((ls[s] for s in successors), default=end)
        ls[tid] = lf[tid] - by_id[tid].duree
    holidays = list(holidays)
    result = []
    for tid in order:
        t = by_id[tid]
        successors = list(g.successors(tid))
        free = min((es[s] for s in successors), default=end) - ef[tid]
        first = working_day(start, es[tid], holidays)
        last = working_day(start, max(es[tid], ef[tid] - 1), holidays)
        result.append(Scheduled(t, es[tid], ef[tid], ls[tid], lf[tid], first, last, free))
    return result


def critical_paths(scheduled: Sequence[Scheduled]) -> list[list[str]]:
    """Every chain of critical tasks from a start to the end of the project (several when
    critical paths run in parallel)."""
    critical = {s.task.id: s for s in scheduled if s.critical}
    end = max((s.ef for s in scheduled), default=0)
    succ: dict[str, list[str]] = {tid: [] for tid in critical}
    for s in critical.values():
        for p in s.task.predecesseurs:
            if p in critical and critical[p].ef == s.es:
                succ[p].append(s.task.id)
    # a chain starts at a critical task no critical task leads to (not after a kick-off milestone)
    driven = {tid for nxt in succ.values() for tid in nxt}
    starts = [tid for tid, s in critical.items() if s.es == 0 and tid not in driven]
    paths: list[list[str]] = []

    def walk(path: list[str]) -> None:
        last = critical[path[-1]]
        nxt = succ[path[-1]]
        if not nxt:
            if last.ef == end:
                paths.append(path)
            return
        for n in nxt:
            walk([*path, n])

    for tid in starts:
        walk([tid])
    return paths


def check_tasks(tasks: Sequence[Task]) -> list[Issue]:
    """What the trainee should fix in the plan, without raising: unknown predecessors, loops,
    duplicates, milestones with a duration, no validation point, statuses that contradict
    the progress."""
    issues: list[Issue] = []
    ids = [t.id for t in tasks]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        issues.append(Issue(level="erreur", message=f"tâche {dup} en double"))
    known = set(ids)
    for t in tasks:
        unknown = [p for p in t.predecesseurs if p not in known]
        if unknown:
            issues.append(Issue(level="erreur", message=f"{t.id} : prédécesseur(s) inconnu(s) : "
                                f"{', '.join(unknown)}"))
        if t.jalon and t.duree:
            issues.append(Issue(level="attention", message=f"{t.id} : un jalon (point de "
                                "validation) a une durée nulle"))
        if t.statut == "fait" and t.avancement < 100:
            issues.append(Issue(level="attention", message=f"{t.id} : « fait » mais avancement de "
                                f"{t.avancement} %"))
        if t.statut == "à faire" and t.avancement > 0:
            issues.append(Issue(level="attention", message=f"{t.id} : « à faire » mais déjà "
                                f"{t.avancement} % réalisés : passez-la « en cours »"))
    if not any(i.level == "erreur" for i in issues):
        import networkx as nx

        g = _graph(tasks)
        if not nx.is_directed_acyclic_graph(g):
            cycle = nx.find_cycle(g)
            issues.append(Issue(level="erreur", message=str(CycleError([e[0] for e in cycle]))))
    if tasks and not any(t.jalon for t in tasks):
        issues.append(Issue(level="attention", message="aucun point de validation (jalon) dans le "
                            "planning"))
    return issues
