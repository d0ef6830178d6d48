"""Read-only renderings of the QSE management-system exercise: the trainee's answers of each step
(correction, static HTML) and the answer key of each step (self-study « Voir la solution »).

Both reuse the views of the forms (watch register, document list and reviews, drafted document,
dashboard, items for the manager, recall scope) and the same checks, so that the trainer reads what
the trainee saw while typing.
"""

from __future__ import annotations

from typing import Any

from qsecase.case_model import Case
from qsecase.errors import QsecaseError
from qsecase.exercises.sm_qse import corpus_data
from qsecase.exercises.sm_qse.model import SmQseAnswers, SmQseKey
from qsecase.methods.reg_watch import check_watch
from qsecase.views.dashboard_chart import dashboard_alt, dashboard_figure, month_label
from qsecase.views.dashboard_html import dashboard_html
from qsecase.views.render import figure_to_html
from qsecase.views.report_parts import bullets, checks, para, wording
from qsecase.views.sm_qse_html import (
    GRAVITY_WORDS,
    doc_review_html,
    draft_document_html,
    recall_html,
    report_items_html,
    watch_html,
)
from qsecase.views.tables import esc, table_html
from qsecase.widgets.amelioration_support import preview_frame
from qsecase.widgets.sm_qse_case import board, today
from qsecase.widgets.sm_qse_crisis import crisis_issues, traced
from qsecase.widgets.sm_qse_dashboard import indicator_issues
from qsecase.widgets.sm_qse_draft import draft_issues, readability_html
from qsecase.widgets.sm_qse_indicators import number_text
from qsecase.widgets.sm_qse_reporting import report_issues

__all__ = ["KEY_STEPS", "KEY_TITLES", "STEPS", "STEP_TITLES", "answers_step_html", "key_step_html"]

STEPS: tuple[str, ...] = ("veille", "documents", "nouveau-document", "tableau-de-bord", "reporting")
STEP_TITLES: dict[str, str] = {
    "veille": "Veille réglementaire et évaluation de la conformité",
    "documents": "Revue du système documentaire",
    "nouveau-document": "Rédaction d'un nouveau document",
    "tableau-de-bord": "Tableau de bord QSE",
    "reporting": "Remontée d'informations et gestion de crise",
}
KEY_STEPS: tuple[str, ...] = STEPS
KEY_TITLES: dict[str, str] = dict(STEP_TITLES)


def _documents(case: Case) -> list[dict[str, Any]]:
    try:
        return corpus_data.documents(case)
    except QsecaseError:
        return []


def _draft_html(a: SmQseAnswers, case: Case) -> str:
    d = a.nouveau_document
    page = draft_document_html(d, case.spec.organisation.nom)
    return (para("Public", d.public) + readability_html(d)
            + preview_frame(page, "Nouveau document rédigé par le stagiaire")
            + checks(draft_issues(d, case)))


def _dashboard_html(a: SmQseAnswers, case: Case) -> str:
    b = board(case, a.indicateurs)
    parts = []
    if a.indicateurs and not b.problem:
        fig = dashboard_figure(a.indicateurs, b.periods, b.data, b.charts, b.signals)
        parts.append(figure_to_html(fig, dashboard_alt(a.indicateurs, b.periods, b.data, b.charts, b.signals),
                                    dpi=80))
        parts.append(dashboard_html(a.indicateurs, b.periods, b.data, today(case), signals=b.signals,
                                    reminders=a.relances))
    elif not a.indicateurs:
        parts.append("<p>Aucun indicateur défini.</p>")
    reminders = [(r.service, r.indicateur, month_label(r.periode) if r.periode else "—",
                  f"{r.date:%d/%m/%Y}" if r.date else "—") for r in a.relances]
    parts.append(table_html(f"Relances envoyées : {len(reminders)}", ["Service", "Indicateur", "Mois",
                            "Date"], reminders, row_headers=True) if reminders
                 else "<p>Aucune relance envoyée.</p>")
    drifts = [(d.indicateur, d.type, month_label(d.periode) if d.periode else "—", d.commentaire or "—")
              for d in a.derives]
    parts.append(table_html(f"Dérives repérées : {len(drifts)}", ["Indicateur", "Type", "Mois",
                            "Commentaire"], drifts, row_headers=True) if drifts
                 else "<p>Aucune dérive signalée.</p>")
    return "".join(parts) + checks(indicator_issues(a.indicateurs, b))


