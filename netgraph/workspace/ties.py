"""The statements on the ``edges`` and ``evidence`` tables: who knows whom, and the evidence for
it.
"""

from __future__ import annotations

import sqlite3


class TiesTable:
    """Reads and writes of these tables."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
