"""Grading rules several exercises share (a QQOQCP description, expected elements). Pure."""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from typing import Any

from qsecase.exercises.probleme.model import Expected
from qsecase.grading.matching import match_expected
from qsecase.grading.rubric import Outcome
from qsecase.methods.qqoqcp import LABELS, QUESTIONS, Qqoqcp

__all__ = ["pairs", "qqoqcp_outcome"]


def pairs(items: Sequence[Expected]) -> list[tuple[str, list[str]]]:
    """``(libelle, synonymes)`` of expected elements, as the matcher takes them."""
    return [(e.libelle, e.synonymes) for e in items]


def qqoqcp_outcome(
    answers: Qqoqcp, expected: Mapping[Any, Sequence[Expected]], facts: Container[str]
) -> Outcome:
    """Each question: 60 % for the key's elements found in the answer, 40 % for citing real facts."""
    found: list[str] = []
    missed: list[str] = []
    notes: list[str] = []
    score = 0.0
    for q in QUESTIONS:
        ans = answers.answer(q)
        wanted = expected.get(q, [])
        if not ans.reponse:
            missed.extend(f"{LABELS[q]} {e.libelle}" for e in wanted)
            continue
        matches = match_expected(pairs(wanted), [ans.reponse]) if wanted else []
        hit = [m for m in matches if m.found_in]
        found.extend(f"{LABELS[q]} {m.expected}" for m in hit)
        missed.extend(f"{LABELS[q]} {m.expected}" for m in matches if not m.found_in)
        content = len(hit) / len(matches) if matches else 1.0
        cited = [f for f in ans.faits if f in facts]
        if ans.faits and len(cited) < len(ans.faits):
            unknown = sorted(set(ans.faits) - set(cited))
            notes.append(f"{LABELS[q]} faits cités introuvables dans le corpus : "
                         f"{', '.join(unknown)}.")
        elif not ans.faits:
            notes.append(f"{LABELS[q]} la réponse ne cite aucun fait.")
        score += 0.6 * content + 0.4 * (1.0 if cited else 0.0)
    return Outcome(score / len(QUESTIONS), found, missed, notes)
