"""The QSE management system (4-1, 4-2, 4-6) as accessible HTML: the watch register, the review of
the document list, the drafted document as a printable page, the scope of a recall and what is
passed on to the manager.

Every table has a ``<caption>`` and ``scope`` on its header cells; a status, an overdue action or a
gravity is a symbol **and** words, the symbol hidden from screen readers (``aria-hidden``) when the
words say the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from qsecase.methods.doc_control import DocReview, DraftDocument
from qsecase.methods.reg_watch import RECOGNISED_SOURCES, WATCH_STATUSES, WatchEntry, recognised_source
from qsecase.methods.reporting import ReportItem
from qsecase.methods.traceability import RecallScope
from qsecase.views.palette import fr_number
from qsecase.views.tables import cell_text, esc, markdown_html, table_html

__all__ = ["GRAVITY_WORDS", "LATE_MARK", "doc_review_html", "draft_document_html", "gravity_html",
           "is_late", "recall_html", "report_items_html", "watch_html"]

LATE_MARK = "⚠ en retard"
#: Gravity of a piece of information (1 to 4) in words.
GRAVITY_WORDS: dict[int, str] = {1: "faible", 2: "modérée", 3: "forte", 4: "critique"}
_CLOSED = ("conforme", "non applicable")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def _hidden(symbol: str) -> str:
    return f'<span aria-hidden="true">{esc(symbol)}</span>'


def _marked(mark: str) -> str:
    """« ⚠ en retard » with the symbol hidden from screen readers."""
    symbol, words = mark.split(" ", 1)
    return f"{_hidden(symbol)} {esc(words)}"


def _date(value: Any) -> str:
    """A date (or an ISO date text) as dd/mm/yyyy; anything else as given, « — » when empty."""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    text = "" if value is None else str(value).strip()
    try:
        return f"{dt.date.fromisoformat(text):%d/%m/%Y}"
    except ValueError:
        return text or "—"


def _or_dash(text: str) -> str:
    return esc(text) if text.strip() else "—"


# --- 4-1 regulatory watch -------------------------------------------------------------------------
def is_late(entry: WatchEntry, today: dt.date) -> bool:
    """Whether the action of ``entry`` is past its deadline and compliance not reached."""
    return entry.echeance is not None and entry.echeance < today and entry.statut not in _CLOSED


def _source_html(source: str) -> str:
    """The source as the trainee wrote it, then « ✔ source reconnue (INRS) » or « ? source à vérifier »."""
    if not source.strip():
        return f"{_hidden('?')} source non indiquée"
    known = recognised_source(source)
    if known is None:
        return f"{esc(source)}<br>{_hidden('?')} source à vérifier"
    label = RECOGNISED_SOURCES[known]
    named = "" if source.strip().lower() == known else f"{esc(source)}<br>"
    return f"{named}{_hidden('✔')} source reconnue ({esc(label)})"


def _watch_dates(entry: WatchEntry) -> str:
    parts = []
    if entry.date_publication:
        parts.append(f"publié le {_date(entry.date_publication)}")
    if entry.date_application:
        parts.append(f"applicable le {_date(entry.date_application)}")
    return esc(" ; ".join(parts)) or "—"


def watch_html(entries: Sequence[WatchEntry], today: dt.date) -> str:
    """The watch register: source (recognised or not), applicability, requirements, actions,
    deadline (« ⚠ en retard » when passed and compliance not reached) and compliance status."""
    if not entries:
        return "<p>Aucun texte dans la veille réglementaire.</p>"
    rows = []
    for e in entries:
        deadline = _date(e.echeance) if e.echeance else "—"
        if is_late(e, today):
            deadline = f"{esc(deadline)}<br><strong>{_marked(LATE_MARK)}</strong>"
        applicability = esc(e.applicabilite) + (f"<br>{esc(e.justification)}" if e.justification else "")
        rows.append((esc(e.id), esc(e.texte), _source_html(e.source), _watch_dates(e), applicability,
                     _or_dash(e.exigences), _or_dash(e.actions), _or_dash(e.responsable), deadline,
                     _marked(WATCH_STATUSES[e.statut]), _or_dash(e.preuve),
                     _date(e.date_evaluation) if e.date_evaluation else "—"))
    late = sum(is_late(e, today) for e in entries)
    applicable = sum(e.applicabilite == "applicable" for e in entries)
    caption = (f"Veille réglementaire au {_date(today)} : {_plural(len(entries), 'texte')}, "
               f"{_plural(applicable, 'applicable')}, {_plural(late, 'action')} en retard")
    return table_html(caption, ["Id", "Texte", "Source", "Dates", "Applicabilité", "Exigences",
                                "Actions", "Responsable", "Échéance", "Statut", "Preuve",
                                "Évaluation"], rows, row_headers=True, raw=True)


# --- 4-2 document control -------------------------------------------------------------------------
def doc_review_html(reviews: Sequence[DocReview], documents: Sequence[Mapping[str, Any]]) -> str:
    """Each document of the list (reference, title, version, status, next review) beside the
    trainee's review of it; reviews of references missing from the list come last."""
    if not documents and not reviews:
        return "<p>Aucun document à examiner.</p>"
    by_ref = {r.reference.strip(): r for r in reviews}
    rows = []
    for doc in documents:
        ref = str(doc.get("reference", "")).strip()
        review = by_ref.pop(ref, None)
        rows.append((esc(ref), esc(doc.get("titre", "")),
                     esc(f"{doc.get('version') or '—'} — {doc.get('statut') or '—'}"),
                     esc(_date(doc.get("prochaine_revue"))), *_review_cells(review)))
    for ref, review in by_ref.items():
        rows.append((esc(ref), "<em>référence absente de la liste</em>", "—", "—", *_review_cells(review)))
    done = sum(1 for r in reviews if r.reference.strip() in {str(d.get("reference", "")).strip()
                                                             for d in documents})
    caption = f"Revue de la liste des documents : {done} document{'s' if done > 1 else ''} examiné" \
              f"{'s' if done > 1 else ''} sur {len(documents)}"
    return table_html(caption, ["Référence", "Titre", "Version — statut", "Prochaine revue",
                                "Écarts relevés", "Commentaire", "Action"], rows, row_headers=True, raw=True)


