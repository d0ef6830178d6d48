"""Pure domain methods of the problem-solving exercise."""

import pytest

from qsecase.methods import pareto as p
from qsecase.methods.actions import Action, RootCause, check_plan
from qsecase.methods.five_whys import WhyChain, check_chain
from qsecase.methods.ishikawa import Cause, Ishikawa, check, families_of
from qsecase.methods.qqoqcp import Qqoqcp, QqoqcpAnswer, unanswered, unsupported


def messages(issues):
    return " | ".join(i.message for i in issues)


def test_pareto_sorted_shares_and_abc():
    rows = p.pareto({"Bavures": 30, "Alésage": 50, "Rayure": 5, "Filetage": 15})
    assert [r.category for r in rows] == ["Alésage", "Bavures", "Filetage", "Rayure"]
    assert rows[0].share == pytest.approx(0.5)
    assert rows[-1].cumulative == pytest.approx(1.0)
    assert [r.abc for r in rows] == ["A", "A", "B", "C"]


def test_pareto_category_crossing_80_percent_is_in_class_a():
    rows = p.pareto({"x": 70, "y": 20, "z": 10})
    assert [r.abc for r in rows] == ["A", "A", "B"]


def test_pareto_refuses_negative_and_handles_zero_total():
    with pytest.raises(ValueError, match="négative"):
        p.pareto({"x": -1})
    assert p.pareto({"x": 0})[0].share == 0.0


def test_aggregate_counts_or_sums():
    recs = [{"d": "a", "c": 2.5}, {"d": "a", "c": 1.0}, {"d": None, "c": 4}]
    assert p.aggregate(recs, "d") == {"a": 2.0, "(non renseigné)": 1.0}
    assert p.aggregate(recs, "d", "c") == {"a": 3.5, "(non renseigné)": 4.0}


def test_qqoqcp_unanswered_and_unsupported():
    q = Qqoqcp(quoi=QqoqcpAnswer(reponse="Alésage hors tolérance", faits=["E1"]),
               ou=QqoqcpAnswer(reponse="CU-02"))
    assert "qui" in unanswered(q) and "quoi" not in unanswered(q)
    assert unsupported(q) == ["ou"]


def test_ishikawa_checks():
    d = Ishikawa(effet="", methode="5M", causes=[
        Cause(famille="materiel", texte="Usure plaquettes"),
        Cause(famille="materiel", texte="usure plaquettes"),
        Cause(famille="mesure", texte="Tampon non étalonné"),
    ])
    text = messages(check(d))
    assert "L'effet" in text
    assert "double" in text
    assert "Mesure" in text and "n'appartient pas à la méthode 5M" in text
    assert "Matière" in text  # empty family listed
    assert "Aucune cause n'est retenue" in text
    assert families_of("7M")[-1] == "management"


def test_ishikawa_by_family_keeps_every_family():
    d = Ishikawa(effet="x", methode="6M", causes=[Cause(famille="mesure", texte="a", retenue=True)])
    groups = d.by_family()
    assert list(groups) == list(families_of("6M"))
    assert d.retained()[0].texte == "a"


def test_chain_stopping_before_root_is_flagged():
    chain = WhyChain(depart="Usure", pourquoi=["pas de suivi", "", "", "", ""])
    assert "s'arrête avant la cause racine" in messages(check_chain(chain))


def test_chain_blaming_a_person_is_flagged():
    chain = WhyChain(depart="Bavures", pourquoi=["ébavurage incomplet", "erreur humaine"],
                     racine_atteinte=True)
    text = messages(check_chain(chain))
    assert "met en cause une personne" in text
    assert "Chaîne courte" in text


def test_chain_gap_and_circularity():
    chain = WhyChain(depart="A", pourquoi=["B", "", "B"], racine_atteinte=True)
    text = messages(check_chain(chain))
    assert "maillon" in text and "circulaire" in text


def test_sound_chain_has_no_issue():
    chain = WhyChain(depart="Usure des plaquettes", racine_atteinte=True, pourquoi=[
        "Plaquettes changées trop tard", "Aucune fréquence de changement définie",
        "La gamme n'a pas été révisée au changement de fournisseur",
        "Pas de procédure de validation d'un nouvel outil"])
    assert check_chain(chain) == []


def test_plan_cross_references():
    causes = [RootCause(id="CR1", texte="x", faits=["E1"]), RootCause(id="CR2", texte="y")]
    actions = [Action(id="A1", type="corrective", description="z", cause_racine="CR1"),
               Action(id="A2", type="preventive", description="w", cause_racine="CR9",
                      responsable="QSE", echeance="2026-01-01", critere_efficacite="ppm")]
    text = messages(check_plan(causes, actions, today=__import__("datetime").date(2026, 10, 5)))
    assert "CR2 ne cite aucun fait" in text
    assert "CR2 n'est traitée par aucune action" in text
    assert "« CR9 », qui n'existe pas" in text
    assert "A1 n'a pas de responsable" in text and "A1 n'a pas d'échéance" in text
    assert "déjà passée" in text
    assert "surveillance" in text


def test_models_refuse_unknown_fields_and_bad_values():
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Cause(famille="machine", texte="x")
    with pytest.raises(ValidationError):
        Action(id="A 1", type="corrective", description="x", cause_racine="CR1")
    with pytest.raises(ValidationError):
        WhyChain.model_validate({"depart": "x", "pourquois": []})
