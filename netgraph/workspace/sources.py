"""The statements on the ``sources`` and ``appearances`` tables: what was imported, and which
record of which file each person came from.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from netgraph.workspace import clock
from netgraph.workspace.staging import insert_staged, stage_rows

_APPEARANCE_COLUMNS = "source_id, person_id, record_key, locator, raw"
_APPEARANCE_CONFLICT = """
    ON CONFLICT (source_id, record_key) DO UPDATE SET
        person_id = excluded.person_id, locator = excluded.locator, raw = excluded.raw
"""
_UPSERT_APPEARANCE = (
    f"INSERT INTO appearances ({_APPEARANCE_COLUMNS}) VALUES (?, ?, ?, ?, ?) {_APPEARANCE_CONFLICT}"
)


@dataclass(frozen=True)
class SourceSummary:
    """One imported source as ``info`` lists it."""

    id: int
    kind: str
    label: str
    owner: str | None
    records: int
    first_imported_at: str
    last_imported_at: str


class Appearance(NamedTuple):
    """One record of a source, placed on a person: where it is and its raw fields (JSON).

    A named tuple: an import makes one per record.
    """

    person_id: int
    record_key: str
    locator: str
    raw: str


class SourcesTable:
    """Reads and writes of these tables."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    # --- sources ------------------------------------------------------------------------------

    def upsert(
        self, kind: str, key: str, owner: int, label: str, path: str, digest: str | None
    ) -> int:
        """Record an import of the source named ``key`` (new, or imported again); return its id."""
        now = clock.utc_now()
        self._conn.execute(
            """
            INSERT INTO sources (kind, source_key, owner_id, label, path, digest,
                                 first_imported_at, last_imported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (source_key) DO UPDATE SET
                label = excluded.label, path = excluded.path, digest = excluded.digest,
                last_imported_at = excluded.last_imported_at
            """,
            (kind, key, owner, label, path, digest, now, now),
        )
        row = self._conn.execute("SELECT id FROM sources WHERE source_key = ?", (key,)).fetchone()
        return int(row[0])

    def set_records(self, source: int, records: int) -> None:
        """Store how many records the source's last import held."""
        self._conn.execute("UPDATE sources SET records = ? WHERE id = ?", (records, source))

    def owners(self) -> set[int]:
        """Everyone who owns an imported source."""
        rows = self._conn.execute("SELECT owner_id FROM sources")
        return {int(row[0]) for row in rows if row[0] is not None}

    def move_owner(self, drop: int, keep: int) -> None:
        """Give the sources ``drop`` owns to ``keep``."""
        self._conn.execute("UPDATE sources SET owner_id = ? WHERE owner_id = ?", (keep, drop))

    def summaries(self) -> list[SourceSummary]:
        """Every source, in the order first imported."""
        rows = self._conn.execute(
            """
            SELECT s.id, s.kind, s.label, o.name, s.records, s.first_imported_at,
                   s.last_imported_at
            FROM sources s LEFT JOIN people o ON o.id = s.owner_id ORDER BY s.id
            """
        )
        return [SourceSummary(*row) for row in rows]

    def forget_owner(self, person: int) -> None:
        """Keep the sources a forgotten person owned without their owner, file name or path."""
        self._conn.execute(
            "UPDATE sources SET label = 'export of a forgotten person', path = NULL, "
            "source_key = 'forgotten:' || id WHERE owner_id = ?",
            (person,),
        )

    def delete_empty(self) -> None:
        """Remove the sources that hold neither a record nor a piece of evidence."""
        self._conn.execute(
            "DELETE FROM sources WHERE id NOT IN (SELECT source_id FROM appearances) "
            "AND id NOT IN (SELECT source_id FROM evidence)"
        )

    # --- appearances --------------------------------------------------------------------------

    def person_of_record(self, source: int, record_key: str) -> int | None:
        """The person an earlier import of this record of the source was placed on."""
        row = self._conn.execute(
            "SELECT person_id FROM appearances WHERE source_id = ? AND record_key = ?",
            (source, record_key),
        ).fetchone()
        return int(row[0]) if row else None

    def people_of_records_staged(
        self, source: int, records: Iterable[tuple[int, str]]
    ) -> dict[int, int]:
        """:meth:`person_of_record` for many records at once: ``(position, record key)`` in,
        position -> person out (for the records an earlier import placed)."""
        stage_rows(self._conn, "bulk_records", "position INTEGER, record_key TEXT", records)
        rows = self._conn.execute(
            "SELECT r.position, a.person_id FROM temp.bulk_records r "
            "CROSS JOIN appearances a ON a.source_id = ? AND a.record_key = r.record_key",
            (source,),
        )
        return {int(position): int(person) for position, person in rows}

    def records_starting(self, source: int, prefix: str, limit: int) -> list[tuple[str, int]]:
        """``(record key, person id)`` of at most ``limit`` records of the source whose key
        starts with ``prefix``."""
        rows = self._conn.execute(
            "SELECT record_key, person_id FROM appearances "
            "WHERE source_id = ? AND substr(record_key, 1, ?) = ? LIMIT ?",
            (source, len(prefix), prefix, limit),
        )
        return [(str(key), int(person)) for key, person in rows]

    def add_appearance(self, source: int, appearance: Appearance) -> None:
        """Store one record of the source (replacing an earlier import of the same record)."""
        self.add_appearances(source, [appearance])

    def add_appearances(self, source: int, appearances: Iterable[Appearance]) -> None:
        """Store records of the source, as :meth:`add_appearance` does, in order."""
        self._conn.executemany(
            _UPSERT_APPEARANCE,
            ((source, a.person_id, a.record_key, a.locator, a.raw) for a in appearances),
        )

    def add_appearances_staged(self, source: int, appearances: Iterable[Appearance]) -> None:
        """:meth:`add_appearances` for many records at once, through a staging table."""
        stage_rows(
            self._conn,
            "new_appearances",
            _APPEARANCE_COLUMNS,
            ((source, a.person_id, a.record_key, a.locator, a.raw) for a in appearances),
        )
        insert_staged(
            self._conn,
            "appearances",
            _APPEARANCE_COLUMNS,
            "new_appearances",
            conflict=_APPEARANCE_CONFLICT,
        )

    def move_person(self, drop: int, keep: int) -> None:
        """Give every record placed on ``drop`` to ``keep``."""
        self._conn.execute("UPDATE appearances SET person_id = ? WHERE person_id = ?", (keep, drop))

    def count_records_of(self, person: int) -> int:
        """How many records are placed on a person."""
        row = self._conn.execute("SELECT count(*) FROM appearances WHERE person_id = ?", (person,))
        return int(row.fetchone()[0])

    def delete_records_of(self, person: int) -> None:
        """Remove every record placed on a person, with its raw fields."""
        self._conn.execute("DELETE FROM appearances WHERE person_id = ?", (person,))