def _review_cells(review: DocReview | None) -> tuple[str, str, str]:
    if review is None:
        return f"{_hidden('?')} non examiné", "—", "—"
    if review.ecarts:
        found = "<ul>" + "".join(f"<li>{_hidden('✖')} {esc(e)}</li>" for e in review.ecarts) + "</ul>"
    else:
        found = f"{_hidden('✔')} aucun écart"
    return found, _or_dash(review.commentaire), _or_dash(review.action)


_DOC_CSS = """
body{font-family:Arial,"DejaVu Sans",Helvetica,sans-serif;font-size:14pt;line-height:1.5;
text-align:left;color:#000;background:#fff;margin:1.5em auto;max-width:42em;padding:0 1em}
h1{font-size:1.6em;line-height:1.25;margin:0.4em 0}h2{font-size:1.3em;margin-top:1.4em}
h3,h4{font-size:1.1em}
p,li{max-width:38em}li{margin:0.3em 0}
table{width:100%;font-size:1em!important}
th,td{overflow-wrap:break-word}
caption{padding:0.3em 0}
.org{font-weight:bold;margin:0}
.note{border-left:0.4em solid #000;padding-left:0.6em}
@page{size:A4 portrait;margin:15mm}
@media print{body{margin:0;max-width:none;padding:0}thead{display:table-header-group}
tr,li{break-inside:avoid}h2,h3{break-after:avoid}a{color:#000;text-decoration:none}}
"""


