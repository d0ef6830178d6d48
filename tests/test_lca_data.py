"""The shipped LCA background data: method EF 3.1 (extract), datasets, sources, loader checks."""

from __future__ import annotations

import math
import re
from importlib.resources import files
from pathlib import Path

import pytest
import yaml

from qsecase.errors import ShippedDataError
from qsecase.ghg_data import emission_factors
from qsecase.lca_data import (
    CLIMATE,
    DATASETS_RESOURCE,
    METHOD_RESOURCE,
    DatasetFile,
    _load,
    check,
    datasets,
    lca_method,
)
from qsecase.methods.ghg import convert
from qsecase.methods.lca import LcaMethod

# The ids other parts of the exercise rely on: id → (unit, counted in the material balance).
EXPECTED = {
    "aluminium-primaire": ("kg", True), "aluminium-recycle": ("kg", True),
    "acier-faiblement-allie": ("kg", True), "laiton": ("kg", True), "caoutchouc-nbr": ("kg", True),
    "huile-de-coupe": ("kg", False), "electricite-france": ("kWh", False),
    "gaz-naturel": ("kWh PCI", False), "carton": ("kg", True), "film-pe": ("kg", True),
    "palette-bois": ("kg", True), "fret-routier-articule": ("t.km", False),
    "fret-routier-porteur": ("t.km", False), "fret-ferroviaire": ("t.km", False),
    "recyclage-aluminium": ("kg", False), "recyclage-acier": ("kg", False),
    "enfouissement-dechets": ("kg", False), "incineration-dechets": ("kg", False),
    "traitement-huile-usagee": ("kg", False),
}

# EF categories: unit and EF 3.0 weight in % (qse-facts § 5), normalisation per person and year
# (Ecobalyse, public/data/impacts.json, commit 00100a3df5b2395bcf15c8ecf8c79bb0cc88cc89, « pef »).
CATEGORIES = {
    "changement-climatique": ("kg CO₂ éq.", 21.06, 7.55308e3),
    "appauvrissement-ozone": ("kg CFC-11 éq.", 6.31, 5.3648e-2),
    "toxicite-humaine-cancer": ("CTUh", 2.13, 1.72529e-5),
    "toxicite-humaine-non-cancer": ("CTUh", 1.84, 1.28736e-4),
    "particules-fines": ("incidence de maladie", 8.96, 5.95367e-4),
    "rayonnements-ionisants": ("kBq U-235 éq.", 5.01, 4.22016e3),
    "ozone-photochimique": ("kg COVNM éq.", 4.78, 4.08592e1),
    "acidification": ("mol H⁺ éq.", 6.20, 5.55695e1),
    "eutrophisation-terrestre": ("mol N éq.", 3.71, 1.76755e2),
    "eutrophisation-eau-douce": ("kg P éq.", 2.80, 1.60685),
    "eutrophisation-marine": ("kg N éq.", 2.96, 1.95452e1),
    "ecotoxicite-eau-douce": ("CTUe", 1.92, 5.67166e4),
    "utilisation-sols": ("Pt", 7.94, 8.19498e5),
    "utilisation-eau": ("m³ éq. monde privé", 8.51, 1.14687e4),
    "ressources-minerales-metaux": ("kg Sb éq.", 7.55, 6.36226e-2),
    "ressources-fossiles": ("MJ", 8.32, 6.50043e4),
}

# GWP100, IPCC AR6 (qse-facts § 4.5): kg CO₂ éq. per kg.
AR6 = {"co2-fossile-air": 1, "ch4-fossile-air": 29.8, "ch4-non-fossile-air": 27.0, "n2o-air": 273}
REFRIGERANTS = ["r134a", "r32", "r410a", "r404a", "r407c", "r448a", "r449a", "r513a"]

# EF 3.0 results read in MTES-MCT/ecobalyse, brightway/export_agb/processes_lite.json (commit
# 1a230888b47215cf8b3af8384addfa1171eebd33), ecoinvent 3.5 processes copied in AGRIBALYSE 3.0; the
# shipped values are these, rounded to 4 significant digits. Trigram → flow of the method.
FLOWS = {"cch": "ges-agrege", "acd": "acidification-agrege", "pma": "particules-agrege",
         "pco": "ozone-photochimique-agrege", "fru": "ressources-fossiles",
         "fwe": "eutrophisation-eau-douce-agrege", "wtu": "utilisation-eau-agrege"}
