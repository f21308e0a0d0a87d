"""The ``netgraph`` command line, driven through click's CliRunner.

Each test builds its inputs (small LinkedIn ``Connections.csv`` files and vCards) in ``tmp_path``
and works on the workspace ``NETGRAPH_WORKSPACE`` names (see ``conftest.py``). The contract
checked here is ``docs/reference.md``: commands, the JSON person object, the CSV columns and the
exit codes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import one_line_error
from click.testing import CliRunner, Result
from conftest import REPO_ROOT

from netgraph import __version__
from netgraph.cli import cli

# The real three-line preamble of a current LinkedIn export (docs: formats.md section 1.1).
PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
FIRST_ROW_LINE = 5  # physical line of the first data row after the preamble and header

MY_ROWS = [
    'Ada,"Lovelace, PhD",https://www.linkedin.com/in/ada-lovelace-1a2b3c,,'
    '"Analytical Engines, Ltd.",Engineer ,05 Jan 2026',
    "Bo,Ek,https://www.linkedin.com/in/%7Ebo,bo@example.com,Acme,CTO,21 Dec 2025",
    "José,Núñez,https://www.linkedin.com/in/jose-nunez-7,,Globex,Data Engineer,10 Mar 2024",
    "Sam,Lee,https://www.linkedin.com/in/sam-lee-acme,,Acme,Analyst,01 Feb 2023",
    "Sam,Lee,https://www.linkedin.com/in/sam-lee-globex,,Globex,Designer,02 Feb 2023",
    ",,,,,,06 Sep 2025",
]

CLEO_CARD = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Cleo Park\r\n"
    "N:Park;Cleo;;;\r\n"
    "ORG:Initech\r\n"
    "EMAIL;TYPE=INTERNET:Cleo.Park@Example.org\r\n"
    "TEL;TYPE=CELL:(415) 555-0132\r\n"
    "END:VCARD\r\n"
)

PERSON_KEYS = {
    "id",
    "name",
    "company",
    "title",
    "emails",
    "phones",
    "linkedin_url",
    "willingness",
    "degree",
    "is_me",
    "sources",
    "name_prefix",
    "name_suffix",
}
SOURCE_KEYS = {"id", "kind", "label", "owner", "role", "locator"}
TIE_KEYS = {"id", "name", "company", "is_me", "strength", "evidence"}
CSV_HEADER = [
    "id",
    "name",
    "company",
    "title",
    "emails",
    "linkedin_url",
    "willingness",
    "degree",
    "sources",
]
E164 = re.compile(r"^\+[1-9]\d{6,14}$")
LINKEDIN_URL = re.compile(r"^https://www\.linkedin\.com/in/[^/?#\s]+$")


# --- helpers ---------------------------------------------------------------------------------


def run(*args: object, input: str | None = None) -> Result:
    """Run ``netgraph ARGS`` in-process."""
    return CliRunner().invoke(cli, [str(arg) for arg in args], input=input)


def ok(*args: object) -> Result:
    result = run(*args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def write_connections(path: Path, rows: list[str], *, preamble: bool = True) -> Path:
    """A LinkedIn Connections.csv: preamble, header, then ``rows`` (line 5 onwards)."""
    text = (PREAMBLE if preamble else "") + HEADER + "".join(row + "\n" for row in rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def people_json(*extra: object) -> list[dict[str, Any]]:
    result = ok("people", *extra, "--format", "json")
    found = json.loads(result.stdout)
    assert isinstance(found, list)
    return found


def show_json(person: str) -> dict[str, Any]:
    result = ok("show", person, "--format", "json")
    shown = json.loads(result.stdout)
    assert isinstance(shown, dict)
    return shown


def by_name(people: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    named: dict[str, list[dict[str, Any]]] = {}
    for person in people:
        named.setdefault(person["name"], []).append(person)
    return named


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wide, colourless output so tables do not fold names and carry no styling codes."""
    monkeypatch.setenv("COLUMNS", "200")
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def my_export(tmp_path: Path) -> Path:
    return write_connections(tmp_path / "me" / "Connections.csv", MY_ROWS)


@pytest.fixture
def world(my_export: Path, tmp_path: Path) -> Path:
    """The user's own LinkedIn connections plus one vCard with a phone number."""
    ok("import", "linkedin", my_export)
    card = tmp_path / "cleo.vcf"
    card.write_text(CLEO_CARD, encoding="utf-8")
    ok("import", "vcard", card)
    return my_export


