"""The user's word on a tie: ``netgraph tie A B`` (they know each other), ``tie A B --remove``
(they do not, or the tie is wrong, whatever a file shows) and ``tie A B --restore`` (take the
word back: the tie counts exactly as the imports show it).

A stated tie carries one piece of ``stated`` evidence (see docs/strength.md), held by the user,
under one source, "your word". A removed tie is no tie at all: its evidence is set aside
(``withheld_evidence``), and evidence that later imports give it is set aside too, so strength,
degrees, routes, rank, maps and the route index never see it until the user restores it.
Merging two people carries the word over (:func:`netgraph.ties.evidence.move_ties`); forgetting
a person erases it. Callers bring the route index up to date afterwards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from netgraph.errors import UsageError
from netgraph.text import clean_text
from netgraph.ties.degrees import refresh_degrees
from netgraph.ties.describe import describe_line
from netgraph.ties.evidence import EvidenceItem, add_evidence_many, refresh_strengths
from netgraph.ties.strength import STATED, STATED_DEFAULT
from netgraph.vocabulary import TIE_WORDS, UserTieState
from netgraph.workspace import Workspace
from netgraph.workspace.clock import utc_now
from netgraph.workspace.ties import EvidenceRow, Pair, UserTieRow

#: The source that holds the ties the user states.
STATED_SOURCE_KEY = "user:ties"
STATED_SOURCE_LABEL = "your word"
STATED_KIND = "stated"


@dataclass(frozen=True)
class TieWord:
    """What the user said of the tie between ``a`` and ``b`` (``a < b``), and the tie now.

    ``state`` is ``tied``, ``removed``, or None once the word was taken back; ``strength_given``
    the word or number they gave; ``strength`` the tie's strength now (None when there is no
    tie); ``withheld`` how many pieces of imported evidence a removed tie has that do not count;
    ``previous`` what the user had said before this command; ``names`` those of ``a`` and ``b``.
    """

    a: int
    b: int
    names: tuple[str, str]
    state: UserTieState | None
    strength_given: str | None
    note: str | None
    said_at: str | None
    strength: float | None
    withheld: int
    previous: UserTieState | None


def parse_tie_strength(text: str | None) -> str:
    """The strength the user gives a tie, as stored: a word (close, known, weak) or a number
    in (0, 1] written plainly; ``known`` when none is given.

    >>> parse_tie_strength("Close"), parse_tie_strength(" 0.60 "), parse_tie_strength(None)
    ('close', '0.6', 'known')
    """
    if text is None:
        return STATED_DEFAULT
    word = text.strip().lower()
    if word in STATED:
        return word
    try:
        value = float(word)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 < value <= 1):
        raise UsageError(
            f"{text!r} is not a tie strength: say {', '.join(TIE_WORDS)} or a number above 0 "
            "and at most 1",
            option="strength",
        )
    return f"{value:g}"


def _pair(x: int, y: int) -> Pair:
    if x == y:
        raise UsageError("a tie needs two different people")
    return (min(x, y), max(x, y))


def state_tie(
    workspace: Workspace,
    me: int,
    x: int,
    y: int,
    *,
    strength: str | None = None,
    note: str | None = None,
    today: date | None = None,
) -> TieWord:
    """Say that ``x`` and ``y`` know each other: the tie gets a piece of ``stated`` evidence of
    the strength given (see :func:`parse_tie_strength`); a tie the user had removed counts again.

    Saying it again changes the strength or note given (the ones not given stay).
    """
    pair = _pair(x, y)
    day = today or date.today()
    previous = workspace.ties.user_tie(pair)
    kept = previous if previous is not None and previous.state == "tied" else None
    given = parse_tie_strength(strength) if strength is not None or kept is None else None
    given = given or (kept.strength if kept else None) or STATED_DEFAULT
    said = clean_text(note) if note is not None else (kept.note if kept else None)
    with workspace.transaction():
        items = _withheld_items(workspace, pair) if previous and not kept else []
        source = workspace.sources.upsert(
            "user", STATED_SOURCE_KEY, me, STATED_SOURCE_LABEL, "", None
        )
        workspace.ties.set_user_tie(pair, "tied", given, said, utc_now())
        items.append(EvidenceItem(x, y, source, STATED_KIND, me, day, detail=given))
        changes = add_evidence_many(workspace, items)
        refresh_strengths(workspace, changes.to_refresh | {pair}, day)
        refresh_degrees(workspace)
    return _result(workspace, pair, previous)


def remove_tie(workspace: Workspace, x: int, y: int, *, note: str | None = None) -> TieWord:
    """Say that ``x`` and ``y`` do not know each other (or that the tie is wrong): the tie goes,
    with the user's own word for it; what imports show of it, now and later, is withheld."""
    pair = _pair(x, y)
    previous = workspace.ties.user_tie(pair)
    kept_note = previous.note if previous is not None and previous.state == "removed" else None
    with workspace.transaction():
        workspace.ties.delete_evidence_of_kind(pair, STATED_KIND)
        workspace.ties.set_user_tie(
            pair, "removed", None, clean_text(note) if note is not None else kept_note, utc_now()
        )
        workspace.ties.withhold(pair)
        refresh_degrees(workspace)
    return _result(workspace, pair, previous)


