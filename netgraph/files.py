"""Writing output files safely: private to the user, and never half-written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from netgraph.errors import UsageError


def write_private_file(path: str | os.PathLike[str], content: str | bytes) -> Path:
    """Write ``content`` to ``path`` atomically, readable and writable by the user only.

    The data goes to a temporary file in the same folder (created 0600), which then replaces
    ``path`` in one step, so a failure leaves the previous file as it was. Text is UTF-8.
    """
    target = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if target.is_dir():
        raise UsageError(f"cannot write {target}: it is a folder")
    try:
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write {target}: {exc.strerror}") from exc
        raise
    return target
