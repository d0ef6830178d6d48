"""Ishikawa cause-and-effect diagram with the 5M (6M, 7M) families (qse-facts §1.1)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from qsecase.methods.base import Issue, Model

__all__ = [
    "FAMILIES",
    "FAMILY_HELP",
    "FAMILY_LABELS",
    "Cause",
    "Family",
    "Ishikawa",
    "check",
    "families_of",
]

Family = Literal["matiere", "materiel", "methode", "main_oeuvre", "milieu", "mesure", "management"]

FAMILIES: tuple[Family, ...] = (
    "matiere", "materiel", "methode", "main_oeuvre", "milieu", "mesure", "management",
)

FAMILY_LABELS: dict[str, str] = {
    "matiere": "Matière", "materiel": "Matériel", "methode": "Méthode",
    "main_oeuvre": "Main-d'œuvre", "milieu": "Milieu", "mesure": "Mesure",
    "management": "Management",
}

FAMILY_HELP: dict[str, str] = {
    "matiere": "matières premières, composants, consommables",
    "materiel": "machines, outillages, équipements, maintenance",
    "methode": "procédures, modes opératoires, gammes, instructions",
    "main_oeuvre": "compétences, formation, accueil, effectifs",
    "milieu": "environnement de travail : température, éclairage, bruit, propreté",
    "mesure": "moyens et méthodes de contrôle, étalonnage",
    "management": "organisation, priorités, pilotage",
}

Method = Literal["5M", "6M", "7M"]


def families_of(method: str) -> tuple[Family, ...]:
    """The families a method uses: 5M = the first five, 6M adds Mesure, 7M adds Management."""
    return FAMILIES[: {"5M": 5, "6M": 6, "7M": 7}[method]]


class Cause(Model):
    famille: Family
    texte: str
    retenue: bool = Field(False, description="cause jugée principale, à approfondir (5 Pourquoi)")


class Ishikawa(Model):
    effet: str = ""
    methode: Method = "5M"
    causes: list[Cause] = Field(default_factory=list)

    def by_family(self) -> dict[str, list[Cause]]:
        """Causes grouped by family, every family of the method present (possibly empty)."""
        groups: dict[str, list[Cause]] = {f: [] for f in families_of(self.methode)}
        for cause in self.causes:
            groups.setdefault(cause.famille, []).append(cause)
        return groups

    def retained(self) -> list[Cause]:
        return [c for c in self.causes if c.retenue]


def check(diagram: Ishikawa) -> list[Issue]:
    """Method rules for a fishbone as a QSE professional applies them."""
    issues: list[Issue] = []
    if not diagram.effet:
        issues.append(Issue(level="erreur", message="L'effet (le problème, à la tête du poisson) "
                            "n'est pas formulé."))
    groups = diagram.by_family()
    allowed = set(families_of(diagram.methode))
    for fam, causes in groups.items():
        if fam not in allowed and causes:
            issues.append(Issue(level="erreur", message=(
                f"La famille « {FAMILY_LABELS[fam]} » n'appartient pas à la méthode "
                f"{diagram.methode} : choisissez une méthode plus large ou reclassez la cause.")))
    empty = [FAMILY_LABELS[f] for f in families_of(diagram.methode) if not groups[f]]
    if empty:
        issues.append(Issue(level="attention", message=(
            "Familles sans cause : " + ", ".join(empty)
            + ". Vérifiez avec les faits qu'aucune cause n'y relève.")))
    seen: set[str] = set()
    for cause in diagram.causes:
        key = cause.texte.casefold()
        if key in seen:
            issues.append(Issue(level="attention", message=f"Cause en double : « {cause.texte} »."))
        seen.add(key)
    if diagram.causes and not diagram.retained():
        issues.append(Issue(level="attention", message=(
            "Aucune cause n'est retenue comme principale : cochez celles à approfondir "
            "avec les 5 Pourquoi.")))
    return issues
