"""rank and the route index at scale: the shortcuts taken for a million people agree with the
plain definitions.

- ``--company`` / ``--title`` fold only the distinct values and select rows in SQL; the rows kept
  must be exactly those whose folded value contains the folded text.
- ``--top N`` reads only the rows that can be among the first N; it must equal the first N of
  the full ranking, ties and unscored people included.
- The route index is read from the ``edges`` table as text and assembled without sorting; it
  must equal the index built the general way, strengths bit for bit.
- The layered search expands small layers from their nodes and large ones along every row, and
  reads paths back on demand; both ways must give the same table.
"""

from __future__ import annotations

import gc
import math
import random
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netgraph.routes.rank
import netgraph.routes.reach
import netgraph.workspace.graph
from netgraph.identity.names import name_key
from netgraph.routes import reference
from netgraph.routes.cache import read_route_index, route_index
from netgraph.routes.documents import RANK_COLUMNS
from netgraph.routes.index import build_index, build_index_from_tie_keys, index_from_networkx
from netgraph.routes.rank import RankedPerson, rank_people
from netgraph.routes.reach import best_routes_from, reach_table
from netgraph.text import fold_text
from netgraph.ties.degrees import refresh_degrees
from netgraph.workspace import Workspace

COMPANIES = [
    "Société Générale",
    "SOCIETE GENERALE S.A.",
    "société  générale",
    "Ærø Shipping",
    "Straße Bau GmbH",
    "Acme, Inc.",
    "ACME Inc",
    "acme",
    "Åkerblom & Søn",
    "İstanbul Tech",
    "Zoë's Café",
    "50% Off Ltd",
    "under_score",
    None,
]
TITLES = ["Engineering Manager", "ENGINEERING  manager", "Ingénieure", "CTO", None]
# Few distinct names, so that equal scores and equal name keys are common.
NAMES = ["Ana", "Bo", "Émile", "emile", "Zoë", "Zoe", "Li"]


def _build(path: Path, *, seed: int, people: int = 160) -> Workspace:
    """A workspace written straight to SQLite: person 1 is the user, 2-9 shared exports."""
    rng = random.Random(seed)
    workspace = Workspace.open(path)
    conn = workspace.conn
    with workspace.transaction():
        rows = []
        for pid in range(1, people + 1):
            name = rng.choice(NAMES)
            company = rng.choice(COMPANIES)
            rows.append(
                (
                    pid,
                    name,
                    name_key(name),
                    company,
                    rng.choice(TITLES),
                    "willing" if pid < 10 else rng.choice(["unknown", "unknown", "unwilling"]),
                    int(pid == 1),
                )
            )
        conn.executemany(
            "INSERT INTO people (id, name, name_key, company, title, willingness, is_me, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', '')",
            rows,
        )
        ties: dict[tuple[int, int], float] = {}
        for owner in range(1, 10):
            for other in rng.sample(range(1, people + 1), 25):
                if other != owner:
                    # Few distinct strengths: many routes score the same.
                    ties[min(owner, other), max(owner, other)] = rng.choice([0.5, 0.8, 0.25])
        conn.executemany("INSERT INTO edges (a, b, strength) VALUES (?, ?, ?)", ties_rows(ties))
        for pid in range(1, people + 1, 3):
            conn.execute(
                "INSERT INTO identities (kind, value, person_id) VALUES ('linkedin', ?, ?)",
                (f"linkedin.com/in/p{pid}", pid),
            )
            conn.execute(
                "INSERT INTO identities (kind, value, person_id) VALUES ('email', ?, ?)",
                (f"p{pid}@example.com", pid),
            )
        conn.execute(
            "INSERT INTO identities (kind, value, person_id) VALUES ('email', 'a@example.com', 4)"
        )
        refresh_degrees(workspace)
    return workspace


def ties_rows(ties: dict[tuple[int, int], float]) -> list[tuple[int, int, float]]:
    return [(a, b, s) for (a, b), s in ties.items()]


@pytest.fixture(scope="module", params=[3, 11])
def ranked_workspace(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Workspace]:
    path = tmp_path_factory.mktemp("rank") / "workspace.sqlite3"
    workspace = _build(path, seed=request.param)
    yield workspace
    workspace.close()


def reference_network(workspace: Workspace) -> reference.Network:
    conn = workspace.conn
    return reference.Network.of(
        conn.execute("SELECT a, b, strength FROM edges"),
        dict(conn.execute("SELECT id, willingness FROM people")),
    )


