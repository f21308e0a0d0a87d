"""No statement of an import reads a whole workspace table: each file costs the same however big
the workspace grows.

SQLite plans a query from the schema alone while a workspace has no statistics, so the plans of a
small workspace are the plans of a large one. A plan that walked, say, every piece of evidence
once per file made a ten-million-tie import several times slower in its second half.
"""

from __future__ import annotations

import re
import sqlite3

from conftest import SAMPLE_DATA
from records_helpers import contact, linkedin_export, load

from netgraph.ingest.apply import import_linkedin, import_vcard
from netgraph.workspace import Workspace

WORKSPACE_TABLES = {"people", "identities", "appearances", "edges", "evidence", "targets"}
_TABLE_ALIAS = re.compile(r"\b(?:FROM|JOIN)\s+(?:main\.)?(\w+)(?:\s+(?:AS\s+)?(\w+))?", re.I)
_NOT_ALIASES = {"on", "where", "join", "cross", "left", "inner", "group", "order", "limit", "using"}


def full_scans(conn: sqlite3.Connection, statement: str) -> list[str]:
    """The workspace tables a statement's plan reads whole."""
    aliases: dict[str, str] = {}
    for table, alias in _TABLE_ALIAS.findall(statement):
        aliases[table.lower()] = table.lower()
        if alias and alias.lower() not in _NOT_ALIASES:
            aliases[alias.lower()] = table.lower()
    scanned = []
    for *_ids, detail in conn.execute(f"EXPLAIN QUERY PLAN {statement}"):
        match = re.match(r"SCAN (\w+)", detail)
        if match and aliases.get(match[1].lower(), match[1].lower()) in WORKSPACE_TABLES:
            scanned.append(detail)
    return scanned


def test_importing_a_file_into_a_populated_workspace_reads_no_table_whole(
    workspace: Workspace,
) -> None:
    import_linkedin(workspace, SAMPLE_DATA / "me" / "linkedin")
    import_vcard(workspace, SAMPLE_DATA / "me" / "contacts.vcf", region="GB")
    statements: list[str] = []
    workspace.conn.set_trace_callback(statements.append)
    try:
        friend = SAMPLE_DATA / "friends" / "tomas-ferreira" / "Connections.csv"
        import_linkedin(workspace, friend, owner="Tomás Ferreira", update_degrees=False)
    finally:
        workspace.conn.set_trace_callback(None)

    reads = {s for s in statements if re.match(r"\s*(SELECT|INSERT|UPDATE|DELETE)", s, re.I)}
    assert any("temp.touched_edges" in s for s in reads)  # the staged look-ups did run
    scans = {s: found for s in reads if (found := full_scans(workspace.conn, s))}
    assert scans == {}


def test_an_export_that_moves_many_people_updates_each_without_reading_people_whole(
    workspace: Workspace,
) -> None:
    """Past a few dozen changed people the update goes through a staging table: every person
    still gets the company and title of the newer export, and no statement reads people whole."""
    people = [
        contact(f"Person{n} Family{n}", url=f"https://www.linkedin.com/in/p-{n}", company="Old Co")
        for n in range(100)
    ]
    load(workspace, linkedin_export(*people), owner="Friend One")
    moved = [
        contact(p.name, url=p.linkedin_url, company=f"New Co {n}", title="Lead")
        for n, p in enumerate(people)
    ]
    statements: list[str] = []
    workspace.conn.set_trace_callback(statements.append)
    try:
        load(workspace, linkedin_export(*moved, path="later/Connections.csv"), owner="Friend Two")
    finally:
        workspace.conn.set_trace_callback(None)
    assert any("temp.bulk_details" in s for s in statements)
    rows = workspace.conn.execute(
        "SELECT p.company, p.company_key, p.title FROM identities i "
        "JOIN people p ON p.id = i.person_id WHERE i.kind = 'linkedin' ORDER BY i.value"
    ).fetchall()
    assert len(rows) == 100
    assert sorted(rows) == sorted((f"New Co {n}", f"new co {n}", "Lead") for n in range(100))
    updates = [s for s in statements if s.lstrip().upper().startswith("UPDATE PEOPLE")]
    assert updates and all(full_scans(workspace.conn, s) == [] for s in updates)
