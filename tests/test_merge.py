"""Identity resolution through imports: one person per human, whichever file they came from."""

from __future__ import annotations

import itertools
import math
from datetime import date

import pytest
from library_helpers import person_objects
from records_helpers import (
    AS_OF,
    contact,
    count,
    evidence_kinds,
    field,
    identities_of,
    ids_named,
    linkedin_export,
    load,
    me,
    messages,
    neighbours,
    strength,
    table_dump,
    the_person,
    vcard_file,
)

from netgraph.errors import AmbiguousPerson
from netgraph.identity.people import list_people, set_me, set_willingness
from netgraph.ingest.records import Interaction, ReadResult, Relation
from netgraph.ties.stated import remove_tie
from netgraph.workspace import Workspace
from netgraph.workspace.evidence_codes import kind_code, kind_of

JANE = "https://www.linkedin.com/in/jane-doe"


@pytest.fixture
def ticking_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every timestamp netgraph writes is a new value, so any rewrite of a row shows up."""
    ticks = itertools.count()

    def now() -> str:
        return f"2026-01-01T00:00:00+00:00#{next(ticks)}"

    monkeypatch.setattr("netgraph.workspace.clock.utc_now", now)


def people_count(workspace: Workspace) -> int:
    """People other than the user."""
    return int(workspace.conn.execute("SELECT count(*) FROM people WHERE is_me = 0").fetchone()[0])


# --- Strong keys -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "http://linkedin.com/in/jane-doe/",
        "HTTPS://WWW.LINKEDIN.COM/in/Jane-Doe",
        "www.linkedin.com/in/jane-doe?trk=public_profile",
        "https://uk.linkedin.com/in/jane%2Ddoe#about",
    ],
)
def test_people_merge_by_normalised_linkedin_url(workspace: Workspace, variant: str) -> None:
    load(workspace, linkedin_export(contact("Jane Doe", url=JANE, company="Acme")))
    load(
        workspace,
        vcard_file(contact("J. Doe", url=variant), path="carol.vcf"),
        owner="Carol Chen",
    )
    conn = workspace.conn
    assert people_count(workspace) == 2  # Jane and Carol
    jane = the_person(conn, "Jane Doe")
    assert identities_of(conn, jane) == {("linkedin", "linkedin.com/in/jane-doe")}
    assert neighbours(conn, jane) == {me(conn), the_person(conn, "Carol Chen")}


def test_people_merge_by_email_whatever_its_case(workspace: Workspace) -> None:
    load(workspace, vcard_file(contact("Bo Berg", emails=["Bo.Berg@Example.COM"])))
    load(
        workspace,
        vcard_file(contact("Bo", emails=["bo.berg@example.com "]), path="carol.vcf"),
        owner="Carol Chen",
    )
    conn = workspace.conn
    assert ids_named(conn, "Bo") == []
    bo = the_person(conn, "Bo Berg")
    assert identities_of(conn, bo) == {("email", "bo.berg@example.com")}
    assert people_count(workspace) == 2


def test_people_merge_by_phone_in_national_and_international_form(workspace: Workspace) -> None:
    load(workspace, vcard_file(contact("Cy Park", phones=["(415) 555-0132"])))
    load(
        workspace,
        vcard_file(contact("Cyrus Park", phones=["+1 415 555 0132"]), path="carol.vcf"),
        owner="Carol Chen",
    )
    conn = workspace.conn
    assert people_count(workspace) == 2
    cy = the_person(conn, "Cy Park")
    assert identities_of(conn, cy) == {("phone", "+14155550132")}


# --- Names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("Ann Lee", "Acme Inc."), ("ann lee", "ACME")),
        (("José Álvarez", "Société Générale"), ("JOSE ALVAREZ", "Societe Generale SA")),
        (("🟢 Max Müller", "Globex GmbH"), ("Max Muller", "globex")),
    ],
)
def test_people_merge_by_name_and_company(
    workspace: Workspace, first: tuple[str, str], second: tuple[str, str]
) -> None:
    load(workspace, linkedin_export(contact(first[0], url=JANE, company=first[1])))
    load(
        workspace,
        vcard_file(contact(second[0], company=second[1], emails=["x@y.org"]), path="c.vcf"),
        owner="Carol Chen",
    )
    conn = workspace.conn
    assert people_count(workspace) == 2
    merged = the_person(conn, first[0])
    assert identities_of(conn, merged) == {
        ("linkedin", "linkedin.com/in/jane-doe"),
        ("email", "x@y.org"),
    }


def test_the_same_name_without_a_company_stays_two_people(workspace: Workspace) -> None:
    load(workspace, vcard_file(contact("Sam Lee")))
    load(workspace, vcard_file(contact("Sam Lee"), path="carol.vcf"), owner="Carol Chen")
    assert len(ids_named(workspace.conn, "Sam Lee")) == 2


def test_a_name_with_a_company_does_not_merge_with_the_name_alone(workspace: Workspace) -> None:
    load(workspace, linkedin_export(contact("Sam Lee", url=JANE, company="Acme")))
    load(workspace, vcard_file(contact("Sam Lee"), path="carol.vcf"), owner="Carol Chen")
    assert len(ids_named(workspace.conn, "Sam Lee")) == 2


def test_the_same_name_at_different_companies_stays_two_people(workspace: Workspace) -> None:
    load(workspace, vcard_file(contact("Sam Lee", company="Acme")))
    load(
        workspace,
        vcard_file(contact("Sam Lee", company="Globex"), path="carol.vcf"),
        owner="Carol Chen",
    )
    conn = workspace.conn
    rows = conn.execute("SELECT company FROM people WHERE name = 'Sam Lee' ORDER BY company")
    assert [r[0] for r in rows] == ["Acme", "Globex"]


def test_same_name_and_company_with_different_profiles_stays_two_people(
    workspace: Workspace,
) -> None:
    load(
        workspace,
        linkedin_export(
            contact("Sam Lee", url="https://www.linkedin.com/in/sam-lee-1", company="Acme"),
            contact("Sam Lee", url="https://www.linkedin.com/in/sam-lee-2", company="Acme"),
        ),
    )
    load(
        workspace,
        linkedin_export(
            contact("Sam Lee", url="https://www.linkedin.com/in/sam-lee-2", company="Acme Inc"),
            path="carol/Connections.csv",
        ),
        owner="Carol Chen",
    )
    conn = workspace.conn
    sams = ids_named(conn, "Sam Lee")
    assert len(sams) == 2
    profiles = {value for sam in sams for _, value in identities_of(conn, sam)}
    assert profiles == {"linkedin.com/in/sam-lee-1", "linkedin.com/in/sam-lee-2"}


def test_a_name_and_company_shared_by_two_people_merges_with_neither(
    workspace: Workspace,
) -> None:
    load(
        workspace,
        linkedin_export(
            contact("Sam Lee", url="https://www.linkedin.com/in/sam-lee-1", company="Acme"),
            contact("Sam Lee", url="https://www.linkedin.com/in/sam-lee-2", company="Acme"),
        ),
    )
    load(workspace, vcard_file(contact("Sam Lee", company="Acme")), owner="Carol Chen")
    assert len(ids_named(workspace.conn, "Sam Lee")) == 3


# --- A record that proves two people are one ---------------------------------------------------


def load_two_janes_then_the_record_that_joins_them(workspace: Workspace) -> None:
    # A: known by email (and phone) from Carol's cards. B: known by profile from the user's
    # export. Then Dan's cards know both keys.
    load(
        workspace,
        vcard_file(
            contact("Jane D", emails=["jane@doe.example"], phones=["415 555 0100"]),
            path="carol.vcf",
        ),
        owner="Carol Chen",
    )
    load(
        workspace,
        linkedin_export(
            contact("Jane Doe", url=JANE, company="Acme", connected_on=date(2020, 5, 1))
        ),
    )
    assert people_count(workspace) == 3  # two Janes so far, and Carol
    load(
        workspace,
        vcard_file(contact("Jane Doe", url=JANE, emails=["JANE@doe.example"]), path="dan.vcf"),
        owner="Dan Diaz",
    )


def test_a_record_with_a_email_and_b_url_merges_a_and_b(workspace: Workspace) -> None:
    load_two_janes_then_the_record_that_joins_them(workspace)
    conn = workspace.conn
    assert people_count(workspace) == 3  # Jane, Carol, Dan
    jane = the_person(conn, "Jane Doe")
    assert ids_named(conn, "Jane D") == []
    carol, dan = the_person(conn, "Carol Chen"), the_person(conn, "Dan Diaz")
    assert neighbours(conn, jane) == {me(conn), carol, dan}
    assert evidence_kinds(conn, jane, me(conn)) == ["connection"]
    assert evidence_kinds(conn, jane, carol) == ["address-book"]
    assert evidence_kinds(conn, jane, dan) == ["address-book"]
    assert field(conn, jane, "company") == "Acme"
    assert field(conn, jane, "degree") == 1
    (obj,) = person_objects(workspace, [jane])
    assert sorted((s["label"], s["owner"], s["locator"]) for s in obj["sources"]) == [
        ("Connections.csv", "Me", "line 2"),
        ("carol.vcf", "Carol Chen", "card 1"),
        ("dan.vcf", "Dan Diaz", "card 1"),
    ]
    assert count(conn, "appearances") == 3


def test_a_merge_keeps_the_outreach_steps_of_both_people(workspace: Workspace) -> None:
    """Steps logged towards, or through, either person stay with the person that remains."""
    load(workspace, vcard_file(contact("Jane D", emails=["jane@doe.example"]), path="carol.vcf"))
    load(workspace, linkedin_export(contact("Jane Doe", url=JANE), contact("Bob Lee")))
    conn = workspace.conn
    jane_d, jane, bob = (the_person(conn, n) for n in ("Jane D", "Jane Doe", "Bob Lee"))
    with workspace.transaction():
        workspace.outreach.add(jane_d, "asked-referrer", date(2026, 1, 2), referrer=bob, note=None)
        workspace.outreach.add(bob, "asked-referrer", date(2026, 1, 3), referrer=jane_d, note="hi")
    load(workspace, vcard_file(contact("Jane Doe", url=JANE, emails=["jane@doe.example"])))
    kept = the_person(conn, "Jane Doe")
    assert kept in (jane, jane_d)
    steps = conn.execute("SELECT person_id, referrer_id, note FROM outreach ORDER BY id").fetchall()
    assert steps == [(kept, bob, None), (bob, kept, "hi")]


def test_merging_two_people_keeps_every_identity_key_of_both(workspace: Workspace) -> None:
    load_two_janes_then_the_record_that_joins_them(workspace)
    conn = workspace.conn
    assert identities_of(conn, the_person(conn, "Jane Doe")) == {
        ("linkedin", "linkedin.com/in/jane-doe"),
        ("email", "jane@doe.example"),
        ("phone", "+14155550100"),  # only Carol's card had it
    }


def test_edges_moved_by_a_merge_keep_their_evidence_based_strength(
    workspace: Workspace,
) -> None:
    load_two_janes_then_the_record_that_joins_them(workspace)
    conn = workspace.conn
    jane, carol = the_person(conn, "Jane Doe"), the_person(conn, "Carol Chen")
    assert strength(conn, jane, carol) == pytest.approx(1 - 0.95 * 0.65)
    assert strength(conn, jane, the_person(conn, "Dan Diaz")) == pytest.approx(1 - 0.95 * 0.65)


# --- Re-importing ------------------------------------------------------------------------------


def dated_export() -> ReadResult:
    return linkedin_export(
        contact(
            "Ann Lee",
            url="linkedin.com/in/ann-lee",
            company="Acme",
            title="Engineer",
            connected_on=date(2019, 3, 4),
        ),
        contact(
            "Bo Berg",
            url="https://www.linkedin.com/in/bo-berg/",
            emails=["bo@berg.example"],
            connected_on=date(2024, 7, 1),
        ),
        contact("Cy Park", company="Initech", connected_on=date(2021, 1, 2)),  # no profile URL
        interactions=[
            messages(
                "Ann Lee",
                url="https://www.linkedin.com/in/ann-lee",
                sent=4,
                received=3,
                last=date(2025, 12, 1),
            ),
            messages(
                "Dee Stranger",
                url="https://www.linkedin.com/in/dee",
                sent=1,
                received=2,
                last=date(2025, 11, 1),
            ),
        ],
    )


def test_one_way_messages_and_invitations_never_create_a_tie(workspace: Workspace) -> None:
    """An unanswered message or a pending invitation does not mean two people know each other."""
    summary = load(
        workspace,
        linkedin_export(
            contact("Ann Lee", url="linkedin.com/in/ann-lee"),
            interactions=[
                messages("Cold Recruiter", url="linkedin.com/in/recruiter", received=3),
                Interaction(
                    kind="invitation",
                    name="Pending Pat",
                    linkedin_url="linkedin.com/in/pat",
                    sent=1,
                ),
                messages("Ann Lee", url="linkedin.com/in/ann-lee", sent=2),
            ],
        ),
    )
    names = {p.name for p in list_people(workspace)}
    assert names == {"Ann Lee"}
    assert summary.skipped == {
        "messages with people the export does not list": 1,
        "invitation with people the export does not list": 1,
    }
    kinds = sorted(kind_of(row[0]) for row in workspace.conn.execute("SELECT kind FROM evidence"))
    assert kinds == ["connection", "messages"]


def test_reimporting_the_same_linkedin_export_changes_nothing(
    workspace: Workspace, ticking_clock: None
) -> None:
    load(workspace, dated_export())
    before = table_dump(workspace.conn)
    summary = load(workspace, dated_export())
    assert table_dump(workspace.conn) == before
    assert summary.people_created == 0
    assert summary.new_ties == 0
    # Ann, Bo and Cy: Dee, whom the export does not list, never became a person.
    assert workspace.conn.execute("SELECT count(*) FROM edges").fetchone()[0] == 3


def address_book() -> ReadResult:
    return vcard_file(
        contact(
            "Ann Lee",
            emails=["ann@lee.example"],
            company="Acme",
            relations=[Relation("Bob Lee", "spouse"), Relation("Kim Lee", "family")],
        ),
        contact("Bob Lee", phones=["+44 20 7946 0958"]),
        contact("Sam Roe"),  # a name and nothing else
        path="cards/mine.vcf",
    )


def test_reimporting_the_same_vcard_file_changes_nothing(
    workspace: Workspace, ticking_clock: None
) -> None:
    load(workspace, address_book())
    before = table_dump(workspace.conn)
    summary = load(workspace, address_book())
    assert summary.people_created == 0
    assert table_dump(workspace.conn) == before


def test_reimporting_a_friends_export_changes_nothing(
    workspace: Workspace, ticking_clock: None
) -> None:
    load(workspace, dated_export())
    carols = linkedin_export(
        contact(
            "Ann Lee",
            url="linkedin.com/in/ann-lee",
            company="Acme Inc.",
            connected_on=date(2018, 1, 1),
        ),
        contact("Eve Ng", url="linkedin.com/in/eve-ng", connected_on=date(2017, 1, 1)),
        path="carol/Connections.csv",
    )
    load(workspace, carols, owner="Carol Chen")
    before = table_dump(workspace.conn)
    load(workspace, carols, owner="Carol Chen")
    assert table_dump(workspace.conn) == before


def test_a_newer_export_updates_people_and_adds_connections_without_duplicates(
    workspace: Workspace,
) -> None:
    load(
        workspace,
        linkedin_export(
            contact(
                "Ann Lee",
                url="linkedin.com/in/ann-lee",
                company="Acme",
                title="Engineer",
                connected_on=date(2019, 3, 4),
            ),
            contact(
                "Bo Berg",
                url="linkedin.com/in/bo-berg",
                company="Globex",
                connected_on=date(2020, 1, 1),
            ),
        ),
    )
    newer = linkedin_export(
        contact(
            "Ann Lee",
            url="https://www.linkedin.com/in/ann-lee/",
            company="Initech",
            title="Engineering Manager",
            connected_on=date(2019, 3, 4),
        ),
        contact(
            "Bo Berg",
            url="linkedin.com/in/bo-berg",
            company="Globex",
            connected_on=date(2020, 1, 1),
        ),
        contact(
            "Cy Park", url="linkedin.com/in/cy-park", company="Hooli", connected_on=date(2025, 6, 1)
        ),
        path="exports/2026/Connections.csv",
    )
    load(workspace, newer)
    conn = workspace.conn
    ann = the_person(conn, "Ann Lee")
    assert (field(conn, ann, "company"), field(conn, ann, "title")) == (
        "Initech",
        "Engineering Manager",
    )
    assert field(conn, ann, "company_key") == "initech"
    cy = the_person(conn, "Cy Park")
    assert field(conn, cy, "degree") == 1
    assert people_count(workspace) == 3
    assert count(conn, "sources") == 2  # every import its own source, one lineage
    assert count(conn, "edges") == 3
    assert count(conn, "current_evidence") == 3  # the newer export's evidence replaces the older's
    assert count(conn, "evidence") == 5  # each file keeps its own (undo-import removes one)
    assert count(conn, "appearances") == 5
    assert count(conn, "identities") == 3


def test_a_newer_export_does_not_duplicate_a_connection_without_profile_url(
    workspace: Workspace,
) -> None:
    load(workspace, linkedin_export(contact("Dana Diaz", company="Acme")))
    load(workspace, linkedin_export(contact("Dana Diaz", company="Globex")))
    conn = workspace.conn
    dana = the_person(conn, "Dana Diaz")
    assert field(conn, dana, "company") == "Globex"
    assert count(conn, "edges") == 1


# --- The user ----------------------------------------------------------------------------------


def test_set_me_merges_the_user_as_listed_in_a_friends_export(workspace: Workspace) -> None:
    load(
        workspace,
        linkedin_export(
            contact("Pat Quinn", url="https://www.linkedin.com/in/pat-quinn", company="Acme"),
            contact("Eve Ng", url="linkedin.com/in/eve-ng"),
            path="carol/Connections.csv",
        ),
        owner="Carol Chen",
    )
    conn = workspace.conn
    with workspace.transaction():
        user = set_me(workspace, "Pat Quinn", linkedin_url="linkedin.com/in/Pat-Quinn/")
    assert user == me(conn)
    assert the_person(conn, "Pat Quinn") == user
    assert ids_named(conn, "Me") == []
    assert identities_of(conn, user) == {("linkedin", "linkedin.com/in/pat-quinn")}
    carol = the_person(conn, "Carol Chen")
    assert neighbours(conn, user) == {carol}
    assert field(conn, carol, "degree") == 1
    assert field(conn, the_person(conn, "Eve Ng"), "degree") == 2
    (obj,) = person_objects(workspace, [user])
    assert obj["is_me"] is True
    assert [(s["role"], s["owner"]) for s in obj["sources"]] == [("contact", "Carol Chen")]


def test_set_me_keeps_the_keys_the_users_appearance_carried(workspace: Workspace) -> None:
    load(
        workspace,
        vcard_file(
            contact("Pat Quinn", url="linkedin.com/in/pat-quinn", emails=["pat@quinn.example"]),
            path="carol.vcf",
        ),
        owner="Carol Chen",
    )
    conn = workspace.conn
    with workspace.transaction():
        user = set_me(workspace, "Pat Quinn", linkedin_url="https://www.linkedin.com/in/pat-quinn")
    assert identities_of(conn, user) == {
        ("linkedin", "linkedin.com/in/pat-quinn"),
        ("email", "pat@quinn.example"),
    }


def test_set_me_leaves_the_strength_of_the_users_merged_ties_as_evidence_says(
    workspace: Workspace,
) -> None:
    load(
        workspace,
        linkedin_export(contact("Pat Quinn", url="linkedin.com/in/pat-quinn"), path="c/C.csv"),
        owner="Carol Chen",
    )
    conn = workspace.conn
    with workspace.transaction():
        user = set_me(workspace, "Pat Quinn", linkedin_url="linkedin.com/in/pat-quinn")
    carol = the_person(conn, "Carol Chen")
    assert evidence_kinds(conn, user, carol) == ["connection", "shared-export"]
    assert strength(conn, user, carol) == pytest.approx(1 - 0.95 * 0.80 * 0.30)


def test_set_me_by_email_merges_the_user_from_an_address_book(workspace: Workspace) -> None:
    load(workspace, linkedin_export(contact("Ann Lee", url="linkedin.com/in/ann-lee")))
    load(
        workspace,
        vcard_file(contact("Patricia Q.", emails=["pat@quinn.example"]), path="ann.vcf"),
        owner="Ann Lee",
    )
    conn = workspace.conn
    with workspace.transaction():
        user = set_me(workspace, "Pat Quinn", emails=["PAT@Quinn.example"])
    assert ids_named(conn, "Patricia Q.") == []
    assert people_count(workspace) == 1  # only Ann
    assert evidence_kinds(conn, user, the_person(conn, "Ann Lee")) == [
        "address-book",
        "connection",
        "shared-export",
    ]


def test_after_set_me_a_friends_export_listing_the_user_links_to_the_user(
    workspace: Workspace,
) -> None:
    conn = workspace.conn
    with workspace.transaction():
        user = set_me(workspace, "Pat Quinn", linkedin_url="https://www.linkedin.com/in/pat-quinn")
    load(
        workspace,
        linkedin_export(contact("P. Quinn", url="linkedin.com/in/pat-quinn"), path="c/C.csv"),
        owner="Carol Chen",
    )
    assert ids_named(conn, "P. Quinn") == []
    assert neighbours(conn, user) == {the_person(conn, "Carol Chen")}


# --- Owners ------------------------------------------------------------------------------------


def test_an_owner_named_like_exactly_one_person_is_that_person(workspace: Workspace) -> None:
    load(workspace, linkedin_export(contact("Carol Chén", url="linkedin.com/in/carol-chen")))
    carol = the_person(workspace.conn, "Carol Chén")
    summary = load(
        workspace,
        linkedin_export(contact("Eve Ng", url="linkedin.com/in/eve-ng"), path="c/C.csv"),
        owner="carol chen",
    )
    conn = workspace.conn
    assert summary.owner == "Carol Chén"
    assert people_count(workspace) == 2
    eve = the_person(conn, "Eve Ng")
    assert neighbours(conn, eve) == {carol}
    assert field(conn, eve, "degree") == 2
    assert (field(conn, carol, "willingness"), field(conn, carol, "willingness_origin")) == (
        "willing",
        "shared",
    )
    owners = [r[0] for r in conn.execute("SELECT owner_id FROM sources ORDER BY id")]
    assert owners == [me(conn), carol]


def test_a_friend_named_as_owner_merges_with_the_users_connection_of_that_name(
    workspace: Workspace,
) -> None:
    # Carol's export lists the user; the user's export then lists Carol (by profile only).
    conn = workspace.conn
    with workspace.transaction():
        user = set_me(workspace, "Pat Quinn", linkedin_url="linkedin.com/in/pat-quinn")
    carols = linkedin_export(contact("Pat Quinn", url="linkedin.com/in/pat-quinn"), path="c/C.csv")
    load(workspace, carols, owner="Carol Chen")
    carol = the_person(conn, "Carol Chen")
    load(
        workspace,
        linkedin_export(contact("Carol Chen", url="linkedin.com/in/carol", company="Acme")),
    )
    assert the_person(conn, "Carol Chen") == carol
    assert identities_of(conn, carol) == {("linkedin", "linkedin.com/in/carol")}
    assert field(conn, carol, "company") == "Acme"
    assert evidence_kinds(conn, user, carol) == ["connection", "connection", "shared-export"]
    load(workspace, carols, owner="Carol Chen")
    assert count(conn, "sources") == 2
    assert people_count(workspace) == 1


def test_an_owner_name_shared_by_two_people_is_refused(workspace: Workspace) -> None:
    load(
        workspace,
        linkedin_export(
            contact("Sam Lee", url="linkedin.com/in/sam-1"),
            contact("Sam Lee", url="linkedin.com/in/sam-2"),
        ),
    )
    before = table_dump(workspace.conn)
    with pytest.raises(AmbiguousPerson):
        load(workspace, vcard_file(contact("Eve Ng")), owner="Sam Lee")
    assert table_dump(workspace.conn) == before


def test_a_new_owner_becomes_a_willing_person(workspace: Workspace) -> None:
    load(workspace, vcard_file(contact("Eve Ng"), path="carol.vcf"), owner="Carol Chen")
    conn = workspace.conn
    carol = the_person(conn, "Carol Chen")
    assert field(conn, carol, "willingness") == "willing"
    (obj,) = person_objects(workspace, [carol])
    assert obj["willingness"] == "willing"
    assert obj["sources"] == [
        {
            "id": 1,
            "kind": "vcard",
            "label": "carol.vcf",
            "owner": None,
            "role": "owner",
            "locator": None,
        }
    ]


def test_the_users_word_on_willingness_survives_reimporting_the_owners_export(
    workspace: Workspace,
) -> None:
    export = linkedin_export(contact("Eve Ng", url="linkedin.com/in/eve-ng"), path="c/C.csv")
    load(workspace, export, owner="Carol Chen")
    conn = workspace.conn
    carol = the_person(conn, "Carol Chen")
    with workspace.transaction():
        set_willingness(workspace, carol, "unwilling")
    load(workspace, export, owner="Carol Chen")
    assert the_person(conn, "Carol Chen") == carol
    assert (field(conn, carol, "willingness"), field(conn, carol, "willingness_origin")) == (
        "unwilling",
        "user",
    )


# --- Relations and interactions ------------------------------------------------------------------


def test_a_relation_naming_a_card_in_the_same_file_links_the_two(workspace: Workspace) -> None:
    load(workspace, address_book())
    conn = workspace.conn
    ann, bob = the_person(conn, "Ann Lee"), the_person(conn, "Bob Lee")
    assert evidence_kinds(conn, ann, bob) == ["relation"]
    detail = conn.execute(
        "SELECT detail, holder_id FROM evidence WHERE kind = ? AND a = ? AND b = ?",
        (kind_code("relation"), min(ann, bob), max(ann, bob)),
    ).fetchone()
    assert tuple(detail) == ("spouse", ann)
    assert strength(conn, ann, bob) == pytest.approx(1 - 0.95 * 0.10)
    # A relation to someone with no card of their own is a person too.
    kim = the_person(conn, "Kim Lee")
    assert neighbours(conn, kim) == {ann}
    assert strength(conn, ann, kim) == pytest.approx(1 - 0.95 * 0.20)
    assert people_count(workspace) == 4  # Ann, Bob, Sam, Kim


def test_reimporting_relations_does_not_duplicate_the_related_people(workspace: Workspace) -> None:
    load(workspace, address_book())
    load(workspace, address_book())
    conn = workspace.conn
    assert len(ids_named(conn, "Bob Lee")) == 1
    assert len(ids_named(conn, "Kim Lee")) == 1
    assert people_count(workspace) == 4
    assert count(conn, "edges") == 5  # the user to Ann, Bob, Sam; Ann to Bob and Kim


def test_messages_strengthen_the_owners_edge(workspace: Workspace) -> None:
    ann = contact("Ann Lee", url="linkedin.com/in/ann-lee")
    load(workspace, linkedin_export(ann))
    conn = workspace.conn
    person = the_person(conn, "Ann Lee")
    assert strength(conn, me(conn), person) == pytest.approx(1 - 0.95 * 0.80)
    chat = messages(
        "Ann", url="https://www.linkedin.com/in/ann-lee/", sent=6, received=6, last=AS_OF
    )
    load(workspace, linkedin_export(ann, interactions=[chat]))
    assert the_person(conn, "Ann Lee") == person
    assert evidence_kinds(conn, me(conn), person) == ["connection", "messages"]
    expected = 1 - 0.95 * 0.80 * (1 - 0.75 * (1 - math.exp(-1)))
    assert strength(conn, me(conn), person) == pytest.approx(expected)


def test_a_conversation_with_someone_the_export_does_not_list_is_left_out_and_said(
    workspace: Workspace,
) -> None:
    """A counterpart who is no connection of the export and known nowhere else never becomes a
    new person: the summary counts them among the skipped records."""
    summary = load(
        workspace,
        linkedin_export(
            contact("Ann Lee", url="linkedin.com/in/ann-lee"),
            interactions=[
                messages(
                    "Dee Fox",
                    url="linkedin.com/in/dee-fox",
                    sent=1,
                    received=3,
                    last=date(2025, 12, 1),
                )
            ],
        ),
    )
    conn = workspace.conn
    assert ids_named(conn, "Dee Fox") == []
    assert summary.skipped == {"messages with people the export does not list": 1}
    assert summary.people_created == 1


def test_a_conversation_with_someone_known_from_another_file_links_them(
    workspace: Workspace,
) -> None:
    load(workspace, vcard_file(contact("Dee Fox", url="https://www.linkedin.com/in/dee-fox")))
    load(
        workspace,
        linkedin_export(
            contact("Ann Lee", url="linkedin.com/in/ann-lee"),
            interactions=[
                messages("Dee Fox", url="linkedin.com/in/dee-fox", sent=1, received=3, last=AS_OF)
            ],
        ),
    )
    conn = workspace.conn
    dee = the_person(conn, "Dee Fox")
    assert evidence_kinds(conn, me(conn), dee) == ["address-book", "messages"]


# --- Degrees and sources -------------------------------------------------------------------------


def test_degrees_on_a_small_network(workspace: Workspace) -> None:
    # Ann, Bob, Cy and Zed share their files, so each knows the user; once the user says they do
    # not know Bob, Cy and Zed: me - Ann - Bob - Cy - Dee, and a separate island Zed - Yul.
    load(workspace, linkedin_export(contact("Ann Lee", url="linkedin.com/in/ann")))
    load(
        workspace,
        vcard_file(contact("Bob Berg", emails=["bob@b.example"]), path="ann.vcf"),
        owner="Ann Lee",
    )
    load(
        workspace,
        vcard_file(contact("Cy Park", emails=["cy@p.example"]), path="bob.vcf"),
        owner="bob@b.example",
    )
    load(
        workspace,
        vcard_file(contact("Dee Fox", emails=["dee@f.example"]), path="cy.vcf"),
        owner="cy@p.example",
    )
    load(workspace, vcard_file(contact("Yul Ito"), path="zed.vcf"), owner="Zed Zane")
    conn = workspace.conn
    shared = {p.name: p.degree for p in list_people(workspace)}
    assert shared == {
        "Ann Lee": 1,
        "Bob Berg": 1,
        "Cy Park": 1,
        "Dee Fox": 2,
        "Zed Zane": 1,
        "Yul Ito": 2,
    }
    for name in ("Bob Berg", "Cy Park", "Zed Zane"):
        remove_tie(workspace, me(conn), the_person(conn, name))
    degrees = {p.name: p.degree for p in list_people(workspace)}
    assert degrees == {
        "Ann Lee": 1,
        "Bob Berg": 2,
        "Cy Park": 3,
        "Dee Fox": None,
        "Zed Zane": None,
        "Yul Ito": None,
    }
    assert [p.name for p in list_people(workspace, degree=2)] == ["Bob Berg"]
    (user,) = person_objects(workspace, [me(conn)])
    assert user["degree"] is None and user["is_me"] is True


def test_person_objects_list_their_sources_with_roles(workspace: Workspace) -> None:
    load(workspace, linkedin_export(contact("Ann Lee", url="linkedin.com/in/ann")))
    load(
        workspace,
        vcard_file(contact("Ann L.", url="linkedin.com/in/ann"), path="cards/carol.vcf"),
        owner="Carol Chen",
    )
    load(workspace, vcard_file(contact("Bob Berg"), path="cards/ann.vcf"), owner="Ann Lee")
    conn = workspace.conn
    ann = the_person(conn, "Ann Lee")
    (obj,) = person_objects(workspace, [ann])
    assert obj["sources"] == [
        {
            "id": 1,
            "kind": "linkedin",
            "label": "Connections.csv",
            "owner": "Me",
            "role": "contact",
            "locator": "line 2",
        },
        {
            "id": 2,
            "kind": "vcard",
            "label": "carol.vcf",
            "owner": "Carol Chen",
            "role": "contact",
            "locator": "card 1",
        },
        {
            "id": 3,
            "kind": "vcard",
            "label": "ann.vcf",
            "owner": None,
            "role": "owner",
            "locator": None,
        },
    ]
    assert obj["linkedin_url"] == "https://www.linkedin.com/in/ann"
    assert obj["willingness"] == "willing"
