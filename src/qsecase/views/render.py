"""Rendering of figures for the HTML reports: PNG bytes and self-contained ``<img>`` tags."""

from __future__ import annotations

import base64
import html
import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["figure_to_html", "figure_to_png"]


def figure_to_png(fig: Figure, dpi: float = 110) -> bytes:
    """The figure as PNG bytes (white background), without going through pyplot.

    Args:
        fig: The figure; an Agg canvas is attached if it has none able to print PNG.
        dpi: Resolution.

    Returns:
        The PNG file content.
    """
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def figure_to_html(fig: Figure, alt: str, *, dpi: float = 110) -> str:
    """A self-contained ``<img>`` tag: the PNG inlined in base64 and its text alternative.

    Args:
        fig: The figure.
        alt: Text alternative for screen readers (e.g. from ``fishbone_alt_text``); it is
            HTML-escaped, quotes included.
        dpi: Resolution of the embedded PNG.

    Returns:
        ``<img src="data:image/png;base64,…" alt="…" width="…" style="…">``; the image is
        displayed at its natural size (96 px per inch) and shrinks to fit narrow pages.
    """
    data = base64.b64encode(figure_to_png(fig, dpi=dpi)).decode("ascii")
    width_px = round(fig.get_size_inches()[0] * 96)
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
            f'width="{width_px}" style="max-width:100%;height:auto">')
