"""Row work shared by the readers of the LinkedIn export files (polars expressions).

Cleaning text columns, parsing the export's date layouts, and reporting bad rows (raise on the
first, or list them all with ``skip_bad``) the same way for every file.
"""

from __future__ import annotations

import re

import polars as pl

from netgraph.errors import InputError
from netgraph.ingest.readers.linkedin_csv import LINE, CsvTable
from netgraph.ingest.readers.linkedin_sources import Source
from netgraph.ingest.records import BadRecord, ReadResult

DATE_FORMATS = (
    "%d %b %Y",  # 05 Jan 2026 (Connections, 2020 on)
    "%m/%d/%y, %I:%M %p",  # 4/15/18, 9:12 AM (2015-2018; Invitations and Recommendations)
    "%d-%b-%y",  # 5-Jan-26 (Connections re-saved by Excel)
    "%Y-%m-%d %H:%M:%S UTC",  # 2026-04-06 16:35:35 UTC (messages)
    "%Y/%m/%d %H:%M:%S UTC",  # 2026/03/21 02:06:52 UTC (endorsements)
    "%Y-%m-%d",
)
"""Date layouts seen in exports; chrono accepts unpadded days and months for %d and %m."""
_EARLIEST_YEAR = 1000

_BARE_LINKEDIN = re.compile(r"(?i)^(?:[\w-]+\.)*linkedin\.com/")
_UNTIDY_SPACE = [  # a run of spaces, or any Unicode White_Space character but the space
    "  ",
    *"\t\n\x0b\x0c\r\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000",
    *(chr(code) for code in range(0x2000, 0x200B)),
]
_IDENTIFIERS = frozenset(
    {
        "url",
        "emailaddress",
        "conversationid",
        "senderprofileurl",
        "recipientprofileurls",
        "inviterprofileurl",
        "inviteeprofileurl",
        "endorserpublicurl",
    }
)


def clean_columns(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Trim the ``keys`` columns and collapse inner whitespace; empty becomes null.

    Same result as ``netgraph.text.clean_text`` per value, except that URLs, emails and
    conversation ids (:data:`_IDENTIFIERS`) are only trimmed: whitespace inside them is
    damage, not layout. The collapsing regex is slow over a million rows, so it runs only on
    the values that hold a whitespace run or a non-space whitespace character (rare).
    """
    frame = frame.with_columns([pl.col(key).str.strip_chars().replace("", None) for key in keys])
    texts = [key for key in keys if key not in _IDENTIFIERS]
    untidy = frame.select([pl.col(key).str.contains_any(_UNTIDY_SPACE).any() for key in texts])
    for key, flagged in zip(texts, untidy.row(0) if texts else (), strict=True):
        if flagged:
            values = frame.get_column(key)
            rows = values.str.contains_any(_UNTIDY_SPACE).fill_null(False).arg_true()
            tidied = values.gather(rows).str.replace_all(r"\s+", " ")
            frame = frame.with_columns(values.clone().scatter(rows, tidied))
    return frame


def only(frame: pl.DataFrame, keep: pl.Series) -> pl.DataFrame:
    """The rows where ``keep`` is true (the frame itself when that is every row)."""
    return frame if keep.all() else frame.filter(keep)


def fix_url(key: str) -> pl.Expr:
    """Give scheme-less LinkedIn URLs (``www.linkedin.com/in/x``) an ``https://`` scheme."""
    url = pl.col(key)
    bare = url.str.contains(_BARE_LINKEDIN.pattern)
    return pl.when(bare).then(pl.lit("https://") + url).otherwise(url).alias(key)


def join_names(first: str, last: str) -> pl.Expr:
    """First and last name joined by a space; null when both are empty."""
    name = pl.concat_str([pl.col(first), pl.col(last)], separator=" ", ignore_nulls=True)
    return pl.when(name.str.len_bytes() > 0).then(name)


def parse_dates(values: pl.Series) -> pl.Series:
    """Parse a String series of export dates into Dates (null where no format fits).

    The format of the first value is tried alone first; only when some values still fail are
    all :data:`DATE_FORMATS` coalesced, so a uniform million-row column costs one pass. A year
    of fewer than four digits (``05 Jan 20``: a file cut inside its last date) is no date.
    """
    present = values.drop_nulls()
    if present.is_empty():
        return pl.Series(values.name, [None] * len(values), dtype=pl.Date)
    probe = present.head(1)
    ordered = sorted(
        DATE_FORMATS, key=lambda fmt: probe.str.to_date(fmt, strict=False).null_count() > 0
    )
    parsed = values.str.to_date(ordered[0], strict=False)
    if (values.is_not_null() & parsed.is_null()).any():
        tries = [values.str.to_date(fmt, strict=False) for fmt in ordered]
        parsed = pl.select(pl.coalesce(tries)).to_series()
    if (parsed.dt.year() < _EARLIEST_YEAR).any():
        parsed = parsed.set(parsed.dt.year() < _EARLIEST_YEAR, None)
    return parsed.alias(values.name)


def prepare(
    table: CsvTable, date_key: str, frame: pl.DataFrame | None = None
) -> tuple[pl.DataFrame, pl.Series, list[tuple[int, str]]]:
    """Clean the spec's text columns and parse ``date_key`` into Dates.

    Returns the frame (``table.frame`` unless given one with extra columns, left alone), a mask
    of the rows whose date is known or empty, and the others as bad rows. Rows are not dropped
    here so a caller can combine its own conditions into one filter.
    """
    frame = table.frame if frame is None else frame
    frame = clean_columns(frame, [key for key in table.frame.columns if key != LINE])
    dates = parse_dates(frame.get_column(date_key))
    known = frame.get_column(date_key).is_null() | dates.is_not_null()
    problem = f"{table.headers.get(date_key, date_key)} is not a date in a known format"
    bad = [(line, problem) for line in frame.filter(~known).get_column(LINE).to_list()]
    return frame.with_columns(dates.alias(date_key)), known, bad


def report_bad(
    bad: list[tuple[int, str]], source: Source, result: ReadResult, skip_bad: bool
) -> None:
    """Raise on the first bad row, or (with ``skip_bad``) record every bad row in the result."""
    bad = sorted(bad)
    if bad and not skip_bad:
        line, problem = bad[0]
        raise InputError(source.path, problem, f"line {line}")
    result.bad.extend(BadRecord(f"{source.prefix}line {line}", problem) for line, problem in bad)


def count_skipped(result: ReadResult, reason: str, count: int = 1) -> None:
    """Count rows skipped for ``reason``."""
    if count:
        result.skipped[reason] = result.skipped.get(reason, 0) + count
