"""The shapes of the outreach workflow's results, each built here and nowhere else.

The pipeline's and the follow-ups' CSV and JSON records (their columns are a contract for
spreadsheets and job trackers), the follow-ups' calendar file, and the values the templates of
``ask`` and ``prep`` see. Templates are the user's to edit, so the names they see stay exactly
as they are: plain dicts and lists of the same keys as ever.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from netgraph import __version__
from netgraph.identity.documents import person_document
from netgraph.output import terminal_text
from netgraph.outreach.followups import FollowUp
from netgraph.outreach.log import shifted
from netgraph.outreach.pipeline import PipelineRow
from netgraph.outreach.views import (
    AskValues,
    Colleague,
    OrganisationView,
    OutreachView,
    PersonView,
    PrepValues,
    RouteView,
    TieFacts,
)
from netgraph.routes.documents import step_document
from netgraph.suggest import command, person_ref
from netgraph.vocabulary import FollowUpKind, OutputFormat
from netgraph.workspace.outreach import OutreachEvent

if TYPE_CHECKING:
    from icalendar import Event

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

PRODID = f"-//netgraph//netgraph {__version__}//EN"

#: What ``since`` is, per kind, in the calendar event's description.
SINCE_WORDS: dict[FollowUpKind, str] = {
    "prepare": "Meeting day:",
    "meeting": "Meeting day:",
    "thank-you": "You met on",
    "keep-in-touch": "Last in touch on",
    "nudge": "Waiting since",
}


# The pipeline and the follow-ups, for programs.


def pipeline_record(row: PipelineRow) -> Record:
    """One pipeline row as JSON-ready values, keys in :data:`PIPELINE_COLUMNS` order."""
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
        "route_score": row.route_score,
        "next_step": row.next_step,
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


# What the templates of ask and prep see.


def ask_template_values(values: AskValues) -> Record:
    """The values ``ask.md.j2`` (and the templates it includes) see."""
    return {
        "me": person_values(values.me),
        "target": person_values(values.target),
        "about": values.about,
        "direct": values.direct,
        "referrer": person_values(values.referrer) if values.referrer else None,
        "between": [person_values(view) for view in values.between],
        "introducer": person_values(values.introducer) if values.introducer else None,
        "route": route_values(values.route) if values.route else None,
        "ties": [tie_values(tie) for tie in values.ties],
        "log_asked": values.log_asked,
    }


def prep_template_values(values: PrepValues) -> Record:
    """The values ``prep.md.j2`` sees."""
    return {
        "me": person_values(values.me),
        "person": person_values(values.person),
        "first_degree": values.first_degree,
        "direct_tie": tie_values(values.direct_tie) if values.direct_tie else None,
        "route": route_values(values.route, referrer=True) if values.route else None,
        "suggestions": list(values.suggestions),
        "outreach": outreach_values(values.outreach),
        "organisation": organisation_values(values.organisation),
        "questions": {
            "role": list(values.questions.role),
            "organisation": list(values.questions.organisation),
            "count": values.questions.count,
        },
        "today": values.today.isoformat(),
        "log_met": values.log_met,
        "log_thanked": values.log_thanked,
    }


def person_values(view: PersonView) -> Record:
    """A person as templates see them: the JSON person object with what templates need on top
    (``first_name``, ``degree_label``, ``email``, ``role``, ``work``, ``intro``)."""
    values: Record = person_document(view.person)
    values.update(
        first_name=view.first_name,
        degree_label=view.degree_label,
        email=view.email,
        role=view.role,
        work=view.work,
        intro=view.intro,
    )
    return values


def tie_values(tie: TieFacts) -> Record:
    """A tie as templates see it."""
    return {
        "same_company": tie.same_company,
        "linkedin": tie.linkedin,
        "connected_since": tie.connected_since,
        "kinds": list(tie.kinds),
        "evidence": list(tie.evidence),
    }


def route_values(route: RouteView, *, referrer: bool = False) -> Record:
    """A route as templates see it: ``score``, ``hops``, ``people``, ``steps`` (each with its
    evidence) and, for the brief, ``referrer``."""
    people = [person_values(view) for view in route.people]
    values: Record = {"score": route.score, "hops": route.hops, "people": people}
    if referrer:
        values["referrer"] = people[1]
    values["steps"] = [step_document(step) for step in route.steps]
    return values


def outreach_values(outreach: OutreachView) -> Record:
    """The outreach so far as the brief sees it: ``events``, ``state``, ``meeting`` (in words)
    and ``meeting_date``."""
    meeting = outreach.meeting
    return {
        "events": [event_record(event) for event in outreach.events],
        "state": outreach.state,
        "meeting": meeting_day(meeting) if meeting else None,
        "meeting_date": meeting.isoformat() if meeting else None,
    }


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


def organisation_values(organisation: OrganisationView) -> Record:
    """A person's organisation as the brief sees it."""
    return {
        "name": organisation.name,
        "others": [colleague_values(other) for other in organisation.others],
        "more": organisation.more,
        "total": organisation.total,
        "first_degree": organisation.first_degree,
        "search": organisation.search,
    }


def colleague_values(colleague: Colleague) -> Record:
    """Another person at the organisation: a person with ``shared`` and ``on_route``."""
    values = person_values(colleague.view)
    values.update(shared=colleague.shared, on_route=colleague.on_route)
    return values


def meeting_day(day: date) -> str:
    """A meeting day as people write it: "Wednesday 9 December 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"
