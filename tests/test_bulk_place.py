"""Placing a file's independent records together gives exactly what one-by-one placement gives.

Each scenario imports a few seeded random files (the user's and friends' exports, with names,
profiles, emails and companies drawn from small pools so that records collide, merge and match
by name) twice: once as netgraph does, once with every record forced through the per-record
path. The two workspaces must hold the same people, keys, appearances, ties and evidence.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netgraph.identity import bulk as bulk_place
from netgraph.identity import placing
from netgraph.identity.bulk import BulkPlacement
from netgraph.identity.facts import PersonFacts
from netgraph.ingest.apply import apply_read_result
from netgraph.ingest.records import Contact, ReadResult
from netgraph.ties import evidence
from netgraph.workspace import Workspace

FIRST = ["Ana", "Ben", "Chloé", "Dev", "Eun-ji", "Femi", "Gus"]
LAST = ["Silva", "Okafor", "Lindqvist", "Rao", "Nakamura"]
COMPANIES = ["Kestrel", "Ardent Labs", "Northwind", None]
AS_OF = date(2026, 11, 1)


def random_contact(rng: random.Random, line: int) -> Contact:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    handle = rng.randrange(25)
    name = f"{first} {last}" if rng.random() < 0.95 else first
    # Honorifics and credentials fill a person's empty prefix or suffix; no name takes any.
    name = (
        rng.choice(["", "", "", "", "Dr. ", "Prof "])
        + name
        + rng.choice(["", "", "", "", ", PhD", " Jr.", " MBA"])
    )
    return Contact(
        name=name if rng.random() < 0.97 else "",
        locator=f"line {line}",
        company=rng.choice(COMPANIES),
        title=rng.choice(["Engineer", "Director", None]),
        linkedin_url=(
            f"https://www.linkedin.com/in/person-{handle}" if rng.random() < 0.7 else None
        ),
        emails=[f"p{rng.randrange(25)}@example.org"] if rng.random() < 0.3 else [],
        connected_on=date(2020 + rng.randrange(6), 1 + rng.randrange(12), 1),
        raw={"line": line},
    )


def random_file(rng: random.Random, name: str, rows: int, kind: str) -> ReadResult:
    contacts = [random_contact(rng, line) for line in range(2, rows + 2)]
    return ReadResult(path=name, kind=kind, contacts=contacts)


def scenario(seed: int) -> list[tuple[ReadResult, str | None]]:
    rng = random.Random(seed)
    files: list[tuple[ReadResult, str | None]] = [
        (random_file(rng, "mine.csv", 30, "linkedin"), None),
        (random_file(rng, "phone.vcf", 15, "vcard"), None),
        (random_file(rng, "friend.csv", 30, "linkedin"), "https://www.linkedin.com/in/person-3"),
        (random_file(rng, "other.csv", 20, "linkedin"), "Zoë Quinn"),
    ]
    # The friend named by name only is a contact of the user and of the other friend.
    company = rng.choice(COMPANIES[:-1])
    for result, _owner in files[:3]:
        result.contacts.insert(
            rng.randrange(len(result.contacts)),
            Contact(name="Zoë Quinn", locator="line 99", company=company),
        )
    files.append(files[0])  # a re-import of the same export
    files.append((random_file(rng, "mine.csv", 30, "linkedin"), None))  # a newer one
    return files


def one_by_one(*args: Any, **kwargs: Any) -> BulkPlacement:
    return BulkPlacement(deferred=list(range(len(args[1]))))


def canonical(path: Path) -> dict[str, Any]:
    """The workspace's content with person ids replaced by what identifies each person."""
    with Workspace.open(path) as workspace:
        conn = workspace.conn
        keys: dict[int, list[Any]] = {}
        for kind, value, pid in conn.execute("SELECT kind, value, person_id FROM identities"):
            keys.setdefault(pid, []).append((kind, value))
        names = dict(conn.execute("SELECT id, name FROM people"))
        # Source keys hold the owner's id, which differs between runs: name sources by content.
        sources = {
            sid: repr((kind, label, names.get(owner), sorted(keys.get(owner, []))))
            for sid, kind, label, owner in conn.execute(
                "SELECT id, kind, label, owner_id FROM sources"
            )
        }
        for sid, record_key, pid in conn.execute(
            "SELECT source_id, record_key, person_id FROM appearances"
        ):
            keys.setdefault(pid, []).append((sources[sid], record_key))
        people = {
            pid: repr((*details, sorted(keys.get(pid, []))))
            for pid, *details in conn.execute(
                "SELECT id, name, company, title, name_prefix, name_suffix, willingness, is_me "
                "FROM people"
            )
        }
        edges = sorted(
            (*sorted((people[a], people[b])), round(strength, 12))
            for a, b, strength in conn.execute("SELECT a, b, strength FROM edges")
        )
        evidence = sorted(
            repr((*sorted((people[a], people[b])), sources[sid], kind, people[holder], day, detail))
            for a, b, sid, kind, holder, day, detail in conn.execute(
                "SELECT a, b, source_id, kind, holder_id, on_date, detail FROM evidence"
            )
        )
        return {"people": sorted(people.values()), "edges": edges, "evidence": evidence}


