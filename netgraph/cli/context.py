"""Opening the workspace a command works on."""

from __future__ import annotations

from pathlib import Path

import click

from netgraph.errors import UsageError
from netgraph.output import terminal_text
from netgraph.workspace import Workspace, resolve_workspace_path


def _chosen(ctx: click.Context) -> str | None:
    root = ctx.find_root()
    return root.obj.get("workspace") if root.obj else None


def workspace_exists(ctx: click.Context) -> bool:
    """Whether the workspace this command would use has been created yet."""
    return resolve_workspace_path(_chosen(ctx)).exists()


def open_workspace(ctx: click.Context, *, create: bool = False) -> Workspace:
    """The workspace chosen by ``--workspace``, ``NETGRAPH_WORKSPACE`` or the default.

    Commands that only read pass ``create=False`` so a typo in a path never leaves an empty
    workspace behind. What the workspace wants the user to hear (file modes it tightened) is
    printed on standard error.
    """
    workspace = Workspace.open(_chosen(ctx), create=create)
    for notice in workspace.notices:
        click.echo(f"Note: {terminal_text(notice)}", err=True)
    return workspace


def check_output_path(ctx: click.Context, output: str) -> None:
    """Refuse to write an export over the workspace itself (or its -wal and -shm files)."""
    workspace = resolve_workspace_path(_chosen(ctx)).resolve()
    chosen = Path(output).resolve()
    protected = {workspace, *(workspace.with_name(workspace.name + s) for s in ("-wal", "-shm"))}
    if chosen in protected:
        raise UsageError(f"{output} is the workspace itself; choose another file for -o")
