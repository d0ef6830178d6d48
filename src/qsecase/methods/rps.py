"""Psychosocial risk factors (RPS) per work unit, qualified by frequency and severity. Pure.

The six axes of factors of the Gollac report (Collège d'expertise sur le suivi des risques
psychosociaux au travail, 2011; qse-facts §3.5). The INRS RPS-DU tool (brochure ED 6140) reviews
the same ground per work unit (it splits the first axis into « intensité et complexité » and
« horaires difficiles »). Each factor is qualified by its frequency (0 = absent … 4 = en permanence)
and its severity (1–4); its level follows the DUERP's own priority thresholds on F × G, so that
psychosocial risks are ranked with the other risks of the DUERP.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field, model_validator

from qsecase.methods.base import Issue, Model
from qsecase.methods.duerp import DuerpScale, Situation

__all__ = ["FAMILIES", "FREQUENCIES", "RPS_METHODS", "SEVERITIES", "RpsFactor", "RpsFamily",
           "RpsMethod", "check_rps", "coverage", "factor_priority"]

RpsFamily = Literal["intensite", "emotions", "autonomie", "rapports-sociaux", "valeurs",
                    "insecurite"]
FAMILIES: dict[str, str] = {
    "intensite": "Intensité et temps de travail",
    "emotions": "Exigences émotionnelles",
    "autonomie": "Manque d'autonomie et de marges de manœuvre",
    "rapports-sociaux": "Rapports sociaux au travail dégradés",
    "valeurs": "Conflits de valeurs",
    "insecurite": "Insécurité de la situation de travail",
}
"""The six axes of the Gollac report (2011), ids → French labels."""

FREQUENCIES: dict[int, str] = {0: "absent", 1: "rarement", 2: "parfois", 3: "souvent",
                               4: "en permanence"}
SEVERITIES: dict[int, str] = {1: "faible", 2: "modérée", 3: "forte", 4: "très forte"}

RpsMethod = Literal["RPS-DU", "questionnaire", "entretiens", "indicateurs", "observation"]
RPS_METHODS: dict[str, str] = {
    "RPS-DU": "Outil INRS RPS-DU (ED 6140), en groupe de travail par unité de travail",
    "questionnaire": "Questionnaire aux salariés (ex. résultats d'enquête interne)",
    "entretiens": "Entretiens individuels ou collectifs",
    "indicateurs": "Indicateurs de fonctionnement (absentéisme, turnover, ED 6012)",
    "observation": "Observation des situations de travail",
}


class RpsFactor(Model):
    """One RPS family reviewed for one work unit."""

    unite: str = Field(min_length=1)
    famille: RpsFamily
    frequence: int = Field(ge=0, le=4, description="0 absent, 1 rarement … 4 en permanence")
    gravite: int | None = Field(None, ge=1, le=4, description="1 faible … 4 très forte")
    constats: str = Field("", description="ce qui est observé, avec ses sources")
    sources: list[str] = Field(default_factory=list, description="faits du corpus cités")
    methode: RpsMethod = "RPS-DU"

    @model_validator(mode="after")
    def _qualified(self) -> RpsFactor:
        if self.frequence > 0 and self.gravite is None:
            raise ValueError("un facteur présent (fréquence ≥ 1) se qualifie aussi par sa gravité "
                             "(1 à 4)")
        return self


def factor_priority(factor: RpsFactor, scale: DuerpScale) -> int | None:
    """Priority of a present factor by the DUERP's thresholds on F × G (``None`` if absent)."""
    if factor.frequence == 0 or factor.gravite is None:
        return None
    value = factor.frequence * factor.gravite
    return next(t.priorite for t in scale.seuils if value >= t.minimum)


def coverage(factors: Sequence[RpsFactor], units: Sequence[str]) -> dict[str, dict[str, RpsFactor | None]]:
    """For every work unit, every family → the factor reviewed (``None`` if not reviewed)."""
    table: dict[str, dict[str, RpsFactor | None]] = {u: dict.fromkeys(FAMILIES) for u in units}
    for f in factors:
        if f.unite in table:
            table[f.unite][f.famille] = f
    return table


def check_rps(factors: Sequence[RpsFactor], units: Sequence[str],
              situations: Sequence[Situation], scale: DuerpScale) -> list[Issue]:
    """Families not reviewed per unit, duplicates, unknown units, factors without findings, and
    exposed units whose psychosocial risks are missing from the DUERP."""
    issues: list[Issue] = []
    seen: set[tuple[str, str]] = set()
    for f in factors:
        if f.unite not in units:
            issues.append(Issue(level="erreur", message=f"unité de travail « {f.unite} » inconnue "
                                f"(unités : {', '.join(units)})"))
        if (f.unite, f.famille) in seen:
            issues.append(Issue(level="erreur", message=f"{f.unite} : « {FAMILIES[f.famille]} » "
                                "évalué deux fois"))
        seen.add((f.unite, f.famille))
        if f.frequence > 0 and not f.constats:
            issues.append(Issue(level="attention", message=f"{f.unite} : « {FAMILIES[f.famille]} » "
                                "présent sans constat écrit"))
    for unit, row in coverage(factors, units).items():
        missing = [FAMILIES[k] for k, v in row.items() if v is None]
        if missing:
            issues.append(Issue(level="erreur", message=f"{unit} : famille(s) non examinée(s) : "
                                + ", ".join(missing)))
    in_duerp = {s.unite for s in situations if s.famille == "rps"}
    exposed = sorted({f.unite for f in factors
                      if (factor_priority(f, scale) or len(scale.seuils)) < len(scale.seuils)
                      and f.unite not in in_duerp})
    for unit in exposed:
        issues.append(Issue(level="attention", message=f"{unit} : des facteurs de RPS sont "
                            "présents mais le DUERP n'a pas de situation « risques psychosociaux » "
                            "pour cette unité"))
    return issues
