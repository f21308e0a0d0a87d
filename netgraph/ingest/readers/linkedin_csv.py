"""Read one CSV file of a LinkedIn data export into a polars table of strings.

LinkedIn's CSVs changed shape over the years and users re-save them in Excel, so this module
never trusts positions: it finds the header row by its column names within the first lines
(current exports start with a 3-line ``Notes:`` preamble, older and Excel-resaved ones do not),
maps columns by name (case, space and ``_`` insensitive) and reads every value as a string.
UTF-8 (with or without a byte order mark), UTF-16 and UTF-32 (with or without one, recognised
as the vCard reader recognises them) and Windows-1252 are read; the encoding used is noted.

Every record must have as many fields as the header: a shorter one (a file cut off mid-row, a
row that lost its commas) or a longer one is a bad record, never a person made of fragments.
So is a record with a field longer than :data:`~netgraph.ingest.readers.limits.MAX_FIELD_CHARS` in a
column netgraph reads (the problem names the column), or longer than
:data:`~netgraph.ingest.readers.limits.MAX_RECORD_CHARS` in all.

polars does the parsing when every record is one physical line (the common case, and the fast
one). polars fills a short row up with nulls, so the rows whose last field is null are checked
again, line by line, against their physical line. When polars refuses a file (a long row, an
unclosed or stray quote) or a record spans several lines (a quoted field with a line break:
``messages.csv`` CONTENT, a cell Excel wrote with Alt+Enter), the body is read again record by
record (:mod:`~netgraph.ingest.readers.csv_records`), so every row gets the physical line it starts
on and every bad record is named by that line. That module's docstring says where a bad record
ends, and when consecutive short lines are one row cut by line breaks; both paths apply it.

Nothing here keeps a value it was not asked for: only the spec's columns survive parsing, so
columns such as message CONTENT are dropped as soon as the file is parsed.
"""

from __future__ import annotations

import csv
import re
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import polars as pl
from polars.exceptions import PanicException, PolarsError

from netgraph.errors import InputError
from netgraph.ingest.readers import limits
from netgraph.ingest.readers.csv_records import (
    count_fields,
    cut_problem,
    cut_rows,
    scan_records,
    width_problem,
)
from netgraph.ingest.readers.wide_text import decode_wide, sniff_wide

HEADER_SEARCH_LINES = 20
"""How many physical lines may precede the header row (the current preamble uses 3)."""

LINE = "_line"
"""Name of the column holding each row's physical (1-based) line number."""

_BOM = b"\xef\xbb\xbf"
_KEY_JUNK = re.compile(r"[\s_\-]+")
_HEAD_BYTES = 1 << 20  # the header search reads at most this much
_CP1252_NOTE = "decoded as Windows-1252 (cp1252): not valid UTF-8, probably re-saved by Excel"


