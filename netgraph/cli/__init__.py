"""The ``netgraph`` command: a thin layer over the library.

Each command opens the workspace, calls one library function and prints its result. Every
foreseeable failure is a :class:`netgraph.errors.NetgraphError`, printed here as one
``Error: ...`` line with the exit code of its class (see ``docs/reference.md``).
"""

from __future__ import annotations

from typing import Any

import click

from netgraph import __version__
from netgraph.errors import NetgraphError
from netgraph.output import terminal_text


class NetgraphGroup(click.Group):
    """A click group that turns netgraph errors into one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NetgraphError as exc:
            click.echo(f"Error: {terminal_text(exc)}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=NetgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--workspace",
    "-w",
    type=click.Path(dir_okay=True, path_type=str),
    envvar="NETGRAPH_WORKSPACE",
    help="Workspace file (default: your user data directory; env: NETGRAPH_WORKSPACE).",
)
@click.version_option(__version__, prog_name="netgraph")
@click.pass_context
def cli(ctx: click.Context, workspace: str | None) -> None:
    """Find who can introduce you to whom, from the contacts you already have."""
    source = ctx.get_parameter_source("workspace")
    ctx.obj = {
        "workspace": workspace,
        "workspace_given": source == click.core.ParameterSource.COMMANDLINE,
    }


def _register() -> None:
    from netgraph.cli import (
        demo_cmd,
        export_cmds,
        import_cmds,
        info_cmd,
        people_cmds,
        routes_cmds,
        target_cmds,
    )

    cli.add_command(import_cmds.import_group)
    cli.add_command(target_cmds.target_group)
    cli.add_command(export_cmds.export_group)
    for command in (
        people_cmds.me,
        people_cmds.people,
        people_cmds.show,
        people_cmds.referrer,
        people_cmds.forget,
        info_cmd.info,
        routes_cmds.who_can_introduce_command,
        routes_cmds.rank_command,
        demo_cmd.demo,
    ):
        cli.add_command(command)


_register()


def main() -> None:
    """Entry point of the ``netgraph`` console script."""
    cli(prog_name="netgraph")
