"""The migrations of how records (appearances) and their raw fields are stored.

Split from :mod:`netgraph.workspace.migrations`, which lists them in order; the same rule
holds: never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3

from netgraph.workspace.locator_runs import pack_locators
from netgraph.workspace.record_keys import record_hash
from netgraph.workspace.sql_script import run_statements


def m012_record_raws(conn: sqlite3.Connection) -> None:
    """The raw fields of a file's records kept once per file, compressed (``source_raws``).

    Each record (appearance) names its line there (``raw_line``); ``raw`` stays empty for them
    (records stored before keep theirs in ``raw``). Deleting a record, or giving it another
    line, queues its old line in ``raw_erasures``; every commit blanks the queued lines first
    (:meth:`netgraph.workspace.record_raws.RecordRawsTable.erase_queued`), so no copy of a
    forgotten record's fields outlives the transaction that removed it.
    """
    run_statements(
        conn,
        """
        ALTER TABLE appearances ADD COLUMN raw_line INTEGER;
        CREATE TABLE source_raws (
            source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
            lines INTEGER NOT NULL,
            -- zlib of the lines' UTF-8 text, one JSON text per line ('null' once erased)
            raws BLOB NOT NULL
        );
        CREATE TABLE raw_erasures (source_id INTEGER NOT NULL, raw_line INTEGER NOT NULL);
        CREATE TRIGGER appearance_raw_deleted AFTER DELETE ON appearances
        WHEN old.raw_line IS NOT NULL BEGIN
            INSERT INTO raw_erasures VALUES (old.source_id, old.raw_line);
        END;
        CREATE TRIGGER appearance_raw_replaced AFTER UPDATE OF raw_line ON appearances
        WHEN old.raw_line IS NOT NULL AND new.raw_line IS NOT old.raw_line BEGIN
            INSERT INTO raw_erasures VALUES (old.source_id, old.raw_line);
        END;
        """,
    )


# m012's triggers, created again by m013: rebuilding the table drops them.
_RAW_TRIGGERS = """
    CREATE TRIGGER appearance_raw_deleted AFTER DELETE ON appearances
    WHEN old.raw_line IS NOT NULL BEGIN
        INSERT INTO raw_erasures VALUES (old.source_id, old.raw_line);
    END;
    CREATE TRIGGER appearance_raw_replaced AFTER UPDATE OF raw_line ON appearances
    WHEN old.raw_line IS NOT NULL AND new.raw_line IS NOT old.raw_line BEGIN
        INSERT INTO raw_erasures VALUES (old.source_id, old.raw_line);
    END;
"""


def m013_compact_appearances(conn: sqlite3.Connection) -> None:
    """Records (appearances) found by a 64-bit hash of their key; locators kept per file.

    The unique index that finds a record again on a re-import held each record's key (41
    bytes on average, a LinkedIn profile URL), a second copy of the row's; it now holds
    ``record_hash`` (:func:`netgraph.workspace.record_keys.record_hash`), and every look-up
    compares the key itself too. Where each record is in its file moves to
    ``source_raws.locators``, a line per raw line, as runs of numbered lines
    (:mod:`netgraph.workspace.locator_runs`); a record's own ``locator`` stays NULL unless it
    differs from its line's (or it has no line).
    """
    conn.create_function("record_hash", 1, record_hash, deterministic=True)
    conn.execute("ALTER TABLE source_raws ADD COLUMN locators BLOB")
    for source, count in conn.execute("SELECT source_id, lines FROM source_raws").fetchall():
        locators = [""] * int(count)
        rows = conn.execute(
            "SELECT raw_line, locator FROM appearances "
            "WHERE source_id = ? AND raw_line BETWEEN 0 AND ?",
            (source, int(count) - 1),
        )
        for line, locator in rows:
            locators[int(line)] = str(locator)
        conn.execute(
            "UPDATE source_raws SET locators = ? WHERE source_id = ?",
            (pack_locators(locators), source),
        )
    run_statements(
        conn,
        f"""
        DROP TRIGGER appearance_raw_deleted;
        DROP TRIGGER appearance_raw_replaced;
        CREATE TABLE appearances_compact (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            record_hash INTEGER NOT NULL,
            record_key TEXT NOT NULL,
            -- NULL: the locator at raw_line in source_raws.locators
            locator TEXT,
            raw TEXT NOT NULL DEFAULT '',
            raw_line INTEGER
        );
        INSERT INTO appearances_compact
            (id, source_id, person_id, record_hash, record_key, locator, raw, raw_line)
        SELECT a.id, a.source_id, a.person_id, record_hash(a.record_key), a.record_key,
               CASE WHEN EXISTS (SELECT 1 FROM source_raws r WHERE r.source_id = a.source_id
                                 AND a.raw_line BETWEEN 0 AND r.lines - 1)
                    THEN NULL ELSE a.locator END,
               a.raw, a.raw_line
        FROM appearances a ORDER BY a.id;
        DROP TABLE appearances;
        ALTER TABLE appearances_compact RENAME TO appearances;
        CREATE UNIQUE INDEX appearances_record ON appearances(source_id, record_hash);
        CREATE INDEX appearances_person ON appearances(person_id);
        {_RAW_TRIGGERS}
        """,
    )
