"""The raw fields of a file's records, kept once per file and compressed (``source_raws``).

Each record of an imported file keeps the fields the file gave it, for ``show``, ``split`` and
``undo-import``. Kept in a row per record, they were most of a workspace's bytes (300 of 532
bytes per tie at M, and an index on top); kept as one zlib text per file, a line per record,
they take about 37 bytes a record. A record (appearance) names its line (``raw_line``).

Where each record is in its file (its locator: "line 12", "card 3 (line 40)") is kept per file
too, a line per record, as runs of numbered lines in ``source_raws.locators``
(:mod:`netgraph.workspace.locator_runs`); an appearance's own ``locator`` is then NULL, and holds
text only where a re-imported record kept its earlier fields' line but moved in the file
(migration ``m013_compact_appearances``).

Erasing a record blanks its line (``null``): triggers queue the line of every record deleted
or given another line (migration ``m012_record_raws``), and :meth:`RecordRawsTable.
erase_queued` rewrites the texts before each commit (:meth:`netgraph.workspace.store.
Workspace.transaction`), so no copy of a forgotten person's fields outlives the transaction
that removed them.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple, Protocol

from netgraph.workspace.locator_runs import LocatorRuns, pack_locators

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

    def append(
        self,
        source: int,
        raws: Sequence[str],
        locators: Sequence[str],
        *,
        earlier: FileLines | None = None,
    ) -> None:
        """Add lines to the source's raw fields and locators, in order: line
        :meth:`line_count` first.

        Each raw is one JSON text (no line break: JSON escapes it); ``locators`` holds one
        locator per raw. ``earlier`` is the source's lines as :meth:`file_lines` gave them
        this transaction, to save reading them again.
        """
        if not raws:
            return
        before = earlier if earlier is not None else self.file_lines(source)
        self._store(source, before.raws + list(raws), before.locators + list(locators))

    def texts(self, rows: Iterable[tuple[int, str, int | None]]) -> list[str]:
        """The raw fields of records given as ``(source, raw, raw_line)``: ``raw`` itself for
        a record stored before raws were kept per file (``raw_line`` None)."""
        return self._per_line(rows, self.lines, ERASED)

    def locators_of(self, rows: Iterable[tuple[int, str | None, int | None]]) -> list[str]:
        """The locators of records given as ``(source, locator, raw_line)``: ``locator`` itself
        where the record's row holds one, else its line's in the source's locators."""
        return self._per_line(rows, self._locator_runs, "")

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
                conn.execute(
                    "UPDATE source_raws SET raws = ? WHERE source_id = ?", (_pack(lines), source)
                )
        conn.execute("DELETE FROM raw_erasures")

    def lines(self, source: int) -> list[str]:
        """Every line of the source's raw fields (``null`` where erased), in order."""
        row = self._conn.execute(
            "SELECT raws FROM source_raws WHERE source_id = ?", (source,)
        ).fetchone()
        return _unpack(row[0]) if row else []

    def locators(self, source: int) -> list[str]:
        """The locator of every line of the source (``""`` for lines stored before locators
        were kept per file)."""
        return list(self._locator_runs(source))

    def _locator_runs(self, source: int) -> LocatorRuns:
        row = self._conn.execute(
            "SELECT lines, locators FROM source_raws WHERE source_id = ?", (source,)
        ).fetchone()
        return LocatorRuns(None, 0) if row is None else LocatorRuns(row[1], int(row[0]))

    def file_lines(self, source: int) -> FileLines:
        """The source's raw fields and locators, line by line."""
        return FileLines(self.lines(source), self.locators(source))

    def _per_line(
        self,
        rows: Iterable[tuple[int, str | None, int | None]],
        read: Callable[[int], _Lines],
        missing: str,
    ) -> list[str]:
        """For each ``(source, own value, line)``: the own value, when the row holds one (or
        has no line), else the line's from ``read(source)`` (each source read once)."""
        per_source: dict[int, _Lines] = {}
        found = []
        for source, own, line in rows:
            if own or line is None:
                found.append(own or "")
                continue
            if source not in per_source:
                per_source[source] = read(source)
            texts = per_source[source]
            found.append(texts[line] if 0 <= line < len(texts) else missing)
        return found

    def _store(self, source: int, lines: list[str], locators: list[str]) -> None:
        self._conn.execute(
            "INSERT INTO source_raws (source_id, lines, raws, locators) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (source_id) DO UPDATE SET lines = excluded.lines, raws = excluded.raws, "
            "locators = excluded.locators",
            (source, len(lines), _pack(lines), pack_locators(locators)),
        )


class _Lines(Protocol):
    """A source's lines, by position: its raw fields or its locators."""

    def __len__(self) -> int: ...

    def __getitem__(self, line: int) -> str: ...


class FileLines(NamedTuple):
    """A source's raw fields and locators, line by line (the same length)."""

    raws: list[str]
    locators: list[str]


def _pack(lines: list[str]) -> bytes:
    return zlib.compress("\n".join(lines).encode("utf-8"), LEVEL)


def _unpack(packed: bytes) -> list[str]:
    return zlib.decompress(packed).decode("utf-8").split("\n")
