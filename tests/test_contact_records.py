"""Connections.csv rows made into records a column at a time give what Contact objects give.

The import reads a LinkedIn export's connections as columns (``read_linkedin(as_rows=True)``)
and normalises them with polars; the reader's Contact objects, made into records one at a time,
are the reference. Both must give the same facts, keys, raw fields, ties and written addresses
for every LinkedIn fixture and for generated files full of the rules' rare cases, and an import
through either must leave the same workspace.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from records_helpers import table_dump

from netgraph.errors import InputError
from netgraph.identity.placing import Record
from netgraph.ingest import contact_records
from netgraph.ingest.apply import apply_read_result, import_linkedin
from netgraph.ingest.contact_records import case_folded, connection_records, contact_record
from netgraph.ingest.provenance import content_digest
from netgraph.ingest.readers.linkedin import read_linkedin
from netgraph.ingest.records import ReadResult
from netgraph.workspace import Workspace

TESTS = Path(__file__).resolve().parent
LINKEDIN_FIXTURES = sorted(
    [
        *(TESTS / "fixtures" / "linkedin").glob("*.csv"),
        *(TESTS / "fixtures" / "linkedin").glob("export*"),
        TESTS / "fixtures" / "shared_linkedin",
        *(TESTS.parent / "sample_data").glob("**/Connections.csv"),
    ]
)


@pytest.fixture(autouse=True)
def _columnar_from_the_first_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixtures are small: make their records a column at a time, as a large file's."""
    monkeypatch.setattr(contact_records, "COLUMNAR_FROM_ROWS", 0)


