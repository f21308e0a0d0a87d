"""The route model as plain Python: every simple path, scored by the formula, ordered by the rule.

This is ``docs/scoring.md`` written as code, without an index, numpy or any cleverness. It
enumerates every simple path, so it is only for small networks: it is here to be read, and to
check the fast search against (:func:`netgraph.routes.search.find_routes`,
:func:`netgraph.routes.reach.reach_table`, :mod:`netgraph.routes.dominated` and
:func:`netgraph.routes.rank.rank_people` are tested against it on random networks).

- A **route** is a simple path from the source to the target of at most ``max_hops`` ties.
  The people between them are its *intermediaries*; the first is the *referrer*.
- **Inferred ties**: two people whose organisations have the same key are colleagues. The
  target gets a tie to each of the source's first-degree contacts who is their colleague and
  has no recorded tie to them, of strength :func:`colleague_strength` of the number of people
  at that organisation. Only routes to that target use these ties.
- An intermediary's **factor** comes from their willingness: willing 1.0, unknown 0.6,
  unwilling 0 (never an intermediary), or 0.1 with ``include_unwilling``.
- A route's **score** is the product of its tie strengths times the product of its
  intermediaries' factors.
- A route is **dominated** when another route of the same query, through a proper subset of
  its intermediaries in the same order, scores at least as high (to one part in 10^9, so that
  rounding never decides). Dominated routes are never offered.
- **Order**: the routes chosen are the best route through each referrer, best first, then
  every other route, best first (equal scores break by fewer hops, then by the path); ``k``
  takes the first k of these. They are shown grouped by referrer: the groups in the order of
  their best route, each group best first.

>>> net = Network.of([("me", "ann", 0.8), ("ann", "jo", 0.5), ("me", "bo", 0.9),
...                   ("bo", "jo", 0.9)], {"ann": "willing"})
>>> [(r.path, round(r.score, 3)) for r in routes(net, "me", "jo", max_hops=2)]
[(('me', 'bo', 'jo'), 0.486), (('me', 'ann', 'jo'), 0.4)]
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

#: The factor of an intermediary by willingness (anything else counts as unknown).
FACTORS = {"willing": 1.0, "unknown": 0.6, "unwilling": 0.0}
#: The factor of an unwilling intermediary when unwilling people are allowed.
UNWILLING_FACTOR_WHEN_INCLUDED = 0.1
#: Scores this close (relative) count as equal when one route dominates another.
DOMINATION_TOLERANCE = 1e-9
#: An inferred tie between two colleagues of an organisation of n people is
#: ``COLLEAGUE_STRENGTH * min(1, COLLEAGUE_TEAM / (n - 1))``.
COLLEAGUE_STRENGTH = 0.3
COLLEAGUE_TEAM = 10

Path = tuple[Hashable, ...]


def colleague_strength(people: int) -> float:
    """The strength of an inferred tie between two colleagues of an organisation the network
    holds ``people`` people of (at least two: the two colleagues).

    >>> colleague_strength(2), colleague_strength(11), round(colleague_strength(101), 3)
    (0.3, 0.3, 0.03)
    """
    return COLLEAGUE_STRENGTH * min(1.0, COLLEAGUE_TEAM / (max(people, 2) - 1))


@dataclass(frozen=True)
class Network:
    """People and the ties between them: ``ties[a][b]`` is the strength of the tie ``a - b``
    (stored both ways), ``willingness[p]`` the willingness of ``p`` (unknown if absent),
    ``organisations[p]`` the key of ``p``'s organisation (none if absent) and
    ``organisation_sizes[key]`` how many people that organisation has (by default, how many
    people of ``organisations`` have that key)."""

    ties: Mapping[Hashable, Mapping[Hashable, float]]
    willingness: Mapping[Hashable, str]
    organisations: Mapping[Hashable, str] = field(default_factory=dict)
    organisation_sizes: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        ties: Iterable[tuple[Hashable, Hashable, float]],
        willingness: Mapping[Hashable, str],
        organisations: Mapping[Hashable, str] | None = None,
    ) -> Network:
        """A network of undirected ties ``(a, b, strength)`` (ties of a person to themselves
        are left out)."""
        neighbours: dict[Hashable, dict[Hashable, float]] = {}
        for a, b, strength in ties:
            if a != b:
                neighbours.setdefault(a, {})[b] = strength
                neighbours.setdefault(b, {})[a] = strength
        keys = dict(organisations or {})
        sizes: dict[str, int] = {}
        for key in keys.values():
            sizes[key] = sizes.get(key, 0) + 1
        return cls(neighbours, dict(willingness), keys, sizes)

    @classmethod
    def from_networkx(cls, G: nx.Graph) -> Network:
        """The network of a networkx graph with ``strength`` on edges and ``willingness`` and
        ``organisation`` on nodes (edges without a strength have strength 1)."""
        ties = [(u, v, data.get("strength", 1.0)) for u, v, data in G.edges(data=True)]
        willingness = {n: w for n, w in G.nodes(data="willingness") if w is not None}
        organisations = {n: o for n, o in G.nodes(data="organisation") if o}
        return cls.of(ties, willingness, organisations)

    def neighbours(self, person: Hashable) -> Mapping[Hashable, float]:
        """The people tied to ``person``, with the strength of each tie."""
        return self.ties.get(person, {})

    def factor(self, person: Hashable, *, include_unwilling: bool = False) -> float:
        """The factor of ``person`` as an intermediary."""
        willingness = self.willingness.get(person, "unknown")
        if willingness == "unwilling" and include_unwilling:
            return UNWILLING_FACTOR_WHEN_INCLUDED
        return FACTORS.get(willingness, FACTORS["unknown"])

    def inferred_ties(self, source: Hashable, target: Hashable) -> dict[Hashable, float]:
        """The ties inferred for routes to ``target``: to each of ``source``'s first-degree
        contacts at ``target``'s organisation who has no recorded tie to ``target``."""
        key = self.organisations.get(target)
        if not key:
            return {}
        strength = colleague_strength(self.organisation_sizes.get(key, 0))
        return {
            person: strength
            for person in self.neighbours(source)
            if person != target
            and self.organisations.get(person) == key
            and target not in self.neighbours(person)
        }

    def towards(self, source: Hashable, target: Hashable) -> Network:
        """This network with the ties inferred for routes from ``source`` to ``target``."""
        inferred = self.inferred_ties(source, target)
        if not inferred:
            return self
        ties = {person: dict(around) for person, around in self.ties.items()}
        for person, strength in inferred.items():
            ties.setdefault(person, {})[target] = strength
            ties.setdefault(target, {})[person] = strength
        return replace(self, ties=ties)


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
    inferred: bool = True,
) -> list[ScoredRoute]:
    """Every route from ``source`` to ``target``, dominated or not, unordered; with ``via``,
    only routes with that intermediary; with ``inferred``, over the ties inferred for
    ``target`` too."""
    avoided = set(avoid)
    if inferred:
        network = network.towards(source, target)
    return [
        ScoredRoute(path, score(network, path, include_unwilling=include_unwilling))
        for path in simple_paths(network, source, max_hops)
        if path[-1] == target
        and is_route(network, path, avoid=avoided, include_unwilling=include_unwilling)
        and (via is None or via in path[1:-1])
    ]


