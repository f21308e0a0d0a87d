"""A friend who shares their export knows you (issue 13, item 6), through the CLI: the owner of a
shared export is tied to the user by the evidence "shared their export with you", so friends who
shared are first degree even when their export does not list the user."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_helpers import ok

CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
SHARED = "shared their export"


def write(path: Path, rows: list[str]) -> Path:
    path.write_text(CONNECTIONS + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def people() -> dict[str, dict[str, object]]:
    return {p["name"]: p for p in json.loads(ok("people", "--format", "json").output)}


def setup(tmp_path: Path) -> Path:
    """Alex's own export lists Priya; Priya's export lists Jo, not Alex."""
    ok("me", "Alex Kim")
    mine = write(
        tmp_path / "Connections.csv",
        ["Priya,Raman,https://www.linkedin.com/in/priya-raman,,Initech,Designer,01 Jan 2024"],
    )
    ok("import", "linkedin", mine)
    return write(
        tmp_path / "priya.csv",
        ["Jo,Other,https://www.linkedin.com/in/jo-other,,Acme,PM,01 Jan 2024"],
    )


def test_a_friend_who_shared_their_export_is_first_degree(tmp_path: Path) -> None:
    ok("me", "Alex Kim")
    friend = write(
        tmp_path / "sam.csv",
        ["Jo,Other,https://www.linkedin.com/in/jo-other,,Acme,PM,01 Jan 2024"],
    )

    ok("import", "linkedin", friend, "--owner", "Sam Friend", "--new-owner")

    found = people()
    assert found["Sam Friend"]["degree"] == 1  # a new person as owner gets the tie too
    assert found["Jo Other"]["degree"] == 2
    shown = ok("show", "Sam Friend").output
    assert "Sam Friend shared their export sam.csv with you" in shown
    assert "0.71" in shown  # a strong tie (0.7 alone, before the floor)


def test_reimport_adds_the_tie_once_and_own_imports_add_none(tmp_path: Path) -> None:
    friend = setup(tmp_path)
    ok("import", "linkedin", friend, "--owner", "Priya Raman")

    again = ok("import", "linkedin", friend, "--owner", "Priya Raman")

    assert "0 new ties" in again.output
    assert ok("show", "Priya Raman").output.count(SHARED) == 1
    ok("import", "linkedin", tmp_path / "Connections.csv")  # the user's own: no such tie
    assert SHARED not in ok("show", "Alex Kim").output.replace(
        "Priya Raman shared their export priya.csv with you", ""
    )
    assert ok("show", "Alex Kim").output.count(SHARED) == 1


def test_undo_import_removes_the_shared_export_tie(tmp_path: Path) -> None:
    ok("me", "Alex Kim")
    friend = write(
        tmp_path / "sam.csv",
        ["Jo,Other,https://www.linkedin.com/in/jo-other,,Acme,PM,01 Jan 2024"],
    )
    ok("import", "linkedin", friend, "--owner", "Sam Friend", "--new-owner")
    mine = write(
        tmp_path / "Connections.csv",
        ["Sam,Friend,https://www.linkedin.com/in/sam-friend,,Acme,CTO,01 Jan 2020"],
    )
    ok("import", "linkedin", mine)  # Alex's own export lists Sam too
    assert SHARED in ok("show", "Sam Friend").output

    ok("undo-import", "sam.csv", "--yes")

    shown = ok("show", "Sam Friend").output
    assert SHARED not in shown
    assert "in your LinkedIn export" in shown  # the tie the user's export shows stays
    assert people()["Sam Friend"]["degree"] == 1


def test_undo_import_of_a_new_owners_export_removes_them_and_the_tie(tmp_path: Path) -> None:
    ok("me", "Alex Kim")
    friend = write(
        tmp_path / "sam.csv",
        ["Jo,Other,https://www.linkedin.com/in/jo-other,,Acme,PM,01 Jan 2024"],
    )
    ok("import", "linkedin", friend, "--owner", "Sam Friend", "--new-owner")
    assert SHARED in ok("show", "Alex Kim").output

    ok("undo-import", "sam.csv", "--yes")

    assert "Sam Friend" not in people()
    assert SHARED not in ok("show", "Alex Kim").output


def test_forget_removes_the_shared_export_tie(tmp_path: Path) -> None:
    friend = setup(tmp_path)
    ok("import", "linkedin", friend, "--owner", "Priya Raman")
    assert SHARED in ok("show", "Alex Kim").output

    ok("forget", "Priya Raman", "--yes")

    assert SHARED not in ok("show", "Alex Kim").output
    assert "Priya Raman" not in people()
