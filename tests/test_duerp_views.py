"""DUERP views: heat maps and RPS matrix (never colour alone), accessible HTML and the document."""

from __future__ import annotations

import datetime as dt

import pytest

from html_page import Page
from qsecase.case_model import WorkUnit
from qsecase.methods.duerp import DuerpScale, Situation
from qsecase.methods.duerp_update import Change, UpdateInfo, VersionInfo, diff
from qsecase.methods.papripact import PreventionAction
from qsecase.methods.rps import RpsFactor
from qsecase.views.duerp_heatmap import (
    heat_map,
    heat_map_alt,
    heat_maps,
    heat_maps_alt,
    priority_fill,
    priority_style,
    rps_matrix,
    rps_matrix_alt,
)
from qsecase.views.duerp_html import diff_html, duerp_document_html, programme_html, ranked_html, rps_html
from qsecase.views.palette import BLACK, contrast_ratio
from qsecase.views.render import figure_to_html

SCALE = DuerpScale.model_validate({
    "gravite": [{"valeur": i + 1, "libelle": w} for i, w in enumerate(
        ["Faible", "Moyenne", "Grave", "Très grave"])],
    "frequence": [{"valeur": i + 1, "libelle": w} for i, w in enumerate(
        ["Rare", "Occasionnelle", "Fréquente", "Permanente"])],
    "maitrise": [{"valeur": 1, "libelle": "Bonne", "coefficient": 0.5},
                 {"valeur": 2, "libelle": "Moyenne", "coefficient": 0.75},
                 {"valeur": 3, "libelle": "Insuffisante", "coefficient": 1}],
    "seuils": [{"priorite": 1, "libelle": "agir sans délai", "minimum": 9},
               {"priorite": 2, "libelle": "à planifier", "minimum": 4},
               {"priorite": 3, "libelle": "à surveiller", "minimum": 0}],
})
UNITS = [WorkUnit(id="REC", nom="Réception", effectif=6), WorkUnit(id="MAG", nom="Magasin", effectif=14),
         WorkUnit(id="ADM", nom="Administration", effectif=3)]


def situations() -> list[Situation]:
    return [
        Situation(id="REC-01", unite="REC", situation="Déchargement <camions>", famille="activite-physique",
                  mesures=["Transpalette électrique", "Formation gestes et postures"], g=4, f=3, m=3),
        Situation(id="REC-02", unite="REC", situation="Quai en panne", fonctionnement="dégradé",
                  famille="chute-hauteur", g=4, f=3, m=1),
        Situation(id="MAG-01", unite="MAG", situation="Circulation des chariots", famille="circulation",
                  g=2, f=3, m=2),
        Situation(id="ADM-01", unite="ADM", situation="Travail sur écran", famille="ecran", g=1, f=4, m=3),
    ]


FACTORS = [RpsFactor(unite="REC", famille="intensite", frequence=3, gravite=3, constats="pics d'activité"),
           RpsFactor(unite="REC", famille="valeurs", frequence=0)]
ACTIONS = [PreventionAction(id="AP1", mesure="Quai niveleur", risques=["REC-02"], cout=1200)]
VERSIONS = [VersionInfo(numero=3, date=dt.datetime(2025, 3, 14, 16, 45), auteur="B. Durand",
                        motif="annuelle", situations=4, empreinte="c" * 64)]


def texts(ax) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.get_text() for t in ax.texts]


# --- priority styles ----------------------------------------------------------------------------
def test_each_priority_has_its_own_symbol_hatch_and_a_readable_tint() -> None:
    styles = [priority_style(SCALE, p) for p in (1, 2, 3)]
    assert len({s.symbol for s in styles}) == 3 and len({s.hatch for s in styles}) == 3
    assert [s.label for s in styles] == ["P1", "P2", "P3"]
    for p in (1, 2, 3):
        assert contrast_ratio(BLACK, priority_fill(SCALE, p)) >= 4.5


