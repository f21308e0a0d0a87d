"""The statements on the ``decisions`` table: the user's word on who is who.

Each repair (``netgraph merge``, ``split``, ``edit``) is one row, kept so that it can be shown
(``show``), undone (``netgraph undo``) and kept through later imports. ``detail`` is JSON
written and read by :mod:`netgraph.identity.repair`: what the user said, and what undoing it
needs.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from netgraph.workspace import clock

_COLUMNS = "id, kind, person_id, other_id, source_id, detail, said_at, undone_at"


@dataclass(frozen=True)
class DecisionRow:
    """One decision: ``person_id`` is who it is about now (the person kept by a merge, the
    person split from, the person edited); ``other_id`` the person merged in or split off."""

    id: int
    kind: str
    person_id: int | None
    other_id: int | None
    source_id: int | None
    detail: str
    said_at: str
    undone_at: str | None


class DecisionsTable:
    """Reads and writes of the user's decisions on people."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def add(
        self,
        kind: str,
        person: int,
        detail: str,
        *,
        other: int | None = None,
        source: int | None = None,
    ) -> int:
        """Record a decision; return its id."""
        cursor = self._conn.execute(
            "INSERT INTO decisions (kind, person_id, other_id, source_id, detail, said_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (kind, person, other, source, detail, clock.utc_now()),
        )
        return int(cursor.lastrowid or 0)

    def get(self, decision: int) -> DecisionRow | None:
        """One decision, if it exists."""
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM decisions WHERE id = ?", (decision,)
        ).fetchone()
        return DecisionRow(*row) if row else None

    def last_active(self) -> DecisionRow | None:
        """The decision taken last that is not undone."""
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM decisions WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return DecisionRow(*row) if row else None

    def of_person(self, person: int) -> list[DecisionRow]:
        """Every decision about a person (undone ones too), oldest first."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM decisions WHERE person_id = ? OR other_id = ? ORDER BY id",
            (person, person),
        )
        return [DecisionRow(*row) for row in rows]

    def merged_into(self, person: int) -> DecisionRow | None:
        """The merge, not undone, that folded the person of this id into someone."""
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM decisions WHERE kind = 'merge' AND undone_at IS NULL "
            "AND json_extract(detail, '$.dropped_id') = ? ORDER BY id DESC LIMIT 1",
            (person,),
        ).fetchone()
        return DecisionRow(*row) if row else None

    def active_edits(self) -> list[DecisionRow]:
        """The edits that are not undone, oldest first."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM decisions WHERE kind = 'edit' AND undone_at IS NULL "
            "ORDER BY id"
        )
        return [DecisionRow(*row) for row in rows]

    def kept_apart(self, x: int, y: int) -> bool:
        """Whether a split that is not undone keeps these two people apart."""
        row = self._conn.execute(
            "SELECT 1 FROM decisions WHERE kind = 'split' AND undone_at IS NULL AND "
            "((person_id = ? AND other_id = ?) OR (person_id = ? AND other_id = ?)) LIMIT 1",
            (x, y, y, x),
        ).fetchone()
        return row is not None

    def apart_pairs(self) -> set[tuple[int, int]]:
        """Every pair of people a split that is not undone keeps apart, smaller id first."""
        rows = self._conn.execute(
            "SELECT person_id, other_id FROM decisions WHERE kind = 'split' "
            "AND undone_at IS NULL AND person_id IS NOT NULL AND other_id IS NOT NULL"
        )
        return {(min(a, b), max(a, b)) for a, b in rows}

    def set_undone(self, decision: int) -> None:
        """Mark a decision undone."""
        self._conn.execute(
            "UPDATE decisions SET undone_at = ? WHERE id = ?", (clock.utc_now(), decision)
        )

    def set_other(self, decision: int, other: int) -> None:
        """Point a decision at another second person (the one an undone merge brought back)."""
        self._conn.execute("UPDATE decisions SET other_id = ? WHERE id = ?", (other, decision))

    def move_person(self, drop: int, keep: int) -> None:
        """Decisions about ``drop``, merged into ``keep``, are about ``keep`` now."""
        self._conn.execute("UPDATE decisions SET person_id = ? WHERE person_id = ?", (keep, drop))
        self._conn.execute("UPDATE decisions SET other_id = ? WHERE other_id = ?", (keep, drop))

    def delete_of(self, person: int) -> int:
        """Erase every decision about a person; return how many there were."""
        cursor = self._conn.execute(
            "DELETE FROM decisions WHERE person_id = ? OR other_id = ?", (person, person)
        )
        return cursor.rowcount
