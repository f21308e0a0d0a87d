"""Who can introduce you to whom: routes to one person, and every person ranked at once.

This is the workspace-level layer over :mod:`netgraph.routes.search`: it finds the user, searches
the workspace's route index (:mod:`netgraph.routes.cache`), and turns routes into the person objects
and evidence lines that ``who-can-introduce`` and ``rank`` print."""

from __future__ import annotations

import gc
import json
from collections.abc import Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import chain, pairwise
from typing import Any, cast

import numpy as np

from netgraph.errors import UsageError
from netgraph.identity.keys import linkedin_display_url
from netgraph.identity.people import Person, me_id, people_by_id
from netgraph.routes.cache import read_route_index
from netgraph.routes.index import FloatArray, IntArray, RouteIndex
from netgraph.routes.search import MAX_HOPS_LIMIT, ReachTable, Route, find_routes, reach_table
from netgraph.suggest import Suggestion, command, person_ref
from netgraph.text import fold_text
from netgraph.ties.describe import edge_evidence_lines
from netgraph.workspace import Workspace

#: How far who-can-introduce looks unless told otherwise (its --max-hops).
DEFAULT_MAX_HOPS = 3

RANK_COLUMNS = (
    "name",
    "company",
    "title",
    "linkedin_url",
    "email",
    "degree",
    "score",
    "referrer",
    "route",
    "routes_found",
)


def require_me(workspace: Workspace) -> int:
    """The user's id, or a clear error if the workspace does not know who the user is."""
    me = me_id(workspace)
    if me is None:
        raise UsageError(
            "the workspace does not know who you are yet: " + command("me", "Your Name")
        )
    return me


@dataclass(frozen=True)
class Step:
    """One tie of a route: who knows whom, how strongly, and the evidence for it."""

    source: Person
    target: Person
    strength: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class IntroductionRoute:
    """One route from the user to the target, with its rank among the routes found.

    ``path`` runs from the user to the target; ``referrer`` is the person to ask (None on a
    direct tie), and ``score`` the product of the tie strengths and willingness factors.
    """

    rank: int
    score: float
    path: tuple[Person, ...]
    steps: tuple[Step, ...]

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
) -> Introductions:
    """The best routes (at most ``top``) from the user to ``target``.

    ``index`` is the workspace's route index (:func:`netgraph.routes.cache.route_index`); without
    it one is read from the workspace.
    """
    me = require_me(workspace)
    if target == me:
        raise UsageError("that is you")
    if not 1 <= max_hops <= MAX_HOPS_LIMIT:
        raise UsageError(f"the hop limit must be between 1 and {MAX_HOPS_LIMIT}", option="max_hops")
    index = index if index is not None else read_route_index(workspace)
    avoided = set(avoid)
    routes = find_routes(
        index,
        me,
        target,
        max_hops=max_hops,
        avoid=avoided,
        via=via,
        include_unwilling=include_unwilling,
        k=top,
    )
    wanted = sorted({_id(node) for r in routes for node in r.path} | {target})
    people = {p.id: p for p in people_by_id(workspace, wanted)}
    suggestions: tuple[str, ...] = ()
    if not routes:
        suggestions = tuple(
            _suggestions(
                workspace,
                index,
                me,
                target,
                max_hops=max_hops,
                avoid=avoided,
                via=via,
                include_unwilling=include_unwilling,
            )
        )
    return Introductions(
        target=people[target],
        first_degree=index.has_tie(me, target),
        max_hops=max_hops,
        routes=tuple(
            _introduction_route(workspace, rank, route, people)
            for rank, route in enumerate(routes, 1)
        ),
        suggestions=suggestions,
    )


def _id(node: Hashable) -> int:
    """A person id: the label of a node in a workspace's route index."""
    return cast(int, node)


