"""Plain text helpers shared by the methods. Pure."""

from __future__ import annotations

import unicodedata

__all__ = ["fold", "same_text"]


def fold(text: str) -> str:
    """Lower-case ``text`` without accents: « Éclairage » → « eclairage »."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def same_text(a: str, b: str) -> bool:
    """The same words, whatever the case, accents, spacing and final full stop."""
    def key(text: str) -> str:
        return " ".join(fold(text).replace("’", "'").split()).rstrip(" .;")
    return key(a) == key(b)
