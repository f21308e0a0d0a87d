"""Fuzzing the importers and the manifest through the command line.

Random bytes and mutated good files (flipped bytes, inserted quotes, commas, line breaks, BOMs
and NULs, cut or repeated pieces) go to ``import linkedin``, ``import vcard`` and ``import
batch``. Whatever comes in, each run must:

* end with an exit code from the documented set (0, or 3 for a file that cannot be imported),
  never a traceback;
* when it refuses, say so in one ``Error:`` line that names the file (and the line or card when
  the problem is a record) and leave the workspace byte-identical;
* never invent a person out of a piece of a row: cutting a file short or breaking a line in the
  middle of a row leaves only people the intact file holds.

The examples per test default to a CI-sized run (the whole module takes well under a minute);
``NETGRAPH_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz_imports.py`` (or ``nox -s
fuzz``) runs a longer one.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from functools import cache
from pathlib import Path

from cli_helpers import ok, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("NETGRAPH_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=EXAMPLES <= 200,  # CI runs the same examples every time
)
EXIT_CODES = {0, 3}

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\n\n'
)
CONNECTION_ROWS = [
    ("Priya", "Raman", "https://www.linkedin.com/in/priya-raman", "", "Acme", "Engineer"),
    ("Sam", "Lee", "", "sam.lee@example.com", "Globex", "Product Manager"),
    ("Joanna", "Wójcik", "https://www.linkedin.com/in/jwojcik", "", "Wisła Software", "Analyst"),
    ("Kenji", "Sato", "", "", "Initech", "Designer"),
    ("Ama", "Owusu", "https://www.linkedin.com/in/ama-owusu", "ama@owusu.example", "", "CTO"),
    ("Lena", "Vogt", "", "", "Umbrella", "Recruiter"),
]
CONNECTIONS = PREAMBLE + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
CONNECTIONS += "".join(
    f"{','.join(row)},0{n + 1} Jan 2025\n" for n, row in enumerate(CONNECTION_ROWS)
)
FULL_NAMES = {f"{first} {last}" for first, last, *_ in CONNECTION_ROWS}

MESSAGES = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
    "DATE,SUBJECT,CONTENT,FOLDER\n"
    "c1,,Me Myself,https://www.linkedin.com/in/me,Priya Raman,"
    'https://www.linkedin.com/in/priya-raman,2025-01-02 10:00:00 UTC,,"Hi Priya,\n'
    'how are you?",INBOX\n'
    "c1,,Priya Raman,https://www.linkedin.com/in/priya-raman,Me Myself,"
    "https://www.linkedin.com/in/me,2025-01-03 10:00:00 UTC,,Fine,INBOX\n"
)

VCARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Araújo;Lucas;;;\r\nFN:Lucas Araújo\r\n"
    "ORG:Tallowbrook Logistics;\r\nEMAIL;TYPE=WORK:lucas@tallowbrook.example\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=\r\n"
    "=C3=BCrgen;;;\r\nTEL;CELL:+49 30 1234567\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Mei Chen\r\nN:Chen;Mei;;;\r\n"
    "RELATED;TYPE=colleague;VALUE=text:Kenji Sato\r\nURL:https://www.linkedin.com/in/mei-chen\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kwame Mensah\r\nitem1.X-ABRELATEDNAMES:Ama Owusu\r\n"
    "item1.X-ABLabel:_$!<Friend>!$_\r\nNOTE:likes\\, commas\\nand lines\r\nEND:VCARD\r\n"
)

TOKENS = [
    b'"',
    b",",
    b"\n",
    b"\r",
    b"\r\n",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b";",
    b":",
    b"=",
    b"=\r\n",
    b"BEGIN:VCARD\r\n",
    b"END:VCARD\r\n",
    b";CHARSET=KOI8-R",
    b";ENCODING=BASE64",
    b";ENCODING=QUOTED-PRINTABLE",
    b'""',
    b"\xc3",
    b"\x92",
    "é".encode(),
    b"\t",
    b" ",
    b"#",
]


@cache
def _starting_workspace(folder: Path) -> bytes:
    """A workspace holding the user and one earlier import, as bytes to copy per example."""
    path = folder / "start.sqlite3"
    first = folder / "first.vcf"
    first.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Old Friend\nEND:VCARD\n", encoding="utf-8")
    ok("--workspace", path, "me", "Alex Kim")
    ok("--workspace", path, "import", "vcard", first)
    return path.read_bytes()


def _fresh_workspace(workspace: Path, folder: Path) -> bytes:
    """Reset the test's workspace to the starting one; return its bytes."""
    start = _starting_workspace(folder)
    for suffix in ("-wal", "-shm"):
        workspace.with_name(workspace.name + suffix).unlink(missing_ok=True)
    workspace.write_bytes(start)
    workspace.chmod(0o600)
    return start


def _names(workspace: Path) -> set[str]:
    conn = sqlite3.connect(workspace)
    try:
        return {str(row[0]) for row in conn.execute("SELECT name FROM people WHERE is_me = 0")}
    finally:
        conn.close()


_LOCATED = re.compile(r"^(.*?): ((?:\S+ )?(?:line|card) \d+.*?: )?(.+)$")


