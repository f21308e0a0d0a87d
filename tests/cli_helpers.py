"""Running ``netgraph`` in-process from tests."""

from __future__ import annotations

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
