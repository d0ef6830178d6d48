"""BEGES computation: unit conversion, PCS/PCI refusal, line checks, emissions and totals (hand-checked)."""

from __future__ import annotations

import math

import pytest

from qsecase.methods.ghg import (
    ActivityLine,
    EmissionFactor,
    Post,
    check_lines,
    compute,
    convert,
    scope_of,
    totals,
)


def factor(id: str, valeur: float, unite: str, poste: str, incertitude: float = 0.1) -> EmissionFactor:
    return EmissionFactor(id=id, libelle=id, valeur=valeur, unite=unite, poste=poste,
                          incertitude=incertitude, source="exemple de test")


FACTORS = {f.id: f for f in (
    factor("elec", 0.052, "kWh", "2.1"),
    factor("gaz-naturel-pcs", 0.221, "kWh PCS", "1.1", 0.05),
    factor("gazole", 3.17, "L", "1.2"),
    factor("r410a", 2255, "kg", "1.4", 0.3),
    factor("fret", 0.0631, "t.km", "3.1", 0.2),
    factor("acier", 1800, "t", "4.1"),
)}
POSTS = {p.numero: p for p in (
    Post(numero="1.1", titre="Sources fixes de combustion", categorie=1, scope="1"),
    Post(numero="1.2", titre="Sources mobiles", categorie=1, scope="1"),
    Post(numero="1.4", titre="Émissions fugitives", categorie=1, scope="1"),
    Post(numero="2.1", titre="Électricité", categorie=2, scope="2"),
    Post(numero="3.1", titre="Transport de marchandises amont", categorie=3, scope="3"),
    Post(numero="3.2", titre="Transport de marchandises aval", categorie=3, scope="3"),
    Post(numero="4.1", titre="Achats de biens", categorie=4, scope="3"),
)}


def line(id: str, quantite: float, unite: str, facteur: str, poste: str = "") -> ActivityLine:
    return ActivityLine(id=id, quantite=quantite, unite=unite, facteur=facteur, poste=poste)


# --- conversion ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("q", "unit", "to", "expected"), [
    (120, "MWh", "kWh", 120_000), (1.5, "GWh", "MWh", 1_500), (36, "GJ", "kWh", 10_000),
    (3.6, "MJ", "kWh", 1), (2, "m³", "L", 2_000), (2_500, "L", "m3", 2.5), (3, "t", "kg", 3_000),
    (500, "kg", "tonnes", 0.5), (42, "km", "km", 42), (1_000, "tkm", "t.km", 1_000),
    (10, "MWh PCS", "kWh PCS", 10_000), (7, "mwh pci", "kWh PCI", 7_000), (5, "p.km", "passager.km", 5),
])
def test_convert(q: float, unit: str, to: str, expected: float) -> None:
    assert convert(q, unit, to) == pytest.approx(expected)


def test_pcs_and_pci_never_convert_silently() -> None:
    with pytest.raises(ValueError, match=r"kWh PCI et kWh PCS ne se convertissent pas") as exc:
        convert(100, "kWh PCI", "kWh PCS")
    assert "PCS (pouvoir calorifique supérieur" in str(exc.value) and "PCI" in str(exc.value)
    with pytest.raises(ValueError, match="MWh PCS et kWh PCI"):
        convert(1, "MWh PCS", "kWh PCI")
    with pytest.raises(ValueError, match="en PCS ou en PCI"):
        convert(1, "kWh", "kWh PCS")


