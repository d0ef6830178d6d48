"""Effectiveness of actions: measurable criteria, verdicts with their rule, chart, alt text."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import itertools

import pytest

from qsecase.methods.effectiveness import (
    EffectivenessCriterion,
    Measurement,
    check_criteria,
    evaluate,
    fmt_value,
    verdict,
)
from qsecase.views.effectiveness_view import (
    VERDICT_STYLE,
    effectiveness_alt_text,
    effectiveness_figure,
)

C = EffectivenessCriterion


def crit(**kw: object) -> EffectivenessCriterion:
    base: dict[str, object] = dict(action="A1", indicateur="Taux de rebut à l'alésage Ø20 H7",
                                   unite="%", sens="baisse", reference=4.8, cible=1.5,
                                   periode="3 mois après mise en œuvre")
    base.update(kw)
    return C.model_validate(base)


@pytest.mark.parametrize("sens, before, after, target, status, words", [
    ("baisse", 4.8, 1.2, 1.5, "efficace", "cible atteinte : 4,8 % → 1,2 %, objectif ≤ 1,5 %"),
    ("baisse", 4.8, 1.5, 1.5, "efficace", "cible atteinte"),  # exactly on target
    ("baisse", 4.8, 3.0, 1.5, "partiellement efficace", "amélioration sans atteindre la cible"),
    ("baisse", 4.8, 4.8, 1.5, "non efficace", "aucune amélioration : 4,8 % → 4,8 %"),
    ("baisse", 4.8, 5.6, 1.5, "non efficace", "dégradation : 4,8 % → 5,6 %"),
    ("hausse", 62, 96, 95, "efficace", "objectif ≥ 95 %"),
    ("hausse", 62, 80, 95, "partiellement efficace", "62 % → 80 %"),
    ("hausse", 62, 58, 95, "non efficace", "dégradation"),
])
def test_verdict_and_its_rule(sens: str, before: float, after: float, target: float,
                              status: str, words: str) -> None:
    v = verdict(crit(sens=sens, reference=before, cible=target),
                Measurement(action="A1", avant=before, apres=after))
    assert v.status == status
    assert words.replace(" %", "\u202f%") in v.rule
    assert str(v) == f"{v.symbol} {status} : {v.rule}"


def test_progress_is_the_share_of_the_way_to_the_target() -> None:
    v = verdict(crit(cible=2.0), Measurement(action="A1", avant=6.0, apres=4.0))
    assert v.progress == pytest.approx(0.5)
    assert verdict(crit(cible=2.0), Measurement(action="A1", avant=6.0, apres=7.0)).progress < 0
    assert {s: verdict(crit(), Measurement(action="A1", avant=4.8, apres=a)).symbol
            for s, a in (("e", 1.0), ("p", 3.0), ("n", 5.0))} == {"e": "✔", "p": "◐", "n": "✖"}


def test_verdict_refuses_what_cannot_be_judged() -> None:
    with pytest.raises(ValueError, match="sans cible"):
        verdict(crit(cible=None), Measurement(action="A1", avant=1, apres=0))
    with pytest.raises(ValueError, match="mesure de l'action A2"):
        verdict(crit(), Measurement(action="A2", avant=1, apres=0))


def test_criteria_checks() -> None:
    criteria = [
        crit(),
        crit(action="A2", indicateur="", unite="", cible=None, periode=""),
        crit(action="A3", reference=None),
        crit(action="A4", sens="baisse", reference=3, cible=5),
        crit(action="A5", sens="hausse", indicateur="Taux d'autocontrôle", reference=80, cible=60),
        crit(action="A1"),
    ]
    text = "\n".join(str(i) for i in check_criteria(criteria))
    assert "Action A2 : critère non mesurable, indicateur, unité, cible, période manquant(s)." in text
    assert "A3 (« Taux de rebut à l'alésage Ø20 H7 ») : valeur initiale manquante" in text
    assert "A4 (« Taux de rebut à l'alésage Ø20 H7 ») : cible 5\u202f% du mauvais côté" in text
    assert "pour une baisse attendue, la cible doit lui être inférieure" in text
    assert "A5 (« Taux d'autocontrôle ») : cible 60\u202f% du mauvais côté" in text
    assert "critère en double" in text
    levels = {i.message.split(" :")[0]: i.level for i in check_criteria(criteria)}
    assert levels["Action A2"] == "erreur"
    assert check_criteria([crit()]) == []
    assert check_criteria([])[0].level == "erreur"


def test_fmt_value_is_french() -> None:
    assert fmt_value(2.5, "%") == "2,5\u202f%"
    assert fmt_value(14.0, "pièces") == "14\u202fpièces"
    assert fmt_value(-0.25) == "−0,25"


# --- evaluation and chart ---------------------------------------------------------------------------
@pytest.fixture
def items() -> list:
    criteria = [
        crit(),
        crit(action="A2", indicateur="Réclamations clients (cote hors tolérance)",
             unite="récl./trim.", reference=6, cible=1),
        crit(action="A3", indicateur="Autocontrôles enregistrés", sens="hausse", reference=62,
             cible=95),
        crit(action="A4", indicateur="Délai de mise à jour des gammes", unite="j", reference=12,
             cible=5),
    ]
    measures = [Measurement(action="A1", avant=4.8, apres=1.2),
                Measurement(action="A2", avant=6, apres=3),
                Measurement(action="A3", avant=62, apres=58)]
    return evaluate(criteria, measures)


def test_evaluate_pairs_criteria_and_measurements(items: list) -> None:
    assert [i.verdict.status if i.verdict else None for i in items] == [
        "efficace", "partiellement efficace", "non efficace", None]
    assert items[3].measurement is None


def test_chart_writes_each_verdict_as_symbol_and_word_without_overlap(items: list) -> None:
    fig = effectiveness_figure(items)
    ax = fig.axes[0]
    verdicts = {t.get_gid(): t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("verdict:")}
    assert verdicts == {"verdict:A1": "✔ efficace", "verdict:A2": "◐ partiellement efficace",
                        "verdict:A3": "✖ non efficace", "verdict:A4": "? non évaluable"}
    texts = [t.get_text() for t in ax.texts]
    assert "après 1,2\u202f%" in texts and "cible ≥ 95\u202f%" in texts and "(mesure absente)" in texts
    assert len({style[1] for style in VERDICT_STYLE.values()}) == 3  # markers differ, not only colour
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if t.get_text()]
    for (ta, a), (tb, b) in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), f"« {ta} » overlaps « {tb} »"


def test_alt_text(items: list) -> None:
    alt = effectiveness_alt_text(items)
    assert alt.startswith("Efficacité des actions : 4 actions")
    assert "A2 « Réclamations clients (cote hors tolérance) » : ◐ partiellement efficace" in alt
    assert "A4 « Délai de mise à jour des gammes » : non évaluable (mesure absente)." in alt
    assert effectiveness_alt_text([]) == "Efficacité des actions : aucun critère d'efficacité."


def test_empty_chart_says_so() -> None:
    ax = effectiveness_figure([]).axes[0]
    assert "(aucun critère d'efficacité)" in [t.get_text() for t in ax.texts]
