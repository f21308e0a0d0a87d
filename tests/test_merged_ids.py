"""What became of a person merged into someone else (``m017``): an id the user typed from
before the merge says whom it went to and which import merged them, and ``undo-import`` says
which merges of its file stay. Only ids are kept, and forgetting the person erases them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from cli_helpers import ok_in, one_line_error, run_in
from conftest import migrate_only_before

from netgraph.workspace import Workspace


def _card(path: Path, name: str, *lines: str) -> Path:
    body = "".join(f"{line}\r\n" for line in lines)
    path.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\n{body}END:VCARD\r\n", encoding="utf-8"
    )
    return path


def _two_then_joined(tmp_path: Path, workspace_path: Path) -> Path:
    """Ann Lee (by email) and A. Lee (by phone) are two people until c.vcf's card holds both
    keys; returns c.vcf. Ann is #2, A. Lee #3."""
    ok_in(workspace_path, "me", "Pat Quinn")
    ok_in(
        workspace_path, "import", "vcard", _card(tmp_path / "a.vcf", "Ann Lee", "EMAIL:ann@x.org")
    )
    phone = "TEL:+1 415 555 0101"
    ok_in(workspace_path, "import", "vcard", _card(tmp_path / "b.vcf", "A. Lee", phone))
    assert "A. Lee" in ok_in(workspace_path, "show", "#3").output
    joined = _card(tmp_path / "c.vcf", "Ann Lee", "EMAIL:ann@x.org", phone)
    ok_in(workspace_path, "import", "vcard", joined)
    return joined


def _what_became_of(workspace_path: Path, person: str) -> str:
    line = one_line_error(run_in(workspace_path, "show", person), code=5)
    return line.removeprefix(f"Error: no person '{person}' any more: ")


def test_an_id_an_import_merged_says_into_whom_and_by_which_file(
    tmp_path: Path, workspace_path: Path
) -> None:
    _two_then_joined(tmp_path, workspace_path)
    assert _what_became_of(workspace_path, "#3") == "merged into #2 Ann Lee when c.vcf was imported"


def test_undoing_the_import_says_its_merge_stays(tmp_path: Path, workspace_path: Path) -> None:
    _two_then_joined(tmp_path, workspace_path)

    undone = ok_in(workspace_path, "undo-import", "c.vcf", "--yes").output

    assert "not undone: the 1 merge this file made (#3 into #2 Ann Lee)" in undone
    assert "netgraph split" in undone
    assert _what_became_of(workspace_path, "#3") == "merged into #2 Ann Lee"


def test_a_later_merge_takes_the_id_along(tmp_path: Path, workspace_path: Path) -> None:
    _two_then_joined(tmp_path, workspace_path)
    ok_in(workspace_path, "import", "vcard", _card(tmp_path / "d.vcf", "Ann Lee-Park"))
    ok_in(workspace_path, "merge", "Ann Lee-Park", "#2")  # Ann (#2) goes into #4

    assert _what_became_of(workspace_path, "#3").startswith("merged into #4 Ann Lee-Park")


def test_forgetting_the_person_erases_where_ids_went(tmp_path: Path, workspace_path: Path) -> None:
    _two_then_joined(tmp_path, workspace_path)

    ok_in(workspace_path, "forget", "#2", "--yes")

    assert _what_became_of(workspace_path, "#3").startswith("forgotten, merged into someone")
    with sqlite3.connect(workspace_path) as conn:
        assert conn.execute("SELECT count(*) FROM merged_ids").fetchone() == (0,)


def test_a_workspace_written_before_records_merges_from_then_on(
    tmp_path: Path, workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrate_only_before(monkeypatch, "m017_merged_ids")
    with Workspace.open(workspace_path):
        pass
    monkeypatch.undo()

    _two_then_joined(tmp_path, workspace_path)

    assert _what_became_of(workspace_path, "#3").endswith("when c.vcf was imported")