# --- global options, help and version --------------------------------------------------------


def test_version() -> None:
    result = ok("--version")
    assert __version__ in result.output
    assert "netgraph" in result.output


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["me"],
        ["import"],
        ["import", "linkedin"],
        ["import", "vcard"],
        ["info"],
        ["people"],
        ["show"],
        ["referrer"],
        ["forget"],
        ["demo"],
    ],
)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_on_every_command(command: list[str], flag: str, workspace_path: Path) -> None:
    result = ok(*command, flag)
    assert "Usage:" in result.output
    assert not workspace_path.exists()


def test_python_dash_m_help(workspace_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "netgraph", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=os.environ.copy(),
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    for command in ("import", "me", "info", "people", "show", "referrer", "forget", "demo"):
        assert command in completed.stdout
    assert not workspace_path.exists()


def test_unknown_option_is_a_usage_error() -> None:
    result = run("people", "--no-such-option")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_import_of_a_missing_path_is_a_usage_error(tmp_path: Path, workspace_path: Path) -> None:
    result = run("import", "linkedin", tmp_path / "nope.csv")
    assert result.exit_code == 2
    assert not workspace_path.exists()


# --- workspace selection ---------------------------------------------------------------------


def test_netgraph_workspace_variable_chooses_the_workspace(
    my_export: Path, workspace_path: Path
) -> None:
    ok("import", "linkedin", my_export)
    assert workspace_path.is_file()
    info = json.loads(ok("info", "--format", "json").stdout)
    assert Path(info["workspace"]) == workspace_path


@pytest.mark.parametrize("option", ["--workspace", "-w"])
def test_workspace_option_overrides_the_variable(
    option: str, my_export: Path, tmp_path: Path, workspace_path: Path
) -> None:
    other = tmp_path / "elsewhere" / "other.sqlite3"
    ok(option, other, "import", "linkedin", my_export)
    assert other.is_file()
    assert not workspace_path.exists()
    names = {p["name"] for p in json.loads(ok(option, other, "people", "--format", "json").stdout)}
    assert "Bo Ek" in names
    # the variable's workspace was never created, so reading it fails without creating it
    result = run("people")
    assert result.exit_code == 4
    assert not workspace_path.exists()


def test_workspace_option_naming_a_folder_uses_the_file_inside(
    my_export: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    ok("--workspace", folder, "import", "linkedin", my_export)
    assert (folder / "workspace.sqlite3").is_file()


def test_read_only_commands_do_not_create_a_workspace(workspace_path: Path) -> None:
    for args in (["people"], ["show", "Anyone"]):  # info: see test_outreach_mistakes.py
        result = run(*args)
        assert result.exit_code == 4, (args, result.output)
        assert "Traceback" not in result.output
    assert not workspace_path.exists()


@pytest.mark.parametrize(
    "content",
    [b"this is not a database\n" * 20, b"SQLite format 3\x00" + b"\x00garbage" * 100],
    ids=["text", "bad-sqlite-header"],
)
def test_a_file_that_is_not_a_workspace_exits_4_untouched(
    content: bytes, my_export: Path, tmp_path: Path
) -> None:
    target = tmp_path / "notes.sqlite3"
    target.write_bytes(content)
    for args in (["people"], ["info"], ["import", "linkedin", my_export], ["me", "Alex Kim"]):
        result = run("--workspace", target, *args)
        one_line_error(result, r".*notes\.sqlite3.*", code=4)
    assert target.read_bytes() == content
    assert not (tmp_path / "notes.sqlite3-wal").exists()
    assert not (tmp_path / "notes.sqlite3-journal").exists()


def test_a_foreign_sqlite_database_exits_4_untouched(my_export: Path, tmp_path: Path) -> None:
    target = tmp_path / "other-app.db"
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    before = target.read_bytes()
    result = run("--workspace", target, "import", "linkedin", my_export)
    one_line_error(result, code=4)
    assert target.read_bytes() == before


# --- import linkedin -------------------------------------------------------------------------


def test_import_linkedin_reports_and_stores_the_connections(my_export: Path) -> None:
    result = ok("import", "linkedin", my_export)
    assert "Connections.csv" in result.stdout
    assert "5 records" in result.stdout
    assert "date-only" in result.stdout
    named = by_name(people_json())
    assert set(named) == {"Ada Lovelace", "Bo Ek", "José Núñez", "Sam Lee"}
    assert len(named["Sam Lee"]) == 2
    assert all(p["degree"] == 1 for p in people_json())
    assert named["Bo Ek"][0]["linkedin_url"] == "https://www.linkedin.com/in/~bo"
    assert named["Bo Ek"][0]["emails"] == ["bo@example.com"]
    assert named["Ada Lovelace"][0]["company"] == "Analytical Engines, Ltd."


def test_reimporting_the_same_file_changes_nothing(my_export: Path) -> None:
    ok("import", "linkedin", my_export)
    before = people_json()
    ok("import", "linkedin", my_export)
    assert people_json() == before


def test_unknown_date_rejects_the_whole_file(world: Path, tmp_path: Path) -> None:
    bad = write_connections(
        tmp_path / "friend" / "Connections.csv",
        [
            "Uma,Good,https://www.linkedin.com/in/uma-good,,Acme,CTO,05 Jan 2026",
            "Vic,Secretname,https://www.linkedin.com/in/vic-bad,,Acme,CTO,31 Foo 2024",
            "Wen,Good,https://www.linkedin.com/in/wen-good,,Acme,CTO,07 Jan 2026",
        ],
    )
    before = people_json()
    info_before = json.loads(ok("info", "--format", "json").stdout)
    result = run("import", "linkedin", bad, "--owner", "Kim Friend", "--new-owner")
    line = one_line_error(
        result, re.escape(str(bad)) + r": line " + str(FIRST_ROW_LINE + 1) + r": \S.*"
    )
    assert "Secretname" not in line  # errors never repeat record content (privacy.md)
    assert people_json() == before
    info_after = json.loads(ok("info", "--format", "json").stdout)
    assert info_after["sources"] == info_before["sources"]


def test_skip_bad_imports_the_good_rows_and_lists_the_bad_one(tmp_path: Path) -> None:
    bad = write_connections(
        tmp_path / "Connections.csv",
        [
            "Uma,Good,https://www.linkedin.com/in/uma-good,,Acme,CTO,05 Jan 2026",
            "Vic,Bad,https://www.linkedin.com/in/vic-bad,,Acme,CTO,31 Foo 2024",
            "Wen,Good,https://www.linkedin.com/in/wen-good,,Acme,CTO,07 Jan 2026",
        ],
    )
    result = ok("import", "linkedin", bad, "--skip-bad")
    assert f"line {FIRST_ROW_LINE + 1}:" in result.stdout
    assert "Connected On" in result.stdout
    assert {p["name"] for p in people_json()} == {"Uma Good", "Wen Good"}


def test_a_csv_without_the_connections_header_is_rejected(
    tmp_path: Path, workspace_path: Path
) -> None:
    bad = tmp_path / "Connections.csv"
    bad.write_text("Name,Phone\nAda,123\n", encoding="utf-8")
    one_line_error(run("import", "linkedin", bad), re.escape(str(bad)) + ": .+")


def test_old_and_excel_layouts_import(tmp_path: Path) -> None:
    """The pre-2020 layout (no preamble, no URL, US dates) and an Excel re-save (cp1252)."""
    old = tmp_path / "old" / "Connections.csv"
    old.parent.mkdir()
    old.write_text(
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        'Old,Timer,old@example.com,"Stripe, Inc.",Engineer,"4/15/18, 9:12 AM"\n',
        encoding="utf-8",
    )
    ok("import", "linkedin", old)
    excel = tmp_path / "excel" / "Connections.csv"
    excel.parent.mkdir()
    excel.write_bytes(
        (HEADER + "Zoë,Müller,https://www.linkedin.com/in/zoe-m,,Acme,CTO,5-Jan-26\n")
        .replace("\n", "\r\n")
        .encode("cp1252")
    )
    ok("import", "linkedin", excel, "--owner", "Kim Friend", "--new-owner")
    named = by_name(people_json())
    assert named["Old Timer"][0]["company"] == "Stripe, Inc."
    zoe = named["Zoë Müller"][0]  # decoded from cp1252
    assert zoe["degree"] == 2  # Kim Friend shared their export, so knows the user
    assert zoe["sources"][0]["owner"] == "Kim Friend"


# --- import vcard ----------------------------------------------------------------------------


def test_import_vcard_normalises_email_and_phone(world: Path) -> None:
    cleo = show_json("Cleo Park")
    assert cleo["emails"] == ["Cleo.Park@Example.org"]  # as written; matched folded
    assert cleo["phones"] == ["+14155550132"]
    assert cleo["degree"] == 1
    assert [s["kind"] for s in cleo["sources"]] == ["vcard"]
    assert cleo["sources"][0]["label"] == "cleo.vcf"


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)),
        random.Random(20260410).randbytes(4096),
    ],
    ids=["png", "random-bytes"],
)
def test_import_vcard_of_a_non_vcard_file_exits_3(
    content: bytes, world: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "picture.png"
    bad.write_bytes(content)
    before = people_json()
    one_line_error(run("import", "vcard", bad), re.escape(str(bad)) + ": .+")
    assert people_json() == before


def test_one_bad_card_rejects_the_file_unless_skip_bad(world: Path, tmp_path: Path) -> None:
    cards = tmp_path / "mixed.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good One\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half Card\r\n",
        encoding="utf-8",
    )
    before = people_json()
    line = one_line_error(
        run("import", "vcard", cards), re.escape(str(cards)) + r": card 2 \(line 5\): .+"
    )
    assert "Half Card" not in line
    assert people_json() == before
    result = ok("import", "vcard", cards, "--skip-bad")
    assert "card 2 (line 5)" in result.stdout
    names = {p["name"] for p in people_json()}
    assert "Good One" in names
    assert "Half Card" not in names


