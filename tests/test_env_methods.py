"""Environmental methods: aspects, waste register, data collection, flows (each check fires, or not)."""

from __future__ import annotations

import datetime as dt

import matplotlib

matplotlib.use("Agg")

import pytest
from matplotlib.figure import Figure
from matplotlib.sankey import Sankey

from qsecase.methods.env_aspects import (
    EnvAspect,
    check_aspects,
    covers,
    criticity,
    is_significant,
    rank_aspects,
)
from qsecase.methods.env_registers import (
    CollectionItem,
    WasteLine,
    check_collection,
    check_waste_register,
    expected_kinds,
    is_hazardous,
    missing_fields,
    reminders_due,
)
from qsecase.methods.flows import before_after, normalise, sankey_flows, verdict

D = dt.date


# --- aspects ---------------------------------------------------------------------------------------

def aspect(id: str, activite: str = "Peinture des pièces", **kw: object) -> EnvAspect:
    base: dict[str, object] = {"aspect": "émission de COV", "g": 2, "f": 2, "maitrise": "cabine filtrée"}
    return EnvAspect(id=id, activite=activite, **(base | kw))


def good_analysis() -> list[EnvAspect]:
    return [
        aspect("AE1", g=3, f=4, significatif=True, outil="mesure d'émissions", action="capter les COV"),
        aspect("AE2", "Lavage des pièces", aspect="rejet d'eaux de lavage", g=1, f=2),
        aspect("AE3", "Lavage des pieces", aspect="déversement de lessive", situation="anormale", g=2, f=1),
        aspect("AE4", "peinture", aspect="incendie de la cabine", situation="urgence", g=4, f=1),
    ]


ACTIVITIES = ("Peinture des pièces", "Lavage des pièces")


def texts(aspects: list[EnvAspect], activities: tuple[str, ...] = ACTIVITIES,
          threshold: int = 8) -> list[str]:
    return [str(i) for i in check_aspects(aspects, activities, threshold)]


def test_criticity_significance_and_ranking() -> None:
    a = aspect("A", g=3, f=3)
    assert criticity(a) == 9
    assert is_significant(a, 9) and not is_significant(a, 10)
    assert is_significant(aspect("B", g=1, f=1, exigence_legale="arrêté du 2 février 1998"), 10)
    assert is_significant(aspect("C", g=1, f=1, plainte=True), 10)
    ranked = rank_aspects([aspect("X", g=2, f=2), aspect("Y", g=2, f=2, plainte=True), aspect("Z", g=4, f=3)])
    assert [r.id for r in ranked] == ["Z", "Y", "X"]


def test_a_sound_analysis_raises_nothing() -> None:
    assert texts(good_analysis()) == []


def test_activity_coverage_is_tolerant() -> None:
    assert covers("Peinture des pièces", "PEINTURE de piece")
    assert covers("Peinture des pièces", "Peinture")
    assert not covers("Peinture des pièces", "Lavage des pièces")
    issues = texts(good_analysis(), ("Peinture des pièces", "Stockage des produits chimiques"))
    assert issues == ["✖ L'activité « Stockage des produits chimiques » n'a aucun aspect environnemental."]


def test_missing_abnormal_and_emergency_situations() -> None:
    normal = [a for a in good_analysis() if a.situation == "normale"]
    (issue,) = check_aspects(normal, (), 8)
    assert issue.level == "erreur" and "Aucune situation anormale ni d'urgence" in issue.message
    (issue,) = check_aspects(good_analysis()[:3], (), 8)
    assert issue.level == "attention" and "Aucune situation d'urgence" in issue.message


