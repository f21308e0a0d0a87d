"""``netgraph import linkedin``, ``netgraph import vcard`` and ``netgraph import batch``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from netgraph.cli.context import open_workspace
from netgraph.cli.render import echo, error_line
from netgraph.errors import InputError
from netgraph.ingest.apply import (
    ImportSummary,
    finish_imports,
    import_csv,
    import_linkedin,
    import_vcard,
)
from netgraph.vocabulary import CSV_DIALECTS
from netgraph.workspace import Workspace

OWNER_HELP = (
    "Whose export this is (a name, email, LinkedIn URL or id). Without it the contacts are "
    "your own; with it they are that person's connections, and they become a willing referrer. "
    "A name must be someone's already, unless --new-owner."
)
NEW_OWNER_HELP = (
    "The owner named by --owner is new to netgraph: create them when no one has that name "
    "(without it, a name nobody has is refused with the closest names)."
)
REGION_HELP = (
    "Country code for phone numbers written without one and whose card names no country "
    "(e.g. GB, DE, IN). Default: the country of your own phone number (netgraph me --phone), "
    "else US."
)
Progress = Callable[[int, int], None] | None
SKIP_BAD_HELP = "Import the good records and list the bad ones instead of rejecting the file."


KIND_NAMES = {"linkedin": "LinkedIn export", "vcard": "vCard file", "csv": "contacts CSV file"}


@click.group("import")
def import_group() -> None:
    """Import contacts from LinkedIn exports, vCard files and contacts CSV files."""


@import_group.command("linkedin")
@click.argument("path", type=click.Path(exists=True, path_type=str))
@click.option("--owner", help=OWNER_HELP)
@click.option("--new-owner", is_flag=True, help=NEW_OWNER_HELP)
@click.option("--skip-bad", is_flag=True, help=SKIP_BAD_HELP)
@click.pass_context
def import_linkedin_command(
    ctx: click.Context, path: str, owner: str | None, new_owner: bool, skip_bad: bool
) -> None:
    """Import a LinkedIn data export: Connections.csv, the export folder, or its .zip.

    From a folder or zip, messages, invitations, endorsements and recommendations received are
    read too: they make ties stronger.
    """
    with open_workspace(ctx, create=True) as workspace, _progress() as progress:
        summary = import_linkedin(
            workspace, path, owner=owner, new_owner=new_owner, skip_bad=skip_bad, progress=progress
        )
    _report(summary)


@import_group.command("vcard")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--owner", help=OWNER_HELP)
@click.option("--new-owner", is_flag=True, help=NEW_OWNER_HELP)
@click.option("--skip-bad", is_flag=True, help=SKIP_BAD_HELP)
@click.option("--region", help=REGION_HELP)
@click.pass_context
def import_vcard_command(
    ctx: click.Context,
    paths: tuple[str, ...],
    owner: str | None,
    new_owner: bool,
    skip_bad: bool,
    region: str | None,
) -> None:
    """Import vCard files (.vcf from Apple, Google, Outlook, Android, CardDAV; 2.1 to 4.0).

    Each file is imported whole or not at all; a file that fails does not stop the others.
    """

    def one(workspace: Workspace, path: str, progress: Progress, several: bool) -> ImportSummary:
        return import_vcard(
            workspace,
            path,
            owner=owner,
            new_owner=new_owner,
            skip_bad=skip_bad,
            region=region,
            progress=progress,
            update_degrees=not several,  # several files: once, at the end
        )

    _import_files(ctx, paths, one)


@import_group.command("csv")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--dialect",
    type=click.Choice(CSV_DIALECTS),
    help="Whose CSV layout the file has; recognised from its header when left out.",
)
@click.option("--owner", help=OWNER_HELP)
@click.option("--new-owner", is_flag=True, help=NEW_OWNER_HELP)
@click.option("--skip-bad", is_flag=True, help=SKIP_BAD_HELP)
@click.option("--region", help=REGION_HELP)
@click.pass_context
def import_csv_command(
    ctx: click.Context,
    paths: tuple[str, ...],
    dialect: str | None,
    owner: str | None,
    new_owner: bool,
    skip_bad: bool,
    region: str | None,
) -> None:
    """Import contacts exported as CSV by Google Contacts or Outlook.

    Each file is imported whole or not at all; a file that fails does not stop the others.
    """

    def one(workspace: Workspace, path: str, progress: Progress, several: bool) -> ImportSummary:
        return import_csv(
            workspace,
            path,
            dialect=dialect,
            owner=owner,
            new_owner=new_owner,
            skip_bad=skip_bad,
            region=region,
            progress=progress,
            update_degrees=not several,
        )

    _import_files(ctx, paths, one)


def _import_files(
    ctx: click.Context,
    paths: tuple[str, ...],
    one: Callable[[Workspace, str, Progress, bool], ImportSummary],
) -> None:
    """Import each file with ``one``, reporting each; a file that fails does not stop the
    others (with one file, its error is the command's)."""
    failed: list[InputError] = []
    several = len(paths) > 1
    with open_workspace(ctx, create=True) as workspace:
        for path in paths:
            try:
                with _progress() as progress:
                    summary = one(workspace, path, progress, several)
            except InputError as exc:
                if not several:
                    raise
                click.echo(error_line(exc), err=True)
                failed.append(exc)
                continue
            _report(summary)
        if several:
            finish_imports(workspace)
    if failed:
        click.echo(
            f"{len(failed)} of {len(paths)} files were not imported (nothing from them was kept).",
            err=True,
        )
        ctx.exit(InputError.exit_code)


@import_group.command("batch")
@click.argument("manifest", type=click.Path(exists=True, dir_okay=False))
@click.option("--skip-bad", is_flag=True, help=SKIP_BAD_HELP)
@click.option(
    "--new-owners",
    is_flag=True,
    help="Every owner the manifest names by a name nobody has is new: create them "
    "(as a new_owner column of yes on every row would).",
)
@click.option("--region", help=REGION_HELP + " A row's region column comes first.")
@click.pass_context
def import_batch_command(
    ctx: click.Context, manifest: str, skip_bad: bool, new_owners: bool, region: str | None
) -> None:
    """Import every file a manifest lists: pooled exports of a group or a career centre.

    MANIFEST is a CSV file with the columns path, kind (linkedin, vcard or csv) and owner
    (empty for your own files), paths relative to the manifest; optional columns new_owner
    (yes when the owner is new to netgraph) and region. Each file is imported whole or not at
    all; a file that fails does not stop the others.
    """
    from netgraph.ingest.batch import import_batch

    def report(outcome: ImportSummary | InputError) -> None:
        if isinstance(outcome, InputError):
            click.echo(error_line(outcome), err=True)
        else:
            _report(outcome)

    with open_workspace(ctx, create=True) as workspace:
        result = import_batch(
            workspace,
            manifest,
            skip_bad=skip_bad,
            new_owners=new_owners,
            region=region,
            on_file=report,
        )
    total = len(result.summaries) + len(result.failures)
    echo(f"Imported {len(result.summaries)} of {total} files from {manifest}.")
    if result.failures:
        click.echo(
            f"{len(result.failures)} of {total} files were not imported "
            "(nothing from them was kept).",
            err=True,
        )
        ctx.exit(InputError.exit_code)


@contextmanager
def _progress() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on an interactive terminal; nothing when output is redirected."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("Importing", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _report(summary: ImportSummary) -> None:
    what = KIND_NAMES.get(summary.kind, "file")
    whose = "your contacts" if summary.owner == "you" else f"{summary.owner}'s contacts"
    echo(
        f"Imported {what} {summary.path} ({whose}): {summary.records} records, "
        f"{summary.people_created} new people, {summary.people_matched} matched people already "
        f"known, {summary.new_ties} new ties."
    )
    for note in summary.notes:
        echo(f"  note: {note}")
    for reason, count in sorted(summary.skipped.items()):
        echo(f"  skipped {count} {reason}")
    if summary.bad:
        echo(f"  skipped {len(summary.bad)} bad records:")
        for bad in summary.bad:
            echo(f"    {bad.locator}: {bad.problem}")
