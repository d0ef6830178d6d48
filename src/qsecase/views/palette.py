"""Accessible colours and styles shared by every view (qse-facts §10.2).

* The Okabe–Ito (2008) colour-blind-safe palette as named constants.
* :data:`STATUS_STYLE`: how each grading status is shown — colour **and** symbol, hatch and
  label, so that a status is never conveyed by colour alone (WCAG 2.2 §1.4.1, RGAA 3.1).
* :func:`contrast_ratio` / :func:`text_colour_on`: WCAG 2.2 contrast (the maths live in
  :mod:`qsecase.methods.contrast`; here colour names are accepted too).
* :func:`figure_style`: an rc context with readable fonts and the Okabe–Ito colour cycle.
* Typography helpers shared by the views: :func:`wrap_text`, :func:`measure`, :func:`fr_number`.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import matplotlib as mpl
from cycler import cycler
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from qsecase.methods import contrast as _contrast
from qsecase.methods.contrast import LARGE_TEXT_MIN, TEXT_MIN, is_large_text

__all__ = [
    "BLACK",
    "BLUE",
    "BLUISH_GREEN",
    "FONT_FAMILY",
    "GREY",
    "LARGE_TEXT_MIN",
    "MIN_FONT_SIZE",
    "OKABE_ITO",
    "ORANGE",
    "REDDISH_PURPLE",
    "SKY_BLUE",
    "STATUS_STYLE",
    "TEXT_MIN",
    "VERMILLION",
    "WHITE",
    "YELLOW",
    "StatusStyle",
    "contrast_ratio",
    "figure_style",
    "fr_number",
    "is_large_text",
    "measure",
    "relative_luminance",
    "text_colour_on",
    "wrap_text",
]

# --- Okabe–Ito palette ---------------------------------------------------------------------------
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
BLACK = "#000000"
GREY = "#999999"
WHITE = "#FFFFFF"

#: The eight Okabe–Ito colours, in the order used for the colour cycle (black last).
OKABE_ITO: tuple[str, ...] = (
    BLUE, ORANGE, BLUISH_GREEN, VERMILLION, SKY_BLUE, REDDISH_PURPLE, YELLOW, BLACK,
)

#: Smallest font size (points) used by the views.
MIN_FONT_SIZE = 10.0

#: DejaVu Sans ships with matplotlib and has every French glyph plus ✔ ◐ ✖ ★ Ø.
FONT_FAMILY = "DejaVu Sans"


# --- Grading statuses ----------------------------------------------------------------------------
@dataclass(frozen=True)
class StatusStyle:
    """How a grading status is drawn: never by colour alone.

    Attributes:
        colour: Fill colour (Okabe–Ito).
        symbol: A shape that differs for each status (✔, ◐, ✖, ?).
        hatch: A matplotlib hatch pattern, so that filled areas survive greyscale printing.
        label: Short French label shown next to the symbol.
    """

    colour: str
    symbol: str
    hatch: str
    label: str

    @property
    def text(self) -> str:
        """Symbol and label together, e.g. ``"✔ Acquis"``."""
        return f"{self.symbol} {self.label}"


STATUS_STYLE: dict[str, StatusStyle] = {
    "acquis": StatusStyle(colour=BLUISH_GREEN, symbol="✔", hatch="", label="Acquis"),
    "partiellement acquis": StatusStyle(colour=ORANGE, symbol="◐", hatch="//", label="Partiel"),
    "non acquis": StatusStyle(colour=VERMILLION, symbol="✖", hatch="xx", label="Non acquis"),
    "à vérifier": StatusStyle(colour=GREY, symbol="?", hatch="..", label="À vérifier"),
}


# --- WCAG 2.2 contrast ---------------------------------------------------------------------------
def _hex(colour: str) -> str:
    """``#RRGGBB`` / ``#RGB`` as given; any other matplotlib colour (a name…) converted to hex."""
    text = colour.strip()
    if re.fullmatch(r"#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})", text):
        return text
    return str(mpl.colors.to_hex(colour, keep_alpha=False))


def relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance (:func:`qsecase.methods.contrast.relative_luminance`).

    Args:
        colour: ``#RRGGBB`` (or ``#RGB``, or a matplotlib colour name).

    Returns:
        The luminance, from 0 (black) to 1 (white).
    """
    return _contrast.relative_luminance(_hex(colour))


def contrast_ratio(hex1: str, hex2: str) -> float:
    """WCAG 2.2 contrast ratio (:func:`qsecase.methods.contrast.contrast_ratio`); from 1 to 21.

    Args:
        hex1: First colour (``#RRGGBB``, or a matplotlib colour name).
        hex2: Second colour.

    Returns:
        The contrast ratio, not rounded, symmetric in its arguments.
    """
    return _contrast.contrast_ratio(_hex(hex1), _hex(hex2))


def text_colour_on(bg: str) -> str:
    """Black or white, whichever contrasts more with the background ``bg``.

    Args:
        bg: Background colour (``#RRGGBB``).

    Returns:
        :data:`BLACK` or :data:`WHITE`.
    """
    return BLACK if contrast_ratio(BLACK, bg) >= contrast_ratio(WHITE, bg) else WHITE


# --- Figure style --------------------------------------------------------------------------------
def _style_rc() -> dict[str, Any]:
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [FONT_FAMILY],  # has the French accents, œ, Ø, ✔ ◐ ✖ ★
        "font.size": 11,
        "axes.titlesize": 13,
        "axes.titleweight": "bold",
        "axes.labelsize": 11,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
        "legend.fontsize": 10,
        "figure.titlesize": 14,
        "axes.prop_cycle": cycler(color=list(OKABE_ITO)),
        "axes.edgecolor": "#333333",
        "axes.labelcolor": BLACK,
        "text.color": BLACK,
        "xtick.color": "#333333",
        "ytick.color": "#333333",
        "hatch.linewidth": 1.0,
        "savefig.facecolor": WHITE,
        "figure.facecolor": WHITE,
        "axes.facecolor": WHITE,
    }


@contextmanager
def figure_style() -> Iterator[None]:
    """Context in which figures use readable, accessible defaults.

    Fonts are DejaVu Sans (which has every accented glyph and the status symbols) at 10 pt or
    more, and the colour cycle is Okabe–Ito.

    Example:
        >>> with figure_style():
        ...     fig = pareto_figure(rows)  # doctest: +SKIP
    """
    with mpl.rc_context(_style_rc()):  # type: ignore[arg-type]  # keys are valid rc names
        yield


# --- Typography helpers --------------------------------------------------------------------------
_MEASURE_DPI = 100
_SAFETY = 1.04  # hinting differs slightly between resolutions and backends


def wrap_text(
    text: str, width: int, *, break_long_words: bool = True, balanced: bool = True
) -> str:
    """Wrap ``text`` to lines of at most ``width`` characters, never splitting at hyphens.

    No-break spaces (U+00A0, U+202F) are kept: use them to hold « 14 mois » together. The space
    before a French high punctuation mark (: ; ! ? ») or after « becomes a no-break space.

    Args:
        text: The text; runs of ordinary whitespace are collapsed.
        width: Maximum number of characters per line (at least 6).
        break_long_words: Whether a word longer than ``width`` may be cut.
        balanced: Use the narrowest width giving the same number of lines, so that lines are
            of similar length (no lone word on the last line).

    Returns:
        The wrapped text, lines joined by ``"\\n"``.
    """
    clean = re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()
    # French typography: « : ; ! ? » stay with the preceding word, « with the following one.
    clean = re.sub(r" ([:;!?»])", "\u00a0\\1", clean).replace("« ", "«\u00a0")

    def wrap(w: int) -> list[str]:
        return textwrap.wrap(clean, width=w, break_on_hyphens=False,
                             break_long_words=break_long_words)

    width = max(6, width)
    lines = wrap(width)
    if balanced and len(lines) > 1:
        # never balance below the longest word that fitted: it would be cut in two
        floor = max(5, min(width, max(len(word) for word in clean.split(" "))) - 1)
        for narrower in range(width - 1, floor, -1):
            candidate = wrap(narrower)
            if len(candidate) != len(lines):
                break
            lines = candidate
    return "\n".join(lines)


@lru_cache(maxsize=1)
def _measuring_renderer() -> tuple[Figure, object]:
    fig = Figure(dpi=_MEASURE_DPI)
    return fig, FigureCanvasAgg(fig).get_renderer()


@lru_cache(maxsize=4096)
def measure(
    text: str, size: float, *, weight: str = "normal", style: str = "normal"
) -> tuple[float, float]:
    """Width and height in inches of ``text`` (possibly multi-line) drawn at ``size`` points.

    Args:
        text: The text to measure.
        size: Font size in points.
        weight: ``"normal"`` or ``"bold"``.
        style: ``"normal"`` or ``"italic"``.

    Returns:
        ``(width, height)`` in inches, with a small safety margin.
    """
    fig, renderer = _measuring_renderer()
    artist = fig.text(0, 0, text, fontsize=size, fontweight=weight, fontstyle=style,
                      fontfamily=FONT_FAMILY)
    try:
        box = artist.get_window_extent(renderer)  # type: ignore[arg-type]
    finally:
        artist.remove()
    return box.width / _MEASURE_DPI * _SAFETY, box.height / _MEASURE_DPI * _SAFETY


def fr_number(value: float, decimals: int = 1) -> str:
    """A number in French notation: decimal comma, narrow no-break space between thousands.

    Args:
        value: The number.
        decimals: Decimals kept for non-integers.

    Returns:
        E.g. ``"1 234"`` or ``"12,5"``.
    """
    text = f"{int(value):,}" if float(value).is_integer() else f"{value:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def fr_mark(value: float) -> str:
    """A mark out of 20 in French notation, to the hundredth, without trailing zeros (« 6,25 »)."""
    text = fr_number(round(value, 2), 2)
    return text.rstrip("0").rstrip(",") if "," in text else text
