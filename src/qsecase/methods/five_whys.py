"""5 Pourquoi: one causal chain per retained cause, down to an actionable root cause (qse-facts §1.2)."""

from __future__ import annotations

import re

from pydantic import Field

from qsecase.methods.base import Issue, Model

__all__ = ["MIN_DEPTH", "WhyChain", "check_chain"]

MIN_DEPTH = 3
"""Fewer answers than this rarely reaches a root cause (« environ cinq fois, le nombre n'est pas fixe »)."""

# A root cause is something the organisation can act upon; blaming a person is not a root cause.
_BLAME = re.compile(
    r"\b(erreur humaine|inattention|n[ée]gligence|imprudence|faute de l.op[ée]rateur|"
    r"manque de s[ée]rieux|oubli de l.op[ée]rateur|l.op[ée]rateur s.est tromp[ée]|distraction)\b",
    re.IGNORECASE,
)


class WhyChain(Model):
    """A chain « problème → pourquoi 1 → … → cause racine ».

    ``depart`` is the retained Ishikawa cause (or the problem) the chain starts from; ``pourquoi``
    holds the successive answers; ``racine_atteinte`` is the trainee's statement that the last
    answer is a root cause the organisation can act on.
    """

    depart: str = ""
    pourquoi: list[str] = Field(default_factory=list)
    racine_atteinte: bool = False

    def answers(self) -> list[str]:
        """Answers up to the last non-empty one (trailing blanks are fields not yet typed)."""
        filled = list(self.pourquoi)
        while filled and not filled[-1]:
            filled.pop()
        return filled

    def root(self) -> str:
        answers = self.answers()
        return answers[-1] if answers else ""


def check_chain(chain: WhyChain) -> list[Issue]:
    """The checks a trainee sees as they type, and that grading reuses."""
    issues: list[Issue] = []
    answers = chain.answers()
    if not chain.depart:
        issues.append(Issue(level="erreur", message="Indiquez la cause de départ de la chaîne."))
    if not answers:
        issues.append(Issue(level="erreur", message="Aucune réponse à « Pourquoi ? »."))
        return issues
    if any(not a for a in answers):
        issues.append(Issue(level="erreur", message="Un maillon de la chaîne est vide : chaque "
                            "réponse doit découler de la précédente."))
    folded = [a.casefold() for a in answers if a]
    if len(set(folded)) < len(folded) or chain.depart.casefold() in folded:
        issues.append(Issue(level="erreur", message="Raisonnement circulaire : une réponse répète "
                            "une étape précédente."))
    if not chain.racine_atteinte:
        issues.append(Issue(level="erreur", message="La chaîne s'arrête avant la cause racine : "
                            "continuez à demander « Pourquoi ? » jusqu'à une cause sur laquelle "
                            "l'organisation peut agir, puis cochez « cause racine atteinte »."))
    elif len(answers) < MIN_DEPTH:
        issues.append(Issue(level="attention", message=(
            f"Chaîne courte ({len(answers)} niveau{'x' if len(answers) > 1 else ''}) : "
            "vérifiez qu'un « Pourquoi ? » de plus n'apporte rien.")))
    if _BLAME.search(chain.root()):
        issues.append(Issue(level="erreur", message="La dernière réponse met en cause une personne : "
                            "cherchez le défaut d'organisation (formation, procédure, moyens) "
                            "qui a rendu l'erreur possible."))
    return issues
