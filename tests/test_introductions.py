"""Introductions through a workspace: ``netgraph.routes.introductions`` and targets.

Most tests read the bundled sample data, imported once per module with
``netgraph.demo.run_demo``; a test that changes the workspace works on its own copy. The
expected referrers come from sample_data/expected.json.
"""

from __future__ import annotations

import itertools
import json
import math
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import SAMPLE_DATA
from records_helpers import contact, linkedin_export, load, the_person

from netgraph.demo import run_demo
from netgraph.errors import UsageError
from netgraph.identity.names import company_key
from netgraph.identity.people import me_id, resolve_person, set_me, set_willingness
from netgraph.identity.targets import add_target, list_targets, match_waiting_targets, remove_target
from netgraph.routes import reference
from netgraph.routes.cache import read_route_index, route_index
from netgraph.routes.documents import RANK_COLUMNS, introductions_document
from netgraph.routes.graph import build_graph
from netgraph.routes.introductions import who_can_introduce
from netgraph.routes.rank import RankedPerson, rank_people
from netgraph.routes.search import best_routes, find_routes
from netgraph.text import fold_text
from netgraph.ties.stated import remove_tie
from netgraph.workspace import Workspace

EXPECTED: dict[str, Any] = json.loads((SAMPLE_DATA / "expected.json").read_text("utf-8"))
TARGETS = {t["name"]: t for t in EXPECTED["targets"]}


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("sample") / "workspace.sqlite3"
    with Workspace.open(path) as workspace:
        run_demo(workspace, SAMPLE_DATA)
    yield path


@pytest.fixture(scope="module")
def demo(demo_path: Path) -> Iterator[Workspace]:
    with Workspace.open(demo_path) as workspace:
        yield workspace


@pytest.fixture(scope="module")
def ws(demo: Workspace) -> Workspace:
    return demo


@pytest.fixture
def scratch(demo: Workspace, tmp_path: Path) -> Iterator[Workspace]:
    """A private copy of the sample workspace, for tests that change it."""
    path = tmp_path / "copy.sqlite3"
    copy = sqlite3.connect(path)
    demo.conn.backup(copy)
    copy.close()
    with Workspace.open(path) as workspace:
        yield workspace


def pid(ws: Workspace, name: str) -> int:
    found = resolve_person(ws, name)
    assert found is not None
    return found


def names(route: dict[str, Any]) -> list[str]:
    return [p["name"] for p in route["path"]]


def formula(ws: Workspace, path: Sequence[int]) -> float:
    """The score of a path recomputed from the stored strengths and willingness, by the
    reference model."""
    network = reference.Network.of(
        ws.conn.execute("SELECT a, b, strength FROM edges"),
        dict(ws.conn.execute("SELECT id, willingness FROM people")),
    )
    for a, b in itertools.pairwise(path):
        assert b in network.neighbours(a), (a, b)
    return reference.score(network, path)


# --- the sample targets -----------------------------------------------------------------------


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_sample_targets_best_referrer(ws: Workspace, target: str) -> None:
    expected = TARGETS[target]
    document = introductions_document(who_can_introduce(ws, pid(ws, target)))
    assert document["target"]["name"] == target
    assert document["target"]["degree"] == expected["degree"]
    assert document["first_degree"] is False
    assert document["routes"], target
    best = document["routes"][0]
    assert best["rank"] == 1
    assert best["referrer"]["name"] == expected["best_referrer"]
    if "intermediary" in expected:
        assert names(best)[2] == expected["intermediary"]
        assert best["hops"] == 3
    else:
        assert best["hops"] == 2
    assert names(best)[0] == EXPECTED["me"]["name"]
    assert names(best)[-1] == target
    for route in document["routes"]:
        if route["steps"][-1]["inferred"]:  # a colleague tie: no recorded tie to score
            assert route["steps"][-1]["evidence"][0].startswith("inferred: both at ")
            continue
        ids = [p["id"] for p in route["path"]]
        assert math.isclose(route["score"], formula(ws, ids), rel_tol=1e-12)
    scores = [r["score"] for r in document["routes"]]
    assert scores[0] == max(scores)


