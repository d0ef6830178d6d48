"""Small accessible HTML renderers: corpus documents, answers, issues and grades.

Every renderer returns an HTML fragment (a string) built from semantic elements — headings,
``<table>`` with a ``<caption>`` and ``scope`` on header cells, lists — with every piece of user or
case text escaped. A status is always shown as a symbol **and** a word, never by colour alone.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from typing import Any

from qsecase.case_model import Case
from qsecase.grading.grade import Grade
from qsecase.methods.actions import ACTION_TYPE_LABELS, Action, RootCause
from qsecase.methods.base import Issue
from qsecase.methods.five_whys import WhyChain
from qsecase.methods.qqoqcp import LABELS, QUESTIONS, Qqoqcp
from qsecase.views.palette import STATUS_STYLE, fr_number

__all__ = ["MAX_ROWS", "actions_html", "cell_text", "chains_html", "corpus_html", "esc",
           "grade_html", "issues_html", "markdown_html", "qqoqcp_html", "roots_html", "table_html"]

MAX_ROWS = 200
"""Corpus tables longer than this show their first rows and a note."""

_TABLE_STYLE = ("border-collapse:collapse;margin:0.5em 0;font-size:0.95em;color:#000;"
                "background:#fff")
_CELL_STYLE = "border:1px solid #767676;padding:0.25em 0.5em;text-align:left;vertical-align:top"


def esc(value: Any) -> str:
    """``value`` as escaped HTML text (``None`` → empty)."""
    return "" if value is None else html.escape(str(value))


def cell_text(value: Any) -> str:
    """A cell value in French notation: dates dd/mm/yyyy, decimal comma, booleans oui/non."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, int | float):
        return fr_number(float(value), 2)
    return str(value)


