"""The benchmark baselines (``benchmarks/baselines.py``) answer exactly what netgraph answers.

Every route baseline must give netgraph's best score for every query it finishes, or the
side-by-side timings compare different work. Checked on a hand-made workspace whose answers are
worked out below (an unwilling intermediary, a 4-tie route beyond the limit, a longer but
stronger route, a direct tie, no route) and on the seeded S synthetic workspace with a few
people made unwilling. The plain CSV readers must count the rows of a Connections.csv.
"""

from __future__ import annotations

import csv
import math
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import REPO_ROOT, SAMPLE_DATA

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

import baselines
from baselines import BaselineResult, Network, QueryResult
from synthetic import build

from netgraph.routes.cache import route_index
from netgraph.routes.index import RouteIndex
from netgraph.workspace import Workspace

Baseline = Callable[..., BaselineResult]
BASELINES: list[Baseline] = [
    baselines.networkx_yen,
    baselines.rustworkx_paths,
    baselines.scipy_csgraph,
]
ME = 1

# person: willingness (everyone else in EDGES is willing)
WILLINGNESS = {2: "unwilling", 3: "unknown"}
EDGES = [
    # target 10: the strong route runs through unwilling 2; the best is 1-3-10, 3 unknown.
    (1, 2, 0.9),
    (2, 10, 0.9),
    (1, 3, 0.5),
    (3, 10, 0.5),
    # target 20: 1-4-5-6-20 scores 1.0 but has 4 ties; within 3 ties the best is 1-7-8-20.
    (1, 4, 1.0),
    (4, 5, 1.0),
    (5, 6, 1.0),
    (6, 20, 1.0),
    (1, 7, 0.5),
    (7, 8, 0.5),
    (8, 20, 0.5),
    # target 30: the 3-tie route 1-11-12-30 beats the 2-tie route 1-9-30.
    (1, 9, 0.3),
    (9, 30, 0.3),
    (1, 11, 0.9),
    (11, 12, 0.9),
    (12, 30, 0.9),
    # target 40: only 4 ties away (1-4-5-6-40); target 50: only through unwilling 2.
    (6, 40, 1.0),
    (2, 50, 0.9),
    # target 60: a weak direct tie loses to 1-11-60.
    (1, 60, 0.2),
    (11, 60, 0.95),
]
ISOLATED = 70  # a person with no ties at all
# best score by target, worked out by hand, for at most 3 and at most 4 ties
EXPECTED = {
    3: {3: 0.5, 10: 0.5 * 0.5 * 0.6, 20: 0.5**3, 30: 0.9**3, 40: 0.0, 50: 0.0, 60: 0.9 * 0.95},
    4: {3: 0.5, 10: 0.5 * 0.5 * 0.6, 20: 1.0, 30: 0.9**3, 40: 1.0, 50: 0.0, 60: 0.9 * 0.95},
}
for _expected in EXPECTED.values():
    _expected[ISOLATED] = 0.0


def make_workspace(path: Path, people: list[int], willingness: dict[int, str]) -> None:
    """A workspace holding these people and the ties in EDGES, written straight to SQLite."""
    with Workspace.open(path) as workspace, workspace.transaction():
        workspace.conn.executemany(
            "INSERT INTO people (id, name, name_key, willingness, is_me, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, '', '')",
            [(p, f"P{p}", f"p{p}", willingness.get(p, "willing"), int(p == ME)) for p in people],
        )
        workspace.conn.executemany("INSERT INTO edges (a, b, strength) VALUES (?, ?, ?)", EDGES)


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RouteIndex, Network]]:
    """The hand-made workspace's route index and baseline arrays."""
    path = tmp_path_factory.mktemp("hand") / "hand.sqlite3"
    people = sorted({p for a, b, _ in EDGES for p in (a, b)} | {ISOLATED})
    make_workspace(path, people, WILLINGNESS)
    with Workspace.open(path) as workspace:
        yield route_index(workspace, save=False), baselines.load_network(workspace.conn)


