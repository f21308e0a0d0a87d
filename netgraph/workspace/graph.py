"""The statements that read the whole network at once: the route index's ties and willingness, the
graph export, and the ``meta`` tokens that say when those change.
"""

from __future__ import annotations

import sqlite3


class GraphTable:
    """Reads and writes of these tables."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
