"""netgraph: turn the contacts you already have into a graph of warm introductions.

The command line (``netgraph``) is a thin layer over this library: open a
:class:`~netgraph.workspace.Workspace`, import files with :mod:`netgraph.ingest.apply`, and query
people with :mod:`netgraph.identity.people`.
"""

__version__ = "0.1.0"
