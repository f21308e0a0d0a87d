"""Maps that do not mislead, checked on the rendered page (issue 14, item 5).

Each map is opened in headless Chromium (``/usr/bin/chromium`` through playwright; the tests
FAIL, never skip, when it is missing). The page is enlarged so that the whole map shows at zoom
1, then node positions and shapes, every tie's drawn geometry (vis-network's own
``edgeType.getPoint`` along straight and curved ties) and every drawn label's box are read from
vis-network, and checked: no tie passes over a person it does not join, no label covers another
label or a person, and the targets map draws each target's best route apart from the others.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import chromium
from conftest import SAMPLE_DATA
from playwright.sync_api import Browser

from netgraph.demo import run_demo
from netgraph.maps.render import OTHER_ROUTE_COLOUR, ROUTE_COLOUR, write_map
from netgraph.workspace import Workspace

# Everything the checks need, in page units (vis-network pixels at zoom 1).
READ_GEOMETRY = """
() => {
  const state = window.netgraphMap;
  const network = state.network;
  const positions = network.getPositions();
  const ids = Object.keys(positions);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const id of ids) {
    minX = Math.min(minX, positions[id].x); maxX = Math.max(maxX, positions[id].x);
    minY = Math.min(minY, positions[id].y); maxY = Math.max(maxY, positions[id].y);
  }
  const width = Math.ceil(maxX - minX + 600), height = Math.ceil(maxY - minY + 600);
  const map = document.getElementById("map");
  map.style.position = "fixed"; map.style.left = "0"; map.style.top = "0";
  map.style.width = width + "px"; map.style.height = height + "px";
  network.setSize(width + "px", height + "px");
  network.moveTo({position: {x: (minX + maxX) / 2, y: (minY + maxY) / 2}, scale: 1});
  network.redraw();
  const nodes = [], labels = [], edges = [];
  for (const id of ids) {
    const node = network.body.nodes[id];
    const radius = Math.max(node.shape.width || 0, node.shape.height || 0) / 2;
    nodes.push({id: Number(id), x: positions[id].x, y: positions[id].y,
                radius: Math.max(radius, node.options.size), label: node.options.label || ""});
    if (node.options.label) {
      const size = node.labelModule.size;
      labels.push({id: Number(id), left: size.left, top: size.top,
                   width: size.width, height: size.height, text: node.options.label});
    }
  }
  for (const id of Object.keys(network.body.edges)) {
    const edge = network.body.edges[id];
    const points = [];
    for (let i = 0; i <= 64; i++) {
      const p = edge.edgeType.getPoint(i / 64);
      points.push([p.x, p.y]);
    }
    edges.push({id: id, from: edge.fromId, to: edge.toId, points: points,
                colour: edge.options.color.color, dashes: !!edge.options.dashes,
                route: state.edges.get(edge.id).route || null});
  }
  return {nodes: nodes, labels: labels, edges: edges, routes: []};
}
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """The sample workspace, with the demo's four targets."""
    path = tmp_path_factory.mktemp("sample") / "workspace.sqlite3"
    with Workspace.open(path) as workspace:
        run_demo(workspace, SAMPLE_DATA)
        yield workspace


def _geometry(browser: Browser, path: Path, screenshot: Path) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("file://") else route.abort()
            ),
        )
        page.goto(path.as_uri())
        page.wait_for_function("window.netgraphMap && window.netgraphMap.ready", timeout=30_000)
        page.screenshot(path=str(screenshot))
        found: dict[str, Any] = page.evaluate(READ_GEOMETRY)
        return found
    finally:
        context.close()


def _distance_to_path(x: float, y: float, points: list[list[float]]) -> float:
    best = math.inf
    for (ax, ay), (bx, by) in pairwise(points):
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy or 1e-12
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length2))
        best = min(best, math.hypot(x - (ax + t * dx), y - (ay + t * dy)))
    return best


