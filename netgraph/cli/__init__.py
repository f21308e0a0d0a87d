"""The ``netgraph`` command: a thin layer over the library.

Each command opens the workspace, calls one library function and prints its result. Every
foreseeable failure is a :class:`netgraph.errors.NetgraphError`, printed here as one
``Error: ...`` line with the exit code of its class (see ``docs/reference.md``).
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import click

from netgraph import __version__
from netgraph.cli.render import error_line
from netgraph.errors import NetgraphError, UsageError
from netgraph.text import MAX_TEXT_CHARS

# Each command's module is imported only when that command runs, so a quick query does not
# pay for libraries other commands need (networkx and polars take a third of a second each).
LAZY_COMMANDS = {
    "me": "netgraph.cli.people_cmds:me",
    "import": "netgraph.cli.import_cmds:import_group",
    "people": "netgraph.cli.people_cmds:people",
    "show": "netgraph.cli.people_cmds:show",
    "referrer": "netgraph.cli.people_cmds:referrer",
    "forget": "netgraph.cli.people_cmds:forget",
    "undo-import": "netgraph.cli.undo_cmd:undo_import_command",
    "tie": "netgraph.cli.tie_cmd:tie_command",
    "info": "netgraph.cli.info_cmd:info",
    "who-can-introduce": "netgraph.cli.routes_cmds:who_can_introduce_command",
    "rank": "netgraph.cli.routes_cmds:rank_command",
    "target": "netgraph.cli.target_cmds:target_group",
    "export": "netgraph.cli.export_cmds:export_group",
    "map": "netgraph.cli.map_cmd:map_command",
    "demo": "netgraph.cli.demo_cmd:demo",
    "log": "netgraph.cli.outreach_cmds:log_command",
    "pipeline": "netgraph.cli.outreach_cmds:pipeline_command",
    "ask": "netgraph.cli.ask_cmds:ask_command",
    "prep": "netgraph.cli.ask_cmds:prep_command",
    "templates": "netgraph.cli.ask_cmds:templates_command",
    "followups": "netgraph.cli.followup_cmds:followups_command",
    "card": "netgraph.cli.followup_cmds:card_command",
    "thank": "netgraph.cli.ask_cmds:thank_command",
    "next": "netgraph.cli.next_cmd:next_command",
    "duplicates": "netgraph.cli.duplicates_cmd:duplicates_command",
    "merge": "netgraph.cli.repair_cmds:merge_command",
    "split": "netgraph.cli.repair_cmds:split_command",
    "edit": "netgraph.cli.repair_cmds:edit_command",
    "undo": "netgraph.cli.repair_cmds:undo_command",
    "why": "netgraph.cli.repair_cmds:why_command",
}


class NetgraphGroup(click.Group):
    """The top-level group: loads commands lazily and turns netgraph errors into one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = LAZY_COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Every name, note or company a user types arrives as an argument: one check here
        # bounds them all (a 100,000-character name would be printed everywhere).
        for place, arg in enumerate(args):
            if len(arg) > MAX_TEXT_CHARS and not ctx.resilient_parsing:
                before = args[place - 1] if place else ""
                if arg.startswith("--") and "=" in arg[:64]:
                    what = arg.partition("=")[0]
                elif before.startswith("-"):
                    what = before
                else:
                    what = "an argument"
                error = UsageError(f"{what} is longer than {MAX_TEXT_CHARS:,} characters")
                click.echo(error_line(error), err=True)
                ctx.exit(error.exit_code)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NetgraphError as exc:
            flag = self._flag_for(ctx, getattr(exc, "option", None))
            click.echo(error_line(exc, flag=flag), err=True)
            ctx.exit(exc.exit_code)

    def _flag_for(self, ctx: click.Context, option: str | None) -> str | None:
        """The flag of the invoked command whose parameter is ``option`` (``--max-hops``)."""
        if option is None or ctx.invoked_subcommand is None:
            return None
        command = self.get_command(ctx, ctx.invoked_subcommand)
        commands = [command] if command is not None else []
        if isinstance(command, click.Group):
            commands += list(command.commands.values())
        for each in commands:
            for param in each.params:
                if param.name == option and isinstance(param, click.Option):
                    return max(param.opts, key=len)
        return None


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


def main() -> None:
    """Entry point of the ``netgraph`` console script."""
    # numpy asks Linux for transparent huge pages for every array of 4 MB or more, and reads
    # this once, when first imported. netgraph's commands make and drop arrays of hundreds of
    # MB; the kernel zeroing fresh huge pages for them made rank --company at L twice as slow
    # (docs/performance.md, "Huge pages"). A value the user set stands.
    os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
    cli(prog_name="netgraph")
