"""The statements on the ``people`` table: who is in the workspace.

The statements on identity keys, and the reads that identity matching blocks on, are in
:mod:`netgraph.workspace.identities`; :class:`PeopleTable` has them all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from netgraph.workspace import clock
from netgraph.workspace.identities import Candidate, IdentityKey, IdentityKeys
from netgraph.workspace.merged_ids import MergedIdsTable
from netgraph.workspace.migrations_person_ids import RETIRED_IDS_KEY
from netgraph.workspace.record_raws import RecordRawsTable
from netgraph.workspace.staging import STAGE_FROM_ROWS, stage_rows, update_staged

__all__ = ["Candidate", "Details", "IdentityKey", "PeopleTable"]

_CHUNK = 500  # ids per IN (...) list, well below SQLite's limit on variables
# The columns of Details, in its order.
_DETAILS = "name, name_key, company, company_key, title, match_key, name_prefix, name_suffix"
_SET_DETAILS = ", ".join(f"{column.strip()} = ?" for column in _DETAILS.split(","))
_FACT_COLUMNS = "name, company, title, name_prefix, name_suffix"
# The id a new person gets: above everyone's, and above every id a removed person had.
_NEXT_ID = (
    "SELECT max(coalesce((SELECT max(id) FROM people), 0), "
    f"coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = '{RETIRED_IDS_KEY}'), 0)) + 1"
)
# updated_fields in SQL: a name replaces "(no name)" or one word; a prefix or suffix fills an
# empty one; a company or title replaces the stored one from a current source, else fills it.
_MAYBE_UPDATED = """
    SELECT f.id FROM temp.bulk_facts f CROSS JOIN people p ON p.id = f.id
    WHERE (f.name != '' AND (p.name = '(no name)'
                             OR (instr(p.name, ' ') = 0 AND instr(f.name, ' ') > 0)))
       OR (coalesce(p.name_prefix, '') = '' AND p.name_prefix IS NOT f.name_prefix)
       OR (coalesce(p.name_suffix, '') = '' AND p.name_suffix IS NOT f.name_suffix)
       OR (coalesce(f.company, '') != '' AND (? OR coalesce(p.company, '') = '')
           AND f.company IS NOT p.company)
       OR (coalesce(f.title, '') != '' AND (? OR coalesce(p.title, '') = '')
           AND f.title IS NOT p.title)
"""


@dataclass(frozen=True)
class PersonRow:
    """The ``people`` columns a person is shown with."""

    id: int
    name: str
    company: str | None
    title: str | None
    willingness: str
    degree: int | None
    is_me: bool
    #: honorifics before the name and credentials after it ("Dr.", "PhD"), if any
    name_prefix: str | None = None
    name_suffix: str | None = None


@dataclass(frozen=True)
class SourceRow:
    """One source a person came from (``role`` "contact") or whose export they own ("owner")."""

    person_id: int
    source_id: int
    kind: str
    label: str
    owner: str | None
    role: str
    locator: str | None


class Details(NamedTuple):
    """A person's name, company and title, with the keys they are matched on, and the
    honorifics and credentials kept apart from the name.

    A named tuple, not a dataclass: an import makes one per record, and a tuple is made fast.
    """

    name: str
    name_key: str
    company: str | None
    company_key: str
    title: str | None
    #: the blocking key matching reads candidates by (see netgraph.identity.names.match_key)
    match_key: str = ""
    #: honorifics before the name ("Dr.")
    name_prefix: str | None = None
    #: credentials and generational suffixes after it ("Jr., PhD")
    name_suffix: str | None = None


@dataclass(frozen=True)
class PersonFields:
    """A person's name, company and title, how willing they are (and who said so), and the
    honorifics and credentials of their name."""

    name: str
    company: str | None
    title: str | None
    willingness: str
    willingness_origin: str
    name_prefix: str | None = None
    name_suffix: str | None = None


@dataclass(frozen=True)
class EditableRow:
    """What placing a record may change on an existing person (see ``update_details_many``),
    in the order of :func:`netgraph.identity.facts.updated_fields`'s fields."""

    name: str
    company: str | None
    title: str | None
    name_prefix: str | None = None
    name_suffix: str | None = None


def _chunks(ids: Sequence[int]) -> Iterator[tuple[list[int], str]]:
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        yield chunk, ",".join("?" * len(chunk))


