"""The shipped ISO clause catalogue and documented-information list: complete, consistent, sourced."""

from __future__ import annotations

from pathlib import Path

import pytest

import qsecase.audit_data as audit_data
import qsecase.io.shipped as shipped
from qsecase.audit_data import (
    CLAUSES_RESOURCE,
    DOCUMENTED_INFORMATION_RESOURCE,
    clause_catalogue,
    clause_title,
    documented_information,
    load_clause_catalogue,
    load_documented_information,
)
from qsecase.errors import QsecaseError
from qsecase.io.yamlfile import load_data
from qsecase.methods.audit import STANDARDS, clause_key

DATA = Path(audit_data.__file__).parent


def test_catalogue_has_chapters_4_to_10_of_the_three_standards() -> None:
    catalogue = clause_catalogue()
    assert sorted(catalogue) == sorted(STANDARDS)
    for standard in STANDARDS:
        assert [c for c in catalogue[standard] if "." not in c] == [str(n) for n in range(4, 11)]
    assert catalogue["ISO 9001"]["8"] == "Réalisation des activités opérationnelles"
    assert catalogue["ISO 14001"]["8"] == catalogue["ISO 45001"]["8"] == "Fonctionnement"


def test_standard_specific_clauses() -> None:
    catalogue = clause_catalogue()
    assert catalogue["ISO 45001"]["5.4"] == "Consultation et participation des travailleurs"
    assert "5.4" not in catalogue["ISO 9001"] and "5.4" not in catalogue["ISO 14001"]
    assert catalogue["ISO 14001"]["6.1.2"] == "Aspects environnementaux"
    assert catalogue["ISO 14001"]["6.1.3"] == "Obligations de conformité"
    assert catalogue["ISO 45001"]["6.1.2"].startswith("Identification des dangers")
    assert catalogue["ISO 9001"]["7.1.5"] == "Ressources pour la surveillance et la mesure"
    assert "8.5.1" in catalogue["ISO 9001"] and "6.3" in catalogue["ISO 9001"]
    assert "6.3" not in catalogue["ISO 14001"]


def test_catalogue_is_hierarchical_and_in_numeric_order() -> None:
    for standard, clauses in clause_catalogue().items():
        numbers = list(clauses)
        assert numbers == sorted(numbers, key=clause_key), standard
        for number in numbers:
            parent = number.rpartition(".")[0]
            assert not parent or parent in clauses, f"{standard} {number}"
            assert 0 < len(clauses[number]) <= 90, f"{standard} {number}: a short title, not a requirement"


def test_clause_title() -> None:
    assert clause_title("ISO 9001", " 9.2 ") == "Audit interne"
    with pytest.raises(KeyError, match="absent du catalogue de ISO 9001"):
        clause_title("ISO 9001", "5.4")
    with pytest.raises(KeyError, match="référentiel inconnu"):
        clause_title("ISO 22000", "4")


def test_catalogue_copies_are_independent() -> None:
    first = clause_catalogue()
    first["ISO 9001"]["4"] = "modifié"
    assert clause_catalogue()["ISO 9001"]["4"] == "Contexte de l'organisme"


def test_every_documented_information_clause_exists_in_its_standard() -> None:
    catalogue = clause_catalogue()
    items = documented_information(STANDARDS)
    assert {i.referentiel for i in items} == set(STANDARDS)
    missing = [f"{i.referentiel} {i.clause}" for i in items if i.clause not in catalogue[i.referentiel]]
    assert missing == []


def test_documented_information_contents() -> None:
    items = documented_information()
    pairs = {(i.referentiel, i.clause, i.nature) for i in items}
    assert len(pairs) == len(items), "no requirement twice"
    assert ("ISO 9001", "7.1.5.1", "conserver") in pairs
    assert ("ISO 9001", "4.4.2", "tenir à jour") in pairs and ("ISO 9001", "4.4.2", "conserver") in pairs
    assert ("ISO 14001", "6.1.2", "tenir à jour") in pairs
    assert {("ISO 45001", "6.1.2.2", "tenir à jour"), ("ISO 45001", "6.1.2.2", "conserver")} <= pairs
    assert {i.nature for i in items} == {"tenir à jour", "conserver"}
    assert all(i.libelle and i.source for i in items)