def test_import_vcard_good_and_bad_files(tmp_path: Path) -> None:
    good = tmp_path / "good.vcf"
    good.write_text(CLEO_CARD, encoding="utf-8")
    bad = tmp_path / "bad.vcf"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    result = run("import", "vcard", good, bad)
    assert result.exit_code != 0
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert "good.vcf" in result.stdout
    assert str(bad) in result.stderr
    assert str(good) not in result.stderr
    assert [p["name"] for p in people_json()] == ["Cleo Park"]


def test_import_vcard_owner_makes_second_degree_contacts(world: Path, tmp_path: Path) -> None:
    card = tmp_path / "friend.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Dana Far\r\nEMAIL:dana@example.net\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    ok("import", "vcard", card, "--owner", "Bo Ek", "--new-owner")
    assert show_json("Dana Far")["degree"] == 2
    assert show_json("Bo Ek")["willingness"] == "willing"


# --- people ----------------------------------------------------------------------------------


def test_people_json_objects_have_the_documented_keys_and_types(world: Path) -> None:
    found = people_json()
    assert len(found) == 6
    for person in found:
        assert set(person) == PERSON_KEYS, person
        assert type(person["id"]) is int
        assert isinstance(person["name"], str) and person["name"]
        for key in ("company", "title"):
            assert person[key] is None or isinstance(person[key], str)
        for key in ("emails", "phones"):
            assert isinstance(person[key], list)
            assert all(isinstance(value, str) for value in person[key])
        assert all("@" in email for email in person["emails"])  # as written
        assert all(E164.match(phone) for phone in person["phones"])
        assert person["linkedin_url"] is None or LINKEDIN_URL.match(person["linkedin_url"])
        assert person["willingness"] in ("willing", "unknown", "unwilling")
        assert person["degree"] in (1, 2, 3, None)
        assert type(person["is_me"]) is bool
        assert person["is_me"] is False  # people never lists the user
        assert isinstance(person["sources"], list) and person["sources"]
        for source in person["sources"]:
            assert set(source) == SOURCE_KEYS, source
            assert type(source["id"]) is int
            assert source["kind"] in ("linkedin", "vcard")
            assert isinstance(source["label"], str)
            assert source["owner"] is None or isinstance(source["owner"], str)
            assert source["role"] in ("contact", "owner")
            assert source["locator"] is None or isinstance(source["locator"], str)
    ada = by_name(found)["Ada Lovelace"][0]
    assert ada["sources"][0]["locator"] == f"line {FIRST_ROW_LINE}"
    cleo = by_name(found)["Cleo Park"][0]
    assert re.fullmatch(r"card 1 \(line \d+\)", cleo["sources"][0]["locator"])


