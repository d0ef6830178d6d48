"""The one registry: exercise id → title, competencies, notebook, answer and key models, grader."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from qsecase.case_model import Case
from qsecase.errors import AnswerKeyError, InputError, UnknownExerciseError
from qsecase.grading.grade import Grade
from qsecase.grading.rubric import Outcome, Rubric, load_rubric, score_rubric
from qsecase.io.yamlfile import load_data, pydantic_problems

__all__ = ["REGISTRY", "Exercise", "exercises", "get", "load_key"]

RulesFactory = Callable[[Any, Any, Case], Mapping[str, Callable[[], Outcome]]]


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    competencies: tuple[str, ...]
    notebook: str
    answers_model: type[BaseModel]
    key_model: type[BaseModel]
    rules: RulesFactory
    ui: str = ""
    """Module (widgets layer) defining ``UI``, the notebook's forms and views; imported lazily."""

    @property
    def rubric(self) -> Rubric:
        return load_rubric(self.id)

    def grade(
        self, answers: BaseModel, key: BaseModel, case: Case, *, trainee: str, lang: str = "fr",
        now: dt.datetime | None = None,
    ) -> Grade:
        """Score the answers against the key with this exercise's rubric. Pure."""
        items = score_rubric(self.rubric, self.rules(answers, key, case), lang)
        return Grade(trainee=trainee, case=case.id, exercise=self.id,
                     rubric_version=self.rubric.version, lang=lang,
                     graded_at=(now or dt.datetime.now().astimezone()).replace(microsecond=0),
                     items=items)


def _build() -> dict[str, Exercise]:
    from qsecase.exercises.acv_rse import grader as acv_rse_grader
    from qsecase.exercises.acv_rse.model import AcvRseAnswers, AcvRseKey
    from qsecase.exercises.amelioration import grader as amelioration_grader
    from qsecase.exercises.amelioration.model import AmeliorationAnswers, AmeliorationKey
    from qsecase.exercises.audit import grader as audit_grader
    from qsecase.exercises.audit.model import AuditAnswers, AuditKey
    from qsecase.exercises.duerp_rps import grader as duerp_grader
    from qsecase.exercises.duerp_rps.model import DuerpRpsAnswers, DuerpRpsKey
    from qsecase.exercises.environnement import grader as env_grader
    from qsecase.exercises.environnement.model import EnvironnementAnswers, EnvironnementKey
    from qsecase.exercises.probleme import grader as probleme_grader
    from qsecase.exercises.probleme.model import ProblemeAnswers, ProblemeKey
    from qsecase.exercises.risques_qualite import grader as rq_grader
    from qsecase.exercises.risques_qualite.model import RisquesQualiteAnswers, RisquesQualiteKey
    from qsecase.exercises.sm_qse import grader as sm_qse_grader
    from qsecase.exercises.sm_qse.model import SmQseAnswers, SmQseKey
    from qsecase.exercises.sst_accident import grader as sst_grader
    from qsecase.exercises.sst_accident.model import SstAccidentAnswers, SstAccidentKey

    entries = [
        Exercise(
            id="probleme",
            title="Résolution de problème qualité",
            competencies=("1-1", "1-2"),
            notebook="01_probleme.ipynb",
            answers_model=ProblemeAnswers,
            key_model=ProblemeKey,
            rules=probleme_grader.rules,
            ui="qsecase.widgets.probleme",
        ),
        Exercise(
            id="risques-qualite",
            title="Cartographie des processus et analyse des risques Qualité",
            competencies=("1-3", "1-4", "1-5", "1-6"),
            notebook="02_risques_qualite.ipynb",
            answers_model=RisquesQualiteAnswers,
            key_model=RisquesQualiteKey,
            rules=rq_grader.rules,
            ui="qsecase.widgets.risques_qualite",
        ),
        Exercise(
            id="sst-accident",
            title="Suivi SST, EPI et analyse d'accident",
            competencies=("2-1", "2-2", "2-3", "2-4", "2-7", "2-8"),
            notebook="03_sst_accident.ipynb",
            answers_model=SstAccidentAnswers,
            key_model=SstAccidentKey,
            rules=sst_grader.rules,
            ui="qsecase.widgets.sst_accident",
        ),
        Exercise(
            id="duerp-rps",
            title="Mise à jour du DUERP et risques psychosociaux",
            competencies=("2-5", "2-6"),
            notebook="04_duerp_rps.ipynb",
            answers_model=DuerpRpsAnswers,
            key_model=DuerpRpsKey,
            rules=duerp_grader.rules,
            ui="qsecase.widgets.duerp_rps",
        ),
        Exercise(
            id="environnement",
            title="Analyse environnementale, registres, flux et BEGES",
            competencies=("3-1", "3-2", "3-3", "3-4"),
            notebook="05_environnement.ipynb",
            answers_model=EnvironnementAnswers,
            key_model=EnvironnementKey,
            rules=env_grader.rules,
            ui="qsecase.widgets.environnement",
        ),
        Exercise(
            id="acv-rse",
            title="Analyse de cycle de vie et démarche RSE",
            competencies=("3-5", "3-6"),
            notebook="06_acv_rse.ipynb",
            answers_model=AcvRseAnswers,
            key_model=AcvRseKey,
            rules=acv_rse_grader.rules,
            ui="qsecase.widgets.acv_rse",
        ),
        Exercise(
            id="sm-qse",
            title="Système de management QSE : veille, documents, tableaux de bord, reporting",
            competencies=("4-1", "4-2", "4-3", "4-6"),
            notebook="07_sm_qse.ipynb",
            answers_model=SmQseAnswers,
            key_model=SmQseKey,
            rules=sm_qse_grader.rules,
            ui="qsecase.widgets.sm_qse",
        ),
        Exercise(
            id="audit",
            title="Audit interne QSE et préparation d'audit externe",
            competencies=("4-4", "4-5"),
            notebook="08_audit.ipynb",
            answers_model=AuditAnswers,
            key_model=AuditKey,
            rules=audit_grader.rules,
            ui="qsecase.widgets.audit",
        ),
        Exercise(
            id="amelioration",
            title="Plan d'amélioration continue QSE : actions, planification, suivi, communication",
            competencies=("5-1", "5-2", "5-3", "5-4", "5-5", "5-6"),
            notebook="09_amelioration.ipynb",
            answers_model=AmeliorationAnswers,
            key_model=AmeliorationKey,
            rules=amelioration_grader.rules,
            ui="qsecase.widgets.amelioration",
        ),
    ]
    return {e.id: e for e in entries}


REGISTRY: dict[str, Exercise] = _build()


def get(exercise_id: str) -> Exercise:
    try:
        return REGISTRY[exercise_id]
    except KeyError:
        raise UnknownExerciseError(exercise_id, sorted(REGISTRY)) from None


def exercises() -> list[Exercise]:
    return list(REGISTRY.values())


def load_key(exercise: Exercise, path: Path) -> BaseModel:
    """Read and validate an answer key; problems raise :class:`AnswerKeyError` with their line."""
    try:
        data, lines = load_data(Path(path), what="corrigé", error=AnswerKeyError)
    except AnswerKeyError:
        raise
    except InputError as exc:
        raise AnswerKeyError(exc.problems) from None
    try:
        return exercise.key_model.model_validate(data)
    except ValidationError as exc:
        raise AnswerKeyError(pydantic_problems(exc, path, lines)) from None
