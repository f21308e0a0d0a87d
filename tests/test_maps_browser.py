"""Maps opened in a real browser: headless Chromium, offline, driven by playwright.

These tests need Debian's ``chromium`` (``/usr/bin/chromium``, or ``NETGRAPH_CHROMIUM``) and the
playwright Python package (the ``test`` extra). Without them they FAIL, never skip: a map
nobody opened is not tested. Each page is loaded from a file with every non-file request
aborted and recorded, so a page that tries to reach the network fails.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import chromium
from conftest import SAMPLE_DATA
from playwright.sync_api import Browser, Page

from netgraph.demo import run_demo
from netgraph.identity.people import set_me
from netgraph.identity.targets import add_target
from netgraph.ingest.apply import import_linkedin
from netgraph.maps.render import MapSummary, write_map
from netgraph.workspace import Workspace

PAYLOADS = (
    "<img src=x onerror=window.__pwned=1>",
    "<svg onload=window.__pwned=1>",
    "</script><script>window.__pwned=1</script>",
    '<a href="javascript:window.__pwned=1">x</a>',
    '<iframe srcdoc="<script>parent.window.__pwned=1</script>"></iframe>',
    "<details open ontoggle=window.__pwned=1>{{constructor.constructor('window.__pwned=1')()}}",
)
# Every payload also with "href", which switches pyvis' own template to innerHTML tooltips.
ALL_PAYLOADS = PAYLOADS + tuple(f"{p} href" for p in PAYLOADS)
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


class OpenedMap:
    """A map page, what it logged, and what it tried to fetch."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []

    def counts(self) -> tuple[int, int]:
        nodes, edges = self.page.evaluate(
            "[window.netgraphMap.nodes.length, window.netgraphMap.edges.length]"
        )
        return int(nodes), int(edges)

    def pwned(self) -> Any:
        return self.page.evaluate("window.__pwned")


@pytest.fixture
def open_map(browser: Browser) -> Iterator[Any]:
    opened: list[OpenedMap] = []

    def _open(path: Path) -> OpenedMap:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        result = OpenedMap(page)

        def on_request(route: Any) -> None:
            url = route.request.url
            if url.startswith("file://"):
                route.continue_()
            else:
                result.requests.append(url)
                route.abort()

        page.route("**/*", on_request)
        page.on(
            "console",
            lambda message: (
                result.errors.append(message.text) if message.type in ("error", "warning") else None
            ),
        )
        page.on("pageerror", lambda error: result.errors.append(str(error)))
        page.goto(path.as_uri())
        page.wait_for_function("window.netgraphMap && window.netgraphMap.ready", timeout=30_000)
        opened.append(result)
        return result

    yield _open
    for result in opened:
        result.page.context.close()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """The sample workspace, with the demo's four targets."""
    path = tmp_path_factory.mktemp("sample") / "workspace.sqlite3"
    with Workspace.open(path) as workspace:
        run_demo(workspace, SAMPLE_DATA)
        yield workspace


