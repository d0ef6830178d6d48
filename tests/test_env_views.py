"""Environment views: BEGES chart, table and workbook; aspects table and grid; waste register,
collection plan and their workbook; flow chart, Sankey diagram and effectiveness table."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from matplotlib.figure import Figure
from openpyxl import load_workbook

from qsecase.ghg_data import emission_factors, posts
from qsecase.methods.env_aspects import EnvAspect
from qsecase.methods.env_registers import CollectionItem, WasteLine
from qsecase.methods.flows import FlowReading, before_after, sankey_flows
from qsecase.methods.ghg import ActivityLine, compute, totals
from qsecase.views.env_views import (
    NOT_SIGNIFICANT,
    SIGNIFICANT,
    TO_COMPLETE,
    aspects_html,
    aspects_matrix,
    aspects_matrix_alt,
    collection_html,
    register_workbook,
    waste_register_html,
)
from qsecase.views.flows_view import (
    change_text,
    effectiveness_html,
    flow_chart,
    flows_alt,
    sankey_alt,
    sankey_figure,
)
from qsecase.views.ghg_view import beges_alt, beges_chart, beges_html, beges_workbook
from qsecase.views.render import figure_to_html

LINES = [
    ActivityLine(id="A1", description="Gaz des fours", quantite=120_000, unite="kWh PCS",
                 facteur="gaz-naturel-pcs", sources=["F12"]),
    ActivityLine(id="A2", description="Gazole des chariots", quantite=3_000, unite="L", facteur="gazole"),
    ActivityLine(id="A3", description="Recharge R404A", quantite=4, unite="kg", facteur="fuite-r404a"),
    ActivityLine(id="A4", description="Électricité", quantite=450, unite="MWh", facteur="electricite-france"),
    ActivityLine(id="A5", description="Livraisons amont", quantite=80_000, unite="t.km",
                 facteur="fret-routier-articule"),
    ActivityLine(id="A6", description="Gaz mal saisi", quantite=10, unite="m³", facteur="gaz-naturel-pcs"),
]
ASPECTS = [
    EnvAspect(id="AE1", activite="Cuisson", aspect="Consommation de gaz", impact="Changement climatique",
              g=3, f=4, significatif=True, maitrise="Compteur", outil="BEGES"),
    EnvAspect(id="AE2", activite="Lavage", aspect="Rejet d'eaux grasses", g=2, f=2,
              exigence_legale="Arrêté de rejet", significatif=True, action="Séparateur"),
    EnvAspect(id="AE3", activite="Bureaux", aspect="Papier", g=1, f=2),
    EnvAspect(id="AE4", activite="Froid", aspect="Fuite de fluide", situation="anormale", g=4, f=2,
              significatif=False),
]
WASTE = [
    WasteLine(date=dt.date(2026, 3, 2), denomination="Huiles usagées", code_dechet="13 02 05*", quantite=0.4,
              installation="Sevia, Lyon, SIRET 123", transporteur="Sevia, récépissé 45", bordereau="BSD-778",
              code_traitement="R9", qualification="recyclage"),
    WasteLine(date=dt.date(2026, 3, 9), denomination="Boues", code_dechet="02 02 04", quantite=2.5,
              transporteur="Véolia"),
    WasteLine(denomination="Solvants", code_dechet="14 06 03*"),
]
COLLECTION = [
    CollectionItem(donnee="Consommation d'électricité", acteur="Services généraux", support="Facture",
                   echeance_jour=10, relance_jours=5, relance="Courriel au responsable"),
    CollectionItem(donnee="Pesées des déchets", acteur="Logistique"),
]
PERIODS = [f"2025-{m:02d}" for m in range(1, 13)]
RATIOS = [5.0, 5.2, 4.8, 5.0, None, 5.0, 4.0, 3.0, 3.1, 2.9, 3.0, 3.0]


def _texts(fig: Figure) -> str:
    return "\n".join(t.get_text() for ax in fig.axes for t in ax.texts) + "\n" + "\n".join(
        t.get_text() for ax in fig.axes for t in (*ax.get_yticklabels(), ax.title))


def _beges():
    factors, shipped = emission_factors(), posts()
    emissions = compute(LINES, factors, shipped)
    return factors, shipped, emissions, totals(emissions)


def test_beges_chart_writes_values_scopes_and_posts() -> None:
    _, shipped, emissions, tot = _beges()
    assert {e.line for e in emissions} == {"A1", "A2", "A3", "A4", "A5"}  # A6: m³ is no energy
    fig = beges_chart(tot, shipped, emissions)
    text = _texts(fig)
    assert "26,52 t" in text  # gas: 120 000 kWh × 0,221
    assert "Scope 1" in text and "Scope 3" in text and "1.4 Émissions fugitives" in text
    assert "%" in text and "±" in fig.texts[0].get_text()  # suptitle with the uncertainty
    hatches = {p.get_hatch() for ax in fig.axes for p in ax.patches}
    assert {"//", "xx"} <= hatches
    assert sum(len(ax.containers) for ax in fig.axes) >= 3  # bars with error bars
    alt = beges_alt(tot, shipped)
    assert "t CO₂e" in alt and "Scope 2" in alt and "1.1 Sources fixes de combustion" in alt
    assert 'alt="Bilan des émissions' in figure_to_html(fig, alt, dpi=40)
    empty = totals([])
    assert "0 t (—)" in _texts(beges_chart(empty)) and "0 t CO₂e" in beges_alt(empty)


def test_beges_html_lists_categories_posts_and_sources() -> None:
    factors, shipped, emissions, tot = _beges()
    page = beges_html(emissions, tot, factors, shipped)
    assert page.count("<caption") == 2 and 'scope="row"' in page and 'scope="col"' in page
    assert "Catégorie 6 — Autres émissions indirectes" in page and "5.4 Investissements" in page
    assert "ADEME, Impact CO2 (chauffage.json), 2024" in page
    assert "⚠ non vérifié" in page  # the electricity factor
    assert "Total" in page and "100\u202f%" in page


def test_beges_workbook_reads_back() -> None:
    factors, shipped, emissions, tot = _beges()
    wb = load_workbook(io.BytesIO(beges_workbook("Salaisons", LINES, emissions, tot, factors, shipped)))
    assert wb.sheetnames == ["Synthèse", "Données d'activité", "Facteurs"]
    synth = wb["Synthèse"]
    assert [c.value for c in synth[4]][:6] == ["Catégorie", "Poste", "Intitulé", "Scope",
                                               "Émissions (t CO₂e)", "Incertitude (t CO₂e)"]
    posts_rows = [r for r in synth.iter_rows(min_row=5, values_only=True) if r[1]]
    assert len(posts_rows) == 22 and posts_rows[0][1] == "1.1"
    total = next(r for r in synth.iter_rows(min_row=5, values_only=True) if r[2] == "Total")
    assert total[4] == pytest.approx(tot.total_t, abs=1e-3)
    data = {r[0]: r for r in wb["Données d'activité"].iter_rows(min_row=5, values_only=True)}
    assert data["A1"][9] == pytest.approx(26_520) and data["A6"][9] == "✖ non calculée"
    fac = {r[0]: r for r in wb["Facteurs"].iter_rows(min_row=5, values_only=True)}
    assert fac["electricite-france"][8] == "⚠ non vérifié" and fac["gazole"][8] == "✔ oui"


def test_aspects_table_and_matrix() -> None:
    page = aspects_html(ASPECTS, 8)
    assert "<caption" in page and 'scope="row"' in page
    assert page.index("AE1") < page.index("AE4") < page.index("AE2")  # ranked by criticity
    assert page.count(SIGNIFICANT) == 3 and page.count(NOT_SIGNIFICANT) == 1
    assert "exigence légale" in page and "déclaré non significatif" in page  # AE4: 8 ≥ 8
    fig = aspects_matrix(ASPECTS, 8)
    text = _texts(fig)
    assert "★ G × F = 12\n1 aspect\nAE1" in text and "G × F = 4\n1 aspect\nAE2§" in text
    assert "G × F = 1\n0 aspect" in text
    assert any(p.get_hatch() == "xx" for p in fig.axes[0].patches)
    alt = aspects_matrix_alt(ASPECTS, 8)
    assert "3 significatifs (AE1, AE4, AE2)" in alt and "G 3, F 4 (criticité 12) : AE1" in alt
    assert aspects_html([], 8).startswith("<p>")


def test_waste_register_and_collection_plan() -> None:
    page = waste_register_html(WASTE)
    assert "<caption" in page and "R541-43" in page and 'scope="col"' in page
    assert "13 02 05* (dangereux)" in page and "sans objet (non dangereux)" in page and ">0,4<" in page
    assert page.count(TO_COMPLETE) >= 5 and "2 lignes" in page
    plan = collection_html(COLLECTION, ["Relancer Logistique : « Pesées des déchets »"])
    assert "<caption" in plan and "le 10 du mois suivant" in plan and TO_COMPLETE in plan
    assert "⚠ Relancer Logistique" in plan
    assert "✔ Aucune relance" in collection_html(COLLECTION)


def test_register_workbook_reads_back() -> None:
    wb = load_workbook(io.BytesIO(register_workbook("Salaisons", WASTE, COLLECTION)))
    assert wb.sheetnames == ["Registre des déchets", "Plan de collecte"]
    reg = wb["Registre des déchets"]
    headers = [c.value for c in reg[4]]
    assert headers[0] == "Date d'expédition" and "Code de traitement" in headers
    rows = list(reg.iter_rows(min_row=5, values_only=True))
    assert len(rows) == 3 and rows[0][0] == dt.datetime(2026, 3, 2) and rows[0][3] == 0.4
    assert rows[2][0] == TO_COMPLETE and rows[2][7] == TO_COMPLETE  # hazardous without BSD
    plan = list(wb["Plan de collecte"].iter_rows(min_row=4, values_only=True))
    assert plan[0][0] == "Donnée" and plan[2][:3] == ("Pesées des déchets", "Logistique", TO_COMPLETE)


def test_flow_chart_means_action_and_change() -> None:
    fig = flow_chart(PERIODS, RATIOS, "2025-07", "Eau par tonne produite", "m³/t")
    text = _texts(fig)
    assert "Moyenne avant : 5 m³/t" in text and "Moyenne après : 3 m³/t" in text
    assert "▼ action\njuil. 2025" in text and "−40\u202f% (baisse)" in text and "5,2" in text
    styles = {line.get_linestyle() for line in fig.axes[0].lines}
    assert {"--", "-", ":"} <= styles
    alt = flows_alt(PERIODS, RATIOS, "2025-07", "Eau par tonne produite", "m³/t")
    assert "mai 2025 : donnée manquante" in alt and "(5 mois) : 5 m³/t" in alt and "−40" in alt
    assert change_text(None) == "? non calculable" and change_text(0) == "0\u202f% (stable)"
    for months, action in ((PERIODS, "2024-01"), (PERIODS[:6], "2025-03")):
        with pytest.raises(ValueError):
            flow_chart(months, RATIOS, action)


def test_sankey_and_effectiveness_table() -> None:
    flows = sankey_flows({"Réseau": 1200, "Forage": 300}, {"Procédé": 900, "Sanitaires": 250, "Fuites": 200})
    fig = sankey_figure(flows, "Bilan eau 2025")
    text = _texts(fig)
    assert len(flows.flows) >= 3 and "Réseau" in text and "1200 m³" in text.replace("\u202f", "")
    assert "écart non mesuré" in text and "écart de bilan\xa0: 150 m³" in fig.axes[0].get_title("left")
    assert any(p.get_hatch() == "//" for p in fig.axes[0].patches)
    assert "entrées — Réseau : 1\u202f200 m³" in sankey_alt(flows, "Bilan eau 2025")
    ref = before_after(dict(zip(PERIODS, RATIOS, strict=True)), PERIODS, "2025-07")
    readings = [FlowReading(action="PE1", flux="eau", ratio_avant=5, ratio_apres=3, unite="m³/t",
                            verdict="efficace"),
                FlowReading(action="PE2", flux="électricité", verdict="partiellement efficace"),
                FlowReading(action="PE3", flux="gaz", ratio_avant=2, ratio_apres=2.2, verdict="non efficace"),
                FlowReading(action="PE4")]
    page = effectiveness_html(readings, {"PE1": ref}, {"PE1": 30})
    assert "<caption" in page and 'scope="row"' in page
    for word in ("✔ efficace", "◐ partiellement efficace", "✖ non efficace", "? non renseigné"):
        assert word in page
    assert "calcul : ✔ efficace" in page and "+10\u202f% (hausse)" in page
    assert effectiveness_html([]).startswith("<p>")
