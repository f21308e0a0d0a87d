"""The statements on the ``sources`` and ``appearances`` tables: what was imported, and which
record of which file each person came from.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from netgraph.workspace import clock
from netgraph.workspace.record_keys import (
    distinct_hashes,
    read_key,
    record_hash,
    stored_forms,
    stored_key,
)
from netgraph.workspace.record_raws import RecordRawsTable
from netgraph.workspace.staging import stage_rows, upsert_staged

_APPEARANCE_COLUMNS = "source_id, person_id, record_hash, record_key, locator, raw, raw_line"
_APPEARANCE_CONFLICT = """
    ON CONFLICT (source_id, record_hash) DO UPDATE SET
        person_id = excluded.person_id, record_key = excluded.record_key,
        locator = excluded.locator, raw = excluded.raw, raw_line = excluded.raw_line
"""
_UPSERT_APPEARANCE = (
    f"INSERT INTO appearances ({_APPEARANCE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) "
    f"{_APPEARANCE_CONFLICT}"
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


@dataclass(frozen=True)
class ImportedFile:
    """An imported file as an import compares it with the next: who owns it and when."""

    id: int
    owner_id: int | None
    owner: str | None
    label: str
    last_imported_at: str


class Appearance(NamedTuple):
    """One record of a source, placed on a person: the line of the source's raw fields that
    holds its own, and its locator where it differs from that line's (None otherwise; see
    :class:`netgraph.workspace.record_raws.RecordRawsTable`).

    A named tuple: an import makes one per record.
    """

    person_id: int
    record_key: str
    locator: str | None
    raw_line: int


class FileIdentity(NamedTuple):
    """What recognises an imported file: its name, absolute path, the digest of its bytes and
    the digest of the people it lists (None when there is none)."""

    label: str
    path: str
    digest: str | None
    content: str | None


def _appearance_rows(
    source: int, appearances: Iterable[Appearance]
) -> list[tuple[int, int, int, str, str | None, str, int]]:
    """The rows of ``appearances`` for ``_APPEARANCE_COLUMNS``, each with its key's hash."""
    stored = list(appearances)
    hashes = distinct_hashes(a.record_key for a in stored)
    return [
        (source, a.person_id, hashed, stored_key(a.record_key), a.locator, "", a.raw_line)
        for a, hashed in zip(stored, hashes, strict=True)
    ]


def _marks(values: list[int]) -> str:
    """``?, ?, ?``: one placeholder per value."""
    return ", ".join("?" * len(values))