def _export(path: Path, rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """A network whose names, companies and titles are all markup, the user's name included."""
    folder = tmp_path_factory.mktemp("hostile")
    mine = [
        [payload, str(i), f"https://www.linkedin.com/in/first-{i}", "", payload, payload, ""]
        for i, payload in enumerate(ALL_PAYLOADS)
    ]
    theirs = [
        [payload, f"far {i}", f"https://www.linkedin.com/in/second-{i}", "", payload, payload, ""]
        for i, payload in enumerate(ALL_PAYLOADS)
    ]
    with Workspace.open(folder / "workspace.sqlite3") as workspace:
        with workspace.transaction() as conn:
            set_me(workspace, f"{PAYLOADS[0]} href")
        import_linkedin(workspace, _export(folder / "me" / "Connections.csv", mine))
        owner = f"{PAYLOADS[0]} 0"
        import_linkedin(workspace, _export(folder / "f" / "Connections.csv", theirs), owner=owner)
        with workspace.transaction() as conn:
            for (person,) in conn.execute(
                "SELECT id FROM people WHERE degree = 2 ORDER BY id LIMIT 3"
            ).fetchall():
                add_target(workspace, person)
        yield workspace


def _check(opened: OpenedMap, summary: MapSummary) -> None:
    assert opened.errors == []
    assert opened.requests == []
    assert opened.counts() == (summary.nodes, summary.edges)
    legend = opened.page.locator("#legend")
    assert legend.is_visible()
    for text in ("Legend", "You, at the centre", "1st-degree", "Target", "Willing referrer"):
        assert text.casefold() in legend.inner_text().casefold()


# --- every kind of map ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        ("network", {}),
        ("focus", {"focus": "Camila Rocha"}),
        ("company", {"company": "Kestrel"}),
        ("targets", {"targets": True}),
        ("max-nodes", {"max_nodes": 80}),
    ],
)
def test_each_kind_of_map_draws_offline(
    sample: Workspace, open_map: Any, tmp_path: Path, kind: str, options: dict[str, Any]
) -> None:
    summary = write_map(sample, tmp_path / f"{kind}.html", **options)
    opened = open_map(summary.path)
    _check(opened, summary)
    page = opened.page
    assert page.locator("#heading").inner_text() == summary.heading
    if summary.routes:
        assert page.locator("#routes li").count() == summary.routes
    if summary.left_out_nodes:
        assert f"{summary.left_out_nodes:,} of" in page.locator("#left-out").inner_text()
    elif summary.left_out_edges:  # every person drawn, some weaker ties left out
        assert f"{summary.left_out_edges:,} of" in page.locator("#left-out").inner_text()
    else:
        assert not page.locator("#left-out").is_visible()
    page.screenshot(path=str(tmp_path / f"{kind}.png"))
    assert (tmp_path / f"{kind}.png").stat().st_size > 10_000


def test_search_highlights_a_neighbourhood_and_shows_details(
    sample: Workspace, open_map: Any, tmp_path: Path
) -> None:
    summary = write_map(sample, tmp_path / "map.html")
    page = open_map(summary.path).page
    snapshot = "JSON.stringify(window.netgraphMap.nodes.get())"
    before = page.evaluate(snapshot)
    page.fill("#search", "tomas ferr")  # accents and case ignored
    results = page.locator("#results button")
    assert results.count() >= 1
    assert "Tomás Ferreira" in results.first.inner_text()
    results.first.click()
    details = page.locator("#details")
    assert details.is_visible()
    assert "Tomás Ferreira" in details.locator("h3").inner_text()
    assert "Willing to refer: yes" in details.inner_text()
    faded, kept = page.evaluate(
        """() => {
            const m = window.netgraphMap;
            const neighbours = new Set(m.network.getConnectedNodes(m.selected));
            let faded = 0, kept = 0;
            m.nodes.forEach(n => {
                const dim = n.color && n.color.background === "#eef0f3";
                if (n.id === m.selected || neighbours.has(n.id)) { if (!dim) kept++; }
                else if (dim) faded++;
            });
            return [faded, kept];
        }"""
    )
    assert kept > 1
    assert faded > summary.nodes / 2
    page.locator("#details button.reset").click()
    assert not details.is_visible()
    assert page.evaluate(snapshot) == before  # every style restored, as drawn too:
    assert page.evaluate(
        """() => {
            const m = window.netgraphMap;
            return m.nodes.get().every(n =>
                m.network.body.nodes[n.id].options.font.color === n.font.color &&
                m.network.body.nodes[n.id].options.color.background === n.color.background);
        }"""
    )


