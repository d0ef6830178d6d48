"""QSE management-system views: the watch register, the document review, the drafted document as a
printable page, the scope of a recall and what is passed on to the manager."""

from __future__ import annotations

import datetime as dt

from html_page import Page
from qsecase.methods.doc_control import Cartouche, DocReview, DraftDocument, Revision
from qsecase.methods.reg_watch import WatchEntry
from qsecase.methods.reporting import ReportItem
from qsecase.methods.traceability import recall_scope
from qsecase.views.sm_qse_html import (
    doc_review_html,
    draft_document_html,
    gravity_html,
    is_late,
    recall_html,
    report_items_html,
    watch_html,
)

TODAY = dt.date(2026, 9, 15)


def accessible(html: str) -> Page:
    """The page, after checking every table has a caption and every header cell a scope."""
    page = Page(html)
    assert len(page.all("table")) == len(page.all("caption"))
    assert all(th.get("scope") in ("col", "row") for th in page.all("th"))
    return page


def watch() -> list[WatchEntry]:
    return [
        WatchEntry(id="V1", source="legifrance", texte="Arrêté du 4 octobre 2010 (ICPE)",
                   applicabilite="applicable", exigences="Rétention des produits", actions="Installer un bac",
                   responsable="M. Arnaud",
                   echeance=dt.date(2026, 6, 30), statut="en cours"),
        WatchEntry(id="V2", source="JORF", texte="Décret n° 2024-1 <tri>", applicabilite="applicable",
                   statut="conforme", preuve="Registre déchets", echeance=dt.date(2026, 1, 31)),
        WatchEntry(id="V3", source="blog d'un consultant", texte="Règlement (UE) 2023/1115",
                   applicabilite="non applicable", justification="Pas de bois importé",
                   statut="non applicable"),
        WatchEntry(id="V4", texte="Norme ISO 45001:2018", statut="à évaluer"),
    ]


def test_watch_register_shows_sources_deadlines_and_statuses() -> None:
    entries = watch()
    assert [is_late(e, TODAY) for e in entries] == [True, False, False, False]
    html = watch_html(entries, TODAY)
    text = accessible(html).joined()
    assert "Veille réglementaire au 15/09/2026 : 4 textes, 2 applicables, 1 action en retard" in text
    assert "source reconnue (Journal officiel / Légifrance)" in text
    assert "JORF ✔ source reconnue" in text and "blog d'un consultant ? source à vérifier" in text
    assert "source non indiquée" in text
    assert "30/06/2026 ⚠ en retard" in text and text.count("en retard") == 2  # caption and V1
    for words in ("Mise en conformité en cours", "Conforme", "Non applicable", "À évaluer"):
        assert words in text
    assert "&lt;tri&gt;" in html and '<span aria-hidden="true">✔</span>' in html
    assert "Aucun texte" in watch_html([], TODAY)


DOCUMENTS = [
    {"reference": "PR-QUA-003", "titre": "Maîtrise des documents", "version": "4", "statut": "applicable",
     "prochaine_revue": "2025-03-01"},
    {"reference": "MO-PRO-010", "titre": "Nettoyage du poussoir", "version": "2", "statut": "projet",
     "prochaine_revue": None},
    {"reference": "EN-DIR-001", "titre": "Revue de direction", "version": "1", "statut": "applicable",
     "prochaine_revue": dt.date(2027, 1, 27)},
]


def test_doc_review_puts_each_review_beside_its_document() -> None:
    reviews = [DocReview(reference="PR-QUA-003", ecarts=["revue dépassée", "version incohérente"],
                         commentaire="Revue prévue en 2025", action="Réviser et approuver"),
               DocReview(reference="EN-DIR-001"),
               DocReview(reference="XX-999", ecarts=["cartouche incomplet"])]
    text = accessible(doc_review_html(reviews, DOCUMENTS)).joined()
    assert "2 documents examinés sur 3" in text
    assert "PR-QUA-003 Maîtrise des documents 4 — applicable 01/03/2025 ✖ revue dépassée ✖ version" in text
    assert "MO-PRO-010 Nettoyage du poussoir 2 — projet — ? non examiné" in text
    assert "✔ aucun écart" in text
    assert "XX-999 référence absente de la liste" in text
    assert "Aucun document" in doc_review_html([], [])


