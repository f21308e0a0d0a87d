"""Who can introduce you to whom: the best routes to one person, as people and evidence.

This is the workspace-level layer over :mod:`netgraph.routes.search`: it finds the user, searches
the workspace's route index (:mod:`netgraph.routes.cache`), and turns routes into the people and
evidence lines that ``who-can-introduce`` prints (:class:`Introductions`; its JSON is built in
:mod:`netgraph.routes.documents`). When no route exists it says what would open one.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from netgraph.errors import UsageError
from netgraph.identity.people import Person, me_id, people_by_id, resolve_person
from netgraph.routes.cache import read_route_index, route_index
from netgraph.routes.colleagues import Colleagues, colleagues_of
from netgraph.routes.index import RouteIndex
from netgraph.routes.model import person_id
from netgraph.routes.search import (
    MAX_HOPS_LIMIT,
    FoundRoutes,
    Route,
    find_routes,
    search_routes,
)
from netgraph.routes.warmth import warmth
from netgraph.suggest import Suggestion, command, person_ref
from netgraph.ties.describe import edge_evidence_lines
from netgraph.workspace import Workspace

#: How far who-can-introduce looks unless told otherwise (its --max-hops).
DEFAULT_MAX_HOPS = 3


def require_me(workspace: Workspace) -> int:
    """The user's id, or a clear error if the workspace does not know who the user is."""
    me = me_id(workspace)
    if me is None:
        raise UsageError(
            "the workspace does not know who you are yet: " + command("me", "Your Name")
        )
    return me


@dataclass(frozen=True)
class Colleague:
    """One of the user's first-degree contacts at the target's organisation: id and name (a
    big organisation has hundreds; their details are a ``show`` away)."""

    id: int
    name: str


def _named(workspace: Workspace, ids: Sequence[int]) -> tuple[Colleague, ...]:
    names = workspace.graph.names(ids)
    return tuple(Colleague(p, names[p]) for p in ids if p in names)


@dataclass(frozen=True)
class Step:
    """One tie of a route: who knows whom, how strongly, and the evidence for it."""

    source: Person
    target: Person
    strength: float
    evidence: tuple[str, ...]
    #: Inferred (two colleagues), not recorded: see :mod:`netgraph.routes.colleagues`.
    inferred: bool = False


@dataclass(frozen=True)
class IntroductionRoute:
    """One route from the user to the target, with its rank among the routes listed.

    ``path`` runs from the user to the target; ``referrer`` is the person to ask (None on a
    direct tie), and ``score`` the product of the tie strengths and willingness factors.
    Routes are listed grouped by the person to ask: ``group`` numbers the groups from 1, in the
    order of their best route, and ``group_routes`` is how many routes that person offers in
    all (some may not be listed).
    """

    rank: int
    score: float
    path: tuple[Person, ...]
    steps: tuple[Step, ...]
    group: int = 1
    group_routes: int = 1

    @property
    def warmth(self) -> str:
        """The score in words: warm, lukewarm or cold (``docs/scoring.md``)."""
        return warmth(self.score)

    @property
    def hops(self) -> int:
        """Number of ties on the route."""
        return len(self.path) - 1

    @property
    def referrer(self) -> Person | None:
        """The first person between the user and the target, or None on a direct tie."""
        return self.path[1] if len(self.path) > 2 else None


@dataclass(frozen=True)
class Introductions:
    """Who can introduce the user to ``target``: the best routes, best first.

    ``suggestions`` say what would open a route when none is found within ``max_hops``.
    """

    target: Person
    first_degree: bool
    max_hops: int
    routes: tuple[IntroductionRoute, ...]
    suggestions: tuple[str, ...] = ()
    #: How many routes are offered in all (pointless detours are never offered).
    routes_offered: int = 0
    #: The target's organisation (None: unknown) and the user's first-degree contacts there,
    #: whether or not a route goes through them.
    organisation: str | None = None
    colleagues: tuple[Colleague, ...] = ()


