"""Interactive network maps: one self-contained, offline HTML page per map (vis-network).

Owns choosing what a map shows, laying it out and writing the page (:func:`write_map`).
May import the base modules, workspace, ties, identity and routes.
"""

from __future__ import annotations

from netgraph.maps.render import MapSummary, write_map

__all__ = ["MapSummary", "write_map"]
