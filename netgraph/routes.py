"""Warm introduction routes: every simple path of a few hops from you to a person, ranked.

A route's score is::

    score = prod(strength(edge) for edge in route) * prod(factor(p) for p in intermediaries)

where ``factor`` comes from willingness (willing > unknown > 0; unwilling people are never
intermediaries unless asked for). The first intermediary is the *referrer*, the person you ask.
``docs/scoring.md`` explains the model and its constants.

The search meets in the middle: it reads the neighbourhoods of the two ends (and, for three or
four hops, of their neighbours) and joins them, so it touches only the part of the network
around the two people instead of walking the whole graph.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

WILLINGNESS_FACTORS = {"willing": 1.0, "unknown": 0.6, "unwilling": 0.0}
# Only with include_unwilling: still far below anyone who might say yes.
UNWILLING_FACTOR_WHEN_INCLUDED = 0.1
MAX_HOPS_LIMIT = 4


def willingness_factor(willingness: str | None, *, include_unwilling: bool = False) -> float:
    """The factor of an intermediary with this willingness (0 means never an intermediary).

    >>> [willingness_factor(w) for w in ("willing", "unknown", "unwilling")]
    [1.0, 0.6, 0.0]
    >>> willingness_factor("unwilling", include_unwilling=True)
    0.1
    """
    if willingness == "unwilling" and include_unwilling:
        return UNWILLING_FACTOR_WHEN_INCLUDED
    return WILLINGNESS_FACTORS.get(willingness or "unknown", WILLINGNESS_FACTORS["unknown"])


@dataclass(frozen=True)
class Route:
    """One route from the source to the target.

    ``strengths[i]`` is the strength of the edge from ``path[i]`` to ``path[i + 1]`` and
    ``factors[j]`` the factor of intermediary ``path[j + 1]``.
    """

    path: tuple[Hashable, ...]
    strengths: tuple[float, ...]
    factors: tuple[float, ...]
    #: Product of the edge strengths times product of the intermediaries' factors.
    score: float = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "score", math.prod(self.strengths) * math.prod(self.factors))

    @property
    def hops(self) -> int:
        """Number of edges on the route."""
        return len(self.path) - 1

    @property
    def referrer(self) -> Hashable | None:
        """The first intermediary (the person to ask), or None for a direct tie."""
        return self.path[1] if len(self.path) > 2 else None


class NetworkView(Protocol):
    """What the route search needs from a network: neighbourhoods and intermediary factors."""

    def neighbours(self, node: Hashable) -> Mapping[Hashable, float]:
        """Each neighbour of ``node`` with the strength of the tie."""
        ...

    def neighbourhoods(
        self, nodes: Collection[Hashable]
    ) -> Mapping[Hashable, Mapping[Hashable, float]]:
        """:meth:`neighbours` of many nodes at once."""
        ...

    def factors(self, nodes: Collection[Hashable]) -> Mapping[Hashable, float]:
        """The intermediary factor of each node (0: never an intermediary)."""
        ...


class NetworkxView:
    """A :class:`NetworkView` over a networkx graph.

    Edge strengths come from the ``weight`` edge attribute (or a callable ``(u, v, data)``
    returning the strength, or None to hide the edge); factors from the ``willingness`` node
    attribute, or from ``factor`` if given (an attribute name or a callable ``node -> float``).
    """

    def __init__(
        self,
        G: Any,
        *,
        weight: str | Callable[[Any, Any, dict[str, Any]], float | None] = "strength",
        willingness: str = "willingness",
        factor: str | Callable[[Any], float] | None = None,
        include_unwilling: bool = False,
    ) -> None:
        self.G = G
        self._weight = weight
        self._willingness = willingness
        self._factor = factor
        self._include_unwilling = include_unwilling

    def neighbours(self, node: Hashable) -> dict[Hashable, float]:
        if node not in self.G:
            return {}
        found: dict[Hashable, float] = {}
        for other, data in self.G.adj[node].items():
            if other == node:
                continue
            if callable(self._weight):
                strength = self._weight(node, other, data)
                if strength is None:
                    continue
            else:
                strength = data.get(self._weight, 1.0)
            found[other] = float(strength)
        return found

    def neighbourhoods(self, nodes: Collection[Hashable]) -> dict[Hashable, dict[Hashable, float]]:
        return {node: self.neighbours(node) for node in nodes}

    def factors(self, nodes: Collection[Hashable]) -> dict[Hashable, float]:
        result: dict[Hashable, float] = {}
        for node in nodes:
            data = self.G.nodes[node] if node in self.G else {}
            if callable(self._factor):
                result[node] = float(self._factor(node))
            elif isinstance(self._factor, str) and self._factor in data:
                result[node] = float(data[self._factor])
            else:
                result[node] = willingness_factor(
                    data.get(self._willingness), include_unwilling=self._include_unwilling
                )
        return result


def find_routes(
    view: NetworkView,
    source: Hashable,
    target: Hashable,
    *,
    max_hops: int = 3,
    avoid: Iterable[Hashable] = (),
    via: Hashable | None = None,
) -> list[Route]:
    """Every route of at most ``max_hops`` edges from ``source`` to ``target``, unordered.

    Intermediaries are never the source or the target, never in ``avoid`` and never have a
    factor of 0. With ``via``, only routes through that person are kept.
    """
    if not 1 <= max_hops <= MAX_HOPS_LIMIT:
        raise ValueError(f"max_hops must be between 1 and {MAX_HOPS_LIMIT}")
    if source == target:
        return []
    excluded = {source, target, *avoid}
    from_source = view.neighbours(source)
    to_target = view.neighbours(target)
    factor_cache: dict[Hashable, float] = {}

    def usable(nodes: Iterable[Hashable]) -> dict[Hashable, float]:
        wanted = [n for n in nodes if n not in excluded and n not in factor_cache]
        if wanted:
            factor_cache.update(view.factors(wanted))
        return {n: factor_cache[n] for n in nodes if n not in excluded and factor_cache[n] > 0}

    routes: list[Route] = []
    if target in from_source:
        routes.append(Route((source, target), (from_source[target],), ()))
    first = usable(from_source) if max_hops >= 2 else {}
    last = usable(to_target) if max_hops >= 2 else {}
    for a in first.keys() & last.keys():
        routes.append(Route((source, a, target), (from_source[a], to_target[a]), (first[a],)))
    if max_hops >= 3:
        routes.extend(_three_hop_routes(view, source, target, from_source, to_target, first, last))
    if max_hops >= 4:
        routes.extend(
            _four_hop_routes(view, source, target, from_source, to_target, first, last, usable)
        )
    if via is not None:
        routes = [r for r in routes if via in r.path[1:-1]]
    return routes


def _three_hop_routes(
    view: NetworkView,
    source: Hashable,
    target: Hashable,
    from_source: Mapping[Hashable, float],
    to_target: Mapping[Hashable, float],
    first: Mapping[Hashable, float],
    last: Mapping[Hashable, float],
) -> Iterator[Route]:
    """Routes source - a - b - target, expanding whichever end has fewer usable neighbours."""
    if len(first) <= len(last):
        for a, around_a in view.neighbourhoods(list(first)).items():
            for b in around_a.keys() & last.keys():
                if b != a:
                    yield Route(
                        (source, a, b, target),
                        (from_source[a], around_a[b], to_target[b]),
                        (first[a], last[b]),
                    )
    else:
        for b, around_b in view.neighbourhoods(list(last)).items():
            for a in around_b.keys() & first.keys():
                if a != b:
                    yield Route(
                        (source, a, b, target),
                        (from_source[a], around_b[a], to_target[b]),
                        (first[a], last[b]),
                    )


def _four_hop_routes(
    view: NetworkView,
    source: Hashable,
    target: Hashable,
    from_source: Mapping[Hashable, float],
    to_target: Mapping[Hashable, float],
    first: Mapping[Hashable, float],
    last: Mapping[Hashable, float],
    usable: Callable[[Iterable[Hashable]], dict[Hashable, float]],
) -> Iterator[Route]:
    """Routes source - a - m - c - target: two hops out from each end, joined on m."""
    forward: dict[Hashable, list[tuple[Hashable, float]]] = {}
    for a, around_a in view.neighbourhoods(list(first)).items():
        for m, strength in around_a.items():
            forward.setdefault(m, []).append((a, strength))
    backward: dict[Hashable, list[tuple[Hashable, float]]] = {}
    for c, around_c in view.neighbourhoods(list(last)).items():
        for m, strength in around_c.items():
            if m in forward:
                backward.setdefault(m, []).append((c, strength))
    middles = usable(list(backward))
    for m, m_factor in middles.items():
        for a, a_to_m in forward[m]:
            for c, m_to_c in backward[m]:
                if len({a, m, c}) == 3:
                    yield Route(
                        (source, a, m, c, target),
                        (from_source[a], a_to_m, m_to_c, to_target[c]),
                        (first[a], m_factor, last[c]),
                    )


def _sort_key(route: Route) -> tuple[float, int, tuple[Any, ...]]:
    return (-route.score, route.hops, route.path)


def _portable_sort_key(route: Route) -> tuple[float, int, tuple[str, ...]]:
    return (-route.score, route.hops, tuple(str(node) for node in route.path))


def order_routes(routes: Iterable[Route], k: int | None = None) -> list[Route]:
    """Rank routes: each referrer's best route first (best first), then all others by score.

    So the top of the list offers different people to ask before it offers a slightly worse
    path through a referrer already listed. Ties break by fewer hops, then by the path. With
    ``k``, only the first ``k`` are returned (and only those are fully sorted).
    """
    candidates = list(routes)
    try:
        return _order(candidates, k, _sort_key)
    except TypeError:  # nodes of types that do not compare with each other
        return _order(candidates, k, _portable_sort_key)


def _order(routes: list[Route], k: int | None, key: Callable[[Route], Any]) -> list[Route]:
    leaders: dict[Hashable | None, tuple[Any, Route]] = {}
    for route in routes:
        referrer = route.path[1] if len(route.path) > 2 else None
        current = leaders.get(referrer)
        if current is None or -route.score <= current[0][0]:
            route_key = key(route)
            if current is None or route_key < current[0]:
                leaders[referrer] = (route_key, route)
    ranked = [route for _key, route in sorted(leaders.values(), key=lambda pair: pair[0])]
    if k is not None and len(ranked) >= k:
        return ranked[:k]
    chosen = {id(route) for route in ranked}
    followers = [route for route in routes if id(route) not in chosen]
    if k is None:
        return ranked + sorted(followers, key=key)
    return ranked + heapq.nsmallest(k - len(ranked), followers, key=key)


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
        Longest route, in edges (1 to 4; 3 means two intermediaries).
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
    view = NetworkxView(
        G,
        weight=weight,
        willingness=willingness,
        factor=factor,
        include_unwilling=include_unwilling,
    )
    yield from order_routes(
        find_routes(view, source, target, max_hops=max_hops, avoid=avoid, via=via), k
    )


@dataclass
class Reach:
    """The best route to one person found by :func:`best_routes_from`."""

    score: float
    path: tuple[Hashable, ...]
    routes: int  # how many routes of at most max_hops edges reach the person


def best_routes_from(
    view: NetworkView,
    source: Hashable,
    *,
    max_hops: int = 3,
    avoid: Iterable[Hashable] = (),
) -> dict[Hashable, Reach]:
    """The best route from ``source`` to everyone within ``max_hops`` (2 or 3) edges, at once.

    One layered search (Bellman-Ford limited to ``max_hops`` layers) instead of one search per
    person. Scores are products of factors at most 1, so a cycle can never improve a route and
    the best walk found is a simple path. The route counts are exact for people who are not
    first-degree (the only ones an introduction is for); first-degree people are left out.
    """
    if max_hops not in (2, 3):
        raise ValueError("max_hops must be 2 or 3")
    excluded = {source, *avoid}
    first = view.neighbours(source)
    best: dict[Hashable, tuple[float, tuple[Hashable, ...]]] = {
        node: (strength, (source, node)) for node, strength in first.items()
    }
    counts: dict[Hashable, int] = {}
    frontier = {node: 1 for node in first}  # node -> number of routes reaching it in this layer
    for _layer in range(2, max_hops + 1):
        factors = view.factors([n for n in frontier if n not in excluded])
        expanding = {n: c for n, c in frontier.items() if factors.get(n, 0.0) > 0}
        layer_best: dict[Hashable, tuple[float, tuple[Hashable, ...]]] = {}
        next_frontier: dict[Hashable, int] = {}
        for node, around in view.neighbourhoods(list(expanding)).items():
            score_here, path_here = best[node]
            carried = score_here * factors[node]
            for other, strength in around.items():
                if other == source or other in path_here:
                    continue
                next_frontier[other] = next_frontier.get(other, 0) + expanding[node]
                candidate = carried * strength
                if candidate > layer_best.get(other, (0.0, ()))[0]:
                    layer_best[other] = (candidate, (*path_here, other))
        for node, (score, path) in layer_best.items():
            if score > best.get(node, (0.0, ()))[0]:
                best[node] = (score, path)
        for node, count in next_frontier.items():
            counts[node] = counts.get(node, 0) + count
        frontier = next_frontier
    return {
        node: Reach(score=score, path=path, routes=counts.get(node, 0))
        for node, (score, path) in best.items()
        if node not in first
    }
