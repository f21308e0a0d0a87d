"""The workspace: the SQLite file, its migrations, and every SQL statement netgraph runs.

Owns the connection, transactions and the tables' queries, grouped by the tables they read.
May import only netgraph's base modules (errors, text).
"""

from netgraph.workspace.location import default_workspace_path, resolve_workspace_path
from netgraph.workspace.store import Workspace

__all__ = ["Workspace", "default_workspace_path", "resolve_workspace_path"]