def _introduction_route(
    workspace: Workspace, rank: int, route: Route, people: dict[int, Person]
) -> IntroductionRoute:
    path = tuple(people[_id(node)] for node in route.path)
    steps = tuple(
        Step(a, b, strength, tuple(edge_evidence_lines(workspace, a.id, b.id)))
        for (a, b), strength in zip(pairwise(path), route.strengths, strict=True)
    )
    return IntroductionRoute(rank=rank, score=route.score, path=path, steps=steps)


def _suggestions(
    workspace: Workspace,
    index: RouteIndex,
    me: int,
    target: int,
    *,
    max_hops: int,
    avoid: set[int],
    via: int | None,
    include_unwilling: bool,
) -> list[str]:
    """What would open a route when none exists within the hops, each hint with the
    who-can-introduce command that shows the routes it speaks of."""
    search = _Search(target, max_hops, via, frozenset(avoid), include_unwilling)
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
                Suggestion(f"a route of {shortest} hops exists", search.command(max_hops=shortest))
            )
    if not include_unwilling and find_routes(
        index, me, target, max_hops=max_hops, avoid=avoid, via=via, include_unwilling=True
    ):
        hints.append(
            Suggestion(
                "routes exist through people marked unwilling",
                search.command(include_unwilling=True),
            )
        )
    if (via is not None or avoid) and find_routes(index, me, target, max_hops=max_hops):
        hints.append(
            Suggestion(
                "routes exist without your --via/--avoid choices",
                search.command(via=None, avoid=frozenset()),
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

    def command(self, **changes: Any) -> str:
        """The who-can-introduce command of this search with ``changes``; defaults left out."""
        search = replace(self, **changes)
        words = ["who-can-introduce", person_ref(search.target)]
        if search.max_hops != DEFAULT_MAX_HOPS:
            words += ["--max-hops", str(search.max_hops)]
        if search.via is not None:
            words += ["--via", person_ref(search.via)]
        for avoided in sorted(search.avoid):
            words += ["--avoid", person_ref(avoided)]
        if search.include_unwilling:
            words.append("--include-unwilling")
        return command(*words)


def _colleague_hints(workspace: Workspace, me: int, target: int) -> list[str]:
    """The nearest people at the target's company (at most five), who may know them."""
    conn = workspace.conn
    row = conn.execute("SELECT company_key FROM people WHERE id = ?", (target,)).fetchone()
    if not (row and row[0]):
        return []
    colleagues = conn.execute(
        """
        SELECT p.id, p.name, p.degree,
               EXISTS (SELECT 1 FROM sources s WHERE s.owner_id = p.id) AS shared
        FROM people p
        WHERE p.company_key = ? AND p.id NOT IN (?, ?) AND p.degree IS NOT NULL
        ORDER BY p.degree, p.name_key LIMIT 5
        """,
        (row[0], target, me),
    ).fetchall()
    hints = []
    for _pid, name, degree, shared in colleagues:
        hint = f"{name} works at the same company ({_ordinal(degree)}-degree)"
        if degree == 1 and not shared:
            hint += "; their LinkedIn export would show whether they know them"
        hints.append(hint)
    return hints


def _ordinal(degree: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(degree, f"{degree}th")


def rank_people(
    workspace: Workspace,
    *,
    targets_only: bool = False,
    company: str | None = None,
    title: str | None = None,
    top: int | None = None,
    max_hops: int = 3,
    index: RouteIndex | None = None,
) -> list[dict[str, Any]]:
    """Every matching person who is not a first-degree contact, best route first.

    One search from the user computes the best route to everyone within ``max_hops`` (2 or
    3). People with no route within the hops come last, with no score; equal scores are
    ordered by name, then id. ``company`` and ``title`` keep people whose company or title
    contains the text, ignoring case and accents. With ``top``, only the first ``top`` rows.
    Each row has the columns of :data:`RANK_COLUMNS` plus ``id`` and ``path`` (the ids along
    the route).
    """
    me = require_me(workspace)
    if max_hops not in (2, 3):
        raise UsageError("rank looks 2 or 3 hops out (--max-hops 2 or 3)")
    index = index if index is not None else read_route_index(workspace)
    table = reach_table(index, me, max_hops=max_hops)
    candidates = _Candidates(workspace, me, targets_only=targets_only, company=company, title=title)
    if candidates.none:
        return []
    with _collector_paused():
        people = candidates.rows() if top is None else _top_rows(workspace, candidates, table, top)
        scores = _scores(people.ids, table)
        order = np.lexsort((people.name_order(), -scores))
        if top is not None:
            order = order[:top]
        return _rank_rows(workspace, table, people, scores, order)


class _PeopleRows:
    """Columns of the people table for the rows of a ranking."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        columns = list(zip(*rows, strict=True)) if rows else [()] * 6
        self.ids = np.array(columns[0], dtype=np.int64)
        self.names, self.name_keys, self.companies, self.titles, self.degrees = (
            list(column) for column in columns[1:]
        )

    def concatenated(self, other: _PeopleRows) -> _PeopleRows:
        """These rows then the other's."""
        joined = _PeopleRows([])
        joined.ids = np.concatenate((self.ids, other.ids))
        joined.names = self.names + other.names
        joined.name_keys = self.name_keys + other.name_keys
        joined.companies = self.companies + other.companies
        joined.titles = self.titles + other.titles
        joined.degrees = self.degrees + other.degrees
        return joined

    def name_order(self) -> IntArray:
        """Each row's rank by name key; equal keys keep the rows' order."""
        ranks = np.empty(len(self.ids), dtype=np.int64)
        ranks[sorted(range(len(self.ids)), key=self.name_keys.__getitem__)] = np.arange(
            len(self.ids)
        )
        return ranks


_COLUMNS = "p.id, p.name, p.name_key, p.company, p.title, p.degree"


def values_containing(workspace: Workspace, column: str, wanted: str) -> list[str]:
    """The distinct values of ``people.<column>`` (company or title) that contain ``wanted``,
    case- and accent-insensitively.

    Only the distinct values are folded: folding a million people's values took seconds.
    """
    conn = workspace.conn
    if column not in ("company", "title"):
        raise ValueError(f"not a searchable column: {column}")
    folded = fold_text(wanted)
    return [
        value
        for (value,) in conn.execute(
            f"SELECT DISTINCT {column} FROM people WHERE {column} IS NOT NULL"
        )
        if folded and folded in fold_text(value)
    ]


class _Candidates:
    """The people a ranking covers, as an SQL condition on ``people p``.

    ``company`` and ``title`` match as case- and accent-insensitive substrings
    (:func:`values_containing`); the rows are then selected in SQL by the values that matched.
    """

    def __init__(
        self,
        workspace: Workspace,
        me: int,
        *,
        targets_only: bool,
        company: str | None,
        title: str | None,
    ) -> None:
        self.conn = workspace.conn
        self.clauses = ["p.id != :me", "coalesce(p.degree, 0) != 1"]
        self.params: dict[str, Any] = {"me": me}
        self.none = False
        self.filtered = targets_only or bool(company) or bool(title)
        if targets_only:
            self.clauses.append(
                "p.id IN (SELECT person_id FROM targets WHERE person_id IS NOT NULL)"
            )
        for column, wanted in (("company", company), ("title", title)):
            if not wanted:
                continue
            self.clauses.append(f"p.{column} IS NOT NULL")
            folded = fold_text(wanted)
            if not folded:
                continue
            values = values_containing(workspace, column, wanted)
            if not values:
                self.none = True
            self.clauses.append(f"p.{column} IN (SELECT value FROM json_each(:{column}))")
            self.params[column] = json.dumps(values, ensure_ascii=False)

    def _where(self, *extra: str) -> str:
        return " AND ".join((*self.clauses, *extra))

    def ids(self) -> IntArray:
        """Every candidate's id, ascending."""
        cursor = self.conn.execute(f"SELECT p.id FROM people p WHERE {self._where()}", self.params)
        return np.sort(np.fromiter(chain.from_iterable(cursor), dtype=np.int64))

    def rows(
        self, *, among: IntArray | None = None, outside: IntArray | None = None, limit: int = -1
    ) -> _PeopleRows:
        """Candidates' rows by id: all of them or those ``among`` some ids; or the first
        ``limit`` by name key, then id, of those ``outside`` some ids."""
        extra = []
        params = dict(self.params)
        if among is not None:
            extra.append("p.id IN (SELECT value FROM json_each(:among))")
            params["among"] = json.dumps(among.tolist())
        if outside is not None:
            extra.append("p.id NOT IN (SELECT value FROM json_each(:outside))")
            params["outside"] = json.dumps(outside.tolist())
        params["limit"] = limit
        return _PeopleRows(
            self.conn.execute(
                f"SELECT {_COLUMNS} FROM people p WHERE {self._where(*extra)} "
                f"ORDER BY {'p.name_key, ' if limit >= 0 else ''}p.id LIMIT :limit",
                params,
            ).fetchall()
        )


def _scores(ids: IntArray, table: ReachTable | None) -> FloatArray:
    """Each person's best score, 0 for no route (and for first-degree people)."""
    scores = np.zeros(len(ids), dtype=np.float64)
    if table is not None and len(ids):
        inside = ids < len(table.best)
        reached = ids[inside]
        scores[inside] = np.where(table.first_degree[reached], 0.0, table.best[reached])
    return scores


def _top_rows(
    workspace: Workspace, candidates: _Candidates, table: ReachTable | None, top: int
) -> _PeopleRows:
    """The rows that can be among the first ``top``: the best scores, every row tied with
    the last of them, and, when fewer people have a route, the first unscored ones by name."""
    conn = workspace.conn
    if candidates.filtered or table is None:
        ids = candidates.ids()
        ids = ids[_scores(ids, table) > 0]
    else:
        # Everyone reached is a candidate (ties keep people in the workspace) unless the
        # workspace counts them first-degree.
        first = np.zeros(len(table.best), dtype=bool)
        for (person,) in conn.execute("SELECT id FROM people WHERE degree = 1"):
            if 0 <= person < len(first):
                first[person] = True
        ids = table.reached[~first[table.reached]]
    scores = _scores(ids, table)
    if len(ids) > top:
        cutoff = np.partition(scores, len(ids) - top)[len(ids) - top]
        return candidates.rows(among=ids[scores >= cutoff])
    scored = candidates.rows(among=ids)
    if len(ids) == top:
        return scored
    return scored.concatenated(candidates.rows(outside=ids, limit=top - len(ids)))


def _rank_rows(
    workspace: Workspace,
    table: ReachTable | None,
    people: _PeopleRows,
    scores: FloatArray,
    order: IntArray,
) -> list[dict[str, Any]]:
    """The ranking's rows, in ``order`` (people with a route first): the person, their best
    route and how to reach them. Built column by column: a million rows cost little more
    than their dicts."""
    ids = people.ids[order]
    id_list = ids.tolist()
    names = _reordered(people.names, order)
    ranked = scores[order]
    scored = int(np.count_nonzero(ranked > 0)) if table is not None else 0
    unscored = len(order) - scored
    paths: list[list[int]] = []
    referrers: list[str | None] = []
    routes: list[str | None] = []
    found: list[int] = []
    if table is not None and scored:
        nodes, lengths = table.paths(ids[:scored])
        paths = nodes.tolist()
        for length in range(1, nodes.shape[1]):  # drop the -1 after shorter routes
            for i in np.flatnonzero(lengths == length).tolist():
                del paths[i][length:]
        routes, known = _route_texts(workspace, nodes, lengths, names[:scored])
        asked, which = np.unique(nodes[:, 1], return_inverse=True)
        referrers = _reordered([known.get(n) for n in asked.tolist()], which.reshape(-1))
        found = table.routes[ids[:scored]].astype(np.int64).tolist()
    linkedin, email = _contact_columns(workspace, id_list)
    return [
        {
            "id": person,
            "name": name,
            "company": company,
            "title": title,
            "linkedin_url": url,
            "email": address,
            "degree": degree,
            "score": score,
            "referrer": referrer,
            "route": route,
            "routes_found": count,
            "path": path,
        }
        for (
            person, name, company, title, url, address, degree, score, referrer, route, count,
            path,
        ) in zip(
            id_list,
            names,
            _reordered(people.companies, order),
            _reordered(people.titles, order),
            linkedin,
            email,
            _reordered(people.degrees, order),
            [*ranked[:scored].tolist(), *[None] * unscored],
            [*referrers, *[None] * unscored],
            [*routes, *[None] * unscored],
            [*found, *[0] * unscored],
            [*paths, *([] for _ in range(unscored))],
            strict=True,
        )
    ]  # fmt: skip


def _reordered(values: list[Any], order: IntArray) -> list[Any]:
    """``[values[i] for i in order]``, in C."""
    column = np.empty(len(values), dtype=object)
    column[:] = values
    reordered: list[Any] = column[order].tolist()
    return reordered


def _route_texts(
    workspace: Workspace, nodes: IntArray, lengths: IntArray, target_names: list[str]
) -> tuple[list[str | None], dict[int, str]]:
    """Each route as names joined by " > ", and the names of the people on them before the
    target.

    Those people are few (each has many ties) and routes share them, so each distinct
    beginning of a route (all but its target) is named and joined once.
    """
    beginnings = nodes.copy()
    beginnings[np.arange(len(nodes)), lengths - 1] = -1
    # Column 0 is the user; the (at most two) people between pack into one number.
    packed = np.zeros(len(nodes), dtype=np.int64)
    for column in range(1, nodes.shape[1] - 1):
        packed = (packed << 32) | (beginnings[:, column] + 1)
    _, first, which = np.unique(packed, return_index=True, return_inverse=True)
    beginnings = beginnings[first, :-1]
    known = _names(workspace, np.unique(beginnings[beginnings >= 0]).tolist())
    texts = [" > ".join(known.get(n, "?") for n in row if n >= 0) for row in beginnings.tolist()]
    routes: list[str | None] = [
        f"{texts[w]} > {name}"
        for w, name in zip(which.reshape(-1).tolist(), target_names, strict=True)
    ]
    return routes, known


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector: building a million small containers would
    otherwise run it hundreds of times over all of them, doubling the cost (they hold no
    cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():  # (a frozen generation is someone else's: keep it)
                # Hand what was made meanwhile straight to the oldest generation: otherwise
                # the first collection after this would walk all of it at once.
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _names(workspace: Workspace, ids: list[int]) -> dict[int, str]:
    conn = workspace.conn
    return dict(
        conn.execute(
            "SELECT id, name FROM people WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        )
    )


# Above this many people, reading every LinkedIn URL and email beats looking each one up. At a
# million people, looking up 23,594 took 0.1 s, and reading every key 4.3 s.
_LOOKUP_LIMIT = 250_000


def _contact_columns(
    workspace: Workspace, ids: list[int]
) -> tuple[list[str | None], list[str | None]]:
    """The LinkedIn URL and the first email of each of these people (None where unknown)."""
    conn = workspace.conn
    linkedin: list[str | None] = [None] * len(ids)
    email: list[str | None] = [None] * len(ids)
    wanted = ""
    params: tuple[str, ...] = ()
    if len(ids) <= _LOOKUP_LIMIT:
        wanted = "person_id IN (SELECT value FROM json_each(?)) AND "
        params = (json.dumps(ids),)
    rows = conn.execute(
        "SELECT person_id, kind, min(value) FROM identities "
        f"WHERE {wanted}kind IN ('linkedin', 'email') GROUP BY person_id, kind",
        params,
    ).fetchall()
    if rows:
        position = {person: i for i, person in enumerate(ids)}
        for person, kind, value in rows:
            i = position.get(person)
            if i is None:
                continue
            if kind == "linkedin":
                linkedin[i] = linkedin_display_url(value)
            else:
                email[i] = value
    return linkedin, email
