"""``netgraph ask``, ``netgraph prep``, ``netgraph thank`` and ``netgraph templates``: drafts,
interview briefs and thank-you notes."""

from __future__ import annotations

from pathlib import Path

import click

from netgraph.cli.context import check_output_path, open_workspace
from netgraph.cli.render import deliver, echo, print_table
from netgraph.identity.people import resolve_person
from netgraph.output import terminal_text
from netgraph.outreach.drafts import Draft, ask_draft
from netgraph.outreach.prep import prep_brief
from netgraph.outreach.template_files import copy_defaults, list_templates, template_dir
from netgraph.outreach.thank import thank_draft
from netgraph.routes.cache import route_index
from netgraph.routes.search import MAX_HOPS_LIMIT
from netgraph.suggest import command
from netgraph.workspace import resolve_workspace_path

COPY_COMMAND = command("templates", "--copy")
OUTPUT_HELP = "Write the Markdown to this file (readable by you only) instead of printing it."


def _deliver(draft: Draft, output: str | None, what: str) -> None:
    """Print the document on stdout (as plain text) or into ``output``, then the notes on
    stderr."""
    deliver(draft.text if output else terminal_text(draft.text), output, what=what)
    for note in draft.notes:
        click.echo(f"Note: {terminal_text(note)}", err=True)


@click.command("ask")
@click.argument("person")
@click.option("--via", help="Ask through this person (the best route through them).")
@click.option(
    "--about",
    help="One line about you and what you want to learn (else the drafts hold a placeholder).",
)
@click.option(
    "--max-hops",
    type=click.IntRange(1, MAX_HOPS_LIMIT),
    default=3,
    show_default=True,
    help="Longest route in ties (3 = two people between you and them).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help=OUTPUT_HELP)
@click.pass_context
def ask_command(
    ctx: click.Context,
    person: str,
    via: str | None,
    about: str | None,
    max_hops: int,
    output: str | None,
) -> None:
    """Draft the messages asking for an introduction to PERSON (netgraph sends nothing).

    On the best route (or the best through --via): a message to the referrer, with a short
    note they can forward, and a message to PERSON for once you are introduced. A
    first-degree contact gets one direct request. The drafts come from templates you can
    replace (netgraph templates).
    """
    if output:
        check_output_path(ctx, output)
    with open_workspace(ctx) as workspace:
        draft = ask_draft(
            workspace,
            resolve_person(workspace, person),
            templates=template_dir(workspace.path),
            via=resolve_person(workspace, via) if via else None,
            about=about,
            max_hops=max_hops,
            index=route_index(workspace),
        )
    _deliver(draft, output, "the drafts")


@click.command("prep")
@click.argument("person")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help=OUTPUT_HELP)
@click.pass_context
def prep_command(ctx: click.Context, person: str, output: str | None) -> None:
    """Write an interview brief for meeting PERSON, with 12 to 14 questions to bring.

    Who they are, how you are connected (the route and the referrer), what your workspace
    knows about their organisation, the outreach so far, a question sheet drawn from your
    question bank (the same person always gets the same questions) and reminders.
    """
    if output:
        check_output_path(ctx, output)
    with open_workspace(ctx) as workspace:
        brief = prep_brief(
            workspace,
            resolve_person(workspace, person),
            templates=template_dir(workspace.path),
            index=route_index(workspace),
        )
    _deliver(brief, output, "the brief")


@click.command("thank")
@click.argument("person")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help=OUTPUT_HELP)
@click.pass_context
def thank_command(ctx: click.Context, person: str, output: str | None) -> None:
    """Draft the thank-you note to PERSON after you met, and a note to your referrer.

    The note to PERSON picks up the point you logged with the meeting (log PERSON met --note
    "..."), offers help and asks to connect on LinkedIn if you are not connected; the note to
    whoever introduced you (or suggested PERSON) says how it went. After an introduction and
    before the meeting, only the note thanking the referrer.
    """
    if output:
        check_output_path(ctx, output)
    with open_workspace(ctx) as workspace:
        draft = thank_draft(
            workspace, resolve_person(workspace, person), templates=template_dir(workspace.path)
        )
    _deliver(draft, output, "the thank-you notes")


@click.command("templates")
@click.option(
    "--copy",
    is_flag=True,
    help="Copy the default templates into the workspace's template folder to edit them; "
    "files already there are kept.",
)
@click.pass_context
def templates_command(ctx: click.Context, copy: bool) -> None:
    """List the templates of ask, prep and thank, and where your own versions go.

    A file in the workspace's template folder (the workspace file's name + ".templates")
    replaces the default of the same name.
    """
    root = ctx.find_root().obj or {}
    folder = template_dir(Path(resolve_workspace_path(root.get("workspace"))))
    if copy:
        copied, kept = copy_defaults(folder)
        if copied:
            echo(f"Copied {len(copied)} templates to {folder}/ to edit: {', '.join(copied)}")
        if kept:
            echo(f"Kept {len(kept)} already there (never overwritten): {', '.join(kept)}")
        return
    rows = []
    for template in list_templates(folder):
        if template.override is None:
            in_use = "default"
        else:
            in_use = "yours (edited)" if template.edited else "yours (as the default)"
        rows.append((template.name, in_use, template.purpose))
    print_table(("template", "in use", "what it is for"), rows)
    echo(f"Your versions go in {folder}/; to put editable copies there: {COPY_COMMAND}")
