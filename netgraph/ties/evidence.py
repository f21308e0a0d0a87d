"""Evidence that two people know each other, the ties it creates, and their strengths.

Evidence is keyed by (tie, source, kind): importing the same source again replaces it rather
than adding to it. A tie's stored strength is recomputed from all its evidence
(:mod:`netgraph.ties.strength`). The functions that change ties return what they did
(:class:`TieChanges`), so an operation counts its own ties.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from netgraph.ties.strength import Evidence, tie_strength
from netgraph.workspace import Workspace
from netgraph.workspace.staging import STAGE_FROM_ROWS
from netgraph.workspace.ties import EvidenceRow, Pair

__all__ = [
    "STAGE_FROM_ROWS",
    "EvidenceItem",
    "StoredEvidence",
    "TieChanges",
    "add_evidence_many",
    "move_ties",
    "refresh_strengths",
    "strength_calculator",
]


@dataclass
class TieChanges:
    """What an operation did to the ties.

    ``added`` counts the ties it added less those it removed (a merge folds two ties into one,
    so it can be negative); ``to_refresh`` holds the ties whose stored strength it left for
    :func:`refresh_strengths`, as ``(a, b)`` pairs with ``a < b``.
    """

    added: int = 0
    to_refresh: set[Pair] = field(default_factory=set)

    def __iadd__(self, other: TieChanges) -> TieChanges:
        self.added += other.added
        self.to_refresh |= other.to_refresh
        return self


class EvidenceItem(NamedTuple):
    """One piece of evidence that ``x`` and ``y`` know each other (see :func:`add_evidence_many`).

    ``holder_id`` is the person whose file it comes from.
    """

    x: int
    y: int
    source_id: int
    kind: str
    holder_id: int
    on_date: date | str | None = None
    sent: int = 0
    received: int = 0
    detail: str | None = None


def add_evidence_many(
    workspace: Workspace, items: Iterable[EvidenceItem], *, as_of: date | None = None
) -> TieChanges:
    """Record pieces of evidence, in order, creating the ties they show.

    Without ``as_of``, every tie the evidence touches is left to refresh. With ``as_of``, a
    call of :data:`STAGE_FROM_ROWS` items or more gives each new tie with one piece of evidence
    its strength as of that day, and leaves only the ties that existed before or get several
    pieces of evidence here. Self-loops are never stored.
    """
    rows: list[EvidenceRow] = []
    for x, y, source, kind, holder, on_date, sent, received, detail in items:
        if x == y:
            continue
        day = on_date.isoformat() if isinstance(on_date, date) else on_date
        a, b = (x, y) if x < y else (y, x)
        rows.append((a, b, source, kind, holder, day, sent, received, detail))
    touched = {(row[0], row[1]) for row in rows}
    if len(rows) < STAGE_FROM_ROWS:
        return TieChanges(workspace.ties.add(rows), touched)
    workspace.ties.stage_evidence(rows)
    if as_of is None:
        to_refresh = touched
        ties: Iterable[tuple[int, int, float]] = ((a, b, 1.0) for a, b in touched)
    else:
        to_refresh = workspace.ties.staged_pairs_stored()
        if len(touched) < len(rows):
            seen = Counter((row[0], row[1]) for row in rows)
            to_refresh |= {pair for pair, count in seen.items() if count > 1}
        strength = strength_calculator(as_of)
        ties = (
            (a, b, 1.0 if (a, b) in to_refresh else strength(((kind, day, sent, got, detail),)))
            for a, b, _source, kind, _holder, day, sent, got, detail in rows
        )
    return TieChanges(workspace.ties.add_staged(ties), to_refresh)


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


def refresh_strengths(workspace: Workspace, edges: set[Pair] | None, as_of: date) -> None:
    """Recompute the stored strength of the given edges (all edges when ``edges`` is None)."""
    if edges is not None and not edges:
        return
    pairs = None if edges is None else {(min(a, b), max(a, b)) for a, b in edges}
    rows = workspace.ties.strength_rows(pairs)
    strength = strength_calculator(as_of)
    workspace.ties.set_strengths(
        (a, b, strength(tuple(row[2:] for row in group)))
        for (a, b), group in groupby(rows, key=itemgetter(0, 1))
    )


def move_ties(workspace: Workspace, keep: int, drop: int) -> TieChanges:
    """Give ``keep`` the ties and evidence of ``drop``, who is being merged into them.

    A tie between the two goes (it would be a self-loop); a tie both had with someone becomes
    one, with the evidence of both. The user's word on ``drop``'s ties (``netgraph tie``) moves
    too; where they spoke of both people's tie with someone, their word on ``keep``'s stays.
    The strengths of the ties moved are recomputed as of today. Returns how many ties this
    added (never more than it removed), and the ties moved as ties to refresh: an import that
    merges as it goes recomputes them again as of its own day.
    """
    # The user's word on drop's ties becomes their word on keep's, before the evidence moves:
    # evidence of a tie the user removed is withheld again under its new pair.
    workspace.ties.move_user_ties(drop, keep)
    items: list[EvidenceItem] = []
    for a, b, source, kind, holder, day, sent, got, detail in workspace.ties.take_withheld(drop):
        if keep not in (a, b):
            holder = keep if holder == drop else holder
            other = b if a == drop else a
            items.append(EvidenceItem(keep, other, source, kind, holder, day, sent, got, detail))
    pairs = workspace.ties.pairs_of(drop)
    for pair in pairs:
        other = pair[1] if pair[0] == drop else pair[0]
        evidence = workspace.ties.evidence_of(pair)
        workspace.ties.delete(pair)
        if other == keep:
            continue  # the two were linked to each other: that tie becomes a self-loop
        for _a, _b, source, kind, holder, day, sent, received, detail in evidence:
            holder = keep if holder == drop else holder
            items.append(
                EvidenceItem(keep, other, source, kind, holder, day, sent, received, detail)
            )
    moved = add_evidence_many(workspace, items)
    workspace.ties.move_holder(drop, keep)
    refresh_strengths(workspace, moved.to_refresh, date.today())
    return TieChanges(moved.added - len(pairs), moved.to_refresh)
