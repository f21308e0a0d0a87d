"""``netgraph followups`` and ``netgraph card``: what to do after a meeting, and your own card."""

from __future__ import annotations

from datetime import date

import click

from netgraph.cli.context import check_output_path, open_workspace, workspace_exists
from netgraph.cli.render import echo, print_table
from netgraph.errors import UsageError
from netgraph.files import write_private_file
from netgraph.output import csv_text, json_text
from netgraph.outreach.card import NO_ME, own_card
from netgraph.outreach.followups import (
    DEFAULT_CADENCE_DAYS,
    DEFAULT_HORIZON_DAYS,
    FOLLOWUP_COLUMNS,
    FollowUp,
    followups,
    followups_ics,
)
from netgraph.outreach.log import DEFAULT_NO_ANSWER_DAYS, MAX_DAY_COUNT
from netgraph.suggest import command


@click.command("followups")
@click.option(
    "--days",
    type=click.IntRange(0, MAX_DAY_COUNT),
    default=DEFAULT_HORIZON_DAYS,
    show_default=True,
    help="List what is due within this many days (overdue items always show).",
)
@click.option("--all", "show_all", is_flag=True, help="Every open follow-up, however far ahead.")
@click.option(
    "--cadence",
    type=click.IntRange(1, MAX_DAY_COUNT),
    default=DEFAULT_CADENCE_DAYS,
    show_default=True,
    help="Days between keep-in-touch messages after a thank-you note.",
)
@click.option(
    "--no-answer-days",
    type=click.IntRange(1, MAX_DAY_COUNT),
    default=DEFAULT_NO_ANSWER_DAYS,
    show_default=True,
    help="Days without an answer after which to nudge once or move on.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json", "ics"]),
    default="table",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file.")
@click.pass_context
def followups_command(
    ctx: click.Context,
    days: int,
    show_all: bool,
    cadence: int,
    no_answer_days: int,
    output_format: str,
    output: str | None,
) -> None:
    """List the follow-ups that are due: overdue, today, or within --days.

    They come from the outreach log (netgraph log) and are done when you log the next step:
    prepare for a scheduled meeting two days ahead, and meet (log met); send a thank-you
    note the day after you met (log thanked); keep in touch every --cadence days (log
    in-touch); after --no-answer-days of silence, one short reminder or move on.

    --format ics writes an iCalendar file that any calendar app imports, one all-day event per
    follow-up with a 09:00 reminder. It holds every open follow-up, however far ahead, unless
    you give --days (with none, nothing is written). Importing a newer file updates the same
    events; events you have done stay in your calendar until you delete them.

    The csv/json columns are fixed: due, overdue, kind, person_id, person, referrer, since,
    what, note.
    """
    if output:
        check_output_path(ctx, output)
    if output_format == "table" and output:
        raise UsageError("--output needs --format csv, json or ics")
    days_given = ctx.get_parameter_source("days") == click.core.ParameterSource.COMMANDLINE
    everything = show_all or (output_format == "ics" and not days_given)
    today = date.today()
    with open_workspace(ctx) as workspace:
        items = followups(
            workspace,
            today=today,
            horizon_days=None if everything else days,
            cadence_days=cadence,
            no_answer_days=no_answer_days,
        )
        later: list[FollowUp] = []
        if not items and not everything:  # say when the next one is due
            later = followups(
                workspace,
                today=today,
                horizon_days=None,
                cadence_days=cadence,
                no_answer_days=no_answer_days,
            )
    if output_format == "table":
        _print_table(items, today, days, later)
        return
    if output_format == "ics" and not items:  # a calendar needs an event (RFC 5545)
        click.echo("No follow-ups to put in a calendar: nothing written.", err=True)
        return
    data = _document(items, output_format)
    if output:
        write_private_file(output, data)
        echo(f"Wrote {len(items)} follow-ups to {output}")
    else:
        click.echo(data, nl=False)  # bytes: the CRLF line ends stay as they are


@click.command("card")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (.vcf).")
@click.pass_context
def card_command(ctx: click.Context, output: str | None) -> None:
    """Write your own contact card (vCard 4.0), a networking business card.

    It carries what netgraph me records: your name, emails, phones, LinkedIn profile, and
    title and company (netgraph me --title ... --company ...). Attach it to a thank-you note
    or share it from your phone. Without -o it goes to standard output.
    """
    if not workspace_exists(ctx):
        raise UsageError(NO_ME)
    if output:
        check_output_path(ctx, output)
    with open_workspace(ctx) as workspace:
        text = own_card(workspace)
    if output:
        write_private_file(output, text)
        echo(f"Wrote your card to {output}")
    else:
        click.echo(text.encode("utf-8"), nl=False)  # bytes: the CRLF line ends stay


def _document(items: list[FollowUp], output_format: str) -> bytes:
    """The follow-ups as an iCalendar file, CSV or JSON."""
    if output_format == "ics":
        return followups_ics(items)
    records = [item.as_dict() for item in items]
    if output_format == "csv":
        rows = [[_cell(r[column]) for column in FOLLOWUP_COLUMNS] for r in records]
        return csv_text(FOLLOWUP_COLUMNS, rows).encode("utf-8")
    return (json_text(records) + "\n").encode("utf-8")


def _cell(value: object) -> object:
    """A CSV value: booleans written as in JSON (true, false)."""
    return str(value).lower() if isinstance(value, bool) else value


def _when(item: FollowUp, today: date) -> str:
    """How far the due day is from today, in words."""
    delta = (item.due - today).days
    if item.overdue:
        return f"overdue {-delta} day{'s' if delta != -1 else ''}"
    if delta < 0:
        return "now"
    return {0: "today", 1: "tomorrow"}.get(delta, f"in {delta} days")


def _print_table(items: list[FollowUp], today: date, days: int, later: list[FollowUp]) -> None:
    if not items:
        if later:
            first = later[0]
            window = "today" if days == 0 else f"in the next {days} days"
            echo(
                f"Nothing due {window}. Next, on {first.due.isoformat()}: {first.summary} "
                f"({command('followups', '--all')})."
            )
        else:
            echo(
                "No follow-ups: they come from the outreach log; log a step with "
                + command("log", "PERSON", "STATUS")
            )
        return
    print_table(
        ("due", "when", "kind", "person", "referrer", "what"),
        [(i.due.isoformat(), _when(i, today), i.kind, i.person, i.referrer, i.what) for i in items],
    )
