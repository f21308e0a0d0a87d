"""Real vCards from other projects' test suites (tests/fixtures/shared/, see SOURCES.md).

Every card of every file must import with the expected name, emails, company and relations;
none of these files has a card that may be rejected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from netgraph.ingest.readers.vcard import read_vcard
from netgraph.ingest.records import Contact

SHARED = Path(__file__).resolve().parent / "fixtures" / "shared"
EZ = "mangstadt_ez-vcard/"
VCFX = "off-by-some_vcfx/"
N_TILDE = "\u00d1"


@dataclass
class Card:
    """What one card must import as (relations as (name, kind) pairs)."""

    name: str
    emails: list[str] = field(default_factory=list)
    company: str | None = None
    org_units: list[str] = field(default_factory=list)
    title: str | None = None
    phones: int = 0
    relations: list[tuple[str, str]] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)


JOHN_DOE_IBM = "Mr. John Richter James Doe Sr."

EXPECTED: dict[str, list[Card]] = {
    EZ + "John_Doe_ANDROID.vcf": [
        Card("john.doe@company.com", ["john.doe@company.com"], categories=["My Contacts"]),
        Card("jane.doe@company.com", ["jane.doe@company.com"], categories=["My Contacts"]),
        Card(" ".join([N_TILDE] * 5), phones=1, categories=["My Contacts"]),
        Card(" ".join([N_TILDE] * 11), phones=4, categories=["My Contacts"]),
        Card(
            " ".join([N_TILDE] * 4),
            ["bob@company.com", N_TILDE * 14],
            company=N_TILDE * 12,
            phones=1,  # three TEL lines, all "123456"
        ),
        Card(
            N_TILDE * 4,
            ["henry@company.com"],
            company=N_TILDE * 44,
            phones=1,
            categories=["My Contacts"],
        ),
    ],
    EZ + "John_Doe_BLACK_BERRY.vcf": [Card("John Doe", company="Acme Solutions", phones=1)],
    EZ + "John_Doe_EVOLUTION.vcf": [
        Card(
            "Mr. John Richter, James Doe Sr.",
            ["john.doe@ibm.com"],
            "IBM",
            ["Accounting", "Dungeon"],
            "Money Counter",
            phones=2,
            relations=[("Maria", "spouse"), ("Big Blue", "manager"), ("Little Red", "assistant")],
            categories=["VIP"],
        )
    ],
    EZ + "John_Doe_GMAIL.vcf": [
        Card(
            "Mr. John Richter, James Doe Sr.",  # vobject alone truncates it at the comma
            ["john.doe@ibm.com"],
            "IBM",
            title="Money Counter",
            phones=2,
            relations=[("Jenny", "spouse")],
        )
    ],
    EZ + "John_Doe_IPHONE.vcf": [
        Card(JOHN_DOE_IBM, ["john.doe@ibm.com"], "IBM", ["Accounting"], "Money Counter", 7)
    ],
    EZ + "John_Doe_LOTUS_NOTES.vcf": [
        Card(
            "Mr. Doe John I Johny",
            ["john.doe@ibm.com", "billy_bob@gmail.com"],
            "IBM",
            ["SUN"],
            "Generic Accountant",
            phones=2,
        )
    ],
    EZ + "John_Doe_MAC_ADDRESS_BOOK.vcf": [
        Card(
            "Mr. John Richter,James Doe Sr.",
            ["john.doe@ibm.com"],
            "IBM",
            ["Accounting"],
            "Money Counter",
            phones=7,
            relations=[("Jenny", "spouse")],
        )
    ],
    EZ + "John_Doe_MS_OUTLOOK.vcf": [
        Card(
            JOHN_DOE_IBM,
            ["john.doe@ibm.cm"],
            "IBM",
            ["Accounting"],
            "Money Counter",
            phones=2,
            relations=[("Big Blue", "manager"), ("Jenny", "assistant")],
        )
    ],
    EZ + "outlook-2003.vcf": [
        Card(
            "John Doe III",
            ["jdoe@hotmail.com"],
            "Company, The",
            ["TheDepartment"],
            "The Job Title",
            phones=4,
        )
    ],
    EZ + "outlook-2007.vcf": [
        Card(
            "Mr. Michael Angstadt Jr.",
            ["mike.angstadt@gmail.com"],
            "TheCompany",
            ["TheDepartment"],
            "TheJobTitle",
            phones=4,
            relations=[
                ("TheManagerName", "manager"),
                ("TheAssistantName", "assistant"),
                ("TheSpouse", "spouse"),
            ],
        )
    ],
    EZ + "gmail-single2.vcf": [
        Card(
            "VCard Test",
            [
                "email@example.com",
                "homeemail@example.com",
                "workemail@example.com",
                "otheremail@example.com",
                "customcategory@example.com",
            ],
            "TheCompany",
            title="TheJobTitle",
            phones=11,
            relations=[
                ("Name1", "related"),
                ("Name2", "spouse"),
                ("Name3", "family"),
                ("Name4", "family"),
                ("Name5", "family"),
                ("Name6", "family"),
                ("Name7", "family"),
                ("Name8", "family"),
                ("Name9", "friend"),
                ("Name10", "family"),
                ("Name11", "manager"),
                ("Name12", "assistant"),
                ("Name13", "referred-by"),
                ("Name14", "partner"),
                ("Name15", "partner"),
                ("Name16", "related"),
            ],
        )
    ],
    EZ + "gmail-list.vcf": [
        Card("Arnold Smith", ["asmithk@gmail.com"]),
        Card("Chris Beatle", ["chrisy55d@yahoo.com"]),
        Card("Doug White", ["dwhite@gmail.com"]),
    ],
    EZ + "thunderbird-MoreFunctionsForAddressBook-extension.vcf": [
        Card(
            "John Doe",
            [
                "doe.john@hotmail.com",
                "additional-email@company.com",
                "additional-email1@company.com",
                "additional-email2@company.com",
                "additional-email3@company.com",
            ],
            "TheOrganization",
            ["TheDepartment"],
            "TheTitle",
            phones=5,
            relations=[("TheSpouse", "spouse")],
            categories=["category1, category2, category3"],  # written with escaped commas
        )
    ],
    EZ + "fullcontact.vcf": [
        Card(
            "Prefix FirstName MiddleName LastName Suffix",
            [
                "home@example.com",
                "work@example.com",
                "school@example.com",
                "other@example.com",
                "custom@example.com",
            ],
            "Organization1",
            ["Department1"],
            "Title1",
            phones=9,
            relations=[
                ("Mother", "family"),
                ("Father", "family"),
                ("Parent", "family"),
                ("Brother", "family"),
                ("Sister", "family"),
                ("Child", "family"),
                ("Friend", "friend"),
                ("Spouse", "spouse"),
                ("Fiance", "partner"),
                ("Partner", "partner"),
                ("Assistant", "assistant"),
                ("Manager", "manager"),
                ("Other", "related"),
                ("Custom", "related"),
            ],
            categories=["Tag"],
        )
    ],
    EZ + "rfc6350-example.vcf": [
        Card("Simon Perreault", ["simon.perreault@viagenie.ca"], "Viagenie", phones=2)
    ],
    EZ + "issue114.vcf": [Card("Dummy, Dummy", ["dummy.dummy@dummy.com"], "Dummy GmbH", phones=2)],
    VCFX + "reggie-smalls-ios-v3.0.vcf": [
        Card(
            "Reginald Smalls",
            [
                "reggiesmalls@mail.com",
                "reggiesmallswork@mail.com",
                "reggiesmallsicloud@mail.com",
                "reggiesmallsother@mail.com",
                "reggiesmallscustomlabel@mail.com",
            ],
            "Toybox Creations Inc.",
            phones=11,
        )
    ],
    VCFX + "spooderman-android-v2.1.vcf": [
        Card(
            "Spoodermane",
            ["dfgghhy@mail.com", "vvbhhff@mail.com", "hjggghj@mail.com", "ggxcvv"],
            "Ggghjjf Ltd.",
            ["Fgugjj"],
            "Gjjgdd",
            phones=5,
            relations=[
                ("Ygugggy", "family"),  # 9 parent
                ("Gyysgh", "family"),  # 8 mother
                ("Jofhugy", "family"),  # 5 father
                ("Jiojdg", "family"),  # 2 brother
                ("Ujffgg", "family"),  # 13 sister
                ("Gjiffgy", "spouse"),  # 14
                ("Hhihhrt", "family"),  # 3 child
                ("Hrfgghj", "friend"),  # 6
                ("Uyhfghhfg", "family"),  # 12 relative
                ("Jtrgydtff", "partner"),  # 4 domestic partner
                ("Iihhjjfg", "partner"),  # 10
                ("Jhfjhgfg", "manager"),  # 7
                ("Hitggvjg", "assistant"),  # 1
                ("Uffhjfg", "referred-by"),  # 11
                ("Hu", "related"),  # 0 with the custom label "Gggffv"
            ],
        )
    ],
}


def as_card(contact: Contact, expected: Card) -> Card:
    """The fields of a contact that the expectation pins."""
    return Card(
        name=contact.name,
        emails=contact.emails,
        company=contact.company,
        org_units=contact.org_units,
        title=contact.title,
        phones=len(contact.phones),
        relations=[(relation.name, relation.kind) for relation in contact.relations],
        categories=contact.categories,
    )


def test_every_shared_vcard_file_has_expectations() -> None:
    on_disk = {path.relative_to(SHARED).as_posix() for path in SHARED.rglob("*.vcf")}

    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_every_card_imports_with_the_expected_fields(relative: str) -> None:
    result = read_vcard(SHARED / relative)  # without skip_bad: any bad card would raise

    assert result.bad == []
    assert [
        as_card(contact, card)
        for contact, card in zip(result.contacts, EXPECTED[relative], strict=False)
    ] == EXPECTED[relative]
    assert len(result.contacts) == len(EXPECTED[relative])
    assert [contact.locator for contact in result.contacts][:1] == ["card 1 (line 1)"]


def test_photos_keys_and_xml_blobs_never_reach_raw() -> None:
    for relative in EXPECTED:
        for contact in read_vcard(SHARED / relative).contacts:
            text = repr(contact.raw)
            assert "/9j/" not in text, relative  # JPEG base64
            assert "MII" not in text, relative  # X.509 key base64
            assert "<card" not in text, relative  # Outlook's X-MS-OL-DESIGN


def test_android_stray_byte_is_repaired_and_reported() -> None:
    result = read_vcard(SHARED / EZ / "John_Doe_ANDROID.vcf")

    assert result.notes == [
        "decoded as UTF-8",
        "card 6 (line 71): line 82: the ORG text: bytes invalid in its character set "
        "were replaced by U+FFFD",
    ]


def test_lotus_notes_profile_line_does_not_break_the_card() -> None:
    # vobject alone raises VObjectError ("already has a PROFILE") on this card.
    contact = read_vcard(SHARED / EZ / "John_Doe_LOTUS_NOTES.vcf").contacts[0]

    assert (contact.first_name, contact.last_name) == ("John", "Doe")
    assert contact.phones == ["+1 (212) 204-34456", "00-1-212-555-7777"]


def test_versions_are_recorded_as_written() -> None:
    versions = {
        relative: read_vcard(SHARED / relative).contacts[0].raw["version"]
        for relative in (
            EZ + "John_Doe_MS_OUTLOOK.vcf",
            EZ + "John_Doe_IPHONE.vcf",
            EZ + "rfc6350-example.vcf",
        )
    }

    assert list(versions.values()) == ["2.1", "3.0", "4.0"]


def test_tel_uri_prefix_is_removed_and_nbsp_kept_as_written() -> None:
    rfc = read_vcard(SHARED / EZ / "rfc6350-example.vcf").contacts[0]
    reggie = read_vcard(SHARED / VCFX / "reggie-smalls-ios-v3.0.vcf").contacts[0]

    assert rfc.phones == ["+1-418-656-9254;ext=102", "+1-418-262-6501"]
    assert reggie.phones[0] == "(916)\u00a0555-1234"
