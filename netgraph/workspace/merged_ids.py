"""The statements on ``merged_ids``: what became of each person merged into someone else.

A merge removes a person, and their id is never given again (``m016``). This table keeps who
it went to, and which import merged them, so that a user typing the id later hears "merged
into #12 Ann Lee when cards.vcf was imported", and ``undo-import`` can say which people the
undone import had merged. Only ids: nothing the person merged in was called or held.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class MergedId:
    """A person merged into another: ``kept_id`` is whoever holds them now (later merges
    followed); ``source_id`` the import that merged them (None: the user or ``me``, or an import
    since undone)."""

    dropped_id: int
    kept_id: int
    source_id: int | None


class MergedIdsTable:
    """Reads and writes of ``merged_ids``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def note(self, drop: int, keep: int, source: int | None) -> None:
        """Record that ``drop`` is being merged into ``keep``, by the import ``source`` if any.

        Call before ``drop`` is deleted: the people merged into ``drop`` earlier then follow
        it to ``keep`` (deleting a person forgets who had been merged into them).
        """
        self._conn.execute("UPDATE merged_ids SET kept_id = ? WHERE kept_id = ?", (keep, drop))
        self._conn.execute(
            "INSERT OR REPLACE INTO merged_ids (dropped_id, kept_id, source_id) VALUES (?, ?, ?)",
            (drop, keep, source),
        )

    def of(self, dropped: int) -> MergedId | None:
        """Where the person who had the id ``dropped`` went, if they were merged."""
        row = self._conn.execute(
            "SELECT dropped_id, kept_id, source_id FROM merged_ids WHERE dropped_id = ?",
            (dropped,),
        ).fetchone()
        return MergedId(*row) if row else None

    def by_source(self, source: int) -> list[MergedId]:
        """The merges an import made, by the id merged in."""
        rows = self._conn.execute(
            "SELECT dropped_id, kept_id, source_id FROM merged_ids WHERE source_id = ? "
            "ORDER BY dropped_id",
            (source,),
        )
        return [MergedId(*row) for row in rows]
