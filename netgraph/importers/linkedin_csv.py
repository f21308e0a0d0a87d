"""Read one CSV file of a LinkedIn data export into a polars table of strings.

LinkedIn's CSVs changed shape over the years and users re-save them in Excel, so this module
never trusts positions: it finds the header row by its column names within the first lines
(current exports start with a 3-line ``Notes:`` preamble, older and Excel-resaved ones do not),
maps columns by name (case, space and ``_`` insensitive) and reads every value as a string.

polars does the parsing. When it refuses a file (a ragged row, an unclosed quote, a stray
quote) or when rows span several physical lines (``messages.csv`` CONTENT has embedded
newlines), the stdlib :mod:`csv` module re-reads the body record by record so every row gets
its exact physical line number and every malformed record is named by the line it starts on.

Nothing here keeps a value it was not asked for: only the spec's columns survive parsing, so
columns such as message CONTENT are dropped as soon as the file is parsed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import polars as pl
from polars.exceptions import PanicException, PolarsError

from netgraph.errors import InputError

HEADER_SEARCH_LINES = 20
"""How many physical lines may precede the header row (the current preamble uses 3)."""

LINE = "_line"
"""Name of the column holding each row's physical (1-based) line number."""

_BOM = b"\xef\xbb\xbf"
_KEY_JUNK = re.compile(r"[\s_\-]+")
_FIELD_LIMIT = 1 << 27  # 128 MiB: the stdlib default (128 KiB) is too small for message HTML
_HEAD_BYTES = 1 << 20  # the header search reads at most this much
_UNCLOSED = "a quoted field is never closed (unclosed quote)"
_CP1252_NOTE = "decoded as Windows-1252 (cp1252): not valid UTF-8, probably re-saved by Excel"


@dataclass(frozen=True)
class CsvSpec:
    """The columns one kind of export file must have (``required``) and may have (``optional``).

    Names are written as LinkedIn writes them; matching ignores case, spaces, ``_`` and ``-``.
    ``multiline`` says whether a record may span several physical lines (files with free text:
    messages, invitations, recommendations); elsewhere such a record means an unclosed quote
    and is a bad row.
    """

    label: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    multiline: bool = False


@dataclass
class CsvTable:
    """What :func:`read_table` made of one file.

    ``frame`` has one String column per spec column found in the header, named by
    :func:`column_key` (absent optional columns are all-null), plus the Int64 column
    :data:`LINE`. Blank lines are already dropped. ``headers`` maps keys to the header text as
    written. ``bad`` lists malformed records as (line, problem); they are not in ``frame``.
    """

    frame: pl.DataFrame
    headers: dict[str, str]
    bad: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def column_key(name: str) -> str:
    """Return the form under which a column name is matched.

    >>> column_key(" Connected_On ")
    'connectedon'
    >>> column_key("inviterProfileUrl") == column_key("Inviter Profile URL")
    True
    """
    return _KEY_JUNK.sub("", name.replace("\ufeff", "").casefold())


def read_table(data: bytes, path: str, spec: CsvSpec) -> CsvTable:
    """Parse the bytes of one export CSV file into a :class:`CsvTable`.

    ``path`` names the file in errors. Raises :class:`InputError` when the file is empty, is
    binary or UTF-16, is neither UTF-8 nor Windows-1252 text, or has no header row with the
    spec's required columns. Malformed records do not raise: they are returned in ``bad``.
    """
    notes: list[str] = []
    data = _check_bytes(data, path)
    head = _head_lines(data)
    if head is None:  # not UTF-8 near the top: decode it all as cp1252 now
        data, _ = _full_text(data, path, notes)
        head = _head_lines(data) or []
    found = find_header(head, spec)
    if found is None:
        raise InputError(path, _no_header_problem(spec, head))
    index, fields = found
    wanted = _wanted_columns(fields, spec)
    frame = _read_fast(data, index, fields, wanted)
    bad: list[tuple[int, str]] = []
    if frame is None:  # polars refused the file or rows span lines: decode and look closer
        utf8, text = _full_text(data, path, notes)
        if utf8 is not data:
            frame = _read_fast(utf8, index, fields, wanted)
        if frame is None:
            frame, bad = _read_slow(text, index, fields, wanted, spec.multiline)
    frame = _drop_blank_rows(frame, list(wanted))
    frame = _add_missing(frame, spec)
    by_position = sorted(wanted.items(), key=lambda item: item[1])
    headers = {key: fields[position].strip() for key, position in by_position}
    return CsvTable(frame=frame, headers=headers, bad=bad, notes=notes)


