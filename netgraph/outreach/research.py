"""What to research before an informational interview, as a list with blanks to fill.

Advisers' advice: research the organisation and the person before you meet, and ask only what a
web search cannot answer. The list names what the workspace knows (the organisation, the title,
the profile, the referrer, the people the user knows there, the notes logged so far) so that
each line is one concrete thing to look up or ask, with a blank for the answer.
"""

from __future__ import annotations

from markupsafe import Markup

from netgraph.outreach.template_files import markdown_text
from netgraph.outreach.views import (
    OrganisationView,
    OutreachView,
    PersonView,
    ReferrerStanding,
)

#: Where the user writes the answer.
BLANK = "______________________"
#: How many people the user knows at the organisation the list suggests asking.
COLLEAGUES_TO_ASK = 2


def _line(text: str, *values: object, blank: bool = True) -> Markup:
    """``text`` with each ``{}`` replaced by a value made safe for Markdown, and a blank."""
    filled = text.format(*(markdown_text(value) for value in values))
    return Markup(f"{filled}: {BLANK}" if blank else filled)


def research_items(
    person: PersonView,
    standing: ReferrerStanding | None,
    organisation: OrganisationView,
    outreach: OutreachView,
    goal: str | None,
) -> tuple[Markup, ...]:
    """The things to research before meeting ``person``, each a line of Markdown with a
    blank (or, for the notes and the goal, what the user wrote)."""
    first, org, title = person.first_name, person.person.company, person.person.title
    items: list[Markup] = []
    if org:
        items.append(_line("What {} does, for whom, and what it is proud of (its own site)", org))
        items.append(
            _line("News about {} from the last six months: launches, changes, people", org)
        )
        if title:
            items.append(
                _line("What a {} does at {}: the team's pages, talks and posts", title, org)
            )
    else:
        items.append(_line("Where {} works now, and what the organisation does", first))
    profile = person.person.linkedin_url or "their LinkedIn profile"
    items.append(_line("{}'s path: earlier roles, and how long in this one ({})", first, profile))
    if standing is not None and standing.state == "introduced":
        items.append(
            _line(
                "Ask {} how they know {}, and what {} cares about",
                standing.person.name,
                first,
                first,
            )
        )
    known = [c for c in organisation.others if c.view.person.degree == 1 and not c.on_route]
    for colleague in known[:COLLEAGUES_TO_ASK]:
        role = colleague.view.person.title or "someone you know"
        items.append(
            _line(
                "Ask {} ({}), whom you know there, what it is like to work there",
                colleague.view.name,
                role,
            )
        )
    for event in outreach.events:
        if event.note:
            items.append(
                _line('Your note of {}: "{}"', event.on_date.isoformat(), event.note, blank=False)
            )
    items.append(Markup("Cross out every question below that this research answers."))
    if goal:
        items.append(_line("Your goal for this meeting: {}", goal, blank=False))
    else:
        items.append(Markup(f"Your goal for this meeting, in one sentence: {BLANK}"))
    items.append(_line("The one thing you most want to learn from {}", first))
    return tuple(items)
