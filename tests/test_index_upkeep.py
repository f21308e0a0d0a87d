"""The route index an import patches, and the degrees it stores, equal a rebuild's.

An import that finds the saved route index current patches it with the ties it changed instead
of reading every tie back (:mod:`netgraph.routes.upkeep`). A patch that missed one change would
send users along ties that no longer exist, so every test here compares with the index and the
degrees built from scratch, on random graphs and on real imports (merges included), and checks
that a change by another connection, or a stale saved index, falls back to reading the ties.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from cli_helpers import ok_in
from hypothesis import given, settings
from hypothesis import strategies as st

from netgraph.identity.facts import PersonFacts
from netgraph.identity.names import name_key
from netgraph.identity.people import set_me
from netgraph.ingest.apply import import_linkedin, import_vcard
from netgraph.ingest.batch import import_batch
from netgraph.routes import upkeep as upkeep_module
from netgraph.routes.cache import read_route_index, route_index, saved_index, saved_tokens
from netgraph.routes.index import RouteIndex, build_index_from_tie_keys
from netgraph.routes.index_patch import NO_DEGREE, degrees_from, patch_index
from netgraph.routes.model import willingness_code
from netgraph.routes.upkeep import keeping_routes_current
from netgraph.ties.stated import state_tie
from netgraph.workspace import Workspace

SAMPLE_DATA = Path(__file__).resolve().parent.parent / "sample_data"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


# --- the patch itself, against building from scratch -------------------------------------------

WILLINGNESS = ("willing", "unknown", "unwilling")


def _index(size: int, ties: dict[tuple[int, int], float], will: dict[int, str]) -> RouteIndex:
    keys = np.array(sorted(a << 32 | b for a, b in ties), dtype=np.int64)
    strengths = np.array([ties[(int(k) >> 32, int(k) & 0xFFFFFFFF)] for k in keys])
    codes = np.array([willingness_code(will.get(p, "unknown")) for p in range(size)], np.int8)
    return build_index_from_tie_keys(size, keys, strengths, codes)


def _same(one: RouteIndex, other: RouteIndex) -> None:
    assert one.size == other.size
    assert np.array_equal(one.indptr, other.indptr)
    assert np.array_equal(one.indices, other.indices)
    assert np.array_equal(one.strengths, other.strengths)
    assert np.array_equal(one.willingness, other.willingness)


@st.composite
def _before_and_after(draw: st.DrawFn) -> tuple[int, dict, dict, int, dict, dict]:
    size = draw(st.integers(1, 14))
    pairs = [(a, b) for a in range(size) for b in range(a + 1, size)]
    strength = st.sampled_from([0.05, 0.2, 0.5, 0.9, 1.0])
    before = draw(st.dictionaries(st.sampled_from(pairs), strength)) if pairs else {}
    will_before = draw(st.dictionaries(st.integers(0, size - 1), st.sampled_from(WILLINGNESS)))
    # People are added at the end or removed from anywhere (the last ones too: the size shrinks).
    new_size = draw(st.integers(1, size + 4))
    removed = draw(st.sets(st.integers(0, new_size - 1), max_size=3))
    alive = [p for p in range(new_size) if p not in removed]
    new_pairs = [(a, b) for a in alive for b in alive if a < b]
    after = {pair: s for pair, s in before.items() if set(pair) <= set(alive)}
    for pair in draw(st.lists(st.sampled_from(new_pairs), max_size=8)) if new_pairs else []:
        after[pair] = draw(strength)
    for pair in draw(st.lists(st.sampled_from(sorted(after)), max_size=4)) if after else []:
        after.pop(pair, None)
    if alive and max(alive) + 1 < new_size:
        new_size = max(alive) + 1  # the size is the largest id + 1
    will_after = {p: w for p, w in will_before.items() if p in alive and p < new_size}
    will_after.update(
        draw(st.dictionaries(st.sampled_from(alive or [0]), st.sampled_from(WILLINGNESS)))
    )
    will_after = {p: w for p, w in will_after.items() if p in alive and p < new_size}
    return size, before, will_before, new_size, after, will_after


@settings(max_examples=300, deadline=None)
@given(_before_and_after())
def test_a_patched_index_is_the_index_built_from_scratch(case: tuple) -> None:
    size, before, will_before, new_size, after, will_after = case
    changed = sorted(
        pair for pair in set(before) | set(after) if before.get(pair) != after.get(pair)
    )
    keys = np.array([a << 32 | b for a, b in changed], dtype=np.int64)
    strengths = np.array([after.get(pair, 0.0) for pair in changed], dtype=np.float64)
    people = sorted(
        {p for p in range(max(size, new_size)) if will_before.get(p) != will_after.get(p)}
        | set(range(size, new_size))
        | {p for p in range(size) if p >= new_size}
    )
    gone = set(range(new_size, size))
    changes = [(p, None if p in gone else will_after.get(p, "unknown")) for p in people]
    old = _index(size, before, will_before)
    patched = patch_index(old, new_size, keys, strengths, changes)
    _same(patched, _index(new_size, after, will_after))


def test_a_patch_refuses_a_log_that_missed_someone() -> None:
    old = _index(3, {(0, 1): 0.5}, {})
    tie = np.array([1 << 32 | 4], dtype=np.int64)  # person 4 is beyond the size given
    with pytest.raises(ValueError, match="incomplete"):
        patch_index(old, 3, tie, np.array([0.5]), [])


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 12).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))),
            st.integers(0, n - 1),
        )
    )
)
def test_degrees_are_the_distances_from_the_user_up_to_three(case: tuple) -> None:
    size, pairs, me = case
    ties = {(min(a, b), max(a, b)): 0.5 for a, b in pairs if a != b}
    graph = nx.Graph(list(ties))
    graph.add_nodes_from(range(size))
    expected = np.full(size, NO_DEGREE, dtype=np.int8)
    for person, distance in nx.single_source_shortest_path_length(graph, me, cutoff=3).items():
        expected[person] = distance
    assert np.array_equal(degrees_from(_index(size, ties, {}), me), expected)
    assert (degrees_from(_index(size, ties, {}), None) == NO_DEGREE).all()


# --- imports: the saved index and the stored degrees ---------------------------------------------


def _stored_degrees(workspace: Workspace) -> dict[int, int | None]:
    return dict(workspace.conn.execute("SELECT id, degree FROM people").fetchall())


def _assert_current(workspace: Workspace) -> None:
    """The saved index is valid and equals the ties read whole; the stored degrees are what
    the SQL recomputation gives."""
    token = workspace.graph.token("graph_state")
    assert token != "dirty" and saved_tokens(workspace) == token
    saved = saved_index(workspace, token)
    assert saved is not None
    _same(saved, read_route_index(workspace))
    stored = _stored_degrees(workspace)
    with workspace.transaction():
        workspace.ties.refresh_degrees(3)
    assert _stored_degrees(workspace) == stored


@pytest.fixture
def patches(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each refresh of an import patched the saved index (True) or read it whole."""
    seen: list[bool] = []
    refresh = upkeep_module.IndexUpkeep.refresh

    def spy(self: upkeep_module.IndexUpkeep, **options: bool) -> RouteIndex:
        index = refresh(self, **options)
        seen.append(self.patched)
        return index

    monkeypatch.setattr(upkeep_module.IndexUpkeep, "refresh", spy)
    return seen


