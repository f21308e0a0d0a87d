"""``netgraph target add|list|remove``."""

from __future__ import annotations

import click

from netgraph.cli.context import open_workspace
from netgraph.cli.render import echo, emit, output_options, print_table
from netgraph.errors import UsageError
from netgraph.identity.documents import TARGET_FIELDS, target_document
from netgraph.identity.people import resolve_person
from netgraph.identity.targets import add_target, list_targets, remove_target
from netgraph.vocabulary import OutputFormat


@click.group("target")
def target_group() -> None:
    """The people you want to meet."""


@target_group.command("add")
@click.argument("person", required=False)
@click.option("--name", help="Someone not in your network yet: their name.")
@click.option("--company", help="...and their company, to recognise them when they arrive.")
@click.pass_context
def target_add(
    ctx: click.Context, person: str | None, name: str | None, company: str | None
) -> None:
    """Add PERSON (or --name NAME --company COMPANY) to your targets."""
    if person and (name or company):
        raise UsageError("give either PERSON or --name/--company, not both")
    with open_workspace(ctx, create=True) as workspace, workspace.transaction():
        person_id = resolve_person(workspace, person) if person else None
        target = add_target(workspace, person_id, name=name, company=company)
    if target.person_id is None:
        echo(
            f"Added {target.name} as a target; not in your network yet, netgraph will "
            "recognise them when an import brings them in."
        )
    else:
        echo(f"Added {target.name} (#{target.person_id}) as a target.")


@target_group.command("list")
@output_options("table", "json", file=False)
@click.pass_context
def target_list(ctx: click.Context, output_format: OutputFormat) -> None:
    """List your targets (waiting ones have no id yet)."""
    with open_workspace(ctx) as workspace:
        targets = list_targets(workspace)
    if output_format == "table":
        print_table(
            ("id", "name", "title", "company", "degree"),
            [
                (
                    t.person_id if t.person_id is not None else "waiting",
                    t.name,
                    t.title,
                    t.company,
                    t.degree,
                )
                for t in targets
            ],
        )
    else:
        emit(output_format, None, TARGET_FIELDS, [target_document(t) for t in targets])


@target_group.command("remove")
@click.argument("person")
@click.pass_context
def target_remove(ctx: click.Context, person: str) -> None:
    """Remove PERSON (or a waiting target's name) from your targets."""
    with open_workspace(ctx) as workspace, workspace.transaction():
        name = remove_target(workspace, person)
    echo(f"Removed {name} from your targets.")
