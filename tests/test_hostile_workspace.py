"""Faults around the workspace and the commands that write to it: each refused with one line.

Regression tests for issue 11 (items 4, 6, 7, 8 and parts of 9): a waiting target that kept a
forgotten person's name, workspace files readable by others, tracebacks on a read-only
workspace, absurd dates and ids, nameless people, an all-bad file recorded as a source, an
empty workspace left by a refused first import, other programs' SQLite files adopted, runaway
templates and file names that split the one-line error.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest
from cli_helpers import ok, one_line_error, run

from netgraph.errors import UsageError
from netgraph.outreach import template_files
from netgraph.workspace import store

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
TWO_SAM_LEES = HEADER + "Sam,Lee,,,Acme,Engineer,01 Jan 2024\nSam,Lee,,,Globex,PM,02 Jan 2024\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def files_of(workspace: Path) -> dict[str, bytes]:
    """The bytes of the workspace and its side files, by name."""
    return {
        p.name: p.read_bytes()
        for p in workspace.parent.iterdir()
        if p.name.startswith(workspace.name) and p.is_file()
    }


def all_bytes(workspace: Path) -> bytes:
    return b"".join(files_of(workspace).values())


def dump(workspace: Path) -> list[str]:
    """The workspace's content as SQL statements (side files that a read changes do not count)."""
    conn = sqlite3.connect(workspace)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


# --- item 4: forget leaves no waiting target holding the name -------------------------------


def test_a_name_that_matches_two_people_is_not_left_waiting(tmp_path: Path) -> None:
    ok("me", "Alex Kim")
    ok("import", "linkedin", write(tmp_path / "c.csv", TWO_SAM_LEES))
    error = one_line_error(run("target", "add", "--name", "Sam Lee"), code=6)
    assert "#2 Sam Lee" in error and "#3 Sam Lee" in error
    assert "not in your network" not in error
    assert ok("target", "list", "--format", "json").output.strip() == "[]"


def test_forgetting_people_forgets_the_waiting_target_that_names_them(
    tmp_path: Path, workspace_path: Path
) -> None:
    ok("me", "Alex Kim")
    ok("target", "add", "--name", "Sam Lee")  # waiting: nobody of that name yet
    ok("target", "add", "--name", "Dana Roe", "--company", "Initech")  # someone else
    connections = write(tmp_path / "c.csv", TWO_SAM_LEES)
    ok("import", "linkedin", connections)  # two Sam Lees: the target keeps waiting
    forgot = [ok("forget", person, "--yes").output for person in ("#2", "#3")]
    assert "1 waiting target naming them" in forgot[0]
    assert b"Sam Lee" not in all_bytes(workspace_path)
    assert b"sam lee" not in all_bytes(workspace_path)
    waiting = ok("target", "list", "--format", "json").output
    assert "Dana Roe" in waiting and "Sam Lee" not in waiting
    ok("import", "linkedin", connections)  # the next import attaches nothing to them
    assert "Sam Lee" not in ok("target", "list", "--format", "json").output


def test_a_waiting_target_at_another_company_survives_forgetting_a_namesake(
    tmp_path: Path,
) -> None:
    ok("me", "Alex Kim")
    ok("import", "linkedin", write(tmp_path / "c.csv", HEADER + "Sam,Lee,,,Acme,Eng,01 Jan 2024\n"))
    ok("target", "add", "--name", "Sam Lee", "--company", "Initech")
    ok("forget", "Sam Lee", "--yes")
    assert "Initech" in ok("target", "list", "--format", "json").output


# --- item 6: files readable by others are made private ----------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_an_existing_workspace_readable_by_others_is_made_private_once(
    workspace_path: Path,
) -> None:
    workspace_path.touch(mode=0o644)
    os.chmod(workspace_path, 0o644)  # as a sync folder or a backup restore leaves it
    first = ok("me", "Alex Kim")
    assert "readable by others" in first.output
    ok("people")
    for name in files_of(workspace_path):
        mode = stat.S_IMODE((workspace_path.parent / name).stat().st_mode)
        assert mode == 0o600, (name, oct(mode))
    os.chmod(workspace_path, 0o640)
    wal = workspace_path.with_name(workspace_path.name + "-wal")
    wal.touch()
    os.chmod(wal, 0o644)
    again = ok("people")
    assert again.output.count("Note:") == 2  # the database and its -wal, once
    assert "readable by others" not in ok("people").output


# --- item 7: tracebacks --------------------------------------------------------------------


