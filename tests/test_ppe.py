"""PPE field check: summary, issues against the declared gaps, and the station × PPE matrix."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import datetime as dt

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from qsecase.methods.ppe import (
    PpeGap,
    PpeObservation,
    PpeRequirement,
    PpeSummary,
    ppe_issues,
    ppe_summary,
)
from qsecase.views.palette import contrast_ratio, text_colour_on
from qsecase.views.ppe_view import (
    NOT_OBSERVED,
    NOT_REQUIRED,
    draw_ppe_matrix,
    ppe_alt_text,
    ppe_figure,
    rate_colour,
    rate_symbol,
)
from qsecase.views.render import figure_to_png

D = dt.date
SHOES, VEST, GLOVES, HARNESS = ("Chaussures de sécurité", "Gilet haute visibilité",
                                "Gants de manutention", "Harnais antichute")


def observations(poste: str, epi: str, worn: int, not_worn: list[dt.date]) -> list[PpeObservation]:
    out = [PpeObservation(id=f"{poste}-{epi}-p{n}", date=D(2025, 2, 3), poste=poste, epi=epi,
                          porte=True) for n in range(worn)]
    out += [PpeObservation(id=f"{poste}-{epi}-n{n}", date=day, poste=poste, epi=epi, porte=False,
                           visite="inopinée") for n, day in enumerate(not_worn)]
    return out


@pytest.fixture
def summary() -> PpeSummary:
    requirements = [PpeRequirement(poste="Cariste", epi=SHOES), PpeRequirement(poste="Cariste", epi=VEST),
                    PpeRequirement(poste="Préparateur de commandes", epi=SHOES),
                    PpeRequirement(poste="Préparateur de commandes", epi=GLOVES),
                    PpeRequirement(poste="Technicien de maintenance", epi=HARNESS),
                    PpeRequirement(poste="Cariste", epi=SHOES)]  # listed twice: counted once
    obs = (observations("Cariste", SHOES, 4, [])
           + observations("cariste ", "gilet  haute visibilité", 3, [D(2025, 2, 5)])
           + observations("Préparateur de commandes", SHOES, 2, [])
           + observations("Préparateur de commandes", GLOVES, 1, [D(2025, 2, 4), D(2025, 2, 11)])
           + observations("Cariste", "Casque", 0, [D(2025, 2, 6)])
           + observations("Agent de quai", SHOES, 1, []))
    return ppe_summary(requirements, obs)


# --- summary --------------------------------------------------------------------------------------
def test_rates_overall_and_per_station(summary):
    assert summary.postes == ["Cariste", "Préparateur de commandes", "Technicien de maintenance"]
    assert summary.epis == [SHOES, VEST, GLOVES, HARNESS]
    assert summary.n_observations == 13
    assert summary.taux_global == pytest.approx(100 * 10 / 13)
    assert summary.taux_par_poste["Cariste"] == pytest.approx(87.5)
    assert summary.taux_par_poste["Préparateur de commandes"] == pytest.approx(60.0)
    assert summary.taux_par_poste["Technicien de maintenance"] is None


def test_cells_count_observations_and_non_worn_with_names_matched_loosely(summary):
    vest = summary.cells[("Cariste", VEST)]
    assert (vest.n_observations, vest.n_non_porte, vest.n_porte) == (4, 1, 3)
    assert vest.taux == pytest.approx(75.0) and vest.derniere_non_porte == D(2025, 2, 5)
    assert summary.cell("CARISTE", "gilet haute visibilité") is vest
    assert summary.cell("Cariste", GLOVES) is None  # not required there
    assert summary.cells[("Technicien de maintenance", HARNESS)].taux is None


def test_gaps_never_observed_and_out_of_rule_observations(summary):
    assert [(g.poste, g.epi, g.n_non_porte, g.derniere_date) for g in summary.gaps] == [
        ("Préparateur de commandes", GLOVES, 2, D(2025, 2, 11)),
        ("Cariste", VEST, 1, D(2025, 2, 5))]
    assert summary.never_observed == ["Technicien de maintenance"]
    assert sorted((o.poste, o.epi) for o in summary.hors_regle) == [
        ("Agent de quai", SHOES), ("Cariste", "Casque")]


def test_empty_inputs_give_no_rate():
    empty = ppe_summary([], [])
    assert empty.taux_global is None and empty.postes == [] and empty.gaps == []


# --- issues ---------------------------------------------------------------------------------------
def test_declared_gaps_matching_the_observations_raise_nothing(summary):
    declared = [PpeGap(poste="Préparateur de commandes", epi=GLOVES),
                PpeGap(poste="Cariste", epi="Gilet haute visibilité")]
    assert ppe_issues(declared, summary) == []


def test_ppe_issues_name_each_mismatch(summary):
    declared = [PpeGap(poste="Préparateur de commandes", epi=GLOVES),
                PpeGap(poste="Préparateur de commandes", epi=GLOVES),
                PpeGap(poste="Cariste", epi=SHOES),
                PpeGap(poste="Cariste", epi="Casque"),
                PpeGap(poste="Technicien de maintenance", epi=HARNESS)]
    issues = ppe_issues(declared, summary)
    levels = {(i.level, i.message.split(" :")[0]) for i in issues}
    assert ("attention", "Écart « Gants de manutention » au poste « Préparateur de commandes » "
                         "déclaré deux fois.") in {(i.level, i.message) for i in issues}
    assert any(i.level == "erreur" and "non constaté" in i.message and SHOES in i.message
               and "4 observations" in i.message for i in issues)
    assert any(i.level == "attention" and "Casque" in i.message and "pas exigé" in i.message
               for i in issues)
    assert any(i.level == "attention" and HARNESS in i.message and "jamais observé" in i.message
               for i in issues)
    assert any(i.level == "erreur" and i.message.startswith("Écart constaté non déclaré")
               and VEST in i.message and "05/02/2025" in i.message for i in issues)
    assert len(issues) == 5, levels


# --- matrix ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("rate", "symbol"), [(100, "✔"), (95, "✔"), (94.9, "⚠"), (80, "⚠"),
                                               (79.9, "✖"), (0, "✖")])
def test_rate_symbol_thresholds(rate, symbol):
    assert rate_symbol(rate) == symbol


def test_cell_text_contrasts_with_its_fill_at_every_rate():
    for rate in range(0, 101):
        fill = rate_colour(rate)
        assert contrast_ratio(text_colour_on(fill), fill) >= 4.5, rate


def _draw(summary: PpeSummary) -> tuple[Figure, list[str]]:
    fig = Figure(figsize=(10, 5))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    draw_ppe_matrix(ax, summary)
    fig.canvas.draw()
    return fig, [t.get_text() for t in ax.texts]


def test_matrix_draws_every_cell_with_text_not_colour_alone(summary):
    fig, texts = _draw(summary)
    ax = fig.axes[0]
    cells = [p for p in ax.patches if isinstance(p, Rectangle) and
             (p.get_gid() or "").startswith("cellule:")]
    assert len(cells) == 3 * 4
    for patch in cells:
        x, y = patch.get_x(), patch.get_y()
        inside = [t.get_text() for t in ax.texts
                  if x < t.get_position()[0] < x + 1 and y < t.get_position()[1] < y + 1]
        assert inside and all(s.strip() for s in inside), patch.get_gid()
    assert "✔ 100\u202f%" in texts and "✖ 75\u202f%" in texts and "3/4 portés" in texts
    assert texts.count(NOT_OBSERVED) == 1 and texts.count(NOT_REQUIRED) == 7
    assert "Technicien de\nmaintenance" in texts or "Technicien de maintenance" in texts
    assert "jamais observé" in texts
    assert [" ".join(t.get_text().split()) for t in ax.get_xticklabels()] == summary.epis
    assert "taux global 76,9\u202f%" in ax.get_title(loc="left")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:3] == ["✔ ≥ 95\u202f%", "⚠ 80 à 95\u202f%", "✖ < 80\u202f%"]


def test_figure_renders_headless_and_alt_text_describes_it(summary):
    fig = ppe_figure(summary)
    assert isinstance(fig, Figure)
    png = figure_to_png(fig)
    assert png.startswith(b"\x89PNG")
    alt = ppe_alt_text(summary)
    assert "3 postes × 4 EPI" in alt and "13 observations" in alt
    assert "Technicien de maintenance : jamais observé" in alt
    assert "Gants de manutention non porté 2 fois au poste Préparateur de commandes" in alt
    assert "2 observation(s) d'EPI non exigés ignorée(s)" in alt


def test_empty_matrix_says_so():
    _fig, texts = _draw(ppe_summary([], []))
    assert "(aucun EPI requis)" in texts
    assert ppe_alt_text(ppe_summary([], [])) == "Matrice de port des EPI : aucun EPI requis."
