"""Opening, migrating and writing the SQLite workspace safely."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from netgraph.errors import WorkspaceError
from netgraph.text import fold_text
from netgraph.workspace.clock import utc_now
from netgraph.workspace.location import create_private_file, resolve_workspace_path
from netgraph.workspace.migrations import MIGRATIONS, reclaim_free_pages

if TYPE_CHECKING:  # each group of tables is loaded when a command first uses it
    from netgraph.workspace.decisions import DecisionsTable
    from netgraph.workspace.graph import GraphTable
    from netgraph.workspace.outreach import OutreachTable
    from netgraph.workspace.people import PeopleTable
    from netgraph.workspace.record_raws import RecordRawsTable
    from netgraph.workspace.route_changes import RouteChangesTable
    from netgraph.workspace.sources import SourcesTable
    from netgraph.workspace.targets import TargetsTable
    from netgraph.workspace.ties import TiesTable

# Written into the database header so netgraph recognises its own files ("ngr1").
APPLICATION_ID = 0x6E677231
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 10.0
BULK_CACHE_KIB = 256 * 1024
SIDE_FILES = ("-wal", "-shm", "-journal")
"""SQLite's companions of a database file: they hold its data too."""
PRIVATE_MODE = 0o600
# Where the SQLite file header keeps PRAGMA user_version and application_id (big-endian).
_USER_VERSION_OFFSET = 60
_APPLICATION_ID_OFFSET = 68
_HEADER_BYTES = 100
# SQLite's words for a write refused by the file system, not by netgraph's own logic.
_READ_ONLY_WORDS = ("readonly database", "read-only", "readonly")
_STORAGE_WORDS = ("disk is full", "disk i/o error", "unable to open database")


class Workspace:
    """An open netgraph workspace.

    Use :meth:`open` to get one; every write goes through :meth:`transaction`, so an import or a
    merge either lands whole or not at all.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, *, created: bool = False) -> None:
        self.path = path
        self.conn = conn
        #: whether this open created the file (it is removed again if the first command fails)
        self.created = created
        #: things the user should hear about once, such as file modes netgraph tightened
        self.notices: list[str] = []
        #: while true, changes leave everyone's degree to whoever deferred it (see
        #: :meth:`deferring_degrees`)
        self.degrees_deferred = False

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
        Raises :class:`WorkspaceError` if the file is not a netgraph workspace, was written by
        a newer netgraph, is busy, or does not exist and ``create`` is false.
        """
        resolved = resolve_workspace_path(path)
        created = not resolved.exists()
        notices: list[str] = []
        if created:
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
            notices = make_private(resolved)
        conn = _connect(resolved, busy_timeout, new=created or _is_empty(resolved))
        workspace = cls(resolved, conn, created=created)
        workspace.notices.extend(notices)
        try:
            workspace._migrate()
        except BaseException:
            workspace._close_after_failure()
            raise
        return workspace

    # The statements of each group of tables. Domain code calls these; it never writes SQL.

    @cached_property
    def people(self) -> PeopleTable:
        """The people and their identity keys."""
        from netgraph.workspace.people import PeopleTable

        return PeopleTable(self.conn)

    @cached_property
    def sources(self) -> SourcesTable:
        """The files imported, and where in them each person's records are."""
        from netgraph.workspace.sources import SourcesTable

        return SourcesTable(self.conn)

    @cached_property
    def ties(self) -> TiesTable:
        """Who knows whom, and the evidence for each tie."""
        from netgraph.workspace.ties import TiesTable

        return TiesTable(self.conn)

    @cached_property
    def targets(self) -> TargetsTable:
        """The people the user wants to meet."""
        from netgraph.workspace.targets import TargetsTable

        return TargetsTable(self.conn)

    @cached_property
    def outreach(self) -> OutreachTable:
        """The steps of reaching the people the user wants to meet."""
        from netgraph.workspace.outreach import OutreachTable

        return OutreachTable(self.conn)

    @cached_property
    def decisions(self) -> DecisionsTable:
        """The user's word on who is who: merges, splits and edits (each undoable)."""
        from netgraph.workspace.decisions import DecisionsTable

        return DecisionsTable(self.conn)

    @cached_property
    def graph(self) -> GraphTable:
        """The whole network at once, for the route index and the graph export."""
        from netgraph.workspace.graph import GraphTable

        return GraphTable(self.conn)

    @cached_property
    def record_raws(self) -> RecordRawsTable:
        """The raw fields of each file's records, kept once per file."""
        from netgraph.workspace.record_raws import RecordRawsTable

        return RecordRawsTable(self.conn)

    @cached_property
    def route_changes(self) -> RouteChangesTable:
        """The log of this connection's changes to the network, for patching the route index."""
        from netgraph.workspace.route_changes import RouteChangesTable

        return RouteChangesTable(self.conn)

    @property
    def routes_dir(self) -> Path:
        """Where this workspace's route index is saved: derived from the ties, so it can
        always be rebuilt, and deleted whenever erasing someone requires it."""
        return self.path.with_name(self.path.name + ".routes")

    def discard_route_index(self) -> None:
        """Delete the saved route index (after ``forget``, no copy of a person's ties remains)."""
        shutil.rmtree(self.routes_dir, ignore_errors=True)

    def close(self) -> None:
        """Close the connection (the workspace stays on disk)."""
        self.conn.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self._close_after_failure()

    def _close_after_failure(self) -> None:
        """Close; a workspace this open created and that holds nobody yet is removed again.

        A first command that fails (a refused import into a new path, say) then leaves no
        empty workspace file behind for the user to wonder about.
        """
        empty = self.created and self._holds_nobody()
        self.conn.close()
        if empty:
            for file in (self.path, *(_side_file(self.path, s) for s in SIDE_FILES)):
                with contextlib.suppress(FileNotFoundError):
                    file.unlink()

    def _holds_nobody(self) -> bool:
        try:
            return self.conn.execute("SELECT 1 FROM people LIMIT 1").fetchone() is None
        except sqlite3.DatabaseError:
            return True  # the schema was never written

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
        except sqlite3.OperationalError as exc:
            self._rollback()
            refusal = storage_refusal(exc, self.path)
            if refusal is None:
                raise
            raise refusal from exc
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

    @contextmanager
    def deferring_degrees(self) -> Iterator[None]:
        """A block whose changes leave everyone's degree from the user to be stored at its end
        by the caller (:func:`netgraph.routes.upkeep.keeping_routes_current` reads them off the
        route index it patches, instead of recomputing them from every tie)."""
        before = self.degrees_deferred
        self.degrees_deferred = True
        try:
            yield
        finally:
            self.degrees_deferred = before

    def _begin(self) -> None:
        if not os.access(self.path, os.W_OK):
            raise read_only_error(self.path)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _busy_or(exc, self.path) from exc

    def _commit(self) -> None:
        try:
            # Records removed in this transaction take their raw fields with them.
            self.record_raws.erase_queued()
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
        self.notices.extend(reclaim_free_pages(self.conn, self.path))


