"""Audit views: accessible HTML fragments, the standalone HTML report and the Word report."""

from __future__ import annotations

import datetime as dt
import html
import io
import itertools
import re
from html.parser import HTMLParser

import pytest

from html_page import Page
from qsecase.methods.audit import (
    FINDING_KINDS,
    Auditee,
    AuditPlan,
    AuditReportInfo,
    Finding,
    InterviewNote,
    Question,
    SamplePlan,
    TeamMember,
)
from qsecase.methods.audit_prep import EvidenceItem
from qsecase.methods.audit_sampling import sample_coverage
from qsecase.views.audit_docx import audit_report_docx, docx_text
from qsecase.views.audit_html import (
    KIND_STYLE,
    REPORT_SECTIONS,
    SAMPLING_STATEMENT,
    audit_report_html,
    evidence_html,
    findings_groups,
    findings_html,
    kind_counts,
    plan_html,
    questionnaire_html,
    sample_html,
)

CATALOGUE = {
    "ISO 9001": {"7.1.5": "Ressources pour la surveillance et la mesure",
                 "8.5.1": "Maîtrise de la production",
                 "9.1.1": "Surveillance, mesure, analyse et évaluation : généralités",
                 "10.2": "Non-conformité et action corrective", "7.2": "Compétences"},
    "ISO 14001": {"8.1": "Planification et maîtrise opérationnelles", "7.2": "Compétences"},
    "ISO 45001": {"6.1.2": "Identification des dangers et évaluation des risques et opportunités",
                  "7.2": "Compétences"},
}
ORG = "MécaPrec"
DAY = dt.date(2025, 3, 18)


def plan() -> AuditPlan:
    return AuditPlan(
        objectifs="Vérifier la maîtrise de l'usinage et préparer l'audit de certification.",
        champ="Atelier d'usinage et magasin, site de Thiers, activités de janvier à mars 2025",
        criteres=["ISO 9001", "ISO 45001"], autres_criteres="Code de l'environnement (déchets)",
        date=DAY, lieu="Site de Thiers",
        equipe=[TeamMember(nom="Claire Martin", fonction="Chargée QSE", role="responsable d'audit"),
                TeamMember(nom="Paul Roux", fonction="Technicien méthodes", role="auditeur")],
        entretiens=[
            Auditee(fonction="Responsable d'atelier", processus="Production", clauses=["8.5.1", "7.1.5"],
                    debut=dt.datetime(2025, 3, 18, 9, 0), duree_min=90, auditeur="Claire Martin"),
            Auditee(fonction="Magasinier", processus="Logistique", clauses=["6.1.2"],
                    debut=dt.datetime(2025, 3, 18, 14, 0), duree_min=45, auditeur="Paul Roux"),
        ])


SAMPLES = [SamplePlan(population="etalonnages", objectif="Vérifier le suivi des instruments de mesure",
                      methode="aléatoire", taille=3, graine=42, elements=["PAC-01", "PAC-07", "MIC-03"],
                      justification="Trois instruments sur douze, tirés au sort")]
QUESTIONS = [
    Question(id="Q1", clause="8.5.1", exigence="Produire dans des conditions maîtrisées",
             question="Comment savez-vous que la pièce est conforme ?", preuve_attendue="Gamme, autocontrôle",
             fonction="Responsable d'atelier", conclusion="conforme",
             notes=InterviewNote(preuves_vues="Gamme G-12 indice C", relances="Et la nuit ?")),
    Question(id="Q2", referentiel="ISO 45001", clause="6.1.2", exigence="Identifier les dangers",
             question="Quels dangers au quai ?", fonction="Magasinier", conclusion="à approfondir"),
    Question(id="Q3", clause="7.1.5", fonction="Responsable d'atelier"),
]
FINDINGS = [
    Finding(id="C1", type="NC mineure", clause="7.1.5", exigence="Instruments étalonnés et identifiés",
            preuves=["etalonnages:PAC-07"],
            constat="Pied à coulisse PAC-07 échu depuis le 02/02/2025 <en usage>",
            raisonnement="Écart ponctuel"),
    Finding(id="C2", type="NC majeure", clause="10.2", exigence="Traiter les non-conformités",
            preuves=["nc:NC-031", "nc:NC-044"], constat="Aucune action corrective depuis six mois"),
    Finding(id="C3", type="point sensible", referentiel="ISO 45001", clause="6.1.2",
            constat="Évaluation du quai non revue après travaux", preuves=["duerp:REC-02"]),
    Finding(id="C4", type="observation", clause="9.1.1", constat="Indicateurs non commentés"),
    Finding(id="C5", type="point fort", clause="8.5.1", constat="Autocontrôle systématique et tracé",
            preuves=["fiches:FC-2025-03"]),
    Finding(id="C6", type="NC mineure", referentiel="réglementation", clause="C. env. R541-43",
            constat="Registre des déchets incomplet", preuves=["dechets:2025-02"]),
]
REPORT = AuditReportInfo(contexte="Premier audit interne depuis la fusion des deux ateliers.",
                         deroulement="Le magasin n'a pu être audité que l'après-midi.\n\nLa zone peinture "
                                     "n'a pas été couverte.",
                         conclusion="Le système est globalement maîtrisé, sauf le traitement des "
                                    "non-conformités.",
                         diffusion=["Directeur du site", "Responsable d'atelier", "CSE"], date_rapport=DAY)


