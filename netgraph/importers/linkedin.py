"""Read a LinkedIn data export ("Get a copy of your data") into netgraph records.

The path may be a ``Connections.csv``, an unzipped export folder or the export ``.zip``. From
a folder or zip five files are read when present, matched case- and separator-insensitively:

* ``Connections.csv`` → one :class:`Contact` per connection;
* ``messages.csv`` → one ``"messages"`` :class:`Interaction` per counterpart of the owner;
* ``Invitations.csv`` → one ``"invitation"`` Interaction per counterpart;
* ``Endorsement_Received_Info.csv`` → one ``"endorsement"`` Interaction per endorser;
* ``Recommendations_Received.csv`` → one ``"recommendation"`` Interaction per recommender.

Message texts, invitation notes and recommendation texts are never kept: only counts, dates
and whether an invitation carried a note. Endorsements and recommendations count whatever
their status (``ACCEPTED``/``VISIBLE`` or hidden/pending): the status records how the owner
chose to display them, while the tie they witness exists either way; recommendations that are
not ``VISIBLE`` are mentioned in ``detail``.

Without ``skip_bad`` the first malformed row raises :class:`InputError` naming its file and
line; with it such rows are reported in :attr:`ReadResult.bad` and reading goes on.
"""

from __future__ import annotations

import gc
import os
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from netgraph.errors import InputError
from netgraph.identity import linkedin_key, name_key
from netgraph.importers.linkedin_csv import LINE, CsvSpec, CsvTable, read_table
from netgraph.records import BadRecord, Contact, Interaction, ReadResult

__all__ = ["read_linkedin"]

MAX_FILE_BYTES = 1 << 30
"""Largest CSV read (1 GiB); a 30,000-connection export is about 3 MB."""
MAX_ZIP_ENTRIES = 100_000
MAX_ZIP_RATIO = 1_000
"""A member that inflates more than this many times (beyond 16 MiB) is treated as a zip bomb."""

DATE_FORMATS = (
    "%d %b %Y",  # 05 Jan 2026 (Connections, 2020 on)
    "%m/%d/%y, %I:%M %p",  # 4/15/18, 9:12 AM (2015-2018; Invitations and Recommendations)
    "%d-%b-%y",  # 5-Jan-26 (Connections re-saved by Excel)
    "%Y-%m-%d %H:%M:%S UTC",  # 2026-04-06 16:35:35 UTC (messages)
    "%Y/%m/%d %H:%M:%S UTC",  # 2026/03/21 02:06:52 UTC (endorsements)
    "%Y-%m-%d",
)
"""Date layouts seen in exports; chrono accepts unpadded days and months for %d and %m."""

CONNECTIONS = CsvSpec(
    "Connections.csv",
    required=("First Name", "Last Name", "Connected On"),
    optional=("URL", "Email Address", "Company", "Position"),
)
MESSAGES = CsvSpec(
    "messages.csv",
    required=("From", "To", "Date"),
    optional=(
        "Conversation ID",
        "Sender Profile URL",
        "Recipient Profile URLs",
        "Folder",
        "Direction",
        "Is Message Draft",
    ),
    multiline=True,
)
INVITATIONS = CsvSpec(
    "Invitations.csv",
    required=("From", "To", "Sent At", "Direction"),
    optional=("Message", "inviterProfileUrl", "inviteeProfileUrl"),
    multiline=True,  # a Message may span lines
)
ENDORSEMENTS = CsvSpec(
    "Endorsement_Received_Info.csv",
    required=("Endorsement Date", "Skill Name", "Endorser First Name", "Endorser Last Name"),
    optional=("Endorser Public Url", "Endorsement Status"),
)
RECOMMENDATIONS = CsvSpec(
    "Recommendations_Received.csv",
    required=("First Name", "Last Name", "Creation Date"),
    optional=("Company", "Job Title", "Status"),
    multiline=True,  # the Text column (not read) may span lines
)
SPECS = {
    "connectionscsv": CONNECTIONS,
    "messagescsv": MESSAGES,
    "invitationscsv": INVITATIONS,
    "endorsementreceivedinfocsv": ENDORSEMENTS,
    "recommendationsreceivedcsv": RECOMMENDATIONS,
}
"""Export files read, by :func:`file_key` of their name, in reading order."""

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
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
_OUTGOING = frozenset({"outgoing", "sent"})
_INCOMING = frozenset({"incoming", "received"})


