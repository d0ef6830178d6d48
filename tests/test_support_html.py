"""Communication support as a standalone accessible HTML page, and its review table (5-4)."""

from __future__ import annotations

import re

import pytest

from html_page import Page
from qsecase.methods.communication import Charter, ColourUse, Image, Support, support_report
from qsecase.views.support_html import STATUS_TEXT, support_html, support_report_html

CHARTER = Charter(couleurs={"bleu": "#1F4E79"}, polices=["Verdana", "Arial"], taille_min_pt=12,
                  logo="corpus/logo.png", logo_alt="Logo de Mécaprec")
SVG = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect/></svg>'


def support(kind: str = "affiche", **kw) -> Support:
    kw.setdefault("titre", "Protégez vos yeux")
    kw.setdefault("messages_cles", ["Portez vos lunettes", "Signalez les lunettes abîmées"])
    kw.setdefault("texte", "Un copeau peut blesser un œil. Portez vos lunettes à la presse.")
    kw.setdefault("appel_action", "Mettez vos lunettes avant d'entrer.")
    kw.setdefault("couleurs", [
        ColourUse(element="titre", texte="#FFFFFF", fond="#1F4E79", taille_pt=40, gras=True),
        ColourUse(element="corps", texte="#000000", fond="#FFFFFF", taille_pt=16),
    ])
    kw.setdefault("images", [Image(fichier="lunettes.png", alt="Opérateur portant des lunettes"),
                             Image(fichier="frise.png", decorative=True)])
    return Support(type=kind, **kw)


def page(s: Support, logo: str = "") -> tuple[str, Page]:
    text = support_html(s, CHARTER, "Mécaprec", logo)
    return text, Page(text)


@pytest.mark.parametrize("kind", ["affiche", "newsletter", "diaporama"])
def test_standalone_accessible_page(kind: str) -> None:
    text, p = page(support(kind))
    assert text.startswith("<!doctype html>")
    assert p.all("html")[0]["lang"] == "fr"
    assert len(p.all("title")) == 1 and "Protégez vos yeux — Mécaprec" in p.joined()
    assert p.headings[0] == 1 and p.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(p.headings, p.headings[1:], strict=False))  # no skipped level
    assert p.all("main")
    images = {a["src"]: a["alt"] for a in p.all("img")}
    assert images["corpus/logo.png"] == "Logo de Mécaprec"
    assert images["lunettes.png"] == "Opérateur portant des lunettes"
    assert images["frise.png"] == ""  # decorative
    joined = p.joined()
    assert "Portez vos lunettes" in joined and "Mettez vos lunettes avant d'entrer." in joined
    assert "À retenir" in joined
    assert '"Verdana", "Arial", sans-serif' in text
    assert "#1F4E79" in text and "font-size:40pt" in text


def test_layouts_by_kind() -> None:
    poster, _ = page(support("affiche"))
    assert "size:A4 portrait" in poster and "column-count" not in poster
    letter, lp = page(support("newsletter"))
    assert re.search(r"@media screen[^{]*\{\.colonnes\{column-count:2", letter)
    assert re.search(r"@media print\{\.colonnes\{column-count:1\}", letter)
    assert any(a.get("class") == "colonnes" for a in lp.all("div"))
    slides, _ = page(support("diaporama"))
    assert "size:A4 landscape" in slides and "break-after:page" in slides


def test_slides_are_sections() -> None:
    outline = ("Pourquoi en parler aujourd'hui.\n\n## Les risques\n- Copeaux\n- Projections\n"
               "### Chiffres\nTrois accidents.\n\n## Les bons gestes\n1. Régler\n2. Porter")
    text, p = page(support("diaporama", texte=outline))
    sections = [a for a in p.all("section") if "diapo" in (a.get("class") or "")]
    assert len(sections) == 4  # title slide, two slides, summary slide
    assert all(a.get("aria-labelledby") for a in sections)
    assert re.search(r'<h2 id="diapo-1">Les risques</h2>', text)
    assert re.search(r'<h2 id="diapo-2">Les bons gestes</h2>', text)
    assert "<h3>Chiffres</h3>" in text
    assert "Pourquoi en parler aujourd&#x27;hui." in text or "Pourquoi en parler aujourd'hui." in text


def test_inline_svg_logo_has_the_alt() -> None:
    text, p = page(support(), SVG)
    assert "<?xml" not in text
    logo = [a for a in p.all("div") if a.get("class") == "logo"]
    assert logo and logo[0]["role"] == "img" and logo[0]["aria-label"] == "Logo de Mécaprec"
    assert "logo.png" not in text
    assert "<svg" in text


def test_no_logo_when_support_leaves_it_out() -> None:
    text, _ = page(support(logo=False), SVG)
    assert "<svg" not in text and "Logo de Mécaprec" not in text


def test_text_is_escaped_and_headings_normalised() -> None:
    text, p = page(support("newsletter", titre="<script>alert(1)</script>",
                           texte="# Rubrique\nTexte <b>gras</b>.\n\n## Sous-rubrique\nSuite."))
    assert "<script>" not in text
    assert "&lt;b&gt;" in text
    assert p.headings == [1, 2, 2, 3]  # title, « À retenir », then the text's headings from h2


def test_declared_font_kept_when_in_charter() -> None:
    text, _ = page(support(police="Arial"))
    assert 'font-family:"Arial", "Verdana", sans-serif' in text
    text, _ = page(support(police="Comic Sans MS"))
    assert 'font-family:"Verdana", "Arial", sans-serif' in text


def test_report_table_has_text_statuses() -> None:
    s = support(couleurs=[ColourUse(element="corps", texte="#777777", fond="#FFFFFF")],
                images=[Image(fichier="a.png")], adaptations="")
    report = support_report(s, CHARTER)
    text = support_report_html(report)
    p = Page(text)
    assert p.all("table") and p.all("caption")
    assert [a.get("scope") for a in p.all("th")][:4] == ["col"] * 4
    joined = p.joined()
    for label in ("Critère", "Valeur mesurée", "Cible", "Statut"):
        assert label in joined
    assert "✖ non conforme" in joined and "⚠ à améliorer" in joined and "✔ conforme" in joined
    assert "4,48:1" in joined and "4,5:1" in joined
    body = text.split("<tbody>")[1].split("</tbody>")[0]
    statuses = re.findall(r"<td[^>]*>([^<]*)</td></tr>", body)
    assert len(statuses) == len(report.criteres) == len(p.all("tr")) - 1
    # every status is a symbol and a word; no colour carries meaning alone
    assert set(statuses) == set(STATUS_TEXT.values())
    assert "background" not in body and "color" not in body
    assert "Bilan : ✔" in joined and "✖ 2 non conformes" in joined
    assert set(STATUS_TEXT) == {"conforme", "non conforme", "à améliorer"}
