"""LCA engine: matrices, solve, contributions, hotspots, sensitivity, scenarios, burden shifts.

Every system is tiny and computed by hand in the comments, with the method and datasets below (not
the shipped data files). Method: climat = co2 + 30 × ch4 (kg CO₂ éq.), acidification = so2.
Datasets, per unit of product (climat ; acidification):
    alu           kg    co2 10, so2 0.001                       (10 ; 0.001)
    alu-recycle   kg    co2 1,  so2 0.001                       (1 ; 0.001)
    elec          kWh   co2 0.05, ch4 0.001, energie 9 MJ       (0.08 ; none)
    fret          t.km  co2 0.1, so2 0.01                        (0.1 ; 0.01)
    acier         kg    co2 2,  so2 0.002                        (2 ; 0.002)
"""

from __future__ import annotations

import math
import random
import subprocess
import sys

import numpy as np
import pytest

from qsecase.errors import LcaError, QsecaseError
from qsecase.methods.lca import (
    STAGES,
    Change,
    Dataset,
    DirectFlow,
    ElementaryFlow,
    Exchange,
    ImpactCategory,
    LcaMethod,
    LcaResult,
    Parameter,
    Process,
    ProductSystem,
    Scenario,
)
from qsecase.methods.lca_engine import build, compute, hotspots, scaling, sensitivity
from qsecase.methods.lca_scenarios import apply_scenario, burden_shifts, compare, normalise, single_score

NNBSP = "\u202f"


def _flow(id: str, unite: str = "kg", compartiment: str = "air") -> ElementaryFlow:
    return ElementaryFlow(id=id, libelle=id, compartiment=compartiment, unite=unite)  # type: ignore[arg-type]


METHOD = LcaMethod(
    id="test", libelle="Méthode d'essai", source="essai",
    flux=[_flow("co2"), _flow("ch4"), _flow("so2"), _flow("energie", "MJ", "ressource")],
    categories=[
        ImpactCategory(id="climat", libelle="Climat", unite="kg CO₂ éq.", facteurs={"co2": 1, "ch4": 30},
                       normalisation=1000, ponderation=60, source="essai"),
        ImpactCategory(id="acidification", libelle="Acidification", unite="mol H⁺ éq.",
                       facteurs={"so2": 1}, normalisation=0.5, ponderation=40, source="essai"),
    ])


def _dataset(id: str, unite: str, flux: dict[str, float], matiere: bool = False) -> Dataset:
    return Dataset(id=id, libelle=id, unite=unite, flux=flux, matiere=matiere, source="essai")


DATA = {d.id: d for d in [
    _dataset("alu", "kg", {"co2": 10, "so2": 0.001}, matiere=True),
    _dataset("alu-recycle", "kg", {"co2": 1, "so2": 0.001}, matiere=True),
    _dataset("elec", "kWh", {"co2": 0.05, "ch4": 0.001, "energie": 9}),
    _dataset("fret", "t.km", {"co2": 0.1, "so2": 0.01}),
    _dataset("acier", "kg", {"co2": 2, "so2": 0.002}, matiere=True),
]}


def x(fournisseur: str, quantite: float, unite: str = "") -> Exchange:
    return Exchange(fournisseur=fournisseur, quantite=quantite, unite=unite)


def proc(id: str, etape: str, *intrants: Exchange, unite: str = "p", production: float = 1.0,
         emissions: tuple[DirectFlow, ...] = ()) -> Process:
    return Process(id=id, etape=etape, unite=unite, production=production,  # type: ignore[arg-type]
                   intrants=list(intrants), emissions=list(emissions))


def system(ref: str, *processes: Process, quantity: float = 1.0) -> ProductSystem:
    return ProductSystem(unite_fonctionnelle="assurer la fonction pendant 10 ans", flux_reference="1 pièce",
                         processus_reference=ref, quantite_reference=quantity, processus=list(processes))


def chain() -> ProductSystem:
    """P1 (matières, kg): 1 kg alu per kg. P2 (fabrication, reference): 2 kg of P1 and 5 kWh elec.
    s = P2 1, P1 2, alu 2, elec 5 ; climat = 2 × 10 + 5 × (0.05 + 30 × 0.001) = 20 + 0.4 = 20.4 ;
    acidification = 2 × 0.001 = 0.002 (elec carries no so2)."""
    return system("P2", proc("P1", "matieres", x("alu", 1), unite="kg"),
                  proc("P2", "fabrication", x("P1", 2), x("elec", 5)))


