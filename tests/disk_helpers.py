"""What a workspace keeps on disk, readable: for the tests that no byte of someone stays.

The raw fields of records are kept compressed (``source_raws``), so a plain search of the file's
bytes would not see them, and would pass whether or not they were erased. :func:`disk_bytes`
adds to the bytes of the database and its write-ahead log every zlib stream found in them,
decompressed: the live texts and any stale copy left in a page.
"""

from __future__ import annotations

import zlib
from pathlib import Path

# The second byte of a zlib header for each compression level zlib writes.
_ZLIB_HEADERS = (b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda")


def disk_bytes(workspace_path: Path) -> bytes:
    """The workspace file and its WAL as on disk, plus each zlib stream in them decompressed."""
    wal = workspace_path.with_name(workspace_path.name + "-wal")
    data = b"".join(path.read_bytes() for path in (workspace_path, wal) if path.exists())
    return data + b"".join(_streams(data))


def _streams(data: bytes) -> list[bytes]:
    found = []
    for header in _ZLIB_HEADERS:
        start = data.find(header)
        while start != -1:
            inflater = zlib.decompressobj()
            try:
                text = inflater.decompress(data[start : start + 16 * 1024 * 1024])
            except zlib.error:
                text = b""
            if text:
                found.append(text)
            start = data.find(header, start + 1)
    return found
