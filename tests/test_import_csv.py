"""``netgraph import csv``: Google Contacts and Outlook CSV files, through the reader and the CLI,
and the import rules they share with the vCard reader (issue 13, items 8-10 and "What to build" 4).

The fixtures in tests/fixtures/contacts_csv are synthetic, written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netgraph.errors import InputError
from netgraph.ingest.readers.contacts_csv import read_contacts_csv
from tests.cli_helpers import ok, one_line_error, run

CSV = Path(__file__).resolve().parent / "fixtures" / "contacts_csv"


def people(*args: object) -> dict[str, dict[str, object]]:
    result = ok("people", *args, "--format", "json")
    return {p["name"]: p for p in json.loads(result.output)}


def test_google_csv_maps_columns_like_the_vcard_reader() -> None:
    result = read_contacts_csv(CSV / "google.csv")

    hana, ravi, sales = result.contacts
    assert result.notes[:2] == ["Google Contacts CSV layout", "decoded as UTF-8"]
    assert (hana.name, hana.company, hana.title) == ("Hana Novak", "Wayne Enterprises", "Recruiter")
    assert hana.linkedin_url == "https://www.linkedin.com/in/hana-novak-example"
    assert hana.country == "Deutschland" and hana.categories == ["Work"]
    assert [(r.name, r.kind) for r in hana.relations] == [("Tomas Novak", "spouse")]
    assert hana.locator == "line 2"
    assert ravi.locator == "line 4"  # Hana's note spans two lines
    assert ravi.emails == ["ravi@acme.example", "ravi.mehta@home.example"]  # " ::: " joined
    # ORG-like department without a company is no company; an invalid address is no name
    assert sales.company is None and sales.org_units == ["Sales"]


def test_outlook_csv_leaves_shared_numbers_and_exchange_paths_out_of_keys() -> None:
    result = read_contacts_csv(CSV / "outlook.csv")

    sam, priya = result.contacts
    assert result.notes[0] == "Outlook CSV layout"
    assert sam.phones == ["(415) 555-0199"]  # not the switchboard, not the fax
    assert (sam.company, sam.org_units, sam.title) == ("Globex", ["R&D"], "VP Engineering")
    assert [(r.name, r.kind) for r in sam.relations] == [("Ana Lopez", "manager")]
    assert [(r.name, r.kind) for r in priya.relations] == [("Arjun Raman", "spouse")]


def test_new_google_layout_with_a_byte_order_mark() -> None:
    result = read_contacts_csv(CSV / "google_new.csv")

    assert [c.name for c in result.contacts] == ["Wei Chen PhD", "Ana Lopez"]
    assert result.contacts[1].relations[0].kind == "manager"


def test_dialect_is_recognised_or_refused_in_one_line(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("Foo,Bar\n1,2\n", encoding="utf-8")

    with pytest.raises(InputError, match="neither Google Contacts' nor Outlook's"):
        read_contacts_csv(other)
    with pytest.raises(InputError, match="none of the columns of an Outlook CSV"):
        read_contacts_csv(CSV / "google.csv", dialect="outlook")
    with pytest.raises(InputError, match="none of the columns of a Google Contacts CSV file"):
        read_contacts_csv(other, dialect="google")
    result = run("import", "csv", other)
    one_line_error(result, r".*--dialect.*")


def test_a_bad_row_rejects_the_file_unless_skip_bad(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(
        "First Name,Last Name,E-mail Address,Job Title\n"
        "Ada,Lovelace,ada@example.org,Analyst\n"
        'Bad,"row,extra,fields,here\n'
        "Alan,Turing,alan@example.org,Engineer\n",
        encoding="utf-8",
    )

    ok("me", "Alex Kim")
    one_line_error(run("import", "csv", path), r".*broken\.csv.*line 3.*")
    assert "Ada Lovelace" not in people()  # all or nothing
    out = ok("import", "csv", path, "--skip-bad").output
    assert "Ada Lovelace" in people() and "Alan Turing" in people()
    assert "line 3" in out


def test_import_csv_through_the_cli_says_what_it_did() -> None:
    ok("me", "Alex Kim", "--email", "alex@example.com")
    out = ok("import", "csv", CSV / "google.csv").output

    assert "Google Contacts CSV layout" in out
    assert "contacts CSV file" in out
    found = people()
    assert {"Hana Novak", "Ravi Mehta", "Tomas Novak"} <= set(found)
    # the explicit dialect gives the same
    ok("import", "csv", CSV / "outlook.csv", "--dialect", "outlook")
    assert "Sam Lee" in " ".join(people())


def test_windows_1251_outlook_file_is_detected_and_said() -> None:
    out = ok("import", "csv", CSV / "outlook_cp1251.csv").output

    assert "Windows-1251" in out
    names = set(people())
    name = bytes.fromhex("ceebe5eaf1e0ede4f020d8e5e2f7e5edeaee").decode("cp1251")
    assert name in names


def test_invalid_phone_numbers_are_text_never_keys_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "phones.csv"
    path.write_text(
        "First Name,Last Name,Mobile Phone,Home Country/Region,E-mail Address\n"
        "Jonas,Weber,017623384942,Germany,\n"
        "Test,One,0123456789,,\n"
        "Test,Two,0123456789,,\n"
        "Kurz,Nummer,+49000000,,\n",
        encoding="utf-8",
    )

    out = ok("import", "csv", path, "--region", "US").output

    assert "2 phone number(s) are not valid" in out or "3 phone number(s) are not valid" in out
    found = people()
    assert "Test One" in found and "Test Two" in found  # a shared invalid number merges no one
    show = json.loads(ok("show", "Jonas Weber", "--format", "json").output)
    assert "+4917623384942" in json.dumps(show)  # read in Germany, from the address


def test_invalid_email_is_never_a_key_and_the_local_part_keeps_its_case(tmp_path: Path) -> None:
    path = tmp_path / "emails.csv"
    path.write_text(
        "First Name,Last Name,E-mail Address\n"
        "Semi,Colon,semicolon;@points.net\n"
        "Other,Person,semicolon;@points.net\n"
        "Mary,Major,Mary.Major@Example.com\n",
        encoding="utf-8",
    )
    ok("import", "csv", path)
    found = people()

    assert "Semi Colon" in found and "Other Person" in found
    show = ok("show", "Mary Major").output
    assert "Mary.Major@" in show or "mary.major@example.com" in show


def test_every_import_keeps_its_own_source(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("First Name,Last Name,E-mail Address\nAda,L,ada@example.org\n", "utf-8")
    second.write_text("First Name,Last Name,E-mail Address\nBo,M,bo@example.org\n", "utf-8")
    ok("import", "csv", first)
    ok("import", "csv", second)
    ok("import", "csv", first)  # the same file again is the same source

    info = json.loads(ok("info", "--format", "json").output)
    labels = [source["label"] for source in info["sources"]]
    assert labels == ["a.csv", "b.csv"]


def test_a_manifest_row_of_kind_csv_is_imported(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        f"path,kind,owner,new_owner\n{CSV / 'outlook.csv'},csv,Dana Friend,yes\n",
        encoding="utf-8",
    )

    out = ok("import", "batch", manifest).output

    assert "Imported 1 of 1 files" in out
    found = people()
    assert "Dana Friend" in found and found["Dana Friend"]["willingness"] == "willing"
    assert "Priya Raman" in found and "Sam Lee" in found
