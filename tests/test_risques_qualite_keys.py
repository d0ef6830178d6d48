"""The answer keys written for the « risques-qualite » exercise hold to its contract."""

from pathlib import Path

import pytest

from qsecase.corpus import load_case
from qsecase.exercises.risques_qualite.model import RisquesQualiteKey
from qsecase.io.yamlfile import load_data

ROOT = Path(__file__).resolve().parent.parent


def key(case: str) -> RisquesQualiteKey:
    data, _ = load_data(ROOT / "cases" / case / "key" / "risques-qualite.yaml")
    return RisquesQualiteKey.model_validate(data)


@pytest.mark.parametrize("case, method", [("mecaprec", "amdec"), ("ventoux", "haccp")])
def test_key_validates_and_matches_the_case(case, method):
    k = key(case)
    assert k.methode == method
    loaded = load_case(ROOT / "cases" / case)
    assert "risques-qualite" in loaded.spec.exercices
    assert {p.type for p in k.processus} == {"management", "realisation", "support"}
    for failure in k.amdec:
        assert set(failure.faits) <= set(loaded.facts), failure.id


def test_amdec_key_ratings_and_actions_are_consistent():
    k = key("mecaprec")
    limits = load_case(ROOT / "cases" / "mecaprec").spec.amdec_thresholds()
    assert limits.ipr_action == 150  # the organisation's own rule, from the case
    ids = {f.id for f in k.amdec}
    assert {a.risque for a in k.actions} <= ids
    treated = {f.id for f in k.amdec
               if f.g * f.o * f.d >= limits.ipr_action or f.g >= limits.g_critique}
    assert treated <= {a.risque for a in k.actions}  # every risk above threshold has actions


def test_haccp_key_gives_a_critical_limit_to_every_ccp():
    k = key("ventoux")
    ccps = {h.id for h in k.haccp_dangers if h.ccp}
    assert ccps and ccps == {c.danger for c in k.haccp_ccp}
    assert {h.type for h in k.haccp_dangers} == {"biologique", "chimique", "physique", "allergène"}
