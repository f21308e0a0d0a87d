"""Drafts of the messages that ask for an introduction (``netgraph ask``).

For a route me → A → target the drafts are a message asking A to introduce the user, with a
short note A can forward, and a message to the target once introduced, naming A. On a longer
route (me → A → B → target) A is asked to introduce the user to B, who knows the target. A
first-degree target gets one direct request. Everything the drafts say about people comes from
the workspace (names, titles, companies, and how each tie is known); netgraph sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from markupsafe import Markup

from netgraph.errors import UsageError
from netgraph.identity.people import PLACEHOLDER_ME, person_by_id
from netgraph.identity.targets import add_target
from netgraph.outreach.log import CLOSED, events, referrer_asks
from netgraph.outreach.template_files import render_template
from netgraph.outreach.template_values import ask_template_values
from netgraph.outreach.views import (
    AskValues,
    PersonView,
    PrepValues,
    person_view,
    route_view,
    tie_facts,
)
from netgraph.routes.index import RouteIndex
from netgraph.routes.introductions import (
    IntroductionRoute,
    Introductions,
    require_me,
    who_can_introduce,
)
from netgraph.suggest import Suggestion, command, person_ref
from netgraph.text import clean_text
from netgraph.workspace import Workspace

#: Asking the same referrer this many times or more gets a note suggesting someone else.
MANY_ASKS = 2
MAX_ABOUT_CHARS = 500
_VIA_CANDIDATES = 50


@dataclass(frozen=True)
class Draft:
    """A rendered document, with one-line notes for the user (printed apart from it), and the
    values it was rendered from."""

    text: str
    notes: list[str] = field(default_factory=list)
    context: AskValues | PrepValues | None = None


def choose_route(
    workspace: Workspace,
    target: int,
    *,
    via: int | None = None,
    avoid: Iterable[int] = (),
    max_hops: int = 3,
    index: RouteIndex | None = None,
) -> tuple[Introductions, IntroductionRoute | None]:
    """Who can introduce the user to ``target``, and the route to use (None if none).

    Without ``via`` the best route (not through anyone in ``avoid``); with it the best route
    on which ``via`` is the referrer, else the best route through ``via`` further along.
    """
    me = require_me(workspace)
    if via is not None and via in (me, target):
        raise UsageError(
            "the referrer must be someone between you and the person you want to meet",
            option="via",
        )
    found = who_can_introduce(
        workspace,
        target,
        top=_VIA_CANDIDATES if via else 1,
        max_hops=max_hops,
        via=via,
        avoid=avoid,
        index=index,
    )
    routes = found.routes
    if via is not None:
        own = tuple(r for r in routes if r.referrer and r.referrer.id == via)
        routes = own or routes
    return found, (routes[0] if routes else None)


def ask_values(
    workspace: Workspace,
    target: int,
    *,
    via: int | None = None,
    about: str | None = None,
    max_hops: int = 3,
    index: RouteIndex | None = None,
) -> tuple[AskValues, list[str]]:
    """What the ``ask`` drafts are made of, and notes for the user.

    Raises
    ------
    UsageError
        No route reaches ``target`` (through ``via``, when given) within ``max_hops``.
    """
    me = require_me(workspace)
    about_text = checked_about(about) or workspace.targets.about_of(target)
    me_view = person_view(person_by_id(workspace, me))
    target_view = person_view(person_by_id(workspace, target))
    notes = _about_notes(me_view, about_text)
    if via is None and target_view.person.degree == 1:
        notes.extend(_history_notes(workspace, target, None))
        direct = AskValues(
            me=me_view,
            target=target_view,
            about=about_text,
            direct=True,
            referrer=None,
            between=(),
            introducer=None,
            route=None,
            ties=(tie_facts(workspace, me, target),),
            log_asked=Markup(command("log", person_ref(target), "requested")),
        )
        return direct, notes
    found, route = choose_route(workspace, target, via=via, max_hops=max_hops, index=index)
    if route is None:
        raise UsageError(_no_route(workspace, found, target_view.name, via, max_hops))
    values = _through_route(workspace, me_view, target_view, about_text, route)
    notes.extend(_referrer_notes(workspace, target, values.referrer))
    return values, notes


def checked_about(about: str | None) -> str | None:
    """The user's line about themselves and their goal, cleaned; refused when over
    :data:`MAX_ABOUT_CHARS`."""
    about_text = clean_text(about)
    if about_text and len(about_text) > MAX_ABOUT_CHARS:
        raise UsageError(
            f"the line about you is longer than {MAX_ABOUT_CHARS} characters: keep it to a line",
            option="about",
        )
    return about_text or None


def remember_about(workspace: Workspace, target: int, about: str | None) -> bool:
    """Keep the user's ``--about`` line with ``target`` (who becomes a target), so that later
    drafts, the brief and the thank-you reuse it; False when there is none to keep."""
    about_text = checked_about(about)
    if not about_text:
        return False
    with workspace.transaction():
        add_target(workspace, target)
        workspace.targets.set_about(target, about_text)
    return True


def _about_notes(me: PersonView, about: str | None) -> list[str]:
    """What the user should fill in themselves."""
    notes: list[str] = []
    if not about:
        notes.append("fill in the [FILL IN: ...] line about you, or pass --about")
    if me.name == PLACEHOLDER_ME:
        notes.append(
            f'the drafts call you "Me": tell netgraph your name ({command("me", "Your Name")})'
        )
    return notes


def _through_route(
    workspace: Workspace,
    me: PersonView,
    target: PersonView,
    about: str | None,
    route: IntroductionRoute,
) -> AskValues:
    """The drafts' values on a route through a referrer: who to ask, who is between, the ties,
    and the command that logs the ask."""
    view = route_view(route)
    path = view.people
    referrer = path[1]
    asked = command(
        "log", person_ref(target.id), "asked-referrer", "--via", person_ref(referrer.id)
    )
    return AskValues(
        me=me,
        target=target,
        about=about,
        direct=False,
        referrer=referrer,
        between=path[2:-1],
        introducer=path[-2],
        route=view,
        ties=tuple(tie_facts(workspace, a.id, b.id) for a, b in pairwise(path)),
        log_asked=Markup(asked),
        referred_by=referrer if referred_by(workspace, target.id) == referrer.id else None,
    )


def referred_by(workspace: Workspace, person: int) -> int | None:
    """Who suggested ``person`` as a target when the user met them, if anyone."""
    row = workspace.targets.of_person(person)
    referral = workspace.targets.referrals().get(row[0]) if row else None
    return referral.referrer_id if referral else None


def _referrer_notes(workspace: Workspace, target: int, referrer: PersonView | None) -> list[str]:
    """How often the user has asked this referrer already, and what the log says."""
    if referrer is None:
        return _history_notes(workspace, target, None)
    notes = []
    asks = referrer_asks(workspace).get(referrer.id)
    if asks and asks.count >= MANY_ASKS:
        notes.append(
            f"you have already asked {referrer.name} for {asks.count} introductions (the "
            f"last on {asks.last.isoformat()}): spread your asks, or choose another --via"
        )
    return notes + _history_notes(workspace, target, referrer.id)


def _no_route(
    workspace: Workspace, found: Introductions, name: str, via: int | None, hops: int
) -> str:
    through = ""
    hints: list[str] = list(found.suggestions)
    if via is not None:
        referrer = person_by_id(workspace, via)
        through = f" through {referrer.name}"
        if referrer.willingness == "unwilling":
            willing = command("referrer", person_ref(via), "--willing")
            hints.insert(0, Suggestion(f"{referrer.name} is marked unwilling", willing))
    message = f"no route to {name}{through} within {hops} tie{'' if hops == 1 else 's'}"
    return message + ("; " + "; ".join(hints) if hints else "")


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
    Without ``about`` the line kept from an earlier ``--about`` is used; a new one is kept
    with the target (who becomes one).
    """
    values, notes = ask_values(
        workspace, target, via=via, about=about, max_hops=max_hops, index=index
    )
    text = render_template(templates, "ask.md.j2", ask_template_values(values))
    if remember_about(workspace, target, about):
        notes.append(
            f"your --about line is kept with {values.target.name} for the next drafts and the brief"
        )
    return Draft(text, notes, values)
