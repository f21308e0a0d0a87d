"""An import lands whole or not at all: bad bytes never leave a partial write, nor does a kill."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netgraph.errors import InputError
from netgraph.identity.people import set_me
from netgraph.ingest.apply import import_linkedin, import_vcard
from netgraph.workspace import Workspace

TABLES = ("people", "identities", "sources", "appearances", "edges", "evidence", "targets")


def dump(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


GOOD_CARD = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.org\r\nEND:VCARD\r\n"
)
PREAMBLE = b'Notes:\n"Some text, with a comma."\n\n'
HEADER = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.binary(max_size=200).map(lambda junk: GOOD_CARD + junk + GOOD_CARD),
        st.binary(max_size=200).map(lambda junk: GOOD_CARD + b"BEGIN:VCARD\r\n" + junk),
    )
)
def test_a_vcard_import_is_all_or_nothing(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.vcf"
    path.write_bytes(data)
    with Workspace.open(tmp_path / "atomic.sqlite3") as workspace:
        with workspace.transaction():
            set_me(workspace, "Test User", emails=["me@example.com"])
        before = dump(workspace.conn)
        try:
            import_vcard(workspace, path)
        except InputError:
            assert dump(workspace.conn) == before
        else:
            assert dump(workspace.conn) != before or not data.strip()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_a_linkedin_import_is_all_or_nothing(tmp_path: Path, junk: bytes) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(
        PREAMBLE
        + HEADER
        + b"Ada,Lovelace,https://www.linkedin.com/in/ada,,Acme,CTO,05 Jan 2026\n"
        + junk
    )
    with Workspace.open(tmp_path / "atomic.sqlite3") as workspace:
        before = dump(workspace.conn)
        try:
            import_linkedin(workspace, path)
        except InputError:
            assert dump(workspace.conn) == before


def test_killing_an_import_midway_leaves_the_before_or_the_after(tmp_path: Path) -> None:
    rows = b"".join(
        b"First%d,Last%d,https://www.linkedin.com/in/p-%d,,Company %d,Engineer,05 Jan 2026\n"
        % (i, i, i, i % 97)
        for i in range(40_000)
    )
    export = tmp_path / "Connections.csv"
    export.write_bytes(PREAMBLE + HEADER + rows)
    workspace = tmp_path / "killed.sqlite3"
    command = [sys.executable, "-m", "netgraph", "--workspace", str(workspace)]
    subprocess.run([*command, "me", "Test User"], check=True, capture_output=True)
    process = subprocess.Popen(
        [*command, "import", "linkedin", str(export)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    # Wait until the import holds the write lock, then kill it without warning.
    while time.monotonic() < deadline and process.poll() is None:
        probe = sqlite3.connect(workspace, timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError:
            break
        finally:
            probe.close()
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    conn = sqlite3.connect(workspace)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        people = conn.execute("SELECT count(*) FROM people").fetchone()[0]
    finally:
        conn.close()
    assert people in (1, 40_001)
