"""``netgraph log`` and ``netgraph pipeline``: the outreach log and where each target stands."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from datetime import date

import click

from netgraph.cli.context import open_workspace
from netgraph.cli.outreach_options import no_answer_days_option
from netgraph.cli.render import echo, emit, output_options, print_table
from netgraph.errors import UsageError
from netgraph.identity.people import resolve_person
from netgraph.output import terminal_text
from netgraph.outreach.documents import PIPELINE_COLUMNS, pipeline_record
from netgraph.outreach.log import (
    LoggedStep,
    log_step,
    undo_step,
)
from netgraph.outreach.pipeline import PipelineRow, pipeline
from netgraph.outreach.steps import next_hint, step_sentence
from netgraph.routes.cache import route_index
from netgraph.routes.upkeep import keeping_routes_current
from netgraph.routes.warmth import scored
from netgraph.suggest import command, person_ref
from netgraph.vocabulary import OUTREACH_STATUSES, OutputFormat
from netgraph.workspace import Workspace

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
@click.argument("status", type=click.Choice(OUTREACH_STATUSES), required=False)
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
@click.option(
    "--referred",
    multiple=True,
    metavar='"NAME[, COMPANY]"',
    help="With met (or thanked, in-touch): someone PERSON suggested you talk to; they become "
    "a target, PERSON their referrer. Repeat for each.",
)
@click.option("--undo", is_flag=True, help="Take back the step towards PERSON logged last.")
@click.pass_context
def log_command(
    ctx: click.Context,
    person: str,
    status: str | None,
    referrer: str | None,
    note: str | None,
    day: str | None,
    mark_unwilling: bool,
    referred: tuple[str, ...],
    undo: bool,
) -> None:
    """Record a step towards meeting PERSON (or take the last one back with --undo).

    STATUS is one of asked-referrer (--via says whom you asked), introduced, requested,
    scheduled (--date is the meeting day), met, thanked, thanked-referrer (you thanked the
    referrer), in-touch, declined, no-response. A step without --via keeps the referrer of
    the earlier steps; declined or no-response without --via is PERSON's own.
    """
    if undo:
        if status or referrer or note or day or mark_unwilling or referred:
            raise UsageError("--undo takes only PERSON: it removes their step logged last")
        with open_workspace(ctx) as workspace:
            undone = undo_step(workspace, resolve_person(workspace, person))
        echo(
            f"Took back the step of {undone.event.on_date.isoformat()}: "
            f"{step_sentence(undone.event)}."
        )
        for line in undone.notes:
            echo(f"Note: {line}.")
        return
    if status is None:
        raise UsageError(f"say what happened: one of {', '.join(OUTREACH_STATUSES)}")
    with open_workspace(ctx) as workspace, _keeping_routes(workspace, changes_ties=bool(referred)):
        logged = log_step(
            workspace,
            resolve_person(workspace, person),
            status,
            referrer=resolve_person(workspace, referrer) if referrer else None,
            on_date=parse_day(day),
            note=note,
            mark_unwilling=mark_unwilling,
            referred=referred,
        )
    _print_logged(logged)


def _keeping_routes(workspace: Workspace, *, changes_ties: bool) -> AbstractContextManager[None]:
    """For a step that adds ties (``--referred``), keep the route index current as an import
    does; other steps change no tie."""
    return keeping_routes_current(workspace) if changes_ties else nullcontext()


def _print_logged(logged: LoggedStep) -> None:
    event, asks = logged.event, logged.referrer_asks
    echo(f"Logged {event.on_date.isoformat()}: {step_sentence(event)}.")
    for warning in logged.warnings:
        click.echo(f"Warning: {terminal_text(warning)}.", err=True)
    if logged.unwilling:
        echo(f"{logged.unwilling} is now unwilling: routes re-rank without them.")
    if event.status == "asked-referrer" and asks and asks.count > 1:
        echo(
            f"You have asked {event.referrer} for {asks.count} introductions "
            f"(the last on {asks.last.isoformat()}); spread your asks over several people."
        )
    _print_referred(logged)
    hint = next_hint(event)
    if hint:
        echo(f"Next: {hint}.")


def _print_referred(logged: LoggedStep) -> None:
    if not logged.referred:
        return
    echo(f"{logged.event.person} is now a willing referrer to the people they suggested:")
    for target in logged.referred:
        where = f", {target.company}" if target.company else ""
        if target.person_id is None:
            state = "waiting for an import that lists them"
        else:
            ask = command("ask", person_ref(target.person_id))
            state = f"ask them through {logged.event.person} ({ask})"
        new = "" if target.new else " (a target already)"
        echo(f"  {target.name}{where}{new}: {state}")


@click.command("pipeline")
@no_answer_days_option(NO_ANSWER_HELP)
@output_options("table", "csv", "json")
@click.pass_context
def pipeline_command(
    ctx: click.Context, no_answer_days: int, output_format: OutputFormat, output: str | None
) -> None:
    """Show each target's state, who was asked and when, and the next step.

    The target to work on next comes first; targets with no answer for --no-answer-days, and
    those that declined, drop down. The csv/json columns are fixed for other trackers:
    position, person_id, name, company, title, degree, state, since, referrer, asked_on,
    referrer_asks, referrer_last_ask, days_waiting, route_score, next_step, referred_by (who
    suggested the target when you met them: log ... met --referred), route_warmth (the score in
    words: warm, lukewarm or cold).
    """
    with open_workspace(ctx) as workspace:
        rows = pipeline(workspace, route_index(workspace), no_answer_days=no_answer_days)
    if output_format == "table":
        _print_pipeline(rows)
        return
    records = [pipeline_record(row, output_format) for row in rows]
    emit(output_format, output, PIPELINE_COLUMNS, records, what=f"{len(records)} targets")


def _print_pipeline(rows: list[PipelineRow]) -> None:
    if not rows:
        echo(
            f"No targets yet: add one ({command('target', 'add', 'PERSON')}) or log a step "
            f"towards one ({command('log', 'PERSON', 'STATUS')})."
        )
        return
    print_table(
        (
            "#",
            "name",
            "company",
            "from",
            "state",
            "since",
            "referrer",
            "asks",
            "score",
            "next step",
        ),
        [
            (
                r.position,
                r.name,
                r.company,
                r.referred_by,
                r.state,
                r.since,
                r.referrer,
                r.referrer_asks or "",
                scored(r.route_score) if r.route_score is not None else "-",
                r.next_step,
            )
            for r in rows
        ],
    )