def assert_sums(result: LcaResult) -> None:
    """Σ by_process = Σ by_stage = Σ by_dataset = total, for every category."""
    for c in result.categories:
        total = result.impacts[c]
        assert sum(result.by_process[c].values()) == pytest.approx(total, rel=1e-12, abs=1e-15)
        assert sum(result.by_stage[c].values()) == pytest.approx(total, rel=1e-12, abs=1e-15)
        assert sum(result.by_dataset[c].values()) == pytest.approx(total, rel=1e-12, abs=1e-15)
        assert list(result.by_stage[c]) == list(STAGES)


# --- matrices and the solve -------------------------------------------------------------------------


def test_build_matrices_of_a_two_level_chain() -> None:
    m = build(chain(), DATA, METHOD)
    assert m.activities == ("P1", "P2", "alu", "elec")
    assert m.foreground == 2
    assert m.units == ("kg", "p", "kg", "kWh")
    assert m.flows == ("co2", "ch4", "so2", "energie")
    assert m.categories == ("climat", "acidification")
    # A: production on the diagonal, inputs negative (column = consumer)
    assert m.technosphere.format == "csc"
    assert m.technosphere.toarray().tolist() == [[1, -2, 0, 0], [0, 1, 0, 0], [-1, 0, 1, 0], [0, -5, 0, 1]]
    assert m.biosphere.toarray().tolist() == [[0, 0, 10, 0.05], [0, 0, 0, 0.001], [0, 0, 0.001, 0],
                                              [0, 0, 0, 9]]
    assert m.characterisation.toarray().tolist() == [[1, 30, 0, 0], [0, 0, 1, 0]]
    assert m.demand.tolist() == [0, 1, 0, 0]


def test_two_level_chain() -> None:
    r = compute(chain(), DATA, METHOD)
    assert r.categories == ("climat", "acidification")
    assert r.units == {"climat": "kg CO₂ éq.", "acidification": "mol H⁺ éq."}
    assert r.supply == pytest.approx({"P1": 2, "P2": 1, "alu": 2, "elec": 5})
    assert r.impacts == pytest.approx({"climat": 20.4, "acidification": 0.002})
    assert r.by_process["climat"] == pytest.approx({"P1": 20, "P2": 0.4})
    assert r.by_stage["climat"] == pytest.approx({"matieres": 20, "fabrication": 0.4, "emballage": 0,
                                                  "distribution": 0, "utilisation": 0, "fin-de-vie": 0})
    assert r.by_dataset["climat"] == pytest.approx({"direct": 0, "alu": 20, "elec": 0.4})
    # inventory: co2 = 20 + 5 × 0.05 ; ch4 = 5 × 0.001 ; so2 = 2 × 0.001 ; energie = 5 × 9
    assert r.inventory == pytest.approx({"co2": 20.25, "ch4": 0.005, "so2": 0.002, "energie": 45})
    # elec is used but none of its flows is characterised in acidification
    assert r.missing == {"climat": (), "acidification": ("elec",)}
    assert_sums(r)


def test_units_convert_to_the_provider_unit() -> None:
    # 2 000 g of P1 (kg) = 2 kg ; 0,005 MWh of elec (kWh) = 5 kWh: same result as the chain
    s = system("P2", proc("P1", "matieres", x("alu", 1000, "g"), unite="kg"),
               proc("P2", "fabrication", x("P1", 2000, "g"), x("elec", 0.005, "MWh")))
    m = build(s, DATA, METHOD)
    assert m.technosphere.toarray()[2, 0] == pytest.approx(-1)  # 1 000 g of alu per kg of P1
    r = compute(s, DATA, METHOD)
    assert r.impacts == pytest.approx({"climat": 20.4, "acidification": 0.002})
    assert_sums(r)


def test_transport_in_kg_km() -> None:
    # 2 kg over 500 km = 1 000 kg.km = 1 t.km of fret: climat 0.1, acidification 0.01
    r = compute(system("T", proc("T", "distribution", x("fret", 1000, "kg.km"))), DATA, METHOD)
    assert r.impacts == pytest.approx({"climat": 0.1, "acidification": 0.01})


