"""Opening the workspace a command works on."""

from __future__ import annotations

import click

from netgraph.workspace import Workspace


def open_workspace(ctx: click.Context, *, create: bool = False) -> Workspace:
    """The workspace chosen by ``--workspace``, ``NETGRAPH_WORKSPACE`` or the default.

    Commands that only read pass ``create=False`` so a typo in a path never leaves an empty
    workspace behind.
    """
    root = ctx.find_root()
    chosen = root.obj.get("workspace") if root.obj else None
    return Workspace.open(chosen, create=create)
