"""Commands about people: ``me``, ``people``, ``show``, ``referrer`` and ``forget``."""

from __future__ import annotations

import click

from netgraph.cli.context import open_workspace, workspace_exists
from netgraph.cli.render import deliver, echo, emit, output_options, print_table
from netgraph.errors import UsageError
from netgraph.identity.documents import (
    decision_document,
    person_document,
    person_with_ties_document,
)
from netgraph.identity.forget import forget_person
from netgraph.identity.people import (
    Person,
    list_people,
    me_id,
    person_by_id,
    resolve_person,
    set_me,
    set_willingness,
)
from netgraph.identity.repair import Decision, decisions_of
from netgraph.output import json_text, terminal_text
from netgraph.routes.upkeep import rebuild_route_index
from netgraph.suggest import command as suggest_command
from netgraph.ties.describe import person_ties
from netgraph.ties.documents import removed_tie_document
from netgraph.ties.stated import removed_ties
from netgraph.vocabulary import OutputFormat

PEOPLE_CSV_COLUMNS = (
    "id",
    "name",
    "company",
    "title",
    "emails",
    "linkedin_url",
    "willingness",
    "degree",
    "sources",
)


def _sources_text(person: Person) -> str:
    parts = []
    for source in person.sources:
        whose = "owner of" if source.role == "owner" else "in"
        owner = f" ({source.owner})" if source.owner and source.role != "owner" else ""
        where = f", {source.locator}" if source.locator else ""  # the line or card it came from
        parts.append(f"{whose} {source.label}{where}{owner}")
    return "; ".join(parts)


@click.command()
@click.argument("name", required=False)
@click.option("--email", "emails", multiple=True, help="Your email address (repeatable).")
@click.option("--linkedin", "linkedin_url", help="Your LinkedIn profile URL.")
@click.option("--phone", "phones", multiple=True, help="Your phone number (repeatable).")
@click.option("--region", default="US", show_default=True, help="Country for local phone numbers.")
@click.option("--title", help='Your job title, for your card (netgraph card); "" clears it.')
@click.option("--company", help='Your company, for your card (netgraph card); "" clears it.')
@output_options("table", "json", file=False)
@click.pass_context
def me(
    ctx: click.Context,
    name: str | None,
    emails: tuple[str, ...],
    linkedin_url: str | None,
    phones: tuple[str, ...],
    region: str,
    title: str | None,
    company: str | None,
    output_format: OutputFormat,
) -> None:
    """Say who you are (or, without NAME, show it).

    Your email and LinkedIn URL let netgraph recognise you in exports friends share with you;
    your title and company go on your card. Once you have said your name, options without
    NAME add to what netgraph knows: netgraph me --title "Data analyst".
    """
    updating = any((emails, linkedin_url, phones, title is not None, company is not None))
    if name is None and not workspace_exists(ctx):
        if updating:
            raise UsageError('say your name first: netgraph me "Your Name" ...')
        echo('You have not said who you are yet: netgraph me "Your Name" --email ...')
        return
    with open_workspace(ctx, create=name is not None) as workspace:
        if name is not None or updating:
            with workspace.transaction():
                set_me(
                    workspace,
                    name,
                    emails=emails,
                    linkedin_url=linkedin_url,
                    phones=phones,
                    region=region.upper(),
                    title=title,
                    company=company,
                )
        person_id = me_id(workspace)
        if person_id is None:
            echo('You have not said who you are yet: netgraph me "Your Name" --email ...')
            return
        you = person_by_id(workspace, person_id)
    if output_format == "json":
        deliver(json_text(person_document(you)) + "\n", None, what="you")
        return
    echo(f"You are {you.name} (#{you.id}).")
    for label, value in (
        ("title", you.title),
        ("company", you.company),
        ("emails", ", ".join(you.emails)),
        ("phones", ", ".join(you.phones)),
        ("LinkedIn", you.linkedin_url),
    ):
        if value:
            echo(f"  {label}: {value}")


@click.command()
@click.argument("search", required=False)
@click.option("--degree", type=click.IntRange(1, 3), help="Only people at this distance from you.")
@click.option("--limit", type=click.IntRange(1), help="At most this many people.")
@output_options("table", "csv", "json", file=False)
@click.pass_context
def people(
    ctx: click.Context,
    search: str | None,
    degree: int | None,
    limit: int | None,
    output_format: OutputFormat,
) -> None:
    """List people, nearest first; SEARCH filters by name, company, title, email or URL."""
    with open_workspace(ctx) as workspace:
        found = list_people(workspace, search, degree=degree, limit=limit)
    if output_format == "json":
        emit(output_format, None, (), [person_document(p) for p in found], what="the people")
    elif output_format == "csv":
        emit(output_format, None, PEOPLE_CSV_COLUMNS, [_csv_record(p) for p in found])
    else:
        print_table(
            ("id", "name", "company", "title", "degree", "willing", "sources"),
            [
                (p.id, p.name, p.company, p.title, p.degree, p.willingness, len(p.sources))
                for p in found
            ],
        )
        echo(f"{len(found)} people")


