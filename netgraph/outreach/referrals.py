"""Referrals: the people someone the user met suggested talking to next.

"Who else should I talk to?" is the closing question of an informational interview. The
answer is logged with the meeting (``netgraph log PERSON met --referred "Name, Company"``): each
person named becomes a target (the person in the workspace, or a name and company waiting for
an import), PERSON becomes a willing referrer with a tie to each of them and to the user
(:mod:`netgraph.ties.referrals`), and the target remembers who referred it, so the pipeline
shows where it came from and the best route to it goes through PERSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from netgraph.errors import UsageError
from netgraph.identity.people import id_in, me_id, person_by_id, resolve_person, set_willingness
from netgraph.identity.targets import add_target, is_my_name
from netgraph.suggest import command
from netgraph.text import clean_text
from netgraph.ties.referrals import add_referral_ties
from netgraph.workspace import Workspace

#: The most people one step may name.
MAX_REFERRED = 20


@dataclass(frozen=True)
class ReferredTarget:
    """A person named in a referral, as a target.

    ``person_id`` is None while the target waits for an import that brings them in; ``new``
    says whether they became a target with this referral (else they were one already).
    """

    target_id: int
    person_id: int | None
    name: str
    company: str | None
    new: bool


def parse_referral(text: str) -> tuple[str, str | None]:
    """A referral as the user writes it, "Name" or "Name, Company", as (name, company).

    Everything after the first comma is the company, which may hold commas of its own.

    >>> parse_referral("Lucas Meyer, Halcyon Robotics, Inc.")
    ('Lucas Meyer', 'Halcyon Robotics, Inc.')
    >>> parse_referral(" Ines Navarro ")
    ('Ines Navarro', None)
    """
    name, _comma, company = text.partition(",")
    cleaned = clean_text(name)
    if not cleaned or not any(char.isalnum() for char in cleaned):
        raise UsageError(
            f"{text!r} is not a name: write 'Name' or 'Name, Company'", option="referred"
        )
    return cleaned, clean_text(company) or None


def _referred_person(workspace: Workspace, text: str) -> int | None:
    """The person a referral names by id, email or LinkedIn URL (None: it gives a name)."""
    stripped = text.strip()
    if id_in(stripped) is None and "@" not in stripped and "linkedin.com" not in stripped.lower():
        return None
    person = resolve_person(workspace, stripped, allow_missing=True)
    if person is None:
        raise UsageError(
            f"nobody in your workspace is {stripped!r}: write 'Name, Company' instead",
            option="referred",
        )
    return person


def record_referrals(
    workspace: Workspace, referrer: int, referred: Sequence[str], on_date: date
) -> list[ReferredTarget]:
    """Record that ``referrer`` suggested each of ``referred`` on ``on_date`` (inside the
    caller's transaction); return them as targets.

    Each is "Name", "Name, Company", or a person by id, email or LinkedIn URL. A name that fits
    several people is refused (:class:`netgraph.errors.AmbiguousPerson`): name them by id.
    """
    if len(referred) > MAX_REFERRED:
        raise UsageError(f"name at most {MAX_REFERRED} people at once", option="referred")
    me = me_id(workspace)
    if me is None:
        raise UsageError(f"say who you are first: {command('me', 'Your Name')}")
    before = {target.id for target in workspace.targets.all()}
    found: list[ReferredTarget] = []
    for text in referred:
        person = _referred_person(workspace, text)
        if person is None:
            name, company = parse_referral(text)
            if is_my_name(workspace, name, company):
                raise UsageError(
                    f"{text!r} is you: name the people they suggested", option="referred"
                )
            target = add_target(workspace, name=name, company=company)
        else:
            target = add_target(workspace, person)
        if target.person_id in (me, referrer):
            who = "you" if target.person_id == me else person_by_id(workspace, referrer).name
            raise UsageError(
                f"{text!r} is {who}: name the people they suggested", option="referred"
            )
        if any(item.target_id == target.id for item in found):
            continue  # named twice
        workspace.targets.set_referral(target.id, referrer, on_date.isoformat())
        found.append(
            ReferredTarget(
                target.id, target.person_id, target.name, target.company, target.id not in before
            )
        )
    set_willingness(workspace, referrer, "willing")
    people = [item.person_id for item in found if item.person_id is not None]
    add_referral_ties(workspace, me, referrer, people, on_date)
    return found