@dataclass(frozen=True)
class CsvSpec:
    """The columns one kind of export file must have (``required``) and may have (``optional``).

    Names are written as LinkedIn writes them; matching ignores case, spaces, ``_`` and ``-``.
    Read columns are bound by the field length limit, except ``lists`` (columns that list
    several people, such as a group message's recipients: a higher limit) and ``free_text``
    (columns whose value is only tested, never kept, such as an invitation's message: bound
    by the record length limit only).
    """

    label: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    free_text: tuple[str, ...] = ()


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
    binary, is not text in an encoding netgraph reads, or has no header row with the spec's
    required columns. Bad records do not raise: they are returned in ``bad``.
    """
    notes: list[str] = []
    data = _check_bytes(data, path, notes)
    head = _head_lines(data)
    if head is None:  # not UTF-8 near the top: decode it all as cp1252 now
        data, _ = _full_text(data, path, notes)
        head = _head_lines(data) or []
    found = find_header(head, spec)
    if found is None:
        raise InputError(path, _no_header_problem(spec, head))
    index, fields = found
    wanted = _wanted_columns(fields, spec)
    caps = _field_caps(wanted, spec)
    parsed = _read_fast(data, index, fields, wanted, caps)
    if parsed is None:  # polars refused the file or rows span lines: decode and look closer
        utf8, text = _full_text(data, path, notes)
        if utf8 is not data:
            parsed = _read_fast(utf8, index, fields, wanted, caps)
        if parsed is None:
            parsed = _read_slow(text, index, fields, wanted, caps)
    frame, bad = parsed
    frame = _drop_blank_rows(frame, list(wanted))
    frame = _add_missing(frame, spec)
    by_position = sorted(wanted.items(), key=lambda item: item[1])
    headers = {key: fields[position].strip() for key, position in by_position}
    return CsvTable(frame=frame, headers=headers, bad=bad, notes=notes)


def _check_bytes(data: bytes, path: str, notes: list[str]) -> bytes:
    """Make the data UTF-8 (or leave it to the cp1252 fallback) with LF or CRLF line ends.

    UTF-16 and UTF-32 text is decoded (noted); a UTF-8 byte order mark is dropped; empty and
    binary data are refused; CR-only line ends (classic Mac) become LF.
    """
    data = data.removeprefix(_BOM)
    wide = sniff_wide(data)
    if wide is not None:
        text, note = decode_wide(data, *wide)
        notes.append(note)
        data = text.removeprefix("\ufeff").encode("utf-8", errors="replace")
    if not data or data.isspace():
        raise InputError(path, "the file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(path, "this is a binary file, not a CSV file")
    if b"\n" not in data and b"\r" in data:
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


def _field_caps(wanted: dict[str, int], spec: CsvSpec) -> dict[int, int]:
    """The longest value allowed in each read column, by position (free text: no entry)."""
    free = {column_key(name) for name in spec.free_text}
    lists = {column_key(name) for name in spec.lists}
    return {
        position: limits.MAX_LIST_FIELD_CHARS if key in lists else limits.MAX_FIELD_CHARS
        for key, position in wanted.items()
        if key not in free
    }


_Parsed = tuple[pl.DataFrame, list[tuple[int, str]]]
"""The wanted columns (renamed to their keys) with :data:`LINE`, and the bad records."""


def _read_fast(
    data: bytes, index: int, fields: list[str], wanted: dict[str, int], caps: dict[int, int]
) -> _Parsed | None:
    """Parse with polars; None when polars refuses the file or rows are not one line each.

    Every column is parsed (a column selection makes polars accept long rows silently), the
    rows are checked (:func:`_short_rows`, :func:`_long_fields`), then only the wanted columns
    are kept: row ``i`` is on physical line ``index + 2 + i`` when every row is one line.
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
    bad, drop = _odd_rows(frame, data, first)
    bad.update(_long_fields(frame, caps, first, skip=bad))
    frame = frame.select(
        *[pl.nth(position).alias(key) for key, position in wanted.items()],
        pl.int_range(first, first + frame.height, dtype=pl.Int64).alias(LINE),
    )
    if bad or drop:
        frame = frame.filter(~pl.col(LINE).is_in([*bad, *drop]))
    return frame, sorted(bad.items())


def _odd_rows(frame: pl.DataFrame, data: bytes, first: int) -> tuple[dict[int, str], set[int]]:
    """Find rows polars filled up with nulls: (bad lines with their problem, lines to drop).

    polars reads ``Ann,Lee`` under a 7-column header as Ann, Lee and five nulls, and an empty
    field as null too, so the rows whose last field is null (rare: the last column of every
    export is always filled) are checked against their physical line: without quotes, its
    commas give its fields; a line with quotes is parsed again. Blank lines are dropped, and
    so are the later pieces of a row cut by line breaks (:func:`_apply_cuts`).
    """
    last = frame.get_column(frame.columns[-1])
    if not last.null_count():
        return {}, set()
    rows = last.is_null().arg_true()
    text = physical_lines(data).gather(rows + (first - 1))  # line L is item L - 1
    width = frame.width
    checks = pl.DataFrame({"row": rows, "text": text}).with_columns(
        fields=pl.col("text").str.count_matches(",", literal=True) + 1,
        quoted=pl.col("text").str.contains('"', literal=True),
        blank=pl.col("text").str.strip_chars().str.len_bytes() == 0,
    )
    odd = checks.filter(pl.col("quoted") | pl.col("blank") | (pl.col("fields") != width))
    counts: dict[int, int] = {}
    bad: dict[int, str] = {}
    for row, line_text, fields, quoted, blank in odd.iter_rows():
        count, problem = count_fields(line_text) if quoted else (0 if blank else fields, "")
        counts[first + row] = count
        if count != width and (problem or count):
            bad[first + row] = problem or width_problem(count, width)
    drop = {line for line, count in counts.items() if count == 0}
    end = first + frame.height - 1
    _apply_cuts(bad, drop, width, lambda line: counts.get(line, width) if line <= end else None)
    return bad, drop


