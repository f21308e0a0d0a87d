"""Commands that repair who is who: ``merge``, ``split``, ``edit``, ``undo`` and ``why``.
Each repair is a decision that ``show`` lists and ``undo`` takes back."""

from __future__ import annotations

import click

from netgraph.cli.context import open_workspace
from netgraph.cli.render import deliver, echo, output_options, print_table
from netgraph.identity.documents import decision_document, explanation_document
from netgraph.identity.people import resolve_person
from netgraph.identity.repair import Decision
from netgraph.output import json_text
from netgraph.routes.upkeep import keeping_routes_current
from netgraph.suggest import command
from netgraph.vocabulary import OutputFormat


def _said(decision: Decision, *, undone: bool = False) -> None:
    """Say what a decision did and how to take it back."""
    if undone:
        echo(f"Undone: decision {decision.id}, {decision.summary}.")
        return
    echo(f"Decision {decision.id}: {decision.summary}.")
    echo(f"  To take it back: {command('undo', decision.id)}")


def _person(workspace: object, text: str) -> int:
    from netgraph.workspace import Workspace

    assert isinstance(workspace, Workspace)
    found = resolve_person(workspace, text)
    assert found is not None
    return found


@click.command("merge")
@click.argument("keep")
@click.argument("other")
@output_options("table", "json", file=False)
@click.pass_context
def merge_command(ctx: click.Context, keep: str, other: str, output_format: OutputFormat) -> None:
    """Merge OTHER into KEEP: they are one person (undo with netgraph undo)."""
    from netgraph.identity.repair import merge

    with open_workspace(ctx) as workspace, keeping_routes_current(workspace):
        decision = merge(workspace, _person(workspace, keep), _person(workspace, other))
    _print(decision, output_format)


@click.command("split")
@click.argument("person")
@click.option("--source", required=True, help="The source (id, file name or kind) to split off.")
@output_options("table", "json", file=False)
@click.pass_context
def split_command(
    ctx: click.Context, person: str, source: str, output_format: OutputFormat
) -> None:
    """Split the records of one source off PERSON onto a person of their own."""
    from netgraph.identity.repair import split

    with open_workspace(ctx) as workspace, keeping_routes_current(workspace):
        decision = split(workspace, _person(workspace, person), source)
    _print(decision, output_format)


@click.command("edit")
@click.argument("person")
@click.option("--name", help="Their name.")
@click.option("--company", help='Their company ("" clears it).')
@click.option("--title", help='Their title ("" clears it).')
@click.option("--email", "emails", multiple=True, help="An email address of theirs (repeatable).")
@click.option("--phone", "phones", multiple=True, help="A phone number of theirs (repeatable).")
@click.option("--linkedin", help="Their LinkedIn profile URL (replaces the one known).")
@click.option("--region", default="US", show_default=True, help="Country for local phone numbers.")
@output_options("table", "json", file=False)
@click.pass_context
def edit_command(
    ctx: click.Context,
    person: str,
    name: str | None,
    company: str | None,
    title: str | None,
    emails: tuple[str, ...],
    phones: tuple[str, ...],
    linkedin: str | None,
    region: str,
    output_format: OutputFormat,
) -> None:
    """Set PERSON's details on your word: later imports never change them back."""
    from netgraph.identity.edits import edit

    with open_workspace(ctx) as workspace, workspace.transaction():
        decision = edit(
            workspace,
            _person(workspace, person),
            name=name,
            company=company,
            title=title,
            emails=emails,
            phones=phones,
            linkedin=linkedin,
            region=region.upper(),
        )
    _print(decision, output_format)


@click.command("undo")
@click.argument("decision", type=click.IntRange(1), required=False)
@output_options("table", "json", file=False)
@click.pass_context
def undo_command(ctx: click.Context, decision: int | None, output_format: OutputFormat) -> None:
    """Take back a merge, split or edit: DECISION (see show), or the last one."""
    from netgraph.identity.repair import undo

    with open_workspace(ctx) as workspace, keeping_routes_current(workspace):
        undone = undo(workspace, decision)
    _print(undone, output_format, undone=True)


def _print(decision: Decision, output_format: OutputFormat, *, undone: bool = False) -> None:
    if output_format == "json":
        document = decision_document(decision)
        document["undone"] = document["undone"] or undone
        deliver(json_text(document) + "\n", None, what="the decision")
    else:
        _said(decision, undone=undone)


@click.command("why")
@click.argument("person")
@click.argument("other", required=False)
@output_options("table", "json", file=False)
@click.pass_context
def why_command(
    ctx: click.Context, person: str, other: str | None, output_format: OutputFormat
) -> None:
    """Which keys and rules made PERSON's records one person, or keep PERSON and OTHER apart."""
    from netgraph.identity.why import why

    with open_workspace(ctx) as workspace:
        first = _person(workspace, person)
        second = _person(workspace, other) if other is not None else None
        explanation = why(workspace, first, second)
    if output_format == "json":
        deliver(json_text(explanation_document(explanation)) + "\n", None, what="why")
        return
    echo(" and ".join(f"#{pid} {name}" for pid, name in explanation.people))
    for reason in explanation.reasons:
        echo(f"  {reason}")
    if explanation.records:
        print_table(
            ("source", "where", "theirs by"),
            [(r.source, r.locator, r.reason) for r in explanation.records],
        )
    for line in explanation.decisions:
        echo(f"  your word: {line}")
    if explanation.suggestion and len(explanation.people) == 2:
        echo(f"  If they are one person: {explanation.suggestion}")
    elif explanation.suggestion:
        echo(f"  If a source's records are someone else: {explanation.suggestion}")
