"""QQOQCCP problem description (Qui, Quoi, Où, Quand, Comment, Combien, Pourquoi).

Each answer states facts and cites the corpus facts (ids) it rests on. In a problem description the
« Pourquoi ? » asks why the problem matters (its stakes), not its causes yet (qse-facts §1.3).
"""

from __future__ import annotations

from pydantic import Field

from qsecase.methods.base import Model

__all__ = [
    "LABELS",
    "PROMPTS",
    "QUESTIONS",
    "Qqoqcp",
    "QqoqcpAnswer",
    "problem_statement",
    "unanswered",
    "unsupported",
]

QUESTIONS: tuple[str, ...] = ("qui", "quoi", "ou", "quand", "comment", "combien", "pourquoi")

LABELS: dict[str, str] = {
    "qui": "Qui ?", "quoi": "Quoi ?", "ou": "Où ?", "quand": "Quand ?",
    "comment": "Comment ?", "combien": "Combien ?", "pourquoi": "Pourquoi ?",
}

PROMPTS: dict[str, str] = {
    "qui": "Personnes concernées : qui constate, qui subit, qui est impliqué ?",
    "quoi": "Nature de l'écart : quel produit, quel défaut, par rapport à quelle exigence ?",
    "ou": "Lieu : atelier, poste, machine, étape du processus, client ?",
    "quand": "Date d'apparition, période, fréquence, moment (équipe, saison…) ?",
    "comment": "Circonstances : comment l'écart est-il apparu et a-t-il été détecté ?",
    "combien": "Quantités, nombre d'occurrences, coût de non-qualité ?",
    "pourquoi": "Enjeux : pourquoi faut-il traiter ce problème (client, coût, sécurité) ? "
                "Pas encore les causes.",
}


class QqoqcpAnswer(Model):
    reponse: str = ""
    faits: list[str] = Field(default_factory=list, description="ids des faits du corpus cités")


class Qqoqcp(Model):
    qui: QqoqcpAnswer = Field(default_factory=QqoqcpAnswer)
    quoi: QqoqcpAnswer = Field(default_factory=QqoqcpAnswer)
    ou: QqoqcpAnswer = Field(default_factory=QqoqcpAnswer)
    quand: QqoqcpAnswer = Field(default_factory=QqoqcpAnswer)
    comment: QqoqcpAnswer = Field(default_factory=QqoqcpAnswer)
    combien: QqoqcpAnswer = Field(default_factory=QqoqcpAnswer)
    pourquoi: QqoqcpAnswer = Field(default_factory=QqoqcpAnswer)

    def answer(self, question: str) -> QqoqcpAnswer:
        return getattr(self, question)  # type: ignore[no-any-return]


def unanswered(q: Qqoqcp) -> list[str]:
    """Questions left empty, in canonical order."""
    return [k for k in QUESTIONS if not q.answer(k).reponse]


def unsupported(q: Qqoqcp) -> list[str]:
    """Questions answered without citing any fact of the corpus."""
    return [k for k in QUESTIONS if q.answer(k).reponse and not q.answer(k).faits]


def problem_statement(q: Qqoqcp) -> str:
    """One-paragraph problem statement assembled from the answers (for the head of the fishbone)."""
    parts = [q.quoi.reponse, q.ou.reponse, q.quand.reponse, q.combien.reponse]
    return " — ".join(p for p in parts if p)