def test_process_consuming_ten_percent_of_its_own_product() -> None:
    # P1 makes 1 kg, takes back 0,1 kg of it: 0,9 s = 1 → s = 1 / 0,9 ; climat = 10 / 0,9
    s = system("P1", proc("P1", "fabrication", x("P1", 0.1), x("alu", 1), unite="kg"))
    r = compute(s, DATA, METHOD)
    assert r.supply["P1"] == pytest.approx(1 / 0.9)
    assert r.supply["alu"] == pytest.approx(1 / 0.9)
    assert r.impacts["climat"] == pytest.approx(10 / 0.9)
    assert r.by_process["climat"]["P1"] == pytest.approx(10 / 0.9)
    assert_sums(r)


def test_two_processes_consuming_each_other() -> None:
    # P1 (reference, p) takes 1 kg of P2 and 1 kWh ; P2 (kg) takes 0,2 p of P1 and 1 kg alu.
    # s1 − 0,2 s2 = 1 and s2 − s1 = 0 → s1 = s2 = 1,25 ; climat: P1 1,25 × 0,08 = 0,1 ; P2 12,5
    s = system("P1", proc("P1", "fabrication", x("P2", 1), x("elec", 1)),
               proc("P2", "matieres", x("P1", 0.2), x("alu", 1), unite="kg"))
    r = compute(s, DATA, METHOD)
    assert r.supply == pytest.approx({"P1": 1.25, "P2": 1.25, "elec": 1.25, "alu": 1.25})
    assert r.by_process["climat"] == pytest.approx({"P1": 0.1, "P2": 12.5})
    assert r.impacts["climat"] == pytest.approx(12.6)
    assert_sums(r)


def test_production_other_than_one() -> None:
    # P1 makes 4 p per run from 2 kg alu ; 2 p wanted → 0,5 run, 1 kg alu, climat 10
    s = system("P1", proc("P1", "fabrication", x("alu", 2), production=4), quantity=2)
    r = compute(s, DATA, METHOD)
    assert r.supply == pytest.approx({"P1": 0.5, "alu": 1})
    assert r.impacts == pytest.approx({"climat": 10, "acidification": 0.001})
    assert scaling(s, DATA) == pytest.approx({"P1": 0.5, "alu": 1})


def test_direct_flows_and_two_characterised_flows() -> None:
    # P1 emits 1 kg co2 and 100 g ch4 per run: climat = 1 + 30 × 0,1 = 4 ; 3 runs → 12, all « direct »
    flows = (DirectFlow(flux="co2", quantite=1), DirectFlow(flux="ch4", quantite=100, unite="g"))
    r = compute(system("P1", proc("P1", "utilisation", emissions=flows), quantity=3), DATA, METHOD)
    assert r.impacts == pytest.approx({"climat": 12, "acidification": 0})
    assert r.by_dataset["climat"] == pytest.approx({"direct": 12})
    assert r.by_stage["climat"]["utilisation"] == pytest.approx(12)
    assert r.inventory == pytest.approx({"co2": 3, "ch4": 0.3})
    assert_sums(r)


def test_several_categories_and_stages() -> None:
    # MAT: 2 kg alu (20 ; 0,002) ; USI: 1 MAT, 10 kWh (0,8 ; –) ; TRA: 1 USI, 0,5 t.km (0,05 ; 0,005)
    s = system("TRA", proc("MAT", "matieres", x("alu", 2)),
               proc("USI", "fabrication", x("MAT", 1), x("elec", 10)),
               proc("TRA", "distribution", x("USI", 1), x("fret", 0.5)))
    r = compute(s, DATA, METHOD)
    assert r.impacts == pytest.approx({"climat": 20.85, "acidification": 0.007})
    assert r.by_stage["acidification"] == pytest.approx({"matieres": 0.002, "fabrication": 0, "emballage": 0,
                                                         "distribution": 0.005, "utilisation": 0,
                                                         "fin-de-vie": 0})
    assert_sums(r)


