"""Maps that do not mislead: no tie drawn across a person it does not join, no label over
another label or a person.

Ties are straight lines between the positions :mod:`netgraph.maps.layout` chose. A line that
passes over a third person reads as if it went through them (Maya, Ravi and Kim on one line make
the Kim-Omar tie look like Maya knowing Kim), so :func:`clear_ties` moves such people off the
line, a few passes until no line crosses anyone; a tie that still does after that (a crowded map)
is left out, unless it is on a route. :func:`shown_labels` then keeps the labels that overlap no
other label and no person, most important people first; the others show on hover and in the
panel. Both work in the page's own units (vis-network pixels at zoom 1), so what they promise
holds at every zoom.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from netgraph.maps.select import MapSelection

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Room left between a tie's line and a person it does not join, beyond their radius.
CLEARANCE = 3.0
#: Room left around a label.
LABEL_MARGIN = 3.0
#: Width of one character of a label, as a share of its font size (a generous average, so
#: a label is never wider on the page than here), and the height of one line.
CHAR_WIDTH = 0.62
LINE_HEIGHT = 1.3
# vis-network draws a dot's label this far below its shape.
LABEL_GAP = 3.0
_PASSES = 2
_PIECE = 64  # segments checked together


def _segment_hits(
    xy: FloatArray, a: FloatArray, b: FloatArray, ends: IntArray, radius: FloatArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """Every (segment, person) where the segment ``a[i] - b[i]`` passes within ``radius +
    CLEARANCE`` of a person other than its tie's two ``ends[i]``, and the nearest point.

    Segments are taken in pieces of neighbours (sorted by where their middles are), each
    checked only against the people inside the piece's bounding box."""
    reach = radius + CLEARANCE
    middle = (a + b) / 2
    order = np.lexsort((middle[:, 1], np.floor(middle[:, 0] / 300.0)))
    found: list[tuple[IntArray, IntArray, FloatArray]] = []
    for start in range(0, len(order), _PIECE):
        part = order[start : start + _PIECE]
        pa, pb = a[part], b[part]
        low = np.minimum(pa, pb).min(axis=0) - reach.max()
        high = np.maximum(pa, pb).max(axis=0) + reach.max()
        near = np.flatnonzero(
            (xy[:, 0] >= low[0]) & (xy[:, 0] <= high[0])
            & (xy[:, 1] >= low[1]) & (xy[:, 1] <= high[1])
        )  # fmt: skip
        if not len(near):
            continue
        people = xy[near]
        d = pb - pa
        length2 = np.maximum((d * d).sum(axis=1), 1e-12)
        rel = people[None, :, :] - pa[:, None, :]
        t = np.clip((rel * d[:, None, :]).sum(axis=2) / length2[:, None], 0.0, 1.0)
        nearest = pa[:, None, :] + t[:, :, None] * d[:, None, :]
        gap = np.hypot(*(people[None, :, :] - nearest).transpose(2, 0, 1))
        close = gap < reach[near][None, :]
        close &= (near[None, :] != ends[part, 0:1]) & (near[None, :] != ends[part, 1:2])
        segment, person = np.nonzero(close)
        found.append((part[segment], near[person], nearest[segment, person]))
    if not found:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty((0, 2))
    return (
        np.concatenate([f[0] for f in found]).astype(np.int64),
        np.concatenate([f[1] for f in found]).astype(np.int64),
        np.concatenate([f[2] for f in found]),
    )


