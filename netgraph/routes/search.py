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
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from netgraph.routes.index import FloatArray, IntArray, RouteIndex, index_from_networkx
from netgraph.routes.model import MAX_HOPS_LIMIT, Route, willingness_factor

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
    G: Any,
    source: Hashable,
    target: Hashable,
    *,
    k: int | None = 5,
    max_hops: int = 3,
    weight: str | Callable[[Any, Any, dict[str, Any]], float | None] = "strength",
    willingness: str = "willingness",
    factor: str | Callable[[Any], float] | None = None,
    avoid: Iterable[Hashable] = (),
    via: Hashable | None = None,
    include_unwilling: bool = False,
) -> Iterator[Route]:
    """Generate the best warm introduction routes from ``source`` to ``target`` in ``G``.

    Parameters
    ----------
    G : networkx.Graph
        The network. Edges carry a strength in (0, 1]; nodes carry a willingness
        (``"willing"``, ``"unknown"`` or ``"unwilling"``).
    source, target : node
        You, and the person you want to meet.
    k : int or None, optional
        At most this many routes (all of them if None).
    max_hops : int, optional
        Longest route, in ties (1 to 4; 3 means two intermediaries).
    weight : str or callable, optional
        Edge attribute holding the strength, or ``f(u, v, data)`` returning it (None hides
        the edge).
    willingness : str, optional
        Node attribute holding the willingness.
    factor : str or callable, optional
        Node attribute or ``f(node)`` giving the intermediary factor directly, instead of
        deriving it from the willingness.
    avoid : iterable of nodes, optional
        People who must not be intermediaries.
    via : node, optional
        Keep only routes through this person.
    include_unwilling : bool, optional
        Allow unwilling people as intermediaries (with a small factor).

    Yields
    ------
    Route
        Routes in ranked order: each referrer's best route first, then the rest by score.

    Raises
    ------
    ValueError
        If ``max_hops`` is outside 1 to 4.

    Notes
    -----
    Each call builds a :class:`~netgraph.routes.index.RouteIndex` of ``G``; for many queries on
    one graph, build it once with :func:`~netgraph.routes.index.index_from_networkx` and call
    :func:`find_routes`.

    Examples
    --------
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
    if not 1 <= max_hops <= MAX_HOPS_LIMIT:
        raise ValueError(f"max_hops must be between 1 and {MAX_HOPS_LIMIT}")
    index = index_from_networkx(
        G,
        weight=weight,
        willingness=willingness,
        factor=factor,
        include_unwilling=include_unwilling,
    )
    yield from find_routes(
        index,
        source,
        target,
        max_hops=max_hops,
        avoid=avoid,
        via=via,
        k=k,
        include_unwilling=include_unwilling,
    )


@dataclass
class Reach:
    """The best route to one person found by :func:`best_routes_from`."""

    score: float
    path: tuple[Hashable, ...]
    routes: int  # how many routes of at most max_hops ties reach the person


@dataclass
class ReachTable:
    """The result of one layered search from ``source``, as arrays indexed by node number.

    ``best[n]`` is the best score to node ``n`` (0 if not reached), ``routes[n]`` the number of
    routes. Paths are read back only when asked for (:meth:`path`, :meth:`paths`): from what
    each layer carried, the neighbour that gave a node its best score is found along its own
    row, so a search that is only ranked never pays for the paths of a million people.
    """

    index: RouteIndex
    source: int
    best: FloatArray
    routes: FloatArray
    first_degree: npt.NDArray[np.bool_]
    #: Per layer from the second: what each node carried into it (score times factor).
    carried: list[FloatArray]
    #: Per layer from the second: the nodes whose best score that layer improved.
    improved: list[npt.NDArray[np.bool_]]

    def is_reached(self, nodes: IntArray | int | slice = slice(None)) -> npt.NDArray[np.bool_]:
        """Whether a route reaches each of ``nodes`` (first-degree people and the source have
        none: they need no introduction)."""
        return (self.best[nodes] > 0) & ~self.first_degree[nodes]

    @property
    def reached(self) -> IntArray:
        """Node numbers of everyone reached who is not first-degree (nor the source)."""
        return np.flatnonzero(self.is_reached())

    @property
    def predecessors(self) -> list[IntArray]:
        """Per layer, the node each improved node was reached from (-1 where not improved)."""
        first = np.full(self.index.size, -1, dtype=np.int64)
        first[self.index.neighbours(self.source)[0]] = self.source
        layers = [first]
        for carried, improved in zip(self.carried, self.improved, strict=True):
            layer = np.full(self.index.size, -1, dtype=np.int64)
            nodes = np.flatnonzero(improved)
            layer[nodes] = _best_neighbours(self.index, nodes, carried)
            layers.append(layer)
        return layers

    def path(self, node: int) -> tuple[Hashable, ...]:
        """The best route to ``node`` as the caller's nodes, source first."""
        return self.labelled_paths(np.array([node], dtype=np.int64))[0]

    def labelled_paths(self, nodes: IntArray) -> list[tuple[Hashable, ...]]:
        """The best routes to many reached nodes at once, as the caller's nodes, source first."""
        table, lengths = self.paths(nodes)
        label = self.index.label
        return [
            tuple(label(n) for n in path[:length])
            for path, length in zip(table.tolist(), lengths.tolist(), strict=True)
        ]

    def paths(self, nodes: IntArray) -> tuple[IntArray, IntArray]:
        """The best routes to many reached nodes at once, as node numbers.

        Returns ``(table, lengths)``: row ``i`` of ``table`` is the route to ``nodes[i]``,
        source first, in its first ``lengths[i]`` columns (-1 after).
        """
        nodes = np.asarray(nodes, dtype=np.int64)
        width = len(self.carried) + 2
        backwards = np.full((len(nodes), width), -1, dtype=np.int64)
        backwards[:, 0] = nodes
        lengths = np.ones(len(nodes), dtype=np.int64)
        current = nodes.copy()
        first = self.index.neighbours(self.source)[0]
        # Walk back from the last layer: a node's best score was set by the latest layer that
        # improved it, and the neighbour it came from is read from that layer.
        for layer in range(len(self.carried), -1, -1):
            walking = current != self.source
            if layer == 0:
                at = np.minimum(np.searchsorted(first, current), max(len(first) - 1, 0))
                is_first = first[at] == current if len(first) else np.zeros_like(walking)
                rows = np.flatnonzero(walking & is_first)
                previous = np.full(len(rows), self.source, dtype=np.int64)
            else:
                rows = np.flatnonzero(walking & self.improved[layer - 1][current])
                # Many routes share an intermediary, often one with thousands of ties: read
                # each row once.
                distinct, which = _distinct(current[rows], self.index.size)
                found = _best_neighbours(self.index, distinct, self.carried[layer - 1])
                previous = found[which]
            backwards[rows, lengths[rows]] = previous
            lengths[rows] += 1
            current[rows] = previous
        forwards = np.full_like(backwards, -1)
        columns = np.arange(width)
        used = columns[None, :] < lengths[:, None]
        source_first = lengths[:, None] - 1 - columns[None, :]
        forwards[used] = backwards[np.nonzero(used)[0], source_first[used]]
        return forwards, lengths


