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
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import numpy.typing as npt

from netgraph.routes.index import RouteIndex, build_index_from_tie_keys
from netgraph.routes.model import willingness_code
from netgraph.workspace.store import Workspace

_ARRAYS = ("indptr", "indices", "strengths", "willingness")
# Ties read per query (smaller texts stay in cache; measured best around here).
_CHUNK = 250_000


def cache_dir(workspace: Workspace) -> Path:
    """Where the route index of this workspace is saved."""
    return workspace.routes_dir


def route_index(workspace: Workspace, *, save: bool = True) -> RouteIndex:
    """The route index of the workspace: the saved one if still valid, else built anew.

    When only someone's willingness changed, only that array is read again. A new index is
    saved for later commands when ``save`` is true and the workspace can take it at once (not
    busy, not read-only, disk not full); otherwise it is only kept in memory, and the query is
    answered all the same.
    """
    folder = cache_dir(workspace)
    ties = _state(workspace, "graph_state")
    if ties != "dirty" and _saved_token(folder, "token") == ties:
        index = _load(folder)
        willingness = _state(workspace, "willingness_state")
        if willingness != "dirty" and _saved_token(folder, "willingness_token") == willingness:
            return index
        if save:
            try:
                return _refresh_willingness(workspace, folder, index)
            except (sqlite3.Error, OSError):
                pass
        index.willingness = _read_willingness(workspace, index.size)
        return index
    if save:
        try:
            return _rebuild_and_save(workspace, folder)
        except (sqlite3.Error, OSError):
            pass
    return read_route_index(workspace)


@contextmanager
def _write_lock_now(workspace: Workspace) -> Iterator[None]:
    """Take the write lock without waiting (someone is writing: answer now, save later)."""
    conn = workspace.conn
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


def _rebuild_and_save(workspace: Workspace, folder: Path) -> RouteIndex:
    conn = workspace.conn
    token = uuid.uuid4().hex
    with _write_lock_now(workspace):
        index = read_route_index(workspace, locked=True)
        conn.execute(
            "UPDATE meta SET value = ? WHERE key IN ('graph_state', 'willingness_state')",
            (token,),
        )
    _save(folder, index, token)
    return index


def _refresh_willingness(workspace: Workspace, folder: Path, index: RouteIndex) -> RouteIndex:
    conn = workspace.conn
    token = uuid.uuid4().hex
    with _write_lock_now(workspace):
        index.willingness = _read_willingness(workspace, index.size)
        conn.execute("UPDATE meta SET value = ? WHERE key = 'willingness_state'", (token,))
    (folder / "willingness_token").unlink(missing_ok=True)
    _write_private(folder / "willingness.npy", lambda h: np.save(h, index.willingness))
    _write_private(folder / "willingness_token", lambda h: h.write(token.encode("ascii")))
    return index


def _state(workspace: Workspace, key: str) -> str:
    conn = workspace.conn
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else "dirty"


def _saved_token(folder: Path, name: str) -> str | None:
    try:
        return (folder / name).read_text(encoding="ascii").strip()
    except OSError:
        return None


