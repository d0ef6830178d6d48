"""Document unique d'évaluation des risques professionnels (DUERP): situations, scales, ratings. Pure.

The law imposes no rating method (qse-facts §3.3): the case declares its scale
(:class:`DuerpScale`: gravity and frequency levels, optional control coefficients, priority
thresholds). Criticité brute = G × F; with a control level M, criticité résiduelle = brute × the
coefficient of M. The priority follows the case's thresholds on the residual criticité.

Risk families: the usual list of INRS ED 840 « Évaluation des risques professionnels — aide au
repérage des risques dans les PME-PMI » (list not checked against the brochure itself, see
qse-facts §3.2), plus « travail isolé » and « travail sur écran » found in some editions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, field_validator, model_validator

from qsecase.methods.base import Issue, Model

__all__ = [
    "FAMILIES",
    "METHODS",
    "ControlLevel",
    "DuerpScale",
    "Family",
    "Level",
    "Method",
    "Operation",
    "Rating",
    "Situation",
    "Threshold",
    "check_situations",
    "heat_counts",
    "rank",
    "rate",
    "split_measures",
]

Operation = Literal["normal", "dégradé"]

FAMILIES: dict[str, str] = {
    "chute-plain-pied": "Chute de plain-pied",
    "chute-hauteur": "Chute de hauteur",
    "circulation": "Circulations internes de véhicules et de piétons",
    "routier": "Risque routier (déplacements professionnels)",
    "activite-physique": "Activité physique, manutention manuelle, postures (TMS)",
    "manutention-mecanique": "Manutention mécanique (engins, appareils de levage)",
    "chimique": "Produits, émissions et déchets (risque chimique)",
    "biologique": "Agents biologiques",
    "machines": "Équipements de travail (machines, outils)",
    "effondrement": "Effondrements et chutes d'objets",
    "bruit": "Bruit",
    "thermique": "Ambiances thermiques",
    "incendie-explosion": "Incendie, explosion (dont atmosphères explosives)",
    "electrique": "Électricité",
    "eclairage": "Ambiances lumineuses",
    "rayonnements": "Rayonnements",
    "rps": "Risques psychosociaux",
    "vibrations": "Vibrations",
    "hygiene": "Manque d'hygiène",
    "entreprises-exterieures": "Intervention d'entreprises extérieures",
    "travail-isole": "Travail isolé",
    "ecran": "Travail sur écran",
}
"""Risk families (ids → French labels), after INRS ED 840 (usual list, see the module docstring)."""

Family = Literal[
    "chute-plain-pied", "chute-hauteur", "circulation", "routier", "activite-physique",
    "manutention-mecanique", "chimique", "biologique", "machines", "effondrement", "bruit",
    "thermique", "incendie-explosion", "electrique", "eclairage", "rayonnements", "rps",
    "vibrations", "hygiene", "entreprises-exterieures", "travail-isole", "ecran",
]

METHODS: dict[str, str] = {
    "EvRP": "Évaluation des risques professionnels (grille de cotation du DUERP)",
    "ATEX": "Zonage ATEX (atmosphères explosives, C. trav. R4227-42 à R4227-54)",
    "HAZOP": "HAZOP (étude de dangers d'un procédé, écarts aux paramètres)",
    "AMDEC": "AMDEC d'une machine ou d'un procédé",
    "OREGE": "OREGE (outil INRS de repérage des facteurs de risque de TMS)",
    "mesurage": "Mesurage (bruit, éclairement, vibrations, ambiances thermiques, agents chimiques)",
    "RPS-DU": "RPS-DU (outil INRS d'évaluation des facteurs de risques psychosociaux)",
    "arbre-des-causes": "Analyse d'accident (arbre des causes)",
    "autre": "Autre méthode (précisez-la dans la situation)",
}
"""Methods that can be recorded for a work situation (ids → French labels)."""

Method = Literal["EvRP", "ATEX", "HAZOP", "AMDEC", "OREGE", "mesurage", "RPS-DU",
                 "arbre-des-causes", "autre"]

_SITUATION_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,19}$"
_MEASURE_SPLIT = re.compile(r"\s*(?:\||\n|•)\s*")


def split_measures(text: str) -> list[str]:
    """Measures written in one cell (« A | B », one per line or « • » bullets) as a list."""
    return [m.strip() for m in _MEASURE_SPLIT.split(text or "") if m.strip()]


class Level(Model):
    valeur: int = Field(ge=1, le=10)
    libelle: str = Field(min_length=1)
    description: str = ""


class ControlLevel(Level):
    """A level of control of the risk by the existing measures, with its coefficient."""

    coefficient: float = Field(gt=0, le=1)


class Threshold(Model):
    """Priority ``priorite`` applies from residual criticité ``minimum`` (inclusive)."""

    priorite: int = Field(ge=1, le=5)
    libelle: str
    minimum: float = Field(ge=0)


def _contiguous(levels: Sequence[Level], what: str) -> None:
    values = [lv.valeur for lv in levels]
    if values != list(range(1, len(values) + 1)):
        raise ValueError(f"les niveaux de {what} doivent être numérotés 1, 2, 3… sans trou ni "
                         f"doublon (reçu : {', '.join(map(str, values))})")


class DuerpScale(Model):
    """The organisation's rating grid for its DUERP (declared in ``case.yaml``)."""

    gravite: list[Level] = Field(min_length=2)
    frequence: list[Level] = Field(min_length=2)
    maitrise: list[ControlLevel] = Field(default_factory=list, description="facultatif : niveaux "
                                         "de maîtrise des mesures existantes, avec coefficient")
    seuils: list[Threshold] = Field(min_length=2, description="priorités, de la plus urgente "
                                    "(priorité 1) à la moins urgente")
    source: str = Field("", description="origine de la grille (méthode de l'organisation)")

    @model_validator(mode="after")
    def _consistent(self) -> DuerpScale:
        _contiguous(self.gravite, "gravité")
        _contiguous(self.frequence, "fréquence")
        if self.maitrise:
            _contiguous(self.maitrise, "maîtrise")
        ranks = [t.priorite for t in self.seuils]
        if ranks != list(range(1, len(ranks) + 1)):
            raise ValueError("les seuils doivent être donnés de la priorité 1 à la dernière, "
                             "sans trou")
        minima = [t.minimum for t in self.seuils]
        if minima != sorted(minima, reverse=True) or len(set(minima)) != len(minima):
            raise ValueError("le minimum de criticité doit décroître strictement de la "
                             "priorité 1 à la dernière")
        if minima[-1] != 0:
            raise ValueError("la dernière priorité doit commencer à 0 (minimum: 0) pour que "
                             "toute situation ait une priorité")
        return self

    @property
    def g_max(self) -> int:
        return len(self.gravite)

    @property
    def f_max(self) -> int:
        return len(self.frequence)

    @property
    def uses_control(self) -> bool:
        return bool(self.maitrise)

    def label(self, axis: Literal["gravite", "frequence", "maitrise"], value: int) -> str:
        levels: Sequence[Level] = getattr(self, axis)
        return next((lv.libelle for lv in levels if lv.valeur == value), "")

    def rating_problem(self, axis: Literal["g", "f", "m"], value: int | None) -> str:
        """A French message if ``value`` is outside this scale on ``axis``, else ``""``."""
        name, top = {"g": ("la gravité G", self.g_max), "f": ("la fréquence F", self.f_max),
                     "m": ("la maîtrise M", len(self.maitrise))}[axis]
        if axis == "m":
            if not self.maitrise:
                return "" if value is None else ("la grille de l'organisation n'utilise pas de "
                                                 "niveau de maîtrise : laissez M vide")
            if value is None:
                return f"{name} est à coter de 1 à {top} (la grille de l'organisation l'utilise)"
        if value is None or not 1 <= value <= top:
            return f"{name} se cote de 1 à {top} dans la grille de l'organisation (reçu : {value})"
        return ""


