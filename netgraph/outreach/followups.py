"""Follow-ups: what to do next for each person in the outreach log, and when.

Everything here is computed from the outreach log (:mod:`netgraph.outreach.log`); there is nothing
to mark as done. A follow-up is done when the user logs the step that answers it: ``thanked``
after a thank-you reminder, ``in-touch`` after a keep-in-touch one, ``met`` after a meeting, any
newer step after a nudge. People whose latest step is ``declined`` or ``no-response`` have none.

Kinds, in the order of a conversation:

``prepare``
    A meeting is scheduled: prepare :data:`PREPARE_DAYS_BEFORE` days before the meeting day.
    It goes away on the day of the meeting (there is no step to log for it).
``meeting``
    The meeting day itself; overdue once the day has passed and ``met`` is not logged.
``thank-you``
    After ``met``: a thank-you note due the next day, overdue after that until ``thanked``.
``thank-referrer``
    After ``introduced``, and after ``met``, when someone introduced the user: thank them (for
    the introduction; then tell them how the meeting went), due the next day, until
    ``thanked-referrer`` is logged.
``keep-in-touch``
    After ``thanked`` or ``in-touch``: due ``cadence_days`` after that step; logging
    ``in-touch`` again starts the next round.
``nudge``
    After ``asked-referrer``, ``introduced`` or ``requested``, silence for ``no_answer_days``:
    one short reminder, or move on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from netgraph.outreach.log import (
    AWAITING_ANSWER,
    CLOSED,
    DEFAULT_NO_ANSWER_DAYS,
    OutreachEvent,
    check_day_count,
    conversation,
    current_step,
    events,
    shifted,
)
from netgraph.suggest import command, person_ref
from netgraph.vocabulary import FOLLOW_UP_KINDS, FollowUpKind
from netgraph.workspace import Workspace

DEFAULT_HORIZON_DAYS = 7
DEFAULT_CADENCE_DAYS = 60
PREPARE_DAYS_BEFORE = 2
THANK_YOU_DAYS_AFTER = 1

#: A few words per kind naming the person: the calendar event's title.
SUMMARIES: dict[FollowUpKind, str] = {
    "prepare": "Prepare for {person}",
    "meeting": "Meet {person}",
    "thank-you": "Thank {person}",
    "thank-referrer": "Thank {referrer} for the introduction to {person}",
    "keep-in-touch": "Keep in touch with {person}",
    "nudge": "Nudge or move on: {person}",
}


@dataclass(frozen=True)
class FollowUp:
    """One thing to do for one person, on or by ``due``.

    ``since`` is the day of the logged step it follows (for ``prepare`` and ``meeting``, the
    meeting day); ``note`` is that step's note; ``overdue`` is true when ``due`` has passed
    and the step that answers it is not logged yet.
    """

    kind: FollowUpKind
    person_id: int
    person: str
    referrer: str | None
    due: date
    overdue: bool
    what: str
    since: date
    note: str | None

    @property
    def summary(self) -> str:
        """A few words naming the person: "Thank Camila Rocha"."""
        return SUMMARIES[self.kind].format(
            person=self.person, referrer=self.referrer or "the referrer"
        )

    @property
    def uid(self) -> str:
        """A calendar UID that stays the same each time the same follow-up is exported."""
        return f"{self.kind}-{self.person_id}-{self.due:%Y%m%d}@netgraph"


def followups(
    workspace: Workspace,
    *,
    today: date | None = None,
    horizon_days: int | None = DEFAULT_HORIZON_DAYS,
    cadence_days: int = DEFAULT_CADENCE_DAYS,
    no_answer_days: int = DEFAULT_NO_ANSWER_DAYS,
) -> list[FollowUp]:
    """The follow-ups due by ``today + horizon_days`` (every open one with ``None``).

    Overdue ones are always included. Ordered by due day, then kind (in conversation order),
    then person.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from netgraph.workspace import Workspace
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with Workspace.open(Path(folder) / "workspace.sqlite3") as workspace:
    ...         followups(workspace)
    []
    """
    today = today or date.today()
    if horizon_days is not None:
        check_day_count(horizon_days, "the horizon")
    check_day_count(cadence_days, "the keep-in-touch cadence")
    check_day_count(no_answer_days, "the days without an answer")
    by_person: dict[int, list[OutreachEvent]] = {}
    for event in events(workspace):
        by_person.setdefault(event.person_id, []).append(event)
    found: list[FollowUp] = []
    for history in by_person.values():
        found.extend(_person_followups(history, today, cadence_days, no_answer_days))
    if horizon_days is not None:
        last_day = shifted(today, horizon_days)
        found = [item for item in found if item.due <= last_day]
    found.sort(
        key=lambda f: (f.due, FOLLOW_UP_KINDS.index(f.kind), f.person.casefold(), f.person_id)
    )
    return found


@dataclass(frozen=True)
class DueFollowUps:
    """The follow-ups due within a horizon, and when none is, the first one after it."""

    items: list[FollowUp]
    next_later: FollowUp | None


def due_followups(
    workspace: Workspace,
    *,
    today: date | None = None,
    horizon_days: int | None = DEFAULT_HORIZON_DAYS,
    cadence_days: int = DEFAULT_CADENCE_DAYS,
    no_answer_days: int = DEFAULT_NO_ANSWER_DAYS,
) -> DueFollowUps:
    """:func:`followups` due by ``today + horizon_days`` (every open one with ``None``), and,
    when none is, the first open one after that day."""
    if horizon_days is not None:
        check_day_count(horizon_days, "the horizon")
    everything = followups(
        workspace,
        today=today,
        horizon_days=None,
        cadence_days=cadence_days,
        no_answer_days=no_answer_days,
    )
    if horizon_days is None:
        return DueFollowUps(everything, None)
    last_day = shifted(today or date.today(), horizon_days)
    items = [item for item in everything if item.due <= last_day]
    return DueFollowUps(items, None if items or not everything else everything[0])


def _person_followups(
    history: list[OutreachEvent], today: date, cadence_days: int, no_answer_days: int
) -> list[FollowUp]:
    """The open follow-ups of one person."""
    step = current_step(history)
    if step is None or step.status in CLOSED:
        return []
    items = _referrer_followups(history, today)
    return _step_followups(step, today, cadence_days, no_answer_days) + items


def _referrer_followups(history: list[OutreachEvent], today: date) -> list[FollowUp]:
    """Thank whoever introduced the user: after the introduction, and after the meeting (how
    it went); done once ``thanked-referrer`` is logged after it."""
    moments = [
        event
        for event in conversation(history)
        if event.status in ("introduced", "met") and event.referrer_id is not None
    ]
    if not moments:
        return []
    moment = moments[-1]
    if any(e.status == "thanked-referrer" and e.id > moment.id for e in history):
        return []
    ref = person_ref(moment.person_id)
    if moment.status == "introduced":
        what = f"thank {moment.referrer} for introducing you to {moment.person}"
    else:
        what = f"tell {moment.referrer} how your meeting with {moment.person} went, and thank them"
    what += f" ({command('thank', ref)}); then {command('log', ref, 'thanked-referrer')}"
    due = shifted(moment.on_date, THANK_YOU_DAYS_AFTER)
    return [_followup(moment, today, "thank-referrer", due, what)]


def _step_followups(
    step: OutreachEvent, today: date, cadence_days: int, no_answer_days: int
) -> list[FollowUp]:
    """The follow-ups of the step where things stand with one person."""
    person, via, day = step.person, step.referrer, step.on_date
    ref = person_ref(step.person_id)
    if step.status == "scheduled":
        return _meeting_followups(step, today)
    if step.status == "met":
        what = (
            f"send {person} a thank-you note that picks up a point from your conversation "
            f"({command('thank', ref)}); connect on LinkedIn and offer help; then "
            f"{command('log', ref, 'thanked')}"
        )
        return [_followup(step, today, "thank-you", shifted(day, THANK_YOU_DAYS_AFTER), what)]
    if step.status in ("thanked", "in-touch"):
        what = (
            f"keep in touch with {person}: news of your search, an article, thanks for "
            f"advice you followed; then {command('log', ref, 'in-touch')}"
        )
        return [_followup(step, today, "keep-in-touch", shifted(day, cadence_days), what)]
    if step.status in AWAITING_ANSWER:
        referrer = via or "the referrer"
        silence = {
            "asked-referrer": f"no answer from {referrer} about an introduction to {person}",
            "introduced": f"no word from {person} since {referrer}'s introduction",
            "requested": f"no answer from {person} about a meeting",
        }[step.status]
        what = (
            f"{silence} for {no_answer_days} days: one short reminder, or move on: "
            f"{command('pipeline')}"
        )
        return [_followup(step, today, "nudge", shifted(day, no_answer_days), what)]
    return []


def _meeting_followups(step: OutreachEvent, today: date) -> list[FollowUp]:
    """Prepare for a scheduled meeting (until its day), and the meeting itself."""
    person, day, ref = step.person, step.on_date, person_ref(step.person_id)
    if today <= day:
        meeting = (
            f"meet {person}: keep to the time you asked for and ask who else you could talk "
            f"to; then {command('log', ref, 'met')}"
        )
    else:
        meeting = (
            f"your meeting with {person} was on {day.isoformat()}: log how it went "
            f"({command('log', ref, 'met')}) or the new day "
            f"({command('log', ref, 'scheduled', '--date', 'YYYY-MM-DD')})"
        )
    items = [_followup(step, today, "meeting", day, meeting)]
    if today < day:
        prepare = (
            f"prepare for meeting {person} on {day.isoformat()}: research their "
            f"organisation, bring 12-14 questions ({command('prep', ref)})"
        )
        before = shifted(day, -PREPARE_DAYS_BEFORE)
        items.insert(0, _followup(step, today, "prepare", before, prepare, overdue=False))
    return items


def _followup(
    step: OutreachEvent,
    today: date,
    kind: FollowUpKind,
    due: date,
    what: str,
    *,
    overdue: bool | None = None,
) -> FollowUp:
    """A follow-up of ``kind`` after ``step``: overdue once ``due`` has passed, by default."""
    late = today > due if overdue is None else overdue
    return FollowUp(
        kind, step.person_id, step.person, step.referrer, due, late, what, step.on_date, step.note
    )
