"""The migration that gives the import's four large tables their cascades as triggers.

Split from :mod:`netgraph.workspace.migrations`, which lists it in order; the same rule holds:
never edit a migration that has shipped.

A foreign key costs each inserted row a look-up of its parent, and it makes SQLite copy every
page that a many-row ``INSERT … SELECT`` changes into a statement journal first, in case the
check fails halfway. At ten million ties the two were 60% of moving a file's staged records
into ``appearances`` (0.44 s of 30,000 rows; 0.17 s without). What the keys of these tables
did for netgraph was their ``ON DELETE CASCADE``; triggers do that now, and the import keeps
its rows consistent itself.
"""

from __future__ import annotations

import re
import sqlite3

from netgraph.workspace.sql_script import run_statements

#: The tables whose foreign keys give way to the triggers of :data:`_CASCADES`.
TRIGGER_CASCADED = ("appearances", "evidence", "edges", "identities")

_COLUMN_REFERENCE = re.compile(r"\s+REFERENCES\s+\w+\s*\(\s*id\s*\)\s+ON DELETE CASCADE", re.I)
_TABLE_REFERENCE = re.compile(
    r",\s*FOREIGN KEY\s*\(a, b\)\s*REFERENCES\s+edges\s*\(a, b\)\s+ON DELETE CASCADE", re.I
)

_CASCADES = """
    CREATE TRIGGER person_deleted_cascade AFTER DELETE ON people BEGIN
        DELETE FROM identities WHERE person_id = old.id;
        DELETE FROM appearances WHERE person_id = old.id;
        DELETE FROM edges WHERE a = old.id;
        DELETE FROM edges WHERE b = old.id;
    END;
    CREATE TRIGGER source_deleted_cascade AFTER DELETE ON sources BEGIN
        DELETE FROM appearances WHERE source_id = old.id;
        DELETE FROM evidence WHERE source_id = old.id;
    END;
    CREATE TRIGGER edge_deleted_cascade AFTER DELETE ON edges BEGIN
        DELETE FROM evidence WHERE a = old.a AND b = old.b;
    END;
"""


def m015_cascade_triggers(conn: sqlite3.Connection) -> None:
    """Deleting a person, a source or a tie deletes what hangs on it through triggers, and
    ``appearances``, ``evidence``, ``edges`` and ``identities`` lose their foreign keys.

    The keys go by SQLite's own procedure for removing a constraint, which leaves the stored
    rows as they are (https://sqlite.org/lang_altertable.html, "making other kinds of table
    schema changes"): each table's ``CREATE`` text is rewritten in ``sqlite_schema`` and the
    schema version raised, so no table is copied, however large; the columns are checked
    unchanged before the migration's transaction commits. A SQLite that refuses to edit its
    schema (``SQLITE_DBCONFIG_DEFENSIVE``) keeps the keys: the triggers then find nothing left
    to delete, and imports are only slower.
    """
    run_statements(conn, _CASCADES)
    conn.execute("SAVEPOINT m015_foreign_keys")
    try:
        _drop_foreign_keys(conn)
    except sqlite3.OperationalError:
        conn.execute("ROLLBACK TO m015_foreign_keys")
    conn.execute("RELEASE m015_foreign_keys")


def _drop_foreign_keys(conn: sqlite3.Connection) -> None:
    columns = {table: _columns(conn, table) for table in TRIGGER_CASCADED}
    (version,) = conn.execute("PRAGMA schema_version").fetchone()
    conn.execute("PRAGMA writable_schema = ON")
    try:
        for table in TRIGGER_CASCADED:
            (sql,) = conn.execute(
                "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()
            conn.execute(
                "UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?",
                (_without_references(table, sql), table),
            )
        conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
    for table in TRIGGER_CASCADED:
        if conn.execute(f"PRAGMA foreign_key_list({table})").fetchall():
            raise sqlite3.DatabaseError(f"m015: {table} still has a foreign key")
        if _columns(conn, table) != columns[table]:
            raise sqlite3.DatabaseError(f"m015: the columns of {table} changed")


def _without_references(table: str, sql: str) -> str:
    bare = _TABLE_REFERENCE.sub("", _COLUMN_REFERENCE.sub("", sql))
    if "REFERENCES" in bare.upper():
        raise sqlite3.DatabaseError(f"m015: a foreign key of {table} is not one it knows")
    return bare


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in conn.execute(f"PRAGMA table_xinfo({table})")]