def test_people_search_degree_and_limit(world: Path) -> None:
    assert {p["name"] for p in people_json("acme")} == {"Bo Ek", "Sam Lee"}
    assert {p["name"] for p in people_json("NUNEZ")} == {"José Núñez"}  # accent-insensitive
    assert {p["name"] for p in people_json("example.org")} == {"Cleo Park"}
    assert len(people_json("--limit", "2")) == 2
    assert len(people_json("--degree", "1")) == 6
    assert people_json("--degree", "2") == []
    assert run("people", "--degree", "4").exit_code == 2


def test_people_table(world: Path) -> None:
    result = ok("people")
    for name in ("Bo Ek", "Cleo Park", "José Núñez"):
        assert name in result.stdout
    assert "6 people" in result.stdout


def test_people_csv_header_quoting_and_formula_neutralisation(tmp_path: Path) -> None:
    export = write_connections(
        tmp_path / "Connections.csv",
        [
            '"=HYPERLINK(""http://x"",""y"")",,https://www.linkedin.com/in/formula-1,,'
            "@SUM(1+1),-2+3,05 Jan 2026",
            "Plain,Person,https://www.linkedin.com/in/plain-person,,Acme,CTO,05 Jan 2026",
        ],
    )
    ok("import", "linkedin", export)
    result = ok("people", "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[0] == ",".join(f'"{column}"' for column in CSV_HEADER)
    for line in lines:
        assert line.startswith('"') and line.endswith('"'), line  # every field quoted
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows[0] == CSV_HEADER
    records = {row[5]: dict(zip(CSV_HEADER, row, strict=True)) for row in rows[1:]}
    evil = records["https://www.linkedin.com/in/formula-1"]
    assert evil["name"] == '\'=HYPERLINK("http://x","y")'
    assert evil["company"] == "'@SUM(1+1)"
    assert evil["title"] == "'-2+3"
    plain = records["https://www.linkedin.com/in/plain-person"]
    assert plain["name"] == "Plain Person"
    assert plain["degree"] == "1"
    assert plain["willingness"] == "unknown"
    assert "Connections.csv" in plain["sources"]
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "|", "%", "\t", "\r", "\n")), row


