"""``netgraph who-can-introduce`` and ``netgraph rank``."""

from __future__ import annotations

import click

from netgraph.cli.context import open_workspace
from netgraph.cli.render import echo, emit, output_options, print_json, print_table
from netgraph.identity.people import Person
from netgraph.routes.cache import route_index
from netgraph.routes.documents import RANK_COLUMNS, introductions_document, rank_records
from netgraph.routes.introductions import (
    DEFAULT_MAX_HOPS,
    IntroductionRoute,
    Introductions,
    introductions_to,
)
from netgraph.routes.model import MAX_HOPS_LIMIT
from netgraph.routes.rank import DEFAULT_RANK_HOPS, RANK_HOPS, RankedPerson, rank_people
from netgraph.routes.warmth import scored
from netgraph.vocabulary import OutputFormat

#: Colleagues named in the table (JSON lists them all).
_COLLEAGUES_SHOWN = 8


def _describe(person: Person) -> str:
    where = ", ".join(part for part in (person.title, person.company) if part)
    return f"{person.name} ({where})" if where else person.name


@click.command("who-can-introduce")
@click.argument("person")
@click.option(
    "--top", type=click.IntRange(1), default=5, show_default=True, help="How many routes."
)
@click.option(
    "--max-hops",
    type=click.IntRange(1, MAX_HOPS_LIMIT),
    default=DEFAULT_MAX_HOPS,
    show_default=True,
    help="Longest route in ties (3 = two people between you and them).",
)
@click.option("--via", help="Only routes through this person.")
@click.option("--avoid", multiple=True, help="Never route through this person (repeatable).")
@click.option(
    "--include-unwilling", is_flag=True, help="Allow people marked unwilling as intermediaries."
)
@click.option(
    "--no-inferred",
    is_flag=True,
    help="No inferred ties: your contacts at their organisation count only with a recorded tie.",
)
@output_options("table", "json", file=False)
@click.pass_context
def who_can_introduce_command(
    ctx: click.Context,
    person: str,
    top: int,
    max_hops: int,
    via: str | None,
    avoid: tuple[str, ...],
    include_unwilling: bool,
    no_inferred: bool,
    output_format: OutputFormat,
) -> None:
    """Rank the routes from you to PERSON: who to ask, and through whom.

    Your first-degree contacts at PERSON's organisation are named, and get a tie to PERSON
    inferred from the shared employer ("inferred: both at Globex"; --no-inferred: not).
    """
    with open_workspace(ctx) as workspace:
        found = introductions_to(
            workspace,
            person,
            top=top,
            max_hops=max_hops,
            via=via,
            avoid=avoid,
            include_unwilling=include_unwilling,
            inferred=not no_inferred,
        )
    if output_format == "json":
        print_json(introductions_document(found))
        return
    _print_routes(found)


def _print_routes(found: Introductions) -> None:
    target = found.target
    heading = _describe(target) + (f", degree {target.degree}" if target.degree else "")
    echo(f"Routes to {heading}")
    if found.first_degree:
        echo(f"{target.name} is your first-degree contact: you can ask them directly.")
    if found.colleagues:
        names = ", ".join(person.name for person in found.colleagues[:_COLLEAGUES_SHOWN])
        more = len(found.colleagues) - _COLLEAGUES_SHOWN
        names += f" and {more} more (--format json lists them)" if more > 0 else ""
        echo(f"Your first-degree contacts at {found.organisation}: {names}")
    if not found.routes:
        echo(f"No route to {target.name} within {found.max_hops} hops.")
        if found.suggestions:
            echo("What would help:")
            for hint in found.suggestions:
                echo(f"  - {hint}")
        return
    echo("One group per person to ask, the best first; each person's routes under them.")
    for route in found.routes:
        if route.rank == 1 or found.routes[route.rank - 2].group != route.group:
            _print_group_heading(route, found)
        hops = "1 hop" if route.hops == 1 else f"{route.hops} hops"
        through = [p.name for p in route.path[2:-1]]
        via = f", then {', '.join(through)}" if through else ""
        echo(f"   #{route.rank} score {scored(route.score)}, {hops}{via}")
        for step in route.steps:
            evidence = "; ".join(step.evidence) or "no evidence recorded"
            echo(f"      {step.source.name} - {step.target.name} ({step.strength:.3f}): {evidence}")


def _print_group_heading(route: IntroductionRoute, found: Introductions) -> None:
    """``1. ask Adaeze Nwosu: 2 routes (1 listed)``: who to ask, and how many of their
    routes the list shows."""
    echo()
    ask = f"ask {route.referrer.name}" if route.referrer else "contact them directly"
    listed = sum(1 for r in found.routes if r.group == route.group)
    routes = "1 route" if route.group_routes == 1 else f"{route.group_routes} routes"
    more = f" ({listed} listed)" if listed < route.group_routes else ""
    echo(f"{route.group}. {ask}: {routes}{more}")


@click.command("rank")
@click.option("--targets", "targets_only", is_flag=True, help="Only your targets.")
@click.option("--company", help="Only people whose company contains this text.")
@click.option("--title", help="Only people whose title contains this text.")
@click.option("--top", type=click.IntRange(1), help="At most this many people.")
@click.option(
    "--max-hops",
    type=click.IntRange(min(RANK_HOPS), max(RANK_HOPS)),
    default=DEFAULT_RANK_HOPS,
    show_default=True,
    help="How far to look.",
)
@output_options("table", "csv", "json", "jsonl")
@click.pass_context
def rank_command(
    ctx: click.Context,
    targets_only: bool,
    company: str | None,
    title: str | None,
    top: int | None,
    max_hops: int,
    output_format: OutputFormat,
    output: str | None,
) -> None:
    """Rank everyone you could be introduced to (not first-degree) by their best route.

    The columns are fixed for spreadsheets and job trackers: name, company, title,
    linkedin_url, email, degree, score, referrer, route, routes_found, person_id, warmth
    (CSV scores to three decimals).
    """
    with open_workspace(ctx) as workspace:
        rows = rank_people(
            workspace,
            targets_only=targets_only,
            company=company,
            title=title,
            top=top,
            max_hops=max_hops,
            index=route_index(workspace),
        )
    if output_format == "table":
        _print_ranking(rows)
        return
    records = rank_records(rows, decimals=3 if output_format == "csv" else None)
    emit(output_format, output, RANK_COLUMNS, records, what=f"{len(rows)} people")


def _print_ranking(rows: list[RankedPerson]) -> None:
    print_table(
        ("#", "name", "company", "title", "deg", "score", "ask", "route"),
        [
            (
                i,
                r.name,
                r.company,
                r.title,
                r.degree,
                scored(r.score) if r.score is not None else "-",
                r.referrer,
                r.route,
            )
            for i, r in enumerate(rows, 1)
        ],
    )
