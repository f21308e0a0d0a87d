"""Changing a route index in place of rebuilding it, and everyone's degree from the user.

An import that adds thirty thousand ties to a workspace of ten million should not read the ten
million back: :func:`patch_index` takes the saved index and the ties whose strength changed
(or that are gone), and gives the index a rebuild would give, in a few passes over its arrays.
:func:`degrees_from` reads everyone's distance from the user off an index, so the degrees an
import stores come from the same arrays.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from netgraph.routes.index import FloatArray, IntArray, RouteIndex
from netgraph.routes.model import willingness_code

#: Degree of people more than :data:`MAX_DEGREE` ties away, or not reachable at all.
NO_DEGREE = -1
MAX_DEGREE = 3
_LOW = np.int64(0xFFFFFFFF)


def patch_index(
    old: RouteIndex,
    size: int,
    ties: IntArray,
    strengths: FloatArray,
    people: list[tuple[int, str | None]],
) -> RouteIndex:
    """The index ``old`` with the given ties and people as they are now.

    ``ties`` are keys ``a << 32 | b`` (``a < b``, ascending, no repeats) of every tie that
    changed, with its strength now in ``strengths`` (0 where the tie is gone); ``people`` are
    ``(id, willingness or None when gone)`` of everyone added, removed or given another
    willingness; ``size`` is the largest person id + 1 now. Every other tie and person must be
    as ``old`` has them.

    Each changed entry is found in its row by binary search; the arrays are then copied once,
    in blocks, with the stale entries left out and the present ones put in, in order: no sort
    and no per-entry mask over the arrays, however large.
    """
    rows, cols, values = _both_directions(ties, strengths)
    if len(rows) and int(rows[-1]) >= max(size, old.size):
        raise ValueError("a tie of someone beyond the index's size: the change log is incomplete")
    at = np.full(len(rows), len(old.indices), dtype=np.int64)  # new rows go at the end
    stored = np.zeros(len(rows), dtype=bool)
    known = rows < old.size
    at[known], stored[known] = old.entry_positions(rows[known], cols[known])
    present = values > 0
    indices, weights = _splice(
        (old.indices, old.strengths),
        at[stored],  # ascending: the entries come in the index's own order
        at[present],
        (cols[present].astype(np.int32), values[present]),
    )
    lengths = np.zeros(max(size, old.size), dtype=np.int64)
    lengths[: old.size] = np.diff(old.indptr)
    lengths -= np.bincount(rows[stored], minlength=len(lengths))
    lengths += np.bincount(rows[present], minlength=len(lengths))
    if lengths[size:].any():
        raise ValueError("ties of someone removed are left: the change log is incomplete")
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(lengths[:size], out=indptr[1:])
    return RouteIndex(
        indptr=indptr,
        indices=indices,
        strengths=weights,
        willingness=_patched_willingness(old.willingness, size, people),
    )


def _splice(
    arrays: tuple[npt.NDArray[np.int32], FloatArray],
    removed: IntArray,
    at: IntArray,
    inserted: tuple[npt.NDArray[np.int32], FloatArray],
) -> tuple[npt.NDArray[np.int32], FloatArray]:
    """Parallel ``arrays`` without their entries at positions ``removed`` (ascending), with the
    entries of ``inserted`` put before the entries at positions ``at`` (non-decreasing; the
    length of the arrays: at the end), in their order.

    The copy goes block by block between the positions changed, so it costs one ``memcpy`` of
    the arrays and a step per changed position (``np.insert`` and ``np.delete`` build a mask
    over every entry: five times slower at twenty million entries).
    """
    cuts = np.union1d(removed, at)
    if not len(cuts):
        return np.array(arrays[0]), np.array(arrays[1])
    skips = np.zeros(len(cuts), dtype=np.int64)
    skips[np.searchsorted(cuts, removed)] = 1
    resumes = cuts + skips  # where the copy goes on after each cut
    blocks = list(
        zip(
            [0, *resumes[:-1].tolist()],
            cuts.tolist(),
            np.searchsorted(at, cuts, "left").tolist(),
            np.searchsorted(at, cuts, "right").tolist(),
            strict=True,
        )
    )
    tail = int(resumes[-1])
    indices, strengths = arrays
    new_indices, new_strengths = inserted
    return (
        np.concatenate(
            [part for s, c, lo, hi in blocks for part in (indices[s:c], new_indices[lo:hi])]
            + [indices[tail:]]
        ),
        np.concatenate(
            [part for s, c, lo, hi in blocks for part in (strengths[s:c], new_strengths[lo:hi])]
            + [strengths[tail:]]
        ),
    )


def _both_directions(
    ties: IntArray, strengths: FloatArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """Each tie as its two entries (``a → b`` and ``b → a``): rows, columns and strengths,
    in the index's order (by row, then column)."""
    a, b = ties >> 32, ties & _LOW
    rows, cols = np.concatenate((a, b)), np.concatenate((b, a))
    order = np.lexsort((cols, rows))
    return rows[order], cols[order], np.concatenate((strengths, strengths))[order]


def _patched_willingness(
    old: npt.NDArray[np.int8], size: int, people: list[tuple[int, str | None]]
) -> npt.NDArray[np.int8]:
    willingness = np.full(size, willingness_code("unknown"), dtype=np.int8)
    common = min(size, len(old))
    willingness[:common] = old[:common]
    for person, value in people:
        if person < size:
            willingness[person] = willingness_code(value or "unknown")
    return willingness


def degrees_from(index: RouteIndex, me: int | None) -> npt.NDArray[np.int8]:
    """Everyone's distance in ties from ``me`` (0 for ``me``), up to :data:`MAX_DEGREE`;
    :data:`NO_DEGREE` beyond it, when unreachable, or for everyone when ``me`` is None."""
    degrees = np.full(index.size, NO_DEGREE, dtype=np.int8)
    if me is None or not 0 <= me < index.size:
        return degrees
    degrees[me] = 0
    row_lengths = np.diff(index.indptr)
    frontier = np.zeros(index.size, dtype=bool)
    frontier[me] = True
    for degree in range(1, MAX_DEGREE + 1):
        # The neighbours of the frontier: the entries of its rows (one pass, no positions).
        neighbours = np.asarray(index.indices)[np.repeat(frontier, row_lengths)]
        frontier = np.zeros(index.size, dtype=bool)
        frontier[neighbours] = True
        frontier &= degrees == NO_DEGREE
        if not frontier.any():
            break
        degrees[frontier] = degree
    return degrees
