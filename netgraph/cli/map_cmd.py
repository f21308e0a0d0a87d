"""``netgraph map``: an interactive HTML map of the network, one self-contained file."""

from __future__ import annotations

from pathlib import Path

import click

from netgraph.cli.context import check_output_path, open_workspace
from netgraph.cli.render import deliver, echo
from netgraph.errors import UsageError
from netgraph.maps.render import draw_map
from netgraph.maps.select import DEFAULT_MAX_NODES, MIN_MAX_NODES

DEFAULT_OUTPUT = "netgraph-map.html"


@click.command("map")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="The HTML file to write.",
)
@click.option("--focus", metavar="PERSON", help="One target's top routes, drawn with their scores.")
@click.option("--company", metavar="TEXT", help="The people at a company and the routes to them.")
@click.option("--targets", is_flag=True, help="All your targets and the routes to them.")
@click.option(
    "--max-nodes",
    type=click.IntRange(MIN_MAX_NODES),
    default=DEFAULT_MAX_NODES,
    show_default=True,
    help="Draw at most this many people (the most relevant); the map says what it left out.",
)
@click.option("--open", "open_it", is_flag=True, help="Open the map in your browser.")
@click.pass_context
def map_command(
    ctx: click.Context,
    output: Path,
    focus: str | None,
    company: str | None,
    targets: bool,
    max_nodes: int,
    open_it: bool,
) -> None:
    """Write an interactive map of your network as one HTML file that works offline.

    By default the map shows the network around you; --focus, --company and --targets draw
    routes instead. Nothing is fetched from the internet when the map is opened.
    """
    if sum((focus is not None, bool(company), targets)) > 1:
        raise UsageError("choose one of --focus, --company and --targets")
    check_output_path(ctx, str(output))
    with open_workspace(ctx) as workspace:
        page = draw_map(
            workspace, focus=focus, company=company, targets=targets, max_nodes=max_nodes
        )
    drawn = f"a map of {page.nodes:,} people and {page.edges:,} ties"
    deliver(page.html, str(output), what=drawn)
    if page.left_out_nodes or page.left_out_edges:
        echo(
            f"Left out {page.left_out_nodes:,} people and {page.left_out_edges:,} ties "
            f"(--max-nodes {max_nodes}; the map lists what it kept)."
        )
    if open_it:
        click.launch(str(output.resolve()))
