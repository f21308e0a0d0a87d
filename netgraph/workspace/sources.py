"""The statements on the ``sources`` and ``appearances`` tables: what was imported, and which
record of which file each person came from.
"""

from __future__ import annotations

import sqlite3


class SourcesTable:
    """Reads and writes of these tables."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
