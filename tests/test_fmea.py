"""AMDEC: ratings, IPR, thresholds, action priority, ranking, checks, shipped data, figures, Excel."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import datetime as dt
import io
import itertools
import subprocess
import sys

import pytest
from pydantic import ValidationError

from qsecase.fmea_data import band_values, load_action_priority, load_scales
from qsecase.methods.fmea import (
    FmeaRow,
    FmeaThresholds,
    action_priority,
    check_fmea,
    ipr,
    ipr_after,
    priority,
    rank,
    reduction,
)
from qsecase.views.fmea_view import (
    draw_go_matrix,
    fmea_workbook,
    go_alt_text,
    go_figure,
    go_zone,
    ipr_alt_text,
    ipr_figure,
)

D = dt.date


def row(**kw: object) -> FmeaRow:
    base: dict[str, object] = dict(id="M1", etape="Alésage Ø20 H7", mode="Diamètre hors tolérance",
                                   effet="Jeu au montage du roulement", cause="Usure des plaquettes",
                                   g=5, o=3, d=4)
    base.update(kw)
    return FmeaRow.model_validate(base)


@pytest.fixture
def rows() -> list[FmeaRow]:
    """A machining SME's AMDEC: above / below threshold, a critical gravity, re-ratings."""
    return [
        row(id="M1", g=7, o=6, d=6, actions="Compteur de vie outil sur la CN",
            responsable="R. Martin", echeance=D(2025, 3, 14), o2=3, d2=3),
        row(id="M2", mode="Rugosité Ra > 0,8", g=6, o=4, d=7, actions="Détecteur de débit",
            responsable="S. Lopez", echeance=D(2025, 4, 30), o2=2, d2=4),
        row(id="M3", mode="Pièce non contrôlée après redémarrage", fonctionnement="dégradé",
            g=8, o=4, d=8, actions="Validation du premier article", responsable="C. Bernard",
            echeance=D(2025, 2, 28), o2=2, d2=3),
        row(id="M4", etape="Ébavurage", mode="Bavure résiduelle", g=9, o=3, d=3,
            actions="Gabarit de contrôle des arêtes", responsable="C. Bernard",
            echeance=D(2025, 3, 1), o2=2),
        row(id="M5", etape="Ébavurage", mode="Arête vive non détectée", fonctionnement="degrade",
            g=5, o=3, d=4),
        row(id="M6", etape="Emballage", mode="Choc au transport", g=5, o=3, d=9, actions="Essai de chute",
            responsable="L. Moreau", echeance=D(2025, 6, 1), o2=2),
        row(id="M7", etape="Emballage", mode="Étiquette erronée", fonctionnement="dégradé", g=4, o=2,
            d=5),
    ]


# --- ratings ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("field, name", [("g", "la gravité G"), ("o", "l'occurrence O"),
                                         ("d", "la détection D"), ("g2", "la gravité après action G'")])
@pytest.mark.parametrize("bad", [0, 11, "sept", 7.5, True, -3])
def test_bad_rating_gives_a_french_message_naming_the_field(field: str, name: str, bad: object) -> None:
    with pytest.raises(ValidationError) as err:
        row(**{field: bad})
    (error,) = err.value.errors()
    assert error["loc"] == (field,)
    assert error["msg"].startswith(f"{name} se cote de 1 à 10")
    assert repr(bad) in error["msg"]


def test_ratings_typed_as_text_or_integral_floats_are_accepted() -> None:
    r = row(g="7", o=6.0, d=" 5 ", g2="", o2=None)
    assert (r.g, r.o, r.d, r.g2, r.o2) == (7, 6, 5, None, None)


def test_assignment_is_validated_too() -> None:
    r = row()
    with pytest.raises(ValidationError, match="la détection D se cote de 1 à 10"):
        r.d = 11


def test_operation_mode_is_normalised() -> None:
    assert row(fonctionnement="Dégradé").fonctionnement == "dégradé"
    assert row(fonctionnement="degrade").fonctionnement == "dégradé"
    with pytest.raises(ValidationError):
        row(fonctionnement="en panne")


