"""The shapes of the outreach workflow's results for other programs, each built here and
nowhere else: the pipeline's, the follow-ups' and the day's plan's CSV and JSON records (their
columns are a contract for spreadsheets and job trackers), a logged step, and the follow-ups'
calendar file.

(What the templates of ``ask`` and ``prep`` see is built in
:mod:`netgraph.outreach.template_values`.) Only light modules are imported here: ``followups``
and ``card`` print through this module without loading the route search.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from netgraph import __version__
from netgraph.output import terminal_text
from netgraph.outreach.log import shifted
from netgraph.routes.warmth import warmth
from netgraph.suggest import command, person_ref
from netgraph.vocabulary import FollowUpKind, OutputFormat

if TYPE_CHECKING:
    from icalendar import Event

    from netgraph.outreach.followups import FollowUp
    from netgraph.outreach.pipeline import PipelineRow
    from netgraph.outreach.plan import Action
    from netgraph.workspace.outreach import OutreachEvent

Record = dict[str, object]
"""One JSON object (or CSV row, by column name)."""

#: The pipeline's columns, in order: a contract for spreadsheets and job trackers.
PIPELINE_COLUMNS = [
    "position",
    "person_id",
    "name",
    "company",
    "title",
    "degree",
    "state",
    "since",
    "referrer",
    "asked_on",
    "referrer_asks",
    "referrer_last_ask",
    "days_waiting",
    "route_score",
    "next_step",
    "referred_by",
    "route_warmth",
]

#: The follow-ups' csv/json columns, in order: a contract for spreadsheets and other programs.
FOLLOWUP_COLUMNS = [
    "due",
    "overdue",
    "kind",
    "person_id",
    "person",
    "referrer",
    "since",
    "what",
    "note",
]

#: The columns of ``netgraph next --format csv|json``, in order.
NEXT_COLUMNS = ["position", "kind", "person_id", "person", "what", "command", "due", "overdue"]

PRODID = f"-//netgraph//netgraph {__version__}//EN"

#: What ``since`` is, per kind, in the calendar event's description.
SINCE_WORDS: dict[FollowUpKind, str] = {
    "prepare": "Meeting day:",
    "meeting": "Meeting day:",
    "thank-you": "You met on",
    "thank-referrer": "Introduced or met on",
    "keep-in-touch": "Last in touch on",
    "nudge": "Waiting since",
}


# The pipeline and the follow-ups, for programs.


def pipeline_record(row: PipelineRow, output_format: OutputFormat = "json") -> Record:
    """One pipeline row as JSON-ready values, keys in :data:`PIPELINE_COLUMNS` order; for CSV
    the route score has three decimals, as tables show it."""
    score = row.route_score
    if score is not None and output_format == "csv":
        score = round(score, 3)
    return {
        "position": row.position,
        "person_id": row.person_id,
        "name": row.name,
        "company": row.company,
        "title": row.title,
        "degree": row.degree,
        "state": row.state,
        "since": row.since,
        "referrer": row.referrer,
        "asked_on": row.asked_on,
        "referrer_asks": row.referrer_asks,
        "referrer_last_ask": row.referrer_last_ask,
        "days_waiting": row.days_waiting,
        "route_score": score,
        "next_step": row.next_step,
        "referred_by": row.referred_by,
        "route_warmth": None if row.route_score is None else warmth(row.route_score),
    }


def followup_record(item: FollowUp, output_format: OutputFormat = "json") -> Record:
    """One follow-up as JSON-ready values (dates as ISO strings), keys in
    :data:`FOLLOWUP_COLUMNS` order; for CSV, ``overdue`` is written as in JSON (true, false)."""
    return {
        "due": item.due.isoformat(),
        "overdue": str(item.overdue).lower() if output_format == "csv" else item.overdue,
        "kind": item.kind,
        "person_id": item.person_id,
        "person": item.person,
        "referrer": item.referrer,
        "since": item.since.isoformat(),
        "what": item.what,
        "note": item.note,
    }


def action_record(position: int, action: Action, output_format: OutputFormat = "json") -> Record:
    """One action of ``netgraph next`` as JSON-ready values, keys in :data:`NEXT_COLUMNS`
    order; for CSV, ``overdue`` is written as in JSON (true, false)."""
    return {
        "position": position,
        "kind": action.kind,
        "person_id": action.person_id,
        "person": action.person,
        "what": action.what,
        "command": action.command,
        "due": action.due.isoformat() if action.due else None,
        "overdue": str(action.overdue).lower() if output_format == "csv" else action.overdue,
    }


def followups_ics(items: Sequence[FollowUp], *, now: datetime | None = None) -> bytes:
    """An iCalendar file (RFC 5545) with one all-day event per follow-up.

    Each event has a UID made of kind, person id and due day, so importing a newer file again
    updates events rather than duplicating them, and a reminder at 09:00 on the day. Text is
    escaped by the icalendar package; control characters are dropped.
    """
    from icalendar import Calendar

    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "netgraph follow-ups")
    for followup in items:
        calendar.add_component(_calendar_event(followup, stamp))
    ical: bytes = calendar.to_ical()  # CRLF line ends, lines folded at 75 octets
    return ical


def _calendar_event(followup: FollowUp, stamp: datetime) -> Event:
    """One follow-up as an all-day event with a reminder at 09:00."""
    from icalendar import Alarm, Event

    summary = _safe(followup.summary)
    lines = [followup.what]
    if followup.referrer:
        lines.append(f"Referrer: {followup.referrer}")
    if followup.note:
        lines.append(f"Your note: {followup.note}")
    lines.append(f"{SINCE_WORDS[followup.kind]} {followup.since.isoformat()}")
    lines.append(f"Show them: {command('show', person_ref(followup.person_id))}")
    event = Event()
    event.add("uid", followup.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", followup.due)
    event.add("dtend", shifted(followup.due, 1))
    event.add("summary", summary)
    event.add("description", _safe("\n".join(lines)))
    event.add("categories", ["netgraph", followup.kind])
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(hours=9))
    alarm.add("description", summary)
    event.add_component(alarm)
    return event


def _safe(text: str) -> str:
    """Text without control characters (other than line breaks) or bidi overrides."""
    return terminal_text(text).replace("\t", " ")


def event_record(event: OutreachEvent) -> Record:
    """One logged step as JSON-ready values (dates as ISO strings)."""
    return {
        "id": event.id,
        "person_id": event.person_id,
        "person": event.person,
        "referrer_id": event.referrer_id,
        "referrer": event.referrer,
        "status": event.status,
        "date": event.on_date.isoformat(),
        "note": event.note,
    }