def draft_document_html(draft: DraftDocument, org_name: str) -> str:
    """The drafted document as a standalone page to print: the cartouche, the public and the object,
    the body (Markdown), the history of revisions. Large, left-aligned type with 1.5 line spacing
    (easy-to-read guidelines)."""
    c = draft.cartouche
    title = c.titre or "Document sans titre"
    cartouche = [("Référence", c.reference), ("Titre", c.titre), ("Type", c.type), ("Version", c.version),
                 ("Date d'application", _date(c.date_application) if c.date_application else ""),
                 ("Statut", c.statut), ("Rédigé par", c.redacteur), ("Vérifié par", c.verificateur),
                 ("Approuvé par", c.approbateur), ("Diffusion", c.diffusion),
                 ("Prochaine revue", _date(c.prochaine_revue) if c.prochaine_revue else "")]
    parts = [table_html(f"Cartouche du document {c.reference or ''}".strip(), ["Rubrique", "Valeur"],
                        [(esc(k), _or_dash(v)) for k, v in cartouche], row_headers=True, raw=True)]
    if draft.public or draft.objet:
        parts.append(f"<h2>Public et objet</h2><p><strong>Public :</strong> {_or_dash(draft.public)}</p>"
                     f"<p><strong>Objet :</strong> {_or_dash(draft.objet)}</p>")
    body = markdown_html(draft.texte, shift=1) if draft.texte.strip() else "<p><em>(texte à rédiger)</em></p>"
    parts.append(f'<section aria-labelledby="contenu"><h2 id="contenu">Contenu</h2>{body}</section>')
    if draft.adaptations:
        parts.append(f'<p class="note"><strong>Adaptations :</strong> {esc(draft.adaptations)}</p>')
    history = [(esc(r.version), _date(r.date), _or_dash(r.nature), _or_dash(r.auteur)) for r in c.historique]
    parts.append("<h2>Historique des révisions</h2>" + (
        table_html("Historique des révisions", ["Version", "Date", "Nature de la modification", "Auteur"],
                   history, row_headers=True, raw=True) if history
        else "<p>Aucune révision enregistrée.</p>"))
    return ('<!doctype html>\n<html lang="fr"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{_DOC_CSS}</style></head><body>"
            f'<header><p class="org">{esc(org_name)}</p><h1>{esc(title)}</h1></header>'
            f"<main>{''.join(parts)}</main></body></html>")


# --- 4-6 reporting and recall ---------------------------------------------------------------------
def _quantity(value: float | None) -> str:
    return "—" if value is None else fr_number(float(value), 2)


def recall_html(scope: RecallScope) -> str:
    """The scope of a recall: lot in cause, lots made with it (finished lots first), clients with the
    quantity each received, and the shipment rows concerned (their own columns)."""
    others = [lot for lot in scope.downstream_lots if lot not in scope.finished_lots]
    parts = [f"<p>Lot en cause : <strong>{esc(scope.origin)}</strong>.</p>",
             f"<p>Lots de produits finis concernés ({len(scope.finished_lots)}) : "
             f"{esc(', '.join(scope.finished_lots)) or 'aucun'}.</p>"]
    if others:
        parts.append(f"<p>Lots intermédiaires concernés ({len(others)}) : {esc(', '.join(others))}.</p>")
    quantities = [(esc(client), _quantity(scope.quantities.get(client))) for client in scope.clients]
    if quantities:
        quantities.append(("<strong>Total</strong>", f"<strong>{_quantity(scope.total)}</strong>"))
        parts.append(table_html(f"Clients livrés : {len(scope.clients)}", ["Client", "Quantité livrée"],
                                quantities, row_headers=True, raw=True))
    else:
        parts.append("<p>Aucun client livré.</p>")
    columns = list(dict.fromkeys(key for row in scope.shipments for key in row))
    shipments = [[cell_text(row.get(key)) for key in columns] for row in scope.shipments]
    parts.append(table_html(f"Expéditions des lots concernés : {len(shipments)}", columns, shipments)
                 if shipments else "<p>Aucune expédition des lots concernés.</p>")
    return "".join(parts)


def gravity_html(gravite: int) -> str:
    """« ●●●○ forte (3 sur 4) », the dots hidden from screen readers."""
    dots = "●" * gravite + "○" * (4 - gravite)
    return f"{_hidden(dots)} {esc(GRAVITY_WORDS.get(gravite, str(gravite)))} ({gravite} sur 4)"


def report_items_html(items: Sequence[ReportItem]) -> str:
    """What is passed on to the manager, the most serious first (stable for equal gravity)."""
    if not items:
        return "<p>Aucune information sélectionnée pour le dirigeant.</p>"
    ranked = sorted(items, key=lambda i: -i.gravite)
    rows = [(str(n), esc(i.sujet), esc(i.type), gravity_html(i.gravite), _or_dash(", ".join(i.sources)),
             _or_dash(i.message), _or_dash(i.destinataire)) for n, i in enumerate(ranked, 1)]
    return table_html(f"Informations à remonter au dirigeant, de la plus grave à la moins grave : "
                      f"{len(items)}",
                      ["Rang", "Sujet", "Type", "Gravité", "Sources", "Message", "Destinataire"], rows,
                      row_headers=True, raw=True)
