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
line; with it such rows are reported in :attr:`ReadResult.bad` and reading goes on. What makes
a row malformed (a wrong number of fields, a broken quote, a field too long) is decided by
:mod:`netgraph.ingest.readers.linkedin_csv`; how files are found in a folder or zip (and what is
refused there) by :mod:`netgraph.ingest.readers.linkedin_sources`; the tie evidence files are
read by :mod:`netgraph.ingest.readers.linkedin_evidence`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from netgraph.collector import collector_paused
from netgraph.ingest.readers import limits
from netgraph.ingest.readers.linkedin_csv import LINE, CsvSpec, CsvTable, read_table
from netgraph.ingest.readers.linkedin_evidence import (
    counterpart_key,
    read_endorsements,
    read_invitations,
    read_messages,
    read_recommendations,
)
from netgraph.ingest.readers.linkedin_rows import (
    DATE_FORMATS,
    clean_columns,
    count_skipped,
    fix_url,
    join_names,
    only,
    parse_dates,
    prepare,
    report_bad,
)
from netgraph.ingest.readers.linkedin_sources import Source, file_key, find_sources
from netgraph.ingest.records import ConnectionRows, Contact, ReadResult

__all__ = [
    "DATE_FORMATS",
    "SPECS",
    "clean_columns",
    "connection_frame",
    "counterpart_key",
    "file_key",
    "parse_dates",
    "read_linkedin",
]

_Source = Source  # the name benchmarks/import_bench.py builds sources with


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
    lists=("To", "Recipient Profile URLs"),  # a group message lists everyone
)
INVITATIONS = CsvSpec(
    "Invitations.csv",
    required=("From", "To", "Sent At", "Direction"),
    optional=("Message", "inviterProfileUrl", "inviteeProfileUrl"),
    free_text=("Message",),  # only whether there is one is kept
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
)
SPECS = {
    "connectionscsv": CONNECTIONS,
    "messagescsv": MESSAGES,
    "invitationscsv": INVITATIONS,
    "endorsementreceivedinfocsv": ENDORSEMENTS,
    "recommendationsreceivedcsv": RECOMMENDATIONS,
}
"""Export files read, by :func:`file_key` of their name, in reading order."""


def read_linkedin(
    path: str | os.PathLike[str], *, skip_bad: bool = False, as_rows: bool = False
) -> ReadResult:
    """Read a LinkedIn ``Connections.csv``, export folder or export ``.zip``.

    With ``as_rows`` the connections stay columns (:attr:`ReadResult.connection_rows`) instead
    of becoming :class:`Contact` objects: the import normalises them a column at a time.
    Raises :class:`InputError` when the path cannot be read, is not a LinkedIn export, or
    (unless ``skip_bad``) holds a malformed row.
    """
    where = os.fspath(path)
    result = ReadResult(path=where, kind="linkedin")
    try:
        for source in find_sources(Path(where), SPECS, CONNECTIONS):
            table = read_table(source.load(), source.path, source.spec)
            result.files_read.append(source.name)
            result.notes.extend(f"{Path(source.name).name}: {note}" for note in table.notes)
            if as_rows and source.spec is CONNECTIONS and result.connection_rows is None:
                result.connection_rows = connection_rows(table, source, result, skip_bad)
                continue
            _READERS[source.spec.label](table, source, result, skip_bad)
    except MemoryError:
        raise limits.out_of_memory(where) from None
    return result


# --- Connections.csv ---------------------------------------------------------------------------

_CONNECTION_COLUMNS = ("firstname", "lastname", "url", "emailaddress", "company", "position")


def _read_connections(table: CsvTable, source: Source, result: ReadResult, skip_bad: bool) -> None:
    """Turn Connections.csv rows into Contacts; rows without name, URL or email are skipped."""
    result.contacts.extend(connection_contacts(connection_rows(table, source, result, skip_bad)))


def connection_contacts(rows: ConnectionRows) -> list[Contact]:
    """One :class:`Contact` per row of :func:`connection_rows`."""
    columns = [series.to_list() for series in rows.frame.get_columns()]
    return _contacts(columns, list(rows.headers))


def connection_rows(
    table: CsvTable, source: Source, result: ReadResult, skip_bad: bool
) -> ConnectionRows:
    """The Connections.csv rows of :func:`connection_frame`, with the header texts that name
    their raw fields."""
    headers = tuple(table.headers.get(key, key) for key in (*_CONNECTION_COLUMNS, "connectedon"))
    return ConnectionRows(connection_frame(table, source, result, skip_bad), headers)


def connection_frame(
    table: CsvTable, source: Source, result: ReadResult, skip_bad: bool
) -> pl.DataFrame:
    """Parse and normalise Connections.csv rows in polars, ready for :func:`_contacts`.

    Bad rows are reported through ``result`` (or raise), date-only rows are counted as skipped.
    """
    raw_keys = list(table.headers)
    frame = table.frame.with_columns([pl.col(key).alias(f"raw:{key}") for key in raw_keys])
    frame, known, bad = prepare(table, "connectedon", frame)
    report_bad(table.bad + bad, source, result, skip_bad)
    identified = frame.select(
        pl.any_horizontal(
            [pl.col(key).is_not_null() for key in ("firstname", "lastname", "url", "emailaddress")]
        )
    ).to_series()
    count_skipped(result, "date-only rows", int((known & ~identified).sum()))
    frame = only(frame, known & identified).with_columns(fix_url("url"))
    name = pl.coalesce(join_names("firstname", "lastname"), "emailaddress", "url")
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
    with collector_paused():
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
    return contacts


_READERS: dict[str, Callable[[CsvTable, Source, ReadResult, bool], None]] = {
    CONNECTIONS.label: _read_connections,
    MESSAGES.label: read_messages,
    INVITATIONS.label: read_invitations,
    ENDORSEMENTS.label: read_endorsements,
    RECOMMENDATIONS.label: read_recommendations,
}
