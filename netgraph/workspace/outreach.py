"""The statements on the ``outreach`` table: the steps of reaching people, and the reads of
people that only the outreach workflow makes (a person's organisation for a brief, the company
two people share for a draft, when the user's card last changed).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import cast

from netgraph.vocabulary import OutreachStatus
from netgraph.workspace import clock


@dataclass(frozen=True)
class OutreachEvent:
    """One logged step towards ``person`` (with the names of the person and the referrer)."""

    id: int
    person_id: int
    person: str
    referrer_id: int | None
    referrer: str | None
    status: OutreachStatus
    on_date: date
    note: str | None


@dataclass(frozen=True)
class ReferrerAsks:
    """How often the user has asked one referrer for introductions, and when last."""

    count: int
    last: date


@dataclass(frozen=True)
class Organisation:
    """A person's organisation as the workspace knows it: the other people with its key.

    ``others`` are at most the requested number of them, ``(person id, shared their
    contacts)``, in the order asked for; ``total`` counts them all, ``first_degree`` those the
    user knows directly.
    """

    name: str | None
    others: tuple[tuple[int, bool], ...]
    total: int
    first_degree: int


_EVENTS = (
    "SELECT o.id, o.person_id, p.name, o.referrer_id, r.name, o.status, o.on_date, o.note "
    "FROM outreach o JOIN people p ON p.id = o.person_id "
    "LEFT JOIN people r ON r.id = o.referrer_id"
)


class OutreachTable:
    """Reads and writes of the ``outreach`` table, and the outreach workflow's reads beside it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def add(
        self,
        person: int,
        status: OutreachStatus,
        on_date: date,
        *,
        referrer: int | None,
        note: str | None,
    ) -> int:
        """Log one step; return its id."""
        cursor = self._conn.execute(
            "INSERT INTO outreach (person_id, referrer_id, status, on_date, note, logged_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (person, referrer, status, on_date.isoformat(), note, clock.utc_now()),
        )
        return int(cursor.lastrowid or 0)

    def events(
        self, *, person: int | None = None, event_id: int | None = None
    ) -> list[OutreachEvent]:
        """Logged steps, oldest first: all of them, one person's, or one by id."""
        clauses, params = [], []
        if person is not None:
            clauses.append("o.person_id = ?")
            params.append(person)
        if event_id is not None:
            clauses.append("o.id = ?")
            params.append(event_id)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._conn.execute(f"{_EVENTS}{where} ORDER BY o.on_date, o.id", params)
        return [
            OutreachEvent(
                id=int(eid),
                person_id=int(pid),
                person=name,
                referrer_id=None if rid is None else int(rid),
                referrer=referrer_name,
                status=cast(OutreachStatus, status),
                on_date=date.fromisoformat(day),
                note=note,
            )
            for eid, pid, name, rid, referrer_name, status, day, note in rows
        ]

    def remove(self, event_id: int) -> None:
        """Remove one logged step."""
        self._conn.execute("DELETE FROM outreach WHERE id = ?", (event_id,))

    def last_logged(self, person: int) -> int | None:
        """The id of the step towards ``person`` logged last (whatever its date), if any."""
        row = self._conn.execute(
            "SELECT max(id) FROM outreach WHERE person_id = ?", (person,)
        ).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def referrer_asks(self) -> dict[int, ReferrerAsks]:
        """Referrer id -> how many introductions the user asked of them, and the latest ask."""
        rows = self._conn.execute(
            "SELECT referrer_id, count(*), max(on_date) FROM outreach "
            "WHERE status = 'asked-referrer' AND referrer_id IS NOT NULL GROUP BY referrer_id"
        )
        return {int(r): ReferrerAsks(int(n), date.fromisoformat(last)) for r, n, last in rows}

    def forget(self, person: int) -> None:
        """Erase ``person`` from the log: their own steps go, and steps towards others that
        went through them keep no trace of them (neither the referrer nor the note)."""
        self._conn.execute(
            "UPDATE outreach SET referrer_id = NULL, note = NULL WHERE referrer_id = ?", (person,)
        )
        self._conn.execute("DELETE FROM outreach WHERE person_id = ?", (person,))

    def move(self, drop: int, keep: int) -> None:
        """Give person ``drop``'s steps, and the steps they were the referrer of, to ``keep``
        (a step towards ``keep`` through ``keep`` loses its referrer)."""
        self._conn.execute("UPDATE outreach SET person_id = ? WHERE person_id = ?", (keep, drop))
        self._conn.execute(
            "UPDATE outreach SET referrer_id = nullif(?, person_id) WHERE referrer_id = ?",
            (keep, drop),
        )
        self._conn.execute(
            "UPDATE outreach SET referrer_id = NULL WHERE person_id = ? AND referrer_id = ?",
            (keep, keep),
        )

    # The people and ties beside the log.

    def updated_at(self, person: int) -> str:
        """When a person's record last changed (ISO UTC)."""
        row = self._conn.execute("SELECT updated_at FROM people WHERE id = ?", (person,)).fetchone()
        return str(row[0])

    def shared_company(self, a: int, b: int) -> str | None:
        """The company ``a`` and ``b`` both work at (as ``b`` writes it), else None."""
        keys = dict(
            self._conn.execute("SELECT id, company_key FROM people WHERE id IN (?, ?)", (a, b))
        )
        if not keys.get(a) or keys.get(a) != keys.get(b):
            return None
        row = self._conn.execute("SELECT company FROM people WHERE id = ?", (b,)).fetchone()
        return None if row is None else row[0]

    def organisation(self, person: int, *, first: Iterable[int], limit: int) -> Organisation:
        """``person``'s organisation: at most ``limit`` others with its company key (the user
        excepted), those in ``first`` first, then the nearest, then by name."""
        name, key = self._conn.execute(
            "SELECT company, company_key FROM people WHERE id = ?", (person,)
        ).fetchone()
        if not key:
            return Organisation(name, (), 0, 0)
        where = "p.company_key = ? AND p.id != ? AND p.is_me = 0"
        total, first_degree = self._conn.execute(
            "SELECT count(*), count(CASE WHEN p.degree = 1 THEN 1 END) "
            f"FROM people p WHERE {where}",
            (key, person),
        ).fetchone()
        rows = self._conn.execute(
            "SELECT p.id, EXISTS (SELECT 1 FROM sources s WHERE s.owner_id = p.id) FROM people p "
            f"WHERE {where} ORDER BY p.id IN (SELECT value FROM json_each(?)) DESC, "
            "coalesce(p.degree, 99), p.name_key, p.id LIMIT ?",
            (key, person, json.dumps(sorted(set(first))), limit),
        )
        others = tuple((int(pid), bool(flag)) for pid, flag in rows)
        return Organisation(name, others, int(total), int(first_degree))