def test_documented_information_filter() -> None:
    regulation = documented_information(["réglementation"])
    assert regulation and {i.referentiel for i in regulation} == {"réglementation"}
    assert any(i.clause == "C. env. R541-43" and i.nature == "conserver" for i in regulation)
    only_9001 = documented_information(["ISO 9001"])
    assert {i.referentiel for i in only_9001} == {"ISO 9001"}
    assert len(documented_information()) == sum(len(documented_information([s]))
                                                for s in [*STANDARDS, "réglementation"])
    assert documented_information([]) == []
    with pytest.raises(ValueError, match="référentiel inconnu : ISO 22000"):
        documented_information(["ISO 22000"])
    only_9001[0].libelle = "modifié"
    assert documented_information(["ISO 9001"])[0].libelle != "modifié"


def test_what_is_not_verified_is_marked() -> None:
    catalogue = load_clause_catalogue()
    assert catalogue.verifie is False
    assert all(block.verifie is False for block in catalogue.referentiels.values())
    assert "5.4" not in catalogue.referentiels["ISO 45001"].libelles_descriptifs
    assert "8.5.1" in catalogue.referentiels["ISO 9001"].libelles_descriptifs
    items = documented_information()
    assert not any(i.verifie for i in items if i.referentiel != "réglementation")
    status = {i.clause: i.verifie for i in items if i.referentiel == "réglementation"}
    assert status["C. env. R541-43"] is True
    assert status["C. env. R541-45"] is False                # article « non relu »
    assert status["C. trav. R4121-4"] is False               # 40 years: article not verified
    assert status["C. trav. D4132-1, D4132-2"] is False
    assert next(i for i in items if i.referentiel == "ISO 45001" and i.clause == "10.3").note


@pytest.mark.parametrize("resource", [CLAUSES_RESOURCE, DOCUMENTED_INFORMATION_RESOURCE])
def test_data_files_cite_their_source(resource: str) -> None:
    text = (DATA / resource).read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "Source" in header and "qse-facts" in header and "§ 7." in header
    assert "verifie: false" in header
    assert "\nsource:" in text or "    source:" in text


@pytest.mark.parametrize("resource", [CLAUSES_RESOURCE, DOCUMENTED_INFORMATION_RESOURCE])
def test_data_files_have_no_duplicate_key(resource: str) -> None:
    data, _ = load_data(DATA / resource, what="données")   # refuses a key written twice
    assert data


class _Broken:
    def __init__(self, text: str) -> None:
        self.text = text

    def joinpath(self, _: str) -> _Broken:
        return self

    def read_text(self, encoding: str = "utf-8") -> str:
        return self.text


@pytest.mark.parametrize(("text", "expected"), [
    ("referentiels: [", "YAML invalide"),
    ("titre: x\nsource: y\nverifie: false\navertissement: z\nreferentiels: {}\n", "référentiels manquants"),
    ("titre: x\nsource: y\nverifie: false\navertissement: z\nreferentiels:\n  ISO 9001: {edition: e, "
     "source: s, verifie: false, clauses: {4.1: a}}\n", "texte attendu"),   # unquoted key read as 4.1
])
def test_broken_catalogue_gives_a_french_error(monkeypatch: pytest.MonkeyPatch, text: str,
                                               expected: str) -> None:
    monkeypatch.setattr(shipped, "files", lambda _: _Broken(text))
    load_clause_catalogue.cache_clear()
    try:
        with pytest.raises(QsecaseError, match=expected) as err:
            clause_catalogue()
        assert "qsecase/data/iso_clauses.yaml" in str(err.value)
    finally:
        load_clause_catalogue.cache_clear()


def test_broken_documented_information_gives_a_french_error(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "titre: x\navertissement: y\nnormes:\n  - referentiel: ISO 9001\n    edition: e\n    source: s\n" \
           "    verifie: false\n    exigences:\n      - {clause: 7.2 d), nature: conserver, libelle: l}\n"
    monkeypatch.setattr(shipped, "files", lambda _: _Broken(text))
    load_documented_information.cache_clear()
    try:
        with pytest.raises(QsecaseError, match="n'est pas un numéro de chapitre"):
            documented_information()
    finally:
        load_documented_information.cache_clear()
