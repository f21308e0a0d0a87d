"""Plain records that importers produce and the workspace stores.

Importers turn files into these records and never touch the workspace; the workspace's merge step
turns records into people and edges. Keeping the two apart lets each reader be tested on its own
and lets other programs feed netgraph without writing a file first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import polars as pl


@dataclass
class Relation:
    """An explicit relation written on a contact card: "Jenny, spouse"."""

    name: str
    kind: str  # normalised relation type, e.g. "spouse", "friend", "colleague", "related"


@dataclass
class Contact:
    """One person as one source describes them.

    ``locator`` says where in the file the record came from ("line 12", "card 3 (line 40)") so
    messages and provenance can point a user at it. ``raw`` keeps the fields as read (text only)
    so ``show`` can display them and ``forget`` can erase them.
    """

    name: str
    locator: str
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    org_units: list[str] = field(default_factory=list)
    title: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(
        default_factory=list
    )  # as written; normalised by netgraph.identity.keys
    linkedin_url: str | None = None
    #: the country of the contact's address as written ("Germany", "DE"), for phone numbers
    country: str | None = None
    categories: list[str] = field(default_factory=list)
    connected_on: date | None = None  # LinkedIn "Connected On"
    relations: list[Relation] = field(default_factory=list)
    raw: Mapping[str, object] = field(default_factory=dict)


@dataclass
class Interaction:
    """Tie evidence from one LinkedIn export file about one counterpart of the export's owner.

    ``kind`` is one of ``"messages"``, ``"invitation"``, ``"endorsement"``, ``"recommendation"``.
    Counts are per counterpart: for messages ``sent`` is how many the owner sent to them and
    ``received`` how many they sent the owner.
    """

    kind: str
    name: str
    linkedin_url: str | None = None
    company: str | None = None
    title: str | None = None
    sent: int = 0
    received: int = 0
    last_date: date | None = None
    detail: str | None = None  # e.g. the endorsed skills, or "with a personal note"


@dataclass
class BadRecord:
    """A record that could not be read: where it is and what is wrong, never its content."""

    locator: str
    problem: str


@dataclass
class ConnectionRows:
    """Rows of a ``Connections.csv`` kept as columns, not yet :class:`Contact` objects.

    ``frame`` has the columns of :func:`netgraph.ingest.readers.linkedin.connection_frame`;
    ``headers`` are the file's header texts of first name, last name, URL, email address,
    company, position and connected on (the keys of each record's raw fields).
    """

    frame: pl.DataFrame
    headers: tuple[str, ...]


@dataclass
class ReadResult:
    """What a reader made of one file (or one LinkedIn export folder / zip)."""

    path: str
    kind: str  # "linkedin" or "vcard"
    contacts: list[Contact] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    bad: list[BadRecord] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count (e.g. "date-only rows")
    owner_linkedin_url: str | None = None  # learnt from messages.csv (the most frequent sender)
    files_read: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "decoded as cp1252"
    #: Connections.csv rows kept as columns (``read_linkedin(as_rows=True)``): contacts of the
    #: file that come before ``contacts``, and are not in it
    connection_rows: ConnectionRows | None = None

    @property
    def contact_count(self) -> int:
        """How many contacts the file lists, as objects or as rows."""
        rows = self.connection_rows.frame.height if self.connection_rows is not None else 0
        return rows + len(self.contacts)
