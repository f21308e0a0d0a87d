"""``netgraph export graph``."""

from __future__ import annotations

import click

from netgraph.cli.context import open_workspace
from netgraph.cli.render import deliver, output_options
from netgraph.routes.graph import export_graph
from netgraph.vocabulary import GRAPH_FORMATS, GraphFormat


@click.group("export")
def export_group() -> None:
    """Export the network for other programs."""


@export_group.command("graph")
@click.option(
    "--inferred",
    is_flag=True,
    help="Add the ties inferred between your contacts and their colleagues (edge inferred=true).",
)
@output_options(*GRAPH_FORMATS, default="graphml")
@click.pass_context
def export_graph_command(
    ctx: click.Context, inferred: bool, output_format: GraphFormat, output: str | None
) -> None:
    """The whole network with every attribute needed to recompute a ranking.

    Nodes: name, company, title, willingness, factor, degree, is_me. Edges: strength,
    evidence, inferred. GraphML and GEXF open in Gephi; all three load with networkx.
    """
    with open_workspace(ctx) as workspace:
        text = export_graph(workspace, output_format, inferred=inferred)
    deliver(text, output, what="the network")
