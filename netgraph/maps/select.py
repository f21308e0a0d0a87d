"""Which people and ties go on a map, and what a map leaves out.

Four kinds of map: the network around the user (the default), one target's top routes
(``focus``), a company's people and the routes to them (``company``) and every target with its
routes (``targets``). Each kind first decides its *universe* (everyone the map is about), then
keeps at most ``max_nodes`` of them, most relevant first: the user, the people the map is about
with their routes, targets, willing referrers, then the closest people and strongest ties.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from netgraph.errors import UsageError
from netgraph.identity.targets import list_targets
from netgraph.maps.relevance import BestRoutes, by_relevance, first_degree_strengths
from netgraph.routes.index import RouteIndex
from netgraph.routes.introductions import require_me, who_can_introduce
from netgraph.routes.model import person_id
from netgraph.routes.rank import values_containing
from netgraph.routes.reach import reach_table
from netgraph.routes.search import find_routes
from netgraph.vocabulary import MapKind
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
    #: Inferred between two colleagues, not recorded (drawn dashed).
    inferred: bool = False
    #: Drawn as this vis-network curve (type, roundness) so that it crosses nobody; None:
    #: straight (:mod:`netgraph.maps.declutter`).
    curve: tuple[str, float] | None = None


@dataclass
class MapRoute:
    """A route drawn prominently: rank, score and the person ids from the user to the target."""

    rank: int
    score: float
    path: list[int]
    target: int
    #: The strength of the route's last tie when it is inferred (two colleagues), else None.
    inferred: float | None = None


@dataclass
class MapSelection:
    """What a map shows, and how much of its universe it left out."""

    kind: MapKind
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
        """How many people the map could have drawn but left out (beyond ``max_nodes``)."""
        return max(0, self.universe_people - len(self.people))

    @property
    def left_out_ties(self) -> int:
        """How many ties among the people of the map's universe it does not draw."""
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
    kind = map_kind(focus=focus, company=company, targets=targets)
    if max_nodes < MIN_MAX_NODES:
        raise UsageError(f"a map shows at least {MIN_MAX_NODES} people", option="max_nodes")
    around = _Around.of(workspace, index, extra_targets)
    if kind == "focus" and focus is not None:
        plan = _focus_map(around, focus)
    elif kind == "company" and company:
        plan = _company_map(around, company)
    elif kind == "targets":
        plan = _targets_map(around)
    else:
        plan = _network_map(around)
    return _selection(around, plan, _kept(around, plan, max_nodes))


def map_kind(*, focus: int | None, company: str | None, targets: bool) -> MapKind:
    """The kind of map the options ask for: at most one of a person (``focus``), a company and
    the targets; the network around the user when none."""
    chosen: tuple[tuple[MapKind, bool], ...] = (
        ("focus", focus is not None),
        ("company", bool(company)),
        ("targets", targets),
    )
    asked = [kind for kind, wanted in chosen if wanted]
    if len(asked) > 1:
        raise UsageError("a map shows one of a person's routes, a company or your targets")
    return asked[0] if asked else "network"


@dataclass(frozen=True)
class _Around:
    """What every kind of map starts from: the user, their targets and how close everyone is."""

    workspace: Workspace
    index: RouteIndex
    me: int
    targets: frozenset[int]
    reach: BestRoutes
    first_strength: dict[int, float]

    @classmethod
    def of(cls, workspace: Workspace, index: RouteIndex, extra_targets: Iterable[int]) -> _Around:
        me = require_me(workspace)
        targets = {t.person_id for t in list_targets(workspace) if t.person_id is not None}
        targets |= set(extra_targets)
        targets.discard(me)
        reach = BestRoutes(index, reach_table(index, me, max_hops=3))
        first = first_degree_strengths(index, me)
        return cls(workspace, index, me, frozenset(targets), reach, first)

    def by_relevance(self, people: Iterable[int]) -> list[int]:
        """:func:`netgraph.maps.relevance.by_relevance` from the user."""
        return by_relevance(people, self.reach, self.first_strength)


@dataclass(frozen=True)
class _Plan:
    """What one map is about, before it is cut to its size.

    ``universe`` is everyone the map could show; ``leading`` the people kept first (after the
    user), most relevant first; ``preferred`` the people kept before the rest of the universe.
    """

    kind: MapKind
    heading: str
    about: list[int]
    routes: list[MapRoute]
    universe: set[int]
    leading: list[int]
    preferred: frozenset[int] = frozenset()


def _about_first(about: list[int], routes: list[MapRoute]) -> list[int]:
    """The people a map is about, each after the people on their routes."""
    routes_of: dict[int, list[list[int]]] = {}
    for route in routes:
        routes_of.setdefault(route.target, []).append(route.path)
    leading: list[int] = []
    for person in about:
        for path in routes_of.get(person, []):
            leading.extend(path)
        leading.append(person)
    return leading


def _focus_map(around: _Around, focus: int) -> _Plan:
    """One person's top routes, with the people they know around them."""
    if focus == around.me:
        raise UsageError("that is you: a map's focus is someone else", option="focus")
    found = who_can_introduce(around.workspace, focus, top=FOCUS_ROUTES, index=around.index)
    routes = [
        MapRoute(
            r.rank,
            r.score,
            [p.id for p in r.path],
            focus,
            r.steps[-1].strength if r.steps[-1].inferred else None,
        )
        for r in found.routes
    ]
    node = around.index.node(focus)
    context: set[int] = set()
    if node is not None:
        context = {person_id(around.index.label(int(n))) for n in around.index.neighbours(node)[0]}
    universe = {around.me, focus} | {n for r in routes for n in r.path} | context
    return _Plan(
        "focus",
        f"Routes to {found.target.name}",
        [focus],
        routes,
        universe,
        _about_first([focus], routes),
        frozenset(context),
    )


