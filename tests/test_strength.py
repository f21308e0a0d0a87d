"""Tie strength: concrete values for each kind of evidence, and the properties docs/strength.md
promises (always in (0, 1], more or stronger evidence never lowers it, order does not matter)."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netgraph.ties.strength import Evidence, tie_strength

AS_OF = date(2026, 11, 25)
E1 = math.exp(-1)


def one(item: Evidence, as_of: date = AS_OF) -> float:
    return tie_strength([item], as_of)


# --- Concrete values -------------------------------------------------------------------------


def test_no_evidence_is_the_floor() -> None:
    assert tie_strength([], AS_OF) == pytest.approx(0.05)


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (Evidence("connection"), 1 - 0.95 * 0.80),  # 0.24
        (
            Evidence("connection", date(2026, 1, 5)),
            1 - 0.95 * (1 - (0.20 + 0.10 * 324 / 365.25 / 5)),
        ),
        (Evidence("connection", date(2015, 1, 1)), 1 - 0.95 * 0.70),  # tenure bonus capped
        (Evidence("address-book"), 1 - 0.95 * 0.65),  # 0.3825
        (Evidence("recommendation"), 1 - 0.95 * 0.45),  # 0.5725
        (Evidence("relation", detail="spouse"), 1 - 0.95 * 0.10),  # 0.905
        (Evidence("relation", detail="partner"), 1 - 0.95 * 0.10),
        (Evidence("relation", detail="family"), 1 - 0.95 * 0.20),
        (Evidence("relation", detail="friend"), 1 - 0.95 * 0.35),
        (Evidence("relation", detail="manager"), 1 - 0.95 * 0.40),
        (Evidence("relation", detail="colleague"), 1 - 0.95 * 0.50),
        (Evidence("relation", detail="referred-by"), 1 - 0.95 * 0.60),
        (Evidence("relation"), 1 - 0.95 * 0.55),  # "related"
        (Evidence("relation", detail="sibling"), 1 - 0.95 * 0.55),  # unknown kinds: "related"
        (Evidence("invitation"), 1 - 0.95 * 0.95),
        (Evidence("invitation", detail="with a personal note"), 1 - 0.95 * 0.88),
        (Evidence("endorsement", received=1), 1 - 0.95 * 0.92),
        (Evidence("endorsement", received=3), 1 - 0.95 * 0.76),
        (Evidence("endorsement", received=10), 1 - 0.95 * 0.70),  # capped at 0.3
        (Evidence("something-new"), 0.05),  # unknown evidence counts for nothing
    ],
)
def test_single_evidence_values(item: Evidence, expected: float) -> None:
    assert one(item) == pytest.approx(expected, abs=1e-9)


def test_documented_connection_example() -> None:
    assert round(one(Evidence("connection", date(2026, 1, 5))), 3) == 0.257


def test_reciprocated_messages_today() -> None:
    # 6 each way: v = 6, saturation 1 - e^-1, recency 1.
    item = Evidence("messages", AS_OF, sent=6, received=6)
    assert one(item) == pytest.approx(1 - 0.95 * (1 - 0.75 * (1 - E1)))
    assert round(one(item), 4) == 0.5004


def test_one_way_messages_count_a_quarter() -> None:
    # 24 one-way messages weigh as much as 6 reciprocated ones.
    one_way = Evidence("messages", AS_OF, sent=24, received=0)
    assert one(one_way) == pytest.approx(one(Evidence("messages", AS_OF, sent=6, received=6)))
    assert one(Evidence("messages", AS_OF, sent=0, received=24)) == pytest.approx(one(one_way))


def test_message_recency_halves_each_year_down_to_a_floor() -> None:
    a_year_ago = Evidence("messages", AS_OF - timedelta(days=365), sent=6, received=6)
    undated = Evidence("messages", None, sent=6, received=6)
    assert one(a_year_ago) == pytest.approx(1 - 0.95 * (1 - 0.75 * (1 - E1) * 0.65))
    assert one(undated) == pytest.approx(1 - 0.95 * (1 - 0.75 * (1 - E1) * 0.30))


def test_no_messages_are_no_evidence() -> None:
    assert one(Evidence("messages", AS_OF)) == pytest.approx(0.05)


def test_documented_combined_examples() -> None:
    connection = Evidence("connection", date(2026, 1, 5))
    card = Evidence("address-book")
    chat = Evidence("messages", AS_OF - timedelta(days=100), sent=5, received=4)
    assert round(tie_strength([connection, card], AS_OF), 3) == 0.517
    assert round(tie_strength([connection, card, chat], AS_OF), 3) == 0.679


def test_many_strong_pieces_approach_but_stay_within_one() -> None:
    spouse = Evidence("relation", detail="spouse")
    value = tie_strength([spouse] * 50, AS_OF)
    assert 0.999 < value <= 1.0


# --- Properties ------------------------------------------------------------------------------

KINDS = [
    "connection",
    "address-book",
    "messages",
    "relation",
    "recommendation",
    "endorsement",
    "invitation",
    "unknown-kind",
]
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31))
counts = st.integers(min_value=0, max_value=100_000)
evidence = st.builds(
    Evidence,
    kind=st.sampled_from(KINDS),
    on_date=st.none() | days,
    sent=counts,
    received=counts,
    detail=st.none() | st.sampled_from(["spouse", "friend", "colleague", "with a note", "x"]),
)
evidence_lists = st.lists(evidence, max_size=12)


@given(evidence_lists, days)
def test_strength_is_always_in_zero_one(items: list[Evidence], as_of: date) -> None:
    value = tie_strength(items, as_of)
    assert 0 < value <= 1
    assert value >= 0.05 - 1e-12


@given(evidence_lists, evidence, days)
def test_adding_evidence_never_lowers_strength(
    items: list[Evidence], extra: Evidence, as_of: date
) -> None:
    assert tie_strength([*items, extra], as_of) >= tie_strength(items, as_of)


@given(evidence_lists, st.data(), days)
def test_order_of_evidence_does_not_matter(
    items: list[Evidence], data: st.DataObject, as_of: date
) -> None:
    shuffled = data.draw(st.permutations(items))
    assert math.isclose(
        tie_strength(shuffled, as_of), tie_strength(items, as_of), rel_tol=1e-12, abs_tol=1e-12
    )


@given(evidence_lists, st.none() | days, counts, counts, counts, counts, days)
def test_more_messages_never_lower_strength(
    others: list[Evidence],
    last: date | None,
    sent: int,
    received: int,
    more_sent: int,
    more_received: int,
    as_of: date,
) -> None:
    fewer = Evidence("messages", last, sent=sent, received=received)
    more = Evidence("messages", last, sent=sent + more_sent, received=received + more_received)
    assert tie_strength([*others, more], as_of) >= tie_strength([*others, fewer], as_of)


@given(evidence_lists, days, st.integers(min_value=0, max_value=20_000), counts, counts, days)
def test_a_later_last_message_never_lowers_strength(
    others: list[Evidence],
    earlier: date,
    gap_days: int,
    sent: int,
    received: int,
    as_of: date,
) -> None:
    later = earlier + timedelta(days=gap_days)
    old = Evidence("messages", earlier, sent=sent, received=received)
    new = Evidence("messages", later, sent=sent, received=received)
    undated = Evidence("messages", None, sent=sent, received=received)
    assert tie_strength([*others, new], as_of) >= tie_strength([*others, old], as_of)
    assert tie_strength([*others, old], as_of) >= tie_strength([*others, undated], as_of)


@given(evidence_lists, days, st.integers(min_value=0, max_value=20_000), days)
def test_a_longer_standing_connection_never_lowers_strength(
    others: list[Evidence], since: date, more_days: int, as_of: date
) -> None:
    longer = Evidence("connection", since - timedelta(days=more_days))
    shorter = Evidence("connection", since)
    undated = Evidence("connection")
    assert tie_strength([*others, longer], as_of) >= tie_strength([*others, shorter], as_of)
    assert tie_strength([*others, shorter], as_of) >= tie_strength([*others, undated], as_of)


@given(evidence_lists, st.integers(min_value=0, max_value=1000), st.integers(0, 1000), days)
def test_more_endorsements_never_lower_strength(
    others: list[Evidence], endorsements: int, more: int, as_of: date
) -> None:
    fewer = Evidence("endorsement", received=endorsements)
    more_of_them = Evidence("endorsement", received=endorsements + more)
    assert tie_strength([*others, more_of_them], as_of) >= tie_strength([*others, fewer], as_of)
