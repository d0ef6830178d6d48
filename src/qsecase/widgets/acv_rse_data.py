"""What the forms of the LCA and RSE exercise read besides the answers: the data shipped with
qsecase (background datasets and characterisation method, ODD, ISO 26000 core subjects, reference
texts, each loaded once) and what the case gives (its RSE policy objectives, the corpus documents of
the study shown beside the forms), with the labels the dropdowns show.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache

from qsecase.case_model import Case, Document
from qsecase.methods.lca import Dataset, LcaMethod, ProductSystem
from qsecase.views.palette import fr_number

__all__ = ["LCA_DOCUMENTS", "POLICY_FACT", "RSE_DOCUMENTS", "amount_text", "lca_documents", "lca_reference",
           "policy_objectives", "provider_label", "provider_options", "rse_documents", "rse_reference"]

LCA_DOCUMENTS: tuple[str, ...] = ("acv", "nomenclature", "fabrication", "logistique", "utilisation",
                                  "fin_de_vie", "fin-de-vie")
"""Stems that name the corpus documents of a life-cycle study (``corpus/nomenclature_bf12.csv``)."""
RSE_DOCUMENTS: tuple[str, ...] = ("politique_rse", "rse")
POLICY_FACT = re.compile(r"^RSE\d+$")
"""The facts of a case that state its RSE policy objectives (``[RSE1]``, ``[RSE2]``…)."""


@cache
def lca_reference() -> tuple[dict[str, Dataset], LcaMethod]:
    """The background datasets and the characterisation method shipped with qsecase (loaded once)."""
    from qsecase.lca_data import datasets, lca_method

    return dict(datasets()), lca_method()


@cache
def rse_reference() -> tuple[dict[int, str], dict[str, str], dict[str, str]]:
    """(ODD number → « 13 — Mesures relatives… », ISO 26000 core subject id → title, reference text
    id → title), from :mod:`qsecase.rse_data`."""
    from qsecase.rse_data import core_subjects, odd, reference_texts

    return ({n: o.titre for n, o in odd().items()}, {k: q.titre for k, q in core_subjects().items()},
            {k: t.titre for k, t in reference_texts().items()})


def amount_text(value: float | None) -> str:
    """A quantity in French notation, up to 4 decimals, without trailing zeros (« 1,25 »)."""
    if value is None:
        return "—"
    text = fr_number(float(value), 4)
    text = text.rstrip("0").rstrip(",") if "," in text else text
    return text.replace("-", "−", 1)


def provider_label(provider: str, system: ProductSystem, data: Mapping[str, Dataset]) -> str:
    """« Processus P2 — Usinage (p) » or « Fonte GJS, coulée — par kg (fonte-gjs) »."""
    process = next((p for p in system.processus if p.id == provider), None)
    if process is not None:
        return f"Processus {process.id} — {process.libelle or 'sans libellé'} ({process.unite})"
    dataset = data.get(provider)
    if dataset is not None:
        return f"{dataset.libelle} — par {dataset.unite} ({dataset.id})"
    return provider


def provider_options(system: ProductSystem, data: Mapping[str, Dataset],
                     first: tuple[str, str] | None = ("— choisir —", "")) -> list[tuple[str, str]]:
    """The foreground processes of ``system`` then the shipped datasets (by label), for a dropdown."""
    processes = [(provider_label(p.id, system, data), p.id) for p in system.processus]
    datasets = sorted(((provider_label(d.id, system, data), d.id) for d in data.values()),
                      key=lambda o: o[0].lower())
    return [*([first] if first else []), *processes, *datasets]


def policy_objectives(case: Case) -> dict[str, str]:
    """The case's RSE policy objectives: fact id → its text (facts ``[RSE1]``…, in order)."""
    return {fid: fact.text for fid, fact in case.facts.items() if POLICY_FACT.match(fid)}


def _named(case: Case, stems: Sequence[str]) -> list[Document]:
    def stem(doc: Document) -> str:
        return doc.fichier.removeprefix("corpus/").rsplit(".", 1)[0].lower()

    return [d for d in case.spec.documents if any(stem(d).startswith(s) for s in stems)]


def lca_documents(case: Case) -> list[Document]:
    """The corpus documents of the life-cycle study (its brief, bill of materials, manufacturing and
    logistics tables), shown beside the product-system form."""
    return _named(case, LCA_DOCUMENTS)


def rse_documents(case: Case) -> list[Document]:
    """The corpus documents of the RSE policy, shown beside the actions form."""
    return _named(case, RSE_DOCUMENTS)