def expected_ranking(
    workspace: Workspace,
    *,
    company: str | None = None,
    title: str | None = None,
    max_hops: int = 3,
) -> list[tuple[int, float | None]]:
    """The ranking by its definition: every candidate read into Python, filtered on the
    folded text, ordered by the score of ``netgraph.routes.reference``, then name key, then
    id."""
    me = 1
    name_keys = {}
    for pid, key, their_company, their_title in workspace.conn.execute(
        "SELECT id, name_key, company, title FROM people WHERE id != ? "
        "AND coalesce(degree, 0) != 1",
        (me,),
    ):
        if company and (
            their_company is None or fold_text(company) not in fold_text(their_company)
        ):
            continue
        if title and (their_title is None or fold_text(title) not in fold_text(their_title)):
            continue
        name_keys[pid] = key
    ranking = reference.rank(reference_network(workspace), me, name_keys, max_hops=max_hops)
    return [(int(str(pid)), score) for pid, score in ranking]


def ids_and_scores(rows: list[RankedPerson]) -> list[tuple[int, float | None]]:
    return [(row.id, row.score) for row in rows]


def assert_ranking(rows: list[RankedPerson], expected: list[tuple[int, float | None]]) -> None:
    """``rows`` rank the people of ``expected`` in its order, with its scores.

    The layered search multiplies a route's strengths and factors in another order than the
    reference, so equal scores may differ in their last bit: within a run of scores equal up
    to rounding both list the same people, and in the same order (by name key, then id)
    wherever the search's scores are exactly equal.
    """
    got = ids_and_scores(rows)
    assert len(got) == len(expected)
    for (person, score), (expected_person, expected_score) in zip(got, expected, strict=True):
        assert (score is None) == (expected_score is None), (person, expected_person)
        if score is not None and expected_score is not None:
            assert math.isclose(score, expected_score, rel_tol=1e-12), (person, expected_person)
    start = 0
    while start < len(expected):
        end = start + 1
        while end < len(expected) and _close(expected[end][1], expected[start][1]):
            end += 1
        run, expected_run = got[start:end], expected[start:end]
        assert {p for p, _ in run} == {p for p, _ in expected_run}
        if len({s for _, s in run}) == 1:
            assert run == [(p, run[0][1]) for p, _ in expected_run]
        start = end


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-12)


@pytest.mark.parametrize(
    "company",
    [
        "societe",
        "SOCIÉTÉ  GÉNÉRALE",
        "generale s.a",
        "aero",  # Ærø folds to "aero"
        "STRASSE",  # ß folds to "ss"
        "acme, inc",
        "inc",  # a legal suffix: the company key drops it, the filter does not
        "istanbul",
        "zoe's",
        "%",
        "_",
        "50%",
        "under_",
        "é",
        "  ",  # folds to nothing: everyone with a company
        "nowhere",
    ],
)
def test_company_filter_is_a_folded_substring(ranked_workspace: Workspace, company: str) -> None:
    rows = rank_people(ranked_workspace, company=company)
    assert_ranking(rows, expected_ranking(ranked_workspace, company=company))
    assert all(row.company is not None for row in rows)


@pytest.mark.parametrize("title", ["engineering manager", "INGENIEURE", "cto", "é", "  "])
def test_title_filter_is_a_folded_substring(ranked_workspace: Workspace, title: str) -> None:
    assert_ranking(
        rank_people(ranked_workspace, title=title), expected_ranking(ranked_workspace, title=title)
    )
    both = rank_people(ranked_workspace, title=title, company="acme")
    assert_ranking(both, expected_ranking(ranked_workspace, title=title, company="acme"))


@pytest.mark.parametrize("max_hops", [2, 3])
def test_full_ranking_order(ranked_workspace: Workspace, max_hops: int) -> None:
    rows = rank_people(ranked_workspace, max_hops=max_hops)
    assert_ranking(rows, expected_ranking(ranked_workspace, max_hops=max_hops))
    scores = [row.score for row in rows if row.score is not None]
    assert len(scores) > len(set(scores))  # equal scores exist: the name order is exercised
    assert gc.isenabled()