def skips_people_of(shorter: Path, longer: Path) -> bool:
    """Whether ``shorter`` runs between the same two people as ``longer`` through a proper
    subset of its intermediaries, in the same order.

    >>> skips_people_of(("me", "sam", "jo"), ("me", "lena", "sam", "jo"))
    True
    >>> skips_people_of(("me", "sam", "lena", "jo"), ("me", "lena", "sam", "jo"))
    False
    """
    if len(shorter) >= len(longer) or shorter[0] != longer[0] or shorter[-1] != longer[-1]:
        return False
    rest = iter(longer[1:-1])
    return all(any(person == other for other in rest) for person in shorter[1:-1])


def dominates(other: ScoredRoute, route: ScoredRoute) -> bool:
    """Whether ``other`` skips people of ``route`` and scores at least as high."""
    return skips_people_of(other.path, route.path) and other.score >= route.score * (
        1 - DOMINATION_TOLERANCE
    )


def offered(found: Collection[ScoredRoute]) -> list[ScoredRoute]:
    """The routes of ``found`` that no other route of ``found`` dominates."""
    return [r for r in found if not any(dominates(other, r) for other in found)]


def chosen(found: Iterable[ScoredRoute], k: int | None = None) -> list[ScoredRoute]:
    """The first ``k`` routes (all if None) in the order they are chosen: the best route
    through each referrer, best first, then every other route, best first; equal scores break
    by fewer hops, then by the path."""
    by_score = sorted(found, key=lambda r: (-r.score, r.hops, r.path))
    referrers: set[Hashable | None] = set()
    leaders, others = [], []
    for route in by_score:
        if route.referrer in referrers:
            others.append(route)
        else:
            referrers.add(route.referrer)
            leaders.append(route)
    return (leaders + others)[:k]