@pytest.fixture(scope="module")
def synthetic_s(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[RouteIndex, Network, Path]]:
    """The seeded S workspace with three export owners (hubs) made unwilling."""
    path = tmp_path_factory.mktemp("synthetic") / "S.sqlite3"
    build(path, "S")
    with Workspace.open(path) as workspace:
        with workspace.transaction():
            workspace.conn.execute(
                "UPDATE people SET willingness = 'unwilling' WHERE id IN (2, 3, 5)"
            )
        yield route_index(workspace, save=False), baselines.load_network(workspace.conn), path


def netgraph_best(index: RouteIndex, targets: list[int], max_hops: int) -> dict[int, float]:
    result = baselines.netgraph_find_routes(index, ME, targets, max_hops=max_hops, k=1)
    return {q.target: q.best_score for q in result.queries if q.best_score is not None}


def assert_agrees(
    result: BaselineResult, network: Network, expected: dict[int, float], max_hops: int
) -> None:
    """Every query finished with the expected best score, and its route really scores that."""
    assert [q.target for q in result.queries] == list(expected)
    for query in result.queries:
        assert query.finished, (result.name, query)
        assert query.best_score is not None
        assert math.isclose(query.best_score, expected[query.target], abs_tol=1e-12), (
            result.name,
            query,
            expected[query.target],
        )
        check_path(network, query, max_hops)


def check_path(network: Network, query: QueryResult, max_hops: int) -> None:
    if query.best_score == 0.0:
        assert query.path is None
        return
    assert query.path is not None
    assert query.path[0] == ME and query.path[-1] == query.target
    assert 1 <= len(query.path) - 1 <= max_hops
    assert math.isclose(network.route_score(query.path), query.best_score or 0.0)


