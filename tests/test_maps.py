"""``netgraph map``: which people each map shows, and a page that is safe, offline and private.

Browser tests (the page actually drawn in Chromium) are in ``test_maps_browser.py``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import SAMPLE_DATA

from netgraph.cli import LAZY_COMMANDS, cli
from netgraph.errors import NetgraphError, PersonNotFound, UsageError
from netgraph.identity.people import me_id, resolve_person, set_willingness
from netgraph.maps.layout import radial_layout
from netgraph.maps.render import page_document, render_html, safe_json, vis_network_js, write_map
from netgraph.maps.select import select_map
from netgraph.routes.cache import route_index
from netgraph.routes.documents import introductions_document
from netgraph.routes.introductions import who_can_introduce
from netgraph.text import fold_text
from netgraph.workspace import Workspace

SAMPLE_TARGETS = ("Oluwaseun Bakare", "Camila Rocha", "Ayşe Demir", "Thiago Albuquerque")
PAYLOADS = (
    "<img src=x onerror=window.__pwned=1>",
    "<svg onload=window.__pwned=1>",
    "</script><script>window.__pwned=1</script>",
    '<a href="javascript:window.__pwned=1">x</a> href',
)


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from netgraph.demo import run_demo

    path = tmp_path_factory.mktemp("sample") / "workspace.sqlite3"
    with Workspace.open(path) as workspace:
        run_demo(workspace, SAMPLE_DATA)  # with its four targets, SAMPLE_TARGETS
    return path


@pytest.fixture
def sample(sample_file: Path, workspace_path: Path) -> Iterator[Workspace]:
    """A copy of the sample workspace (with its four targets) at NETGRAPH_WORKSPACE."""
    source = sqlite3.connect(sample_file)
    copy = sqlite3.connect(workspace_path)
    source.backup(copy)
    source.close()
    copy.close()
    os.chmod(workspace_path, 0o600)
    with Workspace.open(workspace_path) as workspace:
        yield workspace


def page_data(html: str) -> dict[str, Any]:
    match = re.search(
        r'<script type="application/json" id="netgraph-data">(.*?)</script>', html, re.S
    )
    assert match is not None
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def without_vis(html: str) -> str:
    return html.replace(vis_network_js(), "")


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


# --- selection ---------------------------------------------------------------------------------


def test_network_map_holds_everyone_when_it_fits(sample: Workspace) -> None:
    conn = sample.conn
    selection = select_map(sample, route_index(sample))
    people = conn.execute("SELECT count(*) FROM people").fetchone()[0]
    ties = conn.execute("SELECT count(*) FROM edges").fetchone()[0]
    assert selection.kind == "network"
    assert len(selection.people) == people
    assert len(selection.ties) == ties
    assert selection.left_out_people == selection.left_out_ties == 0
    assert sum(p.is_me for p in selection.people.values()) == 1
    assert {p.name for p in selection.people.values() if p.is_target} == set(SAMPLE_TARGETS)


def test_max_nodes_keeps_the_most_relevant_and_counts_the_rest(sample: Workspace) -> None:
    conn = sample.conn
    selection = select_map(sample, route_index(sample), max_nodes=60)
    total = conn.execute("SELECT count(*) FROM people").fetchone()[0]
    kept = selection.people
    assert len(kept) == 60
    assert selection.left_out_people == total - 60
    assert selection.left_out_ties > 0
    assert me_id(sample) in kept
    for name in SAMPLE_TARGETS:  # targets and their best routes come first
        target = resolve_person(sample, name)
        assert target in kept
        assert all(p in kept for p in selection.best_paths[target])
    willing = [p for (p,) in conn.execute("SELECT id FROM people WHERE willingness = 'willing'")]
    assert all(p in kept for p in willing)
    # every tie drawn joins two people drawn
    assert all(t.a in kept and t.b in kept for t in selection.ties)
    html = render_html(page_document(selection))
    assert f"{total - 60:,} of {total:,} people" in page_data(html)["leftOut"]


def test_focus_map_draws_the_top_routes_with_their_scores(sample: Workspace) -> None:
    target = resolve_person(sample, "Camila Rocha")
    assert target is not None
    index = route_index(sample)
    selection = select_map(sample, index, focus=target)
    expected = introductions_document(who_can_introduce(sample, target, top=5, index=index))[
        "routes"
    ]
    assert [round(r.score, 9) for r in selection.routes] == [round(r["score"], 9) for r in expected]
    assert [r.path for r in selection.routes] == [[p["id"] for p in r["path"]] for r in expected]
    route_ties = {
        (min(a, b), max(a, b))
        for r in selection.routes
        for a, b in zip(r.path, r.path[1:], strict=False)
    }
    drawn = {(t.a, t.b): t for t in selection.ties}
    assert route_ties <= set(drawn)
    assert all(drawn[key].routes for key in route_ties)
    page = page_document(selection)
    # the scores label the person to ask, never a tie (an edge label covered the user's name)
    assert not any("label" in e for e in page["edges"])
    labels = [p.get("label", "") for p in page["people"]]
    assert any(f"#1 {selection.routes[0].score:.3f} warm" in label for label in labels)
    assert page["heading"] == "Routes to Camila Rocha"


def test_company_map_holds_everyone_at_the_company(sample: Workspace) -> None:
    conn = sample.conn
    selection = select_map(sample, route_index(sample), company="kestrel")
    at_company = {
        pid
        for pid, company in conn.execute("SELECT id, company FROM people WHERE is_me = 0")
        if "kestrel" in fold_text(company)
    }
    assert at_company
    assert at_company <= set(selection.people)
    assert all(selection.people[p].focus for p in at_company)
    assert all(r.target in at_company for r in selection.routes)
    with pytest.raises(UsageError, match="nobody"):
        select_map(sample, route_index(sample), company="no such company anywhere")


def test_targets_map_and_its_errors(sample: Workspace) -> None:
    conn = sample.conn
    index = route_index(sample)
    selection = select_map(sample, index, targets=True)
    targets = {resolve_person(sample, n) for n in SAMPLE_TARGETS}
    assert targets <= set(selection.people)
    assert {r.target for r in selection.routes} == targets
    with pytest.raises(UsageError, match="one of"):
        select_map(sample, index, targets=True, company="Kestrel")
    with pytest.raises(UsageError, match="that is you"):
        select_map(sample, index, focus=me_id(sample))
    conn.execute("DELETE FROM targets")
    with pytest.raises(UsageError, match="no targets"):
        select_map(sample, index, targets=True)


def test_unwilling_people_are_muted_and_willing_ones_stand_out(sample: Workspace) -> None:
    someone = resolve_person(sample, "Jürgen Weber")
    assert someone is not None
    with sample.transaction():
        set_willingness(sample, someone, "unwilling")
    selection = select_map(sample, route_index(sample))
    page = page_document(selection)
    ids = list(selection.people)
    node = page["nodes"][ids.index(someone)]
    assert node["color"]["background"] == "#e5e7eb"
    assert "Willing to refer: no" in page["people"][ids.index(someone)]["willingnessText"]
    shapes = {page["nodes"][i]["shape"] for i, p in enumerate(ids) if selection.people[p].is_target}
    assert shapes == {"star"}
    willing = [i for i, p in enumerate(ids) if selection.people[p].willingness == "willing"]
    assert willing and all(page["nodes"][i]["shape"] in ("diamond", "star") for i in willing)


def test_layout_puts_me_in_the_centre_and_rings_outwards() -> None:
    nodes = ["me", "a", "b", "c", "d", "alone"]
    ties = [("me", "a", 0.9), ("me", "b", 0.5), ("a", "c", 0.4), ("c", "d", 0.3)]
    positions = radial_layout(nodes, ties, "me")
    radius = {n: (x * x + y * y) ** 0.5 for n, (x, y) in positions.items()}
    assert positions["me"] == (0.0, 0.0)
    assert radius["a"] == pytest.approx(radius["b"], abs=0.5)
    assert radius["a"] < radius["c"] < radius["d"] < radius["alone"]
    assert radial_layout(nodes, ties, "me") == positions  # deterministic


# --- the page ----------------------------------------------------------------------------------


def test_safe_json_cannot_close_the_script_element() -> None:
    text = safe_json({"n": "</script><script>alert(1)</script> & <!-- \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text
    assert json.loads(text) == {"n": "</script><script>alert(1)</script> & <!-- \u2028"}


def test_page_is_offline_and_escapes_contact_data(sample: Workspace, tmp_path: Path) -> None:
    with sample.transaction() as tx:
        for i, payload in enumerate(PAYLOADS):
            tx.execute(
                "UPDATE people SET name = ?, company = ?, title = ? WHERE id = ("
                "SELECT id FROM people WHERE is_me = 0 ORDER BY id LIMIT 1 OFFSET ?)",
                (f"{payload} {i}", payload, payload, i),
            )
    html_path = tmp_path / "map.html"
    write_map(sample, html_path)
    html = html_path.read_text(encoding="utf-8")
    ours = without_vis(html)
    for payload in PAYLOADS:
        assert payload not in html
    assert "</script><script>window" not in html
    assert ours.count("<script") == 3  # data, vis-network, the page's own script
    # nothing is ever fetched: no URL attributes, no external hosts, a CSP that forbids them
    markup = ours.replace(safe_json(page_data(html)), "")
    assert len(markup) < len(ours)
    assert not re.search(r"\b(src|href)\s*=", markup, re.I)
    assert not re.search(r"https?://", markup)
    assert not re.search(r"<(link|iframe|img|object|embed|svg)\b", markup, re.I)
    assert "default-src 'none'" in ours
    assert not re.search(r"<script[^>]*\bsrc\b", html, re.I)
    # the page's own script never parses contact data as HTML
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in ours
    data = page_data(html)
    names = {p["name"] for p in data["people"]}
    assert {f"{payload} {i}" for i, payload in enumerate(PAYLOADS)} <= names
    assert all(isinstance(node["id"], int) for node in data["nodes"])
    assert [node["id"] for node in data["nodes"]] == list(range(len(data["nodes"])))
    # vis-network's licence notice travels with the inlined bundle
    assert "vis.js is dual licensed" in html and "@license" in html


def test_map_file_is_private_utf8_and_written_atomically(
    sample: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "maps"
    folder.mkdir()
    path = folder / "map.html"
    summary = write_map(sample, path, focus="Ayşe Demir")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_bytes().decode("utf-8")
    assert "Ayşe Demir" in text
    assert summary.kind == "focus" and summary.nodes == len(page_data(text)["nodes"])

    def broken_replace(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises((OSError, NetgraphError)):  # files.py may report it as a NetgraphError
        write_map(sample, path)
    assert path.read_text(encoding="utf-8") == text  # the previous map survives
    assert sorted(p.name for p in folder.iterdir()) == ["map.html"]  # no temporary file left


# --- the command -------------------------------------------------------------------------------


@pytest.fixture
def map_command_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(LAZY_COMMANDS, "map", "netgraph.cli.map_cmd:map_command")


@pytest.mark.usefixtures("map_command_registered")
def test_map_command_writes_each_kind(sample: Workspace, tmp_path: Path) -> None:
    for args in ([], ["--focus", "Camila Rocha"], ["--company", "Kestrel"], ["--targets"]):
        out = tmp_path / "m.html"
        result = run("map", "-o", out, *args)
        assert result.exit_code == 0, result.output
        assert f"to {out}" in result.output
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    result = run("map", "-o", tmp_path / "small.html", "--max-nodes", "20")
    assert result.exit_code == 0, result.output
    assert "Left out 680 people" in result.output


@pytest.mark.usefixtures("map_command_registered")
def test_map_command_errors(sample: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    result = run("map", "-o", out, "--focus", "Nobody Atall Here")
    assert result.exit_code != 0 and "Error:" in result.output
    result = run("map", "-o", out, "--targets", "--company", "Kestrel")
    assert result.exit_code != 0 and "one of --focus, --company and --targets" in result.output
    result = run("map", "-o", out, "--max-nodes", "0")
    assert result.exit_code == 2
    assert not out.exists()


def test_unknown_focus_is_a_clear_error(sample: Workspace, tmp_path: Path) -> None:
    with pytest.raises(PersonNotFound):
        write_map(sample, tmp_path / "m.html", focus="Nobody Atall Here")