def test_agrees_with_a_dense_solve_on_a_random_system_with_loops() -> None:
    rng = random.Random(7)
    n, names = 30, [f"P{i}" for i in range(30)]
    data_ids = list(DATA)
    processes, a = [], np.eye(n + len(data_ids))
    for j in range(n):
        inputs = []
        for i in rng.sample(range(n), 3):  # may include itself: a loop
            q = rng.uniform(0.01, 0.2)
            inputs.append(x(names[i], q))
            a[i, j] -= q
        for d in rng.sample(range(len(data_ids)), 2):
            q = rng.uniform(0.1, 3)
            inputs.append(x(data_ids[d], q))
            a[n + d, j] -= q
        processes.append(proc(names[j], rng.choice(list(STAGES)), *inputs))
    r = compute(system("P0", *processes), DATA, METHOD)
    f = np.zeros(n + len(data_ids))
    f[0] = 1
    s = np.linalg.solve(a, f)
    b = np.array([[DATA[d].flux.get(flow, 0) for d in data_ids] for flow in ("co2", "ch4", "so2")])
    g = b @ s[n:]
    assert r.impacts["climat"] == pytest.approx(g[0] + 30 * g[1], rel=1e-10)
    assert r.impacts["acidification"] == pytest.approx(g[2], rel=1e-10)
    assert [r.supply[k] for k in names] == pytest.approx(s[:n].tolist(), rel=1e-10)
    assert_sums(r)


# --- errors, in French ------------------------------------------------------------------------------


def test_lca_error_is_a_value_error_and_a_qsecase_error() -> None:
    with pytest.raises(LcaError) as info:
        compute(system("P1"), DATA, METHOD)
    assert isinstance(info.value, ValueError) and isinstance(info.value, QsecaseError)
    assert "aucun processus" in str(info.value)


def test_singular_matrix_of_a_process_consuming_all_its_product() -> None:
    s = system("P1", proc("P1", "fabrication", x("P1", 1), x("alu", 1), unite="kg"))
    with pytest.raises(LcaError, match="singulière") as info:
        compute(s, DATA, METHOD)
    assert str(info.value) == (
        "processus P1 : il consomme 1 kg de son propre produit pour 1 kg produit(s) ; la matrice "
        "technosphère est singulière (le processus ne livre rien hors de lui-même) : la consommation "
        "propre doit rester inférieure à la production")
    assert info.value.processus == "P1"


def test_singular_matrix_of_two_processes_in_a_closed_loop() -> None:
    s = system("P1", proc("P1", "fabrication", x("P2", 1)), proc("P2", "matieres", x("P1", 1), x("alu", 1)))
    with pytest.raises(LcaError, match=r"singulière : les processus en boucle \(P1, P2\) se fournissent"):
        compute(s, DATA, METHOD)


def test_a_loop_that_consumes_more_than_it_delivers() -> None:
    # P1 takes 1 p of P2, P2 takes 2 p of P1: s1 − s2 = 1, s2 = 2 s1 → s1 = −1
    s = system("P1", proc("P1", "fabrication", x("P2", 1)), proc("P2", "matieres", x("P1", 2)))
    with pytest.raises(LcaError, match="les processus P1, P2 fonctionneraient un nombre négatif de fois"):
        compute(s, DATA, METHOD)


@pytest.mark.parametrize(("broken", "message", "where"), [
    (system("P9", proc("P1", "fabrication", x("alu", 1))),
     "processus de référence « P9 » absent du système", ""),
    (system("", proc("P1", "fabrication", x("alu", 1))), "processus de référence non renseigné", ""),
    (system("P1", proc("P1", "fabrication", x("alux", 1))),
     "processus P1 : fournisseur « alux » inconnu, ni processus du système ni jeu de données "
     "(vouliez-vous dire « alu » ?)", "P1"),
    (system("P1", proc("P1", "fabrication", x("alu", 2, "kWh"))),
     "processus P1, intrant « alu » : 2 kWh ne se convertit pas dans l'unité du fournisseur (kg) — "
     "kWh (énergie) ne se convertit pas en kg (masse)", "P1"),
    (system("P1", proc("P1", "fabrication", emissions=(DirectFlow(flux="nox", quantite=1),))),
     "processus P1 : flux direct « nox » inconnu de la méthode test", "P1"),
    (system("P1", proc("P1", "fabrication", x("alu", 1), production=0)),
     "processus P1 : production 0 p ; elle doit être positive", "P1"),
    (system("P1", proc("P1", "fabrication"), proc("P1", "matieres")),
     "deux processus portent l'identifiant « P1 »", "P1"),
])
def test_unresolvable_systems_raise_in_french(broken: ProductSystem, message: str, where: str) -> None:
    with pytest.raises(LcaError) as info:
        compute(broken, DATA, METHOD)
    assert str(info.value).startswith(message)
    assert info.value.processus == where


