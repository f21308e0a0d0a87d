"""Warm introduction routes: every simple path of a few ties from you to a person, ranked.

A route's score is::

    score = prod(strength(tie) for tie in route) * prod(factor(p) for p in intermediaries)

where ``factor`` comes from willingness (willing > unknown > 0; unwilling people are never
intermediaries unless asked for). The first intermediary is the *referrer*, the person you ask.
``docs/scoring.md`` explains the model and its constants.

The search meets in the middle on a :class:`~netgraph.routes.index.RouteIndex` (CSR arrays): it
reads the neighbourhoods of the two ends, and for three or four ties the neighbourhoods of
whichever side has fewer tie entries, and joins them with sorted-array operations. It touches
only the part of the network around the two people, never the whole graph. Routes that skip
people of another route and score at least as high make it a pointless detour: those are
dropped (:mod:`netgraph.routes.dominated`).

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

from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from netgraph.routes.dominated import dominated_rows
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
from netgraph.routes.table import WIDTH, Ends, RouteTable, concat, make_table

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "MAX_HOPS_LIMIT",
    "FoundRoutes",
    "Reach",
    "ReachTable",
    "Route",
    "best_routes",
    "best_routes_from",
    "find_routes",
    "reach_table",
    "search_routes",
    "willingness_factor",
]


def _find(
    index: RouteIndex,
    source: int,
    target: int,
    *,
    max_hops: int,
    avoid: Iterable[int],
    include_unwilling: bool,
    inferred: Mapping[int, float] | None,
) -> tuple[RouteTable, Ends, Ends, float | None]:
    """Every route (dominated or not), the two ends' neighbourhoods and the strength of the
    recorded tie between the ends (None: none)."""
    excluded = np.array(sorted({source, target, *avoid}), dtype=np.int64)
    start = Ends(index, source, excluded, include_unwilling)
    end = Ends(index, target, excluded, include_unwilling, inferred)
    tables: list[RouteTable] = []
    direct_strength = None
    direct = np.searchsorted(start.all_nodes, target)
    if direct < len(start.all_nodes) and start.all_nodes[direct] == target:
        direct_strength = float(start.all_strengths[direct])
        tables.append(
            make_table(
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
            make_table(
                [np.full(count, source), common, np.full(count, target)],
                [start.strengths[at_start], end.strengths[at_end]],
                [start.factors[at_start]],
                end.is_inferred[at_end],
            )
        )
    if max_hops >= 3:
        tables.append(_three_ties(index, source, target, start, end))
    if max_hops >= 4:
        tables.append(_four_ties(index, source, target, start, end, excluded, include_unwilling))
    return concat(tables), start, end, direct_strength


def _three_ties(index: RouteIndex, source: int, target: int, start: Ends, end: Ends) -> RouteTable:
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
    return make_table(
        [np.full(count, source), a, b, np.full(count, target)],
        [start.strengths[at_start], middle, end.strengths[at_end]],
        [start.factors[at_start], end.factors[at_end]],
        end.is_inferred[at_end],
    )


def _four_ties(
    index: RouteIndex,
    source: int,
    target: int,
    start: Ends,
    end: Ends,
    excluded: IntArray,
    include_unwilling: bool,
) -> RouteTable:
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
    return make_table(
        [np.full(count, source), ra, rm, rc, np.full(count, target)],
        [start.strengths[at_start], to_m[fi], from_m[bi], end.strengths[at_end]],
        [
            start.factors[at_start],
            index.factors(rm, include_unwilling=include_unwilling),
            end.factors[at_end],
        ],
        end.is_inferred[at_end],
    )


def _referrers(table: RouteTable) -> IntArray:
    """Each route's referrer (its second node), -1 for a direct route."""
    return np.where(table.hops >= 2, table.nodes[:, 1], -1)


def _ranked_rows(table: RouteTable, score: FloatArray, k: int | None) -> IntArray:
    """Row numbers of the routes chosen (each referrer's best first, best first, then the rest
    by score; ties break by fewer hops, then by the path; the first ``k``), grouped by
    referrer in the order of their best route."""
    if len(table) == 0:
        return np.empty(0, dtype=np.int64)
    keys = [table.nodes[:, column] for column in range(WIDTH - 1, 0, -1)]
    order = np.lexsort((*keys, table.hops, -score))
    referrers = _referrers(table)[order]
    _, first = np.unique(referrers, return_index=True)
    leading = np.zeros(len(order), dtype=bool)
    leading[first] = True
    chosen = np.concatenate((order[leading], order[~leading]))
    if k is not None:
        chosen = chosen[:k]
    # Group: each chosen route goes under its referrer's best route, keeping the order within.
    asked = _referrers(table)[chosen]
    _, first_seen, group_of = np.unique(asked, return_index=True, return_inverse=True)
    group_rank = np.argsort(np.argsort(first_seen))
    grouped: IntArray = chosen[np.argsort(group_rank[group_of.reshape(-1)], kind="stable")]
    return grouped