def test_oluwaseun_via_adaeze_ranks_above_tomas(ws: Workspace) -> None:
    routes = introductions_document(who_can_introduce(ws, pid(ws, "Oluwaseun Bakare")))["routes"]
    referrers = [r["referrer"]["name"] for r in routes]
    assert referrers[:2] == ["Adaeze Nwosu", "Tomás Ferreira"]
    assert names(routes[0]) == ["Noor Haddad", "Adaeze Nwosu", "Oluwaseun Bakare"]
    assert names(routes[1]) == ["Noor Haddad", "Tomás Ferreira", "Oluwaseun Bakare"]
    assert routes[0]["score"] > routes[1]["score"]
    # Dmitri Volkov works with the target but must never be asked before Adaeze
    assert "Dmitri Volkov" not in referrers[:1]


def test_ayse_demir_is_two_hops_via_marek_who_shared_his_export(ws: Workspace) -> None:
    document = introductions_document(who_can_introduce(ws, pid(ws, "Ayşe Demir")))
    best = document["routes"][0]
    assert names(best) == ["Noor Haddad", "Marek Nowak", "Ayşe Demir"]
    assert best["hops"] == 2
    assert any("shared their export" in e for e in best["steps"][0]["evidence"])


def test_ayse_demir_is_three_hops_via_tomas_then_marek_when_noor_does_not_know_marek(
    scratch: Workspace,
) -> None:
    remove_tie(scratch, me_id(scratch) or 0, pid(scratch, "Marek Nowak"))
    document = introductions_document(who_can_introduce(scratch, pid(scratch, "Ayşe Demir")))
    best = document["routes"][0]
    assert names(best) == ["Noor Haddad", "Tomás Ferreira", "Marek Nowak", "Ayşe Demir"]
    assert best["hops"] == 3
    assert (
        introductions_document(who_can_introduce(scratch, pid(scratch, "Ayşe Demir"), max_hops=2))[
            "routes"
        ]
        == []
    )


def test_thiago_has_a_third_degree_route_via_tomas_and_marek(scratch: Workspace) -> None:
    me = me_id(scratch)
    thiago, tomas, marek = (
        pid(scratch, n) for n in ("Thiago Albuquerque", "Tomás Ferreira", "Marek Nowak")
    )
    assert (me, marek, thiago) in {
        r.path for r in find_routes(read_route_index(scratch), me, thiago, max_hops=3, via=marek)
    }
    remove_tie(scratch, me or 0, marek)  # Noor says she does not know Marek
    routes = find_routes(read_route_index(scratch), me, thiago, max_hops=3, via=marek)
    assert (me, tomas, marek, thiago) in {r.path for r in routes}


def test_camila_stays_second_degree_despite_the_pending_invitation(
    ws: Workspace,
) -> None:
    camila = pid(ws, "Camila Rocha")
    assert camila not in read_route_index(ws).neighbours(me_id(ws))[0]
    document = introductions_document(who_can_introduce(ws, camila))
    assert document["first_degree"] is False
    assert all(r["hops"] >= 2 for r in document["routes"])


def test_first_degree_target_gets_the_direct_route(ws: Workspace) -> None:
    tomas = pid(ws, "Tomás Ferreira")
    document = introductions_document(who_can_introduce(ws, tomas, top=50))
    assert document["first_degree"] is True
    direct = [r for r in document["routes"] if r["hops"] == 1]
    assert len(direct) == 1
    assert direct[0]["referrer"] is None
    assert [p["id"] for p in direct[0]["path"]] == [me_id(ws), tomas]


def test_who_can_introduce_rejects_the_user_and_bad_hops(ws: Workspace) -> None:
    me = me_id(ws)
    assert me is not None
    with pytest.raises(UsageError):
        introductions_document(who_can_introduce(ws, me))
    target = pid(ws, "Ayşe Demir")
    for bad in (0, 5):
        with pytest.raises(UsageError):
            introductions_document(who_can_introduce(ws, target, max_hops=bad))


# --- the workspace view against networkx ------------------------------------------------------

