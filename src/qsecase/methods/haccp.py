"""HACCP (Codex Alimentarius CXC 1-1969, rév. 2020): hazard analysis, CCP decision tree, HACCP plan.

Pure domain core of part 3 of the ``risques-qualite`` exercise (qse-facts §2.2). The decision tree
is the one of the 2023 edition (annex « arbre de décision CCP », questions Q1–Q4): see
:data:`TREE_EDITION` and :data:`TREE_SOURCES`; the French wording is qsecase's translation of the
English figure. Critical limits quoted as references are data with their source
(:data:`REFERENCE_LIMITS`), never hard-coded in the checks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from qsecase.errors import QsecaseError
from qsecase.methods.base import Issue, Model
from qsecase.methods.haccp_data import (
    FIRST_QUESTION,
    HAZARD_TYPE_LABELS,
    OUTCOMES,
    PRINCIPLES,
    QUESTIONS,
    REFERENCE_LIMITS,
    STEPS,
    TREE_EDITION,
    TREE_SOURCES,
    Outcome,
    Question,
    Result,
    SourcedLimit,
)

__all__ = [
    "DECISION_TREE", "FIRST_QUESTION", "HAZARD_TYPES", "HAZARD_TYPE_LABELS", "OUTCOMES",
    "PRINCIPLES", "REFERENCE_LIMITS", "STEPS", "TREE_EDITION", "TREE_SOURCES",
    "CcpPlan", "DecisionAnswer", "DecisionPath", "DecisionTreeError", "Hazard", "HazardType",
    "Monitoring", "Outcome", "Question", "Result", "SourcedLimit",
    "check_ccp_plan", "check_hazard_analysis", "decide", "is_measurable_limit", "next_question",
]

HazardType = Literal["biologique", "chimique", "physique", "allergène"]
HAZARD_TYPES: tuple[HazardType, ...] = ("biologique", "chimique", "physique", "allergène")

DECISION_TREE: dict[str, Question] = QUESTIONS
"""The questions by id; each says where « oui » and « non » lead (a question or an outcome id)."""


class DecisionTreeError(QsecaseError, ValueError):
    """An answer sequence the tree cannot accept (missing answer, answer beyond the outcome)."""


def _hazard_type(value: object) -> object:
    return "allergène" if isinstance(value, str) and value.strip().casefold() == "allergene" else value


class Hazard(Model):
    """One hazard analysed at one step of the flow diagram (principle 1)."""

    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,20}$", description="ex. D1")
    etape: str = Field(description="étape du diagramme de fabrication")
    type: Annotated[HazardType, BeforeValidator(_hazard_type)]
    danger: str = Field(description="ex. Listeria monocytogenes")
    cause: str = ""
    mesures_maitrise: str = ""
    gravite: int | None = Field(None, ge=1, le=5, description="échelle du cas (1-4 ou 1-5)")
    probabilite: int | None = Field(None, ge=1, le=5, description="échelle du cas (1-4 ou 1-5)")


class DecisionAnswer(Model):
    """One answer given in the tree: the question id (« Q1 »…) and oui (True) / non (False)."""

    question: str = Field(pattern=r"^Q[1-4]$")
    reponse: bool


def next_question(answers: Sequence[DecisionAnswer]) -> Question | Outcome:
    """The next question to ask after ``answers``, or the outcome once reached (for a widget).

    Raises:
        DecisionTreeError: An answer to the wrong question, or an answer after the outcome.
    """
    node: Question | Outcome = DECISION_TREE[FIRST_QUESTION]
    for n, answer in enumerate(answers, 1):
        if isinstance(node, Outcome):
            raise DecisionTreeError(
                f"réponse n° {n} ({answer.question}) en trop : l'arbre a déjà conclu « "
                f"{node.libelle} » — supprimez les réponses qui suivent.")
        if answer.question != node.id:
            raise DecisionTreeError(
                f"réponse n° {n} : la question attendue est {node.id} (« {node.texte} »), "
                f"pas {answer.question} — reprenez l'arbre dans l'ordre.")
        target = node.si_oui if answer.reponse else node.si_non
        node = DECISION_TREE[target] if target in DECISION_TREE else OUTCOMES[target]
    return node


def _outcome(ref_danger: str, answers: Sequence[DecisionAnswer]) -> Outcome:
    end = next_question(answers)
    if isinstance(end, Question):
        raise DecisionTreeError(f"arbre inachevé pour le danger {ref_danger} : répondez à "
                                f"{end.id} (« {end.texte} »).")
    return end


class DecisionPath(Model):
    """The tree run for one hazard at one step: the answers in order and where they lead."""

    ref_danger: str = Field(description="id du danger analysé (Hazard.id)")
    reponses: list[DecisionAnswer]
    issue: str = Field(description="id de l'issue de l'arbre (OUTCOMES)")
    resultat: Result

    @model_validator(mode="after")
    def _consistent(self) -> DecisionPath:
        end = _outcome(self.ref_danger, self.reponses)
        if (self.issue, self.resultat) != (end.id, end.resultat):
            raise DecisionTreeError(f"pour le danger {self.ref_danger}, les réponses mènent à « "
                                    f"{end.resultat} » ({end.id}), pas à « {self.resultat} » "
                                    f"({self.issue}).")
        return self

    @property
    def outcome(self) -> Outcome:
        return OUTCOMES[self.issue]


def decide(ref_danger: str, answers: Sequence[DecisionAnswer | tuple[str, bool]]) -> DecisionPath:
    """The complete path for a hazard: validates the sequence and records the outcome.

    Args:
        ref_danger: Id of the hazard the tree is applied to.
        answers: ``DecisionAnswer`` objects or ``("Q1", False)`` pairs, in the order asked.

    Raises:
        DecisionTreeError: Answers out of order, beyond the outcome, or missing (tree unfinished).
    """
    given = [a if isinstance(a, DecisionAnswer) else DecisionAnswer(question=a[0], reponse=a[1])
             for a in answers]
    end = _outcome(ref_danger, given)
    return DecisionPath(ref_danger=ref_danger, reponses=given, issue=end.id, resultat=end.resultat)


class Monitoring(Model):
    """Surveillance of a CCP (principle 4): what, how, how often, who."""

    quoi: str = ""
    comment: str = ""
    frequence: str = ""
    qui: str = ""


class CcpPlan(Model):
    """One line of the HACCP plan: a CCP and its limit, monitoring, corrections and records."""

    ref_danger: str = Field("", description="id du danger classé CCP (Hazard.id)")
    etape: str = ""
    danger: str = ""
    mesure_maitrise: str = ""
    limite_critique: str = ""
    surveillance: Monitoring = Field(default_factory=Monitoring)
    action_corrective: str = ""
    verification: str = ""
    enregistrements: str = ""


def _err(message: str) -> Issue:
    return Issue(level="erreur", message=message)


def _warn(message: str) -> Issue:
    return Issue(level="attention", message=message)


def check_hazard_analysis(steps: Sequence[str], hazards: Sequence[Hazard]) -> list[Issue]:
    """Checks of the hazard analysis (principle 1) against the flow diagram.

    Args:
        steps: The steps of the flow diagram, in order.
        hazards: The hazards analysed.

    Returns:
        Errors and warnings: duplicate ids, hazards on unknown steps, steps without any hazard
        analysed, hazard types never considered, hazards without control measure.
    """
    issues: list[Issue] = []
    ids = [h.id for h in hazards]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        issues.append(_err(f"Identifiant de danger en double : {dup}."))
    known = {s.casefold() for s in steps}
    for h in hazards:
        if h.etape.casefold() not in known:
            issues.append(_err(f"Le danger {h.id} est rattaché à l'étape « {h.etape} », absente du "
                               "diagramme de fabrication."))
        if not h.danger:
            issues.append(_err(f"Le danger {h.id} n'est pas décrit : nommez-le (ex. « Listeria "
                               "monocytogenes », « fragments métalliques »)."))
        if not h.mesures_maitrise:
            issues.append(_err(f"Le danger {h.id} ({h.danger or h.type}, étape « {h.etape} ») n'a "
                               "pas de mesure de maîtrise."))
    analysed = {h.etape.casefold() for h in hazards}
    for step in steps:
        if step.casefold() not in analysed:
            issues.append(_warn(f"L'étape « {step} » n'a aucun danger analysé : examinez-la pour "
                                "les quatre types de dangers."))
    seen = {h.type for h in hazards}
    for kind in HAZARD_TYPES:
        if kind not in seen:
            issues.append(_warn(f"Aucun danger {kind} n'est envisagé sur l'ensemble du procédé "
                                f"({HAZARD_TYPE_LABELS[kind]}) : vérifiez ce type de danger."))
    return issues


_NUMBER_UNIT = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:°\s?[CF]\b|%|mm\b|cm\b|m/s|min\b|minutes?\b|s\b|secondes?\b|h\b|heures?\b|"
    r"ppm\b|mg/kg|mg/l|g/kg|g/l|ufc/g|log\b|bars?\b|kPa\b|kg\b|g\b|ml\b|l\b)"
    r"|\b(?:pH|aw|a_w)\s*[<>≤≥=]?\s*\d", re.IGNORECASE)
_VAGUE = re.compile(r"\b(correcte?s?|suffisante?s?|satisfaisante?s?|bonne?s?|conformes?|adaptée?s?|"
                    r"appropriée?s?|normale?s?|acceptables?|bien cuite?s?|propres?|"
                    r"raisonnables?)\b", re.IGNORECASE)
_VAGUE_FREQ = re.compile(r"\b(régulièrement|de temps en temps|parfois|souvent|si besoin|"
                         r"au besoin|ponctuellement)\b", re.IGNORECASE)
_PRODUCT_FATE = re.compile(
    r"\b(produits?|lots?|bloqu\w*|blocage|isol\w*|consign\w*|écart(?:er|ée?s?)|détrui\w*|destruction|"
    r"recycl\w*|retrait\w*|recui\w*|re-?cuisson|déclass\w*|rappel\w*|quarantaine|séquestr\w*|"
    r"jet\w*|élimin\w*|libér\w*|retri\w*|re-?passage)\b", re.IGNORECASE)


def is_measurable_limit(text: str) -> bool:
    """Whether a critical limit states a value with its unit (« ≥ 70 °C à cœur », « pH ≤ 4,4 »)."""
    return bool(_NUMBER_UNIT.search(text))


def _plan_issues(plan: CcpPlan, n: int) -> list[Issue]:
    who = f"Le CCP « {plan.etape or f'ligne {n}'} »" + (f" ({plan.ref_danger})" if plan.ref_danger else "")
    issues: list[Issue] = []
    fields = {"étape": plan.etape, "danger": plan.danger, "mesure de maîtrise": plan.mesure_maitrise,
              "limite critique": plan.limite_critique, "surveillance (quoi)": plan.surveillance.quoi,
              "surveillance (comment)": plan.surveillance.comment,
              "action corrective": plan.action_corrective, "vérification": plan.verification,
              "enregistrements": plan.enregistrements}
    empty = [name for name, value in fields.items() if not value]
    if empty:
        issues.append(_err(f"{who} : à compléter — {', '.join(empty)}."))
    limit = plan.limite_critique
    if limit and not is_measurable_limit(limit):
        issues.append(_err(f"{who} : la limite critique « {limit} » n'est pas mesurable ; donnez "
                           "une valeur et son unité (ex. « ≥ 70 °C à cœur pendant 2 min »)."))
    if limit and (vague := _VAGUE.search(limit)):
        issues.append(_err(f"{who} : « {vague.group(0)} » est vague dans une limite critique ; "
                           "une limite sépare l'acceptable de l'inacceptable par un chiffre."))
    if not plan.surveillance.frequence:
        issues.append(_err(f"{who} : la surveillance n'a pas de fréquence (ex. « chaque lot », "
                           "« toutes les heures »)."))
    elif vague_freq := _VAGUE_FREQ.search(plan.surveillance.frequence):
        issues.append(_warn(f"{who} : fréquence de surveillance imprécise (« {vague_freq.group(0)} »)"
                            " ; indiquez un intervalle ou un événement (chaque lot, toutes les 2 h)."))
    if not plan.surveillance.qui:
        issues.append(_err(f"{who} : la surveillance ne dit pas qui la réalise (fonction)."))
    if plan.action_corrective and not _PRODUCT_FATE.search(plan.action_corrective):
        issues.append(_err(f"{who} : l'action corrective ne dit pas ce que devient le produit "
                           "fabriqué pendant l'écart (bloqué, re-traité, détruit…)."))
    return issues


def check_ccp_plan(plans: Sequence[CcpPlan], decisions: Sequence[DecisionPath]) -> list[Issue]:
    """Checks of the HACCP plan (principles 3 to 7) against the decision-tree results.

    Args:
        plans: The plan's lines, one per CCP.
        decisions: The decision paths; those resulting in « CCP » need a plan line.

    Returns:
        Errors and warnings: CCP without plan, plan citing a hazard the tree did not retain,
        empty fields, non-measurable or vague critical limits, monitoring without frequency or
        person, corrective action silent on the product.
    """
    issues: list[Issue] = []
    ccps = [d.ref_danger for d in decisions if d.resultat == "CCP"]
    planned = [p.ref_danger for p in plans if p.ref_danger]
    for ref in ccps:
        if ref not in planned:
            issues.append(_err(f"Le danger {ref} est un CCP d'après l'arbre de décision mais n'a "
                               "pas de ligne dans le plan HACCP."))
    decided = {d.ref_danger: d for d in decisions}
    for ref in sorted({r for r in planned if r not in ccps}):
        why = (f"l'arbre conclut « {decided[ref].resultat} »" if ref in decided
               else "l'arbre de décision n'a pas été appliqué à ce danger")
        issues.append(_warn(f"Le plan HACCP traite le danger {ref} comme un CCP, mais {why}."))
    for ref in sorted({r for r in planned if planned.count(r) > 1}):
        issues.append(_warn(f"Le danger {ref} a plusieurs lignes dans le plan HACCP : regroupez-les."))
    for n, plan in enumerate(plans, 1):
        issues.extend(_plan_issues(plan, n))
    return issues