@dataclass(frozen=True)
class _Source:
    """One export file to read: its spec, how errors and locators name it, how to load it."""

    spec: CsvSpec
    name: str  # the file name as found
    path: str  # what InputError names: the file, or folder/zip joined with the member
    prefix: str  # locator prefix: "" for a lone file, "messages.csv " inside a folder or zip
    load: Callable[[], bytes]


def read_linkedin(path: str | os.PathLike[str], *, skip_bad: bool = False) -> ReadResult:
    """Read a LinkedIn ``Connections.csv``, export folder or export ``.zip``.

    Raises :class:`InputError` when the path cannot be read, is not a LinkedIn export, or
    (unless ``skip_bad``) holds a malformed row.
    """
    where = os.fspath(path)
    result = ReadResult(path=where, kind="linkedin")
    for source in _sources(Path(where)):
        table = read_table(source.load(), source.path, source.spec)
        result.files_read.append(source.name)
        result.notes.extend(f"{Path(source.name).name}: {note}" for note in table.notes)
        _READERS[source.spec.label](table, source, result, skip_bad)
    return result


# --- finding the files ------------------------------------------------------------------------


def file_key(name: str) -> str:
    """Return the form under which export file names are matched.

    >>> file_key("Endorsement Received Info.CSV") == file_key("Endorsement_Received_Info.csv")
    True
    """
    return _NOT_ALNUM.sub("", name.casefold())


def _sources(path: Path) -> Iterator[_Source]:
    """Yield the export files under ``path`` (a CSV file, a folder or a zip), in reading order."""
    where = str(path)
    if path.is_dir():
        yield from _folder_sources(path)
    elif not path.exists():
        raise InputError(where, "no such file or folder")
    elif path.suffix.casefold() == ".zip" or _is_zip(path):
        yield from _zip_sources(path)
    else:
        spec = SPECS.get(file_key(path.name), CONNECTIONS)
        yield _Source(spec, where, where, "", lambda: _read_file(path))


def _is_zip(path: Path) -> bool:
    """Tell whether a file is a zip archive, treating unreadable files as not."""
    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False


def _not_an_export(where: str) -> InputError:
    """The error for a folder or zip without any of the known export files."""
    names = ", ".join(spec.label for spec in SPECS.values())
    return InputError(where, f"not a LinkedIn export: none of {names} found")


def _folder_sources(folder: Path) -> Iterator[_Source]:
    """Yield the known files of an unzipped export (also one folder level down)."""
    found: dict[str, Path] = {}
    try:
        top = sorted(folder.iterdir())
        candidates = [entry for entry in top if entry.is_file()]
        for sub in (entry for entry in top if entry.is_dir()):
            candidates.extend(sorted(entry for entry in sub.iterdir() if entry.is_file()))
    except OSError as error:
        raise InputError(str(folder), f"cannot read the folder: {error.strerror}") from None
    for entry in candidates:
        found.setdefault(file_key(entry.name), entry)
    known = [(key, found[key]) for key in SPECS if key in found]
    if not known:
        raise _not_an_export(str(folder))
    for key, entry in known:
        yield _Source(SPECS[key], entry.name, str(entry), f"{entry.name} ", _loader(entry))


def _loader(path: Path) -> Callable[[], bytes]:
    """Bind a path for later reading (a lambda in a loop would capture the last one)."""
    return lambda: _read_file(path)


def _read_file(path: Path) -> bytes:
    """Read a whole file, refusing absurd sizes."""
    where = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(where, f"the file is larger than {MAX_FILE_BYTES >> 20} MiB")
        return path.read_bytes()
    except OSError as error:
        raise InputError(where, f"cannot read the file: {error.strerror or error}") from None