# --- figures ------------------------------------------------------------------------------------
def test_heat_map_cells_show_the_count_and_the_priority() -> None:
    ax = heat_map(situations(), SCALE).axes[0]
    cells = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("cell:")}
    assert len(cells) == 16
    assert cells["cell:4-3"].get_hatch() == "xx" and cells["cell:1-1"].get_hatch() == ""
    shown = texts(ax)
    assert "2\n⚠ P1" in shown  # REC-01 and REC-02 at G 4, F 3 (4 × 3 = 12 ≥ 9)
    assert shown.count("1\n◆ P2") == 2  # MAG-01 at G 2, F 3 and ADM-01 at G 1, F 4
    assert shown.count("0\n○ P3") == 5  # G × F < 4
    assert sum(int(t.split("\n")[0]) for t in shown) == 4


def test_heat_map_puts_the_most_severe_row_at_the_top_with_the_level_labels() -> None:
    ax = heat_map(situations(), SCALE, unite="REC").axes[0]
    assert ax.get_ylim()[1] > ax.get_ylim()[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "4 · Très grave" and labels[0] == "1 · Faible"
    assert "Occasionnelle" in [t.get_text() for t in ax.get_xticklabels()][1]
    assert sum(int(t.split("\n")[0]) for t in texts(ax)) == 2


def test_heat_maps_draw_the_whole_then_one_panel_per_unit() -> None:
    fig = heat_maps(situations(), SCALE, UNITS)
    assert len(fig.axes) == len(UNITS) + 1
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles[0].startswith("Ensemble\n4 situations")
    assert titles[1].startswith("REC — Réception") and titles[1].endswith("2 situations")
    totals = [sum(int(t.split("\n")[0]) for t in texts(ax)) for ax in fig.axes]
    assert totals == [4, 2, 1, 1]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[0] == "⚠ P1 — agir sans délai (G × F ≥ 9)"


def test_rps_matrix_gives_f_times_g_with_its_priority_and_marks_what_was_not_reviewed() -> None:
    ax = rps_matrix(FACTORS, UNITS, SCALE).axes[0]
    cells = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("rps:")}
    assert len(cells) == 3 * 6
    assert cells["rps:MAG:emotions"].get_hatch() == ".." and cells["rps:REC:valeurs"].get_hatch() == ""
    shown = texts(ax)
    assert "F 3 × G 3 = 9\n⚠ P1" in shown and "—\nabsent" in shown
    assert shown.count("?\nnon examiné") == 16


def test_alt_texts_say_what_the_figures_show() -> None:
    alt = heat_map_alt(situations(), SCALE)
    assert "4 situations" in alt and "G 4, F 3 (P1) : 2 situations" in alt
    assert "⚠ P1 — agir sans délai : 2 situations" in alt
    assert "MAG — " not in heat_maps_alt(situations(), SCALE, UNITS)
    assert "Magasin — Cartographie" in heat_maps_alt(situations(), SCALE, UNITS)
    rps = rps_matrix_alt(FACTORS, UNITS, SCALE)
    assert "Intensité et temps de travail : fréquence souvent, gravité forte, ⚠ P1" in rps
    assert "Conflits de valeurs : absent" in rps and "non examiné" in rps
    img = figure_to_html(heat_map(situations(), SCALE), alt, dpi=40)
    assert img.startswith('<img src="data:image/png;base64,') and 'alt="Cartographie' in img


# --- HTML fragments -----------------------------------------------------------------------------
def test_ranked_html_orders_by_priority_and_writes_it_in_words() -> None:
    html = ranked_html(situations(), SCALE)
    page = Page(html)
    assert page.all("caption") and all(th.get("scope") == "col" for th in page.all("th"))
    text = page.joined()
    # résiduelle: REC-01 12 × 1 = 12 (P1); REC-02 12 × 0,5 = 6, MAG-01 6 × 0,75 = 4,5, ADM-01 4 (P2)
    assert text.index("REC-01") < text.index("REC-02") < text.index("MAG-01") < text.index("ADM-01")
    assert "P1 — agir sans délai" in text and "Déchargement <camions>" in text
    assert "<camions>" not in html  # escaped
    assert "4,5" in text
    limited = Page(ranked_html(situations(), SCALE, limit=2)).joined()
    assert "2 premières sur 4" in limited and "ADM-01" not in limited