ROUTE_TARGETS = [
    "Oluwaseun Bakare",
    "Camila Rocha",
    "Ayşe Demir",
    "Thiago Albuquerque",
    "Tomás Ferreira",
    "Luiza",
]


@pytest.fixture(scope="module")
def nx_graph(ws: Workspace) -> Any:
    return build_graph(ws)


@pytest.mark.parametrize("max_hops", [2, 3, 4])
@pytest.mark.parametrize("target", ROUTE_TARGETS)
def test_workspace_view_routes_equal_networkx_routes(
    ws: Workspace, nx_graph: Any, target: str, max_hops: int
) -> None:
    me = me_id(ws)
    t = pid(ws, target)
    via_workspace = find_routes(read_route_index(ws), me, t, max_hops=max_hops)
    via_networkx = list(best_routes(nx_graph, me, t, k=None, max_hops=max_hops))
    assert [r.path for r in via_workspace] == [r.path for r in via_networkx]
    for a, b in zip(via_workspace, via_networkx, strict=True):
        assert math.isclose(a.score, b.score, rel_tol=1e-12)
    # the exported factor attribute gives the same scores as the willingness
    by_factor = list(best_routes(nx_graph, me, t, k=None, max_hops=max_hops, factor="factor"))
    assert [r.path for r in by_factor] == [r.path for r in via_networkx]
    # and who-can-introduce over recorded ties lists the top five of the same order
    document = introductions_document(who_can_introduce(ws, t, max_hops=max_hops, inferred=False))
    assert [tuple(p["id"] for p in r["path"]) for r in document["routes"]] == [
        r.path for r in via_networkx[:5]
    ]


def test_saved_route_index_is_reused_until_the_network_changes(scratch: Workspace) -> None:
    ws = scratch
    fresh = route_index(scratch)
    saved = route_index(scratch)
    for name in ("indptr", "indices", "strengths", "willingness"):
        assert (getattr(fresh, name) == getattr(saved, name)).all()
    assert not isinstance(fresh.indices, np.memmap)
    assert isinstance(saved.indices, np.memmap)  # read back from disk, not rebuilt
    adaeze = pid(ws, "Adaeze Nwosu")
    with scratch.transaction():
        set_willingness(scratch, adaeze, "unwilling")
    refreshed = route_index(scratch)
    assert refreshed.willingness[adaeze] == 0
    assert saved.willingness[adaeze] != 0
    assert isinstance(refreshed.indices, np.memmap)  # a willingness change keeps the ties
    again = route_index(scratch)
    assert again.willingness[adaeze] == 0 and isinstance(again.willingness, np.memmap)
    with scratch.transaction():
        ws.conn.execute("UPDATE edges SET strength = strength * 0.5")
    rebuilt = route_index(scratch)
    assert not isinstance(rebuilt.indices, np.memmap)  # ties changed: built anew
    assert np.allclose(rebuilt.strengths, np.asarray(saved.strengths) * 0.5)


# --- willingness ------------------------------------------------------------------------------


def test_marking_a_referrer_unwilling_removes_their_routes(scratch: Workspace) -> None:
    ws = scratch
    target = pid(ws, "Oluwaseun Bakare")
    adaeze = pid(ws, "Adaeze Nwosu")
    before = introductions_document(who_can_introduce(scratch, target, top=100))["routes"]
    assert any(adaeze in [p["id"] for p in r["path"]] for r in before)
    with scratch.transaction():
        set_willingness(scratch, adaeze, "unwilling")
    after = introductions_document(who_can_introduce(scratch, target, top=100))
    assert after["routes"]
    for route in after["routes"]:
        assert adaeze not in [p["id"] for p in route["path"][1:-1]]
    assert after["routes"][0]["referrer"]["name"] == "Tomás Ferreira"
    assert all(
        r.path[1] != adaeze
        for r in find_routes(read_route_index(scratch), me_id(scratch), target, max_hops=4)
    )
    # rank agrees
    row = next(r for r in rank_people(scratch) if r.id == target)
    assert adaeze not in row.path[1:-1]
    assert row.referrer == "Tomás Ferreira"
    # with --include-unwilling she is back, with the small factor
    generous = introductions_document(
        who_can_introduce(scratch, target, top=100, include_unwilling=True)
    )["routes"]
    through = [r for r in generous if r["referrer"] and r["referrer"]["id"] == adaeze]
    assert through
    direct = next(r for r in through if r["hops"] == 2)
    strengths = [s["strength"] for s in direct["steps"]]
    assert math.isclose(direct["score"], strengths[0] * strengths[1] * 0.1, rel_tol=1e-12)


