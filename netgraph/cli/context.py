"""Opening the workspace a command works on."""

from __future__ import annotations

import click

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
    workspace behind.
    """
    return Workspace.open(_chosen(ctx), create=create)
