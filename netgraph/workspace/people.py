"""The statements on the ``people`` and ``identities`` tables: who is in the workspace."""

from __future__ import annotations

import sqlite3


class PeopleTable:
    """Reads and writes of the ``people`` table and the identity keys that point at people."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

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
