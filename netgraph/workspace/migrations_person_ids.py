"""The migration that keeps a person's id from ever going to someone else.

Split from :mod:`netgraph.workspace.migrations`, which lists it in order; the same rule holds:
never edit a migration that has shipped.

``people.id`` is a plain ``INTEGER PRIMARY KEY``, so SQLite (and netgraph's own bulk insert,
which took ``max(id) + 1``) gave the highest id again once its person was gone: forgotten,
merged into someone, or removed with an undone import. Ids are what the user types back
(``netgraph log '#12' met``, the suggestions netgraph prints, exported target lists), so an id
that outlived its person could name a stranger. A trigger now keeps the highest id ever removed
in ``meta``, and :meth:`netgraph.workspace.people.PeopleTable.insert` and ``insert_many`` give
new people ids above it. (``AUTOINCREMENT`` does the same, but only a copy of the whole table
can add it, with every foreign key to ``people`` switched off.)
"""

from __future__ import annotations

import sqlite3

from netgraph.workspace.sql_script import run_statements

#: The ``meta`` key holding the highest person id ever removed (0: none).
RETIRED_IDS_KEY = "person_ids_retired_up_to"

_RETIRED_IDS = f"""
    INSERT INTO meta (key, value) VALUES ('{RETIRED_IDS_KEY}', '0');
    CREATE TRIGGER person_id_retired AFTER DELETE ON people BEGIN
        UPDATE meta SET value = old.id
        WHERE key = '{RETIRED_IDS_KEY}' AND CAST(value AS INTEGER) < old.id;
    END;
"""


def m016_person_ids_never_reused(conn: sqlite3.Connection) -> None:
    """Remember the highest person id removed, so that no new person is given it.

    Ids removed before this migration cannot be known any more; every one removed from now on
    stays retired.
    """
    run_statements(conn, _RETIRED_IDS)
