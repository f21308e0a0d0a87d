"""Broken LinkedIn CSV files (issue 11, items 2 and 3): no junk people, one bad record per fault.

Every case runs on both parsing paths of ``netgraph.ingest.readers.linkedin_csv`` (polars for files
whose records are one line each, the stdlib scanner otherwise) and on every export file kind.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from cli_helpers import ok, one_line_error, run
from hostile_helpers import names, snapshot

from netgraph.errors import InputError
from netgraph.ingest.readers import linkedin_csv
from netgraph.ingest.readers.linkedin import read_linkedin
from netgraph.ingest.records import ReadResult

FIXTURES = Path(__file__).parent / "fixtures" / "linkedin"
FULL_NAMES = ["Ann Lee", "Bo Ek", "Cy Young", "Di Prince", "Priya Raman"]


@dataclass(frozen=True)
class Kind:
    """One export file kind: its name, header, and a row naming counterpart ``i``."""

    file: str
    header: str
    row: Callable[[int, str], str]  # (i, text of the free-text column) -> one CSV row

    def text(self, rows: list[str]) -> str:
        """The file: header and rows (LF line ends)."""
        return "".join(line + "\n" for line in [self.header, *rows])


def _message(i: int, text: str) -> str:
    if i == 0:  # the owner writes first, so the owner is known
        return (
            f'"c0","","Me Self","https://www.linkedin.com/in/me","P0 Q0",'
            f'"https://www.linkedin.com/in/p0","2026-04-01 10:00:00 UTC","","{text}","INBOX"'
        )
    return (
        f'"c{i}","","P{i} Q{i}","https://www.linkedin.com/in/p{i}","Me Self",'
        f'"https://www.linkedin.com/in/me","2026-04-0{1 + i % 9} 16:35:35 UTC","","{text}","INBOX"'
    )


KINDS = {
    "connections": Kind(
        "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
        lambda i, text: (
            f'P{i},Q{i},https://www.linkedin.com/in/p{i},,Acme,"{text}",0{1 + i % 9} Jan 2026'
        ),
    ),
    "messages": Kind(
        "messages.csv",
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
        "DATE,SUBJECT,CONTENT,FOLDER",
        _message,
    ),
    "invitations": Kind(
        "Invitations.csv",
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl",
        lambda i, text: (
            f'P{i} Q{i},Me Self,"4/{1 + i % 9}/26, 2:12 PM","{text}",INCOMING,'
            f"https://www.linkedin.com/in/p{i},https://www.linkedin.com/in/me"
        ),
    ),
    "endorsements": Kind(
        "Endorsement_Received_Info.csv",
        "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,Endorser Public Url,"
        "Endorsement Status",
        lambda i, text: (
            f'2026/03/2{i % 9} 02:06:52 UTC,"{text}",P{i},Q{i},www.linkedin.com/in/p{i},ACCEPTED'
        ),
    ),
    "recommendations": Kind(
        "Recommendations_Received.csv",
        "First Name,Last Name,Company,Job Title,Text,Creation Date,Status",
        lambda i, text: f'P{i},Q{i},Acme,CTO,"{text}","04/1{i % 9}/24, 09:25 PM",VISIBLE',
    ),
}


def counterparts(result: ReadResult) -> list[str]:
    """Who a reading found: contacts and tie evidence, by name, sorted."""
    return sorted([c.name for c in result.contacts] + [i.name for i in result.interactions])


def expected(indices: list[int]) -> list[str]:
    return sorted(f"P{i} Q{i}" for i in indices)


@pytest.fixture(params=["fast", "slow"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with polars (when it accepts the file) and again with the stdlib scanner."""
    if request.param == "slow":
        monkeypatch.setattr(linkedin_csv, "_read_fast", lambda *args: None)
    return str(request.param)


def read_kind(tmp_path: Path, kind: Kind, text: str, **options: bool) -> ReadResult:
    path = tmp_path / kind.file
    path.write_text(text, encoding="utf-8")
    return read_linkedin(path, **options)


