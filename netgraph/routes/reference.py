"""The route model as plain Python: every simple path, scored by the formula, ordered by the rule.

This is ``docs/scoring.md`` written as code, without an index, numpy or any cleverness. It
enumerates every simple path, so it is only for small networks: it is here to be read, and to
check the fast search against (:func:`netgraph.routes.search.find_routes`,
:func:`netgraph.routes.reach.reach_table` and :func:`netgraph.routes.rank.rank_people` are
tested against it on random networks).

- A **route** is a simple path from the source to the target of at most ``max_hops`` ties.
  The people between them are its *intermediaries*; the first is the *referrer*.
- An intermediary's **factor** comes from their willingness: willing 1.0, unknown 0.6,
  unwilling 0 (never an intermediary), or 0.1 with ``include_unwilling``.
- A route's **score** is the product of its tie strengths times the product of its
  intermediaries' factors.
- **Order**: first the best route through each referrer, best first; then every other route,
  best first. Equal scores break by fewer hops, then by the path.

>>> net = Network.of([("me", "ann", 0.8), ("ann", "jo", 0.5), ("me", "bo", 0.9),
...                   ("bo", "jo", 0.9)], {"ann": "willing"})
>>> [(r.path, round(r.score, 3)) for r in routes(net, "me", "jo", max_hops=2)]
[(('me', 'bo', 'jo'), 0.486), (('me', 'ann', 'jo'), 0.4)]
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

#: The factor of an intermediary by willingness (anything else counts as unknown).
FACTORS = {"willing": 1.0, "unknown": 0.6, "unwilling": 0.0}
#: The factor of an unwilling intermediary when unwilling people are allowed.
UNWILLING_FACTOR_WHEN_INCLUDED = 0.1

Path = tuple[Hashable, ...]


@dataclass(frozen=True)
class Network:
    """People and the ties between them: ``ties[a][b]`` is the strength of the tie ``a - b``
    (stored both ways), ``willingness[p]`` the willingness of ``p`` (unknown if absent)."""

    ties: Mapping[Hashable, Mapping[Hashable, float]]
    willingness: Mapping[Hashable, str]

    @classmethod
    def of(
        cls, ties: Iterable[tuple[Hashable, Hashable, float]], willingness: Mapping[Hashable, str]
    ) -> Network:
        """A network of undirected ties ``(a, b, strength)`` (ties of a person to themselves
        are left out)."""
        neighbours: dict[Hashable, dict[Hashable, float]] = {}
        for a, b, strength in ties:
            if a != b:
                neighbours.setdefault(a, {})[b] = strength
                neighbours.setdefault(b, {})[a] = strength
        return cls(neighbours, dict(willingness))

    @classmethod
    def from_networkx(cls, G: nx.Graph) -> Network:
        """The network of a networkx graph with ``strength`` on edges and ``willingness`` on
        nodes (edges without a strength have strength 1)."""
        ties = [(u, v, data.get("strength", 1.0)) for u, v, data in G.edges(data=True)]
        willingness = {n: w for n, w in G.nodes(data="willingness") if w is not None}
        return cls.of(ties, willingness)

    def neighbours(self, person: Hashable) -> Mapping[Hashable, float]:
        """The people tied to ``person``, with the strength of each tie."""
        return self.ties.get(person, {})

    def factor(self, person: Hashable, *, include_unwilling: bool = False) -> float:
        """The factor of ``person`` as an intermediary."""
        willingness = self.willingness.get(person, "unknown")
        if willingness == "unwilling" and include_unwilling:
            return UNWILLING_FACTOR_WHEN_INCLUDED
        return FACTORS.get(willingness, FACTORS["unknown"])


@dataclass(frozen=True)
class ScoredRoute:
    """A route (source first, target last) and its score."""

    path: Path
    score: float

    @property
    def hops(self) -> int:
        """How many ties the route has."""
        return len(self.path) - 1

    @property
    def referrer(self) -> Hashable | None:
        """The person to ask: the first intermediary (None for a direct tie)."""
        return self.path[1] if len(self.path) > 2 else None


def simple_paths(network: Network, source: Hashable, max_hops: int) -> Iterator[Path]:
    """Every simple path from ``source`` of one to ``max_hops`` ties."""

    def extend(path: Path) -> Iterator[Path]:
        if len(path) > 1:
            yield path
        if len(path) - 1 < max_hops:
            for person in network.neighbours(path[-1]):
                if person not in path:
                    yield from extend((*path, person))

    yield from extend((source,))


def is_route(
    network: Network,
    path: Path,
    *,
    avoid: Collection[Hashable] = (),
    include_unwilling: bool = False,
) -> bool:
    """Whether a simple path is a route: no intermediary is in ``avoid`` or has a factor of 0."""
    return not any(
        p in avoid or network.factor(p, include_unwilling=include_unwilling) == 0
        for p in path[1:-1]
    )


def score(network: Network, path: Sequence[Hashable], *, include_unwilling: bool = False) -> float:
    """The score of a path through ``network`` (:func:`route_score`)."""
    strengths = [network.neighbours(a)[b] for a, b in pairwise(path)]
    factors = [network.factor(p, include_unwilling=include_unwilling) for p in path[1:-1]]
    return route_score(strengths, factors)


def route_score(strengths: Iterable[float], factors: Iterable[float]) -> float:
    """The product of a route's tie strengths times the product of its intermediaries'
    factors, each product taken from the source onwards.

    >>> route_score([0.9, 0.9], [0.6])
    0.486
    """
    return math.prod(strengths) * math.prod(factors)


def all_routes(
    network: Network,
    source: Hashable,
    target: Hashable,
    *,
    max_hops: int,
    avoid: Iterable[Hashable] = (),
    via: Hashable | None = None,
    include_unwilling: bool = False,
) -> list[ScoredRoute]:
    """Every route from ``source`` to ``target``, unordered; with ``via``, only routes with
    that intermediary."""
    avoided = set(avoid)
    return [
        ScoredRoute(path, score(network, path, include_unwilling=include_unwilling))
        for path in simple_paths(network, source, max_hops)
        if path[-1] == target
        and is_route(network, path, avoid=avoided, include_unwilling=include_unwilling)
        and (via is None or via in path[1:-1])
    ]


def ranked(found: Iterable[ScoredRoute]) -> list[ScoredRoute]:
    """Routes in the documented order: the best route through each referrer, best first, then
    every other route, best first; equal scores break by fewer hops, then by the path."""
    by_score = sorted(found, key=lambda r: (-r.score, r.hops, r.path))
    referrers: set[Hashable | None] = set()
    leaders, others = [], []
    for route in by_score:
        if route.referrer in referrers:
            others.append(route)
        else:
            referrers.add(route.referrer)
            leaders.append(route)
    return leaders + others


def routes(
    network: Network,
    source: Hashable,
    target: Hashable,
    *,
    max_hops: int = 3,
    avoid: Iterable[Hashable] = (),
    via: Hashable | None = None,
    include_unwilling: bool = False,
    k: int | None = None,
) -> list[ScoredRoute]:
    """The first ``k`` routes (all of them if None) in the documented order."""
    found = all_routes(
        network,
        source,
        target,
        max_hops=max_hops,
        avoid=avoid,
        via=via,
        include_unwilling=include_unwilling,
    )
    return ranked(found)[:k]


@dataclass(frozen=True)
class Reach:
    """Every route to one person, in the documented order (the first is the best)."""

    routes: tuple[ScoredRoute, ...]

    @property
    def score(self) -> float:
        """The best route's score."""
        return self.routes[0].score


