"""The LinkedIn export reader: one fixture per quirk seen in real exports (see fixtures README)."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from netgraph.errors import InputError
from netgraph.ingest.readers import limits, linkedin_sources
from netgraph.ingest.readers.linkedin import parse_dates, read_linkedin
from netgraph.ingest.records import BadRecord, Contact, Interaction, ReadResult

FIXTURES = Path(__file__).parent / "fixtures" / "linkedin"
SHARED = Path(__file__).parent / "fixtures" / "shared_linkedin"
ADA = "https://www.linkedin.com/in/ada-lovelace-1a2b3c"

# (name, company, title, connected on) of the rows of connections_current/_bom/_crlf.csv
CURRENT = [
    ("Ada Lovelace, PhD", "Analytical Engines, Ltd.", "Engineer", date(2026, 1, 5)),
    ("Bo Ek", "Acme", "CTO", date(2025, 12, 21)),
    ("🟢 Max Müller", "Bäckerei Müller GmbH", "Geschäftsführer", date(2025, 9, 1)),
    ("José Álvarez", "Telefónica", "Ingeniero de Software", date(2025, 8, 15)),
    ("明 李", "字节跳动", "工程师", date(2025, 7, 3)),
    ("محمد العلي", "أرامكو", "مهندس", date(2025, 6, 30)),
    ("Grace Hopper", "Navy, US", "Rear Admiral", date(2024, 12, 9)),
]


def summary(result: ReadResult) -> list[tuple[str, str | None, str | None, date | None]]:
    """(name, company, title, connected on) per contact."""
    return [(c.name, c.company, c.title, c.connected_on) for c in result.contacts]


def by_name(result: ReadResult, kind: str) -> dict[str, Interaction]:
    """The interactions of one kind, by counterpart name."""
    return {item.name: item for item in result.interactions if item.kind == kind}


def read_error(path: Path, **kwargs: bool) -> InputError:
    """The InputError reading ``path`` raises."""
    with pytest.raises(InputError) as caught:
        read_linkedin(path, **kwargs)
    return caught.value


# --- Connections.csv layouts ---------------------------------------------------------------------


def test_current_layout_with_preamble_reads_every_person() -> None:
    result = read_linkedin(FIXTURES / "connections_current.csv")
    assert result.kind == "linkedin"
    assert summary(result) == CURRENT
    assert result.bad == []
    assert result.files_read == [str(FIXTURES / "connections_current.csv")]


def test_current_layout_fields_locators_and_raw() -> None:
    ada, bo, max_, jose = read_linkedin(FIXTURES / "connections_current.csv").contacts[:4]
    assert ada == Contact(
        name="Ada Lovelace, PhD",
        locator="line 5",  # 3 preamble lines, then the header on line 4
        first_name="Ada",
        last_name="Lovelace, PhD",
        company="Analytical Engines, Ltd.",
        title="Engineer",
        linkedin_url=ADA,
        connected_on=date(2026, 1, 5),
        raw={
            "First Name": "Ada",
            "Last Name": "Lovelace, PhD",
            "URL": ADA,
            "Company": "Analytical Engines, Ltd.",
            "Position": "Engineer ",  # as read: untrimmed
            "Connected On": "05 Jan 2026",
        },
    )
    assert bo.emails == ["bo@example.com"]
    assert bo.linkedin_url == "https://www.linkedin.com/in/%7Ebo"
    assert (max_.locator, max_.first_name) == ("line 8", "🟢 Max")  # line 7 is date-only
    assert (jose.first_name, jose.raw["First Name"]) == ("José", " José ")
    assert ada.emails == [] and "Email Address" not in ada.raw


def test_date_only_rows_are_skipped_and_counted() -> None:
    result = read_linkedin(FIXTURES / "connections_current.csv")
    assert result.skipped == {"date-only rows": 2}
    assert [c.locator for c in result.contacts] == [
        "line 5", "line 6", "line 8", "line 9", "line 10", "line 11", "line 13",
    ]  # fmt: skip


@pytest.mark.parametrize("name", ["connections_bom.csv", "connections_crlf.csv"])
def test_bom_and_crlf_read_like_the_plain_file(name: str) -> None:
    result = read_linkedin(FIXTURES / name)
    assert summary(result) == CURRENT
    assert all("\r" not in value for c in result.contacts for value in c.raw.values())


def test_bom_without_preamble_puts_the_header_on_line_1() -> None:
    result = read_linkedin(FIXTURES / "connections_bom.csv")
    assert result.contacts[0].locator == "line 2"
    assert result.contacts[0].raw["First Name"] == "Ada"  # no BOM glued to the first column


def test_layout_without_url_column() -> None:
    result = read_linkedin(FIXTURES / "export_2021" / "Connections.csv")
    charles, mary = result.contacts
    assert (charles.name, charles.linkedin_url, charles.emails) == (
        "Charles Babbage",
        None,
        ["charles@example.com"],
    )
    assert (charles.connected_on, charles.locator) == (date(2021, 11, 17), "line 5")
    assert (mary.company, mary.title, mary.connected_on) == (
        "Royal Society",
        "Scientist",
        date(2021, 3, 2),
    )


def test_2018_layout_without_preamble_and_with_times() -> None:
    result = read_linkedin(FIXTURES / "export_2018" / "Connections.csv")
    assert [(c.name, c.company, c.connected_on, c.locator) for c in result.contacts] == [
        ("Charles Babbage", "Difference Engines, Ltd.", date(2018, 4, 15), "line 2"),
        ("Mary Somerville", "Royal Society", date(2017, 12, 1), "line 3"),
    ]


def test_excel_resave_cp1252_short_dates_and_crlf() -> None:
    result = read_linkedin(FIXTURES / "connections_excel_cp1252.csv")
    assert summary(result) == [
        ("Renée Dubois", "Société Générale", "Analyste", date(2026, 1, 5)),
        ("Ada Lovelace, PhD", "Analytical Engines, Ltd.", "Engineer", date(2025, 12, 21)),
    ]
    assert result.skipped == {"date-only rows": 1}
    assert len(result.notes) == 1 and "cp1252" in result.notes[0]
    assert result.notes[0].startswith("connections_excel_cp1252.csv: ")


def test_header_only_file_reads_no_contacts() -> None:
    result = read_linkedin(FIXTURES / "header_only.csv")
    assert (result.contacts, result.bad, result.skipped) == ([], [], {})


def test_columns_are_mapped_by_name_in_any_order_case_and_spacing(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "connected_on,COMPANY,position,url,last name,First  Name\n"
        "05 Jan 2026,Acme,CTO,https://www.linkedin.com/in/bo,Ek,Bo\n",
        encoding="utf-8",
    )
    (bo,) = read_linkedin(path).contacts
    assert (bo.name, bo.company, bo.title, bo.connected_on) == (
        "Bo Ek",
        "Acme",
        "CTO",
        date(2026, 1, 5),
    )
    assert bo.linkedin_url == "https://www.linkedin.com/in/bo"


def test_file_of_any_name_is_read_as_connections(tmp_path: Path) -> None:
    path = tmp_path / "my contacts (copy).csv"
    shutil.copy(FIXTURES / "connections_current.csv", path)
    assert summary(read_linkedin(path)) == CURRENT


# --- malformed Connections.csv -------------------------------------------------------------------


def test_ragged_row_names_its_line() -> None:
    error = read_error(FIXTURES / "connections_ragged.csv")
    assert error.path == str(FIXTURES / "connections_ragged.csv")
    assert error.location == "line 7"
    assert error.problem == "8 fields where the header has 7"


def test_ragged_row_skipped_with_skip_bad() -> None:
    result = read_linkedin(FIXTURES / "connections_ragged.csv", skip_bad=True)
    assert [(c.name, c.locator) for c in result.contacts] == [
        ("Ada Lovelace", "line 5"),
        ("Bo Ek", "line 6"),
        ("Cy Young", "line 8"),
    ]
    assert result.bad == [BadRecord("line 7", "8 fields where the header has 7")]


def test_unclosed_quote_names_its_line() -> None:
    error = read_error(FIXTURES / "connections_unclosed_quote.csv")
    assert (error.location, error.problem) == (
        "line 6",
        "a quoted field is never closed (unclosed quote)",
    )


def test_unclosed_quote_costs_only_its_own_row_with_skip_bad() -> None:
    result = read_linkedin(FIXTURES / "connections_unclosed_quote.csv", skip_bad=True)
    assert [(c.name, c.company, c.locator) for c in result.contacts] == [
        ("Ada Lovelace", "Acme", "line 5"),
        ("Cy Young", "Young, Inc.", "line 7"),
        ("Di Prince", "Themyscira", "line 8"),
    ]
    assert [bad.locator for bad in result.bad] == ["line 6"]


def test_unclosed_quote_on_the_last_line(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        'First Name,Last Name,Connected On\nAda,Lovelace,05 Jan 2026\nBo,"Ek,21 Dec 2025\n',
        encoding="utf-8",
    )
    assert read_error(path).location == "line 3"
    result = read_linkedin(path, skip_bad=True)
    assert [c.name for c in result.contacts] == ["Ada Lovelace"]


def test_unknown_date_is_a_bad_row() -> None:
    error = read_error(FIXTURES / "connections_unknown_date.csv")
    assert (error.location, error.problem) == (
        "line 6",
        "Connected On is not a date in a known format",
    )
    assert "Jan 5th" not in str(error)  # errors name the place, never the content


def test_unknown_dates_skipped_with_skip_bad_and_empty_date_kept() -> None:
    result = read_linkedin(FIXTURES / "connections_unknown_date.csv", skip_bad=True)
    assert [(c.name, c.connected_on) for c in result.contacts] == [
        ("Ada Lovelace", date(2026, 1, 5)),
        ("Di Prince", None),
    ]
    assert [bad.locator for bad in result.bad] == ["line 6", "line 7"]  # 31 Feb is no date


def test_empty_file() -> None:
    error = read_error(FIXTURES / "empty.csv")
    assert error.problem == "the file is empty"


def test_binary_file() -> None:
    error = read_error(FIXTURES / "not_a_csv.png")
    assert error.problem == "this is a binary file, not a CSV file"


def test_prose_file_names_the_expected_columns() -> None:
    error = read_error(FIXTURES / "not_a_csv.txt")
    assert error.path == str(FIXTURES / "not_a_csv.txt")
    assert "First Name, Last Name, Connected On" in error.problem
    assert "not look like a LinkedIn Connections.csv" in error.problem


def test_header_beyond_the_search_window_is_not_found(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text("junk\n" * 25 + "First Name,Last Name,Connected On\nA,B,05 Jan 2026\n")
    assert "first 20 lines" in read_error(path).problem


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(b"First Name,Last Name,Connected On\nA,\x81\x8d,05 Jan 2026\n")
    error = read_error(path)
    assert (error.problem, error.location) == (
        "the file is neither UTF-8 nor Windows-1252 text",
        "line 2",
    )


def test_utf16_file_is_decoded_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes("First Name,Last Name,Connected On\nZoë,Ek,05 Jan 2026\n".encode("utf-16"))
    result = read_linkedin(path)
    assert [c.name for c in result.contacts] == ["Zoë Ek"]
    assert result.notes == ["Connections.csv: decoded as UTF-16 (byte order mark)"]


def test_missing_path() -> None:
    assert read_error(FIXTURES / "nope.csv").problem == "no such file or folder"


# --- dates ----------------------------------------------------------------------------------------


def test_parse_dates_accepts_every_export_layout_even_mixed() -> None:
    values = pl.Series(
        "d",
        [
            "05 Jan 2026",
            "5 Jan 2026",  # unpadded day
            "4/6/26, 2:12 PM",  # unpadded month and hour
            "04/15/24, 09:25 PM",
            "5-Jan-26",
            "2026/03/21 02:06:52 UTC",
            "2026-04-06 16:35:35 UTC",
            None,
            "Jan 5th, 2026",
        ],
    )
    assert parse_dates(values).to_list() == [
        date(2026, 1, 5),
        date(2026, 1, 5),
        date(2026, 4, 6),
        date(2024, 4, 15),
        date(2026, 1, 5),
        date(2026, 3, 21),
        date(2026, 4, 6),
        None,
        None,
    ]


# --- export folders and zips ----------------------------------------------------------------------


def test_export_folder_reads_the_known_files_whatever_their_case_and_separators() -> None:
    result = read_linkedin(FIXTURES / "export")
    assert result.files_read == [
        "Connections.csv",
        "messages.csv",
        "Invitations.csv",
        "Endorsement Received Info.csv",
        "recommendations-received.CSV",
    ]  # Profile.csv is not read
    assert [(c.name, c.locator) for c in result.contacts] == [
        ("Bo Ek", "Connections.csv line 5"),
        ("Grace Hopper", "Connections.csv line 6"),
        ("Charles Babbage", "Connections.csv line 7"),
    ]
    assert result.bad == []


def test_messages_counted_per_counterpart() -> None:
    result = read_linkedin(FIXTURES / "export")
    messages = by_name(result, "messages")
    assert messages == {
        "Bo Ek": Interaction(
            kind="messages",
            name="Bo Ek",
            linkedin_url="https://www.linkedin.com/in/%7Ebo",
            sent=2,  # one in their conversation, one to the group
            received=2,
            last_date=date(2026, 4, 6),
        ),
        "Grace Hopper": Interaction(
            kind="messages",
            name="Grace Hopper",
            linkedin_url="https://www.linkedin.com/in/grace-hopper",
            sent=3,
            received=1,
            last_date=date(2026, 1, 10),
        ),
        "Charles Babbage": Interaction(
            kind="messages",
            name="Charles Babbage",
            linkedin_url="https://www.linkedin.com/in/charles-babbage",
            received=5,
            last_date=date(2026, 3, 5),
        ),
    }
    assert result.skipped == {"messages from LinkedIn Member": 1, "draft messages": 1}


def test_owner_is_who_takes_part_in_most_conversations() -> None:
    # Charles sent 5 messages and the owner only 4, but the owner is in every conversation.
    assert read_linkedin(FIXTURES / "export").owner_linkedin_url == ADA


def test_message_content_is_never_kept() -> None:
    text = repr(read_linkedin(FIXTURES / "export"))
    for content in ("Coffee", "the usual", "paper", "Sponsored", "unsent", "Engine news"):
        assert content not in text


def test_invitations() -> None:
    invitations = by_name(read_linkedin(FIXTURES / "export"), "invitation")
    assert invitations == {
        "Grace Hopper": Interaction(
            kind="invitation",
            name="Grace Hopper",
            linkedin_url="https://www.linkedin.com/in/grace-hopper",
            sent=1,
            last_date=date(2026, 4, 6),
            detail="with a personal note",
        ),
        "Alan Turing": Interaction(
            kind="invitation",
            name="Alan Turing",
            linkedin_url="https://www.linkedin.com/in/alan-turing",
            received=1,
            last_date=date(2026, 3, 30),
        ),
    }


def test_endorsements_get_a_url_scheme_and_their_skills() -> None:
    endorsements = by_name(read_linkedin(FIXTURES / "export"), "endorsement")
    assert endorsements["Bo Ek"] == Interaction(
        kind="endorsement",
        name="Bo Ek",
        linkedin_url="https://www.linkedin.com/in/~bo",
        received=2,
        last_date=date(2026, 3, 21),
        detail="Python, Data Analysis",
    )
    assert endorsements["Mary Somerville"].received == 1


def test_recommendations_of_any_status_without_their_text() -> None:
    result = read_linkedin(FIXTURES / "export")
    assert by_name(result, "recommendation") == {
        "Mary Somerville": Interaction(
            kind="recommendation",
            name="Mary Somerville",
            company="Royal Society",
            title="Scientist",
            received=1,
            last_date=date(2024, 4, 15),
        ),
        "Charles Babbage": Interaction(
            kind="recommendation",
            name="Charles Babbage",
            company="Difference Engines",
            title="Founder",
            received=1,
            last_date=date(2023, 1, 2),
            detail="1 not visible on the profile",
        ),
    }
    assert "finest" not in repr(result)


def test_2021_export_places_recipients_named_without_url() -> None:
    result = read_linkedin(FIXTURES / "export_2021")
    assert result.owner_linkedin_url == "https://www.linkedin.com/in/ada-lovelace"
    messages = by_name(result, "messages")
    assert (messages["Charles Babbage"].sent, messages["Charles Babbage"].received) == (1, 1)
    assert messages["Charles Babbage"].linkedin_url == "https://www.linkedin.com/in/charles-babbage"
    assert (messages["Mary Somerville"].sent, messages["Mary Somerville"].received) == (0, 1)
    endorsement = by_name(result, "endorsement")["Mary Somerville"]
    assert (endorsement.linkedin_url, endorsement.detail) == (None, "Mathematics")


def test_2018_export_uses_the_direction_column() -> None:
    result = read_linkedin(FIXTURES / "export_2018")
    assert result.files_read == ["Connections.csv", "Messages.csv", "Invitations.csv"]
    assert result.owner_linkedin_url is None
    assert by_name(result, "messages") == {
        "Charles Babbage": Interaction(
            kind="messages",
            name="Charles Babbage",
            sent=1,
            received=2,
            last_date=date(2018, 4, 17),
        )
    }
    invitations = by_name(result, "invitation")
    assert (invitations["Charles Babbage"].sent, invitations["Charles Babbage"].detail) == (1, None)
    mary = invitations["Mary Somerville"]
    assert (mary.received, mary.last_date, mary.detail) == (
        1,
        date(2018, 1, 3),
        "with a personal note",
    )


def make_zip(
    folder: Path, target: Path, inner: str = "Complete_LinkedInDataExport_04-06-2026/"
) -> Path:
    """Zip an export folder the way LinkedIn does, its files under ``inner``."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, inner + path.name)
    return target


