"""The embedded SQLite workspace: where netgraph keeps people, edges and their evidence."""

from netgraph.workspace.location import default_workspace_path, resolve_workspace_path
from netgraph.workspace.store import Workspace

__all__ = ["Workspace", "default_workspace_path", "resolve_workspace_path"]
