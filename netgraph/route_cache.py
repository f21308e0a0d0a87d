"""The workspace's route index: built from the ties table, kept beside the workspace on disk.

Reading ten million ties out of SQLite takes seconds; memory-mapping the saved arrays takes
milliseconds and reads only the pages a query touches. The saved index carries the token it was
built under; triggers in the workspace replace that token whenever ties or willingness change
(migration ``m003_graph_state``), so a stale index is never used.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from pathlib import Path

import numpy as np

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

    A new index is saved for later commands when ``save`` is true and the workspace can take
    it at once (not busy, not read-only, disk not full); otherwise it is only kept in memory,
    and the query is answered all the same.
    """
    conn = workspace.conn
    folder = cache_dir(workspace)
    state = _graph_state(conn)
    if state != "dirty" and _saved_token(folder) == state:
        return _load(folder)
    if save:
        try:
            return _rebuild_and_save(conn, folder)
        except (sqlite3.Error, OSError):
            pass
    return read_route_index(conn)


def _rebuild_and_save(conn: sqlite3.Connection, folder: Path) -> RouteIndex:
    (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
    conn.execute("PRAGMA busy_timeout = 0")  # someone is writing: answer now, save later
    try:
        conn.execute("BEGIN IMMEDIATE")
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    try:
        index = read_route_index(conn)
        token = uuid.uuid4().hex
        conn.execute("UPDATE meta SET value = ? WHERE key = 'graph_state'", (token,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    _save(folder, index, token)
    return index


def discard_route_index(workspace: Workspace) -> None:
    """Delete the saved route index (``forget`` does, so no copy of a person's ties remains)."""
    shutil.rmtree(cache_dir(workspace), ignore_errors=True)


def _graph_state(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = 'graph_state'").fetchone()
    return str(row[0]) if row else "dirty"


def _saved_token(folder: Path) -> str | None:
    try:
        return (folder / "token").read_text(encoding="ascii").strip()
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
    willingness = np.full(size, willingness_code("unknown"), dtype=np.int8)
    for person, value in conn.execute("SELECT id, willingness FROM people"):
        willingness[person] = willingness_code(value)
    return build_index(
        size, ties[:, 0].astype(np.int64), ties[:, 1].astype(np.int64), ties[:, 2], willingness
    )


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
        _write_private(fresh / "token", lambda handle: handle.write(token.encode("ascii")))
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
