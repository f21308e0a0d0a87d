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
_PASSES = 4
_CHUNK = 1 << 18


def crossings(
    xy: FloatArray, ends: IntArray, radius: FloatArray, clearance: float = CLEARANCE
) -> tuple[IntArray, IntArray, FloatArray]:
    """Every (tie, person) where the tie's line passes within ``radius + clearance`` of a person
    it does not join: tie numbers, people, and the point of the line nearest each person."""
    found_ties, found_people, found_points = [], [], []
    n = len(xy)
    per_chunk = max(1, _CHUNK // max(n, 1))
    for start in range(0, len(ends), per_chunk):
        part = ends[start : start + per_chunk]
        a, b = xy[part[:, 0]], xy[part[:, 1]]
        d = b - a
        length2 = np.maximum((d * d).sum(axis=1), 1e-12)
        rel = xy[None, :, :] - a[:, None, :]
        t = np.clip((rel * d[:, None, :]).sum(axis=2) / length2[:, None], 0.0, 1.0)
        nearest = a[:, None, :] + t[:, :, None] * d[:, None, :]
        gap = np.hypot(*(xy[None, :, :] - nearest).transpose(2, 0, 1))
        close = gap < (radius[None, :] + clearance)
        people = np.arange(n)[None, :]
        close &= (people != part[:, 0:1]) & (people != part[:, 1:2])
        tie, person = np.nonzero(close)
        found_ties.append(tie + start)
        found_people.append(person)
        found_points.append(nearest[tie, person])
    if not found_ties:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty((0, 2))
    return (
        np.concatenate(found_ties).astype(np.int64),
        np.concatenate(found_people).astype(np.int64),
        np.concatenate(found_points),
    )


#: Curves tried, in order, for a tie whose straight line crosses someone: vis-network's
#: ``curvedCW`` and ``curvedCCW`` with these roundnesses.
CURVES = tuple((kind, r) for r in (0.25, 0.45, 0.7, 1.0) for kind in ("curvedCW", "curvedCCW"))
_SAMPLES = np.linspace(0.0, 1.0, 33)


def curve_via(a: FloatArray, b: FloatArray, kind: str, roundness: float) -> FloatArray:
    """The control point vis-network gives a ``curvedCW``/``curvedCCW`` edge from ``a`` to
    ``b`` (its ``_getViaCoordinates``): the edge is the quadratic Bezier a, via, b."""
    dx, dy = b[0] - a[0], a[1] - b[1]
    length = float(np.hypot(dx, dy))
    turn = 0.5 * roundness + 0.5 if kind == "curvedCW" else -0.5 * roundness + 0.5
    angle = (np.arctan2(dy, dx) + turn * np.pi) % (2 * np.pi)
    reach = (0.5 * roundness + 0.5) * length
    return np.array((a[0] + reach * np.sin(angle), a[1] + reach * np.cos(angle)))


def curve_points(a: FloatArray, b: FloatArray, via: FloatArray | None) -> FloatArray:
    """Points along a tie's line (straight when ``via`` is None)."""
    t = _SAMPLES[:, None]
    if via is None:
        return a + t * (b - a)
    return (1 - t) ** 2 * a + 2 * t * (1 - t) * via + t**2 * b


def _crosses(points: FloatArray, xy: FloatArray, radius: FloatArray, ends: IntArray) -> bool:
    """Whether a line through ``points`` passes too near anyone but its two ends."""
    low, high = points.min(axis=0), points.max(axis=0)
    reach = radius + CLEARANCE
    near = np.flatnonzero(
        (xy[:, 0] + reach > low[0]) & (xy[:, 0] - reach < high[0])
        & (xy[:, 1] + reach > low[1]) & (xy[:, 1] - reach < high[1])
    )  # fmt: skip
    near = near[(near != ends[0]) & (near != ends[1])]
    if not len(near):
        return False
    # distance from each person to each piece of the line
    a, b = points[:-1], points[1:]
    d = b - a
    length2 = np.maximum((d * d).sum(axis=1), 1e-12)
    rel = xy[near][:, None, :] - a[None, :, :]
    t = np.clip((rel * d[None, :, :]).sum(axis=2) / length2[None, :], 0.0, 1.0)
    nearest = a[None, :, :] + t[:, :, None] * d[None, :, :]
    gap = np.hypot(*(xy[near][:, None, :] - nearest).transpose(2, 0, 1)).min(axis=1)
    return bool(np.any(gap < reach[near]))


def curve_around(xy: FloatArray, ends: IntArray, radius: FloatArray) -> tuple[str, float] | None:
    """The first curve of :data:`CURVES` on which a tie crosses nobody (None: none does)."""
    a, b = xy[ends[0]], xy[ends[1]]
    for kind, roundness in CURVES:
        points = curve_points(a, b, curve_via(a, b, kind, roundness))
        if not _crosses(points, xy, radius, ends):
            return kind, roundness
    return None


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
    curves: dict[int, tuple[str, float]] = {}
    for _ in range(_PASSES):
        ties, people, points = crossings(xy, ends, radius)
        if not len(ties):
            return xy, drawn, curves
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
    for tie in np.unique(ties).tolist():
        curve = curve_around(xy, ends[tie], radius)
        if curve is not None:
            curves[tie] = curve
        elif not keep[tie]:
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
