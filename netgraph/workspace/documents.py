"""The JSON shape of a workspace's summary, as ``info --format json`` prints it: built here and
nowhere else."""

from __future__ import annotations

from netgraph.workspace.summary import WorkspaceSummary


def info_document(summary: WorkspaceSummary) -> dict[str, object]:
    """The summary as ``info --format json`` prints it."""
    return {
        "workspace": str(summary.workspace),
        "schema_version": summary.schema_version,
        "me": summary.me,
        "people": summary.people,
        "edges": summary.edges,
        "by_degree": {str(degree): count for degree, count in summary.by_degree.items()},
        "willing_referrers": summary.willing_referrers,
        "sources": [
            {
                "id": source.id,
                "kind": source.kind,
                "label": source.label,
                "owner": source.owner,
                "records": source.records,
                "first_imported_at": source.first_imported_at,
                "last_imported_at": source.last_imported_at,
            }
            for source in summary.sources
        ],
    }
