"""The statements on the ``targets`` table: the people the user wants to meet."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from netgraph.workspace import clock


@dataclass(frozen=True)
class Target:
    """One target, with the person it matched (``person_id`` is None while it waits).

    ``name`` and ``company`` are the person's once matched, else those the user gave.
    """

    id: int
    person_id: int | None
    name: str
    company: str | None
    title: str | None
    degree: int | None
    added_at: str


@dataclass(frozen=True)
class Referral:
    """Who suggested a target when the user met them (``netgraph log ... met --referred``),
    and the day."""

    target_id: int
    referrer_id: int
    referrer: str
    on_date: str


@dataclass(frozen=True)
class WaitingTarget:
    """A target still waiting for an import, by the keys it is matched on."""

    id: int
    name_key: str
    company_key: str


class TargetsTable:
    """Reads and writes of the ``targets`` table."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def all(self) -> list[Target]:
        """Every target, in the order they were added."""
        rows = self._conn.execute(
            """
            SELECT t.id, t.person_id, coalesce(p.name, t.name), coalesce(p.company, t.company),
                   p.title, p.degree, t.added_at
            FROM targets t LEFT JOIN people p ON p.id = t.person_id
            ORDER BY t.id
            """
        )
        return [Target(*row) for row in rows]

    def add(
        self, person: int | None, name: str, name_key: str, company: str | None, company_key: str
    ) -> None:
        """Add a target (nothing happens when ``person`` is a target already)."""
        self._conn.execute(
            """
            INSERT INTO targets (person_id, name, name_key, company, company_key, added_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (person_id) DO NOTHING
            """,
            (person, name, name_key, company, company_key, clock.utc_now()),
        )

    def is_waiting(self, name_key: str, company_key: str) -> bool:
        """Whether a target with these keys waits for an import already."""
        row = self._conn.execute(
            "SELECT 1 FROM targets WHERE person_id IS NULL AND name_key = ? AND company_key = ?",
            (name_key, company_key),
        ).fetchone()
        return row is not None

    def of_person(self, person: int) -> tuple[int, str] | None:
        """``(target id, name)`` of the person's target, if they are one."""
        row = self._conn.execute(
            "SELECT id, name FROM targets WHERE person_id = ?", (person,)
        ).fetchone()
        return (int(row[0]), str(row[1])) if row else None

    def waiting_named(self, name_key: str) -> tuple[int, str] | None:
        """``(target id, name)`` of a waiting target with this name key, if any."""
        row = self._conn.execute(
            "SELECT id, name FROM targets WHERE person_id IS NULL AND name_key = ?", (name_key,)
        ).fetchone()
        return (int(row[0]), str(row[1])) if row else None

    def waiting(self) -> list[WaitingTarget]:
        """The targets still waiting for an import."""
        rows = self._conn.execute(
            "SELECT id, name_key, company_key FROM targets WHERE person_id IS NULL"
        )
        return [WaitingTarget(int(i), str(key), str(company)) for i, key, company in rows]

    def attach(self, target: int, person: int) -> bool:
        """Match a waiting target to a person; False if that person is a target already."""
        cursor = self._conn.execute(
            "UPDATE OR IGNORE targets SET person_id = ? WHERE id = ?", (person, target)
        )
        return cursor.rowcount > 0

    def remove(self, target: int) -> None:
        """Remove one target."""
        self._conn.execute("DELETE FROM targets WHERE id = ?", (target,))

    def forget_waiting(self, name_key: str, company_key: str) -> int:
        """Remove the waiting targets that name someone being forgotten; return how many.

        A waiting target names them when its name key is theirs and its company is theirs or
        not given.
        """
        return self._conn.execute(
            "DELETE FROM targets WHERE person_id IS NULL AND name_key = ? "
            "AND (company_key = '' OR company_key = ?)",
            (name_key, company_key),
        ).rowcount

    def move(self, drop: int, keep: int) -> None:
        """Give person ``drop``'s target to ``keep`` (who stays a target if they were one), and
        the targets ``drop`` referred."""
        self._conn.execute(
            "UPDATE OR IGNORE targets SET person_id = ? WHERE person_id = ?", (keep, drop)
        )
        self._conn.execute("UPDATE targets SET referred_by = ? WHERE referred_by = ?", (keep, drop))

    # The outreach workflow's notes on a target: the goal, and who referred them.

    def set_about(self, person: int, about: str) -> None:
        """Keep the user's goal in meeting ``person`` (a target), as ``ask --about`` gave it."""
        self._conn.execute("UPDATE targets SET about = ? WHERE person_id = ?", (about, person))

    def about_of(self, person: int) -> str | None:
        """The user's goal in meeting ``person``, if they gave one."""
        row = self._conn.execute(
            "SELECT about FROM targets WHERE person_id = ?", (person,)
        ).fetchone()
        return None if row is None else row[0]

    def forget_referrer(self, person: int) -> None:
        """Leave no trace of ``person`` having referred anyone: who and when."""
        self._conn.execute(
            "UPDATE targets SET referred_by = NULL, referred_on = NULL WHERE referred_by = ?",
            (person,),
        )

    def set_referral(self, target: int, referrer: int, on_date: str) -> None:
        """Record that ``referrer`` suggested this target on ``on_date`` (ISO), unless someone
        already had."""
        self._conn.execute(
            "UPDATE targets SET referred_by = ?, referred_on = ? "
            "WHERE id = ? AND referred_by IS NULL",
            (referrer, on_date, target),
        )

    def referrals(self) -> dict[int, Referral]:
        """Target id -> who referred that target, for every referred target."""
        rows = self._conn.execute(
            "SELECT t.id, t.referred_by, p.name, t.referred_on FROM targets t "
            "JOIN people p ON p.id = t.referred_by ORDER BY t.id"
        )
        return {int(t): Referral(int(t), int(r), str(name), str(day)) for t, r, name, day in rows}