def restore_tie(workspace: Workspace, x: int, y: int, *, today: date | None = None) -> TieWord:
    """Take back the user's word on a tie (a ``tie`` or a removal): the tie counts exactly as the
    imports show it, and does not exist when they show nothing."""
    pair = _pair(x, y)
    previous = workspace.ties.user_tie(pair)
    if previous is None:
        names = workspace.people.rows(list(pair))
        who = " and ".join(names[p].name if p in names else f"#{p}" for p in pair)
        raise UsageError(f"you have not tied or removed a tie between {who}: nothing to restore")
    day = today or date.today()
    with workspace.transaction():
        workspace.ties.delete_user_tie(pair)
        workspace.ties.delete_evidence_of_kind(pair, STATED_KIND)
        workspace.ties.delete_if_bare(pair)
        changes = add_evidence_many(workspace, _withheld_items(workspace, pair))
        refresh_strengths(workspace, changes.to_refresh | {pair}, day)
        refresh_degrees(workspace)
    return _result(workspace, pair, previous)


def _withheld_items(workspace: Workspace, pair: Pair) -> list[EvidenceItem]:
    """The withheld evidence of a removed tie, taken out to be stored as evidence again."""
    return [_item(row) for row in workspace.ties.take_withheld(pair[0], pair[1])]


def _item(row: EvidenceRow) -> EvidenceItem:
    a, b, source, kind, holder, day, sent, received, detail = row
    return EvidenceItem(a, b, source, kind, holder, day, sent, received, detail)


def _result(workspace: Workspace, pair: Pair, previous: UserTieRow | None) -> TieWord:
    word = workspace.ties.user_tie(pair)
    state: UserTieState | None = None
    if word is not None:
        state = "tied" if word.state == "tied" else "removed"
    before: UserTieState | None = None
    if previous is not None:
        before = "tied" if previous.state == "tied" else "removed"
    people = workspace.people.rows(list(pair))
    return TieWord(
        a=pair[0],
        b=pair[1],
        names=(people[pair[0]].name, people[pair[1]].name),
        state=state,
        strength_given=word.strength if word else None,
        note=word.note if word else None,
        said_at=word.said_at if word else None,
        strength=workspace.ties.strength_of(pair),
        withheld=word.withheld if word else 0,
        previous=before,
    )


@dataclass(frozen=True)
class RemovedTie:
    """A tie of a person that the user removed, as ``show`` lists it: who is at the other end,
    the user's note, when they said it, and the imported evidence that does not count."""

    id: int
    name: str
    company: str | None
    is_me: bool
    note: str | None
    said_at: str
    withheld: tuple[str, ...]


def removed_ties(workspace: Workspace, person: int) -> list[RemovedTie]:
    """The ties of a person that the user removed, oldest word first."""
    words = [w for w in workspace.ties.user_ties_of(person) if w.state == "removed"]
    others = [w.b if w.a == person else w.a for w in words]
    people = workspace.people.rows(others)
    return [
        RemovedTie(
            id=other,
            name=people[other].name,
            company=people[other].company,
            is_me=people[other].is_me,
            note=word.note,
            said_at=word.said_at,
            withheld=tuple(_withheld_lines(workspace, word.a, word.b)),
        )
        for other, word in zip(others, words, strict=True)
        if other in people
    ]


def _withheld_lines(workspace: Workspace, x: int, y: int) -> list[str]:
    """Each distinct line of a removed tie's withheld evidence (successive imports of one
    export each keep their own piece, which read the same)."""
    lines = (describe_line(line, with_note=False) for line in workspace.ties.withheld_lines(x, y))
    return list(dict.fromkeys(lines))