def who_can_introduce(
    workspace: Workspace,
    target: int,
    *,
    top: int = 5,
    max_hops: int = DEFAULT_MAX_HOPS,
    via: int | None = None,
    avoid: Iterable[int] = (),
    include_unwilling: bool = False,
    index: RouteIndex | None = None,
    inferred: bool = True,
) -> Introductions:
    """The best routes (at most ``top``) from the user to ``target``; pointless detours are
    never among them.

    ``index`` is the workspace's route index (:func:`netgraph.routes.cache.route_index`); without
    it one is read from the workspace. With ``inferred``, the user's first-degree contacts at
    the target's organisation get an inferred tie to the target (:mod:`netgraph.routes.colleagues`);
    they are named in ``colleagues`` either way.
    """
    me = require_me(workspace)
    if target == me:
        raise UsageError("that is you")
    if not 1 <= max_hops <= MAX_HOPS_LIMIT:
        raise UsageError(f"the hop limit must be between 1 and {MAX_HOPS_LIMIT}", option="max_hops")
    index = index if index is not None else read_route_index(workspace)
    avoided = set(avoid)
    colleagues = colleagues_of(workspace, target, me)
    found = search_routes(
        index,
        me,
        target,
        max_hops=max_hops,
        avoid=avoided,
        via=via,
        include_unwilling=include_unwilling,
        k=top,
        inferred=_inferred_ties(workspace, colleagues, target) if inferred else None,
    )
    routes = found.routes
    wanted = sorted({person_id(node) for r in routes for node in r.path} | {target})
    people = {p.id: p for p in people_by_id(workspace, wanted)}
    search = _Search(target, max_hops, via, frozenset(avoided), include_unwilling)
    suggestions = () if routes else tuple(_suggestions(workspace, index, me, search))
    return Introductions(
        target=people[target],
        first_degree=index.has_tie(me, target),
        max_hops=max_hops,
        routes=_introduction_routes(workspace, found, people, colleagues),
        suggestions=suggestions,
        routes_offered=found.offered,
        organisation=colleagues.organisation if colleagues else None,
        colleagues=_named(workspace, colleagues.first_degree if colleagues else ()),
    )


def _introduction_routes(
    workspace: Workspace,
    found: FoundRoutes,
    people: dict[int, Person],
    colleagues: Colleagues | None,
) -> tuple[IntroductionRoute, ...]:
    """The routes found as people and evidence, numbered and grouped as listed."""
    routes = found.routes
    organisation = colleagues.organisation if colleagues else ""
    return tuple(
        replace(
            _introduction_route(workspace, rank, route, people, organisation),
            group=group,
            group_routes=found.per_referrer.get(route.referrer, 1),
        )
        for rank, (route, group) in enumerate(zip(routes, _groups(routes), strict=True), 1)
    )


def _inferred_ties(
    workspace: Workspace, colleagues: Colleagues | None, target: int
) -> dict[Hashable, float] | None:
    """The ties inferred between the target and the user's contacts at their organisation,
    but for the people the user said do not know the target (``tie --remove``)."""
    if colleagues is None:
        return None
    return colleagues.inferred(exclude=workspace.ties.removed_partners(target))


def inferred_evidence(organisation: str) -> str:
    """How an inferred tie reads: ``inferred: both at Globex``."""
    return f"inferred: both at {organisation}"


def _groups(routes: Sequence[Route]) -> list[int]:
    """The group of each route, listed grouped by referrer: 1, 1, 2, 3, 3, ..."""
    groups: list[int] = []
    group = 0
    for i, route in enumerate(routes):
        if i == 0 or routes[i - 1].referrer != route.referrer:
            group += 1
        groups.append(group)
    return groups


def introductions_to(
    workspace: Workspace,
    person: str,
    *,
    top: int = 5,
    max_hops: int = DEFAULT_MAX_HOPS,
    via: str | None = None,
    avoid: Sequence[str] = (),
    include_unwilling: bool = False,
    inferred: bool = True,
) -> Introductions:
    """:func:`who_can_introduce` for people named as a user types them (an id, an email, a
    LinkedIn URL or a name: see :func:`netgraph.identity.people.resolve_person`), on the route
    index saved beside the workspace (built and saved when the ties changed).

    Raises ``PersonNotFound`` or ``AmbiguousPerson`` for the person, ``via`` or one of
    ``avoid``, in that order.
    """
    target = resolve_person(workspace, person)
    return who_can_introduce(
        workspace,
        target,
        top=top,
        max_hops=max_hops,
        via=resolve_person(workspace, via) if via else None,
        avoid=[resolve_person(workspace, name) for name in avoid],
        include_unwilling=include_unwilling,
        index=route_index(workspace),
        inferred=inferred,
    )


