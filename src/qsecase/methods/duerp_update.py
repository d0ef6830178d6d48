"""The update of a DUERP: what changed since the previous version, why, and the version record. Pure.

C. trav. R4121-2: the DUERP is updated at least every year (11 employees and more), on any
important change of working conditions, and when new information on a risk is known. Every
version is kept 40 years (R4121-4, qse-facts §3.1): a version, once recorded, never changes; its
fingerprint (SHA-256 of its canonical JSON) proves it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Issue, Model
from qsecase.methods.duerp import Situation
from qsecase.methods.text import same_text

__all__ = [
    "TRIGGERS",
    "Change",
    "ChangeKind",
    "DuerpVersion",
    "Trigger",
    "UpdateInfo",
    "VersionInfo",
    "check_reasons",
    "diff",
    "fingerprint",
]

Trigger = Literal["annuelle", "amenagement", "information", "accident"]
TRIGGERS: dict[str, str] = {
    "annuelle": "Mise à jour annuelle (au moins chaque année, 11 salariés et plus)",
    "amenagement": "Décision d'aménagement important (nouvelle machine, réorganisation…)",
    "information": "Information nouvelle sur un risque (observation, mesure, signalement)",
    "accident": "Accident du travail ou incident révélant un risque",
}
"""Why a DUERP is updated (C. trav. R4121-2; the accident is a case of new information)."""

ChangeKind = Literal["ajoutée", "supprimée", "recotée", "mesures ajoutées", "mesures retirées",
                     "modifiée"]


class UpdateInfo(Model):
    """The trainee's record of this update: when, by whom, why."""

    date: dt.date | None = None
    auteur: str = ""
    declencheurs: list[Trigger] = Field(default_factory=list)
    participants: str = Field("", description="personnes associées (CSE, salariés, SPST…)")
    commentaire: str = ""


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a DUERP, with the reason given for it."""

    id: str
    kind: ChangeKind
    detail: str
    motif: str = ""


def _measures_added(old: Sequence[str], new: Sequence[str]) -> list[str]:
    return [m for m in new if not any(same_text(m, o) for o in old)]


def diff(old: Sequence[Situation], new: Sequence[Situation],
         reasons: Mapping[str, str] | None = None) -> list[Change]:
    """Situations added, removed, re-rated, with measures added or removed, or otherwise edited,
    matched by id; each change carries the reason written for its situation (``reasons[id]``)."""
    reasons = reasons or {}
    before = {s.id: s for s in old}
    after = {s.id: s for s in new}
    changes: list[Change] = []
    for sid, s in after.items():
        motif = reasons.get(sid, "")
        if sid not in before:
            changes.append(Change(sid, "ajoutée", s.situation, motif))
            continue
        o = before[sid]
        if (o.g, o.f, o.m) != (s.g, s.f, s.m):
            def show(x: Situation) -> str:
                return f"G{x.g} × F{x.f}" + (f", M{x.m}" if x.m is not None else "")
            changes.append(Change(sid, "recotée", f"{show(o)} → {show(s)}", motif))
        added = _measures_added(o.mesures, s.mesures)
        if added:
            changes.append(Change(sid, "mesures ajoutées", " ; ".join(added), motif))
        removed = _measures_added(s.mesures, o.mesures)
        if removed:
            changes.append(Change(sid, "mesures retirées", " ; ".join(removed), motif))
        edited = [name for name in ("unite", "situation", "fonctionnement", "famille", "danger",
                                    "dommage", "methode", "handicap")
                  if not same_text(str(getattr(o, name)), str(getattr(s, name)))]
        if edited:
            changes.append(Change(sid, "modifiée", ", ".join(edited), motif))
    for sid, o in before.items():
        if sid not in after:
            changes.append(Change(sid, "supprimée", o.situation, reasons.get(sid, "")))
    return changes


def check_reasons(changes: Sequence[Change]) -> list[Issue]:
    """Every change of a legal document is justified: a change without a reason is an error."""
    missing = sorted({c.id for c in changes if not c.motif.strip()})
    if not missing:
        return []
    return [Issue(level="erreur", message=f"motif de la modification à écrire pour : "
                  f"{', '.join(missing)}")]


class VersionInfo(Model):
    """The record of one version in the version history (without its content)."""

    numero: int = Field(ge=1)
    date: dt.datetime
    auteur: str = Field(min_length=1)
    motif: str = ""
    situations: int = Field(ge=0, description="nombre de situations évaluées")
    empreinte: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 du contenu")


class DuerpVersion(Model):
    """A recorded version of a DUERP: never modified once written."""

    numero: int = Field(ge=1)
    date: dt.datetime
    auteur: str = Field(min_length=1)
    motif: str = ""
    situations: list[Situation]
    empreinte: str = ""

    def info(self) -> VersionInfo:
        return VersionInfo(numero=self.numero, date=self.date, auteur=self.auteur, motif=self.motif,
                           situations=len(self.situations), empreinte=fingerprint(self))


def fingerprint(version: DuerpVersion) -> str:
    """SHA-256 of the version's content (number, date, author, reason, situations)."""
    content = version.model_dump(mode="json", exclude={"empreinte"})
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
