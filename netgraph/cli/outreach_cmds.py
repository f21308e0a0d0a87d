"""``netgraph log`` and ``netgraph pipeline``: the outreach log and where each target stands."""

from __future__ import annotations

from datetime import date

import click

from netgraph.cli.context import open_workspace
from netgraph.cli.render import echo, emit, output_options, print_table
from netgraph.errors import UsageError
from netgraph.identity.people import resolve_person
from netgraph.outreach.documents import PIPELINE_COLUMNS, pipeline_record
from netgraph.outreach.log import DEFAULT_NO_ANSWER_DAYS, MAX_DAY_COUNT, LoggedStep, log_step
from netgraph.outreach.pipeline import PipelineRow, pipeline
from netgraph.routes.cache import route_index
from netgraph.suggest import command
from netgraph.vocabulary import OUTREACH_STATUSES, OutputFormat

NO_ANSWER_HELP = "Days without an answer after which a target drops down the list."


def parse_day(text: str | None) -> date | None:
    """A YYYY-MM-DD date from the command line, or a clear error."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


@click.command("log")
@click.argument("person")
@click.argument("status", type=click.Choice(OUTREACH_STATUSES))
@click.option("--via", "referrer", help="The referrer asked (or who declined to introduce).")
@click.option("--note", help="A few words to remember (kept in the workspace only).")
@click.option("--date", "day", help="When it happened (YYYY-MM-DD; default today).")
@click.option(
    "--unwilling",
    "mark_unwilling",
    is_flag=True,
    help="With declined: whoever said no (the --via referrer, else PERSON) is marked "
    "unwilling, so routes through them drop out.",
)
@click.pass_context
def log_command(
    ctx: click.Context,
    person: str,
    status: str,
    referrer: str | None,
    note: str | None,
    day: str | None,
    mark_unwilling: bool,
) -> None:
    """Record a step towards meeting PERSON.

    STATUS is one of asked-referrer, introduced, requested, scheduled (--date is the meeting
    day), met, thanked, in-touch, declined, no-response. A step without --via keeps the
    referrer of the earlier steps; declined or no-response without --via is PERSON's own.
    """
    with open_workspace(ctx) as workspace:
        logged = log_step(
            workspace,
            resolve_person(workspace, person),
            status,
            referrer=resolve_person(workspace, referrer) if referrer else None,
            on_date=parse_day(day),
            note=note,
            mark_unwilling=mark_unwilling,
        )
    _print_logged(logged)


def _print_logged(logged: LoggedStep) -> None:
    event, asks = logged.event, logged.referrer_asks
    through = f" via {event.referrer}" if event.referrer else ""
    echo(f"Logged {event.on_date.isoformat()}: {event.person} {event.status}{through}.")
    if logged.unwilling:
        echo(f"{logged.unwilling} is now unwilling: routes re-rank without them.")
    if event.status == "asked-referrer" and asks and asks.count > 1:
        echo(
            f"You have asked {event.referrer} for {asks.count} introductions "
            f"(the last on {asks.last.isoformat()}); spread your asks over several people."
        )


@click.command("pipeline")
@click.option(
    "--no-answer-days",
    type=click.IntRange(1, MAX_DAY_COUNT),
    default=DEFAULT_NO_ANSWER_DAYS,
    show_default=True,
    help=NO_ANSWER_HELP,
)
@output_options("table", "csv", "json")
@click.pass_context
def pipeline_command(
    ctx: click.Context, no_answer_days: int, output_format: OutputFormat, output: str | None
) -> None:
    """Show each target's state, who was asked and when, and the next step.

    The target to work on next comes first; targets with no answer for --no-answer-days, and
    those that declined, drop down. The csv/json columns are fixed for other trackers:
    position, person_id, name, company, title, degree, state, since, referrer, asked_on,
    referrer_asks, referrer_last_ask, days_waiting, route_score, next_step.
    """
    with open_workspace(ctx) as workspace:
        rows = pipeline(workspace, route_index(workspace), no_answer_days=no_answer_days)
    if output_format == "table":
        _print_pipeline(rows)
        return
    records = [pipeline_record(row) for row in rows]
    emit(output_format, output, PIPELINE_COLUMNS, records, what=f"{len(records)} targets")


def _print_pipeline(rows: list[PipelineRow]) -> None:
    if not rows:
        echo(
            f"No targets yet: add one ({command('target', 'add', 'PERSON')}) or log a step "
            f"towards one ({command('log', 'PERSON', 'STATUS')})."
        )
        return
    print_table(
        ("#", "name", "company", "state", "since", "referrer", "asks", "score", "next step"),
        [
            (
                r.position,
                r.name,
                r.company,
                r.state,
                r.since,
                r.referrer,
                r.referrer_asks or "",
                f"{r.route_score:.3f}" if r.route_score is not None else "-",
                r.next_step,
            )
            for r in rows
        ],
    )
