"""The statements on the ``identities`` table, and the reads identity matching blocks on.

:class:`IdentityKeys` is part of :class:`netgraph.workspace.people.PeopleTable`
(``workspace.people.holder(...)``): identity keys are looked up in one place,
:meth:`IdentityKeys.holder` (one key) and :meth:`IdentityKeys.holders_staged` (every key of a
file at once). The candidates a record may be matched with are read by blocking key
(:meth:`IdentityKeys.match_candidates`), never by comparing everyone with everyone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from netgraph.workspace.record_keys import read_key
from netgraph.workspace.record_raws import RecordRawsTable
from netgraph.workspace.staging import insert_staged, stage_rows

_CHUNK = 500  # ids per IN (...) list, well below SQLite's limit on variables
_KEY_COLUMNS = "kind, value, person_id"

#: ``(kind, value, person id)``: one identity key and who holds it
IdentityKey = tuple[str, str, int]


class Candidate(NamedTuple):
    """A person a record may be matched with: what the matching rule compares of them."""

    id: int
    name_key: str
    company_key: str
    #: the honorifics and credentials after their name ("Jr., PhD"), if any
    name_suffix: str | None
    #: whether they shared an export (an owner the user named)
    owns_export: bool
    #: whether they are known by their name alone, from the relations cards name them in (no
    #: identity key, no company, no record of their own)
    relation_only: bool
    linkedin: str | None
    emails: tuple[str, ...]


# Everything about a person that matching compares, by their id (the people row is ``p``).
_CANDIDATE_COLUMNS = (
    "p.id, p.name_key, p.company_key, p.name_suffix, "
    "EXISTS (SELECT 1 FROM sources s WHERE s.owner_id = p.id), "
    "(p.company_key = '' AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.person_id = p.id) "
    "AND NOT EXISTS (SELECT 1 FROM appearances a WHERE a.person_id = p.id "
    "AND substr(a.record_key, 1, 4) != 'rel:')), "
    "(SELECT value FROM identities i WHERE i.person_id = p.id AND i.kind = 'linkedin'), "
    "(SELECT group_concat(value, ' ') FROM identities i "
    "WHERE i.person_id = p.id AND i.kind = 'email')"
)


class RecordRow(NamedTuple):
    """One record of a person: its appearance id, source, record key, raw fields (JSON) and
    where it is in its file."""

    id: int
    source_id: int
    record_key: str
    raw: str
    locator: str = ""


def _candidate(row: tuple[object, ...]) -> Candidate:
    pid, name_key, company_key, suffix, owns, relation_only, linkedin, emails = row
    return Candidate(
        int(str(pid)),
        str(name_key),
        str(company_key or ""),
        None if suffix is None else str(suffix),
        bool(owns),
        bool(relation_only),
        None if linkedin is None else str(linkedin),
        tuple(str(emails).split()) if emails else (),
    )


def _chunks(ids: Sequence[int]) -> Iterator[tuple[list[int], str]]:
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        yield chunk, ",".join("?" * len(chunk))


class IdentityKeys:
    """Reads and writes of identity keys, and of the people matching compares a record with."""

    _conn: sqlite3.Connection

    # --- matching candidates ------------------------------------------------------------------

    def match_candidates(self, match_key: str) -> list[Candidate]:
        """Everyone whose names share this blocking key (the user included), by id."""
        rows = self._conn.execute(
            f"SELECT {_CANDIDATE_COLUMNS} FROM people p WHERE p.match_key = ? ORDER BY p.id",
            (match_key,),
        )
        return [_candidate(row) for row in rows]

    def match_candidates_staged(self, keys: Iterable[str]) -> dict[str, list[Candidate]]:
        """:meth:`match_candidates` for many blocking keys at once."""
        stage_rows(
            self._conn, "bulk_match", "match_key TEXT", ((k,) for k in set(keys)), key="match_key"
        )
        found: dict[str, list[Candidate]] = {}
        for key, *row in self._conn.execute(
            f"SELECT p.match_key, {_CANDIDATE_COLUMNS} FROM temp.bulk_match m "
            "CROSS JOIN people p ON p.match_key = m.match_key ORDER BY p.id"
        ):
            found.setdefault(str(key), []).append(_candidate(tuple(row)))
        return found

    def candidates_by_id(self, ids: Sequence[int]) -> dict[int, Candidate]:
        """The :class:`Candidate` of each of these people that exists."""
        found: dict[int, Candidate] = {}
        for chunk, marks in _chunks(ids):
            for row in self._conn.execute(
                f"SELECT {_CANDIDATE_COLUMNS} FROM people p WHERE p.id IN ({marks})", chunk
            ):
                found[int(row[0])] = _candidate(row)
        return found

    # --- identity keys ------------------------------------------------------------------------

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
        # Looked up in key order: the identities' pages are then read in order, once each.
        rows = self._conn.execute(
            "SELECT k.position, i.person_id "
            "FROM (SELECT * FROM temp.bulk_keys ORDER BY kind, value) k "
            "CROSS JOIN identities i ON i.kind = k.kind AND i.value = k.value"
        )
        return [(int(position), int(person)) for position, person in rows]

    def linkedin_of(self, person: int) -> str | None:
        """The person's LinkedIn key, if they have one."""
        row = self._conn.execute(
            "SELECT value FROM identities WHERE person_id = ? AND kind = 'linkedin'", (person,)
        ).fetchone()
        return str(row[0]) if row else None

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

    def count_keys(self, person: int) -> int:
        """How many identity keys the person holds."""
        row = self._conn.execute("SELECT count(*) FROM identities WHERE person_id = ?", (person,))
        return int(row.fetchone()[0])

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

    def add_profiles_staged(self, profiles: Iterable[tuple[str, int]]) -> None:
        """Give each ``(LinkedIn key, person)`` pair's person that profile, unless they hold one
        already (a second profile is not theirs) or someone else holds it; one pair per person."""
        stage_rows(self._conn, "bulk_profiles", "value, person_id", profiles)
        self._conn.execute(
            "INSERT OR FAIL INTO identities (kind, value, person_id) "
            "SELECT 'linkedin', n.value, n.person_id FROM temp.bulk_profiles n "
            "WHERE NOT EXISTS (SELECT 1 FROM identities i "
            "WHERE i.person_id = n.person_id AND i.kind = 'linkedin') "
            "ORDER BY n.value ON CONFLICT DO NOTHING"
        )

    def add_keys_staged(self, keys: Iterable[IdentityKey], *, if_new: bool) -> None:
        """Store many identity keys at once; ``if_new`` skips keys someone already holds."""
        stage_rows(self._conn, "bulk_new_keys", _KEY_COLUMNS, keys)
        conflict = "ON CONFLICT DO NOTHING" if if_new else ""
        insert_staged(
            self._conn,
            "identities",
            _KEY_COLUMNS,
            "bulk_new_keys",
            conflict=conflict,
            order="kind, value",
        )

    def move_keys(self, drop: int, keep: int) -> None:
        """Give every identity key of ``drop`` to ``keep``."""
        self._conn.execute("UPDATE identities SET person_id = ? WHERE person_id = ?", (keep, drop))

    def delete_keys(self, person: int) -> None:
        """Remove every identity key of a person."""
        self._conn.execute("DELETE FROM identities WHERE person_id = ?", (person,))

    # --- the records of a person, for repairs (netgraph split, merge undone) -----------------

    def records_of(self, person: int) -> list[RecordRow]:
        """Every record (appearance) of a person, by source then id."""
        rows = self._conn.execute(
            "SELECT id, source_id, record_key, raw, raw_line, locator FROM appearances "
            "WHERE person_id = ? ORDER BY source_id, id",
            (person,),
        ).fetchall()
        table = RecordRawsTable(self._conn)
        raws = table.texts((s, r, n) for _i, s, _k, r, n, _w in rows)
        locators = table.locators_of((s, w, n) for _i, s, _k, _r, n, w in rows)
        return [
            RecordRow(int(i), int(s), read_key(k), raw, locator)
            for (i, s, k, _r, _n, _w), raw, locator in zip(rows, raws, locators, strict=True)
        ]

    def move_records(self, ids: Sequence[int], person: int) -> None:
        """Put these records (appearance ids) on another person."""
        for chunk, marks in _chunks(ids):
            self._conn.execute(
                f"UPDATE appearances SET person_id = ? WHERE id IN ({marks})", (person, *chunk)
            )

    def owned_sources(self, person: int) -> list[int]:
        """The sources a person shared (whose owner they are)."""
        rows = self._conn.execute("SELECT id FROM sources WHERE owner_id = ?", (person,))
        return [int(row[0]) for row in rows]

    def set_owner(self, sources: Sequence[int], person: int) -> None:
        """Make a person the owner of these sources."""
        for chunk, marks in _chunks(sources):
            self._conn.execute(
                f"UPDATE sources SET owner_id = ? WHERE id IN ({marks})", (person, *chunk)
            )

    def move_key(self, kind: str, value: str, person: int) -> None:
        """Give one identity key to another person."""
        self._conn.execute(
            "UPDATE identities SET person_id = ? WHERE kind = ? AND value = ?",
            (person, kind, value),
        )

    def remove_key(self, kind: str, value: str) -> None:
        """Remove one identity key."""
        self._conn.execute("DELETE FROM identities WHERE kind = ? AND value = ?", (kind, value))

    # --- probable duplicates (netgraph duplicates) ----------------------------------------------

    def shared_match_keys(self) -> list[list[Candidate]]:
        """The people of every blocking key that two or more people share, by id."""
        rows = self._conn.execute(
            f"SELECT p.match_key, {_CANDIDATE_COLUMNS} FROM people p WHERE p.match_key IN "
            "(SELECT match_key FROM people WHERE match_key IS NOT NULL AND match_key != '' "
            "GROUP BY match_key HAVING count(*) > 1) ORDER BY p.match_key, p.id"
        )
        groups: dict[str, list[Candidate]] = {}
        for key, *row in rows:
            groups.setdefault(str(key), []).append(_candidate(tuple(row)))
        return list(groups.values())

    def colleagues(self, most: int) -> list[list[tuple[int, str]]]:
        """``(id, name key)`` of the people of every company two to ``most`` people share."""
        rows = self._conn.execute(
            "SELECT company_key, id, name_key FROM people WHERE company_key IN "
            "(SELECT company_key FROM people WHERE company_key != '' GROUP BY company_key "
            "HAVING count(*) BETWEEN 2 AND ?) ORDER BY company_key, id",
            (most,),
        )
        groups: dict[str, list[tuple[int, str]]] = {}
        for company, pid, key in rows:
            groups.setdefault(str(company), []).append((int(pid), str(key)))
        return list(groups.values())

    def name_keys(self) -> dict[int, str]:
        """Everyone's name key but the user's, by id."""
        rows = self._conn.execute("SELECT id, name_key FROM people WHERE is_me = 0")
        return {int(pid): str(key) for pid, key in rows}
