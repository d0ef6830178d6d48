"""Entry checks of a product system and its mass balance: each message, and never an exception."""

from __future__ import annotations

import pytest

from qsecase.methods.base import Issue
from qsecase.methods.lca import (
    Dataset,
    DirectFlow,
    ElementaryFlow,
    Exchange,
    ImpactCategory,
    LcaMethod,
    Process,
    ProductSystem,
)
from qsecase.methods.lca_checks import MassBalance, check_mass_balance, check_system, mass_balance

NNBSP = "\u202f"
CUT_OFF = ("un recyclage se saisit comme un traitement de fin de vie, sans crédit négatif "
           "(approche « cut-off »)")

METHOD = LcaMethod(
    id="test", libelle="Méthode d'essai", source="essai",
    flux=[ElementaryFlow(id="co2", libelle="CO₂", compartiment="air", unite="kg")],
    categories=[ImpactCategory(id="climat", libelle="Climat", unite="kg CO₂ éq.", facteurs={"co2": 1},
                               source="essai")])
DATA = {d.id: d for d in [
    Dataset(id="alu", libelle="Aluminium", unite="kg", flux={"co2": 10}, matiere=True, source="essai"),
    Dataset(id="carton", libelle="Carton", unite="kg", flux={"co2": 1}, matiere=True, source="essai"),
    Dataset(id="elec", libelle="Électricité", unite="kWh", flux={"co2": 0.05}, source="essai"),
    Dataset(id="fret", libelle="Fret", unite="t.km", flux={"co2": 0.1}, source="essai"),
    Dataset(id="recyclage-alu", libelle="Recyclage", unite="kg", flux={"co2": 0.2}, source="essai"),
]}


def x(fournisseur: str, quantite: float, unite: str = "", sources: tuple[str, ...] = ("NOM-01",)) -> Exchange:
    return Exchange(fournisseur=fournisseur, quantite=quantite, unite=unite, sources=list(sources))


def clean() -> ProductSystem:
    """Every stage, every unit given, every process sourced: no issue.

    Mass balance: 3 kg alu enter (LOP, matières), 1 kg of chips to recycling at fabrication (USI),
    product 2 kg → gap 0. The carton (emballage) is neither product nor fabrication waste.
    """
    return ProductSystem(
        unite_fonctionnelle="assurer la fonction de bloc hydraulique pendant 10 000 heures",
        flux_reference="1 bloc de 2 kg", processus_reference="FDV", quantite_reference=1, masse_produit_kg=2,
        processus=[
            Process(id="LOP", etape="matieres", unite="kg", intrants=[x("alu", 1, "kg")]),
            Process(id="USI", etape="fabrication", intrants=[x("LOP", 3, "kg"), x("elec", 7, "kWh"),
                                                             x("recyclage-alu", 1000, "g")]),
            Process(id="EMB", etape="emballage", intrants=[x("USI", 1, "p"), x("carton", 0.06, "kg")]),
            Process(id="LIV", etape="distribution", intrants=[x("EMB", 1, "p"), x("fret", 0.2, "t.km")]),
            Process(id="UTI", etape="utilisation", intrants=[x("LIV", 1, "p")], sources=["ACV10"]),
            Process(id="FDV", etape="fin-de-vie", intrants=[x("UTI", 1, "p"), x("recyclage-alu", 2, "kg")]),
        ])


def edit(system: ProductSystem, pid: str, **update: object) -> ProductSystem:
    copy = system.model_copy(deep=True)
    copy.processus = [p.model_copy(update=update) if p.id == pid else p for p in copy.processus]
    return copy


def messages(system: ProductSystem) -> list[str]:
    return [str(i) for i in check_system(system, DATA, METHOD)]


def test_a_clean_system_has_no_issue() -> None:
    assert check_system(clean(), DATA, METHOD) == []
    assert check_mass_balance(clean(), DATA) == []


