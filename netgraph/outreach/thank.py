"""Thank-you notes (``netgraph thank``): to the person the user met, and to whoever
introduced them.

Advisers' advice: within a day of the meeting, send a thank-you note that picks up a point from
the conversation, offer help in return, connect on LinkedIn and keep in touch; and thank the
referrer, telling them how it went. The note to the person picks up the point the user logged
with the meeting (``log PERSON met --note``), asks to connect only when the workspace knows no
LinkedIn connection, and thanks them for the people they suggested (``--referred``). The note to
the referrer says only what the log says happened: the introduction, the meeting, the point.
Before the meeting (after ``introduced``) there is only the note to the referrer.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from markupsafe import Markup

from netgraph.errors import UsageError
from netgraph.identity.people import person_by_id
from netgraph.outreach.drafts import Draft, referred_by
from netgraph.outreach.log import conversation, events, introducer
from netgraph.outreach.template_files import render_template
from netgraph.outreach.template_values import thank_template_values
from netgraph.outreach.views import ThankValues, person_view, tie_facts
from netgraph.routes.introductions import require_me
from netgraph.suggest import command, person_ref
from netgraph.workspace import Workspace
from netgraph.workspace.outreach import OutreachEvent

__all__ = ["ThankValues", "thank_draft", "thank_values"]


def when_words(day: date, today: date) -> str:
    """A day as a thank-you note says it.

    >>> when_words(date(2026, 12, 9), date(2026, 12, 10)), when_words(date(2026, 12, 3),
    ...                                                               date(2026, 12, 10))
    ('yesterday', 'on Thursday 3 December')
    """
    if day == today:
        return "today"
    if (today - day).days == 1:
        return "yesterday"
    return f"on {day:%A} {day.day} {day:%B}"


def _meeting(history: list[OutreachEvent]) -> OutreachEvent | None:
    """The latest ``met`` step of the conversation, if any."""
    met = [event for event in conversation(history) if event.status == "met"]
    return met[-1] if met else None


def _point(meeting: OutreachEvent | None) -> str | None:
    """The point logged with the meeting; None without one, or for a placeholder note such
    as the "..." of a suggested command."""
    note = meeting.note if meeting else None
    return note if note and note.strip(" .…") else None


def _referrer(
    workspace: Workspace, person: int, history: list[OutreachEvent]
) -> tuple[int | None, bool]:
    """Who to thank beside the person: the referrer who introduced the user (True), else the
    person who suggested them as a target (False)."""
    introduced = introducer(history)
    if introduced is not None and introduced.referrer_id is not None:
        return introduced.referrer_id, True
    return referred_by(workspace, person), False


def _referred(workspace: Workspace, person: int) -> tuple[str, ...]:
    """The names of the targets ``person`` suggested (``log ... met --referred``)."""
    names = {target.id: target.name for target in workspace.targets.all()}
    return tuple(
        names[r.target_id]
        for r in workspace.targets.referrals().values()
        if r.referrer_id == person and r.target_id in names
    )


def thank_values(workspace: Workspace, person: int, *, today: date | None = None) -> ThankValues:
    """What the thank-you drafts for ``person`` are made of.

    Raises
    ------
    UsageError
        ``person`` is the user, or there is nothing to thank anyone for yet (no meeting, no
        introduction and no referral logged).
    """
    today = today or date.today()
    me = require_me(workspace)
    if person == me:
        raise UsageError("that is you: thank the people you met")
    history = events(workspace, person=person)
    meeting = _meeting(history)
    referrer, introduced = _referrer(workspace, person, history)
    target = person_view(person_by_id(workspace, person))
    if meeting is None and not introduced:
        ref = person_ref(person)
        raise UsageError(
            f"nothing to thank anyone for yet: log the meeting ({command('log', ref, 'met')}) "
            f"or the introduction ({command('log', ref, 'introduced')}) first"
        )
    referred = _referred(workspace, person) if meeting is not None else ()
    ref = person_ref(person)
    return ThankValues(
        me=person_view(person_by_id(workspace, me)),
        person=target,
        met=meeting.on_date if meeting else None,
        when=when_words(meeting.on_date, today) if meeting else None,
        point=_point(meeting),
        tie=tie_facts(workspace, me, person, today=today),
        referrer=person_view(person_by_id(workspace, referrer)) if referrer else None,
        referrer_tie=tie_facts(workspace, me, referrer, today=today) if referrer else None,
        introduced=introduced,
        referred=referred,
        log_thanked=Markup(command("log", ref, "thanked")),
        log_thanked_referrer=Markup(command("log", ref, "thanked-referrer")) if referrer else None,
    )


def _notes(values: ThankValues) -> list[str]:
    """What the user should fill in or know."""
    notes = []
    if values.met is not None and not values.point:
        met = command("log", person_ref(values.person.id), "met", "--note", "...")
        notes.append(
            "no point from the conversation is logged: fill in the [FILL IN: ...] line (next "
            f"time, log it with the meeting: {met})"
        )
    if values.met is None:
        notes.append(
            f"no meeting with {values.person.name} is logged yet: only the note to "
            f"{values.referrer.name if values.referrer else 'the referrer'}"
        )
    return notes


def thank_draft(
    workspace: Workspace, person: int, *, templates: Path, today: date | None = None
) -> Draft:
    """The thank-you drafts for ``person``, rendered from ``thank.md.j2`` (the version in the
    ``templates`` folder when it has one)."""
    values = thank_values(workspace, person, today=today)
    text = render_template(templates, "thank.md.j2", thank_template_values(values))
    return Draft(text, _notes(values), None)