# --- rank -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ranked(ws: Workspace) -> list[RankedPerson]:
    return rank_people(ws)


def test_rank_has_no_first_degree_people(ws: Workspace, ranked: list[Any]) -> None:
    me = me_id(ws)
    first = set(read_route_index(ws).neighbours(me)[0].tolist())
    assert ranked
    ids = [r.id for r in ranked]
    assert len(ids) == len(set(ids))
    assert me not in ids
    assert not first & set(ids)
    assert all(r.degree != 1 for r in ranked)
    # every person who is not first-degree (and not the user) is listed
    everyone = {int(r[0]) for r in ws.conn.execute("SELECT id FROM people WHERE is_me = 0")}
    assert set(ids) == everyone - first
    by_degree = EXPECTED["people_by_degree"]
    assert len(ranked) == by_degree["2"] + by_degree["3"]


def test_rank_rows_have_the_columns_and_are_sorted(ranked: list[RankedPerson]) -> None:
    for row in ranked:
        assert set(RANK_COLUMNS) - {"person_id", "warmth"} <= set(vars(row))
    scores = [r.score for r in ranked]
    scored = [s for s in scores if s is not None]
    assert scored == sorted(scored, reverse=True)
    # unscored people (no route within the hops) come last
    assert scores[: len(scored)] == scored
    assert all(s is None for s in scores[len(scored) :])
    for row in ranked:
        if row.score is None:
            assert row.routes_found == 0 and row.referrer is None and row.route is None
        else:
            assert row.route.split(" > ")[1] == row.referrer
            assert row.route.split(" > ")[0] == "Noor Haddad"
            assert row.route.split(" > ")[-1] == row.name


def test_rank_best_route_equals_who_can_introduce(
    ws: Workspace, ranked: list[RankedPerson]
) -> None:
    by_id = {r.id: r for r in ranked}
    names_to_check = [*TARGETS, "Luiza", "Ines"]
    picks = [pid(ws, n) for n in names_to_check] + [r.id for r in ranked[::40]]
    for person in picks:
        row = by_id[person]
        # rank scores recorded ties only (docs/scoring.md)
        found = who_can_introduce(ws, person, top=1, inferred=False)
        routes = introductions_document(found)["routes"]
        if row.score is None:
            assert routes == []
            continue
        top = routes[0]
        assert math.isclose(row.score, top["score"], rel_tol=1e-12), row.name
        assert math.isclose(row.score, formula(ws, row.path), rel_tol=1e-12)
        assert row.referrer == top["referrer"]["name"]
        assert row.route == " > ".join(names(top)) or math.isclose(
            formula(ws, [p["id"] for p in top["path"]]), row.score, rel_tol=1e-12
        )


@pytest.mark.parametrize("max_hops", [2, 3])
def test_rank_routes_found_equals_find_routes(ws: Workspace, max_hops: int) -> None:
    me = me_id(ws)
    rows = rank_people(ws, max_hops=max_hops)
    index = read_route_index(ws)
    assert any(r.routes_found > 1 for r in rows)
    for row in rows:
        routes = find_routes(index, me, row.id, max_hops=max_hops)
        assert row.routes_found == len(routes), row.name
        if routes:
            best = max(r.score for r in routes)
            assert math.isclose(row.score, best, rel_tol=1e-12), row.name


def test_rank_targets_of_the_sample(ws: Workspace, ranked: list[Any]) -> None:
    by_name = {r.name: r for r in ranked}
    for name, expected in TARGETS.items():
        row = by_name[name]
        assert row.degree == expected["degree"]
        assert row.referrer == expected["best_referrer"]


