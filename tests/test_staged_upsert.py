"""Staged upserts that try a plain insert first (:func:`netgraph.workspace.staging.upsert_staged`).

A file whose rows meet rows already stored, or each other, must merge them exactly as the
upsert alone did; only the statement journal it needed is gone for the rows that are new.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netgraph.workspace import Workspace
from netgraph.workspace.sources import _APPEARANCE_COLUMNS, _APPEARANCE_CONFLICT
from netgraph.workspace.staging import insert_staged, stage_rows, upsert_staged
from netgraph.workspace.ties import _EVIDENCE_COLUMNS, _EVIDENCE_CONFLICT

_UPSERT = """ON CONFLICT (k) DO UPDATE SET
    v = excluded.v, top = max(t.top, excluded.top), note = coalesce(excluded.note, t.note)"""
_row = st.tuples(
    st.integers(0, 6), st.integers(0, 9), st.integers(0, 9), st.none() | st.sampled_from("xyz")
)


def _table(rows: list[tuple[int, int, int, str | None]]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER, top INTEGER, note TEXT)")
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", rows)
    return conn


@settings(max_examples=150, deadline=None)
@given(stored=st.lists(_row, max_size=6), staged=st.lists(_row, max_size=10))
def test_a_staged_upsert_merges_as_the_upsert_alone_would(
    stored: list[tuple[int, int, int, str | None]], staged: list[tuple[int, int, int, str | None]]
) -> None:
    """Rows new, rows meeting stored ones and rows meeting each other, in any mix."""
    results = []
    for move in (upsert_staged, insert_staged):
        conn = _table(stored)
        stage_rows(conn, "s", "k, v, top, note", staged)
        move(conn, "t", "k, v, top, note", "s", conflict=_UPSERT, order="k")
        results.append(conn.execute("SELECT * FROM t ORDER BY k").fetchall())
    assert results[0] == results[1]


def _workspace_tables() -> dict[str, list[str]]:
    """The CREATE statements of a new workspace's ``evidence`` and ``appearances`` and their
    indexes (the unique one is what a record's upsert meets)."""
    tables: dict[str, list[str]] = {"evidence": [], "appearances": []}
    with tempfile.TemporaryDirectory() as folder, Workspace.open(Path(folder) / "w") as workspace:
        rows = workspace.conn.execute(
            "SELECT tbl_name, sql FROM sqlite_schema WHERE type IN ('table', 'index') "
            "AND tbl_name IN ('evidence', 'appearances') AND sql IS NOT NULL ORDER BY type DESC"
        )
        for table, sql in rows:
            tables[table].append(sql)
    return tables


_TABLES = _workspace_tables()
_evidence = st.tuples(
    st.integers(1, 2),  # a
    st.just(3),  # b
    st.integers(1, 2),  # source
    st.sampled_from([0, 3]),  # kind: connection, messages
    st.integers(1, 3),  # holder
    st.none() | st.sampled_from([20240101, 20250505]),
    st.integers(0, 3),
    st.integers(0, 3),
    st.none() | st.sampled_from(["sister", "colleague"]),
)
_appearance = st.tuples(
    st.integers(1, 2),  # source
    st.integers(1, 4),  # person
    st.integers(1, 3),  # record hash
    st.sampled_from(["li/ann", "li/bo"]),
    st.none() | st.just("line 9"),
    st.just(""),
    st.none() | st.integers(0, 4),
)


@pytest.mark.parametrize(
    ("table", "columns", "conflict", "order", "rows"),
    [
        ("evidence", _EVIDENCE_COLUMNS, _EVIDENCE_CONFLICT, "a, b, source_id, kind", _evidence),
        ("appearances", _APPEARANCE_COLUMNS, _APPEARANCE_CONFLICT, "", _appearance),
    ],
)
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_the_workspace_upserts_give_the_same_rows_either_way(
    table: str, columns: str, conflict: str, order: str, rows: Any, data: st.DataObject
) -> None:
    """The evidence and record upserts of an import meet the rule ``upsert_staged`` needs."""
    stored = data.draw(st.lists(rows, max_size=5))
    staged = data.draw(st.lists(rows, max_size=8))
    results = []
    for move in (upsert_staged, insert_staged):
        conn = sqlite3.connect(":memory:", isolation_level=None)
        for statement in _TABLES[table]:
            conn.execute(statement)
        marks = ", ".join("?" * len(stored[0])) if stored else ""
        for row in stored:
            conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks}) {conflict}", row)
        stage_rows(conn, "s", columns, staged)
        move(conn, table, columns, "s", conflict=conflict, order=order)
        results.append(conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3, 4").fetchall())
    assert results[0] == results[1]
