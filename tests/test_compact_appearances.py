"""Records found by a hash of their key, their locators kept per file (``m013``).

What a user relies on: a workspace written before keeps every record's fields and where it
came from, re-imports still find each record, forgetting still erases; and a file whose
records' keys ever shared a hash is refused whole rather than losing a record.
"""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

import pytest
from conftest import migrate_only_before
from records_helpers import contact, linkedin_export, load

from netgraph.errors import WorkspaceError
from netgraph.identity.facts import details
from netgraph.identity.forget import forget_person
from netgraph.workspace import Workspace, migrations, record_keys
from netgraph.workspace.migrations import MIGRATIONS, reclaim_free_pages
from netgraph.workspace.record_keys import distinct_hashes, record_hash
from netgraph.workspace.sources import FileIdentity

KEYS = ("li:linkedin.com/in/ann-lee", "nm:bo berg|initech", "em:cy@example.org")
RAWS = ('{"name": "Ann Lee"}', '{"name": "Bo Berg"}')


def _written_before(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[int]]:
    """A workspace as netgraph wrote it before ``m013``: two records with a line of the
    file's raw fields and a locator in their row, one older record with its own raw."""
    migrate_only_before(monkeypatch, "m013_compact_appearances")
    with Workspace.open(path) as workspace, workspace.transaction():
        owner = workspace.people.insert(details("Ola Berg", None, None))
        people = [workspace.people.insert(details(n, None, None)) for n in ("Ann", "Bo", "Cy")]
        file = FileIdentity("Connections.csv", "/exports/Connections.csv", "d1", "c1")
        source = workspace.sources.add_file("linkedin", owner, "lineage", file)
        workspace.conn.executemany(
            "INSERT INTO appearances (source_id, person_id, record_key, locator, raw, raw_line) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (source, people[0], KEYS[0], "Connections.csv line 2", "", 0),
                (source, people[1], KEYS[1], "Connections.csv line 3", "", 1),
                (source, people[2], KEYS[2], "card 7", '{"name": "Cy"}', None),
            ],
        )
        workspace.conn.execute(
            "INSERT INTO source_raws (source_id, lines, raws) VALUES (?, 2, ?)",
            (source, zlib.compress("\n".join(RAWS).encode())),
        )
    monkeypatch.undo()
    return source, people