def _check_bytes(data: bytes, path: str) -> bytes:
    """Refuse empty, UTF-16 and binary data; drop a UTF-8 BOM; turn CR-only line ends into LF."""
    data = data.removeprefix(_BOM)
    if not data or data.isspace():
        raise InputError(path, "the file is empty")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(path, "the file is UTF-16 text; save it again as CSV (UTF-8)")
    if b"\x00" in data[:8192]:
        raise InputError(path, "this is a binary file, not a CSV file")
    if b"\n" not in data and b"\r" in data:  # classic Mac line ends
        data = data.replace(b"\r", b"\n")
    return data


def _head_lines(data: bytes) -> list[str] | None:
    """The first :data:`HEADER_SEARCH_LINES` physical lines as text; None if not UTF-8.

    Only the head is decoded here: polars validates the rest of the file while parsing, which
    spares a full decode of large files.
    """
    head = data[:_HEAD_BYTES]
    lines = head.split(b"\n", HEADER_SEARCH_LINES)
    if len(lines) > HEADER_SEARCH_LINES:
        lines.pop()
    elif len(data) > len(head):
        lines.pop()  # cut inside an overlong line, maybe inside a character
    try:
        return [line.decode("utf-8").rstrip("\r") for line in lines]
    except UnicodeDecodeError:
        return None


def _full_text(data: bytes, path: str, notes: list[str]) -> tuple[bytes, str]:
    """Decode the whole file: strict UTF-8, else cp1252 (noted), re-encoded as UTF-8 bytes."""
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            line = data.count(b"\n", 0, utf8_error.start) + 1
            raise InputError(
                path, "the file is neither UTF-8 nor Windows-1252 text", f"line {line}"
            ) from None
    notes.append(_CP1252_NOTE)
    return text.encode("utf-8"), text


def find_header(lines: Sequence[str], spec: CsvSpec) -> tuple[int, list[str]] | None:
    """Find the header row among the first lines: (0-based line index, its fields)."""
    required = {column_key(name) for name in spec.required}
    for index, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        fields = _split_line(line)
        if required <= {column_key(name) for name in fields}:
            return index, fields
    return None


def _split_line(line: str) -> list[str]:
    """Split one physical line into CSV fields ([] when it is not a well-formed CSV line)."""
    try:
        return next(csv.reader([line], strict=True), [])
    except csv.Error:
        return []


def _no_header_problem(spec: CsvSpec, head: Sequence[str]) -> str:
    """Explain a missing header: which columns were expected, and a hint for preamble-only files."""
    expected = ", ".join(spec.required)
    problem = (
        f"no header row with the columns {expected} in the first {HEADER_SEARCH_LINES} lines; "
        f"this does not look like a LinkedIn {spec.label}"
    )
    if head and head[0].strip() == "Notes:" and len(head) < 4:
        problem += " (the file holds only the Notes: preamble)"
    return problem


def _wanted_columns(fields: Sequence[str], spec: CsvSpec) -> dict[str, int]:
    """Map the key of every spec column present in the header to its first position."""
    positions: dict[str, int] = {}
    for position, name in enumerate(fields):
        positions.setdefault(column_key(name), position)
    keys = [column_key(name) for name in (*spec.required, *spec.optional)]
    return {key: positions[key] for key in keys if key in positions}


def _read_fast(
    data: bytes, index: int, fields: list[str], wanted: dict[str, int]
) -> pl.DataFrame | None:
    """Parse with polars; None when polars refuses the file or rows are not one line each.

    Every column is parsed (a column selection makes polars accept ragged rows silently), then
    only the wanted ones are kept, renamed to their keys, with their :data:`LINE`: row ``i`` is
    on physical line ``index + 2 + i`` when the body has one physical line per row.
    """
    try:
        frame = pl.read_csv(
            data,
            has_header=True,
            skip_lines=index,
            infer_schema=False,
            raise_if_empty=False,
            truncate_ragged_lines=False,
        )
    except (PolarsError, PanicException):
        return None
    if frame.columns != fields:
        return None  # duplicate or empty names were renamed: let the stdlib path decide
    if _physical_lines_after(data, index) != frame.height + 1:
        return None  # some record spans lines: line numbers need the stdlib path
    first = index + 2
    return frame.select(
        *[pl.col(fields[position]).alias(key) for key, position in wanted.items()],
        pl.int_range(first, first + frame.height, dtype=pl.Int64).alias(LINE),
    )


