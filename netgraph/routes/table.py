"""Routes as parallel arrays, and the usable neighbours of a route's two ends.

The search (:mod:`netgraph.routes.search`) finds thousands of routes at once; they stay columns
of numbers (:class:`RouteTable`) until the few that are listed become
:class:`~netgraph.routes.model.Route` objects. :class:`Ends` is what the search reads around
the source and the target: their usable neighbours, sorted, with tie strengths, factors and,
for the target, which ties are inferred.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from netgraph.routes.index import FloatArray, IntArray, RouteIndex
from netgraph.routes.model import MAX_HOPS_LIMIT

BoolArray = npt.NDArray[np.bool_]
#: Columns of a route table: up to 5 nodes, 4 strengths, 3 factors; unused cells are -1 / 1.0.
WIDTH = MAX_HOPS_LIMIT + 1


def product(columns: list[FloatArray]) -> FloatArray:
    """The product of columns, left to right (as ``math.prod`` multiplies a route's tuple, so
    both give the same float)."""
    result: FloatArray = columns[0].copy()
    for column in columns[1:]:
        result = result * column
    return result


def route_scores(strengths: list[FloatArray], factors: list[FloatArray]) -> FloatArray:
    """Scores of routes given column by column: product of the strengths times product of
    the factors (an empty list of factors is 1)."""
    score = product(strengths)
    if factors:
        score = score * product(factors)
    return score


@dataclass
class RouteTable:
    """Routes as parallel arrays, so thousands can be scored and ranked without objects.

    ``inferred[i]`` says whether the last tie of route ``i`` is an inferred one.
    """

    nodes: IntArray  # (m, 5)
    strengths: FloatArray  # (m, 4)
    factors: FloatArray  # (m, 3)
    hops: IntArray  # (m,)
    inferred: BoolArray  # (m,)

    @property
    def score(self) -> FloatArray:
        """Each route's score (padding cells are 1.0, which multiply exactly)."""
        return route_scores(
            [self.strengths[:, c] for c in range(MAX_HOPS_LIMIT)],
            [self.factors[:, c] for c in range(MAX_HOPS_LIMIT - 1)],
        )

    def __len__(self) -> int:
        return len(self.hops)

    def rows(self, keep: BoolArray | IntArray) -> RouteTable:
        """The routes selected by a mask or by row numbers."""
        return RouteTable(
            self.nodes[keep],
            self.strengths[keep],
            self.factors[keep],
            self.hops[keep],
            self.inferred[keep],
        )


def make_table(
    nodes: list[IntArray],
    strengths: list[FloatArray],
    factors: list[FloatArray],
    inferred: BoolArray | None = None,
) -> RouteTable:
    """A table of routes of one length, given column by column."""
    count = len(nodes[0])
    table = RouteTable(
        nodes=np.full((count, WIDTH), -1, dtype=np.int64),
        strengths=np.ones((count, MAX_HOPS_LIMIT), dtype=np.float64),
        factors=np.ones((count, MAX_HOPS_LIMIT - 1), dtype=np.float64),
        hops=np.full(count, len(nodes) - 1, dtype=np.int64),
        inferred=np.zeros(count, dtype=bool) if inferred is None else inferred.astype(bool),
    )
    for column, node_values in enumerate(nodes):
        table.nodes[:, column] = node_values
    for column, strength_values in enumerate(strengths):
        table.strengths[:, column] = strength_values
    for column, factor_values in enumerate(factors):
        table.factors[:, column] = factor_values
    return table


def concat(tables: list[RouteTable]) -> RouteTable:
    """The routes of several tables, in order."""
    if not tables:
        return make_table([np.empty(0, dtype=np.int64)] * 2, [np.empty(0)], [])
    return RouteTable(
        nodes=np.concatenate([t.nodes for t in tables]),
        strengths=np.concatenate([t.strengths for t in tables]),
        factors=np.concatenate([t.factors for t in tables]),
        hops=np.concatenate([t.hops for t in tables]),
        inferred=np.concatenate([t.inferred for t in tables]),
    )


class Ends:
    """The usable neighbours of one end of a route, sorted, with tie strengths and factors.

    ``inferred`` (node number to strength) adds ties inferred for this end where no recorded
    tie exists; :attr:`is_inferred` marks them.
    """

    def __init__(
        self,
        index: RouteIndex,
        node: int,
        excluded: IntArray,
        include_unwilling: bool,
        inferred: Mapping[int, float] | None = None,
    ) -> None:
        neighbours, strengths = index.neighbours(node)
        all_nodes = neighbours.astype(np.int64)
        all_strengths = strengths
        is_inferred = np.zeros(len(all_nodes), dtype=bool)
        if inferred:
            extra = np.array(sorted(inferred), dtype=np.int64)
            extra = extra[~_sorted_contains(all_nodes, extra) & (extra != node)]
            if len(extra):
                all_nodes = np.concatenate((all_nodes, extra))
                all_strengths = np.concatenate(
                    (strengths, np.array([inferred[int(n)] for n in extra], dtype=np.float64))
                )
                is_inferred = np.concatenate((is_inferred, np.ones(len(extra), dtype=bool)))
                order = np.argsort(all_nodes, kind="stable")
                all_nodes, all_strengths = all_nodes[order], all_strengths[order]
                is_inferred = is_inferred[order]
        self.all_nodes = all_nodes
        self.all_strengths = all_strengths
        factors = index.factors(all_nodes, include_unwilling=include_unwilling)
        keep = (factors > 0) & ~_sorted_contains(excluded, all_nodes)
        self.nodes = all_nodes[keep]
        self.strengths = all_strengths[keep]
        self.factors = factors[keep]
        self.is_inferred = is_inferred[keep]
        self._size = index.size
        self._members: BoolArray | None = None

    def lookup(self, nodes: IntArray) -> tuple[BoolArray, IntArray]:
        """Which ``nodes`` are usable neighbours here, and their positions in :attr:`nodes`.

        Many look-ups at once read a table of one byte per node (made once, when the look-ups
        outnumber a sixteenth of the nodes) and binary-search only the nodes found; a few are
        binary searches. (A table of every node's position cost more to fill, 8 MB at a
        million people, than the searches it saved.)"""
        if len(nodes) * 16 > self._size and len(self.nodes):
            if self._members is None:
                self._members = np.zeros(self._size, dtype=bool)
                self._members[self.nodes] = True
            found_here: BoolArray = self._members[nodes]
            at = np.zeros(len(nodes), dtype=np.int64)
            at[found_here] = np.searchsorted(self.nodes, nodes[found_here])
            return found_here, at
        positions = np.searchsorted(self.nodes, nodes)
        positions = np.minimum(positions, max(len(self.nodes) - 1, 0))
        found = (self.nodes[positions] == nodes) if len(self.nodes) else np.zeros(len(nodes), bool)
        return found, positions


def _sorted_contains(values: IntArray, wanted: IntArray) -> BoolArray:
    """Whether each of ``wanted`` is in the sorted array ``values`` (a binary search; np.isin
    costs 30 ms of lazy imports on first use)."""
    if not len(values):
        return np.zeros(len(wanted), dtype=bool)
    at = np.minimum(np.searchsorted(values, wanted), len(values) - 1)
    found: BoolArray = values[at] == wanted
    return found
