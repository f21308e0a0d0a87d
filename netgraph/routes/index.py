"""A compact adjacency structure for route search: CSR arrays of neighbours and tie strengths.

Node ``i``'s neighbours are ``indices[indptr[i]:indptr[i + 1]]`` (sorted) with the strengths of
those ties in ``strengths`` at the same positions. Every tie is stored in both directions: 24
bytes per tie in all (4 for the neighbour, 8 for the strength, twice), plus one byte of
willingness per person. For a workspace, node ``i`` is person ``i``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from netgraph.routes.model import factor_table, willingness_code

if TYPE_CHECKING:
    import networkx as nx

IntArray = npt.NDArray[np.int64]
#: From this many look-ups at once, :meth:`RouteIndex.entry_positions` may sort them and search
#: the rows' entries in one pass instead of a binary search each.
_MERGED_FROM = 100_000
FloatArray = npt.NDArray[np.float64]
EdgeStrength = Callable[[Hashable, Hashable, dict[str, Any]], "float | None"]
"""``f(u, v, data)``: the strength of the edge ``u - v`` with attributes ``data``, or None to
hide the edge."""
NodeFactor = Callable[[Hashable], float]
"""``f(node)``: the intermediary factor of a node."""


@dataclass
class RouteIndex:
    """Adjacency in CSR form plus what the route score needs about each person.

    ``labels`` maps node numbers back to the caller's nodes (None: node ``i`` is ``i``).
    ``custom_factors`` overrides the willingness-derived factor of every node.
    """

    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.int32]
    strengths: FloatArray
    willingness: npt.NDArray[np.int8]
    labels: Sequence[Hashable] | None = None
    custom_factors: FloatArray | None = None
    _positions: dict[Hashable, int] | None = field(default=None, repr=False)

    @property
    def size(self) -> int:
        """Number of node slots."""
        return len(self.indptr) - 1

    def node(self, label: Hashable) -> int | None:
        """The node number of a caller's node, or None if the index does not hold it."""
        if self.labels is None:
            if isinstance(label, int | np.integer) and 0 <= int(label) < self.size:
                return int(label)
            return None
        if self._positions is None:
            self._positions = {value: i for i, value in enumerate(self.labels)}
        return self._positions.get(label)

    def label(self, node: int) -> Hashable:
        """The caller's node for a node number."""
        return int(node) if self.labels is None else self.labels[int(node)]

    def neighbours(self, node: int) -> tuple[npt.NDArray[np.int32], FloatArray]:
        """Sorted neighbours of ``node`` and the strengths of those ties (views, no copies)."""
        start, end = self.indptr[node], self.indptr[node + 1]
        return self.indices[start:end], self.strengths[start:end]

    def has_tie(self, a: int, b: int) -> bool:
        """Whether ``a`` and ``b`` are tied (a binary search in ``a``'s sorted neighbours)."""
        around = self.neighbours(a)[0]
        position = int(np.searchsorted(around, b))
        return position < len(around) and int(around[position]) == b

    def factors(self, nodes: IntArray, *, include_unwilling: bool = False) -> FloatArray:
        """The intermediary factor of each node (0: never an intermediary)."""
        if self.custom_factors is not None:
            custom: FloatArray = self.custom_factors[nodes]
            return custom
        table = factor_table(include_unwilling=include_unwilling)
        found: FloatArray = table[self.willingness[nodes]]
        return found

    def gather(self, nodes: IntArray) -> tuple[IntArray, IntArray, FloatArray]:
        """Every tie of the given nodes as parallel arrays ``(node, neighbour, strength)``."""
        owners, positions = self._entries_of(nodes)
        if not len(positions):
            empty = np.empty(0, dtype=np.int64)
            return empty, empty, np.empty(0, dtype=np.float64)
        return owners, self.indices[positions].astype(np.int64), self.strengths[positions]

    def _entries_of(self, nodes: IntArray) -> tuple[IntArray, IntArray]:
        """The row and the position in the arrays of every entry of the given nodes' rows."""
        starts = self.indptr[nodes]
        degrees = self.indptr[nodes + 1] - starts
        total = int(degrees.sum())
        owners = np.repeat(nodes, degrees)
        shift = np.repeat(starts - np.concatenate(([0], np.cumsum(degrees)[:-1])), degrees)
        return owners, shift + np.arange(total, dtype=np.int64)

    def ties_between(self, a: IntArray, b: IntArray) -> tuple[npt.NDArray[np.bool_], FloatArray]:
        """For each pair ``a[i] - b[i]``: whether they are tied, and the strength of that tie
        (0 where they are not); a binary search in each ``a[i]``'s sorted neighbours, all
        pairs at once."""
        positions, found = self.entry_positions(a, b)
        strengths = np.zeros(len(positions), dtype=np.float64)
        strengths[found] = self.strengths[positions[found]]
        return found, strengths

    def entry_positions(self, a: IntArray, b: IntArray) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        """For each pair, where entry ``a[i] → b[i]`` is in the arrays, or would go, and
        whether it is there: binary searches in each ``a[i]``'s row, all at once."""
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        if len(a) > _MERGED_FROM:
            rows = np.unique(a)
            if self.degree_sum(rows) <= 4 * len(a):
                return self._positions_by_merge(rows, a, b)
        low = self.indptr[a].copy()
        end = self.indptr[a + 1]
        high = end.copy()
        last = max(len(self.indices) - 1, 0)
        active = np.flatnonzero(low < high)
        while len(active):
            middle = (low[active] + high[active]) // 2
            below = self.indices[np.minimum(middle, last)] < b[active]
            low[active] = np.where(below, middle + 1, low[active])
            high[active] = np.where(below, high[active], middle)
            active = active[low[active] < high[active]]
        found = low < end
        found[found] = self.indices[low[found]] == b[found]
        return low, found

    def _positions_by_merge(
        self, rows: IntArray, a: IntArray, b: IntArray
    ) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        """:meth:`entry_positions` for many look-ups: the look-ups, sorted, searched in the
        entries of ``rows`` (the distinct ``a``, ascending) keyed ``row << 32 | neighbour``.
        Sorted, each search starts where the last one ended, in memory already read."""
        owners, positions = self._entries_of(rows)
        keys = (owners << 32) | self.indices[positions].astype(np.int64)
        wanted = (a << 32) | b
        order = np.argsort(wanted)
        at = np.empty(len(a), dtype=np.int64)
        at[order] = np.searchsorted(keys, wanted[order])
        in_row = np.zeros(len(a), dtype=bool)  # the search stopped inside a's own row
        inside = np.flatnonzero(at < len(keys))
        in_row[inside] = (keys[at[inside]] >> 32) == a[inside]
        position = self.indptr[a + 1].copy()  # past a's row: it would go at the row's end
        position[in_row] = positions[at[in_row]]
        found = np.zeros(len(a), dtype=bool)
        found[in_row] = keys[at[in_row]] == wanted[in_row]
        return position, found

    def degree_sum(self, nodes: IntArray) -> int:
        """How many tie entries :meth:`gather` would return for these nodes."""
        return int((self.indptr[nodes + 1] - self.indptr[nodes]).sum())

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays."""
        return int(
            self.indptr.nbytes
            + self.indices.nbytes
            + self.strengths.nbytes
            + self.willingness.nbytes
        )


def build_index(
    size: int,
    a: npt.ArrayLike,
    b: npt.ArrayLike,
    strength: npt.ArrayLike,
    willingness: npt.NDArray[np.int8],
    *,
    labels: Sequence[Hashable] | None = None,
    custom_factors: FloatArray | None = None,
) -> RouteIndex:
    """Build a :class:`RouteIndex` from undirected ties ``a[i] - b[i]`` with ``strength[i]``."""
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    weights = np.asarray(strength, dtype=np.float64)
    keep = a != b
    rows = np.concatenate((a[keep], b[keep]))
    cols = np.concatenate((b[keep], a[keep]))
    values = np.concatenate((weights[keep], weights[keep]))
    order = np.lexsort((cols, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=size), out=indptr[1:])
    return RouteIndex(
        indptr=indptr,
        indices=cols.astype(np.int32),
        strengths=values,
        willingness=willingness,
        labels=labels,
        custom_factors=custom_factors,
    )


def build_index_from_tie_keys(
    size: int,
    keys: npt.NDArray[np.int64],
    strength: FloatArray,
    willingness: npt.NDArray[np.int8],
) -> RouteIndex:
    """Build a :class:`RouteIndex` from ties given as ``a << 32 | b`` with ``a < b``, ascending.

    That is the order of the workspace's ``edges`` table, and it saves sorting twenty million
    tie entries: row ``v`` of the index is its smaller neighbours (ties where ``v`` is ``b``),
    then its larger ones (ties where ``v`` is ``a``), and both runs come out sorted. Only the
    first run needs the ties in ``(b, a)`` order: a stable sort on ``b``, done as a plain sort
    of ``b`` with each tie's position packed into the low 32 bits (much faster than an
    argsort). Falls back to :func:`build_index` when the keys are not in that order.
    """
    count = len(keys)
    keys = np.ascontiguousarray(keys, dtype=np.int64)
    # Views, not copies: the low and high 32 bits of each key (b, then a, in memory order).
    halves = keys.view(np.int32).reshape(-1, 2)
    b, a = (halves[:, 1], halves[:, 0]) if sys.byteorder == "big" else (halves[:, 0], halves[:, 1])
    if count and not (
        count < 2**32
        and int(keys[0]) >= 0
        and int(b.max()) < size <= 2**31
        and bool(np.all(keys[1:] > keys[:-1]))
        and bool(np.all(a < b))
    ):
        return build_index(size, keys >> 32, keys & 0xFFFFFFFF, strength, willingness)
    larger = np.bincount(a, minlength=size)  # per row: ties to larger neighbours
    smaller = np.bincount(b, minlength=size)  # per row: ties to smaller neighbours
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(larger + smaller, out=indptr[1:])
    # Which entries are each row's larger neighbours: its last larger[v] of the row.
    runs = np.empty(2 * size, dtype=np.int64)
    runs[0::2] = smaller
    runs[1::2] = larger
    larger_run = np.repeat(np.tile(np.array([False, True]), size), runs)
    smaller_run = ~larger_run
    order = np.arange(count, dtype=np.int64)
    order |= keys << 32  # b in the high half
    order.sort()
    order &= 0xFFFFFFFF
    indices = np.empty(2 * count, dtype=np.int32)
    strengths = np.empty(2 * count, dtype=np.float64)
    indices[larger_run] = b
    indices[smaller_run] = a[order]
    strengths[larger_run] = strength
    strengths[smaller_run] = strength[order]
    return RouteIndex(indptr=indptr, indices=indices, strengths=strengths, willingness=willingness)


def index_from_networkx(
    G: nx.Graph,
    *,
    weight: str | EdgeStrength = "strength",
    willingness: str = "willingness",
    factor: str | NodeFactor | None = None,
    include_unwilling: bool = False,
) -> RouteIndex:
    """A :class:`RouteIndex` of a networkx graph.

    Strengths come from the ``weight`` edge attribute (default 1.0), or a callable
    ``(u, v, data)`` returning the strength or None to hide the edge; factors from the
    ``willingness`` node attribute, or from ``factor`` (an attribute name or ``node -> float``).
    Nodes are numbered in sorted order (by ``str`` when they do not compare), so ties between
    equal scores break the same way every time.
    """
    nodes = list(G.nodes)
    try:
        nodes.sort()
    except TypeError:
        nodes.sort(key=str)
    position = {node: i for i, node in enumerate(nodes)}
    a: list[int] = []
    b: list[int] = []
    strengths: list[float] = []
    for u, v, data in G.edges(data=True):
        if callable(weight):
            value = weight(u, v, data)
            if value is None:
                continue
        else:
            value = data.get(weight, 1.0)
        a.append(position[u])
        b.append(position[v])
        strengths.append(float(value))
    codes = np.array([willingness_code(G.nodes[n].get(willingness)) for n in nodes], dtype=np.int8)
    custom = None
    if factor is not None:
        custom = np.array(
            [
                float(factor(n)) if callable(factor) else float(G.nodes[n].get(factor, 0.0))
                for n in nodes
            ],
            dtype=np.float64,
        )
    elif include_unwilling:
        custom = factor_table(include_unwilling=True)[codes]
    return build_index(len(nodes), a, b, strengths, codes, labels=nodes, custom_factors=custom)
