"""What an import is willing to read, and the one way importers open an input file.

Every reader (LinkedIn CSV files and zip members, vCard files, the batch manifest) goes through
:func:`read_input` or :func:`open_input`, so the same rules hold everywhere:

* only regular files are read (a symlink to one is fine); a device such as ``/dev/zero``, a
  FIFO or a socket is refused by name, and a FIFO is opened without blocking;
* a file larger than its limit is refused before it is read, and never more than the limit
  plus one byte is read (a file that grows while being read is caught too);
* records and fields have lengths past which they are bad records, named by place, so no single
  value can make an import slow or big (see :data:`MAX_FIELD_CHARS`, :data:`MAX_RECORD_CHARS`).

The numbers are documented in ``docs/reference.md`` ("Limits").
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from netgraph.errors import InputError
from netgraph.text import MAX_TEXT_CHARS

MAX_INPUT_BYTES = 1 << 30
"""Largest file an importer reads (1 GiB): a LinkedIn CSV file, each file inside an export zip,
a vCard file. A 30,000-connection export is about 3 MB; 10,000 cards with photos about 300 MB."""

MAX_MANIFEST_BYTES = 16 << 20
"""Largest batch manifest (16 MiB, some 100,000 rows)."""

MAX_FIELD_CHARS = MAX_TEXT_CHARS
"""Longest value netgraph keeps, in characters: a CSV field it reads (name, company, position,
URL, email, date, ...), a vCard property it reads, a manifest field. LinkedIn's own limits are a
few hundred characters; a longer value makes its row or card a bad record."""

MAX_LIST_FIELD_CHARS = 65_536
"""Longest CSV field that lists several people (a group message's recipients and their
profile URLs), in characters."""

MAX_RECORD_CHARS = 1 << 20
"""Longest record, in characters (1 MiB): one CSV row with every field, including those netgraph
drops unread such as message CONTENT, or one vCard card without its photos. A longer one is a
bad record."""

MAX_ZIP_ENTRIES = 100_000
"""Most entries an export zip may list (checked before its directory is read)."""

MAX_ZIP_RATIO = 1_000
"""A zip member that inflates more than this many times (beyond 16 MiB) is treated as a zip bomb."""

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def size_text(size: int) -> str:
    """A byte count as the limits are written: ``"1 GiB"``, ``"16 MiB"``, ``"4 KiB"``.

    >>> size_text(1 << 30), size_text(16 << 20), size_text(4096), size_text(100)
    ('1 GiB', '16 MiB', '4 KiB', '100 bytes')
    """
    for shift, unit in ((30, "GiB"), (20, "MiB"), (10, "KiB")):
        if size >= 1 << shift and size % (1 << shift) == 0:
            return f"{size >> shift} {unit}"
    return f"{size} bytes"


def not_regular(mode: int) -> str | None:
    """What a file of this ``st_mode`` is when it is not a regular file (``"a FIFO ..."``)."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def open_input(path: str, *, noun: str = "file") -> BinaryIO:
    """Open a regular file for reading, refusing anything else with an :class:`InputError`.

    The file is opened without blocking (a FIFO put in its place after a check would otherwise
    wait for a writer forever) and checked again on the open descriptor. ``noun`` names what
    was expected, in the error for a folder ("this is a folder, not a vCard file").
    """
    try:
        kind = not_regular(os.stat(path).st_mode)
        if kind is None:
            flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
            fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
            try:
                kind = not_regular(os.fstat(fd).st_mode)
            except OSError:
                os.close(fd)
                raise
            if kind is None:
                return os.fdopen(fd, "rb")
            os.close(fd)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        raise InputError(path, f"cannot read the {noun}: {_reason(error)}") from None
    raise InputError(
        path, f"this is {kind}, not a {noun}" if kind == "a folder" else _refusal(kind)
    )


def read_input(path: str, *, limit: int, noun: str = "file") -> bytes:
    """Read a whole regular file of at most ``limit`` bytes (see :func:`open_input`)."""
    with open_input(path, noun=noun) as handle:
        return read_open(handle, path, limit=limit, noun=noun)


def read_open(handle: BinaryIO, path: str, *, limit: int, noun: str = "file") -> bytes:
    """Read what is left of a file :func:`open_input` opened, refusing more than ``limit`` bytes.

    The size is checked before reading, and at most ``limit + 1`` bytes are read, so a file
    that grows meanwhile (or a size the system misreports) is caught too.
    """
    too_big = f"the {noun} is larger than {size_text(limit)}"
    try:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise InputError(path, too_big)
        data = handle.read(size + 1)  # asking for the limit would reserve that much memory
        if len(data) > size:  # the file grew, or its size was not known (/proc)
            data += handle.read(limit + 1 - len(data))
    except OSError as error:
        raise InputError(path, f"cannot read the {noun}: {_reason(error)}") from None
    if len(data) > limit:
        raise InputError(path, too_big)
    return data


def _refusal(kind: str) -> str:
    """The problem for a path that is not a regular file."""
    return f"this is {kind}, not a regular file; netgraph reads only regular files"


def _reason(error: OSError | ValueError) -> str:
    """The words of an OS error, without the path it repeats."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return "the path contains a NUL byte" if isinstance(error, ValueError) else str(error)


def out_of_memory(path: str) -> InputError:
    """The one-line error for a :class:`MemoryError` while reading ``path``.

    Readers catch MemoryError themselves rather than through a context manager, whose exit
    would trigger the cyclic garbage collector inside the reader instead of in its caller.
    """
    return InputError(path, "not enough memory to read the file")
