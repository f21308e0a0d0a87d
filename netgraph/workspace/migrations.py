"""Ordered, named schema migrations.

Each migration runs once, in order, inside the transaction that records it in
``schema_migrations``; ``PRAGMA user_version`` holds how many have run, so a workspace written by a
newer netgraph (a higher number, or a name this code does not know) is recognised before anything
touches it. Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from netgraph.workspace.migrations_cascades import m015_cascade_triggers
from netgraph.workspace.migrations_merged_ids import m017_merged_ids
from netgraph.workspace.migrations_person_ids import m016_person_ids_never_reused
from netgraph.workspace.migrations_records import m012_record_raws, m013_compact_appearances
from netgraph.workspace.migrations_ties import m014_compact_evidence
from netgraph.workspace.sql_script import run_statements

Migration = tuple[str, Callable[[sqlite3.Connection], None]]
#: Fewer free pages than this (10 MB of 4 KiB pages) are left for the next writes to fill.
RECLAIM_FROM_PAGES = 2560


def reclaim_free_pages(conn: sqlite3.Connection, path: Path) -> list[str]:
    """After migrations that left an eighth of the file free (a table rebuilt), give the
    space back (``VACUUM``: 48 s for a 3 GB workspace); returns a notice when that failed (a
    full disk, another process reading), which leaves the workspace as it was, only larger.

    Less is left for imports to fill. ``m014`` leaves 18% of an L workspace free (its
    evidence rebuilt smaller, the old pages free).
    """
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    free = int(conn.execute("PRAGMA freelist_count").fetchone()[0])
    if free * 8 < pages or free < RECLAIM_FROM_PAGES:
        return []
    try:
        conn.execute("VACUUM")
    except sqlite3.OperationalError as exc:
        return [f"could not give back the free space of {path}: {exc}"]
    return []


def m001_initial(conn: sqlite3.Connection) -> None:
    """People, their identity keys, sources, raw appearances, edges and edge evidence."""
    run_statements(
        conn,
        """
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            company TEXT,
            company_key TEXT NOT NULL DEFAULT '',
            title TEXT,
            willingness TEXT NOT NULL DEFAULT 'unknown'
                CHECK (willingness IN ('willing', 'unknown', 'unwilling')),
            -- who set the willingness: 'default', 'shared' (they shared an export) or 'user'
            willingness_origin TEXT NOT NULL DEFAULT 'default',
            is_me INTEGER NOT NULL DEFAULT 0,
            degree INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX people_name_key ON people(name_key, company_key);
        CREATE INDEX people_degree ON people(degree);
        CREATE UNIQUE INDEX people_only_one_me ON people(is_me) WHERE is_me = 1;

        CREATE TABLE identities (
            kind TEXT NOT NULL CHECK (kind IN ('linkedin', 'email', 'phone')),
            value TEXT NOT NULL,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            PRIMARY KEY (kind, value)
        ) WITHOUT ROWID;
        CREATE INDEX identities_person ON identities(person_id);

        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            source_key TEXT NOT NULL UNIQUE,
            owner_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
            label TEXT NOT NULL,
            path TEXT,
            digest TEXT,
            records INTEGER NOT NULL DEFAULT 0,
            first_imported_at TEXT NOT NULL,
            last_imported_at TEXT NOT NULL
        );
        CREATE INDEX sources_owner ON sources(owner_id);

        CREATE TABLE appearances (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            record_key TEXT NOT NULL,
            locator TEXT NOT NULL,
            raw TEXT NOT NULL,
            UNIQUE (source_id, record_key)
        );
        CREATE INDEX appearances_person ON appearances(person_id);

        CREATE TABLE edges (
            a INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            b INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            strength REAL NOT NULL CHECK (strength > 0 AND strength <= 1),
            PRIMARY KEY (a, b),
            CHECK (a < b)
        ) WITHOUT ROWID;
        CREATE INDEX edges_b ON edges(b, a);

        CREATE TABLE evidence (
            a INTEGER NOT NULL,
            b INTEGER NOT NULL,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            -- the person whose file this evidence comes from (the source's owner, or the card's
            -- person for a relation): 'sent' is what they sent the other, 'received' the reverse
            holder_id INTEGER NOT NULL,
            on_date TEXT,
            sent INTEGER NOT NULL DEFAULT 0,
            received INTEGER NOT NULL DEFAULT 0,
            detail TEXT,
            PRIMARY KEY (a, b, source_id, kind),
            FOREIGN KEY (a, b) REFERENCES edges(a, b) ON DELETE CASCADE
        ) WITHOUT ROWID;
        CREATE INDEX evidence_source ON evidence(source_id);
        """,
    )


def m002_targets(conn: sqlite3.Connection) -> None:
    """People the user wants to meet; a target may wait, by name and company, for an import."""
    run_statements(
        conn,
        """
        CREATE TABLE targets (
            id INTEGER PRIMARY KEY,
            person_id INTEGER UNIQUE REFERENCES people(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            company TEXT,
            company_key TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL
        );
        """,
    )


def m003_graph_state(conn: sqlite3.Connection) -> None:
    """Mark the network changed whenever ties or willingness change.

    The route index (a compact copy of the ties kept beside the workspace) is valid only while
    ``meta.graph_state`` still holds the token it was built under; these triggers replace that
    token with 'dirty' on any change, whoever makes it.
    """
    statements = [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "INSERT INTO meta (key, value) VALUES ('graph_state', 'dirty')",
    ]
    for name, event in (
        ("edges_inserted", "INSERT ON edges"),
        ("edges_updated", "UPDATE ON edges"),
        ("edges_deleted", "DELETE ON edges"),
        ("people_inserted", "INSERT ON people"),
        ("people_deleted", "DELETE ON people"),
        ("willingness_changed", "UPDATE OF willingness ON people"),
    ):
        statements.append(
            f"CREATE TRIGGER graph_{name} AFTER {event} BEGIN "
            "UPDATE meta SET value = 'dirty' WHERE key = 'graph_state' AND value != 'dirty'; "
            "END"
        )
    for statement in statements:
        conn.execute(statement)


def m004_willingness_state(conn: sqlite3.Connection) -> None:
    """Track willingness changes apart from tie changes: they only refresh one array."""
    for statement in (
        "DROP TRIGGER graph_willingness_changed",
        "INSERT INTO meta (key, value) VALUES ('willingness_state', 'dirty')",
        "CREATE TRIGGER willingness_changed AFTER UPDATE OF willingness ON people BEGIN "
        "UPDATE meta SET value = 'dirty' WHERE key = 'willingness_state' AND value != 'dirty'; "
        "END",
    ):
        conn.execute(statement)


def m005_outreach(conn: sqlite3.Connection) -> None:
    """The outreach log: each step of asking for an introduction and meeting someone."""
    run_statements(
        conn,
        """
        CREATE TABLE outreach (
            id INTEGER PRIMARY KEY,
            -- the person the user wants to meet
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            -- who was asked for (or made) the introduction, if anyone
            referrer_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
            status TEXT NOT NULL CHECK (status IN (
                'asked-referrer', 'introduced', 'requested', 'scheduled', 'met', 'thanked',
                'declined', 'no-response', 'in-touch'
            )),
            -- the day it happened (for 'scheduled', the day of the meeting)
            on_date TEXT NOT NULL,
            note TEXT,
            logged_at TEXT NOT NULL
        );
        CREATE INDEX outreach_person ON outreach(person_id, on_date);
        CREATE INDEX outreach_referrer ON outreach(referrer_id, on_date);
        -- prep lists the other people at the target's organisation
        CREATE INDEX people_company_key ON people(company_key);
        -- rank --company / --title read the distinct values without a table scan
        CREATE INDEX people_company ON people(company);
        CREATE INDEX people_title ON people(title);
        """,
    )


def m006_outreach_loop(conn: sqlite3.Connection) -> None:
    """Close the outreach loop: a ``thanked-referrer`` step, and on each target the goal the
    user gave ``ask --about`` and who referred them (and when).

    SQLite cannot change a CHECK constraint, so the outreach table is rebuilt with the new
    status (its rows and ids kept).
    """
    run_statements(
        conn,
        """
        CREATE TABLE outreach_new (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            referrer_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
            status TEXT NOT NULL CHECK (status IN (
                'asked-referrer', 'introduced', 'requested', 'scheduled', 'met', 'thanked',
                'thanked-referrer', 'declined', 'no-response', 'in-touch'
            )),
            on_date TEXT NOT NULL,
            note TEXT,
            logged_at TEXT NOT NULL
        );
        INSERT INTO outreach_new (id, person_id, referrer_id, status, on_date, note, logged_at)
            SELECT id, person_id, referrer_id, status, on_date, note, logged_at FROM outreach;
        DROP TABLE outreach;
        ALTER TABLE outreach_new RENAME TO outreach;
        CREATE INDEX outreach_person ON outreach(person_id, on_date);
        CREATE INDEX outreach_referrer ON outreach(referrer_id, on_date);
        -- the line the user gave ask --about: their goal in meeting this target
        ALTER TABLE targets ADD COLUMN about TEXT;
        -- the person who suggested this target when the user met them, and the day
        ALTER TABLE targets ADD COLUMN referred_by INTEGER REFERENCES people(id) ON DELETE SET NULL;
        ALTER TABLE targets ADD COLUMN referred_on TEXT;
        CREATE INDEX targets_referred_by ON targets(referred_by);
        """,
    )


def m007_name_parts(conn: sqlite3.Connection) -> None:
    """Names apart from their honorifics and credentials, and the key matching blocks on.

    ``match_key`` (a name's given name as a formal one, and its family name) is filled by the
    identity layer, which knows names: rows stored before it are NULL until the next import
    computes them (the partial index finds them at once).
    """
    run_statements(
        conn,
        """
        -- "Dr." of "Dr. Wei Chen, PhD" and "PhD" (credentials, "Jr."), kept out of the name
        ALTER TABLE people ADD COLUMN name_prefix TEXT;
        ALTER TABLE people ADD COLUMN name_suffix TEXT;
        ALTER TABLE people ADD COLUMN match_key TEXT;
        CREATE INDEX people_match_key ON people(match_key);
        CREATE INDEX people_without_match_key ON people(id) WHERE match_key IS NULL;
        """,
    )


def m009_user_ties(conn: sqlite3.Connection) -> None:
    """The user's word on ties (``netgraph tie``), and the evidence of ties the user removed.

    ``user_ties`` holds one row per pair the user spoke of: ``tied`` (they know each other; the
    tie also carries a piece of ``stated`` evidence) or ``removed`` (they do not, whatever a file
    shows). Evidence that imports give a removed tie waits in ``withheld_evidence``, outside the
    ``edges`` the routes read, until the user restores the tie.
    """
    run_statements(
        conn,
        """
        CREATE TABLE user_ties (
            a INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            b INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            state TEXT NOT NULL CHECK (state IN ('tied', 'removed')),
            strength TEXT,
            note TEXT,
            said_at TEXT NOT NULL,
            PRIMARY KEY (a, b),
            CHECK (a < b)
        ) WITHOUT ROWID;
        CREATE INDEX user_ties_b ON user_ties(b, a);
        CREATE INDEX user_ties_removed ON user_ties(state) WHERE state = 'removed';

        CREATE TABLE withheld_evidence (
            a INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            b INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            holder_id INTEGER NOT NULL,
            on_date TEXT,
            sent INTEGER NOT NULL DEFAULT 0,
            received INTEGER NOT NULL DEFAULT 0,
            detail TEXT,
            PRIMARY KEY (a, b, source_id, kind)
        ) WITHOUT ROWID;
        CREATE INDEX withheld_evidence_b ON withheld_evidence(b, a);
        CREATE INDEX withheld_evidence_source ON withheld_evidence(source_id);
        """,
    )


def m010_decisions(conn: sqlite3.Connection) -> None:
    """The user's word on who is who: ``netgraph merge``, ``split`` and ``edit``, each undoable.

    One row per decision; ``detail`` is JSON the identity layer writes (what the user said and
    what undoing it needs). A split that is not undone keeps its two people apart in later
    imports; edits that are not undone are applied again after each import.
    """
    run_statements(
        conn,
        """
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'edit')),
            -- who it is about now: the person kept by a merge, split from, or edited
            person_id INTEGER,
            -- the person merged in (gone until the merge is undone) or split off
            other_id INTEGER,
            -- the source a split took the records of
            source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
            detail TEXT NOT NULL,
            said_at TEXT NOT NULL,
            undone_at TEXT
        );
        CREATE INDEX decisions_person ON decisions(person_id);
        CREATE INDEX decisions_other ON decisions(other_id);
        """,
    )


def m011_import_sources(conn: sqlite3.Connection) -> None:
    """Every imported file its own source, successive exports of one file kept as a lineage.

    ``lineage`` names what successive imports of one export share (``linkedin`` for an owner's
    LinkedIn exports, ``vcard:contacts.vcf`` for an address book file of that name): a newer
    export of the same owner recognises the records of the earlier ones, and of the evidence
    the files of one lineage give a tie, only the newest file's of each kind counts
    (``current_evidence``, which tie strengths read). ``content_digest``
    fingerprints the people a file lists, so the same export under another owner is noticed.
    ``identities.shown`` keeps an email address as it was first written (keys are folded).
    """
    run_statements(
        conn,
        """
        ALTER TABLE sources ADD COLUMN lineage TEXT;
        ALTER TABLE sources ADD COLUMN content_digest TEXT;
        UPDATE sources SET lineage = CASE
            WHEN source_key LIKE 'linkedin:%' THEN 'linkedin'
            WHEN source_key LIKE 'vcard:%' THEN 'vcard:' || label
        END;
        CREATE INDEX sources_lineage ON sources(owner_id, lineage, id);
        CREATE INDEX sources_digest ON sources(digest);
        CREATE INDEX sources_content_digest ON sources(content_digest);
        ALTER TABLE identities ADD COLUMN shown TEXT;
        -- the evidence that counts: of the pieces of one kind that the files of one lineage
        -- give a tie, only the newest file's (a newer export repeats the older one's)
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
        """,
    )


MIGRATIONS: list[Migration] = [
    ("m001_initial", m001_initial),
    ("m002_targets", m002_targets),
    ("m003_graph_state", m003_graph_state),
    ("m004_willingness_state", m004_willingness_state),
    ("m005_outreach", m005_outreach),
    ("m006_outreach_loop", m006_outreach_loop),
    ("m007_name_parts", m007_name_parts),
    ("m009_user_ties", m009_user_ties),
    ("m010_decisions", m010_decisions),
    ("m011_import_sources", m011_import_sources),
    ("m012_record_raws", m012_record_raws),
    ("m013_compact_appearances", m013_compact_appearances),
    ("m014_compact_evidence", m014_compact_evidence),
    ("m015_cascade_triggers", m015_cascade_triggers),
    ("m016_person_ids_never_reused", m016_person_ids_never_reused),
    ("m017_merged_ids", m017_merged_ids),
]
