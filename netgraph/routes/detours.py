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
    went on through ``b``). Pairs ``a, b`` are read among each person's own ties.
    """
    nodes = np.asarray(nodes, dtype=np.int64)
    degrees = index.indptr[nodes + 1] - index.indptr[nodes]
    row = np.repeat(np.arange(len(nodes)), degrees)
    _, around, strengths = index.gather(nodes)
    firsts = np.flatnonzero(first_carried[around] > 0)
    seconds = np.flatnonzero(second_carried[around] > 0)
    count_a = np.bincount(row[firsts], minlength=len(nodes))
    count_b = np.bincount(row[seconds], minlength=len(nodes))
    pairs = count_a * count_b
    total = int(pairs.sum())
    if not total:
        return np.zeros(len(nodes), dtype=np.int64)
    group = np.repeat(np.arange(len(nodes)), pairs)
    within = np.arange(total) - np.repeat(np.cumsum(pairs) - pairs, pairs)
    start_a = np.cumsum(count_a) - count_a
    start_b = np.cumsum(count_b) - count_b
    at_a = firsts[start_a[group] + within // count_b[group]]
    at_b = seconds[start_b[group] + within % count_b[group]]
    a, b = around[at_a], around[at_b]
    tied, a_to_b = index.ties_between(a, b)
    tied &= a != b
    factor_b = index.factors(b, include_unwilling=include_unwilling)
    skips_to_target = strengths[at_a] >= a_to_b * factor_b * strengths[at_b] * _AT_LEAST
    skips_to_b = first_degree[b] & (direct[b] >= first_carried[a] * a_to_b * _AT_LEAST)
    counted = tied & skips_to_target & ~skips_to_b
    found: IntArray = np.bincount(group[counted], minlength=len(nodes)).astype(np.int64)
    return found
