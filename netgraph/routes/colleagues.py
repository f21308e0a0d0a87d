"""Colleagues: a shared current employer is evidence of a tie nobody recorded.

Two people work at the same organisation when their company keys agree (company names folded,
legal suffixes dropped: "Globex Corp." and "globex" are one), or when one's work email is at the
other's company ("kim@globex.com" and "Globex"). Nothing is stored: when a query needs the
colleagues of its target, :func:`colleagues_of` reads the target's employer and the user's
first-degree contacts' (:meth:`netgraph.workspace.graph.GraphTable.employer_facts`).

The tie inferred between two colleagues is weaker the more people of that organisation the
workspace holds (:func:`colleague_strength`): at a ten-person start-up everyone knows each
other, at a company of thousands two colleagues may never have met. Only the user's
first-degree contacts get an inferred tie to the target, so an inferred tie is always the last
tie of a route, and it shows as "inferred: both at Globex" (``docs/scoring.md``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from netgraph.identity.names import domain_name
from netgraph.workspace import Workspace
from netgraph.workspace.graph import EmployerFacts

#: An inferred tie at an organisation of n people is
#: ``COLLEAGUE_STRENGTH * min(1, COLLEAGUE_TEAM / (n - 1))``: 0.3 up to 11 people, 0.03 at 101.
COLLEAGUE_STRENGTH = 0.3
COLLEAGUE_TEAM = 10


def colleague_strength(people: int) -> float:
    """The strength of an inferred tie between two colleagues of an organisation the workspace
    holds ``people`` people of (at least the two colleagues).

    >>> colleague_strength(2), colleague_strength(11), round(colleague_strength(101), 3)
    (0.3, 0.3, 0.03)
    """
    return COLLEAGUE_STRENGTH * min(1.0, COLLEAGUE_TEAM / (max(people, 2) - 1))


def email_organisation(email: str) -> str | None:
    """The organisation an email address names (its domain's main label, as the identity
    matcher reads it: :func:`netgraph.identity.names.domain_name`), or None for a mail provider.

    >>> email_organisation("kim@globex.com"), email_organisation("a@mail.acme.co.uk")
    ('globex', 'acme')
    >>> email_organisation("bo@gmail.com") is None
    True
    """
    name = domain_name(email.casefold())
    return name.replace("-", "") or None if name else None


def organisation_keys(facts: EmployerFacts) -> set[str]:
    """The keys of the organisation someone works at: the company key without spaces, else the
    organisations their email addresses name.

    >>> organisation_keys(EmployerFacts(1, "Halcyon Robotics, Inc.", "halcyon robotics", ()))
    {'halcyonrobotics'}
    >>> organisation_keys(EmployerFacts(1, None, "", ("kim@globex.com", "kim@gmail.com")))
    {'globex'}
    """
    if facts.company_key:
        return {facts.company_key.replace(" ", "")}
    return {key for key in (email_organisation(e) for e in facts.emails) if key}


@dataclass(frozen=True)
class Colleagues:
    """The user's first-degree contacts at a target's organisation, and the strength of the
    tie inferred between each of them and the target."""

    organisation: str
    size: int
    strength: float
    first_degree: tuple[int, ...]

    def inferred(self, exclude: Iterable[int] = ()) -> dict[Hashable, float]:
        """The inferred ties, person to strength (the search adds them only where no recorded
        tie exists)."""
        left_out = set(exclude)
        return {p: self.strength for p in self.first_degree if p not in left_out}


def colleagues_of(workspace: Workspace, target: int, me: int) -> Colleagues | None:
    """The user's first-degree contacts at ``target``'s organisation (None when it is
    unknown). Read when asked for, never stored."""
    found = workspace.graph.employer_facts(person=target)
    if not found:
        return None
    facts = found[0]
    keys = organisation_keys(facts)
    if not keys:
        return None
    name = facts.company or sorted(keys)[0].capitalize()
    size = workspace.graph.company_size(facts.company_key) if facts.company_key else 0
    contacts = tuple(
        sorted(
            other.id
            for other in workspace.graph.employer_facts(organisations=sorted(keys))
            if other.id not in (target, me) and organisation_keys(other) & keys
        )
    )
    # Everyone found works there too, even when their company is written another way.
    size = max(size, len(contacts) + 1)
    return Colleagues(name, size, colleague_strength(size), contacts)


@dataclass(frozen=True)
class InferredTie:
    """A tie inferred between one of the user's first-degree contacts and a colleague."""

    contact: int
    colleague: int
    strength: float
    organisation: str


def inferred_ties(workspace: Workspace, me: int) -> list[InferredTie]:
    """Every tie the routes may infer: each first-degree contact of the user to each person at
    their organisation, but for the people the user said they do not know (``export graph
    --inferred``; ties already recorded are the caller's to leave out). Computed, never
    stored."""
    contacts: dict[str, list[EmployerFacts]] = {}
    for facts in workspace.graph.employer_facts():
        if facts.id != me:
            for key in organisation_keys(facts):
                contacts.setdefault(key, []).append(facts)
    if not contacts:
        return []
    members: dict[str, list[int]] = {}
    for person, key in workspace.graph.people_at_organisations(sorted(contacts)):
        members.setdefault(key, []).append(person)
    found: list[InferredTie] = []
    for key, facts_list in sorted(contacts.items()):
        people = members.get(key, [])
        strength = colleague_strength(max(len(people), len(facts_list) + 1))
        for facts in facts_list:
            name = facts.company or key.capitalize()
            left_out = {facts.id, me} | workspace.ties.removed_partners(facts.id)
            found.extend(
                InferredTie(facts.id, other, strength, name)
                for other in people
                if other not in left_out
            )
    return found
