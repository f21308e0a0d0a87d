"""Identity resolution: one person per human, whatever source they came from.

Records merge into an existing person by a strong key (normalised LinkedIn URL, email, E.164
phone), by the same record in an earlier import of the same source, or by the scoring rule of
:mod:`netgraph.identity.matching` (a name that agrees together with an employer that agrees)
where exactly one person fits. A name alone merges only with a friend the user named as an
export's owner who already knows the file's owner (the friend's export lists you, your export
lists them). Two people who share only a common name stay two people.

This module finds the person a record describes, creates or updates them, and merges people the
keys prove identical. A merge is written to the :class:`Merges` of the operation that makes it,
so the operation can follow the ids it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from netgraph.identity.facts import PersonFacts, details, updated_fields
from netgraph.identity.matching import Profile, compare
from netgraph.identity.names import generation, split_name
from netgraph.ties.evidence import TieChanges, move_ties
from netgraph.vocabulary import WILLINGNESS_ORIGINS, willingness_rank
from netgraph.workspace import Workspace
from netgraph.workspace.people import Candidate, PersonFields


@dataclass
class Merges:
    """The merges one operation made: whom each dropped person was folded into, and what that
    did to the ties (a merge folds the two people's ties with the same third person into one).
    """

    into: dict[int, int] = field(default_factory=dict)
    ties: TieChanges = field(default_factory=TieChanges)
    #: the import making them (None: not an import)
    source_id: int | None = None

    def __len__(self) -> int:
        return len(self.into)

    def survivor(self, person: int) -> int:
        """The id a person has now: itself, or whoever it was merged into since."""
        seen = {person}
        while person in self.into:
            person = self.into[person]
            if person in seen:
                break
            seen.add(person)
        return person


def find_person(
    workspace: Workspace,
    facts: PersonFacts,
    *,
    source_id: int | None = None,
    record_key: str | None = None,
    owner_id: int | None = None,
    merges: Merges | None = None,
    not_by_name: Collection[int] = (),
) -> int | None:
    """Find the one person these facts describe, merging people the strong keys prove identical.

    ``source_id`` and ``record_key`` find the person an earlier import of the same record made;
    ``owner_id`` is the owner of the file being imported; the people of ``not_by_name`` are
    never matched by name (another row of the same LinkedIn export is theirs). Returns None
    when nobody matches (the caller creates the person).
    """
    matches: list[int] = []
    for kind, value in facts.identity_keys():
        holder = workspace.people.holder(kind, value)
        if holder is not None and holder not in matches:
            matches.append(holder)
    if source_id is not None and record_key is not None and not matches:
        earlier = workspace.sources.person_of_record(source_id, record_key)
        if earlier is not None:
            matches.append(earlier)
    if not matches and facts.name_key:
        by_name = choose_by_name(
            facts,
            workspace.people.match_candidates(facts.match_key),
            knows_owner=(
                None if owner_id is None else lambda pid: workspace.ties.linked(pid, owner_id)
            ),
            excluded=not_by_name,
        )
        if by_name is not None:
            matches.append(by_name)
    if not matches:
        return None
    if source_id is not None and record_key is not None:
        matches = _respect_splits(workspace, matches, source_id, record_key)
    keep = matches[0]
    for other in matches[1:]:
        keep = merge_people(workspace, keep, other, merges)
    return keep


def _respect_splits(
    workspace: Workspace, matches: list[int], source_id: int, record_key: str
) -> list[int]:
    """The people a record may be placed on and merge, as the user's splits allow: a record
    stays with the person it is on, and people a split keeps apart are never merged."""
    apart = workspace.decisions.apart_pairs()
    if not apart:
        return matches
    earlier = workspace.sources.person_of_record(source_id, record_key)
    first = earlier if earlier is not None else matches[0]
    kept = [first]
    for pid in matches:
        if pid not in kept and all((min(pid, k), max(pid, k)) not in apart for k in kept):
            kept.append(pid)
    return kept


def key_earlier_names(workspace: Workspace, batch: int = 50_000) -> int:
    """Give the people stored before names had a blocking key theirs, with honorifics and
    credentials taken out of their names as imports now do; return how many there were.

    Cheap when there are none (an index finds them): imports call it first.
    """
    done = 0
    while rows := workspace.people.without_match_key(batch):
        changes = []
        for pid, written in rows:
            name, prefix, suffix = split_name(written)
            changes.append((pid, details(name, None, None, prefix, suffix)))
        workspace.people.set_names_many(changes)
        done += len(rows)
    return done


def candidate_profile(candidate: Candidate) -> Profile:
    """What :func:`netgraph.identity.matching.compare` reads of a person in the workspace."""
    return Profile(
        candidate.name_key,
        candidate.company_key,
        candidate.linkedin,
        candidate.emails,
        (),
        generation(candidate.name_suffix),
    )


def choose_by_name(
    facts: PersonFacts,
    candidates: Sequence[Candidate],
    *,
    knows_owner: Callable[[int], bool] | None,
    excluded: Collection[int] = (),
) -> int | None:
    """The one person of ``candidates`` (read by the facts' blocking key) the facts are.

    By the rule of :mod:`netgraph.identity.matching`, where exactly one person fits (several:
    none). Otherwise someone known by name only (a friend the user named as an export's owner,
    or a name a card's relation gave) who has the same name key, already knows this file's
    owner (``knows_owner``, None without an owner), works nowhere else and holds no other
    LinkedIn profile, where exactly one does. People of ``excluded`` are never chosen.
    """
    if not candidates:
        return None
    record = facts.profile()
    fits = [
        c.id
        for c in candidates
        if c.id not in excluded and compare(record, candidate_profile(c)).same
    ]
    if fits:
        return fits[0] if len(fits) == 1 else None
    if knows_owner is None:
        return None
    company = facts.company_key
    owners = [
        c.id
        for c in candidates
        if (c.owns_export or c.relation_only)
        and c.id not in excluded
        and c.name_key == facts.name_key
        and not (company and c.company_key and c.company_key != company)
        and not (facts.linkedin and c.linkedin and c.linkedin != facts.linkedin)
        and knows_owner(c.id)
    ]
    return owners[0] if len(owners) == 1 else None


def create_person(
    workspace: Workspace,
    facts: PersonFacts,
    *,
    is_me: bool = False,
    keys_are_new: bool = False,
    merges: Merges | None = None,
) -> int:
    """Insert a new person with these facts and identity keys; return its id.

    ``keys_are_new`` says the caller just checked that nobody holds these keys (as
    :func:`find_person` does), which saves looking them up again.
    """
    person_id = workspace.people.insert(facts.details(), is_me=is_me)
    if keys_are_new:
        workspace.people.add_keys(
            [(kind, value, person_id) for kind, value in facts.identity_keys()]
        )
        return person_id
    return add_identities(workspace, person_id, facts, merges)


def update_person(
    workspace: Workspace,
    person_id: int,
    facts: PersonFacts,
    *,
    current: bool,
    merges: Merges | None = None,
) -> int:
    """Add what the facts know to the person.

    ``current`` marks a source whose company and title are the person's present ones (see
    :func:`netgraph.identity.facts.updated_fields`). Returns the person's id, which changes if a
    new identity key proved them to be someone already known (see :func:`add_identities`).
    """
    stored = workspace.people.fields(person_id)
    before = (stored.name, stored.company, stored.title, stored.name_prefix, stored.name_suffix)
    after = updated_fields(before, facts, current=current)
    if after != before:
        workspace.people.update_details(person_id, details(*after))
    return add_identities(workspace, person_id, facts, merges)


def earlier_record_by_name(
    workspace: Workspace, source_id: int, record_key: str, written: Collection[str] = ()
) -> int | None:
    """The person of the one earlier record of this source known by the same name only.

    For a name-only ``record_key`` ("nm:name|company") that matched nobody: when the source
    holds exactly one record of that name and it is not one of ``written`` (written earlier in
    the same import), it is this record after its company changed.
    """
    prefix = record_key.split("|", 1)[0] + "|"
    rows = workspace.sources.records_starting(source_id, prefix, limit=2)
    if len(rows) != 1 or rows[0][0] in written:
        return None
    return rows[0][1]


def add_identities(
    workspace: Workspace, person_id: int, facts: PersonFacts, merges: Merges | None = None
) -> int:
    """Attach the facts' identity keys to a person, merging whoever else held one of them
    (but someone a split of the user's keeps apart from them: that key stays theirs).

    Returns the id of the person that remains after any merge.
    """
    for kind, value in facts.identity_keys():
        holder = workspace.people.holder(kind, value)
        if holder is None:
            if kind == "linkedin" and workspace.people.linkedin_of(person_id) is not None:
                continue  # one profile per person; a second URL is a different human
            workspace.people.add_key(kind, value, person_id)
        elif holder != person_id and not workspace.decisions.kept_apart(person_id, holder):
            person_id = merge_people(workspace, person_id, holder, merges)
    return person_id


def merge_people(workspace: Workspace, keep: int, drop: int, merges: Merges | None = None) -> int:
    """Fold person ``drop`` into ``keep`` (or into whichever of them is the user).

    Identities, appearances, owned sources, targets, outreach steps, ties and their evidence
    move over; the
    kept person fills empty fields from the other and keeps the most deliberate willingness.
    The merge is written to ``merges``. Returns the id of the person that remains.
    """
    if keep == drop:
        return keep
    if workspace.people.me() == drop:
        keep, drop = drop, keep
    kept = workspace.people.fields(keep)
    dropped = workspace.people.fields(drop)
    workspace.people.move_keys(drop, keep)
    workspace.sources.move_person(drop, keep)
    workspace.sources.move_owner(drop, keep)
    workspace.targets.move(drop, keep)
    workspace.outreach.move(drop, keep)
    workspace.decisions.move_person(drop, keep)
    ties = move_ties(workspace, keep, drop)
    workspace.people.merged_ids.note(drop, keep, None if merges is None else merges.source_id)
    workspace.people.delete(drop)
    if merges is not None:
        merges.into[drop] = keep
        merges.ties += ties
    named = kept if kept.name != "(no name)" else dropped
    willingness = _stronger_willingness(kept, dropped)
    workspace.people.set_merged(
        keep,
        details(
            named.name,
            kept.company or dropped.company,
            kept.title or dropped.title,
            kept.name_prefix or dropped.name_prefix,
            kept.name_suffix or dropped.name_suffix,
        ),
        willingness.willingness,
        willingness.willingness_origin,
    )
    return keep


def _stronger_willingness(kept: PersonFields, dropped: PersonFields) -> PersonFields:
    """Of two people, the one whose willingness was set most deliberately (then the higher)."""
    origins = WILLINGNESS_ORIGINS  # weakest first
    return max(
        (kept, dropped),
        key=lambda p: (
            origins.index(p.willingness_origin) if p.willingness_origin in origins else 0,
            willingness_rank(p.willingness),
        ),
    )
