"""Route queries alone, on a synthetic workspace written straight into SQLite.

    python benchmarks/routes_bench.py --size M          # or S, L; --queries N; --no-baseline

``benchmarks/bench.py`` is the main benchmark (files imported through the CLI); this one skips
the import (about a minute at L instead of most of an hour) to focus on the route search.

Prints a table and writes JSON to benchmarks/out/. The baseline, measured in the same run on the
same data, is what the usual scripts do: the whole network in networkx, then Yen's algorithm
(``shortest_simple_paths`` on -log(strength)) stopped at the hop limit, with a time cap per query.
Every query where the baseline finishes must give the same best score as netgraph.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baselines import disagreements, networkx_yen, open_network
from measuring import percentile
from synthetic import build, sample_targets

from netgraph.routes.cache import route_index
from netgraph.routes.index import RouteIndex
from netgraph.routes.introductions import who_can_introduce
from netgraph.routes.rank import rank_people
from netgraph.routes.reach import reach_table
from netgraph.routes.search import find_routes
from netgraph.workspace import Workspace

BASELINE_CAP_SECONDS = 10.0


def time_route_search(
    index: RouteIndex, me: int, targets: list[int]
) -> tuple[list[float], dict[int, float]]:
    """Seconds per query for the route search alone (top 5 routes, three ties at most)."""
    seconds = []
    best: dict[int, float] = {}
    for target in targets:
        started = time.perf_counter()
        routes = find_routes(index, me, target, max_hops=3, k=5)
        seconds.append(time.perf_counter() - started)
        best[target] = routes[0].score if routes else 0.0
    return seconds, best


def time_cli(path: Path, targets: list[int]) -> list[float]:
    """Seconds per ``netgraph who-can-introduce`` run from a new process."""
    seconds = []
    for target in targets:
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "netgraph",
                "--workspace",
                str(path),
                "who-can-introduce",
                str(target),
                "--format",
                "json",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["S", "M", "L"], default="S")
    parser.add_argument("--queries", type=int, default=50, help="targets per degree")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="netgraph-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    network = build(workdir / f"routes-{args.size}.sqlite3", args.size)
    print(f"built {network.people:,} people, {network.edges:,} edges in {network.seconds:.1f} s")
    targets = sample_targets(network.path, 2, args.queries) + sample_targets(
        network.path, 3, args.queries
    )
    results: dict[str, Any] = {
        "size": args.size,
        "people": network.people,
        "edges": network.edges,
        "machine": f"{platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}",
    }
    with Workspace.open(network.path) as workspace:
        started = time.perf_counter()
        route_index(workspace)
        index_build_seconds = time.perf_counter() - started
        started = time.perf_counter()
        index = route_index(workspace)
        index_load_seconds = time.perf_counter() - started
        search, best = time_route_search(index, network.me, targets)
        started = time.perf_counter()
        for target in targets[:20]:
            who_can_introduce(workspace, target, index=index)
        document_seconds = (time.perf_counter() - started) / max(1, len(targets[:20]))
        started = time.perf_counter()
        table = reach_table(index, network.me, max_hops=3)
        reach_seconds = time.perf_counter() - started
        assert table is not None
        rank_seconds = {}
        for label, options in (
            ("top100", {"top": 100}),
            ("company", {"company": "Company 17"}),
            ("everyone", {}),
        ):
            started = time.perf_counter()
            ranked = rank_people(workspace, index=index, **options)  # type: ignore[arg-type]
            rank_seconds[label] = time.perf_counter() - started
    for target in targets:  # one search for everyone agrees with the per-target search
        assert math.isclose(float(table.best[target]), best[target])
    cli = time_cli(network.path, targets[:10])
    results.update(
        {
            "index_build_s": index_build_seconds,
            "index_load_ms": index_load_seconds * 1e3,
            "index_bytes_per_edge": index.nbytes / max(1, network.edges),
            "route_search_ms": {
                "median": statistics.median(search) * 1e3,
                "p99": percentile(search, 99) * 1e3,
                "queries": len(search),
            },
            "who_can_introduce_document_ms": document_seconds * 1e3,
            "who_can_introduce_cli_s": {"median": statistics.median(cli), "max": max(cli)},
            "best_route_to_everyone_s": reach_seconds,
            "reached": len(table.reached),
            "rank_s": rank_seconds,
            "ranked_everyone": len(ranked),
        }
    )
    if not args.no_baseline:
        base = networkx_yen(
            open_network(network.path),
            network.me,
            targets[:10],
            max_hops=3,
            cap_seconds=BASELINE_CAP_SECONDS,
        )
        assert not disagreements(base, best), "the baseline found a different best score"
        seconds = [q.seconds for q in base.queries]
        results["baseline"] = {
            "load_s": base.load_seconds,
            "median_s": statistics.median(seconds),
            "capped": sum(1 for q in base.queries if not q.finished),
            "agreeing_queries": sum(1 for q in base.queries if q.finished),
            "ratio_median": statistics.median(seconds) / statistics.median(search),
        }
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(results, indent=2))
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    (out / f"routes-{args.size}.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