def test_significance_contrary_to_the_rule() -> None:
    analysis = good_analysis()
    analysis[0] = analysis[0].model_copy(update={"significatif": False})
    analysis[1] = analysis[1].model_copy(update={"exigence_legale": "arrêté de rejet"})
    issues = texts(analysis)
    assert any("AE1 est déclaré non significatif alors que la règle le rend significatif "
               "(criticité 3 × 4 = 12 ≥ seuil 8)" in m for m in issues)
    assert any("AE2 est déclaré non significatif" in m and "exigence légale (arrêté de rejet)" in m
               for m in issues)
    over = good_analysis()
    over[1] = over[1].model_copy(update={"significatif": True, "outil": "bilan matière"})
    assert any("AE2 est déclaré significatif alors que la règle le rend non significatif" in m
               for m in texts(over))


def test_significant_aspect_needs_control_or_action_and_a_tool() -> None:
    analysis = good_analysis()
    analysis[0] = analysis[0].model_copy(update={"maitrise": "", "action": "", "outil": None})
    issues = texts(analysis)
    assert "✖ AE1 est significatif mais n'a ni maîtrise existante ni action." in issues
    assert any(m.startswith("⚠ AE1 est significatif : indiquez l'outil") for m in issues)


def test_empty_analysis_duplicates_and_threshold() -> None:
    assert texts([]) == ["✖ Aucun aspect environnemental identifié."]
    assert any("L'identifiant AE1 désigne plusieurs aspects" in m
               for m in texts([*good_analysis(), good_analysis()[0]]))
    with pytest.raises(ValueError, match="entre 1 et 16"):
        check_aspects(good_analysis(), (), 17)


# --- waste register ------------------------------------------------------------------------------------

def waste(**kw: object) -> WasteLine:
    base: dict[str, object] = {
        "date": D(2024, 3, 4), "denomination": "Copeaux d'acier", "code_dechet": "12 01 01", "quantite": 2.4,
        "installation": "Ferrailles du Sud, 13127 Vitrolles, SIRET 123 456 789 00012",
        "transporteur": "TransDéchets, récépissé 2023-045", "code_traitement": "R4",
        "qualification": "recyclage"}
    return WasteLine(**(base | kw))


def register_texts(lines: list[WasteLine]) -> list[str]:
    return [str(i) for i in check_waste_register(lines)]


def test_hazard_and_treatment_codes() -> None:
    assert is_hazardous("13 02 05*") and is_hazardous("13 02 05 *") and is_hazardous("130205*")
    assert not is_hazardous("12 01 01") and not is_hazardous("13 02*") and not is_hazardous("")
    assert expected_kinds("D10") == ("élimination",) and expected_kinds("r 1") == ("autre valorisation",)
    assert "recyclage" in (expected_kinds("R5") or ())
    assert "élimination" not in (expected_kinds("R13") or ("élimination",))
    assert expected_kinds("R14") is None and expected_kinds("D16") is None and expected_kinds("X1") is None


def test_a_sound_register_raises_nothing() -> None:
    oil = waste(date=D(2024, 3, 11), denomination="Huiles usagées", code_dechet="13 02 05*",
                bordereau="BSD-2024-0031", code_traitement="R9", qualification="recyclage")
    burnt = waste(date=D(2024, 3, 11), denomination="Chiffons souillés", code_dechet="15 02 02*",
                  bordereau="TD-24-001", code_traitement="D10", qualification="élimination")
    assert register_texts([waste(), oil, burnt]) == []
    assert missing_fields(oil) == []


def test_missing_fields_and_bordereau() -> None:
    bare = WasteLine(code_dechet="13 02 05*")
    assert missing_fields(bare) == [
        "date d'expédition", "dénomination", "quantité", "installation destinataire", "transporteur",
        "code de traitement", "qualification du traitement", "n° de bordereau (BSD / Trackdéchets)"]
    issues = register_texts([waste(code_dechet="13 02 05*")])
    assert issues == ["✖ Ligne 1 (« Copeaux d'acier ») : déchet dangereux (« 13 02 05* ») sans n° de "
                      "bordereau (BSD / Trackdéchets)."]
    (gaps,) = register_texts([waste(transporteur="", quantite=None)])
    assert "champs obligatoires manquants : quantité, transporteur." in gaps


