"""The one-page LCA summary: structure, accessibility (headings, figures, tables, contrast) and content."""

from __future__ import annotations

import re

import pytest

from html_page import Page
from qsecase.methods.contrast import TEXT_MIN, contrast_ratio
from qsecase.methods.lca import Contribution, Shift
from qsecase.views.lca_summary import CSS, scenario_gains, summary_html
from test_lca_view import BASE_STAGES, CC, FOSSIL, WATER, baseline, make_method, make_result, variant

HOTSPOTS = {CC: [Contribution("P1", 6.0, 0.6, 0.6), Contribution("distribution", 3.0, 0.3, 0.9),
                 Contribution("P3", 1.0, 0.1, 1.0)],
            FOSSIL: []}
SHIFT = Shift("etape", CC, "distribution", 0.8, 1.8, 1.25,
              "l'étape Distribution et transport passe de 0,8 à 1,8 kg CO₂ éq. (+125 %)")


def summary(**changes: object) -> str:
    args: dict[str, object] = {
        "title": "ACV d'une gourde en aluminium", "functional_unit": "Contenir 1 L d'eau pendant 3 ans",
        "reference_flow": "1 gourde de 150 g", "result": baseline(), "method": make_method(),
        "hotspots_by_category": HOTSPOTS,
        "scenarios": {"S1": ("Aluminium recyclé", variant(0.68, 0.9)), "S2": ("", variant(1.12, 1.0))},
        "shifts": {"S1": [SHIFT]}, "normalised": {CC: 0.00132, FOSSIL: 0.00215},
        "notes": ["Jeu de données « carton-recycle » non vérifié en source primaire."]}
    args.update(changes)
    return summary_html(**args)  # type: ignore[arg-type]


def _declarations(html: str) -> list[str]:
    """Every CSS declaration block: the rules of ``<style>`` and the inline ``style`` attributes."""
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    blocks = re.findall(r"\{([^{}]*)\}", style.group(1) if style else "")
    return blocks + re.findall(r'style="([^"]*)"', html)


def test_summary_is_an_accessible_french_page() -> None:
    html = summary()
    page = Page(html)
    assert page.all("html") == [{"lang": "fr"}]
    assert page.headings.count(1) == 1 and set(page.headings) <= {1, 2, 3}
    assert page.headings[0] == 1 and page.headings[1] == 2  # no level skipped after the title
    figures, images = page.all("figure"), page.all("img")
    assert len(figures) == 2 and len(images) == 2 and len(page.all("figcaption")) == 2
    assert all(img.get("alt") and img["src"].startswith("data:image/png;base64,") for img in images)
    assert "Changement climatique : 10 kg CO₂ éq." in images[0]["alt"]
    assert "S1 — Aluminium recyclé −32" in images[1]["alt"]
    assert len(page.all("caption")) == 2  # results table and scenario table
    assert {a.get("scope") for a in page.all("th")} == {"col", "row"}
    assert "@page{size:A4 portrait" in html and "@media print" in html


def test_summary_content() -> None:
    text = Page(summary()).joined()
    assert "Unité fonctionnelle Contenir 1 L d'eau pendant 3 ans" in text
    assert "Flux de référence 1 gourde de 150 g" in text
    assert "EF 3.1 (extrait) (3 catégories d'impact)" in text
    # hotspots: the three first, the stage by its label, and when 80 % is reached
    assert "Changement climatique : P1 (60 %) ; Distribution et transport (30 %) ; P3 (10 %)" in text
    assert "80 % atteints avec 2 contributeur(s)" in text
    # scenarios: columns named « id — label », or the id alone without label
    assert "▼ −32 % gain" in text and "▲ +12 % hausse" in text
    assert "Catégorie d'impact S1 — Aluminium recyclé S2 Changement climatique (kg CO₂ éq.)" in text
    assert ("⚠ S1 — Aluminium recyclé — transfert : l'étape Distribution et transport passe de 0,8 à 1,8"
            in text)
    # data quality: the caller's notes, the incomplete coverage, the unverified factors
    assert "carton-recycle » non vérifié" in text
    assert "Couverture incomplète — Utilisation des ressources fossiles" in text
    assert "non vérifiés en source primaire : Utilisation des ressources fossiles" in text
    # normalised results with the ISO 14044 caveat
    assert "Changement climatique : 1,32 × 10⁻³ ; Utilisation des ressources fossiles : 2,15 × 10⁻³" in text
    assert "équivalents-habitant" in text
    assert "facultatives selon l'ISO 14044" in text


def test_text_colours_contrast_at_least_4_5() -> None:
    html = summary()
    checked = 0
    for block in _declarations(html):
        colour = re.search(r"(?:^|;)\s*color:\s*(#[0-9A-Fa-f]{3,6})", block)
        if not colour:
            continue
        background = re.search(r"background(?:-color)?:\s*(#[0-9A-Fa-f]{3,6})", block)
        ratio = contrast_ratio(colour.group(1), background.group(1) if background else "#FFFFFF")
        assert ratio >= TEXT_MIN, block
        checked += 1
    assert checked >= 4
    # every text colour of the page sets its background beside it
    assert all("background" in b for b in _declarations(CSS) if re.search(r"(?:^|;)\s*color:", b))


def test_summary_without_scenarios_nor_normalisation() -> None:
    html = summary(scenarios={}, shifts={}, normalised=None, notes=[], hotspots_by_category={})
    page = Page(html)
    text = page.joined()
    assert len(page.all("img")) == 1
    assert "Aucun scénario évalué." in text and "Aucune analyse de contribution." in text
    assert "Résultats normalisés" not in text and "ISO 14044 :" not in text
    assert "Couverture incomplète" in text  # the result's own coverage gaps are still reported


def test_summary_single_category_zero_total() -> None:
    result = make_result({WATER: {}})
    html = summary(result=result, scenarios={"S1": ("Réemploi", make_result({WATER: {}}))}, shifts={},
                   normalised=None, notes=[], hotspots_by_category={}, functional_unit="")
    page = Page(html)
    text = page.joined()
    assert "aucun impact calculé" in page.all("img")[0]["alt"]
    assert "non calculable" in page.all("img")[1]["alt"]
    assert "Unité fonctionnelle à renseigner" in text
    assert "Aucune remarque sur la qualité des données." in text


def test_summary_english_keeps_french_parts_marked() -> None:
    html = summary(lang="en")
    page = Page(html)
    assert page.all("html") == [{"lang": "en"}]
    assert "Goal and scope" in page.joined() and "optional elements under ISO 14044" in page.joined()
    assert sum(1 for d in page.all("div") if d.get("lang") == "fr") == 2
    with pytest.raises(ValueError, match="langue « de » inconnue"):
        summary(lang="de")


def test_scenario_gains_skips_zero_baseline() -> None:
    gains = scenario_gains(baseline(), make_result({CC: {"matieres": 5.0}, FOSSIL: BASE_STAGES[FOSSIL],
                                                    WATER: {"matieres": 1.0}}))
    assert [g.category for g in gains] == [CC, FOSSIL]
    assert gains[0].relative == pytest.approx(-0.5) and gains[0].delta == pytest.approx(-5.0)
    assert gains[1].relative == pytest.approx(0.0)
