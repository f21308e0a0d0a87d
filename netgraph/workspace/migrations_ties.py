"""The migrations of how tie evidence is stored.

Split from :mod:`netgraph.workspace.migrations`, which lists them in order; the same rule
holds: never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3

from netgraph.workspace.evidence_codes import day_number, kind_code
from netgraph.workspace.sql_script import run_statements

# m011's view, created again by m014: SQLite will not rename a table while a view names
# another that is gone, so the view goes first and comes back as it was.
_CURRENT_EVIDENCE = """
    CREATE VIEW current_evidence AS
    SELECT e.* FROM evidence e
    WHERE NOT EXISTS (
        SELECT 1 FROM sources s
        JOIN sources later
            ON later.owner_id = s.owner_id AND later.lineage = s.lineage AND later.id > s.id
        JOIN evidence n
            ON n.a = e.a AND n.b = e.b AND n.source_id = later.id AND n.kind = e.kind
        WHERE s.id = e.source_id
    );
"""

_COLUMNS = "a, b, source_id, kind, holder_id, on_date, sent, received, detail"
_STORED = "a, b, source_id, kind_code(kind), holder_id, day_number(on_date), sent, received, detail"


def m014_compact_evidence(conn: sqlite3.Connection) -> None:
    """Tie evidence with its kind as a code and its day as a number
    (:mod:`netgraph.workspace.evidence_codes`): 30 bytes less per tie, in the row and in its
    entry of the by-source index. ``withheld_evidence`` is stored the same way, so that rows
    move between the two as they are."""
    conn.create_function("kind_code", 1, kind_code, deterministic=True)
    conn.create_function("day_number", 1, day_number, deterministic=True)
    run_statements(
        conn,
        f"""
        DROP VIEW current_evidence;
        CREATE TABLE evidence_compact (
            a INTEGER NOT NULL,
            b INTEGER NOT NULL,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            -- netgraph.workspace.evidence_codes.KIND_CODES
            kind INTEGER NOT NULL,
            -- the person whose file this evidence comes from (the source's owner, or the card's
            -- person for a relation): 'sent' is what they sent the other, 'received' the reverse
            holder_id INTEGER NOT NULL,
            -- the day as YYYYMMDD
            on_date INTEGER,
            sent INTEGER NOT NULL DEFAULT 0,
            received INTEGER NOT NULL DEFAULT 0,
            detail TEXT,
            PRIMARY KEY (a, b, source_id, kind),
            FOREIGN KEY (a, b) REFERENCES edges(a, b) ON DELETE CASCADE
        ) WITHOUT ROWID;
        INSERT INTO evidence_compact ({_COLUMNS}) SELECT {_STORED} FROM evidence;
        DROP TABLE evidence;
        ALTER TABLE evidence_compact RENAME TO evidence;
        CREATE INDEX evidence_source ON evidence(source_id);

        CREATE TABLE withheld_compact (
            a INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            b INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            kind INTEGER NOT NULL,
            holder_id INTEGER NOT NULL,
            on_date INTEGER,
            sent INTEGER NOT NULL DEFAULT 0,
            received INTEGER NOT NULL DEFAULT 0,
            detail TEXT,
            PRIMARY KEY (a, b, source_id, kind)
        ) WITHOUT ROWID;
        INSERT INTO withheld_compact ({_COLUMNS}) SELECT {_STORED} FROM withheld_evidence;
        DROP TABLE withheld_evidence;
        ALTER TABLE withheld_compact RENAME TO withheld_evidence;
        CREATE INDEX withheld_evidence_b ON withheld_evidence(b, a);
        CREATE INDEX withheld_evidence_source ON withheld_evidence(source_id);
        {_CURRENT_EVIDENCE}
        """,
    )
