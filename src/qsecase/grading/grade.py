"""The Grade of one trainee for one exercise: items, statuses, mark out of 20; JSON round-trip."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

__all__ = ["GRADE_SCHEMA", "STATUSES", "SYMBOLS", "Grade", "ItemGrade", "Status", "status_for"]

GRADE_SCHEMA: Literal[1] = 1

Status = Literal["acquis", "partiellement acquis", "non acquis", "à vérifier"]
STATUSES: tuple[Status, ...] = ("acquis", "partiellement acquis", "non acquis", "à vérifier")
SYMBOLS: dict[str, str] = {
    "acquis": "✔", "partiellement acquis": "◐", "non acquis": "✖", "à vérifier": "?",
}

ACQUIRED = 0.75
PARTIAL = 0.40


def status_for(ratio: float) -> Status:
    """Status of a score ratio: ≥ 75 % acquis, ≥ 40 % partiellement acquis, else non acquis."""
    if ratio >= ACQUIRED - 1e-9:
        return "acquis"
    if ratio >= PARTIAL - 1e-9:
        return "partiellement acquis"
    return "non acquis"


class ItemGrade(BaseModel):
    model_config = ConfigDict(extra="forbid")

    criterion: str = Field(description="code de compétence du référentiel, ex. 1-1")
    item: str
    label: str
    points: float = Field(ge=0)
    max_points: float = Field(gt=0)
    status: Status
    feedback: str = Field(description="retour au stagiaire, sans dévoiler le corrigé")
    found: list[str] = Field(default_factory=list, description="éléments attendus trouvés")
    missed: list[str] = Field(default_factory=list, description="éléments attendus manquants "
                              "(vue formateur)")
    notes: list[str] = Field(default_factory=list, description="constats factuels sur la copie")
    source: Literal["auto", "formateur"] = "auto"
    comment: str = Field("", description="commentaire du formateur (correction manuelle)")

    @model_validator(mode="after")
    def _points_within_max(self) -> ItemGrade:
        if self.points > self.max_points:
            raise ValueError(f"{self.item} : {self.points} points pour un item noté sur "
                             f"{self.max_points}")
        return self


class Grade(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = GRADE_SCHEMA
    trainee: str
    case: str
    exercise: str
    rubric_version: str
    lang: str = "fr"
    graded_at: dt.datetime
    items: list[ItemGrade]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def note_20(self) -> float:
        total = sum(i.max_points for i in self.items)
        got = sum(i.points for i in self.items)
        return round(20 * got / total, 2) if total else 0.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def criteria(self) -> dict[str, str]:
        """Status per criterion code, from the share of its points."""
        out: dict[str, str] = {}
        for code in dict.fromkeys(i.criterion for i in self.items):
            items = [i for i in self.items if i.criterion == code]
            ratio = sum(i.points for i in items) / sum(i.max_points for i in items)
            out[code] = status_for(ratio)
        return out

    @computed_field  # type: ignore[prop-decorator]
    @property
    def pending(self) -> int:
        """Items still « à vérifier » by the trainer: the mark is provisional while > 0."""
        return sum(i.status == "à vérifier" for i in self.items)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    @classmethod
    def from_json(cls, text: str) -> Grade:
        import json

        data = json.loads(text)
        for key in ("note_20", "criteria", "pending"):
            data.pop(key, None)
        return cls.model_validate(data)