def test_escape_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    export = write_connections(
        tmp_path / "Connections.csv",
        [
            "Red\x1b[31m,Alert\x1b]0;pwned\x07,https://www.linkedin.com/in/red-alert,,"
            "Evil\x1b[2JCorp,CTO,05 Jan 2026"
        ],
    )
    imported = ok("import", "linkedin", export)
    assert "\x1b" not in imported.output
    table = ok("people")
    assert "\x1b" not in table.output
    assert "\x07" not in table.output
    assert "Red" in table.stdout and "Alert" in table.stdout
    person_id = people_json()[0]["id"]
    shown = ok("show", person_id)
    assert "\x1b" not in shown.output
    assert "Red" in shown.stdout
    missing = run("show", "Nobody\x1b[31m")
    assert missing.exit_code == 5
    assert "\x1b" not in missing.output


# --- show ------------------------------------------------------------------------------------


def test_show_json_has_ties_with_strength_and_evidence(world: Path) -> None:
    ada = show_json("Ada Lovelace, PhD")  # the credential is no part of the name
    assert set(ada) == PERSON_KEYS | {"ties", "removed_ties", "decisions"}
    assert ada["degree"] == 1
    assert ada["title"] == "Engineer"  # the stray space of the export is gone
    assert len(ada["ties"]) == 1
    tie = ada["ties"][0]
    assert set(tie) == TIE_KEYS
    assert tie["is_me"] is True
    assert isinstance(tie["strength"], float)
    assert 0 < tie["strength"] <= 1
    assert tie["evidence"]
    assert all(isinstance(line, str) and line for line in tie["evidence"])
    assert any("LinkedIn export" in line and "Jan 2026" in line for line in tie["evidence"])


def test_show_table_lists_sources_and_evidence(world: Path) -> None:
    result = ok("show", "Cleo Park")
    assert "Cleo Park" in result.stdout
    # the file, and the card in it, that the person came from
    assert re.search(r"sources: in cleo\.vcf, card 1 \(line \d+\)", result.stdout)
    assert "strength" in result.stdout
    assert "address book" in result.stdout
    assert "+14155550132" in result.stdout


