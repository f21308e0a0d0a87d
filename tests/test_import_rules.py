"""The import rules of issue 13, items 8-10, on vCard files of our own (tests/fixtures/import_rules,
synthetic): phone numbers, character sets, ``ORG:;Department``, invalid and mixed-case email
addresses, and where every record came from."""

from __future__ import annotations

import json
from pathlib import Path

from netgraph.ingest.readers.charsets import decode_lines, detect_legacy
from netgraph.ingest.readers.vcard import read_vcard
from tests.cli_helpers import ok

RULES = Path(__file__).resolve().parent / "fixtures" / "import_rules"


def person(name: str) -> dict[str, object]:
    return dict(json.loads(ok("show", name, "--format", "json").output))


def names() -> set[str]:
    return {p["name"] for p in json.loads(ok("people", "--format", "json").output)}


def cp(text_hex: str, codec: str) -> str:
    """Text given as the hex of its bytes in ``codec`` (keeps this file ASCII)."""
    return bytes.fromhex(text_hex).decode(codec)


OLEKSANDR = cp("ceebe5eaf1e0ede4f020d8e5e2f7e5edeaee", "cp1251")
GIORGOS = cp("c3e9fef1e3eff220d0e1f0e1e4fcf0eff5ebeff2", "cp1253")
DAVID = cp("e3e5e320ebe4ef", "cp1255")


def test_each_line_is_decoded_in_the_charset_it_declares() -> None:
    result = read_vcard(RULES / "declared-charsets.vcf")

    assert [c.name for c in result.contacts] == [OLEKSANDR, GIORGOS, DAVID]
    note = result.notes[0]
    assert "Windows-1251" in note and "Windows-1253" in note and "Windows-1255" in note


def test_declared_charsets_through_the_cli_say_which_encoding() -> None:
    out = ok("import", "vcard", RULES / "declared-charsets.vcf").output

    assert "lines decoded in the character sets they declare" in out
    assert {OLEKSANDR, GIORGOS, DAVID} <= names()
    # the card's address names Ukraine: its national number is read there
    assert "+380501234567" in person(OLEKSANDR)["phones"]  # type: ignore[operator]


def test_without_a_declaration_the_charset_is_detected_and_said() -> None:
    out = ok("import", "vcard", RULES / "undeclared-greek.vcf").output

    assert "decoded as Windows-1253 (cp1253), detected from the names" in out
    assert cp("cce1f1dfe120caf9edf3f4e1edf4dfedeff5", "cp1253") in names()


def test_detection_breaks_ties_by_what_names_look_like() -> None:
    assert detect_legacy(bytes.fromhex("eef9e420ece5e9")) == "cp1255"  # two Hebrew words
    assert detect_legacy("Fran\xe7ois L\xe9g\xe8re".encode("cp1252")) == "cp1252"
    text, note = decode_lines(
        b"FN:Ana\nNOTE;CHARSET=KOI8-R:" + "\u041c\u0438\u0440".encode("koi8_r")
    )
    assert text.endswith("\u041c\u0438\u0440") and "KOI8-R: 1 lines" in note


def test_phone_numbers_that_do_not_validate_are_text_never_keys(tmp_path: Path) -> None:
    out = ok("import", "vcard", RULES / "phones-emails-org.vcf").output

    assert "3 phone number(s) are not valid numbers" in out  # 0123456789 twice, +49000000
    jonas = person("Jonas Weber")
    assert jonas["phones"] == ["+4917623384942", "+493444122267"]  # Deutschland, from ADR
    assert person("Test Eins")["phones"] == []
    assert {"Test Eins", "Test Zwei"} <= names()  # the same invalid number merges no one
    assert person("Kurz Nummer")["phones"] == []


def test_me_country_is_the_default_region(tmp_path: Path) -> None:
    ok("me", "Alex Kim", "--phone", "+44 20 7946 0958")
    card = tmp_path / "uk.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Uk Friend\nTEL:020 7946 0123\nEND:VCARD\n")

    ok("import", "vcard", card)

    assert person("Uk Friend")["phones"] == ["+442079460123"]


def test_org_department_invalid_email_and_written_case() -> None:
    ok("import", "vcard", RULES / "phones-emails-org.vcf")

    sales = person("Sales Team")
    assert sales["company"] is None  # ORG:;Department names no company
    assert sales["emails"] == [] and person("Other Team")["emails"] == []
    assert {"Sales Team", "Other Team"} <= names()  # an invalid address merges no one
    assert person("Mary Major")["emails"] == ["Mary.Major@Example.com"]  # as written
    assert "Mary Major" in ok("people", "mary.major@example.com").output  # found folded


def test_every_record_says_which_file_and_line(tmp_path: Path) -> None:
    ok("import", "vcard", RULES / "phones-emails-org.vcf")

    sources = person("Mary Major")["sources"]
    assert sources == [
        {
            "id": 1,
            "kind": "vcard",
            "label": "phones-emails-org.vcf",
            "owner": sources[0]["owner"],  # type: ignore[index]
            "role": "contact",
            "locator": "card 7 (line 34)",
        }
    ]
