"""A hostile ``import batch`` manifest (issue 11, item 7): one line naming the line, no traceback.

The manifest is checked before anything is imported, so every refusal leaves the workspace
byte-identical.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import ok, one_line_error, run
from hostile_helpers import names, snapshot

CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ann,Lee,https://www.linkedin.com/in/ann-lee-example,,Acme,CTO,05 Jan 2026\n"
)

REFUSED = {
    "extra fields": (
        b"path,kind,owner\nexport.csv,linkedin,,Priya\n",
        "line 2: 4 fields where the header has 3",
    ),
    "extra fields on a later line": (
        b"path,kind,owner\nexport.csv,linkedin,\nexport.csv,linkedin,,,\n",
        "line 3: 5 fields where the header has 3",
    ),
    "a NUL byte": (
        b"path,kind,owner\nexport.csv,linkedin,Bo\x00b\n",
        "line 2: the manifest holds a NUL byte: not a text file",
    ),
    "a huge field": (
        b"path,kind,owner\nexport.csv,linkedin," + b"x" * 5000 + b"\n",
        "line 2: the owner field is longer than 4,096 characters",
    ),
    "a huge row": (
        b"path,kind,owner\n" + b"," * 2_000_000 + b"\n",
        "line 2: the row is longer than 1,048,576 characters",
    ),
    "an unquoted line break in a path": (
        b"path,kind,owner\nexp\nort.csv,linkedin,\n",
        r"line 2: 1 field where at least 2 are needed \(the header has 3\)",
    ),
    "an unclosed quote": (
        b'path,kind,owner\n"export.csv,linkedin,\nexport.csv,linkedin,\n',
        r"line 2: a quoted field is never closed \(unclosed quote\)",
    ),
    "a stray quote": (
        b'path,kind,owner\n"export"x.csv,linkedin,\n',
        r"line 2: text after the closing quote of a field \(stray quote\)",
    ),
    "an owner with no letter or digit": (
        b"path,kind,owner\nexport.csv,linkedin,=\n",
        "line 2: the owner has no letter or digit: give a name, URL or email",
    ),
    "not UTF-8": (
        b"path,kind,owner\nexport.csv,linkedin,Bj\xf6rn\n",
        "line 2: the manifest is not UTF-8 text",
    ),
    "a header line that is not CSV": (
        b'"path,kind,owner\nexport.csv,linkedin,\n',
        "line 1: the header is not a line of CSV",
    ),
    "a column named twice": (
        b"path,kind,owner,path\nexport.csv,linkedin,,other.csv\n",
        "line 1: the column path appears twice in the header",
    ),
    "a device": (
        b"path,kind,owner\n/dev/zero,vcard,\n",
        "line 2: /dev/zero is a character device, not a regular file",
    ),
    "a folder for vcard": (
        b"path,kind,owner\n.,vcard,\n",
        r"line 2: \. is a folder, not a vCard file",
    ),
    "a path too long for the system": (
        b"path,kind,owner\n" + b"p" * 4000 + b".csv,linkedin,\n",
        r"line 2: no such file or folder: p+\.\.\.",
    ),
}


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace with one import in it, and a folder holding export.csv beside the manifest."""
    (tmp_path / "export.csv").write_text(CONNECTIONS, encoding="utf-8")
    workspace = tmp_path / "ws.sqlite3"
    ok("-w", workspace, "me", "Alex Kim")
    return workspace, tmp_path / "manifest.csv"


@pytest.mark.parametrize("case", REFUSED)
def test_a_hostile_manifest_is_refused_on_one_line_before_any_import(
    setup: tuple[Path, Path], case: str
) -> None:
    workspace, manifest = setup
    content, problem = REFUSED[case]
    manifest.write_bytes(content)
    before = snapshot(workspace)
    one_line_error(
        run("-w", workspace, "import", "batch", manifest), r".*manifest\.csv: " + problem
    )
    assert snapshot(workspace) == before


def test_quoted_paths_may_hold_commas_and_line_breaks(setup: tuple[Path, Path]) -> None:
    workspace, manifest = setup
    odd = manifest.parent / "a, b\nc.csv"
    odd.write_text(CONNECTIONS.replace("Ann", "Bo").replace("ann-", "bo-"), encoding="utf-8")
    manifest.write_bytes(
        b'\xef\xbb\xbfpath,kind,owner\r\n"a, b\nc.csv",linkedin,\r\nexport.csv,linkedin\r\n'
    )
    assert "Imported 2 of 2 files" in ok("-w", workspace, "import", "batch", manifest).output
    assert names(workspace) == ["Ann Lee", "Bo Lee"]


def test_a_manifest_with_classic_mac_line_ends_is_read(setup: tuple[Path, Path]) -> None:
    workspace, manifest = setup
    manifest.write_bytes(b"path,kind,owner\rexport.csv,linkedin,\r")
    assert "Imported 1 of 1 files" in ok("-w", workspace, "import", "batch", manifest).output
