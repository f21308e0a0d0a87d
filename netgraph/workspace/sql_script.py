"""Running a script of several SQL statements inside the current transaction."""

from __future__ import annotations

import sqlite3


def run_statements(conn: sqlite3.Connection, script: str) -> None:
    """Run each statement of ``script`` inside the current transaction.

    ``Connection.executescript`` would commit first, which would make a migration non-atomic.
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            conn.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError("incomplete SQL statement at the end of a migration")