def test_rank_company_filter(ws: Workspace, ranked: list[Any]) -> None:
    rows = rank_people(ws, company="Halcyon")
    assert rows
    assert "Oluwaseun Bakare" in {r.name for r in rows}
    assert all("halcyon" in company_key(r.company) for r in rows)
    expected = [r.id for r in ranked if "halcyon" in (company_key(r.company) or "")]
    assert [r.id for r in rows] == expected
    # the company as the sample writes it
    full = rank_people(ws, company="Halcyon Robotics, Inc.")
    assert {r.id for r in full} == set(expected)


def test_rank_company_filter_takes_the_text_literally(ws: Workspace) -> None:
    """``--company`` keeps people whose company contains the text: "%" and "_" are not
    wildcards (no company in the sample contains either)."""
    assert rank_people(ws, company="%") == []
    assert rank_people(ws, company="_") == []


def test_rank_title_filter(ws: Workspace, ranked: list[Any]) -> None:
    rows = rank_people(ws, title="engineering manager")
    assert "Oluwaseun Bakare" in {r.name for r in rows}
    assert all("engineering manager" in fold_text(r.title) for r in rows)
    expected = [r.id for r in ranked if "engineering manager" in fold_text(r.title)]
    assert [r.id for r in rows] == expected
    both = rank_people(ws, title="engineering manager", company="halcyon")
    assert {r.name for r in both} >= {"Oluwaseun Bakare"}
    assert all("halcyon" in company_key(r.company) for r in both)


def test_rank_top(ws: Workspace, ranked: list[Any]) -> None:
    assert rank_people(ws, top=7) == ranked[:7]
    with pytest.raises(UsageError):
        rank_people(ws, max_hops=4)


def test_rank_targets_only(scratch: Workspace) -> None:
    ws = scratch
    with scratch.transaction():
        for name in TARGETS:
            add_target(scratch, pid(ws, name))
        add_target(scratch, pid(ws, "Tomás Ferreira"))  # first-degree: never ranked
        add_target(scratch, None, name="Nobody Yet", company="Nowhere Ltd")
    rows = rank_people(scratch, targets_only=True)
    assert [r.name for r in rows] == sorted(
        TARGETS, key=lambda n: -next(r.score for r in rows if r.name == n)
    )
    assert {r.name: r.referrer for r in rows} == {n: t["best_referrer"] for n, t in TARGETS.items()}
    only_halcyon = rank_people(scratch, targets_only=True, company="Halcyon")
    assert [r.name for r in only_halcyon] == ["Oluwaseun Bakare"]


# --- targets ----------------------------------------------------------------------------------


def test_add_list_remove_targets(scratch: Workspace) -> None:
    ws = scratch
    oluwaseun = pid(ws, "Oluwaseun Bakare")
    with scratch.transaction():  # the demo adds the sample's targets: start from none
        for target in list_targets(scratch):
            remove_target(scratch, str(target.person_id))
        added = add_target(scratch, oluwaseun)
        again = add_target(scratch, oluwaseun)
    assert added.person_id == oluwaseun
    assert added.name == "Oluwaseun Bakare"
    assert added.company == "Halcyon Robotics, Inc."
    assert again.id == added.id
    assert [t.person_id for t in list_targets(scratch)] == [oluwaseun]
    with scratch.transaction():
        assert remove_target(scratch, "Oluwaseun Bakare") == "Oluwaseun Bakare"
    assert list_targets(scratch) == []
    with pytest.raises(UsageError):
        add_target(scratch, me_id(scratch))