ECOINVENT = {
    # Electricity, low voltage {FR}| market for | Cut-off, S (its cch is not shipped: ADEME's is)
    "electricite-france": dict(cch=0.06176707642370041, acd=0.00044779056520196443,
                               pma=4.993499991260468e-09, pco=0.00018168973950971975,
                               fru=12.983525385846955, fwe=4.0346918494323116e-05,
                               wtu=0.15389935857296463),
    # Transport, freight, lorry 16-32 metric ton, euro6 {RER}| market for … | Cut-off, S (same)
    "fret-routier-porteur": dict(cch=0.162894028473573, acd=0.0004686236100886041,
                                 pma=1.3198761580859694e-08, pco=0.00037935749295554507,
                                 fru=2.4427749393519753, fwe=1.3265535756541923e-05,
                                 wtu=0.009214018265469739),
    # Steel, unalloyed {RER}| steel production, converter, unalloyed | Cut-off, S
    "acier-faiblement-allie": dict(cch=1.8982744966808394, acd=0.008987337459529902,
                                   pma=1.6401069197505546e-07, pco=0.009565112006621128,
                                   fru=18.619124072140902, fwe=0.0009117526202833045,
                                   wtu=0.4962385510738511),
    # Packaging film, low density polyethylene {RER}| production | Cut-off, S
    "film-pe": dict(cch=2.8703730114648405, acd=0.013051861795090608, pma=1.3273093013682987e-07,
                    pco=0.011185911022068078, fru=82.73191438808063, fwe=0.0003731869455210683,
                    wtu=1.696793111482615),
    # Corrugated board box {RER}| production | Cut-off, S
    "carton": dict(cch=0.9047542840189094, acd=0.004525197778534851, pma=8.200596588594129e-08,
                   pco=0.003024731297010432, fru=12.832518134128811, fwe=0.00045603541791318364,
                   wtu=0.3087013278897527),
    # Municipal solid waste {GLO}| treatment of …, unsanitary landfill, wet infiltration class (500mm)
    "enfouissement-dechets": dict(cch=1.3966932761297979, acd=8.368514746399396e-05,
                                  pma=1.273872304399271e-09, pco=0.00047571732002435615,
                                  fru=0.06380469477550994, fwe=7.375686755621567e-05,
                                  wtu=0.00014473309417861534),
    # Waste polyethylene {CH}| treatment of, municipal incineration with fly ash extraction
    "incineration-dechets": dict(cch=3.0188959913734283, acd=0.0003870495687565602,
                                 pma=1.6601985901813106e-09, pco=0.00047654932479227174,
                                 fru=0.2189065750871421, fwe=3.1936604239837264e-06,
                                 wtu=0.06546832022951819),
}
FROM_MEMORY = ["laiton", "caoutchouc-nbr", "huile-de-coupe", "palette-bois", "traitement-huile-usagee"]


def _characterised() -> set[str]:
    return {flow for c in lca_method().categories for flow in c.facteurs}


def test_the_shipped_files_load_validate_and_are_consistent() -> None:
    method = lca_method()
    assert method.id == "ef-3.1-extrait"
    data = DatasetFile.model_validate(yaml.safe_load(
        files("qsecase").joinpath(DATASETS_RESOURCE).read_text(encoding="utf-8")))
    assert check(method, data) == ([], [])
    assert lca_method() is method and datasets() is datasets()  # read once


def test_every_expected_dataset_exists_with_its_unit() -> None:
    shipped = datasets()
    assert sorted(shipped) == sorted(EXPECTED)
    for id, (unit, matiere) in EXPECTED.items():
        assert (shipped[id].unite, shipped[id].matiere) == (unit, matiere), id
        assert convert(1, unit, unit) == 1, id


def test_every_flow_used_is_characterised_and_known() -> None:
    characterised = _characterised()
    known = {f.id for f in lca_method().flux}
    for dataset in datasets().values():
        assert set(dataset.flux) <= characterised, dataset.id
        assert set(dataset.flux) <= known, dataset.id
    assert known == characterised  # no flow left without a factor


def test_physical_flows_have_units_known_to_qsecase() -> None:
    for flow in lca_method().flux:
        if flow.compartiment != "agrege":
            assert convert(1, flow.unite, flow.unite) == 1, flow.id


def test_sixteen_ef_categories_with_units_weights_and_normalisation() -> None:
    categories = {c.id: c for c in lca_method().categories}
    assert list(categories) == list(CATEGORIES)
    for id, (unit, weight, normalisation) in CATEGORIES.items():
        c = categories[id]
        assert (c.unite, c.ponderation, c.normalisation) == (unit, weight, normalisation), id
    assert math.isclose(sum(w for _, w, _ in CATEGORIES.values()), 100)


