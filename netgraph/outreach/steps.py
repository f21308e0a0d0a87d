"""Logged steps in words: what ``netgraph log`` says it recorded, and what comes next.

A step's referrer is the thread it belongs to, not always who acted: "requested via Priya" would
say that Priya asked. Each status has its own sentence, naming the referrer only where they
acted or are the one written to.
"""

from __future__ import annotations

from netgraph.suggest import command, person_ref
from netgraph.workspace.outreach import OutreachEvent


def step_sentence(event: OutreachEvent) -> str:
    """What the step records, as a sentence without its full stop.

    >>> from datetime import date
    >>> step = OutreachEvent(1, 9, "Jane Doe", 4, "Priya Raman", "requested", date.today(), None)
    >>> step_sentence(step)
    'you asked Jane Doe for a short meeting'
    """
    person, referrer = event.person, event.referrer
    if event.status == "asked-referrer":
        return f"you asked {referrer or 'someone'} to introduce you to {person}"
    if event.status == "introduced":
        return (
            f"{referrer} introduced you to {person}"
            if referrer
            else f"you were introduced to {person}"
        )
    if event.status == "thanked-referrer":
        return f"you thanked {referrer or 'the referrer'} for the introduction to {person}"
    if event.status in ("declined", "no-response") and referrer:
        if event.status == "declined":
            return f"{referrer} declined to introduce you to {person}"
        return f"{referrer} did not answer about an introduction to {person}"
    sentences = {
        "requested": f"you asked {person} for a short meeting",
        "scheduled": f"you are meeting {person} on {event.on_date.isoformat()}",
        "met": f"you met {person}",
        "thanked": f"you thanked {person}",
        "in-touch": f"you kept in touch with {person}",
        "declined": f"{person} declined",
        "no-response": f"{person} did not answer",
    }
    return sentences[event.status]


def next_hint(event: OutreachEvent) -> str | None:
    """What to do after this step, with the command to run (None when there is nothing)."""
    ref = person_ref(event.person_id)
    referrer = event.referrer
    hints = {
        "asked-referrer": f"wait for {referrer}'s answer; {command('next')} says when to "
        "send a reminder or ask someone else",
        "introduced": (
            f"thank {referrer} ({command('thank', ref)}), then ask " if referrer else "ask "
        )
        + f"{event.person} for 20 minutes (the second draft of {command('ask', ref)})",
        "scheduled": f"prepare ({command('prep', ref)})",
        "met": f"send a thank-you note within a day ({command('thank', ref)})",
        "thanked": f"keep in touch; {command('followups')} says when",
    }
    return hints.get(event.status)