def test_a_dataset_flow_unknown_to_the_method() -> None:
    data = {**DATA, "bois": _dataset("bois", "kg", {"co2-biogenique": 1})}
    with pytest.raises(LcaError, match="jeu de données bois : flux « co2-biogenique » inconnu de la méthode"):
        compute(system("P1", proc("P1", "matieres", x("bois", 1))), data, METHOD)


# --- contributions ------------------------------------------------------------------------------


def four_processes() -> ProductSystem:
    """A (matières) 5 kg alu = 50 ; B (fabrication) 3 kg = 30 ; C (emballage) 7,5 kg acier = 15 ;
    D (fin de vie) 0,5 kg alu = 5 ; R (distribution, reference) takes one of each: climat 100."""
    return system("R", proc("A", "matieres", x("alu", 5)), proc("B", "fabrication", x("alu", 3)),
                  proc("C", "emballage", x("acier", 7.5)), proc("D", "fin-de-vie", x("alu", 0.5)),
                  proc("R", "distribution", x("A", 1), x("B", 1), x("C", 1), x("D", 1)))


def test_hotspots_cut_at_eighty_percent() -> None:
    r = compute(four_processes(), DATA, METHOD)
    assert r.impacts["climat"] == pytest.approx(100)
    top = hotspots(r, "climat")
    assert [c.name for c in top] == ["A", "B"]  # 50 %, then 80 %: the cut
    assert [c.share for c in top] == pytest.approx([0.5, 0.3])
    assert [c.cumulative for c in top] == pytest.approx([0.5, 0.8])
    assert [c.name for c in hotspots(r, "climat", threshold=0.81)] == ["A", "B", "C"]
    assert [c.name for c in hotspots(r, "climat", threshold=1)] == ["A", "B", "C", "D"]  # R (0) left out
    stages = hotspots(r, "climat", by="stage")
    assert [(c.name, round(c.value, 9)) for c in stages] == [("matieres", 50), ("fabrication", 30)]
    assert [c.name for c in hotspots(r, "climat", by="dataset")] == ["alu"]  # 85 % at once


def test_hotspots_refuse_unknown_arguments() -> None:
    r = compute(four_processes(), DATA, METHOD)
    with pytest.raises(LcaError, match="catégorie d'impact « climta » absente des résultats"):
        hotspots(r, "climta")
    with pytest.raises(LcaError, match="analyse de contribution « flux » inconnue"):
        hotspots(r, "climat", by="flux")  # type: ignore[arg-type]
    with pytest.raises(LcaError, match="seuil"):
        hotspots(r, "climat", threshold=0)


# --- sensitivity ------------------------------------------------------------------------------------


def test_sensitivity_is_one_for_a_sole_contributor_and_zero_for_an_unrelated_input() -> None:
    items = sensitivity(chain(), DATA, METHOD)
    got = {(s.parameter.processus, s.parameter.fournisseur, s.category): s.elasticity for s in items}
    assert len(items) == 3 * 2  # (P1, alu), (P2, P1), (P2, elec) × 2 categories
    # acidification comes only from alu: +10 % of alu → +10 %
    assert got["P1", "alu", "acidification"] == pytest.approx(1, rel=1e-12)
    assert got["P2", "P1", "acidification"] == pytest.approx(1, rel=1e-12)
    assert got["P2", "elec", "acidification"] == 0  # elec carries no so2
    # climat: alu is 20 of 20,4 → elasticity 20 / 20,4 ; elec 0,4 / 20,4
    assert got["P1", "alu", "climat"] == pytest.approx(20 / 20.4)
    assert got["P2", "elec", "climat"] == pytest.approx(0.4 / 20.4)
    assert [abs(s.elasticity) for s in items] == sorted((abs(s.elasticity) for s in items), reverse=True)