def test_each_sample_import_after_the_first_patches_the_index(
    workspace: Workspace, patches: list[bool]
) -> None:
    manifest = json.loads((SAMPLE_DATA / "demo.json").read_text(encoding="utf-8"))
    me = manifest["me"]
    with workspace.transaction():
        set_me(workspace, me["name"], emails=me["emails"], linkedin_url=me["linkedin"])
    for item in manifest["imports"]:
        path = SAMPLE_DATA / item["path"]
        if item["kind"] == "linkedin":
            import_linkedin(workspace, path, owner=item.get("owner"))
        else:
            import_vcard(workspace, path, region=item.get("region"))
        _assert_current(workspace)
    assert patches == [False] + [True] * (len(manifest["imports"]) - 1)
    degrees = _stored_degrees(workspace)
    assert sorted({d for d in degrees.values() if d is not None}) == [0, 1, 2]


def _export(folder: Path, name: str, rows: list[str]) -> Path:
    path = folder / name / "Connections.csv"
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_an_import_that_merges_people_patches_the_index_right(
    workspace: Workspace, tmp_path: Path, patches: list[bool]
) -> None:
    """A row with Sam's email and Samuel's profile joins the two people the earlier files made
    (different names and employers kept them apart): one person's ties move to the other and
    that person is deleted."""
    with workspace.transaction():
        set_me(workspace, "Ana Lima")
    mine = _export(
        tmp_path,
        "me",
        [
            "Bea,Cruz,https://www.linkedin.com/in/bea-cruz,,Globex,Engineer,01 Jan 2024",
            "Sam,Lee,,sam.lee@example.com,Initech,Analyst,01 Jan 2024",
        ],
    )
    beas = _export(
        tmp_path,
        "bea",
        [
            "Samuel,Lee,https://www.linkedin.com/in/sam-lee-1,,Hooli,Chef,01 Jan 2024",
            "Kim,Ong,https://www.linkedin.com/in/kim-ong,,Umbrella,Chemist,01 Jan 2024",
        ],
    )
    joined = _export(
        tmp_path,
        "kim",
        ["Sam,Lee,https://www.linkedin.com/in/sam-lee-1,sam.lee@example.com,Initech,,"],
    )
    import_linkedin(workspace, mine)
    import_linkedin(workspace, beas, owner="Bea Cruz")
    people_before = workspace.conn.execute("SELECT count(*) FROM people").fetchone()[0]
    import_linkedin(workspace, joined, owner="Kim Ong")
    assert workspace.conn.execute("SELECT count(*) FROM people").fetchone()[0] < people_before
    _assert_current(workspace)
    assert patches == [False, True, True]


