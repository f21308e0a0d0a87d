"""Which routes are pointless detours: a route through fewer of the same people, in the same
order, scores at least as high.

For a route ``you - a - b - target``, the routes that skip people of it are ``you - target``,
``you - a - target`` and ``you - b - target``: each exists when the ties that skip exist (you
know ``b``; ``a`` knows the target). :func:`dominated_rows` checks every such route of every
route in a table at once, with array look-ups in the two ends' neighbour lists and, for four
ties, binary searches in the index (see ``docs/scoring.md``).
"""

from __future__ import annotations

from itertools import combinations, pairwise

import numpy as np

from netgraph.routes.index import FloatArray, IntArray, RouteIndex
from netgraph.routes.model import DOMINATION_TOLERANCE
from netgraph.routes.table import BoolArray, Ends, RouteTable, route_scores


def dominated_rows(
    index: RouteIndex,
    table: RouteTable,
    scores: FloatArray,
    start: Ends,
    end: Ends,
    *,
    direct: float | None,
    via: int | None = None,
) -> BoolArray:
    """Which routes of ``table`` are dominated by a route that skips some of their people.

    ``scores`` are the routes' scores; ``direct`` is the strength of the recorded tie between
    the two ends (None: none). With ``via``, only routes through that person count (a route
    that skips them is not offered).
    """
    dominated = np.zeros(len(table), dtype=bool)
    for hops in range(2, int(table.hops.max(initial=0)) + 1):
        rows = np.flatnonzero(table.hops == hops)
        if not len(rows):
            continue
        found = np.zeros(len(rows), dtype=bool)
        threshold = scores[rows] * (1 - DOMINATION_TOLERANCE)
        for size in range(hops - 1):
            for kept in combinations(range(1, hops), size):
                better = _skipping(index, table, rows, start, end, hops, kept, direct, via)
                if better is not None:
                    exists, score = better
                    found |= exists & (score >= threshold)
        dominated[rows] = found
    return dominated


def _skipping(
    index: RouteIndex,
    table: RouteTable,
    rows: IntArray,
    start: Ends,
    end: Ends,
    hops: int,
    kept: tuple[int, ...],
    direct: float | None,
    via: int | None,
) -> tuple[BoolArray, FloatArray] | None:
    """For routes ``rows`` (all of ``hops`` ties): whether the route through only the
    intermediaries at positions ``kept`` exists (and passes ``via``), and its score."""
    nodes = table.nodes[rows]
    positions = (0, *kept, hops)
    exists = np.ones(len(rows), dtype=bool)
    if via is not None:
        if not kept:
            return None
        exists &= (nodes[:, list(kept)] == via).any(axis=1)
    strengths: list[FloatArray] = []
    for first, second in pairwise(positions):
        if second == first + 1:
            strengths.append(table.strengths[rows, first])
            continue
        x, y = nodes[:, first], nodes[:, second]
        if first == 0 and second == hops:
            if direct is None:
                return None
            strengths.append(np.full(len(rows), direct))
        elif first == 0:
            found, at = start.lookup(y)
            exists &= found
            strengths.append(start.strengths[at] if len(start.nodes) else np.ones(len(rows)))
        elif second == hops:
            found, at = end.lookup(x)
            exists &= found
            strengths.append(end.strengths[at] if len(end.nodes) else np.ones(len(rows)))
        else:
            found, between = index.ties_between(x, y)
            exists &= found
            strengths.append(between)
    factors = [table.factors[rows, p - 1] for p in kept]
    return exists, route_scores(strengths, factors)
