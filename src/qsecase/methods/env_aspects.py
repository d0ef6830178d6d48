"""Environmental analysis (ISO 14001 § 6.1.2): aspects and impacts of every activity, in normal,
abnormal and emergency situations, rated for significance. Pure.

Usual rating (qse-facts §4.1, usage, not normative): criticité = gravité (1–4) × fréquence (1–4),
significant from the organisation's threshold; an aspect under a legal requirement or a complaint
of an interested party is significant whatever its rating.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Issue, Model

__all__ = ["DIAGNOSTIC_TOOLS", "SITUATIONS", "DiagnosticTool", "EnvAspect", "EnvSituation", "check_aspects",
           "covers", "criticity", "is_significant", "rank_aspects"]

EnvSituation = Literal["normale", "anormale", "urgence"]
SITUATIONS: tuple[str, ...] = ("normale", "anormale", "urgence")
DiagnosticTool = Literal["mesure d'émissions", "mesure de rejets aqueux", "mesure de bruit",
                         "empreinte eau", "étude de biodiversité", "BEGES", "bilan matière", "autre"]
DIAGNOSTIC_TOOLS: tuple[str, ...] = DiagnosticTool.__args__  # type: ignore[attr-defined]


class EnvAspect(Model):
    """One line of the environmental analysis table."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,20}$", description="ex. AE4")
    activite: str = Field(min_length=1, description="activité ou processus")
    aspect: str = Field(min_length=1, description="ex. consommation d'électricité, rejet d'huile")
    impact: str = Field("", description="ex. épuisement des ressources, pollution des sols")
    situation: EnvSituation = "normale"
    direct: bool = True
    exigence_legale: str = Field("", description="texte applicable, s'il y en a un")
    plainte: bool = Field(False, description="plainte ou attente d'une partie intéressée")
    g: int = Field(ge=1, le=4, description="gravité de l'impact")
    f: int = Field(ge=1, le=4, description="fréquence ou probabilité")
    significatif: bool = False
    maitrise: str = Field("", description="maîtrise existante")
    outil: DiagnosticTool | None = Field(None, description="outil de diagnostic utilisé")
    action: str = ""
    sources: list[str] = Field(default_factory=list)


def criticity(aspect: EnvAspect) -> int:
    """Gravité × fréquence, from 1 to 16."""
    return aspect.g * aspect.f


def is_significant(aspect: EnvAspect, threshold: int) -> bool:
    """Significant when the criticity reaches ``threshold``, or under a legal requirement, or a complaint."""
    return criticity(aspect) >= threshold or bool(aspect.exigence_legale) or aspect.plainte


def _why(aspect: EnvAspect, threshold: int) -> str:
    reasons = [f"criticité {aspect.g} × {aspect.f} = {criticity(aspect)} "
               f"{'≥' if criticity(aspect) >= threshold else '<'} seuil {threshold}"]
    if aspect.exigence_legale:
        reasons.append(f"exigence légale ({aspect.exigence_legale})")
    if aspect.plainte:
        reasons.append("plainte d'une partie intéressée")
    return ", ".join(reasons)


def covers(activity: str, stated: str) -> bool:
    """Whether an aspect's ``stated`` activity is ``activity``: tolerant on accents, case, plurals,
    word order and typos, either wording holding all the content words of the other."""
    from qsecase.grading.matching import THRESHOLD, phrase_in

    return max(phrase_in(activity, stated), phrase_in(stated, activity)) >= THRESHOLD


def check_aspects(aspects: Sequence[EnvAspect], activities: Sequence[str], threshold: int) -> list[Issue]:
    """The checks of the environmental analysis, in French.

    Errors: no aspect, duplicate ids, an activity of ``activities`` that no aspect covers, neither
    abnormal nor emergency situation, « significatif » contrary to the rule (:func:`is_significant`),
    a significant aspect with neither control nor action. Warnings: one of the abnormal and emergency
    situations missing, a significant aspect without diagnostic tool.

    Raises:
        ValueError: If ``threshold`` is not between 1 and 16.
    """
    if not 1 <= threshold <= 16:
        raise ValueError(f"seuil de significativité {threshold} : il se fixe entre 1 et 16 (G × F)")
    if not aspects:
        return [Issue(level="erreur", message="Aucun aspect environnemental identifié.")]
    issues: list[Issue] = []
    ids = [a.id for a in aspects]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        issues.append(Issue(level="erreur", message=f"L'identifiant {dup} désigne plusieurs aspects."))
    for activity in activities:
        if not any(covers(activity, a.activite) for a in aspects):
            issues.append(Issue(level="erreur", message=f"L'activité « {activity} » n'a aucun aspect "
                                "environnemental."))
    situations = {a.situation for a in aspects}
    missing = [s for s in ("anormale", "urgence") if s not in situations]
    if missing:
        named = " ni ".join("d'urgence" if s == "urgence" else s for s in missing)
        issues.append(Issue(level="erreur" if len(missing) == 2 else "attention", message=(
            f"Aucune situation {named} : "
            "ISO 14001 (§ 6.1.2) demande d'étudier les situations anormales et d'urgence "
            "raisonnablement prévisibles.")))
    for a in aspects:
        rule = is_significant(a, threshold)
        if a.significatif != rule:
            declared, ruled = ("significatif" if x else "non significatif" for x in (a.significatif, rule))
            issues.append(Issue(level="erreur", message=(
                f"{a.id} est déclaré {declared} alors que la règle le rend {ruled} ({_why(a, threshold)}).")))
        if not (rule or a.significatif):
            continue
        if not a.maitrise and not a.action:
            issues.append(Issue(level="erreur", message=f"{a.id} est significatif mais n'a ni maîtrise "
                                "existante ni action."))
        if a.outil is None:
            issues.append(Issue(level="attention", message=f"{a.id} est significatif : indiquez l'outil "
                                "de diagnostic qui le mesure ou le suit (mesure, bilan, BEGES…)."))
    return issues


def rank_aspects(aspects: Sequence[EnvAspect]) -> list[EnvAspect]:
    """The aspects by priority: criticity, then a legal requirement or a complaint, then gravity,
    highest first; ties keep their order."""
    return sorted(aspects, key=lambda a: (-criticity(a), -(bool(a.exigence_legale) or a.plainte), -a.g))
