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
from netgraph.ties.strength import Evidence, tie_strength
from netgraph.vocabulary import DraftTone
from netgraph.workspace import Workspace
from netgraph.workspace.outreach import OutreachEvent

#: A tie at least this strong is close: drafts along it are warm and short.
CLOSE_FROM = 0.6
#: A tie at least this strong (and not close) is familiar; below it, distant.
FAMILIAR_FROM = 0.35
#: The one time frame every draft asks for.
TIME_FRAME = "in the next two to four weeks"


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
    ``kinds`` the kinds of evidence and ``evidence`` the readable lines; ``strength`` is the
    tie's strength as of today and ``tone`` how a draft speaks along it (:func:`tie_tone`).
    """

    same_company: str | None
    linkedin: bool
    connected_since: str | None
    kinds: tuple[str, ...]
    evidence: tuple[str, ...]
    strength: float = 0.0
    tone: DraftTone = "distant"


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
class QuestionSection:
    """The questions of one kind (see :data:`netgraph.outreach.questions.KINDS`), under their
    heading; ``start`` is the number of the first."""

    kind: str
    heading: str
    questions: tuple[Markup, ...]
    start: int


@dataclass(frozen=True)
class QuestionSheet:
    """The questions a brief asks, from the user's own bank (printed as written, with what the
    workspace knows filled in).

    ``sections`` has them by kind, in the order to ask them; ``role`` (role, path and goal)
    and ``organisation`` (organisation and industry) are the same questions in two groups,
    as templates written for an older netgraph read them.
    """

    role: tuple[Markup, ...]
    organisation: tuple[Markup, ...]
    sections: tuple[QuestionSection, ...] = ()

    @property
    def count(self) -> int:
        """How many questions in all."""
        return len(self.role) + len(self.organisation)


@dataclass(frozen=True)
class ReferrerStanding:
    """The referrer between the user and a person, as the log has it: they ``introduced``
    the user on ``since``, or were ``asked`` then and have not answered yet."""

    person: PersonView
    state: str
    since: date


@dataclass(frozen=True)
class AskValues:
    """What the ``ask`` drafts are made of.

    ``direct`` for a first-degree target (no referrer, no route); else ``referrer`` is the
    person to ask, ``between`` the people after the referrer and before the target,
    ``introducer`` who introduces the user to the target. ``ties`` has one entry per tie of the
    route (the direct tie for a first-degree target); ``log_asked`` is the command that logs
    the ask. ``referred_by`` is the referrer when they suggested the target themselves (``log
    ... met --referred``); ``time_frame`` the one time frame the drafts ask for.
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
    referred_by: PersonView | None = None
    time_frame: str = TIME_FRAME

    @property
    def tone(self) -> DraftTone:
        """How the first message speaks: along the user's tie to the referrer, or to the
        person for a direct request."""
        return self.ties[0].tone if self.ties else "distant"


@dataclass(frozen=True)
class PrepValues:
    """What an interview brief is made of.

    ``direct_tie`` is the tie to a first-degree contact; ``route`` the route the user took or
    should take (None for a first-degree contact or when there is none), ``suggestions`` what
    would open one (Markdown); ``log_met`` and ``log_thanked`` the commands for after the
    meeting. ``goal`` is the user's ``--about`` line kept with the target, ``standing`` the
    referrer between them now, ``research`` what to look up before the meeting (Markdown, with
    blanks to fill).
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
    goal: str | None = None
    standing: ReferrerStanding | None = None
    research: tuple[Markup, ...] = ()

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


@dataclass(frozen=True)
class ThankValues:
    """What the thank-you drafts are made of.

    ``met`` is the day of the latest meeting (None before it); ``point`` the note the user
    logged with it; ``when`` the meeting day in words ("today", "yesterday", "on Thursday 10
    December"). ``referrer`` is who introduced the user (or suggested the person, when they
    were referred), with ``referrer_tie`` the user's tie to them; ``referred`` the people the
    person suggested. ``tie`` is the user's tie to the person (``tie.linkedin``: connected).
    """

    me: PersonView
    person: PersonView
    met: date | None
    when: str | None
    point: str | None
    tie: TieFacts
    referrer: PersonView | None
    referrer_tie: TieFacts | None
    introduced: bool
    referred: tuple[str, ...]
    log_thanked: Markup
    log_thanked_referrer: Markup | None


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


def tie_tone(strength: float) -> DraftTone:
    """How a draft speaks along a tie of this strength: ``close`` from :data:`CLOSE_FROM`
    (regular messages both ways, a recommendation, family, a friend who shared their export),
    ``familiar`` from :data:`FAMILIAR_FROM` (an address-book card, a long connection with some
    messages), else ``distant`` (a LinkedIn connection and little more).

    >>> tie_tone(0.89), tie_tone(0.38), tie_tone(0.26)
    ('close', 'familiar', 'distant')
    """
    if strength >= CLOSE_FROM:
        return "close"
    return "familiar" if strength >= FAMILIAR_FROM else "distant"


def tie_facts(workspace: Workspace, a: int, b: int, *, today: date | None = None) -> TieFacts:
    """What the workspace knows about the tie between ``a`` and ``b``."""
    kinds: dict[str, str | None] = {}  # each kind of evidence, with its earliest day
    pieces = []
    for line in workspace.ties.evidence_lines(a, b):
        days = [day for day in (kinds.get(line.kind), line.on_date) if day]
        kinds[line.kind] = min(days, default=None)
        pieces.append(
            Evidence(line.kind, _day(line.on_date), line.sent, line.received, line.detail)
        )
    strength = tie_strength(pieces, today or date.today()) if pieces else 0.0
    return TieFacts(
        same_company=workspace.outreach.shared_company(a, b),
        linkedin="connection" in kinds,
        connected_since=month_year(kinds.get("connection")),
        kinds=tuple(sorted(kinds)),
        evidence=tuple(edge_evidence_lines(workspace, a, b)),
        strength=strength,
        tone=_tone(strength, kinds),
    )


def _tone(strength: float, kinds: dict[str, str | None]) -> DraftTone:
    """:func:`tie_tone`, except that someone the user only met once (the tie is all referral:
    ``log ... met --referred``) is familiar, not close, however strong the referral makes it."""
    tone = tie_tone(strength)
    return "familiar" if tone == "close" and set(kinds) <= {"referral"} else tone


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