class SourcesTable:
    """Reads and writes of these tables."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    # --- sources ------------------------------------------------------------------------------

    def upsert(
        self, kind: str, key: str, owner: int, label: str, path: str, digest: str | None
    ) -> int:
        """Record the source named ``key`` (new, or again); return its id.

        For sources that are not files (the outreach log); an imported file is recorded by
        :meth:`add_file` or :meth:`reimport_file`.
        """
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

    def add_file(self, kind: str, owner: int, lineage: str, file: FileIdentity) -> int:
        """Record a newly imported file of ``owner``, a new source of ``lineage``; return its id."""
        now = clock.utc_now()
        cursor = self._conn.execute(
            """
            INSERT INTO sources (kind, source_key, owner_id, label, path, digest,
                                 content_digest, lineage, first_imported_at, last_imported_at)
            VALUES (?, 'file:' || lower(hex(randomblob(12))), ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (kind, owner, file.label, file.path, file.digest, file.content, lineage, now, now),
        )
        assert cursor.lastrowid is not None
        return int(cursor.lastrowid)

    def reimport_file(self, source: int, file: FileIdentity) -> None:
        """Record that the file of ``source`` was imported again (perhaps changed since)."""
        self._conn.execute(
            "UPDATE sources SET label = ?, path = ?, digest = ?, content_digest = ?, "
            "last_imported_at = ? WHERE id = ?",
            (file.label, file.path, file.digest, file.content, clock.utc_now(), source),
        )

    def same_file(self, owner: int, file: FileIdentity) -> int | None:
        """The source of ``owner`` that ``file`` is again: the same bytes, or the same path."""
        row = self._conn.execute(
            """
            SELECT id FROM sources
            WHERE owner_id = :owner AND lineage IS NOT NULL
              AND (digest = :digest OR path = :path)
            ORDER BY digest IS NOT :digest, id DESC LIMIT 1
            """,
            {"owner": owner, "digest": file.digest, "path": file.path},
        ).fetchone()
        return int(row[0]) if row else None

    def same_file_of_others(
        self, owner: int, file: FileIdentity
    ) -> tuple[ImportedFile | None, ImportedFile | None]:
        """Files of other owners that ``file`` repeats: one with the same bytes, one listing
        the same people (each None when there is none)."""
        found: list[ImportedFile | None] = []
        for column, value in (("digest", file.digest), ("content_digest", file.content)):
            row = None
            if value is not None:
                row = self._conn.execute(
                    f"""
                    SELECT s.id, s.owner_id, o.name, s.label, s.last_imported_at
                    FROM sources s LEFT JOIN people o ON o.id = s.owner_id
                    WHERE s.{column} = ? AND s.owner_id IS NOT ? AND s.owner_id IS NOT NULL
                    ORDER BY s.id LIMIT 1
                    """,
                    (value, owner),
                ).fetchone()
            found.append(ImportedFile(*row) if row else None)
        return found[0], found[1]

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
        """Keep the sources a forgotten person owned without their owner, file name, path or
        anything that recognises the file."""
        self._conn.execute(
            "UPDATE sources SET label = 'export of a forgotten person', path = NULL, "
            "source_key = 'forgotten:' || id, lineage = NULL, digest = NULL, "
            "content_digest = NULL WHERE owner_id = ?",
            (person,),
        )

    def delete_empty(self) -> None:
        """Remove the sources that hold neither a record nor a piece of evidence."""
        self._conn.execute(
            "DELETE FROM sources WHERE id NOT IN (SELECT source_id FROM appearances) "
            "AND id NOT IN (SELECT source_id FROM evidence)"
        )

    # --- appearances --------------------------------------------------------------------------

    def lineage_of(self, source: int) -> list[int]:
        """The sources of ``source``'s lineage (itself and the owner's other imports of the same
        export), newest first."""
        rows = self._conn.execute(
            "SELECT l.id FROM sources s JOIN sources l "
            "ON l.owner_id = s.owner_id AND l.lineage = s.lineage WHERE s.id = ? "
            "ORDER BY l.id DESC",
            (source,),
        )
        return [int(row[0]) for row in rows] or [source]

    def person_of_record(self, source: int, record_key: str) -> int | None:
        """The person an earlier import of this record was placed on: by this source, or by
        the newest earlier import of the same export (the source's lineage)."""
        lineage = self.lineage_of(source)
        row = self._conn.execute(
            "SELECT person_id FROM appearances "
            f"WHERE source_id IN ({_marks(lineage)}) AND record_hash = ? "
            "AND record_key IN (?, ?) ORDER BY source_id DESC LIMIT 1",
            (*lineage, record_hash(record_key), *stored_forms(record_key)),
        ).fetchone()
        return int(row[0]) if row else None

    def people_of_records_staged(
        self, source: int, records: Iterable[tuple[int, str]]
    ) -> dict[int, int]:
        """:meth:`person_of_record` for many records at once: ``(position, record key)`` in,
        position -> person out (for the records an earlier import placed)."""
        stage_rows(
            self._conn,
            "bulk_records",
            "position INTEGER, record_hash INTEGER, record_key TEXT, long_key TEXT",
            ((position, record_hash(key), *stored_forms(key)) for position, key in records),
        )
        found: dict[int, int] = {}
        for one in reversed(self.lineage_of(source)):  # oldest first: the newest import wins
            rows = self._conn.execute(
                "SELECT r.position, a.person_id FROM temp.bulk_records r "
                "CROSS JOIN appearances a ON a.source_id = ? AND a.record_hash = r.record_hash "
                "AND a.record_key IN (r.record_key, r.long_key)",
                (one,),
            )
            found.update((int(position), int(person)) for position, person in rows)
        return found

    def records_starting(self, source: int, prefix: str, limit: int) -> list[tuple[str, int]]:
        """``(record key, person id)`` of at most ``limit`` records whose key starts with
        ``prefix``: of the source, or of its lineage, one per person (the newest record).
        ``prefix`` is compared with the key as stored: a LinkedIn profile's is stored short
        (:func:`~netgraph.workspace.record_keys.stored_key`)."""
        lineage = self.lineage_of(source)
        if len(lineage) == 1:
            rows = self._conn.execute(
                "SELECT record_key, person_id FROM appearances "
                "WHERE source_id = ? AND substr(record_key, 1, ?) = ? LIMIT ?",
                (source, len(prefix), prefix, limit),
            )
            return [(read_key(key), int(person)) for key, person in rows]
        rows = self._conn.execute(
            "SELECT record_key, person_id, max(source_id) FROM appearances "
            f"WHERE source_id IN ({_marks(lineage)}) AND substr(record_key, 1, ?) = ? "
            "GROUP BY person_id LIMIT ?",
            (*lineage, len(prefix), prefix, limit),
        )
        return [(read_key(key), int(person)) for key, person, _source in rows]

    def raw_lines_of(self, source: int) -> dict[str, int]:
        """Record key -> the line of its raw fields, for the source's records that have one."""
        rows = self._conn.execute(
            "SELECT record_key, raw_line FROM appearances "
            "WHERE source_id = ? AND raw_line IS NOT NULL",
            (source,),
        )
        return {read_key(key): int(line) for key, line in rows}

    def add_appearance(self, source: int, appearance: Appearance) -> None:
        """Store one record of the source (replacing an earlier import of the same record)."""
        self.add_appearances(source, [appearance])

    def add_appearances(self, source: int, appearances: Iterable[Appearance]) -> None:
        """Store records of the source, as :meth:`add_appearance` does, in order."""
        self._conn.executemany(_UPSERT_APPEARANCE, _appearance_rows(source, appearances))

    def add_appearances_staged(self, source: int, appearances: Iterable[Appearance]) -> None:
        """:meth:`add_appearances` for many records at once, through a staging table."""
        rows = _appearance_rows(source, appearances)
        stage_rows(self._conn, "new_appearances", _APPEARANCE_COLUMNS, rows)
        upsert_staged(
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

    # --- email addresses as written ------------------------------------------------------------

    def note_written_emails(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Keep how a file wrote email addresses, ``(key, as written)``, where no earlier file
        did: keys are folded for matching, addresses are shown as written."""
        self._conn.executemany(
            "UPDATE identities SET shown = ? WHERE kind = 'email' AND value = ? AND shown IS NULL",
            [(written, key) for key, written in pairs],
        )

    def written_emails(self, ids: Iterable[int]) -> dict[str, str]:
        """Email keys of these people -> the address as a file first wrote it (only those
        written otherwise than their key)."""
        people = list(ids)
        found: dict[str, str] = {}
        for start in range(0, len(people), 500):
            chunk = people[start : start + 500]
            rows = self._conn.execute(
                "SELECT value, shown FROM identities WHERE kind = 'email' AND shown IS NOT NULL "
                f"AND person_id IN ({_marks(chunk)})",
                chunk,
            )
            found.update((str(value), str(shown)) for value, shown in rows)
        return found

    # --- undoing an import --------------------------------------------------------------------

    def imported_files(self) -> list[ImportedFile]:
        """Every imported file (not the outreach log), in the order first imported."""
        rows = self._conn.execute(
            "SELECT s.id, s.owner_id, o.name, s.label, s.last_imported_at "
            "FROM sources s LEFT JOIN people o ON o.id = s.owner_id "
            "WHERE s.kind IN ('linkedin', 'vcard', 'csv') ORDER BY s.id"
        )
        return [ImportedFile(*row) for row in rows]

    def path_of(self, source: int) -> str | None:
        """The absolute path a source's file was imported from (None when not kept)."""
        row = self._conn.execute("SELECT path FROM sources WHERE id = ?", (source,)).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def label_of(self, source: int) -> str | None:
        """The name a source is shown by (None when there is no such source)."""
        row = self._conn.execute("SELECT label FROM sources WHERE id = ?", (source,)).fetchone()
        return None if row is None else str(row[0])

    def records_of_source(self, source: int) -> int:
        """How many records of a source are stored."""
        row = self._conn.execute(
            "SELECT count(*) FROM appearances WHERE source_id = ?", (source,)
        ).fetchone()
        return int(row[0])

    def people_of_source(self, source: int) -> list[int]:
        """The people the records of a source were placed on."""
        rows = self._conn.execute(
            "SELECT DISTINCT person_id FROM appearances WHERE source_id = ?", (source,)
        )
        return [int(row[0]) for row in rows]

    def people_only_in(self, source: int) -> list[int]:
        """The people of a source's records that no other source's record is placed on."""
        rows = self._conn.execute(
            "SELECT DISTINCT a.person_id FROM appearances a WHERE a.source_id = :source "
            "AND NOT EXISTS (SELECT 1 FROM appearances o WHERE o.person_id = a.person_id "
            "AND o.source_id != :source)",
            {"source": source},
        )
        return [int(row[0]) for row in rows]

    def raws_of(self, person: int, source: int, *, others: bool) -> list[str]:
        """The raw fields (JSON) of a person's records: of ``source``, or of every other."""
        operator = "!=" if others else "="
        rows = self._conn.execute(
            "SELECT source_id, raw, raw_line FROM appearances "
            f"WHERE person_id = ? AND source_id {operator} ?",
            (person, source),
        )
        return RecordRawsTable(self._conn).texts(rows)

    def evidence_pairs(self, source: int) -> list[tuple[int, int]]:
        """The ties a source gave evidence of, as ``(a, b)`` with ``a < b``."""
        rows = self._conn.execute(
            "SELECT DISTINCT a, b FROM evidence WHERE source_id = ? ORDER BY a, b", (source,)
        )
        return [(int(a), int(b)) for a, b in rows]

    def holds_more(self, person: int, source: int, *, records: bool = True) -> bool:
        """Whether ``person`` owns a source other than ``source`` or (with ``records``) has a
        record in one."""
        row = self._conn.execute(
            "SELECT EXISTS (SELECT 1 FROM sources WHERE owner_id = :p AND id != :s) "
            "OR (:records AND EXISTS (SELECT 1 FROM appearances "
            "WHERE person_id = :p AND source_id != :s))",
            {"p": person, "s": source, "records": records},
        )
        return bool(row.fetchone()[0])

    def tracked(self, people: list[int]) -> set[int]:
        """Those of ``people`` the user works with: targets, and people in the outreach log."""
        found: set[int] = set()
        for start in range(0, len(people), 500):
            chunk = people[start : start + 500]
            marks = _marks(chunk)
            rows = self._conn.execute(
                f"SELECT person_id FROM targets WHERE person_id IN ({marks}) UNION "
                f"SELECT person_id FROM outreach WHERE person_id IN ({marks}) UNION "
                f"SELECT referrer_id FROM outreach WHERE referrer_id IN ({marks})",
                (*chunk, *chunk, *chunk),
            )
            found.update(int(row[0]) for row in rows)
        return found

    def drop_keys(self, person: int, keys: Iterable[tuple[str, str]]) -> int:
        """Remove identity keys ``(kind, value)`` a person holds only by a removed source's
        records; return how many went."""
        removed = 0
        for kind, value in keys:
            cursor = self._conn.execute(
                "DELETE FROM identities WHERE kind = ? AND value = ? AND person_id = ?",
                (kind, value, person),
            )
            removed += cursor.rowcount
        return removed

    def unshare_owner(self, person: int) -> None:
        """Undo what sharing an export made of its owner (a willing referrer), unless the user
        said so themselves."""
        self._conn.execute(
            "UPDATE people SET willingness = 'unknown', willingness_origin = 'default' "
            "WHERE id = ? AND willingness_origin = 'shared'",
            (person,),
        )

    def delete_source(self, source: int) -> None:
        """Remove a source with its records and evidence (every byte of its file netgraph kept:
        name, path, digests, raw fields)."""
        self._conn.execute("DELETE FROM appearances WHERE source_id = ?", (source,))
        self._conn.execute("DELETE FROM evidence WHERE source_id = ?", (source,))
        self._conn.execute("DELETE FROM sources WHERE id = ?", (source,))
