"""Tracking of a plan at a given date: completion rate, statuses, overdue alerts. Pure."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from qsecase.methods.planning import Scheduled

__all__ = ["Alert", "Progress", "alerts", "progress"]


@dataclass(frozen=True)
class Progress:
    """Completion of the plan: by number of tasks and weighted by duration."""

    total: int
    counts: dict[str, int]
    taux_taches: float
    """Share of tasks done (0–1)."""
    taux_pondere: float
    """Share of the work done, each task weighted by its duration and its progress (0–1)."""


@dataclass(frozen=True)
class Alert:
    tache: str
    level: Literal["retard", "à surveiller"]
    message: str


def progress(scheduled: Sequence[Scheduled]) -> Progress:
    counts = Counter(s.task.statut for s in scheduled)
    tasks = [s.task for s in scheduled if not s.task.jalon]
    weight = sum(t.duree for t in tasks)
    done = sum(t.duree * (100 if t.statut == "fait" else t.avancement) / 100 for t in tasks)
    return Progress(len(scheduled), {k: counts.get(k, 0) for k in ("à faire", "en cours", "fait")},
                    counts.get("fait", 0) / len(scheduled) if scheduled else 0.0,
                    done / weight if weight else 0.0)


def alerts(scheduled: Sequence[Scheduled], today: dt.date, warn_days: int = 0) -> list[Alert]:
    """Tasks not done whose planned finish is past (« retard »), tasks that should have started
    and have not, tasks in progress behind their planned progress, and tasks due within
    ``warn_days`` days (« à surveiller »)."""
    out: list[Alert] = []
    for s in scheduled:
        t = s.task
        if t.statut == "fait":
            continue
        if s.fin < today:
            late = (today - s.fin).days
            out.append(Alert(t.id, "retard", f"{t.id} « {t.nom} » : fin prévue le "
                             f"{s.fin:%d/%m/%Y}, dépassée de {late} jour{'s' if late > 1 else ''}"))
        elif t.statut == "à faire" and s.debut < today:
            out.append(Alert(t.id, "à surveiller", f"{t.id} « {t.nom} » : devait commencer le "
                             f"{s.debut:%d/%m/%Y}"))
        elif t.statut == "en cours" and s.fin > s.debut:
            span = (s.fin - s.debut).days + 1
            expected = min(100, round(100 * ((today - s.debut).days + 1) / span))
            if t.avancement + 25 < expected:
                out.append(Alert(t.id, "à surveiller", f"{t.id} « {t.nom} » : {t.avancement} % "
                                 f"réalisés pour {expected} % attendus à date"))
                continue
        if warn_days and today <= s.fin <= today + dt.timedelta(days=warn_days) and not any(
                x.tache == t.id for x in out):
            left = (s.fin - today).days
            out.append(Alert(t.id, "à surveiller", f"{t.id} « {t.nom} » : échéance le "
                             f"{s.fin:%d/%m/%Y}, dans {left} jour{'s' if left > 1 else ''}"))
    return sorted(out, key=lambda a: (a.level != "retard", a.tache))
