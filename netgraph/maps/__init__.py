"""Interactive network maps: one self-contained, offline HTML page per map (vis-network).

:func:`write_map` writes a map of a workspace (the demo ends with one).
"""

from __future__ import annotations

from netgraph.maps.render import MapSummary, write_map

__all__ = ["MapSummary", "write_map"]
