"""Which people and ties go on a map, and what a map leaves out.

Four kinds of map: the network around the user (the default), one target's top routes
(``focus``), a company's people and the routes to them (``company``) and every target with its
routes (``targets``). Each kind first decides its *universe* (everyone the map is about), then
keeps at most ``max_nodes`` of them, most relevant first: the user, the people the map is about
with their routes, targets, willing referrers, then the closest people and strongest ties.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from netgraph.errors import UsageError
from netgraph.identity.targets import list_targets
from netgraph.routes.index import FloatArray, RouteIndex
from netgraph.routes.introductions import require_me, values_containing, who_can_introduce
from netgraph.routes.search import Reach, ReachTable, find_routes, reach_table
from netgraph.workspace import Workspace

DEFAULT_MAX_NODES = 1500
MIN_MAX_NODES = 2
EDGES_PER_NODE = 3  # ties drawn per person on average at most; route ties always are
BIG_MAP_EDGES_PER_NODE = 1.5  # the same on maps of more than BIG_MAP_NODES people
BIG_MAP_NODES = 1500
FOCUS_ROUTES = 5
TARGET_ROUTES = 3


@dataclass
class MapPerson:
    """One person on a map (``id`` is the workspace's person id, never shown on the page)."""

    id: int
    name: str
    company: str | None
    title: str | None
    willingness: str
    degree: int | None
    is_me: bool = False
    is_target: bool = False
    score: float | None = None  # best route score (None: first-degree, the user, or no route)
    on_route: bool = False
    focus: bool = False  # the person the map is about (focus target, company people)


@dataclass
class MapTie:
    """A tie drawn on the map; ``routes`` lists the ranks of the drawn routes using it."""

    a: int
    b: int
    strength: float
    routes: list[int] = field(default_factory=list)


@dataclass
class MapRoute:
    """A route drawn prominently: rank, score and the person ids from the user to the target."""

    rank: int
    score: float
    path: list[int]
    target: int


@dataclass
class MapSelection:
    """What a map shows, and how much of its universe it left out."""

    kind: str
    heading: str
    me: int
    people: dict[int, MapPerson]
    ties: list[MapTie]
    routes: list[MapRoute]
    universe_people: int
    universe_ties: int
    best_paths: dict[int, list[int]] = field(default_factory=dict)

    @property
    def left_out_people(self) -> int:
        return max(0, self.universe_people - len(self.people))

    @property
    def left_out_ties(self) -> int:
        return max(0, self.universe_ties - len(self.ties))


def select_map(
    workspace: Workspace,
    index: RouteIndex,
    *,
    focus: int | None = None,
    company: str | None = None,
    targets: bool = False,
    max_nodes: int = DEFAULT_MAX_NODES,
    extra_targets: Iterable[int] = (),
) -> MapSelection:
    """Choose the people and ties of one map (see the module docstring for the kinds).

    ``focus`` is a person id (resolved by the caller); ``extra_targets`` are shown as targets
    besides the workspace's own (the demo's sample targets).
    """
    conn = workspace.conn
    chosen = sum((focus is not None, bool(company), targets))
    if chosen > 1:
        raise UsageError("choose one of --focus, --company and --targets")
    if max_nodes < MIN_MAX_NODES:
        raise UsageError(f"--max-nodes must be at least {MIN_MAX_NODES}")
    me = require_me(workspace)
    target_ids = {t.person_id for t in list_targets(workspace) if t.person_id is not None}
    target_ids |= set(extra_targets)
    target_ids.discard(me)
    reach = _BestRoutes(index, reach_table(index, me, max_hops=3))
    first_strength = _first_degree_strengths(index, me)

    routes: list[MapRoute] = []
    about: list[int] = []  # the people the map is about, most relevant first
    if focus is not None:
        kind = "focus"
        if focus == me:
            raise UsageError("that is you: --focus needs someone else")
        introductions = who_can_introduce(workspace, focus, top=FOCUS_ROUTES, index=index)
        for best in introductions.routes:
            routes.append(MapRoute(best.rank, best.score, [p.id for p in best.path], focus))
        about = [focus]
        universe = {me, focus} | {n for r in routes for n in r.path}
        node = index.node(focus)
        context = (
            [int(index.label(int(n))) for n in index.neighbours(node)[0]]  # type: ignore[call-overload]
            if node is not None
            else []
        )
        universe |= set(context)
    elif company:
        kind = "company"
        companies = values_containing(workspace, "company", company)
        about = sorted(
            int(pid)
            for (pid,) in conn.execute(
                "SELECT id FROM people WHERE is_me = 0 "
                "AND company IN (SELECT value FROM json_each(?))",
                (json.dumps(companies, ensure_ascii=False),),
            )
        )
        if not about:
            raise UsageError(f"nobody in your network works at a company matching {company!r}")
        about = _by_relevance(about, reach, first_strength)
        reach.read_paths(about)
        routes = _best_routes(about, reach, start_rank=1)
        universe = {me, *about} | {n for r in routes for n in r.path}
        context = []
    elif targets:
        kind = "targets"
        if not target_ids:
            raise UsageError('you have no targets yet: netgraph target add "Their Name"')
        about = _by_relevance(target_ids, reach, first_strength)
        rank = 1
        for target in about:
            for candidate in find_routes(index, me, target, max_hops=3, k=TARGET_ROUTES):
                path = [int(n) for n in candidate.path]  # type: ignore[call-overload]
                routes.append(MapRoute(rank, candidate.score, path, target))
                rank += 1
        universe = {me, *about} | {n for r in routes for n in r.path}
        context = []
    else:
        kind = "network"
        about = []
        universe = {int(pid) for (pid,) in conn.execute("SELECT id FROM people")}
        context = []

    # The order people are kept in when the map must leave some out.
    wanted_order: list[int] = [me]
    routes_of: dict[int, list[list[int]]] = {}
    for route in routes:
        routes_of.setdefault(route.target, []).append(route.path)
    for person in about:
        for path in routes_of.get(person, []):
            wanted_order.extend(path)
        wanted_order.append(person)
    if kind in ("network",):
        for target in _by_relevance(target_ids, reach, first_strength):
            found = reach.get(target)
            if found is not None:
                wanted_order.extend(int(n) for n in found.path)  # type: ignore[call-overload]
            wanted_order.append(target)
    wanted_set = set(wanted_order)
    rest = [p for p in universe if p not in wanted_set]
    rest = _by_relevance(rest, reach, first_strength)
    if kind == "network":
        willing = _willing(workspace)
        rest.sort(key=lambda p: 0 if p in willing and first_strength.get(p) else 1)
    elif kind == "focus":
        context_set = set(context)
        rest.sort(key=lambda p: p not in context_set)
    wanted_order.extend(rest)

    kept: list[int] = []
    seen: set[int] = set()
    for person in wanted_order:
        if person in seen or person not in universe:
            continue
        seen.add(person)
        kept.append(person)
        if len(kept) >= max_nodes:
            break
    kept_set = set(kept)
    routes = [r for r in routes if set(r.path) <= kept_set]

    reach.read_paths(kept)
    people = _people(workspace, kept)
    on_routes = {n for r in routes for n in r.path}
    about_set = set(about)
    for pid, drawn in people.items():
        drawn.is_me = pid == me
        drawn.is_target = pid in target_ids
        found = reach.get(pid)
        drawn.score = found.score if found is not None else None
        drawn.on_route = pid in on_routes and pid != me
        drawn.focus = pid in about_set
    ties, universe_ties = _ties(workspace, index, kept, routes, universe, whole=kind == "network")
    best_paths: dict[int, list[int]] = {}
    for pid in kept:
        found = reach.get(pid)
        if found is not None:
            path = [_int(n) for n in found.path]
            if all(n in kept_set for n in path):
                best_paths[pid] = path
    return MapSelection(
        kind=kind,
        heading=_heading(kind, people, focus, company),
        me=me,
        people=people,
        ties=ties,
        routes=routes,
        universe_people=len(universe),
        universe_ties=universe_ties,
        best_paths=best_paths,
    )


def _int(value: Any) -> int:
    return int(value)


def _heading(
    kind: str, people: dict[int, MapPerson], focus: int | None, company: str | None
) -> str:
    """The plain-text heading of the map (shown with textContent)."""
    if kind == "focus" and focus is not None:
        return f"Routes to {people[focus].name}"
    if kind == "company":
        return f"People at {company} and the routes to them"
    if kind == "targets":
        return "Your targets and the routes to them"
    me = next(p for p in people.values() if p.is_me)
    return f"{me.name}'s network"


def _first_degree_strengths(index: RouteIndex, me: int) -> dict[int, float]:
    node = index.node(me)
    if node is None:
        return {}
    neighbours, strengths = index.neighbours(node)
    return {int(index.label(int(n))): float(s) for n, s in zip(neighbours, strengths, strict=True)}  # type: ignore[call-overload]


class _BestRoutes:
    """The best route from the user to each person, read from one reach table as it is asked for.

    Like :func:`netgraph.routes.search.best_routes_from`, without building a route for each of a
    million people (most of a map's time at that size) when a map draws a few thousand.
    """

    def __init__(self, index: RouteIndex, table: ReachTable | None) -> None:
        self.index = index
        self.table = table
        self._paths: dict[int, tuple[Any, ...]] = {}

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
            self._paths[int(self.index.label(node))] = route  # type: ignore[call-overload]

    def get(self, person: int) -> Reach | None:
        node = self._node(person)
        if node is None or self.table is None:
            return None
        if person not in self._paths:
            self.read_paths([person])
        table = self.table
        return Reach(float(table.best[node]), self._paths[person], int(table.routes[node]))

    def __contains__(self, person: int) -> bool:
        return self._node(person) is not None


def _by_relevance(people: Iterable[int], reach: _BestRoutes, first: dict[int, float]) -> list[int]:
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
    return ids[np.lexsort((value, group))].tolist()  # type: ignore[no-any-return]


def _best_routes(people: list[int], reach: _BestRoutes, *, start_rank: int) -> list[MapRoute]:
    routes = []
    rank = start_rank
    for person in people:
        found = reach.get(person)
        if found is not None:
            path = [_int(n) for n in found.path]
            routes.append(MapRoute(rank, float(found.score), path, person))
            rank += 1
    return routes


def _willing(workspace: Workspace) -> set[int]:
    conn = workspace.conn
    return {int(p) for (p,) in conn.execute("SELECT id FROM people WHERE willingness='willing'")}


def _people(workspace: Workspace, ids: list[int]) -> dict[int, MapPerson]:
    """The map people in ``ids`` order, read in chunks."""
    conn = workspace.conn
    found: dict[int, MapPerson] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for pid, name, company, title, willingness, degree, is_me in conn.execute(
            "SELECT id, name, company, title, willingness, degree, is_me FROM people "
            f"WHERE id IN ({marks})",
            chunk,
        ):
            found[int(pid)] = MapPerson(
                id=int(pid),
                name=str(name),
                company=company,
                title=title,
                willingness=str(willingness or "unknown"),
                degree=None if is_me else (int(degree) if degree is not None else None),
                is_me=bool(is_me),
            )
    return {pid: found[pid] for pid in ids if pid in found}


def _ties(
    workspace: Workspace,
    index: RouteIndex,
    kept: list[int],
    routes: list[MapRoute],
    universe: set[int],
    *,
    whole: bool,
) -> tuple[list[MapTie], int]:
    """The ties drawn among the kept people, and how many ties the map's universe holds.

    Every route tie is drawn; then everyone's strongest tie (so nobody floats alone), then the
    strongest of the rest, up to :data:`EDGES_PER_NODE` per person on average, so a big map
    stays legible.
    """
    conn = workspace.conn
    a, b, s = _ties_among(index, kept)
    if whole:
        universe_ties = int(conn.execute("SELECT count(*) FROM edges").fetchone()[0])
    else:
        universe_ties = len(_ties_among(index, list(universe))[0])

    route_ranks: dict[tuple[int, int], list[int]] = {}
    for route in routes:
        for x, y in zip(route.path, route.path[1:], strict=False):
            route_ranks.setdefault((min(x, y), max(x, y)), []).append(route.rank)
    per_node = EDGES_PER_NODE if len(kept) <= BIG_MAP_NODES else BIG_MAP_EDGES_PER_NODE
    budget = max(int(len(kept) * per_node), len(route_ranks))
    order = np.argsort(-s, kind="stable")  # strongest first
    if len(order) > budget:
        is_route = np.array(
            [(int(x), int(y)) in route_ranks for x, y in zip(a, b, strict=True)], dtype=bool
        )
        # each person's strongest tie: the first time they appear in strength order
        ends = np.concatenate([a[order], b[order]])
        ranks = np.concatenate([np.arange(len(order)), np.arange(len(order))])
        by_person = np.lexsort((ranks, ends))
        first = np.ones(len(by_person), dtype=bool)
        first[1:] = ends[by_person][1:] != ends[by_person][:-1]
        strongest = np.zeros(len(order), dtype=bool)
        strongest[ranks[by_person][first]] = True
        priority = np.where(is_route[order], 0, np.where(strongest, 1, 2))
        chosen = order[np.lexsort((np.arange(len(order)), priority))][:budget]
    else:
        chosen = order
    ties = [
        MapTie(int(x), int(y), float(z), sorted(route_ranks.get((int(x), int(y)), [])))
        for x, y, z in zip(a[chosen], b[chosen], s[chosen], strict=True)
    ]
    ties.sort(key=lambda t: (t.a, t.b))
    return ties, max(universe_ties, len(ties))


def _ties_among(
    index: RouteIndex, people: list[int]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Every tie between two of ``people``, once each: (smaller id, larger id, strength)."""
    nodes = np.array([n for n in (index.node(p) for p in people) if n is not None], dtype=np.int64)
    mask = np.zeros(index.size, dtype=bool)
    mask[nodes] = True
    owners, reached, strengths = index.gather(nodes)
    inside = mask[reached] & (owners < reached)
    owners, reached, strengths = owners[inside], reached[inside], strengths[inside]
    if index.labels is not None:
        labels = np.array([index.label(int(n)) for n in range(index.size)], dtype=np.int64)
        owners, reached = labels[owners], labels[reached]
    return (
        np.minimum(owners, reached).astype(np.int64),
        np.maximum(owners, reached).astype(np.int64),
        strengths.astype(np.float64),
    )