def test_the_garbage_collector_is_left_as_it_was(ranked_workspace: Workspace) -> None:
    expected = rank_people(ranked_workspace)
    assert gc.isenabled()
    gc.disable()
    try:
        assert rank_people(ranked_workspace) == expected
        assert not gc.isenabled()
    finally:
        gc.enable()
    gc.freeze()  # someone's frozen objects stay frozen
    try:
        frozen = gc.get_freeze_count()
        assert rank_people(ranked_workspace) == expected
        # Frozen objects that die leave the count (it may drop a little while the
        # ranking runs); an unfreeze would empty it.
        assert gc.get_freeze_count() > frozen // 2 and gc.isenabled()
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("lookup_limit", [20_000, 0])
def test_rows_carry_routes_and_contact_keys(
    ranked_workspace: Workspace, monkeypatch: pytest.MonkeyPatch, lookup_limit: int
) -> None:
    """Contact keys looked up per person, or read all at once (many people)."""
    monkeypatch.setattr(netgraph.routes.rank, "_LOOKUP_LIMIT", lookup_limit)
    conn = ranked_workspace.conn
    index = read_route_index(ranked_workspace)
    table = reach_table(index, 1, max_hops=3)
    assert table is not None
    names = dict(conn.execute("SELECT id, name FROM people"))
    keys: dict[tuple[int, str], str] = {}
    for person, kind, value in conn.execute("SELECT person_id, kind, value FROM identities"):
        keys[person, kind] = min(value, keys.get((person, kind), value))
    for row in rank_people(ranked_workspace):
        assert set(RANK_COLUMNS) - {"person_id", "warmth"} <= set(vars(row))
        person = row.id
        linkedin = keys.get((person, "linkedin"))
        assert row.linkedin_url == (f"https://www.{linkedin}" if linkedin else None)
        assert row.email == keys.get((person, "email"))
        if row.score is None:
            assert row.path == () and row.route is None and row.referrer is None
            assert row.routes_found == 0
            continue
        assert row.path == table.path(person)
        assert row.route == " > ".join(names[n] for n in row.path)
        assert row.referrer == names[row.path[1]]
        # routes offered: every route but the pointless detours
        assert row.routes_found == int(table.route_counts(np.array([person]))[0])


def test_top_is_the_head_of_the_full_ranking(ranked_workspace: Workspace) -> None:
    for max_hops in (2, 3):
        full = rank_people(ranked_workspace, max_hops=max_hops)
        scored = sum(1 for row in full if row.score is not None)
        cuts = {1, 2, 3, 5, 8, scored - 1, scored, scored + 1, scored + 4, len(full), len(full) + 5}
        for top in sorted(c for c in cuts if c >= 1):
            assert rank_people(ranked_workspace, top=top, max_hops=max_hops) == full[:top], top
        for company in ("acme", "societe", "  "):
            everyone = rank_people(ranked_workspace, company=company, max_hops=max_hops)
            for top in (1, 3, len(everyone), len(everyone) + 2):
                head = rank_people(ranked_workspace, company=company, top=top, max_hops=max_hops)
                assert head == everyone[:top]


def test_top_with_first_degree_marked_differently(tmp_path: Path) -> None:
    """Someone the index reaches but the workspace counts first-degree is never ranked."""
    workspace = _build(tmp_path / "w.sqlite3", seed=5)
    conn = workspace.conn
    reached = rank_people(workspace)[0].id
    with workspace.transaction():
        conn.execute("UPDATE people SET degree = 1 WHERE id = ?", (reached,))
    full = rank_people(workspace)
    assert reached not in [row.id for row in full]
    assert rank_people(workspace, top=3) == full[:3]
    workspace.close()


def test_targets_only(tmp_path: Path) -> None:
    workspace = _build(tmp_path / "w.sqlite3", seed=3)
    conn = workspace.conn
    full = rank_people(workspace)
    chosen = [row.id for row in full[::7]]
    with workspace.transaction():
        for pid in chosen:
            conn.execute(
                "INSERT INTO targets (person_id, name, name_key, added_at) VALUES (?, '', '', '')",
                (pid,),
            )
    assert rank_people(workspace, targets_only=True) == [row for row in full if row.id in chosen]
    assert (
        rank_people(workspace, targets_only=True, top=2)
        == [row for row in full if row.id in chosen][:2]
    )
    workspace.close()


# --- against the reference, on small random networks ------------------------------------------

# Powers of two: every order of multiplying a route's strengths and factors gives the same
# float, so the search and the reference must agree to the last bit, and so must the order.
EXACT_STRENGTHS = st.sampled_from([1.0, 0.5, 0.25, 0.125])


@st.composite
def small_networks(draw: st.DrawFn) -> tuple[list[tuple[int, int, float]], dict[int, str]]:
    """Ties among people 1..n (person 1 is the user, who knows one to three of them) and
    everyone's willingness."""
    n = draw(st.integers(min_value=2, max_value=11))
    mine = draw(st.lists(st.integers(2, n), unique=True, min_size=1, max_size=3))
    pairs = [(a, b) for a in range(2, n + 1) for b in range(a + 1, n + 1)]
    others = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    chosen = sorted({(1, p) for p in mine} | set(others))
    ties = [(a, b, draw(EXACT_STRENGTHS)) for a, b in chosen]
    willingness = {p: draw(WILLINGNESS) for p in range(1, n + 1)}
    return ties, willingness


