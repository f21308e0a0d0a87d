"""``netgraph next``: one list of what to do now, each with the command that does it."""

from __future__ import annotations

from datetime import date

import click

from netgraph.cli.context import open_workspace
from netgraph.cli.outreach_options import cadence_option, no_answer_days_option
from netgraph.cli.render import echo, emit, output_options
from netgraph.outreach.documents import NEXT_COLUMNS, action_record
from netgraph.outreach.log import MAX_DAY_COUNT
from netgraph.outreach.plan import DEFAULT_ASKS, Action, Plan, plan
from netgraph.routes.cache import route_index
from netgraph.suggest import command
from netgraph.vocabulary import OutputFormat


@click.command("next")
@click.option(
    "--days",
    type=click.IntRange(0, MAX_DAY_COUNT),
    default=0,
    show_default=True,
    help="Also list follow-ups due within this many days (overdue ones always show).",
)
@click.option(
    "--asks",
    type=click.IntRange(0, 100),
    default=DEFAULT_ASKS,
    show_default=True,
    help="How many new introductions to suggest asking for, the best routes first.",
)
@no_answer_days_option("Days without an answer after which to send a reminder or ask someone else.")
@cadence_option
@output_options("table", "csv", "json")
@click.pass_context
def next_command(
    ctx: click.Context,
    days: int,
    asks: int,
    no_answer_days: int,
    cadence: int,
    output_format: OutputFormat,
    output: str | None,
) -> None:
    """List what to do now, across the pipeline and the follow-ups, with the command for each.

    In the order that matters: a meeting today, preparing for the next one, thank-you notes,
    thanking referrers, reminders or another referrer where nobody answered, new
    introductions to ask for (--asks, the best routes first) and keeping in touch. The
    csv/json columns are position, kind, person_id, person, what, command, due, overdue.
    """
    with open_workspace(ctx) as workspace:
        found = plan(
            workspace,
            route_index(workspace),
            horizon_days=days,
            asks=asks,
            cadence_days=cadence,
            no_answer_days=no_answer_days,
        )
    if output_format == "table":
        _print_plan(found)
        return
    records = [
        action_record(position, action, output_format)
        for position, action in enumerate(found.actions, start=1)
    ]
    emit(output_format, output, NEXT_COLUMNS, records, what=f"{len(records)} things to do")


def _when(action: Action, today: date) -> str:
    if action.due is None:
        return ""
    if action.overdue:
        return f" (overdue since {action.due.isoformat()})"
    return " (today)" if action.due == today else f" (by {action.due.isoformat()})"


def _print_plan(found: Plan) -> None:
    today = date.today()
    if not found.actions:
        echo(
            "Nothing to do right now. Add someone you want to meet "
            f"({command('target', 'add', 'PERSON')}) or see where each target stands "
            f"({command('pipeline')})."
        )
        return
    echo(f"What to do now ({today.isoformat()}):")
    width = len(str(len(found.actions)))
    for position, action in enumerate(found.actions, start=1):
        echo(f"{position:>{width}}. {action.what}{_when(action, today)}")
        echo(f"{'':>{width}}  {action.command}")
    if found.more_asks:
        echo(
            f"And {found.more_asks} more targets ready to ask for, once these are under way "
            f"({command('pipeline')})."
        )