class Situation(Model):
    """One line of the DUERP: a work situation of a work unit, its hazard, measures and rating."""

    id: str = Field(pattern=_SITUATION_ID, description="repère de la situation, ex. REC-03")
    unite: str = Field(min_length=1, description="id de l'unité de travail (case.yaml)")
    situation: str = Field(min_length=1, description="situation de travail (tâche, lieu)")
    fonctionnement: Operation = "normal"
    famille: Family
    danger: str = Field("", description="danger ou situation dangereuse")
    dommage: str = Field("", description="dommage possible")
    mesures: list[str] = Field(default_factory=list, description="mesures de prévention existantes")
    g: int = Field(ge=1, le=10)
    f: int = Field(ge=1, le=10)
    m: int | None = Field(None, ge=1, le=10, description="niveau de maîtrise, si la grille en a")
    methode: Method = "EvRP"
    handicap: str = Field("", description="risques spécifiques pour les travailleurs en situation "
                          "de handicap et adaptations")
    exposes: int | None = Field(None, ge=0, description="nombre de salariés exposés")

    @field_validator("fonctionnement", mode="before")
    @classmethod
    def _operation(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().casefold() in ("degrade", "dégradé", "degradé"):
            return "dégradé"
        return value.strip().casefold() if isinstance(value, str) else value

    @field_validator("mesures", mode="before")
    @classmethod
    def _measures(cls, value: object) -> object:
        return split_measures(value) if isinstance(value, str) else value

    @field_validator("m", "exposes", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    def label(self) -> str:
        return f"{self.id} ({self.situation})"


@dataclass(frozen=True)
class Rating:
    """The computed rating of one situation."""

    id: str
    brute: int
    residuelle: float
    priorite: int
    libelle: str


def rate(situation: Situation, scale: DuerpScale) -> Rating:
    """Criticité brute G × F, résiduelle (× the control coefficient) and priority by the scale."""
    brute = situation.g * situation.f
    coefficient = 1.0
    if scale.maitrise and situation.m is not None:
        coefficient = next((c.coefficient for c in scale.maitrise if c.valeur == situation.m), 1.0)
    residual = round(brute * coefficient, 2)
    threshold = next(t for t in scale.seuils if residual >= t.minimum)
    return Rating(situation.id, brute, residual, threshold.priorite, threshold.libelle)


def rank(situations: Iterable[Situation], scale: DuerpScale) -> list[tuple[Situation, Rating]]:
    """Situations with their rating, most urgent first (priority, residual, gravity, id)."""
    rated = [(s, rate(s, scale)) for s in situations]
    return sorted(rated, key=lambda sr: (sr[1].priorite, -sr[1].residuelle, -sr[0].g, sr[0].id))


def heat_counts(situations: Iterable[Situation], unite: str | None = None) -> Counter[tuple[int, int]]:
    """Number of situations per (G, F) cell, for one work unit or all of them."""
    return Counter((s.g, s.f) for s in situations if unite is None or s.unite == unite)


def check_situations(situations: Sequence[Situation], scale: DuerpScale,
                     units: Sequence[str]) -> list[Issue]:
    """What the trainee should fix in the DUERP: ratings off the scale, unknown units, duplicates,
    work units with no situation, missing measures or hazard."""
    issues: list[Issue] = []
    counts = Counter(s.id for s in situations)
    for dup in sorted(i for i, n in counts.items() if n > 1):
        issues.append(Issue(level="erreur", message=f"repère {dup} utilisé plusieurs fois : "
                            "chaque situation a son propre repère"))
    known = set(units)
    for s in situations:
        if s.unite not in known:
            issues.append(Issue(level="erreur", message=f"{s.id} : unité de travail « {s.unite} » "
                                f"inconnue (unités : {', '.join(units)})"))
        for axis in ("g", "f", "m"):
            problem = scale.rating_problem(axis, getattr(s, axis))  # type: ignore[arg-type]
            if problem:
                issues.append(Issue(level="erreur", message=f"{s.id} : {problem}"))
        if not s.danger:
            issues.append(Issue(level="attention", message=f"{s.id} : le danger n'est pas décrit"))
        if not s.mesures:
            issues.append(Issue(level="attention", message=f"{s.id} : aucune mesure de prévention "
                                "existante notée (écrivez « aucune » s'il n'y en a pas)"))
    covered = {s.unite for s in situations}
    for unit in units:
        if unit not in covered:
            issues.append(Issue(level="erreur", message=f"l'unité de travail {unit} n'a aucune "
                                "situation évaluée : le DUERP couvre chaque unité de travail"))
    if situations and not any(s.fonctionnement == "dégradé" for s in situations):
        issues.append(Issue(level="attention", message="aucune situation en fonctionnement "
                            "dégradé (panne, urgence, pic d'activité, intérim…)"))
    return issues
