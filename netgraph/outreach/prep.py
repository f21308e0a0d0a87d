"""Interview briefs (``netgraph prep``): who the person is, how you reach them, what your
workspace knows about their organisation, and 12 to 14 questions from an editable bank.

The question bank is ``questions.md`` (the workspace's copy if there is one, see
:mod:`netgraph.outreach.template_files`): a ``## Role`` and an ``## Organisation`` section, one
question per ``-`` bullet. Each person gets a fixed selection from it, so the same brief printed
twice asks the same questions.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from markupsafe import Markup

from netgraph.errors import UsageError
from netgraph.identity.people import people_by_id, person_by_id
from netgraph.outreach.drafts import Draft, choose_route
from netgraph.outreach.log import current_referrer, events
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
    PrepValues,
    QuestionSheet,
    RouteView,
    person_view,
    route_view,
    tie_facts,
)
from netgraph.routes.index import RouteIndex
from netgraph.routes.introductions import require_me
from netgraph.suggest import command, person_ref
from netgraph.text import clean_text, fold_text
from netgraph.workspace import Workspace

ROLE_QUESTIONS = 7
ORGANISATION_QUESTIONS = 6
#: Advisers' advice: bring 12 to 14 questions.
FEWEST_QUESTIONS, MOST_QUESTIONS = 12, 14
#: How many other people at the same organisation a brief lists.
COLLEAGUES_SHOWN = 12

_BULLET = re.compile(r"^[-*+]\s+(.*)$")


@dataclass(frozen=True)
class QuestionBank:
    """The questions of a bank, by kind, and the file they came from."""

    role: list[str]
    organisation: list[str]
    path: Path


def parse_question_bank(text: str, path: Path) -> QuestionBank:
    """Read a question bank: questions are ``-`` bullets under a heading naming their kind.

    A heading containing "organisation" (or "organization", "company") starts the
    organisation questions, one containing "role" the role questions; an indented line
    continues the question above it. Other lines are ignored.

    >>> bank = parse_question_bank("## Role\\n- How?\\n  Really?\\n## Organisation\\n- Why?",
    ...                            Path("q.md"))
    >>> bank.role, bank.organisation
    (['How? Really?'], ['Why?'])

    Raises
    ------
    UsageError
        A kind has no questions; the message names the file.
    """
    sections: dict[str, list[str]] = {"role": [], "organisation": []}
    current: list[str] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            heading = fold_text(stripped.lstrip("#"))
            if any(word in heading for word in ("organisation", "organization", "company")):
                current = sections["organisation"]
            elif "role" in heading:
                current = sections["role"]
            else:
                current = None
            continue
        if current is None or not stripped:
            continue
        bullet = _BULLET.match(stripped)
        if bullet:
            question = clean_text(bullet.group(1))
            if question:
                current.append(question)
        elif current and line[:1].isspace():
            current[-1] = f"{current[-1]} {clean_text(stripped)}"
    for kind, heading in (("role", "## Role"), ("organisation", "## Organisation")):
        if not sections[kind]:
            raise UsageError(
                f"{path}: no {kind} questions; write them as '- ' bullets under '{heading}'"
            )
    return QuestionBank(sections["role"], sections["organisation"], path)


def select_questions(
    bank: QuestionBank,
    seed: str,
    *,
    role: int = ROLE_QUESTIONS,
    organisation: int = ORGANISATION_QUESTIONS,
) -> tuple[list[str], list[str]]:
    """``role`` role questions and ``organisation`` organisation questions, in bank order.

    The choice depends only on ``seed`` and the bank, so a person always gets the same
    questions. When one kind runs short, the other makes up the number where it can.

    >>> bank = QuestionBank([f"r{i}" for i in range(10)], ["o1", "o2"], Path("q.md"))
    >>> chosen = select_questions(bank, "ayse demir|kestrel bio", role=3, organisation=3)
    >>> len(chosen[0]), chosen[1]
    (4, ['o1', 'o2'])
    >>> chosen == select_questions(bank, "ayse demir|kestrel bio", role=3, organisation=3)
    True
    """
    want_role = min(role, len(bank.role))
    want_organisation = min(organisation, len(bank.organisation))
    missing = role + organisation - want_role - want_organisation
    extra = min(missing, len(bank.role) - want_role)
    want_role += extra
    want_organisation += min(missing - extra, len(bank.organisation) - want_organisation)
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))

    def pick(questions: list[str], count: int) -> list[str]:
        return [questions[i] for i in sorted(rng.sample(range(len(questions)), count))]

    return pick(bank.role, want_role), pick(bank.organisation, want_organisation)


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
    meeting = None
    for event in history:
        if event.status == "scheduled":
            meeting = event.on_date
        elif event.status == "met":
            meeting = None
    return OutreachView(tuple(history), history[-1].status if history else None, meeting)


def _route_view(
    workspace: Workspace, target: int, first_degree: bool, index: RouteIndex | None
) -> tuple[tuple[str, ...], RouteView | None]:
    """The suggestions of who-can-introduce and the route to show: the one the user took
    (through the referrer in the log), else the best one; none for a first-degree contact."""
    logged = current_referrer(workspace, target)
    suggestions: tuple[str, ...] = ()
    route = None
    if logged is not None:
        found, route = choose_route(workspace, target, via=logged, index=index)
        suggestions = found.suggestions
    if route is None and not first_degree:
        found, route = choose_route(workspace, target, index=index)
        suggestions = found.suggestions
    if route is None or route.hops <= 1:
        return suggestions, None
    return suggestions, route_view(route)


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
    suggestions, route = _route_view(workspace, target, first_degree, index)
    on_route = [p.id for p in route.people] if route else []
    seed = "|".join(workspace.people.keys_of(target))  # name and company: stable per person
    role_questions, organisation_questions = select_questions(bank, seed)
    questions = QuestionSheet(
        tuple(Markup(q) for q in role_questions),
        tuple(Markup(q) for q in organisation_questions),
    )
    notes = []
    if questions.count < FEWEST_QUESTIONS:
        notes.append(
            f"the question bank {bank.path} has only {questions.count} questions; "
            f"aim for {FEWEST_QUESTIONS} to {MOST_QUESTIONS}"
        )
    values = PrepValues(
        me=person_view(person_by_id(workspace, me)),
        person=person,
        direct_tie=tie_facts(workspace, me, target) if first_degree else None,
        route=route,
        suggestions=tuple(route_hints(suggestions)),
        outreach=outreach_view(workspace, target),
        organisation=organisation_view(workspace, target, first=on_route),
        questions=questions,
        today=today or date.today(),
        log_met=Markup(command("log", person_ref(target), "met", "--note")),
        log_thanked=Markup(command("log", person_ref(target), "thanked")),
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
