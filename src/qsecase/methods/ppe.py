"""PPE field check: the PPE required per work station against field observations. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Issue, Model

__all__ = ["GOOD_RATE", "POOR_RATE", "ObservedGap", "PpeCell", "PpeGap", "PpeObservation",
           "PpeRequirement", "PpeSummary", "ppe_issues", "ppe_summary"]


class PpeRequirement(Model):
    """A PPE required at a station (organisation's rule or regulation)."""

    poste: str
    epi: str
    base: str = ""


class PpeObservation(Model):
    """One observation on the field: was the PPE worn at that station?"""

    id: str
    date: dt.date
    poste: str
    epi: str
    porte: bool
    visite: Literal["planifiée", "inopinée"] = "planifiée"


class PpeGap(Model):
    """A gap the trainee reports: a PPE not worn (or not provided) at a station, and what to do."""

    poste: str
    epi: str
    constat: str = ""
    action: str = ""
    faits: list[str] = Field(default_factory=list)


# --- field-check summary ----------------------------------------------------------------------

GOOD_RATE = 95.0
"""Conformity rate (%) from which a station × PPE cell is deemed satisfactory."""
POOR_RATE = 80.0
"""Conformity rate (%) below which a cell is a clear gap."""


def _key(text: str) -> str:
    """Names are matched case- and spacing-insensitively (« Gilet HV » = « gilet  hv »)."""
    return " ".join(text.split()).casefold()


def _rate(worn: int, total: int) -> float | None:
    return 100.0 * worn / total if total else None


@dataclass(frozen=True)
class PpeCell:
    """Observations of one required PPE at one station; ``taux`` in % (None: never observed)."""

    poste: str
    epi: str
    n_observations: int
    n_non_porte: int
    derniere_non_porte: dt.date | None

    @property
    def n_porte(self) -> int:
        return self.n_observations - self.n_non_porte

    @property
    def taux(self) -> float | None:
        return _rate(self.n_porte, self.n_observations)


@dataclass(frozen=True)
class ObservedGap:
    """A required PPE seen not worn: how many times, and the last time."""

    poste: str
    epi: str
    n_non_porte: int
    derniere_date: dt.date


@dataclass(frozen=True)
class PpeSummary:
    """Result of :func:`ppe_summary`.

    Attributes:
        postes: Stations with requirements, in requirement order.
        epis: Required PPE, in requirement order.
        cells: One cell per required (station, PPE), keyed by the requirement's spelling.
        taux_global: % of observations of required PPE where it was worn (None: none).
        taux_par_poste: The same per station.
        gaps: Required PPE seen not worn at least once, most frequent first.
        never_observed: Stations with requirements and no observation of any required PPE.
        hors_regle: Observations of a PPE not required at that station (left out of the rates).
    """

    postes: list[str]
    epis: list[str]
    cells: dict[tuple[str, str], PpeCell]
    taux_global: float | None
    taux_par_poste: dict[str, float | None]
    gaps: list[ObservedGap]
    never_observed: list[str]
    hors_regle: list[PpeObservation]

    @property
    def n_observations(self) -> int:
        """Observations taken into account (required PPE only)."""
        return sum(c.n_observations for c in self.cells.values())

    def cell(self, poste: str, epi: str) -> PpeCell | None:
        """The cell of a (station, PPE), matched like the observations; None if not required."""
        for (p, e), c in self.cells.items():
            if _key(p) == _key(poste) and _key(e) == _key(epi):
                return c
        return None


def ppe_summary(requirements: Iterable[PpeRequirement],
                observations: Iterable[PpeObservation]) -> PpeSummary:
    """Compare the PPE required per station with what was observed on the field.

    Station and PPE names are matched ignoring case and repeated spaces; the requirement's
    spelling is kept for display.
    """
    names: dict[tuple[str, str], tuple[str, str]] = {}
    for req in requirements:
        names.setdefault((_key(req.poste), _key(req.epi)), (req.poste, req.epi))
    seen = dict.fromkeys(names, 0)
    not_worn = dict.fromkeys(names, 0)
    last: dict[tuple[str, str], dt.date | None] = dict.fromkeys(names)
    hors_regle: list[PpeObservation] = []
    for obs in observations:
        key = (_key(obs.poste), _key(obs.epi))
        if key not in names:
            hors_regle.append(obs)
            continue
        seen[key] += 1
        if not obs.porte:
            not_worn[key] += 1
            previous = last[key]
            last[key] = obs.date if previous is None else max(previous, obs.date)
    cells = {names[k]: PpeCell(*names[k], seen[k], not_worn[k], last[k]) for k in names}
    postes = list(dict.fromkeys(p for p, _ in cells))
    epis = list(dict.fromkeys(e for _, e in cells))
    per_poste = {p: [c for (q, _), c in cells.items() if q == p] for p in postes}
    taux_par_poste = {p: _rate(sum(c.n_porte for c in cs), sum(c.n_observations for c in cs))
                      for p, cs in per_poste.items()}
    gaps = [ObservedGap(c.poste, c.epi, c.n_non_porte, c.derniere_non_porte)
            for c in cells.values() if c.derniere_non_porte is not None]
    gaps.sort(key=lambda g: (-g.n_non_porte, postes.index(g.poste), epis.index(g.epi)))
    return PpeSummary(
        postes=postes, epis=epis, cells=cells,
        taux_global=_rate(sum(c.n_porte for c in cells.values()),
                          sum(c.n_observations for c in cells.values())),
        taux_par_poste=taux_par_poste, gaps=gaps,
        never_observed=[p for p, cs in per_poste.items() if not any(c.n_observations for c in cs)],
        hors_regle=hors_regle)


def ppe_issues(gaps_declared: Sequence[PpeGap], summary: PpeSummary) -> list[Issue]:
    """Compare the trainee's declared gaps with the gaps the observations show.

    Errors: a declared gap contradicted by the observations (PPE always worn), an observed gap
    missing from the declaration. Warnings: a declared gap no observation can support (PPE not
    required at that station, or never observed), a gap declared twice.
    """
    issues: list[Issue] = []
    declared: set[tuple[str, str]] = set()
    for gap in gaps_declared:
        key = (_key(gap.poste), _key(gap.epi))
        what = f"« {gap.epi} » au poste « {gap.poste} »"
        if key in declared:
            issues.append(Issue(level="attention", message=f"Écart {what} déclaré deux fois."))
            continue
        declared.add(key)
        cell = summary.cell(gap.poste, gap.epi)
        if cell is None:
            issues.append(Issue(level="attention", message=f"Écart {what} : cet EPI n'est pas "
                                "exigé à ce poste d'après la liste des EPI requis — vérifiez le "
                                "poste et l'EPI, ou citez le fait qui justifie l'exigence."))
        elif cell.n_observations == 0:
            issues.append(Issue(level="attention", message=f"Écart {what} : aucune observation ne "
                                "le constate (EPI jamais observé à ce poste) ; prévoyez plutôt "
                                "une visite de ce poste."))
        elif cell.n_non_porte == 0:
            issues.append(Issue(level="erreur", message=(
                f"Écart {what} non constaté : l'EPI était porté lors des {cell.n_observations} "
                "observations.")))
    for g in summary.gaps:
        if (_key(g.poste), _key(g.epi)) not in declared:
            n = g.n_non_porte
            issues.append(Issue(level="erreur", message=(
                f"Écart constaté non déclaré : « {g.epi} » non porté au poste « {g.poste} » "
                f"({n} observation{'s' if n > 1 else ''}, la dernière le {g.derniere_date:%d/%m/%Y}).")))
    return issues