def _zip_sources(path: Path) -> Iterator[_Source]:
    """Yield the known members of an export zip, read in memory (paths inside are ignored)."""
    where = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise InputError(where, f"the zip holds more than {MAX_ZIP_ENTRIES} entries")
            found: dict[str, zipfile.ZipInfo] = {}
            for info in sorted(infos, key=lambda item: item.filename.count("/")):
                if not info.is_dir():
                    found.setdefault(file_key(_member_name(info)), info)
            known = [(key, found[key]) for key in SPECS if key in found]
            if not known:
                raise _not_an_export(where)
            for key, info in known:
                name = _member_name(info)
                member_path = os.path.join(where, name)
                load = _member_loader(archive, info, member_path)
                yield _Source(SPECS[key], name, member_path, f"{name} ", load)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise InputError(where, f"not a readable zip file ({type(error).__name__})") from None


def _member_name(info: zipfile.ZipInfo) -> str:
    """The base name of a zip member (folders inside the zip are ignored)."""
    return info.filename.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _member_loader(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str
) -> Callable[[], bytes]:
    """Bind one zip member for later reading."""
    return lambda: _read_member(archive, info, where)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> bytes:
    """Read one zip member in memory, refusing encrypted members and zip bombs."""
    if info.flag_bits & 0x1:
        raise InputError(where, "the zip member is encrypted")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > MAX_FILE_BYTES or (info.file_size > 1 << 24 and ratio > MAX_ZIP_RATIO):
        raise InputError(where, "the zip member is implausibly large (zip bomb?)")
    try:
        with archive.open(info) as member:
            data = member.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError) as error:
        raise InputError(where, f"damaged zip member ({type(error).__name__})") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(where, "the zip member is implausibly large (zip bomb?)")
    return data


# --- shared row work (polars expressions) ----------------------------------------------------