def _routes(index: RouteIndex, table: RouteTable, rows: IntArray) -> list[Route]:
    routes = []
    for row in rows:
        hops = int(table.hops[row])
        routes.append(
            Route(
                path=tuple(index.label(n) for n in table.nodes[row, : hops + 1]),
                strengths=tuple(float(s) for s in table.strengths[row, :hops]),
                factors=tuple(float(f) for f in table.factors[row, : hops - 1]),
                inferred=bool(table.inferred[row]),
            )
        )
    return routes


@dataclass(frozen=True)
class FoundRoutes:
    """The routes a search offers: the chosen ones (grouped by referrer, see
    :func:`find_routes`), how many routes are offered in all (none dominated), and how many
    go through each referrer of the chosen routes (None: the direct tie)."""

    routes: list[Route]
    offered: int
    per_referrer: dict[Hashable | None, int]


def search_routes(
    index: RouteIndex,
    source: Hashable,
    target: Hashable,
    *,
    max_hops: int = 3,
    avoid: Iterable[Hashable] = (),
    via: Hashable | None = None,
    include_unwilling: bool = False,
    k: int | None = None,
    inferred: Mapping[Hashable, float] | None = None,
) -> FoundRoutes:
    """:func:`find_routes`, with how many routes are offered in all and through each
    referrer of the routes chosen."""
    if not 1 <= max_hops <= MAX_HOPS_LIMIT:
        raise ValueError(f"max_hops must be between 1 and {MAX_HOPS_LIMIT}")
    s, t = index.node(source), index.node(target)
    if s is None or t is None or s == t:
        return FoundRoutes([], 0, {})
    avoided = [n for n in (index.node(a) for a in avoid) if n is not None]
    inferred_nodes = {
        node: float(strength)
        for person, strength in (inferred or {}).items()
        if (node := index.node(person)) is not None and node != s
    }
    table, start, end, direct = _find(
        index,
        s,
        t,
        max_hops=max_hops,
        avoid=avoided,
        include_unwilling=include_unwilling,
        inferred=inferred_nodes,
    )
    via_node = index.node(via) if via is not None else None
    if via is not None:
        columns = np.arange(1, WIDTH - 1)
        is_intermediary = columns[None, :] < table.hops[:, None]
        keep = ((table.nodes[:, 1 : WIDTH - 1] == via_node) & is_intermediary).any(axis=1)
        table = table.rows(keep if via_node is not None else np.zeros(len(table), dtype=bool))
    score = table.score
    if len(table):
        offered = ~dominated_rows(index, table, score, start, end, direct=direct, via=via_node)
        table, score = table.rows(offered), score[offered]
    rows = _ranked_rows(table, score, k)
    referrers = _referrers(table)
    asked = np.unique(referrers[rows])
    counts = np.searchsorted(np.sort(referrers), np.stack((asked, asked + 1)))
    per_referrer = {
        (None if node < 0 else index.label(node)): int(count)
        for node, count in zip(asked.tolist(), (counts[1] - counts[0]).tolist(), strict=True)
    }
    return FoundRoutes(_routes(index, table, rows), len(table), per_referrer)


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
    inferred: Mapping[Hashable, float] | None = None,
) -> list[Route]:
    """The routes offered from ``source`` to ``target`` of at most ``max_hops`` ties.

    Intermediaries are never the source or the target, never in ``avoid`` and never have a
    factor of 0. With ``via``, only routes through that person are kept. ``inferred`` adds
    ties between the target and these people (person to strength) where no recorded tie
    joins them. A route is never listed when a route through some of its people, in the same
    order, scores at least as high (it is *dominated*).

    The routes chosen are each referrer's best route (best first), then every other route by
    score; ties break by fewer hops, then by the path; with ``k``, the first ``k`` of these.
    They are returned grouped by referrer: the groups in the order of their best route, each
    group best first (``docs/scoring.md``).
    """
    return search_routes(
        index,
        source,
        target,
        max_hops=max_hops,
        avoid=avoid,
        via=via,
        include_unwilling=include_unwilling,
        k=k,
        inferred=inferred,
    ).routes


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
    inferred: Mapping[Hashable, float] | None = None,
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
    inferred : mapping, optional
        Ties inferred between the target and these people (person to strength), where no
        edge joins them (colleagues: see ``docs/scoring.md``).

    Yields
    ------
    Route
        The routes offered (none dominated), chosen and grouped as :func:`find_routes` says.
        Each call builds a :class:`~netgraph.routes.index.RouteIndex` of ``G``; for many
        queries on one graph, build it once and call :func:`find_routes`.
    """
    if not 1 <= max_hops <= MAX_HOPS_LIMIT:
        raise ValueError(f"max_hops must be between 1 and {MAX_HOPS_LIMIT}")
    index = index_from_networkx(
        G, weight=weight, willingness=willingness, factor=factor,
        include_unwilling=include_unwilling,
    )  # fmt: skip
    yield from find_routes(
        index, source, target, max_hops=max_hops, avoid=avoid, via=via, k=k,
        include_unwilling=include_unwilling, inferred=inferred,
    )  # fmt: skip