# --- IPR, thresholds, priority ---------------------------------------------------------------------
def test_ipr_and_ipr_after() -> None:
    r = row(g=7, o=6, d=5)
    assert ipr(r) == 210
    assert ipr_after(r) is None
    partial = row(g=7, o=6, d=5, o2=3)  # G' and D' unchanged
    assert ipr_after(partial) == 7 * 3 * 5
    assert ipr(row(g=10, o=10, d=10)) == 1000 and ipr(row(g=1, o=1, d=1)) == 1


def test_thresholds_defaults_and_validation() -> None:
    t = FmeaThresholds()
    assert (t.ipr_action, t.g_critique, t.watch) == (100, 9, 50)
    assert FmeaThresholds(ipr_action=125).watch == 63
    assert FmeaThresholds(ipr_action=120, ipr_surveillance=40).watch == 40
    with pytest.raises(ValidationError, match="inférieur au seuil d'action"):
        FmeaThresholds(ipr_action=100, ipr_surveillance=100)
    with pytest.raises(ValidationError):
        FmeaThresholds(ipr_action=0)


@pytest.mark.parametrize("g, o, d, level, words", [
    (5, 4, 5, "à traiter en priorité", "IPR = 5 × 4 × 5 = 100 ≥ seuil d'action 100"),
    (3, 4, 5, "à surveiller", "IPR = 3 × 4 × 5 = 60 ≥ seuil de surveillance 50"),
    (7, 7, 2, "à surveiller", "IPR = 7 × 7 × 2 = 98"),
    (4, 3, 4, "acceptable", "IPR = 4 × 3 × 4 = 48 < seuil de surveillance 50"),
    (9, 1, 1, "à traiter en priorité", "G = 9 ≥ 9 : gravité critique"),
])
def test_priority_gives_the_level_and_the_rule(g: int, o: int, d: int, level: str, words: str) -> None:
    p = priority(row(g=g, o=o, d=d))
    assert p.level == level
    assert words in p.rule
    assert str(p).startswith(level)


def test_case_thresholds_change_the_priority() -> None:
    r = row(g=8, o=3, d=5)  # IPR 120
    assert priority(r, FmeaThresholds(ipr_action=100)).level == "à traiter en priorité"
    assert priority(r, FmeaThresholds(ipr_action=150)).level == "à surveiller"
    assert priority(r, FmeaThresholds(ipr_action=300, g_critique=8)).level == "à traiter en priorité"


# --- action priority (AIAG-VDA) --------------------------------------------------------------------
@pytest.mark.parametrize("g, o, d", [
    # cells checked on the handbook (source C of the data file): severe but rare → L
    (9, 1, 10), (10, 1, 1), (10, 3, 4), (9, 2, 1),
])
def test_ap_cells_verified_on_the_handbook_are_low(g: int, o: int, d: int) -> None:
    assert action_priority(g, o, d) == "L"
    assert load_action_priority().lookup(g, o, d).verified


@pytest.mark.parametrize("g, o, d, ap", [
    (10, 10, 10, "H"), (9, 4, 1, "M"), (10, 2, 7, "H"), (9, 3, 5, "M"),
    (8, 6, 1, "M"), (7, 7, 2, "H"), (7, 4, 7, "H"), (7, 5, 5, "M"), (8, 3, 7, "M"), (7, 2, 2, "L"),
    (6, 4, 5, "L"), (5, 7, 1, "L"), (4, 6, 8, "M"), (6, 8, 1, "M"), (4, 9, 10, "H"),
    (3, 8, 7, "M"), (2, 10, 2, "L"), (3, 7, 10, "L"), (1, 10, 10, "L"),
])
def test_ap_examples_where_both_transcriptions_agree(g: int, o: int, d: int, ap: str) -> None:
    assert action_priority(g, o, d) == ap


def test_same_rpn_different_priority_is_why_ap_replaced_rpn() -> None:
    assert ipr(row(g=2, o=10, d=5)) == ipr(row(g=10, o=2, d=5)) == 100
    assert (action_priority(2, 10, 5), action_priority(10, 2, 5)) == ("M", "M")
    assert (action_priority(5, 4, 5), action_priority(10, 10, 1)) == ("L", "H")  # RPN 100 and 100


