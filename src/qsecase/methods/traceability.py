"""Lot traceability for a product recall: from a lot in cause to the finished lots, the clients
and the shipments concerned (forward traceability, ISO 9001 § 8.5.2; recall procedure). Pure.

Productions are « input lot → output lot » links (a raw-material lot used for an intermediate or
finished lot); shipments name a lot, a client and a quantity. ``networkx`` is imported only when a
graph is needed, so that importing this module stays light.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qsecase.methods.text import fold

__all__ = ["RecallScope", "recall_scope", "trace_forward"]


@dataclass(frozen=True)
class RecallScope:
    """What a recall of lot :attr:`origin` reaches."""

    origin: str
    downstream_lots: tuple[str, ...]
    """Every lot made with the origin lot, directly or not (intermediate and finished), sorted."""
    finished_lots: tuple[str, ...]
    """The lots not used for another production (the origin itself when it is finished), sorted."""
    clients: tuple[str, ...]
    """Clients shipped, in alphabetical order (accents ignored)."""
    quantities: dict[str, float]
    """Quantity shipped to each client, for every lot of the scope (origin included)."""
    shipments: tuple[Mapping[str, Any], ...]
    """The shipment rows concerned, in their order."""

    @property
    def total(self) -> float:
        """Total quantity shipped."""
        return sum(self.quantities.values())


def trace_forward(lot: str, links: Sequence[tuple[str, str]]) -> set[str]:
    """All lots downstream of ``lot`` through « input lot → output lot » ``links`` (``lot`` itself
    excluded; empty when ``lot`` is used nowhere)."""
    import networkx as nx

    graph = nx.DiGraph(list(links))
    return set(nx.descendants(graph, lot)) if lot in graph else set()


def _text(value: object) -> str:
    """A cell as text; an empty cell (``None``, NaN) is « »."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _quantity(value: object) -> float:
    """A quantity cell as a number: « 1 200,5 » → 1200.5; empty → 0."""
    text = re.sub(r"\s", "", _text(value)).replace(",", ".")
    return float(text) if text else 0.0


def recall_scope(lot: str, productions: Sequence[Mapping[str, Any]], shipments: Sequence[Mapping[str, Any]],
                 *, input_col: str, output_col: str, lot_col: str, client_col: str,
                 qty_col: str) -> RecallScope:
    """The scope of a recall of ``lot``.

    Args:
        lot: The lot in cause (raw material, intermediate or finished).
        productions: Production rows (e.g. ``DataFrame.to_dict("records")``), each linking the
            lot in ``input_col`` to the lot made in ``output_col``.
        shipments: Shipment rows: lot in ``lot_col``, client in ``client_col``, quantity in
            ``qty_col`` (a number, or a text such as « 1 200,5 »).

    Raises:
        ValueError: ``lot`` appears in no production and no shipment.
    """
    origin = _text(lot)
    links = [(_text(row[input_col]), _text(row[output_col])) for row in productions]
    shipped = [row for row in shipments if _text(row[lot_col])]
    if not any(origin in link for link in links) and all(_text(r[lot_col]) != origin for r in shipped):
        raise ValueError(f"Lot « {origin} » introuvable dans les productions et les expéditions.")
    downstream = trace_forward(origin, links)
    used = {source for source, _ in links}
    scope = downstream | {origin}
    concerned = tuple(row for row in shipped if _text(row[lot_col]) in scope)
    quantities: dict[str, float] = {}
    for row in concerned:
        client = _text(row[client_col])
        quantities[client] = quantities.get(client, 0.0) + _quantity(row[qty_col])
    return RecallScope(origin=origin, downstream_lots=tuple(sorted(downstream)),
                       finished_lots=tuple(sorted(x for x in scope if x not in used)),
                       clients=tuple(sorted(quantities, key=fold)), quantities=quantities,
                       shipments=concerned)