@pytest.mark.parametrize("baseline", BASELINES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("max_hops", [3, 4])
def test_hand_made_answers(
    hand_made: tuple[RouteIndex, Network], baseline: Baseline, max_hops: int
) -> None:
    index, network = hand_made
    expected = EXPECTED[max_hops]
    targets = list(expected)
    assert netgraph_best(index, targets, max_hops) == pytest.approx(expected)
    result = baseline(network, ME, targets, max_hops=max_hops, cap_seconds=5.0)
    assert result.load_seconds >= 0 and result.notes
    assert_agrees(result, network, expected, max_hops)


@pytest.mark.parametrize("baseline", BASELINES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("max_hops", [1, 2])
def test_hand_made_short_limits_match_netgraph(
    hand_made: tuple[RouteIndex, Network], baseline: Baseline, max_hops: int
) -> None:
    index, network = hand_made
    targets = [3, 10, 20, 30, 40, 50, 60, ISOLATED]
    expected = netgraph_best(index, targets, max_hops)
    result = baseline(network, ME, targets, max_hops=max_hops)
    assert_agrees(result, network, expected, max_hops)


def test_rustworkx_cutoff_counts_nodes() -> None:
    """Why rustworkx_paths passes cutoff=max_hops + 1: rustworkx's cutoff counts nodes."""
    import rustworkx as rx

    G = rx.PyGraph()
    G.add_nodes_from(range(5))
    G.add_edges_from([(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (0, 3, 1.0), (3, 4, 1.0)])
    ties = {c: sorted(len(p) - 1 for p in rx.all_simple_paths(G, 0, 3, cutoff=c)) for c in (3, 4)}
    assert ties == {3: [1], 4: [1, 3]}
    assert sorted(len(p) - 1 for p in rx.all_simple_paths(G, 0, 3, min_depth=2, cutoff=4)) == [
        1,
        3,
    ]


def test_a_query_over_the_cap_is_unfinished(hand_made: tuple[RouteIndex, Network]) -> None:
    _, network = hand_made
    for baseline in BASELINES:
        result = baseline(network, ME, [30], cap_seconds=0.0)
        (query,) = result.queries
        assert not query.finished and query.best_score is None, result.name
        assert query.seconds > 0


@pytest.fixture(scope="module")
def synthetic_targets(synthetic_s: tuple[RouteIndex, Network, Path]) -> dict[int, float]:
    """netgraph's best score for 4 S targets whose best route has 2 ties and 4 with 3 ties.

    Among each kind, the targets with the highest best score, so that Yen (which walks every
    path stronger than the answer) stays quick.
    """
    index, network, _ = synthetic_s
    candidates = list(range(2, network.size, 7))
    result = baselines.netgraph_find_routes(index, ME, candidates, max_hops=3, k=1)
    chosen: dict[int, float] = {}
    for ties in (2, 3):
        found = [q for q in result.queries if q.path is not None and len(q.path) - 1 == ties]
        found.sort(key=lambda q: (-(q.best_score or 0.0), q.target))
        assert len(found) >= 4, f"S has fewer than 4 targets whose best route has {ties} ties"
        chosen.update({q.target: q.best_score or 0.0 for q in found[:4]})
    return chosen


@pytest.mark.parametrize("baseline", BASELINES, ids=lambda f: f.__name__)
def test_synthetic_s_agrees_with_netgraph(
    synthetic_s: tuple[RouteIndex, Network, Path],
    synthetic_targets: dict[int, float],
    baseline: Baseline,
) -> None:
    _, network, _ = synthetic_s
    result = baseline(network, ME, list(synthetic_targets), max_hops=3, cap_seconds=8.0)
    assert_agrees(result, network, synthetic_targets, 3)


@pytest.mark.parametrize(
    ("baseline", "max_hops"),
    [
        (baselines.rustworkx_paths, 3),
        (baselines.scipy_csgraph, 3),
        (baselines.scipy_csgraph, 4),  # rustworkx takes seconds on S at 4 ties
    ],
    ids=["rustworkx-3", "scipy-3", "scipy-4"],
)
def test_synthetic_s_spread_of_targets(
    synthetic_s: tuple[RouteIndex, Network, Path], baseline: Baseline, max_hops: int
) -> None:
    """The fast baselines on an even spread of people, whatever their best route."""
    index, network, _ = synthetic_s
    targets = list(range(4, network.size, 61 if max_hops == 3 else 167))
    expected = netgraph_best(index, targets, max_hops)
    assert any(expected.values())
    result = baseline(network, ME, targets, max_hops=max_hops)
    assert_agrees(result, network, expected, max_hops)


def test_load_network_reads_every_tie_and_factor(
    synthetic_s: tuple[RouteIndex, Network, Path],
) -> None:
    index, network, path = synthetic_s
    assert network.edges == len(index.indices) // 2
    assert network.factor[2] == 0.0 and network.factor[1] in (0.6, 1.0)
    assert network.tie_strengths([network.a[0]], [network.b[0]])[0] == network.strength[0]
    assert network.tie_strengths([network.b[0]], [network.a[0]])[0] == network.strength[0]
    assert baselines.open_network(path).edges == network.edges


def write_connections(path: Path, rows: int, *, preamble: bool) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        if preamble:
            handle.write('Notes:\n"When exporting your connection data, you may notice..."\n\n')
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
             "Connected On"]
        )  # fmt: skip
        for i in range(rows):
            company = f"Company {i}, Inc." if i % 3 == 0 else f"Company {i}"
            writer.writerow(
                [f"F{i}", f"L{i}", f"https://www.linkedin.com/in/p{i}", "", company, "Eng",
                 "04 May 2021"]
            )  # fmt: skip


@pytest.mark.parametrize("reader", [baselines.csv_module_read, baselines.polars_read])
@pytest.mark.parametrize("preamble", [True, False])
def test_csv_readers_count_rows(
    tmp_path: Path, reader: Callable[[Path], int], preamble: bool
) -> None:
    path = tmp_path / "Connections.csv"
    write_connections(path, 250, preamble=preamble)
    assert reader(path) == 250


@pytest.mark.parametrize("reader", [baselines.csv_module_read, baselines.polars_read])
def test_csv_readers_on_the_sample_export(reader: Callable[[Path], int]) -> None:
    path = SAMPLE_DATA / "me" / "linkedin" / "Connections.csv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()[4:] if line]
    assert reader(path) == len(lines)
