"""Map benchmark: write a 5,000-person map, then time it in headless Chromium until interactive.

    python benchmarks/map_bench.py            # --people 5000 --ties 25000 --cap 60

Figures, all measured in this run on the same synthetic workspace (benchmarks/synthetic.py):

* write: ``write_map`` with ``--max-nodes`` = people (cold: route index built; warm: cached).
  Goal: at most 2 s.
* netgraph page: from navigation to the first ``afterDrawing`` (layout from Python, physics
  off). Goal: at most 5 s.
* baseline: the same page and graph with pyvis' default options (barnesHut physics, 1,000
  stabilization iterations, improvedLayout, dynamic smooth edges), until ``stabilized``;
  and pyvis' own ``Network.generate_html`` time for the same graph. Capped at ``--cap`` s.

Chromium is Debian's (``/usr/bin/chromium`` or ``NETGRAPH_CHROMIUM``), offline: any request that
is not ``file://`` is aborted and counted. Writes JSON to benchmarks/out/map_bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic
from playwright.sync_api import sync_playwright

from netgraph.maps.render import page_document, render_html, write_map
from netgraph.maps.select import select_map
from netgraph.routes.cache import route_index
from netgraph.workspace import Workspace

CHROMIUM = os.environ.get("NETGRAPH_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pyvis_default_options() -> dict[str, Any]:
    from pyvis.network import Network

    options: dict[str, Any] = json.loads(Network().options.to_json())
    return options


def time_pyvis_generate(selection: Any) -> float:
    """pyvis' own HTML generation for the same graph (not opened: it needs a CDN)."""
    from pyvis.network import Network

    started = time.perf_counter()
    net = Network()
    for pid, person in selection.people.items():
        net.add_node(pid, label=person.name, title=person.name)
    for tie in selection.ties:
        net.add_edge(tie.a, tie.b, value=tie.strength)
    net.generate_html()
    return time.perf_counter() - started


def open_in_chromium(path: Path, *, wait_for: str, cap: float) -> dict[str, Any]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        blocked: list[str] = []
        errors: list[str] = []

        def route(request_route: Any) -> None:
            if request_route.request.url.startswith("file://"):
                request_route.continue_()
            else:
                blocked.append(request_route.request.url)
                request_route.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda error: errors.append(str(error)))
        started = time.perf_counter()
        page.goto(path.as_uri(), wait_until="commit")
        result: dict[str, Any] = {"blocked_requests": blocked, "errors": errors}
        reached = None
        while time.perf_counter() - started < cap:
            reached = page.evaluate(f"window.netgraphMap ? window.netgraphMap.{wait_for} : null")
            if reached:
                break
            time.sleep(0.05)
        if reached:
            result["wall_seconds"] = round(time.perf_counter() - started, 3)
            result["page_seconds"] = round(reached / 1000, 3)  # from navigation start
        else:
            result["wall_seconds"] = None
            result["page_seconds"] = f"> {cap:g}"
        browser.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--ties", type=int, default=25000)
    parser.add_argument("--cap", type=float, default=60.0, help="Seconds before giving up.")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="netgraph-map-bench-"))
    synthetic.SIZES["map"] = (args.people, args.ties)
    network = synthetic.build(folder / "workspace.sqlite3", "map")
    figures: dict[str, Any] = {
        "people": network.people,
        "ties": network.edges,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    with Workspace.open(network.path) as workspace:
        started = time.perf_counter()
        summary = write_map(workspace, folder / "map.html", max_nodes=args.people)
        figures["write_cold_seconds"] = round(time.perf_counter() - started, 3)
        started = time.perf_counter()
        summary = write_map(workspace, folder / "map.html", max_nodes=args.people)
        figures["write_warm_seconds"] = round(time.perf_counter() - started, 3)
        figures["nodes_drawn"], figures["edges_drawn"] = summary.nodes, summary.edges
        figures["html_bytes"] = (folder / "map.html").stat().st_size
        selection = select_map(workspace, route_index(workspace), max_nodes=args.people)
        baseline_page = page_document(selection, options=pyvis_default_options())
        for node in baseline_page["nodes"]:  # pyvis places nothing: physics does the layout
            node.pop("x", None)
            node.pop("y", None)
            node.pop("fixed", None)
        baseline_html = render_html(baseline_page)
        (folder / "baseline.html").write_text(baseline_html, encoding="utf-8")
        figures["pyvis_generate_html_seconds"] = round(time_pyvis_generate(selection), 3)

    figures["netgraph_page"] = open_in_chromium(
        folder / "map.html", wait_for="readyAt", cap=args.cap
    )
    if not args.no_baseline:
        figures["baseline_pyvis_defaults"] = open_in_chromium(
            folder / "baseline.html", wait_for="stabilizedAt", cap=args.cap
        )

    print(f"Map benchmark: {figures['people']:,} people, {figures['ties']:,} ties")
    print(
        f"  drawn: {figures['nodes_drawn']:,} nodes, {figures['edges_drawn']:,} edges, "
        f"{figures['html_bytes'] / 1e6:.1f} MB of HTML"
    )
    print(
        f"  write_map: {figures['write_cold_seconds']} s cold, "
        f"{figures['write_warm_seconds']} s warm (goal <= 2 s)"
    )
    page = figures["netgraph_page"]
    print(
        f"  netgraph page interactive (first afterDrawing): {page['page_seconds']} s "
        f"(goal <= 5 s); blocked requests {len(page['blocked_requests'])}, "
        f"errors {len(page['errors'])}"
    )
    if "baseline_pyvis_defaults" in figures:
        base = figures["baseline_pyvis_defaults"]
        print(f"  baseline, pyvis default physics, until stabilized: {base['page_seconds']} s")
    print(f"  pyvis Network.generate_html, same graph: {figures['pyvis_generate_html_seconds']} s")
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    (out / "map_bench.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