def table_html(caption: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
               row_headers: bool = False, raw: bool = False) -> str:
    """A semantic table; with ``row_headers`` the first cell of each row is a ``<th scope="row">``.

    Cells are escaped unless ``raw`` (then they must already be safe HTML).
    """
    head = "".join(f'<th scope="col" style="{_CELL_STYLE}">{esc(h)}</th>' for h in headers)
    body = []
    for row in rows:
        cells = []
        for n, value in enumerate(row):
            text = str(value) if raw else esc(cell_text(value))
            if row_headers and n == 0:
                cells.append(f'<th scope="row" style="{_CELL_STYLE}">{text}</th>')
            else:
                cells.append(f'<td style="{_CELL_STYLE}">{text}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table style="{_TABLE_STYLE}"><caption style="text-align:left;font-weight:bold">'
            f"{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def markdown_html(text: str, *, shift: int = 2) -> str:
    """Markdown rendered to HTML with mistune; raw HTML is escaped, headings shifted down."""
    import mistune

    class _Renderer(mistune.HTMLRenderer):
        def heading(self, text: str, level: int, **attrs: Any) -> str:
            return super().heading(text, min(6, level + shift), **attrs)

    md = mistune.create_markdown(escape=True, renderer=_Renderer(escape=True),
                                 plugins=["table", "strikethrough"])
    return str(md(text))


def corpus_html(case: Case, doc_id: str, *, max_rows: int = MAX_ROWS) -> str:
    """One corpus document: Markdown text rendered, or its CSV table (first ``max_rows`` rows)."""
    doc = case.spec.document(doc_id)
    title = f"<h3>{esc(doc.titre)}</h3>"
    if doc.type == "texte":
        text = case.texts.get(doc_id, "")
        if text.lstrip().startswith("# "):
            title = ""  # the document has its own title
        return f'<section lang="fr">{title}{markdown_html(text)}</section>'
    rows = case.tables.get(doc_id, [])
    names = [c.nom for c in doc.colonnes]
    key = any(c.cle for c in doc.colonnes) and doc.colonnes[0].cle
    shown = [[r.get(n) for n in names] for r in rows[:max_rows]]
    parts = [title, table_html(doc.titre, names, shown, row_headers=bool(key))]
    if len(rows) > max_rows:
        parts.append(f"<p><em>{max_rows} premières lignes affichées sur {len(rows)}.</em></p>")
    described = [c for c in doc.colonnes if c.description]
    if described:
        items = "".join(f"<dt>{esc(c.nom)}</dt><dd>{esc(c.description)}</dd>" for c in described)
        parts.append(f"<details><summary>Description des colonnes</summary><dl>{items}</dl>"
                     "</details>")
    return f'<section lang="fr">{"".join(parts)}</section>'


def _facts(ids: Sequence[str]) -> str:
    return ", ".join(ids) if ids else "—"


def qqoqcp_html(q: Qqoqcp) -> str:
    """The seven answers of a QQOQCP with the facts each cites."""
    rows = [(LABELS[k], q.answer(k).reponse or "—", _facts(q.answer(k).faits)) for k in QUESTIONS]
    return table_html("QQOQCP : description du problème", ["Question", "Réponse", "Faits cités"],
                      rows, row_headers=True)


def roots_html(causes: Sequence[RootCause]) -> str:
    """Root causes with the facts that prove them."""
    if not causes:
        return "<p>Aucune cause racine renseignée.</p>"
    rows = [(c.id, c.texte, _facts(c.faits)) for c in causes]
    return table_html("Causes racines", ["Id", "Cause racine", "Faits cités"], rows,
                      row_headers=True)


def actions_html(causes: Sequence[RootCause], actions: Sequence[Action]) -> str:
    """The action plan, each action beside the text of the root cause it treats."""
    if not actions:
        return "<p>Aucune action renseignée.</p>"
    texts = {c.id: c.texte for c in causes}
    rows = []
    for a in actions:
        cause = (f"{a.cause_racine} — {texts[a.cause_racine]}" if a.cause_racine in texts
                 else f"{a.cause_racine or '—'} (cause inexistante)")
        rows.append((a.id, ACTION_TYPE_LABELS[a.type].split(" (")[0], a.description, cause,
                     a.responsable or "—", a.echeance or "—", a.critere_efficacite or "—",
                     a.adaptation_handicap or "—"))
    return table_html("Plan d'actions", ["Id", "Type", "Action", "Cause racine traitée",
                                         "Responsable", "Échéance", "Critère d'efficacité",
                                         "Adaptation handicap"], rows, row_headers=True)


def chains_html(chains: Sequence[WhyChain]) -> str:
    """Each chain of 5 Pourquoi as an ordered list, from its starting cause to its root."""
    if not chains:
        return "<p>Aucune chaîne de 5 Pourquoi renseignée.</p>"
    parts = []
    for n, chain in enumerate(chains, 1):
        steps = "".join(f"<li>Pourquoi ? {esc(a) or '<em>(vide)</em>'}</li>"
                        for a in chain.answers())
        reached = ("✔ cause racine atteinte" if chain.racine_atteinte
                   else "✖ cause racine non atteinte")
        parts.append(f"<h4>Chaîne {n} : {esc(chain.depart) or '<em>(départ non indiqué)</em>'}"
                     f"</h4><ol>{steps}</ol><p>{reached}</p>")
    return "".join(parts)


def issues_html(issues: Sequence[Issue]) -> str:
    """Errors (✖) then warnings (⚠) as two labelled lists; empty string when there is nothing."""
    if not issues:
        return ""
    parts = []
    for level, title in (("erreur", "À corriger"), ("attention", "À vérifier")):
        items = [i for i in issues if i.level == level]
        if items:
            lis = "".join(f"<li>{esc(str(i))}</li>" for i in items)
            parts.append(f"<p><strong>{title}</strong></p><ul style=\"list-style:none;"
                         f'padding-left:0.5em">{lis}</ul>')
    return f'<div role="status" lang="fr">{"".join(parts)}</div>'


def _status_cell(status: str, lang: str = "fr") -> str:
    from qsecase.i18n import translate

    style = STATUS_STYLE[status]
    text = style.text if lang == "fr" else f"{style.symbol} {translate(status, lang)}"
    return (f'<span style="border-left:0.4em solid {style.colour};padding-left:0.3em">'
            f"{esc(text)}</span>")


def grade_html(grade: Grade, reveal_key: bool = False) -> str:
    """A grade: mark out of 20, status per criterion, then every item with its feedback, in the
    grade's language (``grade.lang``).

    Expected elements the trainee missed are listed only with ``reveal_key`` (trainer's view).
    """
    from qsecase.i18n import mark, number, translator
    from qsecase.referentiel import short_title

    lang = grade.lang
    _ = translator(lang)
    note = mark(grade.note_20, lang)
    parts = [f"<h3>{esc(_('Note : {note} / 20', note=note))}</h3>"]
    if grade.pending:
        parts.append("<p>" + esc(_.plural(
            "Note provisoire : {n} item « à vérifier » par le formateur.",
            "Note provisoire : {n} items « à vérifier » par le formateur.", grade.pending)) + "</p>")
    crit_rows = [(esc(code), esc(_(short_title(code))), _status_cell(status, lang))
                 for code, status in grade.criteria.items()]
    parts.append(table_html(_("Compétences évaluées"), [_("Code"), _("Compétence"), _("Statut")],
                            crit_rows, row_headers=True, raw=True))
    rows = []
    for item in grade.items:
        feedback = esc(item.feedback)
        if item.comment:
            feedback += f"<br><strong>{esc(_('Commentaire du formateur :'))}</strong> {esc(item.comment)}"
        if reveal_key and item.missed:
            lis = "".join(f"<li>{esc(m)}</li>" for m in item.missed)
            feedback += f"<br><strong>{esc(_('Éléments attendus manquants :'))}</strong><ul>{lis}</ul>"
        points = f"{number(item.points, lang, 1)} / {number(item.max_points, lang, 1)}"
        rows.append((esc(item.label), esc(item.criterion), _status_cell(item.status, lang), points,
                     feedback))
    parts.append(table_html(_("Détail de la grille"), [_("Item"), _("Critère"), _("Statut"),
                                                       _("Points"), _("Retour")], rows,
                            row_headers=True, raw=True))
    return f'<section lang="{lang}">{"".join(parts)}</section>'


def expected_html(items: Sequence[Any]) -> str:
    """A list of a key's expected elements with their accepted wordings (self-study solution)."""
    lis = "".join(f"<li>{html.escape(e.libelle)}"
                  + (f" <em>(ou : {html.escape(' ; '.join(e.synonymes))})</em>" if e.synonymes
                     else "")
                  + "</li>" for e in items)
    return f"<ul>{lis}</ul>"
