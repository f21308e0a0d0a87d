"""The statements on the ``outreach`` table: the steps of reaching people."""

from __future__ import annotations

import sqlite3


class OutreachTable:
    """Reads and writes of these tables."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