def test_a_workspace_written_before_keeps_each_records_fields_and_place(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, people = _written_before(workspace_path, monkeypatch)
    with Workspace.open(workspace_path) as workspace:
        assert workspace.schema_version() == len(MIGRATIONS)
        records = [workspace.people.records_of(person) for person in people]
        assert [(r.record_key, r.raw, r.locator) for (r,) in records] == [
            (KEYS[0], RAWS[0], "Connections.csv line 2"),
            (KEYS[1], RAWS[1], "Connections.csv line 3"),
            (KEYS[2], '{"name": "Cy"}', "card 7"),
        ]
        rows = workspace.conn.execute(
            "SELECT record_hash, record_key, locator FROM appearances ORDER BY id"
        ).fetchall()
        assert rows == [
            (record_hash(KEYS[0]), KEYS[0], None),  # its locator is the file's now
            (record_hash(KEYS[1]), KEYS[1], None),
            (record_hash(KEYS[2]), KEYS[2], "card 7"),  # no line: it keeps its own
        ]
        sources = workspace.sources
        assert [sources.person_of_record(source, key) for key in KEYS] == people
        assert sources.people_of_records_staged(source, enumerate(KEYS)) == dict(enumerate(people))
        assert sources.records_starting(source, "nm:bo berg|", limit=2) == [(KEYS[1], people[1])]
        indexed = {row[1] for row in workspace.conn.execute("PRAGMA index_list(appearances)")}
        assert indexed == {"appearances_record", "appearances_person"}  # the key text in none


def test_forgetting_after_the_migration_still_blanks_the_line(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _source, people = _written_before(workspace_path, monkeypatch)
    with Workspace.open(workspace_path) as workspace:
        forget_person(workspace, people[0])
        (packed,) = workspace.conn.execute("SELECT raws FROM source_raws").fetchone()
        assert zlib.decompress(packed).decode().split("\n") == ["null", RAWS[1]]


def test_records_whose_keys_share_a_hash_refuse_the_whole_file(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(record_keys, "record_hash", lambda key: 7)
    export = linkedin_export(
        contact("Ann Lee", url="linkedin.com/in/ann-lee"),
        contact("Bo Berg", url="linkedin.com/in/bo-berg"),
    )
    with pytest.raises(WorkspaceError, match="same 64-bit hash"):
        load(workspace, export)
    assert workspace.conn.execute("SELECT count(*) FROM people").fetchone()[0] == 0


def test_the_hash_is_the_stored_one() -> None:
    """Stored in every workspace: a change would lose every record a re-import looks for."""
    assert record_hash("li:linkedin.com/in/ann-lee") == 2023266050798408451
    assert record_hash("") == -1970711489451281740


def _fill(conn: sqlite3.Connection, table: str = "filler", rows: int = 5000) -> None:
    """A table of about 4 kB a row (20 MB by default)."""
    conn.execute(f"CREATE TABLE {table} (text TEXT)")
    conn.executemany(f"INSERT INTO {table} VALUES (?)", (("x" * 4000,) for _ in range(rows)))


def _free(workspace: Workspace, kept: int, freed: int) -> int:
    """Tables of ``kept`` and ``freed`` rows, the second dropped (as a migration drops the
    table it rebuilt); returns how many pages that left free."""
    conn = workspace.conn
    with workspace.transaction():
        if kept:
            _fill(conn, "kept", kept)
        _fill(conn, "filler", freed)
    with workspace.transaction():
        conn.execute("DROP TABLE filler")
    return int(conn.execute("PRAGMA freelist_count").fetchone()[0])


@pytest.mark.parametrize(
    ("share", "least", "given_back"),
    [(0.15, 64, True), (0.08, 64, False), (0.5, migrations.RECLAIM_FROM_PAGES, False)],
)
def test_an_eighth_of_the_file_free_is_given_back_less_is_left_to_imports(
    workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    share: float,
    least: int,
    given_back: bool,
) -> None:
    """m014 leaves 18% of an L workspace free; a few megabytes are never worth a VACUUM."""
    monkeypatch.setattr(migrations, "RECLAIM_FROM_PAGES", least)
    conn = workspace.conn
    free = _free(workspace, round(2000 * (1 - share)), round(2000 * share))
    assert reclaim_free_pages(conn, workspace.path) == []
    assert conn.execute("PRAGMA freelist_count").fetchone()[0] == (0 if given_back else free)


def test_a_migration_that_frees_much_of_the_file_gives_the_space_back(
    workspace: Workspace,
) -> None:
    conn = workspace.conn
    free = _free(workspace, 0, 5000)  # as m013 drops the old appearances
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    assert free > pages / 2
    assert reclaim_free_pages(conn, workspace.path) == []
    assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert conn.execute("PRAGMA page_count").fetchone()[0] < pages / 2


def test_space_that_cannot_be_given_back_leaves_a_notice_not_an_error(
    workspace: Workspace,
) -> None:
    conn = workspace.conn
    with workspace.transaction():
        _fill(conn)
        conn.execute("DELETE FROM filler")
        (notice,) = reclaim_free_pages(conn, workspace.path)  # VACUUM refused in a transaction
    assert notice.startswith(f"could not give back the free space of {workspace.path}")


def test_one_key_twice_is_no_collision() -> None:
    """Storing a record again (the same key) replaces it, as before: only two keys refuse."""
    assert distinct_hashes(["em:a@example.org"] * 2) == [record_hash("em:a@example.org")] * 2
