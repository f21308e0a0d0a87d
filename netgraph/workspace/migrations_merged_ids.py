"""The migration that remembers what became of each person merged into someone else.

Split from :mod:`netgraph.workspace.migrations`, which lists it in order; the same rule holds:
never edit a migration that has shipped.
"""

from __future__ import annotations

import sqlite3

from netgraph.workspace.sql_script import run_statements

_MERGED_IDS = """
    CREATE TABLE merged_ids (
        dropped_id INTEGER PRIMARY KEY,
        -- whoever holds them now: a later merge of this person moves the row on
        kept_id INTEGER NOT NULL,
        -- the import that merged them; NULL: the user's merge, 'me', or an import since undone
        source_id INTEGER
    );
    CREATE INDEX merged_ids_kept ON merged_ids(kept_id);
    CREATE INDEX merged_ids_source ON merged_ids(source_id);
    CREATE TRIGGER merged_ids_kept_deleted AFTER DELETE ON people BEGIN
        DELETE FROM merged_ids WHERE kept_id = old.id;
    END;
    CREATE TRIGGER merged_ids_dropped_back AFTER INSERT ON people BEGIN
        DELETE FROM merged_ids WHERE dropped_id = new.id;
    END;
    CREATE TRIGGER merged_ids_source_deleted AFTER DELETE ON sources BEGIN
        UPDATE merged_ids SET source_id = NULL WHERE source_id = old.id;
    END;
"""


def m017_merged_ids(conn: sqlite3.Connection) -> None:
    """``merged_ids`` (:mod:`netgraph.workspace.merged_ids`): whom each person merged into
    someone else went to, and which import merged them. Merges made before are not known.

    Forgetting the person they went to forgets the row; a person brought back (a merge undone)
    loses theirs.
    """
    run_statements(conn, _MERGED_IDS)