@pytest.fixture(scope="module")
def small_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    with Workspace.open(tmp_path_factory.mktemp("small") / "w.sqlite3") as workspace:
        yield workspace


def _refill(
    workspace: Workspace, ties: list[tuple[int, int, float]], willingness: dict[int, str]
) -> dict[int, str]:
    """Replace the people and ties of ``workspace``; return each person's name key."""
    conn = workspace.conn
    keys = {p: name_key(NAMES[p % len(NAMES)]) for p in willingness}
    with workspace.transaction():
        conn.execute("DELETE FROM edges")
        conn.execute("DELETE FROM people")
        conn.executemany(
            "INSERT INTO people (id, name, name_key, willingness, is_me, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, '', '')",
            [(p, NAMES[p % len(NAMES)], keys[p], w, int(p == 1)) for p, w in willingness.items()],
        )
        conn.executemany("INSERT INTO edges (a, b, strength) VALUES (?, ?, ?)", ties)
        refresh_degrees(workspace)
    return keys


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network=small_networks(), h=st.sampled_from([2, 3]), top=st.none() | st.integers(1, 8))
def test_rank_equals_the_reference(
    small_workspace: Workspace,
    network: tuple[list[tuple[int, int, float]], dict[int, str]],
    h: int,
    top: int | None,
) -> None:
    """The ranking, its scores, routes and route counts, as the reference model has them."""
    ties, willingness = network
    keys = _refill(small_workspace, ties, willingness)
    rows = rank_people(small_workspace, max_hops=h, top=top)
    model = reference.Network.of(ties, willingness)
    tied = set(model.neighbours(1))
    candidates = {p: key for p, key in keys.items() if p != 1 and p not in tied}
    assert ids_and_scores(rows) == reference.rank(model, 1, candidates, max_hops=h)[:top]
    reach = reference.reach(model, 1, max_hops=h)
    for row in rows:
        if row.score is None:
            assert row.id not in reach and row.path == () and row.routes_found == 0
            continue
        routes = reach[row.id].routes
        assert row.routes_found == len(routes)
        assert row.path in {r.path for r in routes if r.score == row.score}
        assert row.referrer == NAMES[row.path[1] % len(NAMES)]


# --- the route index read from the workspace ---------------------------------------------------

AWKWARD_STRENGTHS = [
    1.0,
    1 / 3,
    0.1 * 0.3,
    2.0**-8,  # the smallest strength read as an exact integer
    math.nextafter(2.0**-8, 0.0),  # just below: read as it is
    1e-5,
    5e-324,
    math.nextafter(1.0, 0.0),
    0.05,
]


@pytest.mark.parametrize(("chunk", "locked"), [(1_000_000, False), (7, False), (7, True)])
def test_read_route_index_equals_the_general_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, locked: bool
) -> None:
    """Read in one piece, in chunks, and in chunks from both ends by two connections."""
    monkeypatch.setattr(netgraph.workspace.graph, "_CHUNK", chunk)
    rng = random.Random(1)
    with Workspace.open(tmp_path / "w.sqlite3") as workspace:
        conn = workspace.conn
        with workspace.transaction():
            conn.executemany(
                "INSERT INTO people (id, name, name_key, willingness, created_at, updated_at) "
                "VALUES (?, 'x', 'x', ?, '', '')",
                [(pid, rng.choice(["willing", "unknown", "unwilling"])) for pid in range(1, 300)]
                + [(1000, "willing")],  # ids need not be dense
            )
            ties = {}
            for _ in range(2000):
                a, b = sorted(rng.sample([*range(1, 300), 1000], 2))
                ties[a, b] = rng.choice([*AWKWARD_STRENGTHS, rng.random() or 1.0])
            conn.executemany("INSERT INTO edges (a, b, strength) VALUES (?, ?, ?)", ties_rows(ties))
        if locked:
            with workspace.transaction():
                index = read_route_index(workspace, locked=True)
        else:
            index = read_route_index(workspace)
        assert not conn.in_transaction
        edges = conn.execute("SELECT a, b, strength FROM edges").fetchall()
        willingness = np.array(index.willingness)
        general = build_index(
            1001,
            [e[0] for e in edges],
            [e[1] for e in edges],
            [e[2] for e in edges],
            willingness,
        )
        codes = dict(conn.execute("SELECT id, willingness FROM people"))
    for name in ("indptr", "indices", "strengths"):
        assert np.array_equal(getattr(index, name), getattr(general, name)), name
        assert getattr(index, name).dtype == getattr(general, name).dtype
    expected = {"willing": 2, "unknown": 1, "unwilling": 0}
    assert [int(willingness[pid]) for pid in codes] == [expected[w] for w in codes.values()]
    assert int(willingness[500]) == expected["unknown"]  # no such person


