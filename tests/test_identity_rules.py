"""One person per human on real-looking exports (issue 13): message counterparts are the
export's connections, rows of one export stay apart, name with an email domain, relation names,
credentials in names. Through the CLI where a user sees it."""

from __future__ import annotations

import csv
import json
import random
from datetime import date, timedelta
from pathlib import Path

from cli_helpers import ok_in
from records_helpers import (
    contact,
    evidence_kinds,
    ids_named,
    linkedin_export,
    load,
    me,
    messages,
    the_person,
    vcard_file,
)

from netgraph.ingest.records import Relation
from netgraph.workspace import Workspace

# --- 1. An older export: Connections.csv without URLs, messages.csv with them ----------------

OLD_CONNECTIONS = [
    "First Name",
    "Last Name",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]
MESSAGE_COLUMNS = [
    "CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO", "DATE",
    "SUBJECT", "CONTENT", "FOLDER",
]  # fmt: skip
OWNER = ("Pat Quinn", "https://www.linkedin.com/in/pat-quinn-owner")


def older_export(folder: Path, rows: int = 5000, seed: int = 13) -> dict[str, int]:
    """Write an older-layout export of ``rows`` connections (a few sharing a name) and a
    messages.csv with some of them and with people the export does not list."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    people = [(f"Given{i}", f"Family{i % 4000}", f"Company {i % 300}") for i in range(rows)]
    people[1] = (people[0][0], people[0][1], "")  # two rows of one name, nothing else alike
    with (folder / "Connections.csv").open("w", newline="", encoding="utf-8") as handle:
        handle.write('Notes:\n"When exporting your connection data..."\n\n')
        writer = csv.writer(handle)
        writer.writerow(OLD_CONNECTIONS)
        for i, (first, last, company) in enumerate(people):
            on = date(2015, 1, 1) + timedelta(days=i % 1500)
            writer.writerow([first, last, "", company, "Engineer", on.strftime("%d %b %Y")])
    messaged = [*rng.sample(range(2, rows), 600), 0]  # and one of the two namesakes
    strangers = [(f"Stranger {i}", f"https://www.linkedin.com/in/stranger-{i}") for i in range(7)]
    counterparts = [
        (f"{people[i][0]} {people[i][1]}", f"https://www.linkedin.com/in/person-{i}")
        for i in messaged
    ] + strangers
    with (folder / "messages.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(MESSAGE_COLUMNS)
        for number, (name, url) in enumerate(counterparts):
            when = f"2024-0{1 + number % 9}-1{number % 9} 10:00:00 UTC"
            conversation = f"2-{number:08d}"
            writer.writerow([conversation, "", OWNER[0], OWNER[1], name, when, "", "Hi", "INBOX"])
            if number % 3:  # two of three answer
                writer.writerow([conversation, "", name, url, OWNER[0], when, "", "Hello", "INBOX"])
    answered = sum(1 for number in range(len(messaged)) if number % 3 and messaged[number] > 1)
    return {"rows": rows, "answered": answered, "strangers": len(strangers)}


def test_an_older_export_with_messages_imports_without_duplicates_and_reimports_unchanged(
    tmp_path: Path, workspace_path: Path
) -> None:
    counts = older_export(tmp_path / "export")
    result = ok_in(workspace_path, "import", "linkedin", tmp_path / "export")
    assert f"{counts['rows']} new people" in result.output
    # The strangers are not made people, and the summary says how many were left out; the
    # counterpart who shares a name with another connection cannot be told apart.
    assert f"skipped {counts['strangers']} messages with people the export does not list" in (
        result.output
    )
    assert "skipped 1 messages with a name several connections share" in result.output
    with Workspace.open(workspace_path) as workspace:
        conn = workspace.conn
        assert workspace.people.count() == counts["rows"]
        duplicated = conn.execute(
            "SELECT count(*) FROM (SELECT name FROM people WHERE is_me = 0 "
            "GROUP BY name HAVING count(*) > 1)"
        ).fetchone()[0]
        assert duplicated == 1  # the two rows of one name: two members
        learnt = conn.execute(
            "SELECT count(*) FROM identities WHERE kind = 'linkedin' AND value LIKE '%person-%'"
        ).fetchone()[0]
        assert learnt == counts["answered"]  # each connection who wrote back got their profile
        before = [
            conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("people", "identities", "edges", "evidence")
        ]
    again = ok_in(workspace_path, "import", "linkedin", tmp_path / "export")
    assert "0 new people" in again.output
    with Workspace.open(workspace_path) as workspace:
        after = [
            workspace.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("people", "identities", "edges", "evidence")
        ]
    assert [
        [row[:-2] if table == 0 else row for row in rows] for table, rows in enumerate(after)
    ] == [[row[:-2] if table == 0 else row for row in rows] for table, rows in enumerate(before)]


def test_a_message_counterpart_is_the_connection_of_that_name(workspace: Workspace) -> None:
    load(
        workspace,
        linkedin_export(
            contact("Ann Lee", company="Acme", connected_on=date(2019, 1, 1)),
            interactions=[messages("Ann Lee", url="linkedin.com/in/ann-lee", sent=2, received=1)],
        ),
    )
    conn = workspace.conn
    ann = the_person(conn, "Ann Lee")
    assert evidence_kinds(conn, me(conn), ann) == ["connection", "messages"]
    assert workspace.people.linkedin_of(ann) == "linkedin.com/in/ann-lee"


# --- 2. Rows of one LinkedIn export are distinct members ---------------------------------------


def test_two_rows_of_one_name_are_two_people_and_show_keeps_each_date(
    tmp_path: Path, workspace_path: Path
) -> None:
    export = tmp_path / "Connections.csv"
    export.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Sam,Lee,,,,,05 Jan 2019\n"
        "Sam,Lee,,,,,07 Mar 2023\n",
        encoding="utf-8",
    )
    ok_in(workspace_path, "import", "linkedin", export)
    ok_in(workspace_path, "import", "linkedin", export)
    people = json.loads(ok_in(workspace_path, "people", "Sam Lee", "--format", "json").output)
    assert len(people) == 2
    shown = [ok_in(workspace_path, "show", f"#{person['id']}").output for person in people]
    assert sorted("Jan 2019" in text for text in shown) == [False, True]
    assert sorted("Mar 2023" in text for text in shown) == [False, True]


def test_duplicate_cards_of_one_address_book_still_merge_by_their_keys(
    workspace: Workspace,
) -> None:
    load(
        workspace,
        vcard_file(
            contact("Ann Lee", emails=["ann@lee.example"]),
            contact("Ann Lee", emails=["ANN@lee.example"], phones=["+1 415 555 0101"]),
        ),
    )
    assert len(ids_named(workspace.conn, "Ann Lee")) == 1


# --- 3. Name with an email domain --------------------------------------------------------------


def test_a_phone_card_and_a_friends_connection_at_the_cards_email_domain_are_one_person(
    tmp_path: Path, workspace_path: Path
) -> None:
    card = tmp_path / "phone.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hana Novak\r\nN:Novak;Hana;;;\r\n"
        "EMAIL:hana.novak@wayne.example\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    friend = tmp_path / "friend" / "Connections.csv"
    friend.parent.mkdir()
    friend.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Hana,Novak,,,Wayne Enterprises,Recruiter,05 Jan 2021\n",
        encoding="utf-8",
    )
    ok_in(workspace_path, "import", "vcard", card)
    ok_in(workspace_path, "import", "linkedin", friend, "--owner", "priya@raman.example")
    people = json.loads(ok_in(workspace_path, "people", "Novak", "--format", "json").output)
    assert [(p["name"], p["company"], p["degree"]) for p in people] == [
        ("Hana Novak", "Wayne Enterprises", 1)
    ]


# --- 4. Relation names -------------------------------------------------------------------------


def test_a_relation_name_is_the_users_one_contact_of_that_name(workspace: Workspace) -> None:
    load(workspace, linkedin_export(contact("Kenji Sato", url="linkedin.com/in/kenji")))
    kenji = the_person(workspace.conn, "Kenji Sato")
    load(
        workspace,
        vcard_file(contact("Mia Sato", relations=[Relation("Kenji Sato", "spouse")])),
    )
    conn = workspace.conn
    assert ids_named(conn, "Kenji Sato") == [kenji]
    assert evidence_kinds(conn, kenji, the_person(conn, "Mia Sato")) == ["relation"]


def test_a_relation_placeholder_is_recognised_in_a_later_export(workspace: Workspace) -> None:
    load(
        workspace,
        vcard_file(contact("Mia Sato", emails=["mia@sato.example"], relations=[
            Relation("Kenji Sato", "spouse")])),
    )  # fmt: skip
    kenji = the_person(workspace.conn, "Kenji Sato")  # known by the relation's name only
    load(
        workspace,
        linkedin_export(contact("Kenji Sato", url="linkedin.com/in/kenji"), path="m/C.csv"),
        owner="mia@sato.example",
    )
    conn = workspace.conn
    assert ids_named(conn, "Kenji Sato") == [kenji]
    assert workspace.people.linkedin_of(kenji) == "linkedin.com/in/kenji"


def test_an_ambiguous_relation_name_stays_a_placeholder(workspace: Workspace) -> None:
    load(
        workspace,
        linkedin_export(
            contact("Kenji Sato", url="linkedin.com/in/kenji-1"),
            contact("Kenji Sato", url="linkedin.com/in/kenji-2"),
        ),
    )
    load(workspace, vcard_file(contact("Mia Sato", relations=[Relation("Kenji Sato", "spouse")])))
    assert len(ids_named(workspace.conn, "Kenji Sato")) == 3


# --- 7. Credentials in names -------------------------------------------------------------------


def test_credentials_stay_out_of_the_name_and_show_finds_the_person(
    tmp_path: Path, workspace_path: Path
) -> None:
    export = tmp_path / "Connections.csv"
    export.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        'Wei,"Chen, PhD",,,Acme,Scientist,05 Jan 2021\n'
        "Ravi,Mehta MBA,,,Globex,,05 Jan 2021\n",
        encoding="utf-8",
    )
    ok_in(workspace_path, "import", "linkedin", export)
    wei = json.loads(ok_in(workspace_path, "show", "Wei Chen", "--format", "json").output)
    assert (wei["name"], wei["name_prefix"], wei["name_suffix"]) == ("Wei Chen", None, "PhD")
    assert "Wei Chen" in ok_in(workspace_path, "show", "Dr. Wei Chen").output
    assert "#" in ok_in(workspace_path, "show", "Ravi Mehta").output
    # A card that writes the credential another way is the same person.
    card = tmp_path / "c.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dr. Wei Chen\r\nORG:ACME Inc.\r\n"
        "TEL:+1 415 555 0111\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    ok_in(workspace_path, "import", "vcard", card, "--owner", "eve@ng.example")
    people = json.loads(ok_in(workspace_path, "people", "Chen", "--format", "json").output)
    assert [(p["name"], p["phones"]) for p in people] == [("Wei Chen", ["+14155550111"])]
