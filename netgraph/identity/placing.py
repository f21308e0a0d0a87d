"""Placing the records of one imported file on people: the one call an import makes.

A file's records are its contacts, each tied to the file's owner, then the records that name
someone else: the people a card's relations name, and the people of the owner's LinkedIn
activity. :func:`place_records` finds or creates the person of each, stores where each record
is, adds the ties they show, and says what it did (:class:`Placement`).

Within one file:

- each record keeps a key of its own: a second record with the key of an earlier one (two
  rows "Sam Lee" with nothing else) gets ``#2`` after it, so it is never taken for the first;
- rows of one LinkedIn export are distinct members: a row is never matched by name with the
  person another row of the same export is;
- a counterpart of the owner's LinkedIn activity (messages, invitations, endorsements,
  recommendations) is the export's one connection of that name when there is exactly one; a
  counterpart the export does not list joins a person already known (by a strong key, or by
  the rule of :mod:`netgraph.identity.matching`) or is left out and counted
  (:attr:`Placement.left_out`): it never becomes a new person;
- the owner of a shared export (any file whose owner is not the user) is tied to the user by
  the evidence "shared-export", whether or not the file lists the user;
- a relation naming nobody else in the file is the one person of that name among the people
  the card's person, the file's owner or the user already know; otherwise a person known by
  that name only, whom a later export can recognise (see
  :func:`netgraph.identity.resolve.choose_by_name`).

Contacts that are independent of the rest of the file are placed together, with set-based
statements (:mod:`netgraph.identity.bulk`); the others go one by one afterwards, in file order,
through :mod:`netgraph.identity.resolve`. Both give the same people.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from netgraph.identity.bulk import place_independent
from netgraph.identity.edits import reapply_edits
from netgraph.identity.facts import PersonFacts
from netgraph.identity.resolve import (
    Merges,
    create_person,
    earlier_record_by_name,
    find_person,
    key_earlier_names,
    update_person,
)
from netgraph.ties.evidence import EvidenceItem, TieChanges, add_evidence_many
from netgraph.workspace import Workspace
from netgraph.workspace.record_raws import FileLines
from netgraph.workspace.sources import Appearance

#: How often, in records placed one by one, :func:`place_records` reports progress.
PROGRESS_EVERY = 500


class Tie(NamedTuple):
    """The evidence a record gives of a tie: its kind and what it says."""

    kind: str
    on_date: date | None = None
    sent: int = 0
    received: int = 0
    detail: str | None = None


class Record(NamedTuple):
    """One record of a file: the person it describes, where it is, and the tie it shows.

    ``key`` names the record stably across imports of the same source; ``raw`` is its fields
    as JSON. The tie is with the file's owner, or with the person of contact ``holder``; a
    record of ``others`` tied to the owner (``holder`` None) is a counterpart of the owner's
    activity, which never makes a new person.
    ``namesakes`` are the contacts of the file that the record names by name only: when they
    are one person, the record is that person, and is not stored. A record ``only_if_tied``
    shows no tie by itself: it is placed only on a person already tied to the owner.

    Records and ties are named tuples, not dataclasses: an import makes one of each per record,
    and a tuple is made several times faster.
    """

    facts: PersonFacts
    key: str
    locator: str
    raw: str
    tie: Tie
    holder: int | None = None
    namesakes: tuple[int, ...] = ()
    only_if_tied: bool = False


@dataclass
class Placement:
    """What :func:`place_records` did; records are numbered contacts first, then the others.

    ``person_of`` gives the person each record was placed on, as it was then (a later merge
    may have folded them into someone: see ``merges``), or None for a record left out.
    """

    person_of: list[int | None] = field(default_factory=list)
    #: records that made a new person
    created: set[int] = field(default_factory=set)
    #: records placed on a person already known, who got what the record says
    matched: set[int] = field(default_factory=set)
    merges: Merges = field(default_factory=Merges)
    #: the ties the records added; those whose strength is left to recompute
    ties: TieChanges = field(default_factory=TieChanges)
    #: records left out -> why, in words ("messages with people the export does not list")
    left_out: dict[int, str] = field(default_factory=dict)

    @property
    def new_ties(self) -> int:
        """Ties added, less those merges folded together (so it can be negative)."""
        return self.ties.added + self.merges.ties.added


def place_records(
    workspace: Workspace,
    contacts: Sequence[Record],
    others: Sequence[Record] = (),
    *,
    source_id: int,
    owner_id: int,
    current: bool,
    as_of: date,
    progress: Callable[[int], None] | None = None,
) -> Placement:
    """Place a file's records on people and add the ties they show; see the module's notes.

    ``contacts`` are the file's people, each tied to the owner ``owner_id``; ``current`` marks
    a LinkedIn export's rows: distinct members, whose company and title are their present ones
    (see :func:`netgraph.identity.facts.updated_fields`). ``others`` follow, one by one in
    order. New ties of contacts placed together get their strength as of ``as_of``; the ties
    left to recompute are in the result. ``progress`` hears how many contacts are placed, now
    and then.
    """
    key_earlier_names(workspace)
    taken: set[str] = set()
    contacts = _distinct_keys(contacts, taken)
    others = _distinct_keys(others, taken)
    placer = _Placer(workspace, source_id, owner_id, contacts, len(others), distinct=current)
    placer.place_contacts(current=current, as_of=as_of, progress=progress)
    for index, record in enumerate(others, start=len(contacts)):
        placer.place_other(index, record)
    placer.tie_owner_to_user()
    workspace.record_raws.append(source_id, placer.raws, placer.locators, earlier=placer.earlier)
    reapply_edits(workspace)  # the user's word wins over the file's
    return placer.placement


def _distinct_keys(records: Sequence[Record], taken: set[str]) -> Sequence[Record]:
    """The records, each with a key no other record of the file has (``#2``, ``#3`` after a
    repeated one); ``taken`` holds the keys given so far."""
    renamed: list[Record] | None = None
    for position, record in enumerate(records):
        key, number = record.key, 1
        while key in taken:
            number += 1
            key = f"{record.key}#{number}"
        taken.add(key)
        if key != record.key:
            renamed = renamed if renamed is not None else list(records)
            renamed[position] = record._replace(key=key)
    return records if renamed is None else renamed


class _Placer:
    """The state of one :func:`place_records` call."""

    def __init__(
        self,
        workspace: Workspace,
        source_id: int,
        owner_id: int,
        contacts: Sequence[Record],
        others: int,
        *,
        distinct: bool,
    ) -> None:
        self.workspace = workspace
        self.source_id = source_id
        self.owner_id = owner_id
        self.contacts = contacts
        self.placement = Placement(
            person_of=[None] * (len(contacts) + others), merges=Merges(source_id=source_id)
        )
        self.merges = self.placement.merges
        self.written: set[str] = set()  # record keys stored so far
        # The raw fields and locators of the records stored, in order: the source's lines
        # from ``raw_base``.
        self.raws: list[str] = []
        self.locators: list[str] = []
        self.raw_base = workspace.record_raws.line_count(source_id)
        # Importing the same file again keeps each unchanged record's line.
        self.earlier_lines = workspace.sources.raw_lines_of(source_id) if self.raw_base else {}
        self.earlier = (
            workspace.record_raws.file_lines(source_id) if self.raw_base else FileLines([], [])
        )
        # The people of this LinkedIn export's rows: never matched by name with another row.
        self.rows_people: set[int] | None = set() if distinct else None
        self._by_name: dict[str, list[int]] | None = None

    def owner(self) -> int:
        """The owner's id, following a merge that may have folded the owner into someone."""
        return self.merges.survivor(self.owner_id)

    def place_contacts(
        self, *, current: bool, as_of: date, progress: Callable[[int], None] | None
    ) -> None:
        contacts = self.contacts
        deferred, done = self._place_together(contacts, current=current, as_of=as_of)
        for position in deferred:
            record = contacts[position]
            person = self._place(position, record, current=current)
            self._store(person, record)
            self._tie(self.owner(), person, record)
            done += 1
            if progress and done % PROGRESS_EVERY == 0:
                progress(done)

    def _place_together(
        self, contacts: Sequence[Record], *, current: bool, as_of: date
    ) -> tuple[list[int], int]:
        """Place the independent contacts at once; return the others' positions (in file
        order) and how many were placed."""
        owner = self.owner()
        together = place_independent(
            self.workspace,
            [record.facts for record in contacts],
            [record.key for record in contacts],
            source_id=self.source_id,
            owner_id=owner,
            current=current,
        )
        self.placement.created |= together.created
        self.placement.matched |= set(together.person_of) - together.created
        source = self.source_id
        placed = sorted(together.person_of.items())  # file order: its locators run in lines
        for position, person in placed:
            self.placement.person_of[position] = person
            self.written.add(contacts[position].key)
        if self.rows_people is not None:
            self.rows_people.update(together.person_of.values())
        self.workspace.sources.add_appearances_staged(
            source, (self._appearance(person, contacts[p]) for p, person in placed)
        )
        self.placement.ties += add_evidence_many(
            self.workspace, _ties_with(owner, source, contacts, placed), as_of=as_of
        )
        return together.deferred, len(together.person_of)

    def place_other(self, index: int, record: Record) -> None:
        if record.holder is None:
            self._place_counterpart(index, record)
            return
        person = self._named_in_file(record) or self._known_by_relation(record)
        if person is None:
            person = self._place(index, record, current=False)
            self._store(person, record)
        self.placement.person_of[index] = person
        self._tie(self._holder(record), person, record)

    def tie_owner_to_user(self) -> None:
        """Tie the owner of a shared export (anyone but the user) to the user: sharing one's
        export is evidence of knowing them, even when the export does not list the user."""
        me, owner = self.workspace.people.me(), self.owner()
        if me is None or owner == me:
            return
        item = EvidenceItem(owner, me, self.source_id, "shared-export", owner)
        self.placement.ties += add_evidence_many(self.workspace, [item])

    def _named_in_file(self, record: Record) -> int | None:
        """The one person the contacts of the file that ``record`` names by name are."""
        candidates = {self._now(position) for position in record.namesakes}
        return candidates.pop() if len(candidates) == 1 else None

    def _known_by_relation(self, record: Record) -> int | None:
        """The one person of a relation's name among the people the card's person, the file's
        owner or the user are tied to (the card's person excluded)."""
        people = self.workspace.people
        holder = self._holder(record)
        near = {holder, self.owner(), people.me()} - {None}
        named = [
            pid
            for pid in people.named(record.facts.name_key)
            if pid != holder and any(self.workspace.ties.linked(pid, n) for n in near if n)
        ]
        return named[0] if len(named) == 1 else None

    def _place_counterpart(self, index: int, record: Record) -> None:
        """Place a counterpart of the owner's activity on the export's connection of its name,
        or on a person already known; never on a new person (left out, and why, instead)."""
        person, reason = self._listed_connection(record)
        if person is None and reason is None:
            owner = self.owner()
            found = find_person(
                self.workspace,
                record.facts,
                source_id=self.source_id,
                record_key=record.key,
                owner_id=owner,
                merges=self.merges,
            )
            if found is None:
                reason = "people the export does not list"
            elif record.only_if_tied and not self.workspace.ties.linked(owner, found):
                reason = "people not otherwise linked"
            else:
                person = found
        if person is None:
            self.placement.left_out[index] = f"{record.tie.kind} with {reason}"
            return
        self.placement.person_of[index] = person
        self._store(person, record)
        self._tie(self.owner(), person, record)

    def _listed_connection(self, record: Record) -> tuple[int | None, str | None]:
        """The export's one connection of the counterpart's name (given what the record knows
        of them), or why there is none: None, None when no connection has the name (or the one
        who does holds another LinkedIn profile)."""
        if self._by_name is None:
            self._by_name = {}
            for position, contact in enumerate(self.contacts):
                self._by_name.setdefault(contact.facts.name_key, []).append(position)
        facts = record.facts
        positions = self._by_name.get(facts.name_key, []) if facts.name_key else []
        if len(positions) > 1:
            return None, "a name several connections share"
        if not positions:
            return None, None
        person = self._now(positions[0])
        profile = self.workspace.people.linkedin_of(person)
        if facts.linkedin and profile is not None and profile != facts.linkedin:
            return None, None
        person = update_person(self.workspace, person, facts, current=False, merges=self.merges)
        return person, None

    def _holder(self, record: Record) -> int:
        """Who holds the tie a record shows: the owner, or the person of its contact."""
        return self.owner() if record.holder is None else self._now(record.holder)

    def _now(self, position: int) -> int:
        """The id the person of record ``position`` has now."""
        person = self.placement.person_of[position]
        assert person is not None, "a contact is always placed"
        return self.merges.survivor(person)

    def _place(self, index: int, record: Record, *, current: bool) -> int:
        """Find or create the person a record describes (the per-record path)."""
        rows_people = self.rows_people if index < len(self.contacts) else None
        person = find_person(
            self.workspace,
            record.facts,
            source_id=self.source_id,
            record_key=record.key,
            owner_id=self.owner(),
            merges=self.merges,
            not_by_name=rows_people or (),
        )
        if person is None and record.key.startswith("nm:"):
            # Records written earlier in this import never count: two people of one name in
            # one file are two people.
            person = earlier_record_by_name(
                self.workspace, self.source_id, record.key, self.written
            )
        if person is None:
            person = create_person(
                self.workspace, record.facts, keys_are_new=True, merges=self.merges
            )
            self.placement.created.add(index)
        else:
            person = update_person(
                self.workspace, person, record.facts, current=current, merges=self.merges
            )
            self.placement.matched.add(index)
        self.placement.person_of[index] = person
        if rows_people is not None:
            rows_people.add(person)
        return person

    def _store(self, person: int, record: Record) -> None:
        self.written.add(record.key)
        self.workspace.sources.add_appearance(self.source_id, self._appearance(person, record))

    def _appearance(self, person: int, record: Record) -> Appearance:
        """Where the record is stored; its raw fields keep the line an earlier import of the
        same record gave them (its locator too, unless the record moved in the file), or wait
        in :attr:`raws` for a new one."""
        line = self.earlier_lines.get(record.key)
        earlier = self.earlier
        if line is None or line >= len(earlier.raws) or earlier.raws[line] != record.raw:
            self.raws.append(record.raw)
            self.locators.append(record.locator)
            return Appearance(person, record.key, None, self.raw_base + len(self.raws) - 1)
        moved = earlier.locators[line] != record.locator
        return Appearance(person, record.key, record.locator if moved else None, line)

    def _tie(self, holder: int, person: int, record: Record) -> None:
        kind, on_date, sent, received, detail = record.tie
        item = EvidenceItem(
            holder, person, self.source_id, kind, holder, on_date, sent, received, detail
        )
        self.placement.ties += add_evidence_many(self.workspace, [item])


def _ties_with(
    owner: int, source: int, contacts: Sequence[Record], placed: Iterable[tuple[int, int]]
) -> Iterator[EvidenceItem]:
    """The evidence of the owner's tie with each ``(position, person)`` placed (made one at a
    time: an import holds few of them at once)."""
    for position, person in placed:
        kind, on_date, sent, received, detail = contacts[position].tie
        yield EvidenceItem(owner, person, source, kind, owner, on_date, sent, received, detail)