def _check(result: object, path: Path, workspace: Path, before: bytes) -> None:
    """The promises every run keeps, whatever the input."""
    output: str = result.output  # type: ignore[attr-defined]
    code: int = result.exit_code  # type: ignore[attr-defined]
    exception = result.exception  # type: ignore[attr-defined]
    assert code in EXIT_CODES, (code, output, exception)
    assert exception is None or isinstance(exception, SystemExit), repr(exception)
    assert "Traceback" not in output
    if code == 0:
        return
    errors = [line for line in output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, output
    assert path.name in errors[0], errors[0]
    assert _LOCATED.match(errors[0].removeprefix("Error: ")), errors[0]
    assert workspace.read_bytes() == before, "a refused file changed the workspace"


def _mutate(data: bytes, draw: Callable[..., object]) -> bytes:
    """Apply one to four random edits: flips, inserted tokens, cuts, repeats, truncation."""
    steps = int(draw(st.integers(1, 4)))  # type: ignore[call-overload]
    for _ in range(steps):
        size = max(len(data), 1)
        at = int(draw(st.integers(0, size - 1)))  # type: ignore[call-overload]
        span = int(draw(st.integers(1, 40)))  # type: ignore[call-overload]
        kind = draw(st.sampled_from(["flip", "token", "cut", "repeat", "truncate", "bytes"]))
        if kind == "flip" and data:
            data = data[:at] + bytes([data[at] ^ int(draw(st.integers(1, 255)))]) + data[at + 1 :]  # type: ignore[call-overload]
        elif kind == "token":
            token: bytes = draw(st.sampled_from(TOKENS))  # type: ignore[assignment]
            data = data[:at] + token + data[at:]
        elif kind == "cut":
            data = data[:at] + data[at + span :]
        elif kind == "repeat":
            data = data[:at] + data[at : at + span] * 2 + data[at + span :]
        elif kind == "truncate":
            data = data[:at]
        else:
            noise: bytes = draw(st.binary(max_size=16))  # type: ignore[assignment]
            data = data[:at] + noise + data[at:]
    return data


SEEDS = {
    "linkedin": [("Connections.csv", CONNECTIONS), ("messages.csv", MESSAGES)],
    "vcard": [("contacts.vcf", VCARDS)],
}


def _import_args(kind: str, path: Path, skip_bad: bool) -> list[object]:
    return ["import", kind, path, *(["--skip-bad"] if skip_bad else [])]


@FUZZ
@given(
    kind=st.sampled_from(["linkedin", "vcard"]), data=st.binary(max_size=2048), skip=st.booleans()
)
def test_random_bytes_are_imported_or_refused_cleanly(
    kind: str, data: bytes, skip: bool, tmp_path: Path, workspace_path: Path
) -> None:
    before = _fresh_workspace(workspace_path, tmp_path)
    path = tmp_path / ("random.vcf" if kind == "vcard" else "Connections.csv")
    path.write_bytes(data)
    _check(run(*_import_args(kind, path, skip)), path, workspace_path, before)


@FUZZ
@given(kind=st.sampled_from(["linkedin", "vcard"]), skip=st.booleans(), data=st.data())
def test_mutated_files_are_imported_or_refused_cleanly(
    kind: str, skip: bool, data: st.DataObject, tmp_path: Path, workspace_path: Path
) -> None:
    before = _fresh_workspace(workspace_path, tmp_path)
    name, seed = data.draw(st.sampled_from(SEEDS[kind]))
    path = tmp_path / name
    path.write_bytes(_mutate(seed.encode("utf-8"), data.draw))
    _check(run(*_import_args(kind, path, skip)), path, workspace_path, before)


@FUZZ
@given(data=st.data(), skip=st.booleans())
def test_a_cut_or_a_broken_line_never_makes_a_person_of_a_fragment(
    data: st.DataObject, skip: bool, tmp_path: Path, workspace_path: Path
) -> None:
    before = _fresh_workspace(workspace_path, tmp_path)
    raw = CONNECTIONS.encode("utf-8")
    body = raw.index(b"\n", raw.index(b"First Name")) + 1
    at = data.draw(st.integers(body, len(raw) - 1), label="position")
    how = data.draw(st.sampled_from(["truncate", "line break", "carriage return"]))
    if how == "truncate":
        damaged = raw[:at]
    else:
        damaged = raw[:at] + (b"\n" if how == "line break" else b"\r\n") + raw[at:]
    path = tmp_path / "Connections.csv"
    path.write_bytes(damaged)
    result = run(*_import_args("linkedin", path, skip))
    _check(result, path, workspace_path, before)
    invented = _names(workspace_path) - FULL_NAMES - {"Old Friend"}
    assert not invented, (how, damaged[max(at - 20, 0) : at + 20], invented)


def _manifest_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pooled"
    folder.mkdir(exist_ok=True)
    (folder / "Connections.csv").write_text(CONNECTIONS, encoding="utf-8")
    (folder / "phone.vcf").write_text(VCARDS, encoding="utf-8")
    return folder


MANIFEST = (
    "path,kind,owner,region\n"
    "Connections.csv,linkedin,,\n"
    "phone.vcf,vcard,Dana Friend,GB\n"
    "Connections.csv,linkedin,https://www.linkedin.com/in/dana-friend,\n"
)


@FUZZ
@given(data=st.data(), random=st.booleans())
def test_mutated_manifests_are_imported_or_refused_cleanly(
    data: st.DataObject, random: bool, tmp_path: Path, workspace_path: Path
) -> None:
    before = _fresh_workspace(workspace_path, tmp_path)
    folder = _manifest_folder(tmp_path)
    manifest = folder / "manifest.csv"
    if random:
        manifest.write_bytes(data.draw(st.binary(max_size=512)))
    else:
        manifest.write_bytes(_mutate(MANIFEST.encode("utf-8"), data.draw))
    result = run("import", "batch", manifest)
    output = result.output
    assert result.exit_code in EXIT_CODES, (result.exit_code, output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("Error: ")]
    if result.exit_code == 0:
        assert not errors, output
    elif "Imported" not in output:  # the manifest itself was refused: nothing ran
        assert len(errors) == 1 and manifest.name in errors[0], output
        assert workspace_path.read_bytes() == before
    else:  # some listed files failed: each named on its own line
        assert errors and all(re.match(r"Error: \S", line) for line in errors), output
