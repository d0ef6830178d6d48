"""Shared base for the answer-side models of every method."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["Issue", "Model"]


class Model(BaseModel):
    """Strict model: unknown fields are refused (a typo in an answers file is reported, not ignored);
    surrounding whitespace of texts is stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True)


class Issue(Model):
    """Something the trainee should look at while typing; ``level`` is « erreur » or « attention »."""

    level: Literal["erreur", "attention"]
    message: str

    def __str__(self) -> str:
        return f"{'✖' if self.level == 'erreur' else '⚠'} {self.message}"
