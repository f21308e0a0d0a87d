"""Running ``netgraph`` in-process from tests."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner, Result

from netgraph.cli import cli


def run(*args: object) -> Result:
    """Run ``netgraph ARGS`` in-process, on a wide terminal so table cells are not wrapped."""
    return CliRunner(env={"COLUMNS": "300"}).invoke(cli, [str(arg) for arg in args])


def ok(*args: object) -> Result:
    """Run ``netgraph ARGS`` and check it succeeded."""
    result = run(*args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def run_in(workspace: Path, *args: object) -> Result:
    """``netgraph --workspace WORKSPACE ARGS`` on a terminal wide enough for one line per row."""
    return CliRunner(env={"COLUMNS": "3000"}).invoke(
        cli, ["--workspace", str(workspace), *(str(a) for a in args)]
    )


def ok_in(workspace: Path, *args: object) -> Result:
    """:func:`run_in` and check it succeeded."""
    result = run_in(workspace, *args)
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result


def one_line_error(result: Result, pattern: str = r".+", *, code: int = 3) -> str:
    """A clean failure: the exit code, no traceback, exactly one ``Error: ...`` line on stderr
    matching ``pattern``; returns that line."""
    assert result.exit_code == code, (result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.strip().splitlines() if not line.startswith("Note:")]
    assert len(lines) == 1, result.stderr
    assert re.fullmatch(r"Error: " + pattern, lines[0]), lines[0]
    return lines[0]
