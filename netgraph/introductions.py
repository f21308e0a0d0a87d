"""Who can introduce you to whom: routes to one person, and every person ranked at once.

This is the workspace-level layer over :mod:`netgraph.routes`: it finds the user, searches the
workspace's route index (:mod:`netgraph.route_cache`), and turns routes into the person objects
and evidence lines that ``who-can-introduce`` and ``rank`` print.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np

from netgraph.errors import UsageError
from netgraph.identity import fold_text, linkedin_display_url
from netgraph.people import me_id, person_objects
from netgraph.route_cache import read_route_index
from netgraph.route_index import RouteIndex
from netgraph.routes import MAX_HOPS_LIMIT, ReachTable, Route, find_routes, reach_table
from netgraph.ties import edge_evidence_lines

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


def require_me(conn: sqlite3.Connection) -> int:
    """The user's id, or a clear error if the workspace does not know who the user is."""
    me = me_id(conn)
    if me is None:
        raise UsageError('the workspace does not know who you are yet: netgraph me "Your Name"')
    return me


def who_can_introduce(
    conn: sqlite3.Connection,
    target: int,
    *,
    top: int = 5,
    max_hops: int = 3,
    via: int | None = None,
    avoid: Iterable[int] = (),
    include_unwilling: bool = False,
    index: RouteIndex | None = None,
) -> dict[str, Any]:
    """The best routes from the user to ``target``, as the JSON document of who-can-introduce.

    ``index`` is the workspace's route index (:func:`netgraph.route_cache.route_index`); without
    it one is read from ``conn``.

    ``{"target": PERSON, "first_degree": bool, "max_hops": N, "routes": [...],
    "suggestions": [str, ...]}``; each route is ``{"rank", "score", "hops", "referrer",
    "path", "steps"}`` with the user first and the target last in ``path``.
    """
    me = require_me(conn)
    if target == me:
        raise UsageError("that is you")
    if not 1 <= max_hops <= MAX_HOPS_LIMIT:
        raise UsageError(f"--max-hops must be between 1 and {MAX_HOPS_LIMIT}")
    index = index if index is not None else read_route_index(conn)
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
    people = _people_by_id(conn, {node for r in routes for node in r.path} | {target})
    document: dict[str, Any] = {
        "target": people[target],
        "first_degree": bool(np.isin(target, index.neighbours(me)[0])),
        "max_hops": max_hops,
        "routes": [
            _route_document(conn, rank, route, people) for rank, route in enumerate(routes, 1)
        ],
        "suggestions": [],
    }
    if not routes:
        document["suggestions"] = _suggestions(
            conn,
            index,
            me,
            target,
            max_hops=max_hops,
            avoid=avoided,
            via=via,
            include_unwilling=include_unwilling,
        )
    return document


def _people_by_id(conn: sqlite3.Connection, ids: Iterable[Hashable]) -> dict[Any, dict[str, Any]]:
    objects = person_objects(conn, sorted(int(i) for i in ids))  # type: ignore[call-overload]
    return {p["id"]: p for p in objects}


def _route_document(
    conn: sqlite3.Connection, rank: int, route: Route, people: dict[Any, dict[str, Any]]
) -> dict[str, Any]:
    steps = []
    hops = zip(route.path, route.path[1:], strict=False)
    for (a, b), strength in zip(hops, route.strengths, strict=True):
        steps.append(
            {
                "from": {"id": a, "name": people[a]["name"]},
                "to": {"id": b, "name": people[b]["name"]},
                "strength": strength,
                "evidence": edge_evidence_lines(conn, int(a), int(b)),  # type: ignore[call-overload]
            }
        )
    return {
        "rank": rank,
        "score": route.score,
        "hops": route.hops,
        "referrer": people[route.referrer] if route.referrer is not None else None,
        "path": [people[node] for node in route.path],
        "steps": steps,
    }


def _suggestions(
    conn: sqlite3.Connection,
    index: RouteIndex,
    me: int,
    target: int,
    *,
    max_hops: int,
    avoid: set[int],
    via: int | None,
    include_unwilling: bool,
) -> list[str]:
    """What would open a route when none exists within the hops."""
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
            hints.append(f"a route of {shortest} hops exists: try --max-hops {shortest}")
    if not include_unwilling and find_routes(
        index, me, target, max_hops=max_hops, avoid=avoid, via=via, include_unwilling=True
    ):
        hints.append("routes exist through people marked unwilling (--include-unwilling)")
    if (via is not None or avoid) and find_routes(index, me, target, max_hops=max_hops):
        hints.append("routes exist without your --via/--avoid choices")
    row = conn.execute("SELECT company_key FROM people WHERE id = ?", (target,)).fetchone()
    if row and row[0]:
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
        for _pid, name, degree, shared in colleagues:
            hint = f"{name} works at the same company ({_ordinal(degree)}-degree)"
            if degree == 1 and not shared:
                hint += "; their LinkedIn export would show whether they know them"
            hints.append(hint)
    if not len(index.neighbours(target)[0]):
        hints.append(
            "nobody in your workspace is linked to them yet: import an export that lists them"
        )
    return hints


