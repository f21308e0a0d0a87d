"""``netgraph info``."""

from __future__ import annotations

import click

from netgraph.cli.context import open_workspace, workspace_exists
from netgraph.cli.render import deliver, echo, output_options, print_table
from netgraph.output import json_text
from netgraph.vocabulary import OutputFormat
from netgraph.workspace import resolve_workspace_path
from netgraph.workspace.documents import info_document
from netgraph.workspace.summary import SUMMARY_DEGREES, WorkspaceSummary, workspace_info


@click.command()
@output_options("table", "json", file=False)
@click.pass_context
def info(ctx: click.Context, output_format: OutputFormat) -> None:
    """Where the workspace is and what it holds."""
    if not workspace_exists(ctx):  # a new workspace: nothing in it yet, nothing created
        path = resolve_workspace_path((ctx.find_root().obj or {}).get("workspace"))
        summary = WorkspaceSummary(path, 0, None, 0, 0, dict.fromkeys(SUMMARY_DEGREES, 0), 0, ())
    else:
        with open_workspace(ctx) as workspace:
            summary = workspace_info(workspace)
    if output_format == "json":
        deliver(json_text(info_document(summary)) + "\n", None, what="the summary")
        return
    degrees = summary.by_degree
    created = f"schema {summary.schema_version}" if summary.schema_version else "not created yet"
    echo(f"Workspace: {summary.workspace} ({created})")
    echo(f"You: {summary.me or 'not set (netgraph me NAME)'}")
    echo(
        f"People: {summary.people} ({degrees[1]} first-degree, {degrees[2]} second, "
        f"{degrees[3]} third); ties: {summary.edges}; willing referrers: "
        f"{summary.willing_referrers}"
    )
    if summary.sources:
        print_table(
            ("source", "kind", "whose", "records", "last imported"),
            [
                (s.label, s.kind, s.owner or "-", s.records, s.last_imported_at)
                for s in summary.sources
            ],
        )
