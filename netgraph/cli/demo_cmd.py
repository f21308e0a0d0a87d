"""``netgraph demo``: the quick start."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from netgraph.cli.render import echo, print_table
from netgraph.demo import DemoReport, find_sample_data, run_demo
from netgraph.errors import UsageError
from netgraph.maps import write_map
from netgraph.routes.cache import route_index
from netgraph.routes.introductions import who_can_introduce
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
        report = run_demo(workspace, folder)
        summary = workspace_info(workspace)
        for summary_of_import in report.imports:
            whose = (
                "your own" if summary_of_import.owner == "you" else f"{summary_of_import.owner}'s"
            )
            skipped = sum(summary_of_import.skipped.values())
            echo(
                f"Imported {Path(summary_of_import.path).name} ({whose}): "
                f"{summary_of_import.records} records, {summary_of_import.people_created} new "
                f"people, {summary_of_import.people_matched} recognised"
                + (f", {skipped} skipped" if skipped else "")
            )
        degrees = summary["by_degree"]
        echo()
        echo(
            f"{report.me.name}'s network: {summary['people']} people "
            f"({degrees['1']} first-degree, {degrees['2']} second, {degrees['3']} third), "
            f"{summary['edges']} ties, {summary['willing_referrers']} willing referrers."
        )
        if report.targets:
            _print_targets(workspace, report)
        map_summary = write_map(workspace, path.with_name("map.html"))
    echo()
    echo(f"Map of the network (open it in any browser, it works offline): {map_summary.path}")
    echo(f"Workspace: {path}")
    echo(f"Explore it: {command('--workspace', str(path), 'people')}")


def _print_targets(workspace: Workspace, report: DemoReport) -> None:
    """The demo's targets with the best route to each and whom to ask first."""
    echo()
    echo(f"People worth meeting, and whom to ask first ({command('who-can-introduce', 'PERSON')}):")
    index = route_index(workspace)
    rows = []
    for target in report.targets:
        found = who_can_introduce(workspace, target.id, top=1, index=index)
        best = found.routes[0] if found.routes else None
        rows.append(
            (
                target.name,
                target.company,
                target.degree,
                best.referrer.name if best and best.referrer else "-",
                f"{best.score:.3f}" if best else "-",
                " > ".join(p.name for p in best.path) if best else "no route",
            )
        )
    print_table(("target", "company", "degree", "ask", "score", "best route"), rows)
