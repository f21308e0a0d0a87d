"""What users would otherwise do, measured side by side with netgraph on the same data.

Three ways to find the best warm-introduction route with a general graph library, and two plain
ways to read a LinkedIn ``Connections.csv``. The benchmark runner (``benchmarks/bench.py``)
imports this module; every route baseline answers the same question as
``netgraph.routes.search.find_routes``: the best score over simple paths of at most
``max_hops`` ties from ``source`` to each target, where (docs/scoring.md)::

    score(route) = prod(strength of each tie) * prod(factor of each intermediary)

with factor 1.0 for willing, 0.6 for unknown and 0 for unwilling intermediaries (never used).
Every baseline must give the same best score as netgraph for every query it finishes.

- :func:`networkx_yen`: what the scripts on GitHub do: the whole network in networkx, Yen's
  algorithm (``shortest_simple_paths``) on ``-log(strength)``, the hop limit applied as a
  filter, stopped early when no later path can win, and given up after ``cap_seconds``.
- :func:`rustworkx_paths`: rustworkx's ``all_simple_paths`` bounded by ``cutoff``, every path
  scored, the best kept.
- :func:`scipy_csgraph`: a CSR matrix of the ties and an exact hop-bounded search built from
  sparse row slices and column reductions (see its docstring).

``load_network`` reads the workspace into numpy arrays once; each baseline's ``load_seconds`` is
only the time to build its library's graph from those arrays.
"""

from __future__ import annotations

import csv
import math
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from netgraph.routes import reference

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: The intermediary factor of each willingness, as docs/scoring.md states it: from netgraph's
#: reference model (plain Python, no code shared with the fast search), so the comparison also
#: checks netgraph.
FACTORS = reference.FACTORS
#: The most ties a route may have in netgraph (``--max-hops`` 1 to 4).
MAX_HOPS_LIMIT = 4
_CHUNK = 1_000_000


@dataclass
class QueryResult:
    """One target's answer from one approach."""

    target: int
    seconds: float
    #: None when the query hit the time cap; 0.0 when no route exists within the hop limit.
    best_score: float | None
    finished: bool
    #: The best route found (source first), when the approach reports one.
    path: tuple[int, ...] | None = None


@dataclass
class BaselineResult:
    """One approach's answers for a list of targets."""

    name: str  # "networkx-yen", "rustworkx-all-simple-paths", "scipy-csgraph", "netgraph"
    load_seconds: float  # building the library's graph from the arrays
    queries: list[QueryResult]
    notes: str = ""

    @property
    def best(self) -> dict[int, float | None]:
        """Best score by target (None where the query did not finish)."""
        return {q.target: q.best_score for q in self.queries}

    @property
    def finished_queries(self) -> list[QueryResult]:
        """The queries that finished within the cap."""
        return [q for q in self.queries if q.finished]


@dataclass
class Network:
    """A workspace's ties and willingness as numpy arrays (person id = array position).

    ``a[i] - b[i]`` is a tie of ``strength[i]``; ``factor[p]`` is person ``p``'s intermediary
    factor (0: never an intermediary, also for ids that are not people).
    """

    a: IntArray
    b: IntArray
    strength: FloatArray
    factor: FloatArray
    read_seconds: float = 0.0
    _keys: IntArray | None = field(default=None, repr=False)
    _key_strengths: FloatArray | None = field(default=None, repr=False)

    @property
    def size(self) -> int:
        """Number of id slots (largest person id + 1)."""
        return len(self.factor)

    @property
    def edges(self) -> int:
        """Number of ties."""
        return len(self.a)

    def tie_strengths(self, u: npt.ArrayLike, v: npt.ArrayLike) -> FloatArray:
        """Strength of each tie ``u[i] - v[i]`` (0.0 where there is no such tie)."""
        if self._keys is None or self._key_strengths is None:
            keys = np.minimum(self.a, self.b) * self.size + np.maximum(self.a, self.b)
            order = np.argsort(keys)
            self._keys, self._key_strengths = keys[order], self.strength[order]
        u_arr = np.asarray(u, dtype=np.int64)
        v_arr = np.asarray(v, dtype=np.int64)
        wanted = np.minimum(u_arr, v_arr) * self.size + np.maximum(u_arr, v_arr)
        if not len(self._keys):
            return np.zeros(wanted.shape, dtype=np.float64)
        at = np.minimum(np.searchsorted(self._keys, wanted), len(self._keys) - 1)
        found: FloatArray = np.where(self._keys[at] == wanted, self._key_strengths[at], 0.0)
        return found

    def route_score(self, path: Sequence[int]) -> float:
        """The documented score of a path (``netgraph.routes.reference.route_score``).

        Returns 0.0 if the path is not simple, uses a missing tie or an unwilling intermediary.
        """
        nodes = [int(p) for p in path]
        if len(nodes) < 2 or len(set(nodes)) != len(nodes):
            return 0.0
        strengths = [float(s) for s in self.tie_strengths(nodes[:-1], nodes[1:])]
        factors = [float(self.factor[p]) for p in nodes[1:-1]]
        return reference.route_score(strengths, factors)