def test_the_disputed_cell_keeps_the_prudent_value_and_says_so() -> None:
    cell = load_action_priority().lookup(5, 9, 6)
    assert (cell.priority, cell.bands, cell.verified) == ("H", ("4-6", "8-10", "5-6"), False)
    assert "manuel" in cell.note


def test_ap_table_is_complete_monotonic_and_sourced() -> None:
    table = load_action_priority()
    rank_of = {"L": 0, "M": 1, "H": 2}
    grid = {(g, o, d): rank_of[action_priority(g, o, d)]
            for g, o, d in itertools.product(range(1, 11), repeat=3)}
    for (g, o, d), v in grid.items():  # a worse rating never lowers the priority
        assert all(grid.get(k, v) >= v for k in ((g + 1, o, d), (g, o + 1, d), (g, o, d + 1)))
    assert not table.verifie and table.sources and table.a_verifier
    assert set(table.signification) == {"H", "M", "L"}
    assert list(band_values("9-10")) == [9, 10] and list(band_values("1")) == [1]
    with pytest.raises(ValueError, match="de 1 à 10"):
        action_priority(0, 5, 5)


def test_scales_describe_every_rating_in_french_with_a_source() -> None:
    scales = load_scales()
    assert [s.lettre for s in scales.echelles] == ["G", "O", "D"]
    for scale in scales.echelles:
        assert sorted(level.note for level in scale.niveaux) == list(range(1, 11))
        assert "AIAG & VDA" in scale.source and not scale.verifie
        assert all(level.critere and level.niveau for level in scale.niveaux)
    assert "sécurité" in scales.scale("G").level(10).critere
    assert "Aucune mesure de prévention" in scales.scale("O").level(10).critere
    assert "ne peut physiquement pas" in scales.scale("D").level(1).critere


# --- ranking and reduction ------------------------------------------------------------------------
def test_rank_sorts_by_ipr_and_by_gravity(rows: list[FmeaRow]) -> None:
    ranking = rank(rows)
    assert [r.id for r in ranking.by_ipr] == ["M3", "M1", "M2", "M6", "M4", "M5", "M7"]
    assert [r.id for r in ranking.by_gravity] == ["M4", "M3", "M1", "M2", "M6", "M5", "M7"]
    assert [r.id for r in rows] == ["M1", "M2", "M3", "M4", "M5", "M6", "M7"]  # input untouched


def test_reduction_before_after(rows: list[FmeaRow]) -> None:
    red = {r.row.id: r for r in reduction(rows)}
    assert (red["M1"].before, red["M1"].after, red["M1"].gain) == (252, 63, 0.75)
    assert red["M5"].after is None and red["M5"].gain is None


# --- checks -------------------------------------------------------------------------------------
def _messages(rows: list[FmeaRow], t: FmeaThresholds | None = None) -> list[str]:
    return [str(i) for i in check_fmea(rows, t)]


def test_a_complete_amdec_has_no_issue(rows: list[FmeaRow]) -> None:
    assert check_fmea(rows) == []