def _assert_no_tie_crosses_a_person(geometry: dict[str, Any]) -> None:
    crossed = []
    for edge in geometry["edges"]:
        xs = [p[0] for p in edge["points"]]
        ys = [p[1] for p in edge["points"]]
        for node in geometry["nodes"]:
            if node["id"] in (edge["from"], edge["to"]):
                continue
            r = node["radius"]
            if not (
                min(xs) - r <= node["x"] <= max(xs) + r and min(ys) - r <= node["y"] <= max(ys) + r
            ):
                continue
            if _distance_to_path(node["x"], node["y"], edge["points"]) < r:
                crossed.append((edge["from"], edge["to"], node["id"]))
    assert crossed == [], f"{len(crossed)} ties pass over people they do not join"


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["left"] + b["width"] - 0.5
        and b["left"] < a["left"] + a["width"] - 0.5
        and a["top"] < b["top"] + b["height"] - 0.5
        and b["top"] < a["top"] + a["height"] - 0.5
    )


def _assert_labels_cover_nothing(geometry: dict[str, Any]) -> None:
    labels = geometry["labels"]
    assert labels, "no label drawn"
    covering = [
        (a["text"], b["text"])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if _overlap(a, b)
    ]
    assert covering == [], f"labels covering labels: {covering[:5]}"
    over_people = []
    for label in labels:
        for node in geometry["nodes"]:
            if node["id"] == label["id"]:
                continue
            nx = min(max(node["x"], label["left"]), label["left"] + label["width"])
            ny = min(max(node["y"], label["top"]), label["top"] + label["height"])
            if math.hypot(node["x"] - nx, node["y"] - ny) < node["radius"] - 0.5:
                over_people.append((label["text"], node["id"]))
    assert over_people == [], f"labels covering people: {over_people[:5]}"


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        ("network", {}),
        ("focus", {"focus": "Oluwaseun Bakare"}),
        ("company", {"company": "Halcyon"}),
        ("targets", {"targets": True}),
        ("small", {"max_nodes": 60}),
    ],
)
def test_no_tie_crosses_a_person_and_no_label_covers_another(
    sample: Workspace, browser: Browser, tmp_path: Path, kind: str, options: dict[str, Any]
) -> None:
    summary = write_map(sample, tmp_path / f"{kind}.html", **options)
    geometry = _geometry(browser, summary.path, tmp_path / f"{kind}.png")
    assert len(geometry["nodes"]) == summary.nodes
    assert len(geometry["edges"]) == summary.edges
    _assert_no_tie_crosses_a_person(geometry)
    _assert_labels_cover_nothing(geometry)
    # the user's name is always readable
    assert any(label["text"] == "Noor Haddad" for label in geometry["labels"])


def test_targets_map_draws_each_targets_best_route_apart(
    sample: Workspace, browser: Browser, tmp_path: Path
) -> None:
    summary = write_map(sample, tmp_path / "targets.html", targets=True)
    geometry = _geometry(browser, summary.path, tmp_path / "targets.png")
    kinds = {edge["route"] for edge in geometry["edges"]}
    assert {"best", "other"} <= kinds
    for edge in geometry["edges"]:
        if edge["route"] == "best":
            assert edge["colour"] == ROUTE_COLOUR
        elif edge["route"] == "other":
            assert edge["colour"] == OTHER_ROUTE_COLOUR


def test_focus_map_draws_an_inferred_colleague_tie_dashed(
    sample: Workspace, browser: Browser, tmp_path: Path
) -> None:
    # Dmitri Volkov works at Halcyon Robotics with Oluwaseun: no recorded tie joins them
    summary = write_map(sample, tmp_path / "focus.html", focus="Oluwaseun Bakare")
    geometry = _geometry(browser, summary.path, tmp_path / "focus.png")
    names = {n["id"]: n["label"].split("\n")[0] for n in geometry["nodes"]}
    dashed = [{names[e["from"]], names[e["to"]]} for e in geometry["edges"] if e["dashes"]]
    assert {"Dmitri Volkov", "Oluwaseun Bakare"} in dashed