def _physical_lines_after(data: bytes, index: int) -> int:
    """Count the physical lines from line ``index`` (0-based) to the end of the data.

    It equals the header plus the row count exactly when no record spans lines: polars returns
    blank lines as null rows. (Counting bytes is twice as fast as searching values for "\\n".)
    """
    start = 0
    for _ in range(index):
        start = data.index(b"\n", start) + 1
    lines = data.count(b"\n", start)
    if len(data) > start and not data.endswith(b"\n"):
        lines += 1
    return lines


def _read_slow(
    text: str, index: int, fields: list[str], wanted: dict[str, int], multiline: bool
) -> tuple[pl.DataFrame, list[tuple[int, str]]]:
    """Parse the body with the stdlib csv module: exact start lines, malformed records named."""
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    width = len(fields)
    columns: dict[str, list[str | None]] = {key: [] for key in wanted}
    line_numbers: list[int] = []
    bad: list[tuple[int, str]] = []
    for line, record, problem in scan_records(lines, index + 1, multiline):
        if record is None:
            bad.append((line, problem))
        elif len(record) > width:
            bad.append((line, f"{len(record)} fields where the header has {width}"))
        elif any(record):
            for key, position in wanted.items():
                value = record[position] if position < len(record) else ""
                columns[key].append(value or None)
            line_numbers.append(line)
    frame = pl.DataFrame(
        [pl.Series(key, values, dtype=pl.String) for key, values in columns.items()]
        + [pl.Series(LINE, line_numbers, dtype=pl.Int64)]
    )
    return frame, bad


def scan_records(
    lines: list[str], first: int, multiline: bool
) -> Iterator[tuple[int, list[str] | None, str]]:
    """Yield (start line, fields, "") per record of ``lines[first:]``, or (line, None, problem).

    Line numbers are 1-based physical lines of the whole file. After a malformed record the
    scan resumes on the line after the one where that record started, so an unclosed quote
    costs one row, not the rest of the file. When ``multiline`` is false a record spanning
    several lines is reported as an unclosed quote the same way.
    """
    start = first
    with _field_limit():
        while start < len(lines):
            reader = csv.reader(_lines_from(lines, start), strict=True)
            consumed, row_start, problem = 0, start, ""
            try:
                for record in reader:
                    row_start, consumed = start + consumed, reader.line_num
                    if not multiline and start + consumed - row_start > 1:
                        problem = _UNCLOSED
                        break
                    yield row_start + 1, record, ""
            except csv.Error as error:
                row_start = start + consumed
                spanned = reader.line_num - consumed > 1
                problem = _UNCLOSED if spanned and not multiline else _csv_problem(error)
            if not problem:
                return
            yield row_start + 1, None, problem
            start = row_start + 1


def _lines_from(lines: list[str], start: int) -> Iterator[str]:
    """Yield ``lines[start:]`` with their newline restored, without copying the list."""
    for position in range(start, len(lines)):
        yield lines[position] + "\n"


def _csv_problem(error: csv.Error) -> str:
    """Describe a csv.Error in words, without quoting any of the row's content."""
    message = str(error)
    if "unexpected end of data" in message:
        return _UNCLOSED
    if "expected after" in message:
        return "text after the closing quote of a field (stray quote)"
    if "field larger than field limit" in message:
        return "a field is longer than the 128 MiB limit"
    if "new-line character" in message:
        return "a bare carriage return inside a field"
    return "malformed CSV record"


@contextmanager
def _field_limit() -> Iterator[None]:
    """Raise the stdlib csv field size limit while scanning, then restore it."""
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, _FIELD_LIMIT))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _drop_blank_rows(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Drop rows whose wanted columns are all empty (blank lines, lines of bare commas)."""
    filled = frame.select(pl.any_horizontal([pl.col(key).is_not_null() for key in keys]))
    keep = filled.to_series()
    return frame if keep.all() else frame.filter(keep)


def _add_missing(frame: pl.DataFrame, spec: CsvSpec) -> pl.DataFrame:
    """Add an all-null String column for every optional spec column the header lacks."""
    missing = [column_key(name) for name in spec.optional if column_key(name) not in frame.columns]
    if not missing:
        return frame
    return frame.with_columns([pl.lit(None, dtype=pl.String).alias(key) for key in missing])
