"""RSE views: the actions × ODD grid (figure and text alternative) and the policy coverage table."""

from __future__ import annotations

import re

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from qsecase.methods.rse import RseAction
from qsecase.rse_data import odd_titles
from qsecase.views.render import figure_to_html
from qsecase.views.rse_view import (
    COVERED,
    NOT_COVERED,
    coverage_table_html,
    odd_matrix_alt,
    odd_matrix_figure,
)

ACTIONS = [
    RseAction(id="R1", libelle="Réduire les chutes de tôle", objectifs=["RSE1"], odd=[12, 13]),
    RseAction(id="R2", libelle="Former à l'écoconduite", objectifs=["rse 2"], odd=[3, 13, 21]),
]
POLICY = {"RSE1": "Réduire les déchets de 20 %", "RSE2": "Décarboner les transports",
          "RSE3": "Favoriser l'égalité <professionnelle>"}


def markers(fig: Figure) -> list[str]:
    return sorted(str(line.get_gid()) for line in fig.axes[0].lines
                  if isinstance(line, Line2D) and str(line.get_gid()).startswith("odd:"))


def test_the_grid_marks_each_contribution_with_a_symbol() -> None:
    fig = odd_matrix_figure(ACTIONS, odd_titles())
    assert isinstance(fig, Figure)
    assert markers(fig) == ["odd:R1:12", "odd:R1:13", "odd:R2:13", "odd:R2:3"]  # ODD 21 not drawn
    ax = fig.axes[0]
    assert all(line.get_marker() == "o" and line.get_markeredgecolor() == "#000000"
               for line in ax.lines if str(line.get_gid()).startswith("odd:"))
    assert "3 ODD sur 17 soutenus" in ax.get_title(loc="left").replace("\n", " ")
    counts = [t.get_text() for t in ax.texts]
    assert counts.count("2") == 1 and counts.count("1") == 2 and counts.count("–") == 14
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "1 · Pas de pauvreté" and len(ticks) == 17
    assert fig.legends and "contribue" in fig.legends[0].get_texts()[0].get_text()
    assert figure_to_html(fig, odd_matrix_alt(ACTIONS, odd_titles())).startswith("<img")


def test_the_grid_builds_without_actions_or_titles() -> None:
    fig = odd_matrix_figure([], {})
    assert markers(fig) == []
    assert any("Aucune action RSE saisie" in t.get_text() for t in fig.axes[0].texts)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()][:2] == ["1", "2"]


def test_the_alt_text_gives_the_counts_and_each_action() -> None:
    alt = odd_matrix_alt(ACTIONS, odd_titles())
    assert "2 actions, 3 ODD sur 17 soutenus" in alt
    assert "ODD 13 (Mesures relatives à la lutte contre les changements climatiques) : 2 actions " \
           "(R1, R2)" in alt
    assert "ODD 3 (Bonne santé et bien-être) : 1 action (R2)" in alt
    assert "ODD sans action : 1, 2, 4," in alt
    assert "R1 (Réduire les chutes de tôle) : ODD 12, ODD 13." in alt
    assert "0 action, 0 ODD sur 17 soutenus" in odd_matrix_alt([], {})


def test_coverage_table_is_accessible_and_says_the_words() -> None:
    page = coverage_table_html(ACTIONS, POLICY)
    assert "<caption" in page and "Objectifs de la politique RSE" in page
    assert page.count('scope="col"') == 4 and page.count('scope="row"') == 3
    rows = re.findall(r"<tr>(.*?)</tr>", page)[1:]
    assert COVERED in rows[0] and "R1 — Réduire les chutes de tôle" in rows[0]
    assert COVERED in rows[1] and "R2 — Former à l&#x27;écoconduite" in rows[1]
    assert NOT_COVERED in rows[2] and "—" in rows[2]
    assert "&lt;professionnelle&gt;" in page  # case text is escaped
    assert "2 objectifs sur 3 couverts" in page
    assert COVERED == "✔ couvert" and NOT_COVERED == "✖ non couvert"


def test_coverage_table_of_an_empty_policy() -> None:
    page = coverage_table_html(ACTIONS, {})
    assert "<caption" in page and "aucun objectif" in page and COVERED not in page