def error_of(tmp_path: Path, kind: Kind, text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        read_kind(tmp_path, kind, text)
    return caught.value


# --- item 2: rows with the wrong number of fields -------------------------------------------------


def test_polars_fills_short_rows_with_nulls_so_the_reader_must_check_them() -> None:
    """The fact that made short rows import silently: polars pads them, it does not refuse."""
    frame = pl.read_csv(b"a,b,c\n1,2,3\nAnn,Lee\nJust One Field\n", infer_schema=False)
    assert frame.rows() == [("1", "2", "3"), ("Ann", "Lee", None), ("Just One Field", None, None)]


@pytest.mark.parametrize("name", KINDS)
def test_a_short_row_is_a_bad_row_in_every_kind(tmp_path: Path, parser: str, name: str) -> None:
    kind = KINDS[name]
    good = [kind.row(i, "note") for i in range(4)]
    short = ",".join(kind.row(9, "note").split(",")[:2])
    text = kind.text([good[0], good[1], short, good[2], good[3]])

    error = error_of(tmp_path, kind, text)
    assert (error.location, error.problem) == (
        "line 4",
        f"2 fields where the header has {_width(kind)}",
    )
    result = read_kind(tmp_path, kind, text, skip_bad=True)
    assert [(bad.locator, bad.problem) for bad in result.bad] == [("line 4", error.problem)]
    assert counterparts(result) == expected([0, 1, 2, 3])


@pytest.mark.parametrize("name", KINDS)
def test_a_long_row_is_a_bad_row_in_every_kind(tmp_path: Path, parser: str, name: str) -> None:
    kind = KINDS[name]
    good = [kind.row(i, "note") for i in range(3)]
    text = kind.text([good[0], kind.row(9, "note") + ",extra", good[1], good[2]])

    error = error_of(tmp_path, kind, text)
    assert (error.location, error.problem) == (
        "line 3",
        f"{_width(kind) + 1} fields where the header has {_width(kind)}",
    )
    result = read_kind(tmp_path, kind, text, skip_bad=True)
    assert [bad.locator for bad in result.bad] == ["line 3"]
    assert counterparts(result) == expected([0, 1, 2])


@pytest.mark.parametrize("name", KINDS)
def test_a_file_cut_off_mid_row_is_refused_in_every_kind(
    tmp_path: Path, parser: str, name: str
) -> None:
    kind = KINDS[name]
    whole = kind.text([kind.row(i, "note") for i in range(3)])
    cut = whole[: whole.index("P2") + 2]  # the last row stops after its first field or so

    error = error_of(tmp_path, kind, cut)
    assert error.location == "line 4"
    result = read_kind(tmp_path, kind, cut, skip_bad=True)
    assert [bad.locator for bad in result.bad] == ["line 4"]
    assert "P2" not in " ".join(counterparts(result))


@pytest.mark.parametrize("cut", ["05 Jan 2", "05 Jan 20", "05 Jan 202"])
def test_a_file_cut_inside_its_last_date_is_refused(tmp_path: Path, parser: str, cut: str) -> None:
    kind = KINDS["connections"]
    text = kind.header + "\nAnn,Lee,,,Acme,Engineer,04 Jan 2026\nBo,Ek,,,Globex,Analyst," + cut
    error = error_of(tmp_path, kind, text)
    assert error.location == "line 3" and "not a date" in error.problem
    result = read_kind(tmp_path, kind, text, skip_bad=True)
    assert [contact.name for contact in result.contacts] == ["Ann Lee"]


def test_blank_and_white_space_lines_are_not_rows(tmp_path: Path, parser: str) -> None:
    kind = KINDS["connections"]
    text = kind.text([kind.row(0, "x"), "", "   ", kind.row(1, "x"), ",,,,,,"])
    result = read_kind(tmp_path, kind, text)
    assert (counterparts(result), result.bad) == (expected([0, 1]), [])


def test_an_empty_last_field_is_not_a_short_row(tmp_path: Path, parser: str) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,Connected On,Email Address\n"
        "Ann,Lee,05 Jan 2026,\nBo,Ek,05 Jan 2026,bo@example.com\nCy,Young,05 Jan 2026,\n",
        encoding="utf-8",
    )
    result = read_linkedin(path)
    assert ([c.name for c in result.contacts], result.bad) == (["Ann Lee", "Bo Ek", "Cy Young"], [])


