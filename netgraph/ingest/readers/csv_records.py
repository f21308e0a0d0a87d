"""Cut CSV text into records, naming every bad record by the physical line it starts on.

The stdlib :mod:`csv` module parses (RFC 4180, strict): a quoted field may hold commas, doubled
quotes and line breaks (Excel writes one for Alt+Enter in a cell), so a record may span several
physical lines. A record is good when it has as many fields as the header (or, for callers that
allow it, at least ``min_width``); blank and whitespace-only lines are not records.

**A row cut by line breaks.** A line break outside quotes cuts a row in pieces, the first
field of a piece being the rest of the field the break cut. Consecutive one-line records with
fewer fields than the header whose fields add up to one row that way are one bad record
(:func:`cut_rows`), even when the last piece alone has the header's width: ``P`` then
``riya,Raman,...`` never becomes a person named "riya Raman".

**Where a bad record ends.** A record with the wrong number of fields on one line, or a stray
quote on one line, is one bad line, and scanning goes on with the next line. A bad record that
spans several lines (a quote that is never closed swallows the lines after it until the next
quote, or the end of the file) ends just before the first of the lines it swallowed from which
a good record parses: scanning resynchronises there. The lines in between (fragments of the
broken record, such as the second line of a cell whose closing quote was lost) are skipped with
it and are never read as records of their own. So an unclosed quote costs one bad record, the
good rows after it are still read, and its fragments never become people.

No record may be longer than :data:`~netgraph.ingest.readers.limits.MAX_RECORD_CHARS`: a longer one
(or a quote left open over more than that much text) is a bad record too, so neither memory nor
time grows with a broken file beyond that bound per record.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from netgraph.ingest.readers import limits

UNCLOSED = "a quoted field is never closed (unclosed quote)"
STRAY = "text after the closing quote of a field (stray quote)"


@dataclass(frozen=True)
class Scanned:
    """One record: its first and last physical lines (1-based), its fields, or its problem.

    ``count`` is how many fields it has when it could be parsed (0 otherwise).
    """

    line: int
    fields: list[str] | None
    problem: str = ""
    count: int = 0
    end: int = 0


class _TooLong(Exception):
    """The record being read passed :data:`limits.MAX_RECORD_CHARS`."""


class _Feed:
    """Hands ``lines[start:]`` to a csv reader one physical line at a time.

    ``position`` is the index of the next line to hand over, so the lines a record took are
    known; ``used`` counts the characters handed over since the caller last reset it, and
    passing :data:`limits.MAX_RECORD_CHARS` raises :class:`_TooLong` out of the reader.
    """

    def __init__(self, lines: Sequence[str], start: int) -> None:
        self.lines = lines
        self.position = start
        self.used = 0
        self.limit = limits.MAX_RECORD_CHARS

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        if self.position >= len(self.lines):
            raise StopIteration
        line = self.lines[self.position]
        self.position += 1
        self.used += len(line) + 1
        if self.used > self.limit:
            raise _TooLong
        return line + "\n"


def scan_records(
    lines: Sequence[str], first: int, width: int, *, min_width: int | None = None
) -> Iterator[Scanned]:
    """Yield the records of ``lines[first:]`` (physical lines without their ``\\n``) in order.

    A record is good with ``min_width`` (default ``width``) to ``width`` fields. Bad records
    come with their problem, worded without any of their content; see the module docstring
    for where a bad record ends.
    """
    lowest = width if min_width is None else min_width
    start = first
    while start < len(lines):
        feed = _Feed(lines, start)
        reader = csv.reader(feed, strict=True)
        begin = start
        problem = ""
        while not problem:
            begin, feed.used, record = feed.position, 0, None
            try:
                record = _next_record(reader)
            except (csv.Error, _TooLong) as error:
                problem = _problem(error, feed.position - begin > 1)
                break
            if record is None:
                return
            if not is_blank(record):
                problem = width_problem(len(record), width, lowest)
                if not problem:
                    yield Scanned(begin + 1, record, count=len(record), end=feed.position)
        count = len(record) if record is not None else 0
        end = feed.position
        start = _resync(lines, begin, end, width, lowest)
        if start - begin > 1:
            problem += f"; lines {begin + 1}-{start} are skipped with it"
        yield Scanned(begin + 1, None, problem, count=count, end=max(end, start))


def is_blank(record: Sequence[str]) -> bool:
    """Whether a parsed line is blank: no field, or one field of white space."""
    return not record or (len(record) == 1 and not record[0].strip())


def width_problem(count: int, width: int, lowest: int | None = None) -> str:
    """The problem of a record with ``count`` fields, or "" when the count is right."""
    lowest = width if lowest is None else lowest
    if lowest <= count <= width:
        return ""
    field_s = "field" if count == 1 else "fields"
    if count < lowest < width:
        return f"{count} {field_s} where at least {lowest} are needed (the header has {width})"
    return f"{count} {field_s} where the header has {width}"


def count_fields(text: str) -> tuple[int, str]:
    """Parse one physical line as a whole record: ``(fields, "")``, 0 fields when blank, or
    ``(-1, problem)`` when it is not a CSV record."""
    try:
        record = _next_record(csv.reader(_Feed([text], 0), strict=True)) or []
    except (csv.Error, _TooLong) as error:
        return -1, _problem(error, False)
    return (0 if is_blank(record) else len(record)), ""


def cut_rows(
    short: dict[int, int], width: int, count_of: Callable[[int], int | None]
) -> dict[int, int]:
    """Find rows cut in pieces by line breaks outside quotes: ``{first line: last line}``.

    ``short`` maps the lines holding one record with fewer fields than the header to their
    field count; ``count_of(line)`` gives the field count of the one-line record on a line
    (None for a blank line, a record over several lines, or past the end). A line break in a
    field splits it in two, so consecutive lines of ``a``, ``b``, ... fields whose
    ``a + b + ... - (pieces - 1)`` is exactly the header's width are most likely one row:
    ``P`` then ``riya,Raman,...`` (all 7 fields) is Priya's row, not a person named "riya Raman".
    Such lines make one bad record, which may take a whole row with it (listed, never silent).
    """
    cuts: dict[int, int] = {}
    taken = 0
    for first in sorted(short):
        if first <= taken:
            continue
        total, line = short[first], first
        while total < width and line - first < 2 * width:
            count = count_of(line + 1)
            if count is None or count < 1 or total + count - 1 > width:
                break
            total, line = total + count - 1, line + 1
        if total == width and line > first:
            cuts[first] = taken = line
    return cuts


def cut_problem(first: int, last: int) -> str:
    """The problem of a row cut by line breaks (see :func:`cut_rows`)."""
    return f"a row cut by a line break outside quotes: lines {first}-{last} are skipped"


def _next_record(reader: Iterator[list[str]]) -> list[str] | None:
    """The reader's next record (None at the end), parsed with the field size limit raised.

    The limit is process-wide state, so it is raised only while parsing, never across a
    ``yield``; the record length limit of :class:`_Feed` is the real bound.
    """
    previous = csv.field_size_limit(limits.MAX_RECORD_CHARS)
    try:
        return next(reader, None)
    finally:
        csv.field_size_limit(previous)


def _resync(lines: Sequence[str], begin: int, end: int, width: int, lowest: int) -> int:
    """Where scanning resumes after a bad record that starts at ``begin`` (0-based).

    ``end`` is the index after the last line the failed parse took. The first line after
    ``begin`` and before ``end`` from which a good record parses is the resumption point; when
    there is none, scanning resumes at ``end`` (at once, for a bad record of one line).
    """
    for candidate in range(begin + 1, end):
        try:
            record = _next_record(csv.reader(_Feed(lines, candidate), strict=True))
        except (csv.Error, _TooLong):
            continue
        if record is not None and not is_blank(record) and lowest <= len(record) <= width:
            return candidate
    return max(end, begin + 1)


def _problem(error: Exception, spanned: bool) -> str:
    """Describe why a record could not be read, without quoting any of its content.

    A record that ran over several lines and then broke is reported as an unclosed quote:
    that is what makes a record swallow the lines after it.
    """
    if isinstance(error, _TooLong):
        return UNCLOSED if spanned else f"the row is longer than {_limit_text()}"
    message = str(error)
    if spanned or "unexpected end of data" in message:
        return UNCLOSED
    if "expected after" in message:
        return STRAY
    if "field larger than field limit" in message:
        return f"a field is longer than {_limit_text()}"
    if "new-line character" in message:
        return "a bare carriage return inside a field"
    if "NUL" in message:
        return "a NUL byte inside a field"
    return "malformed CSV record"


def _limit_text() -> str:
    """The record length limit, in words."""
    return f"{limits.MAX_RECORD_CHARS:,} characters"