def reach(
    network: Network,
    source: Hashable,
    *,
    max_hops: int = 3,
    avoid: Iterable[Hashable] = (),
) -> dict[Hashable, Reach]:
    """The routes to everyone a route reaches who is not the source nor tied to it (they need
    no introduction)."""
    avoided = set(avoid)
    tied = network.neighbours(source)
    found: dict[Hashable, list[ScoredRoute]] = {}
    for path in simple_paths(network, source, max_hops):
        if path[-1] not in tied and is_route(network, path, avoid=avoided):
            found.setdefault(path[-1], []).append(ScoredRoute(path, score(network, path)))
    return {person: Reach(tuple(ranked(routes))) for person, routes in found.items()}


def rank(
    network: Network, source: Hashable, name_keys: Mapping[Hashable, str], *, max_hops: int = 3
) -> list[tuple[Hashable, float | None]]:
    """Each of the people of ``name_keys`` with their best route's score (None: no route, or
    tied to the source), best first; equal scores and people with no score by name key, then
    by the person."""
    best = reach(network, source, max_hops=max_hops)
    scored = [(person, best[person].score if person in best else None) for person in name_keys]
    scored.sort(key=lambda item: (item[1] is None, -(item[1] or 0.0), name_keys[item[0]], item[0]))
    return scored