def test_climate_factors_are_positive_and_ar6() -> None:
    climate = next(c for c in lca_method().categories if c.id == CLIMATE)
    assert all(v > 0 for v in climate.facteurs.values())
    for flow, gwp in AR6.items():
        assert climate.facteurs[flow] == gwp, flow
    for gas in REFRIGERANTS:  # the same values as the GHG exercise's leaks
        assert climate.facteurs[f"{gas}-air"] == emission_factors()[f"fuite-{gas}"].valeur, gas
    assert climate.facteurs["ges-agrege"] == 1
    aggregated = next(f for f in lca_method().flux if f.id == "ges-agrege")
    assert aggregated.compartiment == "agrege" and "édition" in aggregated.note


def test_every_dataset_and_category_names_its_source() -> None:
    for dataset in datasets().values():
        assert dataset.source.strip() and dataset.libelle.strip(), dataset.id
        assert dataset.annee is None or 2010 <= dataset.annee <= 2026, dataset.id
    for category in lca_method().categories:
        assert category.source.strip() and category.libelle.strip(), category.id
    assert lca_method().source.strip()


def test_unverified_values_are_marked() -> None:
    shipped = datasets()
    for id in FROM_MEMORY:
        assert shipped[id].verifie is False and "mémoire" in shipped[id].source, id
        assert "remplacer" in shipped[id].note, id
    # secondary sources: Ecobalyse's recomputation, qse-facts' unverified values, press articles
    for id in [*ECOINVENT, "aluminium-primaire", "aluminium-recycle", "gaz-naturel"]:
        assert shipped[id].verifie is False, id
    assert shipped["recyclage-acier"].verifie is True  # an empty process, read as such
    # every category: the normalisation comes from a secondary source
    assert all(c.verifie is False for c in lca_method().categories)


@pytest.mark.parametrize("id", list(ECOINVENT))
def test_ecoinvent_values_are_the_source_rounded(id: str) -> None:
    flux = datasets()[id].flux
    for trigram, value in ECOINVENT[id].items():
        if trigram == "cch" and id in ("electricite-france", "fret-routier-porteur"):
            continue  # climate from ADEME, see below
        assert flux[FLOWS[trigram]] == float(f"{value:.4g}"), (id, trigram)


def test_spot_values() -> None:
    shipped = datasets()
    # Corrugated board box {RER}, EF 3.0 (processes_lite.json): 0.9047542840189094 kg CO₂ éq.
    assert shipped["carton"].flux["ges-agrege"] == 0.9048
    # Packaging film, LDPE {RER}: 2.8703730114648405 kg CO₂ éq., 82.73191438808063 MJ
    assert shipped["film-pe"].flux["ges-agrege"] == 2.87
    assert shipped["film-pe"].flux["ressources-fossiles"] == 82.73
    # European Aluminium, Environmental Profile Report 2018: ≈ 6.8 kg CO₂ per kg (Europe)
    assert shipped["aluminium-primaire"].flux == {"ges-agrege": 6.8}
    # Hydro via Davis Index: post-consumer scrap ≈ 0.5 t CO₂ éq. per tonne
    assert shipped["aluminium-recycle"].flux == {"ges-agrege": 0.5}
    # qse-facts § 4.4: natural gas, upstream + combustion ≈ 0.227 kg CO₂e/kWh PCI; 1 kWh = 3.6 MJ
    assert shipped["gaz-naturel"].flux == {"ges-agrege": 0.227, "ressources-fossiles": 3.6}
    # Municipal solid waste, unsanitary landfill: 1.3966932761297979 kg CO₂ éq.
    assert shipped["enfouissement-dechets"].flux["ges-agrege"] == 1.397


def test_climate_values_agree_with_the_ghg_exercise() -> None:
    shipped, factors = datasets(), emission_factors()
    for id in ["electricite-france", "fret-routier-articule", "fret-routier-porteur", "fret-ferroviaire"]:
        assert shipped[id].flux["ges-agrege"] == factors[id].valeur, id
        assert factors[id].unite == shipped[id].unite, id


def test_recycling_carries_no_burden_and_no_credit() -> None:
    for id in ["recyclage-acier", "recyclage-aluminium"]:
        flux = datasets()[id].flux
        assert set(flux) == {f.id for f in lca_method().flux if f.compartiment == "agrege"} | {
            "ressources-fossiles"}, id
        assert all(v == 0 for v in flux.values()), id


def test_missing_categories_are_said_in_the_note() -> None:
    complete = _characterised() - {f.id for f in lca_method().flux if f.compartiment == "air"}
    for dataset in datasets().values():
        if not complete <= set(dataset.flux):
            assert "non sourcée" in dataset.note, dataset.id


