"""The statements on the ``people`` and ``identities`` tables: who is in the workspace.

Identity keys are looked up in one place, :meth:`PeopleTable.holder` (one key) and
:meth:`PeopleTable.holders_staged` (every key of a file at once).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from netgraph.workspace import clock
from netgraph.workspace.staging import insert_staged, stage_rows

_CHUNK = 500  # ids per IN (...) list, well below SQLite's limit on variables
_KEY_COLUMNS = "kind, value, person_id"


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
    """A person's name, company and title, with the keys they are matched on.

    A named tuple, not a dataclass: an import makes one per record, and a tuple is made fast.
    """

    name: str
    name_key: str
    company: str | None
    company_key: str
    title: str | None


@dataclass(frozen=True)
class PersonFields:
    """A person's name, company and title, and how willing they are (and who said so)."""

    name: str
    company: str | None
    title: str | None
    willingness: str
    willingness_origin: str


@dataclass(frozen=True)
class Namesake:
    """A person of some name key: their company key, and whether they shared an export."""

    id: int
    company_key: str
    owns_export: bool


@dataclass(frozen=True)
class EditableRow:
    """What placing a record may change on an existing person (see ``update_details_many``)."""

    name: str
    company: str | None
    title: str | None
    has_linkedin: bool


#: ``(kind, value, person id)``: one identity key and who holds it
IdentityKey = tuple[str, str, int]


def _chunks(ids: Sequence[int]) -> Iterator[tuple[list[int], str]]:
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        yield chunk, ",".join("?" * len(chunk))