def draft() -> DraftDocument:
    cartouche = Cartouche(reference="MO-PRO-011", titre="Se laver les mains en entrant à l'atelier",
                          type="mode opératoire", version="B", date_application=dt.date(2026, 10, 1),
                          redacteur="S. Barjavel", verificateur="M. Arnaud", approbateur="H. Roumanille",
                          statut="applicable", diffusion="Atelier de tranchage",
                          prochaine_revue=dt.date(2027, 10, 1),
                          historique=[Revision(version="A", date=dt.date(2025, 5, 2), nature="Création",
                                               auteur="S. Barjavel"),
                                      Revision(version="B", date=dt.date(2026, 9, 10),
                                               nature="Pictogrammes ajoutés", auteur="S. Barjavel")])
    return DraftDocument(cartouche=cartouche, public="Opérateurs, dont travailleurs d'ESAT",
                         objet="Éviter la contamination", adaptations="FALC, pictogrammes",
                         texte="# Quand ?\n\nEn entrant.\n\n# Comment ?\n\n1. Mouiller\n2. Savonner\n"
                               "<script>alert(1)</script>")


def test_draft_document_is_a_printable_easy_to_read_page() -> None:
    html = draft_document_html(draft(), "Salaisons du Ventoux")
    assert html.startswith("<!doctype html>") and '<html lang="fr">' in html
    page = accessible(html)
    text = page.joined()
    assert "<title>Se laver les mains en entrant à l&#x27;atelier</title>" in html
    assert page.headings[0] == 1
    assert '<header><p class="org">Salaisons du Ventoux</p><h1>Se laver les mains' in html
    assert "Cartouche du document MO-PRO-011" in text
    for row in ("Référence MO-PRO-011", "Version B", "Date d'application 01/10/2026", "Vérifié par M. Arnaud",
                "Approuvé par H. Roumanille", "Prochaine revue 01/10/2027"):
        assert row in text
    assert "Historique des révisions" in text
    assert "A 02/05/2025 Création S. Barjavel" in text and "B 10/09/2026 Pictogrammes ajoutés" in text
    assert "<h2>Quand ?</h2>" in html and "<ol>" in html and "<script>" not in html
    assert "font-size:14pt" in html and "line-height:1.5" in html and "text-align:left" in html
    assert "@media print" in html and "Adaptations : FALC, pictogrammes" in text


def test_empty_draft_still_renders() -> None:
    text = Page(draft_document_html(DraftDocument(), "Org")).joined()
    assert "Document sans titre" in text and "(texte à rédiger)" in text
    assert "Aucune révision enregistrée." in text


def test_recall_scope_lists_lots_clients_and_shipments() -> None:
    productions = [{"entree": "MP-12", "sortie": "SF-3"}, {"entree": "SF-3", "sortie": "PF-101"},
                   {"entree": "SF-3", "sortie": "PF-102"}, {"entree": "MP-99", "sortie": "PF-200"}]
    shipments = [{"lot": "PF-101", "client": "Biocoop Apt", "quantite": "1 200,5", "date": "2026-09-01"},
                 {"lot": "PF-102", "client": "Casino Carpentras", "quantite": 300, "date": "2026-09-03"},
                 {"lot": "PF-101", "client": "Casino Carpentras", "quantite": 50, "date": "2026-09-04"},
                 {"lot": "PF-200", "client": "Autre", "quantite": 10, "date": "2026-09-04"}]
    scope = recall_scope("MP-12", productions, shipments, input_col="entree", output_col="sortie",
                         lot_col="lot", client_col="client", qty_col="quantite")
    text = accessible(recall_html(scope)).joined().replace("\u202f", " ")
    assert "Lot en cause : MP-12" in text
    assert "Lots de produits finis concernés (2) : PF-101, PF-102" in text
    assert "Lots intermédiaires concernés (1) : SF-3" in text
    assert "Biocoop Apt 1 200,5" in text and "Casino Carpentras 350" in text and "Total 1 550,5" in text
    assert "Expéditions des lots concernés : 3" in text and "Autre" not in text


def test_report_items_are_ranked_by_gravity() -> None:
    items = [ReportItem(sujet="Bulletin de veille lu", type="veille", gravite=1),
             ReportItem(sujet="Réclamation corps étranger", gravite=4, sources=["I2", "R-17"],
                        message="Rappel possible du lot PF-101", destinataire="Directrice"),
             ReportItem(sujet="Taux de NC en hausse", type="tendance", gravite=3)]
    html = report_items_html(items)
    text = accessible(html).joined()
    assert text.index("Réclamation corps étranger") < text.index("Taux de NC") < text.index("Bulletin")
    assert "1 Réclamation corps étranger écart ●●●● critique (4 sur 4) I2, R-17" in text
    assert "forte (3 sur 4)" in text and "faible (1 sur 4)" in text
    assert '<span aria-hidden="true">●○○○</span>' in gravity_html(1)
    assert "Aucune information" in report_items_html([])
