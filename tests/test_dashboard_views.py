"""Dashboard views: the indicator chart and the small multiples (texts for every line, signal and gap;
status words in the titles), the accessible HTML, the printable page and the workbook read back."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from matplotlib.axes import Axes
from openpyxl import load_workbook

from html_page import Page
from qsecase.methods.control_chart import control_chart, control_signals
from qsecase.methods.dashboard import Indicator, Reminder
from qsecase.views.dashboard_chart import (
    SIGNAL_MARKERS,
    by_indicator,
    dashboard_alt,
    dashboard_figure,
    indicator_alt,
    indicator_chart,
    series_of,
    value_text,
)
from qsecase.views.dashboard_html import (
    MISSING_CELL,
    SHEETS,
    charts_and_signals,
    dashboard_document_html,
    dashboard_html,
    dashboard_workbook,
    missing_data,
    trend_text,
)

PERIODS = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 9)]
TODAY = dt.date(2026, 9, 15)
# non-conformities: stable for a year, a gap in February 2026, then a rise out of control
NC = [2.1, 2.3, 1.9, 2.0, 2.2, 2.1, 1.8, 2.0, 2.2, 2.1, 1.9, 2.0, 2.1, None, 2.3, 2.6, 2.8, 3.0, 3.3, 5.5]
CLAIMS = [12, 10, 11, 13, 12, 11, 10, 12, 13, 11, 12, 10, 9, 11, 12, 10, None, 11, 12, 9]
SORTING = [80, 82, 81, 83, 84, 85, 86, 84, 85, 87, 86, 88, 89, 90, 90, 91, 92, 90, 93, 94]
DATA = {"taux_nc": dict(zip(PERIODS, NC, strict=True)),
        "reclamations": dict(zip(PERIODS, CLAIMS, strict=True)),
        "I3": dict(zip(PERIODS, SORTING, strict=True))}
INDICATORS = [
    Indicator(id="I1", nom="Taux de non-conformités en sortie de ligne", unite="%", colonne="taux_nc",
              objectif=2.5, seuil_alerte=3.5, sens="baisse", source="Production", responsable="R. Qualité",
              definition="Produits non conformes / produits contrôlés"),
    Indicator(id="I2", nom="Réclamations clients", unite="réclamations", colonne="reclamations", objectif=10,
              seuil_alerte=14, sens="baisse", source="Service client"),
    Indicator(id="I3", nom="Taux de tri des déchets", unite="%", objectif=75, seuil_alerte=60, sens="hausse",
              source="Services généraux"),
]


def texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


def nc_chart() -> tuple[list[float | None], object, list]:
    values = series_of(INDICATORS[0], DATA, PERIODS)
    chart = control_chart(values, 12)
    return values, chart, control_signals(values, chart)


def test_series_follow_the_column_else_the_id() -> None:
    assert series_of(INDICATORS[0], DATA, PERIODS) == NC
    assert series_of(INDICATORS[2], DATA, PERIODS)[-1] == 94
    unknown = Indicator(id="I9", nom="Sans données")
    assert series_of(unknown, DATA, PERIODS) == [None] * len(PERIODS)
    assert series_of(INDICATORS[0], {"taux_nc": {"2025-01": float("nan")}}, PERIODS[:1]) == [None]
    assert value_text(2.5, "%") == "2,5\u202f%" and value_text(12, "réclamations") == "12 réclamations"
    keyed = {"I1": "par id", "taux_nc": "par colonne", "reclamations": "colonne de I2"}
    assert by_indicator(keyed, INDICATORS[0]) == "par id"
    assert by_indicator(keyed, INDICATORS[1]) == "colonne de I2"
    assert by_indicator(None, INDICATORS[2], ()) == ()


def test_indicator_chart_names_every_line_signal_and_gap() -> None:
    values, chart, signals = nc_chart()
    assert {s.rule for s in signals} >= {"WE1", "N3"}
    fig = indicator_chart(INDICATORS[0], PERIODS, values, chart=chart, signals=signals)
    ax = fig.axes[0]
    found = texts(ax)
    assert "Objectif : 2,5\u202f%" in found and "Seuil d'alerte : 3,5\u202f%" in found
    assert any(t.startswith("LSC : ") for t in found) and any(t.startswith("LC : ") for t in found)
    assert any(t.startswith("LIC : ") for t in found)
    assert found.count("? donnée manquante") == 1  # February 2026
    assert "WE1" in found and "Tendance" in found
    styles = {line.get_linestyle() for line in ax.lines}
    assert {"-", ":", "--"} <= styles  # objective, threshold, control limits: not colour alone
    shapes = {line.get_marker() for line in ax.lines if line.get_markerfacecolor() == "none"}
    assert {SIGNAL_MARKERS["WE1"], SIGNAL_MARKERS["N3"]} <= shapes
    assert "✖ alerte" in ax.get_title(loc="left") and "août 2026" in ax.get_title(loc="left")
    legend = [t.get_text().replace("\u00a0", " ") for t in fig.legends[0].get_texts()]
    assert any(t.startswith("Tendance : 6 points") for t in legend)


def test_indicator_chart_without_control_chart_or_objective() -> None:
    plain = Indicator(id="I4", nom="Heures de formation", unite="h")
    fig = indicator_chart(plain, PERIODS[:3], [4.0, None, 5.0])
    ax = fig.axes[0]
    assert texts(ax) == ["? donnée manquante"]
    assert "– sans objectif" in ax.get_title(loc="left")
    empty = indicator_chart(plain, PERIODS[:2], [None, None]).axes[0]
    assert "? aucune donnée" in empty.get_title(loc="left")


def test_quarterly_indicator_has_no_gap_between_quarters() -> None:
    quarterly = Indicator(id="I5", nom="Audits internes réalisés", frequence="trimestrielle", objectif=3)
    values = [None, None, 3.0, None, None, 2.0, None, None, None]
    ax = indicator_chart(quarterly, PERIODS[:9], values).axes[0]
    assert texts(ax).count("? donnée manquante") == 1  # September only
    data = {"I5": dict(zip(PERIODS[:9], values, strict=True))}
    assert [p for _, p in missing_data([quarterly], PERIODS[:9], data)] == ["2025-09"]


def test_dashboard_figure_has_a_panel_per_indicator_with_its_status() -> None:
    charts, signals = charts_and_signals(INDICATORS, PERIODS, DATA, baseline=12)
    fig = dashboard_figure(INDICATORS, PERIODS, DATA, charts, signals)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert len(titles) == 3
    assert "✖ alerte" in titles[0] and "✔ atteint" in titles[1] and "✔ atteint" in titles[2]
    assert all(re.search(r"I\d — ", t) for t in titles)
    assert "? donnée manquante" in texts(fig.axes[1])
    assert fig.get_suptitle().startswith("Tableau de bord QSE")


def test_alt_texts_say_what_the_figures_show() -> None:
    values, chart, signals = nc_chart()
    alt = indicator_alt(INDICATORS[0], PERIODS, values, chart=chart, signals=signals)
    assert "Donnée manquante : févr. 2026" in alt and "objectif 2,5" in alt.lower()
    assert "statut alerte" in alt and "WE1" in alt and "Tendance : 6 points" in alt
    assert "limite supérieure" in alt
    whole = dashboard_alt(INDICATORS, PERIODS, DATA)
    assert whole.startswith("Tableau de bord QSE : 3 graphiques") and "Réclamations clients" in whole


def test_trend_words() -> None:
    assert trend_text(INDICATORS[0], NC) == "↗ en hausse (défavorable)"
    assert trend_text(INDICATORS[2], SORTING) == "↗ en hausse (favorable)"
    assert trend_text(INDICATORS[1], [10, 10, 10.1, 10]) == "→ stable"
    assert trend_text(INDICATORS[1], [10, None]) == "? trop peu de données"


def test_dashboard_html_is_an_accessible_table() -> None:
    reminders = [Reminder(service="Production", indicateur="I1", periode="2026-02",
                          date=dt.date(2026, 3, 12))]
    html = dashboard_html(INDICATORS, PERIODS, DATA, TODAY, reminders=reminders)
    page = Page(html)
    assert len(page.all("table")) == len(page.all("caption")) == 2
    assert all(th.get("scope") in ("col", "row") for th in page.all("th"))
    text = page.joined()
    assert "Tableau de bord QSE au 15/09/2026 : 3 indicateurs" in text
    for words in ("alerte", "atteint", "en hausse (défavorable)", "Données manquantes et relances"):
        assert words in text
    assert "5,5 % (août 2026)" in text.replace("\u202f", " ")
    assert "WE1" in text and "Tendance défavorable (3 dégradations de suite) en juin 2026" in text
    assert "relancé le 12/03/2026 (Production)" in text and "à relancer" in text  # May 2026 claims
    assert '<span aria-hidden="true">✖</span> alerte' in html


def test_dashboard_html_signals_given_or_none() -> None:
    quiet = dashboard_html(INDICATORS[1:2], PERIODS, DATA, TODAY, signals={})
    assert "aucun signal" in Page(quiet).joined()
    assert Page(dashboard_html([], PERIODS, DATA, TODAY)).joined() == "Aucun indicateur défini."


def test_dashboard_document_is_a_standalone_page() -> None:
    html = dashboard_document_html("Tableau de bord <QSE>", INDICATORS, PERIODS, DATA, TODAY)
    assert html.startswith("<!doctype html>") and '<html lang="fr">' in html and "@media print" in html
    page = Page(html)
    assert "Tableau de bord &lt;QSE&gt;" in html and page.headings[0] == 1
    images = page.all("img")
    assert len(images) == 1 and (images[0].get("alt") or "").startswith("Tableau de bord QSE : 3 graphiques")
    assert len(page.all("figcaption")) == 1
    assert "<img" not in dashboard_document_html("T", INDICATORS, PERIODS, DATA, TODAY, figures=False)


def test_workbook_round_trip() -> None:
    signals = charts_and_signals(INDICATORS, PERIODS, DATA, baseline=12)[1]
    named = [INDICATORS[0].model_copy(update={"nom": "=SUM(A1:A3)"}), *INDICATORS[1:]]
    wb = load_workbook(io.BytesIO(dashboard_workbook("Tableau de bord", named, PERIODS, DATA, signals)))
    assert tuple(wb.sheetnames) == SHEETS
    data = list(wb["Données"].iter_rows(min_row=4, values_only=True))
    assert data[0][0] == "Mois" and data[0][1].startswith("I1 — ")
    assert [row[0] for row in data[1:]] == PERIODS
    column = [row[1] for row in data[1:]]
    assert column == [MISSING_CELL if v is None else v for v in NC]
    assert [row[2] for row in data[1:]][16] == MISSING_CELL
    board = list(wb["Tableau de bord"].iter_rows(min_row=5, values_only=True))
    assert [row[0] for row in board] == ["I1", "I2", "I3"]
    assert board[0][1] == "=SUM(A1:A3)"  # kept as text
    assert board[0][12] == "✖ alerte" and board[0][10] == 5.5 and board[0][11] == "2026-08"
    drifts = list(wb["Dérives"].iter_rows(min_row=5, values_only=True))
    assert len(drifts) == sum(len(v) for v in signals.values())
    assert {row[4] for row in drifts} >= {"WE1", "N3"}


@pytest.mark.parametrize("baseline", [None, 12])
def test_charts_and_signals_skip_short_series(baseline: int | None) -> None:
    short = {"taux_nc": {"2025-01": 2.0}}
    charts, signals = charts_and_signals(INDICATORS[:1], PERIODS[:1], short, baseline=baseline)
    assert charts == {} and signals == {}
