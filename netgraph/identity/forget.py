"""Erasing a person completely: their records, keys, ties, outreach and waiting targets."""

from __future__ import annotations

from typing import Any

from netgraph.errors import UsageError
from netgraph.identity.people import me_id
from netgraph.ties.degrees import refresh_degrees
from netgraph.workspace import Workspace


def forget_person(workspace: Workspace, person: int) -> dict[str, int]:
    """Erase a person: their row, identity keys, edges with their evidence, and raw records.

    Sources they owned stay (other people came from them) but lose their owner and any file name
    or path that could name them; sources left with nothing in them go, and so do targets still
    waiting under their name. Returns what was removed, for the user's confirmation.
    """
    conn = workspace.conn
    if person == me_id(workspace):
        raise UsageError("you cannot forget yourself; delete the workspace file instead")
    key, company = conn.execute(
        "SELECT name_key, coalesce(company_key, '') FROM people WHERE id = ?", (person,)
    ).fetchone()
    counts = {
        "identities": _count(
            workspace, "SELECT count(*) FROM identities WHERE person_id = ?", person
        ),
        "records": _count(
            workspace, "SELECT count(*) FROM appearances WHERE person_id = ?", person
        ),
        "edges": _count(
            workspace, "SELECT count(*) FROM edges WHERE a = ? OR b = ?", person, person
        ),
    }
    conn.execute(
        "UPDATE sources SET label = 'export of a forgotten person', path = NULL, "
        "source_key = 'forgotten:' || id WHERE owner_id = ?",
        (person,),
    )
    # Steps towards others that went through them keep no trace of them, notes included.
    conn.execute(
        "UPDATE outreach SET referrer_id = NULL, note = NULL WHERE referrer_id = ?", (person,)
    )
    conn.execute("DELETE FROM outreach WHERE person_id = ?", (person,))
    # A target still waiting under their name (and their company, or none) would keep the name
    # and bring them back as a target with the next import that lists them.
    counts["waiting_targets"] = workspace.targets.forget_waiting(key, company)
    conn.execute("DELETE FROM evidence WHERE a = ? OR b = ?", (person, person))
    conn.execute("DELETE FROM edges WHERE a = ? OR b = ?", (person, person))
    conn.execute("DELETE FROM appearances WHERE person_id = ?", (person,))
    conn.execute("DELETE FROM identities WHERE person_id = ?", (person,))
    conn.execute("DELETE FROM people WHERE id = ?", (person,))
    # A source that was only about them (a single-card file is often named after its person).
    conn.execute(
        "DELETE FROM sources WHERE id NOT IN (SELECT source_id FROM appearances) "
        "AND id NOT IN (SELECT source_id FROM evidence)"
    )
    refresh_degrees(workspace)
    return counts


def _count(workspace: Workspace, sql: str, *params: Any) -> int:
    conn = workspace.conn
    return int(conn.execute(sql, params).fetchone()[0])
