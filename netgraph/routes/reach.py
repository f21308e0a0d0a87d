"""The best route from you to everyone at once: a layered search over the route index.

:func:`reach_table` runs Bellman-Ford limited to two or three layers on the CSR arrays of a
:class:`~netgraph.routes.index.RouteIndex`, keeping per node the best score and the number of
routes; paths are read back only for the people asked for. ``rank`` and the maps use it; the
best score to a person equals the best of :func:`netgraph.routes.search.find_routes` (up to
rounding: the layers multiply the same factors in another order), and the route counts leave
out pointless detours as the search does (:mod:`netgraph.routes.detours`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from netgraph.routes.detours import detours_through_first_degree, detours_to
from netgraph.routes.index import FloatArray, IntArray, RouteIndex

__all__ = ["Reach", "ReachTable", "best_routes_from", "reach_table"]


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
    routes, less those that are pointless detours for anyone (:mod:`netgraph.routes.detours`);
    :meth:`route_counts` gives the exact number of routes offered to some people. Paths are
    read back only when asked for (:meth:`path`, :meth:`paths`): from what each layer carried,
    the neighbour that gave a node its best score is found along its own row, so a search that
    is only ranked never pays for the paths of a million people.
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
    #: The strength of the source's tie to each node (0: none).
    direct: FloatArray | None = None
    include_unwilling: bool = False

    def route_counts(self, nodes: IntArray) -> IntArray:
        """How many routes are offered to each of ``nodes`` (reached, not first-degree): every
        route of at most ``max_hops`` ties but the pointless detours (``docs/scoring.md``)."""
        nodes = np.asarray(nodes, dtype=np.int64)
        counts = self.routes[nodes].astype(np.int64)
        if len(self.carried) < 2 or self.direct is None or not len(nodes):
            return counts
        detours = detours_to(
            self.index,
            nodes,
            first_carried=self.carried[0],
            second_carried=self.carried[1],
            direct=self.direct,
            first_degree=self.first_degree,
            include_unwilling=self.include_unwilling,
        )
        found: IntArray = counts - detours
        return found

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
    blocked = _blocked(index, s, avoid)
    first = index.neighbours(s)[0]
    direct = _direct(index, s)
    best = direct.copy()
    first_degree = direct > 0
    first_degree[s] = True
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
        if _layer < max_hops:  # going on through someone you know better directly: detours
            layer_counts -= detours_through_first_degree(
                index, s, nodes, carried, direct, first_degree
            )
        improved = layer_best > best
        best[improved] = layer_best[improved]
        carried_by_layer.append(carried)
        improved_by_layer.append(improved)
        counts += layer_counts
        frontier = np.flatnonzero(layer_counts)
        frontier_counts = layer_counts[frontier]
    return ReachTable(
        index,
        s,
        best,
        counts,
        first_degree,
        carried_by_layer,
        improved_by_layer,
        direct,
        include_unwilling,
    )


def _direct(index: RouteIndex, source: int) -> FloatArray:
    """The strength of the source's tie to each node (0: none)."""
    first, first_strength = index.neighbours(source)
    direct = np.zeros(index.size, dtype=np.float64)
    direct[first] = first_strength
    return direct


def _blocked(index: RouteIndex, source: int, avoid: Iterable[Hashable]) -> npt.NDArray[np.bool_]:
    """Who is never an intermediary: the source and the people avoided."""
    blocked = np.zeros(index.size, dtype=bool)
    blocked[source] = True
    for label in avoid:
        node = index.node(label)
        if node is not None:
            blocked[node] = True
    return blocked


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
    counts = table.route_counts(reached).tolist()
    return {
        index.label(node): Reach(score=float(table.best[node]), path=path, routes=count)
        for node, path, count in zip(
            reached.tolist(), table.labelled_paths(reached), counts, strict=True
        )
    }