class PeopleTable(IdentityKeys):
    """Reads and writes of the ``people`` table and the identity keys that point at people."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        #: what became of the people merged into others
        self.merged_ids = MergedIdsTable(conn)

    # --- the user -----------------------------------------------------------------------------

    def me(self) -> int | None:
        """The user's person id, or None before the first import or ``me``."""
        row = self._conn.execute("SELECT id FROM people WHERE is_me = 1").fetchone()
        return int(row[0]) if row else None

    # --- finding people -----------------------------------------------------------------------

    def highest_id_given(self) -> int:
        """The highest id anyone has had (0 before the first person): every id up to it
        belongs to a person, or to one removed, and is never given again."""
        return int(self._conn.execute(_NEXT_ID).fetchone()[0]) - 1

    def exists(self, person: int) -> bool:
        """Whether a person with this id exists."""
        return (
            self._conn.execute("SELECT 1 FROM people WHERE id = ?", (person,)).fetchone()
            is not None
        )

    def named(self, name_key: str, company_key: str = "", *, with_me: bool = False) -> list[int]:
        """The people with this name key and, when given, company key (the user only
        ``with_me``)."""
        clauses = "name_key = ?" + ("" if with_me else " AND is_me = 0")
        params: tuple[str, ...] = (name_key,)
        if company_key:
            clauses += " AND company_key = ?"
            params += (company_key,)
        return [
            int(row[0])
            for row in self._conn.execute(f"SELECT id FROM people WHERE {clauses}", params)
        ]

    def names(self) -> list[str]:
        """The distinct names of everyone but the user."""
        return [
            str(r[0])
            for r in self._conn.execute("SELECT DISTINCT name FROM people WHERE is_me = 0")
        ]

    def search(self, pattern: str | None, *, degree: int | None, limit: int | None) -> list[int]:
        """Everyone but the user whose name, company or title (folded) or an identity key is
        LIKE ``pattern`` (escaped with backslashes), at ``degree`` when given; nearest first,
        then by name."""
        clauses = ["is_me = 0"]
        params: dict[str, Any] = {"degree": degree, "pattern": pattern}
        if pattern is not None:
            clauses.append(
                "(fold(name) LIKE :pattern ESCAPE '\\' "
                "OR fold(coalesce(company, '')) LIKE :pattern ESCAPE '\\' "
                "OR fold(coalesce(title, '')) LIKE :pattern ESCAPE '\\' "
                "OR id IN (SELECT person_id FROM identities WHERE value LIKE :pattern ESCAPE '\\'))"
            )
        if degree is not None:
            clauses.append("degree = :degree")
        sql = (
            f"SELECT id FROM people WHERE {' AND '.join(clauses)} "
            "ORDER BY coalesce(degree, 99), name_key, id"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [int(row[0]) for row in self._conn.execute(sql, params)]

    # --- reading people -----------------------------------------------------------------------

    def name_and_company(self, person: int) -> tuple[str, str | None]:
        """A person's name and company."""
        name, company = self._conn.execute(
            "SELECT name, company FROM people WHERE id = ?", (person,)
        ).fetchone()
        return str(name), company

    def keys_of(self, person: int) -> tuple[str, str]:
        """A person's name key and company key."""
        key, company = self._conn.execute(
            "SELECT name_key, coalesce(company_key, '') FROM people WHERE id = ?", (person,)
        ).fetchone()
        return str(key), str(company)

    def fields(self, person: int) -> PersonFields:
        """The :class:`PersonFields` of a person, who must exist."""
        row = self._conn.execute(
            "SELECT name, company, title, willingness, willingness_origin, name_prefix, "
            "name_suffix FROM people WHERE id = ?",
            (person,),
        ).fetchone()
        return PersonFields(*row)

    def rows(self, ids: Sequence[int]) -> dict[int, PersonRow]:
        """The people of ``ids`` that exist, by id."""
        found: dict[int, PersonRow] = {}
        for chunk, marks in _chunks(ids):
            for pid, name, company, title, willingness, degree, is_me, *parts in self._conn.execute(
                "SELECT id, name, company, title, willingness, degree, is_me, name_prefix, "
                f"name_suffix FROM people WHERE id IN ({marks})",
                chunk,
            ):
                found[pid] = PersonRow(
                    pid, name, company, title, willingness, degree or None, bool(is_me), *parts
                )
        return found

    def maybe_updated_staged(
        self,
        rows: Iterable[tuple[int, str, str | None, str | None, str | None, str | None]],
        *,
        current: bool,
    ) -> list[int]:
        """Of ``(id, name, company, title, name prefix, name suffix)`` rows, one per person, the
        people whose details :func:`netgraph.identity.facts.updated_fields` may change with
        those facts; never fewer, at most a few more (whom the rule then leaves alone)."""
        stage_rows(self._conn, "bulk_facts", f"id, {_FACT_COLUMNS}", rows)
        return [int(pid) for (pid,) in self._conn.execute(_MAYBE_UPDATED, (int(current),) * 2)]

    def editable_staged(self, ids: Iterable[int]) -> dict[int, EditableRow]:
        """The :class:`EditableRow` of each of these people, for many people at once."""
        stage_rows(self._conn, "bulk_people", "id INTEGER", ((p,) for p in set(ids)), key="id")
        return {
            int(pid): EditableRow(name, company, title, prefix, suffix)
            for pid, name, company, title, prefix, suffix in self._conn.execute(
                "SELECT p.id, p.name, p.company, p.title, p.name_prefix, p.name_suffix "
                "FROM temp.bulk_people t CROSS JOIN people p ON p.id = t.id"
            )
        }

    def sources(self, ids: Sequence[int]) -> list[SourceRow]:
        """The sources these people appear in or own, by source id; for each source a person
        appears in, where their first record in it is."""
        found: list[SourceRow] = []
        for chunk, marks in _chunks(ids):
            # SQLite takes the bare columns locator and raw_line from the row whose raw_line
            # is the smallest: the person's first record in the file.
            rows = self._conn.execute(
                f"""
                SELECT a.person_id, s.id, s.kind, s.label, o.name, 'contact', a.locator,
                       a.raw_line, min(coalesce(a.raw_line, -1))
                FROM appearances a JOIN sources s ON s.id = a.source_id
                LEFT JOIN people o ON o.id = s.owner_id
                WHERE a.person_id IN ({marks}) GROUP BY a.person_id, s.id
                UNION ALL
                SELECT s.owner_id, s.id, s.kind, s.label, NULL, 'owner', NULL, NULL, NULL
                FROM sources s WHERE s.owner_id IN ({marks})
                ORDER BY 2
                """,
                chunk + chunk,
            ).fetchall()
            locators = RecordRawsTable(self._conn).locators_of(
                (row[1], row[6], row[7]) for row in rows if row[5] == "contact"
            )
            located = iter(locators)
            for person, source, kind, label, owner, role, *_first in rows:
                locator = next(located) if role == "contact" else None
                found.append(SourceRow(person, source, kind, label, owner, role, locator))
        return found

    # --- counting -----------------------------------------------------------------------------

    def count(self) -> int:
        """How many people there are, the user not counted."""
        return int(self._conn.execute("SELECT count(*) FROM people WHERE is_me = 0").fetchone()[0])

    def count_willing(self) -> int:
        """How many people are marked willing to make introductions."""
        row = self._conn.execute("SELECT count(*) FROM people WHERE willingness = 'willing'")
        return int(row.fetchone()[0])

    def count_by_degree(self) -> dict[int, int]:
        """How many people are at each degree from the user (1 and beyond; none: left out)."""
        rows = self._conn.execute(
            "SELECT degree, count(*) FROM people WHERE degree > 0 GROUP BY degree"
        )
        return {int(degree): int(count) for degree, count in rows}

    # --- writing people -----------------------------------------------------------------------

    def insert(self, details: Details, *, is_me: bool = False, former_id: int | None = None) -> int:
        """Add a person; return their id: ``former_id`` (a person brought back) when no one
        has it, else one no person ever had."""
        now = clock.utc_now()
        cursor = self._conn.execute(
            f"INSERT INTO people (id, {_DETAILS}, is_me, created_at, updated_at) VALUES ("
            f"coalesce((SELECT ?1 WHERE NOT EXISTS (SELECT 1 FROM people WHERE id = ?1)), "
            f"({_NEXT_ID})), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (former_id, *details, int(is_me), now, now),
        )
        return int(cursor.lastrowid or 0)

    def insert_many(self, people: Sequence[Details]) -> range:
        """Add many people at once, with consecutive ids (never ones removed people had);
        return their ids, in order."""
        if not people:
            return range(0)
        first = int(self._conn.execute(_NEXT_ID).fetchone()[0])
        now = clock.utc_now()
        ids = range(first, first + len(people))
        stage_rows(
            self._conn,
            "bulk_new_people",
            f"id, {_DETAILS}",
            ((pid, *d) for pid, d in zip(ids, people, strict=True)),
        )
        self._conn.execute(
            f"INSERT OR FAIL INTO people (id, {_DETAILS}, is_me, created_at, updated_at) "
            f"SELECT id, {_DETAILS}, 0, ?, ? FROM temp.bulk_new_people",
            (now, now),
        )
        return ids

    def update_details(self, person: int, details: Details) -> None:
        """Replace a person's name, company and title (and the keys and name parts with them)."""
        self.update_details_many([(person, details)])

    def update_details_many(self, changes: Iterable[tuple[int, Details]]) -> None:
        """Replace the name, company and title of many people (the last change of a person
        counts)."""
        now = clock.utc_now()
        latest = {pid: details for pid, details in changes}
        if len(latest) < STAGE_FROM_ROWS:
            self._conn.executemany(
                f"UPDATE people SET {_SET_DETAILS}, updated_at = ? WHERE id = ?",
                [(*d, now, pid) for pid, d in latest.items()],
            )
            return
        # One UPDATE from a staging table: one statement journal, not one per person.
        rows = ((pid, *d) for pid, d in latest.items())
        stage_rows(self._conn, "bulk_details", f"id INTEGER, {_DETAILS}", rows, key="id")
        update_staged(
            self._conn,
            "people",
            _DETAILS,
            "bulk_details",
            also=", updated_at = ?",
            parameters=(now,),
        )

    def set_name(self, person: int, details: Details) -> None:
        """Rename a person (the name, its keys and its parts of ``details``)."""
        self.set_names_many([(person, details)])

    def set_names_many(self, changes: Iterable[tuple[int, Details]]) -> None:
        """:meth:`set_name` for many people."""
        now = clock.utc_now()
        self._conn.executemany(
            "UPDATE people SET name = ?, name_key = ?, match_key = ?, name_prefix = ?, "
            "name_suffix = ?, updated_at = ? WHERE id = ?",
            [
                (d.name, d.name_key, d.match_key, d.name_prefix, d.name_suffix, now, pid)
                for pid, d in changes
            ],
        )

    def set_title(self, person: int, title: str | None) -> None:
        """Replace a person's title."""
        self._conn.execute(
            "UPDATE people SET title = ?, updated_at = ? WHERE id = ?",
            (title, clock.utc_now(), person),
        )

    def set_company(self, person: int, company: str | None, company_key: str) -> None:
        """Replace a person's company."""
        self._conn.execute(
            "UPDATE people SET company = ?, company_key = ?, updated_at = ? WHERE id = ?",
            (company, company_key, clock.utc_now(), person),
        )

    def set_degree(self, person: int, degree: int | None) -> None:
        """Store a person's degree from the user."""
        self._conn.execute("UPDATE people SET degree = ? WHERE id = ?", (degree, person))

    def set_willingness(self, person: int, willingness: str) -> None:
        """Record the user's word on whether a person makes introductions."""
        self._conn.execute(
            "UPDATE people SET willingness = ?, willingness_origin = 'user', updated_at = ? "
            "WHERE id = ?",
            (willingness, clock.utc_now(), person),
        )

    def mark_shared_export(self, person: int) -> None:
        """Make someone who shared an export a willing referrer, unless the user said otherwise."""
        self._conn.execute(
            "UPDATE people SET willingness = 'willing', willingness_origin = 'shared' "
            "WHERE id = ? AND willingness_origin != 'user'",
            (person,),
        )

    def set_merged(
        self, person: int, details: Details, willingness: str, willingness_origin: str
    ) -> None:
        """Store what a merge left the kept person with."""
        self._conn.execute(
            f"UPDATE people SET {_SET_DETAILS}, willingness = ?, willingness_origin = ?, "
            "updated_at = ? WHERE id = ?",
            (*details, willingness, willingness_origin, clock.utc_now(), person),
        )

    def without_match_key(self, limit: int) -> list[tuple[int, str]]:
        """``(id, name)`` of up to ``limit`` people stored before names had a blocking key."""
        rows = self._conn.execute(
            "SELECT id, name FROM people WHERE match_key IS NULL LIMIT ?", (limit,)
        )
        return [(int(pid), str(name)) for pid, name in rows]

    def delete(self, person: int) -> None:
        """Remove a person's row (what still points at them goes with it)."""
        self._conn.execute("DELETE FROM people WHERE id = ?", (person,))