def comparable(result: ReadResult) -> tuple[object, ...]:
    """Everything a reader produced except the path it was given."""
    return (
        result.contacts,
        result.interactions,
        result.bad,
        result.skipped,
        result.owner_linkedin_url,
        result.files_read,
        result.notes,
    )


def test_zip_reads_like_the_folder(tmp_path: Path) -> None:
    archive = make_zip(FIXTURES / "export", tmp_path / "Basic_LinkedInDataExport_04-06-2026.zip")
    from_zip = read_linkedin(archive)
    assert from_zip.path == str(archive)
    assert comparable(from_zip) == comparable(read_linkedin(FIXTURES / "export"))


def test_zip_member_paths_are_ignored_and_nothing_is_extracted(tmp_path: Path) -> None:
    archive = tmp_path / "inner" / "export.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as out:
        out.write(FIXTURES / "connections_current.csv", "../../CONNECTIONS.CSV")
    result = read_linkedin(archive)
    assert summary(result) == CURRENT
    assert result.contacts[0].locator == "CONNECTIONS.CSV line 5"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["export.zip", "inner"]


def test_bad_message_row_names_file_and_physical_line(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(FIXTURES / "export", folder)
    messages = folder / "messages.csv"
    assert messages.read_bytes().count(b"\n") == 19  # 15 records; CONTENT spans extra lines
    with messages.open("a", encoding="utf-8") as out:
        out.write('"2-eA==","","Bo Ek","","Ada","","yesterday","","hi","INBOX",""\n')
    error = read_error(folder)
    assert (error.path, error.location) == (str(messages), "line 20")
    assert error.problem == "DATE is not a date in a known format"
    result = read_linkedin(folder, skip_bad=True)
    assert result.bad == [BadRecord("messages.csv line 20", "DATE is not a date in a known format")]
    assert by_name(result, "messages")["Bo Ek"].received == 2


def test_bad_connections_header_in_a_folder_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "Connections.csv").write_text("Name,Phone\nAda,123\n", encoding="utf-8")
    error = read_error(tmp_path)
    assert error.path == str(tmp_path / "Connections.csv")
    assert "First Name, Last Name, Connected On" in error.problem


