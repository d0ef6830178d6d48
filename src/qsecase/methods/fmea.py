"""AMDEC (FMEA) of a process: rows, ratings, criticality IPR = G × O × D, priorities, checks. Pure.

G, O and D are rated 1–10 (scales in ``data/fmea_scales.yaml``); the IPR runs from 1 to 1000.
There is no normative threshold (qse-facts §2.1): the case sets ``ipr_action``, and any gravity
≥ ``g_critique`` is treated whatever the IPR. The AIAG-VDA action priority (H/M/L) is a second
view, looked up in ``data/fmea_action_priority.yaml`` (:mod:`qsecase.fmea_data`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from qsecase.methods.base import Issue, Model

if TYPE_CHECKING:
    from qsecase.fmea_data import ActionPriority, ApTable

__all__ = ["RATING_NAMES", "FmeaRow", "FmeaThresholds", "Operation", "Priority", "PriorityLevel",
           "Ranking", "Reduction", "action_priority", "check_fmea", "ipr", "ipr_after", "priority", "rank",
           "reduction", "row_label"]

Operation = Literal["normal", "dégradé"]
PriorityLevel = Literal["à traiter en priorité", "à surveiller", "acceptable"]
Level = Literal["erreur", "attention"]

RATING_NAMES: dict[str, str] = {
    "g": "la gravité G", "o": "l'occurrence O", "d": "la détection D",
    "g2": "la gravité après action G'", "o2": "l'occurrence après action O'",
    "d2": "la détection après action D'",
}
"""How each rating is named in French messages."""


def _rating(value: Any, field: str) -> int:
    """``value`` as a rating 1–10, or a French error naming the rating."""
    number: Any = value
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        number = int(value.strip())
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 10:
        raise PydanticCustomError(
            "note_hors_bareme", "{nom} se cote de 1 à 10 (nombre entier), reçu : {recu}",
            {"nom": RATING_NAMES[field], "recu": repr(value)})
    return number


class FmeaRow(Model):
    """One line of a process AMDEC: a failure mode of a step, its cause, ratings and action."""

    id: str = Field("", description="repère du mode de défaillance, ex. M3")
    etape: str
    fonction: str = ""
    mode: str = Field("", description="mode de défaillance")
    effet: str = ""
    cause: str = ""
    controles_prevention: str = ""
    controles_detection: str = ""
    g: int
    o: int
    d: int
    fonctionnement: Operation = "normal"
    actions: str = ""
    responsable: str = ""
    echeance: dt.date | None = None
    g2: int | None = None
    o2: int | None = None
    d2: int | None = None
    commentaire: str = Field("", description="justification d'une re-cotation inattendue")

    @field_validator("g", "o", "d", "g2", "o2", "d2", mode="before")
    @classmethod
    def _check_rating(cls, value: Any, info: Any) -> Any:
        blank = value is None or (isinstance(value, str) and not value.strip())
        if blank and info.field_name in ("g2", "o2", "d2"):
            return None
        return _rating(value, info.field_name)

    @field_validator("fonctionnement", mode="before")
    @classmethod
    def _operation(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().casefold() in ("degrade", "dégradé", "degradé"):
            return "dégradé"
        return value.strip().casefold() if isinstance(value, str) else value


class FmeaThresholds(Model):
    """Decision thresholds, set by the case (the company's policy).

    ``ipr_surveillance`` defaults to half of ``ipr_action`` (rounded up).
    """

    ipr_action: int = Field(100, ge=1, le=1000, description="IPR à partir duquel agir")
    g_critique: int = Field(9, ge=1, le=10, description="gravité traitée quel que soit l'IPR")
    ipr_surveillance: int | None = Field(None, ge=1, le=1000)

    @model_validator(mode="after")
    def _order(self) -> FmeaThresholds:
        if self.ipr_surveillance is not None and self.ipr_surveillance >= self.ipr_action:
            raise ValueError("le seuil de surveillance doit être inférieur au seuil d'action "
                             f"({self.ipr_surveillance} ≥ {self.ipr_action})")
        return self

    @property
    def watch(self) -> int:
        """The IPR from which a failure mode is « à surveiller »."""
        return self.ipr_surveillance or -(-self.ipr_action // 2)


def row_label(row: FmeaRow, index: int | None = None) -> str:
    """A short name for messages: « M3 (Alésage Ø20 H7 — cote hors tolérance) »."""
    what = " — ".join(p for p in (row.etape, row.mode) if p)
    ref = row.id or (f"ligne {index}" if index is not None else "")
    return f"{ref} ({what})" if ref else what


def ipr(row: FmeaRow) -> int:
    """Criticality IPR = G × O × D (1 to 1000)."""
    return row.g * row.o * row.d


def _after(row: FmeaRow) -> tuple[int, int, int] | None:
    if row.g2 is None and row.o2 is None and row.d2 is None:
        return None
    return (row.g if row.g2 is None else row.g2, row.o if row.o2 is None else row.o2,
            row.d if row.d2 is None else row.d2)


def ipr_after(row: FmeaRow) -> int | None:
    """IPR after action, G' × O' × D', a rating not re-rated counting as unchanged; None when
    nothing was re-rated."""
    after = _after(row)
    return None if after is None else after[0] * after[1] * after[2]


@dataclass(frozen=True)
class Priority:
    """A priority and the rule that gives it, in words."""

    level: PriorityLevel
    rule: str

    def __str__(self) -> str:
        return f"{self.level} : {self.rule}"


def priority(row: FmeaRow, thresholds: FmeaThresholds | None = None) -> Priority:
    """Where a failure mode stands against the case's thresholds (≥ means « reached »).

    Gravity ≥ ``g_critique`` or IPR ≥ ``ipr_action`` → « à traiter en priorité »;
    IPR ≥ :attr:`FmeaThresholds.watch` → « à surveiller »; otherwise « acceptable ».
    """
    t = thresholds or FmeaThresholds()
    value = ipr(row)
    formula = f"IPR = {row.g} × {row.o} × {row.d} = {value}"
    if row.g >= t.g_critique:
        return Priority("à traiter en priorité", f"G = {row.g} ≥ {t.g_critique} : gravité "
                        "critique, à traiter quel que soit l'IPR")
    if value >= t.ipr_action:
        return Priority("à traiter en priorité", f"{formula} ≥ seuil d'action {t.ipr_action}")
    if value >= t.watch:
        return Priority("à surveiller", f"{formula} ≥ seuil de surveillance {t.watch} "
                        f"(sous le seuil d'action {t.ipr_action})")
    return Priority("acceptable", f"{formula} < seuil de surveillance {t.watch}")


def action_priority(g: int, o: int, d: int, table: ApTable | None = None) -> ActionPriority:
    """AIAG-VDA action priority H / M / L of ratings ``g``, ``o``, ``d``.

    Args:
        g: Gravity 1–10.
        o: Occurrence 1–10.
        d: Detection 1–10.
        table: The table; by default the one shipped with qsecase
            (:func:`qsecase.fmea_data.load_action_priority`, whose ``lookup`` also tells
            whether a cell is verified).

    Raises:
        ValueError: If a rating is outside 1–10.
    """
    if table is None:
        from qsecase.fmea_data import load_action_priority

        table = load_action_priority()
    return table.lookup(g, o, d).priority


@dataclass(frozen=True)
class Ranking:
    """Sorted views of the rows (stable: ties keep the input order).

    Attributes:
        by_ipr: Highest IPR first (ties: higher G, then higher O).
        by_gravity: Highest G first, then highest O, then highest D.
    """

    by_ipr: list[FmeaRow]
    by_gravity: list[FmeaRow]


def rank(rows: Sequence[FmeaRow]) -> Ranking:
    """Sorted views of an AMDEC."""
    return Ranking(sorted(rows, key=lambda r: (-ipr(r), -r.g, -r.o)),
                   sorted(rows, key=lambda r: (-r.g, -r.o, -r.d)))


@dataclass(frozen=True)
class Reduction:
    """IPR before and after action for one row (``after`` None: not re-rated)."""

    row: FmeaRow
    before: int
    after: int | None

    @property
    def gain(self) -> float | None:
        """Relative reduction (0.75 for 200 → 50); negative when the IPR rose."""
        return None if self.after is None else (self.before - self.after) / self.before


def reduction(rows: Sequence[FmeaRow]) -> list[Reduction]:
    """Before / after IPR of every row, in input order."""
    return [Reduction(r, ipr(r), ipr_after(r)) for r in rows]


def _given(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 10


def _row_issues(row: FmeaRow, t: FmeaThresholds) -> list[tuple[Level, str]]:
    """(level, message) pairs about one row."""
    out: list[tuple[Level, str]] = []
    bad = [RATING_NAMES[f] for f in ("g", "o", "d", "g2", "o2", "d2")
           if not _given(v := getattr(row, f)) and (v is not None or f in "god")]
    if bad:  # only reachable through model_construct (a form's raw values)
        return [("erreur", f"{', '.join(bad)} hors barème : chaque note se cote de 1 à 10.")]
    for name, text in (("mode de défaillance", row.mode), ("effet", row.effet), ("cause", row.cause)):
        if not text:
            out.append(("erreur", f"{name} non renseigné(e)."))
    if row.g >= t.g_critique and not row.actions:
        out.append(("erreur", f"G = {row.g} ≥ {t.g_critique} sans action : une gravité critique se "
                    "traite quel que soit l'IPR (prévention, détection, ou justification)."))
    elif ipr(row) >= t.ipr_action and not row.actions:
        out.append(("erreur", f"IPR {ipr(row)} ≥ seuil d'action {t.ipr_action} sans action proposée."))
    if row.actions and not row.responsable:
        out.append(("erreur", "action sans responsable : nommez qui la pilote."))
    if row.actions and row.echeance is None:
        out.append(("erreur", "action sans échéance : fixez une date."))
    after = _after(row)
    if row.actions and after is None:
        out.append(("attention", "indiquez la cotation attendue après action (G', O', D')."))
    if after is not None and not row.actions:
        out.append(("attention", "re-cotation sans action : qu'est-ce qui justifie les nouvelles notes ?"))
    if after is not None and not row.commentaire:
        for letter, old, new in zip("GOD", (row.g, row.o, row.d), after, strict=True):
            if new > old:
                out.append(("attention", f"{letter}' = {new} > {letter} = {old} : une action ne devrait "
                            "pas augmenter une note ; justifiez-le en commentaire ou corrigez."))
        if after[0] < row.g:
            out.append(("attention", f"G' = {after[0]} < G = {row.g} : la gravité ne baisse que si "
                        "l'effet change (produit ou procédé modifié) ; justifiez-le en commentaire."))
    return out


def check_fmea(rows: Sequence[FmeaRow], thresholds: FmeaThresholds | None = None) -> list[Issue]:
    """The checks a trainee sees while filling the AMDEC, and that grading reuses.

    Per row: ratings out of range, missing mode / effect / cause, IPR ≥ threshold or
    G ≥ ``g_critique`` without action, action without owner or deadline, missing or unexplained
    re-rating (a rating that rises, a gravity that falls). Across rows: duplicate rows
    (same step, mode, cause and operation) and steps analysed only in normal operation.
    """
    t = thresholds or FmeaThresholds()
    if not rows:
        return [Issue(level="erreur", message="L'AMDEC ne contient aucune ligne.")]
    issues: list[Issue] = []
    seen: dict[tuple[str, ...], int] = {}
    for n, row in enumerate(rows, 1):
        issues.extend(Issue(level=level, message=f"{row_label(row, n)} : {message}")
                      for level, message in _row_issues(row, t))
        key = tuple(" ".join(str(x).casefold().split()) for x in
                    (row.etape, row.mode, row.cause, row.fonctionnement))
        if key in seen:
            issues.append(Issue(level="erreur", message=f"{row_label(row, n)} : doublon de la "
                                f"ligne {seen[key]} (même étape, mode, cause et fonctionnement)."))
        seen.setdefault(key, n)
    steps = dict.fromkeys(r.etape for r in rows)
    for step in steps:
        if not any(r.etape == step and r.fonctionnement == "dégradé" for r in rows):
            issues.append(Issue(level="attention", message=f"Étape « {step} » : aucun mode analysé "
                                "en fonctionnement dégradé (panne, remplaçant, urgence, démarrage…)."))
    return issues