# --- PERSON resolution -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("BO@EXAMPLE.COM", "Bo Ek"),
        ("linkedin.com/in/ADA-Lovelace-1a2b3c/", "Ada Lovelace"),
        ("http://www.linkedin.com/in/~bo?trk=people", "Bo Ek"),
        ("https://LinkedIn.com/in/jose-nunez-7/", "José Núñez"),
        ("jose nunez", "José Núñez"),
        ("JOSÉ NÚÑEZ", "José Núñez"),
        ("  bo ek  ", "Bo Ek"),
        ("cleo.park@example.ORG", "Cleo Park"),
    ],
)
def test_person_resolution(query: str, expected: str, world: Path) -> None:
    assert show_json(query)["name"] == expected


def test_person_resolution_by_id_and_hash_id(world: Path) -> None:
    bo = by_name(people_json())["Bo Ek"][0]
    assert show_json(str(bo["id"]))["name"] == "Bo Ek"
    assert show_json(f"#{bo['id']}")["name"] == "Bo Ek"


def test_ambiguous_name_exits_6_listing_candidates_with_company(world: Path) -> None:
    ids = sorted(p["id"] for p in by_name(people_json())["Sam Lee"])
    result = run("show", "sam LEE")
    line = one_line_error(result, code=6)
    for person_id in ids:
        assert f"#{person_id}" in line
    assert "Acme" in line and "Globex" in line
    for command in (["referrer", "Sam Lee", "--willing"], ["forget", "Sam Lee", "--yes"]):
        assert run(*command).exit_code == 6
    assert len(by_name(people_json())["Sam Lee"]) == 2


def test_unknown_name_exits_5_with_the_closest_names(world: Path) -> None:
    line = one_line_error(run("show", "Jose Nunes"), code=5)
    assert "José Núñez" in line
    one_line_error(run("show", "Zzyzx Qwertyuiop"), code=5)
    assert run("show", "999999").exit_code == 5
    assert run("show", "nobody@example.com").exit_code == 5


# --- referrer --------------------------------------------------------------------------------


def test_referrer_changes_willingness(world: Path) -> None:
    assert show_json("Bo Ek")["willingness"] == "unknown"
    result = ok("referrer", "Bo Ek", "--unwilling")
    assert "unwilling" in result.stdout
    assert show_json("Bo Ek")["willingness"] == "unwilling"
    assert by_name(people_json())["Bo Ek"][0]["willingness"] == "unwilling"
    ok("referrer", "bo@example.com", "--willing")
    assert show_json("Bo Ek")["willingness"] == "willing"
    ok("referrer", "Bo Ek", "--unknown")
    assert show_json("Bo Ek")["willingness"] == "unknown"


def test_referrer_needs_a_flag_and_a_known_person(world: Path) -> None:
    assert run("referrer", "Bo Ek").exit_code == 2
    assert run("referrer", "Nobody Here", "--willing").exit_code == 5
    assert show_json("Bo Ek")["willingness"] == "unknown"


def test_the_users_word_survives_a_reimport_of_a_shared_export(tmp_path: Path) -> None:
    shared = write_connections(
        tmp_path / "friend" / "Connections.csv",
        ["Zed,Friendly,https://www.linkedin.com/in/zed-f,,Acme,CTO,05 Jan 2026"],
    )
    ok("import", "linkedin", shared, "--owner", "Priya Raman", "--new-owner")
    assert show_json("Priya Raman")["willingness"] == "willing"
    ok("referrer", "Priya Raman", "--unwilling")
    ok("import", "linkedin", shared, "--owner", "Priya Raman", "--new-owner")
    assert show_json("Priya Raman")["willingness"] == "unwilling"


# --- forget ----------------------------------------------------------------------------------


def test_forget_yes_removes_the_person(world: Path) -> None:
    bo_id = show_json("Bo Ek")["id"]
    result = ok("forget", "Bo Ek", "--yes")
    assert f"#{bo_id}" in result.stdout
    one_line_error(run("show", "Bo Ek"), code=5)
    assert run("show", str(bo_id)).exit_code == 5
    assert run("show", "bo@example.com").exit_code == 5
    assert "Bo Ek" not in {p["name"] for p in people_json()}
    assert len(people_json()) == 5


