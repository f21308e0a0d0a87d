"""Where each person goes on a map: a radial tree around the user, computed in Python.

Rings are hops from the user on the drawn ties. Each person hangs under their strongest tie
one ring further in, and every subtree gets an angular wedge in proportion to its size, so
friends-of-friends sit just outside the friend who knows them instead of in a hairball. A ring
too crowded for its circumference staggers its people over a few bands. The cost is linear in
people and ties, so the page can start with physics off however big the map is.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Position = tuple[float, float]
N = TypeVar("N", bound=Hashable)

FIRST_RING = 260.0  # radius of the first ring, in vis-network pixels
RING_GAP = 220.0  # space between a ring's outermost band and the next ring
BAND_GAP = 34.0  # space between the bands of one ring
SPACING = 26.0  # wanted distance between neighbours on a band
MAX_BANDS = 6


def radial_layout(
    nodes: Sequence[N],
    ties: Iterable[tuple[N, N, float]],
    centre: N,
    *,
    sort_key: Callable[[N], object] | None = None,
    spacing: float = SPACING,
    max_bands: int = MAX_BANDS,
) -> dict[N, Position]:
    """Positions for ``nodes``: ``centre`` at (0, 0), everyone else on rings by hops from it.

    ``ties`` are ``(a, b, strength)``; people not connected to ``centre`` go on an outer ring.
    ``sort_key`` orders siblings (for example by company, so colleagues sit together);
    ``spacing`` is the distance wanted between neighbours on a ring (more when labels show),
    over at most ``max_bands`` bands per ring.

    >>> positions = radial_layout(["me", "a", "b"], [("me", "a", 0.5), ("a", "b", 0.5)], "me")
    >>> positions["me"]
    (0.0, 0.0)
    >>> round(math.hypot(*positions["a"])) < round(math.hypot(*positions["b"]))
    True
    """
    key: Callable[[N], object] = sort_key or str
    tree = _Tree.of(nodes, _adjacency(nodes, ties), centre, key)
    angles = _angles(tree, lambda kids: sorted(kids, key=lambda n: (str(key(n)), str(n))))
    return _on_rings(tree, angles, spacing=spacing, max_bands=max_bands)


def _adjacency(
    nodes: Sequence[N], ties: Iterable[tuple[N, N, float]]
) -> dict[N, list[tuple[N, float]]]:
    """Each node's ties among ``nodes``, with their strengths (ties to oneself left out)."""
    present = set(nodes)
    adjacency: dict[N, list[tuple[N, float]]] = {n: [] for n in nodes}
    for a, b, strength in ties:
        if a in present and b in present and a != b:
            adjacency[a].append((b, strength))
            adjacency[b].append((a, strength))
    return adjacency


@dataclass
class _Tree(Generic[N]):
    """Hops from the centre (``ring``), and the tree that hangs each node from its strongest
    tie one ring further in (``children``); nodes not connected to the centre hang from it
    (``loose``) on the outermost ring."""

    nodes: Sequence[N]
    centre: N
    ring: dict[N, int]
    children: dict[N, list[N]]
    loose: list[N]

    @classmethod
    def of(
        cls,
        nodes: Sequence[N],
        adjacency: dict[N, list[tuple[N, float]]],
        centre: N,
        key: Callable[[N], object],
    ) -> _Tree[N]:
        ring: dict[N, int] = {centre: 0}
        queue = deque([centre])
        while queue:
            node = queue.popleft()
            for other, _ in adjacency[node]:
                if other not in ring:
                    ring[other] = ring[node] + 1
                    queue.append(other)
        outer = max(ring.values(), default=0) + 1
        children: dict[N, list[N]] = {n: [] for n in nodes}
        loose: list[N] = []
        for node in nodes:
            if node == centre:
                continue
            if node not in ring:
                ring[node] = outer
                loose.append(node)
                continue
            parents = [(s, o) for o, s in adjacency[node] if ring.get(o) == ring[node] - 1]
            parent = max(parents, key=lambda item: (item[0], str(key(item[1]))))[1]
            children[parent].append(node)
        return cls(nodes, centre, ring, children, loose)

    def leaves(self) -> dict[N, int]:
        """Subtree sizes (leaf counts), computed from the outermost ring inwards."""
        weight: dict[N, int] = {}
        for node in sorted(self.nodes, key=lambda n: -self.ring[n]):
            weight[node] = max(1, sum(weight[c] for c in self.children[node]))
        return weight


def _angles(tree: _Tree[N], ordered: Callable[[list[N]], list[N]]) -> dict[N, float]:
    """Each node's angle: every subtree gets a wedge in proportion to its leaves, and each
    node sits in the middle of its own wedge; siblings go in ``ordered`` order."""
    weight = tree.leaves()
    total = max(1, sum(weight[c] for c in tree.children[tree.centre]) + len(tree.loose))
    unit = 2 * math.pi / total
    angle: dict[N, float] = {tree.centre: 0.0}
    stack: list[tuple[N, float]] = []
    start = -math.pi / 2
    for child in ordered(tree.children[tree.centre]) + ordered(tree.loose):
        stack.append((child, start))
        start += weight[child] * unit
    while stack:
        node, begin = stack.pop()
        angle[node] = begin + weight[node] * unit / 2
        inner = begin
        for child in ordered(tree.children[node]):
            stack.append((child, inner))
            inner += weight[child] * unit
    return angle


def _on_rings(
    tree: _Tree[N], angle: dict[N, float], *, spacing: float, max_bands: int
) -> dict[N, Position]:
    """Positions at each node's angle; each ring is wide enough (over up to ``max_bands``
    bands) for its closest neighbours to be ``spacing`` apart."""
    by_ring: dict[int, list[N]] = {}
    for node in tree.nodes:
        if node != tree.centre:
            by_ring.setdefault(tree.ring[node], []).append(node)
    positions: dict[N, Position] = {tree.centre: (0.0, 0.0)}
    radius = max(FIRST_RING, spacing * 1.5)
    for level in sorted(by_ring):
        members = sorted(by_ring[level], key=lambda n: angle[n])
        gaps = [
            (angle[b] - angle[a]) % (2 * math.pi) or 2 * math.pi
            for a, b in zip(members, members[1:] + members[:1], strict=True)
        ]
        smallest = max(min(gaps), 1e-9) if len(members) > 1 else 2 * math.pi
        bands = 1
        while bands < max_bands and radius * smallest * bands < spacing:
            bands += 1
        if radius * smallest * bands < spacing:
            radius = spacing / (smallest * bands)
        for i, node in enumerate(members):
            r = radius + (i % bands) * BAND_GAP
            x, y = r * math.cos(angle[node]), r * math.sin(angle[node])
            positions[node] = (round(x, 1), round(y, 1))
        radius += (bands - 1) * BAND_GAP + RING_GAP
    return positions