def _ana_knows_bea(workspace: Workspace, tmp_path: Path) -> None:
    """The user Ana, and her own export listing Bea (the import saves the route index)."""
    with workspace.transaction():
        set_me(workspace, "Ana Lima")
    import_linkedin(
        workspace,
        _export(tmp_path, "me", ["Bea,Cruz,https://www.linkedin.com/in/bea-cruz,,Globex,,"]),
    )


def test_a_batch_into_a_current_workspace_patches_once(
    workspace: Workspace, tmp_path: Path, patches: list[bool]
) -> None:
    _ana_knows_bea(workspace, tmp_path)
    _export(tmp_path, "bea", ["Kim,Ong,https://www.linkedin.com/in/kim-ong,,Umbrella,,"])
    _export(tmp_path, "kim", ["Lu,Wen,https://www.linkedin.com/in/lu-wen,,Hooli,,"])
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "path,kind,owner\nbea,linkedin,Bea Cruz\nkim,linkedin,https://www.linkedin.com/in/kim-ong\n",
        encoding="utf-8",
    )
    result = import_batch(workspace, manifest)
    assert not result.failures
    _assert_current(workspace)
    assert patches == [False, True]
    # Kim shared an export, so Kim knows the user: Lu, on Kim's list, is second degree.
    assert _stored_degrees(workspace)[workspace.people.named("lu wen")[0]] == 2


