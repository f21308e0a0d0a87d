"""The owner of an export: who shared the file being imported, and what their file says of them."""

from __future__ import annotations

from netgraph.errors import PersonNotFound
from netgraph.identity.facts import PersonFacts
from netgraph.identity.keys import email_key, linkedin_key
from netgraph.identity.people import ensure_me, id_in, require_name, resolve_person
from netgraph.identity.resolve import create_person
from netgraph.workspace import Workspace


def export_owner(workspace: Workspace, owner: str | None) -> int:
    """The person whose file is being imported: the user (creating a placeholder until they
    say who they are) when ``owner`` is None, else the person ``owner`` names.

    An owner nobody matches is created from the name, email or LinkedIn URL given (an id must
    exist). Someone who shares an export becomes a willing referrer, unless the user said
    otherwise.
    """
    me = ensure_me(workspace)
    if owner is None:
        return me
    require_name(owner, "the owner's name")
    found = resolve_person(workspace, owner, allow_missing=True)
    if found is None:
        if id_in(owner) is not None:
            raise PersonNotFound(owner)
        facts = PersonFacts.build(
            None if email_key(owner) or linkedin_key(owner) else owner,
            emails=[owner] if email_key(owner) else [],
            linkedin_url=owner if linkedin_key(owner) else None,
        )
        found = create_person(workspace, facts)
    if found != me:
        workspace.people.mark_shared_export(found)
    return found


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