def test_waiting_target_is_matched_by_a_later_import(workspace: Workspace) -> None:
    with workspace.transaction() as ws:
        set_me(workspace, "Noor Haddad")
        waiting = add_target(workspace, None, name="Grace Hopper", company="Navy Labs")
        other = add_target(workspace, None, name="Alan Turing", company="Bletchley Park")
        name_only = add_target(workspace, None, name="Edsger Dijkstra")
    assert waiting.person_id is None and other.person_id is None
    assert name_only.person_id is None
    ws = workspace.conn
    assert [t.name for t in list_targets(workspace)] == [
        "Grace Hopper",
        "Alan Turing",
        "Edsger Dijkstra",
    ]
    friend = contact("Ada Friend", url="https://www.linkedin.com/in/ada-friend", company="Acme")
    load(workspace, linkedin_export(friend))
    summary = load(
        workspace,
        linkedin_export(
            contact("Grace Hopper", url="https://www.linkedin.com/in/grace-h", company="Navy Labs"),
            contact("Alan Turing", url="https://www.linkedin.com/in/alan-t", company="Other Co"),
            contact("Edsger Dijkstra", url="https://www.linkedin.com/in/ewd", company="TU"),
            path="friend/Connections.csv",
        ),
        owner="Ada Friend",
    )
    assert summary.targets_matched == 2
    grace = the_person(ws, "Grace Hopper")
    edsger = the_person(ws, "Edsger Dijkstra")
    by_name = {t.name: t for t in list_targets(workspace)}
    assert by_name["Grace Hopper"].person_id == grace
    assert by_name["Grace Hopper"].degree == 2
    assert by_name["Edsger Dijkstra"].person_id == edsger
    # same name, different company: still waiting
    assert by_name["Alan Turing"].person_id is None
    rows = rank_people(workspace, targets_only=True)
    assert {r.name for r in rows} == {"Grace Hopper", "Edsger Dijkstra"}
    for row in rows:
        assert row.referrer == "Ada Friend"
        assert row.routes_found == 1
    assert match_waiting_targets(workspace) == 0
    with workspace.transaction():
        assert remove_target(workspace, "Grace Hopper") == "Grace Hopper"
    assert "Grace Hopper" not in {t.name for t in list_targets(workspace)}


def test_remove_waiting_target_when_another_person_has_that_name(workspace: Workspace) -> None:
    """A waiting target can be removed by its name even if someone else carries that name.

    The Alan Turing in the workspace works elsewhere, so the target keeps waiting; removing the
    target by name must still find it (not fail with "no person matches").
    """
    load(
        workspace,
        linkedin_export(
            contact("Alan Turing", url="https://www.linkedin.com/in/alan-t", company="Other Co")
        ),
    )
    with workspace.transaction():
        waiting = add_target(workspace, None, name="Alan Turing", company="Bletchley Park")
    assert waiting.person_id is None
    with workspace.transaction():
        assert remove_target(workspace, "Alan Turing") == "Alan Turing"
    assert list_targets(workspace) == []


def test_remove_waiting_target_by_name(workspace: Workspace) -> None:
    with workspace.transaction():
        set_me(workspace, "Noor Haddad")
        add_target(workspace, None, name="Ada Waiting", company="Acme")
    with workspace.transaction():
        assert remove_target(workspace, "ada waiting") == "Ada Waiting"
    assert list_targets(workspace) == []


def test_waiting_target_for_a_person_already_known_is_matched_at_once(
    workspace: Workspace,
) -> None:
    load(
        workspace,
        linkedin_export(
            contact("Grace Hopper", url="https://www.linkedin.com/in/gh", company="Navy")
        ),
    )
    with workspace.transaction():
        target = add_target(workspace, None, name="grace  HOPPER", company="navy")
    assert target.person_id == the_person(workspace.conn, "Grace Hopper")


def test_the_same_waiting_target_added_twice_is_matched_by_the_import(
    workspace: Workspace,
) -> None:
    with workspace.transaction():
        set_me(workspace, "Noor Haddad")
        add_target(workspace, None, name="Grace Hopper", company="Navy Labs")
        add_target(workspace, None, name="Grace Hopper", company="Navy Labs")
    summary = load(
        workspace,
        linkedin_export(
            contact("Grace Hopper", url="https://www.linkedin.com/in/grace-h", company="Navy Labs")
        ),
    )
    grace = the_person(workspace.conn, "Grace Hopper")
    targets = list_targets(workspace)
    # the import brought her in: no target named Grace Hopper is left waiting
    assert [t.person_id for t in targets if t.name == "Grace Hopper"] == [grace]
    assert summary.targets_matched == 1
