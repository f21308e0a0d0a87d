"""Each person's distance from the user, stored for quick filters (``people --degree``)."""

from __future__ import annotations

from netgraph.workspace import Workspace


def refresh_degrees(workspace: Workspace, max_degree: int = 3) -> None:
    """Store each person's distance from the user (1, 2, 3) or NULL beyond that or unreachable.

    Inside :meth:`netgraph.workspace.store.Workspace.deferring_degrees` it does nothing: the
    caller that deferred them stores them at the end.
    """
    if not workspace.degrees_deferred:
        workspace.ties.refresh_degrees(max_degree)
