"""The JSON documents of netgraph's results: each result type's shape, built once, here.

The library returns typed results (frozen dataclasses); the command line and other programs
turn them into JSON with these functions. Field names are a contract (docs/reference.md).
May import every package below the command line.
"""
