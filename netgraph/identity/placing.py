"""Placing the records of one imported file on people: the one call an import makes.

A file's records are its contacts, each tied to the file's owner, then the records that name
someone else: the people a card's relations name, and the people of the owner's LinkedIn
activity. :func:`place_records` finds or creates the person of each, stores where each record
is, adds the ties they show, and says what it did (:class:`Placement`).

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
from netgraph.identity.facts import PersonFacts
from netgraph.identity.resolve import (
    Merges,
    create_person,
    earlier_record_by_name,
    find_person,
    update_person,
)
from netgraph.ties.evidence import EvidenceItem, TieChanges, add_evidence_many
from netgraph.workspace import Workspace
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
    as JSON. The tie is with the file's owner, or with the person of contact ``holder``.
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

    ``contacts`` are the file's people, each tied to the owner ``owner_id``; ``current`` says
    their company and title are their present ones (see
    :func:`netgraph.identity.facts.updated_fields`). ``others`` follow, one by one in order.
    New ties of contacts placed together get their strength as of ``as_of``; the ties left to
    recompute are in the result. ``progress`` hears how many contacts are placed, now and then.
    """
    placer = _Placer(workspace, source_id, owner_id, len(contacts) + len(others))
    placer.place_contacts(contacts, current=current, as_of=as_of, progress=progress)
    for index, record in enumerate(others, start=len(contacts)):
        placer.place_other(index, record)
    return placer.placement


class _Placer:
    """The state of one :func:`place_records` call."""

    def __init__(self, workspace: Workspace, source_id: int, owner_id: int, records: int) -> None:
        self.workspace = workspace
        self.source_id = source_id
        self.owner_id = owner_id
        self.placement = Placement(person_of=[None] * records)
        self.merges = self.placement.merges
        self.written: set[str] = set()  # record keys stored so far

    def owner(self) -> int:
        """The owner's id, following a merge that may have folded the owner into someone."""
        return self.merges.survivor(self.owner_id)

    def place_contacts(
        self,
        contacts: Sequence[Record],
        *,
        current: bool,
        as_of: date,
        progress: Callable[[int], None] | None,
    ) -> None:
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
        placed = together.person_of.items()
        for position, person in placed:
            self.placement.person_of[position] = person
            self.written.add(contacts[position].key)
        self.workspace.sources.add_appearances_staged(
            source, (_appearance(person, contacts[p]) for p, person in placed)
        )
        self.placement.ties += add_evidence_many(
            self.workspace, _ties_with(owner, source, contacts, placed), as_of=as_of
        )
        return together.deferred, len(together.person_of)

    def place_other(self, index: int, record: Record) -> None:
        if record.namesakes:
            candidates = {self._now(position) for position in record.namesakes}
            if len(candidates) == 1:
                person = self.placement.person_of[index] = candidates.pop()
                self._tie(self._holder(record), person, record)
                return
        if record.only_if_tied:
            owner = self.owner()
            found = find_person(
                self.workspace,
                record.facts,
                source_id=self.source_id,
                record_key=record.key,
                owner_id=owner,
                merges=self.merges,
            )
            if found is None or not self.workspace.ties.linked(owner, found):
                return
            person = self.placement.person_of[index] = found
        else:
            person = self._place(index, record, current=False)
        self._store(person, record)
        self._tie(self._holder(record), person, record)

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
        person = find_person(
            self.workspace,
            record.facts,
            source_id=self.source_id,
            record_key=record.key,
            owner_id=self.owner(),
            merges=self.merges,
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
        return person

    def _store(self, person: int, record: Record) -> None:
        self.written.add(record.key)
        self.workspace.sources.add_appearance(self.source_id, _appearance(person, record))

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


def _appearance(person: int, record: Record) -> Appearance:
    return Appearance(person, record.key, record.locator, record.raw)