def _connect(path: Path, busy_timeout: float, *, new: bool = False) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
        if new:
            # Mark the file as netgraph's before anything else is written to it, so even a
            # workspace whose first command was killed is recognised as ours later.
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
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
    """Refuse, without writing a byte, a file that is not a workspace this code understands.

    The SQLite file header says whose file it is (``application_id``). It is read directly,
    because opening another program's WAL database, even read-only, would create ``-wal`` and
    ``-shm`` files beside it. Only when a ``-wal`` file exists (the header may be older than the
    data) is the database itself asked, read-only.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(_HEADER_BYTES)
    except OSError as exc:
        raise WorkspaceError(f"cannot read workspace {path}: {exc.strerror}") from exc
    if not header:
        return  # an empty file: a new workspace (e.g. created by create_private_file)
    if not header.startswith(SQLITE_MAGIC) or len(header) < _HEADER_BYTES:
        raise WorkspaceError(f"{path} is not a netgraph workspace (not an SQLite database)")
    app_id = int.from_bytes(header[_APPLICATION_ID_OFFSET : _APPLICATION_ID_OFFSET + 4], "big")
    version = int.from_bytes(header[_USER_VERSION_OFFSET : _USER_VERSION_OFFSET + 4], "big")
    if app_id != APPLICATION_ID and _side_file(path, "-wal").exists():
        app_id, version = _ask_database(path)
    if app_id != APPLICATION_ID:
        raise WorkspaceError(f"{path} is an SQLite database but not a netgraph workspace")
    if version > len(MIGRATIONS):
        raise _newer_schema(path, version)


def _ask_database(path: Path) -> tuple[int, int]:
    """``(application_id, user_version)`` as a read-only connection sees them."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(f"{path} cannot be read as a workspace: {exc}") from exc
    return app_id, version


def _is_empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except OSError:
        return False


def _side_file(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def make_private(path: Path) -> list[str]:
    """Make the workspace and its SQLite side files readable and writable by the user only.

    A workspace file made by ``touch``, restored from a backup or synced from another machine
    may be readable by others, and SQLite gives new ``-wal``/``-shm`` files the database's
    mode. Returns one notice per file whose mode was tightened (nothing once they are private).
    """
    notices = []
    for file in (path, *(_side_file(path, suffix) for suffix in SIDE_FILES)):
        try:
            mode = stat.S_IMODE(file.stat().st_mode)
            if mode & 0o077:
                file.chmod(mode & PRIVATE_MODE)
                notices.append(
                    f"{file} was readable by others (mode {mode:o}); "
                    f"it is now private to you (mode {mode & PRIVATE_MODE:o})"
                )
        except FileNotFoundError:
            continue
        except OSError as exc:
            notices.append(f"could not make {file} private to you: {exc.strerror}")
    return notices


def read_only_error(path: Path) -> WorkspaceError:
    """The error for a write to a workspace the user may only read."""
    return WorkspaceError(
        f"workspace {path} is read-only (check its permissions, or those of its folder); "
        "nothing was changed"
    )


def storage_refusal(exc: sqlite3.OperationalError, path: Path) -> WorkspaceError | None:
    """A one-line error for a write the file system refused (read-only, full disk, busy).

    None for other operational errors, which are bugs and keep their traceback.
    """
    message = str(exc).casefold()
    if any(word in message for word in (*_READ_ONLY_WORDS, *_STORAGE_WORDS, "locked", "busy")):
        return _busy_or(exc, path)
    return None


def _newer_schema(path: Path, version: int) -> WorkspaceError:
    return WorkspaceError(
        f"{path} was written by a newer netgraph (schema {version}, this one knows "
        f"{len(MIGRATIONS)}); upgrade netgraph to use it. The workspace was not changed."
    )


def _busy_or(exc: sqlite3.DatabaseError, path: Path) -> WorkspaceError:
    message = str(exc)
    if any(word in message.casefold() for word in _READ_ONLY_WORDS):
        return read_only_error(path)
    if "locked" in message or "busy" in message:
        return WorkspaceError(
            f"workspace {path} is busy: another netgraph process is writing to it; try again"
        )
    return WorkspaceError(f"workspace {path}: {message}")
