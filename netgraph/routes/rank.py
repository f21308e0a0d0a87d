"""``rank``: everyone the user could be introduced to, by their best route, at once.

One layered search from the user (:func:`netgraph.routes.reach.reach_table`) scores everyone
within two or three hops; the people a ranking covers are read from the workspace
(:meth:`netgraph.workspace.graph.GraphTable.candidate_rows`) as columns, so a million rows cost
little more than their objects. Rows are :class:`RankedPerson`; their CSV and JSON records are
built in :mod:`netgraph.routes.documents`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from netgraph.collector import collector_paused
from netgraph.errors import UsageError
from netgraph.identity.keys import linkedin_display_url
from netgraph.routes.cache import read_route_index
from netgraph.routes.index import FloatArray, IntArray, RouteIndex
from netgraph.routes.introductions import require_me
from netgraph.routes.reach import ReachTable, reach_table
from netgraph.text import fold_text
from netgraph.workspace import Workspace
from netgraph.workspace.graph import PeopleColumns, RankFilter, SearchableColumn

T = TypeVar("T")

#: How far rank looks unless told otherwise (its --max-hops), and what it accepts.
DEFAULT_RANK_HOPS = 3
RANK_HOPS = (2, 3)


@dataclass(frozen=True)
class RankedPerson:
    """One row of a ranking: a person, their best route and how to reach them.

    ``score``, ``referrer`` (the person to ask) and ``route`` (names joined by " > ") are None
    when no route reaches them within the hops; ``path`` is the ids along the best route, the
    user first.
    """

    id: int
    name: str
    company: str | None
    title: str | None
    linkedin_url: str | None
    email: str | None
    degree: int | None
    score: float | None
    referrer: str | None
    route: str | None
    routes_found: int
    path: tuple[int, ...]


def rank_people(
    workspace: Workspace,
    *,
    targets_only: bool = False,
    company: str | None = None,
    title: str | None = None,
    top: int | None = None,
    max_hops: int = DEFAULT_RANK_HOPS,
    index: RouteIndex | None = None,
) -> list[RankedPerson]:
    """Every matching person who is not a first-degree contact, best route first.

    One search from the user computes the best route to everyone within ``max_hops`` (2 or
    3). People with no route within the hops come last, with no score; equal scores are
    ordered by name, then id. ``company`` and ``title`` keep people whose company or title
    contains the text, ignoring case and accents. With ``top``, only the first ``top`` rows.
    ``index`` is the workspace's route index (read from the workspace when not given).
    """
    me = require_me(workspace)
    if max_hops not in RANK_HOPS:
        raise UsageError("rank looks 2 or 3 hops out", option="max_hops")
    index = index if index is not None else read_route_index(workspace)
    table = reach_table(index, me, max_hops=max_hops)
    wanted = _rank_filter(workspace, me, targets_only=targets_only, company=company, title=title)
    if wanted is None:
        return []
    with collector_paused(promote=True):
        if top is None:
            people = workspace.graph.candidate_rows(wanted)
        else:
            people = _top_rows(workspace, wanted, table, top)
        scores = _scores(people.ids, table)
        order = np.lexsort((_name_order(people), -scores))
        if top is not None:
            order = order[:top]
        return _rank_rows(workspace, table, people, scores, order)


def values_containing(workspace: Workspace, column: SearchableColumn, wanted: str) -> list[str]:
    """The distinct companies or titles in the workspace that contain ``wanted``, case- and
    accent-insensitively.

    Only the distinct values are folded: folding a million people's values took seconds.
    """
    folded = fold_text(wanted)
    return [
        value
        for value in workspace.graph.distinct_values(column)
        if folded and folded in fold_text(value)
    ]


def _rank_filter(
    workspace: Workspace,
    me: int,
    *,
    targets_only: bool,
    company: str | None,
    title: str | None,
) -> RankFilter | None:
    """Who a ranking covers; None when a company or title matches nobody's.

    A company or title that folds to nothing (spaces, say) keeps everyone who has one.
    """
    companies = _matching(workspace, "company", company)
    titles = _matching(workspace, "title", title)
    if companies == () or titles == ():
        return None
    return RankFilter(
        me,
        targets_only=targets_only,
        has_company=bool(company),
        companies=companies,
        has_title=bool(title),
        titles=titles,
    )


def _matching(
    workspace: Workspace, column: SearchableColumn, text: str | None
) -> tuple[str, ...] | None:
    """The values of ``column`` that contain ``text``; None when any value will do."""
    if not (text and fold_text(text)):
        return None
    return tuple(values_containing(workspace, column, text))


def _name_order(people: PeopleColumns) -> IntArray:
    """Each row's rank by name key; equal keys keep the rows' order."""
    ranks = np.empty(len(people.ids), dtype=np.int64)
    ranks[sorted(range(len(people.ids)), key=people.name_keys.__getitem__)] = np.arange(
        len(people.ids)
    )
    return ranks


def _scores(ids: IntArray, table: ReachTable | None) -> FloatArray:
    """Each person's best score, 0 for no route (and for first-degree people)."""
    scores = np.zeros(len(ids), dtype=np.float64)
    if table is not None and len(ids):
        inside = ids < len(table.best)
        reached = ids[inside]
        scores[inside] = np.where(table.first_degree[reached], 0.0, table.best[reached])
    return scores


