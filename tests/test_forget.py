"""Forgetting a person: their row, keys, ties and raw records go, and no byte of them stays."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from cli_helpers import ok_in
from disk_helpers import disk_bytes
from library_helpers import person_objects
from records_helpers import (
    contact,
    count,
    evidence_kinds,
    field,
    ids_named,
    linkedin_export,
    load,
    me,
    messages,
    neighbours,
    the_person,
    vcard_file,
)

from netgraph.errors import UsageError
from netgraph.identity.forget import Forgotten, forget_person
from netgraph.identity.people import list_people
from netgraph.ingest.records import Relation
from netgraph.routes.cache import route_index
from netgraph.workspace import Workspace
from netgraph.workspace.evidence_codes import kind_of

SENTINEL = "zq-sentinel-7f3a9c1e-do-not-keep"


def forget(workspace: Workspace, person: int) -> Forgotten:
    return forget_person(workspace, person)


def rows_about(conn: sqlite3.Connection, person: int) -> dict[str, int]:
    queries = {
        "people": "SELECT count(*) FROM people WHERE id = :p",
        "identities": "SELECT count(*) FROM identities WHERE person_id = :p",
        "edges": "SELECT count(*) FROM edges WHERE a = :p OR b = :p",
        "evidence": "SELECT count(*) FROM evidence WHERE a = :p OR b = :p OR holder_id = :p",
        "appearances": "SELECT count(*) FROM appearances WHERE person_id = :p",
        "sources": "SELECT count(*) FROM sources WHERE owner_id = :p",
    }
    return {
        table: int(conn.execute(sql, {"p": person}).fetchone()[0]) for table, sql in queries.items()
    }


def small_world(workspace: Workspace) -> None:
    """The user knows Ann, Bob and Cy; Carol's cards know Ann and Bob; Ann is Bob's spouse."""
    load(
        workspace,
        linkedin_export(
            contact(
                "Ann Lee",
                url="linkedin.com/in/ann-lee",
                company="Acme",
                connected_on=date(2020, 1, 1),
            ),
            contact("Bob Lee", url="linkedin.com/in/bob-lee", connected_on=date(2021, 1, 1)),
            contact("Cy Park", url="linkedin.com/in/cy-park", connected_on=date(2022, 1, 1)),
            interactions=[
                messages(
                    "Ann Lee",
                    url="linkedin.com/in/ann-lee",
                    sent=3,
                    received=2,
                    last=date(2025, 10, 1),
                )
            ],
        ),
    )
    load(
        workspace,
        vcard_file(
            contact(
                "Ann Lee",
                emails=["ann@lee.example"],
                phones=["+1 415 555 0199"],
                url="linkedin.com/in/ann-lee",
                relations=[Relation("Bob Lee", "spouse")],
                raw={"FN": "Ann Lee", "NOTE": f"met at the {SENTINEL} meetup"},
            ),
            contact("Bob Lee", url="linkedin.com/in/bob-lee"),
            path="cards/carol-chen.vcf",
        ),
        owner="Carol Chen",
    )


def test_forget_removes_the_person_and_everything_about_them(workspace: Workspace) -> None:
    small_world(workspace)
    conn = workspace.conn
    ann = the_person(conn, "Ann Lee")
    assert rows_about(conn, ann) == {
        "people": 1,
        "identities": 3,
        "edges": 3,  # the user, Carol, Bob
        "evidence": 4,  # connection, messages, address-book, relation
        "appearances": 3,  # connection row, messages, card
        "sources": 0,
    }
    removed = forget(workspace, ann)
    assert (removed.identities, removed.records, removed.edges, removed.waiting_targets) == (
        3,
        3,
        3,
        0,
    )
    assert rows_about(conn, ann) == dict.fromkeys(
        ("people", "identities", "edges", "evidence", "appearances", "sources"), 0
    )
    assert ids_named(conn, "Ann Lee") == []
    # Bob and Cy are the user's connections; Carol shared her address book, so knows the user.
    assert [p.name for p in list_people(workspace)] == ["Bob Lee", "Carol Chen", "Cy Park"]
    assert {p.degree for p in list_people(workspace)} == {1}


def test_forget_keeps_other_people_and_their_ties(workspace: Workspace) -> None:
    small_world(workspace)
    conn = workspace.conn
    user, bob, cy = me(conn), the_person(conn, "Bob Lee"), the_person(conn, "Cy Park")
    carol = the_person(conn, "Carol Chen")
    forget(workspace, the_person(conn, "Ann Lee"))
    assert neighbours(conn, user) == {bob, cy, carol}
    assert neighbours(conn, bob) == {user, carol}
    assert evidence_kinds(conn, user, bob) == ["connection"]
    assert evidence_kinds(conn, carol, bob) == ["address-book"]
    assert evidence_kinds(conn, user, carol) == ["shared-export"]
    assert field(conn, bob, "degree") == 1
    assert field(conn, carol, "degree") == 1
    assert count(conn, "appearances") == 3  # Bob's row and card, Cy's row
    assert count(conn, "identities") == 2


def files_bytes(workspace_path: Path) -> bytes:
    """The database file and its write-ahead log as they are on disk, with every compressed
    text in them decompressed (raw fields are kept compressed, once per file)."""
    return disk_bytes(workspace_path)


def test_no_byte_of_a_forgotten_raw_record_stays_on_disk(
    workspace: Workspace, workspace_path: Path
) -> None:
    small_world(workspace)
    conn = workspace.conn
    ann = the_person(conn, "Ann Lee")
    assert SENTINEL.encode() in files_bytes(workspace_path)  # the check can see it
    forget(workspace, ann)
    workspace.purge_free_space()
    assert SENTINEL.encode() not in files_bytes(workspace_path)


def test_no_byte_of_a_forgotten_email_or_name_stays_on_disk(
    workspace: Workspace, workspace_path: Path
) -> None:
    marker = "qv8k2rare"
    load(workspace, linkedin_export(contact("Ann Lee", url="linkedin.com/in/ann-lee")))
    load(
        workspace,
        vcard_file(
            contact(
                f"Ann {marker.title()}",
                emails=[f"{marker}@example.org"],
                url="linkedin.com/in/ann-lee",
            ),
            contact("Bob Lee", emails=["bob@example.org"]),
        ),
    )
    assert marker.encode() in files_bytes(workspace_path).lower()
    forget(workspace, the_person(workspace.conn, "Ann Lee"))
    workspace.purge_free_space()
    assert marker.encode() not in files_bytes(workspace_path).lower()


def test_a_forgotten_person_named_on_someone_elses_card_leaves_no_trace(
    workspace: Workspace, workspace_path: Path
) -> None:
    marker = "Zyxwquartz"
    card = contact(
        "Carl Holder",
        emails=["carl@example.org"],
        relations=[Relation(f"Jenny {marker}", "spouse")],
        raw={"fn": "Carl Holder", "relations": [{"name": f"Jenny {marker}", "label": "Spouse"}]},
    )
    load(workspace, vcard_file(card))
    jenny = the_person(workspace.conn, f"Jenny {marker}")
    assert marker.encode() in files_bytes(workspace_path)
    forget(workspace, jenny)
    workspace.purge_free_space()
    assert marker.encode() not in files_bytes(workspace_path)
    # Carl's own record keeps the kind of relation, not the name
    (record,) = workspace.people.records_of(the_person(workspace.conn, "Carl Holder"))
    assert "Spouse" in record.raw


def test_the_user_cannot_be_forgotten(workspace: Workspace) -> None:
    small_world(workspace)
    conn = workspace.conn
    before = count(conn, "people"), count(conn, "edges")
    with pytest.raises(UsageError):
        forget(workspace, me(conn))
    assert (count(conn, "people"), count(conn, "edges")) == before


def test_forgetting_an_export_owner_keeps_their_contacts(workspace: Workspace) -> None:
    small_world(workspace)
    conn = workspace.conn
    carol = the_person(conn, "Carol Chen")
    ann, bob = the_person(conn, "Ann Lee"), the_person(conn, "Bob Lee")
    forget(workspace, carol)
    assert ids_named(conn, "Carol Chen") == []
    assert rows_about(conn, carol)["edges"] == 0
    assert rows_about(conn, carol)["evidence"] == 0
    # Ann and Bob stay, with what Carol's cards said about them, but no tie to Carol.
    assert neighbours(conn, ann) == {me(conn), bob}
    assert ("email", "ann@lee.example") in {
        tuple(r)
        for r in conn.execute("SELECT kind, value FROM identities WHERE person_id = ?", (ann,))
    }
    assert evidence_kinds(conn, ann, bob) == ["relation"]
    (source,) = conn.execute(
        "SELECT owner_id, label, path FROM sources WHERE kind = 'vcard'"
    ).fetchall()
    assert tuple(source) == (None, "export of a forgotten person", None)
    (ann_object,) = person_objects(workspace, [ann])
    card = next(s for s in ann_object["sources"] if s["kind"] == "vcard")
    assert card["owner"] is None
    assert card["label"] == "export of a forgotten person"


def test_forgetting_an_export_owner_leaves_no_trace_of_the_file_name(
    workspace: Workspace, workspace_path: Path
) -> None:
    small_world(workspace)  # Carol's cards came from cards/carol-chen.vcf
    conn = workspace.conn
    forget(workspace, the_person(conn, "Carol Chen"))
    for row in conn.execute("SELECT * FROM sources"):
        assert not any("carol-chen" in str(value) for value in row), row
    workspace.purge_free_space()
    assert b"carol-chen" not in files_bytes(workspace_path)


def test_a_library_caller_of_forget_leaves_no_route_index_and_no_byte_of_the_person(
    workspace: Workspace, workspace_path: Path
) -> None:
    """The library call keeps the erasure promise of ``netgraph forget`` by itself."""
    small_world(workspace)
    route_index(workspace)  # a copy of every tie, Ann's included, beside the workspace
    assert workspace.routes_dir.is_dir()
    ann = the_person(workspace.conn, "Ann Lee")
    assert SENTINEL.encode() in files_bytes(workspace_path)

    removed = forget_person(workspace, ann)

    assert removed.purged
    assert not workspace.routes_dir.exists()
    assert SENTINEL.encode() not in files_bytes(workspace_path)
    assert b"ann@lee.example" not in files_bytes(workspace_path)
    assert b"linkedin.com/in/ann-lee" not in files_bytes(workspace_path)


def test_forget_erases_your_word_on_their_ties_and_the_evidence_set_aside(tmp_path: Path) -> None:
    """``netgraph tie`` notes and the evidence of a removed tie go with the person, to the byte."""
    path = tmp_path / "workspace.sqlite3"
    stated, removed = "zq-stated-note-4b1d", "zq-removed-note-9c2e"
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    mine = tmp_path / "mine.csv"
    mine.write_text(
        header
        + "Ann,Lee,https://www.linkedin.com/in/ann-lee,,Acme,Eng,01 Jan 2020\n"
        + "Bob,Ray,https://www.linkedin.com/in/bob-ray,,Beta,Eng,01 Jan 2020\n",
        encoding="utf-8",
    )
    anns = tmp_path / "ann.csv"
    anns.write_text(
        header + "Tara,Quinn,https://www.linkedin.com/in/tara-quinn,,Qux,CEO,01 Jan 2021\n",
        encoding="utf-8",
    )
    ok_in(path, "me", "Noor Test")
    ok_in(path, "import", "linkedin", mine)
    ok_in(path, "import", "linkedin", anns, "--owner", "https://www.linkedin.com/in/ann-lee")
    ok_in(path, "tie", "Bob Ray", "Tara Quinn", "--note", stated)
    ok_in(path, "tie", "Ann Lee", "Tara Quinn", "--remove", "--note", removed)
    with sqlite3.connect(path) as conn:
        (tara,) = conn.execute("SELECT id FROM people WHERE name = 'Tara Quinn'").fetchone()
        assert count(conn, "user_ties") == 2 and count(conn, "withheld_evidence") == 1
    assert stated.encode() in files_bytes(path) and removed.encode() in files_bytes(path)

    ok_in(path, "forget", "Tara Quinn", "--yes")

    with sqlite3.connect(path) as conn:
        for table in ("user_ties", "withheld_evidence", "evidence"):
            rows = conn.execute(f"SELECT count(*) FROM {table} WHERE a = ? OR b = ?", (tara, tara))
            assert rows.fetchone()[0] == 0, table
        assert count(conn, "user_ties") == 0 and count(conn, "withheld_evidence") == 0
        kinds = {kind_of(kind) for (kind,) in conn.execute("SELECT kind FROM evidence")}
        assert "stated" not in kinds
    assert stated.encode() not in files_bytes(path)
    assert removed.encode() not in files_bytes(path)


def test_forget_erases_the_users_decisions_about_the_person(tmp_path: Path) -> None:
    """A merge keeps a snapshot of the person merged in, an edit what it replaced: forget
    erases both, and no byte of the edited name stays on disk."""
    path = tmp_path / "w.sqlite3"
    cards = tmp_path / "c.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Tara Quinn\r\nORG:Acme\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:T. Quinn\r\nORG:Acme\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    ok_in(path, "me", "Noor Test")
    ok_in(path, "import", "vcard", cards)
    ok_in(path, "merge", "Tara Quinn", "T. Quinn")
    ok_in(path, "edit", "Tara Quinn", "--name", f"Tara {SENTINEL}")
    assert SENTINEL.encode() in files_bytes(path)

    ok_in(path, "forget", f"Tara {SENTINEL}", "--yes")

    with sqlite3.connect(path) as conn:
        assert count(conn, "decisions") == 0
    assert SENTINEL.encode() not in files_bytes(path)


def test_forgetting_a_referrer_leaves_no_trace_of_the_referral(tmp_path: Path) -> None:
    """The targets someone suggested stay, but neither who suggested them nor when."""
    path = tmp_path / "w.sqlite3"
    mine = tmp_path / "mine.csv"
    mine.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ann,Lee,https://www.linkedin.com/in/ann-lee,,Acme,Eng,01 Jan 2020\n",
        encoding="utf-8",
    )
    ok_in(path, "me", "Noor Test")
    ok_in(path, "import", "linkedin", mine)
    ok_in(path, "log", "Ann Lee", "met", "--referred", "Zed Ward, Qux")
    with sqlite3.connect(path) as conn:
        referral = "SELECT referred_by, referred_on FROM targets WHERE name = 'Zed Ward'"
        assert conn.execute(referral).fetchone() == (
            ids_named(conn, "Ann Lee")[0],
            date.today().isoformat(),
        )

    ok_in(path, "forget", "Ann Lee", "--yes")

    with sqlite3.connect(path) as conn:
        assert conn.execute(referral).fetchone() == (None, None)