def test_a_well_formed_file_takes_only_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The benchmarks rely on polars for good files: no stdlib re-read, no line re-check."""

    def forbidden(*args: object) -> None:
        raise AssertionError("a well-formed file left the polars path")

    monkeypatch.setattr(linkedin_csv, "_read_slow", forbidden)
    monkeypatch.setattr(linkedin_csv, "physical_lines", forbidden)
    result = read_linkedin(FIXTURES / "connections_full.csv")
    assert sorted(c.name for c in result.contacts) == FULL_NAMES


def test_short_rows_through_the_cli_are_refused_or_listed(tmp_path: Path) -> None:
    """Line 6 ``Ann,Lee`` is short; line 7 ``Just One Field`` with line 8 (Bo's 7 fields) adds
    up to one row cut by a line break, so Bo's line cannot be told from a fragment."""
    workspace = tmp_path / "ws.sqlite3"
    path = FIXTURES / "connections_short_rows.csv"
    one_line_error(
        run("--workspace", workspace, "import", "linkedin", path),
        r".*connections_short_rows\.csv: line 6: 2 fields where the header has 7",
    )
    result = ok("--workspace", workspace, "import", "linkedin", path, "--skip-bad")
    assert "line 6: 2 fields where the header has 7" in result.output
    assert (
        "line 7: a row cut by a line break outside quotes: lines 7-8 are skipped" in result.output
    )
    assert names(workspace) == ["Ann Lee"]


@pytest.mark.parametrize(
    ("damage", "bad"),
    [
        ("P\nriya", "line 3: a row cut by a line break outside quotes: lines 3-4 are skipped"),
        (
            "Priya,Raman,\nhttps",
            "line 3: a row cut by a line break outside quotes: lines 3-4 are skipped",
        ),
        (
            "Priya,Ra\nman,https://www.linkedin.com/in/priya,,Acme,\nCTO",
            ("line 3: a row cut by a line break outside quotes: lines 3-5 are skipped"),
        ),
        (
            "Priya,Raman,https\r\n://",
            "line 3: a row cut by a line break outside quotes: lines 3-4 are skipped",
        ),
    ],
)
def test_a_row_cut_by_line_breaks_is_one_bad_record_and_no_fragment_person(
    tmp_path: Path, parser: str, damage: str, bad: str
) -> None:
    path = tmp_path / "Connections.csv"
    row = "Priya,Raman,https://www.linkedin.com/in/priya,,Acme,CTO,05 Jan 2026"
    cut = row.replace(damage.replace("\n", "").replace("\r", ""), damage, 1)
    assert cut != row
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f"Ann,Lee,https://www.linkedin.com/in/ann,,Acme,CEO,01 Jan 2026\n{cut}\n"
        "Bo,Ek,https://www.linkedin.com/in/bo,,Acme,CFO,02 Jan 2026\n",
        encoding="utf-8",
        newline="",
    )
    result = read_linkedin(path, skip_bad=True)
    assert [f"{b.locator}: {b.problem}" for b in result.bad] == [bad]
    assert [c.name for c in result.contacts] == ["Ann Lee", "Bo Ek"]


@pytest.mark.parametrize("cut", ["connections_cut_mid_row.csv", "connections_cut_in_quote.csv"])
def test_a_refused_cut_off_file_leaves_the_workspace_byte_identical(
    tmp_path: Path, cut: str
) -> None:
    workspace = tmp_path / "ws.sqlite3"
    ok("--workspace", workspace, "me", "Alex Kim")
    ok("--workspace", workspace, "import", "linkedin", FIXTURES / "connections_current.csv")
    before = snapshot(workspace)

    one_line_error(
        run("--workspace", workspace, "import", "linkedin", FIXTURES / cut), r".*line 6: .+"
    )
    assert snapshot(workspace) == before


@pytest.mark.parametrize("cut", ["connections_cut_mid_row.csv", "connections_cut_in_quote.csv"])
def test_a_cut_off_file_with_skip_bad_then_the_full_file_gives_one_person_per_row(
    tmp_path: Path, cut: str
) -> None:
    workspace = tmp_path / "ws.sqlite3"
    ok("--workspace", workspace, "me", "Alex Kim")
    result = ok("--workspace", workspace, "import", "linkedin", FIXTURES / cut, "--skip-bad")
    assert "line 6: " in result.output
    assert names(workspace) == ["Ann Lee"]  # no "Priya Ram"

    ok("--workspace", workspace, "import", "linkedin", FIXTURES / "connections_full.csv")
    assert names(workspace) == FULL_NAMES


# --- item 3: quoted line breaks and unclosed quotes ---------------------------------------------


@pytest.mark.parametrize("name", KINDS)
def test_a_quoted_line_break_parses_in_every_kind(tmp_path: Path, name: str) -> None:
    kind = KINDS[name]
    rows = [kind.row(0, "one"), kind.row(1, "Staff Engineer\nPlatform"), kind.row(2, "two")]
    bad_after = ",".join(kind.row(3, "x").split(",")[:2])
    text = kind.text([*rows, bad_after, kind.row(4, "three")])

    result = read_kind(tmp_path, kind, text, skip_bad=True)
    assert counterparts(result) == expected([0, 1, 2, 4])
    assert [bad.locator for bad in result.bad] == ["line 6"]  # the record after spans 3-4
    assert error_of(tmp_path, kind, text).location == "line 6"