def grouped(chosen_routes: Sequence[ScoredRoute]) -> list[ScoredRoute]:
    """Chosen routes as they are shown: grouped by referrer, the groups in the order of their
    best route, each group best first."""
    order: dict[Hashable | None, int] = {}
    for route in chosen(chosen_routes):
        order.setdefault(route.referrer, len(order))
    return sorted(chosen_routes, key=lambda r: (order[r.referrer], -r.score, r.hops, r.path))


def ranked(found: Iterable[ScoredRoute], k: int | None = None) -> list[ScoredRoute]:
    """The routes offered of ``found``, chosen (the first ``k``) and grouped."""
    return grouped(chosen(offered(list(found)), k))


def routes(
    network: Network,
    source: Hashable,
    target: Hashable,
    *,
    max_hops: int = 3,
    avoid: Iterable[Hashable] = (),
    via: Hashable | None = None,
    include_unwilling: bool = False,
    inferred: bool = True,
    k: int | None = None,
) -> list[ScoredRoute]:
    """The routes offered from ``source`` to ``target``: the first ``k`` (all if None) as
    shown (:func:`ranked`)."""
    found = all_routes(
        network,
        source,
        target,
        max_hops=max_hops,
        avoid=avoid,
        via=via,
        include_unwilling=include_unwilling,
        inferred=inferred,
    )
    return ranked(found, k)


@dataclass(frozen=True)
class Reach:
    """Every route offered to one person, as shown (the first is the best)."""

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
    include_unwilling: bool = False,
    inferred: bool = True,
) -> dict[Hashable, Reach]:
    """The routes offered to everyone a route reaches who is not the source nor tied to it
    (they need no introduction)."""
    tied = network.neighbours(source)
    people = set(network.ties) | set(network.organisations)
    found: dict[Hashable, Reach] = {}
    for person in people:
        if person == source or person in tied:
            continue
        offered_routes = routes(
            network,
            source,
            person,
            max_hops=max_hops,
            avoid=avoid,
            include_unwilling=include_unwilling,
            inferred=inferred,
        )
        if offered_routes:
            found[person] = Reach(tuple(offered_routes))
    return found


def rank(
    network: Network,
    source: Hashable,
    name_keys: Mapping[Hashable, str],
    *,
    max_hops: int = 3,
    inferred: bool = True,
) -> list[tuple[Hashable, float | None]]:
    """Each of the people of ``name_keys`` with their best route's score (None: no route, or
    tied to the source), best first; equal scores and people with no score by name key, then
    by the person."""
    best = reach(network, source, max_hops=max_hops, inferred=inferred)
    scored = [(person, best[person].score if person in best else None) for person in name_keys]
    scored.sort(key=lambda item: (item[1] is None, -(item[1] or 0.0), name_keys[item[0]], item[0]))
    return scored
