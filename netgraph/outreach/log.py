"""The outreach log: what the user did to meet each person, step by step.

An informational interview usually goes: ask a referrer for an introduction (``asked-referrer``),
the referrer makes it (``introduced``), the user asks the person for a short meeting
(``requested``), they agree on a day (``scheduled``), meet (``met``), the user sends a thank-you
note (``thanked``) and keeps in touch (``in-touch``). It can stop at ``declined`` (the referrer or
the person said no) or ``no-response``. Each step is one row; the latest says where things stand.
Thanking the referrer (``thanked-referrer``) is logged beside the conversation and does not
change where things stand with the person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from netgraph.errors import UsageError
from netgraph.identity.people import me_id, person_by_id, set_willingness
from netgraph.identity.targets import add_target
from netgraph.suggest import command, person_ref
from netgraph.text import clean_text
from netgraph.vocabulary import OUTREACH_STATUSES, OutreachStatus
from netgraph.workspace import Workspace
from netgraph.workspace.outreach import OutreachEvent, ReferrerAsks

if TYPE_CHECKING:
    from netgraph.outreach.referrals import ReferredTarget

__all__ = [
    "LoggedStep",
    "OutreachEvent",
    "ReferrerAsks",
    "UndoneStep",
    "conversation",
    "current_referrer",
    "current_step",
    "events",
    "introducer",
    "log_event",
    "log_step",
    "referrer_asks",
    "thread_referrer",
    "undo_step",
]

#: Steps that wait for somebody else's answer: silence after them is "no answer".
AWAITING_ANSWER: tuple[OutreachStatus, ...] = ("asked-referrer", "introduced", "requested")
#: Steps after which this person's pipeline is over (until the user logs something new).
CLOSED: tuple[OutreachStatus, ...] = ("declined", "no-response")
#: Steps logged beside the conversation with the person: they do not change where it stands.
ASIDE: tuple[OutreachStatus, ...] = ("thanked-referrer",)
#: Steps after which the person may name others to talk to (``--referred``).
AFTER_MEETING: tuple[OutreachStatus, ...] = ("met", "thanked", "in-touch")
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
    if referrer is None and step == "asked-referrer":
        raise UsageError(_which_referrer(workspace, person), option="referrer")
    if referrer is None and step not in CLOSED:
        # A "no" without a referrer is the person's own; other steps continue the same thread.
        referrer = current_referrer(workspace, person)
        if step == "thanked-referrer" and referrer is None:
            raise UsageError(
                "nobody is logged as introducing you: say whom you thanked", option="referrer"
            )
    add_target(workspace, person)
    added = workspace.outreach.add(person, step, on_date, referrer=referrer, note=text)
    if mark_unwilling:
        set_willingness(workspace, referrer if referrer is not None else person, "unwilling")
    return events(workspace, event_id=added)[0]


@dataclass(frozen=True)
class LoggedStep:
    """A step just logged (see :func:`log_step`), with what the user should hear about it.

    ``referrer_asks`` counts the introductions asked of the step's referrer so far (None
    without a referrer or asks); ``unwilling`` names whoever is now marked unwilling;
    ``warnings`` are things the step may have got wrong; ``referred`` the people the person
    named (``--referred``), as targets.
    """

    event: OutreachEvent
    referrer_asks: ReferrerAsks | None
    unwilling: str | None
    warnings: tuple[str, ...] = ()
    referred: tuple[ReferredTarget, ...] = field(default_factory=tuple)


def log_step(
    workspace: Workspace,
    person: int,
    status: str,
    *,
    referrer: int | None = None,
    on_date: date | None = None,
    note: str | None = None,
    mark_unwilling: bool = False,
    referred: Sequence[str] = (),
    today: date | None = None,
) -> LoggedStep:
    """Record one step of reaching ``person`` in one transaction (see :func:`log_event`).

    ``referred`` are the people ``person`` suggested talking to ("Name" or "Name, Company", or
    a person as ``show`` takes it), after a meeting: each becomes a target (waiting for an
    import if not in the workspace), ``person`` a willing referrer, with a tie to each of them
    and to the user (:func:`netgraph.outreach.referrals.record_referrals`).
    """
    if referred and status not in AFTER_MEETING:
        raise UsageError(
            f"--referred goes with {', '.join(AFTER_MEETING)}: the people they suggested "
            "when you met",
            option="referred",
        )
    with workspace.transaction():
        warnings = _early_meeting(workspace, person, status, on_date or today or date.today())
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
        found: list[ReferredTarget] = []
        if referred:
            from netgraph.outreach.referrals import record_referrals

            found = record_referrals(workspace, person, referred, event.on_date)
    unwilling = (event.referrer or event.person) if mark_unwilling else None
    return LoggedStep(event, asks, unwilling, tuple(warnings), tuple(found))


def _early_meeting(workspace: Workspace, person: int, status: str, day: date) -> list[str]:
    """A warning when ``met`` is logged before the day the meeting is scheduled for."""
    if status != "met":
        return []
    meeting = current_step(events(workspace, person=person))
    if meeting is None or meeting.status != "scheduled" or meeting.on_date <= day:
        return []
    undo = command("log", person_ref(person), "--undo")
    return [
        f"the meeting with {meeting.person} is scheduled for {meeting.on_date.isoformat()}, "
        f"after {day.isoformat()}: if it took place early, all is well; if not, take this "
        f"step back ({undo})"
    ]


@dataclass(frozen=True)
class UndoneStep:
    """A step taken back (see :func:`undo_step`), with what it left in place."""

    event: OutreachEvent
    notes: tuple[str, ...]


def undo_step(workspace: Workspace, person: int) -> UndoneStep:
    """Remove the step towards ``person`` logged last (a mistake, a wrong person or day).

    What the step changed beside the log stays, and the notes say how to change it: a
    referrer marked unwilling, the people they referred.

    Raises
    ------
    UsageError
        Nothing is logged for ``person``.
    """
    with workspace.transaction():
        last = workspace.outreach.last_logged(person)
        if last is None:
            name = person_by_id(workspace, person).name
            raise UsageError(f"nothing is logged for {name}: there is no step to take back")
        event = events(workspace, event_id=last)[0]
        workspace.outreach.remove(last)
        notes = _undo_notes(workspace, event)
    return UndoneStep(event, tuple(notes))


def _undo_notes(workspace: Workspace, event: OutreachEvent) -> list[str]:
    """What a removed step leaves in place: someone marked unwilling, the targets referred."""
    notes = []
    if event.status == "declined":
        whoever = event.referrer_id if event.referrer_id is not None else event.person_id
        person = person_by_id(workspace, whoever)
        if person.willingness == "unwilling":
            willing = command("referrer", person_ref(whoever), "--willing")
            notes.append(f"{person.name} stays marked unwilling; to change it: {willing}")
    if event.status in AFTER_MEETING:
        day = event.on_date.isoformat()
        referred = [
            r for r in workspace.targets.referrals().values()
            if r.referrer_id == event.person_id and r.on_date == day
        ]  # fmt: skip
        if referred:
            which = "the target" if len(referred) == 1 else f"the {len(referred)} targets"
            notes.append(
                f"{which} {event.person} referred stay "
                f"({command('target', 'list')}; {command('target', 'remove', 'PERSON')})"
            )
    return notes


def _which_referrer(workspace: Workspace, person: int) -> str:
    """Why asked-referrer needs ``--via``, with the referrers of the best routes to choose."""
    from netgraph.routes.introductions import who_can_introduce

    name = person_by_id(workspace, person).name
    message = f"say whom you asked to introduce you to {name}"
    try:
        routes = who_can_introduce(workspace, person, top=3).routes
    except UsageError:
        routes = ()
    ask = ("log", person_ref(person), "asked-referrer", "--via")
    options = [
        f"{r.referrer.name} ({command(*ask, person_ref(r.referrer.id))})"
        for r in routes
        if r.referrer is not None
    ]
    return f"{message}; the best routes go through {', '.join(options)}" if options else message


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
    """The referrer of the conversation with ``person`` (see :func:`thread_referrer`)."""
    return thread_referrer(events(workspace, person=person))


def conversation(history: Sequence[OutreachEvent]) -> list[OutreachEvent]:
    """The steps of the conversation with the person (``history`` less the :data:`ASIDE`
    steps, such as thanking the referrer), in their order."""
    return [event for event in history if event.status not in ASIDE]


def thread_referrer(history: Sequence[OutreachEvent]) -> int | None:
    """The referrer of the latest step that had one, unless that step closed the thread (the
    referrer declined or never answered: the user then asks someone else)."""
    for event in reversed(conversation(history)):
        if event.referrer_id is not None:
            return None if event.status in CLOSED else event.referrer_id
    return None


def current_step(history: Sequence[OutreachEvent]) -> OutreachEvent | None:
    """Where things stand with one person: the latest step of the conversation (``history``
    is oldest first; :data:`ASIDE` steps do not count), None before any.

    Steps are ordered by day, but a ``scheduled`` step carries the meeting day, which may lie
    ahead of what happened since: any step logged after it (a meeting that came early, a new
    meeting day) replaces it.
    """
    steps = conversation(history)
    if not steps:
        return None
    current = steps[-1]
    while current.status == "scheduled":
        later = [event for event in steps if event.id > current.id]
        if not later:
            break
        current = later[-1]
    return current


def introducer(history: Sequence[OutreachEvent]) -> OutreachEvent | None:
    """The latest ``introduced`` step with a referrer, when the conversation it opened is
    still the current one (no referrer declined or went silent since): who introduced the
    user."""
    current = thread_referrer(history)
    for event in reversed(conversation(history)):
        if event.status == "introduced" and event.referrer_id is not None:
            return event if event.referrer_id == current else None
    return None


def events(
    workspace: Workspace, *, person: int | None = None, event_id: int | None = None
) -> list[OutreachEvent]:
    """Logged steps, oldest first: all of them, one person's, or one by id."""
    return workspace.outreach.events(person=person, event_id=event_id)
