"""Ties between people as a user reads them: each edge with its strength and its evidence."""

from __future__ import annotations

from datetime import date
from typing import Any

from netgraph.workspace import Workspace


def month_year(day: str | None) -> str | None:
    """An ISO date as "Mar 2019", or None for no date or a malformed one."""
    if not day:
        return None
    try:
        return date.fromisoformat(day).strftime("%b %Y")
    except ValueError:
        return None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def describe_evidence(
    *,
    kind: str,
    holder: str,
    holder_is_me: bool,
    label: str,
    on_date: str | None,
    sent: int,
    received: int,
    detail: str | None,
) -> str:
    """One line of evidence, e.g. "in Priya Raman's LinkedIn export, connected Oct 2020".

    ``holder`` is the person whose file the evidence comes from.
    """
    whose = "your" if holder_is_me else f"{holder}'s"
    month = month_year(on_date)
    if kind == "connection":
        text = f"in {whose} LinkedIn export"
        return f"{text}, connected {month}" if month else text
    if kind == "address-book":
        return f"in {whose} address book ({label})"
    if kind == "messages":
        who = "you" if holder_is_me else holder
        text = f"LinkedIn messages: {who} sent {sent}, received {received}"
        return f"{text}, last {month}" if month else text
    if kind == "relation":
        return f"{detail or 'related'}, on {whose} card in {label}"
    if kind == "recommendation":
        target = "you" if holder_is_me else holder
        text = f"wrote a LinkedIn recommendation for {target}"
        return f"{text} ({month})" if month else text
    if kind == "endorsement":
        target = "you" if holder_is_me else holder
        text = f"endorsed {target} on LinkedIn {_plural(received or sent or 1, 'time')}"
        return f"{text} ({detail})" if detail else text
    if kind == "invitation":
        who = "you" if holder_is_me else holder
        direction = f"{who} invited them" if sent else f"they invited {who}"
        text = f"LinkedIn invitation: {direction}"
        return f"{text}, {detail}" if detail else text
    return f"{kind} ({label})"


def edge_evidence_lines(workspace: Workspace, x: int, y: int) -> list[str]:
    """Every piece of evidence for the edge between ``x`` and ``y``, as readable lines."""
    conn = workspace.conn
    rows = conn.execute(
        """
        SELECT ev.kind, h.name, h.is_me, s.label, ev.on_date, ev.sent, ev.received, ev.detail
        FROM evidence ev
        JOIN sources s ON s.id = ev.source_id
        LEFT JOIN people h ON h.id = ev.holder_id
        WHERE ev.a = ? AND ev.b = ?
        ORDER BY ev.kind, s.id
        """,
        (min(x, y), max(x, y)),
    ).fetchall()
    return [
        describe_evidence(
            kind=kind,
            holder=holder or "someone",
            holder_is_me=bool(is_me),
            label=label,
            on_date=on_date,
            sent=sent,
            received=received,
            detail=detail,
        )
        for kind, holder, is_me, label, on_date, sent, received, detail in rows
    ]


def person_ties(workspace: Workspace, person: int) -> list[dict[str, Any]]:
    """Everyone the person is linked to, strongest tie first, with each tie's evidence."""
    conn = workspace.conn
    rows = conn.execute(
        """
        SELECT CASE WHEN e.a = :p THEN e.b ELSE e.a END AS other, e.strength
        FROM edges e WHERE e.a = :p OR e.b = :p
        ORDER BY e.strength DESC, other
        """,
        {"p": person},
    ).fetchall()
    ties = []
    for other, strength in rows:
        name, company, is_me = conn.execute(
            "SELECT name, company, is_me FROM people WHERE id = ?", (other,)
        ).fetchone()
        ties.append(
            {
                "id": other,
                "name": name,
                "company": company,
                "is_me": bool(is_me),
                "strength": round(float(strength), 4),
                "evidence": edge_evidence_lines(workspace, person, other),
            }
        )
    return ties
