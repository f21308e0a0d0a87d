"""What a workspace holds: for ``netgraph info`` and for programs that want a summary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from netgraph.workspace.sources import SourceSummary
from netgraph.workspace.store import Workspace

__all__ = ["SourceSummary", "WorkspaceSummary", "workspace_info"]

#: The degrees from the user that a summary counts people at.
SUMMARY_DEGREES = (1, 2, 3)


@dataclass(frozen=True)
class WorkspaceSummary:
    """Where a workspace is and what it holds.

    ``me`` is the user's name (None before they are known); ``people`` counts everyone else;
    ``by_degree`` how many people are at each of :data:`SUMMARY_DEGREES` from the user.
    """

    workspace: Path
    schema_version: int
    me: str | None
    people: int
    edges: int
    by_degree: dict[int, int]
    willing_referrers: int
    sources: tuple[SourceSummary, ...]


def workspace_info(workspace: Workspace) -> WorkspaceSummary:
    """Where the workspace is and what it holds: counts, degrees, and every source imported."""
    me = workspace.people.me()
    degrees = workspace.people.count_by_degree()
    return WorkspaceSummary(
        workspace=workspace.path,
        schema_version=workspace.schema_version(),
        me=workspace.people.name_and_company(me)[0] if me else None,
        people=workspace.people.count(),
        edges=workspace.ties.count(),
        by_degree={degree: degrees.get(degree, 0) for degree in SUMMARY_DEGREES},
        willing_referrers=workspace.people.count_willing(),
        sources=tuple(workspace.sources.summaries()),
    )