def _top_rows(
    workspace: Workspace, wanted: RankFilter, table: ReachTable | None, top: int
) -> PeopleColumns:
    """The rows that can be among the first ``top``: the best scores, every row tied with
    the last of them, and, when fewer people have a route, the first unscored ones by name."""
    graph = workspace.graph
    filtered = wanted.targets_only or wanted.has_company or wanted.has_title
    if filtered or table is None:
        ids = graph.candidate_ids(wanted)
        ids = ids[_scores(ids, table) > 0]
    else:
        # Everyone reached is a candidate (ties keep people in the workspace) unless the
        # workspace counts them first-degree.
        first = np.zeros(len(table.best), dtype=bool)
        marked = graph.first_degree_ids()
        first[marked[(marked >= 0) & (marked < len(first))]] = True
        ids = table.reached[~first[table.reached]]
    scores = _scores(ids, table)
    if len(ids) > top:
        cutoff = np.partition(scores, len(ids) - top)[len(ids) - top]
        return graph.candidate_rows(wanted, among=ids[scores >= cutoff])
    scored = graph.candidate_rows(wanted, among=ids)
    if len(ids) == top:
        return scored
    return scored.concatenated(graph.candidate_rows(wanted, outside=ids, limit=top - len(ids)))


@dataclass(frozen=True)
class _Routes:
    """The best route of each scored row, column by column."""

    paths: list[tuple[int, ...]]
    referrers: list[str | None]
    texts: list[str | None]
    counts: list[int]


def _rank_rows(
    workspace: Workspace,
    table: ReachTable | None,
    people: PeopleColumns,
    scores: FloatArray,
    order: IntArray,
) -> list[RankedPerson]:
    """The ranking's rows, in ``order`` (people with a route first). Built column by column:
    a million rows cost little more than their objects."""
    ids = people.ids[order]
    id_list = ids.tolist()
    names = _reordered(people.names, order)
    ranked = scores[order]
    scored = int(np.count_nonzero(ranked > 0)) if table is not None else 0
    unscored = len(order) - scored
    routes = _Routes([], [], [], [])
    if table is not None and scored:
        routes = _best_routes(workspace, table, ids[:scored], names[:scored])
    linkedin, email = _contact_columns(workspace, id_list)
    return [
        RankedPerson(*row)
        for row in zip(
            id_list,
            names,
            _reordered(people.companies, order),
            _reordered(people.titles, order),
            linkedin,
            email,
            _reordered(people.degrees, order),
            [*ranked[:scored].tolist(), *[None] * unscored],
            [*routes.referrers, *[None] * unscored],
            [*routes.texts, *[None] * unscored],
            [*routes.counts, *[0] * unscored],
            [*routes.paths, *[()] * unscored],
            strict=True,
        )
    ]


def _best_routes(
    workspace: Workspace, table: ReachTable, ids: IntArray, names: list[str]
) -> _Routes:
    """The best route to each of ``ids`` (all reached), and what the ranking says of it."""
    nodes, lengths = table.paths(ids)
    rows = nodes.tolist()
    paths = [tuple(row[:length]) for row, length in zip(rows, lengths.tolist(), strict=True)]
    texts, known = _route_texts(workspace, nodes, lengths, names)
    asked, which = np.unique(nodes[:, 1], return_inverse=True)
    referrers = _reordered([known.get(n) for n in asked.tolist()], which.reshape(-1))
    counts = table.route_counts(ids).tolist()
    return _Routes(paths, referrers, texts, counts)


def _reordered(values: list[T], order: IntArray) -> list[T]:
    """``[values[i] for i in order]``, in C."""
    column = np.empty(len(values), dtype=object)
    column[:] = values
    reordered: list[T] = column[order].tolist()
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
    known = workspace.graph.names(np.unique(beginnings[beginnings >= 0]).tolist())
    texts = [" > ".join(known.get(n, "?") for n in row if n >= 0) for row in beginnings.tolist()]
    routes: list[str | None] = [
        f"{texts[w]} > {name}"
        for w, name in zip(which.reshape(-1).tolist(), target_names, strict=True)
    ]
    return routes, known


# Above this many people, reading every LinkedIn URL and email beats looking each one up. At a
# million people, looking up 23,594 took 0.1 s, and reading every key 4.3 s.
_LOOKUP_LIMIT = 250_000


def _contact_columns(
    workspace: Workspace, ids: list[int]
) -> tuple[list[str | None], list[str | None]]:
    """The LinkedIn URL and the first email of each of these people (None where unknown)."""
    linkedin: list[str | None] = [None] * len(ids)
    email: list[str | None] = [None] * len(ids)
    rows = workspace.graph.contact_keys(ids if len(ids) <= _LOOKUP_LIMIT else None)
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
