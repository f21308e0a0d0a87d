"""The words netgraph's data is made of, each defined once.

Every vocabulary is a ``Literal`` type, for the type checker, and a tuple of its words in a
meaningful order, for code that lists, checks or offers them (command-line choices, the
workspace's CHECK constraints, documentation tests). ``typing.get_args`` ties the two.
"""

from __future__ import annotations

from typing import Literal, get_args

Willingness = Literal["willing", "unknown", "unwilling"]
"""Whether a person will introduce the user to people they know."""
WILLINGNESS: tuple[Willingness, ...] = get_args(Willingness)


def willingness_rank(willingness: str | None) -> int:
    """0 for unwilling, 1 for unknown (and anything unrecognised), 2 for willing.

    >>> [willingness_rank(w) for w in ("unwilling", None, "willing")]
    [0, 1, 2]
    """
    return {"unwilling": 0, "willing": 2}.get(willingness or "unknown", 1)


WillingnessOrigin = Literal["default", "shared", "user"]
"""Who decided a willingness, weakest first: nobody yet, an export shared with the user, the
user (whose word is final)."""
WILLINGNESS_ORIGINS: tuple[WillingnessOrigin, ...] = get_args(WillingnessOrigin)

Warmth = Literal["warm", "lukewarm", "cold"]
"""How a route's score reads in words, warmest first (thresholds in docs/scoring.md)."""
WARMTH: tuple[Warmth, ...] = get_args(Warmth)

SourceKind = Literal["linkedin", "vcard", "csv"]
"""The kinds of file an import reads."""
SOURCE_KINDS: tuple[SourceKind, ...] = get_args(SourceKind)

CsvDialect = Literal["google", "outlook"]
"""The contacts CSV layouts ``import csv`` reads: Google Contacts' and Outlook's."""
CSV_DIALECTS: tuple[CsvDialect, ...] = get_args(CsvDialect)

EvidenceKind = Literal[
    "connection",
    "address-book",
    "relation",
    "messages",
    "invitation",
    "endorsement",
    "recommendation",
    "referral",
    "shared-export",
    "stated",
]
"""What a piece of tie evidence is (see docs/strength.md)."""
EVIDENCE_KINDS: tuple[EvidenceKind, ...] = get_args(EvidenceKind)

TieWord = Literal["close", "known", "weak"]
"""How well two people know each other, in the user's words (``netgraph tie --strength``)."""
TIE_WORDS: tuple[TieWord, ...] = get_args(TieWord)

UserTieState = Literal["tied", "removed"]
"""The user's word on a tie: they know each other (``tie``), or they do not (``tie --remove``)."""
USER_TIE_STATES: tuple[UserTieState, ...] = get_args(UserTieState)

OutreachStatus = Literal[
    "asked-referrer",
    "introduced",
    "requested",
    "scheduled",
    "met",
    "thanked",
    "thanked-referrer",
    "in-touch",
    "declined",
    "no-response",
]
"""The steps of reaching a person, in the order of a conversation."""
OUTREACH_STATUSES: tuple[OutreachStatus, ...] = get_args(OutreachStatus)

FollowUpKind = Literal[
    "prepare", "meeting", "thank-you", "thank-referrer", "keep-in-touch", "nudge"
]
"""The things to do that the outreach log calls for, in the order of a conversation."""
FOLLOW_UP_KINDS: tuple[FollowUpKind, ...] = get_args(FollowUpKind)

PlanKind = Literal[
    "meeting", "prepare", "thank-you", "thank-referrer", "nudge", "ask", "keep-in-touch"
]
"""The kinds of thing ``netgraph next`` lists, in the order it lists them."""
PLAN_KINDS: tuple[PlanKind, ...] = get_args(PlanKind)

DraftTone = Literal["close", "familiar", "distant"]
"""How a draft speaks to someone, from the evidence of the user's tie to them: a close tie gets
a warm, short note, a distant one a fuller note that says how they know each other."""
DRAFT_TONES: tuple[DraftTone, ...] = get_args(DraftTone)

MapKind = Literal["network", "focus", "company", "targets"]
"""What a map shows: the network around the user, one person's routes, an organisation, or
the user's targets."""
MAP_KINDS: tuple[MapKind, ...] = get_args(MapKind)

OutputFormat = Literal["table", "csv", "json", "jsonl", "ics"]
"""How a command prints its result: a table for people, the others for programs."""
OUTPUT_FORMATS: tuple[OutputFormat, ...] = get_args(OutputFormat)

GraphFormat = Literal["graphml", "gexf", "json"]
"""The file formats the graph export writes."""
GRAPH_FORMATS: tuple[GraphFormat, ...] = get_args(GraphFormat)
