"""Interactive network maps: one self-contained, offline HTML page per map (vis-network).

Owns choosing what a map shows, laying it out and drawing the page (:func:`draw_map`).
May import the base modules, workspace, ties, identity and routes.
"""

from __future__ import annotations

from netgraph.maps.render import MapPage, MapSummary, draw_map, write_map

__all__ = ["MapPage", "MapSummary", "draw_map", "write_map"]
