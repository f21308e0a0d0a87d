"""Ties between people as a user reads them: each edge with its strength and its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from netgraph.ties.strength import STATED_DEFAULT
from netgraph.workspace import Workspace
from netgraph.workspace.ties import EvidenceLine


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
    note: str | None = None,
) -> str:
    """One line of evidence, e.g. "in Priya Raman's LinkedIn export, connected Oct 2020".

    ``holder`` is the person whose file the evidence comes from; ``note`` is the user's note on
    a tie they stated.
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
    if kind == "referral":
        when = f" ({month})" if month else ""
        if detail == "met":
            return f"you met {holder}, who suggested people to talk to{when}"
        return f"{holder} suggested you talk to them{when}"
    if kind == "shared-export":
        return f"{holder} shared their export {label} with you"
    if kind == "stated":
        text = f"you said so ({detail or STATED_DEFAULT})"
        return f"{text}: {note}" if note else text
    return f"{kind} ({label})"


def describe_line(line: EvidenceLine, *, with_note: bool = True) -> str:
    """:func:`describe_evidence` of one stored line of evidence (a holder who is gone reads
    "someone")."""
    return describe_evidence(
        kind=line.kind,
        holder=line.holder or "someone",
        holder_is_me=line.holder_is_me,
        label=line.label,
        on_date=line.on_date,
        sent=line.sent,
        received=line.received,
        detail=line.detail,
        note=line.note if with_note else None,
    )


def edge_evidence_lines(workspace: Workspace, x: int, y: int) -> list[str]:
    """Every piece of evidence for the edge between ``x`` and ``y``, as readable lines."""
    return [describe_line(line) for line in workspace.ties.evidence_lines(x, y)]


@dataclass(frozen=True)
class PersonTie:
    """One tie of a person, as ``show`` lists it: who is at the other end (``id``), the tie's
    strength (rounded to four places) and each piece of its evidence as a readable line."""

    id: int
    name: str
    company: str | None
    is_me: bool
    strength: float
    evidence: tuple[str, ...]


def person_ties(workspace: Workspace, person: int) -> list[PersonTie]:
    """Everyone the person is linked to, strongest tie first, with each tie's evidence."""
    ties = workspace.ties.ties_of(person)
    people = workspace.people.rows([other for other, _strength in ties])
    return [
        PersonTie(
            id=other,
            name=people[other].name,
            company=people[other].company,
            is_me=people[other].is_me,
            strength=round(strength, 4),
            evidence=tuple(edge_evidence_lines(workspace, person, other)),
        )
        for other, strength in ties
    ]
