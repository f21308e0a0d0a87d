"""Targets: the people the user wants to meet.

A target is a person in the workspace, or a name and company waiting for an import that brings
that person in (matched on name and company, case- and accent-insensitively).
"""

from __future__ import annotations

from datetime import date

from netgraph.errors import AmbiguousPerson, PersonNotFound, UsageError
from netgraph.identity.names import company_key, name_key
from netgraph.identity.people import candidate_line, me_id, resolve_person
from netgraph.text import clean_text
from netgraph.ties.referrals import add_referral_ties
from netgraph.workspace import Workspace
from netgraph.workspace.targets import Target

__all__ = [
    "Target",
    "add_target",
    "is_my_name",
    "list_targets",
    "match_waiting_targets",
    "remove_target",
]


def add_target(
    workspace: Workspace,
    person: int | None = None,
    *,
    name: str | None = None,
    company: str | None = None,
) -> Target:
    """Add a target: a person already known, or a name and company to look out for.

    A name that fits several people is refused (:class:`AmbiguousPerson`): the user says
    which one. Returns the target as :func:`list_targets` lists it.
    """
    if person is None:
        name = clean_text(name)
        if not name:
            raise UsageError("a target needs a person, or a name (and ideally a company)")
        matches = workspace.people.named(name_key(name), company_key(company))
        if len(matches) > 1:
            raise AmbiguousPerson(name, [candidate_line(workspace, match) for match in matches])
        person = matches[0] if matches else None
        if person is None and is_my_name(workspace, name, company):
            raise UsageError(f"{name!r} is your own name: you cannot target yourself")
        if person is None and workspace.targets.is_waiting(name_key(name), company_key(company)):
            return _find_target(workspace, None, name)  # already waiting for this person
    if person is not None:
        if person == me_id(workspace):
            raise UsageError("you cannot target yourself")
        name, company = workspace.people.name_and_company(person)
    assert name is not None
    workspace.targets.add(person, name, name_key(name), clean_text(company), company_key(company))
    return _find_target(workspace, person, name)


def is_my_name(workspace: Workspace, name: str, company: str | None = None) -> bool:
    """Whether ``name`` (at ``company``, when given) is the user's and nobody else's."""
    key, at = name_key(name), company_key(company)
    return not workspace.people.named(key, at) and me_id(workspace) in workspace.people.named(
        key, at, with_me=True
    )


def _find_target(workspace: Workspace, person: int | None, name: str) -> Target:
    key = name_key(name)
    for target in list_targets(workspace):
        if (person is not None and target.person_id == person) or (
            person is None and target.person_id is None and name_key(target.name) == key
        ):
            return target
    raise AssertionError("the target just added is missing")  # pragma: no cover


def list_targets(workspace: Workspace) -> list[Target]:
    """Every target, with the person it matched (``person_id`` None while it waits)."""
    return workspace.targets.all()


def remove_target(workspace: Workspace, query: str) -> str:
    """Remove the target the user means by ``query``: a PERSON who is a target, or the name of
    a target still waiting for an import. Returns the removed target's name.
    """
    found = None
    try:
        person = resolve_person(workspace, query, allow_missing=True)
    except AmbiguousPerson:
        person = None
    if person is not None:
        found = workspace.targets.of_person(person)
    if found is None:
        found = workspace.targets.waiting_named(name_key(query))
    if found is None:
        raise PersonNotFound(query, [t.name for t in list_targets(workspace)][:5])
    target, name = found
    workspace.targets.remove(target)
    return name


def match_waiting_targets(workspace: Workspace) -> int:
    """Attach waiting targets to the person an import brought in; return how many matched.

    A waiting target matches the one person with its name (and company, when it has one). A
    target someone referred (``log ... met --referred``) gets its tie to them once matched.
    """
    matched = 0
    waiting_targets = workspace.targets.waiting()
    referrals = workspace.targets.referrals() if waiting_targets else {}
    for waiting in waiting_targets:
        people = workspace.people.named(waiting.name_key, waiting.company_key)
        if len(people) == 1 and workspace.targets.attach(waiting.id, people[0]):
            matched += 1
            referral = referrals.get(waiting.id)
            me = me_id(workspace)
            if referral is not None and me is not None:  # the tie the referral showed
                day = date.fromisoformat(referral.on_date)
                add_referral_ties(workspace, me, referral.referrer_id, [people[0]], day)
    return matched