def _company_map(around: _Around, company: str) -> _Plan:
    """Everyone at the companies matching ``company``, and the best route to each."""
    companies = values_containing(around.workspace, "company", company)
    people = around.workspace.graph.at_companies(companies)
    if not people:
        raise UsageError(
            f"nobody in your network works at a company matching {company!r}", option="company"
        )
    about = around.by_relevance(people)
    around.reach.read_paths(about)
    routes: list[MapRoute] = []
    for person in about:
        path = around.reach.path(person)
        score = around.reach.score(person)
        if path is not None and score is not None:
            routes.append(MapRoute(len(routes) + 1, score, path, person))
    universe = {around.me, *about} | {n for r in routes for n in r.path}
    heading = f"People at {company} and the routes to them"
    return _Plan("company", heading, about, routes, universe, _about_first(about, routes))


def _targets_map(around: _Around) -> _Plan:
    """Every target, and the top routes to each."""
    if not around.targets:
        raise UsageError(
            'you have no targets yet: netgraph target add "Their Name"', option="targets"
        )
    about = around.by_relevance(around.targets)
    routes: list[MapRoute] = []
    for target in about:
        for found in find_routes(around.index, around.me, target, max_hops=3, k=TARGET_ROUTES):
            path = [person_id(n) for n in found.path]
            routes.append(MapRoute(len(routes) + 1, found.score, path, target))
    universe = {around.me, *about} | {n for r in routes for n in r.path}
    heading = "Your targets and the routes to them"
    return _Plan("targets", heading, about, routes, universe, _about_first(about, routes))


def _network_map(around: _Around) -> _Plan:
    """Everyone: the targets and their best routes first, then willing first-degree people."""
    leading: list[int] = []
    for target in around.by_relevance(around.targets):
        leading.extend(around.reach.path(target) or [])
        leading.append(target)
    willing = around.workspace.graph.willing_ids()
    preferred = frozenset(p for p in willing if around.first_strength.get(p))
    universe = set(around.workspace.graph.person_ids())
    heading = f"{around.workspace.people.name_and_company(around.me)[0]}'s network"
    return _Plan("network", heading, [], [], universe, leading, preferred)


def _kept(around: _Around, plan: _Plan, max_nodes: int) -> list[int]:
    """The people the map keeps: at most ``max_nodes`` of its universe, most relevant first."""
    wanted = [around.me, *plan.leading]
    wanted_set = set(wanted)
    rest = around.by_relevance(p for p in plan.universe if p not in wanted_set)
    rest.sort(key=lambda p: p not in plan.preferred)
    kept: list[int] = []
    seen: set[int] = set()
    for person in (*wanted, *rest):
        if person in seen or person not in plan.universe:
            continue
        seen.add(person)
        kept.append(person)
        if len(kept) >= max_nodes:
            break
    return kept


def _selection(around: _Around, plan: _Plan, kept: list[int]) -> MapSelection:
    """The map of the kept people: who each is, the ties drawn and the routes wholly kept."""
    kept_set = set(kept)
    routes = [r for r in plan.routes if set(r.path) <= kept_set]
    around.reach.read_paths(kept)
    people = _people(around.workspace, kept)
    on_routes = {n for r in routes for n in r.path}
    about = set(plan.about)
    for pid, drawn in people.items():
        drawn.is_me = pid == around.me
        drawn.is_target = pid in around.targets
        drawn.score = around.reach.score(pid)
        drawn.on_route = pid in on_routes and pid != around.me
        drawn.focus = pid in about
    ties, universe_ties = _ties(
        around.workspace, around.index, kept, routes, plan.universe, whole=plan.kind == "network"
    )
    best_paths: dict[int, list[int]] = {}
    for pid in kept:
        path = around.reach.path(pid)
        if path is not None and all(n in kept_set for n in path):
            best_paths[pid] = path
    return MapSelection(
        kind=plan.kind,
        heading=plan.heading,
        me=around.me,
        people=people,
        ties=ties,
        routes=routes,
        universe_people=len(plan.universe),
        universe_ties=universe_ties,
        best_paths=best_paths,
    )


def _people(workspace: Workspace, ids: list[int]) -> dict[int, MapPerson]:
    """The map people in ``ids`` order."""
    found = workspace.people.rows(ids)
    return {
        pid: MapPerson(
            id=pid,
            name=row.name,
            company=row.company,
            title=row.title,
            willingness=row.willingness or "unknown",
            degree=None if row.is_me else row.degree,
            is_me=row.is_me,
        )
        for pid in ids
        if (row := found.get(pid)) is not None
    }


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
    a, b, s = _ties_among(index, kept)
    if whole:
        universe_ties = workspace.graph.tie_count()
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
    ties.extend(_inferred_ties(routes, {(t.a, t.b) for t in ties}, route_ranks))
    ties.sort(key=lambda t: (t.a, t.b))
    return ties, max(universe_ties, len(ties))


def _inferred_ties(
    routes: list[MapRoute],
    recorded: set[tuple[int, int]],
    route_ranks: dict[tuple[int, int], list[int]],
) -> list[MapTie]:
    """The inferred last ties of the drawn routes (no recorded tie joins their two ends)."""
    found: dict[tuple[int, int], MapTie] = {}
    for route in routes:
        if route.inferred is None:
            continue
        x, y = route.path[-2], route.path[-1]
        key = (min(x, y), max(x, y))
        if key not in recorded:
            ranks = sorted(route_ranks.get(key, []))
            found[key] = MapTie(key[0], key[1], route.inferred, ranks, inferred=True)
    return list(found.values())


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
