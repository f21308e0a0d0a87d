"""Small builders for hand-made import records, and read-only views of a workspace for asserts."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from netgraph.ingest.apply import ImportSummary, apply_read_result
from netgraph.ingest.records import Contact, Interaction, ReadResult, Relation
from netgraph.workspace import Workspace
from netgraph.workspace.evidence_codes import kind_of

AS_OF = date(2026, 1, 1)

# Every table whose content identity resolution decides, with a stable order for comparisons.
CONTENT_TABLES = {
    "people": "SELECT * FROM people ORDER BY id",
    "identities": "SELECT * FROM identities ORDER BY kind, value",
    "edges": "SELECT * FROM edges ORDER BY a, b",
    "evidence": "SELECT * FROM evidence ORDER BY a, b, source_id, kind",
    "appearances": "SELECT * FROM appearances ORDER BY id",
}


def contact(
    name: str,
    *,
    url: str | None = None,
    emails: list[str] | tuple[str, ...] = (),
    phones: list[str] | tuple[str, ...] = (),
    company: str | None = None,
    title: str | None = None,
    connected_on: date | None = None,
    relations: list[Relation] | tuple[Relation, ...] = (),
    locator: str = "",
    raw: dict[str, Any] | None = None,
) -> Contact:
    """A contact as a reader would produce it; an empty locator is filled in by the file builder."""
    if raw is None:
        raw = {"name": name, "company": company, "title": title, "url": url}
        raw.update({f"email{i}": e for i, e in enumerate(emails)})
        raw.update({f"phone{i}": p for i, p in enumerate(phones)})
    return Contact(
        name=name,
        locator=locator,
        company=company,
        title=title,
        emails=list(emails),
        phones=list(phones),
        linkedin_url=url,
        connected_on=connected_on,
        relations=list(relations),
        raw=raw,
    )


def messages(
    name: str,
    *,
    url: str | None = None,
    sent: int = 0,
    received: int = 0,
    last: date | None = None,
) -> Interaction:
    """LinkedIn messages between the export's owner and one counterpart."""
    return Interaction(
        kind="messages", name=name, linkedin_url=url, sent=sent, received=received, last_date=last
    )


def _numbered(contacts: tuple[Contact, ...], first: int, word: str) -> list[Contact]:
    for number, item in enumerate(contacts, start=first):
        if not item.locator:
            item.locator = f"{word} {number}"
    return list(contacts)


def linkedin_export(
    *contacts: Contact,
    path: str = "exports/Connections.csv",
    interactions: list[Interaction] | tuple[Interaction, ...] = (),
    owner_url: str | None = None,
) -> ReadResult:
    """A LinkedIn export: connection rows (numbered from line 2) and optional interactions."""
    return ReadResult(
        path=path,
        kind="linkedin",
        contacts=_numbered(contacts, 2, "line"),
        interactions=list(interactions),
        owner_linkedin_url=owner_url,
    )


def vcard_file(*contacts: Contact, path: str = "cards/contacts.vcf") -> ReadResult:
    """A vCard file: one card per contact."""
    return ReadResult(path=path, kind="vcard", contacts=_numbered(contacts, 1, "card"))


def load(
    workspace: Workspace, result: ReadResult, *, owner: str | None = None, as_of: date = AS_OF
) -> ImportSummary:
    """Import hand-built records as the CLI would import a file (an owner nobody has is
    created, as with ``--new-owner``).

    Also checks the summary's count of new ties against the ties table.
    """
    count = "SELECT count(*) FROM edges"
    before = workspace.conn.execute(count).fetchone()[0]
    summary = apply_read_result(workspace, result, owner=owner, new_owner=True, as_of=as_of)
    assert summary.new_ties == workspace.conn.execute(count).fetchone()[0] - before
    return summary


def ids_named(conn: sqlite3.Connection, name: str) -> list[int]:
    """The ids of every person with exactly this display name."""
    return [
        int(r[0]) for r in conn.execute("SELECT id FROM people WHERE name = ? ORDER BY id", (name,))
    ]


def the_person(conn: sqlite3.Connection, name: str) -> int:
    """The id of the one person with this display name (fails if there are none or several)."""
    found = ids_named(conn, name)
    assert len(found) == 1, f"expected one person named {name!r}, found {found}"
    return found[0]


def me(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT id FROM people WHERE is_me = 1").fetchone()[0])


def count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def identities_of(conn: sqlite3.Connection, person: int) -> set[tuple[str, str]]:
    rows = conn.execute("SELECT kind, value FROM identities WHERE person_id = ?", (person,))
    return {(str(kind), str(value)) for kind, value in rows}


def field(conn: sqlite3.Connection, person: int, column: str) -> Any:
    return conn.execute(f"SELECT {column} FROM people WHERE id = ?", (person,)).fetchone()[0]


def strength(conn: sqlite3.Connection, x: int, y: int) -> float | None:
    """The stored strength of the edge between two people, or None if they are not linked."""
    row = conn.execute(
        "SELECT strength FROM edges WHERE a = ? AND b = ?", (min(x, y), max(x, y))
    ).fetchone()
    return None if row is None else float(row[0])


def evidence_kinds(conn: sqlite3.Connection, x: int, y: int) -> list[str]:
    """The kinds of the evidence stored of a tie, by kind then source."""
    rows = conn.execute(
        "SELECT kind FROM evidence WHERE a = ? AND b = ? ORDER BY source_id",
        (min(x, y), max(x, y)),
    )
    return sorted(kind_of(int(r[0])) for r in rows)


def neighbours(conn: sqlite3.Connection, person: int) -> set[int]:
    rows = conn.execute(
        "SELECT CASE WHEN a = :p THEN b ELSE a END FROM edges WHERE a = :p OR b = :p",
        {"p": person},
    )
    return {int(r[0]) for r in rows}


def table_dump(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables identity resolution writes, for before/after comparisons."""
    return {
        table: [tuple(row) for row in conn.execute(sql)] for table, sql in CONTENT_TABLES.items()
    }
