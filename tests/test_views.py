"""Tests of the views layer: palette and contrast, fishbone, Pareto chart, HTML rendering."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import io
import itertools
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from qsecase.methods.ishikawa import FAMILY_LABELS, Cause, Ishikawa
from qsecase.methods.pareto import pareto
from qsecase.views.fishbone import (
    EMPTY_TEXT,
    RETAINED_MARK,
    draw_fishbone,
    fishbone_alt_text,
    fishbone_figure,
)
from qsecase.views.palette import (
    BLACK,
    GREY,
    OKABE_ITO,
    STATUS_STYLE,
    WHITE,
    contrast_ratio,
    figure_style,
    fr_number,
    text_colour_on,
    wrap_text,
)
from qsecase.views.pareto_chart import draw_pareto, pareto_alt_text, pareto_figure
from qsecase.views.render import figure_to_html, figure_to_png

SRC = Path(__file__).resolve().parents[1] / "src" / "qsecase"


# --- fixtures ------------------------------------------------------------------------------------
@pytest.fixture
def diagram_5m() -> Ishikawa:
    """A 5M diagram with an empty family (Milieu) and two retained causes."""
    return Ishikawa(
        effet="Réclamations client : alésage Ø20 H7 hors tolérance sur corps CD-40",
        methode="5M",
        causes=[
            Cause(famille="matiere", texte="Brut AlSi9Cu3 avec porosités (fournisseur B)"),
            Cause(famille="materiel", texte="Usure des plaquettes d'alésage non surveillée",
                  retenue=True),
            Cause(famille="materiel", texte="Jeu dans la broche du centre d'usinage n° 3"),
            Cause(famille="methode", texte="Plan de contrôle non mis à jour (indice C)",
                  retenue=True),
            Cause(famille="methode", texte="Fréquence d'autocontrôle : 1 pièce sur 50"),
            Cause(famille="main_oeuvre",
                  texte="Intérimaires de nuit non formés à l'autocontrôle"),
        ],
    )


@pytest.fixture
def diagram_7m_full() -> Ishikawa:
    """The densest supported case: 7 families × 7 causes, texts of two or three lines."""
    families = ["matiere", "materiel", "methode", "main_oeuvre", "milieu", "mesure",
                "management"]
    causes = [
        Cause(famille=fam, texte=f"Cause {i + 1} {fam} : un libellé assez long pour être replié",
              retenue=(i == 2))
        for fam in families for i in range(7)
    ]
    return Ishikawa(effet="Taux de rebut en hausse sur la ligne 2", methode="7M", causes=causes)


@pytest.fixture
def pareto_rows() -> list:
    # a 50, b 30 -> A ; c 8, d 6, e 4 -> B ; f 2 -> C
    return pareto({"Usure outil": 50, "Réglage machine": 30, "Matière": 8,
                   "Manutention": 6, "Mesure": 4, "Documentation absente": 2})


def _flat(text: str) -> str:
    return " ".join(text.split())


def _texts(ax) -> list[Text]:
    """The texts drawn on ``ax`` (arrows are annotations with an empty text: left out)."""
    return [t for t in ax.texts if t.get_text()]


def _extent(text: Text, renderer):
    """Window extent of a text, including its box when it has one."""
    patch = text.get_bbox_patch()
    if patch is not None:
        text.update_bbox_position_size(renderer)
        return patch.get_window_extent(renderer)
    return text.get_window_extent(renderer)


def _assert_no_overlap(texts: list[Text], renderer, what: str) -> None:
    boxes = [(_flat(t.get_text()), _extent(t, renderer)) for t in texts]
    for (ta, a), (tb, b) in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), f"{what}: « {ta} » overlaps « {tb} »"


# --- palette -------------------------------------------------------------------------------------
def test_contrast_black_white_is_21() -> None:
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast_ratio(WHITE, BLACK) == pytest.approx(21.0)


def test_contrast_grey_777_on_white() -> None:
    assert contrast_ratio("#777777", WHITE) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#777777", WHITE) < 4.5  # not rounded: fails AA for body text


def test_contrast_same_colour_is_1() -> None:
    assert contrast_ratio("#0072B2", "#0072b2") == pytest.approx(1.0)


@pytest.mark.parametrize("colour", [*OKABE_ITO, GREY, WHITE])
def test_text_colour_on_palette_is_readable(colour: str) -> None:
    fg = text_colour_on(colour)
    assert fg in (BLACK, WHITE)
    assert contrast_ratio(fg, colour) >= 4.5


def test_status_style_never_colour_alone() -> None:
    assert set(STATUS_STYLE) == {"acquis", "partiellement acquis", "non acquis", "à vérifier"}
    symbols = [s.symbol for s in STATUS_STYLE.values()]
    assert symbols == ["✔", "◐", "✖", "?"]
    for attr in ("colour", "hatch", "label"):
        values = [getattr(s, attr) for s in STATUS_STYLE.values()]
        assert len(set(values)) == len(values), attr
    assert all(s.label for s in STATUS_STYLE.values())
    assert STATUS_STYLE["acquis"].text == "✔ Acquis"


def test_figure_style_sets_readable_defaults() -> None:
    with figure_style():
        rc = matplotlib.rcParams
        assert rc["font.sans-serif"][0] == "DejaVu Sans"
        for key in ("font.size", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
                    "legend.fontsize"):
            assert float(rc[key]) >= 10, key
        assert [c.upper() for c in rc["axes.prop_cycle"].by_key()["color"]] == list(OKABE_ITO)


def test_wrap_and_french_numbers() -> None:
    assert wrap_text("Corps CD-40 hors tolérance", 10) == "Corps\nCD-40 hors\ntolérance"
    assert "14\u00a0mois" in wrap_text("Non étalonné depuis 14\u00a0mois", 10)
    assert fr_number(12.5) == "12,5"
    assert fr_number(1234) == "1\u202f234"


# --- fishbone ------------------------------------------------------------------------------------
def test_fishbone_5m_labels_causes_and_markers(diagram_5m: Ishikawa) -> None:
    fig = fishbone_figure(diagram_5m)
    ax = fig.axes[0]
    texts = _texts(ax)
    labels = [t for t in texts if t.get_text() in FAMILY_LABELS.values()]
    assert sorted(t.get_text() for t in labels) == sorted(
        ["Matière", "Matériel", "Méthode", "Main-d'œuvre", "Milieu"])
    assert all(t.get_fontweight() == "bold" for t in labels)
    flat = {_flat(t.get_text()): t for t in texts}
    for cause in diagram_5m.causes:
        hits = [t for s, t in flat.items() if cause.texte in s]
        assert len(hits) == 1, cause.texte
        text = hits[0]
        if cause.retenue:
            assert RETAINED_MARK in text.get_text()
            assert text.get_fontweight() == "bold"
        else:
            assert RETAINED_MARK not in text.get_text()
            assert text.get_fontweight() == "normal"
    empty = [t for t in texts if t.get_text() == EMPTY_TEXT]
    assert len(empty) == 1  # Milieu
    assert empty[0].get_fontstyle() == "italic"
    effect = [t for t in texts if "alésage Ø20 H7" in _flat(t.get_text())]
    assert len(effect) == 1 and effect[0].get_bbox_patch() is not None
    assert not ax.axison


def test_fishbone_7m_draws_seven_labels(diagram_7m_full: Ishikawa) -> None:
    fig = fishbone_figure(diagram_7m_full)
    labels = [t for t in fig.axes[0].texts if t.get_text() in FAMILY_LABELS.values()]
    assert len(labels) == 7


@pytest.mark.parametrize("which", ["diagram_5m", "diagram_7m_full"])
def test_fishbone_nothing_overlaps(which: str, request: pytest.FixtureRequest) -> None:
    diagram = request.getfixturevalue(which)
    fig = fishbone_figure(diagram)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    labels = [t for t in ax.texts if t.get_text() in FAMILY_LABELS.values()]
    _assert_no_overlap(labels, renderer, "family labels")
    for fam in diagram.by_family():
        bone = [t for t in ax.texts if t.get_gid() == f"cause:{fam}"]
        assert bone, fam
        _assert_no_overlap(bone, renderer, f"causes of {fam}")
    _assert_no_overlap(_texts(ax), renderer, "all texts")
    # Everything stays inside the figure.
    fig_box = fig.bbox
    for t in _texts(ax):
        box = _extent(t, renderer)
        assert box.x0 >= fig_box.x0 - 1 and box.x1 <= fig_box.x1 + 1, t.get_text()
        assert box.y0 >= fig_box.y0 - 1 and box.y1 <= fig_box.y1 + 1, t.get_text()


def test_fishbone_on_a_given_small_axes_scales_down(diagram_7m_full: Ishikawa) -> None:
    fig = Figure(figsize=(8, 5))
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    draw_fishbone(ax, diagram_7m_full)
    canvas.draw()
    assert not ax.axison
    _assert_no_overlap(_texts(ax), canvas.get_renderer(), "all texts (scaled)")


def test_fishbone_never_hides_a_cause_outside_the_method() -> None:
    diagram = Ishikawa(effet="Fuite d'huile", methode="5M", causes=[
        Cause(famille="mesure", texte="Jauge de niveau illisible")])
    fig = fishbone_figure(diagram)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert sum(t in FAMILY_LABELS.values() for t in texts) == 6
    assert "Mesure" in texts and "Jauge de niveau illisible" in texts


def test_fishbone_without_highlight(diagram_5m: Ishikawa) -> None:
    fig = Figure()
    ax = fig.add_subplot()
    draw_fishbone(ax, diagram_5m, highlight_retained=False)
    assert not any(RETAINED_MARK in t.get_text() for t in ax.texts)


def test_fishbone_alt_text_mentions_everything(diagram_5m: Ishikawa) -> None:
    alt = fishbone_alt_text(diagram_5m)
    assert alt.startswith("Diagramme d'Ishikawa")
    assert "effet : Réclamations client" in alt
    for cause in diagram_5m.causes:
        assert cause.texte in alt
    assert "Matériel : 2 causes" in alt
    assert "Matière : 1 cause (" in alt
    assert "Milieu : aucune cause" in alt
    assert "Causes retenues : Usure des plaquettes" in alt


def test_fishbone_figure_does_not_touch_pyplot(diagram_5m: Ishikawa) -> None:
    before = plt.get_fignums()
    fig = fishbone_figure(diagram_5m)
    assert isinstance(fig, Figure)
    assert plt.get_fignums() == before
    width, height = fig.get_size_inches()
    assert 6 < width < 30 and 3 < height < 20


# --- Pareto --------------------------------------------------------------------------------------
def _cumulative_line(fig: Figure):
    lines = [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_gid() == "cumul"]
    assert len(lines) == 1
    return lines[0]


def test_pareto_bars_decreasing_and_cumulative_to_100(pareto_rows: list) -> None:
    fig = pareto_figure(pareto_rows, value_label="Nombre de défauts", title="Défauts")
    ax = fig.axes[0]
    bars = ax.containers[0]
    heights = [p.get_height() for p in bars.patches]
    assert len(heights) == len(pareto_rows)
    assert heights == sorted(heights, reverse=True)
    assert heights == [r.value for r in pareto_rows]
    line = _cumulative_line(fig)
    assert line.get_ydata()[-1] == pytest.approx(100.0)
    assert line.get_marker() == "o"
    twin = line.axes
    assert twin.get_ylim()[0] == 0 and twin.get_ylim()[1] >= 100
    assert twin.yaxis.get_major_formatter()(80, 0).replace("\u202f", " ") == "80 %"
    # 80 % reference, dashed and labelled.
    ref = [ln for ln in twin.get_lines() if ln.get_gid() == "seuil80"]
    assert len(ref) == 1 and ref[0].get_linestyle() == "--"
    assert ref[0].get_ydata()[0] == pytest.approx(80)
    assert any(_flat(t.get_text()).replace("\u202f", " ") == "80 %" for t in twin.texts)
    # Value labels and a legend naming every class.
    values = [_flat(t.get_text()) for t in ax.texts]
    for row in pareto_rows:
        assert fr_number(row.value) in values
    legend = twin.get_legend()
    names = " | ".join(t.get_text() for t in legend.get_texts())
    for cls in ("Classe A", "Classe B", "Classe C"):
        assert cls in names
    # Classes differ by hatch, not only by colour.
    hatches = {p.get_gid(): p.get_hatch() or "" for p in bars.patches}
    assert len(set(hatches.values())) == 3


def test_pareto_resorts_unsorted_rows(pareto_rows: list) -> None:
    fig = Figure()
    ax = fig.add_subplot()
    draw_pareto(ax, list(reversed(pareto_rows)))
    heights = [p.get_height() for p in ax.containers[0].patches]
    assert heights == sorted(heights, reverse=True)


def test_pareto_long_labels_are_wrapped_or_rotated() -> None:
    rows = pareto({f"Catégorie de défaut numéro {i} au libellé long": 10 - i for i in range(9)})
    fig = pareto_figure(rows)
    fig.canvas.draw()
    labels = fig.axes[0].get_xticklabels()
    assert len(labels) == 9
    assert all(lbl.get_rotation() != 0 or "\n" in lbl.get_text() for lbl in labels)


def test_pareto_empty_rows() -> None:
    fig = Figure()
    ax = fig.add_subplot()
    draw_pareto(ax, [])
    assert any("aucune donnée" in t.get_text() for t in ax.texts)
    assert "aucune donnée" in pareto_alt_text([])


def test_pareto_alt_text_mentions_every_category(pareto_rows: list) -> None:
    alt = pareto_alt_text(pareto_rows, "Nombre de défauts")
    assert alt.startswith("Diagramme de Pareto — Nombre de défauts")
    for row in pareto_rows:
        assert row.category in alt
    assert "classe A" in alt and "classe C" in alt


def test_pareto_classes_survive_greyscale(pareto_rows: list) -> None:
    fig = pareto_figure(pareto_rows)
    png = figure_to_png(fig, dpi=fig.dpi)
    fig.canvas.draw()  # same dpi: window extents match PNG pixels
    grey = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float)
    height = grey.shape[0]
    patches = fig.axes[0].containers[0].patches
    assert [r.abc for r in pareto_rows][1:3] == ["A", "B"]

    def inside(patch) -> np.ndarray:
        box = patch.get_window_extent()
        x0, x1 = round(box.x0) + 4, round(box.x1) - 4
        y0, y1 = height - round(box.y1) + 4, height - round(box.y0) - 4
        assert x1 > x0 and y1 > y0
        return grey[y0:y1, x0:x1]

    bar_a, bar_b = inside(patches[1]), inside(patches[2])
    # Class A is a flat fill, class B carries a visible hatch even without colour.
    assert bar_a.std() < 3
    assert bar_b.std() > 15
    assert not np.allclose(np.sort(bar_a.ravel())[: 50], np.sort(bar_b.ravel())[: 50], atol=20)


# --- rendering -----------------------------------------------------------------------------------
def test_figure_to_png_and_html(diagram_5m: Ishikawa) -> None:
    fig = fishbone_figure(diagram_5m)
    png = figure_to_png(fig)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    html_tag = figure_to_html(fig, alt='Effet « A & B » "cité" <x>')
    assert html_tag.startswith("<img ")
    assert 'src="data:image/png;base64,' in html_tag
    assert 'alt="' in html_tag
    assert "&amp;" in html_tag and "&quot;cité&quot;" in html_tag and "&lt;x&gt;" in html_tag


# --- architecture --------------------------------------------------------------------------------
def test_methods_do_not_import_views_or_matplotlib() -> None:
    for path in (SRC / "methods").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "qsecase.views" not in source, path.name
        assert "matplotlib" not in source, path.name


def test_balanced_wrapping_never_cuts_a_word_that_fits():
    from qsecase.views.palette import wrap_text

    assert wrap_text("Piloter l'entreprise", 12) == "Piloter\nl'entreprise"