def test_sensitivity_of_given_parameters_and_direct_flows() -> None:
    flows = (DirectFlow(flux="co2", quantite=4),)
    s = system("P1", proc("P1", "utilisation", x("alu", 1), emissions=flows))  # climat 10 + 4
    items = sensitivity(s, DATA, METHOD, [Parameter(processus="P1", fournisseur="co2")], delta=0.5)
    assert [(i.category, i.elasticity) for i in items] == [("climat", pytest.approx(4 / 14)),
                                                           ("acidification", 0.0)]
    with pytest.raises(LcaError, match="le processus P1 n'a ni intrant ni flux direct « fret »"):
        sensitivity(s, DATA, METHOD, [Parameter(processus="P1", fournisseur="fret")])
    with pytest.raises(LcaError, match="processus « P2 » absent du système"):
        sensitivity(s, DATA, METHOD, [Parameter(processus="P2", fournisseur="alu")])


def test_sensitivity_through_a_loop() -> None:
    # s = 1 / (1 − q) with q = 0,1 ; q × 1,1 = 0,11 → h' / h = 0,9 / 0,89
    s = system("P1", proc("P1", "fabrication", x("P1", 0.1), x("alu", 1), unite="kg"))
    items = sensitivity(s, DATA, METHOD, [Parameter(processus="P1", fournisseur="P1")])
    assert items[0].elasticity == pytest.approx((0.9 / 0.89 - 1) / 0.1)
    # 0,95 × 1,1 > 1: the perturbed process would consume more of its product than it makes
    s = system("P1", proc("P1", "fabrication", x("P1", 0.95), x("alu", 1), unite="kg"))
    with pytest.raises(LcaError, match=f"sensibilité à P1 → P1 \\(\\+10{NNBSP}%\\) : le processus P1 "
                                       "fonctionnerait un nombre négatif de fois"):
        sensitivity(s, DATA, METHOD)


# --- scenarios and burden shifts ----------------------------------------------------------------


def two_stages(material: float = 2, tkm: float = 0.2) -> ProductSystem:
    """MAT (matières): ``material`` kg alu ; TRA (distribution, reference): 1 MAT, ``tkm`` t.km."""
    return system("TRA", proc("MAT", "matieres", x("alu", material)),
                  proc("TRA", "distribution", x("MAT", 1), x("fret", tkm)))


def test_apply_scenario_substitutes_and_changes_amounts() -> None:
    base = two_stages()
    scenario = Scenario(id="S1", modifications=[
        Change(processus="MAT", fournisseur="alu", remplacer_par="alu-recycle", quantite=1500, unite="g"),
        Change(processus="TRA", fournisseur="fret", quantite=3)])
    variant = apply_scenario(base, scenario)
    assert variant.processus[0].intrants == [x("alu-recycle", 1500, "g")]
    assert variant.processus[1].intrants[1] == x("fret", 3)
    assert base == two_stages()  # the baseline is untouched
    # climat 1,5 × 1 + 3 × 0,1 = 1,8
    assert compute(variant, DATA, METHOD).impacts["climat"] == pytest.approx(1.8)


def test_apply_scenario_replaces_several_inputs_from_one_provider() -> None:
    base = system("P1", proc("P1", "fabrication", x("elec", 2), x("alu", 1), x("elec", 3)))
    variant = apply_scenario(base, Scenario(id="S", modifications=[
        Change(processus="P1", fournisseur="elec", quantite=4)]))
    assert variant.processus[0].intrants == [x("elec", 4), x("alu", 1)]


def test_apply_scenario_refuses_an_unknown_process_or_exchange() -> None:
    with pytest.raises(LcaError, match="scénario S1 : processus « MAX » absent du système"):
        apply_scenario(two_stages(), Scenario(id="S1", modifications=[
            Change(processus="MAX", fournisseur="alu", quantite=1)]))
    with pytest.raises(LcaError, match="scénario S1 : le processus MAT n'a pas d'intrant « acier »"):
        apply_scenario(two_stages(), Scenario(id="S1", modifications=[
            Change(processus="MAT", fournisseur="acier", quantite=1)]))