def _ordinal(degree: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(degree, f"{degree}th")


def rank_people(
    conn: sqlite3.Connection,
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
    3). People with no route within the hops come last, with no score. Each row has the
    columns of :data:`RANK_COLUMNS` plus ``id`` and ``path`` (the ids along the route).
    """
    me = require_me(conn)
    if max_hops not in (2, 3):
        raise UsageError("rank looks 2 or 3 hops out (--max-hops 2 or 3)")
    index = index if index is not None else read_route_index(conn)
    table = reach_table(index, me, max_hops=max_hops)
    candidates = _rank_candidates(conn, me, targets_only=targets_only, company=company, title=title)
    scored = _order_by_best_score(candidates, table, top)
    # Paths only for the rows returned: with a million people, most are never shown.
    paths = {
        p["id"]: [int(n) for n in table.path(p["id"])]  # type: ignore[call-overload]
        for score, p in scored
        if score is not None and table is not None
    }
    names = _names(conn, {n for path in paths.values() for n in path})
    keys = _contact_keys(conn, [p["id"] for _score, p in scored])
    rows = []
    for score, person in scored:
        path = paths.get(person["id"], [])
        contact = keys.get(person["id"], {})
        rows.append(
            {
                "id": person["id"],
                "name": person["name"],
                "company": person["company"],
                "title": person["title"],
                "linkedin_url": linkedin_display_url(contact.get("linkedin")),
                "email": contact.get("email"),
                "degree": person["degree"],
                "score": score,
                "referrer": names.get(path[1]) if path else None,
                "route": " > ".join(names.get(n, "?") for n in path) if path else None,
                "routes_found": int(table.routes[person["id"]])
                if score is not None and table
                else 0,
                "path": path,
            }
        )
    return rows


def _order_by_best_score(
    candidates: list[dict[str, Any]], table: ReachTable | None, top: int | None
) -> list[tuple[float | None, dict[str, Any]]]:
    """Candidates best score first (no route last), ties by name; the first ``top`` only.

    Sorting a million people by score is done on arrays; only the rows returned are ordered
    by name within equal scores.
    """
    ids = np.array([p["id"] for p in candidates], dtype=np.int64)
    scores = np.zeros(len(ids), dtype=np.float64)
    if table is not None and len(ids):
        inside = ids < len(table.best)
        scores[inside] = table.best[ids[inside]]
        scores[inside & table.first_degree[np.minimum(ids, len(table.best) - 1)]] = 0.0
    order = np.argsort(-scores, kind="stable")
    if top is not None:
        cut = order[:top]
        if len(cut) and len(order) > top:  # keep every row tied with the last one kept
            tied = order[top:][scores[order[top:]] == scores[cut[-1]]]
            order = np.concatenate((cut, tied))
        else:
            order = cut
    chosen = [(float(scores[i]) if scores[i] > 0 else None, candidates[i]) for i in order.tolist()]
    chosen.sort(key=lambda pair: (pair[0] is None, -(pair[0] or 0.0), pair[1]["name_key"]))
    return chosen if top is None else chosen[:top]


def _names(conn: sqlite3.Connection, ids: Iterable[Hashable]) -> dict[Hashable, str]:
    wanted = list(ids)
    names: dict[Hashable, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        names.update(conn.execute(f"SELECT id, name FROM people WHERE id IN ({marks})", chunk))
    return names


def _rank_candidates(
    conn: sqlite3.Connection,
    me: int,
    *,
    targets_only: bool,
    company: str | None,
    title: str | None,
) -> list[dict[str, Any]]:
    """The people a ranking covers, with the fields of its columns, read in one query.

    ``company`` and ``title`` match as case- and accent-insensitive substrings.
    """
    clauses = ["p.id != :me", "coalesce(p.degree, 0) != 1"]
    if targets_only:
        clauses.append("p.id IN (SELECT person_id FROM targets WHERE person_id IS NOT NULL)")
    if company:
        clauses.append("p.company IS NOT NULL")
    if title:
        clauses.append("p.title IS NOT NULL")
    rows = conn.execute(
        f"SELECT p.id, p.name, p.name_key, p.company, p.title, p.degree FROM people p "
        f"WHERE {' AND '.join(clauses)}",
        {"me": me},
    )
    wanted_company = fold_text(company) if company else None
    wanted_title = fold_text(title) if title else None
    people = []
    for pid, name, key, their_company, their_title, degree in rows:
        if wanted_company and wanted_company not in fold_text(their_company):
            continue
        if wanted_title and wanted_title not in fold_text(their_title):
            continue
        people.append(
            {
                "id": pid,
                "name": name,
                "name_key": key,
                "company": their_company,
                "title": their_title,
                "degree": degree,
            }
        )
    return people


def _contact_keys(conn: sqlite3.Connection, ids: list[int]) -> dict[int, dict[str, str]]:
    """LinkedIn URL and first email of each person, read for these people only."""
    found: dict[int, dict[str, str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for person, kind, value in conn.execute(
            f"SELECT person_id, kind, min(value) FROM identities WHERE person_id IN ({marks}) "
            "AND kind IN ('linkedin', 'email') GROUP BY person_id, kind",
            chunk,
        ):
            found.setdefault(person, {})[kind] = value
    return found