class Tables(HTMLParser):
    """Each table of a page: its caption and its rows of cell texts."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._where = ""
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(("", []))
        elif tag == "caption":
            self._where = "caption"
        elif tag == "tr":
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self.tables[-1][1][-1].append("")
            self._where = "cell"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("caption", "td", "th"):
            self._where = ""

    def handle_data(self, data: str) -> None:
        if self._where == "caption":
            caption, rows = self.tables[-1]
            self.tables[-1] = (caption + data, rows)
        elif self._where == "cell":
            self.tables[-1][1][-1][-1] += data

    def by_caption(self, start: str) -> list[list[str]]:
        found = [rows for caption, rows in self.tables if caption.startswith(start)]
        assert len(found) == 1, [c for c, _ in self.tables]
        return found[0]


def _accessible_tables(text: str) -> None:
    page = Page(text)
    assert len(page.all("table")) == len(page.all("caption")) > 0
    assert all(th.get("scope") in ("col", "row") for th in page.all("th"))


def _kinds_shown(text: str, findings: list[Finding]) -> None:
    for f in findings:
        symbol, word = KIND_STYLE[f.type]
        assert symbol in text and word in text


def test_every_classification_has_a_symbol_and_a_word():
    assert set(KIND_STYLE) == set(FINDING_KINDS)
    assert len({s for s, _ in KIND_STYLE.values()}) == len(KIND_STYLE)
    assert KIND_STYLE["NC majeure"] == ("✖✖", "Non-conformité majeure")
    assert KIND_STYLE["observation"][1] == "Observation / piste de progrès"


def test_plan_html_shows_team_schedule_and_clause_titles():
    text = plan_html(plan(), CATALOGUE)
    _accessible_tables(text)
    joined = Page(text).joined()
    assert "Claire Martin (responsable d'audit)" in joined and "Paul Roux (auditeur)" in joined
    assert "18/03/2025 09:00–10:30" in joined
    assert "7.1.5 — Ressources pour la surveillance et la mesure" in joined
    assert "6.1.2 — Identification des dangers" in joined
    # clauses of an interview in numeric order
    assert joined.index("7.1.5 —") < joined.index("8.5.1 —")


def test_sample_html_with_coverage():
    text = sample_html(SAMPLES[0], {"Pieds à coulisse": (2, 8), "Micromètres": (1, 4)})
    _accessible_tables(text)
    rows = Tables(text).by_caption("Couverture")
    assert rows[1] == ["Pieds à coulisse", "2", "8", "25\u00a0%"]
    population = ["PAC-01", "PAC-07", "MIC-03", "MIC-04"]
    strata = {"PAC-01": "Pieds à coulisse", "PAC-07": "Pieds à coulisse", "MIC-03": "Micromètres",
              "MIC-04": "Micromètres"}
    covered = sample_html(SAMPLES[0], sample_coverage(population, ["PAC-01", "XX-9", "PAC-01"], strata))
    _accessible_tables(covered)
    joined = Page(covered).joined()
    assert "1 élément examiné sur 4 (25 %)" in joined  # joined() folds the no-break space
    assert "⚠ Absents de la population : XX-9." in joined and "⚠ Cités plusieurs fois : PAC-01." in joined
    assert Tables(covered).by_caption("Couverture")[1] == ["Pieds à coulisse", "1", "2", "50\u00a0%"]
    short = SamplePlan(population="p", taille=5, elements=["a"])
    assert "⚠ 1 élément tiré" in Page(sample_html(short)).joined()


def test_questionnaire_is_grouped_by_function():
    text = questionnaire_html(QUESTIONS, CATALOGUE)
    _accessible_tables(text)
    captions = [c for c, _ in Tables(text).tables]
    assert captions == ["Questions pour la fonction : Responsable d'atelier (2 questions)",
                        "Questions pour la fonction : Magasinier (1 question)"]
    joined = Page(text).joined()
    for word in ("Conforme", "À approfondir", "Non renseignée", "Gamme G-12 indice C", "Et la nuit ?",
                 "ISO 45001 6.1.2 — Identification des dangers"):
        assert word in joined


def test_findings_by_clause_in_numeric_order():
    groups = findings_groups(FINDINGS, CATALOGUE)
    headings = [h for h, _, _ in groups]
    assert groups[1][1] == "Constats — 7.1.5 (1)"
    assert [h.split(" — ")[0] for h in headings] == [
        "Chapitre 6.1.2", "Chapitre 7.1.5", "Chapitre 8.5.1", "Chapitre 9.1.1", "Chapitre 10.2",
        "Réglementation"]
    text = findings_html(FINDINGS, CATALOGUE)
    _accessible_tables(text)
    _kinds_shown(text, FINDINGS)
    assert "&lt;en usage&gt;" in text and "<en usage>" not in text
    assert 'aria-hidden="true">✖✖</span> Non-conformité majeure' in text


def test_evidence_matrix_counts_statuses():
    items = [EvidenceItem(clause="7.1.5.1", exigence="Preuves d'étalonnage", document="ENR-ETA",
                          statut="périmé"),
             EvidenceItem(clause="9.2.2", exigence="Programme d'audit", statut="manquant"),
             EvidenceItem(clause="5.2", exigence="Politique qualité", document="POL-QSE")]
    text = evidence_html(items)
    _accessible_tables(text)
    counts = {row[0].split(" ", 1)[-1]: row[1] for row in Tables(text).by_caption("Nombre")[1:]}
    assert counts == {"Présent": "1", "Manquant": "1", "Périmé": "1", "Incomplet": "0", "Total": "3"}


@pytest.fixture(scope="module")
def report_html() -> str:
    return audit_report_html(ORG, plan(), SAMPLES, FINDINGS, REPORT, CATALOGUE)


def test_report_is_a_standalone_accessible_document(report_html: str):
    assert report_html.startswith("<!doctype html>")
    assert '<html lang="fr">' in report_html
    assert html.unescape(re.findall(r"<title>(.*?)</title>", report_html)[0]) == \
        "Rapport d'audit interne QSE — MécaPrec"
    assert "@media print" in report_html and "thead{display:table-header-group}" in report_html
    _accessible_tables(report_html)
    levels = Page(report_html).headings
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_report_sections_in_order(report_html: str):
    h2 = [html.unescape(h) for h in re.findall(r"<h2>(.*?)</h2>", report_html)]
    assert h2 == ["Sommaire", *(f"{n}. {t}" for n, (_, t) in enumerate(REPORT_SECTIONS, 1))]
    joined = Page(report_html).joined()
    assert SAMPLING_STATEMENT in joined
    for text in ("Directeur du site", "CSE", "La zone peinture n'a pas été couverte", "Site de Thiers",
                 "Direction de MécaPrec"):
        assert text in joined


def test_report_counts_table_and_findings(report_html: str):
    rows = Tables(report_html).by_caption("Synthèse des constats")
    counts = {row[0].split(" ", 1)[-1]: int(row[1]) for row in rows[1:]}
    assert counts == {"Non-conformité majeure": 1, "Non-conformité mineure": 2, "Point sensible": 1,
                      "Observation / piste de progrès": 1, "Point fort": 1, "Total": 6}
    assert kind_counts(FINDINGS)["NC mineure"] == 2
    _kinds_shown(report_html, FINDINGS)
    # section 5 holds the deviations, section 6 the strengths
    five, six = report_html.index('id="constats"'), report_html.index('id="points-forts"')
    assert five < report_html.index(">C2<") < six < report_html.index(">C5<")


# --- Word ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def report_docx() -> bytes:
    return audit_report_docx(ORG, plan(), SAMPLES, FINDINGS, REPORT, CATALOGUE)


def test_docx_round_trip_has_every_section_finding_and_recipient(report_docx: bytes):
    text = docx_text(report_docx)
    for n, (_, title) in enumerate(REPORT_SECTIONS, 1):
        assert f"{n}. {title}" in text
    for f in FINDINGS:
        assert f.id in text and f.clause in text and " ".join(KIND_STYLE[f.type]) in text
    for name in REPORT.diffusion:
        assert name in text
    assert SAMPLING_STATEMENT in text
    assert "Non-conformité mineure | 2" in text and "Total | 6" in text


def test_docx_headings_tables_and_properties(report_docx: bytes):
    import docx
    from docx.oxml.ns import qn

    doc = docx.Document(io.BytesIO(report_docx))
    heading1 = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert heading1 == [f"{n}. {t}" for n, (_, t) in enumerate(REPORT_SECTIONS, 1)]
    heading2 = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 2"]
    assert "Chapitre 10.2 — Non-conformité et action corrective" in heading2
    assert heading2.index("Chapitre 9.1.1 — Surveillance, mesure, analyse et évaluation : généralités") < \
        heading2.index("Chapitre 10.2 — Non-conformité et action corrective")
    for table in doc.tables:
        header = table.rows[0]._tr
        assert header.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert table._tbl.tblPr.find(qn("w:tblCaption")) is not None
    props = doc.core_properties
    assert props.title == "Rapport d'audit interne QSE — MécaPrec"
    assert props.author == "Claire Martin"
    assert props.language == "fr-FR"
    footer = doc.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert round(doc.sections[0].page_width.mm) == 210


def test_docx_of_an_empty_report_is_valid():
    data = audit_report_docx(ORG, AuditPlan(), [], [], AuditReportInfo(), {})
    text = docx_text(data)
    assert "Aucun constat." in text and "⚠ Liste de diffusion à établir." in text
    assert "Total | 0" in text
