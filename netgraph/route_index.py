"""A compact adjacency structure for route search: CSR arrays of neighbours and tie strengths.

Node ``i``'s neighbours are ``indices[indptr[i]:indptr[i + 1]]`` (sorted) with the strengths of
those ties in ``strengths`` at the same positions. Every tie is stored in both directions: 24
bytes per tie in all (4 for the neighbour, 8 for the strength, twice), plus one byte of
willingness per person. For a workspace, node ``i`` is person ``i``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from netgraph.routes_model import factor_table, willingness_code

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


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
        starts = self.indptr[nodes]
        degrees = self.indptr[nodes + 1] - starts
        total = int(degrees.sum())
        if total == 0:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty, np.empty(0, dtype=np.float64)
        owners = np.repeat(nodes, degrees)
        shift = np.repeat(starts - np.concatenate(([0], np.cumsum(degrees)[:-1])), degrees)
        positions = shift + np.arange(total, dtype=np.int64)
        return owners, self.indices[positions].astype(np.int64), self.strengths[positions]

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


def index_from_networkx(
    G: Any,
    *,
    weight: str | Callable[[Any, Any, dict[str, Any]], float | None] = "strength",
    willingness: str = "willingness",
    factor: str | Callable[[Any], float] | None = None,
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
