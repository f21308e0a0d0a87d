"""The names the templates of ``ask``, ``prep`` and ``thank`` see, built from the typed values of
:mod:`netgraph.outreach.views`, here and nowhere else.

Templates are the user's to edit, so these names stay exactly as they always were: plain dicts
and lists with the same keys (a person is the JSON person object with what templates need on
top), which a template reads as keys or as attributes.
"""

from __future__ import annotations

from datetime import date

from netgraph.identity.documents import person_document
from netgraph.outreach.documents import Record, event_record
from netgraph.outreach.log import DEFAULT_NO_ANSWER_DAYS
from netgraph.outreach.steps import step_sentence
from netgraph.outreach.views import (
    AskValues,
    Colleague,
    OrganisationView,
    OutreachView,
    PersonView,
    PrepValues,
    ReferrerStanding,
    RouteView,
    ThankValues,
    TieFacts,
)
from netgraph.routes.documents import step_document
from netgraph.routes.warmth import warmth


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
        "tone": values.tone,
        "time_frame": values.time_frame,
        "referred_by": person_values(values.referred_by) if values.referred_by else None,
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
            "sections": [
                {
                    "kind": section.kind,
                    "heading": section.heading,
                    "questions": list(section.questions),
                    "start": section.start,
                }
                for section in values.questions.sections
            ],
        },
        "today": values.today.isoformat(),
        "log_met": values.log_met,
        "log_thanked": values.log_thanked,
        "goal": values.goal,
        "referrer_standing": (
            standing_values(values.standing, values.today) if values.standing else None
        ),
        "research": list(values.research),
    }


def standing_values(standing: ReferrerStanding, today: date) -> Record:
    """The referrer between the user and the person: ``person``, ``state`` (introduced or
    asked), ``since`` (ISO date), ``days`` since then and ``silent`` (asked, and no answer for
    the days after which the pipeline moves on)."""
    days = (today - standing.since).days
    return {
        "person": person_values(standing.person),
        "state": standing.state,
        "since": standing.since.isoformat(),
        "days": days,
        "silent": standing.state == "asked" and days >= DEFAULT_NO_ANSWER_DAYS,
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
        "strength": tie.strength,
        "tone": tie.tone,
    }


def route_values(route: RouteView, *, referrer: bool = False) -> Record:
    """A route as templates see it: ``score``, ``warmth`` (the score in a word), ``hops``,
    ``people``, ``steps`` (each with its evidence) and, for the brief, ``referrer``."""
    people = [person_values(view) for view in route.people]
    values: Record = {
        "score": route.score,
        "warmth": warmth(route.score),
        "hops": route.hops,
        "people": people,
    }
    if referrer:
        values["referrer"] = people[1]
    values["steps"] = [step_document(step) for step in route.steps]
    return values


def outreach_values(outreach: OutreachView) -> Record:
    """The outreach so far as the brief sees it: ``events`` (each with ``what``, the step in
    words), ``state``, ``meeting`` (in words) and ``meeting_date``."""
    meeting = outreach.meeting
    return {
        "events": [
            {**event_record(event), "what": step_sentence(event)} for event in outreach.events
        ],
        "state": outreach.state,
        "meeting": meeting_day(meeting) if meeting else None,
        "meeting_date": meeting.isoformat() if meeting else None,
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


def thank_template_values(values: ThankValues) -> Record:
    """The values ``thank.md.j2`` sees."""
    referrer_tie = values.referrer_tie
    return {
        "me": person_values(values.me),
        "person": person_values(values.person),
        "met": values.met.isoformat() if values.met else None,
        "when": values.when,
        "point": values.point,
        "tie": tie_values(values.tie),
        "referrer": person_values(values.referrer) if values.referrer else None,
        "referrer_tie": tie_values(referrer_tie) if referrer_tie else None,
        "referrer_tone": referrer_tie.tone if referrer_tie else None,
        "introduced": values.introduced,
        "referred": list(values.referred),
        "log_thanked": values.log_thanked,
        "log_thanked_referrer": values.log_thanked_referrer,
    }
