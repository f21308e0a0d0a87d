"""Route counts without pointless detours, for the layered search (:mod:`netgraph.routes.reach`).

The layered search counts every route of two or three ties from the user to each person who is
not first-degree. A two-tie route ``me - a - t`` can skip nobody (``me - t`` does not exist), but
a three-tie route ``me - a - b - t`` is a pointless detour (``docs/scoring.md``) when

1. ``b`` is first-degree and ``me - b`` is at least as warm as ``me - a - b`` (then
   ``me - b - t`` scores at least as high, whoever ``t`` is), or
2. ``a`` knows ``t`` and ``a - t`` is at least as warm as ``a - b - t`` (then ``me - a - t``
   does).

The first depends only on ``a`` and ``b``: :func:`detours_through_first_degree` counts them
once, before the third layer, so they never reach anyone's count. The second depends on the
person reached: :func:`detours_to` counts them for the people a ranking lists, from their own
ties only.
"""

from __future__ import annotations

import numpy as np

from netgraph.routes.index import FloatArray, IntArray, RouteIndex
from netgraph.routes.model import DOMINATION_TOLERANCE

_AT_LEAST = 1 - DOMINATION_TOLERANCE


def detours_through_first_degree(
    index: RouteIndex,
    source: int,
    nodes: IntArray,
    carried: FloatArray,
    direct: FloatArray,
    first_degree: np.ndarray,
) -> FloatArray:
    """For each first-degree ``b``: how many two-tie routes ``source - a - b`` (``a`` among
    ``nodes``, carrying ``carried[a]`` = strength times factor) are no warmer than the direct
    tie ``direct[b]``: every longer route through them is a pointless detour (rule 1)."""
    owners, neighbours, strengths = index.gather(nodes)
    keep = first_degree[neighbours] & (neighbours != source)
    owners, neighbours, strengths = owners[keep], neighbours[keep], strengths[keep]
    skipped = direct[neighbours] >= carried[owners] * strengths * _AT_LEAST
    counts: FloatArray = np.bincount(neighbours[skipped], minlength=index.size).astype(np.float64)
    return counts


def detours_to(
    index: RouteIndex,
    nodes: IntArray,
    *,
    first_carried: FloatArray,
    second_carried: FloatArray,
    direct: FloatArray,
    first_degree: np.ndarray,
    include_unwilling: bool,
) -> IntArray:
    """For each of ``nodes`` (not first-degree): how many three-tie routes ``me - a - b - t``
    the layered search counted that skip to ``me - a - t`` (rule 2, and not already rule 1).

    ``first_carried[a]`` is what ``a`` carried into the second layer (0: not a first-degree
    intermediary) and ``second_carried[b]`` what ``b`` carried into the third (0: no route
    went on through ``b``). For each person ``t`` and each first-degree ``a`` who knows them,
    the people ``b`` who know both are read along the shorter of the two neighbour lists, and
    looked up in the other by binary search: the work is the sum of the shorter lists.
    """
    nodes = np.asarray(nodes, dtype=np.int64)
    degrees = index.indptr[nodes + 1] - index.indptr[nodes]
    row = np.repeat(np.arange(len(nodes)), degrees)
    _, around, strengths = index.gather(nodes)
    firsts = np.flatnonzero(first_carried[around] > 0)
    pair_row, a, a_to_t = row[firsts], around[firsts], strengths[firsts]
    t = nodes[pair_row]
    along_a = (index.indptr[a + 1] - index.indptr[a]) <= degrees[pair_row]
    counted = np.zeros(len(nodes), dtype=np.int64)
    for from_a in (True, False):
        pick = np.flatnonzero(along_a == from_a)
        if not len(pick):
            continue
        ends = a[pick] if from_a else t[pick]
        owners = np.repeat(np.arange(len(pick)), index.indptr[ends + 1] - index.indptr[ends])
        _, b, read = index.gather(ends)
        pair = pick[owners]
        if from_a:  # read: a - b; look up b - t in t's row
            a_to_b = read
            tied, b_to_t = index.ties_between(t[pair], b)
        else:  # read: t - b; look up a - b in a's row
            b_to_t = read
            tied, a_to_b = index.ties_between(a[pair], b)
        tied &= (second_carried[b] > 0) & (b != a[pair])
        factor_b = index.factors(b, include_unwilling=include_unwilling)
        skips_to_target = a_to_t[pair] >= a_to_b * factor_b * b_to_t * _AT_LEAST
        skips_to_b = first_degree[b] & (direct[b] >= first_carried[a[pair]] * a_to_b * _AT_LEAST)
        hit = tied & skips_to_target & ~skips_to_b
        counted += np.bincount(pair_row[pair[hit]], minlength=len(nodes))
    return counted
