"""Opening, migrating and writing the SQLite workspace safely."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from netgraph.errors import WorkspaceError
from netgraph.identity import fold_text
from netgraph.workspace.location import create_private_file, resolve_workspace_path
from netgraph.workspace.migrations import MIGRATIONS

# Written into the database header so netgraph recognises its own files ("ngr1").
APPLICATION_ID = 0x6E677231
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 10.0
BULK_CACHE_KIB = 256 * 1024


def utc_now() -> str:
    """The current time as an ISO-8601 UTC string, as stored in the workspace."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Workspace:
    """An open netgraph workspace.

    Use :meth:`open` to get one; every write goes through :meth:`transaction`, so an import or a
    merge either lands whole or not at all.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        create: bool = True,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> Workspace:
        """Open (and, if ``create``, create) the workspace at ``path`` or the default location.

        While another process writes, a write here waits up to ``busy_timeout`` seconds.

        Raises
        ------
        WorkspaceError
            If the file is not a netgraph workspace, was written by a newer netgraph, is busy,
            or does not exist and ``create`` is false.
        """
        resolved = resolve_workspace_path(path)
        if not resolved.exists():
            if not create:
                raise WorkspaceError(
                    f"no workspace at {resolved}; import contacts first (netgraph import ...)"
                )
            try:
                create_private_file(resolved)
            except OSError as exc:
                raise WorkspaceError(f"cannot create workspace {resolved}: {exc.strerror}") from exc
        else:
            _check_existing(resolved)
        conn = _connect(resolved, busy_timeout)
        workspace = cls(resolved, conn)
        try:
            workspace._migrate()
        except BaseException:
            conn.close()
            raise
        return workspace

    def close(self) -> None:
        """Close the connection (the workspace stays on disk)."""
        self.conn.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a block as one write transaction: all of it lands, or none of it.

        ``BEGIN IMMEDIATE`` takes the write lock up front, so a second netgraph process waits
        (up to the busy timeout) instead of failing half-way through. Inside another
        transaction the block is a savepoint: when it fails, its own writes are undone and the
        outer transaction goes on or not, as its caller decides; when it succeeds, it lands
        with the outer transaction.
        """
        if self.conn.in_transaction:
            with self._savepoint():
                yield self.conn
            return
        self._begin()
        try:
            yield self.conn
        except BaseException:
            self._rollback()
            raise
        self._commit()

    @contextmanager
    def transaction_in_parts(self) -> Iterator[sqlite3.Connection]:
        """A transaction for work done in parts, each a nested :meth:`transaction`.

        The parts that finished land even when an error stops the work (a part that failed has
        undone its own writes already); the error then goes on. Inside another transaction,
        the outer one decides.
        """
        if self.conn.in_transaction:
            yield self.conn
            return
        self._begin()
        try:
            yield self.conn
        finally:
            if self.conn.in_transaction:
                self._commit()

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """Give a large import a page cache of :data:`BULK_CACHE_KIB` while it runs.

        With SQLite's 2 MiB default, an import of millions of ties rereads index pages from the
        OS on nearly every row. Other commands keep the default, and the memory it bounds.
        """
        before = int(self.conn.execute("PRAGMA cache_size").fetchone()[0])
        self.conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = {before}")

    def _begin(self) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _busy_or(exc, self.path) from exc

    def _commit(self) -> None:
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._rollback()
            raise _busy_or(exc, self.path) from exc

    def _rollback(self) -> None:
        if self.conn.in_transaction:  # some errors (a full disk) make SQLite roll back itself
            self.conn.execute("ROLLBACK")

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        self.conn.execute("SAVEPOINT nested")
        try:
            yield
        except BaseException as exc:
            if not self.conn.in_transaction:
                # SQLite gave up the whole transaction: the outer block's earlier work is gone
                # too, which a caller handling this block's failure alone must not miss.
                raise WorkspaceError(
                    f"workspace {self.path}: the write was abandoned: {exc}"
                ) from exc
            self.conn.execute("ROLLBACK TO nested")
            self.conn.execute("RELEASE nested")
            raise
        self.conn.execute("RELEASE nested")

    def schema_version(self) -> int:
        """How many migrations this workspace has run."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def applied_migrations(self) -> list[tuple[str, str]]:
        """``(name, applied_at)`` for every migration this workspace has run, in order."""
        rows = self.conn.execute("SELECT name, applied_at FROM schema_migrations ORDER BY rowid")
        return [(str(name), str(at)) for name, at in rows]

    def purge_free_space(self) -> bool:
        """Make deleted rows unrecoverable from the files: checkpoint and truncate the WAL.

        ``secure_delete`` (set on every connection) zeroes deleted content in the database
        pages; the WAL still holds old page images until it is checkpointed and truncated.
        Returns False when another process kept the checkpoint from finishing (run it again
        once that process is done).
        """
        busy, _log, _done = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return not busy

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > len(MIGRATIONS):
            raise _newer_schema(self.path, version)
        if version == len(MIGRATIONS):
            return
        with self.transaction() as conn:
            version = self.schema_version()  # another process may have migrated meanwhile
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            for name, migrate in MIGRATIONS[version:]:
                migrate(conn)
                conn.execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                    (name, utc_now()),
                )
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")


def _connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        # fold(text): case-, accent- and spacing-insensitive form, for searches in SQL.
        conn.create_function("fold", 1, fold_text, deterministic=True)
    except sqlite3.DatabaseError as exc:
        raise _busy_or(exc, path) from exc
    return conn


def _check_existing(path: Path) -> None:
    """Refuse, without writing a byte, a file that is not a workspace this code understands."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise WorkspaceError(f"cannot read workspace {path}: {exc.strerror}") from exc
    if not header:
        return  # an empty file: a new workspace (e.g. created by create_private_file)
    if header != SQLITE_MAGIC:
        raise WorkspaceError(f"{path} is not a netgraph workspace (not an SQLite database)")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(f"{path} cannot be read as a workspace: {exc}") from exc
    if has_tables and app_id != APPLICATION_ID:
        raise WorkspaceError(f"{path} is an SQLite database but not a netgraph workspace")
    if version > len(MIGRATIONS):
        raise _newer_schema(path, version)


def _newer_schema(path: Path, version: int) -> WorkspaceError:
    return WorkspaceError(
        f"{path} was written by a newer netgraph (schema {version}, this one knows "
        f"{len(MIGRATIONS)}); upgrade netgraph to use it. The workspace was not changed."
    )


def _busy_or(exc: sqlite3.DatabaseError, path: Path) -> WorkspaceError:
    message = str(exc)
    if "locked" in message or "busy" in message:
        return WorkspaceError(
            f"workspace {path} is busy: another netgraph process is writing to it; try again"
        )
    return WorkspaceError(f"workspace {path}: {message}")
