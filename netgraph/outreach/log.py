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
from typing import Any

from netgraph.errors import UsageError
from netgraph.identity.people import me_id, set_willingness
from netgraph.identity.targets import add_target
from netgraph.text import clean_text
from netgraph.vocabulary import OUTREACH_STATUSES
from netgraph.workspace import Workspace
from netgraph.workspace.clock import utc_now

#: Steps that wait for somebody else's answer: silence after them is "no answer".
AWAITING_ANSWER = ("asked-referrer", "introduced", "requested")
#: Steps after which this person's pipeline is over (until the user logs something new).
CLOSED = ("declined", "no-response")
MAX_NOTE_CHARS = 2000
EARLIEST_STEP = date(1900, 1, 1)
"""No outreach step is dated before this day."""
LATEST_STEP_YEARS = 5
"""A meeting is scheduled at most this many years ahead."""
MAX_DAY_COUNT = 3660
"""The longest span of days (ten years) a horizon, cadence or wait may be."""
#: Days without an answer after which a step counts as unanswered (pipeline and follow-ups).
DEFAULT_NO_ANSWER_DAYS = 10


@dataclass(frozen=True)
class OutreachEvent:
    """One logged step."""

    id: int
    person_id: int
    person: str
    referrer_id: int | None
    referrer: str | None
    status: str
    on_date: date
    note: str | None

    def as_dict(self) -> dict[str, Any]:
        """The event as JSON-ready values (dates as ISO strings)."""
        return {
            "id": self.id,
            "person_id": self.person_id,
            "person": self.person,
            "referrer_id": self.referrer_id,
            "referrer": self.referrer,
            "status": self.status,
            "date": self.on_date.isoformat(),
            "note": self.note,
        }


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
    conn = workspace.conn
    today = today or date.today()
    on_date = on_date or today
    if status not in OUTREACH_STATUSES:
        raise UsageError(f"unknown status {status!r}; use one of: {', '.join(OUTREACH_STATUSES)}")
    me = me_id(workspace)
    if person == me:
        raise UsageError("that is you: log steps towards the people you want to meet")
    if referrer is not None and referrer in (me, person):
        raise UsageError("the referrer must be someone other than you and the person you ask")
    check_step_date(on_date, today)
    if on_date > today and status != "scheduled":
        raise UsageError(f"{on_date.isoformat()} is in the future; only a meeting is scheduled")
    if mark_unwilling and status != "declined":
        raise UsageError("--unwilling goes with the status declined")
    text = clean_text(note)
    if text and len(text) > MAX_NOTE_CHARS:
        raise UsageError(f"the note is longer than {MAX_NOTE_CHARS} characters")
    if referrer is None and status not in CLOSED:
        # A "no" without --via is the person's own; other steps continue the same thread.
        referrer = current_referrer(workspace, person)
    add_target(workspace, person)
    cursor = conn.execute(
        "INSERT INTO outreach (person_id, referrer_id, status, on_date, note, logged_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (person, referrer, status, on_date.isoformat(), text, utc_now()),
    )
    if mark_unwilling:
        set_willingness(workspace, referrer if referrer is not None else person, "unwilling")
    return events(workspace, event_id=int(cursor.lastrowid or 0))[0]


def current_referrer(workspace: Workspace, person: int) -> int | None:
    """The referrer of this person's latest step that had one."""
    conn = workspace.conn
    row = conn.execute(
        "SELECT referrer_id FROM outreach WHERE person_id = ? AND referrer_id IS NOT NULL "
        "ORDER BY on_date DESC, id DESC LIMIT 1",
        (person,),
    ).fetchone()
    return int(row[0]) if row else None


def events(
    workspace: Workspace, *, person: int | None = None, event_id: int | None = None
) -> list[OutreachEvent]:
    """Logged steps, oldest first: all of them, one person's, or one by id."""
    conn = workspace.conn
    clauses, params = [], []
    if person is not None:
        clauses.append("o.person_id = ?")
        params.append(person)
    if event_id is not None:
        clauses.append("o.id = ?")
        params.append(event_id)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = conn.execute(
        "SELECT o.id, o.person_id, p.name, o.referrer_id, r.name, o.status, o.on_date, o.note "
        "FROM outreach o JOIN people p ON p.id = o.person_id "
        f"LEFT JOIN people r ON r.id = o.referrer_id {where} ORDER BY o.on_date, o.id",
        params,
    )
    return [
        OutreachEvent(
            id=int(eid),
            person_id=int(pid),
            person=name,
            referrer_id=None if rid is None else int(rid),
            referrer=referrer_name,
            status=status,
            on_date=date.fromisoformat(day),
            note=note,
        )
        for eid, pid, name, rid, referrer_name, status, day, note in rows
    ]
