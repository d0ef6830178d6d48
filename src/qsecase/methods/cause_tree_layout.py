"""Layered left-to-right layout of a cause tree (Sugiyama style), for drawing. Pure.

Columns come from the longest path to the final fact, the order in each column minimises link
crossings (barycenter heuristic), and y is placed by least squares under spacing constraints.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from qsecase.methods.cause_tree import CauseTree, to_graph

__all__ = ["TreeLayout", "tree_layout"]


@dataclass(frozen=True)
class TreeLayout:
    """Layered left-to-right placement: ``positions[id] = (column, y)``, the final fact in the last
    column, ``y`` growing downward (box centres); ``routes[(a, c)]`` are the bend points of a link
    spanning several columns (one per column crossed), so that it passes between boxes."""

    positions: dict[str, tuple[float, float]]
    routes: dict[tuple[str, str], list[tuple[float, float]]]
    n_columns: int


def _isotonic(target: list[float], offsets: list[float]) -> list[float]:
    """Least-squares y close to ``target`` with y[i+1] - y[i] ≥ offsets[i+1] - offsets[i] (PAVA)."""
    blocks: list[list[float]] = []  # [mean, weight]
    for t, s in zip(target, offsets, strict=True):
        blocks.append([t - s, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2 = blocks.pop()
            m1, w1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2])
    z = [m for m, w in blocks for _ in range(int(w))]
    return [zi + s for zi, s in zip(z, offsets, strict=True)]


def _columns(tree: CauseTree) -> tuple[Any, Any, dict[Any, int], dict[tuple[str, str], list[Any]]]:
    """The acyclic fact graph, the layered graph (long links cut by dummy nodes), each node's
    column and each link's dummy nodes."""
    graph = to_graph(tree)
    dag: Any = nx.DiGraph()
    dag.add_nodes_from(graph)
    for a, c in graph.edges:  # cut loops: keep a link only if it closes no cycle
        if a != c and not nx.has_path(dag, c, a):
            dag.add_edge(a, c)
    depth: dict[Any, int] = {}
    for n in reversed(list(nx.topological_sort(dag))):
        depth[n] = max((depth[s] + 1 for s in dag.successors(n)), default=0)
    last = max(depth.values(), default=0)
    col = {n: 0 if dag.degree(n) == 0 and dag.number_of_edges() else last - depth[n] for n in dag}
    layered: Any = nx.DiGraph()
    layered.add_nodes_from(dag)
    chains: dict[tuple[str, str], list[Any]] = {}
    for a, c in dag.edges:
        dummies = [("~", a, c, k) for k in range(col[a] + 1, col[c])]
        chains[(a, c)] = dummies
        col.update({d: col[a] + 1 + k for k, d in enumerate(dummies)})
        nx.add_path(layered, [a, *dummies, c])
    return dag, layered, col, chains


def _crossings(layered: Any, cols: list[list[Any]]) -> int:
    total = 0
    for left, right in itertools.pairwise(cols):
        pos = {n: i for i, n in enumerate(right)}
        edges = [(i, pos[s]) for i, n in enumerate(left) for s in layered.successors(n)]
        total += sum(1 for a1, b1 in edges for a2, b2 in edges if a1 < a2 and b1 > b2)
    return total


def _order(dag: Any, layered: Any, col: dict[Any, int], sweeps: int) -> list[list[Any]]:
    """Order of the nodes in each column: depth-first from the final fact, then barycenter sweeps
    (right to left, then left to right…), keeping the order with the fewest crossings."""
    columns: list[list[Any]] = [[] for _ in range(max(col.values(), default=0) + 1)]
    back = layered.reverse(copy=False)
    for sink in sorted((n for n in dag if dag.out_degree(n) == 0), key=lambda n: -dag.in_degree(n)):
        for n in nx.dfs_preorder_nodes(back, sink):
            if n not in columns[col[n]]:
                columns[col[n]].append(n)
    best, fewest = [list(c) for c in columns], _crossings(layered, columns)
    for sweep in range(sweeps):
        leftward = sweep % 2 == 0
        for k in range(len(columns) - 2, -1, -1) if leftward else range(1, len(columns)):
            pos = {n: i for i, n in enumerate(columns[k + 1 if leftward else k - 1])}
            near = layered.successors if leftward else layered.predecessors
            bary = {n: sum(pos[m] for m in near(n)) / len(ms) if (ms := list(near(n))) else float(i)
                    for i, n in enumerate(columns[k])}
            columns[k].sort(key=bary.__getitem__)
        if (count := _crossings(layered, columns)) < fewest:
            best, fewest = [list(c) for c in columns], count
    return best


def tree_layout(tree: CauseTree, *, heights: Mapping[str, float] | None = None,
                gap: float = 0.5, sweeps: int = 12) -> TreeLayout:
    """Place the facts for drawing (Sugiyama-style layered layout).

    The column of a fact is set by its longest path to the final fact (final fact on the right);
    facts in no link go to the first column. Links spanning several columns get one bend point per
    column crossed. The order in each column minimises crossings (barycenter heuristic, alternate
    sweeps, best order kept); then y is set by least squares toward the neighbours' y, keeping
    boxes ``(h1 + h2) / 2 + gap`` apart (``gap / 2`` next to a bend point). Works on broken trees
    too: loops are cut, isolated facts are placed in the first column.

    Args:
        tree: The tree.
        heights: Box height of each fact id (default 1); y is in the same unit.
        gap: Vertical gap between two boxes of a column.
        sweeps: Barycenter sweeps.

    Returns:
        The positions of the facts and the bend points of the long links.
    """
    dag, layered, col, chains = _columns(tree)
    columns = _order(dag, layered, col, sweeps)
    size = {n: (heights or {}).get(n, 1.0) if n in dag else 0.0 for n in layered}
    offsets: list[list[float]] = []
    for column in columns:
        offs = [0.0]
        for prev, n in itertools.pairwise(column):
            offs.append(offs[-1] + (size[prev] + size[n]) / 2
                        + (gap if prev in dag and n in dag else gap / 2))
        offsets.append(offs[: len(column)])
    y = {n: o for column, offs in zip(columns, offsets, strict=True)
         for n, o in zip(column, offs, strict=True)}
    for sweep in range(2 * sweeps):  # one side at a time, then both sides
        for column, offs in zip(columns, offsets, strict=True):
            target = []
            for n in column:
                near = ([*layered.predecessors(n), *layered.successors(n)] if sweep >= sweeps
                        else list((layered.successors if sweep % 2 == 0 else layered.predecessors)(n)))
                target.append(sum(y[m] for m in near) / len(near) if near else y[n])
            y.update(zip(column, _isotonic(target, offs), strict=True))
    top = min((y[n] - size[n] / 2 for n in y), default=0.0)
    return TreeLayout(
        positions={n: (float(col[n]), y[n] - top) for n in dag},
        routes={key: [(float(col[d]), y[d] - top) for d in ds] for key, ds in chains.items()},
        n_columns=len(columns),
    )