def load_network(conn: sqlite3.Connection) -> Network:
    """Read the ties (a, b, strength) and people (id, willingness) of a workspace, once."""
    started = time.perf_counter()
    people = conn.execute("SELECT id, willingness FROM people").fetchall()
    size = max((int(pid) for pid, _ in people), default=0) + 1
    factor = np.zeros(size, dtype=np.float64)
    if people:
        ids = np.fromiter((pid for pid, _ in people), dtype=np.int64, count=len(people))
        factor[ids] = [FACTORS.get(w or "unknown", FACTORS["unknown"]) for _, w in people]
    cursor = conn.execute("SELECT a, b, strength FROM edges")
    parts = []
    while rows := cursor.fetchmany(_CHUNK):
        parts.append(np.array(rows, dtype=np.float64).reshape(-1, 3))
    ties = np.concatenate(parts) if parts else np.empty((0, 3), dtype=np.float64)
    return Network(
        a=ties[:, 0].astype(np.int64),
        b=ties[:, 1].astype(np.int64),
        strength=np.ascontiguousarray(ties[:, 2]),
        factor=factor,
        read_seconds=time.perf_counter() - started,
    )


def open_network(path: Path) -> Network:
    """:func:`load_network` on the workspace file at ``path`` (opened read-only)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return load_network(conn)
    finally:
        conn.close()


def _check_hops(max_hops: int, limit: int | None = None) -> None:
    if max_hops < 1 or (limit is not None and max_hops > limit):
        raise ValueError(f"max_hops must be between 1 and {limit or 'any'}")


# --- (a) networkx: Yen's k shortest simple paths --------------------------------------------


def networkx_yen(
    network: Network,
    source: int,
    targets: list[int],
    *,
    max_hops: int = 3,
    cap_seconds: float = 10.0,
) -> BaselineResult:
    """The usual script: networkx plus Yen's algorithm on cost ``-log(strength)``.

    ``nx.shortest_simple_paths(G, source, target, weight="cost")`` yields simple paths by
    rising cost, that is by falling product of tie strengths. Each path longer than
    ``max_hops`` or through an unwilling intermediary is skipped; the others are scored with the
    willingness factors. Since factors are at most 1, a path's strength product bounds its
    score, so the search stops at the first path whose strength product cannot beat the best
    score found: the answer is exact. It gives up after ``cap_seconds`` (checked between
    paths, so one Yen step may overrun it; the measured time is reported as it is), and the
    query then has ``best_score`` None and ``finished`` False. Yen knows nothing of the hop
    limit, so a target whose only routes within the limit are weak (or which has none) makes it
    walk through every longer, stronger path first.
    """
    import networkx as nx

    _check_hops(max_hops)
    started = time.perf_counter()
    G = nx.Graph()
    G.add_edges_from(
        (u, v, {"cost": -math.log(s), "strength": s})
        for u, v, s in zip(
            network.a.tolist(), network.b.tolist(), network.strength.tolist(), strict=True
        )
    )
    factor = network.factor.tolist()
    load_seconds = time.perf_counter() - started
    queries = []
    for target in targets:
        started = time.perf_counter()
        found = 0.0
        best_path: tuple[int, ...] | None = None
        finished = True
        if source != target and source in G and target in G:
            try:
                for path in nx.shortest_simple_paths(G, source, target, weight="cost"):
                    if time.perf_counter() - started > cap_seconds:
                        finished = False
                        break
                    ceiling = math.prod(G.edges[u, v]["strength"] for u, v in pairwise(path))
                    if found and ceiling <= found:
                        break  # paths come by falling strength product: none can beat `found`
                    if len(path) - 1 > max_hops:
                        # Yen yields by cost, not hops: a longer path can come before a
                        # shorter, better-scoring one, so keep going.
                        continue
                    factors = [factor[p] for p in path[1:-1]]
                    if not all(factors):
                        continue  # an unwilling intermediary
                    score = ceiling * math.prod(factors)
                    if score > found:
                        found, best_path = score, tuple(path)
            except nx.NetworkXNoPath:
                pass
        seconds = time.perf_counter() - started
        queries.append(
            QueryResult(
                target=target,
                seconds=seconds,
                best_score=found if finished else None,
                finished=finished,
                path=best_path if finished else None,
            )
        )
    capped = [q.seconds for q in queries if not q.finished]
    notes = (
        f"networkx {nx.__version__}: shortest_simple_paths (Yen) on -log(strength), hop "
        f"limit {max_hops} as a filter, stopped when the strength product of the next path "
        f"cannot beat the best score; cap {cap_seconds:g} s per query, checked between paths"
    )
    if capped:
        notes += (
            f"; {len(capped)} of {len(queries)} queries gave up at the cap (longest "
            f"{max(capped):.1f} s: a Yen step cannot be interrupted)"
        )
    return BaselineResult(
        name="networkx-yen",
        load_seconds=load_seconds,
        queries=queries,
        notes=notes,
    )


# --- (b) rustworkx: all simple paths up to a cutoff -----------------------------------------


def rustworkx_paths(
    network: Network,
    source: int,
    targets: list[int],
    *,
    max_hops: int = 3,
    cap_seconds: float = 10.0,
) -> BaselineResult:
    """rustworkx ``all_simple_paths`` with a depth cutoff, then score every path.

    Node ``i`` of the ``PyGraph`` is person ``i``. ``all_simple_paths``'s ``min_depth`` and
    ``cutoff`` count *nodes*, not ties (checked on a small graph: ``cutoff=4`` returns paths of
    up to 3 ties, ``cutoff=3`` only up to 2), so the call is
    ``all_simple_paths(G, source, target, min_depth=2, cutoff=max_hops + 1)``. The paths come
    back as one list; they are scored in numpy by length (tie strengths looked up in a sorted
    key array built with the graph, factors by person id), paths through an unwilling
    intermediary score 0, and the best is kept.

    The cap cannot interrupt the search: ``all_simple_paths`` is one blocking call into Rust
    that returns every path at once. A query whose total time exceeds ``cap_seconds`` is
    reported as not finished (``best_score`` None) with its real, longer time, so it compares
    with the other baselines' capped queries without hiding the overrun.
    """
    import rustworkx as rx

    _check_hops(max_hops)
    started = time.perf_counter()
    G = rx.PyGraph()
    G.add_nodes_from(range(network.size))
    G.add_edges_from(
        list(zip(network.a.tolist(), network.b.tolist(), network.strength.tolist(), strict=True))
    )
    network.tie_strengths([], [])  # builds the sorted tie keys used to score paths
    load_seconds = time.perf_counter() - started
    queries = []
    overruns: list[float] = []
    for target in targets:
        started = time.perf_counter()
        found, best_path = 0.0, None
        if source != target and 0 <= source < network.size and 0 <= target < network.size:
            paths = rx.all_simple_paths(G, source, target, min_depth=2, cutoff=max_hops + 1)
            found, best_path = _best_of_paths(network, paths)
        seconds = time.perf_counter() - started
        finished = seconds <= cap_seconds
        if not finished:
            overruns.append(seconds)
        queries.append(
            QueryResult(
                target=target,
                seconds=seconds,
                best_score=found if finished else None,
                finished=finished,
                path=best_path if finished else None,
            )
        )
    version = getattr(rx, "__version__", "?")
    notes = (
        f"rustworkx {version}: all_simple_paths(min_depth=2, cutoff={max_hops + 1}) "
        "(cutoff counts nodes), every path scored in numpy; the cap cannot interrupt the "
        "blocking call"
    )
    if overruns:
        notes += (
            f"; {len(overruns)} of {len(queries)} queries ran past the {cap_seconds:g} s cap "
            f"(longest {max(overruns):.1f} s) and are reported unfinished"
        )
    return BaselineResult(
        name="rustworkx-all-simple-paths", load_seconds=load_seconds, queries=queries, notes=notes
    )


def _best_of_paths(network: Network, paths: Any) -> tuple[float, tuple[int, ...] | None]:
    """The best score over a list of paths and the path that has it (0.0, None if none)."""
    by_length: dict[int, list[Sequence[int]]] = {}
    for path in paths:
        by_length.setdefault(len(path), []).append(path)
    found, best_path = 0.0, None
    for length in sorted(by_length):  # fewer ties first: an equal score keeps the shorter
        nodes = np.array(by_length[length], dtype=np.int64)
        score = network.tie_strengths(nodes[:, 0], nodes[:, 1])
        for column in range(1, length - 1):  # left to right, like math.prod
            score = score * network.tie_strengths(nodes[:, column], nodes[:, column + 1])
        factor = np.ones(len(nodes), dtype=np.float64)
        for column in range(1, length - 1):
            factor = factor * network.factor[nodes[:, column]]
        score = score * factor
        best = int(np.argmax(score))
        if score[best] > found:
            found, best_path = float(score[best]), tuple(nodes[best].tolist())
    return found, best_path


# --- (c) scipy.sparse: exact hop-bounded search on a CSR matrix ------------------------------


def scipy_csgraph(
    network: Network,
    source: int,
    targets: list[int],
    *,
    max_hops: int = 3,
    cap_seconds: float = 10.0,
) -> BaselineResult:
    """scipy.sparse used well: an exact best-route search bounded by hops, on a CSR matrix.

    The ties are a symmetric ``csr_array`` ``A`` (``A[u, v]`` = strength). A shortest-path
    routine does not fit: ``csgraph.dijkstra`` on ``-log(strength)`` ignores the hop limit and
    the intermediaries' factors, and its ``limit`` bounds the distance, not the number of ties.
    Instead, for source ``s`` and target ``t``, with ``Ns`` = neighbours of ``s`` that may be
    intermediaries (factor > 0, not ``t``) and ``x[a] = A[s, a] * f(a)``, and ``Nt``, ``y``
    likewise from ``t``:

    - 1 tie: ``A[s, t]``.
    - 2 ties: ``A[[s]].multiply(A[[t]])`` holds ``A[s, a] * A[a, t]`` for every common
      neighbour ``a``; times ``f(a)``.
    - 3 ties: the sub-matrix ``A[Ns][:, Nt]`` holds every tie ``a - b`` from a neighbour of
      ``s`` to a neighbour of ``t`` (rows gathered from the side with fewer tie entries); each
      entry scored ``x[a] * A[a, b] * y[b]``. ``a != b`` because there are no self-ties, so
      every entry is a simple path.
    - 4 ties: ``P = diag(x) A[Ns] diag(g)`` and ``Q = diag(y) A[Nt] diag(g > 0)``, with
      ``g[m] = f(m)`` except 0 at ``s`` and ``t``, hold the two-tie halves ``s-a-m`` (with the
      middle person's factor) and ``m-c-t`` in column ``m``. The route needs ``a != c``, so
      each column keeps its best and second-best entry (sparse ``max``/``argmax`` over axis 0,
      then ``max`` again without the argmax); if the best halves share ``a == c`` the route
      takes the better of (best, second) and (second, best). (Such a clash never decides the
      best score, since ``s-a-t`` then beats ``s-a-m-a-t``, but it keeps every reported 4-tie
      route simple.)

    Every reduction is a max over all candidate routes of that length, so the answer is exact.
    The winning route is read back from the argmax and its score recomputed left to right with
    the documented formula. Queries take milliseconds; ``cap_seconds`` only marks a query that
    took longer as not finished, as for the other baselines.
    """
    import scipy
    from scipy import sparse

    _check_hops(max_hops, MAX_HOPS_LIMIT)
    started = time.perf_counter()
    n = network.size
    A = sparse.csr_array(
        (
            np.concatenate((network.strength, network.strength)),
            (np.concatenate((network.a, network.b)), np.concatenate((network.b, network.a))),
        ),
        shape=(n, n),
    )
    A.sum_duplicates()
    A.sort_indices()
    load_seconds = time.perf_counter() - started
    queries = []
    for target in targets:
        started = time.perf_counter()
        found, best_path = 0.0, None
        if source != target and 0 <= source < n and 0 <= target < n:
            found, best_path = _sparse_best(A, network, source, target, max_hops)
        seconds = time.perf_counter() - started
        finished = seconds <= cap_seconds
        queries.append(
            QueryResult(
                target=target,
                seconds=seconds,
                best_score=found if finished else None,
                finished=finished,
                path=best_path if finished else None,
            )
        )
    return BaselineResult(
        name="scipy-csgraph",
        load_seconds=load_seconds,
        queries=queries,
        notes=(
            f"scipy {getattr(scipy, '__version__', '?')}: csr_array of the ties; exact search "
            "by number of ties "
            "(common neighbours by row multiply, 3 ties by the sub-matrix A[Ns][:, Nt], "
            "4 ties by column max/argmax of the two-tie halves)"
        ),
    )


def _usable_neighbours(
    A: Any, factor: FloatArray, node: int, other: int
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Neighbours of ``node`` that may be intermediaries, their tie strengths and factors."""
    start, end = A.indptr[node], A.indptr[node + 1]
    nodes = A.indices[start:end].astype(np.int64)
    strengths = A.data[start:end]
    factors = factor[nodes]
    keep = (factors > 0) & (nodes != other)
    return nodes[keep], strengths[keep], factors[keep]


def _sparse_best(
    A: Any, network: Network, s: int, t: int, max_hops: int
) -> tuple[float, tuple[int, ...] | None]:
    """The best route of at most ``max_hops`` ties from ``s`` to ``t`` (see scipy_csgraph)."""
    from scipy import sparse

    factor = network.factor
    candidates: list[tuple[int, ...]] = []
    row_s = A[[s]]
    if row_s[0, t] > 0:
        candidates.append((s, t))
    if max_hops >= 2:
        both = row_s.multiply(A[[t]]).tocoo()
        if both.nnz:
            score = both.data * factor[both.col]
            candidates.append((s, int(both.col[np.argmax(score)]), t))
    if max_hops >= 3:
        ns, ws, fs = _usable_neighbours(A, factor, s, t)
        nt, wt, ft = _usable_neighbours(A, factor, t, s)
        x, y = ws * fs, wt * ft
        degree = np.diff(A.indptr)
        if degree[ns].sum() <= degree[nt].sum():
            sub = A[ns][:, nt].tocoo()
            rows, cols = sub.row, sub.col
        else:
            sub = A[nt][:, ns].tocoo()
            rows, cols = sub.col, sub.row
        if sub.nnz:
            score = x[rows] * sub.data * y[cols]
            best = int(np.argmax(score))
            candidates.append((s, int(ns[rows[best]]), int(nt[cols[best]]), t))
        if max_hops >= 4 and len(ns) and len(nt):
            g = factor.copy()
            g[[s, t]] = 0.0
            P = (sparse.diags_array(x) @ A[ns] @ sparse.diags_array(g)).tocsc()
            # f(m) counts once: in P; Q only drops the middles P cannot use.
            Q = (sparse.diags_array(y) @ A[nt] @ sparse.diags_array((g > 0) * 1.0)).tocsc()
            P.eliminate_zeros()  # ties to s, t or unwilling people, scaled to 0
            Q.eliminate_zeros()
            p1, pa, p2 = _two_best_by_column(P)
            q1, qc, q2 = _two_best_by_column(Q)
            same = ns[pa] == nt[qc]
            paired = np.where(same, np.maximum(p1 * q2, p2 * q1), p1 * q1)
            m = int(np.argmax(paired))
            if paired[m] > 0:
                if not same[m]:
                    a, c = int(ns[pa[m]]), int(nt[qc[m]])
                elif p1[m] * q2[m] >= p2[m] * q1[m]:
                    a, c = int(ns[pa[m]]), _second_row(Q, m, qc[m], nt)
                else:
                    a, c = _second_row(P, m, pa[m], ns), int(nt[qc[m]])
                candidates.append((s, a, m, c, t))
    found, best_path = 0.0, None
    for path in candidates:  # fewer ties first: an equal score keeps the shorter route
        score_ = network.route_score(path)
        if score_ > found:
            found, best_path = score_, path
    return found, best_path


def _two_best_by_column(M: Any) -> tuple[FloatArray, IntArray, FloatArray]:
    """Per column: the largest entry, its row, and the largest entry in any other row."""
    from scipy import sparse

    first = M.max(axis=0).toarray().ravel()
    rows = np.asarray(M.argmax(axis=0)).ravel().astype(np.int64)
    coo = M.tocoo()
    keep = coo.row != rows[coo.col]
    rest = sparse.csc_array((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=M.shape)
    second = rest.max(axis=0).toarray().ravel()
    return first, rows, second


def _second_row(M: Any, column: int, best_row: int, labels: IntArray) -> int:
    """The person of the largest entry of ``M``'s column outside ``best_row``."""
    start, end = M.indptr[column], M.indptr[column + 1]
    rows, values = M.indices[start:end], M.data[start:end]
    values = np.where(rows == best_row, -1.0, values)
    return int(labels[rows[int(np.argmax(values))]])


# --- netgraph itself, for the same table ----------------------------------------------------


def netgraph_find_routes(
    index: Any,
    source: int,
    targets: list[int],
    *,
    max_hops: int = 3,
    k: int | None = 5,
) -> BaselineResult:
    """netgraph's ``find_routes`` on a ``RouteIndex``, shaped like the baselines' results.

    ``load_seconds`` is 0: the index is given (time ``route_cache.route_index`` separately).
    """
    from netgraph.routes.search import find_routes

    queries = []
    for target in targets:
        started = time.perf_counter()
        routes = find_routes(index, source, target, max_hops=max_hops, k=k)
        seconds = time.perf_counter() - started
        best = routes[0] if routes else None
        queries.append(
            QueryResult(
                target=target,
                seconds=seconds,
                best_score=best.score if best else 0.0,
                finished=True,
                path=tuple(cast(int, p) for p in best.path) if best else None,
            )
        )
    return BaselineResult(
        name="netgraph",
        load_seconds=0.0,
        queries=queries,
        notes=f"netgraph find_routes(max_hops={max_hops}, k={k}) on the route index",
    )


def disagreements(result: BaselineResult, expected: dict[int, float]) -> list[int]:
    """Targets where a finished query's best score differs from ``expected`` (math.isclose)."""
    return [
        q.target
        for q in result.queries
        if q.finished
        and q.best_score is not None
        and not math.isclose(q.best_score, expected[q.target], rel_tol=1e-9, abs_tol=1e-15)
    ]


#: The route baselines by name, for a runner that measures them all.
ROUTE_BASELINES = {
    "networkx-yen": networkx_yen,
    "rustworkx-all-simple-paths": rustworkx_paths,
    "scipy-csgraph": scipy_csgraph,
}


# --- reading Connections.csv without netgraph -----------------------------------------------


def _skip_preamble(handle: Any) -> None:
    """Skip the 3-line ``Notes:`` preamble of a current export (older ones have none)."""
    position = handle.tell()
    if handle.readline().startswith("Notes:"):
        handle.readline()  # the note text
        handle.readline()  # the blank line
    else:
        handle.seek(position)


def csv_module_read(path: Path) -> int:
    """Rows of a LinkedIn ``Connections.csv`` read with the stdlib: ``csv.DictReader``.

    Skips the ``Notes:`` preamble when present, keeps every row as a dict (as a script that then
    works on the rows would) and returns how many were read.
    """
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        _skip_preamble(handle)
        rows = list(csv.DictReader(handle))
    return len(rows)


def polars_read(path: Path) -> int:
    """Rows of a LinkedIn ``Connections.csv`` read with ``polars.read_csv``, all as strings.

    ``skip_lines=3`` skips the ``Notes:`` preamble (physical lines, not CSV records) when the
    file starts with one; returns the number of rows.
    """
    import polars as pl

    with Path(path).open("rb") as handle:
        preamble = handle.read(9).removeprefix(b"\xef\xbb\xbf").startswith(b"Notes:")
    frame = pl.read_csv(path, skip_lines=3 if preamble else 0, infer_schema=False)
    return frame.height