def test_functional_unit_reference_flow_and_process() -> None:
    s = clean().model_copy(update={"unite_fonctionnelle": "", "flux_reference": "",
                                   "processus_reference": "FVD", "quantite_reference": 0})
    assert messages(s) == [
        "✖ unité fonctionnelle non renseignée : décrivez la fonction remplie, sa quantité et sa durée",
        "✖ flux de référence non renseigné : la quantité de produit qui remplit l'unité fonctionnelle",
        "✖ processus de référence « FVD » absent du système ; vouliez-vous dire « FDV » ?",
        "✖ quantité de référence 0 : elle doit être positive",
    ]
    empty = clean().model_copy(update={"processus_reference": ""})
    assert messages(empty) == ["✖ processus de référence non renseigné : le processus dont le produit "
                               "remplit l'unité fonctionnelle"]
    assert messages(ProductSystem()) == [
        "✖ unité fonctionnelle non renseignée : décrivez la fonction remplie, sa quantité et sa durée",
        "✖ flux de référence non renseigné : la quantité de produit qui remplit l'unité fonctionnelle",
        "✖ aucun processus : saisissez au moins le processus de référence",
    ]


def test_exchange_without_unit_is_read_in_the_provider_unit() -> None:
    s = edit(clean(), "LIV", intrants=[x("EMB", 1), x("fret", 0.2)])
    assert messages(s) == [
        "⚠ LIV → EMB : unité non renseignée ; la quantité est lue en p, l'unité du fournisseur",
        "⚠ LIV → fret : unité non renseignée ; la quantité est lue en t.km, l'unité du fournisseur",
    ]


def test_unit_that_does_not_convert() -> None:
    s = edit(clean(), "LIV", intrants=[x("EMB", 1, "p"), x("fret", 52, "km")])
    assert messages(s) == ["✖ LIV → fret : l'unité km ne se convertit pas en t.km, unité du fournisseur "
                           "(km (distance) ne se convertit pas en t.km (transport de marchandises))"]


def test_negative_amount() -> None:
    s = edit(clean(), "FDV", intrants=[x("UTI", 1, "p"), x("recyclage-alu", -1.5, "kg")])
    assert messages(s) == [f"✖ quantité négative : FDV → recyclage-alu, −1,5 kg ; {CUT_OFF}"]


def test_unknown_provider_with_a_suggestion() -> None:
    s = edit(clean(), "USI", intrants=[x("LOP", 3, "kg"), x("elect", 7, "kWh"),
                                       x("recyclage-alu", 1, "kg")])
    assert messages(s) == ["✖ USI → elect : fournisseur inconnu, ni processus du système ni jeu de "
                           "données ; vouliez-vous dire « elec » ?"]


def test_process_never_reached_and_stage_without_process() -> None:
    s = clean()
    s.processus = [p for p in s.processus if p.id != "EMB"]  # LIV now takes the product of USI
    s = edit(s, "LIV", intrants=[x("USI", 1, "p"), x("fret", 0.2, "t.km")])
    s.processus.append(Process(id="OUB", etape="emballage", intrants=[x("carton", 0.1, "kg")]))
    assert messages(s) == ["⚠ OUB : processus jamais atteint depuis le processus de référence FDV ; il ne "
                           "compte pas dans les résultats"]
    s.processus.pop()
    assert messages(s) == ["⚠ étape « Emballage » : aucun processus"]


def test_direct_flow_unknown_or_in_a_wrong_unit() -> None:
    s = edit(clean(), "UTI", emissions=[DirectFlow(flux="co3", quantite=1),
                                        DirectFlow(flux="co2", quantite=1, unite="kWh")])
    assert messages(s) == [
        "✖ UTI : flux direct « co3 » inconnu de la méthode ; vouliez-vous dire « co2 » ?",
        "✖ UTI, flux direct « co2 » : l'unité kWh ne se convertit pas en kg, unité du flux (kWh (énergie) ne "
        "se convertit pas en kg (masse))",
    ]


def test_process_without_source() -> None:
    s = edit(clean(), "LIV", intrants=[x("EMB", 1, "p", ()), x("fret", 0.2, "t.km", ())])
    assert messages(s) == ["⚠ LIV : aucune source citée ; citez le fait du corpus qui donne ses quantités"]
    sourced = edit(s, "LIV", sources=["LOG-07"])  # a source on the process itself is enough
    assert messages(sourced) == []


