"""The import's four large tables without foreign keys, their cascades done by triggers
(``m015``).

What a user relies on: a workspace written before keeps every row and reads as before;
forgetting a person, undoing an import or removing a tie still leaves nothing of what hung on
them; a file imported again changes nothing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import migrate_only_before
from records_helpers import contact, count, linkedin_export, load, messages, table_dump, the_person

from netgraph.workspace import Workspace
from netgraph.workspace.migrations import MIGRATIONS
from netgraph.workspace.migrations_cascades import TRIGGER_CASCADED, m015_cascade_triggers

_TABLES = ("people", "identities", "appearances", "edges", "evidence", "sources")


def _export(owner: str) -> Any:
    return linkedin_export(
        contact("Ann Lee", url="https://www.linkedin.com/in/ann-lee", emails=["ann@example.com"]),
        contact("Bo Chan", url="https://www.linkedin.com/in/bo-chan", company="Acme"),
        interactions=[messages("Ann Lee", url="https://www.linkedin.com/in/ann-lee", sent=2)],
        path=f"exports/{owner}/Connections.csv",
    )


def _written_before(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A workspace as netgraph wrote it before ``m015``: two friends' exports."""
    migrate_only_before(monkeypatch, "m015_cascade_triggers")
    with Workspace.open(path) as workspace:
        assert workspace.conn.execute("PRAGMA foreign_key_list(evidence)").fetchall()
        load(workspace, _export("ola"), owner="Ola Berg")
        load(workspace, _export("per"), owner="Per Dahl")
    monkeypatch.undo()


def _rows(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {table: sorted(conn.execute(f"SELECT * FROM {table}")) for table in _TABLES}


def test_a_workspace_written_before_keeps_every_row_and_loses_its_foreign_keys(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _written_before(workspace_path, monkeypatch)
    with sqlite3.connect(workspace_path) as plain:
        before = _rows(plain)
    with Workspace.open(workspace_path) as workspace:
        conn = workspace.conn
        assert workspace.schema_version() == len(MIGRATIONS)
        assert _rows(conn) == before
        for table in TRIGGER_CASCADED:
            assert conn.execute(f"PRAGMA foreign_key_list({table})").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # the other tables keep theirs
        assert conn.execute("PRAGMA foreign_key_list(withheld_evidence)").fetchall()


def test_a_new_workspace_has_the_same_schema_as_a_migrated_one(
    workspace_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _written_before(workspace_path, monkeypatch)
    schema = "SELECT type, name, sql FROM sqlite_schema WHERE name = ? OR tbl_name = ?"
    with Workspace.open(workspace_path) as migrated, Workspace.open(tmp_path / "new") as new:
        for table in (*TRIGGER_CASCADED, "people", "sources"):
            assert sorted(new.conn.execute(schema, (table, table))) == sorted(
                migrated.conn.execute(schema, (table, table))
            )


def test_deleting_a_person_deletes_their_keys_records_ties_and_evidence(
    workspace: Workspace,
) -> None:
    load(workspace, _export("ola"), owner="Ola Berg")
    conn = workspace.conn
    ann = the_person(conn, "Ann Lee")
    bo_evidence = conn.execute("SELECT count(*) FROM evidence WHERE ? NOT IN (a, b)", (ann,))
    kept = bo_evidence.fetchone()[0]
    with workspace.transaction():
        conn.execute("DELETE FROM people WHERE id = ?", (ann,))
    for table in ("identities", "appearances"):
        left = conn.execute(f"SELECT 1 FROM {table} WHERE person_id = ?", (ann,)).fetchone()
        assert left is None
    for table in ("edges", "evidence"):
        left = conn.execute(f"SELECT 1 FROM {table} WHERE ? IN (a, b)", (ann,)).fetchone()
        assert left is None
    assert count(conn, "evidence") == kept > 0  # the other ties keep their evidence


def test_deleting_a_source_deletes_its_records_and_evidence(workspace: Workspace) -> None:
    load(workspace, _export("ola"), owner="Ola Berg")
    load(workspace, _export("per"), owner="Per Dahl")
    conn = workspace.conn
    (ola_file,) = conn.execute("SELECT id FROM sources WHERE path LIKE '%ola%'").fetchone()
    with workspace.transaction():
        conn.execute("DELETE FROM sources WHERE id = ?", (ola_file,))
    for table in ("appearances", "evidence"):
        left = conn.execute(f"SELECT 1 FROM {table} WHERE source_id = ?", (ola_file,))
        assert left.fetchone() is None
        assert count(conn, table) > 0  # Per's file keeps its own


def test_deleting_a_tie_deletes_its_evidence(workspace: Workspace) -> None:
    load(workspace, _export("ola"), owner="Ola Berg")
    conn = workspace.conn
    a, b = conn.execute("SELECT a, b FROM evidence WHERE kind = 3").fetchone()  # messages
    of_tie = "SELECT count(*) FROM evidence WHERE a = ? AND b = ?"
    kept = count(conn, "evidence") - conn.execute(of_tie, (a, b)).fetchone()[0]
    with workspace.transaction():
        conn.execute("DELETE FROM edges WHERE a = ? AND b = ?", (a, b))
    assert conn.execute(of_tie, (a, b)).fetchone()[0] == 0
    assert count(conn, "evidence") == kept > 0


class _RefusingSchemaEdits:
    """A connection whose SQLite refuses to edit ``sqlite_schema`` (``SQLITE_DBCONFIG_DEFENSIVE``,
    which some builds turn on)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, *parameters: Any) -> sqlite3.Cursor:
        if sql.startswith("UPDATE sqlite_schema"):
            raise sqlite3.OperationalError("table sqlite_master may not be modified")
        return self._conn.execute(sql, *parameters)


def test_where_sqlite_refuses_schema_edits_the_keys_stay_and_the_cascades_still_work(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrate_only_before(monkeypatch, "m015_cascade_triggers")
    with Workspace.open(workspace_path) as workspace:
        load(workspace, _export("ola"), owner="Ola Berg")
        conn = workspace.conn
        with workspace.transaction():
            m015_cascade_triggers(_RefusingSchemaEdits(conn))  # type: ignore[arg-type]
        assert conn.execute("PRAGMA foreign_key_list(evidence)").fetchall()
        ann = the_person(conn, "Ann Lee")
        with workspace.transaction():
            conn.execute("DELETE FROM people WHERE id = ?", (ann,))
        assert conn.execute("SELECT 1 FROM edges WHERE ? IN (a, b)", (ann,)).fetchone() is None
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_importing_into_a_migrated_workspace_gives_what_a_new_one_gives(
    workspace_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _written_before(workspace_path, monkeypatch)
    with Workspace.open(workspace_path) as migrated, Workspace.open(tmp_path / "new") as new:
        load(new, _export("ola"), owner="Ola Berg")
        load(new, _export("per"), owner="Per Dahl")
        for workspace in (migrated, new):
            load(workspace, _export("ola"), owner="Ola Berg")  # the same file again: no change
        assert table_dump(migrated.conn) == table_dump(new.conn)
