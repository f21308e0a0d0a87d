"""Each person's distance from the user, stored for quick filters (``people --degree``)."""

from __future__ import annotations

from netgraph.workspace import Workspace


def refresh_degrees(workspace: Workspace, max_degree: int = 3) -> None:
    """Store each person's distance from the user (1, 2, 3) or NULL beyond that or unreachable."""
    conn = workspace.conn
    conn.execute("UPDATE people SET degree = NULL WHERE degree IS NOT NULL")
    conn.execute("UPDATE people SET degree = 0 WHERE is_me = 1")
    for degree in range(1, max_degree + 1):
        conn.execute(
            """
            UPDATE people SET degree = :d WHERE degree IS NULL AND id IN (
                SELECT e.b FROM edges e JOIN people p ON p.id = e.a AND p.degree = :prev
                UNION
                SELECT e.a FROM edges e JOIN people p ON p.id = e.b AND p.degree = :prev
            )
            """,
            {"d": degree, "prev": degree - 1},
        )
