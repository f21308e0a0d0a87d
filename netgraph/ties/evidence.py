"""Evidence that two people know each other, the ties it creates, and their strengths.

Evidence is keyed by (tie, source, kind): importing the same source again replaces it rather
than adding to it. A tie's stored strength is recomputed from all its evidence
(:mod:`netgraph.ties.strength`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import itemgetter

from netgraph.ties.strength import Evidence, tie_strength
from netgraph.workspace import Workspace
from netgraph.workspace.staging import STAGE_FROM_ROWS, insert_staged, stage_rows

#: Ties this process has added, less those merges removed (so it may fall): an import reads it
#: before and after, where counting a table of ten million ties twice per file would take longer
#: than the file.
ties_added = 0


def linked(workspace: Workspace, x: int, y: int) -> bool:
    """Whether two people share a tie."""
    conn = workspace.conn
    row = conn.execute(
        "SELECT 1 FROM edges WHERE a = ? AND b = ?", (min(x, y), max(x, y))
    ).fetchone()
    return row is not None


_INSERT_EDGE = "INSERT INTO edges (a, b, strength) VALUES (?, ?, 1.0) ON CONFLICT DO NOTHING"
_EVIDENCE_COLUMNS = "a, b, source_id, kind, holder_id, on_date, sent, received, detail"
_EVIDENCE_CONFLICT = """
    ON CONFLICT (a, b, source_id, kind) DO UPDATE SET
        holder_id = excluded.holder_id,
        on_date = nullif(max(coalesce(evidence.on_date, ''), coalesce(excluded.on_date, '')), ''),
        sent = max(evidence.sent, excluded.sent),
        received = max(evidence.received, excluded.received),
        detail = coalesce(excluded.detail, evidence.detail)
"""
_UPSERT_EVIDENCE = (
    f"INSERT INTO evidence ({_EVIDENCE_COLUMNS}) VALUES ({', '.join('?' * 9)}) {_EVIDENCE_CONFLICT}"
)


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of evidence that ``x`` and ``y`` know each other (see :func:`add_evidence`)."""

    x: int
    y: int
    source_id: int
    kind: str
    holder_id: int
    on_date: date | str | None = None
    sent: int = 0
    received: int = 0
    detail: str | None = None


def add_evidence(
    workspace: Workspace,
    x: int,
    y: int,
    *,
    source_id: int,
    kind: str,
    holder_id: int,
    on_date: date | str | None = None,
    sent: int = 0,
    received: int = 0,
    detail: str | None = None,
) -> bool:
    """Record one piece of evidence that ``x`` and ``y`` know each other (creating the edge).

    Evidence is keyed by (edge, source, kind): importing the same source again replaces it
    rather than adding to it. Returns False for a self-loop, which is never stored.
    """
    add_evidence_many(
        workspace, [EvidenceItem(x, y, source_id, kind, holder_id, on_date, sent, received, detail)]
    )
    return x != y


