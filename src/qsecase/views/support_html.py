"""A communication support (5-4) as a standalone accessible HTML page, and its review as a table.

:func:`support_html` lays the support out by kind — « affiche » (A4 portrait, large title),
« newsletter » (one page, two columns on screen, one when printed), « diaporama » (one
``<section>`` per « ## » heading, one slide per printed page) — in the charter's font and the
colours the trainee declared for each element, so that what is checked is what is seen.
:func:`support_report_html` shows :func:`qsecase.methods.communication.support_report` as a table
whose statuses are a symbol and a word, never a colour alone.
"""

from __future__ import annotations

import re

from qsecase.methods.communication import (
    Charter,
    ColourUse,
    CriterionStatus,
    Support,
    SupportReport,
    split_slides,
    support_font,
)
from qsecase.methods.text import fold
from qsecase.views.tables import esc, issues_html, markdown_html, table_html

__all__ = ["STATUS_TEXT", "support_html", "support_report_html"]

STATUS_TEXT: dict[CriterionStatus, str] = {
    "conforme": "✔ conforme", "non conforme": "✖ non conforme", "à améliorer": "⚠ à améliorer",
}

# which declared element (ColourUse.element, free text) styles which part of the page
_ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("action", ("action", "appel", "bouton")),
    ("messages", ("message", "encadre", "cle", "retenir")),
    ("titre", ("titre", "bandeau", "en-tete", "entete")),
    ("corps", ("corps", "texte", "paragraphe", "fond de page")),
)
_DEFAULT_SIZE_PT = {"affiche": {"titre": 40.0, "corps": 16.0, "messages": 22.0, "action": 20.0},
                    "newsletter": {"titre": 26.0, "corps": 12.0, "messages": 14.0, "action": 13.0},
                    "diaporama": {"titre": 30.0, "corps": 20.0, "messages": 22.0, "action": 22.0}}
_HEADING = re.compile(r"^(#{1,6})(?=\s|$)", re.MULTILINE)
_SERIF = ("serif", "times", "georgia", "garamond", "cambria", "palatino")

_BASE_CSS = """
*{box-sizing:border-box}
body{margin:0;line-height:1.45}
.page{max-width:60rem;margin:0 auto;padding:1.5rem}
.entete{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;padding:1rem}
.entete h1{flex:1 1 100%;margin:0.3em 0;line-height:1.15}
.org{margin:0;font-weight:bold}
.logo{max-height:4.5rem;max-width:12rem}
.logo svg{max-height:4.5rem;max-width:12rem;height:auto;width:auto}
.messages{padding:0.8rem 1rem;margin:1rem 0;border-left:0.5rem solid currentColor}
.messages h2{margin:0 0 0.3em 0;font-size:1em}
.messages ul{margin:0;padding-left:1.2em}
.messages li{font-weight:bold;margin:0.2em 0}
.action{padding:0.8rem 1rem;margin:1rem 0;border:0.2rem solid currentColor;font-weight:bold}
figure{margin:1rem 0}
figure img{max-width:100%;height:auto}
a{color:inherit}
"""
_KIND_CSS = {
    "affiche": """
@page{size:A4 portrait;margin:12mm}
.affiche .page{max-width:42rem}
@media print{.affiche .page{padding:0;max-width:none}}
""",
    "newsletter": """
@page{size:A4 portrait;margin:15mm}
@media screen and (min-width:48rem){.colonnes{column-count:2;column-gap:2rem}}
.colonnes h2,.colonnes h3{break-after:avoid}
@media print{.colonnes{column-count:1}.newsletter .page{padding:0;max-width:none}}
""",
    "diaporama": """
@page{size:A4 landscape;margin:10mm}
.diapo{aspect-ratio:16/9;padding:2rem 2.5rem;margin:0 0 1.5rem 0;border:1px solid #767676;
  overflow:hidden}
.diapo h2{margin-top:0;padding:0.2em 0.4em}
@media print{.diaporama .page{padding:0;max-width:none}
  .diapo{break-after:page;page-break-after:always;border:none;margin:0;aspect-ratio:auto;
    min-height:100vh}
  .diapo:last-child{break-after:auto;page-break-after:auto}}
""",
}