class PeopleTable:
    """Reads and writes of the ``people`` table and the identity keys that point at people."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    # --- the user -----------------------------------------------------------------------------

    def me(self) -> int | None:
        """The user's person id, or None before the first import or ``me``."""
        row = self._conn.execute("SELECT id FROM people WHERE is_me = 1").fetchone()
        return int(row[0]) if row else None

    # --- finding people -----------------------------------------------------------------------

    def exists(self, person: int) -> bool:
        """Whether a person with this id exists."""
        return (
            self._conn.execute("SELECT 1 FROM people WHERE id = ?", (person,)).fetchone()
            is not None
        )

    def holder(self, kind: str, value: str) -> int | None:
        """The person who holds this identity key, if anyone does."""
        row = self._conn.execute(
            "SELECT person_id FROM identities WHERE kind = ? AND value = ?", (kind, value)
        ).fetchone()
        return int(row[0]) if row else None

    def holders_staged(self, keys: Iterable[tuple[int, str, str]]) -> list[tuple[int, int]]:
        """:meth:`holder` for many keys at once: ``(position, kind, value)`` in, ``(position,
        person id)`` out for every key someone holds, in no particular order."""
        stage_rows(self._conn, "bulk_keys", "position INTEGER, kind TEXT, value TEXT", keys)
        rows = self._conn.execute(
            "SELECT k.position, i.person_id FROM temp.bulk_keys k "
            "CROSS JOIN identities i ON i.kind = k.kind AND i.value = k.value"
        )
        return [(int(position), int(person)) for position, person in rows]

    def linkedin_of(self, person: int) -> str | None:
        """The person's LinkedIn key, if they have one."""
        row = self._conn.execute(
            "SELECT value FROM identities WHERE person_id = ? AND kind = 'linkedin'", (person,)
        ).fetchone()
        return str(row[0]) if row else None

    def linkedin_of_staged(self, people: Iterable[int]) -> dict[int, str]:
        """:meth:`linkedin_of` for many people at once (those who have a profile)."""
        stage_rows(self._conn, "bulk_people", "id INTEGER", ((p,) for p in people), key="id")
        rows = self._conn.execute(
            "SELECT i.person_id, i.value FROM temp.bulk_people t "
            "CROSS JOIN identities i ON i.person_id = t.id AND i.kind = 'linkedin'"
        )
        return {int(pid): str(value) for pid, value in rows}

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

    def namesakes(self, name_key: str) -> list[Namesake]:
        """Everyone with this name key (the user included)."""
        rows = self._conn.execute(
            "SELECT id, company_key, id IN (SELECT owner_id FROM sources) FROM people "
            "WHERE name_key = ?",
            (name_key,),
        )
        return [Namesake(int(pid), str(company), bool(owner)) for pid, company, owner in rows]

    def namesakes_staged(self, keys: Iterable[str]) -> dict[str, list[tuple[int, str]]]:
        """name key -> ``(person id, company key)`` of everyone with that name, for many names."""
        stage_rows(
            self._conn, "bulk_names", "name_key TEXT", ((k,) for k in set(keys)), key="name_key"
        )
        found: dict[str, list[tuple[int, str]]] = {}
        for key, pid, their_company in self._conn.execute(
            "SELECT p.name_key, p.id, p.company_key FROM temp.bulk_names n "
            "CROSS JOIN people p ON p.name_key = n.name_key"
        ):
            found.setdefault(key, []).append((int(pid), their_company))
        return found

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
            "SELECT name, company, title, willingness, willingness_origin FROM people WHERE id = ?",
            (person,),
        ).fetchone()
        return PersonFields(*row)

    def rows(self, ids: Sequence[int]) -> dict[int, PersonRow]:
        """The people of ``ids`` that exist, by id."""
        found: dict[int, PersonRow] = {}
        for chunk, marks in _chunks(ids):
            for pid, name, company, title, willingness, degree, is_me in self._conn.execute(
                "SELECT id, name, company, title, willingness, degree, is_me FROM people "
                f"WHERE id IN ({marks})",
                chunk,
            ):
                found[pid] = PersonRow(
                    pid, name, company, title, willingness, degree or None, bool(is_me)
                )
        return found

    def editable_staged(self, ids: Iterable[int]) -> dict[int, EditableRow]:
        """The :class:`EditableRow` of each of these people, for many people at once."""
        stage_rows(self._conn, "bulk_people", "id INTEGER", ((p,) for p in set(ids)), key="id")
        return {
            int(pid): EditableRow(name, company, title, bool(has_linkedin))
            for pid, name, company, title, has_linkedin in self._conn.execute(
                "SELECT p.id, p.name, p.company, p.title, EXISTS (SELECT 1 FROM identities i "
                "WHERE i.person_id = p.id AND i.kind = 'linkedin') "
                "FROM temp.bulk_people t CROSS JOIN people p ON p.id = t.id"
            )
        }

    def identity_keys(self, ids: Sequence[int]) -> list[tuple[int, str, str]]:
        """``(person id, kind, value)`` of every identity key of these people, by kind and value."""
        keys: list[tuple[int, str, str]] = []
        for chunk, marks in _chunks(ids):
            keys.extend(
                self._conn.execute(
                    f"SELECT person_id, kind, value FROM identities WHERE person_id IN ({marks}) "
                    "ORDER BY kind, value",
                    chunk,
                )
            )
        return keys

    def sources(self, ids: Sequence[int]) -> list[SourceRow]:
        """The sources these people appear in or own, by source id."""
        found: list[SourceRow] = []
        for chunk, marks in _chunks(ids):
            rows = self._conn.execute(
                f"""
                SELECT a.person_id, s.id, s.kind, s.label, o.name, 'contact', min(a.locator)
                FROM appearances a JOIN sources s ON s.id = a.source_id
                LEFT JOIN people o ON o.id = s.owner_id
                WHERE a.person_id IN ({marks}) GROUP BY a.person_id, s.id
                UNION ALL
                SELECT s.owner_id, s.id, s.kind, s.label, NULL, 'owner', NULL
                FROM sources s WHERE s.owner_id IN ({marks})
                ORDER BY 2
                """,
                chunk + chunk,
            )
            found.extend(SourceRow(*row) for row in rows)
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

    def count_keys(self, person: int) -> int:
        """How many identity keys the person holds."""
        row = self._conn.execute("SELECT count(*) FROM identities WHERE person_id = ?", (person,))
        return int(row.fetchone()[0])

    # --- writing people -----------------------------------------------------------------------

    def insert(self, details: Details, *, is_me: bool = False) -> int:
        """Add a person; return their id."""
        now = clock.utc_now()
        cursor = self._conn.execute(
            """
            INSERT INTO people (name, name_key, company, company_key, title, is_me,
                                created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (
                details.name,
                details.name_key,
                details.company,
                details.company_key,
                details.title,
                int(is_me),
                now,
                now,
            ),
        )
        return int(cursor.lastrowid or 0)

    def insert_many(self, people: Sequence[Details]) -> range:
        """Add many people at once, with consecutive ids; return their ids, in order."""
        if not people:
            return range(0)
        first = int(self._conn.execute("SELECT coalesce(max(id), 0) + 1 FROM people").fetchone()[0])
        now = clock.utc_now()
        ids = range(first, first + len(people))
        stage_rows(
            self._conn,
            "bulk_new_people",
            "id, name, name_key, company, company_key, title",
            (
                (pid, d.name, d.name_key, d.company, d.company_key, d.title)
                for pid, d in zip(ids, people, strict=True)
            ),
        )
        self._conn.execute(
            "INSERT INTO people (id, name, name_key, company, company_key, title, is_me, "
            "created_at, updated_at) "
            "SELECT id, name, name_key, company, company_key, title, 0, ?, ? "
            "FROM temp.bulk_new_people",
            (now, now),
        )
        return ids

    def update_details(self, person: int, details: Details) -> None:
        """Replace a person's name, company and title."""
        self.update_details_many([(person, details)])

    def update_details_many(self, changes: Iterable[tuple[int, Details]]) -> None:
        """Replace the name, company and title of many people."""
        now = clock.utc_now()
        self._conn.executemany(
            "UPDATE people SET name = ?, name_key = ?, company = ?, company_key = ?, title = ?, "
            "updated_at = ? WHERE id = ?",
            [
                (d.name, d.name_key, d.company, d.company_key, d.title, now, pid)
                for pid, d in changes
            ],
        )

    def set_name(self, person: int, name: str, name_key: str) -> None:
        """Rename a person."""
        self._conn.execute(
            "UPDATE people SET name = ?, name_key = ?, updated_at = ? WHERE id = ?",
            (name, name_key, clock.utc_now(), person),
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
            """
            UPDATE people SET name = ?, name_key = ?, company = ?, company_key = ?, title = ?,
                              willingness = ?, willingness_origin = ?, updated_at = ?
            WHERE id = ?
            """,
            (
                details.name,
                details.name_key,
                details.company,
                details.company_key,
                details.title,
                willingness,
                willingness_origin,
                clock.utc_now(),
                person,
            ),
        )

    def delete(self, person: int) -> None:
        """Remove a person's row (what still points at them goes with it)."""
        self._conn.execute("DELETE FROM people WHERE id = ?", (person,))

    # --- identity keys ------------------------------------------------------------------------

    def add_key(self, kind: str, value: str, person: int) -> None:
        """Give a person an identity key nobody holds."""
        self._conn.execute(
            "INSERT INTO identities (kind, value, person_id) VALUES (?, ?, ?)",
            (kind, value, person),
        )

    def add_keys(self, keys: Sequence[IdentityKey]) -> None:
        """Store identity keys nobody holds."""
        self._conn.executemany(
            "INSERT INTO identities (kind, value, person_id) VALUES (?, ?, ?)", keys
        )

    def add_keys_staged(self, keys: Iterable[IdentityKey], *, if_new: bool) -> None:
        """Store many identity keys at once; ``if_new`` skips keys someone already holds."""
        stage_rows(self._conn, "bulk_new_keys", _KEY_COLUMNS, keys)
        conflict = "ON CONFLICT DO NOTHING" if if_new else ""
        insert_staged(self._conn, "identities", _KEY_COLUMNS, "bulk_new_keys", conflict=conflict)

    def move_keys(self, drop: int, keep: int) -> None:
        """Give every identity key of ``drop`` to ``keep``."""
        self._conn.execute("UPDATE identities SET person_id = ? WHERE person_id = ?", (keep, drop))

    def delete_keys(self, person: int) -> None:
        """Remove every identity key of a person."""
        self._conn.execute("DELETE FROM identities WHERE person_id = ?", (person,))