def test_duplicate_id_production_self_consumption_and_a_hidden_dataset() -> None:
    s = clean()
    s.processus.append(Process(id="LOP", etape="matieres", sources=["x"]))
    assert "✖ LOP : deux processus portent cet identifiant ; renommez l'un d'eux" in messages(s)
    s = edit(clean(), "USI", production=0)
    assert messages(s) == ["✖ USI : production 0 p ; elle doit être positive"]
    s = edit(clean(), "LOP", intrants=[x("alu", 1, "kg"), x("LOP", 1000, "g")])
    assert messages(s) == ["✖ LOP consomme 1 kg de son propre produit pour 1 kg produit(s) : la "
                           "consommation propre doit rester inférieure à la production"]
    s = edit(clean(), "LOP", id="alu", intrants=[])
    s = edit(s, "USI", intrants=[x("alu", 3, "kg"), x("elec", 7, "kWh"), x("recyclage-alu", 1, "kg")])
    assert "⚠ alu : un jeu de données porte le même identifiant ; c'est le processus qui est employé comme " \
           "fournisseur" in messages(s)


def test_issues_are_levelled() -> None:
    s = edit(clean(), "LIV", intrants=[x("EMB", 1), x("fret", -1, "t.km")])
    levels = [(i.level, i.message.split(" :")[0]) for i in check_system(s, DATA, METHOD)]
    assert levels == [("attention", "LIV → EMB"), ("erreur", "quantité négative")]
    assert all(isinstance(i, Issue) for i in check_system(s, DATA, METHOD))


# --- mass balance ---------------------------------------------------------------------------------


def test_mass_balance_figures() -> None:
    # 3 kg alu in (LOP runs 3 times) ; 1 000 g = 1 kg of chips recycled at fabrication ; product 2 kg.
    # The 2 kg recycled at end of life and the carton are outside the balance.
    assert mass_balance(clean(), DATA) == MassBalance(inputs_kg=3, product_kg=2, waste_kg=1, ecart=0)
    twice = clean().model_copy(update={"quantite_reference": 2})
    assert mass_balance(twice, DATA) == MassBalance(6, 4, 2, 0)


def test_mass_balance_gap_beyond_ten_percent() -> None:
    # chips forgotten: (3 − 2 − 0) / 3 = 33,3 %
    s = edit(clean(), "USI", intrants=[x("LOP", 3, "kg"), x("elec", 7, "kWh")])
    assert mass_balance(s, DATA).ecart == pytest.approx(1 / 3)
    assert [str(i) for i in check_mass_balance(s, DATA)] == [
        f"⚠ bilan matière : 3 kg de matières entrent pour 2 kg de produit et 0 kg de déchets de "
        f"fabrication, écart de 33,3{NNBSP}% ; des chutes ou des déchets de fabrication manquent-ils ?"]
    # net mass entered instead of gross: (2,2 − 2 − 1) / 2,2 = −36,4 %
    s = edit(clean(), "USI", intrants=[x("LOP", 2.2, "kg"), x("recyclage-alu", 1, "kg")])
    assert [str(i) for i in check_mass_balance(s, DATA)] == [
        f"⚠ bilan matière : 2,2 kg de matières entrent pour 2 kg de produit et 1 kg de déchets de "
        f"fabrication, écart de −36,4{NNBSP}% ; une matière manque-t-elle, ou la masse nette est-elle "
        "saisie au lieu de la brute ?"]


def test_mass_balance_within_ten_percent_or_impossible() -> None:
    s = edit(clean(), "USI", intrants=[x("LOP", 3.2, "kg"), x("recyclage-alu", 1, "kg")])  # 6,25 %
    assert check_mass_balance(s, DATA) == []
    no_mass = clean().model_copy(update={"masse_produit_kg": None})
    assert mass_balance(no_mass, DATA).ecart is None
    assert [str(i) for i in check_mass_balance(no_mass, DATA)] == [
        "⚠ bilan matière impossible : 3 kg de matières entrent, mais la masse du produit n'est pas "
        "renseignée"]


@pytest.mark.parametrize("broken", [
    ProductSystem(),
    ProductSystem(processus_reference="P1", processus=[Process(id="P1", etape="fabrication", intrants=[
        Exchange(fournisseur="P1", quantite=1)])]),
    ProductSystem(processus_reference="P1", processus=[Process(id="P1", etape="fabrication", intrants=[
        Exchange(fournisseur="inconnu", quantite=1), Exchange(fournisseur="alu", quantite=1, unite="kWh")])]),
])
def test_checks_never_raise(broken: ProductSystem) -> None:
    assert check_mass_balance(broken, DATA) == []
    assert all(isinstance(i, Issue) for i in check_system(broken, DATA, METHOD))
