"""The statements on the ``edges`` and ``evidence`` tables: who knows whom, the evidence for it,
each tie's stored strength, and each person's degree from the user that the ties give.

A tie is stored once, as ``(a, b)`` with ``a < b``. Many pieces of evidence at once go through
staging tables (:mod:`netgraph.workspace.staging`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from netgraph.workspace.evidence_codes import KIND_CODES, day_number, iso_day, kind_code, kind_of
from netgraph.workspace.staging import insert_staged, stage_rows, upsert_staged

_INSERT_EDGE = "INSERT INTO edges (a, b, strength) VALUES (?, ?, 1.0) ON CONFLICT DO NOTHING"
_EVIDENCE_COLUMNS = "a, b, source_id, kind, holder_id, on_date, sent, received, detail"
_CONFLICT = """
    ON CONFLICT (a, b, source_id, kind) DO UPDATE SET
        holder_id = excluded.holder_id,
        on_date = nullif(max(coalesce({t}.on_date, 0), coalesce(excluded.on_date, 0)), 0),
        sent = max({t}.sent, excluded.sent),
        received = max({t}.received, excluded.received),
        detail = coalesce(excluded.detail, {t}.detail)
"""
_EVIDENCE_CONFLICT = _CONFLICT.format(t="evidence")
_WITHHELD_CONFLICT = _CONFLICT.format(t="withheld_evidence")
_UPSERT_EVIDENCE = (
    f"INSERT INTO evidence ({_EVIDENCE_COLUMNS}) VALUES ({', '.join('?' * 9)}) {_EVIDENCE_CONFLICT}"
)
_UPSERT_WITHHELD = (
    f"INSERT INTO withheld_evidence ({_EVIDENCE_COLUMNS}) VALUES ({', '.join('?' * 9)}) "
    f"{_WITHHELD_CONFLICT}"
)
# The ties the user removed: evidence for them is withheld, never stored as a tie.
_REMOVED = "SELECT a, b FROM user_ties WHERE state = 'removed'"

#: One piece of evidence: a, b, source id, kind, holder id, on_date (ISO), sent, received,
#: detail. Stored with the kind as a code and the day as a number
#: (:mod:`netgraph.workspace.evidence_codes`); these methods take and give it as here.
EvidenceRow = tuple[int, int, int, str, int, str | None, int, int, str | None]
#: A tie's evidence as its strength reads it: a, b, kind, on_date (ISO), sent, received, detail.
StrengthRow = tuple[int, int, str, str | None, int, int, str | None]
Pair = tuple[int, int]
_STATED = KIND_CODES["stated"]


def _stored(rows: Iterable[EvidenceRow]) -> Iterator[tuple[object, ...]]:
    """Evidence rows as the tables hold them."""
    for a, b, source, kind, holder, day, sent, received, detail in rows:
        yield a, b, source, kind_code(kind), holder, day_number(day), sent, received, detail


def _read(rows: Iterable[tuple[Any, ...]]) -> list[EvidenceRow]:
    """Evidence rows as the tables hold them, as :data:`EvidenceRow`."""
    return [
        (int(a), int(b), int(source), kind_of(kind), int(holder), iso_day(day), int(sent),
         int(got), detail)
        for a, b, source, kind, holder, day, sent, got, detail in rows
    ]  # fmt: skip


@dataclass(frozen=True)
class EvidenceLine:
    """One piece of evidence of a tie, with what describing it needs: whose file it came from
    (``holder``, None when they are gone) and the source's label."""

    kind: str
    holder: str | None
    holder_is_me: bool
    label: str
    on_date: str | None
    sent: int
    received: int
    detail: str | None
    note: str | None = None  # the user's note on a tie they stated (``tie --note``)