@pytest.mark.parametrize(("unit", "to", "message"), [
    ("m³", "kWh PCS", "coefficient de conversion de la facture"),
    ("kg", "L", r"kg \(masse\) ne se convertit pas en L \(volume\)"),
    ("km", "t.km", "ne se convertit pas"),
    ("baril", "L", "unité « baril » inconnue"),
    ("L PCS", "L", "ne qualifient qu'une énergie"),
])
def test_convert_refuses(unit: str, to: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        convert(1, unit, to)


# --- emissions ----------------------------------------------------------------------------------------

def test_hand_checked_examples() -> None:
    lines = [line("A1", 120_000, "kWh", "elec"), line("A2", 12, "kg", "r410a")]
    e1, e2 = compute(lines, FACTORS, POSTS)
    assert (e1.line, e1.poste, e1.scope, e1.categorie) == ("A1", "2.1", "2", 2)
    assert e1.kg_co2e == pytest.approx(6_240)  # 120 000 kWh × 0,052 = 6,24 t CO₂e
    assert e1.uncertainty_kg == pytest.approx(624)
    assert (e2.poste, e2.scope) == ("1.4", "1")
    assert e2.kg_co2e == pytest.approx(27_060)  # 12 kg × 2 255 = 27,06 t CO₂e
    assert e2.uncertainty_kg == pytest.approx(8_118)


def test_units_are_converted_before_the_factor() -> None:
    (e,) = compute([line("A1", 120, "MWh", "elec")], FACTORS, POSTS)
    assert e.kg_co2e == pytest.approx(6_240)
    (e,) = compute([line("M1", 2.5, "t", "acier")], FACTORS, POSTS)
    assert e.kg_co2e == pytest.approx(4_500)  # 2,5 t × 1 800 kg/t
    (e,) = compute([line("C1", 1.2, "m³", "gazole")], FACTORS, POSTS)
    assert e.kg_co2e == pytest.approx(3_804)  # 1 200 L × 3,17


def test_compute_skips_what_it_cannot_compute_and_never_raises() -> None:
    lines = [line("A1", 1_000, "m³", "gaz-naturel-pcs"), line("A2", 1_000, "kWh PCI", "gaz-naturel-pcs"),
             line("A3", 10, "kg", "inconnu"), line("A4", 10, "kg", "r410a", poste="6.1"),
             line("A5", 1_000, "kWh PCS", "gaz-naturel-pcs")]
    assert [e.line for e in compute(lines, FACTORS, POSTS)] == ["A5"]


def test_line_post_overrides_the_factor_post() -> None:
    (e,) = compute([line("T1", 10_000, "t.km", "fret", poste="3.2")], FACTORS, POSTS)
    assert (e.poste, e.scope, e.kg_co2e) == ("3.2", "3", pytest.approx(631))


def test_totals_by_scope_category_post_and_uncertainty() -> None:
    lines = [line("A1", 120_000, "kWh", "elec"), line("A2", 12, "kg", "r410a"),
             line("A3", 50_000, "kWh PCS", "gaz-naturel-pcs"), line("A4", 2_000, "L", "gazole"),
             line("A5", 100_000, "t.km", "fret"), line("A6", 2, "t", "acier")]
    emissions = compute(lines, FACTORS, POSTS)
    t = totals(emissions)
    # 6 240 + 27 060 + 11 050 + 6 340 + 6 310 + 3 600 = 60 600 kg
    assert t.total_t == pytest.approx(60.6)
    assert t.by_scope_t == pytest.approx({"1": 44.45, "2": 6.24, "3": 9.91})
    assert t.by_category_t == pytest.approx({1: 44.45, 2: 6.24, 3: 6.31, 4: 3.6})
    assert list(t.by_post_t) == ["1.1", "1.2", "1.4", "2.1", "3.1", "4.1"]
    assert t.by_post_t["1.1"] == pytest.approx(11.05)
    # root-sum-square of 624, 8 118, 552,5, 634, 1 262, 360 kg
    expected = math.sqrt(624**2 + 8_118**2 + 552.5**2 + 634**2 + 1_262**2 + 360**2) / 1000
    assert t.uncertainty_t == pytest.approx(expected)
    assert t.relative_uncertainty == pytest.approx(expected / 60.6)


def test_totals_of_nothing() -> None:
    t = totals([])
    assert (t.total_t, t.by_scope_t, t.by_post_t, t.uncertainty_t) == (0, {"1": 0, "2": 0, "3": 0}, {}, 0)
    assert t.relative_uncertainty == 0


# --- checks --------------------------------------------------------------------------------------------

def messages(lines: list[ActivityLine], posts: dict[str, Post] | None = None) -> list[str]:
    return [str(i) for i in check_lines(lines, FACTORS, posts)]


def test_clean_lines_raise_nothing() -> None:
    assert check_lines([line("A1", 120, "MWh", "elec"), line("A2", 3, "kg", "r410a", "1.4")],
                       FACTORS, POSTS) == []


def test_unit_mismatch_names_line_unit_and_factor() -> None:
    (issue,) = check_lines([line("A3", 4_000, "m³", "gaz-naturel-pcs")], FACTORS)
    assert issue.level == "erreur"
    assert issue.message.startswith("La ligne A3 est en m³ mais le facteur « gaz-naturel-pcs » attend des "
                                    "kWh PCS")


def test_pcs_pci_mismatch_is_an_error() -> None:
    (issue,) = check_lines([line("A4", 4_000, "kWh PCI", "gaz-naturel-pcs")], FACTORS)
    assert issue.level == "erreur" and "PCS" in issue.message and "PCI" in issue.message


def test_unknown_factor_suggests_the_closest() -> None:
    (issue,) = check_lines([line("A1", 10, "kWh PCS", "gaz-naturel-pc")], FACTORS)
    assert issue.level == "erreur"
    assert "« gaz-naturel-pc », absent" in issue.message and "« gaz-naturel-pcs » ?" in issue.message
    (issue,) = check_lines([line("A1", 10, "kg", "zzz")], FACTORS)
    assert "voulez-vous dire" not in issue.message


def test_post_other_than_the_factor_post_is_a_warning() -> None:
    (issue,) = check_lines([line("A1", 10, "kWh", "elec", poste="1.1")], FACTORS)
    assert issue.level == "attention" and "poste 1.1" in issue.message and "poste 2.1" in issue.message


def test_post_outside_the_method_is_an_error_when_posts_are_given() -> None:
    lines = [line("A1", 10, "kg", "r410a", poste="6.1")]
    assert not any("méthode réglementaire" in m for m in messages(lines))
    assert any("poste 6.1, absent de la méthode" in m for m in messages(lines, POSTS))


def test_duplicates_zero_quantities_and_empty_assessment() -> None:
    issues = check_lines([line("A1", 10, "kWh", "elec"), line("A1", 0, "kWh", "elec")], FACTORS)
    assert [i.level for i in issues] == ["erreur", "attention"]
    assert "L'identifiant A1 désigne plusieurs lignes" in issues[0].message
    assert "quantité nulle" in issues[1].message
    (empty,) = check_lines([], FACTORS)
    assert empty.level == "erreur" and "vide" in empty.message


def test_post_model_and_scopes() -> None:
    assert [scope_of(c) for c in range(1, 7)] == ["1", "2", "3", "3", "3", "3"]
    with pytest.raises(ValueError, match="catégorie"):
        Post(numero="2.1", titre="Électricité", categorie=1, scope="1")
    with pytest.raises(ValueError, match="scope"):
        Post(numero="3.1", titre="Fret", categorie=3, scope="1")


def test_a_factor_may_serve_another_post_of_its_category_only() -> None:
    from qsecase.ghg_data import emission_factors
    from qsecase.methods.ghg import ActivityLine, check_lines

    downstream = ActivityLine(id="A1", poste="3.2", quantite=100, unite="t.km",
                              facteur="fret-routier-articule")
    electricity = ActivityLine(id="A2", poste="2.1", quantite=100, unite="kWh PCS", facteur="gaz-naturel-pcs")
    messages = [i.message for i in check_lines([downstream, electricity], emission_factors())]
    assert not any("A1" in m for m in messages)
    assert any("A2" in m and "vérifiez le poste" in m for m in messages)
