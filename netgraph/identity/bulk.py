"""Identity resolution for many records of one file at once, with set-based look-ups.

The per-record path (:func:`netgraph.identity.resolve.find_person` and friends) costs several
indexed statements per record, which bounds a large export at a few thousand rows a second. Most
records of an export are independent of each other, so they can be resolved together: a few
statements look up every identity key, earlier appearance and same-name person for the whole file,
and the same rules as the per-record path then run in Python.

A record stays with the per-record path (which runs after this, in file order) whenever it could
interact with another record of the file or would change more than one person:

- it shares an identity key, record key or name with another record of the file;
- its keys are held by two or more people (placing it merges them);
- it would match by name a person whom another record of the file matches or changes.

Everything else gives the same people, keys and field updates as the per-record path would.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial

from netgraph.identity.facts import PersonFacts
from netgraph.identity.keys import company_key, name_key
from netgraph.identity.resolve import choose_by_name, earlier_record_by_name, updated_fields
from netgraph.ties.evidence import linked
from netgraph.workspace import Workspace
from netgraph.workspace.clock import utc_now
from netgraph.workspace.staging import insert_staged, stage_rows


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
class _Person:
    """The fields of an existing person that placing records may change."""

    name: str
    company: str | None
    title: str | None
    has_linkedin: bool
    changed: bool = False


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
    conn = workspace.conn
    placement = BulkPlacement()
    everyone = list(range(len(facts)))
    holders = _identity_holders(workspace, facts, everyone)
    by_appearance = _earlier_appearances(
        workspace, source_id, record_keys, [p for p in everyone if not holders.get(p)]
    )
    by_key = {p: people[0] for p, people in holders.items() if len(people) == 1}
    by_key.update(by_appearance)
    unmatched = [p for p in everyone if not holders.get(p) and p not in by_appearance]
    name_rows = _people_named(
        workspace, [facts[p].name_key for p in unmatched if facts[p].name_key]
    )

    # Every person a record may read or change; a person two records touch makes both wait
    # for the per-record path, which keeps the file's order.
    touches: dict[int, set[int]] = {p: set(holders.get(p, ())) for p in everyone}
    for position, earlier in by_appearance.items():
        touches[position].add(earlier)
    for position in unmatched:
        touches[position].update(pid for pid, _ in name_rows.get(facts[position].name_key, ()))
    touched_by = Counter(pid for people in touches.values() for pid in people)
    independent = set(_independent_positions(facts, record_keys))
    placed = [
        p
        for p in everyone
        if p in independent
        and len(holders.get(p, ())) <= 1
        and all(touched_by[person] == 1 for person in touches[p])
    ]
    placed_set = set(placed)
    placement.deferred = [p for p in everyone if p not in placed_set]

    owners = {int(r[0]) for r in conn.execute("SELECT owner_id FROM sources") if r[0] is not None}
    linkedin_of = _people_with_linkedin(
        workspace, {pid for p in placed if p not in by_key for pid in touches[p]}
    )
    matched: dict[int, int] = {}
    new_people: list[int] = []
    for position in placed:
        person: int | None = by_key.get(position)
        if person is None:
            one = facts[position]
            person = choose_by_name(
                one,
                [(pid, co, pid in owners) for pid, co in name_rows.get(one.name_key, [])],
                conflicting=partial(_other_profile, linkedin_of, facts=one),
                knows_owner=lambda pid: linked(workspace, pid, owner_id),
            )
        if person is None and record_keys[position].startswith("nm:"):
            person = earlier_record_by_name(workspace, source_id, record_keys[position])
            others = touched_by[person or 0] - (person in touches[position])
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


def _independent_positions(facts: Sequence[PersonFacts], record_keys: Sequence[str]) -> list[int]:
    """Records that share no identity key, record key or name with another record."""
    seen: Counter[object] = Counter()
    for one, key in zip(facts, record_keys, strict=True):
        seen.update(set(_shared_keys(one, key)))
    return [
        position
        for position, (one, key) in enumerate(zip(facts, record_keys, strict=True))
        if all(seen[k] == 1 for k in _shared_keys(one, key))
    ]


def _shared_keys(facts: PersonFacts, record_key: str) -> Iterable[object]:
    yield ("record", record_key)
    yield from facts.identity_keys()
    if facts.name_key:
        yield ("name", facts.name_key)


def _identity_holders(
    workspace: Workspace, facts: Sequence[PersonFacts], positions: list[int]
) -> dict[int, list[int]]:
    """Record position -> the distinct people holding its identity keys."""
    conn = workspace.conn
    stage_rows(
        conn,
        "bulk_keys",
        "position INTEGER, kind TEXT, value TEXT",
        ((p, kind, value) for p in positions for kind, value in facts[p].identity_keys()),
    )
    holders: dict[int, list[int]] = {}
    for position, person in conn.execute(
        "SELECT k.position, i.person_id FROM temp.bulk_keys k "
        "CROSS JOIN identities i ON i.kind = k.kind AND i.value = k.value"
    ):
        people = holders.setdefault(position, [])
        if person not in people:
            people.append(int(person))
    return holders


def _earlier_appearances(
    workspace: Workspace, source_id: int, record_keys: Sequence[str], positions: list[int]
) -> dict[int, int]:
    """Record position -> the person an earlier import of the same record made."""
    conn = workspace.conn
    stage_rows(
        conn,
        "bulk_records",
        "position INTEGER, record_key TEXT",
        ((p, record_keys[p]) for p in positions),
    )
    rows = conn.execute(
        "SELECT r.position, a.person_id FROM temp.bulk_records r "
        "CROSS JOIN appearances a ON a.source_id = ? AND a.record_key = r.record_key",
        (source_id,),
    )
    return {int(position): int(person) for position, person in rows}


def _people_named(workspace: Workspace, keys: list[str]) -> dict[str, list[tuple[int, str]]]:
    """name key -> (person id, company key) of everyone with that name."""
    conn = workspace.conn
    stage_rows(conn, "bulk_names", "name_key TEXT", ((k,) for k in set(keys)), key="name_key")
    found: dict[str, list[tuple[int, str]]] = {}
    for key, pid, their_company in conn.execute(
        "SELECT p.name_key, p.id, p.company_key FROM temp.bulk_names n "
        "CROSS JOIN people p ON p.name_key = n.name_key"
    ):
        found.setdefault(key, []).append((int(pid), their_company))
    return found


def _people_with_linkedin(workspace: Workspace, people: set[int]) -> dict[int, str]:
    """person id -> their LinkedIn key, for those of ``people`` who have one."""
    conn = workspace.conn
    stage_rows(conn, "bulk_people", "id INTEGER", ((p,) for p in people), key="id")
    rows = conn.execute(
        "SELECT i.person_id, i.value FROM temp.bulk_people t "
        "CROSS JOIN identities i ON i.person_id = t.id AND i.kind = 'linkedin'"
    )
    return {int(pid): value for pid, value in rows}


def _other_profile(linkedin_of: dict[int, str], pid: int, *, facts: PersonFacts) -> bool:
    """Whether the person holds another LinkedIn profile than the facts name."""
    return bool(facts.linkedin) and pid in linkedin_of and linkedin_of[pid] != facts.linkedin


def _update_people(
    workspace: Workspace,
    facts: Sequence[PersonFacts],
    matched: dict[int, int],
    *,
    current: bool,
) -> None:
    """Apply :func:`netgraph.identity.resolve.update_person` to every matched record, in order."""
    conn = workspace.conn
    if not matched:
        return
    stage_rows(conn, "bulk_people", "id INTEGER", ((p,) for p in set(matched.values())), key="id")
    people = {
        int(pid): _Person(name, company, title, bool(has_linkedin))
        for pid, name, company, title, has_linkedin in conn.execute(
            "SELECT p.id, p.name, p.company, p.title, EXISTS (SELECT 1 FROM identities i "
            "WHERE i.person_id = p.id AND i.kind = 'linkedin') "
            "FROM temp.bulk_people t CROSS JOIN people p ON p.id = t.id"
        )
    }
    new_keys: list[tuple[str, str, int]] = []
    for position in sorted(matched):
        pid = matched[position]
        one, person = facts[position], people[pid]
        before = (person.name, person.company, person.title)
        name, company, title = updated_fields(before, one, current=current)
        if (name, company, title) != before:
            person.name, person.company, person.title = name, company, title
            person.changed = True
        for kind, value in one.identity_keys():
            if kind == "linkedin":
                if person.has_linkedin:
                    continue  # held by this person already, or a second profile: not theirs
                person.has_linkedin = True
            new_keys.append((kind, value, pid))
    now = utc_now()
    conn.executemany(
        "UPDATE people SET name = ?, name_key = ?, company = ?, company_key = ?, title = ?, "
        "updated_at = ? WHERE id = ?",
        [
            (p.name, name_key(p.name), p.company, company_key(p.company), p.title, now, pid)
            for pid, p in people.items()
            if p.changed
        ],
    )
    _insert_identities(workspace, new_keys, if_new=True)


def _create_people(
    workspace: Workspace,
    facts: Sequence[PersonFacts],
    positions: list[int],
    placement: BulkPlacement,
) -> None:
    """Insert a new person for each of ``positions`` with consecutive ids, and their keys."""
    conn = workspace.conn
    if not positions:
        return
    first = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM people").fetchone()[0])
    now = utc_now()
    ids = range(first, first + len(positions))
    stage_rows(
        conn,
        "bulk_new_people",
        "id, name, name_key, company, company_key, title",
        (
            (pid, f.name, f.name_key, f.company, f.company_key, f.title)
            for pid, f in zip(ids, (facts[p] for p in positions), strict=True)
        ),
    )
    conn.execute(
        "INSERT INTO people (id, name, name_key, company, company_key, title, is_me, "
        "created_at, updated_at) SELECT id, name, name_key, company, company_key, title, 0, ?, ? "
        "FROM temp.bulk_new_people",
        (now, now),
    )
    _insert_identities(
        workspace,
        [
            (kind, value, pid)
            for pid, position in zip(ids, positions, strict=True)
            for kind, value in facts[position].identity_keys()
        ],
        if_new=False,
    )
    for pid, position in zip(ids, positions, strict=True):
        placement.person_of[position] = pid
        placement.created.add(position)


def _insert_identities(
    workspace: Workspace, keys: list[tuple[str, str, int]], *, if_new: bool
) -> None:
    """Store ``(kind, value, person_id)`` keys; ``if_new`` skips keys someone already holds."""
    conn = workspace.conn
    columns = "kind, value, person_id"
    stage_rows(conn, "bulk_new_keys", columns, keys)
    conflict = "ON CONFLICT DO NOTHING" if if_new else ""
    insert_staged(conn, "identities", columns, "bulk_new_keys", conflict=conflict)