def test_forget_without_yes_and_without_input_aborts(world: Path) -> None:
    before = people_json()
    result = run("forget", "Bo Ek", input="")
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert people_json() == before
    declined = run("forget", "Bo Ek", input="n\n")
    assert declined.exit_code != 0
    assert people_json() == before


def test_forget_with_confirmation(world: Path) -> None:
    result = run("forget", "Bo Ek", input="y\n")
    assert result.exit_code == 0, result.output
    assert run("show", "Bo Ek").exit_code == 5


def test_forget_unknown_person_exits_5(world: Path) -> None:
    before = people_json()
    one_line_error(run("forget", "Nobody Here", "--yes"), code=5)
    assert people_json() == before


# --- me --------------------------------------------------------------------------------------


def test_me_sets_and_shows_the_user(tmp_path: Path) -> None:
    result = ok("me", "Alex Kim", "--email", "Alex@Example.COM", "--phone", "+44 20 7946 0123")
    assert "Alex Kim" in result.stdout
    me = json.loads(ok("me", "--format", "json").stdout)
    assert set(me) == PERSON_KEYS
    assert me["name"] == "Alex Kim"
    assert me["is_me"] is True
    assert me["degree"] is None
    assert me["emails"] == ["alex@example.com"]
    assert me["phones"] == ["+442079460123"]
    assert "Alex Kim" in ok("me").stdout
    assert people_json() == []  # the user is never listed


def test_me_rejects_a_url_that_is_not_a_profile() -> None:
    result = run("me", "Alex Kim", "--linkedin", "https://example.com/alex")
    one_line_error(result, code=2)
    result = run("me", "Alex Kim", "--email", "not-an-email")
    one_line_error(result, code=2)


def test_me_merges_the_user_with_their_entry_in_a_friends_export(tmp_path: Path) -> None:
    shared = write_connections(
        tmp_path / "priya" / "Connections.csv",
        [
            "Noor,Haddad,https://www.linkedin.com/in/noor-haddad-data,,Tallowbrook,"
            "Data Engineer,05 Jan 2026",
            "Zed,Friendly,https://www.linkedin.com/in/zed-f,,Acme,CTO,05 Jan 2026",
        ],
    )
    ok("import", "linkedin", shared, "--owner", "Priya Raman", "--new-owner")
    before = by_name(people_json())
    assert before["Priya Raman"][0]["degree"] == 1  # she shared her export with the user
    assert "Noor Haddad" in before

    ok("me", "Noor Haddad", "--linkedin", "HTTP://LinkedIn.com/in/Noor-Haddad-Data/?trk=x")

    after = by_name(people_json())
    assert "Noor Haddad" not in after
    assert all(not p["is_me"] for p in people_json())
    assert after["Priya Raman"][0]["degree"] == 1
    assert after["Priya Raman"][0]["willingness"] == "willing"
    assert after["Zed Friendly"][0]["degree"] == 2
    me = json.loads(ok("me", "--format", "json").stdout)
    assert me["is_me"] is True
    assert me["name"] == "Noor Haddad"
    assert me["linkedin_url"] == "https://www.linkedin.com/in/noor-haddad-data"
    assert any(s["owner"] == "Priya Raman" for s in me["sources"])
    priya_ties = show_json("Priya Raman")["ties"]
    assert [t["is_me"] for t in priya_ties].count(True) == 1
    assert ok("info", "--format", "json").stdout.count('"Noor Haddad"') == 1


# --- info ------------------------------------------------------------------------------------


def test_info(world: Path, workspace_path: Path) -> None:
    table = ok("info")
    assert str(workspace_path) in table.stdout
    assert "Connections.csv" in table.stdout and "cleo.vcf" in table.stdout
    summary = json.loads(ok("info", "--format", "json").stdout)
    assert Path(summary["workspace"]) == workspace_path
    assert summary["people"] == 6
    assert summary["by_degree"] == {"1": 6, "2": 0, "3": 0}
    assert summary["edges"] == 6
    assert summary["willing_referrers"] == 0
    assert [s["label"] for s in summary["sources"]] == ["Connections.csv", "cleo.vcf"]
    assert [s["kind"] for s in summary["sources"]] == ["linkedin", "vcard"]
    assert [s["records"] for s in summary["sources"]] == [5, 1]
