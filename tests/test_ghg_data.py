"""The shipped emission factors and posts: sources, units, AR6 values, the 22 posts of the method."""

from __future__ import annotations

import copy

import pytest
import yaml
from pydantic import ValidationError

from qsecase.ghg_data import FACTORS_RESOURCE, GhgData, categories, emission_factors, load_ghg_data, posts
from qsecase.methods.ghg import convert

# GWP100, IPCC AR6, reference sheet § 4.5 (kg CO₂e per kg leaked)
AR6_GWP = {"r134a": 1530, "r32": 771, "r410a": 2255, "r404a": 4728, "r407c": 1908, "r448a": 1494,
           "r449a": 1504, "r513a": 673}


def test_every_factor_has_a_source_a_known_unit_and_a_post() -> None:
    factors = emission_factors()
    assert len(factors) >= 25
    for f in factors.values():
        assert f.source.strip() and f.libelle.strip(), f.id
        assert convert(1, f.unite, f.unite) == 1, f.id
        assert f.poste in posts(), f.id
        assert f.annee is None or 2010 <= f.annee <= 2026, f.id


def test_refrigerant_leaks_equal_the_ar6_gwp() -> None:
    factors = emission_factors()
    for gas, gwp in AR6_GWP.items():
        f = factors[f"fuite-{gas}"]
        assert (f.valeur, f.unite, f.poste) == (gwp, "kg", "1.4"), gas
        assert "AR6" in f.source and f.annee == 2021


@pytest.mark.parametrize(("id", "valeur", "unite", "poste"), [
    ("electricite-france", 0.052, "kWh", "2.1"), ("electricite-france-transport-2017", 0.048, "kWh", "2.1"),
    ("gaz-naturel-pcs", 0.221, "kWh PCS", "1.1"), ("gaz-naturel-pci", 0.187, "kWh PCI", "1.1"),
    ("fioul-domestique", 2.68, "L", "1.1"), ("gazole", 3.17, "L", "1.2"), ("essence", 2.79, "L", "1.2"),
    ("gpl", 1.86, "L", "1.2"), ("propane", 0.233, "kWh PCI", "1.1"),
    ("fret-routier-articule", 0.0631, "t.km", "3.1"), ("fret-routier-porteur", 0.12, "t.km", "3.1"),
    ("fret-ferroviaire", 0.00437, "t.km", "3.1"), ("voiture-thermique", 0.2176, "km", "3.5"),
    ("voiture-electrique", 0.1034, "km", "3.5"), ("tgv", 0.00293, "passager.km", "3.5"),
    ("avion-court-courrier", 0.2246, "passager.km", "3.5"),
    ("avion-long-courrier", 0.1668, "passager.km", "3.5"),
    ("acier", 1800, "t", "4.1"),
])
def test_reference_values(id: str, valeur: float, unite: str, poste: str) -> None:
    f = emission_factors()[id]
    assert (f.valeur, f.unite, f.poste) == (pytest.approx(valeur), unite, poste)


def test_unverified_values_are_marked() -> None:
    factors = emission_factors()
    assert factors["electricite-france"].verifie is False
    assert factors["electricite-france-transport-2017"].verifie is True
    assert "2017" in factors["electricite-france-transport-2017"].source


def test_gas_factors_state_their_basis() -> None:
    for f in emission_factors().values():
        if f.id.startswith("gaz-naturel"):
            assert f.unite in ("kWh PCS", "kWh PCI"), f.id
            assert f.unite.split()[1] in f.libelle, f.id


def test_twenty_two_posts_in_six_categories() -> None:
    all_posts = posts()
    assert len(all_posts) == 22
    per_category = {c: sum(p.categorie == c for p in all_posts.values()) for c in range(1, 7)}
    assert per_category == {1: 5, 2: 2, 3: 5, 4: 5, 5: 4, 6: 1}
    for numero, p in all_posts.items():
        assert p.numero == numero and numero.startswith(f"{p.categorie}.")
        assert p.scope == ("1" if p.categorie == 1 else "2" if p.categorie == 2 else "3")
        assert p.verifie is False  # titles noted from memory by the reference sheet
    assert list(categories()) == [1, 2, 3, 4, 5, 6]


def test_data_is_read_once() -> None:
    assert load_ghg_data() is load_ghg_data()
    assert emission_factors() is emission_factors()


@pytest.fixture(scope="module")
def raw() -> dict:
    from importlib.resources import files

    return yaml.safe_load(files("qsecase").joinpath(FACTORS_RESOURCE).read_text(encoding="utf-8"))


def test_the_file_validates_its_own_consistency(raw: dict) -> None:
    GhgData.model_validate(raw)
    cases = [
        (lambda d: d["facteurs"].append(dict(d["facteurs"][0])), "facteurs en double"),
        (lambda d: d["facteurs"][0].update(poste="5.5"), "poste 5.5 absent"),
        (lambda d: d["facteurs"][0].update(unite="baril"), "unité « baril » inconnue"),
        (lambda d: d["postes"]["2.1"].update(categorie=1), "catégorie 1 au lieu de 2"),
        (lambda d: d["postes"]["3.1"].update(scope="2"), "scope 2 au lieu de 3"),
        (lambda d: d["categories"].pop(6), "de 1 à 6"),
    ]
    for spoil, message in cases:
        data = copy.deepcopy(raw)
        spoil(data)
        with pytest.raises(ValidationError, match=message):
            GhgData.model_validate(data)
