"""``netgraph undo-import``: remove one imported file and whatever exists only because of it."""

from __future__ import annotations

import click

from netgraph.cli.context import open_workspace
from netgraph.cli.render import echo
from netgraph.ingest.undo import UndoPlan, describe, find_source, plan_undo, undo_import


def _plural(count: int, word: str) -> str:
    if word == "person":
        return f"{count} {'person' if count == 1 else 'people'}"
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_lines(plan: UndoPlan) -> list[str]:
    """What undoing the import removes, one fact a line."""
    people = len(plan.people) - plan.owner_removed
    lines = [
        f"{_plural(plan.records, 'record')} of {describe(plan.source)}",
        f"{_plural(people, 'person')} only this file brought in",
        f"{_plural(len(plan.ties), 'tie')} only this file showed; "
        f"{_plural(len(plan.weakened), 'other tie')} lose its evidence",
        f"{_plural(plan.key_count, 'identity key')} (email, phone, profile) only this file gave "
        "people who stay",
    ]
    if plan.owner_removed:
        lines.append(f"its owner, {plan.source.owner}, whom only this file brought in")
    if plan.kept:
        lines.append(
            f"kept: {_plural(len(plan.kept), 'person')} only this file brought in, whom you "
            "track (targets, outreach log)"
        )
    if plan.merged:
        merges = ", ".join(f"#{dropped} into #{kept} {name}" for dropped, kept, name in plan.merged)
        lines.append(
            f"not undone: the {_plural(len(plan.merged), 'merge')} this file made ({merges}); "
            "netgraph split PERSON SOURCE parts a person again"
        )
    return lines


@click.command("undo-import")
@click.argument("source")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def undo_import_command(ctx: click.Context, source: str, yes: bool) -> None:
    """Remove one imported file and whatever exists only because of it.

    SOURCE is its #id (as `netgraph info --format json` gives it), its name or its path.
    Its records go, with the people and ties only it brought in, its evidence on other ties and
    the identity keys only it gave; every byte netgraph kept of the file is erased from the
    workspace."""
    with open_workspace(ctx) as workspace:
        plan = plan_undo(workspace, find_source(workspace, source))
        echo("Undoing this import removes:")
        for line in summary_lines(plan):
            echo(f"  {line}")
        if not yes:
            click.confirm("Remove it?", abort=True)
        done = undo_import(workspace, plan)
    echo(
        f"Removed {describe(done.source)}: {_plural(len(done.people), 'person')}, "
        f"{_plural(len(done.ties), 'tie')} and {_plural(done.key_count, 'identity key')}; "
        "degrees and the route index are up to date. Maps or exports you wrote earlier still "
        "contain them."
    )
    if not done.purged:
        echo(
            "Another netgraph process is using the workspace, so old copies of the erased rows "
            "may remain in its write-ahead log until it closes."
        )