def test_saved_index_equals_the_one_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(netgraph.workspace.graph, "_CHUNK", 5)
    with _build(tmp_path / "w.sqlite3", seed=2) as workspace:
        built = route_index(workspace)  # rebuilt under the write lock, two connections
        loaded = route_index(workspace)  # memory-mapped from the saved files
        plain = read_route_index(workspace)
    for name in ("indptr", "indices", "strengths", "willingness"):
        assert np.array_equal(getattr(built, name), getattr(plain, name)), name
        assert np.array_equal(getattr(loaded, name), getattr(plain, name)), name


def test_read_route_index_of_an_empty_workspace(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "w.sqlite3") as workspace:
        index = read_route_index(workspace)
    assert index.size == 1
    assert len(index.indices) == 0


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.floats(0.01, 1.0)), max_size=80)
)
def test_build_from_tie_keys_equals_the_general_build(ties: list[tuple[int, int, float]]) -> None:
    size = 31
    willingness = np.ones(size, dtype=np.int8)
    unique = {(min(a, b), max(a, b)): s for a, b, s in ties if a != b}
    ordered = sorted(unique.items())
    a = np.array([k[0] for k, _ in ordered], dtype=np.int64)
    b = np.array([k[1] for k, _ in ordered], dtype=np.int64)
    s = np.array([v for _, v in ordered], dtype=np.float64)
    general = build_index(size, a, b, s, willingness)
    for candidate in (
        build_index_from_tie_keys(size, (a << 32) | b, s, willingness),
        # out of order or the wrong way round: the general build is used
        build_index_from_tie_keys(size, ((a << 32) | b)[::-1].copy(), s[::-1], willingness),
        build_index_from_tie_keys(size, (b << 32) | a, s, willingness),
    ):
        for name in ("indptr", "indices", "strengths"):
            assert np.array_equal(getattr(candidate, name), getattr(general, name)), name


# --- the layered search ------------------------------------------------------------------------

WILLINGNESS = st.sampled_from(["willing", "unknown", "unwilling"])


@st.composite
def graphs(draw: st.DrawFn) -> nx.Graph:
    n = draw(st.integers(min_value=2, max_value=12))
    pairs = [(u, v) for u in range(n) for v in range(u + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    G = nx.Graph()
    for node in range(n):
        G.add_node(node, willingness=draw(WILLINGNESS))
    for u, v in chosen:
        G.add_edge(u, v, strength=draw(st.sampled_from([0.5, 0.25, 0.8, 1.0, 0.3])))
    return G


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(G=graphs(), h=st.sampled_from([2, 3]))
def test_expanding_from_nodes_or_along_rows_gives_one_table(G: nx.Graph, h: int) -> None:
    index = index_from_networkx(G)
    tables = []
    original = netgraph.routes.reach._PUSH_SHARE
    try:
        for share in (0, 10**9):  # always from the nodes; always along every row
            netgraph.routes.reach._PUSH_SHARE = share
            tables.append(reach_table(index, 0, max_hops=h))
    finally:
        netgraph.routes.reach._PUSH_SHARE = original
    along, expanded = tables
    assert along is not None and expanded is not None
    assert np.array_equal(along.best, expanded.best)
    assert np.array_equal(along.routes, expanded.routes)
    for first, second in zip(along.predecessors, expanded.predecessors, strict=True):
        assert np.array_equal(first, second)
    reached = along.reached
    nodes, lengths = along.paths(reached)
    for node, path, length in zip(reached.tolist(), nodes.tolist(), lengths.tolist(), strict=True):
        assert tuple(path[:length]) == along.path(node)
        assert path[length:] == [-1] * (len(path) - length)
        # the predecessors say the same: walk them back
        walked = [node]
        layer = len(along.predecessors) - 1
        while walked[-1] != 0:
            previous = int(along.predecessors[layer][walked[-1]])
            if previous >= 0:
                walked.append(previous)
            layer -= 1
        assert tuple(walked[::-1]) == along.path(node)
    reach = best_routes_from(index, 0, max_hops=h)
    assert {node: r.path for node, r in reach.items()} == {
        node: along.path(node) for node in reached.tolist()
    }
