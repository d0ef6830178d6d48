"""WCAG 2.2 colour contrast and colour distance, for ``#RRGGBB`` / ``#RGB`` colours. Pure.

* :func:`relative_luminance` and :func:`contrast_ratio`: WCAG 2.2 definitions (success criterion
  1.4.3 « Contraste (minimum) »): 4.5:1 for text (:data:`TEXT_MIN`), 3:1 for large text
  (:data:`LARGE_TEXT_MIN`), large meaning at least 18 pt, or 14 pt bold (:func:`is_large_text`).
* :func:`colour_distance`: the CIE76 colour difference ΔE*ab (CIE L*a*b*, D65 white), to tell a
  colour « close » to a charter colour from a different one.
"""

from __future__ import annotations

import re

__all__ = ["LARGE_TEXT_MIN", "TEXT_MIN", "colour_distance", "contrast_ratio", "hex_channels",
           "is_large_text", "normalise_hex", "relative_luminance", "required_ratio"]

TEXT_MIN = 4.5
"""Minimum contrast of text on its background (WCAG 2.2, 1.4.3, level AA)."""
LARGE_TEXT_MIN = 3.0
"""Minimum contrast of large text (at least 18 pt, or 14 pt bold) on its background."""
LARGE_TEXT_PT = 18.0
LARGE_BOLD_TEXT_PT = 14.0

_HEX = re.compile(r"#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})")


def normalise_hex(colour: str) -> str:
    """``colour`` as upper-case ``#RRGGBB``: « #1f4e79 » → « #1F4E79 », « #abc » → « #AABBCC ».

    Raises:
        ValueError: ``colour`` is neither ``#RRGGBB`` nor ``#RGB``.
    """
    text = colour.strip()
    if not _HEX.fullmatch(text):
        raise ValueError(f"couleur « {colour} » : attendu #RRGGBB ou #RGB")
    if len(text) == 4:
        text = "#" + "".join(ch * 2 for ch in text[1:])
    return text.upper()


def hex_channels(colour: str) -> tuple[float, float, float]:
    """The sRGB channels (0–1) of a ``#RRGGBB`` / ``#RGB`` colour."""
    text = normalise_hex(colour)
    r, g, b = (int(text[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return r, g, b


def _linearise(channel: float) -> float:
    """sRGB transfer function inverse, with the WCAG 2.2 threshold 0.04045."""
    if channel <= 0.04045:
        return channel / 12.92
    return ((channel + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance L = 0.2126 R + 0.7152 G + 0.0722 B (linearised sRGB).

    Args:
        colour: ``#RRGGBB`` or ``#RGB``.

    Returns:
        The luminance, from 0 (black) to 1 (white).
    """
    r, g, b = (_linearise(c) for c in hex_channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(hex1: str, hex2: str) -> float:
    """WCAG 2.2 contrast ratio (L1 + 0.05) / (L2 + 0.05), L1 the lighter; from 1 to 21.

    The ratio is not rounded: 2.999 fails a 3:1 threshold.

    Args:
        hex1: First colour (``#RRGGBB`` or ``#RGB``).
        hex2: Second colour (``#RRGGBB`` or ``#RGB``).

    Returns:
        The contrast ratio, symmetric in its arguments.
    """
    l1, l2 = relative_luminance(hex1), relative_luminance(hex2)
    lighter, darker = max(l1, l2), min(l1, l2)
    return (lighter + 0.05) / (darker + 0.05)


def is_large_text(size_pt: float, bold: bool = False) -> bool:
    """Whether text counts as large for WCAG 2.2: at least 18 pt, or at least 14 pt bold."""
    return size_pt >= LARGE_TEXT_PT or (bold and size_pt >= LARGE_BOLD_TEXT_PT)


def required_ratio(size_pt: float, bold: bool = False) -> float:
    """The minimum contrast for text of this size and weight: 3:1 if large, else 4.5:1."""
    return LARGE_TEXT_MIN if is_large_text(size_pt, bold) else TEXT_MIN


# --- colour distance ------------------------------------------------------------------------------
_D65 = (0.95047, 1.0, 1.08883)


def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""
    r, g, b = (_linearise(c) for c in hex_channels(colour))
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b,
           0.2126 * r + 0.7152 * g + 0.0722 * b,
           0.0193 * r + 0.1192 * g + 0.9505 * b)

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(v / white) for v, white in zip(xyz, _D65, strict=True))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def colour_distance(hex1: str, hex2: str) -> float:
    """CIE76 colour difference ΔE*ab between two colours (0: identical; about 2.3: just noticeable).

    Args:
        hex1: First colour (``#RRGGBB`` or ``#RGB``).
        hex2: Second colour.

    Returns:
        The Euclidean distance in CIE L*a*b* (D65), symmetric in its arguments.
    """
    a, b = _lab(hex1), _lab(hex2)
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5