@pytest.mark.parametrize(("kw", "level", "text"), [
    ({"code_dechet": "12 01"}, "✖", "code déchet « 12 01 » mal formé"),
    ({"code_dechet": "120101"}, "⚠", "écrivez-le en trois paires"),
    ({"code_traitement": "R14"}, "✖", "code de traitement « R14 » inconnu"),
    ({"code_traitement": "D5", "qualification": "recyclage"}, "✖",
     "le code D5 ne correspond pas à « recyclage »"),
    ({"code_traitement": "R1", "qualification": "recyclage"}, "✖", "(attendu : autre valorisation)"),
    ({"code_traitement": "R4", "qualification": "élimination"}, "✖", "attendu : recyclage ou réutilisation"),
    ({"code_traitement": "R12", "qualification": "élimination"}, "✖", "ne correspond pas à « élimination »"),
])
def test_register_checks_fire(kw: dict[str, object], level: str, text: str) -> None:
    (issue,) = register_texts([waste(**kw)])
    assert issue.startswith(level) and text in issue


def test_register_is_chronological() -> None:
    lines = [waste(), waste(date=D(2024, 3, 20)), waste(date=D(2024, 3, 12)), waste(date=None, quantite=1)]
    issues = register_texts(lines)
    assert "✖ Ligne 3 (« Copeaux d'acier ») : expédition du 12/03/2024 inscrite après celle de la ligne 2 " \
           "(20/03/2024) : le registre est chronologique." in issues
    assert len(issues) == 2  # and line 4 lacks its date
    assert register_texts([]) == ["✖ Registre des déchets vide : inscrivez chaque enlèvement."]


# --- data-collection plan ------------------------------------------------------------------------------

def item(**kw: object) -> CollectionItem:
    base: dict[str, object] = {"donnee": "Consommation d'électricité", "acteur": "responsable maintenance",
                               "support": "facture", "echeance_jour": 5, "relance_jours": 7,
                               "relance": "courriel puis appel"}
    return CollectionItem(**(base | kw))


def test_collection_plan_checks() -> None:
    assert check_collection([item(), item(donnee="Volume d'eau")]) == []
    assert [str(i) for i in check_collection([])] == [
        "✖ Plan de collecte vide : listez les données à recueillir."]
    issues = [str(i) for i in check_collection([item(acteur="", echeance_jour=None),
                                                item(donnee="consommation d’electricite"),
                                                item(donnee="Déchets", relance="", relance_jours=None)])]
    assert issues == [
        "✖ « Consommation d'électricité » : à préciser : acteur, jour d'échéance.",
        "⚠ « consommation d’electricite » figure plusieurs fois dans le plan.",
        "⚠ « Déchets » : relance à prévoir : délai, modalité (qui relance, comment).",
    ]


def test_reminders_due() -> None:
    plan = [item(), item(donnee="Volume d'eau", acteur="", relance="", echeance_jour=31, relance_jours=3),
            item(donnee="Sans échéance", echeance_jour=None)]
    # 12 April: March's electricity was due on 5 April, chased from 12 April
    due = reminders_due(plan, {}, D(2024, 4, 12))
    assert due == ["Relancer responsable maintenance : « Consommation d'électricité » de mars 2024, attendue "
                   "le 05/04/2024, non reçue (courriel puis appel).",
                   "Relancer le détenteur de la donnée : « Volume d'eau » de février 2024, attendue le "
                   "31/03/2024, non reçue."]
    assert reminders_due(plan[:1], {}, D(2024, 4, 11)) == []  # not yet
    assert reminders_due(plan[:1], {"consommation d'electricite": {"2024-03"}}, D(2024, 4, 12)) == []
    # 3 March: February's water is due on 29 February (leap year), chased from 3 March
    (water,) = reminders_due(plan[1:2], {"Volume d'eau": {"2023-12"}}, D(2024, 3, 3))
    assert "de janvier 2024, attendue le 29/02/2024" in water
    (elec,) = reminders_due(plan[:1], {}, D(2024, 1, 20))
    assert "de décembre 2023, attendue le 05/01/2024" in elec


