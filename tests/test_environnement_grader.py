"""The environnement rules on the bundled case: a complete answer earns the automatic points, gaps cost."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qsecase.corpus import load_case
from qsecase.exercises import registry
from qsecase.exercises.environnement.model import EnvironnementAnswers, EnvironnementKey
from qsecase.ghg_data import emission_factors
from qsecase.methods.env_aspects import EnvAspect
from qsecase.methods.env_registers import CollectionItem, WasteLine
from qsecase.methods.flows import FlowReading, WasteActor
from qsecase.methods.ghg import ActivityLine, compute, totals

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "cases" / "mecaprec"
EXERCISE = registry.get("environnement")

# the 2025 activity data of the corpus (invoices, refrigerant records, purchases, transport)
BEGES = [
    ("gaz-naturel-pcs", 340_400, "kWh PCS"), ("fioul-domestique", 500, "L"), ("gazole", 2_650, "L"),
    ("fuite-r134a", 8.3, "kg"), ("fuite-r410a", 4.3, "kg"), ("electricite-france", 1_610_890, "kWh"),
    ("fret-routier-articule", 52_758 + 10_478, "t.km"),
    ("fret-routier-porteur", 5_996 + 194 + 24_360, "t.km"),
    ("tgv", 13_020, "passager.km"), ("avion-court-courrier", 3_280, "passager.km"),
    ("voiture-thermique", 21_350, "km"), ("acier", 531.4, "t"),
]


def complete(case, key: EnvironnementKey) -> EnvironnementAnswers:  # type: ignore[no-untyped-def]
    collecte = [CollectionItem(donnee=c.libelle, acteur=c.acteurs[0], support="Facture ou relevé",
                               echeance_jour=10, relance_jours=7, relance="Courriel puis appel")
                for c in key.collecte]
    register = [WasteLine(date=dt.date(2026, 1, 1) + dt.timedelta(days=7 * n), denomination="Copeaux",
                          code_dechet="12 01 01", quantite=1.0, unite="t",
                          installation="Recyclage Rhône, 69400 Arnas, SIRET 000",
                          transporteur="Trans, récépissé 1",
                          code_traitement="R4", qualification="recyclage")
                for n in range(key.registre_lignes)]
    aspects = [EnvAspect(id=f"AE{n}", activite=e.activite, aspect=e.libelle, impact="Impact",
                         situation=e.situation,
                         g=e.g, f=e.f, significatif=e.significatif, maitrise="Consigne",
                         outil=e.outils[0] if e.outils else None, action="Action",
                         exigence_legale="", plainte=False)
               for n, e in enumerate(key.aspects, 1)]
    # a significant aspect below the threshold is justified by a legal requirement, as in the key
    aspects = [x.model_copy(update={"exigence_legale": "Texte applicable"})
               if x.significatif and x.g * x.f < key.seuil_significativite else x for x in aspects]
    beges = [ActivityLine(id=f"A{n}", quantite=q, unite=u, facteur=f) for n, (f, q, u) in enumerate(BEGES, 1)]
    gaspillages = [WasteActor(gaspillage=g.libelle, service=g.services[0], fonction=g.fonctions[0],
                              action_simple="Tournée hebdomadaire", modalite="Avec le chef d'équipe")
                   for g in key.gaspillages]
    readings = [FlowReading(action=act, flux="flux", ratio_avant=1.0, ratio_apres=key.ratios.get(act, 1.0),
                            unite="par pièce", verdict=v,
                            justification="Variation du ratio comparée à l'objectif de l'action")
                for act, v in key.efficacite.items()]
    return EnvironnementAnswers(collecte=collecte, registre_dechets=register, aspects=aspects, beges=beges,
                                gaspillages=gaspillages, efficacite=readings)


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    return load_case(CASE)


@pytest.fixture(scope="module")
def key() -> EnvironnementKey:
    return registry.load_key(EXERCISE, CASE / "key" / "environnement.yaml")  # type: ignore[return-value]


def grade(answers: EnvironnementAnswers, case, key):  # type: ignore[no-untyped-def]
    return EXERCISE.grade(answers, key, case, trainee="t", now=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))


def items(g):  # type: ignore[no-untyped-def]
    return {i.item: i for i in g.items}


def test_the_key_beges_is_the_corpus_data_times_the_factors(case, key) -> None:  # type: ignore[no-untyped-def]
    from qsecase.ghg_data import posts

    result = totals(compute(complete(case, key).beges, emission_factors(), posts()))
    assert result.total_t == pytest.approx(key.beges_total_t, rel=0.01)


def test_complete_answer_earns_the_automatic_points(case, key) -> None:  # type: ignore[no-untyped-def]
    g = grade(complete(case, key), case, key)
    lost = {i.item: (i.points, i.max_points, i.feedback) for i in g.items
            if i.status not in ("acquis", "à vérifier")}
    assert lost == {}


def test_electricity_in_mwh_with_a_kwh_factor_is_an_error(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = complete(case, key)
    lines = [x.model_copy(update={"unite": "m³"}) if "electricite" in x.facteur else x for x in answers.beges]
    item = items(grade(answers.model_copy(update={"beges": lines}), case, key))["beges"]
    assert item.status != "acquis"


def test_wrong_verdicts_are_named(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = complete(case, key)
    flipped = [r.model_copy(update={"verdict": "efficace" if r.verdict != "efficace" else "non efficace"})
               for r in answers.efficacite]
    item = items(grade(answers.model_copy(update={"efficacite": flipped}), case, key))["verdicts"]
    assert item.points == 0
    assert "Verdict d'efficacité à revoir" in item.feedback


def test_register_lines_missing_fields_are_listed(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = complete(case, key)
    bare = [x.model_copy(update={"code_traitement": "", "transporteur": ""})
            for x in answers.registre_dechets]
    item = items(grade(answers.model_copy(update={"registre_dechets": bare}), case, key))["registre"]
    assert item.status != "acquis"
    assert "Champs obligatoires non renseignés" in item.feedback
