"""Tie evidence stored with its kind as a code and its day as a number (``m014``).

What a user relies on: a workspace written before keeps every piece of evidence of every tie
(and the evidence withheld from ties they removed), shown as before; the codes never change,
since every workspace holds them; a piece stored again keeps its later day.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import migrate_only_before
from hypothesis import given
from hypothesis import strategies as st

from netgraph.identity.facts import details
from netgraph.vocabulary import EVIDENCE_KINDS
from netgraph.workspace import Workspace
from netgraph.workspace.evidence_codes import KIND_CODES, day_number, iso_day
from netgraph.workspace.migrations import MIGRATIONS
from netgraph.workspace.sources import FileIdentity
from netgraph.workspace.ties import EvidenceLine


def _written_before(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int, int]:
    """A workspace as netgraph wrote it before ``m014``: Ola's export ties her to Ann (a
    connection) and to Bo (messages); a relation of Ann's to Bo is withheld (the user removed
    that tie). Returns the ids of Ola, Ann and Bo."""
    migrate_only_before(monkeypatch, "m014_compact_evidence")
    with Workspace.open(path) as workspace, workspace.transaction():
        ola, ann, bo = (
            workspace.people.insert(details(n, None, None)) for n in ("Ola", "Ann", "Bo")
        )
        file = FileIdentity("Connections.csv", "/exports/Connections.csv", "d1", "c1")
        source = workspace.sources.add_file("linkedin", ola, "linkedin", file)
        conn = workspace.conn
        conn.executemany("INSERT INTO edges VALUES (?, ?, 0.5)", [(ola, ann), (ola, bo)])
        conn.executemany(
            "INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (ola, ann, source, "connection", ola, "2024-03-05", 0, 0, None),
                (ola, bo, source, "messages", ola, "2025-01-02", 3, 2, None),
            ],
        )
        conn.execute(
            "INSERT INTO withheld_evidence VALUES (?, ?, ?, 'relation', ?, NULL, 0, 0, 'sister')",
            (ann, bo, source, ann),
        )
    monkeypatch.undo()
    return ola, ann, bo


def test_a_workspace_written_before_keeps_every_piece_of_evidence(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ola, ann, bo = _written_before(workspace_path, monkeypatch)
    with Workspace.open(workspace_path) as workspace:
        assert workspace.schema_version() == len(MIGRATIONS)
        ties = workspace.ties
        assert ties.evidence_lines(ola, ann) == [
            EvidenceLine("connection", "Ola", False, "Connections.csv", "2024-03-05", 0, 0, None)
        ]
        assert ties.evidence_lines(bo, ola) == [
            EvidenceLine("messages", "Ola", False, "Connections.csv", "2025-01-02", 3, 2, None)
        ]
        assert [line.detail for line in ties.withheld_lines(ann, bo)] == ["sister"]
        stored = workspace.conn.execute(
            "SELECT kind, on_date FROM evidence ORDER BY a, b"
        ).fetchall()
        assert stored == [(0, 20240305), (3, 20250102)]
        assert list(ties.strength_rows([(ola, bo)])) == [
            (ola, bo, "messages", "2025-01-02", 3, 2, None)
        ]
        taken = ties.take_withheld(ann)
        assert [(row[3], row[5], row[8]) for row in taken] == [("relation", None, "sister")]


def test_the_codes_are_the_stored_ones() -> None:
    """Stored in every workspace: a change would make every piece of evidence another kind."""
    assert set(KIND_CODES) == set(EVIDENCE_KINDS)
    assert KIND_CODES["connection"] == 0 and KIND_CODES["address-book"] == 1
    assert KIND_CODES["stated"] == 9 and sorted(KIND_CODES.values()) == list(range(10))


@given(st.dates())
def test_every_day_reads_back_as_it_was(day: date) -> None:
    assert iso_day(day_number(day.isoformat())) == day.isoformat()


def test_text_that_is_no_day_is_kept_as_it_is() -> None:
    other_digits = "\u0662\u0660\u0662\u0664-\u0660\u0663-\u0660\u0665"
    for text in ("2024-3-05", other_digits, "yesterday", ""):
        assert iso_day(day_number(text)) == text
    assert day_number(None) is None and iso_day(None) is None


def test_evidence_stored_again_keeps_its_latest_day(workspace: Workspace) -> None:
    """The same piece of evidence stored again (a file imported again) keeps the later of
    its days, and a piece without a day takes none away."""
    with workspace.transaction():
        ola, ann = (workspace.people.insert(details(n, None, None)) for n in ("Ola", "Ann"))
        file = FileIdentity("Connections.csv", "/exports/Connections.csv", "d1", "c1")
        source = workspace.sources.add_file("linkedin", ola, "linkedin", file)
    for day in ("2021-05-01", None, "2023-07-09", "2020-01-01"):
        with workspace.transaction():
            workspace.ties.add([(ola, ann, source, "connection", ola, day, 0, 0, None)])
    (line,) = workspace.ties.evidence_lines(ola, ann)
    assert (line.kind, line.on_date) == ("connection", "2023-07-09")
