"""Printing results: tables on a terminal, CSV and JSON for other programs, one writer for both.

Every command that prints a result takes the same two options (:func:`output_options`):
``--format`` among the formats it offers, and ``-o/--output FILE``. :func:`emit` and
:func:`deliver` are the only places that print a result or write it to a file.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

import click

from netgraph.cli.context import check_output_path
from netgraph.errors import UsageError
from netgraph.files import write_private_file
from netgraph.output import csv_text, json_line, json_text, terminal_text
from netgraph.vocabulary import GraphFormat, OutputFormat

F = TypeVar("F", bound=Callable[..., Any])
OUTPUT_HELP = "Write to this file instead of printing (created private to you)."
_FORMAT_HELP = {
    "table": "a table for you",
    "csv": "CSV for spreadsheets",
    "json": "JSON",
    "jsonl": "JSON Lines",
    "ics": "an iCalendar file",
    "graphml": "GraphML for Gephi and networkx",
    "gexf": "GEXF for Gephi",
}


def output_options(
    *formats: OutputFormat | GraphFormat,
    default: OutputFormat | GraphFormat = "table",
    file: bool = True,
) -> Callable[[F], F]:
    """The shared ``--format`` (one of ``formats``: of results, or of the graph export) and
    ``-o/--output`` options of a command.

    Before the command runs, an output file that is the workspace itself is refused, and so is
    a table written to a file (tables are for the terminal).
    """

    def decorate(command: F) -> F:
        @functools.wraps(command)
        def checked(*args: Any, **kwargs: Any) -> Any:
            output = kwargs.get("output")
            if output:
                check_output_path(click.get_current_context(), output)
                if kwargs.get("output_format") == "table":
                    *others, last = [f for f in formats if f != "table"]
                    choice = f"{', '.join(others)} or {last}" if others else last
                    raise UsageError(f"--output needs --format {choice}")
            return command(*args, **kwargs)

        wrapped: Any = checked
        if file:
            wrapped = click.option(
                "-o", "--output", type=click.Path(dir_okay=False), help=OUTPUT_HELP
            )(wrapped)
        choices = "; ".join(f"{f}: {_FORMAT_HELP[f]}" for f in formats)
        wrapped = click.option(
            "--format",
            "output_format",
            type=click.Choice(list(formats)),
            default=default,
            show_default=True,
            help=f"Output format ({choices}).",
        )(wrapped)
        return cast(F, wrapped)

    return decorate


def records_text(
    output_format: OutputFormat, columns: Sequence[str], records: Sequence[Mapping[str, object]]
) -> str:
    """Records as CSV (``columns`` in order), JSON (a list) or JSON Lines."""
    if output_format == "csv":
        return csv_text(columns, [[record[c] for c in columns] for record in records])
    if output_format == "jsonl":
        return "".join(json_line(record) + "\n" for record in records)
    return json_text(list(records)) + "\n"


def emit(
    output_format: OutputFormat,
    output: str | None,
    columns: Sequence[str],
    records: Sequence[Mapping[str, object]],
    *,
    what: str = "the results",
) -> None:
    """Print records for programs, or write them to ``output`` (``what`` names them)."""
    deliver(records_text(output_format, columns, records), output, what=what)


def deliver(content: str | bytes, output: str | None, *, what: str) -> None:
    """Print ``content`` on standard output, or write it to ``output`` and say so."""
    if output:
        write_private_file(output, content)
        echo(f"Wrote {what} to {output}")
    else:
        click.echo(content, nl=False)  # bytes go to the binary stream as they are


def print_table(
    columns: Sequence[str], rows: Sequence[Sequence[object]], *, title: str | None = None
) -> None:
    """Print rows as a table; every cell is shown as plain text, never as markup."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(terminal_text(title)) if title else None, show_lines=False)
    for column in columns:
        table.add_column(Text(column), overflow="fold")
    for row in rows:
        table.add_row(*(Text(terminal_text("" if cell is None else cell)) for cell in row))
    Console(soft_wrap=False).print(table)


def echo(text: object = "") -> None:
    """Print one line of text that may contain contact data."""
    click.echo(terminal_text(text))


def error_line(error: BaseException, *, flag: str | None = None) -> str:
    """``Error: ...`` on exactly one line: line breaks in a file name or a value show as ``\\n``.

    ``flag`` is the command-line option the error is about, named before the message.

    >>> error_line(ValueError("a\\nb.csv: the file is empty"))
    'Error: a\\\\nb.csv: the file is empty'
    >>> error_line(ValueError("the hop limit is 1 to 4"), flag="--max-hops")
    'Error: --max-hops: the hop limit is 1 to 4'
    """
    text = str(error).replace("\r", "\\r").replace("\n", "\\n")
    return f"Error: {flag + ': ' if flag else ''}{terminal_text(text)}"


def print_csv(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a spreadsheet-safe CSV document."""
    click.echo(csv_text(columns, rows), nl=False)


def print_json(document: object) -> None:
    """Print strict JSON."""
    click.echo(json_text(document))
