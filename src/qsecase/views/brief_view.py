"""One-page brief per actor: an accessible, printable HTML page rendered from ``brief.html.j2``.

The page is in French (``lang="fr"``), has one ``h1`` (the action) then ``h2`` sections, puts the
objective in one sentence at the top, the key points as a short list, and « what I have to do /
by when / who to ask » as a definition list. Large type, black on white (contrast ≥ 15:1), no
information carried by colour, and ``@media print`` rules that fit one A4 page.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from qsecase.methods.briefs import AUDIENCE_LABELS, CHANNEL_LABELS, Brief

__all__ = ["brief_page", "fr_long_date", "nbsp"]

_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre")


_GLUE = re.compile(r"(?<=\d) (?=[^\W\d_]|°|%)| (?=[;:?!»])|(?<=«) ")


def nbsp(text: str) -> str:
    """French typography: no line break between a number and its unit (« 63 °C », « 2 heures »)
    nor before « ; : ? ! » » or after « « »."""
    return _GLUE.sub("\u00a0", text)


def fr_long_date(day: dt.date) -> str:
    """« vendredi 14 mars 2025 » (« 1er » for the first of the month), without the locale."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{_DAYS[day.weekday()]} {number} {_MONTHS[day.month - 1]} {day.year}"


@functools.cache
def _env() -> Any:
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("qsecase", "data/templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["nbsp"] = nbsp
    return env


def brief_page(brief: Brief, *, organisation: str, action_title: str,
               issued: dt.date | None = None) -> str:
    """The brief of one action for one audience, as a standalone HTML page.

    Args:
        brief: The brief (objective, message, key points, what to do, deadline, contact).
        organisation: Name shown at the top of the page.
        action_title: Title of the action, the page's ``h1``.
        issued: Date of issue printed in the footer (none by default, so output is reproducible).

    Returns:
        The page's HTML (every text escaped by jinja2's autoescape).
    """
    return str(_env().get_template("brief.html.j2").render(
        brief=brief, organisation=organisation, action_title=action_title,
        audience=AUDIENCE_LABELS[brief.public], channel=CHANNEL_LABELS[brief.canal],
        deadline=fr_long_date(brief.echeance) if brief.echeance else "",
        issued=f"{issued:%d/%m/%Y}" if issued else ""))