def _reporting_html(a: SmQseAnswers, case: Case) -> str:
    c = a.crise
    scope, problem = traced(case, c.lot_origine)
    traced_html = recall_html(scope) if scope else f"<p>{esc(problem) or 'Aucun lot tracé.'}</p>"
    quantity = number_text(c.quantite)
    return (report_items_html(a.remontees) + checks(report_issues(a, case))
            + "<h4>Gestion de crise</h4>" + para("Lot en cause", c.lot_origine)
            + "<p><strong>Périmètre tracé à partir de ce lot :</strong></p>" + traced_html
            + "<p><strong>Lots finis retenus :</strong></p>" + bullets(c.lots_concernes)
            + "<p><strong>Clients à prévenir :</strong></p>" + bullets(c.clients)
            + para("Quantité concernée", quantity) + "<p><strong>Preuves à rassembler :</strong></p>"
            + bullets(c.preuves) + para("Message au dirigeant", c.message) + checks(crisis_issues(c, case)))


def answers_step_html(step: str, answers: SmQseAnswers, case: Case) -> str:
    """The trainee's answers of one step, read-only, under an ``<h3>`` heading."""
    a = answers
    bodies = {
        "veille": lambda: watch_html(a.veille, today(case)) + checks(check_watch(a.veille, today(case))),
        "documents": lambda: doc_review_html(a.revue_documents, _documents(case)),
        "nouveau-document": lambda: _draft_html(a, case),
        "tableau-de-bord": lambda: _dashboard_html(a, case),
        "reporting": lambda: _reporting_html(a, case),
    }
    body = bodies[step]()
    return (f'<section lang="fr"><h3>Réponses du stagiaire — {esc(STEP_TITLES[step])}</h3>'
            f"{body}</section>")


def _missing_text(item: str) -> str:
    column, _, period = item.partition(":")
    return f"{column} — {month_label(period)}" if period else item


def key_step_html(step: str, key: SmQseKey, case: Case) -> str:
    """What the answer key expects for one step (self-study « Voir la solution »)."""
    k = key
    rows: list[tuple[str, ...]]
    if step == "veille":
        rows = [(e.id, wording(e), str(e.applicabilite), "oui" if e.recent else "non") for e in k.veille]
        body = table_html("Textes de la veille et applicabilité attendue", ["Repère", "Texte",
                          "Applicabilité", "Évolution récente à traduire en actions"], rows, row_headers=True)
    elif step == "documents":
        rows = [(e.reference, " ; ".join(e.ecarts), ", ".join(e.faits) or "—") for e in k.documents]
        body = table_html("Documents présentant des écarts", ["Référence", "Écarts attendus", "Faits"], rows,
                          row_headers=True)
    elif step == "nouveau-document":
        rule = case.spec.codification or "—"
        body = (para("Public du document", wording(k.public_document)) + para("Règle de codification", rule)
                + "<p>Un cartouche complet (rédacteur, vérificateur et approbateur distincts, version, "
                "historique, prochaine revue), les sections du modèle et un texte lisible par ce public "
                "(phrases courtes, mots simples, une idée par phrase).</p>")
    elif step == "tableau-de-bord":
        rows = [(wording(d.indicateur), d.colonne, " ou ".join(d.types), month_label(d.periode))
                for d in k.derives]
        body = (para("Tableau de données", k.tableau_indicateurs)
                + "<p><strong>Indicateurs attendus :</strong></p>"
                + bullets([wording(i) for i in k.indicateurs])
                + "<p><strong>Données manquantes à relancer :</strong></p>"
                + bullets([_missing_text(m) for m in k.donnees_manquantes])
                + table_html("Dérives attendues (à deux mois près)", ["Indicateur", "Colonne", "Type",
                             "Mois"], rows, row_headers=True))
    elif step == "reporting":
        rows = [(wording(e), f"{e.gravite_min} — {GRAVITY_WORDS.get(e.gravite_min, '')} au moins")
                for e in k.remontees]
        body = (table_html("Informations à remonter au dirigeant", ["Information", "Gravité"], rows,
                           row_headers=True)
                + "<p><strong>À ne pas remonter (sans enjeu pour la direction) :</strong></p>"
                + bullets([wording(e) for e in k.non_remontees])
                + "<h4>Gestion de crise</h4>" + para("Lot en cause", k.crise_lot)
                + para("Lots finis à rappeler", ", ".join(k.crise_lots_finis))
                + para("Clients à prévenir", ", ".join(k.crise_clients))
                + "<p><strong>Preuves à rassembler :</strong></p>"
                + bullets([wording(e) for e in k.crise_preuves]))
    else:
        raise KeyError(step)
    return f'<section lang="fr"><h3>Solution — {esc(KEY_TITLES[step])}</h3>{body}</section>'