def read_route_index(workspace: Workspace, *, locked: bool = False) -> RouteIndex:
    """Build the route index from the workspace's tables (in memory, not saved).

    The tables are read in one snapshot. With ``locked`` (the caller holds the write lock, so
    nobody can change them meanwhile), the ties are read by two connections at once, from
    both ends of the table.
    """
    conn = workspace.conn
    opened = not conn.in_transaction
    if opened:
        conn.execute("BEGIN")
    try:
        size = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM people").fetchone()[0])
        if size > 2**31:
            raise sqlite3.DataError("person ids beyond 2**31 do not fit the route index")
        count = int(conn.execute("SELECT count(*) FROM edges").fetchone()[0])
        path = _database_file(workspace) if locked else None
        if path is None or count < 4 * _CHUNK:
            keys, strength = _read_ties(conn, count, descending=False)
            willingness = _read_willingness(workspace, size)
        else:
            # This thread also reads the people, about as long as reading a third as many ties.
            first = max(count // 2 - size // 6, 1)
            with ThreadPoolExecutor(max_workers=1) as helper:
                later = helper.submit(_read_ties_elsewhere, path, count - first)
                willingness = _read_willingness(workspace, size)
                keys, strength = _read_ties(conn, first, descending=False)
                later_keys, later_strength = later.result()
            keys = np.concatenate((keys, later_keys[::-1]))
            strength = np.concatenate((strength, later_strength[::-1]))
        for i in np.flatnonzero(strength < 0).tolist():  # below 2**-8: read them as they are
            (strength[i],) = conn.execute(
                "SELECT strength FROM edges WHERE a = ? AND b = ?",
                (int(keys[i] >> 32), int(keys[i] & 0xFFFFFFFF)),
            ).fetchone()
    finally:
        if opened:
            conn.execute("COMMIT")
    return build_index_from_tie_keys(size, keys, strength, willingness)


def _database_file(workspace: Workspace) -> str | None:
    """The file of the main database, or None (in memory, temporary)."""
    conn = workspace.conn
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return str(file) or None
    return None


# Each tie is read as the integers a * 2**32 + b and strength * 2**60. The second is exact for
# every double from 2**-8 to 1 (a power-of-two scaling only moves the exponent), so it survives
# the trip through text; smaller strengths (below 2**52 once scaled) are read again.
_TIES_CHUNK = """
    SELECT count(*), group_concat(a * 4294967296 + b),
           group_concat(CAST(strength * 1152921504606846976 AS INTEGER))
    FROM (SELECT a, b, strength FROM edges WHERE (a, b) {after} (?, ?)
          ORDER BY a {order}, b {order} LIMIT ?)
"""
_EXACT_FROM = 2**52


def _read_ties(
    conn: sqlite3.Connection, count: int, *, descending: bool
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The first ``count`` ties from one end of the table, as keys ``a << 32 | b`` and
    strengths (-1 where they must be read again).

    Fetching ten million rows costs a Python tuple and three objects per row. Instead SQLite
    joins each column of a chunk of ties into one text, and numpy parses it: about three times
    faster. Chunks follow the primary key, so each is one range scan.
    """
    query = _TIES_CHUNK.format(
        after="<" if descending else ">", order="DESC" if descending else "ASC"
    )
    after = (2**63 - 1,) * 2 if descending else (-(2**63),) * 2
    keys: list[npt.NDArray[np.int64]] = []
    scaled: list[npt.NDArray[np.int64]] = []
    while count > 0:
        found, key_text, strength_text = conn.execute(
            query, (*after, min(count, _CHUNK))
        ).fetchone()
        if not found:
            break
        keys.append(_ints(key_text, found))
        scaled.append(_ints(strength_text, found))
        after = (int(keys[-1][-1] >> 32), int(keys[-1][-1] & 0xFFFFFFFF))
        count -= found
    if not keys:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    exact = np.concatenate(scaled)
    strength = exact.astype(np.float64)
    strength *= 2.0**-60
    strength[exact < _EXACT_FROM] = -1.0
    return np.concatenate(keys), strength


def _read_ties_elsewhere(
    path: str, count: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The last ``count`` ties (last first), read by a connection of this thread's own."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        return _read_ties(conn, count, descending=True)
    finally:
        conn.close()


def _ints(text: str | None, count: int) -> npt.NDArray[np.int64]:
    """The integers of a comma-separated text from ``group_concat``."""
    values = np.fromstring(text or "", dtype=np.int64, sep=",")
    if len(values) != count:
        raise sqlite3.DataError("unexpected text while reading the workspace")
    return values


def _read_willingness(workspace: Workspace, size: int) -> npt.NDArray[np.int8]:
    """Willingness codes by person id: unknown unless the workspace says willing or unwilling."""
    conn = workspace.conn
    willingness = np.full(size, willingness_code("unknown"), dtype=np.int8)
    texts = conn.execute(
        "SELECT group_concat(CASE willingness WHEN 'willing' THEN id END), "
        "count(CASE willingness WHEN 'willing' THEN id END), "
        "group_concat(CASE willingness WHEN 'unwilling' THEN id END), "
        "count(CASE willingness WHEN 'unwilling' THEN id END) "
        "FROM people WHERE id >= 0 AND id < ?",
        (size,),
    ).fetchone()
    for value, text, count in (("willing", *texts[:2]), ("unwilling", *texts[2:])):
        if count:
            willingness[_ints(text, count)] = willingness_code(value)
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
