"""Route search of this checkout against an earlier commit, on one saved index, interleaved.

    python benchmarks/route_search_ab.py WORKSPACE TRUTH --against 20268f9^ [--queries 50]

WORKSPACE is one ``bench.py --keep`` left (its route index saved beside it), TRUTH the
``truth.json`` of its files. The targets are the truth's first ``--queries`` second- and
third-degree people, found in the workspace by this checkout. The earlier commit is checked out
into a temporary git worktree; each side then times ``find_routes`` (k = 5, three ties at most)
for every target in a child process of its own, the two sides alternating ``--runs`` times,
three rounds per run, on the same memory-mapped index: per target the median of all its runs,
then the median and p99 over targets, and by degree. Both sides must give every target the
same best score. ``docs/performance.md`` has the figures of 6 December 2026.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from measuring import percentile  # noqa: E402

_CHILD = """
import json, sys, time
from pathlib import Path
import numpy as np
tree, folder, rounds = sys.argv[1], Path(sys.argv[2]), int(sys.argv[4])
spec = json.loads(sys.argv[3])
sys.path.insert(0, tree)
from netgraph.routes.index import RouteIndex
from netgraph.routes.search import find_routes
names = ("indptr", "indices", "strengths", "willingness")
index = RouteIndex(**{n: np.load(folder / f"{n}.npy", mmap_mode="r") for n in names})
times = {d: [[] for _ in ids] for d, ids in spec["targets"].items()}
best = {}
for _ in range(rounds):
    for degree, ids in spec["targets"].items():
        for i, target in enumerate(ids):
            started = time.perf_counter()
            routes = find_routes(index, spec["me"], target, max_hops=3, k=5)
            times[degree][i].append(time.perf_counter() - started)
            best[str(target)] = routes[0].score if routes else 0.0
print(json.dumps({"times": times, "best": best}))
"""


def targets(workspace: Path, truth: Path, count: int) -> dict[str, Any]:
    """The user's id and the first ``count`` second- and third-degree targets' ids."""
    from netgraph.identity.people import resolve_person
    from netgraph.workspace import Workspace

    wanted = json.loads(truth.read_text(encoding="utf-8"))["targets"]
    with Workspace.open(workspace) as opened:
        return {
            "me": opened.people.me(),
            "targets": {
                degree: [
                    resolve_person(opened, item.get("query") or item["url"])
                    for item in wanted[key][:count]
                ]
                for degree, key in (("2", "second_degree"), ("3", "third_degree"))
            },
        }


def side(tree: Path, folder: Path, spec: dict[str, Any], rounds: int) -> dict[str, Any]:
    """One child process of one side: per target, its seconds in each round; best scores."""
    command = [sys.executable, "-c", _CHILD, str(tree), str(folder), json.dumps(spec), str(rounds)]
    done = subprocess.run(
        command, capture_output=True, text=True, check=True, cwd=tempfile.gettempdir()
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def figures(runs: list[dict[str, Any]]) -> dict[str, float]:
    """Median and p99 over targets of each target's median, in ms, overall and by degree."""
    per_target: dict[tuple[str, int], list[float]] = {}
    for run in runs:
        for degree, lists in run["times"].items():
            for position, seconds in enumerate(lists):
                per_target.setdefault((degree, position), []).extend(seconds)
    medians = {key: statistics.median(values) * 1e3 for key, values in per_target.items()}
    found = {
        "median_ms": statistics.median(medians.values()),
        "p99_ms": percentile(list(medians.values()), 99),
    }
    for degree in ("2", "3"):
        mine = [value for (d, _), value in medians.items() if d == degree]
        if mine:
            found[f"degree_{degree}_median_ms"] = statistics.median(mine)
    return found


def main() -> None:
    """Command line: print both sides' figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("truth", type=Path)
    parser.add_argument("--against", required=True, help="the earlier commit (any git revision)")
    parser.add_argument("--queries", type=int, default=50, help="targets per degree")
    parser.add_argument("--runs", type=int, default=3, help="alternating runs of each side")
    args = parser.parse_args()
    spec = targets(args.workspace, args.truth, args.queries)
    folder = Path(f"{args.workspace}.routes")
    with tempfile.TemporaryDirectory() as scratch:
        earlier = Path(scratch) / "earlier"
        git = ["git", "-C", str(REPO)]
        subprocess.run(
            [*git, "worktree", "add", "--detach", str(earlier), args.against],
            check=True,
            capture_output=True,
        )
        try:
            runs: dict[str, list[dict[str, Any]]] = {"earlier": [], "now": []}
            for _ in range(args.runs):
                runs["earlier"].append(side(earlier, folder, spec, 3))
                runs["now"].append(side(REPO, folder, spec, 3))
        finally:
            subprocess.run(
                [*git, "worktree", "remove", "--force", str(earlier)],
                check=False,
                capture_output=True,
            )
    bests = [run["best"] for side_runs in runs.values() for run in side_runs]
    report = {
        "against": args.against,
        "targets": {d: len(ids) for d, ids in spec["targets"].items()},
        **{name: figures(side_runs) for name, side_runs in runs.items()},
        "same_best_scores": all(best == bests[0] for best in bests),
    }
    json.dump(report, sys.stdout, indent=2)
    print()
    if not report["same_best_scores"]:
        sys.exit("the two sides gave different best scores")


if __name__ == "__main__":
    main()