def import_all(path: Path, files: list[tuple[ReadResult, str | None]]) -> list[tuple[int, int]]:
    counts = []
    with Workspace.open(path, create=True) as workspace:
        for result, owner in files:
            summary = apply_read_result(workspace, result, owner=owner, new_owner=True, as_of=AS_OF)
            counts.append((summary.people_created, summary.people_matched))
    return counts


@pytest.mark.parametrize("seed", range(40))
def test_placing_together_equals_placing_one_by_one(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = scenario(seed)
    together = import_all(tmp_path / "together.sqlite3", files)
    monkeypatch.setattr(placing, "place_independent", one_by_one)
    separately = import_all(tmp_path / "separately.sqlite3", files)

    assert together == separately
    assert canonical(tmp_path / "together.sqlite3") == canonical(tmp_path / "separately.sqlite3")


@pytest.mark.parametrize("seed", range(0, 40, 4))
def test_staged_writes_and_strengths_set_on_insert_equal_placing_one_by_one(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file's ties go through the staging tables, new ties getting their strength there."""
    files = scenario(seed)
    with monkeypatch.context() as patch:
        patch.setattr(evidence, "STAGE_FROM_ROWS", 0)
        together = import_all(tmp_path / "together.sqlite3", files)
    monkeypatch.setattr(placing, "place_independent", one_by_one)
    separately = import_all(tmp_path / "separately.sqlite3", files)

    assert together == separately
    assert canonical(tmp_path / "together.sqlite3") == canonical(tmp_path / "separately.sqlite3")


def test_most_records_of_a_large_file_are_placed_together(tmp_path: Path) -> None:
    """The fast path is really taken: only records that collide wait for the slow one."""
    contacts = [
        Contact(
            name=f"Person {i}",
            locator=f"line {i}",
            linkedin_url=f"https://www.linkedin.com/in/p{i}",
            company="Kestrel",
        )
        for i in range(1000)
    ]
    contacts.append(Contact(name="Person 7", locator="line 1000", company="Kestrel"))
    with Workspace.open(tmp_path / "w.sqlite3", create=True) as workspace:
        calls: list[BulkPlacement] = []
        real = bulk_place.place_independent

        def spy(*args: Any, **kwargs: Any) -> BulkPlacement:
            calls.append(real(*args, **kwargs))
            return calls[-1]

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(placing, "place_independent", spy)
            summary = apply_read_result(
                workspace, ReadResult(path="c.csv", kind="linkedin", contacts=contacts)
            )
    assert calls[0].deferred == [7, 1000]  # the two records named "Person 7" at Kestrel
    # Two rows of one LinkedIn export are two members, even of one name at one company.
    assert summary.people_created == 1001
    assert summary.people_matched == 0


def test_a_file_without_contacts_places_nothing_together(workspace: Workspace) -> None:
    """messages.csv alone lists no connection: nothing to place together, and no error."""
    placed = bulk_place.place_independent(workspace, [], [], source_id=1, owner_id=1, current=True)
    assert (placed.person_of, placed.created, placed.deferred) == ({}, set(), [])


# Few values each, so that records share keys: names (some without a name key), profiles,
# emails and phones, one record key per record.
FACTS = st.builds(
    PersonFacts.build,
    st.sampled_from(["Ana Silva", "Ana B. Silva", "Anita Silva", "Ben Rao", "Cher", "", None]),
    company=st.sampled_from([None, "Kestrel", "Northwind"]),
    linkedin_url=st.sampled_from([None, "linkedin.com/in/ana", "linkedin.com/in/ben"]),
    emails=st.lists(st.sampled_from(["a@x.org", "b@x.org", "A@X.org"]), max_size=2),
    phones=st.lists(
        st.sampled_from(["+1 212 555 0100", "212-555-0100", "+44 20 7946 0000"]), max_size=2
    ),
)


@given(
    st.lists(
        st.tuples(FACTS, st.sampled_from(["li:a", "li:b", "nm:x", "em:a", "ph:1"])), max_size=12
    )
)
def test_shared_keys_are_found_alike_by_a_dictionary_and_by_polars(
    records: list[tuple[PersonFacts, str]],
) -> None:
    """Small files find the records that share a key without polars; both ways agree."""
    facts = [one for one, _key in records]
    keys = [key for _one, key in records]
    counted = bulk_place._shared_positions_counted(facts, keys)
    assert counted == bulk_place._shared_positions_grouped(facts, keys)
    # A record is independent exactly when no other holds one of its keys.
    for position, (one, key) in enumerate(records):
        mine = bulk_place._record_keys_of(one, key)
        others = [
            bulk_place._record_keys_of(*other) for p, other in enumerate(records) if p != position
        ]
        assert (position in counted) == any(mine & theirs for theirs in others)