def test_clicking_a_node_shows_their_details_and_hover_a_plain_tooltip(
    sample: Workspace, open_map: Any, tmp_path: Path
) -> None:
    summary = write_map(sample, tmp_path / "map.html", focus="Camila Rocha")
    page = open_map(summary.path).page
    box = page.locator("#map canvas").bounding_box()
    assert box is not None
    target = page.evaluate(
        """() => {
            const m = window.netgraphMap;
            const id = m.nodes.getIds().find(i => m.nodes.get(i).shape === "star");
            const p = m.network.canvasToDOM(m.network.getPositions([id])[id]);
            return {id: id, x: p.x, y: p.y};
        }"""
    )
    page.mouse.move(box["x"] + target["x"], box["y"] + target["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert "Camila Rocha" in tooltip.inner_text()
    assert "Best route score" in tooltip.inner_text()
    # plain text: innerText turns line breaks into <br>, and nothing else becomes an element
    tags = tooltip.evaluate("el => Array.from(el.querySelectorAll('*')).map(c => c.tagName)")
    assert set(tags) <= {"BR"}
    page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    details = page.locator("#details")
    details.wait_for(state="visible", timeout=5_000)
    assert "Camila Rocha" in details.locator("h3").inner_text()
    assert "One of your targets" in details.inner_text()


# --- hostile contact data ------------------------------------------------------------------------

MARKUP = "img, svg, iframe, object, embed, details, script:not([id]):not([type]), a"


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        ("network", {}),
        ("targets", {"targets": True}),
        ("company", {"company": "svg"}),
    ],
)
def test_markup_in_contact_data_stays_text(
    hostile: Workspace, open_map: Any, tmp_path: Path, kind: str, options: dict[str, Any]
) -> None:
    summary = write_map(hostile, tmp_path / f"{kind}.html", **options)
    opened = open_map(summary.path)
    page = opened.page
    _check(opened, summary)
    before = page.evaluate(f"document.querySelectorAll('{MARKUP}').length")
    # exercise every text sink: search results, details, routes, tooltips
    page.fill("#search", "window")
    buttons = page.locator("#results button")
    assert buttons.count() >= 1
    assert any(p in buttons.first.inner_text() for p in ALL_PAYLOADS)
    for i in range(min(buttons.count(), 6)):
        buttons.nth(i).click()
        assert page.locator("#details h3").inner_text().startswith("<")
    if summary.routes:
        page.locator("#routes li").first.click()
    box = page.locator("#map canvas").bounding_box()
    assert box is not None
    positions = page.evaluate(
        """() => {
            const m = window.netgraphMap;
            return m.nodes.getIds().slice(0, 8).map(
                id => m.network.canvasToDOM(m.network.getPositions([id])[id]));
        }"""
    )
    page.locator("#details button.reset").click()
    page.evaluate("window.netgraphMap.network.fit()")
    for position in positions[:4]:
        page.mouse.move(box["x"] + position["x"], box["y"] + position["y"])
        page.wait_for_timeout(250)
    assert page.evaluate(f"document.querySelectorAll('{MARKUP}').length") == before == 0
    assert opened.pwned() is None
    assert "href" in page.locator("#heading").inner_text() or kind != "network"
    assert opened.errors == []
    assert opened.requests == []
    page.screenshot(path=str(tmp_path / f"hostile-{kind}.png"))


def test_payload_text_survives_in_the_page(
    hostile: Workspace, open_map: Any, tmp_path: Path
) -> None:
    summary = write_map(hostile, tmp_path / "map.html")
    page = open_map(summary.path).page
    # (a label that would cover another is left out: the tooltip still names the person)
    names = page.evaluate("window.netgraphMap.nodes.map(n => n.label || n.title.split('\\n')[0])")
    for payload in ALL_PAYLOADS:
        assert any(name.startswith(payload) for name in names)
    titles = page.evaluate("window.netgraphMap.nodes.map(n => n.title)")
    assert all(isinstance(t, str) for t in titles)  # plain-text tooltips only
    assert page.evaluate("window.__pwned") is None


def test_workspace_files_are_untouched(sample: Workspace) -> None:
    conn = sqlite3.connect(sample.path)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    conn.close()
