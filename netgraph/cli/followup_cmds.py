"""``netgraph followups`` and ``netgraph card``: what to do after a meeting, and your own card."""

from __future__ import annotations

from datetime import date

import click

from netgraph.cli.context import check_output_path, open_workspace, workspace_exists
from netgraph.cli.outreach_options import cadence_option, no_answer_days_option
from netgraph.cli.render import deliver, echo, emit, output_options, print_table
from netgraph.errors import UsageError
from netgraph.output import terminal_text
from netgraph.outreach.card import NO_ME, card_warnings, own_card
from netgraph.outreach.documents import FOLLOWUP_COLUMNS, followup_record, followups_ics
from netgraph.outreach.followups import (
    DEFAULT_HORIZON_DAYS,
    DueFollowUps,
    FollowUp,
    due_followups,
)
from netgraph.outreach.log import MAX_DAY_COUNT
from netgraph.suggest import command
from netgraph.vocabulary import OutputFormat


@click.command("followups")
@click.option(
    "--days",
    type=click.IntRange(0, MAX_DAY_COUNT),
    default=DEFAULT_HORIZON_DAYS,
    show_default=True,
    help="List what is due within this many days (overdue items always show).",
)
@click.option("--all", "show_all", is_flag=True, help="Every open follow-up, however far ahead.")
@cadence_option
@no_answer_days_option("Days without an answer after which to nudge once or move on.")
@output_options("table", "csv", "json", "ics")
@click.pass_context
def followups_command(
    ctx: click.Context,
    days: int,
    show_all: bool,
    cadence: int,
    no_answer_days: int,
    output_format: OutputFormat,
    output: str | None,
) -> None:
    """List the follow-ups that are due: overdue, today, or within --days.

    They come from the outreach log (netgraph log) and are done when you log the next step:
    prepare for a scheduled meeting two days ahead, and meet (log met); send a thank-you
    note the day after you met (log thanked; netgraph thank drafts it), and thank whoever
    introduced you, after the introduction and after the meeting (log thanked-referrer); keep
    in touch every --cadence days (log in-touch); after --no-answer-days of silence, one short
    reminder or move on. The table shows the note you logged with the step (log --note).

    --format ics writes an iCalendar file that any calendar app imports, one all-day event per
    follow-up with a 09:00 reminder. It holds every open follow-up, however far ahead, unless
    you give --days (with none, nothing is written). Importing a newer file updates the same
    events; events you have done stay in your calendar until you delete them.

    The csv/json columns are fixed: due, overdue, kind, person_id, person, referrer, since,
    what, note.
    """
    days_given = ctx.get_parameter_source("days") == click.core.ParameterSource.COMMANDLINE
    everything = show_all or (output_format == "ics" and not days_given)
    today = date.today()
    with open_workspace(ctx) as workspace:
        due = due_followups(
            workspace,
            today=today,
            horizon_days=None if everything else days,
            cadence_days=cadence,
            no_answer_days=no_answer_days,
        )
    if output_format == "table":
        _print_table(due, today, days)
    else:
        _write(due.items, output_format, output)


def _write(items: list[FollowUp], output_format: OutputFormat, output: str | None) -> None:
    """The follow-ups as an iCalendar file, CSV or JSON, printed or written to ``output``."""
    what = f"{len(items)} follow-ups"
    if output_format != "ics":
        records = [followup_record(item, output_format) for item in items]
        emit(output_format, output, FOLLOWUP_COLUMNS, records, what=what)
    elif items:
        deliver(followups_ics(items), output, what=what)
    else:  # a calendar needs an event (RFC 5545)
        click.echo("No follow-ups to put in a calendar: nothing written.", err=True)


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
        warnings = card_warnings(workspace)
    # As bytes on standard output: the CRLF line ends stay as they are.
    deliver(text if output else text.encode("utf-8"), output, what="your card")
    for warning in warnings:
        click.echo(f"Warning: {terminal_text(warning)}.", err=True)


def _when(item: FollowUp, today: date) -> str:
    """How far the due day is from today, in words."""
    delta = (item.due - today).days
    if item.overdue:
        return f"overdue {-delta} day{'s' if delta != -1 else ''}"
    if delta < 0:
        return "now"
    return {0: "today", 1: "tomorrow"}.get(delta, f"in {delta} days")


def _print_table(due: DueFollowUps, today: date, days: int) -> None:
    if not due.items:
        if due.next_later:
            first = due.next_later
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
    items = due.items
    print_table(
        ("due", "when", "kind", "person", "referrer", "what", "your note"),
        [
            (i.due.isoformat(), _when(i, today), i.kind, i.person, i.referrer, i.what, i.note)
            for i in items
        ],
    )