@pytest.fixture
def read_only_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    """Open every workspace read-only, as SQLite does for a file the user may not write.

    (Tests often run as root, for whom file permissions do not stop a write.)
    """
    connect = sqlite3.connect

    def read_only(path: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        kwargs.pop("uri", None)
        uri = f"{Path(str(path)).resolve().as_uri()}?mode=ro"
        return connect(uri, *args, uri=True, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(store.sqlite3, "connect", read_only)


@pytest.mark.parametrize(
    "command",
    [
        ("me", "Bea Ode"),
        ("referrer", "Sam Lee", "--willing"),
        ("target", "add", "Sam Lee"),
        ("log", "Sam Lee", "requested"),
        ("import", "linkedin", "{csv}"),
        ("forget", "Sam Lee", "--yes"),
    ],
)
def test_every_write_to_a_read_only_workspace_is_one_line(
    command: tuple[str, ...], tmp_path: Path, workspace_path: Path, request: pytest.FixtureRequest
) -> None:
    connections = write(tmp_path / "c.csv", HEADER + "Sam,Lee,,,Acme,Eng,01 Jan 2024\n")
    ok("me", "Alex Kim")
    ok("import", "linkedin", connections)
    before = dump(workspace_path)
    request.getfixturevalue("read_only_connections")
    error = one_line_error(run(*(c.format(csv=connections) for c in command)), code=4)
    assert "read-only" in error
    assert "Sam Lee" in ok("people").output  # reading still works
    assert dump(workspace_path) == before


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "9999-12-31", "2999-01-01"])
def test_absurd_step_dates_are_refused(day: str) -> None:
    ok("me", "Alex Kim")
    ok("target", "add", "--name", "Jo Park")
    ok("import", "vcard", FIXTURE_CARD)
    error = one_line_error(run("log", "Jo Park", "scheduled", "--date", day), code=2)
    assert day in error and "outside the dates" in error
    assert ok("followups", "--format", "ics", "--all").exit_code == 0


@pytest.mark.parametrize(
    "command",
    [
        ("followups", "--days", "999999999"),
        ("followups", "--cadence", "999999999"),
        ("followups", "--no-answer-days", "99999999999999999999"),
        ("pipeline", "--no-answer-days", "999999999"),
    ],
)
def test_absurd_day_counts_are_refused(command: tuple[str, ...]) -> None:
    ok("me", "Alex Kim")
    result = run(*command)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "0<=x<=3660" in result.output or "1<=x<=3660" in result.output


def test_steps_an_older_netgraph_stored_at_the_end_of_the_calendar_still_list(
    workspace_path: Path,
) -> None:
    ok("me", "Alex Kim")
    ok("import", "vcard", FIXTURE_CARD)
    ok("log", "Jo Park", "scheduled", "--date", date.today().isoformat())
    ok("import", "vcard", FIXTURE_CARD.with_name("sam-lee.vcf"))
    ok("log", "Sam Lee", "thanked")
    conn = sqlite3.connect(workspace_path)
    with conn:
        conn.execute("UPDATE outreach SET on_date = '9999-12-31' WHERE status = 'scheduled'")
        conn.execute("UPDATE outreach SET on_date = '0001-01-01' WHERE status = 'thanked'")
    conn.close()
    for command in (("followups", "--all"), ("followups", "--format", "ics"), ("pipeline",)):
        assert "Traceback" not in ok(*command).output


@pytest.mark.parametrize("query", ["#99999999999999999999", "99999999999999999999999", "#²", "#٣"])
def test_ids_that_are_not_ids_find_nobody_without_a_traceback(query: str) -> None:
    ok("me", "Alex Kim")
    one_line_error(run("show", query), code=5)


# --- item 8: empty or blank names ------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "\u3000", "!!!", "\u200b"])
def test_blank_names_are_refused_for_you_and_for_owners(name: str, tmp_path: Path) -> None:
    ok("me", "Alex Kim")
    error = one_line_error(run("me", name), code=2)
    assert "name is empty" in error
    assert "You are Alex Kim" in ok("me").output
    connections = write(tmp_path / "c.csv", HEADER + "Ann,Lee,,,Acme,Eng,01 Jan 2024\n")
    one_line_error(run("import", "linkedin", connections, "--owner", name), code=2)
    assert "(no name)" not in ok("people").output
    assert ok("info").output.count("c.csv") == 0


# --- item 9: an all-bad file, a refused first import, other programs' databases -------------