def test_each_check_is_triggered(rows: list[FmeaRow]) -> None:
    bad = [
        row(id="A", g=6, o=5, d=5),  # IPR 150 without action
        row(id="B", g=9, o=1, d=2),  # critical gravity without action
        row(id="C", g=6, o=5, d=5, actions="Poka-yoke", o2=7, d2=2,
            responsable="X", echeance=D(2025, 1, 1)),  # O' > O without reason
        row(id="E", g=6, o=5, d=5, actions="Poka-yoke"),  # no owner, no deadline, no re-rating
        row(id="F", g=3, o=2, d=2, o2=1),  # re-rating without action
        row(id="G", g=7, o=5, d=3, actions="Changer la conception", responsable="X",
            echeance=D(2025, 1, 1), g2=5),  # G' < G without reason
        row(id="H", mode="", effet="", cause=""),
        row(id="H2", mode="", effet="", cause=""),  # duplicate of H (same step, mode, cause)
    ]
    text = "\n".join(_messages(bad))
    for expected in ("A (Alésage Ø20 H7 — Diamètre hors tolérance) : IPR 150 ≥ seuil d'action 100 "
                     "sans action", "B (", "G = 9 ≥ 9 sans action", "O' = 7 > O = 5",
                     "action sans responsable", "action sans échéance",
                     "indiquez la cotation attendue après action", "re-cotation sans action",
                     "G' = 5 < G = 7", "mode de défaillance non renseigné", "effet non renseigné",
                     "cause non renseigné", "doublon de la ligne 7",
                     "Étape « Alésage Ø20 H7 » : aucun mode analysé en fonctionnement dégradé"):
        assert expected in text, expected
    levels = {i.message.split(" : ")[0]: i.level for i in check_fmea(bad)}
    assert levels["A (Alésage Ø20 H7 — Diamètre hors tolérance)"] == "erreur"
    assert check_fmea([]) and check_fmea([])[0].level == "erreur"


def test_a_justified_re_rating_is_accepted() -> None:
    r = row(g=6, o=5, d=5, actions="Nouveau montage", responsable="X", echeance=D(2025, 1, 1),
            o2=7, d2=1, commentaire="Montage plus rapide : plus de séries courtes, O remonte")
    assert not [m for m in _messages([r]) if "O' = 7" in m]


def test_thresholds_of_the_case_drive_the_action_check() -> None:
    r = row(g=6, o=5, d=4)  # IPR 120
    assert any("IPR 120 ≥ seuil d'action 100" in m for m in _messages([r]))
    assert not any("seuil d'action" in m for m in _messages([r], FmeaThresholds(ipr_action=150)))


def test_ratings_out_of_range_in_raw_form_values_are_reported() -> None:
    raw = FmeaRow.model_construct(id="X", etape="Tournage", mode="m", effet="e", cause="c",
                                  g=11, o=0, d="sept", fonctionnement="normal", actions="",
                                  g2=None, o2=None, d2=None, commentaire="")
    (issue, *_rest) = check_fmea([raw])
    assert issue.level == "erreur"
    assert "la gravité G, l'occurrence O, la détection D hors barème" in issue.message


def test_core_imports_no_plot_or_spreadsheet_module() -> None:
    code = ("import sys, qsecase.methods.fmea as f; f.action_priority(5, 5, 5); "
            "print(' '.join(sorted(sys.modules)))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())
    assert not {"matplotlib", "openpyxl", "ipywidgets", "pandas"} & loaded


# --- figures -----------------------------------------------------------------------------------------
def _assert_no_overlap(fig: matplotlib.figure.Figure) -> None:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    for ax in fig.axes:
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if t.get_text()]
        for (ta, a), (tb, b) in itertools.combinations(boxes, 2):
            assert not a.overlaps(b), f"« {ta} » overlaps « {tb} »"


def test_ipr_pareto_hatches_above_threshold_and_marks_critical_gravity(rows: list[FmeaRow]) -> None:
    t = FmeaThresholds(ipr_action=120)
    fig = ipr_figure(rows, t)
    ax = fig.axes[0]
    bars = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("ipr:")}
    assert bars["ipr:M3"].get_hatch() == "//" and bars["ipr:M7"].get_hatch() == ""
    assert bars["ipr:M4"].get_hatch() == "//"  # IPR 81 < 120 but G = 9: treated anyway
    texts = [t.get_text() for t in ax.texts]
    assert "81 ⚠ G critique" in texts and " seuil d'action : 120" in texts
    _assert_no_overlap(fig)
    alt = ipr_alt_text(rows, t)
    assert "7 modes de défaillance" in alt and "seuil d'action 120 ; 4 au-dessus du seuil" in alt
    assert "M3 Alésage Ø20 H7 — Pièce non contrôlée après redémarrage : IPR 256, 48 attendu" in alt


