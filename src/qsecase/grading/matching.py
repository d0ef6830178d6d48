"""Match a trainee's free text to the elements an answer key expects.

Tolerates accents, case, punctuation, stop-words, plurals and inflections (French Snowball stemmer),
word order, small typos (fuzzy token matching) and the synonyms the key lists. Pure.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qsecase.methods.text import fold

__all__ = ["THRESHOLD", "TYPO_MIN", "Match", "best_match", "match_expected", "normalise", "phrase_in",
           "tokens"]

THRESHOLD = 86.0
"""Minimum fuzzy score (0–100) for a key wording to count as present in a text."""
TYPO_MIN = 80.0
"""Minimum similarity (0–100) for a word to count as the same word with a typo."""

_STOP = frozenset(
    "a au aux avec ce ces cet cette d dans de des du elle en est et il ils l la le les leur leurs lors ne "
    "ou par pour qu que qui s sa se ses son sont sur un une y n tres tout tous toute toutes ete etre ont "
    "avoir fait faire lorsque car donc mais".split()
)
_NEGATION = frozenset("pas non aucun aucune absence absent absente jamais sans ni plus manque".split())
"""Words that negate: all folded into one token « non », so « pas à jour » ≠ « à jour »."""


@functools.cache
def _stemmer() -> object:
    import snowballstemmer

    return snowballstemmer.stemmer("french")


def normalise(text: str) -> str:
    """Lower-case, no accents, ligatures split (œ → oe), punctuation turned into spaces."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    text = fold(text)
    text = re.sub(r"[’'`´]", " ", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@functools.lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[str, ...]:
    """Content-word stems of ``text`` (stop-words removed), in order; a word with a digit (« 5S »,
    « R541-43 », « 10kg ») is kept whole, never stemmed into a bare number."""
    stem = _stemmer().stemWord  # type: ignore[attr-defined]
    return tuple("non" if w in _NEGATION else w if any(c.isdigit() for c in w) else stem(w)
                 for w in normalise(text).split() if w not in _STOP)


def phrase_in(phrase: str, text: str, *, threshold: float = THRESHOLD) -> float:
    """Score 0–100 of how well ``phrase`` (a short key wording) is contained in ``text``.

    Every content word of the phrase must appear in the text (exactly, or fuzzily for typos);
    the score is the mean of the best per-word similarity, so a missing word drags it down.
    """
    from rapidfuzz import fuzz

    wanted = tokens(phrase)
    have = tokens(text)
    if not wanted or not have:
        return 0.0
    scores = []
    have_set = set(have)
    for word in wanted:
        if word in have_set:
            scores.append(100.0)
            continue
        best = max((fuzz.ratio(word, h) for h in have), default=0.0)
        # short words must match exactly (« cote » is not « code »), and a long word only counts
        # when it is a typo away (« verif » is not « certif »)
        scores.append(best if len(word) >= 5 and best >= TYPO_MIN else 0.0)
    return sum(scores) / len(scores)


@dataclass(frozen=True)
class Match:
    expected: str
    """The key's label (libelle) of the expected element."""
    found_in: str | None
    """The trainee's text where it was found (None when missed)."""
    score: float


def best_match(
    wordings: Sequence[str], texts: Iterable[str], *, threshold: float = THRESHOLD
) -> tuple[str | None, float]:
    """The trainee text that best contains any of ``wordings``, and its score."""
    best_text, best_score = None, 0.0
    for text in texts:
        for wording in wordings:
            score = phrase_in(wording, text)
            if score > best_score:
                best_text, best_score = text, score
    if best_score >= threshold:
        return best_text, best_score
    return None, best_score


def match_expected(
    expected: Iterable[tuple[str, Sequence[str]]], texts: Sequence[str]
) -> list[Match]:
    """For each expected ``(libelle, synonymes)``, where it was found in ``texts`` (or not)."""
    result = []
    for label, synonyms in expected:
        found, score = best_match([label, *synonyms], texts)
        result.append(Match(label, found, score))
    return result
