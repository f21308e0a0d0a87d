"""What drafts and briefs say about people, ties, routes and organisations, as typed values.

:mod:`netgraph.outreach.drafts` and :mod:`netgraph.outreach.prep` build these;
:mod:`netgraph.outreach.documents` turns them into the names the (user-overridable) templates
see, which stay as they always were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from netgraph.identity.people import Person
from netgraph.routes.introductions import IntroductionRoute, Step
from netgraph.ties.describe import edge_evidence_lines, month_year
from netgraph.workspace import Workspace
from netgraph.workspace.outreach import OutreachEvent


@dataclass(frozen=True)
class PersonView:
    """A person as drafts and briefs speak of them.

    ``first_name`` greets them, ``degree_label`` says how far they are, ``email`` is the first
    one, ``role`` is title and company (see :func:`role`), ``work`` "as Head of Data at Acme",
    "at Acme" or None, and ``intro`` the name and role ("Noor Haddad, Data Engineer at Acme").
    """

    person: Person
    first_name: str
    degree_label: str
    email: str | None
    role: str | None
    work: str | None
    intro: str

    @property
    def id(self) -> int:
        """The person's id."""
        return self.person.id

    @property
    def name(self) -> str:
        """The person's name."""
        return self.person.name


@dataclass(frozen=True)
class TieFacts:
    """What the workspace knows about one tie.

    ``same_company`` is the company both currently work at (else None), ``linkedin`` whether
    they are LinkedIn connections, ``connected_since`` the month they connected ("May 2024"),
    ``kinds`` the kinds of evidence and ``evidence`` the readable lines.
    """

    same_company: str | None
    linkedin: bool
    connected_since: str | None
    kinds: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class RouteView:
    """A route as drafts and briefs show it: the people on it (the user first) and its ties."""

    score: float
    hops: int
    people: tuple[PersonView, ...]
    steps: tuple[Step, ...]

    @property
    def referrer(self) -> PersonView:
        """The first person after the user: the one to ask."""
        return self.people[1]


@dataclass(frozen=True)
class Colleague:
    """Another person at the same organisation: ``shared`` their contacts with the user,
    ``on_route`` (on the route the brief shows)."""

    view: PersonView
    shared: bool
    on_route: bool


@dataclass(frozen=True)
class OrganisationView:
    """What the workspace knows about a person's organisation: the other people there.

    ``others`` are those shown (the people on the route first, then the nearest, then by name),
    ``more`` how many are left out, ``total`` how many in all and ``first_degree`` how many of
    them the user knows directly; ``search`` is the ``netgraph people`` command that finds them
    all, as Markdown code (None when the company is unknown).
    """

    name: str | None
    others: tuple[Colleague, ...]
    more: int
    total: int
    first_degree: int
    search: Markup | None


@dataclass(frozen=True)
class OutreachView:
    """The logged steps towards a person (oldest first), the latest state, and the meeting day
    when one is scheduled and not yet marked as met."""

    events: tuple[OutreachEvent, ...]
    state: str | None
    meeting: date | None


@dataclass(frozen=True)
class QuestionSheet:
    """The questions a brief asks, from the user's own bank (printed as written)."""

    role: tuple[Markup, ...]
    organisation: tuple[Markup, ...]

    @property
    def count(self) -> int:
        """How many questions in all."""
        return len(self.role) + len(self.organisation)


@dataclass(frozen=True)
class AskValues:
    """What the ``ask`` drafts are made of.

    ``direct`` for a first-degree target (no referrer, no route); else ``referrer`` is the
    person to ask, ``between`` the people after the referrer and before the target,
    ``introducer`` who introduces the user to the target. ``ties`` has one entry per tie of the
    route (the direct tie for a first-degree target); ``log_asked`` is the command that logs
    the ask.
    """

    me: PersonView
    target: PersonView
    about: str | None
    direct: bool
    referrer: PersonView | None
    between: tuple[PersonView, ...]
    introducer: PersonView | None
    route: RouteView | None
    ties: tuple[TieFacts, ...]
    log_asked: Markup


@dataclass(frozen=True)
class PrepValues:
    """What an interview brief is made of.

    ``direct_tie`` is the tie to a first-degree contact; ``route`` the route the user took or
    should take (None for a first-degree contact or when there is none), ``suggestions`` what
    would open one (Markdown); ``log_met`` and ``log_thanked`` the commands for after the
    meeting.
    """

    me: PersonView
    person: PersonView
    direct_tie: TieFacts | None
    route: RouteView | None
    suggestions: tuple[Markup, ...]
    outreach: OutreachView
    organisation: OrganisationView
    questions: QuestionSheet
    today: date
    log_met: Markup
    log_thanked: Markup

    @property
    def first_degree(self) -> bool:
        """Whether the user knows the person directly."""
        return self.person.person.degree == 1


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


def person_view(person: Person) -> PersonView:
    """A person as drafts and briefs speak of them."""
    phrase = role(person.title, person.company)
    return PersonView(
        person=person,
        first_name=first_name(person.name),
        degree_label=degree_label(person.degree),
        email=person.emails[0] if person.emails else None,
        role=phrase,
        work=(f"as {phrase}" if person.title else phrase) or None,
        intro=", ".join((person.name, phrase)) if phrase else person.name,
    )


def route_view(route: IntroductionRoute) -> RouteView:
    """A route of who-can-introduce as drafts and briefs show it."""
    return RouteView(
        score=route.score,
        hops=route.hops,
        people=tuple(person_view(person) for person in route.path),
        steps=route.steps,
    )


def tie_facts(workspace: Workspace, a: int, b: int) -> TieFacts:
    """What the workspace knows about the tie between ``a`` and ``b``."""
    kinds: dict[str, str | None] = {}  # each kind of evidence, with its earliest day
    for line in workspace.ties.evidence_lines(a, b):
        days = [day for day in (kinds.get(line.kind), line.on_date) if day]
        kinds[line.kind] = min(days, default=None)
    return TieFacts(
        same_company=workspace.outreach.shared_company(a, b),
        linkedin="connection" in kinds,
        connected_since=month_year(kinds.get("connection")),
        kinds=tuple(sorted(kinds)),
        evidence=tuple(edge_evidence_lines(workspace, a, b)),
    )