def test_a_change_by_another_connection_makes_the_import_read_the_ties_whole(
    workspace: Workspace,
    workspace_path: Path,
    tmp_path: Path,
    patches: list[bool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _ana_knows_bea(workspace, tmp_path)
    _export(tmp_path, "bea", ["Kim,Ong,https://www.linkedin.com/in/kim-ong,,Umbrella,,"])
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("path,kind,owner\nbea,linkedin,Bea Cruz\n", encoding="utf-8")
    # A second process states a tie while the batch's watch is on: not in this connection's log.
    real_watch = upkeep_module.IndexUpkeep.watch

    def watch_then_another_process_writes(self: upkeep_module.IndexUpkeep) -> None:
        real_watch(self)
        with Workspace.open(workspace_path) as other, other.transaction():
            me, bea = other.people.me(), other.people.named("bea cruz")[0]
            assert me is not None
            friend = other.people.insert_many([PersonFacts.build("Zoe Park").details()])[0]
            state_tie(other, me, bea, friend, strength="close")
            state_tie(other, me, me, friend, strength="close")

    monkeypatch.setattr(upkeep_module.IndexUpkeep, "watch", watch_then_another_process_writes)
    import_batch(workspace, manifest)
    assert patches == [False, False]
    _assert_current(workspace)


def test_a_stale_saved_index_is_read_whole_not_patched(
    workspace: Workspace, tmp_path: Path, patches: list[bool]
) -> None:
    _ana_knows_bea(workspace, tmp_path)
    with workspace.transaction():  # a change no import made: the saved index goes stale
        me, bea = workspace.people.me(), workspace.people.named("bea cruz")[0]
        assert me is not None
        state_tie(workspace, me, me, bea, strength="weak")
    import_linkedin(
        workspace,
        _export(tmp_path, "bea", ["Kim,Ong,https://www.linkedin.com/in/kim-ong,,Umbrella,,"]),
        owner="Bea Cruz",
    )
    assert patches == [False, False]
    _assert_current(workspace)
    assert route_index(workspace).size == workspace.route_changes.network_size()


# --- the user's repairs keep the index current too ------------------------------------------------


def _id(workspace_path: Path, name: str) -> int:
    with Workspace.open(workspace_path) as workspace:
        return workspace.people.named(name_key(name), with_me=True)[0]


def test_ties_merges_splits_and_undos_patch_the_index(sample: Path, patches: list[bool]) -> None:
    """Each repair command ends with the saved index current (patched, not read whole) and
    the degrees right, as an import does: at a million people, recomputing them took 11 s and
    rebuilding the index 6 s."""
    ok_in(sample, "who-can-introduce", "Camila Rocha")  # saves the index
    a, b = _id(sample, "Camila Rocha"), _id(sample, "Ayşe Demir")
    steps = [
        ("tie", f"#{a}", f"#{b}", "--strength", "close"),
        ("tie", f"#{a}", f"#{b}", "--remove"),
        ("tie", f"#{a}", f"#{b}", "--restore"),
        ("merge", f"#{a}", f"#{b}"),
        ("undo",),
        ("split", "Yuki Ito", "--source", "contacts.vcf"),  # a card of her in your phone
        ("undo",),
    ]
    for step in steps:
        ok_in(sample, *step)
        with Workspace.open(sample) as workspace:
            _assert_current(workspace)
    assert patches == [True] * len(steps)


def test_a_referral_and_the_import_that_brings_the_referred_person_patch_the_index(
    sample: Path, tmp_path: Path, patches: list[bool]
) -> None:
    """``log met --referred`` adds ties; a later import that brings the referred person in
    matches the waiting target and adds the referral's tie: both before the index is patched."""
    ok_in(sample, "who-can-introduce", "Camila Rocha")  # saves the index
    ok_in(sample, "log", "Tomás Ferreira", "met", "--referred", "Newt Quill, Initech")
    with Workspace.open(sample) as workspace:
        _assert_current(workspace)
    export = _export(tmp_path, "me", ["Newt,Quill,https://www.linkedin.com/in/newt-q,,Initech,,"])
    ok_in(sample, "import", "linkedin", export)
    with Workspace.open(sample) as workspace:
        _assert_current(workspace)
        newt, tomas = (
            workspace.people.named("newt quill")[0],
            workspace.people.named(name_key("Tomás Ferreira"))[0],
        )
        assert workspace.ties.linked(newt, tomas)  # the referral's tie, added on matching
    assert patches == [True, True]


def test_a_block_that_changes_no_tie_keeps_the_saved_index(sample: Path) -> None:
    ok_in(sample, "who-can-introduce", "Camila Rocha")
    with Workspace.open(sample) as workspace:
        before = saved_tokens(workspace)
        with keeping_routes_current(workspace):
            pass
        assert saved_tokens(workspace) == before == workspace.graph.token("graph_state")


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 25), st.data())
def test_entry_positions_find_each_entry_or_where_it_would_go(
    size: int, data: st.DataObject
) -> None:
    """:meth:`RouteIndex.entry_positions` agrees with reading each row, for one look-up and
    for many at once, by binary searches and by the sorted search it uses for very many
    look-ups (rank's detour counts); the patch relies on it too."""
    pairs = data.draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1))))
    ties = {(min(a, b), max(a, b)): 0.5 for a, b in pairs if a != b}
    index = _index(size, ties, {})
    node = st.integers(0, size - 1)
    for count in (1, 40):
        asked = data.draw(st.lists(st.tuples(node, node), min_size=count, max_size=count))
        a = np.array([x for x, _ in asked], dtype=np.int64)
        b = np.array([y for _, y in asked], dtype=np.int64)
        searched = index.entry_positions(a, b)
        merged = index._positions_by_merge(np.unique(a), a, b)
        for positions, found in (searched, merged):
            for x, y, position, there in zip(a, b, positions, found, strict=True):
                row = index.indices[index.indptr[x] : index.indptr[x + 1]]
                k = int(np.searchsorted(row, y))
                assert position == index.indptr[x] + k
                assert there == (k < len(row) and row[k] == y)
