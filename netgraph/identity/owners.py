"""The owner of an export: who shared the file being imported, and what their file says of them."""

from __future__ import annotations

from netgraph.errors import PersonNotFound, UnknownOwner
from netgraph.identity.facts import PersonFacts
from netgraph.identity.keys import email_key, linkedin_key
from netgraph.identity.names import name_key
from netgraph.identity.people import (
    closest_names,
    ensure_me,
    id_in,
    require_name,
    resolve_person,
)
from netgraph.identity.resolve import create_person
from netgraph.workspace import Workspace

_SUGGESTIONS = 3


def export_owner(workspace: Workspace, owner: str | None, *, new_owner: bool = False) -> int:
    """The person whose file is being imported: the user (creating a placeholder until they
    say who they are) when ``owner`` is None, else the person ``owner`` names.

    ``owner`` is an id (which must exist), an email or LinkedIn URL (the person holding it,
    else a new person with that key), or a name, which must be exactly one person's: a name
    that matches nobody is refused with the closest names (:class:`UnknownOwner`), since a
    misspelt owner would become a stranger with every tie of the export, unless
    ``new_owner`` says the owner is new to the workspace. Someone who shares an export
    becomes a willing referrer, unless the user said otherwise.
    """
    me = ensure_me(workspace)
    if owner is None:
        return me
    require_name(owner, "the owner's name")
    found = resolve_person(workspace, owner, allow_missing=True)
    if found is None:
        if id_in(owner) is not None:
            raise PersonNotFound(owner)
        address, profile = email_key(owner), linkedin_key(owner)
        if not (address or profile or new_owner):
            raise UnknownOwner(owner, _closest(workspace, owner))
        facts = PersonFacts.build(
            None if address or profile else owner,
            emails=[owner] if address else [],
            linkedin_url=owner if profile else None,
        )
        found = create_person(workspace, facts)
    if found != me:
        workspace.people.mark_shared_export(found)
    return found


def _closest(workspace: Workspace, name: str) -> list[str]:
    """The people whose names look most like ``name``, as ``Ravi Mehta (#12)``."""
    lines: list[str] = []
    for close in closest_names(workspace, name):
        lines.extend(f"{close} (#{pid})" for pid in workspace.people.named(name_key(close)))
    return lines[:_SUGGESTIONS]


def learn_owner_profile(workspace: Workspace, owner: int, url: str | None) -> bool:
    """Give an export's owner the LinkedIn profile its messages suggest, when that is safe.

    The profile is guessed from who sends most, so it is only attached to an owner who has no
    profile yet, and never merges the owner with someone else who holds it. Returns False when
    it suggests another profile than the owner's (and was not used).
    """
    key = linkedin_key(url)
    if not key:
        return True
    holder = workspace.people.holder("linkedin", key)
    if holder is None and workspace.people.linkedin_of(owner) is None:
        workspace.people.add_key("linkedin", key, owner)
        return True
    return holder == owner
