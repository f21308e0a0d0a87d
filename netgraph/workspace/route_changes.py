"""The log of what one connection changes in the network, so the route index can be patched.

Rebuilding the route index reads every tie back out of SQLite (seconds at millions of ties). An
import changes a few thousand of them, so the import watches what it changes instead: while
:meth:`RouteChangesTable.watch` is on, temporary triggers (of this connection alone) write each
tie inserted, updated or deleted, and each person added, removed or given another willingness,
into two temporary tables. Other connections are not watched; ``PRAGMA data_version`` says
whether any of them committed meanwhile, in which case the log is not the whole story.

A pair in the log may have changed back since, or been written twice: readers take the log as
"look at these again", never as the change itself.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from netgraph.workspace.graph import ints_from_text
from netgraph.workspace.staging import stage_rows, update_staged

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float64]

_TRIGGERS = {
    "route_log_edge_inserted": "AFTER INSERT ON main.edges BEGIN "
    "INSERT INTO route_log_pairs VALUES (new.a, new.b); END",
    "route_log_edge_updated": "AFTER UPDATE ON main.edges BEGIN "
    "INSERT INTO route_log_pairs VALUES (old.a, old.b); "
    "INSERT INTO route_log_pairs VALUES (new.a, new.b); END",
    "route_log_edge_deleted": "AFTER DELETE ON main.edges BEGIN "
    "INSERT INTO route_log_pairs VALUES (old.a, old.b); END",
    "route_log_person_inserted": "AFTER INSERT ON main.people BEGIN "
    "INSERT INTO route_log_people VALUES (new.id); END",
    "route_log_person_deleted": "AFTER DELETE ON main.people BEGIN "
    "INSERT INTO route_log_people VALUES (old.id); END",
    "route_log_willingness": "AFTER UPDATE OF willingness ON main.people BEGIN "
    "INSERT INTO route_log_people VALUES (new.id); END",
}


class RouteChangesTable:
    """Watching this connection's changes to ``edges`` and ``people`` (temporary tables only)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def watch(self) -> int:
        """Start (or restart, empty) the log; return ``PRAGMA data_version`` as it is now."""
        conn = self._conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS route_log_pairs (a INTEGER, b INTEGER)")
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS route_log_people (id INTEGER)")
        conn.execute("DELETE FROM temp.route_log_pairs")
        conn.execute("DELETE FROM temp.route_log_people")
        for name, body in _TRIGGERS.items():
            conn.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS {name} {body}")
        return self.data_version()

    def stop(self) -> None:
        """Stop watching and drop the log."""
        for name in _TRIGGERS:
            self._conn.execute(f"DROP TRIGGER IF EXISTS temp.{name}")
        self._conn.execute("DROP TABLE IF EXISTS temp.route_log_pairs")
        self._conn.execute("DROP TABLE IF EXISTS temp.route_log_people")

    def data_version(self) -> int:
        """Changes whenever another connection commits to the workspace (SQLite's counter)."""
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def logged(self) -> bool:
        """Whether anything was logged since :meth:`watch`."""
        row = self._conn.execute(
            "SELECT EXISTS (SELECT 1 FROM temp.route_log_pairs) "
            "OR EXISTS (SELECT 1 FROM temp.route_log_people)"
        ).fetchone()
        return bool(row[0])

    def changed_ties(self) -> tuple[IntArray, FloatArray]:
        """Every logged pair once, as keys ``a << 32 | b`` ascending, with its strength now
        (0.0 where the tie is gone)."""
        import numpy as np

        rows = self._conn.execute(
            """
            SELECT l.a * 4294967296 + l.b, coalesce(e.strength, 0.0)
            FROM (SELECT DISTINCT a, b FROM temp.route_log_pairs) AS l
            LEFT JOIN edges AS e ON e.a = l.a AND e.b = l.b
            ORDER BY 1
            """
        ).fetchall()
        keys = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        strengths = np.fromiter((row[1] for row in rows), dtype=np.float64, count=len(rows))
        return keys, strengths

    def changed_people(self) -> list[tuple[int, str | None]]:
        """Every logged person once, ascending, with their willingness now (None: gone)."""
        return self._conn.execute(
            """
            SELECT l.id, p.willingness
            FROM (SELECT DISTINCT id FROM temp.route_log_people) AS l
            LEFT JOIN people AS p ON p.id = l.id
            ORDER BY l.id
            """
        ).fetchall()

    def network_size(self) -> int:
        """The largest person id + 1: the number of node slots of the route index."""
        return int(self._conn.execute("SELECT coalesce(max(id), 0) + 1 FROM people").fetchone()[0])

    def stored_degrees(self) -> dict[int, IntArray]:
        """Degree -> the ids of everyone stored with that degree (read from its index)."""
        rows = self._conn.execute(
            "SELECT degree, count(*), group_concat(id) FROM people INDEXED BY people_degree "
            "WHERE degree IS NOT NULL GROUP BY degree"
        )
        return {int(degree): ints_from_text(ids, count) for degree, count, ids in rows}

    def store_degrees(self, changes: list[tuple[int | None, int]]) -> None:
        """Write ``(degree or None, person)`` for the people whose degree changed."""
        if not changes:
            return
        stage_rows(self._conn, "degree_changes", "degree INTEGER, id INTEGER", changes, key="id")
        update_staged(self._conn, "people", "degree", "degree_changes")