# --- the loader refuses a broken copy, in French ------------------------------------------------

@pytest.fixture
def copies(tmp_path: Path) -> tuple[dict, dict, Path]:
    package = files("qsecase")
    method = yaml.safe_load(package.joinpath(METHOD_RESOURCE).read_text(encoding="utf-8"))
    data = yaml.safe_load(package.joinpath(DATASETS_RESOURCE).read_text(encoding="utf-8"))
    return method, data, tmp_path


def _load_copies(method: dict, data: dict, folder: Path) -> tuple[LcaMethod, dict]:
    (folder / "m.yaml").write_text(yaml.safe_dump(method, allow_unicode=True), encoding="utf-8")
    (folder / "d.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return _load(folder / "m.yaml", folder / "d.yaml", method_name="m.yaml", datasets_name="d.yaml")


def _dataset(data: dict, id: str) -> dict:
    return next(d for d in data["jeux_de_donnees"] if d["id"] == id)


def _category(method: dict, id: str) -> dict:
    return next(c for c in method["categories"] if c["id"] == id)


def test_an_unbroken_copy_loads(copies: tuple[dict, dict, Path]) -> None:
    method, shipped = _load_copies(*copies)
    assert method == lca_method() and shipped == datasets()


@pytest.mark.parametrize(("spoil", "file", "message"), [
    (lambda m, d: _dataset(d, "carton")["flux"].update({"so2-air": 0.01}), "d.yaml",
     "jeu de données carton : flux inconnu(s) de la méthode ef-3.1-extrait : so2-air"),
    (lambda m, d: d["jeux_de_donnees"].append(dict(_dataset(d, "laiton"))), "d.yaml",
     "jeux de données en double : laiton"),
    (lambda m, d: _dataset(d, "laiton").update(unite="baril"), "d.yaml",
     "jeu de données laiton : unité « baril » inconnue"),
    (lambda m, d: d.update(methode="recipe-2016"), "d.yaml", "écrits pour la méthode « recipe-2016 »"),
    (lambda m, d: _dataset(d, "laiton").pop("source"), "d.yaml", "champ « jeux_de_donnees[4].source »"),
    (lambda m, d: m["flux"].append(dict(m["flux"][0])), "m.yaml",
     "flux élémentaires en double : co2-fossile-air"),
    (lambda m, d: m["flux"][0].update(unite="tonne-équivalent"), "m.yaml",
     "flux co2-fossile-air : unité « tonne-équivalent » inconnue"),
    (lambda m, d: _category(m, "acidification")["facteurs"].update({"nh3-air": 3.02}), "m.yaml",
     "catégorie acidification : flux inconnu(s) de la méthode : nh3-air"),
    (lambda m, d: _category(m, CLIMATE)["facteurs"].update({"ch4-fossile-air": -29.8}), "m.yaml",
     "facteur négatif ou nul pour ch4-fossile-air"),
    (lambda m, d: _category(m, CLIMATE).update(id="climat"), "m.yaml",
     "la catégorie « changement-climatique » est absente"),
    (lambda m, d: _category(m, "acidification").update(ponderation=7.2), "m.yaml",
     "les pondérations totalisent 101.00 % au lieu de 100 %"),
    (lambda m, d: m["categories"].remove(_category(m, "ressources-fossiles")), "m.yaml",
     "flux caractérisé(s) par aucune catégorie : ressources-fossiles"),
])
def test_a_broken_copy_is_refused_in_french(copies: tuple[dict, dict, Path], spoil, file: str,
                                            message: str) -> None:
    method, data, folder = copies
    spoil(method, data)
    with pytest.raises(ShippedDataError, match=re.escape(message)) as raised:
        _load_copies(method, data, folder)
    assert raised.value.file == file
    assert str(raised.value).startswith(f"{file} : ")
    assert str(raised.value).endswith("corrigez le fichier ou réinstallez qsecase")


def test_invalid_yaml_is_refused(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text("id: [ef\n", encoding="utf-8")
    (tmp_path / "d.yaml").write_text("", encoding="utf-8")
    with pytest.raises(ShippedDataError, match=r"m\.yaml : YAML invalide"):
        _load(tmp_path / "m.yaml", tmp_path / "d.yaml", method_name="m.yaml", datasets_name="d.yaml")
    with pytest.raises(ShippedDataError, match=r"absent\.yaml : fichier illisible"):
        _load(tmp_path / "absent.yaml", tmp_path / "d.yaml", method_name="absent.yaml",
              datasets_name="d.yaml")
