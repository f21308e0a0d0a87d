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
