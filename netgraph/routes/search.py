"""Warm introduction routes: every simple path of a few ties from you to a person, ranked.

A route's score is::

    score = prod(strength(tie) for tie in route) * prod(factor(p) for p in intermediaries)

where ``factor`` comes from willingness (willing > unknown > 0; unwilling people are never
intermediaries unless asked for). The first intermediary is the *referrer*, the person you ask.
``docs/scoring.md`` explains the model and its constants.

The search meets in the middle on a :class:`~netgraph.routes.index.RouteIndex` (CSR arrays): it
reads the neighbourhoods of the two ends, and for three or four ties the neighbourhoods of
whichever side has fewer tie entries, and joins them with sorted-array operations. It touches
only the part of the network around the two people, never the whole graph.

On a networkx graph, :func:`best_routes` does it all:

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_nodes_from(["me", "jane"])
>>> G.add_node("priya", willingness="willing")
>>> G.add_node("omar", willingness="unknown")
>>> G.add_edge("me", "priya", strength=0.8)
>>> G.add_edge("priya", "jane", strength=0.5)
>>> G.add_edge("me", "omar", strength=0.9)
>>> G.add_edge("omar", "jane", strength=0.9)
>>> [(r.path, round(r.score, 3)) for r in best_routes(G, "me", "jane")]
[(('me', 'omar', 'jane'), 0.486), (('me', 'priya', 'jane'), 0.4)]
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from netgraph.routes.index import (
    EdgeStrength,
    FloatArray,
    IntArray,
    NodeFactor,
    RouteIndex,
    index_from_networkx,
)
from netgraph.routes.model import MAX_HOPS_LIMIT, Route, willingness_factor
from netgraph.routes.reach import Reach, ReachTable, best_routes_from, reach_table

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "MAX_HOPS_LIMIT",
    "Reach",
    "ReachTable",
    "Route",
    "best_routes",
    "best_routes_from",
    "find_routes",
    "reach_table",
    "willingness_factor",
]

# Columns of a route table: up to 5 nodes, 4 strengths, 3 factors; unused cells are -1 / 1.0.
_WIDTH = MAX_HOPS_LIMIT + 1


@dataclass
class _RouteTable:
    """Routes as parallel arrays, so thousands can be scored and ranked without objects."""

    nodes: IntArray  # (m, 5)
    strengths: FloatArray  # (m, 4)
    factors: FloatArray  # (m, 3)
    hops: IntArray  # (m,)

    @property
    def score(self) -> FloatArray:
        # Left to right, like math.prod over a Route's tuples, so both give the same float.
        product: FloatArray = self.strengths[:, 0].copy()
        for column in range(1, MAX_HOPS_LIMIT):
            product = product * self.strengths[:, column]
        factor: FloatArray = self.factors[:, 0].copy()
        for column in range(1, MAX_HOPS_LIMIT - 1):
            factor = factor * self.factors[:, column]
        result: FloatArray = product * factor
        return result


def _table(
    nodes: list[IntArray], strengths: list[FloatArray], factors: list[FloatArray]
) -> _RouteTable:
    count = len(nodes[0])
    table = _RouteTable(
        nodes=np.full((count, _WIDTH), -1, dtype=np.int64),
        strengths=np.ones((count, MAX_HOPS_LIMIT), dtype=np.float64),
        factors=np.ones((count, MAX_HOPS_LIMIT - 1), dtype=np.float64),
        hops=np.full(count, len(nodes) - 1, dtype=np.int64),
    )
    for column, node_values in enumerate(nodes):
        table.nodes[:, column] = node_values
    for column, strength_values in enumerate(strengths):
        table.strengths[:, column] = strength_values
    for column, factor_values in enumerate(factors):
        table.factors[:, column] = factor_values
    return table


def _concat(tables: list[_RouteTable]) -> _RouteTable:
    if not tables:
        return _table([np.empty(0, dtype=np.int64)] * 2, [np.empty(0)], [])
    return _RouteTable(
        nodes=np.concatenate([t.nodes for t in tables]),
        strengths=np.concatenate([t.strengths for t in tables]),
        factors=np.concatenate([t.factors for t in tables]),
        hops=np.concatenate([t.hops for t in tables]),
    )


class _Ends:
    """The usable neighbours of one end of a route, sorted, with tie strengths and factors."""

    def __init__(
        self, index: RouteIndex, node: int, excluded: IntArray, include_unwilling: bool
    ) -> None:
        neighbours, strengths = index.neighbours(node)
        self.all_nodes = neighbours.astype(np.int64)
        self.all_strengths = strengths
        factors = index.factors(self.all_nodes, include_unwilling=include_unwilling)
        keep = (factors > 0) & ~np.isin(self.all_nodes, excluded)
        self.nodes = self.all_nodes[keep]
        self.strengths = strengths[keep]
        self.factors = factors[keep]

    def lookup(self, nodes: IntArray) -> tuple[npt.NDArray[np.bool_], IntArray]:
        """Which ``nodes`` are usable neighbours here, and their positions in :attr:`nodes`."""
        positions = np.searchsorted(self.nodes, nodes)
        positions = np.minimum(positions, max(len(self.nodes) - 1, 0))
        found = (self.nodes[positions] == nodes) if len(self.nodes) else np.zeros(len(nodes), bool)
        return found, positions


def _find(
    index: RouteIndex,
    source: int,
    target: int,
    *,
    max_hops: int,
    avoid: Iterable[int],
    include_unwilling: bool,
) -> _RouteTable:
    excluded = np.array(sorted({source, target, *avoid}), dtype=np.int64)
    start = _Ends(index, source, excluded, include_unwilling)
    end = _Ends(index, target, excluded, include_unwilling)
    tables: list[_RouteTable] = []
    direct = np.searchsorted(start.all_nodes, target)
    if direct < len(start.all_nodes) and start.all_nodes[direct] == target:
        tables.append(
            _table(
                [np.array([source]), np.array([target])],
                [start.all_strengths[direct : direct + 1]],
                [],
            )
        )
    if max_hops >= 2:
        common, at_start, at_end = np.intersect1d(
            start.nodes, end.nodes, assume_unique=True, return_indices=True
        )
        count = len(common)
        tables.append(
            _table(
                [np.full(count, source), common, np.full(count, target)],
                [start.strengths[at_start], end.strengths[at_end]],
                [start.factors[at_start]],
            )
        )
    if max_hops >= 3:
        tables.append(_three_ties(index, source, target, start, end))
    if max_hops >= 4:
        tables.append(_four_ties(index, source, target, start, end, excluded, include_unwilling))
    return _concat(tables)


def _three_ties(
    index: RouteIndex, source: int, target: int, start: _Ends, end: _Ends
) -> _RouteTable:
    """Routes source - a - b - target, expanding the side with fewer tie entries."""
    if index.degree_sum(start.nodes) <= index.degree_sum(end.nodes):
        a, b, middle = index.gather(start.nodes)
    else:
        b, a, middle = index.gather(end.nodes)
    in_start, at_start = start.lookup(a)
    in_end, at_end = end.lookup(b)
    keep = in_start & in_end & (a != b)
    a, b, middle, at_start, at_end = a[keep], b[keep], middle[keep], at_start[keep], at_end[keep]
    count = len(a)
    return _table(
        [np.full(count, source), a, b, np.full(count, target)],
        [start.strengths[at_start], middle, end.strengths[at_end]],
        [start.factors[at_start], end.factors[at_end]],
    )


def _four_ties(
    index: RouteIndex,
    source: int,
    target: int,
    start: _Ends,
    end: _Ends,
    excluded: IntArray,
    include_unwilling: bool,
) -> _RouteTable:
    """Routes source - a - m - c - target: two ties out from each end, joined on m."""
    a, m_forward, to_m = index.gather(start.nodes)
    c, m_backward, from_m = index.gather(end.nodes)
    middles = np.intersect1d(m_forward, m_backward)
    middles = middles[~np.isin(middles, excluded)]
    middles = middles[index.factors(middles, include_unwilling=include_unwilling) > 0]
    forward = np.isin(m_forward, middles)
    backward = np.isin(m_backward, middles)
    a, m_forward, to_m = a[forward], m_forward[forward], to_m[forward]
    c, m_backward, from_m = c[backward], m_backward[backward], from_m[backward]
    f_order = np.argsort(m_forward, kind="stable")
    b_order = np.argsort(m_backward, kind="stable")
    a, m_forward, to_m = a[f_order], m_forward[f_order], to_m[f_order]
    c, m_backward, from_m = c[b_order], m_backward[b_order], from_m[b_order]
    groups, f_start, f_count = np.unique(m_forward, return_index=True, return_counts=True)
    _, b_start, b_count = np.unique(m_backward, return_index=True, return_counts=True)
    pairs = f_count * b_count
    total = int(pairs.sum())
    group = np.repeat(np.arange(len(groups)), pairs)
    within = np.arange(total) - np.repeat(np.cumsum(pairs) - pairs, pairs)
    fi = f_start[group] + within // b_count[group]
    bi = b_start[group] + within % b_count[group]
    ra, rm, rc = a[fi], m_forward[fi], c[bi]
    keep = (ra != rc) & (ra != rm) & (rc != rm)
    fi, bi, ra, rm, rc = fi[keep], bi[keep], ra[keep], rm[keep], rc[keep]
    _, at_start = start.lookup(ra)
    _, at_end = end.lookup(rc)
    count = len(ra)
    return _table(
        [np.full(count, source), ra, rm, rc, np.full(count, target)],
        [start.strengths[at_start], to_m[fi], from_m[bi], end.strengths[at_end]],
        [
            start.factors[at_start],
            index.factors(rm, include_unwilling=include_unwilling),
            end.factors[at_end],
        ],
    )


def _ranked_rows(table: _RouteTable, k: int | None) -> IntArray:
    """Row numbers in ranked order: each referrer's best first, then the rest; ties break by
    fewer hops, then by the path."""
    if len(table.hops) == 0:
        return np.empty(0, dtype=np.int64)
    score = table.score
    keys = [table.nodes[:, column] for column in range(_WIDTH - 1, 0, -1)]
    order = np.lexsort((*keys, table.hops, -score))
    referrers = np.where(table.hops[order] >= 2, table.nodes[order, 1], -1)
    _, first = np.unique(referrers, return_index=True)
    leading = np.zeros(len(order), dtype=bool)
    leading[first] = True
    ranked = np.concatenate((order[leading], order[~leading]))
    return ranked if k is None else ranked[:k]


def _routes(index: RouteIndex, table: _RouteTable, rows: IntArray) -> list[Route]:
    routes = []
    for row in rows:
        hops = int(table.hops[row])
        routes.append(
            Route(
                path=tuple(index.label(n) for n in table.nodes[row, : hops + 1]),
                strengths=tuple(float(s) for s in table.strengths[row, :hops]),
                factors=tuple(float(f) for f in table.factors[row, : hops - 1]),
            )
        )
    return routes


def find_routes(
    index: RouteIndex,
    source: Hashable,
    target: Hashable,
    *,
    max_hops: int = 3,
    avoid: Iterable[Hashable] = (),
    via: Hashable | None = None,
    include_unwilling: bool = False,
    k: int | None = None,
) -> list[Route]:
    """Routes of at most ``max_hops`` ties from ``source`` to ``target``, in ranked order.

    Intermediaries are never the source or the target, never in ``avoid`` and never have a
    factor of 0. With ``via``, only routes through that person are kept. With ``k``, only the
    first ``k``: each referrer's best route first (best first), then every other route by
    score; ties break by fewer hops, then by the path.
    """
    if not 1 <= max_hops <= MAX_HOPS_LIMIT:
        raise ValueError(f"max_hops must be between 1 and {MAX_HOPS_LIMIT}")
    s, t = index.node(source), index.node(target)
    if s is None or t is None or s == t:
        return []
    avoided = [n for n in (index.node(a) for a in avoid) if n is not None]
    table = _find(
        index, s, t, max_hops=max_hops, avoid=avoided, include_unwilling=include_unwilling
    )
    if via is not None:
        via_node = index.node(via)
        columns = np.arange(1, _WIDTH - 1)
        is_intermediary = columns[None, :] < table.hops[:, None]
        keep = ((table.nodes[:, 1 : _WIDTH - 1] == via_node) & is_intermediary).any(axis=1)
        if via_node is None:
            keep[:] = False
        table = _RouteTable(
            table.nodes[keep], table.strengths[keep], table.factors[keep], table.hops[keep]
        )
    return _routes(index, table, _ranked_rows(table, k))


def best_routes(
    G: nx.Graph,
    source: Hashable,
    target: Hashable,
    *,
    k: int | None = 5,
    max_hops: int = 3,
    weight: str | EdgeStrength = "strength",
    willingness: str = "willingness",
    factor: str | NodeFactor | None = None,
    avoid: Iterable[Hashable] = (),
    via: Hashable | None = None,
    include_unwilling: bool = False,
) -> Iterator[Route]:
    """Generate the best warm introduction routes from ``source`` to ``target`` in ``G``.

    Parameters
    ----------
    G : networkx.Graph
        Edges carry a strength in (0, 1]; nodes a willingness ("willing", "unknown" or
        "unwilling").
    source, target : node
        You, and the person you want to meet.
    k : int or None, optional
        At most this many routes (all of them if None).
    max_hops : int, optional
        Longest route, in ties (1 to 4, else a ValueError; 3 means two intermediaries).
    weight, willingness : str or callable, optional
        Edge attribute holding the strength, or ``f(u, v, data)`` returning it (None hides
        the edge); node attribute holding the willingness.
    factor : str or callable, optional
        Node attribute or ``f(node)`` giving the intermediary factor directly.
    avoid, via : nodes, optional
        People who must not be intermediaries; keep only routes through this person.
    include_unwilling : bool, optional
        Allow unwilling people as intermediaries (with a small factor).

    Yields
    ------
    Route
        Routes in ranked order: each referrer's best route first, then the rest by score.

    Notes
    -----
    Each call builds a :class:`~netgraph.routes.index.RouteIndex` of ``G`` (see the module's
    example); for many queries on one graph, build it once with
    :func:`~netgraph.routes.index.index_from_networkx` and call :func:`find_routes`.
    """
    if not 1 <= max_hops <= MAX_HOPS_LIMIT:
        raise ValueError(f"max_hops must be between 1 and {MAX_HOPS_LIMIT}")
    index = index_from_networkx(
        G, weight=weight, willingness=willingness, factor=factor,
        include_unwilling=include_unwilling,
    )  # fmt: skip
    yield from find_routes(
        index, source, target, max_hops=max_hops, avoid=avoid, via=via, k=k,
        include_unwilling=include_unwilling,
    )  # fmt: skip