def crossings(
    xy: FloatArray, ends: IntArray, radius: FloatArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """Every (tie, person) where the tie's straight line passes within ``radius + CLEARANCE``
    of a person it does not join: tie numbers, people, and the point of the line nearest
    each person."""
    return _segment_hits(xy, xy[ends[:, 0]], xy[ends[:, 1]], ends, radius)


#: Curves tried, in order, for a tie whose straight line crosses someone: vis-network's
#: ``curvedCW`` and ``curvedCCW`` with these roundnesses.
CURVES = tuple((kind, r) for r in (0.25, 0.45, 0.7, 1.0) for kind in ("curvedCW", "curvedCCW"))
_SAMPLES = np.linspace(0.0, 1.0, 33)


def curve_via(a: FloatArray, b: FloatArray, kind: str, roundness: float) -> FloatArray:
    """The control points vis-network gives ``curvedCW``/``curvedCCW`` edges from ``a[i]`` to
    ``b[i]`` (its ``_getViaCoordinates``): each edge is the quadratic Bezier a, via, b."""
    dx, dy = b[:, 0] - a[:, 0], a[:, 1] - b[:, 1]
    length = np.hypot(dx, dy)
    turn = 0.5 * roundness + 0.5 if kind == "curvedCW" else -0.5 * roundness + 0.5
    angle = (np.arctan2(dy, dx) + turn * np.pi) % (2 * np.pi)
    reach = (0.5 * roundness + 0.5) * length
    return np.stack((a[:, 0] + reach * np.sin(angle), a[:, 1] + reach * np.cos(angle)), axis=1)


def curves_around(
    xy: FloatArray, ends: IntArray, radius: FloatArray, ties: IntArray
) -> dict[int, tuple[str, float]]:
    """For each of ``ties``, the first curve of :data:`CURVES` that crosses nobody (ties
    for which none does are left out)."""
    found: dict[int, tuple[str, float]] = {}
    left = np.asarray(ties, dtype=np.int64)
    t = _SAMPLES[None, :, None]
    pieces = len(_SAMPLES) - 1
    for kind, roundness in CURVES:
        if not len(left):
            break
        a, b = xy[ends[left, 0]], xy[ends[left, 1]]
        via = curve_via(a, b, kind, roundness)
        points = (1 - t) ** 2 * a[:, None] + 2 * t * (1 - t) * via[:, None] + t**2 * b[:, None]
        starts = points[:, :-1].reshape(-1, 2)
        stops = points[:, 1:].reshape(-1, 2)
        owner = np.repeat(np.arange(len(left)), pieces)
        hit, _, _ = _segment_hits(xy, starts, stops, ends[left][owner], radius)
        crossing = np.zeros(len(left), dtype=bool)
        crossing[owner[hit]] = True
        for tie in left[~crossing].tolist():
            found[tie] = (kind, roundness)
        left = left[crossing]
    return found


def clear_ties(
    xy: FloatArray,
    ends: IntArray,
    radius: FloatArray,
    fixed: npt.NDArray[np.bool_],
    keep: npt.NDArray[np.bool_],
) -> tuple[FloatArray, npt.NDArray[np.bool_], dict[int, tuple[str, float]]]:
    """Positions with nobody on a tie they do not join, which ties are drawn, and the curve of
    each tie drawn curved.

    ``ends`` holds each tie's two people (row numbers of ``xy``); ``fixed`` people never move
    (the user); ties with ``keep`` set (routes) are always drawn. A person on a line moves
    away from it (when the person is fixed, the tie's two ends move instead), a few passes;
    a tie that still crosses someone is drawn as the first curve that crosses nobody, or
    left out when none does (a route's tie is kept as it is).
    """
    xy = xy.astype(np.float64).copy()
    drawn = np.ones(len(ends), dtype=bool)
    for _ in range(_PASSES):
        ties, people, points = crossings(xy, ends, radius)
        if not len(ties):
            return xy, drawn, {}
        need = radius[people] + CLEARANCE * 1.5
        away = xy[people] - points
        length = np.hypot(away[:, 0], away[:, 1])
        line = xy[ends[ties, 1]] - xy[ends[ties, 0]]
        normal = np.stack((-line[:, 1], line[:, 0]), axis=1)
        normal /= np.maximum(np.hypot(normal[:, 0], normal[:, 1]), 1e-9)[:, None]
        direction = np.where(
            length[:, None] > 1e-6, away / np.maximum(length, 1e-9)[:, None], normal
        )
        step = (need - length)[:, None] * direction
        shift = np.zeros_like(xy)
        movable = ~fixed[people]
        np.add.at(shift, people[movable], step[movable])
        # A fixed person on a line: move the line's two ends away instead.
        for column in (0, 1):
            others = ends[ties[~movable], column]
            np.add.at(shift, others, -step[~movable])
        shift[fixed] = 0.0
        xy += shift
    ties, _, _ = crossings(xy, ends, radius)
    crossing = np.unique(ties)
    curves = curves_around(xy, ends, radius, crossing)
    for tie in crossing.tolist():
        if tie not in curves and not keep[tie]:
            drawn[tie] = False
    return xy, drawn, curves


def label_size(text: str, font_size: float) -> tuple[float, float]:
    """The width and height a label takes at most on the page."""
    lines = text.split("\n") or [""]
    width = max(len(line) for line in lines) * CHAR_WIDTH * font_size
    return width + 2 * LABEL_MARGIN, len(lines) * LINE_HEIGHT * font_size + 2 * LABEL_MARGIN


def shown_labels(
    xy: FloatArray,
    radius: FloatArray,
    texts: Sequence[str],
    font_sizes: Sequence[float],
) -> npt.NDArray[np.bool_]:
    """Which labels to draw: in the given order (most important first), each label that
    overlaps no label already kept and no person. A label sits centred under its person."""
    n = len(xy)
    shown = np.zeros(n, dtype=bool)
    boxes = np.zeros((n, 4))  # left, top, right, bottom of the labels kept
    kept = 0
    for i in range(n):
        width, height = label_size(texts[i], font_sizes[i])
        top = xy[i, 1] + radius[i] + LABEL_GAP - LABEL_MARGIN
        box = np.array((xy[i, 0] - width / 2, top, xy[i, 0] + width / 2, top + height))
        if kept:
            others = boxes[:kept]
            if np.any(
                (others[:, 0] < box[2])
                & (box[0] < others[:, 2])
                & (others[:, 1] < box[3])
                & (box[1] < others[:, 3])
            ):
                continue
        # the nearest point of the box to each person's centre
        nx = np.clip(xy[:, 0], box[0], box[2])
        ny = np.clip(xy[:, 1], box[1], box[3])
        inside = np.hypot(xy[:, 0] - nx, xy[:, 1] - ny) < radius
        inside[i] = False
        if inside.any():
            continue
        shown[i] = True
        boxes[kept] = box
        kept += 1
    return shown


def _radius(node: Mapping[str, Any]) -> float:
    """How far from its centre a person's shape reaches on the page (stars and diamonds reach a
    little beyond their size)."""
    size = float(node["size"]) * (1.0 if node["shape"] == "dot" else 1.2)
    return size + float(node["borderWidth"])


def declutter(selection: MapSelection, nodes: list[dict[str, Any]], number: dict[int, int]) -> None:
    """Move people off the ties they do not join, and leave out the ties that still cross
    someone (never a route's): :func:`clear_ties`."""
    if not selection.ties:
        return
    xy = np.array([(n["x"], n["y"]) for n in nodes], dtype=np.float64)
    ends = np.array([(number[t.a], number[t.b]) for t in selection.ties], dtype=np.int64)
    radius = np.array([_radius(n) for n in nodes])
    fixed = np.array([bool(n.get("fixed")) for n in nodes])
    keep = np.array([bool(t.routes) for t in selection.ties])
    xy, drawn, curves = clear_ties(xy, ends, radius, fixed, keep)
    for node, (x, y) in zip(nodes, xy.tolist(), strict=True):
        node["x"], node["y"] = round(x, 1), round(y, 1)
    for i, tie in enumerate(selection.ties):
        tie.curve = curves.get(i)
    selection.ties = [t for t, shown in zip(selection.ties, drawn.tolist(), strict=True) if shown]


def hide_crowded_labels(nodes: list[dict[str, Any]], details: list[dict[str, Any]]) -> None:
    """Keep the labels that cover no other label and no person, the user's and the most
    relevant people's first (:func:`shown_labels`); the others show in
    the tooltip and the panel."""
    xy = np.array([(n["x"], n["y"]) for n in nodes], dtype=np.float64).reshape(-1, 2)
    radius = np.array([_radius(n) for n in nodes])
    texts = [d.get("label", d["name"]) for d in details]
    sizes = [float(n["font"]["size"]) for n in nodes]
    for detail, shown in zip(details, shown_labels(xy, radius, texts, sizes).tolist(), strict=True):
        if not shown:
            detail["hideLabel"] = True


def readable_centre(nodes: list[dict[str, Any]]) -> None:
    """On a map too wide for a name to show at the first view (the page fits the whole map),
    the user's name grows with the map, so it reads at every zoom (the space around the
    centre is empty: no label or person is covered)."""
    extent = max((max(abs(n["x"]), abs(n["y"])) for n in nodes), default=0.0) * 2
    for node in nodes:
        if node.get("fixed"):
            node["font"] = {**node["font"], "size": round(max(34.0, extent / 45), 1)}
