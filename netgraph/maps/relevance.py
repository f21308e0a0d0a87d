"""How close each person is to the user, for choosing who a map keeps: first-degree people by
the strength of their tie, everyone else by their best route's score.

A map of a million people reads the best routes of the few thousand it draws, never of everyone
(:class:`BestRoutes`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from netgraph.routes.index import FloatArray, RouteIndex
from netgraph.routes.model import person_id
from netgraph.routes.reach import Reach, ReachTable


class BestRoutes:
    """The best route from the user to each person, read from one reach table as it is asked
    for.

    Like :func:`netgraph.routes.reach.best_routes_from`, without building a route for each of
    a million people (most of a map's time at that size) when a map draws a few thousand.
    """

    def __init__(self, index: RouteIndex, table: ReachTable | None) -> None:
        self.index = index
        self.table = table
        self._paths: dict[int, tuple[int, ...]] = {}

    def _node(self, person: int) -> int | None:
        """The person's node if a route reaches them (first-degree people have none)."""
        node = self.index.node(person)
        if node is None or self.table is None or not self.table.is_reached(node):
            return None
        return node

    def score(self, person: int) -> float | None:
        """The best route's score, or None."""
        node = self._node(person)
        if node is None or self.table is None:
            return None
        return float(self.table.best[node])

    def scores(self, people: npt.NDArray[np.int64]) -> FloatArray:
        """:meth:`score` of many people at once, NaN where None."""
        if self.index.labels is not None or self.table is None:
            found = (self.score(int(p)) for p in people)
            return np.array([np.nan if f is None else f for f in found], dtype=np.float64)
        valid = (people >= 0) & (people < self.index.size)
        nodes = np.where(valid, people, 0)
        reached = valid & self.table.is_reached(nodes)
        return np.where(reached, self.table.best[nodes], np.nan)

    def read_paths(self, people: Iterable[int]) -> None:
        """Read the best routes of many people in one pass (each :meth:`get` would make one)."""
        nodes = [n for p in people if p not in self._paths and (n := self._node(p)) is not None]
        if not nodes or self.table is None:
            return
        routes = self.table.labelled_paths(np.array(nodes, dtype=np.int64))
        for node, route in zip(nodes, routes, strict=True):
            self._paths[person_id(self.index.label(node))] = tuple(map(person_id, route))

    def get(self, person: int) -> Reach | None:
        """The best route to ``person``, or None when no route reaches them."""
        node = self._node(person)
        if node is None or self.table is None:
            return None
        if person not in self._paths:
            self.read_paths([person])
        table = self.table
        return Reach(
            float(table.best[node]),
            self._paths[person],
            int(table.route_counts(np.array([node]))[0]),
        )

    def path(self, person: int) -> list[int] | None:
        """The people along the best route to ``person`` (the user first), or None (without
        counting their routes: :meth:`get` does)."""
        node = self._node(person)
        if node is None or self.table is None:
            return None
        if person not in self._paths:
            self.read_paths([person])
        return [person_id(n) for n in self._paths[person]]

    def __contains__(self, person: int) -> bool:
        return self._node(person) is not None


def first_degree_strengths(index: RouteIndex, me: int) -> dict[int, float]:
    """The user's first-degree people, with the strength of the tie to each."""
    node = index.node(me)
    if node is None:
        return {}
    neighbours, strengths = index.neighbours(node)
    return {
        person_id(index.label(int(n))): float(s) for n, s in zip(neighbours, strengths, strict=True)
    }


def by_relevance(people: Iterable[int], reach: BestRoutes, first: dict[int, float]) -> list[int]:
    """First-degree people by tie strength, then everyone else by best route score, then the
    unreached; ties keep the order given. Sorted with numpy: a network map sorts everyone."""
    ids = np.fromiter(people, dtype=np.int64)
    group = np.full(len(ids), 2, dtype=np.int8)
    value = np.zeros(len(ids), dtype=np.float64)
    scores = reach.scores(ids)
    reached = ~np.isnan(scores)
    group[reached] = 1
    value[reached] = -scores[reached]
    if first:
        first_ids = np.fromiter(first, dtype=np.int64)
        first_values = np.fromiter(first.values(), dtype=np.float64)
        order = np.argsort(first_ids)
        first_ids, first_values = first_ids[order], first_values[order]
        at = np.minimum(np.searchsorted(first_ids, ids), len(first_ids) - 1)
        is_first = first_ids[at] == ids
        group[is_first] = 0
        value[is_first] = -first_values[at[is_first]]
    ordered: list[int] = ids[np.lexsort((value, group))].tolist()
    return ordered
