"""The RSE references shipped with qsecase: the 17 ODD, the 7 ISO 26000 core subjects and the
catalogue of reference texts.

Data (``qsecase/data/rse_references.yaml``), read once with :mod:`importlib.resources` and the safe
YAML loader, validated with pydantic; each entry records its source and whether it was checked
against a primary source (``verifie``). :func:`find_texts` recognises the texts a trainee names
freely (« loi AGEC 2020 », « ISO26000 », « loi climat et résilience »).

Example:

    >>> from qsecase.rse_data import find_texts, odd
    >>> odd()[13].numero, find_texts("loi AGEC 2020")
    (13, ['loi-agec'])
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Literal

from pydantic import Field, model_validator

from qsecase.io.shipped import load_shipped
from qsecase.methods.base import Model
from qsecase.methods.rse import CoreSubject, recognised_texts
from qsecase.methods.rse import suggest_odd as _suggest_odd

__all__ = ["CORE_SUBJECT_IDS", "REQUIRED_TEXT_IDS", "RSE_RESOURCE", "CoreSubjectEntry", "Odd", "Principles",
           "ReferenceText", "RseReferences", "TextThemes", "core_subjects", "find_texts",
           "load_rse_references", "odd", "odd_titles", "principles", "reference_texts", "suggest_odd"]

RSE_RESOURCE = "data/rse_references.yaml"

CORE_SUBJECT_IDS: tuple[str, ...] = ("gouvernance", "droits-homme", "relations-travail", "environnement",
                                     "loyaute-pratiques", "consommateurs", "communautes")
"""The ids of the seven core subjects, in the order of ISO 26000 § 6.2 to 6.8."""

REQUIRED_TEXT_IDS: tuple[str, ...] = (
    "iso-26000", "agenda-2030", "loi-agec", "loi-climat-resilience", "csrd", "loi-pacte", "code-env-l541-1",
    "iso-14001", "iso-14040", "iso-14044", "iso-50001", "code-travail-egalite", "devoir-vigilance", "espr")
"""Text ids that answer keys and graders rely on: the catalogue must hold every one."""

OddNumber = Annotated[int, Field(ge=1, le=17)]
TextNature = Literal["norme", "loi", "code", "directive-ue", "reglement-ue", "resolution-onu"]


class Odd(Model):
    """One Sustainable Development Goal: number, French short title and keywords to suggest it."""

    numero: OddNumber
    titre: str = Field(min_length=1)
    verifie: bool = Field(description="false : intitulé non vérifié mot à mot")
    mots_cles: list[str] = Field(min_length=3, max_length=8)


class CoreSubjectEntry(Model):
    """One ISO 26000 core subject with its clause and its domains of action."""

    id: CoreSubject
    titre: str = Field(min_length=1)
    paragraphe: str = Field(pattern=r"^6\.[2-8]$")
    domaines: list[str] = Field(default_factory=list)
    verifie: bool = Field(description="false : domaines d'action non relus sur la norme")
    note: str = ""


class Principles(Model):
    """The seven principles of social responsibility (ISO 26000 § 4)."""

    verifie: bool
    source: str = Field(min_length=1)
    liste: list[str] = Field(min_length=7, max_length=7)


class TextThemes(Model):
    """What a text concerns: ODD numbers and ISO 26000 core subjects."""

    odd: list[OddNumber] = Field(min_length=1)
    questions_centrales: list[CoreSubject] = Field(min_length=1)


class ReferenceText(Model):
    """A reference text a trainee may cite for an action (law, regulation, standard, UN resolution)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    titre: str = Field(min_length=1)
    reference: str = Field(min_length=1, description="référence officielle complète")
    nature: TextNature
    themes: TextThemes
    mots_cles: list[str] = Field(min_length=1, description="ce qu'un stagiaire peut écrire pour le citer")
    source: str = Field(min_length=1)
    verifie: bool
    note: str = ""


class RseReferences(Model):
    """The shipped file."""

    titre: str
    source: str
    avertissement: str
    odd: list[Odd]
    odd_source: str
    questions_centrales: list[CoreSubjectEntry]
    questions_centrales_source: str
    principes: Principles
    textes: list[ReferenceText]

    @model_validator(mode="after")
    def _complete(self) -> RseReferences:
        numbers = [o.numero for o in self.odd]
        if numbers != list(range(1, 18)):
            raise ValueError(f"les ODD doivent être numérotés de 1 à 17 dans l'ordre (reçu : {numbers})")
        subjects = tuple(q.id for q in self.questions_centrales)
        if subjects != CORE_SUBJECT_IDS:
            raise ValueError(f"questions centrales attendues, dans l'ordre : {', '.join(CORE_SUBJECT_IDS)} "
                             f"(reçu : {', '.join(subjects)})")
        ids = [t.id for t in self.textes]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise ValueError(f"textes en double : {', '.join(doubles)}")
        missing = [i for i in REQUIRED_TEXT_IDS if i not in ids]
        if missing:
            raise ValueError(f"textes de référence manquants : {', '.join(missing)}")
        return self


@cache
def load_rse_references() -> RseReferences:
    """The whole shipped file (read and validated once, then cached; do not modify it).

    Raises:
        QsecaseError: If the shipped file is missing, not YAML or invalid.
    """
    return load_shipped(RSE_RESOURCE, RseReferences)


@cache
def odd() -> dict[int, Odd]:
    """The 17 ODD by number, 1 to 17 (cached; do not modify)."""
    return {o.numero: o for o in load_rse_references().odd}


def odd_titles() -> dict[int, str]:
    """ODD number → French short title (a new dict on each call)."""
    return {n: o.titre for n, o in odd().items()}


@cache
def core_subjects() -> dict[str, CoreSubjectEntry]:
    """The 7 ISO 26000 core subjects by id, in the order of the standard (cached; do not modify)."""
    return {q.id: q for q in load_rse_references().questions_centrales}


def principles() -> list[str]:
    """The 7 principles of social responsibility (list marked unverified: see :class:`Principles`)."""
    return list(load_rse_references().principes.liste)


@cache
def reference_texts() -> dict[str, ReferenceText]:
    """The catalogue of reference texts by id, in file order (cached; do not modify).

    Pass it as ``known_texts`` to :func:`qsecase.methods.rse.check_actions`.
    """
    return {t.id: t for t in load_rse_references().textes}


def find_texts(text: str) -> list[str]:
    """Ids of the catalogue's texts that ``text`` names — by id, title, reference or keyword, whatever
    the case, accents and punctuation — in the order they appear; ``[]`` if none.

    Example:
        >>> find_texts("ISO26000 et loi Climat & Résilience")
        ['iso-26000', 'loi-climat-resilience']
    """
    return recognised_texts(text, reference_texts())


def suggest_odd(text: str) -> list[int]:
    """ODD numbers whose keywords appear in ``text`` (an action's title or argument), most keywords
    first: a suggestion for the trainee, not a verdict."""
    return _suggest_odd(text, {n: o.mots_cles for n, o in odd().items()})