# --- flows ----------------------------------------------------------------------------------------------

MONTHS = [f"2024-{m:02d}" for m in range(1, 13)]


def test_normalise() -> None:
    ratios = normalise({"2024-01": 300.0, "2024-02": None, "2024-03": 280.0, "2024-04": 10.0},
                       {"2024-01": 100.0, "2024-02": 90.0, "2024-03": 0.0, "2024-05": 80.0})
    assert ratios == {"2024-01": 3.0, "2024-02": None, "2024-03": None, "2024-04": None, "2024-05": None}


def test_before_after_and_verdicts() -> None:
    ratios: dict[str, float | None] = dict.fromkeys(MONTHS[:6], 2.0) | dict.fromkeys(MONTHS[7:], 1.7)
    ratios["2024-07"] = 5.0  # action month, left out
    ratios["2024-02"] = None
    ba = before_after(ratios, MONTHS, "2024-07")
    assert (ba.avant, ba.apres) == (pytest.approx(2.0), pytest.approx(1.7))
    assert ba.variation == pytest.approx(-15.0)
    assert ba.mois_avant == ("2024-01", "2024-03", "2024-04", "2024-05", "2024-06")
    assert ba.mois_apres == tuple(MONTHS[7:])
    short = before_after(ratios, MONTHS, "2024-07", window=2)
    assert (short.mois_avant, short.mois_apres) == (("2024-05", "2024-06"), ("2024-08", "2024-09"))
    assert before_after(ratios, MONTHS, "2024-01").variation is None
    with pytest.raises(ValueError, match="« 2025-01 » n'est pas dans les périodes"):
        before_after(ratios, MONTHS, "2025-01")
    with pytest.raises(ValueError, match="au moins un"):
        before_after(ratios, MONTHS, "2024-07", window=0)
    assert verdict(-15.0, 10) == "efficace"
    assert verdict(-15.0, -20) == "partiellement efficace"
    assert verdict(3.0, 10) == "non efficace"
    assert verdict(0.0, 10) == "non efficace"
    assert verdict(12.0, 10, sens="hausse") == "efficace"
    assert verdict(-2.0, 10, sens="hausse") == "non efficace"


def test_sankey_flows_balance() -> None:
    water = sankey_flows({"Réseau": 1200, "Forage": 300}, {"Procédé": 900, "Sanitaires": 250, "Fuites": 200})
    assert water.flows == (1200, 300, -900, -250, -200, -150)
    assert water.labels[-1] == "écart non mesuré" and water.gap == 150
    assert water.orientations == (0, 1, 0, -1, -1, -1)
    assert sum(water.flows) == 0 and water.gap_pct == pytest.approx(10)
    assert water.scale == pytest.approx(1 / 1500)
    assert water.pairs[0] == ("Réseau", 1200)
    closed = sankey_flows({"Réseau": 100, "Pluie": 0}, {"Procédé": 100})
    assert closed.flows == (100, -100) and closed.gap == 0
    over = sankey_flows({"Réseau": 100}, {"Procédé": 120}, gap_label="compteur à vérifier")
    assert over.flows == (100, 20, -120) and over.orientations == (0, 1, 0) and over.gap == -20
    with pytest.raises(ValueError, match="positive"):
        sankey_flows({"Réseau": -1}, {})
    with pytest.raises(ValueError, match="aucune entrée"):
        sankey_flows({}, {"Procédé": 1})
    # what the view does with it
    (diagram,) = Sankey(ax=Figure().add_subplot(), scale=water.scale).add(
        flows=water.flows, labels=water.labels, orientations=water.orientations).finish()
    assert len(diagram.texts) == len(water.flows)
