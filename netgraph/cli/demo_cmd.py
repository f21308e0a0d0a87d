"""``netgraph demo``: the quick start."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from netgraph.cli.render import echo, print_table
from netgraph.demo import DemoTour, TargetRoute, demo_tour, find_sample_data
from netgraph.errors import UsageError
from netgraph.routes.warmth import scored
from netgraph.suggest import command
from netgraph.workspace import Workspace, resolve_workspace_path
from netgraph.workspace.summary import workspace_info


@click.command()
@click.option(
    "--sample-data",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder with demo.json (default: the bundled sample_data/).",
)
@click.pass_context
def demo(ctx: click.Context, sample_data: Path | None) -> None:
    """Build a throwaway workspace from the sample data and show what netgraph finds.

    Your own workspace is never touched: the demo uses a new folder (or an empty workspace
    given with --workspace) and prints where it is, so you can explore it afterwards.
    """
    folder = find_sample_data(sample_data)
    options = ctx.find_root().obj
    chosen = options["workspace"] if options["workspace_given"] else None
    if chosen:
        path = resolve_workspace_path(chosen)
        if path.exists() and path.stat().st_size > 0:
            raise UsageError(f"the demo needs a new workspace; {path} already exists")
    else:
        path = Path(tempfile.mkdtemp(prefix="netgraph-demo-")) / "workspace.sqlite3"
    with Workspace.open(path) as workspace:
        tour = demo_tour(workspace, folder)
        summary = workspace_info(workspace)
    _print_imports(tour)
    degrees = summary.by_degree
    echo()
    echo(
        f"{tour.report.me.name}'s network: {summary.people} people "
        f"({degrees[1]} first-degree, {degrees[2]} second, {degrees[3]} third), "
        f"{summary.edges} ties, {summary.willing_referrers} willing referrers."
    )
    if tour.routes:
        _print_targets(tour.routes)
    echo()
    echo(f"Map of the network (open it in any browser, it works offline): {tour.map.path}")
    echo(f"Workspace: {path}")
    echo(f"Explore it: {command('--workspace', str(path), 'people')}")


def _print_imports(tour: DemoTour) -> None:
    for summary in tour.report.imports:
        whose = "your own" if summary.owner == "you" else f"{summary.owner}'s"
        skipped = sum(summary.skipped.values())
        echo(
            f"Imported {Path(summary.path).name} ({whose}): "
            f"{summary.records} records, {summary.people_created} new "
            f"people, {summary.people_matched} recognised"
            + (f", {skipped} skipped" if skipped else "")
        )


def _print_targets(routes: tuple[TargetRoute, ...]) -> None:
    """The demo's targets with the best route to each and whom to ask first."""
    echo()
    echo(f"People worth meeting, and whom to ask first ({command('who-can-introduce', 'PERSON')}):")
    rows = []
    for found in routes:
        best = found.best
        rows.append(
            (
                found.target.name,
                found.target.company,
                found.target.degree,
                best.referrer.name if best and best.referrer else "-",
                scored(best.score) if best else "-",
                " > ".join(p.name for p in best.path) if best else "no route",
            )
        )
    print_table(("target", "company", "degree", "ask", "score", "best route"), rows)
