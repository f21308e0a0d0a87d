"""The workspace's route index: built from the ties table, kept beside the workspace on disk.

Reading ten million ties out of SQLite takes seconds; memory-mapping the saved arrays takes
milliseconds and reads only the pages a query touches. The saved index carries the token it was
built under; triggers in the workspace replace that token whenever ties change (migration
``m003_graph_state``), or a second one when only willingness changes (``m004``), so a stale index
is never used and a change of willingness reloads one small array.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import numpy.typing as npt

from netgraph.route_index import RouteIndex, build_index
from netgraph.routes_model import willingness_code
from netgraph.workspace.store import Workspace

_ARRAYS = ("indptr", "indices", "strengths", "willingness")
_CHUNK = 1_000_000


def cache_dir(workspace: Workspace) -> Path:
    """Where the route index of this workspace is saved."""
    return workspace.path.with_name(workspace.path.name + ".routes")


def route_index(workspace: Workspace, *, save: bool = True) -> RouteIndex:
    """The route index of the workspace: the saved one if still valid, else built anew.

    When only someone's willingness changed, only that array is read again. A new index is
    saved for later commands when ``save`` is true and the workspace can take it at once (not
    busy, not read-only, disk not full); otherwise it is only kept in memory, and the query is
    answered all the same.
    """
    conn = workspace.conn
    folder = cache_dir(workspace)
    ties = _state(conn, "graph_state")
    if ties != "dirty" and _saved_token(folder, "token") == ties:
        index = _load(folder)
        willingness = _state(conn, "willingness_state")
        if willingness != "dirty" and _saved_token(folder, "willingness_token") == willingness:
            return index
        if save:
            try:
                return _refresh_willingness(conn, folder, index)
            except (sqlite3.Error, OSError):
                pass
        index.willingness = _read_willingness(conn, index.size)
        return index
    if save:
        try:
            return _rebuild_and_save(conn, folder)
        except (sqlite3.Error, OSError):
            pass
    return read_route_index(conn)


@contextmanager
def _write_lock_now(conn: sqlite3.Connection) -> Iterator[None]:
    """Take the write lock without waiting (someone is writing: answer now, save later)."""
    (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _rebuild_and_save(conn: sqlite3.Connection, folder: Path) -> RouteIndex:
    token = uuid.uuid4().hex
    with _write_lock_now(conn):
        index = read_route_index(conn)
        conn.execute(
            "UPDATE meta SET value = ? WHERE key IN ('graph_state', 'willingness_state')",
            (token,),
        )
    _save(folder, index, token)
    return index


def _refresh_willingness(conn: sqlite3.Connection, folder: Path, index: RouteIndex) -> RouteIndex:
    token = uuid.uuid4().hex
    with _write_lock_now(conn):
        index.willingness = _read_willingness(conn, index.size)
        conn.execute("UPDATE meta SET value = ? WHERE key = 'willingness_state'", (token,))
    (folder / "willingness_token").unlink(missing_ok=True)
    _write_private(folder / "willingness.npy", lambda h: np.save(h, index.willingness))
    _write_private(folder / "willingness_token", lambda h: h.write(token.encode("ascii")))
    return index


def discard_route_index(workspace: Workspace) -> None:
    """Delete the saved route index (``forget`` does, so no copy of a person's ties remains)."""
    shutil.rmtree(cache_dir(workspace), ignore_errors=True)


def _state(conn: sqlite3.Connection, key: str) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else "dirty"


def _saved_token(folder: Path, name: str) -> str | None:
    try:
        return (folder / name).read_text(encoding="ascii").strip()
    except OSError:
        return None


def read_route_index(conn: sqlite3.Connection) -> RouteIndex:
    """Build the route index from the workspace's tables (in memory, not saved)."""
    size = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM people").fetchone()[0])
    cursor = conn.execute("SELECT a, b, strength FROM edges")
    parts = []
    while rows := cursor.fetchmany(_CHUNK):
        parts.append(np.array(rows, dtype=np.float64).reshape(-1, 3))
    ties = np.concatenate(parts) if parts else np.empty((0, 3), dtype=np.float64)
    return build_index(
        size,
        ties[:, 0].astype(np.int64),
        ties[:, 1].astype(np.int64),
        ties[:, 2],
        _read_willingness(conn, size),
    )


def _read_willingness(conn: sqlite3.Connection, size: int) -> npt.NDArray[np.int8]:
    willingness = np.full(size, willingness_code("unknown"), dtype=np.int8)
    for person, value in conn.execute("SELECT id, willingness FROM people"):
        if person < size:
            willingness[person] = willingness_code(value)
    return willingness


def _save(folder: Path, index: RouteIndex, token: str) -> None:
    """Write the arrays privately (0700 folder, 0600 files) into a new folder, then swap it in.

    A reader therefore sees the old index, no index, or the new one, never a mix.
    """
    fresh = folder.with_name(f".{folder.name}.{uuid.uuid4().hex}")
    fresh.mkdir(mode=0o700)
    try:
        for name in _ARRAYS:
            array = getattr(index, name)
            _write_private(fresh / f"{name}.npy", lambda handle, a=array: np.save(handle, a))
        for name in ("token", "willingness_token"):
            _write_private(fresh / name, lambda handle: handle.write(token.encode("ascii")))
        retired = folder.with_name(f".{folder.name}.old.{uuid.uuid4().hex}")
        if folder.exists():
            os.replace(folder, retired)
        os.replace(fresh, folder)
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def _write_private(path: Path, write: object) -> None:
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        write(handle)  # type: ignore[operator]
    os.replace(temporary, path)


def _load(folder: Path) -> RouteIndex:
    arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
    return RouteIndex(**arrays)
