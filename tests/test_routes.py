"""Warm-introduction routes on hand-built networkx graphs (``netgraph.routes.search``).

The contract (docs/scoring.md): a route is a simple path of at most ``max_hops`` edges from the
user to the target; its score is the product of the edge strengths times the product of the
intermediaries' willingness factors (willing 1.0, unknown 0.6, unwilling 0, or 0.1 with
``include_unwilling``); each referrer's best route comes before any second route through an
already listed referrer. The property tests check the search against the brute force of
``netgraph.routes.reference`` (every simple path, scored by the formula, ordered by the rule),
which shares no code with the search.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netgraph.routes import reference
from netgraph.routes.index import index_from_networkx
from netgraph.routes.reach import Reach
from netgraph.routes.search import (
    Route,
    best_routes,
    best_routes_from,
    find_routes,
    willingness_factor,
)


def graph(
    edges: Iterable[tuple[Hashable, Hashable, float]],
    willingness: dict[Hashable, str] | None = None,
) -> nx.Graph:
    """An undirected graph with ``strength`` on edges and ``willingness`` on every node."""
    G = nx.Graph()
    for u, v, s in edges:
        G.add_edge(u, v, strength=s)
    for node in G:
        G.nodes[node]["willingness"] = (willingness or {}).get(node, "unknown")
    return G


def brute_force(
    G: nx.Graph,
    s: Hashable,
    t: Hashable,
    h: int,
    *,
    include_unwilling: bool = False,
    avoid: Iterable[Hashable] = (),
) -> dict[tuple[Hashable, ...], float]:
    """Every route offered of at most ``h`` edges with its score, by enumeration: every
    allowed simple path, the dominated ones removed."""
    network = reference.Network.from_networkx(G)
    found = reference.all_routes(
        network, s, t, max_hops=h, include_unwilling=include_unwilling, avoid=avoid
    )
    return {r.path: r.score for r in reference.offered(found)}


def listed(routes: Iterable[Route]) -> list[tuple[tuple[Hashable, ...], float]]:
    return [(r.path, r.score) for r in routes]


def assert_scores(
    got: Iterable[tuple[tuple[Hashable, ...], float]],
    expected: Iterable[tuple[tuple[Hashable, ...], float]],
) -> None:
    got, expected = list(got), list(expected)
    assert [p for p, _ in got] == [p for p, _ in expected]
    for (path, a), (_, b) in zip(got, expected, strict=True):
        assert math.isclose(a, b, rel_tol=1e-12), (path, a, b)


# --- hand-built graphs ------------------------------------------------------------------------


def test_willingness_factors_are_the_documented_ones() -> None:
    assert reference.FACTORS == {"willing": 1.0, "unknown": 0.6, "unwilling": 0.0}
    assert reference.UNWILLING_FACTOR_WHEN_INCLUDED == 0.1
    assert willingness_factor("willing") == 1.0
    assert willingness_factor("unknown") == 0.6
    assert willingness_factor(None) == 0.6
    assert willingness_factor("unwilling") == 0.0
    assert willingness_factor("unwilling", include_unwilling=True) == 0.1
    assert willingness_factor("willing", include_unwilling=True) == 1.0


def test_two_hop_routes_exact_scores_and_order() -> None:
    G = graph(
        [("me", "priya", 0.8), ("priya", "jane", 0.5), ("me", "omar", 0.9), ("omar", "jane", 0.9)],
        {"priya": "willing", "omar": "unknown"},
    )
    routes = list(best_routes(G, "me", "jane"))
    assert_scores(
        listed(routes),
        [(("me", "omar", "jane"), 0.9 * 0.9 * 0.6), (("me", "priya", "jane"), 0.8 * 0.5 * 1.0)],
    )
    first = routes[0]
    assert first.hops == 2
    assert first.referrer == "omar"
    assert first.strengths == (0.9, 0.9)
    assert first.factors == (0.6,)


def test_three_hop_route() -> None:
    G = graph(
        [("me", "a", 0.9), ("a", "b", 0.5), ("b", "t", 0.8)],
        {"a": "willing", "b": "unknown"},
    )
    routes = list(best_routes(G, "me", "t"))
    assert_scores(listed(routes), [(("me", "a", "b", "t"), 0.9 * 0.5 * 0.8 * 1.0 * 0.6)])
    assert routes[0].hops == 3
    assert routes[0].referrer == "a"
    assert list(best_routes(G, "me", "t", max_hops=2)) == []


def test_four_hop_route() -> None:
    G = graph(
        [("me", "a", 0.9), ("a", "b", 0.8), ("b", "c", 0.7), ("c", "t", 0.6)],
        {"a": "willing", "b": "unknown", "c": "willing"},
    )
    assert list(best_routes(G, "me", "t")) == []  # default max_hops is 3
    assert list(best_routes(G, "me", "t", max_hops=3)) == []
    routes = list(best_routes(G, "me", "t", max_hops=4))
    assert_scores(
        listed(routes), [(("me", "a", "b", "c", "t"), 0.9 * 0.8 * 0.7 * 0.6 * 1.0 * 0.6 * 1.0)]
    )
    assert routes[0].hops == 4
    assert routes[0].referrer == "a"


def test_four_hop_routes_never_repeat_a_person() -> None:
    # me - a - b - t plus a triangle a - b - c: 4-edge walks such as me-a-b-a-t must not appear.
    G = graph(
        [
            ("me", "a", 0.9),
            ("a", "b", 0.8),
            ("b", "c", 0.7),
            ("a", "c", 0.6),
            ("c", "t", 0.5),
            ("b", "t", 0.4),
            ("me", "b", 0.3),
        ],
        {n: "willing" for n in "abc"},
    )
    routes = list(best_routes(G, "me", "t", k=None, max_hops=4))
    for r in routes:
        assert len(set(r.path)) == len(r.path)
    got = sorted(listed(routes))
    expected = sorted(brute_force(G, "me", "t", 4).items())
    assert_scores(got, expected)


def test_first_degree_target_gets_the_direct_route() -> None:
    G = graph(
        [("me", "t", 0.7), ("me", "a", 0.9), ("a", "t", 0.9)],
        {"a": "willing"},
    )
    routes = list(best_routes(G, "me", "t"))
    assert_scores(listed(routes), [(("me", "a", "t"), 0.81), (("me", "t"), 0.7)])
    direct = routes[1]
    assert direct.hops == 1
    assert direct.referrer is None
    assert direct.factors == ()
    only_direct = list(best_routes(G, "me", "t", max_hops=1))
    assert_scores(listed(only_direct), [(("me", "t"), 0.7)])


def _layered_graph() -> nx.Graph:
    """Routes of 1, 2, 3 and 4 hops from me to t (every intermediary willing)."""
    return graph(
        [
            ("me", "t", 0.2),
            ("me", "a", 0.9),
            ("a", "t", 0.5),
            ("me", "b", 0.8),
            ("b", "c", 0.7),
            ("c", "t", 0.6),
            ("me", "d", 0.95),
            ("d", "e", 0.9),
            ("e", "f", 0.9),
            ("f", "t", 0.9),
        ],
        {n: "willing" for n in "abcdef"},
    )


@pytest.mark.parametrize(("max_hops", "paths"), [(1, 1), (2, 2), (3, 3), (4, 4)])
def test_max_hops_is_respected(max_hops: int, paths: int) -> None:
    G = _layered_graph()
    routes = list(best_routes(G, "me", "t", k=None, max_hops=max_hops))
    assert len(routes) == paths
    assert all(r.hops <= max_hops for r in routes)
    assert max(r.hops for r in routes) == max_hops
    assert_scores(sorted(listed(routes)), sorted(brute_force(G, "me", "t", max_hops).items()))


@pytest.mark.parametrize("max_hops", [0, 5, -1, 10])
def test_max_hops_outside_one_to_four_is_a_value_error(max_hops: int) -> None:
    G = _layered_graph()
    with pytest.raises(ValueError):
        list(best_routes(G, "me", "t", max_hops=max_hops))
    with pytest.raises(ValueError):
        find_routes(index_from_networkx(G), "me", "t", max_hops=max_hops)


def test_best_routes_from_accepts_only_two_or_three_hops() -> None:
    G = _layered_graph()
    for bad in (1, 4):
        with pytest.raises(ValueError):
            best_routes_from(index_from_networkx(G), "me", max_hops=bad)


def test_avoid_removes_routes_through_those_people() -> None:
    G = graph(
        [("me", "a", 0.9), ("a", "t", 0.9), ("me", "b", 0.5), ("b", "t", 0.5), ("a", "b", 0.9)],
        {"a": "willing", "b": "willing"},
    )
    everything = {r.path for r in best_routes(G, "me", "t", k=None)}
    # me-a-b-t (0.405) and me-b-a-t (0.405) skip to me-a-t (0.81): pointless detours
    assert everything == {("me", "a", "t"), ("me", "b", "t")}
    without_a = list(best_routes(G, "me", "t", k=None, avoid=["a"]))
    assert_scores(listed(without_a), [(("me", "b", "t"), 0.25)])
    assert list(best_routes(G, "me", "t", k=None, avoid=["a", "b"])) == []


def test_via_keeps_only_routes_through_that_person() -> None:
    G = graph(
        [("me", "a", 0.9), ("a", "t", 0.9), ("me", "b", 0.5), ("b", "c", 0.5), ("c", "t", 0.5)],
        {"a": "willing", "b": "willing", "c": "unknown"},
    )
    via_b = list(best_routes(G, "me", "t", k=None, via="b"))
    assert_scores(listed(via_b), [(("me", "b", "c", "t"), 0.125 * 0.6)])
    # via a person in the middle of the route, not the referrer
    via_c = list(best_routes(G, "me", "t", k=None, via="c"))
    assert [r.path for r in via_c] == [("me", "b", "c", "t")]
    via_a = list(best_routes(G, "me", "t", k=None, via="a"))
    assert [r.path for r in via_a] == [("me", "a", "t")]
    # the user and the target are never "via": only intermediaries count
    assert list(best_routes(G, "me", "t", k=None, via="me")) == []
    assert list(best_routes(G, "me", "t", k=None, via="nobody")) == []


def test_unwilling_people_are_never_intermediaries() -> None:
    G = graph(
        [("me", "u", 0.9), ("u", "t", 0.9), ("me", "w", 0.3), ("w", "t", 0.3), ("w", "u", 0.9)],
        {"u": "unwilling", "w": "willing", "t": "unwilling", "me": "unwilling"},
    )
    routes = list(best_routes(G, "me", "t", k=None))
    # the target and the user being unwilling does not matter; u never appears in the middle
    assert_scores(listed(routes), [(("me", "w", "t"), 0.09)])
    with_unwilling = list(best_routes(G, "me", "t", k=None, include_unwilling=True))
    assert_scores(
        sorted(listed(with_unwilling)),
        sorted(
            [
                (("me", "w", "t"), 0.09),
                (("me", "u", "t"), 0.81 * 0.1),
                # me-u-w-t (0.0243) skips to me-w-t (0.09), me-w-u-t (0.0243) to me-u-t
            ]
        ),
    )
    # an unwilling person still ranks below a willing route of similar warmth
    assert with_unwilling[0].path == ("me", "w", "t")


def test_unwilling_only_route_is_no_route() -> None:
    G = graph([("me", "u", 1.0), ("u", "t", 1.0)], {"u": "unwilling"})
    assert list(best_routes(G, "me", "t")) == []
    assert_scores(
        listed(best_routes(G, "me", "t", include_unwilling=True)), [(("me", "u", "t"), 0.1)]
    )


def _two_referrers() -> nx.Graph:
    """Referrer A has the two best routes (0.855 through x, warmer than A's own tie to t,
    and 0.84), referrer B the third best (0.81)."""
    return graph(
        [
            ("me", "A", 1.0),
            ("A", "t", 0.84),
            ("A", "x", 0.9),
            ("x", "t", 0.95),
            ("me", "B", 0.9),
            ("B", "t", 0.9),
        ],
        {"A": "willing", "B": "willing", "x": "willing"},
    )


def test_k_takes_each_referrers_best_first_and_the_list_is_grouped_by_referrer() -> None:
    G = _two_referrers()
    routes = list(best_routes(G, "me", "t", k=None))
    # grouped: A's routes together, best first, then B's
    assert_scores(
        listed(routes),
        [
            (("me", "A", "x", "t"), 1.0 * 0.9 * 0.95),
            (("me", "A", "t"), 0.84),
            (("me", "B", "t"), 0.81),
        ],
    )
    # a detour that scores higher than the direct tie stays (0.855 > 0.84)
    assert [r.referrer for r in routes] == ["A", "A", "B"]
    # by score alone A's second route would be chosen before B's best: k=2 takes B's
    assert [r.path for r in best_routes(G, "me", "t", k=2)] == [
        ("me", "A", "x", "t"),
        ("me", "B", "t"),
    ]


def test_equal_scores_break_by_hops_then_path() -> None:
    G = nx.Graph()
    for node in ("a", "b", "c"):
        G.add_node(node, willingness="willing")
    G.add_edges_from([("me", "a"), ("me", "b")], strength=0.5)
    G.add_edges_from([("a", "t"), ("b", "t"), ("a", "c"), ("c", "t")], strength=1.0)
    G.add_edges_from([("me", "d"), ("d", "e")], strength=1.0)
    G.add_edge("e", "t", strength=0.5)  # me-d-e-t scores 0.5 too, and skips nobody
    G.add_node("d", willingness="willing")
    G.add_node("e", willingness="willing")
    ordered = list(best_routes(G, "me", "t", k=None))
    # me-a-c-t (0.5) is as good as me-a-t, which skips c: a pointless detour, never listed
    assert [r.path for r in ordered] == [("me", "a", "t"), ("me", "b", "t"), ("me", "d", "e", "t")]
    assert [r.score for r in ordered] == [0.5, 0.5, 0.5]


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5, 6])
def test_k_routes_are_listed_whenever_k_exist(k: int) -> None:
    # five referrers, each with two routes: ten routes in all
    edges = []
    for i in range(5):
        r = f"r{i}"
        # r - m - t (0.49) is warmer than r - t (0.4): not a pointless detour
        edges += [("me", r, 0.9 - i / 20), (r, "t", 0.4), (r, f"m{i}", 0.7), (f"m{i}", "t", 0.7)]
    G = graph(edges, {n: "willing" for n, _, _ in edges if n != "me"})
    all_routes = list(best_routes(G, "me", "t", k=None))
    assert len(all_routes) == 10
    top = list(best_routes(G, "me", "t", k=k))
    assert len(top) == k
    assert set(top) <= set(all_routes)
    # the first five are the five different referrers, best first
    assert len({r.referrer for r in top}) == min(k, 5)
    assert len(list(best_routes(G, "me", "t", k=50))) == 10
    assert len(list(best_routes(G, "me", "t"))) == 5  # default k


def test_callable_weight_can_hide_an_edge() -> None:
    G = _two_referrers()

    def weight(u: Any, v: Any, data: dict[str, Any]) -> float | None:
        if {u, v} == {"A", "t"}:
            return None
        return float(data["strength"])

    routes = list(best_routes(G, "me", "t", k=None, weight=weight))
    assert [r.path for r in routes] == [("me", "A", "x", "t"), ("me", "B", "t")]
    assert all(("A", "t") not in zip(r.path, r.path[1:], strict=False) for r in routes)
    assert_scores(
        listed(routes), [(("me", "A", "x", "t"), 1.0 * 0.9 * 0.95), (("me", "B", "t"), 0.81)]
    )


def test_callable_weight_sets_the_strength() -> None:
    G = _two_referrers()
    routes = list(best_routes(G, "me", "t", k=None, weight=lambda u, v, d: 0.5))
    # me-A-x-t (0.125) now skips to me-A-t (0.25)
    assert_scores(listed(routes), [(("me", "A", "t"), 0.25), (("me", "B", "t"), 0.25)])


def test_weight_and_willingness_attribute_names() -> None:
    G = nx.Graph()
    G.add_edge("me", "a", w=0.5)
    G.add_edge("a", "t", w=0.4)
    G.nodes["a"]["ok"] = "willing"
    routes = list(best_routes(G, "me", "t", weight="w", willingness="ok"))
    assert_scores(listed(routes), [(("me", "a", "t"), 0.2)])


def test_factor_attribute_or_callable_overrides_willingness() -> None:
    G = graph([("me", "a", 0.5), ("a", "t", 0.5)], {"a": "unwilling"})
    G.nodes["a"]["f"] = 0.3
    assert_scores(listed(best_routes(G, "me", "t", factor="f")), [(("me", "a", "t"), 0.075)])
    assert_scores(
        listed(best_routes(G, "me", "t", factor=lambda n: 0.2)), [(("me", "a", "t"), 0.05)]
    )
    assert list(best_routes(G, "me", "t", factor=lambda n: 0.0)) == []


def test_source_equals_target_or_missing_nodes_give_no_routes() -> None:
    G = _two_referrers()
    assert list(best_routes(G, "me", "me")) == []
    assert list(best_routes(G, "me", "nobody")) == []
    assert list(best_routes(G, "nobody", "t")) == []


def test_self_loops_are_ignored() -> None:
    G = graph([("me", "a", 0.5), ("a", "a", 1.0), ("a", "t", 0.5)], {"a": "willing"})
    assert_scores(listed(best_routes(G, "me", "t", k=None, max_hops=4)), [(("me", "a", "t"), 0.25)])


def test_best_routes_from_on_a_hand_built_graph() -> None:
    G = _layered_graph()
    G.remove_edge("me", "t")
    reach = best_routes_from(index_from_networkx(G), "me", max_hops=3)
    # first-degree people are left out; t has 2-hop and 3-hop routes; e is 2 hops; f is 3
    assert set(reach) == {"t", "c", "e", "f"}
    assert math.isclose(reach["t"].score, 0.45)
    assert reach["t"].path == ("me", "a", "t")
    assert reach["t"].routes == 2
    assert reach["f"].path == ("me", "d", "e", "f")
    assert math.isclose(reach["f"].score, 0.95 * 0.9 * 0.9)
    assert reach["f"].routes == 2  # me-d-e-f and me-a-t-f
    assert reach["c"].routes == 2  # me-b-c and me-a-t-c
    assert reach["e"].routes == 1
    two = best_routes_from(index_from_networkx(G), "me", max_hops=2)
    assert set(two) == {"t", "c", "e"}
    assert two["t"].routes == 1


# --- properties on small random graphs --------------------------------------------------------

WILLINGNESS = st.sampled_from(["willing", "unknown", "unwilling"])
STRENGTH = st.floats(min_value=0.01, max_value=1.0, allow_nan=False)


@st.composite
def random_graphs(draw: st.DrawFn, min_nodes: int = 2) -> nx.Graph:
    n = draw(st.integers(min_value=min_nodes, max_value=9))
    pairs = [(u, v) for u in range(n) for v in range(u + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    G = nx.Graph()
    for node in range(n):
        G.add_node(node, willingness=draw(WILLINGNESS))
    for u, v in chosen:
        G.add_edge(u, v, strength=draw(STRENGTH))
    return G


PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _assert_same_routes(routes: list[Route], expected: dict[tuple[Hashable, ...], float]) -> None:
    got = {r.path: r.score for r in routes}
    assert len(got) == len(routes), "a path is listed twice"
    assert set(got) == set(expected)
    for path, score in expected.items():
        assert math.isclose(got[path], score, rel_tol=1e-9), (path, got[path], score)


def _assert_as_reference(routes: list[Route], expected: list[reference.ScoredRoute]) -> None:
    """The same routes in the same order with the same scores (to the last bit: both multiply
    the strengths, then the factors, from the source onwards)."""
    assert [r.path for r in routes] == [r.path for r in expected]
    assert [r.score for r in routes] == [r.score for r in expected]


@PROPERTY_SETTINGS
@given(
    G=random_graphs(),
    h=st.integers(min_value=1, max_value=4),
    include_unwilling=st.booleans(),
    data=st.data(),
)
def test_routes_equal_brute_force(
    G: nx.Graph, h: int, include_unwilling: bool, data: st.DataObject
) -> None:
    s, t = 0, len(G) - 1
    avoid = data.draw(st.lists(st.sampled_from(sorted(G)), max_size=2, unique=True))
    expected = brute_force(G, s, t, h, include_unwilling=include_unwilling, avoid=avoid)
    routes = list(
        best_routes(G, s, t, k=None, max_hops=h, include_unwilling=include_unwilling, avoid=avoid)
    )
    _assert_same_routes(routes, expected)
    for r in routes:
        assert r.hops <= h
        assert r.path[0] == s and r.path[-1] == t
        assert len(set(r.path)) == len(r.path)
    if expected:
        assert math.isclose(routes[0].score, max(expected.values()), rel_tol=1e-9)
        top1 = list(
            best_routes(G, s, t, k=1, max_hops=h, include_unwilling=include_unwilling, avoid=avoid)
        )
        assert len(top1) == 1
        assert math.isclose(top1[0].score, max(expected.values()), rel_tol=1e-9)
    else:
        assert routes == []
    network = reference.Network.from_networkx(G)
    _assert_as_reference(
        routes,
        reference.routes(
            network, s, t, max_hops=h, avoid=avoid, include_unwilling=include_unwilling
        ),
    )


@PROPERTY_SETTINGS
@given(G=random_graphs(min_nodes=3), h=st.integers(min_value=2, max_value=4), data=st.data())
def test_via_equals_brute_force(G: nx.Graph, h: int, data: st.DataObject) -> None:
    s, t = 0, len(G) - 1
    via = data.draw(st.sampled_from(sorted(G)))
    network = reference.Network.from_networkx(G)
    # a route through ``via`` is dropped only for another route through ``via``
    found = reference.all_routes(network, s, t, max_hops=h, via=via)
    expected = {r.path: r.score for r in reference.offered(found)}
    routes = list(best_routes(G, s, t, k=None, max_hops=h, via=via))
    _assert_same_routes(routes, expected)
    _assert_as_reference(routes, reference.routes(network, s, t, max_hops=h, via=via))


@PROPERTY_SETTINGS
@given(G=random_graphs(), h=st.integers(min_value=1, max_value=4), k=st.integers(1, 6))
def test_top_k_order_and_diversity(G: nx.Graph, h: int, k: int) -> None:
    s, t = 0, len(G) - 1
    everything = list(best_routes(G, s, t, k=None, max_hops=h))
    top = list(best_routes(G, s, t, k=k, max_hops=h))
    assert len(top) == min(k, len(everything))
    assert set(top) <= set(everything)
    referrers = {r.referrer for r in everything}
    # as many different people to ask as possible, best first, before any repeat
    assert len({r.referrer for r in top}) == min(k, len(referrers))
    for shown in (everything, top):
        _assert_grouped(shown)
    # nobody's second route is taken while someone's best is left out
    left_out = [r for r in everything if r not in top]
    for r in top:
        if r is not next(x for x in top if x.referrer == r.referrer):
            assert all(x.referrer in {y.referrer for y in top} for x in left_out)
            assert all(x.score <= r.score for x in left_out)
    _assert_as_reference(
        top, reference.routes(reference.Network.from_networkx(G), s, t, max_hops=h, k=k)
    )


@st.composite
def graphs_with_organisations(draw: st.DrawFn) -> nx.Graph:
    G = draw(random_graphs())
    for node in G:
        organisation = draw(st.sampled_from([None, "globex", "initech"]))
        if organisation:
            G.nodes[node]["organisation"] = organisation
    return G


@PROPERTY_SETTINGS
@given(
    G=graphs_with_organisations(),
    h=st.integers(min_value=1, max_value=4),
    k=st.sampled_from([None, 1, 2, 3, 5]),
    data=st.data(),
)
def test_routes_with_inferred_colleague_ties_equal_brute_force(
    G: nx.Graph, h: int, k: int | None, data: st.DataObject
) -> None:
    """The search given the reference's inferred ties (the source's first-degree contacts at
    the target's organisation) lists what the reference lists: the k best of every simple path
    over recorded and inferred ties, detours removed, grouped; an inferred route says so."""
    s, t = 0, len(G) - 1
    via = data.draw(st.sampled_from([None, *sorted(G)]))
    network = reference.Network.from_networkx(G)
    inferred = network.inferred_ties(s, t)
    routes = list(best_routes(G, s, t, k=k, max_hops=h, via=via, inferred=inferred))
    _assert_as_reference(routes, reference.routes(network, s, t, max_hops=h, k=k, via=via))
    for r in routes:
        last_inferred = r.hops >= 2 and r.path[-2] in inferred and not G.has_edge(*r.path[-2:])
        assert r.inferred == last_inferred


def _assert_grouped(routes: list[Route]) -> None:
    """One block per referrer, blocks in the order of their best route, each best first:
    nothing looks out of order."""
    blocks: list[list[Route]] = []
    for r in routes:
        if blocks and blocks[-1][0].referrer == r.referrer:
            blocks[-1].append(r)
        else:
            blocks.append([r])
    assert len(blocks) == len({r.referrer for r in routes}), "a referrer's routes are split"
    leaders = [block[0].score for block in blocks]
    assert leaders == sorted(leaders, reverse=True)
    for block in blocks:
        scores = [r.score for r in block]
        assert scores == sorted(scores, reverse=True)


def _assert_reach_as_reference(
    found: dict[Hashable, Reach], expected: dict[Hashable, reference.Reach]
) -> None:
    """The same people, each with the best score (up to rounding: the layers multiply in
    another order), one of the best routes, and the number of routes."""
    assert set(found) == set(expected)
    for person, reach in found.items():
        routes = expected[person].routes
        assert math.isclose(reach.score, expected[person].score, rel_tol=1e-9), person
        assert reach.routes == len(routes), (person, reach.routes, routes)
        best = {r.path for r in routes if math.isclose(r.score, reach.score, rel_tol=1e-9)}
        assert reach.path in best, (person, reach.path, best)


@PROPERTY_SETTINGS
@given(G=random_graphs(), h=st.sampled_from([2, 3]), data=st.data())
def test_best_routes_from_equals_brute_force(G: nx.Graph, h: int, data: st.DataObject) -> None:
    s = 0
    avoid = data.draw(st.lists(st.sampled_from(sorted(G)), max_size=2, unique=True))
    reach = best_routes_from(index_from_networkx(G), s, max_hops=h, avoid=avoid)
    network = reference.Network.from_networkx(G)
    _assert_reach_as_reference(reach, reference.reach(network, s, max_hops=h, avoid=avoid))
    for found in reach.values():
        assert math.isclose(reference.score(network, found.path), found.score, rel_tol=1e-9)


def _raise_one(G: nx.Graph, data: st.DataObject) -> nx.Graph:
    """A copy of G with one edge's strength or one person's willingness raised."""
    H = G.copy()
    raise_edge = G.number_of_edges() > 0 and data.draw(st.booleans())
    if raise_edge:
        u, v = data.draw(st.sampled_from(sorted(G.edges)))
        old = G.edges[u, v]["strength"]
        H.edges[u, v]["strength"] = data.draw(st.floats(min_value=old, max_value=1.0))
    else:
        node = data.draw(st.sampled_from(sorted(G)))
        order = ["unwilling", "unknown", "willing"]
        old_rank = order.index(G.nodes[node]["willingness"])
        H.nodes[node]["willingness"] = data.draw(st.sampled_from(order[old_rank:]))
    return H


@PROPERTY_SETTINGS
@given(
    G=random_graphs(),
    h=st.integers(min_value=1, max_value=4),
    include_unwilling=st.booleans(),
    data=st.data(),
)
def test_raising_a_strength_or_a_willingness_never_lowers_a_score(
    G: nx.Graph, h: int, include_unwilling: bool, data: st.DataObject
) -> None:
    H = _raise_one(G, data)
    s = 0
    for t in G:
        if t == s:
            continue
        before = {
            r.path: r.score
            for r in best_routes(G, s, t, k=None, max_hops=h, include_unwilling=include_unwilling)
        }
        after = {
            r.path: r.score
            for r in best_routes(H, s, t, k=None, max_hops=h, include_unwilling=include_unwilling)
        }
        for path, score in before.items():
            # (a route may now be a pointless detour, and leave the list)
            if path in after:
                assert after[path] >= score * (1 - 1e-12)
        if before:
            assert max(after.values()) >= max(before.values()) * (1 - 1e-12)
    if h in (2, 3):
        reach_before = best_routes_from(index_from_networkx(G), s, max_hops=h)
        reach_after = best_routes_from(index_from_networkx(H), s, max_hops=h)
        for node, found in reach_before.items():
            if found.routes:
                assert node in reach_after
                assert reach_after[node].score >= found.score * (1 - 1e-12)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_asking_for_k_routes_gives_the_first_k_of_the_full_ranking(seed: int, k: int) -> None:
    """k routes are the first k of the full ranking, with more referrers than k or fewer, and
    with tied scores."""
    import numpy as np

    from netgraph.routes.index import build_index

    rng = np.random.default_rng(seed)
    size = 60
    pairs = {tuple(sorted(p)) for p in rng.integers(0, size, (1500, 2)) if p[0] != p[1]}
    if seed % 2:  # the source knows only three people: fewer referrers than k, many routes
        pairs = {p for p in pairs if p[0] != 0} | {(0, 1), (0, 2), (0, 3)}
    a, b = np.array(sorted(pairs)).T
    # Few distinct strengths, so that many routes tie on score.
    strength = rng.choice([0.2, 0.5, 0.5, 0.8], len(a))
    willingness = rng.choice([1, 1, 2], size).astype(np.int8)
    index = build_index(size, a, b, strength, willingness)
    for target in range(3, size):
        everything = find_routes(index, 0, target, max_hops=3)
        chosen = reference.chosen(everything, k)  # type: ignore[arg-type]
        assert find_routes(index, 0, target, max_hops=3, k=k) == reference.grouped(chosen)  # type: ignore[arg-type]
