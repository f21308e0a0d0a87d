"""Drafts of the messages that ask for an introduction (``netgraph ask``).

For a route me → A → target the drafts are a message asking A to introduce the user, with a
short note A can forward, and a message to the target once introduced, naming A. On a longer
route (me → A → B → target) A is asked to introduce the user to B, who knows the target. A
first-degree target gets one direct request. Everything the drafts say about people comes from
the workspace (names, titles, companies, and how each tie is known); netgraph sends nothing.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from markupsafe import Markup

from netgraph.errors import UsageError
from netgraph.identity.documents import person_document
from netgraph.identity.people import PLACEHOLDER_ME, Person, person_by_id
from netgraph.outreach.log import CLOSED, events
from netgraph.outreach.pipeline import referrer_asks
from netgraph.outreach.template_files import markdown_text, render_template
from netgraph.routes.documents import step_document
from netgraph.routes.index import RouteIndex
from netgraph.routes.introductions import (
    IntroductionRoute,
    Introductions,
    require_me,
    who_can_introduce,
)
from netgraph.suggest import Suggestion, command, person_ref
from netgraph.text import clean_text
from netgraph.ties.describe import edge_evidence_lines, month_year
from netgraph.workspace import Workspace

#: Asking the same referrer this many times or more gets a note suggesting someone else.
MANY_ASKS = 2
MAX_ABOUT_CHARS = 500
_VIA_CANDIDATES = 50


@dataclass(frozen=True)
class Draft:
    """A rendered document, with one-line notes for the user (printed apart from it)."""

    text: str
    notes: list[str] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)


def first_name(name: str) -> str:
    """The word to greet someone by: the first word of the name that is not an initial or title.

    >>> first_name("Tomás Ferreira"), first_name("Dr. Ada Lovelace"), first_name("Cher")
    ('Tomás', 'Ada', 'Cher')
    """
    words = name.split()
    return next((word for word in words if not word.endswith(".")), name)


def degree_label(degree: int | None) -> str:
    """How far someone is from the user, in words."""
    return {1: "first-degree", 2: "second-degree", 3: "third-degree"}.get(
        degree or 0, "not within three ties"
    )


def role(title: str | None, company: str | None) -> str | None:
    """Title and company in a phrase: "Head of Data at Acme", "Head of Data", "at Acme".

    >>> role("Head of Data", "Acme"), role(None, "Acme"), role(None, None)
    ('Head of Data at Acme', 'at Acme', None)
    """
    if title and company:
        return f"{title} at {company}"
    return title or (f"at {company}" if company else None)


def person_view(person: Person) -> dict[str, Any]:
    """A person as templates see them: the JSON person object with what templates need on top.

    ``first_name``, ``degree_label``, ``email`` (the first one), ``role`` (see :func:`role`),
    ``work`` ("as Head of Data at Acme", "at Acme" or None) and ``intro`` (the name and role:
    "Noor Haddad, Data Engineer at Acme").
    """
    view = person_document(person)
    view["first_name"] = first_name(person.name)
    view["degree_label"] = degree_label(person.degree)
    view["email"] = person.emails[0] if person.emails else None
    view["role"] = role(person.title, person.company)
    view["work"] = (f"as {view['role']}" if person.title else view["role"]) or None
    view["intro"] = ", ".join((person.name, view["role"])) if view["role"] else person.name
    return view


def choose_route(
    workspace: Workspace,
    target: int,
    *,
    via: int | None = None,
    max_hops: int = 3,
    index: RouteIndex | None = None,
) -> tuple[Introductions, IntroductionRoute | None]:
    """Who can introduce the user to ``target``, and the route to use (None if none).

    Without ``via`` the best route; with it the best route on which ``via`` is the referrer,
    else the best route through ``via`` further along.
    """
    me = require_me(workspace)
    if via is not None and via in (me, target):
        raise UsageError("--via must be someone between you and the person you want to meet")
    found = who_can_introduce(
        workspace,
        target,
        top=_VIA_CANDIDATES if via else 1,
        max_hops=max_hops,
        via=via,
        index=index,
    )
    routes = found.routes
    if via is not None:
        own = tuple(r for r in routes if r.referrer and r.referrer.id == via)
        routes = own or routes
    return found, (routes[0] if routes else None)


def tie_facts(workspace: Workspace, a: int, b: int) -> dict[str, Any]:
    """What the workspace knows about the tie between ``a`` and ``b``, for a template.

    ``same_company`` is the company both currently work at (else None), ``linkedin`` whether
    they are LinkedIn connections, ``connected_since`` the month they connected ("May 2024"),
    ``kinds`` the kinds of evidence and ``evidence`` the readable lines.
    """
    conn = workspace.conn
    kinds: dict[str, str | None] = dict(
        conn.execute(
            "SELECT kind, min(on_date) FROM evidence WHERE a = ? AND b = ? GROUP BY kind",
            (min(a, b), max(a, b)),
        ).fetchall()
    )
    rows = dict(
        conn.execute("SELECT id, company_key FROM people WHERE id IN (?, ?)", (a, b)).fetchall()
    )
    company = None
    if rows.get(a) and rows.get(a) == rows.get(b):
        (company,) = conn.execute("SELECT company FROM people WHERE id = ?", (b,)).fetchone()
    since = kinds.get("connection")
    return {
        "same_company": company,
        "linkedin": "connection" in kinds,
        "connected_since": month_year(since),
        "kinds": sorted(kinds),
        "evidence": edge_evidence_lines(workspace, a, b),
    }


def ask_context(
    workspace: Workspace,
    target: int,
    *,
    via: int | None = None,
    about: str | None = None,
    max_hops: int = 3,
    index: RouteIndex | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """The values the ``ask`` templates see, and notes for the user.

    Raises
    ------
    UsageError
        No route reaches ``target`` (through ``via``, when given) within ``max_hops``.
    """
    conn = workspace.conn
    me = require_me(workspace)
    about_text = clean_text(about)
    if about_text and len(about_text) > MAX_ABOUT_CHARS:
        raise UsageError(f"--about is longer than {MAX_ABOUT_CHARS} characters: keep it to a line")
    me_view = person_view(person_by_id(workspace, me))
    target_view = person_view(person_by_id(workspace, target))
    context: dict[str, Any] = {
        "me": me_view,
        "target": target_view,
        "about": about_text,
        "direct": False,
        "referrer": None,
        "between": [],
        "introducer": None,
        "route": None,
        "ties": [],
        "log_asked": None,
    }
    notes: list[str] = []
    if not about_text:
        notes.append("fill in the [FILL IN: ...] line about you, or pass --about")
    if me_view["name"] == PLACEHOLDER_ME:
        notes.append(
            f'the drafts call you "Me": tell netgraph your name ({command("me", "Your Name")})'
        )
    if via is None and _first_degree(workspace, target):
        context["direct"] = True
        context["ties"] = [tie_facts(workspace, me, target)]
        context["log_asked"] = Markup(command("log", person_ref(target), "requested"))
        notes.extend(_history_notes(workspace, target, None))
        return context, notes
    found, route = choose_route(workspace, target, via=via, max_hops=max_hops, index=index)
    if route is None:
        raise UsageError(_no_route(found, target_view["name"], via, conn, max_hops))
    context.update(_route_values(workspace, target, route))
    referrer = context["referrer"]
    asks = referrer_asks(workspace).get(referrer["id"])
    if asks and asks.count >= MANY_ASKS:
        notes.append(
            f"you have already asked {referrer['name']} for {asks.count} introductions (the "
            f"last on {asks.last.isoformat()}): spread your asks, or choose another --via"
        )
    notes.extend(_history_notes(workspace, target, referrer["id"]))
    return context, notes


def _route_values(workspace: Workspace, target: int, route: IntroductionRoute) -> dict[str, Any]:
    """The template values that come from the route: referrer, between, introducer, route,
    ties, and log_asked (the command that logs the ask)."""
    path = [person_view(p) for p in route.path]
    referrer = path[1]
    via = person_ref(referrer["id"])
    asked = command("log", person_ref(target), "asked-referrer", "--via", via)
    return {
        "referrer": referrer,
        "between": path[2:-1],
        "introducer": path[-2],
        "route": {
            "score": route.score,
            "hops": route.hops,
            "people": path,
            "steps": [step_document(step) for step in route.steps],
        },
        "ties": [tie_facts(workspace, a["id"], b["id"]) for a, b in pairwise(path)],
        "log_asked": Markup(asked),
    }


def _first_degree(workspace: Workspace, target: int) -> bool:
    conn = workspace.conn
    row = conn.execute("SELECT degree FROM people WHERE id = ?", (target,)).fetchone()
    return bool(row and row[0] == 1)


def _no_route(
    found: Introductions, name: str, via: int | None, conn: sqlite3.Connection, hops: int
) -> str:
    through = ""
    hints: list[str] = list(found.suggestions)
    if via is not None:
        via_name, willingness = conn.execute(
            "SELECT name, willingness FROM people WHERE id = ?", (via,)
        ).fetchone()
        through = f" through {via_name}"
        if willingness == "unwilling":
            willing = command("referrer", person_ref(via), "--willing")
            hints.insert(0, Suggestion(f"{via_name} is marked unwilling", willing))
    message = f"no route to {name}{through} within {hops} tie{'' if hops == 1 else 's'}"
    return message + ("; " + "; ".join(hints) if hints else "")


def route_hints(suggestions: Iterable[str]) -> list[Markup]:
    """The suggestions of who-can-introduce as Markdown: the words escaped, each command in a
    code span so that it reads (and pastes) exactly as netgraph wrote it."""
    hints = []
    for hint in suggestions:
        if isinstance(hint, Suggestion) and hint.command:
            hints.append(Markup(f"{markdown_text(hint.text)} ({code_span(hint.command)})"))
        else:
            hints.append(Markup(markdown_text(hint)))
    return hints


def code_span(text: str) -> Markup:
    """``text`` as a Markdown code span that shows it exactly, whatever backticks it holds.

    Line breaks become spaces: a line of its own could start a heading or a list.

    >>> print(code_span("netgraph log '#3' met"), code_span("a `b` c"), code_span("`x"))
    `netgraph log '#3' met` ``a `b` c`` `` `x ``
    """
    text = " ".join(text.splitlines())
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def _history_notes(workspace: Workspace, target: int, referrer: int | None) -> list[str]:
    """What the outreach log already says about this target and referrer."""
    history = events(workspace, person=target)
    notes = []
    if history and history[-1].status in CLOSED and history[-1].referrer_id is None:
        latest = history[-1]
        notes.append(
            f"the log says {latest.person} {latest.status} on {latest.on_date.isoformat()}"
        )
    if referrer is not None:
        asked = [e for e in history if e.status == "asked-referrer" and e.referrer_id == referrer]
        if asked:
            notes.append(
                f"you already asked {asked[-1].referrer} about {asked[-1].person} on "
                f"{asked[-1].on_date.isoformat()}"
            )
    return notes


def ask_draft(
    workspace: Workspace,
    target: int,
    *,
    templates: Path,
    via: int | None = None,
    about: str | None = None,
    max_hops: int = 3,
    index: RouteIndex | None = None,
) -> Draft:
    """The drafts asking for an introduction to ``target``, rendered from ``ask.md.j2``.

    ``templates`` is the workspace's template folder
    (:func:`netgraph.outreach.template_files.template_dir`); files there replace the defaults.
    """
    context, notes = ask_context(
        workspace, target, via=via, about=about, max_hops=max_hops, index=index
    )
    return Draft(render_template(templates, "ask.md.j2", context), notes, context)
