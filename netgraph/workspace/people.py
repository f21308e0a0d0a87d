"""The statements on the ``people`` and ``identities`` tables: who is in the workspace."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

_CHUNK = 500  # ids per IN (...) list, well below SQLite's limit on variables


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


def _chunks(ids: Sequence[int]) -> Iterator[tuple[list[int], str]]:
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        yield chunk, ",".join("?" * len(chunk))


class PeopleTable:
    """Reads and writes of the ``people`` table and the identity keys that point at people."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def me(self) -> int | None:
        """The user's person id, or None before the first import or ``me``."""
        row = self._conn.execute("SELECT id FROM people WHERE is_me = 1").fetchone()
        return int(row[0]) if row else None

    def named(self, name_key: str, company_key: str = "") -> list[int]:
        """The people (the user excepted) with this name key and, when given, company key."""
        if company_key:
            rows = self._conn.execute(
                "SELECT id FROM people WHERE name_key = ? AND company_key = ? AND is_me = 0",
                (name_key, company_key),
            )
        else:
            rows = self._conn.execute(
                "SELECT id FROM people WHERE name_key = ? AND is_me = 0", (name_key,)
            )
        return [int(row[0]) for row in rows]

    def name_and_company(self, person: int) -> tuple[str, str | None]:
        """A person's name and company."""
        name, company = self._conn.execute(
            "SELECT name, company FROM people WHERE id = ?", (person,)
        ).fetchone()
        return str(name), company

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