def test_a_small_file_goes_one_contact_at_a_time_with_the_same_records(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = TESTS / "fixtures" / "shared_linkedin"
    rows = read_linkedin(path, as_rows=True).connection_rows
    assert rows is not None
    columnar = connection_records(rows)
    monkeypatch.setattr(contact_records, "COLUMNAR_FROM_ROWS", rows.frame.height + 1)
    monkeypatch.setattr(contact_records, "key_columns", None)  # the columnar way is not taken
    by_contact = connection_records(rows)
    _assert_same(by_contact[0], columnar[0])
    assert by_contact[1] == columnar[1]


def _both(path: Path) -> tuple[ReadResult, ReadResult] | None:
    """The file read as Contacts and as rows (None when it is no export at all)."""
    try:
        contacts = read_linkedin(path, skip_bad=True)
    except InputError:
        with pytest.raises(InputError):
            read_linkedin(path, skip_bad=True, as_rows=True)
        return None
    return contacts, read_linkedin(path, skip_bad=True, as_rows=True)


def _reference(result: ReadResult) -> tuple[list[Record], list[tuple[str, str]]]:
    records = [contact_record(c, "connection", "US")[0] for c in result.contacts]
    folded = [pair for c in result.contacts for pair in case_folded(c.emails)]
    return records, folded


def _assert_same(actual: list[Record], expected: list[Record]) -> None:
    assert len(actual) == len(expected)
    for ours, theirs in zip(actual, expected, strict=True):
        assert ours == theirs  # facts' fields, key, locator, raw JSON, tie
        derived = ("name_key", "company_key", "match_key")
        assert [getattr(ours.facts, k) for k in derived] == [
            getattr(theirs.facts, k) for k in derived
        ]
        assert ours.facts.identity_keys() == theirs.facts.identity_keys()
        assert ours.facts.profile() == theirs.facts.profile()
        assert ours.facts.record_key() == theirs.facts.record_key()


def _check(path: Path) -> int:
    both = _both(path)
    if both is None:
        return 0
    contacts, rows = both
    assert rows.contacts == [] and rows.connection_rows is not None
    assert rows.contact_count == len(contacts.contacts)
    assert (rows.bad, rows.skipped, rows.notes) == (contacts.bad, contacts.skipped, contacts.notes)
    assert rows.interactions == contacts.interactions
    assert content_digest(rows) == content_digest(contacts)
    records, folded = connection_records(rows.connection_rows)
    expected, expected_folded = _reference(contacts)
    _assert_same(records, expected)
    assert folded == expected_folded
    return len(records)


@pytest.mark.parametrize("path", LINKEDIN_FIXTURES, ids=lambda p: p.name)
def test_every_linkedin_fixture_gives_the_same_records(path: Path) -> None:
    _check(path)


def test_the_fixtures_hold_rows() -> None:
    assert sum(_check(path) for path in LINKEDIN_FIXTURES) > 100


# --- generated files --------------------------------------------------------------------------

_NAME_WORDS = [
    "Ana", "Bob", "Robert", "Dr.", "Prof", "Jr.", "III", "PhD", "MBA,", "Ma", "O'Neil",
    "Smith-Jones", "Zoë", "Łukasz", "José", "ß", "İlker", "_x_", "🟢", "J.", "(she/her)",
    "\u200bAna", "Ana\u00a0Lopez", "Wei,", "Chen", "\x07bell", "=cmd", '"quoted"', "back\\slash",
]  # fmt: skip
_COMPANIES = [
    "Acme Inc.", "Initech, LLC", "J.P. Morgan", "I.B.M.", "Co Inc", "Nestlé S.A.", "Ab Initio",
    "  Spaced   Out  ", "Ltd", "Tab\tCorp", "日本電気", "Émile & Fils SARL", "",
]  # fmt: skip
_URLS = [
    "https://www.linkedin.com/in/ana-lopez-1a2b", "www.linkedin.com/in/Bob-Smith/",
    "linkedin.com/in/J%C3%BCrgen", "https://de.linkedin.com/in/x?trk=1",
    "https://www.linkedin.com/pub/ana/1/2/3", "https://example.com/in/nobody",
    "HTTPS://WWW.LINKEDIN.COM/IN/UPPER", "https://www.linkedin.com/in/zoë", "",
]  # fmt: skip
_EMAILS = ["", "", "ana@example.org", "Bob.Smith@Example.COM", "not an email", "a..b@x.org"]

names = st.lists(st.sampled_from(_NAME_WORDS), max_size=3).map(" ".join)
rows = st.tuples(
    names,
    names,
    st.sampled_from(_URLS),
    st.sampled_from(_EMAILS),
    st.sampled_from(_COMPANIES),
    st.sampled_from(["Engineer", "  Head  of  Data ", "", "CTO\x01", "Ünternehmer"]),
    st.sampled_from(["05 Jan 2026", "4/15/18, 9:12 AM", "", "5-Jan-26"]),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(rows, min_size=1, max_size=25))
def test_generated_files_give_the_same_records(
    tmp_path: Path, generated: list[tuple[str, ...]]
) -> None:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    writer.writerows(generated)
    path = tmp_path / "Connections.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    _check(path)


# --- whole imports ----------------------------------------------------------------------------

_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")


def _untimed(value: object) -> object:
    """A stored value, with the time a row was written left out (the two imports differ)."""
    return "(time)" if isinstance(value, str) and _TIMESTAMP.match(value) else value


@pytest.mark.parametrize(
    "path",
    [
        TESTS / "fixtures" / "linkedin" / "export_2021",
        TESTS / "fixtures" / "shared_linkedin",
        TESTS / "fixtures" / "linkedin" / "connections_excel_cp1252.csv",
    ],
    ids=lambda p: p.name,
)
def test_an_import_leaves_the_same_workspace_either_way(tmp_path: Path, path: Path) -> None:
    dumps = []
    for way in ("contacts", "rows"):
        with Workspace.open(tmp_path / f"{way}.sqlite3") as workspace:
            if way == "rows":
                summary = import_linkedin(workspace, path, skip_bad=True)
            else:
                summary = apply_read_result(workspace, read_linkedin(path, skip_bad=True))
            tables = {
                table: [tuple(_untimed(value) for value in row) for row in rows]
                for table, rows in table_dump(workspace.conn).items()
            }
            raws = workspace.record_raws.lines(1)
            dumps.append((tables, raws, summary.records, summary.notes))
    assert dumps[0][0]["appearances"]  # something was imported
    assert dumps[0] == dumps[1]
