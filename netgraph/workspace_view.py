"""The route search's view of a workspace: neighbourhoods read through the edge indexes.

Nothing is loaded up front: a query reads only the neighbourhoods it asks for, through the
``edges`` primary key ``(a, b)`` and the ``edges_b`` index, so its cost depends on the people
around the two ends of a route, not on the size of the workspace.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Hashable, Iterable

from netgraph.routes import willingness_factor

# Above this many nodes, one join against a temporary table beats one query per node.
_BATCH_THRESHOLD = 64


class WorkspaceView:
    """A :class:`netgraph.routes.NetworkView` over an open workspace connection."""

    def __init__(self, conn: sqlite3.Connection, *, include_unwilling: bool = False) -> None:
        self.conn = conn
        self.include_unwilling = include_unwilling
        self._neighbours: dict[Hashable, dict[Hashable, float]] = {}

    def neighbours(self, node: Hashable) -> dict[Hashable, float]:
        """Each neighbour of ``node`` with the strength of their tie."""
        cached = self._neighbours.get(node)
        if cached is None:
            rows = self.conn.execute(
                "SELECT b, strength FROM edges WHERE a = :n "
                "UNION ALL SELECT a, strength FROM edges WHERE b = :n",
                {"n": node},
            )
            cached = dict(rows.fetchall())
            self._neighbours[node] = cached
        return cached

    def neighbourhoods(self, nodes: Collection[Hashable]) -> dict[Hashable, dict[Hashable, float]]:
        """The neighbours of many nodes, read with one join when there are many."""
        missing = [n for n in nodes if n not in self._neighbours]
        if len(missing) > _BATCH_THRESHOLD:
            found: dict[Hashable, dict[Hashable, float]] = {n: {} for n in missing}
            with _TempIds(self.conn, missing) as table:
                rows = self.conn.execute(
                    f"SELECT e.a, e.b, e.strength FROM {table} t JOIN edges e ON e.a = t.id "
                    f"UNION ALL SELECT e.b, e.a, e.strength FROM {table} t "
                    "JOIN edges e ON e.b = t.id"
                )
                for node, other, strength in rows:
                    found[node][other] = strength
            self._neighbours.update(found)
        return {n: self.neighbours(n) for n in nodes}

    def factors(self, nodes: Collection[Hashable]) -> dict[Hashable, float]:
        """The intermediary factor of each person, from their willingness."""
        result: dict[Hashable, float] = {}
        for person, willingness in self._willingness(nodes):
            result[person] = willingness_factor(
                willingness, include_unwilling=self.include_unwilling
            )
        return {n: result.get(n, 0.0) for n in nodes}

    def _willingness(self, nodes: Collection[Hashable]) -> Iterable[tuple[int, str]]:
        ids = list(nodes)
        if len(ids) > _BATCH_THRESHOLD:
            with _TempIds(self.conn, ids) as table:
                yield from self.conn.execute(
                    f"SELECT p.id, p.willingness FROM {table} t JOIN people p ON p.id = t.id"
                ).fetchall()
            return
        marks = ",".join("?" * len(ids))
        if ids:
            yield from self.conn.execute(
                f"SELECT id, willingness FROM people WHERE id IN ({marks})", ids
            ).fetchall()


class _TempIds:
    """A temporary table holding a set of ids, for joins (dropped on exit)."""

    _counter = 0

    def __init__(self, conn: sqlite3.Connection, ids: Iterable[Hashable]) -> None:
        self.conn = conn
        self.ids = ids
        _TempIds._counter += 1
        self.name = f"temp.route_ids_{_TempIds._counter}"

    def __enter__(self) -> str:
        self.conn.execute(f"CREATE TABLE {self.name} (id INTEGER PRIMARY KEY)")
        self.conn.executemany(
            f"INSERT OR IGNORE INTO {self.name} (id) VALUES (?)", ((i,) for i in self.ids)
        )
        return self.name

    def __exit__(self, *exc_info: object) -> None:
        self.conn.execute(f"DROP TABLE {self.name}")
