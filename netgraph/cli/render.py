"""Printing results: tables on a terminal, CSV and JSON for other programs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from netgraph.output import csv_text, json_text, terminal_text

FORMATS_TABLE_CSV_JSON = ("table", "csv", "json")
F = TypeVar("F", bound=Callable[..., Any])


def format_option(choices: Sequence[str] = FORMATS_TABLE_CSV_JSON) -> Callable[[F], F]:
    """The shared ``--format`` option."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default="table",
        show_default=True,
        help="Output format: a table for people, csv/json for other programs.",
    )


def print_table(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], *, title: str | None = None
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


def error_line(error: BaseException) -> str:
    """``Error: ...`` on exactly one line: line breaks in a file name or a value show as ``\\n``.

    >>> error_line(ValueError("a\\nb.csv: the file is empty"))
    'Error: a\\\\nb.csv: the file is empty'
    """
    text = str(error).replace("\r", "\\r").replace("\n", "\\n")
    return f"Error: {terminal_text(text)}"


def print_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print a spreadsheet-safe CSV document."""
    click.echo(csv_text(columns, rows), nl=False)


def print_json(document: Any) -> None:
    """Print strict JSON."""
    click.echo(json_text(document))
