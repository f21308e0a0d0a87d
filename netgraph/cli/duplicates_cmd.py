"""``netgraph duplicates``: people who are probably one human, each with the merge to run."""

from __future__ import annotations

import click

from netgraph.cli.context import open_workspace
from netgraph.cli.render import echo, emit, output_options, print_table
from netgraph.identity.documents import DUPLICATE_FIELDS, duplicate_document
from netgraph.vocabulary import OutputFormat


@click.command("duplicates")
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=50,
    show_default=True,
    help="At most this many pairs.",
)
@output_options("table", "csv", "json", file=True)
@click.pass_context
def duplicates_command(
    ctx: click.Context, limit: int, output_format: OutputFormat, output: str | None
) -> None:
    """People who are probably one human but were not merged, most likely first."""
    from netgraph.identity.duplicates import find_duplicates

    with open_workspace(ctx) as workspace:
        found = find_duplicates(workspace, limit=limit)
    if output_format in ("json", "csv"):
        records = [duplicate_document(d) for d in found]
        emit(output_format, output, DUPLICATE_FIELDS, records, what="the duplicates")
        return
    if not found:
        echo("No probable duplicates: nobody looks like someone else closely enough.")
        return
    print_table(
        ("likeness", "person", "person", "why", "to merge them"),
        [
            (f"{d.likeness:.2f}", f"#{d.a} {d.a_name}", f"#{d.b} {d.b_name}", d.reason, d.command)
            for d in found
        ],
    )
    echo(f"{len(found)} probable duplicate{'s' if len(found) != 1 else ''}")