def test_diff_html_flags_a_change_without_reason() -> None:
    old, new = situations()[:3], situations()
    new[2] = new[2].model_copy(update={"g": 3, "danger": "chariots"})
    changes = diff(old, new, {"ADM-01": "nouvelle unité"})
    html = diff_html(changes)
    text = Page(html).joined()
    assert "+ ajoutée" in text and "↕ recotée" in text and "✎ modifiée" in text
    assert "nouvelle unité" in text and "danger" in text
    assert text.count("⚠ motif à écrire") == 2  # MAG-01 recotée and modifiée
    assert "2 modifications sans motif" in text
    assert Page(diff_html([Change("X", "supprimée", "Ancien quai", "démoli")])).joined().count("⚠") == 0
    assert "Aucune modification" in diff_html([])


def test_programme_title_follows_the_headcount() -> None:
    html = programme_html(ACTIONS, situations(), SCALE, 50)
    big = Page(html).joined()
    small = Page(programme_html(ACTIONS, situations(), SCALE, 49)).joined()
    assert big.startswith("PAPRIPACT") and small.startswith("Liste des actions de prévention")
    assert "Coût total estimé : 1\u202f200 €" in html  # narrow no-break space between thousands
    assert "Situations de priorité 1 sans action : REC-01" in big


def test_rps_html_shows_every_family_and_what_was_not_reviewed() -> None:
    page = Page(rps_html(FACTORS, UNITS))
    assert len(page.all("table")) == len(page.all("caption")) == 2
    text = page.joined()
    assert "F 3 (souvent) × G 3 (forte) = 9" in text
    assert text.count("? non examiné") == 16 and "pics d'activité" in text


# --- the document -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def document() -> str:
    update = UpdateInfo(date=dt.date(2025, 3, 14), auteur="B. Durand", declencheurs=["annuelle", "accident"],
                        participants="CSE")
    return duerp_document_html("Logisud", UNITS, situations(), SCALE, ACTIONS, VERSIONS, FACTORS, update)


def test_document_is_a_standalone_accessible_page(document: str) -> None:
    assert document.startswith("<!doctype html>")
    page = Page(document)
    (html,) = page.all("html")
    assert html["lang"] == "fr"
    assert "".join(page.text).count("DUERP — Logisud — version 3") == 1  # <title>
    assert len(page.all("table")) == len(page.all("caption")) > 5
    assert all(th.get("scope") in ("col", "row") for th in page.all("th"))
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False))


def test_document_prints_one_work_unit_per_page(document: str) -> None:
    assert "@media print" in document and "section.unite" in document and "break-before:page" in document
    page = Page(document)
    sections = [a for a in page.all("section") if a.get("class") == "unite"]
    assert len(sections) == len(UNITS)


def test_document_holds_cover_method_units_synthesis_programme_rps_and_history(document: str) -> None:
    text = Page(document).joined()
    for words in ("Logisud", "Dernière version enregistrée n° 3 du 14/03/2025 16:45", "B. Durand",
                  "Accident du travail", "Méthode et grille de cotation", "0,75",
                  "Unité de travail REC — Réception (6 salariés)", "Synthèse des risques",
                  "Liste des actions de prévention", "Risques psychosociaux", "Historique des versions",
                  "c" * 64):
        assert words in text, words
    assert (text.index("Unité de travail REC") < text.index("Unité de travail MAG")
            < text.rindex("Synthèse des risques"))
    assert "Déchargement <camions>" in text and "<camions>" not in document


def test_document_headcount_can_be_given() -> None:
    html = duerp_document_html("Logisud", UNITS, situations(), SCALE, ACTIONS, VERSIONS, FACTORS,
                               UpdateInfo(), headcount=120)
    text = Page(html).joined()
    assert "PAPRIPACT" in text and "Effectif pris en compte : 120 salariés" in text
    assert "Auteur B. Durand" in text  # no author typed yet: the last recorded version's