def test_compare() -> None:
    # baseline climat 20 + 0,02 = 20,02 ; variant 10 + 0,02 = 10,02
    gains = compare(compute(two_stages(), DATA, METHOD), compute(two_stages(material=1), DATA, METHOD))
    climat = gains[0]
    assert (climat.category, climat.baseline, climat.variant) == ("climat", pytest.approx(20.02),
                                                                  pytest.approx(10.02))
    assert climat.delta == pytest.approx(-10)
    assert climat.relative == pytest.approx(-10 / 20.02)


def test_burden_shift_lighter_material_longer_transport() -> None:
    # baseline: 2 kg alu, 0,2 t.km → climat 20,02, acidification 0,002 + 0,002 = 0,004
    # variant: 1,5 kg recycled alu, 3 t.km → climat 1,5 + 0,3 = 1,8 (−91 %),
    #          acidification 0,0015 + 0,03 = 0,0315 (+688 %)
    base = compute(two_stages(), DATA, METHOD)
    variant = compute(apply_scenario(two_stages(), Scenario(id="S1", modifications=[
        Change(processus="MAT", fournisseur="alu", remplacer_par="alu-recycle", quantite=1.5),
        Change(processus="TRA", fournisseur="fret", quantite=3)])), DATA, METHOD)
    shifts = burden_shifts(base, variant)
    assert [(s.kind, s.category, s.stage) for s in shifts] == [
        ("categorie", "acidification", ""), ("etape", "climat", "distribution")]
    shift = shifts[0]
    assert shift.relative == pytest.approx(6.875)
    assert shift.message == (f"« acidification » passe de 0,004 à 0,0315 mol H⁺ éq. (+688{NNBSP}%) alors "
                             f"que « climat » baisse de 91{NNBSP}%")


def test_burden_shift_between_stages() -> None:
    # baseline: 1 kg alu (10), 10 t.km (1) → 11 ; variant: 0,5 kg (5), 30 t.km (3) → 8: the total
    # falls, but distribution grows by +200 % (2 > 0,1 % × 11) ; acidification 0,101 → 0,3005 (category shift)
    base = compute(two_stages(1, 10), DATA, METHOD)
    variant = compute(two_stages(0.5, 30), DATA, METHOD)
    shifts = {(s.kind, s.category): s for s in burden_shifts(base, variant)}
    assert set(shifts) == {("categorie", "acidification"), ("etape", "climat")}
    stage = shifts["etape", "climat"]
    assert (stage.stage, stage.baseline, stage.variant) == ("distribution", pytest.approx(1),
                                                            pytest.approx(3))
    assert stage.message == (f"l'étape Distribution et transport passe de 1 à 3 kg CO₂ éq. (+200{NNBSP}%) "
                             "en « climat », dont le total ne se dégrade pas")


def test_no_burden_shift_when_everything_improves() -> None:
    base = compute(two_stages(), DATA, METHOD)
    assert burden_shifts(base, compute(two_stages(material=1, tkm=0.1), DATA, METHOD)) == []
    assert burden_shifts(base, base) == []


# --- normalisation and weighting --------------------------------------------------------------------


def test_normalise_and_single_score() -> None:
    r = compute(chain(), DATA, METHOD)  # climat 20,4 ; acidification 0,002
    assert normalise(r, METHOD) == pytest.approx({"climat": 0.0204, "acidification": 0.004})
    # 0,0204 × 60 % + 0,004 × 40 % = 0,01224 + 0,0016
    assert single_score(r, METHOD) == pytest.approx(0.01384)
    bare = METHOD.model_copy(update={"categories": [c.model_copy(update={"ponderation": None})
                                                    for c in METHOD.categories]})
    assert single_score(r, bare) is None


# --- shape ----------------------------------------------------------------------------------------


def test_importing_the_engine_loads_neither_numpy_nor_scipy() -> None:
    code = "import sys, qsecase.methods.lca; print('numpy' in sys.modules, 'scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_exercise_size_compute_is_fast() -> None:
    import time

    rng = random.Random(3)
    processes = [proc(f"P{j}", rng.choice(list(STAGES)), x(f"P{j + 1}", 1), x(rng.choice(list(DATA)), 1))
                 for j in range(29)] + [proc("P29", "matieres", x("alu", 1))]
    s = system("P0", *processes)
    compute(s, DATA, METHOD)
    start = time.perf_counter()
    for _ in range(20):
        compute(s, DATA, METHOD)
    assert (time.perf_counter() - start) / 20 < 0.05  # a few ms in practice; generous for CI
    assert math.isfinite(compute(s, DATA, METHOD).impacts["climat"])


