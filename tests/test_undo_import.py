"""``netgraph undo-import`` and owner names (issue 13, item 5 and "What to build" 2), through the
CLI: what only one import brought goes, what others or the user hold stays, nothing of its file
stays on disk."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from netgraph.cli import cli
from tests.cli_helpers import ok, one_line_error, run
from tests.disk_helpers import disk_bytes

CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def people() -> dict[str, dict[str, object]]:
    return {p["name"]: p for p in json.loads(ok("people", "--format", "json").output)}


def write(path: Path, rows: list[str]) -> Path:
    path.write_text(CONNECTIONS + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def setup_two_files(tmp_path: Path) -> tuple[Path, Path]:
    ok("me", "Alex Kim", "--email", "alex@example.com")
    mine = write(
        tmp_path / "Connections.csv",
        [
            "Priya,Raman,https://www.linkedin.com/in/priya-raman,,Initech,Designer,01 Jan 2024",
            "Jo,Shared,https://www.linkedin.com/in/jo-shared,,Acme,PM,01 Jan 2024",
        ],
    )
    ok("import", "linkedin", mine)
    friend = tmp_path / "friend.csv"
    friend.write_text(
        "First Name,Last Name,E-mail Address,Mobile Phone\n"
        "Only,Here,only.here@example.org,+44 20 7946 0958\n"
        "Jo,Shared,jo@shared.example,\n",
        encoding="utf-8",
    )
    return mine, friend


def test_undo_import_removes_what_only_it_brought(tmp_path: Path, workspace_path: Path) -> None:
    _mine, friend = setup_two_files(tmp_path)
    ok("import", "csv", friend, "--owner", "Priya Raman")
    jo_email = "jo@shared.example"
    assert "Only Here" in people()

    result = ok("undo-import", "friend.csv", "--yes")

    assert "Removed #2 friend.csv" in result.output
    found = people()
    assert "Only Here" not in found
    assert "Jo Shared" in found and "Priya Raman" in found  # other sources hold them
    assert jo_email not in ok("show", "Jo Shared").output  # the key only it gave
    assert found["Priya Raman"]["willingness"] != "willing"  # she no longer shares an export
    info = json.loads(ok("info", "--format", "json").output)
    assert [s["label"] for s in info["sources"]] == ["Connections.csv"]
    data = disk_bytes(workspace_path)
    assert b"only.here@example.org" not in data and b"friend.csv" not in data
    # the route index is up to date: Priya's ties from the friend's file are gone
    routes = run("who-can-introduce", "Jo Shared")
    assert "Priya" not in routes.output


def test_undo_import_asks_first_with_a_summary(tmp_path: Path) -> None:
    _mine, friend = setup_two_files(tmp_path)
    ok("import", "csv", friend)

    refused = CliRunner().invoke(cli, ["undo-import", "#2"], input="n\n")

    assert refused.exit_code != 0
    assert "2 people only this file brought in" in refused.output
    assert "Only Here" in people()
    assert CliRunner().invoke(cli, ["undo-import", "2"], input="y\n").exit_code == 0
    assert "Only Here" not in people()


def test_undo_import_names_the_source_or_says_what_exists(tmp_path: Path) -> None:
    setup_two_files(tmp_path)

    one_line_error(
        run("undo-import", "nothing.csv", "--yes"), r".*no imported file named.*", code=2
    )
    one_line_error(run("undo-import", "#9", "--yes"), r".*no imported file #9.*", code=2)


def test_undo_import_keeps_people_the_user_tracks(tmp_path: Path) -> None:
    _mine, friend = setup_two_files(tmp_path)
    ok("import", "csv", friend)
    ok("target", "add", "Only Here")

    out = ok("undo-import", "friend.csv", "--yes").output

    assert "Only Here" in people()
    assert "kept: 1 person" in out


def test_owner_name_must_match_someone_unless_new_owner(tmp_path: Path) -> None:
    _mine, friend = setup_two_files(tmp_path)

    typo = run("import", "csv", friend, "--owner", "Priya Ramen")
    line = one_line_error(typo, r".*no person named 'Priya Ramen'.*", code=typo.exit_code)
    assert "did you mean Priya Raman (#" in line
    assert "Only Here" not in json.dumps(json.loads(ok("people", "--format", "json").output))
    ok("import", "csv", friend, "--owner", "Dana New", "--new-owner")
    assert "Dana New" in people()


def test_owner_by_id_email_or_url(tmp_path: Path) -> None:
    _mine, friend = setup_two_files(tmp_path)
    priya = people()["Priya Raman"]["id"]

    ok("import", "csv", friend, "--owner", f"{priya}")
    assert people()["Priya Raman"]["willingness"] == "willing"
    other = tmp_path / "other.csv"
    other.write_text("First Name,Last Name\nNew,Person\n", encoding="utf-8")
    url = "https://linkedin.com/in/priya-raman"
    ok("import", "csv", other, "--dialect", "outlook", "--owner", url)
    assert len([n for n in people() if n.startswith("Priya")]) == 1


def test_the_same_export_under_two_owners_is_flagged(tmp_path: Path) -> None:
    _mine, friend = setup_two_files(tmp_path)
    ok("import", "csv", friend, "--owner", "Priya Raman")

    again = run("import", "csv", friend, "--owner", "Dana New", "--new-owner")

    one_line_error(again, r".*already imported as Priya Raman's export.*", code=again.exit_code)


def test_the_summary_never_prints_control_characters_of_a_file_name(tmp_path: Path) -> None:
    ok("me", "Alex Kim")
    hostile = tmp_path / "evil\x1b[2J\u202ename.csv"
    hostile.write_text("First Name,Last Name,E-mail Address\nEve,Ng,eve@ng.example\n", "utf-8")
    ok("import", "csv", hostile)

    out = ok("undo-import", hostile.name, "--yes").output

    assert "\x1b" not in out and "\u202e" not in out
    assert "Removed #1 evil" in out