def _distinct(values: IntArray, size: int) -> tuple[IntArray, IntArray]:
    """The distinct values (below ``size``), ascending, and where each value is among them."""
    if len(values) * 16 < size:
        distinct, which = np.unique(values, return_inverse=True)
        return distinct, which.reshape(-1)
    slot = np.zeros(size, dtype=np.int64)
    slot[values] = 1
    distinct = np.flatnonzero(slot)
    slot[distinct] = np.arange(len(distinct))
    return distinct, slot[values]


def reach_table(
    index: RouteIndex,
    source: Hashable,
    *,
    max_hops: int = 3,
    avoid: Iterable[Hashable] = (),
    include_unwilling: bool = False,
) -> ReachTable | None:
    """Run the layered search of :func:`best_routes_from` and keep its arrays.

    Returns None when ``source`` is not in the index.
    """
    if max_hops not in (2, 3):
        raise ValueError("max_hops must be 2 or 3")
    s = index.node(source)
    if s is None:
        return None
    blocked = np.zeros(index.size, dtype=bool)
    blocked[s] = True
    for label in avoid:
        node = index.node(label)
        if node is not None:
            blocked[node] = True
    first, first_strength = index.neighbours(s)
    best = np.zeros(index.size, dtype=np.float64)
    best[first] = first_strength
    counts = np.zeros(index.size, dtype=np.float64)
    carried_by_layer: list[FloatArray] = []
    improved_by_layer: list[npt.NDArray[np.bool_]] = []
    frontier: IntArray = first.astype(np.int64)
    frontier_counts = np.ones(len(first), dtype=np.float64)
    for _layer in range(2, max_hops + 1):
        factors = index.factors(frontier, include_unwilling=include_unwilling)
        expand = (factors > 0) & ~blocked[frontier]
        nodes = frontier[expand]
        carried = np.zeros(index.size, dtype=np.float64)
        carried[nodes] = best[nodes] * factors[expand]
        layer_best, layer_counts = _relax(index, nodes, carried, frontier_counts[expand])
        layer_best[s] = 0.0
        layer_counts[s] = 0.0
        improved = layer_best > best
        best[improved] = layer_best[improved]
        carried_by_layer.append(carried)
        improved_by_layer.append(improved)
        counts += layer_counts
        frontier = np.flatnonzero(layer_counts)
        frontier_counts = layer_counts[frontier]
    first_degree = np.zeros(index.size, dtype=bool)
    first_degree[first] = True
    first_degree[s] = True
    return ReachTable(index, s, best, counts, first_degree, carried_by_layer, improved_by_layer)


# Expanding from a few nodes costs about this many times more per tie entry than one pass
# over the whole index does, so it is used while their ties are fewer than this share.
_PUSH_SHARE = 2
# Rows are read in pieces of about this many tie entries (temporaries stay small).
_PIECE = 1 << 20