def add_evidence_many(
    workspace: Workspace, items: Iterable[EvidenceItem], *, as_of: date | None = None
) -> set[tuple[int, int]]:
    """Record many pieces of evidence at once; return the edges that need :func:`refresh_strengths`.

    The edges are ``(a, b)`` pairs with ``a < b``: without ``as_of``, every edge the evidence
    touches. With ``as_of``, a call of :data:`STAGE_FROM_ROWS` items or more gives each new tie
    with one piece of evidence its strength as of that day, and returns only the ties that
    existed before or get several pieces of evidence here. Self-loops are never stored.
    """
    conn = workspace.conn
    rows = []
    for item in items:
        if item.x == item.y:
            continue
        a, b = (item.x, item.y) if item.x < item.y else (item.y, item.x)
        day = item.on_date.isoformat() if isinstance(item.on_date, date) else item.on_date
        rows.append(
            (
                a,
                b,
                item.source_id,
                item.kind,
                item.holder_id,
                day,
                item.sent,
                item.received,
                item.detail,
            )
        )
    touched = {(row[0], row[1]) for row in rows}
    if len(rows) < STAGE_FROM_ROWS:
        count_ties(conn.executemany(_INSERT_EDGE, (row[:2] for row in rows)).rowcount)
        conn.executemany(_UPSERT_EVIDENCE, rows)
        return touched
    stage_rows(conn, "new_evidence", _EVIDENCE_COLUMNS, rows)
    if as_of is None:
        to_refresh = touched
        ties: Iterable[tuple[int, int, float]] = ((a, b, 1.0) for a, b in touched)
    else:
        to_refresh = set(
            conn.execute(
                "SELECT n.a, n.b FROM temp.new_evidence n "
                "CROSS JOIN edges e ON e.a = n.a AND e.b = n.b"
            )
        )
        if len(touched) < len(rows):
            seen = Counter((row[0], row[1]) for row in rows)
            to_refresh |= {pair for pair, count in seen.items() if count > 1}
        strength = strength_calculator(as_of)
        ties = (
            (a, b, 1.0 if (a, b) in to_refresh else strength(((kind, day, sent, got, detail),)))
            for a, b, _source, kind, _holder, day, sent, got, detail in rows
        )
    stage_rows(conn, "new_ties", "a, b, strength", ties)
    conflict = "ON CONFLICT DO NOTHING"
    count_ties(insert_staged(conn, "edges", "a, b, strength", "new_ties", conflict=conflict))
    insert_staged(conn, "evidence", _EVIDENCE_COLUMNS, "new_evidence", conflict=_EVIDENCE_CONFLICT)
    return to_refresh


def count_ties(change: int) -> None:
    """Add ``change`` to :data:`ties_added`."""
    global ties_added
    ties_added += change


#: One piece of evidence as stored: kind, on_date (ISO), sent, received, detail.
StoredEvidence = tuple[str, str | None, int, int, str | None]


def strength_calculator(as_of: date) -> Callable[[tuple[StoredEvidence, ...]], float]:
    """A function giving the strength of a tie from its stored evidence, as of ``as_of``.

    Most ties carry the same few kinds of evidence (a connection on some date), so each
    distinct combination is computed once.
    """
    known: dict[tuple[StoredEvidence, ...], float] = {}

    def strength(items: tuple[StoredEvidence, ...]) -> float:
        value = known.get(items)
        if value is None:
            value = known[items] = tie_strength(
                (
                    Evidence(
                        kind=kind,
                        on_date=date.fromisoformat(on_date) if on_date else None,
                        sent=sent,
                        received=received,
                        detail=detail,
                    )
                    for kind, on_date, sent, received, detail in items
                ),
                as_of,
            )
        return value

    return strength


def refresh_strengths(
    workspace: Workspace, edges: set[tuple[int, int]] | None, as_of: date
) -> None:
    """Recompute the stored strength of the given edges (all edges when ``edges`` is None)."""
    conn = workspace.conn
    if edges is not None and not edges:
        return
    if edges is None:
        rows = conn.execute(
            "SELECT a, b, kind, on_date, sent, received, detail FROM evidence ORDER BY a, b"
        )
    else:
        pairs = {(min(a, b), max(a, b)) for a, b in edges}
        stage_rows(conn, "touched_edges", "a INTEGER, b INTEGER", pairs, key="a, b")
        rows = conn.execute(
            "SELECT e.a, e.b, e.kind, e.on_date, e.sent, e.received, e.detail "
            "FROM temp.touched_edges t CROSS JOIN evidence e ON e.a = t.a AND e.b = t.b "
            "ORDER BY t.a, t.b"
        )
    strength = strength_calculator(as_of)
    stage_rows(
        conn,
        "new_strengths",
        "a INTEGER, b INTEGER, strength REAL",
        (
            (a, b, strength(tuple(row[2:] for row in group)))
            for (a, b), group in groupby(rows, key=itemgetter(0, 1))
        ),
        key="a, b",
    )
    conn.execute(
        "UPDATE edges SET strength = (SELECT s.strength FROM temp.new_strengths s "
        "WHERE s.a = edges.a AND s.b = edges.b) "
        "WHERE (a, b) IN (SELECT a, b FROM temp.new_strengths)"
    )
