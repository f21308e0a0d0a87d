"""Tie strength: one documented function from an edge's evidence to a number in (0, 1].

Each piece of evidence is read as an independent chance that the tie is warm enough to carry an
introduction, and the pieces combine by "noisy-OR"::

    strength = 1 - (1 - FLOOR) * prod(1 - p_i)

so adding evidence, or making one piece stronger (more messages, a more recent message, a longer
connection), can only raise the strength, and the result always stays inside (0, 1). A LinkedIn
connection or a conversation seen in both people's exports is one fact and counts once. The
constants are explained in ``docs/strength.md``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

# Knowing someone exists in a network at all: the strength of the weakest edge.
FLOOR = 0.05
# A LinkedIn connection alone is a weak tie (products score LinkedIn-only relationships lowest);
# it warms a little with tenure, up to TENURE_YEARS.
CONNECTION_BASE = 0.20
CONNECTION_TENURE_BONUS = 0.10
TENURE_YEARS = 5.0
# Keeping someone in your own address book says you have a reason to call them.
ADDRESS_BOOK = 0.35
# Messages: reciprocated messages weigh fully, one-way ones a quarter (one-way mail is often
# outreach, not a relationship); warmth saturates with MESSAGE_SCALE and fades with time.
MESSAGES_MAX = 0.75
MESSAGE_SCALE = 6.0
ONE_WAY_WEIGHT = 0.25
RECENCY_HALF_LIFE_DAYS = 365.0
RECENCY_FLOOR = 0.3
# Explicit signals.
RELATION = {
    "spouse": 0.9,
    "partner": 0.9,
    "family": 0.8,
    "friend": 0.65,
    "manager": 0.6,
    "colleague": 0.5,
    "assistant": 0.5,
    "referred-by": 0.4,
    "related": 0.45,
}
RECOMMENDATION = 0.55  # someone wrote a recommendation: they vouch for the person
REFERRAL = 0.7  # met, and offered to introduce the user to people they named (log --referred)
ENDORSEMENT = 0.08  # per endorsement, at most ENDORSEMENT_MAX in all
ENDORSEMENT_MAX = 0.3
# Someone who shares their whole export with the user knows them well enough to trust them.
SHARED_EXPORT = 0.7
INVITATION = 0.05
INVITATION_WITH_NOTE = 0.12
# The user's word (netgraph tie --strength): a tie they state has, on its own, the strength they
# give, a word of STATED or a number; other evidence can only raise it.
STATED = {"close": 0.8, "known": 0.5, "weak": 0.2}
STATED_DEFAULT = "known"
# A LinkedIn connection, and a conversation, are one fact however many exports show them (both
# people's exports list the connection): only the strongest record of each counts.
ONE_FACT_KINDS = frozenset({"connection", "messages"})


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence about a tie, as stored in the workspace's ``evidence`` table."""

    kind: str  # see evidence_probability for the kinds
    on_date: date | None = None
    sent: int = 0
    received: int = 0
    detail: str | None = None


def recency(on_date: date | None, as_of: date) -> float:
    """How fresh a dated signal is: 1 today, halving every year, never below RECENCY_FLOOR."""
    if on_date is None:
        return RECENCY_FLOOR
    age_days = max(0, (as_of - on_date).days)
    fresh = math.exp(-math.log(2) * age_days / RECENCY_HALF_LIFE_DAYS)
    return RECENCY_FLOOR + (1 - RECENCY_FLOOR) * fresh


def stated_strength(detail: str | None) -> float:
    """The strength the user gave a tie: a word of :data:`STATED` or a number, kept between
    ``FLOOR`` and 1; ``STATED_DEFAULT``'s when they gave none (or nothing readable).

    >>> stated_strength("close"), stated_strength("0.6"), stated_strength(None)
    (0.8, 0.6, 0.5)
    """
    if detail in STATED:
        return STATED[detail]
    try:
        value = float(detail or "")
    except ValueError:
        return STATED[STATED_DEFAULT]
    return min(1.0, max(FLOOR, value)) if math.isfinite(value) else STATED[STATED_DEFAULT]


def evidence_probability(item: Evidence, as_of: date) -> float:
    """The chance, from this piece of evidence alone, that the tie can carry an introduction."""
    kind = item.kind
    if kind == "connection":
        years = 0.0 if item.on_date is None else max(0, (as_of - item.on_date).days) / 365.25
        return CONNECTION_BASE + CONNECTION_TENURE_BONUS * min(years, TENURE_YEARS) / TENURE_YEARS
    if kind == "address-book":
        return ADDRESS_BOOK
    if kind == "messages":
        both_ways = min(item.sent, item.received)
        one_way = item.sent + item.received - 2 * both_ways
        volume = both_ways + ONE_WAY_WEIGHT * one_way
        saturation = 1 - math.exp(-volume / MESSAGE_SCALE)
        return MESSAGES_MAX * saturation * recency(item.on_date, as_of)
    if kind == "relation":
        return RELATION.get(item.detail or "related", RELATION["related"])
    if kind == "recommendation":
        return RECOMMENDATION
    if kind == "referral":
        return REFERRAL
    if kind == "endorsement":
        return min(ENDORSEMENT_MAX, ENDORSEMENT * max(1, item.received + item.sent))
    if kind == "shared-export":
        return SHARED_EXPORT
    if kind == "stated":  # alone, the tie gets the strength the user gave: FLOOR + (1 - FLOOR) p
        return (stated_strength(item.detail) - FLOOR) / (1 - FLOOR)
    if kind == "invitation":
        return INVITATION_WITH_NOTE if item.detail else INVITATION
    return 0.0


def tie_strength(evidence: Iterable[Evidence], as_of: date) -> float:
    """Combine every piece of evidence about one edge into its strength, in (0, 1).

    >>> from datetime import date
    >>> round(tie_strength([Evidence("connection", date(2026, 1, 5))], date(2026, 11, 25)), 3)
    0.257
    >>> weak = tie_strength([Evidence("connection")], date(2026, 11, 25))
    >>> weak < tie_strength([Evidence("connection"), Evidence("address-book")], date(2026, 11, 25))
    True
    """
    chances: list[float] = []
    strongest_of_kind: dict[str, float] = {}
    for item in evidence:
        chance = min(0.99, max(0.0, evidence_probability(item, as_of)))
        if item.kind in ONE_FACT_KINDS:
            strongest_of_kind[item.kind] = max(chance, strongest_of_kind.get(item.kind, 0.0))
        else:
            chances.append(chance)
    miss = 1 - FLOOR
    for chance in [*chances, *strongest_of_kind.values()]:
        miss *= 1 - chance
    return 1 - miss
