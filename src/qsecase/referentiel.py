"""Typed access to the certification framework « Chargé de mission QSE » (niveau 5).

The framework (5 blocs, their activities, competencies and evaluation criteria) ships as
``qsecase/data/referentiel.yaml``. Competency and criterion texts are copied verbatim from the
official framework; only ``evaluation`` (per bloc) and ``titre_court`` (per competency) are
summaries written for qsecase.

Example:
    >>> from qsecase.referentiel import load_referentiel, short_title
    >>> ref = load_referentiel()
    >>> ref.competence("1-1").criteres[0].code
    '1-1.a'
    >>> short_title("1-2")
    'Proposer des actions Qualité'
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from qsecase.errors import UnknownCompetencyError

__all__ = [
    "Activite",
    "Bloc",
    "Competence",
    "Critere",
    "Referentiel",
    "load_referentiel",
    "short_title",
]

_COMPETENCE_CODE = re.compile(r"^[1-9]-[1-9]$")
_CRITERE_CODE = re.compile(r"^([1-9]-[1-9])\.[a-z]$")
_ACTIVITE_CODE = re.compile(r"^A[1-9]$")
MAX_SHORT_TITLE = 60


class _Model(BaseModel):
    """Common configuration: immutable, unknown fields rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Critere(_Model):
    """One evaluation criterion of a competency.

    Attributes:
        code: Criterion code, the competency code plus a letter (``"1-1.a"``).
        texte: Full text of the criterion, verbatim from the framework.
    """

    code: str
    texte: str = Field(min_length=1)

    @field_validator("code")
    @classmethod
    def _check_code(cls, value: str) -> str:
        if not _CRITERE_CODE.match(value):
            raise ValueError(f"code de critère invalide « {value} » (attendu : 1-1.a)")
        return value


class Competence(_Model):
    """One competency of the framework.

    Attributes:
        code: Competency code (``"1-1"`` … ``"5-6"``).
        titre_court: Short French label (at most 60 characters) for tables.
        intitule: Full text of the competency, verbatim from the framework.
        criteres: Evaluation criteria, in framework order.
        bloc: Number of the bloc the competency belongs to.
    """

    code: str
    titre_court: str = Field(min_length=1, max_length=MAX_SHORT_TITLE)
    intitule: str = Field(min_length=1)
    criteres: list[Critere] = Field(min_length=1)
    bloc: int

    @field_validator("code")
    @classmethod
    def _check_code(cls, value: str) -> str:
        if not _COMPETENCE_CODE.match(value):
            raise ValueError(f"code de compétence invalide « {value} » (attendu : 1-1)")
        return value

    @model_validator(mode="after")
    def _check_consistency(self) -> Competence:
        if not self.code.startswith(f"{self.bloc}-"):
            raise ValueError(f"la compétence {self.code} n'appartient pas au bloc {self.bloc}")
        seen: set[str] = set()
        for critere in self.criteres:
            match = _CRITERE_CODE.match(critere.code)
            if match is None or match.group(1) != self.code:
                raise ValueError(
                    f"le critère {critere.code} ne commence pas par le code {self.code}"
                )
            if critere.code in seen:
                raise ValueError(f"critère {critere.code} en double")
            seen.add(critere.code)
        return self


class Activite(_Model):
    """One activity (A1, A2…) of a bloc and the competencies it groups.

    Attributes:
        code: Activity code within its bloc (``"A1"``).
        titre: Activity title, verbatim from the framework.
        competences: Codes of the competencies attached to this activity.
    """

    code: str
    titre: str = Field(min_length=1)
    competences: list[str] = Field(min_length=1)

    @field_validator("code")
    @classmethod
    def _check_code(cls, value: str) -> str:
        if not _ACTIVITE_CODE.match(value):
            raise ValueError(f"code d'activité invalide « {value} » (attendu : A1)")
        return value


class Bloc(_Model):
    """One bloc of competencies.

    Attributes:
        numero: Bloc number (1 to 5).
        titre: Bloc title, verbatim from the framework.
        evaluation: Summary of the bloc's evaluation modality.
        activites: Activities of the bloc.
        competences: Competencies of the bloc, in framework order.
    """

    numero: int = Field(ge=1, le=9)
    titre: str = Field(min_length=1)
    evaluation: str = Field(min_length=1)
    activites: list[Activite] = Field(min_length=1)
    competences: list[Competence] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _inject_bloc_number(cls, data: Any) -> Any:
        """Fill each competency's ``bloc`` from the bloc ``numero`` (the YAML omits it)."""
        if isinstance(data, dict) and isinstance(data.get("competences"), list):
            numero = data.get("numero")
            data = dict(data)
            data["competences"] = [
                {"bloc": numero, **item} if isinstance(item, dict) else item
                for item in data["competences"]
            ]
        return data

    @model_validator(mode="after")
    def _check_activities(self) -> Bloc:
        codes = [c.code for c in self.competences]
        attached = [code for activite in self.activites for code in activite.competences]
        unknown = sorted(set(attached) - set(codes))
        if unknown:
            raise ValueError(
                f"bloc {self.numero} : activités rattachées à des compétences absentes du bloc : "
                + ", ".join(unknown)
            )
        if sorted(attached) != sorted(codes):
            raise ValueError(
                f"bloc {self.numero} : chaque compétence doit relever d'une et une seule activité"
            )
        return self


class Referentiel(_Model):
    """The whole certification framework.

    Attributes:
        source: Bibliographic reference of the official framework.
        blocs: The blocs, in order.
    """

    source: str = Field(min_length=1)
    blocs: list[Bloc] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_unique_codes(self) -> Referentiel:
        codes = self.codes()
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise ValueError("compétences en double : " + ", ".join(duplicates))
        return self

    def competences(self) -> list[Competence]:
        """Return every competency, in framework order (bloc by bloc).

        Returns:
            The competencies of all blocs.
        """
        return [competence for bloc in self.blocs for competence in bloc.competences]

    def codes(self) -> list[str]:
        """Return the competency codes, in framework order.

        Returns:
            Codes such as ``["1-1", "1-2", …, "5-6"]``.
        """
        return [competence.code for competence in self.competences()]

    def competence(self, code: str) -> Competence:
        """Return the competency with the given code.

        Args:
            code: Competency code, e.g. ``"2-5"``.

        Returns:
            The matching competency.

        Raises:
            UnknownCompetencyError: If no competency has this code.
        """
        for competence in self.competences():
            if competence.code == code:
                return competence
        raise UnknownCompetencyError(code)

    def critere(self, code: str) -> Critere:
        """Return the evaluation criterion with the given code.

        Args:
            code: Criterion code, e.g. ``"1-1.a"``.

        Returns:
            The matching criterion.

        Raises:
            UnknownCompetencyError: If no criterion has this code.
        """
        for competence in self.competences():
            for critere in competence.criteres:
                if critere.code == code:
                    return critere
        raise UnknownCompetencyError(code)


@cache
def load_referentiel() -> Referentiel:
    """Load the framework shipped with qsecase (read once, then cached).

    Returns:
        The validated framework.
    """
    resource = files("qsecase") / "data" / "referentiel.yaml"
    data = yaml.safe_load(resource.read_text(encoding="utf-8"))
    return Referentiel.model_validate(data)


def short_title(code: str) -> str:
    """Return the short French label of a competency, for tables.

    Args:
        code: Competency code, e.g. ``"1-1"``.

    Returns:
        A label of at most 60 characters.

    Raises:
        UnknownCompetencyError: If no competency has this code.
    """
    return load_referentiel().competence(code).titre_court