def _introduction_route(
    workspace: Workspace, rank: int, route: Route, people: dict[int, Person], organisation: str
) -> IntroductionRoute:
    path = tuple(people[person_id(node)] for node in route.path)
    steps = tuple(
        Step(a, b, strength, tuple(edge_evidence_lines(workspace, a.id, b.id)))
        for (a, b), strength in zip(pairwise(path), route.strengths, strict=True)
    )
    if route.inferred:  # the last tie: two colleagues, no recorded tie
        last = steps[-1]
        evidence = (inferred_evidence(organisation),)
        steps = (*steps[:-1], replace(last, evidence=evidence, inferred=True))
    return IntroductionRoute(rank=rank, score=route.score, path=path, steps=steps)


def _suggestions(workspace: Workspace, index: RouteIndex, me: int, search: _Search) -> list[str]:
    """What would open a route when none exists within the hops, each hint with the
    who-can-introduce command that shows the routes it speaks of."""
    target, max_hops, via = search.target, search.max_hops, search.via
    avoid, include_unwilling = set(search.avoid), search.include_unwilling
    hints: list[str] = []
    if max_hops < MAX_HOPS_LIMIT:
        longer = find_routes(
            index,
            me,
            target,
            max_hops=MAX_HOPS_LIMIT,
            avoid=avoid,
            via=via,
            include_unwilling=include_unwilling,
        )
        if longer:
            shortest = min(r.hops for r in longer)
            hints.append(
                Suggestion(
                    f"a route of {shortest} hops exists",
                    replace(search, max_hops=shortest).command(),
                )
            )
    if not include_unwilling and find_routes(
        index, me, target, max_hops=max_hops, avoid=avoid, via=via, include_unwilling=True
    ):
        hints.append(
            Suggestion(
                "routes exist through people marked unwilling",
                replace(search, include_unwilling=True).command(),
            )
        )
    if (via is not None or avoid) and find_routes(index, me, target, max_hops=max_hops):
        hints.append(
            Suggestion(
                "routes exist without your --via/--avoid choices",
                replace(search, via=None, avoid=frozenset()).command(),
            )
        )
    hints.extend(_colleague_hints(workspace, me, target))
    if not len(index.neighbours(target)[0]):
        hints.append(
            "nobody in your workspace is linked to them yet: import an export that lists them"
        )
    return hints


@dataclass(frozen=True)
class _Search:
    """The options of one who-can-introduce search, to suggest it again with some changed."""

    target: int
    max_hops: int
    via: int | None
    avoid: frozenset[int]
    include_unwilling: bool

    def command(self) -> str:
        """The who-can-introduce command of this search; defaults left out."""
        words = ["who-can-introduce", person_ref(self.target)]
        if self.max_hops != DEFAULT_MAX_HOPS:
            words += ["--max-hops", str(self.max_hops)]
        if self.via is not None:
            words += ["--via", person_ref(self.via)]
        for avoided in sorted(self.avoid):
            words += ["--avoid", person_ref(avoided)]
        if self.include_unwilling:
            words.append("--include-unwilling")
        return command(*words)


def _colleague_hints(workspace: Workspace, me: int, target: int) -> list[str]:
    """The nearest people at the target's company (at most five), who may know them."""
    hints = []
    for colleague in workspace.graph.colleagues(target, me, limit=5):
        hint = f"{colleague.name} works at the same company ({_ordinal(colleague.degree)}-degree)"
        if colleague.degree == 1 and not colleague.shared_export:
            hint += "; their LinkedIn export would show whether they know them"
        hints.append(hint)
    return hints


def _ordinal(degree: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(degree, f"{degree}th")