def test_go_matrix_counts_modes_per_cell_and_names_zones(rows: list[FmeaRow]) -> None:
    fig = go_figure(rows)
    ax = fig.axes[0]
    cell = [p for p in ax.patches if p.get_gid() == "case:5-3"]
    assert len(cell) == 1
    texts = [t.get_text() for t in ax.texts]
    assert "M5, M6" in texts and "M6, M5" not in texts  # two modes at G 5, O 3, in input order
    assert texts.count("2") == 1
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("À traiter quelle que soit D") for t in legend)
    assert any(t.startswith("Dépend de la détection") for t in legend)
    _assert_no_overlap(fig)
    assert (go_zone(9, 1), go_zone(5, 3), go_zone(2, 4), go_zone(10, 10)) == (
        "critique", "detection", "acceptable", "critique")
    alt = go_alt_text(rows)
    assert "G 9, O 3 (zone à traiter) : M4." in alt and "G 5, O 3" in alt


def test_go_matrix_summarises_crowded_cells() -> None:
    many = [row(id=f"M{k}", mode=f"Mode {k}") for k in range(1, 5)]
    fig = matplotlib.figure.Figure(figsize=(8, 9))
    draw_go_matrix(fig.add_subplot(), many)
    assert "M1 +3" in [t.get_text() for t in fig.axes[0].texts]


def test_empty_figures_say_so() -> None:
    assert "(aucun mode de défaillance)" in [t.get_text() for t in ipr_figure([]).axes[0].texts]
    assert ipr_alt_text([]) == "Pareto des IPR : aucun mode de défaillance."


# --- Excel -----------------------------------------------------------------------------------------
def test_workbook_has_the_professional_layout_and_the_scales(rows: list[FmeaRow]) -> None:
    from openpyxl import load_workbook

    rows = [*rows, row(id="M8", etape="=HYPERLINK(\"x\")", g=2, o=2, d=2)]
    wb = load_workbook(io.BytesIO(fmea_workbook(rows, FmeaThresholds(ipr_action=120),
                                                "Usinage Dupont — AMDEC corps CD-40")))
    assert wb.sheetnames == ["AMDEC", "Barèmes"]
    ws = wb["AMDEC"]
    assert ws["A1"].value == "Usinage Dupont — AMDEC corps CD-40"
    assert "IPR ≥ 120" in ws["A2"].value
    assert {str(r) for r in ws.merged_cells.ranges} == {"A4:N4", "O4:Q4", "R4:U4"}
    assert [ws.cell(4, c).value for c in (1, 15, 18)] == ["Analyse", "Actions", "Après actions"]
    headers = [c.value for c in ws[5]]
    assert headers == ["Étape", "Fonctionnement", "Fonction", "Mode de défaillance", "Effet", "G",
                       "Cause", "Prévention", "O", "Détection", "D", "IPR", "Priorité", "AP",
                       "Actions", "Responsable", "Échéance", "G'", "O'", "D'", "IPR'"]
    first = {h: c.value for h, c in zip(headers, ws[6], strict=True)}
    assert (first["G"], first["O"], first["D"], first["IPR"]) == (7, 6, 6, 252)
    assert first["Priorité"] == "⚠ à traiter en priorité" and first["AP"] == "H — haute"
    assert (first["G'"], first["O'"], first["D'"], first["IPR'"]) == (7, 3, 3, 63)
    assert first["Échéance"].date() == D(2025, 3, 14)
    none = {h: c.value for h, c in zip(headers, ws[10], strict=True)}  # M5: not re-rated
    assert none["IPR'"] is None and none["Priorité"] == "◐ à surveiller" and none["AP"] == "L — basse"
    assert ws.freeze_panes == "E6" and ws.auto_filter.ref == "A5:U13"
    assert len(ws.conditional_formatting) == 2
    assert ws["A13"].value.startswith("=") and ws["A13"].data_type == "s"
    scales = wb["Barèmes"]
    values = [str(c.value) for line in scales.iter_rows() for c in line if c.value is not None]
    assert any(v.startswith("Élevée : La défaillance peut entraîner un risque aigu") for v in values)
    assert any("AIAG & VDA FMEA Handbook" in v and "à vérifier" in v for v in values)
    assert "D 7-10" in values and any(v.startswith("G 4-6, O 8-10, D 5-6") for v in values)
