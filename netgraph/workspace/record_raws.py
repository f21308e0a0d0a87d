"""The raw fields of a file's records, kept once per file and compressed (``source_raws``).

Each record of an imported file keeps the fields the file gave it, for ``show``, ``split`` and
``undo-import``. Kept in a row per record, they were most of a workspace's bytes (300 of 532
bytes per tie at M, and an index on top); kept as one zlib text per file, a line per record,
they take about 37 bytes a record. A record (appearance) names its line (``raw_line``).

Erasing a record blanks its line (``null``): triggers queue the line of every record deleted
or given another line (migration ``m012_record_raws``), and :meth:`RecordRawsTable.
erase_queued` rewrites the texts before each commit (:meth:`netgraph.workspace.store.
Workspace.transaction`), so no copy of a forgotten person's fields outlives the transaction
that removed them.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Sequence

#: zlib's level. On a 30,000-row export (6.2 MB of JSON lines): level 3 packs 5.5 to one at
#: 1.3 µs a record, level 6 6.3 to one at twice that, level 1 5.3 to one as fast as level 3.
LEVEL = 3
ERASED = "null"


class RecordRawsTable:
    """Statements on ``source_raws`` and ``raw_erasures``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def line_count(self, source: int) -> int:
        """How many lines the source's raw fields hold (0 when none)."""
        row = self._conn.execute(
            "SELECT lines FROM source_raws WHERE source_id = ?", (source,)
        ).fetchone()
        return int(row[0]) if row else 0

    def append(self, source: int, raws: Sequence[str]) -> None:
        """Add lines to the source's raw fields, in order: line :meth:`line_count` first.

        Each raw is one JSON text (no line break: JSON escapes it).
        """
        if not raws:
            return
        self._store(source, self.lines(source) + list(raws))

    def texts(self, rows: Iterable[tuple[int, str, int | None]]) -> list[str]:
        """The raw fields of records given as ``(source, raw, raw_line)``: ``raw`` itself for
        a record stored before raws were kept per file (``raw_line`` None)."""
        lines: dict[int, list[str]] = {}
        found = []
        for source, raw, line in rows:
            if line is None:
                found.append(raw)
                continue
            if source not in lines:
                lines[source] = self.lines(source)
            texts = lines[source]
            found.append(texts[line] if 0 <= line < len(texts) else ERASED)
        return found

    def erase_queued(self) -> None:
        """Blank the lines queued by deleted or moved records (see the module's notes)."""
        conn = self._conn
        if conn.execute("SELECT NOT EXISTS (SELECT 1 FROM raw_erasures)").fetchone()[0]:
            return
        queued: dict[int, set[int]] = {}
        for source, line in conn.execute("SELECT source_id, raw_line FROM raw_erasures"):
            queued.setdefault(int(source), set()).add(int(line))
        for source, erased in queued.items():
            lines = self.lines(source)
            if not lines:
                continue  # the source and its raws are gone already
            for line in erased:
                if line < len(lines):
                    lines[line] = ERASED
            if all(line == ERASED for line in lines):
                conn.execute("DELETE FROM source_raws WHERE source_id = ?", (source,))
            else:
                self._store(source, lines)
        conn.execute("DELETE FROM raw_erasures")

    def lines(self, source: int) -> list[str]:
        """Every line of the source's raw fields (``null`` where erased), in order."""
        row = self._conn.execute(
            "SELECT raws FROM source_raws WHERE source_id = ?", (source,)
        ).fetchone()
        return zlib.decompress(row[0]).decode("utf-8").split("\n") if row else []

    def _store(self, source: int, lines: list[str]) -> None:
        packed = zlib.compress("\n".join(lines).encode("utf-8"), LEVEL)
        self._conn.execute(
            "INSERT INTO source_raws (source_id, lines, raws) VALUES (?, ?, ?) "
            "ON CONFLICT (source_id) DO UPDATE SET lines = excluded.lines, raws = excluded.raws",
            (source, len(lines), packed),
        )