def test_line_numbers_name_where_a_multi_line_record_starts(tmp_path: Path) -> None:
    kind = KINDS["connections"]
    rows = [kind.row(0, "a\nb\nc"), kind.row(1, "d"), kind.row(2, "e\nf")]
    result = read_kind(tmp_path, kind, kind.text(rows))
    assert [c.locator for c in result.contacts] == ["line 2", "line 5", "line 6"]


def test_an_excel_cell_with_alt_enter_imports_as_one_person(tmp_path: Path) -> None:
    workspace = tmp_path / "ws.sqlite3"
    path = FIXTURES / "connections_excel_multiline_cell.csv"
    ok("--workspace", workspace, "import", "linkedin", path)
    assert names(workspace) == ["Ann Lee", "Cy Young", "Di Prince"]
    shown = ok("--workspace", workspace, "show", "Ann Lee", "--format", "json").stdout
    assert '"title": "Staff Engineer Platform"' in shown


def test_a_cell_that_lost_its_closing_quote_is_one_bad_record_without_fragments(
    tmp_path: Path, parser: str
) -> None:
    path = FIXTURES / "connections_unclosed_cell.csv"
    with pytest.raises(InputError) as caught:
        read_linkedin(path)
    assert (caught.value.location, caught.value.problem) == (
        "line 6",
        "a quoted field is never closed (unclosed quote); lines 6-7 are skipped with it",
    )
    result = read_linkedin(path, skip_bad=True)
    assert [bad.locator for bad in result.bad] == ["line 6"]
    assert sorted(c.name for c in result.contacts) == ["Ann Lee", "Bo Ek", "Cy Young", "Di Prince"]


def test_skip_bad_on_an_unclosed_cell_creates_no_fragment_people(tmp_path: Path) -> None:
    workspace = tmp_path / "ws.sqlite3"
    path = FIXTURES / "connections_unclosed_cell.csv"
    result = ok("--workspace", workspace, "import", "linkedin", path, "--skip-bad")
    assert "skipped 1 bad records" in result.output
    assert names(workspace) == ["Ann Lee", "Bo Ek", "Cy Young", "Di Prince"]
    ok("--workspace", workspace, "import", "linkedin", FIXTURES / "connections_full.csv")
    assert names(workspace) == FULL_NAMES


@pytest.mark.parametrize("name", KINDS)
def test_an_unclosed_quote_costs_one_record_not_the_rest_of_the_file(
    tmp_path: Path, name: str
) -> None:
    kind = KINDS[name]
    rows = [kind.row(i, "ok") for i in range(3000)]
    rows[10] = rows[10].replace('"ok"', '"never closed', 1)
    started = time.perf_counter()
    result = read_kind(tmp_path, kind, kind.text(rows), skip_bad=True)
    assert time.perf_counter() - started < 20
    assert [bad.locator for bad in result.bad] == ["line 12"]
    assert counterparts(result) == expected([i for i in range(3000) if i != 10])


@pytest.mark.parametrize("name", ["messages", "recommendations", "connections"])
def test_a_lost_closing_quote_among_multi_line_records_skips_only_its_record(
    tmp_path: Path, name: str
) -> None:
    """Every record spans two lines; one loses the quote that ends its first line's field.

    Resuming on the very next line would start inside that record (its second line), where
    the quotes pair up the wrong way round: the resynchronisation must skip to a real record.
    """
    kind = KINDS[name]
    rows = [kind.row(i, f"first line\nsecond line {i}") for i in range(1000)]
    rows[500] = rows[500].replace('second line 500"', "second line 500", 1)
    result = read_kind(tmp_path, kind, kind.text(rows), skip_bad=True)
    assert [bad.locator for bad in result.bad] == ["line 1002"]
    assert counterparts(result) == expected([i for i in range(1000) if i != 500])


def test_a_file_ending_inside_a_quoted_message_keeps_the_messages_before(tmp_path: Path) -> None:
    kind = KINDS["messages"]
    whole = kind.text([kind.row(i, f"line one\nline {i}") for i in range(4)])
    cut = whole[: whole.rindex("line one") + 4]
    result = read_kind(tmp_path, kind, cut, skip_bad=True)
    assert [(bad.locator, bad.problem) for bad in result.bad] == [
        ("line 8", "a quoted field is never closed (unclosed quote)")
    ]
    assert counterparts(result) == expected([0, 1, 2])


def _width(kind: Kind) -> int:
    return len(kind.header.split(","))
