"""Identity resolution for many records of one file at once, with set-based look-ups.

The per-record path (:func:`netgraph.identity.resolve.find_person` and friends) costs several
indexed statements per record, which bounds a large export at a few thousand rows a second. Most
records of an export are independent of each other, so they can be resolved together: a few
statements look up every identity key, earlier appearance and same-name person for the whole file,
and the same rules as the per-record path then run over the whole file: which records share a
key is a polars group count, which people a record may change is a SQL ``WHERE`` (those few are
then updated by the Python rule), and the new people and keys go in with one statement each.

A record stays with the per-record path (which runs after this, in file order) whenever it could
interact with another record of the file or would change more than one person:

- it shares an identity key, record key or name blocking key with another record of the file;
- its keys are held by two or more people (placing it merges them);
- it would match by name a person whom another record of the file matches or changes.

Everything else gives the same people, keys and field updates as the per-record path would.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from netgraph.identity.facts import PersonFacts, details, updated_fields
from netgraph.identity.resolve import choose_by_name, earlier_record_by_name
from netgraph.workspace import Workspace
from netgraph.workspace.people import Candidate, Details

#: Files of fewer records find their shared keys in a dictionary: a polars frame costs about
#: 2.6 ms whatever its rows, most of a five-row file's placing.
GROUP_COUNT_FROM = 1_000


@dataclass
class BulkPlacement:
    """The outcome of :func:`place_independent`."""

    #: record position -> person id, for the records placed here
    person_of: dict[int, int] = field(default_factory=dict)
    #: positions of the records that were new people
    created: set[int] = field(default_factory=set)
    #: positions left for the per-record path, in file order
    deferred: list[int] = field(default_factory=list)


@dataclass
class _Lookups:
    """What the workspace says about each record of a file, read for the whole file at once."""

    #: position -> the distinct people holding its identity keys
    holders: dict[int, list[int]]
    #: position -> the one person its keys or an earlier import of it name
    by_key: dict[int, int]
    #: blocking key -> everyone whose name has it
    candidates: dict[str, list[Candidate]]
    #: position -> every person placing the record may read or change
    touches: dict[int, set[int]]
    #: person -> how many records may read or change them
    touched_by: Counter[int]


def place_independent(
    workspace: Workspace,
    facts: Sequence[PersonFacts],
    record_keys: Sequence[str],
    *,
    source_id: int,
    owner_id: int,
    current: bool,
) -> BulkPlacement:
    """Find or create the person of every independent record; defer the others.

    ``facts[i]`` and ``record_keys[i]`` describe record ``i`` of one file, imported by
    ``owner_id`` into ``source_id``; ``current`` has the meaning of
    :func:`netgraph.identity.resolve.update_person`. Writes the people and identity keys;
    appearances and ties are the caller's.
    """
    placement = BulkPlacement()
    found = _look_up(workspace, facts, record_keys, source_id)
    independent = set(_independent_positions(facts, record_keys))
    # People a split of the user's keeps apart: their records go the per-record way.
    split = {pid for pair in workspace.decisions.apart_pairs() for pid in pair}
    placed = [
        p
        for p in range(len(facts))
        if p in independent
        and len(found.holders.get(p, ())) <= 1
        and all(found.touched_by[person] == 1 for person in found.touches[p])
        and not (split and found.touches[p] & split)
    ]
    placed_set = set(placed)
    placement.deferred = [p for p in range(len(facts)) if p not in placed_set]
    matched: dict[int, int] = {}
    new_people: list[int] = []
    for position in placed:
        person: int | None = found.by_key.get(position)
        if person is None:
            one = facts[position]
            person = choose_by_name(
                one,
                found.candidates.get(one.match_key, []),
                knows_owner=lambda pid: workspace.ties.linked(pid, owner_id),
            )
        if person is None and record_keys[position].startswith("nm:"):
            person = earlier_record_by_name(workspace, source_id, record_keys[position])
            others = found.touched_by[person or 0] - (person in found.touches[position])
            if person is not None and others > 0:
                placement.deferred.append(position)  # rare: keep the file's order exactly
                continue
        if person is None:
            new_people.append(position)
        else:
            matched[position] = person
    placement.deferred.sort()
    _update_people(workspace, facts, matched, current=current)
    _create_people(workspace, facts, new_people, placement)
    placement.person_of.update(matched)
    return placement


def _look_up(
    workspace: Workspace, facts: Sequence[PersonFacts], record_keys: Sequence[str], source_id: int
) -> _Lookups:
    """Everything the workspace says about the file's records, in a few set-based statements.

    A person two records touch makes both wait for the per-record path, which keeps the file's
    order.
    """
    everyone = range(len(facts))
    holders: dict[int, list[int]] = {}
    for position, person in workspace.people.holders_staged(
        (p, kind, value) for p in everyone for kind, value in facts[p].identity_keys()
    ):
        people = holders.setdefault(position, [])
        if person not in people:
            people.append(person)
    by_appearance = workspace.sources.people_of_records_staged(
        source_id, ((p, record_keys[p]) for p in everyone if not holders.get(p))
    )
    by_key = {p: people[0] for p, people in holders.items() if len(people) == 1}
    by_key.update(by_appearance)
    unmatched = [p for p in everyone if not holders.get(p) and p not in by_appearance]
    candidates = workspace.people.match_candidates_staged(
        facts[p].match_key for p in unmatched if facts[p].name_key
    )
    touches: dict[int, set[int]] = {p: set(holders.get(p, ())) for p in everyone}
    for position, earlier in by_appearance.items():
        touches[position].add(earlier)
    for position in unmatched:
        touches[position].update(c.id for c in candidates.get(facts[position].match_key, ()))
    touched_by = Counter(pid for people in touches.values() for pid in people)
    return _Lookups(holders, by_key, candidates, touches, touched_by)


def _independent_positions(facts: Sequence[PersonFacts], record_keys: Sequence[str]) -> list[int]:
    """Records that share no identity key, record key or name blocking key with another."""
    if len(facts) < GROUP_COUNT_FROM:
        shared = _shared_positions_counted(facts, record_keys)
    else:
        shared = _shared_positions_grouped(facts, record_keys)
    return [position for position in range(len(facts)) if position not in shared]


def _record_keys_of(one: PersonFacts, record_key: str) -> set[tuple[str, str]]:
    """``(kind, value)`` of every key a record may share with another (each once)."""
    found = {("record", record_key), *(("email", e) for e in one.emails)}
    found.update(("phone", n) for n in one.phones)
    if one.linkedin is not None:
        found.add(("linkedin", one.linkedin))
    if one.name_key:
        found.add(("name", one.match_key))
    return found


def _shared_positions_counted(facts: Sequence[PersonFacts], record_keys: Sequence[str]) -> set[int]:
    """The records holding a key another record holds too, counted in a dictionary."""
    holders: dict[tuple[str, str], list[int]] = {}
    for position, (one, record_key) in enumerate(zip(facts, record_keys, strict=True)):
        for key in _record_keys_of(one, record_key):
            holders.setdefault(key, []).append(position)
    return {position for held in holders.values() if len(held) > 1 for position in held}


def _shared_positions_grouped(facts: Sequence[PersonFacts], record_keys: Sequence[str]) -> set[int]:
    """:func:`_shared_positions_counted` for a large file: every record's keys go into one
    polars frame of ``(position, kind, value)`` (a record's own repeats counted once), and the
    keys held by two records or more are found by a group count."""
    count = len(facts)
    if count == 0:
        return set()  # (polars gives a frame of empty columns and a scalar the type Null)
    everyone = pl.int_range(count, dtype=pl.Int64, eager=True)

    def keys(kind: str, values: list[str | None]) -> pl.DataFrame:
        return pl.DataFrame(
            {"position": everyone, "kind": kind, "value": pl.Series(values, dtype=pl.String)}
        )

    def many(kind: str, pairs: list[tuple[int, str]]) -> pl.DataFrame:
        positions, values = zip(*pairs, strict=True) if pairs else ((), ())
        return pl.DataFrame(
            {
                "position": pl.Series(positions, dtype=pl.Int64),
                "kind": pl.Series([kind] * len(pairs), dtype=pl.String),
                "value": pl.Series(values, dtype=pl.String),
            }
        )

    every_key = pl.concat(
        [
            keys("record", list(record_keys)),
            keys("linkedin", [one.linkedin for one in facts]),
            keys("name", [one.match_key if one.name_key else None for one in facts]),
            many("email", [(p, e) for p, one in enumerate(facts) for e in one.emails]),
            many("phone", [(p, n) for p, one in enumerate(facts) for n in one.phones]),
        ]
    )
    shared = (
        every_key.drop_nulls("value")
        .unique()
        .filter(pl.len().over("kind", "value") > 1)
        .get_column("position")
    )
    return set(shared.to_list())


def _update_people(
    workspace: Workspace,
    facts: Sequence[PersonFacts],
    matched: dict[int, int],
    *,
    current: bool,
) -> None:
    """Apply :func:`netgraph.identity.resolve.update_person` to every matched record.

    Each matched person is matched by one record here. SQL picks the people whose details the
    record may change (most records change nobody), and only those are read and updated by
    :func:`updated_fields`; the keys go in with set-based statements.
    """
    if not matched:
        return
    records = [(pid, facts[position]) for position, pid in matched.items()]
    maybe = workspace.people.maybe_updated_staged(
        (
            (pid, one.name, one.company, one.title, one.name_prefix, one.name_suffix)
            for pid, one in records
        ),
        current=current,
    )
    facts_of = dict(records)
    changes = []
    for pid, row in workspace.people.editable_staged(maybe).items():
        before = (row.name, row.company, row.title, row.name_prefix, row.name_suffix)
        after = updated_fields(before, facts_of[pid], current=current)
        if after != before:
            changes.append((pid, details(*after)))
    workspace.people.update_details_many(changes)
    profiles = ((one.linkedin, pid) for pid, one in records if one.linkedin)
    workspace.people.add_profiles_staged(profiles)
    workspace.people.add_keys_staged(
        (
            (kind, value, pid)
            for pid, one in records
            for kind, value in one.identity_keys()
            if kind != "linkedin"
        ),
        if_new=True,
    )


def _create_people(
    workspace: Workspace,
    facts: Sequence[PersonFacts],
    positions: list[int],
    placement: BulkPlacement,
) -> None:
    """Insert a new person for each of ``positions`` with consecutive ids, and their keys."""
    if not positions:
        return
    new: list[Details] = [facts[p].details() for p in positions]
    ids = workspace.people.insert_many(new)
    workspace.people.add_keys_staged(
        (
            (kind, value, pid)
            for pid, position in zip(ids, positions, strict=True)
            for kind, value in facts[position].identity_keys()
        ),
        if_new=False,
    )
    for pid, position in zip(ids, positions, strict=True):
        placement.person_of[position] = pid
        placement.created.add(position)