def test_lu_falls_back_to_partial_pivoting_and_reports_a_singular_matrix() -> None:
    from scipy.sparse import csc_matrix

    from qsecase.methods.lca_engine import _lu_solve

    # not an M-matrix (a negative input): the second diagonal pivot is 1 − 1 × 1 = 0, yet det = −1
    a = csc_matrix(np.array([[1.0, 1, 0], [1, 1, 1], [0, 1, 1]]))
    s = _lu_solve(a, np.array([1.0, 0, 0]))
    assert s is not None and s.tolist() == pytest.approx([0, 1, -1])
    assert _lu_solve(csc_matrix(np.array([[1.0, -1], [-1, 1]])), np.array([1.0, 0])) is None


def test_sensitivity_to_a_zero_input_is_zero() -> None:
    s = system("P1", proc("P1", "fabrication", x("alu", 1), x("elec", 0)))
    items = sensitivity(s, DATA, METHOD, [Parameter(processus="P1", fournisseur="elec")])
    assert [i.elasticity for i in items] == [0, 0]


def test_units_added_for_the_lca() -> None:
    from qsecase.methods.ghg import convert

    assert convert(500, "g", "kg") == pytest.approx(0.5)
    assert convert(2500, "kg.km", "t.km") == pytest.approx(2.5)
    assert convert(4, "pièces", "p") == 4
    with pytest.raises(ValueError, match=r"p \(nombre de pièces\) ne se convertit pas en kg \(masse\)"):
        convert(1, "p", "kg")


def test_a_small_stage_growth_is_a_shift_but_numerical_noise_is_not() -> None:
    # baseline: 2 kg alu (20), 0,2 t.km (0,02) → 20,02 ; floor 0,1 % × 20,02 = 0,02002.
    # variant 1 kg alu with 0,21 or 0,22 t.km: distribution +0,001 / +0,002 (+5 %, +10 %) is under
    # the floor → no shift ; with 0,5 t.km: +0,03 (+150 %) is above it → a stage shift
    base = compute(two_stages(), DATA, METHOD)
    for tkm in (0.21, 0.22):
        shifts = burden_shifts(base, compute(two_stages(material=1, tkm=tkm), DATA, METHOD))
        assert [s for s in shifts if s.category == "climat"] == []
    shifts = burden_shifts(base, compute(two_stages(material=1, tkm=0.5), DATA, METHOD))
    assert [(s.kind, s.stage) for s in shifts if s.category == "climat"] == [("etape", "distribution")]


def test_a_scenario_adds_and_removes_inputs() -> None:
    # 25 % primary + 75 % recycled: alu 2 kg → 0,5 kg primary (5) + 1,5 kg recycled (1,5)
    system = two_stages()
    scenario = Scenario(id="S2", modifications=[
        Change(processus="MAT", fournisseur="alu", quantite=0.5),
        Change(action="ajouter", processus="MAT", fournisseur="alu-recycle", quantite=1500, unite="g")])
    variant = apply_scenario(system, scenario)
    assert [x.fournisseur for x in variant.processus[0].intrants] == ["alu", "alu-recycle"]
    assert compute(variant, DATA, METHOD).by_stage["climat"]["matieres"] == pytest.approx(6.5)
    removed = apply_scenario(system, Scenario(id="S3", modifications=[
        Change(action="retirer", processus="TRA", fournisseur="fret")]))
    assert compute(removed, DATA, METHOD).by_stage["climat"]["distribution"] == 0
    with pytest.raises(LcaError, match="à retirer"):
        apply_scenario(system, Scenario(id="S4", modifications=[
            Change(action="retirer", processus="TRA", fournisseur="alu")]))
    with pytest.raises(LcaError, match="indiquez la quantité"):
        apply_scenario(system, Scenario(id="S5", modifications=[
            Change(action="ajouter", processus="TRA", fournisseur="alu")]))
    assert [x.fournisseur for x in system.processus[0].intrants] == ["alu"]  # baseline unchanged