@dataclass(frozen=True)
class UserTieRow:
    """The user's word on the tie between ``a`` and ``b`` (``a < b``): ``tied`` or ``removed``,
    the strength they gave (a word or a number, as given), their note and when they said it;
    ``withheld`` counts the pieces of evidence that imports give a removed tie (one per kind and
    holder: successive imports of one export show the same piece again)."""

    a: int
    b: int
    state: str
    strength: str | None
    note: str | None
    said_at: str
    withheld: int


class TiesTable:
    """Reads and writes of these tables (and of ``people.degree``, which the ties give)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    # --- reading ------------------------------------------------------------------------------

    def linked(self, x: int, y: int) -> bool:
        """Whether two people share a tie."""
        row = self._conn.execute(
            "SELECT 1 FROM edges WHERE a = ? AND b = ?", (min(x, y), max(x, y))
        ).fetchone()
        return row is not None

    def count(self) -> int:
        """How many ties there are."""
        return int(self._conn.execute("SELECT count(*) FROM edges").fetchone()[0])

    def ties_of(self, person: int) -> list[tuple[int, float]]:
        """``(other person, strength)`` of each of a person's ties, strongest first."""
        rows = self._conn.execute(
            """
            SELECT CASE WHEN e.a = :p THEN e.b ELSE e.a END AS other, e.strength
            FROM edges e WHERE e.a = :p OR e.b = :p
            ORDER BY e.strength DESC, other
            """,
            {"p": person},
        )
        return [(int(other), float(strength)) for other, strength in rows]

    def pairs_of(self, person: int) -> list[Pair]:
        """Every tie of a person, as stored."""
        rows = self._conn.execute("SELECT a, b FROM edges WHERE a = ? OR b = ?", (person, person))
        return [(int(a), int(b)) for a, b in rows]

    def count_of(self, person: int) -> int:
        """How many ties a person has."""
        row = self._conn.execute(
            "SELECT count(*) FROM edges WHERE a = ? OR b = ?", (person, person)
        ).fetchone()
        return int(row[0])

    def evidence_of(self, pair: Pair) -> list[EvidenceRow]:
        """Every piece of evidence of one stored tie."""
        return _read(
            self._conn.execute(
                f"SELECT {_EVIDENCE_COLUMNS} FROM evidence WHERE a = ? AND b = ?", pair
            )
        )

    def evidence_lines(self, x: int, y: int) -> list[EvidenceLine]:
        """The evidence of the tie between ``x`` and ``y`` that counts, by kind then source."""
        return self._lines("current_evidence", x, y)

    def strength_of(self, pair: Pair) -> float | None:
        """The stored strength of one tie, or None when there is no such tie."""
        row = self._conn.execute("SELECT strength FROM edges WHERE a = ? AND b = ?", pair)
        found = row.fetchone()
        return None if found is None else float(found[0])

    def _lines(self, table: str, x: int, y: int) -> list[EvidenceLine]:
        rows = self._conn.execute(
            f"""
            SELECT ev.kind, h.name, h.is_me, s.label, ev.on_date, ev.sent, ev.received, ev.detail,
                   u.note, s.id
            FROM {table} ev
            JOIN sources s ON s.id = ev.source_id
            LEFT JOIN people h ON h.id = ev.holder_id
            LEFT JOIN user_ties u ON u.a = ev.a AND u.b = ev.b AND ev.kind = {_STATED}
            WHERE ev.a = ? AND ev.b = ?
            """,
            (min(x, y), max(x, y)),
        )
        lines = [
            (
                EvidenceLine(
                    kind_of(kind), holder, bool(is_me), label, iso_day(day), sent, received,
                    detail, note,
                ),
                source,
            )
            for kind, holder, is_me, label, day, sent, received, detail, note, source in rows
        ]  # fmt: skip
        lines.sort(key=lambda line: (line[0].kind, line[1]))  # by kind then source
        return [line for line, _source in lines]

    def strength_rows(self, pairs: Iterable[Pair] | None) -> Iterator[StrengthRow]:
        """The evidence of these ties (every tie when None), grouped by tie, as strength reads
        it: what counts (``current_evidence``: a newer export of a file replaces the older's).
        Read lazily: the caller may write while it reads."""
        if pairs is None:
            rows = self._conn.execute(
                "SELECT a, b, kind, on_date, sent, received, detail FROM current_evidence "
                "ORDER BY a, b"
            )
        else:
            stage_rows(self._conn, "touched_edges", "a INTEGER, b INTEGER", pairs, key="a, b")
            rows = self._conn.execute(
                "SELECT e.a, e.b, e.kind, e.on_date, e.sent, e.received, e.detail "
                "FROM temp.touched_edges t CROSS JOIN current_evidence e "
                "ON e.a = t.a AND e.b = t.b "
                "ORDER BY t.a, t.b"
            )
        for a, b, kind, day, sent, received, detail in rows:
            yield a, b, kind_of(kind), iso_day(day), sent, received, detail

    # --- writing evidence ---------------------------------------------------------------------

    def add(self, rows: list[EvidenceRow]) -> int:
        """Store evidence row by row, creating each tie it names (strength 1.0 until
        recomputed); return how many ties were new. Evidence of a tie the user removed is
        withheld instead (:meth:`withheld_of`)."""
        if rows and self._any_removed():
            removed = {(int(a), int(b)) for a, b in self._conn.execute(_REMOVED)}
            withheld = (row for row in rows if row[:2] in removed)
            self._conn.executemany(_UPSERT_WITHHELD, _stored(withheld))
            rows = [row for row in rows if row[:2] not in removed]
        added = self._conn.executemany(_INSERT_EDGE, (row[:2] for row in rows)).rowcount
        self._conn.executemany(_UPSERT_EVIDENCE, _stored(rows))
        return added

    def stage_evidence(self, rows: list[EvidenceRow]) -> None:
        """Stage evidence for :meth:`add_staged`."""
        stage_rows(self._conn, "new_evidence", _EVIDENCE_COLUMNS, _stored(rows))

    def staged_pairs_stored(self) -> set[Pair]:
        """The ties of the staged evidence that are stored already."""
        rows = self._conn.execute(
            "SELECT n.a, n.b FROM temp.new_evidence n CROSS JOIN edges e ON e.a = n.a AND e.b = n.b"
        )
        return {(int(a), int(b)) for a, b in rows}

    def add_staged(self, ties: Iterable[tuple[int, int, float]]) -> int:
        """Store ``(a, b, strength)`` ties that are new, then the staged evidence; return how
        many ties were new."""
        stage_rows(self._conn, "new_ties", "a, b, strength", ties)
        if self._any_removed():
            self._withhold_staged()
        conflict = "ON CONFLICT DO NOTHING"
        added = insert_staged(
            self._conn, "edges", "a, b, strength", "new_ties", conflict=conflict, order="a, b"
        )
        upsert_staged(
            self._conn,
            "evidence",
            _EVIDENCE_COLUMNS,
            "new_evidence",
            conflict=_EVIDENCE_CONFLICT,
            order="a, b, source_id, kind",
        )
        return added

    def set_strengths(self, strengths: Iterable[tuple[int, int, float]]) -> None:
        """Store ``(a, b, strength)`` for ties that exist."""
        stage_rows(
            self._conn,
            "new_strengths",
            "a INTEGER, b INTEGER, strength REAL",
            strengths,
            key="a, b",
        )
        self._conn.execute(
            "UPDATE OR FAIL edges SET strength = (SELECT s.strength FROM temp.new_strengths s "
            "WHERE s.a = edges.a AND s.b = edges.b) "
            "WHERE (a, b) IN (SELECT a, b FROM temp.new_strengths)"
        )

    def delete(self, pair: Pair) -> None:
        """Remove one stored tie and its evidence."""
        self._conn.execute("DELETE FROM edges WHERE a = ? AND b = ?", pair)

    def move_holder(self, drop: int, keep: int) -> None:
        """Make ``keep`` the holder of the evidence ``drop`` held."""
        self._conn.execute("UPDATE evidence SET holder_id = ? WHERE holder_id = ?", (keep, drop))

    def delete_of(self, person: int) -> None:
        """Remove every tie of a person, its evidence, and the user's word on their ties."""
        self._conn.execute("DELETE FROM evidence WHERE a = ? OR b = ?", (person, person))
        self._conn.execute("DELETE FROM edges WHERE a = ? OR b = ?", (person, person))
        self.delete_words_of(person)

    # --- the user's word on ties ---------------------------------------------------------------

    def _any_removed(self) -> bool:
        """Whether the user removed any tie (most workspaces: no, and imports skip the check)."""
        row = self._conn.execute("SELECT 1 FROM user_ties WHERE state = 'removed' LIMIT 1")
        return row.fetchone() is not None

    def _withhold_staged(self) -> None:
        """Move the staged evidence and ties of removed ties aside, into withheld evidence."""
        removed = f"(a, b) IN ({_REMOVED})"
        self._conn.execute(
            f"INSERT INTO withheld_evidence ({_EVIDENCE_COLUMNS}) SELECT {_EVIDENCE_COLUMNS} "
            f"FROM temp.new_evidence WHERE {removed} {_WITHHELD_CONFLICT}"
        )
        self._conn.execute(f"DELETE FROM temp.new_evidence WHERE {removed}")
        self._conn.execute(f"DELETE FROM temp.new_ties WHERE {removed}")

    def user_tie(self, pair: Pair) -> UserTieRow | None:
        """The user's word on one tie, or None when they said nothing of it."""
        rows = self._user_ties("u.a = ? AND u.b = ?", pair)
        return rows[0] if rows else None

    def user_ties_of(self, person: int) -> list[UserTieRow]:
        """The user's word on each tie of a person, oldest first."""
        return self._user_ties("u.a = ? OR u.b = ?", (person, person))

    def _user_ties(self, where: str, params: tuple[int, int]) -> list[UserTieRow]:
        rows = self._conn.execute(
            "SELECT u.a, u.b, u.state, u.strength, u.note, u.said_at, "
            "(SELECT count(DISTINCT w.kind || ':' || w.holder_id) FROM withheld_evidence w "
            "WHERE w.a = u.a AND w.b = u.b) "
            f"FROM user_ties u WHERE {where} ORDER BY u.said_at, u.a, u.b",
            params,
        )
        return [
            UserTieRow(int(a), int(b), state, strength, note, said_at, int(withheld))
            for a, b, state, strength, note, said_at, withheld in rows
        ]

    def removed_partners(self, person: int) -> set[int]:
        """The people the user said ``person`` does not know (``tie --remove``): no tie between
        them counts, recorded or inferred."""
        rows = self._conn.execute(
            "SELECT CASE WHEN a = :p THEN b ELSE a END FROM user_ties "
            "WHERE (a = :p OR b = :p) AND state = 'removed'",
            {"p": person},
        )
        return {int(row[0]) for row in rows}

    def set_user_tie(
        self, pair: Pair, state: str, strength: str | None, note: str | None, said_at: str
    ) -> None:
        """Record the user's word on a tie, replacing what they said of it before."""
        self._conn.execute(
            "INSERT OR REPLACE INTO user_ties (a, b, state, strength, note, said_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (*pair, state, strength, note, said_at),
        )

    def delete_user_tie(self, pair: Pair) -> None:
        """Forget the user's word on a tie (its withheld evidence stays until taken)."""
        self._conn.execute("DELETE FROM user_ties WHERE a = ? AND b = ?", pair)

    def delete_evidence_of_kind(self, pair: Pair, kind: str) -> None:
        """Remove a tie's evidence of one kind (the tie stays; see :meth:`delete_if_bare`)."""
        self._conn.execute(
            "DELETE FROM evidence WHERE a = ? AND b = ? AND kind = ?", (*pair, kind_code(kind))
        )

    def delete_if_bare(self, pair: Pair) -> bool:
        """Remove a tie that no evidence is left for; return whether it went."""
        return (
            self._conn.execute(
                "DELETE FROM edges WHERE a = ? AND b = ? AND NOT EXISTS "
                "(SELECT 1 FROM evidence WHERE a = edges.a AND b = edges.b)",
                pair,
            ).rowcount
            > 0
        )

    def withhold(self, pair: Pair) -> int:
        """Move a tie's evidence aside into withheld evidence and remove the tie; return how
        many pieces of evidence were moved."""
        moved = self._conn.execute(
            f"INSERT INTO withheld_evidence ({_EVIDENCE_COLUMNS}) SELECT {_EVIDENCE_COLUMNS} "
            f"FROM evidence WHERE a = ? AND b = ? {_WITHHELD_CONFLICT}",
            pair,
        ).rowcount
        self.delete(pair)
        return moved

    def take_withheld(self, person: int, other: int | None = None) -> list[EvidenceRow]:
        """Remove and return the withheld evidence of a person's ties (of their tie with
        ``other`` only, when given), for the caller to store again."""
        if other is None:
            where, params = "a = :p OR b = :p", {"p": person}
        else:
            where, params = "a = :x AND b = :y", {"x": min(person, other), "y": max(person, other)}
        rows = _read(
            self._conn.execute(
                f"SELECT {_EVIDENCE_COLUMNS} FROM withheld_evidence WHERE {where}", params
            )
        )
        self._conn.execute(f"DELETE FROM withheld_evidence WHERE {where}", params)
        return rows

    def withheld_lines(self, x: int, y: int) -> list[EvidenceLine]:
        """The withheld evidence of a removed tie between ``x`` and ``y``, by kind then source."""
        return self._lines("withheld_evidence", x, y)

    def move_user_ties(self, drop: int, keep: int) -> None:
        """Give ``keep`` the user's word on the ties of ``drop``, who is being merged into them;
        where the user spoke of both people's tie with someone, ``keep``'s word stays."""
        self._conn.execute(
            """
            INSERT INTO user_ties (a, b, state, strength, note, said_at)
            SELECT min(other, :keep), max(other, :keep), state, strength, note, said_at
            FROM (
                SELECT CASE WHEN a = :drop THEN b ELSE a END AS other,
                       state, strength, note, said_at
                FROM user_ties WHERE a = :drop OR b = :drop
            )
            WHERE other != :keep
            ON CONFLICT DO NOTHING
            """,
            {"drop": drop, "keep": keep},
        )
        self._conn.execute("DELETE FROM user_ties WHERE a = ? OR b = ?", (drop, drop))

    def delete_words_of(self, person: int) -> None:
        """Remove the user's word on every tie of a person, and the evidence withheld of them."""
        self._conn.execute("DELETE FROM user_ties WHERE a = ? OR b = ?", (person, person))
        self._conn.execute("DELETE FROM withheld_evidence WHERE a = ? OR b = ?", (person, person))

    # --- degrees ------------------------------------------------------------------------------

    def refresh_degrees(self, max_degree: int) -> None:
        """Store each person's distance from the user (1 to ``max_degree``), NULL beyond that
        or when unreachable."""
        self._conn.execute("UPDATE people SET degree = NULL WHERE degree IS NOT NULL")
        self._conn.execute("UPDATE people SET degree = 0 WHERE is_me = 1")
        for degree in range(1, max_degree + 1):
            self._conn.execute(
                """
                UPDATE people SET degree = :d WHERE degree IS NULL AND id IN (
                    SELECT e.b FROM edges e JOIN people p ON p.id = e.a AND p.degree = :prev
                    UNION
                    SELECT e.a FROM edges e JOIN people p ON p.id = e.b AND p.degree = :prev
                )
                """,
                {"d": degree, "prev": degree - 1},
            )
