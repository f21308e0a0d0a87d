"""Interview briefs (``netgraph prep``): who the person is, how you reach them, what your
workspace knows about their organisation, what to research before the meeting, and 12 to 14
questions chosen and filled for this meeting from an editable bank
(:mod:`netgraph.outreach.questions`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from markupsafe import Markup

from netgraph.errors import UsageError
from netgraph.identity.people import people_by_id, person_by_id
from netgraph.outreach.drafts import Draft, choose_route
from netgraph.outreach.log import (
    CLOSED,
    conversation,
    current_step,
    events,
    introducer,
    thread_referrer,
)
from netgraph.outreach.questions import (
    HEADINGS,
    KINDS,
    QuestionBank,
    choose_questions,
    parse_question_bank,
)
from netgraph.outreach.research import research_items
from netgraph.outreach.template_files import (
    code_span,
    read_template_text,
    render_template,
    route_hints,
)
from netgraph.outreach.template_values import prep_template_values
from netgraph.outreach.views import (
    Colleague,
    OrganisationView,
    OutreachView,
    PersonView,
    PrepValues,
    QuestionSection,
    QuestionSheet,
    ReferrerStanding,
    RouteView,
    person_view,
    route_view,
    tie_facts,
)
from netgraph.routes.index import RouteIndex
from netgraph.routes.introductions import require_me
from netgraph.suggest import command, person_ref
from netgraph.workspace import Workspace

__all__ = ["QuestionBank", "parse_question_bank", "prep_brief", "prep_values"]

#: Advisers' advice: bring 12 to 14 questions.
FEWEST_QUESTIONS, MOST_QUESTIONS = 12, 14
#: How many other people at the same organisation a brief lists.
COLLEAGUES_SHOWN = 12


def organisation_view(
    workspace: Workspace,
    person: int,
    *,
    first: Iterable[int] = (),
    limit: int = COLLEAGUES_SHOWN,
) -> OrganisationView:
    """What the workspace knows about ``person``'s organisation: the other people there.

    At most ``limit`` others (people with the same company key): those in ``first`` (the people
    on the route), then the nearest, then by name.
    """
    chosen = set(first)
    found = workspace.outreach.organisation(person, first=chosen, limit=limit)
    shared = dict(found.others)
    others = tuple(
        Colleague(person_view(other), shared[other.id], other.id in chosen)
        for other in people_by_id(workspace, list(shared))
    )
    return OrganisationView(
        name=found.name,
        others=others,
        more=found.total - len(others),
        total=found.total,
        first_degree=found.first_degree,
        search=code_span(command("people", found.name)) if found.name else None,
    )


def outreach_view(workspace: Workspace, person: int) -> OutreachView:
    """The logged steps towards ``person`` (oldest first), the latest state, and the meeting
    day when one is scheduled and not yet marked as met."""
    history = events(workspace, person=person)
    current = current_step(history)
    meeting = current.on_date if current and current.status == "scheduled" else None
    return OutreachView(tuple(history), current.status if current else None, meeting)


def referrer_standing(workspace: Workspace, target: int) -> ReferrerStanding | None:
    """Who stands between the user and ``target`` now, from the log: the referrer who
    introduced them, or the one asked and not heard from yet; None when nobody is (never
    asked, or the referrer declined or went silent)."""
    history = events(workspace, person=target)
    introduced = introducer(history)
    if introduced is not None and introduced.referrer_id is not None:
        view = person_view(person_by_id(workspace, introduced.referrer_id))
        return ReferrerStanding(view, "introduced", introduced.on_date)
    asked = thread_referrer(history)
    if asked is None:
        return None
    ask = [e for e in conversation(history) if e.referrer_id == asked][-1]
    return ReferrerStanding(person_view(person_by_id(workspace, asked)), "asked", ask.on_date)


def _route_view(
    workspace: Workspace,
    target: int,
    first_degree: bool,
    standing: ReferrerStanding | None,
    index: RouteIndex | None,
) -> tuple[tuple[str, ...], RouteView | None]:
    """The suggestions of who-can-introduce and the route to show: through the referrer who
    stands between you (see :func:`referrer_standing`), else the best one without the
    referrers who declined or never answered; none for a first-degree contact."""
    suggestions: tuple[str, ...] = ()
    route = None
    if standing is not None:
        found, route = choose_route(workspace, target, via=standing.person.id, index=index)
        suggestions = found.suggestions
    if route is None and not first_degree:
        history = events(workspace, person=target)
        gave_up = {e.referrer_id for e in history if e.status in CLOSED and e.referrer_id}
        found, route = choose_route(workspace, target, avoid=gave_up, index=index)
        suggestions = found.suggestions
    if route is None or route.hops <= 1:
        return suggestions, None
    return suggestions, route_view(route)


def question_facts(
    person: PersonView, standing: ReferrerStanding | None, organisation: OrganisationView
) -> dict[str, str]:
    """What the questions may name about this meeting (see
    :data:`netgraph.outreach.questions.PLACEHOLDERS`): only what the workspace knows."""
    facts = {"first_name": person.first_name}
    if person.person.title:
        facts["title"] = person.person.title
    if person.person.company:
        facts["organisation"] = person.person.company
    if standing is not None and standing.state == "introduced":
        facts["referrer"] = standing.person.name
    known = [
        other
        for other in organisation.others
        if other.view.person.degree == 1 and other.view.person.title and not other.on_route
    ]
    if known:
        facts["colleague"] = known[0].view.name
        facts["colleague_title"] = known[0].view.person.title or ""
    return facts


def question_sheet(
    workspace: Workspace, target: int, bank: QuestionBank, facts: dict[str, str], goal: bool
) -> QuestionSheet:
    """The questions for meeting ``target``, by kind, numbered on from one kind to the next."""
    seed = "|".join(workspace.people.keys_of(target))  # name and company: stable per person
    chosen = choose_questions(bank, seed, facts, goal=goal)
    sections, number = [], 1
    for kind in KINDS:
        if chosen[kind]:
            sections.append(QuestionSection(kind, HEADINGS[kind], chosen[kind], number))
            number += len(chosen[kind])
    return QuestionSheet(
        role=chosen["role"] + chosen["career"] + chosen["goal"],
        organisation=chosen["organisation"] + chosen["industry"],
        sections=tuple(sections),
    )


def prep_values(
    workspace: Workspace,
    target: int,
    *,
    bank: QuestionBank,
    index: RouteIndex | None = None,
    today: date | None = None,
) -> tuple[PrepValues, list[str]]:
    """What the interview brief is made of, and notes for the user."""
    me = require_me(workspace)
    if target == me:
        raise UsageError("that is you: prepare for the people you want to meet")
    person = person_view(person_by_id(workspace, target))
    first_degree = person.person.degree == 1
    standing = referrer_standing(workspace, target)
    suggestions, route = _route_view(workspace, target, first_degree, standing, index)
    on_route = [p.id for p in route.people] if route else []
    organisation = organisation_view(workspace, target, first=on_route)
    goal = workspace.targets.about_of(target)
    questions = question_sheet(
        workspace, target, bank, question_facts(person, standing, organisation), bool(goal)
    )
    notes = []
    if questions.count < FEWEST_QUESTIONS:
        notes.append(
            f"the question bank {bank.path} has only {questions.count} questions; "
            f"aim for {FEWEST_QUESTIONS} to {MOST_QUESTIONS}"
        )
    outreach = outreach_view(workspace, target)
    values = PrepValues(
        me=person_view(person_by_id(workspace, me)),
        person=person,
        direct_tie=tie_facts(workspace, me, target) if first_degree else None,
        route=route,
        suggestions=tuple(route_hints(suggestions)),
        outreach=outreach,
        organisation=organisation,
        questions=questions,
        today=today or date.today(),
        log_met=Markup(command("log", person_ref(target), "met", "--note")),
        log_thanked=Markup(command("log", person_ref(target), "thanked")),
        goal=goal,
        standing=standing,
        research=research_items(person, standing, organisation, outreach, goal),
    )
    return values, notes


def prep_brief(
    workspace: Workspace,
    target: int,
    *,
    templates: Path,
    index: RouteIndex | None = None,
    today: date | None = None,
) -> Draft:
    """The interview brief for meeting ``target``, rendered from ``prep.md.j2`` with questions
    from ``questions.md`` (the versions in the ``templates`` folder when it has them)."""
    text, path = read_template_text(templates, "questions.md")
    bank = parse_question_bank(text, path)
    values, notes = prep_values(workspace, target, bank=bank, index=index, today=today)
    return Draft(
        render_template(templates, "prep.md.j2", prep_template_values(values)), notes, values
    )