def _relax(
    index: RouteIndex, nodes: IntArray, carried: FloatArray, node_counts: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """One layer: for each node ``v``, the best ``carried[w] * strength(w, v)`` over its
    neighbours ``w`` among ``nodes`` (0 if none), and the sum of their route counts.

    ``carried`` is zero outside ``nodes`` and ``node_counts`` lists their counts. A small
    layer is expanded from ``nodes``; a large one is read along every row of the (symmetric)
    index at once, one vectorised pass whatever the shape of the network.
    """
    size = index.size
    if index.degree_sum(nodes) * _PUSH_SHARE < len(index.indices):
        owners, neighbours, strengths = index.gather(nodes)
        best = np.zeros(size, dtype=np.float64)
        np.maximum.at(best, neighbours, carried[owners] * strengths)
        degrees = index.indptr[nodes + 1] - index.indptr[nodes]
        counts = np.bincount(
            neighbours, weights=np.repeat(node_counts, degrees), minlength=size
        ).astype(np.float64)
        return best, counts
    best = np.zeros(size, dtype=np.float64)
    counts = np.zeros(size, dtype=np.float64)
    # Each tie entry reads its neighbour's count at random: from the smallest integer type
    # that holds the counts, far fewer cache misses than from floats (the sums are exact).
    largest = float(node_counts.max()) if len(node_counts) else 0.0
    kind = np.min_scalar_type(int(largest)) if largest < 2**32 else np.dtype(np.float64)
    spread = np.zeros(size, dtype=kind)
    spread[nodes] = node_counts
    indptr = index.indptr
    # Whole rows at a time, about a million entries each: the temporaries stay in cache.
    bounds = np.searchsorted(indptr, np.arange(0, int(indptr[-1]), _PIECE), side="left")
    bounds = np.unique(np.append(bounds, size))
    for first, last in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        begin, end = int(indptr[first]), int(indptr[last])
        if begin == end:
            continue
        filled = indptr[first + 1 : last + 1] > indptr[first:last]
        starts = indptr[first:last][filled] - begin
        columns = index.indices[begin:end]
        values = np.take(carried, columns)
        values *= index.strengths[begin:end]
        best[first:last][filled] = np.maximum.reduceat(values, starts)
        counts[first:last][filled] = np.add.reduceat(
            np.take(spread, columns), starts, dtype=np.float64
        )
    return best, counts


def _best_neighbours(index: RouteIndex, nodes: IntArray, carried: FloatArray) -> IntArray:
    """For each node, the neighbour ``w`` with the best ``carried[w] * strength(w, node)``
    (the smallest such ``w``), read along the node's row; -1 where every product is 0."""
    found = np.full(len(nodes), -1, dtype=np.int64)
    if not len(nodes):
        return found
    degrees = index.indptr[nodes + 1] - index.indptr[nodes]
    ends = np.cumsum(degrees)
    start = 0
    while start < len(nodes):
        stop = int(np.searchsorted(ends, ends[start] - degrees[start] + _PIECE, side="right"))
        stop = max(stop, start + 1)
        piece = slice(start, stop)
        start = stop
        piece_degrees = degrees[piece]
        total = int(piece_degrees.sum())
        if not total:
            continue
        offsets = np.cumsum(piece_degrees) - piece_degrees
        positions = np.repeat(index.indptr[nodes[piece]] - offsets, piece_degrees)
        positions += np.arange(total, dtype=np.int64)
        neighbours = np.take(index.indices, positions)
        values = np.take(carried, neighbours)
        values *= np.take(index.strengths, positions)
        filled = piece_degrees > 0
        row_best = np.zeros(len(piece_degrees), dtype=np.float64)
        row_best[filled] = np.maximum.reduceat(values, offsets[filled])
        winners = np.flatnonzero((values == np.repeat(row_best, piece_degrees)) & (values > 0))
        # Rows sharing an offset are empty but the last: "right" finds the row of each entry.
        rows = np.searchsorted(offsets, winners, side="right") - 1
        first = np.ones(len(rows), dtype=bool)
        first[1:] = rows[1:] != rows[:-1]
        found[piece][rows[first]] = neighbours[winners[first]]
    return found


def best_routes_from(
    index: RouteIndex,
    source: Hashable,
    *,
    max_hops: int = 3,
    avoid: Iterable[Hashable] = (),
    include_unwilling: bool = False,
) -> dict[Hashable, Reach]:
    """The best route from ``source`` to everyone within ``max_hops`` (2 or 3) ties, at once.

    One layered search (Bellman-Ford limited to ``max_hops`` layers) instead of one search per
    person. Scores are products of numbers at most 1, so a cycle never improves a route and the
    best walk found is a simple path. The route counts are exact for people who are not
    first-degree, the only ones an introduction is for; first-degree people are left out.
    For millions of people, :func:`reach_table` avoids building a path for each of them.
    """
    table = reach_table(
        index, source, max_hops=max_hops, avoid=avoid, include_unwilling=include_unwilling
    )
    if table is None:
        return {}
    reached = table.reached
    return {
        index.label(node): Reach(
            score=float(table.best[node]), path=path, routes=int(table.routes[node])
        )
        for node, path in zip(reached.tolist(), table.labelled_paths(reached), strict=True)
    }
