"""The outreach log: what the user did to meet each person, step by step.

An informational interview usually goes: ask a referrer for an introduction (``asked-referrer``),
the referrer makes it (``introduced``), the user asks the person for a short meeting
(``requested``), they agree on a day (``scheduled``), meet (``met``), the user sends a thank-you
note (``thanked``) and keeps in touch (``in-touch``). It can stop at ``declined`` (the referrer or
the person said no) or ``no-response``. Each step is one row; the latest says where things stand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from netgraph.errors import UsageError
from netgraph.identity.people import me_id, set_willingness
from netgraph.identity.targets import add_target
from netgraph.text import clean_text
from netgraph.vocabulary import OUTREACH_STATUSES, OutreachStatus
from netgraph.workspace import Workspace
from netgraph.workspace.outreach import OutreachEvent, ReferrerAsks

__all__ = [
    "LoggedStep",
    "OutreachEvent",
    "ReferrerAsks",
    "current_referrer",
    "events",
    "log_event",
    "log_step",
    "referrer_asks",
]

#: Steps that wait for somebody else's answer: silence after them is "no answer".
AWAITING_ANSWER: tuple[OutreachStatus, ...] = ("asked-referrer", "introduced", "requested")
#: Steps after which this person's pipeline is over (until the user logs something new).
CLOSED: tuple[OutreachStatus, ...] = ("declined", "no-response")
MAX_NOTE_CHARS = 2000
EARLIEST_STEP = date(1900, 1, 1)
"""No outreach step is dated before this day."""
LATEST_STEP_YEARS = 5
"""A meeting is scheduled at most this many years ahead."""
MAX_DAY_COUNT = 3660
"""The longest span of days (ten years) a horizon, cadence or wait may be."""
#: Days without an answer after which a step counts as unanswered (pipeline and follow-ups).
DEFAULT_NO_ANSWER_DAYS = 10


def check_day_count(days: int, what: str) -> None:
    """Refuse a span of days below 0 or above :data:`MAX_DAY_COUNT` (``what`` names it)."""
    if not 0 <= days <= MAX_DAY_COUNT:
        raise UsageError(f"{what} must be between 0 and {MAX_DAY_COUNT} days, not {days}")


def shifted(day: date, days: int) -> date:
    """``day`` moved by ``days``, held within the calendar (a step stored by an older netgraph
    may lie at its very end).

    >>> shifted(date(2026, 1, 30), 3), shifted(date.max, 1), shifted(date.min, -2)
    (datetime.date(2026, 2, 2), datetime.date(9999, 12, 31), datetime.date(1, 1, 1))
    """
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def check_step_date(day: date, today: date) -> None:
    """Refuse a step dated before :data:`EARLIEST_STEP` or over :data:`LATEST_STEP_YEARS` ahead.

    Such a date is a typo (``0001-01-01``, ``9999-12-31``), and reminders computed from it
    would fall outside the calendar.
    """
    latest = today + timedelta(days=366 * LATEST_STEP_YEARS)
    if not EARLIEST_STEP <= day <= latest:
        raise UsageError(
            f"{day.isoformat()} is outside the dates netgraph accepts for a step "
            f"({EARLIEST_STEP.isoformat()} to {latest.isoformat()})"
        )


def log_event(
    workspace: Workspace,
    person: int,
    status: str,
    *,
    referrer: int | None = None,
    on_date: date | None = None,
    note: str | None = None,
    mark_unwilling: bool = False,
    today: date | None = None,
) -> OutreachEvent:
    """Record one step of reaching ``person``; return it.

    Without ``referrer`` a step keeps the referrer of this person's earlier steps. The person
    becomes a target if they were not one. ``mark_unwilling`` (with ``declined``) records that
    whoever said no (the referrer if there is one, else the person) will not make
    introductions, so routes through them drop out of the ranking.
    """
    today = today or date.today()
    on_date = on_date or today
    step = _checked_status(status)
    _check_people(workspace, person, referrer)
    check_step_date(on_date, today)
    if on_date > today and step != "scheduled":
        raise UsageError(f"{on_date.isoformat()} is in the future; only a meeting is scheduled")
    if mark_unwilling and step != "declined":
        raise UsageError(
            "marking someone unwilling goes with the status declined", option="mark_unwilling"
        )
    text = clean_text(note)
    if text and len(text) > MAX_NOTE_CHARS:
        raise UsageError(f"the note is longer than {MAX_NOTE_CHARS} characters")
    if referrer is None and step not in CLOSED:
        # A "no" without a referrer is the person's own; other steps continue the same thread.
        referrer = current_referrer(workspace, person)
    add_target(workspace, person)
    added = workspace.outreach.add(person, step, on_date, referrer=referrer, note=text)
    if mark_unwilling:
        set_willingness(workspace, referrer if referrer is not None else person, "unwilling")
    return events(workspace, event_id=added)[0]


@dataclass(frozen=True)
class LoggedStep:
    """A step just logged (see :func:`log_step`), with what the user should hear about it.

    ``referrer_asks`` counts the introductions asked of the step's referrer so far (None
    without a referrer or asks); ``unwilling`` names whoever is now marked unwilling.
    """

    event: OutreachEvent
    referrer_asks: ReferrerAsks | None
    unwilling: str | None


def log_step(
    workspace: Workspace,
    person: int,
    status: str,
    *,
    referrer: int | None = None,
    on_date: date | None = None,
    note: str | None = None,
    mark_unwilling: bool = False,
    today: date | None = None,
) -> LoggedStep:
    """Record one step of reaching ``person`` in one transaction (see :func:`log_event`)."""
    with workspace.transaction():
        event = log_event(
            workspace,
            person,
            status,
            referrer=referrer,
            on_date=on_date,
            note=note,
            mark_unwilling=mark_unwilling,
            today=today,
        )
        asks = referrer_asks(workspace).get(event.referrer_id) if event.referrer_id else None
    unwilling = (event.referrer or event.person) if mark_unwilling else None
    return LoggedStep(event, asks, unwilling)


def _checked_status(status: str) -> OutreachStatus:
    if status not in OUTREACH_STATUSES:
        raise UsageError(f"unknown status {status!r}; use one of: {', '.join(OUTREACH_STATUSES)}")
    return status


def _check_people(workspace: Workspace, person: int, referrer: int | None) -> None:
    """Refuse a step towards the user, or through the user or the person themselves."""
    me = me_id(workspace)
    if person == me:
        raise UsageError("that is you: log steps towards the people you want to meet")
    if referrer is not None and referrer in (me, person):
        raise UsageError("the referrer must be someone other than you and the person you ask")


def referrer_asks(workspace: Workspace) -> dict[int, ReferrerAsks]:
    """Referrer id -> how many introductions the user asked of them, and the latest ask."""
    return workspace.outreach.referrer_asks()


def current_referrer(workspace: Workspace, person: int) -> int | None:
    """The referrer of this person's latest step that had one."""
    return workspace.outreach.latest_referrer(person)


def events(
    workspace: Workspace, *, person: int | None = None, event_id: int | None = None
) -> list[OutreachEvent]:
    """Logged steps, oldest first: all of them, one person's, or one by id."""
    return workspace.outreach.events(person=person, event_id=event_id)
