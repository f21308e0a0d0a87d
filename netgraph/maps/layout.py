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

Position = tuple[float, float]

FIRST_RING = 260.0  # radius of the first ring, in vis-network pixels
RING_GAP = 220.0  # space between a ring's outermost band and the next ring
BAND_GAP = 34.0  # space between the bands of one ring
SPACING = 26.0  # wanted distance between neighbours on a band
MAX_BANDS = 6


def radial_layout(
    nodes: Sequence[Hashable],
    ties: Iterable[tuple[Hashable, Hashable, float]],
    centre: Hashable,
    *,
    sort_key: Callable[[Hashable], object] | None = None,
    spacing: float = SPACING,
    max_bands: int = MAX_BANDS,
) -> dict[Hashable, Position]:
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
    present = set(nodes)
    adjacency: dict[Hashable, list[tuple[Hashable, float]]] = {n: [] for n in nodes}
    for a, b, strength in ties:
        if a in present and b in present and a != b:
            adjacency[a].append((b, strength))
            adjacency[b].append((a, strength))
    key = sort_key or (lambda node: str(node))

    # Hops from the centre, and each person's parent: their strongest tie one ring further in.
    ring: dict[Hashable, int] = {centre: 0}
    queue = deque([centre])
    while queue:
        node = queue.popleft()
        for other, _ in adjacency[node]:
            if other not in ring:
                ring[other] = ring[node] + 1
                queue.append(other)
    outer = max(ring.values(), default=0) + 1
    children: dict[Hashable, list[Hashable]] = {n: [] for n in nodes}
    root_children: list[Hashable] = []
    for node in nodes:
        if node == centre:
            continue
        if node not in ring:
            ring[node] = outer
            root_children.append(node)  # unconnected: hung from the centre, drawn outermost
            continue
        parents = [(s, o) for o, s in adjacency[node] if ring.get(o) == ring[node] - 1]
        parent = max(parents, key=lambda item: (item[0], str(key(item[1]))))[1]
        children[parent].append(node)

    # Subtree sizes (leaf counts), computed from the outermost ring inwards.
    weight: dict[Hashable, int] = {}
    for node in sorted(nodes, key=lambda n: -ring[n]):
        weight[node] = max(1, sum(weight[c] for c in children[node]))

    def ordered(kids: list[Hashable]) -> list[Hashable]:
        return sorted(kids, key=lambda n: (str(key(n)), str(n)))

    total = max(1, sum(weight[c] for c in children[centre]) + len(root_children))
    unit = 2 * math.pi / total
    angle: dict[Hashable, float] = {centre: 0.0}
    stack: list[tuple[Hashable, float]] = []
    start = -math.pi / 2
    for child in ordered(children[centre]) + ordered(root_children):
        stack.append((child, start))
        start += weight[child] * unit
    while stack:
        node, begin = stack.pop()
        angle[node] = begin + weight[node] * unit / 2
        inner = begin
        for child in ordered(children[node]):
            stack.append((child, inner))
            inner += weight[child] * unit

    # Radii: each ring is wide enough (over up to MAX_BANDS bands) for its closest neighbours.
    by_ring: dict[int, list[Hashable]] = {}
    for node in nodes:
        if node != centre:
            by_ring.setdefault(ring[node], []).append(node)
    positions: dict[Hashable, Position] = {centre: (0.0, 0.0)}
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
