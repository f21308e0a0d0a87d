"""The workspace file: location, privacy, migrations, refusing what it cannot read, locking."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from netgraph.errors import WorkspaceError
from netgraph.workspace import Workspace, default_workspace_path, resolve_workspace_path
from netgraph.workspace.migrations import MIGRATIONS


def test_new_workspace_is_private_to_the_user(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "ws.sqlite3"
    with Workspace.open(path) as workspace, workspace.transaction() as conn:
        conn.execute(
            "INSERT INTO people (name, name_key, created_at, updated_at) VALUES ('A', 'a', '', '')"
        )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for sidecar in path.parent.glob("ws.sqlite3-*"):
        assert stat.S_IMODE(sidecar.stat().st_mode) == 0o600


def test_migrations_are_recorded_in_order(workspace: Workspace) -> None:
    applied = [name for name, _ in workspace.applied_migrations()]
    assert applied == [name for name, _ in MIGRATIONS]
    assert workspace.schema_version() == len(MIGRATIONS)


def test_reopening_does_not_migrate_again(workspace_path: Path) -> None:
    with Workspace.open(workspace_path) as first:
        before = first.applied_migrations()
    with Workspace.open(workspace_path) as second:
        assert second.applied_migrations() == before


def test_workspace_from_a_newer_netgraph_is_refused_and_untouched(workspace_path: Path) -> None:
    with Workspace.open(workspace_path) as workspace:
        workspace.conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
        workspace.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = workspace_path.read_bytes()
    with pytest.raises(WorkspaceError, match="newer netgraph"):
        Workspace.open(workspace_path)
    assert workspace_path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n")
    with pytest.raises(WorkspaceError, match="not an SQLite database"):
        Workspace.open(path)
    assert path.read_text() == "shopping list\n"


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE things (x)")
    other.commit()
    other.close()
    with pytest.raises(WorkspaceError, match="not a netgraph workspace"):
        Workspace.open(path)


def test_missing_workspace_is_not_created_by_readers(tmp_path: Path) -> None:
    path = tmp_path / "absent.sqlite3"
    with pytest.raises(WorkspaceError, match="no workspace"):
        Workspace.open(path, create=False)
    assert not path.exists()


def test_location_order_explicit_then_environment_then_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETGRAPH_WORKSPACE", str(tmp_path / "env.sqlite3"))
    assert resolve_workspace_path(tmp_path / "x.sqlite3") == tmp_path / "x.sqlite3"
    assert resolve_workspace_path(None) == tmp_path / "env.sqlite3"
    monkeypatch.delenv("NETGRAPH_WORKSPACE")
    assert resolve_workspace_path(None) == default_workspace_path()
    assert str(default_workspace_path()).startswith(str(tmp_path))  # XDG_DATA_HOME from conftest
    assert resolve_workspace_path(tmp_path) == tmp_path / "workspace.sqlite3"


def test_failed_transaction_leaves_nothing(workspace: Workspace) -> None:
    with pytest.raises(RuntimeError), workspace.transaction() as conn:
        conn.execute(
            "INSERT INTO people (name, name_key, created_at, updated_at) VALUES ('A', 'a', '', '')"
        )
        raise RuntimeError("boom")
    assert workspace.conn.execute("SELECT count(*) FROM people").fetchone()[0] == 0


def test_a_failed_inner_transaction_undoes_only_its_own_writes(workspace: Workspace) -> None:
    insert = "INSERT INTO people (name, name_key, created_at, updated_at) VALUES (?, ?, '', '')"
    with workspace.transaction() as conn:
        conn.execute(insert, ("Outer", "outer"))
        with pytest.raises(RuntimeError), workspace.transaction():
            conn.execute(insert, ("Inner", "inner"))
            raise RuntimeError("boom")
        with workspace.transaction():
            conn.execute(insert, ("Later", "later"))
    names = {row[0] for row in workspace.conn.execute("SELECT name FROM people")}
    assert names == {"Outer", "Later"}


def test_an_inner_block_whose_write_sqlite_abandons_fails_the_whole_transaction(
    workspace: Workspace,
) -> None:
    """An interrupted write rolls everything back; nobody may take it for the inner part alone."""
    insert = "INSERT INTO people (name, name_key, created_at, updated_at) VALUES (?, ?, '', '')"
    with pytest.raises(WorkspaceError, match="abandoned"), workspace.transaction() as conn:
        conn.execute(insert, ("Outer", "outer"))
        with workspace.transaction():
            conn.set_progress_handler(lambda: 1, 1)  # interrupts the next statement
            try:
                conn.execute(insert, ("Inner", "inner"))
            finally:
                conn.set_progress_handler(None, 1)
    assert not workspace.conn.in_transaction
    assert workspace.conn.execute("SELECT count(*) FROM people").fetchone()[0] == 0


def test_second_writer_fails_cleanly_while_the_first_holds_the_lock(workspace_path: Path) -> None:
    Workspace.open(workspace_path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sqlite3, sys, time
                conn = sqlite3.connect({str(workspace_path)!r}, isolation_level=None)
                conn.execute("BEGIN IMMEDIATE")
                print("locked", flush=True)
                sys.stdin.readline()
                conn.execute("ROLLBACK")
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with (
            Workspace.open(workspace_path, busy_timeout=0.2) as workspace,
            pytest.raises(WorkspaceError, match="busy"),
            workspace.transaction(),
        ):
            pass
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=10)


def test_wal_mode_and_foreign_keys_are_on(workspace: Workspace) -> None:
    assert workspace.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert workspace.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