def _role(element: str) -> str | None:
    name = fold(element)
    return next((role for role, keys in _ROLE_WORDS if any(k in name for k in keys)), None)


def _roles(support: Support) -> dict[str, ColourUse]:
    """The first declared colour use of each part of the page (title, body, messages, action)."""
    found: dict[str, ColourUse] = {}
    for use in support.couleurs:
        role = _role(use.element)
        if role is not None:
            found.setdefault(role, use)
    return found


def _font_stack(support: Support, charter: Charter) -> str:
    """The support's font if the charter admits it, else the charter's first; then the charter's
    other fonts and a generic family as fallbacks."""
    font, admitted = support_font(support, charter)
    first = font if admitted else charter.polices[0]
    names = [first, *(f for f in charter.polices if fold(f) != fold(first))]
    clean = [c for c in (re.sub(r"[^\w \-]", "", n).strip() for n in names) if c]
    lead = fold(clean[0]) if clean else ""
    generic = "serif" if any(k in lead for k in _SERIF) and "sans" not in lead else "sans-serif"
    return ", ".join([*(f'"{c}"' for c in clean), generic])


def _look(use: ColourUse | None, size_pt: float) -> str:
    """CSS declarations of a part of the page: its declared colours, size and weight, else a size."""
    if use is None:
        return f"font-size:{size_pt:g}pt"
    return (f"color:{use.texte};background:{use.fond};font-size:{use.taille_pt:g}pt;"
            f"font-weight:{'bold' if use.gras else 'normal'}")


def _css(support: Support, charter: Charter) -> str:
    """Charter font, declared colours and sizes for each part of the page, then the kind's layout."""
    roles = _roles(support)
    sizes = _DEFAULT_SIZE_PT[support.type]
    body = roles.get("corps")
    title = roles.get("titre")
    rules = [
        f"body{{font-family:{_font_stack(support, charter)};color:#000000;background:#FFFFFF;"
        f"{_look(body, sizes['corps'])}}}",
        f".entete h1,.diapo-titre h1{{{_look(title, sizes['titre'])}}}",
        f".messages{{{_look(roles.get('messages'), sizes['messages'])}}}",
        f".action{{{_look(roles.get('action'), sizes['action'])}}}",
    ]
    if title is not None:
        rules.append(f".entete,.diapo-titre,.diapo h2{{color:{title.texte};background:{title.fond}}}")
    return _BASE_CSS + _KIND_CSS[support.type] + "\n".join(rules)


def _markdown(text: str, top: int) -> str:
    """Markdown rendered with its highest heading at level ``top`` (no skipped level)."""
    if not text.strip():
        return ""
    levels = [len(m.group(1)) for m in _HEADING.finditer(text)]
    return markdown_html(text, shift=top - min(levels) if levels else 0)


def _logo(support: Support, charter: Charter, org_name: str, markup: str) -> str:
    if not support.logo:
        return ""
    alt = charter.logo_alt or f"Logo de {org_name}"
    if markup.strip():
        svg = re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>", "", markup, flags=re.IGNORECASE).strip()
        return f'<div class="logo" role="img" aria-label="{esc(alt)}">{svg}</div>'
    if charter.logo:
        return f'<img class="logo" src="{esc(charter.logo)}" alt="{esc(alt)}">'
    return ""


def _messages(support: Support, heading: str = "h2") -> str:
    if not support.messages_cles:
        return ""
    items = "".join(f"<li>{esc(m)}</li>" for m in support.messages_cles)
    return (f'<section class="messages" aria-labelledby="a-retenir"><{heading} id="a-retenir">'
            f"À retenir</{heading}><ul>{items}</ul></section>")