def _apply_cuts(
    bad: dict[int, str], drop: set[int], width: int, count_of: Callable[[int], int | None]
) -> None:
    """Turn the pieces of rows cut by line breaks into one bad record each (see cut_rows).

    ``bad`` maps lines to problems, ``drop`` collects lines whose rows must go; ``count_of``
    gives the field count of the one-line record on a line (None, 0 or -1 when there is none).
    """
    short: dict[int, int] = {}
    for line in bad:
        count = count_of(line)
        if count is not None and 0 < count < width:
            short[line] = count
    for first, last in cut_rows(short, width, count_of).items():
        bad[first] = cut_problem(first, last)
        for line in range(first + 1, last + 1):
            bad.pop(line, None)
            drop.add(line)


def physical_lines(data: bytes) -> pl.Series:
    """Every physical line of UTF-8 ``data`` (without ``\\n``), item ``i`` being line ``i + 1``."""
    whole = pl.Series([data], dtype=pl.Binary).cast(pl.String)
    return pl.select(whole.str.split("\n").explode()).to_series()


def _long_fields(
    frame: pl.DataFrame, caps: dict[int, int], first: int, skip: dict[int, str]
) -> dict[int, str]:
    """Rows with a field longer than its cap (see :func:`_field_caps`), or too long in all.

    Lengths in bytes bound lengths in characters from above, so the exact (slower) count in
    characters runs only on columns where some value is long in bytes.
    """
    names = frame.columns
    longest = frame.select(pl.nth(range(len(names))).str.len_bytes().max()).row(0)
    bad: dict[int, str] = {}
    for position, name in enumerate(names):
        cap = caps.get(position)
        if cap is not None and (longest[position] or 0) > cap:
            rows = frame.get_column(name).str.len_chars() > cap
            problem = f"{name.strip()} is longer than {cap:,} characters"
            for row in rows.arg_true().to_list():
                bad.setdefault(first + row, problem)
    if sum(length or 0 for length in longest) + len(names) > limits.MAX_RECORD_CHARS:
        total = frame.select(
            pl.sum_horizontal(pl.nth(range(len(names))).str.len_chars().fill_null(0))
        ).to_series()
        problem = f"the row is longer than {limits.MAX_RECORD_CHARS:,} characters"
        for row in (total + len(names) > limits.MAX_RECORD_CHARS).arg_true().to_list():
            bad.setdefault(first + row, problem)
    return {line: problem for line, problem in bad.items() if line not in skip}


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
    text: str, index: int, fields: list[str], wanted: dict[str, int], caps: dict[int, int]
) -> _Parsed:
    """Parse the body with :func:`scan_records`: exact start lines, bad records named."""
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    columns: dict[str, list[str | None]] = {key: [] for key in wanted}
    line_numbers: list[int] = []
    bad: dict[int, str] = {}
    counts = array("i", [-1]) * (len(lines) + 2)  # fields of the one-line record on each line
    for record in scan_records(lines, index + 1, len(fields)):
        if record.end == record.line:
            counts[record.line] = record.count
        values = record.fields
        problem = record.problem if values is None else _field_problem(values, fields, caps)
        if values is None or problem:
            bad[record.line] = problem
            continue
        for key, position in wanted.items():
            columns[key].append(values[position] or None)
        line_numbers.append(record.line)
    drop: set[int] = set()
    _apply_cuts(bad, drop, len(fields), lambda line: counts[line] if line < len(counts) else None)
    frame = pl.DataFrame(
        [pl.Series(key, values, dtype=pl.String) for key, values in columns.items()]
        + [pl.Series(LINE, line_numbers, dtype=pl.Int64)]
    )
    if drop:
        frame = frame.filter(~pl.col(LINE).is_in(list(drop)))
    return frame, sorted(bad.items())


def _field_problem(values: list[str], fields: list[str], caps: dict[int, int]) -> str:
    """Name the first column whose value is longer than its cap ("" if none)."""
    for position, cap in sorted(caps.items()):
        if len(values[position]) > cap:
            return f"{fields[position].strip()} is longer than {cap:,} characters"
    return ""


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
