"""Interview briefs (``netgraph prep``): who the person is, how you reach them, what your
workspace knows about their organisation, and 12 to 14 questions from an editable bank.

The question bank is ``questions.md`` (the workspace's copy if there is one, see
:mod:`netgraph.outreach.template_files`): a ``## Role`` and an ``## Organisation`` section, one
question per ``-`` bullet. Each person gets a fixed selection from it, so the same brief printed
twice asks the same questions.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from netgraph.errors import UsageError
from netgraph.identity.people import people_by_id, person_by_id
from netgraph.outreach.drafts import (
    Draft,
    choose_route,
    code_span,
    person_view,
    route_hints,
    tie_facts,
)
from netgraph.outreach.log import current_referrer, events
from netgraph.outreach.template_files import read_template_text, render_template
from netgraph.routes.documents import step_document
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
) -> dict[str, Any]:
    """What the workspace knows about ``person``'s organisation: the other people there.

    ``{"name", "others", "more", "total", "first_degree", "search"}``: at most ``limit`` others
    (people with the same company key): those in ``first`` (the people on the route), then the
    nearest, then by name; how many more there are; how many in all and how many of them are
    first-degree contacts; and the ``netgraph people`` command that finds them all, as
    Markdown code (None when the company is unknown). Each of ``others`` is a person object
    with ``first_name``, ``role``, ``degree_label``, ``shared`` (they shared their contacts)
    and ``on_route`` (in ``first``).
    """
    conn = workspace.conn
    name, key = conn.execute(
        "SELECT company, company_key FROM people WHERE id = ?", (person,)
    ).fetchone()
    view: dict[str, Any] = {
        "name": name,
        "others": [],
        "more": 0,
        "total": 0,
        "first_degree": 0,
        "search": code_span(command("people", name)) if name else None,
    }
    if not key:
        return view
    where = "p.company_key = ? AND p.id != ? AND p.is_me = 0"
    total, first_degree = conn.execute(
        f"SELECT count(*), count(CASE WHEN p.degree = 1 THEN 1 END) FROM people p WHERE {where}",
        (key, person),
    ).fetchone()
    rows = conn.execute(
        "SELECT p.id, EXISTS (SELECT 1 FROM sources s WHERE s.owner_id = p.id) FROM people p "
        f"WHERE {where} ORDER BY p.id IN (SELECT value FROM json_each(?)) DESC, "
        "coalesce(p.degree, 99), p.name_key, p.id LIMIT ?",
        (key, person, json.dumps(sorted(set(first))), limit),
    ).fetchall()
    shared = {int(pid): bool(flag) for pid, flag in rows}
    chosen = set(first)
    others = [person_view(p) for p in people_by_id(workspace, list(shared))]
    for other in others:
        other["shared"] = shared[other["id"]]
        other["on_route"] = other["id"] in chosen
    view.update(
        others=others,
        more=int(total) - len(others),
        total=int(total),
        first_degree=int(first_degree),
    )
    return view


def meeting_day(day: date) -> str:
    """A meeting day as people write it: "Wednesday 9 December 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def outreach_view(workspace: Workspace, person: int) -> dict[str, Any]:
    """The logged steps towards ``person`` (oldest first), the latest state, and the meeting
    day when one is scheduled and not yet marked as met."""
    history = events(workspace, person=person)
    meeting = None
    for event in history:
        if event.status == "scheduled":
            meeting = event.on_date
        elif event.status == "met":
            meeting = None
    return {
        "events": [e.as_dict() for e in history],
        "state": history[-1].status if history else None,
        "meeting": meeting_day(meeting) if meeting else None,
        "meeting_date": meeting.isoformat() if meeting else None,
    }


def _route_view(
    workspace: Workspace, target: int, first_degree: bool, index: RouteIndex | None
) -> tuple[tuple[str, ...], dict[str, Any] | None]:
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
    people = [person_view(p) for p in route.path]
    return suggestions, {
        "score": route.score,
        "hops": route.hops,
        "people": people,
        "referrer": people[1],
        "steps": [step_document(step) for step in route.steps],
    }


def prep_context(
    workspace: Workspace,
    target: int,
    *,
    bank: QuestionBank,
    index: RouteIndex | None = None,
    today: date | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """The values the ``prep.md.j2`` template sees, and notes for the user."""
    conn = workspace.conn
    me = require_me(workspace)
    if target == me:
        raise UsageError("that is you: prepare for the people you want to meet")
    person = person_view(person_by_id(workspace, target))
    suggestions, route_view = _route_view(workspace, target, person["degree"] == 1, index)
    on_route = [p["id"] for p in route_view["people"]] if route_view else []
    (key,) = conn.execute(
        "SELECT name_key || '|' || company_key FROM people WHERE id = ?", (target,)
    ).fetchone()
    role_questions, organisation_questions = select_questions(bank, key)
    notes = []
    count = len(role_questions) + len(organisation_questions)
    if count < FEWEST_QUESTIONS:
        notes.append(
            f"the question bank {bank.path} has only {count} questions; "
            f"aim for {FEWEST_QUESTIONS} to {MOST_QUESTIONS}"
        )
    context = {
        "me": person_view(person_by_id(workspace, me)),
        "person": person,
        "first_degree": person["degree"] == 1,
        "direct_tie": tie_facts(workspace, me, target) if person["degree"] == 1 else None,
        "route": route_view,
        "suggestions": route_hints(suggestions),
        "outreach": outreach_view(workspace, target),
        "organisation": organisation_view(workspace, target, first=on_route),
        "questions": {
            "role": [Markup(q) for q in role_questions],
            "organisation": [Markup(q) for q in organisation_questions],
            "count": count,
        },
        "today": (today or date.today()).isoformat(),
        "log_met": Markup(command("log", person_ref(target), "met", "--note")),
        "log_thanked": Markup(command("log", person_ref(target), "thanked")),
    }
    return context, notes


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
    context, notes = prep_context(workspace, target, bank=bank, index=index, today=today)
    return Draft(render_template(templates, "prep.md.j2", context), notes, context)
