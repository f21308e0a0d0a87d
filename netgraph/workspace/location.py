"""Where the workspace file lives, and creating it private to the user."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "NETGRAPH_WORKSPACE"
FILE_NAME = "workspace.sqlite3"


def default_workspace_path() -> Path:
    """The workspace used when neither ``--workspace`` nor ``NETGRAPH_WORKSPACE`` is given."""
    import platformdirs

    return Path(platformdirs.user_data_dir("netgraph", appauthor=False)) / FILE_NAME


def resolve_workspace_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Pick the workspace file: the explicit path, else ``$NETGRAPH_WORKSPACE``, else the default.

    A path naming an existing directory means the workspace file inside it.
    """
    chosen = explicit if explicit not in (None, "") else os.environ.get(ENV_VAR) or None
    path = Path(chosen).expanduser() if chosen is not None else default_workspace_path()
    if path.is_dir():
        path = path / FILE_NAME
    return path


def create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only (directories 0700).

    SQLite's ``-wal`` and ``-shm`` files take their mode from the database file, so creating it
    0600 before SQLite opens it keeps every workspace file private whatever the umask.
    """
    missing: list[Path] = []
    parent = path.parent
    while not parent.exists():
        missing.append(parent)
        parent = parent.parent
    for directory in reversed(missing):
        directory.mkdir(mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