def test_skip_bad_on_a_file_whose_every_record_is_bad_imports_nothing(
    tmp_path: Path, workspace_path: Path
) -> None:
    ok("me", "Alex Kim")
    before = all_bytes(workspace_path)
    bad = write(tmp_path / "bad.csv", HEADER + "Ann,Lee,,,Acme,Eng,not a date\nBo,Ek,,,X,Y,never\n")
    error = one_line_error(run("import", "linkedin", bad, "--skip-bad"))
    assert "bad.csv" in error and "line 2" in error and "all 2 records are bad" in error
    assert all_bytes(workspace_path) == before
    assert "bad.csv" not in ok("info").output


@pytest.mark.parametrize(
    ("kind", "content"),
    [
        ("vcard", "not a card\n"),
        ("vcard", "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\n"),
        ("linkedin", "no,header,here\n"),
    ],
)
def test_a_refused_first_import_leaves_no_workspace_file(
    kind: str, content: str, tmp_path: Path, workspace_path: Path
) -> None:
    source = write(tmp_path / ("in.vcf" if kind == "vcard" else "in.csv"), content)
    one_line_error(run("import", kind, source))
    assert files_of(workspace_path) == {}


def test_an_empty_sqlite_database_of_another_program_is_not_adopted(workspace_path: Path) -> None:
    conn = sqlite3.connect(workspace_path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("DROP TABLE t")  # a valid database with no tables and no application id
    conn.close()
    before = workspace_path.read_bytes()
    for command in (("info",), ("people",), ("me", "Alex Kim")):
        error = one_line_error(run(*command), code=4)
        assert "not a netgraph workspace" in error
    assert workspace_path.read_bytes() == before


def test_another_programs_wal_database_gets_no_side_files(workspace_path: Path) -> None:
    conn = sqlite3.connect(workspace_path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE notes (x)")
    conn.close()
    before = files_of(workspace_path)
    assert "not a netgraph workspace" in one_line_error(run("info"), code=4)
    assert files_of(workspace_path) == before


def test_a_workspace_whose_first_command_was_cut_short_is_still_ours(workspace_path: Path) -> None:
    # The application id is written before anything else, so a workspace left with only a
    # header (the process killed before the schema was written) opens as a workspace later.
    conn = sqlite3.connect(workspace_path)
    conn.execute(f"PRAGMA application_id = {store.APPLICATION_ID}")
    conn.close()
    assert "You are Alex Kim" in ok("me", "Alex Kim").output


def test_a_template_with_runaway_loops_stops_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(template_files, "RENDER_SECONDS", 0.3)
    write(
        tmp_path / "ask.md.j2",
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    )
    with pytest.raises(UsageError, match=r"longer than 0\.3 seconds"):
        template_files.render_template(tmp_path, "ask.md.j2", {})
    # The size limits, with time enough that a busy machine never reaches the clock first.
    monkeypatch.setattr(template_files, "RENDER_SECONDS", 60.0)
    write(tmp_path / "ask.md.j2", "{% for a in range(100000) %}{{ 'x' * 100 }}{% endfor %}")
    with pytest.raises(UsageError, match="grew past"):
        template_files.render_template(tmp_path, "ask.md.j2", {})
    write(tmp_path / "ask.md.j2", "{{ 'x' * 10 ** 10 }}")
    with pytest.raises(UsageError, match=r"exponent|too long"):
        template_files.render_template(tmp_path, "ask.md.j2", {})


@pytest.mark.parametrize("region", ["ZZ", "??", "usa", ""])
def test_a_region_that_is_no_country_is_refused(region: str, tmp_path: Path) -> None:
    ok("me", "Alex Kim")
    error = one_line_error(run("import", "vcard", FIXTURE_CARD, "--region", region), code=2)
    assert "not a country code" in error
    card = tmp_path / "jo.vcf"
    card.write_bytes(FIXTURE_CARD.read_bytes())
    manifest = write(
        tmp_path / "manifest.csv", f"path,kind,owner,region\njo.vcf,vcard,,{region}x\n"
    )
    error = one_line_error(run("import", "batch", manifest))
    assert "manifest.csv: line 2: region" in error
    assert "Jo Park" not in ok("people").output


def test_a_file_name_with_a_line_break_keeps_the_error_on_one_line(tmp_path: Path) -> None:
    odd = write(tmp_path / "con\nnections.csv", "not,a,connections,file\n")
    error = one_line_error(run("import", "linkedin", odd))
    assert "con\\nnections.csv" in error


FIXTURE_CARD = Path(__file__).resolve().parent / "fixtures" / "issue11" / "jo-park.vcf"