def _action(support: Support) -> str:
    if not support.appel_action:
        return ""
    return f'<p class="action"><span>À faire : </span>{esc(support.appel_action)}</p>'


def _figures(support: Support) -> str:
    parts = []
    for image in support.images:
        if not image.fichier:
            continue
        alt = "" if image.decorative else image.alt
        parts.append(f'<figure><img src="{esc(image.fichier)}" alt="{esc(alt)}"></figure>')
    return "".join(parts)


def _header(support: Support, charter: Charter, org_name: str, logo_markup: str) -> str:
    return (f'<header class="entete">{_logo(support, charter, org_name, logo_markup)}'
            f'<p class="org">{esc(org_name)}</p><h1>{esc(support.titre or "Sans titre")}</h1></header>')


def _slides(support: Support, charter: Charter, org_name: str, logo_markup: str) -> str:
    preamble, slides = split_slides(support.texte)
    parts = [f'<section class="diapo diapo-titre" aria-labelledby="diapo-0">'
             f'{_logo(support, charter, org_name, logo_markup)}<p class="org">{esc(org_name)}</p>'
             f'<h1 id="diapo-0">{esc(support.titre or "Sans titre")}</h1>{_markdown(preamble, 2)}'
             "</section>"]
    for n, slide in enumerate(slides, 1):
        parts.append(f'<section class="diapo" aria-labelledby="diapo-{n}"><h2 id="diapo-{n}">'
                     f"{esc(slide.titre)}</h2>{_markdown(slide.corps, 3)}</section>")
    closing = _messages(support, "h3") + _action(support) + _figures(support)
    if closing:
        last = len(slides) + 1
        parts.append(f'<section class="diapo" aria-labelledby="diapo-{last}"><h2 id="diapo-{last}">'
                     f"En résumé</h2>{closing}</section>")
    return "".join(parts)


def support_html(support: Support, charter: Charter, org_name: str, logo_markup: str = "") -> str:
    """The support as a complete, standalone and accessible HTML page, ready to print.

    Args:
        support: The support designed by the trainee.
        charter: The organisation's graphic charter (font, logo and its alternative text).
        org_name: Name of the organisation.
        logo_markup: The logo as inline SVG markup (trusted: from the case's corpus); when empty,
            an ``<img>`` of the charter's logo file with the charter's ``logo_alt``.

    Returns:
        The HTML text (``<!doctype html>``, ``lang="fr"``, ``<title>``, ``<header>``, ``<main>``).
    """
    if support.type == "diaporama":
        content = f"<main>{_slides(support, charter, org_name, logo_markup)}</main>"
    else:
        text = _markdown(support.texte, 2)
        if support.type == "newsletter":
            text = f'<div class="colonnes">{text}</div>'
        content = (_header(support, charter, org_name, logo_markup) + "<main>" + _messages(support)
                   + text + _figures(support) + _action(support) + "</main>")
    title = f"{support.titre or 'Sans titre'} — {org_name}"
    return ('<!doctype html>\n<html lang="fr"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{_css(support, charter)}</style></head>"
            f'<body class="{support.type}"><div class="page">{content}</div></body></html>')


def support_report_html(report: SupportReport) -> str:
    """The review of a support: a count by status, then one row per criterion (measured value,
    target, status as a symbol and a word), then the findings to act on."""
    summary = []
    for status, text in STATUS_TEXT.items():
        symbol, word = text.split(" ", 1)
        n = sum(c.statut == status for c in report.criteres)
        summary.append(f"{symbol} {n} {word}{'s' if n > 1 and status != 'à améliorer' else ''}")
    table = table_html("Contrôle du support de communication",
                       ["Critère", "Valeur mesurée", "Cible", "Statut"],
                       [(c.critere, c.mesure, c.cible, STATUS_TEXT[c.statut]) for c in report.criteres],
                       row_headers=True)
    return (f'<section lang="fr"><p>Bilan : {esc(", ".join(summary))}.</p>{table}'
            f"{issues_html(report.issues)}</section>")
