"""Lot traceability for a recall (4-6): forward tracing and scope of the recall."""

from __future__ import annotations

import math

import pytest

from qsecase.methods.traceability import recall_scope, trace_forward

# Flour lot MP-FAR-01 makes the dough SF-PAT-01, used for two finished lots (tart and quiche);
# the tart lot is shipped to two clients. MP-FAR-02 and its bread are another chain.
PRODUCTIONS = [
    {"lot_entree": "MP-FAR-01", "lot_sortie": "SF-PAT-01"},
    {"lot_entree": "SF-PAT-01", "lot_sortie": "PF-TAR-01"},
    {"lot_entree": "SF-PAT-01", "lot_sortie": "PF-QUI-01"},
    {"lot_entree": "MP-OEU-07", "lot_sortie": "PF-QUI-01"},
    {"lot_entree": "MP-FAR-02", "lot_sortie": "PF-PAI-01"},
]
SHIPMENTS = [
    {"lot": "PF-TAR-01", "client": "Épicerie Martin", "quantite": 120},
    {"lot": "PF-TAR-01", "client": "Cantine du Lac", "quantite": "80"},
    {"lot": "PF-QUI-01", "client": "Cantine du Lac", "quantite": "1 200,5"},
    {"lot": "PF-PAI-01", "client": "Boulangerie Roux", "quantite": 30},
    {"lot": "PF-QUI-01", "client": "Épicerie Martin", "quantite": math.nan},
]
COLUMNS = {"input_col": "lot_entree", "output_col": "lot_sortie", "lot_col": "lot", "client_col": "client",
           "qty_col": "quantite"}
LINKS = [(p["lot_entree"], p["lot_sortie"]) for p in PRODUCTIONS]


def test_trace_forward_follows_every_path():
    assert trace_forward("MP-FAR-01", LINKS) == {"SF-PAT-01", "PF-TAR-01", "PF-QUI-01"}
    assert trace_forward("MP-OEU-07", LINKS) == {"PF-QUI-01"}
    assert trace_forward("PF-TAR-01", LINKS) == set()
    assert trace_forward("MP-INCONNU", LINKS) == set()


def test_recall_of_a_raw_material_lot():
    scope = recall_scope("MP-FAR-01", PRODUCTIONS, SHIPMENTS, **COLUMNS)
    assert scope.origin == "MP-FAR-01"
    assert scope.downstream_lots == ("PF-QUI-01", "PF-TAR-01", "SF-PAT-01")
    assert scope.finished_lots == ("PF-QUI-01", "PF-TAR-01")
    assert scope.clients == ("Cantine du Lac", "Épicerie Martin")
    assert scope.quantities == {"Épicerie Martin": 120.0, "Cantine du Lac": 1280.5}
    assert scope.total == 1400.5
    assert [s["lot"] for s in scope.shipments] == ["PF-TAR-01", "PF-TAR-01", "PF-QUI-01", "PF-QUI-01"]
    assert "Boulangerie Roux" not in scope.quantities


def test_recall_of_a_finished_lot():
    scope = recall_scope(" PF-TAR-01 ", PRODUCTIONS, SHIPMENTS, **COLUMNS)
    assert scope.downstream_lots == ()
    assert scope.finished_lots == ("PF-TAR-01",)
    assert scope.quantities == {"Épicerie Martin": 120.0, "Cantine du Lac": 80.0}


def test_recall_of_a_lot_only_shipped():
    shipments = [{"lot": "NEGOCE-5", "client": "Client X", "quantite": 2}]
    scope = recall_scope("NEGOCE-5", PRODUCTIONS, shipments, **COLUMNS)
    assert (scope.finished_lots, scope.clients) == (("NEGOCE-5",), ("Client X",))


def test_unknown_lot_is_refused_in_french():
    with pytest.raises(ValueError, match="Lot « MP-XXX » introuvable dans les productions et les "
                                         "expéditions"):
        recall_scope("MP-XXX", PRODUCTIONS, SHIPMENTS, **COLUMNS)


def test_clients_sorted_whatever_the_accents():
    shipments = [{"lot": "PF-TAR-01", "client": c, "quantite": 1} for c in ("Zèbre", "Épicerie", "Abeille")]
    scope = recall_scope("MP-FAR-01", PRODUCTIONS, shipments, **COLUMNS)
    assert scope.clients == ("Abeille", "Épicerie", "Zèbre")
