"""What a workspace holds: for ``netgraph info`` and for programs that want a summary."""

from __future__ import annotations

from typing import Any

from netgraph.workspace.store import Workspace


def workspace_info(workspace: Workspace) -> dict[str, Any]:
    """Where the workspace is and what it holds: counts, degrees, and every source imported."""
    conn = workspace.conn
    me = workspace.people.me()
    degrees = {
        int(degree): int(count)
        for degree, count in conn.execute(
            "SELECT degree, count(*) FROM people WHERE degree > 0 GROUP BY degree"
        )
    }
    sources = [
        {
            "id": source_id,
            "kind": kind,
            "label": label,
            "owner": owner,
            "records": records,
            "first_imported_at": first,
            "last_imported_at": last,
        }
        for source_id, kind, label, owner, records, first, last in conn.execute(
            """
            SELECT s.id, s.kind, s.label, o.name, s.records, s.first_imported_at,
                   s.last_imported_at
            FROM sources s LEFT JOIN people o ON o.id = s.owner_id ORDER BY s.id
            """
        )
    ]
    return {
        "workspace": str(workspace.path),
        "schema_version": workspace.schema_version(),
        "me": conn.execute("SELECT name FROM people WHERE id = ?", (me,)).fetchone()[0]
        if me
        else None,
        "people": int(conn.execute("SELECT count(*) FROM people WHERE is_me = 0").fetchone()[0]),
        "edges": int(conn.execute("SELECT count(*) FROM edges").fetchone()[0]),
        "by_degree": {str(d): degrees.get(d, 0) for d in (1, 2, 3)},
        "willing_referrers": int(
            conn.execute("SELECT count(*) FROM people WHERE willingness = 'willing'").fetchone()[0]
        ),
        "sources": sources,
    }
