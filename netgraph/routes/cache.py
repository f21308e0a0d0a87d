"""The workspace's route index: built from the ties table, kept beside the workspace on disk.

Reading ten million ties out of SQLite takes seconds; memory-mapping the saved arrays takes
milliseconds and reads only the pages a query touches. The saved index carries the token it was
built under; triggers in the workspace replace that token whenever ties change (migration
``m003_graph_state``), or a second one when only willingness changes (``m004``), so a stale index
is never used and a change of willingness reloads one small array.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt

from netgraph.routes.index import RouteIndex, build_index_from_tie_keys
from netgraph.routes.model import willingness_code
from netgraph.workspace.store import Workspace

_ARRAYS = ("indptr", "indices", "strengths", "willingness")


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
    graph = workspace.graph
    ties = graph.token("graph_state")
    if ties != "dirty" and _saved_token(folder, "token") == ties:
        index = _load(folder)
        willingness = graph.token("willingness_state")
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


def saved_tokens(workspace: Workspace) -> str | None:
    """The token the saved index was built under, when its willingness is of that build too."""
    folder = cache_dir(workspace)
    token = _saved_token(folder, "token")
    same = token is not None and _saved_token(folder, "willingness_token") == token
    return token if same else None


def saved_index(workspace: Workspace, token: str) -> RouteIndex | None:
    """The saved index (memory-mapped) when it was built under ``token``, else None."""
    if saved_tokens(workspace) != token:
        return None
    try:
        index = _load(cache_dir(workspace))
    except (OSError, ValueError):
        return None
    # Saved folders are swapped in whole under new tokens: the same token after the arrays
    # were opened means they all belong to that build.
    return index if saved_tokens(workspace) == token else None


def save_route_index(workspace: Workspace, index: RouteIndex, token: str) -> None:
    """Save an index made under ``token`` for later commands; when the disk or folder refuses,
    the next command builds it again."""
    with contextlib.suppress(OSError):
        _save(cache_dir(workspace), index, token)


def _rebuild_and_save(workspace: Workspace, folder: Path) -> RouteIndex:
    token = uuid.uuid4().hex
    with workspace.graph.write_lock_now():
        index = read_route_index(workspace, locked=True)
        workspace.graph.set_tokens(token, ties=True)
    _save(folder, index, token)
    return index


def _refresh_willingness(workspace: Workspace, folder: Path, index: RouteIndex) -> RouteIndex:
    token = uuid.uuid4().hex
    with workspace.graph.write_lock_now():
        index.willingness = _read_willingness(workspace, index.size)
        workspace.graph.set_tokens(token, ties=False)
    (folder / "willingness_token").unlink(missing_ok=True)
    _write_private(folder / "willingness.npy", lambda h: np.save(h, index.willingness))
    _write_private(folder / "willingness_token", lambda h: h.write(token.encode("ascii")))
    return index


def _saved_token(folder: Path, name: str) -> str | None:
    try:
        return (folder / name).read_text(encoding="ascii").strip()
    except OSError:
        return None


def read_route_index(workspace: Workspace, *, locked: bool = False) -> RouteIndex:
    """Build the route index from the workspace's tables (in memory, not saved).

    The tables are read in one snapshot (:meth:`netgraph.workspace.graph.GraphTable.read_network`).
    With ``locked`` (the caller holds the write lock, so nobody can change them meanwhile), the
    ties are read by two connections at once, from both ends of the table.
    """
    network = workspace.graph.read_network(locked=locked)
    willingness = _willingness_codes(network.size, network.willing, network.unwilling)
    return build_index_from_tie_keys(network.size, network.keys, network.strengths, willingness)


def _read_willingness(workspace: Workspace, size: int) -> npt.NDArray[np.int8]:
    """Willingness codes by person id: unknown unless the workspace says willing or unwilling."""
    return _willingness_codes(size, *workspace.graph.willingness_ids(size))


def _willingness_codes(
    size: int, willing: npt.NDArray[np.int64], unwilling: npt.NDArray[np.int64]
) -> npt.NDArray[np.int8]:
    codes = np.full(size, willingness_code("unknown"), dtype=np.int8)
    codes[willing] = willingness_code("willing")
    codes[unwilling] = willingness_code("unwilling")
    return codes


def _save(folder: Path, index: RouteIndex, token: str) -> None:
    """Write the arrays privately (0700 folder, 0600 files) into a new folder, then swap it in.

    A reader therefore sees the old index, no index, or the new one, never a mix.
    """
    fresh = folder.with_name(f".{folder.name}.{uuid.uuid4().hex}")
    fresh.mkdir(mode=0o700)
    try:
        for name in _ARRAYS:
            _write_private(fresh / f"{name}.npy", partial(np.save, arr=getattr(index, name)))
        for name in ("token", "willingness_token"):
            _write_private(fresh / name, lambda handle: handle.write(token.encode("ascii")))
        retired = folder.with_name(f".{folder.name}.old.{uuid.uuid4().hex}")
        if folder.exists():
            os.replace(folder, retired)
        os.replace(fresh, folder)
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def _write_private(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        write(handle)
    os.replace(temporary, path)


def _load(folder: Path) -> RouteIndex:
    arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
    return RouteIndex(**arrays)