def _csv_record(person: Person) -> dict[str, object]:
    """A person as a row of ``people --format csv``."""
    return {
        "id": person.id,
        "name": person.name,
        "company": person.company,
        "title": person.title,
        "emails": "; ".join(person.emails),
        "linkedin_url": person.linkedin_url,
        "willingness": person.willingness,
        "degree": person.degree,
        "sources": _sources_text(person),
    }


@click.command()
@click.argument("person")
@output_options("table", "json", file=False)
@click.pass_context
def show(ctx: click.Context, person: str, output_format: OutputFormat) -> None:
    """Show a person: where they came from, and every tie with its evidence and strength."""
    with open_workspace(ctx) as workspace:
        person_id = resolve_person(workspace, person)
        assert person_id is not None
        details = person_by_id(workspace, person_id)
        ties = person_ties(workspace, person_id)
        removed = removed_ties(workspace, person_id)
        decisions = decisions_of(workspace, person_id)
    if output_format == "json":
        document = person_with_ties_document(details, ties)
        document["removed_ties"] = [removed_tie_document(tie) for tie in removed]
        document["decisions"] = [decision_document(d) for d in decisions]
        deliver(json_text(document) + "\n", None, what=details.name)
        return
    echo(f"#{details.id} {details.name}")
    for label, value in (
        ("before the name", details.name_prefix),
        ("after the name", details.name_suffix),
        ("title", details.title),
        ("company", details.company),
        ("degree", details.degree if not details.is_me else "you"),
        ("willingness", details.willingness),
        ("emails", ", ".join(details.emails)),
        ("phones", ", ".join(details.phones)),
        ("LinkedIn", details.linkedin_url),
        ("sources", _sources_text(details)),
    ):
        if value not in (None, ""):
            echo(f"  {label}: {value}")
    if ties:
        print_table(
            ("strength", "knows", "evidence"),
            [
                (f"{t.strength:.2f}", "you" if t.is_me else t.name, "\n".join(t.evidence))
                for t in ties
            ],
        )
    if removed:
        print_table(
            ("does not know", "your note", "imported evidence not counted"),
            [("you" if t.is_me else t.name, t.note, "\n".join(t.withheld)) for t in removed],
            title="Ties you removed",
        )
    _print_decisions(decisions)


def _print_decisions(decisions: list[Decision]) -> None:
    """Your word on who the person is (merge, split, edit), with how to take it back."""
    for decision in decisions:
        if decision.undone:
            echo(f"  your word, taken back: {decision.summary} (decision {decision.id})")
        else:
            undo = suggest_command("undo", decision.id)
            echo(f"  your word: {decision.summary} (decision {decision.id}; undo: {undo})")


@click.command()
@click.argument("person")
@click.option(
    "--willing", "willingness", flag_value="willing", help="They will make introductions."
)
@click.option("--unknown", "willingness", flag_value="unknown", help="You do not know yet.")
@click.option(
    "--unwilling", "willingness", flag_value="unwilling", help="Never route through them."
)
@click.pass_context
def referrer(ctx: click.Context, person: str, willingness: str | None) -> None:
    """Say whether PERSON is willing to introduce you to people they know."""
    if willingness is None:
        raise click.UsageError("say one of --willing, --unknown or --unwilling")
    with open_workspace(ctx) as workspace, workspace.transaction():
        person_id = resolve_person(workspace, person)
        assert person_id is not None
        set_willingness(workspace, person_id, willingness)
        name = person_by_id(workspace, person_id).name
    echo(f"{name} is now marked {willingness}.")


@click.command()
@click.argument("person")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def forget(ctx: click.Context, person: str, yes: bool) -> None:
    """Erase PERSON completely: their details, ties and every raw record they came from."""
    with open_workspace(ctx) as workspace:
        person_id = resolve_person(workspace, person)
        assert person_id is not None
        name = person_by_id(workspace, person_id).name
        if not yes:
            click.confirm(
                f"Forget {terminal_text(name)} (#{person_id}) and everything about them?",
                abort=True,
            )
        with workspace.deferring_degrees():  # read off the rebuilt index instead
            forgotten = forget_person(workspace, person_id)
        rebuild_route_index(workspace)
    waiting = forgotten.waiting_targets
    targets = ""
    if waiting:
        targets = f", and {waiting} waiting target{'s' if waiting != 1 else ''} naming them"
    echo(
        f"Forgot #{person_id}: {forgotten.records} raw records, {forgotten.identities} identity "
        f"keys and {forgotten.edges} ties removed{targets}. Maps or exports you wrote earlier "
        "still contain them, and importing a file that lists them brings them back."
    )
    if not forgotten.purged:
        echo(
            "Another netgraph process is using the workspace, so old copies of the erased rows "
            "may remain in its write-ahead log until you run forget again or it closes."
        )
