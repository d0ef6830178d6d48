"""Rubrics are versioned data (``rubrics/<exercise>.yaml`` in the package), scored by a pure function.

Each item names the référentiel criterion it grades, its points, whether it is checked
automatically or left « à vérifier » to the trainer, the rule that computes it, the learner-facing
feedback for each outcome and a hint for self-study. The texts are French; :func:`score_item`
gives them in the grade's language through the catalogue (:mod:`qsecase.i18n`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Literal

import yaml
from pydantic import Field, ValidationError, model_validator

from qsecase.errors import Problem, RubricError
from qsecase.grading.grade import ItemGrade, Status, status_for
from qsecase.i18n import N_, current_lang, join, translator
from qsecase.methods.base import Model

__all__ = ["Feedback", "Outcome", "Rubric", "RubricItem", "found_sentence", "load_rubric",
           "missed_count_sentence", "score_item", "score_rubric"]


class Feedback(Model):
    acquis: str
    partiel: str
    non_acquis: str
    a_verifier: str = N_("À vérifier par le formateur.")

    def for_status(self, status: Status) -> str:
        return {"acquis": self.acquis, "partiellement acquis": self.partiel,
                "non acquis": self.non_acquis, "à vérifier": self.a_verifier}[status]


class RubricItem(Model):
    id: str
    criterion: str = Field(pattern=r"^[1-5]-[1-8]$")
    critere: str = Field(pattern=r"^[1-5]-[1-8]\.[a-z]$",
                         description="critère d'évaluation du référentiel, ex. 1-1.a")
    label: str
    points: float = Field(gt=0)
    check: Literal["auto", "formateur"]
    rule: str = Field(description="nom de la règle de l'exercice qui calcule le résultat")
    feedback: Feedback
    indice: str = Field("", description="indice progressif pour l'autoformation")


class Rubric(Model):
    exercise: str
    version: str
    items: list[RubricItem] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        ids = [i.id for i in self.items]
        dups = sorted({i for i in ids if ids.count(i) > 1})
        if dups:
            raise ValueError(f"items en double : {', '.join(dups)}")
        for item in self.items:
            if not item.critere.startswith(item.criterion + "."):
                raise ValueError(f"{item.id} : critère {item.critere} hors de {item.criterion}")
        return self

    @property
    def total(self) -> float:
        return sum(i.points for i in self.items)

    def item(self, item_id: str) -> RubricItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


@functools.cache
def load_rubric(exercise: str) -> Rubric:
    """The rubric shipped with qsecase for ``exercise``; its criteria must exist in the référentiel."""
    from qsecase.referentiel import load_referentiel

    name = f"rubrics/{exercise}.yaml"
    source = resources.files("qsecase") / "data" / name
    try:
        rubric = Rubric.model_validate(yaml.safe_load(source.read_text(encoding="utf-8")))
    except ValidationError as exc:
        raise RubricError([Problem(name, str(e["msg"]), field=".".join(map(str, e["loc"])))
                           for e in exc.errors()]) from None
    ref = load_referentiel()
    for item in rubric.items:
        ref.critere(item.critere)  # raises UnknownCompetencyError with the code
    return rubric


@dataclass
class Outcome:
    """What a rule measured: a ratio in [0, 1] and the evidence behind it."""

    ratio: float
    found: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.ratio = min(1.0, max(0.0, self.ratio))


Rule = Callable[..., Outcome]


def found_sentence(found: list[str], lang: str = "fr") -> str:
    """« Éléments pertinents trouvés : a ; b. » in ``lang`` (the elements themselves as found)."""
    _ = translator(lang)
    return _("Éléments pertinents trouvés : {elements}.", elements=join(found, lang))


def missed_count_sentence(n: int, lang: str = "fr") -> str:
    """« 2 éléments attendus non trouvés. » in ``lang``: the feedback counts the missed key
    elements without naming them."""
    _ = translator(lang)
    return _.plural("{n} élément attendu non trouvé.", "{n} éléments attendus non trouvés.", n)


def score_item(item: RubricItem, outcome: Outcome, lang: str | None = None) -> ItemGrade:
    """Turn a rule's outcome into the graded item: points, status, learner-facing feedback.

    The label, the feedback and the notes are given in ``lang`` (default: the current language,
    see :func:`qsecase.i18n.use_lang`); points and status do not depend on it. The feedback never
    names the missed key elements (only their number): they are kept in ``missed`` for the
    trainer, and the renderers show them to a trainee only when asked to.
    """
    _ = translator(lang or current_lang())
    points = math.floor(item.points * outcome.ratio * 4 + 0.5) / 4  # quarter points, halves up
    measured = status_for(points / item.points)
    status: Status = "à vérifier" if item.check == "formateur" else measured
    lines = [_(item.feedback.for_status(measured))]
    if status == "à vérifier":
        lines.append(_(item.feedback.a_verifier))
    if outcome.found:
        lines.append(found_sentence(outcome.found, _.lang))
    if outcome.missed:
        lines.append(missed_count_sentence(len(outcome.missed), _.lang))
    notes = [_(note) for note in outcome.notes]
    lines.extend(notes)
    return ItemGrade(
        criterion=item.criterion, item=item.id, label=_(item.label), points=points,
        max_points=item.points, status=status, feedback=" ".join(lines),
        found=outcome.found, missed=outcome.missed, notes=notes,
    )


def score_rubric(rubric: Rubric, rules: Mapping[str, Callable[[], Outcome]],
                 lang: str | None = None) -> list[ItemGrade]:
    """Score every item of ``rubric`` with the rule of the same name, feedback in ``lang``
    (default: the current language)."""
    missing = [i.rule for i in rubric.items if i.rule not in rules]
    if missing:
        raise RubricError(Problem(f"rubrics/{rubric.exercise}.yaml",
                                  f"règles inconnues : {', '.join(missing)}"))
    return [score_item(i, rules[i.rule](), lang) for i in rubric.items]