def clean_columns(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Trim the ``keys`` columns and collapse inner whitespace; empty becomes null.

    Same result as ``netgraph.identity.clean_text`` per value, except that URLs, emails and
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


def _only(frame: pl.DataFrame, keep: pl.Series) -> pl.DataFrame:
    """The rows where ``keep`` is true (the frame itself when that is every row)."""
    return frame if keep.all() else frame.filter(keep)


def _fix_url(key: str) -> pl.Expr:
    """Give scheme-less LinkedIn URLs (``www.linkedin.com/in/x``) an ``https://`` scheme."""
    url = pl.col(key)
    bare = url.str.contains(_BARE_LINKEDIN.pattern)
    return pl.when(bare).then(pl.lit("https://") + url).otherwise(url).alias(key)


def _join_names(first: str, last: str) -> pl.Expr:
    """First and last name joined by a space; null when both are empty."""
    name = pl.concat_str([pl.col(first), pl.col(last)], separator=" ", ignore_nulls=True)
    return pl.when(name.str.len_bytes() > 0).then(name)


def parse_dates(values: pl.Series) -> pl.Series:
    """Parse a String series of export dates into Dates (null where no format fits).

    The format of the first value is tried alone first; only when some values still fail are
    all :data:`DATE_FORMATS` coalesced, so a uniform million-row column costs one pass.
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
    return parsed.alias(values.name)


def _prepare(
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


def _report(
    bad: list[tuple[int, str]], source: _Source, result: ReadResult, skip_bad: bool
) -> None:
    """Raise on the first bad row, or (with ``skip_bad``) record every bad row in the result."""
    bad = sorted(bad)
    if bad and not skip_bad:
        line, problem = bad[0]
        raise InputError(source.path, problem, f"line {line}")
    result.bad.extend(BadRecord(f"{source.prefix}line {line}", problem) for line, problem in bad)


def _skip(result: ReadResult, reason: str, count: int = 1) -> None:
    """Count rows skipped for ``reason``."""
    if count:
        result.skipped[reason] = result.skipped.get(reason, 0) + count


# --- Connections.csv ---------------------------------------------------------------------------

_CONNECTION_COLUMNS = ("firstname", "lastname", "url", "emailaddress", "company", "position")


def _read_connections(table: CsvTable, source: _Source, result: ReadResult, skip_bad: bool) -> None:
    """Turn Connections.csv rows into Contacts; rows without name, URL or email are skipped."""
    frame = connection_frame(table, source, result, skip_bad)
    headers = [table.headers.get(key, key) for key in (*_CONNECTION_COLUMNS, "connectedon")]
    columns = [series.to_list() for series in frame.get_columns()]
    result.contacts.extend(_contacts(columns, headers))


def connection_frame(
    table: CsvTable, source: _Source, result: ReadResult, skip_bad: bool
) -> pl.DataFrame:
    """Parse and normalise Connections.csv rows in polars, ready for :func:`_contacts`.

    Bad rows are reported through ``result`` (or raise), date-only rows are counted as skipped.
    """
    raw_keys = list(table.headers)
    frame = table.frame.with_columns([pl.col(key).alias(f"raw:{key}") for key in raw_keys])
    frame, known, bad = _prepare(table, "connectedon", frame)
    _report(table.bad + bad, source, result, skip_bad)
    identified = frame.select(
        pl.any_horizontal(
            [pl.col(key).is_not_null() for key in ("firstname", "lastname", "url", "emailaddress")]
        )
    ).to_series()
    _skip(result, "date-only rows", int((known & ~identified).sum()))
    frame = _only(frame, known & identified).with_columns(_fix_url("url"))
    name = pl.coalesce(_join_names("firstname", "lastname"), "emailaddress", "url")
    line = pl.col(LINE).cast(pl.String)
    locator = pl.concat_str([pl.lit(f"{source.prefix}line "), line])
    return frame.select(
        name.alias("name"),
        locator.alias("locator"),
        *_CONNECTION_COLUMNS,
        "connectedon",
        *[_as_read(key, key in table.headers) for key in _CONNECTION_COLUMNS],
        "raw:connectedon",
    )


def _as_read(key: str, present: bool) -> pl.Expr:
    """The value of ``key`` as read where cleaning changed it, else null (the clean one serves)."""
    if not present:
        return pl.lit(None, pl.String).alias(f"raw:{key}")
    raw = pl.col(f"raw:{key}")
    return pl.when(pl.col(key) != raw).then(raw).alias(f"raw:{key}")


def _contacts(columns: list[list[Any]], headers: list[str]) -> list[Contact]:
    """Build one Contact per row from prepared columns.

    The columns are name, locator, first name, last name, URL, email, company, position,
    connected on (a date), then the same seven fields as read (null where cleaning changed
    nothing, so ``raw`` shares the clean strings) with ``headers`` naming them. This loop is
    most of the cost of an import (about 80% for a million rows), hence the unrolled ``raw``
    and the cyclic garbage collector paused meanwhile (a million new containers would
    otherwise trigger it hundreds of times: 3x slower).
    """
    h_first, h_last, h_url, h_email, h_company, h_position, h_on = headers
    contacts: list[Contact] = []
    append = contacts.append
    paused = gc.isenabled()
    gc.disable()
    try:
        for (
            name, locator, first, last, url, email, company, position, on,
            r_first, r_last, r_url, r_email, r_company, r_position, r_on,
        ) in zip(*columns, strict=True):  # fmt: skip
            raw: dict[str, str] = {}
            if first is not None:
                raw[h_first] = first if r_first is None else r_first
            if last is not None:
                raw[h_last] = last if r_last is None else r_last
            if url is not None:
                raw[h_url] = url if r_url is None else r_url
            if email is not None:
                raw[h_email] = email if r_email is None else r_email
            if company is not None:
                raw[h_company] = company if r_company is None else r_company
            if position is not None:
                raw[h_position] = position if r_position is None else r_position
            if r_on is not None:
                raw[h_on] = r_on
            append(
                Contact(
                    name=name,
                    locator=locator,
                    first_name=first,
                    last_name=last,
                    company=company,
                    title=position,
                    emails=[email] if email else [],
                    linkedin_url=url,
                    connected_on=on,
                    raw=raw,
                )
            )
    finally:
        if paused:
            gc.enable()
    return contacts


# --- per-counterpart tallies ---------------------------------------------------------------------


class _Tally:
    """Interactions of one kind keyed by counterpart (LinkedIn URL key, else folded name)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.items: dict[str, Interaction] = {}
        self._rank: dict[str, int] = {}

    def get(self, name: str | None, url: str | None, rank: int = 1) -> Interaction | None:
        """The counterpart's Interaction (created on first sight); None without name or URL.

        A name seen with a higher ``rank`` replaces an earlier one (a sender's own FROM name
        beats a name cut out of a group chat's TO list).
        """
        key = counterpart_key(name, url)
        if key is None:
            return None
        item = self.items.get(key)
        if item is None:
            item = Interaction(kind=self.kind, name=name or _slug(url), linkedin_url=url)
            self.items[key] = item
            self._rank[key] = rank if name else -1
        else:
            if name and rank > self._rank[key]:
                item.name, self._rank[key] = name, rank
            if item.linkedin_url is None:
                item.linkedin_url = url
        return item


def counterpart_key(name: str | None, url: str | None) -> str | None:
    """The key under which rows about one counterpart are added up.

    >>> counterpart_key("Bo Ek", "www.linkedin.com/in/bo-ek/")
    'linkedin.com/in/bo-ek'
    >>> counterpart_key("  Bo  EK ", None)
    'name:bo ek'
    """
    key = linkedin_key(url)
    if key:
        return key
    folded = name_key(name)
    return f"name:{folded}" if folded else None


def _slug(url: str | None) -> str:
    """A stand-in name for a counterpart known only by URL: the profile slug."""
    key = linkedin_key(url)
    return key.rsplit("/", 1)[-1] if key else (url or "")


def _later(item: Interaction, when: date | None) -> None:
    """Keep the latest date seen for a counterpart."""
    if when is not None and (item.last_date is None or when > item.last_date):
        item.last_date = when


# --- messages.csv ------------------------------------------------------------------------------


_Recipient = tuple[str | None, str | None, int]  # name, URL, name rank (see _Tally.get)


@dataclass(frozen=True)
class _Message:
    """The parts of one message row that matter (never its subject or content)."""

    line: int
    conversation: str | None
    sender: str | None
    sender_url: str | None
    to: str | None
    recipient_urls: str | None
    when: date | None
    direction: str | None


def _read_messages(table: CsvTable, source: _Source, result: ReadResult, skip_bad: bool) -> None:
    """Count messages per counterpart of the owner; drafts and anonymous senders are skipped.

    The owner is the sender URL that takes part in the most conversations (ties: the one that
    sent the most messages); in an owner's own export they take part in every conversation,
    while "most messages sent" can pick a chatty counterpart. The 2018 layout has no URLs and
    says who sent what in its ``Direction`` column.
    """
    frame, known, bad = _prepare(table, "date")
    _report(table.bad + bad, source, result, skip_bad)
    frame = _only(frame, known)
    folder = pl.col("folder").str.to_lowercase().str.starts_with("draft")
    flagged = pl.col("ismessagedraft").str.to_lowercase().is_in(["yes", "true", "1"])
    draft = frame.select(folder.fill_null(False) | flagged.fill_null(False)).to_series()
    _skip(result, "draft messages", int(draft.sum()))
    frame = _only(frame, ~draft).with_columns(_fix_url("senderprofileurl"))
    columns = (LINE, "conversationid", "from", "senderprofileurl", "to", "recipientprofileurls")
    messages = [_Message(*row) for row in frame.select(*columns, "date", "direction").iter_rows()]
    if "direction" in table.headers and "senderprofileurl" not in table.headers:
        tally = _tally_by_direction(messages, result)
    else:
        urls = _urls_by_name(messages)
        recipients = [_recipients(m.to, m.recipient_urls, urls) for m in messages]
        owner = _owner(messages, recipients)
        if owner is not None:
            result.owner_linkedin_url = owner[1]
        tally = _tally_by_owner(messages, recipients, owner[0] if owner else None, result)
    result.interactions.extend(tally.items.values())


def _urls_by_name(messages: list[_Message]) -> dict[str, str]:
    """Map senders' names to their profile URLs, to place recipients listed by name only."""
    urls: dict[str, str] = {}
    for message in messages:
        folded = name_key(message.sender)
        if message.sender_url and folded:
            urls.setdefault(folded, message.sender_url)
    return urls


def _recipients(to: str | None, urls: str | None, known: dict[str, str]) -> list[_Recipient]:
    """(name, URL, name rank) per recipient of a message.

    TO names are split on commas only when they pair one-to-one with the URLs, or (without
    URLs, 2021 layout) when every part is a known sender: a name such as "Lovelace, PhD"
    contains a comma too. Names without a URL get the URL their owner sent messages with.
    """
    url_list = [url if "://" in url else f"https://{url}" for url in _split_urls(urls)]
    names = [name.strip() for name in (to or "").split(",")]
    if len(url_list) > 1:
        if len(names) == len(url_list):
            return [(name or None, url, 1) for name, url in zip(names, url_list, strict=True)]
        return [(None, url, 0) for url in url_list]
    if url_list:
        return [(to, url_list[0], 1)]
    if len(names) > 1 and all(name_key(name) in known for name in names):
        return [(name, known[name_key(name)], 1) for name in names]
    return [(to, known.get(name_key(to)), 1)]


def _split_urls(urls: str | None) -> list[str]:
    """Split a comma-joined list of profile URLs."""
    return [url.strip() for url in (urls or "").split(",") if url.strip()]


def _owner(messages: list[_Message], recipients: list[list[_Recipient]]) -> tuple[str, str] | None:
    """(URL key, URL as written) of the export's owner, or None when no sender has a URL."""
    conversations: dict[str, set[str]] = {}
    sent: Counter[str] = Counter()
    written: dict[str, str] = {}
    for message, to in zip(messages, recipients, strict=True):
        sender = linkedin_key(message.sender_url)
        if sender is None or message.sender_url is None:
            continue
        written.setdefault(sender, message.sender_url)
        sent[sender] += 1
        conversation = message.conversation or f"line {message.line}"
        conversations.setdefault(sender, set()).add(conversation)
        for _, url, _ in to:
            recipient = linkedin_key(url)
            if recipient:
                conversations.setdefault(recipient, set()).add(conversation)
    if not sent:
        return None
    owner = max(sent, key=lambda key: (len(conversations[key]), sent[key]))
    return owner, written[owner]


def _is_anonymous(name: str | None, url: str | None) -> bool:
    """A sender LinkedIn hides ("LinkedIn Member" with no profile URL)."""
    return url is None and (name or "").casefold() in ("", "linkedin member")


def _tally_by_owner(
    messages: list[_Message],
    recipients: list[list[_Recipient]],
    owner: str | None,
    result: ReadResult,
) -> _Tally:
    """Tally messages when senders carry URLs: the owner's messages are ``sent`` to each
    recipient, everyone else's are ``received`` from their sender."""
    tally = _Tally("messages")
    for message, to in zip(messages, recipients, strict=True):
        if owner is not None and linkedin_key(message.sender_url) == owner:
            for name, url, rank in to:
                item = None if linkedin_key(url) == owner else tally.get(name, url, rank)
                if item is not None:
                    item.sent += 1
                    _later(item, message.when)
        elif _is_anonymous(message.sender, message.sender_url):
            _skip(result, "messages from LinkedIn Member")
        else:
            item = tally.get(message.sender, message.sender_url, 2)
            if item is not None:
                item.received += 1
                _later(item, message.when)
    return tally


def _tally_by_direction(messages: list[_Message], result: ReadResult) -> _Tally:
    """Tally 2018-layout messages (names only) using their Direction column."""
    tally = _Tally("messages")
    for message in messages:
        direction = (message.direction or "").casefold()
        if direction in _OUTGOING:
            item = tally.get(message.to, None)
            if item is not None:
                item.sent += 1
                _later(item, message.when)
        elif direction in _INCOMING and not _is_anonymous(message.sender, None):
            item = tally.get(message.sender, None)
            if item is not None:
                item.received += 1
                _later(item, message.when)
        else:
            _skip(result, "messages without a known direction or sender")
    return tally


# --- Invitations.csv ---------------------------------------------------------------------------


def _read_invitations(table: CsvTable, source: _Source, result: ReadResult, skip_bad: bool) -> None:
    """One Interaction per counterpart: ``sent`` OUTGOING and ``received`` INCOMING invitations."""
    frame, dated, bad = _prepare(table, "sentat")
    frame = _only(frame, dated)
    direction = pl.col("direction").str.to_lowercase()
    known = frame.select(direction.is_in([*_OUTGOING, *_INCOMING]).fill_null(False)).to_series()
    problem = f"{table.headers['direction']} is neither INCOMING nor OUTGOING"
    bad += [(line, problem) for line in frame.filter(~known).get_column(LINE).to_list()]
    _report(table.bad + bad, source, result, skip_bad)
    outgoing = direction.is_in(list(_OUTGOING))
    rows = _only(frame, known).select(
        outgoing.alias("outgoing"),
        pl.when(outgoing).then(pl.col("to")).otherwise(pl.col("from")).alias("name"),
        pl.when(outgoing)
        .then(_fix_url("inviteeprofileurl"))
        .otherwise(_fix_url("inviterprofileurl"))
        .alias("url"),
        "sentat",
        pl.col("message").is_not_null().alias("note"),
    )
    tally = _Tally("invitation")
    for is_outgoing, name, url, when, note in rows.iter_rows():
        item = tally.get(name, url)
        if item is None:
            _skip(result, "invitations without a name")
            continue
        if is_outgoing:
            item.sent += 1
        else:
            item.received += 1
        _later(item, when)
        if note:
            item.detail = "with a personal note"
    result.interactions.extend(tally.items.values())


# --- Endorsement_Received_Info.csv -------------------------------------------------------------


def _read_endorsements(
    table: CsvTable, source: _Source, result: ReadResult, skip_bad: bool
) -> None:
    """One Interaction per endorser: how many endorsements, the latest date, the skills."""
    frame, known, bad = _prepare(table, "endorsementdate")
    _report(table.bad + bad, source, result, skip_bad)
    frame = _only(frame, known)
    rows = frame.select(
        _join_names("endorserfirstname", "endorserlastname").alias("name"),
        _fix_url("endorserpublicurl"),
        "endorsementdate",
        "skillname",
    )
    tally = _Tally("endorsement")
    skills: dict[int, dict[str, str]] = {}
    for name, url, when, skill in rows.iter_rows():
        item = tally.get(name, url)
        if item is None:
            _skip(result, "endorsements without a name")
            continue
        item.received += 1
        _later(item, when)
        if skill:
            skills.setdefault(id(item), {}).setdefault(skill.casefold(), skill)
    for item in tally.items.values():
        item.detail = ", ".join(skills.get(id(item), {}).values()) or None
    result.interactions.extend(tally.items.values())


# --- Recommendations_Received.csv --------------------------------------------------------------


def _read_recommendations(
    table: CsvTable, source: _Source, result: ReadResult, skip_bad: bool
) -> None:
    """One Interaction per recommender (by name: the file has no URL), any status.

    Company and title come from the latest recommendation; ``detail`` says how many are not
    ``VISIBLE`` on the owner's profile, if any.
    """
    frame, known, bad = _prepare(table, "creationdate")
    _report(table.bad + bad, source, result, skip_bad)
    frame = _only(frame, known)
    rows = frame.sort("creationdate", descending=True, nulls_last=True, maintain_order=True)
    rows = rows.select(
        _join_names("firstname", "lastname").alias("name"),
        "company",
        "jobtitle",
        "creationdate",
        "status",
    )
    tally = _Tally("recommendation")
    hidden: Counter[int] = Counter()
    for name, company, title, when, status in rows.iter_rows():
        item = tally.get(name, None)
        if item is None:
            _skip(result, "recommendations without a name")
            continue
        if item.received == 0:
            item.company, item.title = company, title
        item.received += 1
        _later(item, when)
        if status and status.casefold() != "visible":
            hidden[id(item)] += 1
    for item in tally.items.values():
        if hidden[id(item)]:
            item.detail = f"{hidden[id(item)]} not visible on the profile"
    result.interactions.extend(tally.items.values())


_READERS: dict[str, Callable[[CsvTable, _Source, ReadResult, bool], None]] = {
    CONNECTIONS.label: _read_connections,
    MESSAGES.label: _read_messages,
    INVITATIONS.label: _read_invitations,
    ENDORSEMENTS.label: _read_endorsements,
    RECOMMENDATIONS.label: _read_recommendations,
}