def test_folder_without_export_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    error = read_error(tmp_path)
    assert error.path == str(tmp_path)
    assert error.problem.startswith("not a LinkedIn export: none of Connections.csv, messages.csv")


def test_zip_without_export_files(tmp_path: Path) -> None:
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("cat.jpg", b"\xff\xd8\xff")
    assert read_error(archive).problem.startswith("not a LinkedIn export")


def test_damaged_zip(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    archive.write_bytes(b"PK\x03\x04 this is not really a zip")
    assert read_error(archive).problem.startswith("not a readable zip file")


def test_oversized_zip_member_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 64 * 1024)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("Connections.csv", b"First Name,Last Name,Connected On\n" + b" " * 10**6)
    error = read_error(archive)
    assert error.path == str(archive / "Connections.csv")
    assert error.problem == "the file is larger than 64 KiB"


def test_zip_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linkedin_sources, "_BOMB_FLOOR", 64 * 1024)
    monkeypatch.setattr(limits, "MAX_ZIP_RATIO", 100)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("Connections.csv", b"First Name,Last Name,Connected On\n" + b" " * 10**6)
    error = read_error(archive)
    assert error.path == str(archive / "Connections.csv")
    assert "implausibly large" in error.problem


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 100)
    path = tmp_path / "Connections.csv"
    shutil.copy(FIXTURES / "connections_current.csv", path)
    assert read_error(path).problem == "the file is larger than 100 bytes"


# --- shared conformance fixtures (silkyrich/linkedin-export-viewer, MIT) -------------------------


def test_shared_export_fixture_reads_completely() -> None:
    result = read_linkedin(SHARED)
    assert result.bad == [] and result.skipped == {}
    assert len(result.contacts) == 2000
    first, last = result.contacts[0], result.contacts[-1]
    assert (first.name, first.company, first.connected_on, first.locator) == (
        "Charles Babbage",
        "Analytical Engines (stealth)",
        date(1833, 6, 5),
        "Connections.csv line 5",
    )
    assert (last.name, last.locator) == ("Faramir Tesla", "Connections.csv line 2004")
    invitations = [i for i in result.interactions if i.kind == "invitation"]
    assert sum(i.sent + i.received for i in invitations) == 162
    endorsements = [i for i in result.interactions if i.kind == "endorsement"]
    assert sum(i.received for i in endorsements) == 700
    recommendations = [i for i in result.interactions if i.kind == "recommendation"]
    assert len(recommendations) == 27
