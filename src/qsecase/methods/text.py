"""Plain text helpers shared by the methods. Pure."""

from __future__ import annotations

import difflib
import math
import unicodedata
from collections.abc import Iterable

__all__ = ["did_you_mean", "fold", "fr_decimal", "fr_percent", "same_text"]


def fold(text: str) -> str:
    """Lower-case ``text`` without accents: « Éclairage » → « eclairage »."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def same_text(a: str, b: str) -> bool:
    """The same words, whatever the case, accents, spacing and final full stop."""
    def key(text: str) -> str:
        return " ".join(fold(text).replace("’", "'").split()).rstrip(" .;")
    return key(a) == key(b)


def did_you_mean(name: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``name`` (a typo away), or None."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return close[0] if close else None


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def fr_decimal(value: float) -> str:
    """Three significant digits, French notation: « 0,456 », « 12,3 », « 1 235 », « 4,5 × 10⁻⁷ »."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    exponent = math.floor(math.log10(abs(value)))
    if exponent >= 3 and exponent < 9:
        text = f"{round(value):,}".replace(",", "\u202f")
    elif -4 <= exponent < 3:
        text = f"{value:.{max(0, 2 - exponent)}f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
    else:
        mantissa, _, power = f"{value:.2e}".partition("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        text = f"{mantissa} × 10{str(int(power)).translate(_SUPERSCRIPT)}"
    return text.replace(".", ",").replace("-", "−", 1)


def fr_percent(rate: float, *, signed: bool = True) -> str:
    """A rate (0,253) as « +25 % » (or « 25 % »), to the unit, one decimal under 10 %."""
    value = abs(100 * rate)
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value < 10 else f"{value:.0f}"
    sign = ("+" if rate > 0 else "−" if rate < 0 else "") if signed else ""
    return f"{sign}{text.replace('.', ',')}\u202f%"
