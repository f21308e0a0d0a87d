"""Writing many rows at once through a temporary staging table.

An ``executemany`` INSERT runs one statement per row. On a table with triggers or several
indexes each of those statements opens its own statement journal and copies into it every page it
changes, which made storing an export's people four times slower than the rows alone. Staging the
rows in a temporary table (no indexes, no triggers) and moving them with one INSERT … SELECT pays
that once per batch instead of once per row.

The moves are ``INSERT OR FAIL``: a statement that may stop halfway on a failed constraint (the
default, ``ABORT``) makes SQLite copy every page it changes into a statement journal first, so it
can undo only itself. An import that fails rolls back its whole transaction or savepoint anyway,
and at ten million ties the journal was a quarter of what moving a file's records cost. An
upsert's ``DO UPDATE`` always keeps the journal, so :func:`upsert_staged` tries without it first.

Queries that read a staging table together with a workspace table name the staging table first
and join with ``CROSS JOIN``, which makes SQLite keep that order. Left to choose, its planner
sometimes walked the whole workspace table in index order and probed the small staging table
for each row: a scan of millions of rows for every file imported.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

#: Fewer rows than this go straight in with ``executemany``: staging costs a few statements.
STAGE_FROM_ROWS = 64


def stage_rows(
    conn: sqlite3.Connection,
    name: str,
    columns: str,
    rows: Iterable[tuple[object, ...]],
    *,
    key: str = "",
) -> None:
    """Fill ``temp.<name>`` (created if needed, emptied first) with ``rows``.

    ``columns`` lists the table's columns, comma-separated (no commas inside a definition);
    ``key`` names the columns of its primary key, for a staging table that later statements look
    rows up in. Without a key, a scan of the table gives the rows back in the order staged, so
    an upsert from it resolves duplicates as row-by-row statements would.
    """
    primary_key = f", PRIMARY KEY ({key})" if key else ""
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({columns}{primary_key})")
    conn.execute(f"DELETE FROM temp.{name}")
    width = columns.count(",") + 1
    conn.executemany(f"INSERT INTO temp.{name} VALUES ({', '.join('?' * width)})", rows)


def insert_staged(
    conn: sqlite3.Connection,
    table: str,
    columns: str,
    stage: str,
    *,
    conflict: str = "",
    order: str = "",
) -> int:
    """Move the rows of ``temp.<stage>`` into ``table`` with one ``INSERT … SELECT``.

    ``columns`` name the columns of both tables; ``conflict`` is an optional ``ON CONFLICT``
    clause (for ``DO UPDATE``, :func:`upsert_staged`). ``order`` names the columns of
    ``table``'s primary key: the rows then go in sorted by it (rows with the same key still in
    the order staged), so each B-tree page is written once rather than once per row that lands
    on it. Only for tables whose content does not depend on the order rows arrive in (no rowid,
    no AUTOINCREMENT). Returns how many rows the statement changed.
    """
    order_by = f"ORDER BY {order}, rowid" if order else ""
    # "WHERE true" keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
    return conn.execute(
        f"INSERT OR FAIL INTO {table} ({columns}) SELECT {columns} FROM temp.{stage} WHERE true "
        f"{order_by} {conflict}"
    ).rowcount


def update_staged(
    conn: sqlite3.Connection,
    table: str,
    columns: str,
    stage: str,
    *,
    also: str = "",
    parameters: Sequence[object] = (),
) -> None:
    """Give the rows of ``table`` whose ``id`` is in ``temp.<stage>`` the staged values of
    ``columns``, in one statement. The stage's ``id`` must be declared ``INTEGER`` and be its
    key (``key="id"``): otherwise each row's look-up scans the whole stage.

    ``also`` adds assignments of its own (``", updated_at = ?"``, with ``parameters``). A keyed
    look-up per row rather than ``UPDATE … FROM``, which needs SQLite 3.33.
    """
    conn.execute(
        f"UPDATE OR FAIL {table} SET ({columns}) = "
        f"(SELECT {columns} FROM temp.{stage} AS s WHERE s.id = {table}.id){also} "
        f"WHERE id IN (SELECT id FROM temp.{stage})",
        parameters,
    )


def upsert_staged(
    conn: sqlite3.Connection,
    table: str,
    columns: str,
    stage: str,
    *,
    conflict: str,
    order: str = "",
) -> None:
    """:func:`insert_staged` with an ``ON CONFLICT … DO UPDATE`` clause, ``conflict``, whose
    update applied twice with the same row gives what it gave once (assignments and maxima).

    Most staged rows are new: they go in with ``DO NOTHING``, which needs no statement journal.
    Only when some row met one already stored, or another staged row of its key, does the upsert
    run, over every staged row in order: the rows just inserted meet themselves, which changes
    nothing, and the rest are merged as the upsert alone would have merged them.
    """
    inserted = insert_staged(
        conn, table, columns, stage, conflict="ON CONFLICT DO NOTHING", order=order
    )
    (staged,) = conn.execute(f"SELECT count(*) FROM temp.{stage}").fetchone()
    if inserted < staged:
        insert_staged(conn, table, columns, stage, conflict=conflict, order=order)
