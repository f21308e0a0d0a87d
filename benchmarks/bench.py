"""netgraph at scale, in one command: generate files, import them through the CLI, measure.

    python benchmarks/bench.py --size M           # S, M or L; --shape hub; --no-baseline
    nox -s bench -- --size M

Steps, all on the same generated data (``benchmarks/generate.py``) in one run:

1. import: ``netgraph me`` then ``netgraph import batch manifest.csv`` (wall time, peak RSS),
   and ``netgraph info`` checked against what the generator says the import must produce;
   beside it, in a new process too, the naive import a user would try first
   (``benchmarks/naive_import.py``: polars reads every Connections.csv, networkx holds the
   owner-contact edges), with netgraph's ratio to it. It always runs (it takes seconds where
   the import takes minutes, and the target "at most 5x the naive load" is read from it);
   ``--no-baseline`` skips only the route baselines of step 4;
2. cold (a new process from the shell per command, median and max, peak RSS of each):
   ``who-can-introduce`` for second- and third-degree targets, ``target add``, ``rank
   --targets``, ``rank --company``, ``rank --top 100`` and ``map`` (with its HTML size);
3. warm (through the library, in this process): the route index build and load, the route
   search per target (median, p99), the who-can-introduce document, the best route to
   everyone, and the same three rankings;
4. baselines (``benchmarks/baselines.py``): networkx Yen, rustworkx all_simple_paths and
   scipy.sparse on the same ties, with their ratio to netgraph's median route search; for
   every query a baseline finishes, its best score must equal netgraph's (asserted). Each
   runs in a forked child with half the RAM at most and a deadline, since some library calls
   cannot be interrupted at the per-query cap;
5. readers: netgraph's Connections.csv reader against the ``csv`` module and polars on the
   biggest generated export, its vCard reader against vobject's ``readComponents``, and
   pyvis' HTML generation for the default map's selection;
6. disk: the workspace file, its WAL and the route index folder;
7. last (its copies of the workspace push the index out of the page cache): one friend's new
   30,000-row export into copies of the workspace (``benchmarks/single_import.py``), with the
   saved route index patched and with it read whole (three runs each at M, one at S and L).

Prints a table and writes JSON to ``benchmarks/out/bench-<size>[-hub].json`` (with the machine,
library versions and git commit) so runs can be compared between commits; the JSON is written
after every step, so a failing step keeps what was measured before it. Times from the shell
are wall clock with the child's CPU time beside it (the CPU time is the steadier figure on a
shared machine). ``--workdir DIR`` keeps the generated files for the next run.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import baselines  # noqa: E402
from bench_table import print_table  # noqa: E402
from generate import GENERATOR_VERSION, SHAPES, SIZES, load_truth  # noqa: E402
from measuring import (  # noqa: E402
    CliRun,
    best_of,
    cli_figures,
    cli_summary,
    fresh_workspace,
    git_commit,
    machine,
    measure,
    run_cli,
    summary,
    timed,
)
from single_import import single_import  # noqa: E402

ROUTE_BASELINES: dict[str, Callable[..., baselines.BaselineResult]] = {
    "networkx-yen": baselines.networkx_yen,
    "rustworkx-all-simple-paths": baselines.rustworkx_paths,
    "scipy-csgraph": baselines.scipy_csgraph,
}


# --- 0. the files ---------------------------------------------------------------------------------


def prepare_files(
    files: Path, size: str, shape: str, seed: int
) -> tuple[dict[str, Any], CliRun | None]:
    """The generated files' truth, generating them (in a child process) unless already there.

    Returns the truth and the generator's run (None when the files were reused). A child keeps
    the generator's memory out of this process, whose peak RSS is reported for library calls.
    """
    wanted = {"generator_version": GENERATOR_VERSION, "size": size, "shape": shape, "seed": seed}
    truth = load_truth(files)
    if truth is not None and all(truth.get(k) == v for k, v in wanted.items()):
        return truth, None
    command = [sys.executable, str(HERE / "generate.py"), str(files), "--size", size]
    generated = measure([*command, "--shape", shape, "--seed", str(seed)])
    truth = load_truth(files)
    assert truth is not None
    return truth, generated


# --- 1. import -----------------------------------------------------------------------------------


def import_network(files: Path, truth: dict[str, Any], workspace: Path) -> dict[str, Any]:
    """Say who the user is, import every file of the manifest, and check the counts."""
    user = truth["user"]
    me = run_cli(
        workspace, "me", user["name"], "--linkedin", user["linkedin_url"], "--email", user["email"]
    )
    batch = run_cli(workspace, "import", "batch", str(files / "manifest.csv"))
    info = json.loads(run_cli(workspace, "info", "--format", "json").stdout)
    expected = truth["expected"]
    counts = {
        "people": info["people"] + 1,  # info counts everyone but the user
        "ties": info["edges"],
        "by_degree": info["by_degree"],
    }
    wanted = {k: expected[k] for k in ("people", "ties", "by_degree")}
    rows = truth["files"]["connections_rows"]
    return {
        "me_s": me.seconds,
        **cli_figures(batch),
        "connections_rows": rows,
        "messages_rows": truth["files"]["messages_rows"],
        "cards": truth["files"]["cards"],
        "files": truth["files"]["linkedin_exports"] + truth["files"]["vcard_files"],
        "rows_per_s": rows / batch.seconds,
        "records_per_s": (rows + truth["files"]["messages_rows"] + truth["files"]["cards"])
        / batch.seconds,
        "imported": counts,
        "expected": wanted,
        "matches_truth": counts == wanted,
        "sources": len(info["sources"]),
        "output_tail": batch.stdout[-2000:],
    }


def naive_import(files: Path, truth: dict[str, Any], netgraph: dict[str, Any]) -> dict[str, Any]:
    """The naive polars + networkx load of the same Connections.csv files, in a new process.

    Wall time, CPU time and peak RSS of the process (start-up included, as for the CLI's
    import), its own seconds after its imports, what it built, and netgraph's ratio to it.
    """
    command = [sys.executable, str(HERE / "naive_import.py"), str(files)]
    run = measure([*command, "--me", truth["user"]["linkedin_url"]])
    built = json.loads(run.stdout)
    return {
        **cli_figures(run),
        "work_s": built["seconds"],
        "files": built["files"],
        "rows": built["rows"],
        "rows_per_s": built["rows"] / run.seconds,
        "nodes": built["nodes"],
        "edges": built["edges"],
        "netgraph_ratio": netgraph["seconds"] / run.seconds,
        "netgraph_cpu_ratio": netgraph["cpu_s"] / run.cpu_seconds,
    }


# --- 2. cold commands ----------------------------------------------------------------------------


def cold_who_can_introduce(workspace: Path, targets: dict[str, list[str]]) -> dict[str, Any]:
    """``who-can-introduce URL --format json`` per target, by degree and overall."""
    runs: dict[str, list[CliRun]] = {}
    for degree, urls in targets.items():
        runs[degree] = [
            run_cli(workspace, "who-can-introduce", url, "--format", "json") for url in urls
        ]
    found = {
        degree: sum(bool(json.loads(r.stdout)["routes"]) for r in degree_runs)
        for degree, degree_runs in runs.items()
    }
    result: dict[str, Any] = {degree: cli_summary(r) for degree, r in runs.items() if r}
    result["all"] = cli_summary([r for degree_runs in runs.values() for r in degree_runs])
    result["with_routes"] = found
    result["runs"] = [
        {"degree": degree, "target": r.args[1], **cli_figures(r)}
        for degree, degree_runs in runs.items()
        for r in degree_runs
    ]
    return result


def cold_targets_and_rank(workspace: Path, urls: list[str], company: str) -> dict[str, Any]:
    """``target add`` for each target, then ``rank`` over targets, a company and the top 100."""
    adds = [run_cli(workspace, "target", "add", url) for url in urls]
    ranks = {}
    for label, options in (
        ("targets", ["--targets"]),
        ("company", ["--company", company]),
        ("top100", ["--top", "100"]),
    ):
        run = run_cli(workspace, "rank", *options, "--format", "jsonl")
        ranks[label] = {
            **cli_figures(run),
            "rows": sum(1 for line in run.stdout.splitlines() if line.strip()),
        }
    added = {**cli_summary(adds), "runs": [cli_figures(r) for r in adds]}
    return {"target_add": added, "rank": ranks}


def cold_maps(workspace: Path, folder: Path, company: str) -> dict[str, Any]:
    """``netgraph map``: the default map, a company's and the targets', with HTML sizes."""
    maps = {}
    kinds = {"default": [], "company": ["--company", company], "targets": ["--targets"]}
    for label, options in kinds.items():
        html = folder / f"map-{label}.html"
        run = run_cli(workspace, "map", "-o", str(html), *options)
        words = run.stdout.split()
        drawn = [int(w.replace(",", "")) for w in words if w.replace(",", "").isdigit()]
        maps[label] = {
            **cli_figures(run),
            "html_bytes": html.stat().st_size,
            "nodes": drawn[0] if drawn else None,
            "edges": drawn[1] if len(drawn) > 1 else None,
        }
    return maps


# --- 3. warm library calls -----------------------------------------------------------------------


@dataclass
class WarmResult:
    """Warm figures, and what the baselines are checked against."""

    figures: dict[str, Any]
    me: int
    targets: dict[str, list[int]]
    best: dict[int, float]
    search_seconds: list[float]


def warm_library(workspace_path: Path, urls: dict[str, list[str]], company: str) -> WarmResult:
    """Route index, route search, who-can-introduce, best route to everyone, rank: in-process.

    The peak RSS of this process after these calls is reported (no generator or baseline has
    run in it yet).
    """
    from netgraph.identity.people import me_id, resolve_person
    from netgraph.workspace import Workspace

    with Workspace.open(workspace_path) as workspace:
        me = me_id(workspace)
        assert me is not None
        targets = {
            d: [int(resolve_person(workspace, u) or 0) for u in us] for d, us in urls.items()
        }
        figures, index = _warm_index(workspace)
        best, search, documents = _warm_searches(workspace, index, me, targets)
        every = [s for degree_seconds in search.values() for s in degree_seconds]
        figures["route_search_ms"] = {
            **summary(every, scale=1e3),
            "by_degree": {d: summary(s, scale=1e3) for d, s in search.items()},
        }
        figures["who_can_introduce_ms"] = summary(documents, scale=1e3)
        figures.update(_warm_reach(index, me, best))
        figures["rank"] = _warm_rank(workspace, index, company)
    figures["process_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return WarmResult(figures, me, targets, best, every)


def _warm_index(workspace: Any) -> tuple[dict[str, Any], Any]:
    """Load the saved route index, then build it anew (as an import does) and time both."""
    from netgraph.routes.cache import route_index

    figures: dict[str, Any] = {"index_load_ms": timed(lambda: route_index(workspace))[0] * 1e3}
    workspace.discard_route_index()
    figures["index_build_s"], index = timed(lambda: route_index(workspace))
    figures["index_bytes_per_tie"] = index.nbytes / max(1, int(index.indptr[-1]) // 2)
    return figures, index


def _warm_searches(
    workspace: Any, index: Any, me: int, targets: dict[str, list[int]]
) -> tuple[dict[int, float], dict[str, list[float]], list[float]]:
    """Per target: the route search alone (best score kept) and the who-can-introduce document."""
    from netgraph.routes.introductions import who_can_introduce
    from netgraph.routes.search import find_routes

    best: dict[int, float] = {}
    search: dict[str, list[float]] = {}
    documents: list[float] = []
    for degree, people in targets.items():
        for target in people:
            seconds, routes = timed(partial(find_routes, index, me, target, max_hops=3, k=5))
            search.setdefault(degree, []).append(seconds)
            best[target] = routes[0].score if routes else 0.0
            document = partial(who_can_introduce, workspace, target, index=index)
            documents.append(timed(document)[0])
    return best, search, documents


def _warm_reach(index: Any, me: int, best: dict[int, float]) -> dict[str, Any]:
    """The best route to everyone in one search; it must agree with each target's search."""
    from netgraph.routes.reach import reach_table

    seconds, table = timed(lambda: reach_table(index, me))
    assert table is not None
    for target, score in best.items():
        assert math.isclose(float(table.best[index.node(target)]), score), target
    return {"best_route_to_everyone_s": seconds, "reached": len(table.reached)}


def _warm_rank(workspace: Any, index: Any, company: str) -> dict[str, Any]:
    """rank_people over the targets, a company and the top 100."""
    from netgraph.routes.rank import rank_people

    ranks: dict[str, Any] = {}
    for label, options in (
        ("targets", {"targets_only": True}),
        ("company", {"company": company}),
        ("top100", {"top": 100}),
    ):
        seconds, rows = timed(partial(rank_people, workspace, index=index, **options))
        ranks[label] = {"seconds": seconds, "rows": len(rows)}
    return ranks


# --- 4. baselines --------------------------------------------------------------------------------


def route_baselines(
    workspace_path: Path, warm: WarmResult, per_degree: int, cap_seconds: float
) -> dict[str, Any]:
    """Each route baseline on the same targets; ratios to netgraph and agreement (asserted)."""
    targets = [t for people in warm.targets.values() for t in people[:per_degree]]
    network = baselines.open_network(workspace_path)
    netgraph_median = statistics.median(warm.search_seconds)
    results: dict[str, Any] = {"network_read_s": network.read_seconds, "targets": len(targets)}
    deadline = 60 + 30 * network.edges / 1e6 + 2 * cap_seconds * len(targets)
    for name, function in ROUTE_BASELINES.items():
        print(f"  baseline {name}...", flush=True)
        started = time.perf_counter()
        result = run_baseline(function, network, warm.me, targets, cap_seconds, deadline)
        if isinstance(result, str):
            results[name] = {"stopped": result, "seconds": time.perf_counter() - started}
            continue
        check_agreement(name, result, warm.best)
        finished = [q for q in result.queries if q.finished]
        seconds = [q.seconds for q in result.queries]
        results[name] = {
            "load_s": result.load_seconds,
            "median_s": statistics.median(seconds),
            "max_s": max(seconds),
            "finished": len(finished),
            "capped": len(result.queries) - len(finished),
            "agreeing": len(finished),
            "ratio_to_netgraph_median": statistics.median(seconds) / netgraph_median,
            "notes": result.notes,
        }
    return results


def check_agreement(name: str, result: Any, best: dict[int, float]) -> None:
    """Every query the baseline finished has netgraph's best score (0.0 for no route)."""
    for query in result.queries:
        if query.finished:
            assert query.best_score is not None
            assert math.isclose(query.best_score, best[query.target]), (
                f"{name} found {query.best_score!r} for person {query.target}, "
                f"netgraph {best[query.target]!r}"
            )


def run_baseline(
    function: Callable[..., Any],
    network: Any,
    me: int,
    targets: list[int],
    cap_seconds: float,
    deadline: float,
) -> Any:
    """Run one baseline in a forked child: its result, or why it was stopped (a string).

    Some baselines cannot be interrupted within a query (rustworkx's ``all_simple_paths`` is
    one blocking call that returns every path), so the child is killed at ``deadline`` seconds
    and may use at most half the machine's memory.
    """
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_baseline_child, args=(send, function, network, me, targets, cap_seconds)
    )
    child.start()
    send.close()
    outcome: Any = f"killed after {deadline:.0f} s (deadline)"
    if receive.poll(deadline):
        try:
            outcome = receive.recv()
        except EOFError:
            outcome = None
    if child.is_alive():
        child.kill()
    child.join()
    if outcome is None:  # a memory limit hit in native code ends the process without a word
        outcome = f"crashed (exit code {child.exitcode}; memory limit half the RAM)"
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def _baseline_child(
    send: Any,
    function: Callable[..., Any],
    network: Any,
    me: int,
    targets: list[int],
    cap_seconds: float,
) -> None:
    """In the child: limit memory, run the baseline, send back its result (or its error)."""
    import psutil

    limit = psutil.virtual_memory().total // 2
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        send.send(function(network, me, targets, max_hops=3, cap_seconds=cap_seconds))
    except Exception as error:  # handed to the parent, which raises it
        send.send(error)


# --- 5. readers and pyvis ------------------------------------------------------------------------


def reader_comparison(files: Path, truth: dict[str, Any]) -> dict[str, Any]:
    """netgraph's readers against the csv module, polars and vobject on the same files."""
    import vobject

    from netgraph.ingest.contact_records import connection_records
    from netgraph.ingest.readers.linkedin import read_linkedin
    from netgraph.ingest.readers.vcard import read_vcard

    def read_as_the_import_does() -> int:
        """Rows read as columns, then normalised into records (keys, raw fields, ties)."""
        rows = read_linkedin(csv_path, as_rows=True).connection_rows
        return len(connection_records(rows)[0]) if rows is not None else 0

    csv_path = files / truth["files"]["biggest_connections_csv"]
    rows = truth["files"]["biggest_connections_rows"]
    repeats = 3 if rows < 50_000 else 1
    ours, records = best_of(repeats, read_as_the_import_does)
    read_alone, _ = best_of(repeats, lambda: read_linkedin(csv_path, as_rows=True))
    as_contacts, read = best_of(repeats, lambda: read_linkedin(csv_path))
    stdlib, stdlib_rows = best_of(repeats, lambda: baselines.csv_module_read(csv_path))
    polars, polars_rows = best_of(repeats, lambda: baselines.polars_read(csv_path))
    linkedin = {
        "file": truth["files"]["biggest_connections_csv"],
        "rows": rows,
        "contacts": len(read.contacts),
        "records": records,
        # read and normalised into records, as the import does
        "netgraph_rows_per_s": rows / ours,
        # read into columns only; read into Contact objects (the library's default)
        "netgraph_read_rows_per_s": rows / read_alone,
        "netgraph_contacts_rows_per_s": rows / as_contacts,
        "csv_module_rows_per_s": stdlib_rows / stdlib,
        "polars_rows_per_s": polars_rows / polars,
    }
    vcard_path = files / truth["files"]["vcard_paths"][0]
    text = vcard_path.read_text(encoding="utf-8")
    ours, cards = best_of(3, lambda: read_vcard(vcard_path))
    theirs, count = best_of(3, lambda: sum(1 for _ in vobject.readComponents(text)))
    vcard = {
        "file": truth["files"]["vcard_paths"][0],
        "cards": len(cards.contacts),
        "netgraph_cards_per_s": len(cards.contacts) / ours,
        "vobject_cards_per_s": count / theirs,
    }
    return {"linkedin": linkedin, "vcard": vcard}


def pyvis_default_map(workspace_path: Path) -> dict[str, Any]:
    """pyvis' own HTML generation for the default map's selection (map_bench.py's measure)."""
    from map_bench import time_pyvis_generate

    from netgraph.maps.select import select_map
    from netgraph.routes.cache import route_index
    from netgraph.workspace import Workspace

    with Workspace.open(workspace_path) as workspace:
        selection = select_map(workspace, route_index(workspace))
    return {
        "nodes": len(selection.people),
        "edges": len(selection.ties),
        "generate_html_s": time_pyvis_generate(selection),
    }


# --- 6. disk -------------------------------------------------------------------------------------


def disk_usage(workspace: Path, ties: int) -> dict[str, Any]:
    """Bytes of the workspace file, its WAL and the route index folder."""

    def size(path: Path) -> int:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        return path.stat().st_size if path.exists() else 0

    sqlite_bytes = size(workspace)
    wal = size(Path(f"{workspace}-wal"))
    routes = size(Path(f"{workspace}.routes"))
    total = sqlite_bytes + wal + routes
    return {
        "sqlite_bytes": sqlite_bytes,
        "wal_bytes": wal,
        "routes_bytes": routes,
        "total_bytes": total,
        "bytes_per_tie": total / max(1, ties),
    }


# --- putting it together -------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=list(SIZES), default="S")
    parser.add_argument("--shape", choices=SHAPES, default="pooled")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--workdir", type=Path, help="keep generated files here and reuse them (same seed/size)"
    )
    parser.add_argument("--queries", type=int, default=20, help="targets per degree (warm)")
    parser.add_argument(
        "--cold-queries", type=int, default=10, help="of those, run from the shell per degree"
    )
    parser.add_argument("--targets", type=int, default=20, help="targets to add for rank")
    parser.add_argument(
        "--no-baseline",
        action="store_true",
        help="skip the route baselines (the naive import baseline always runs)",
    )
    parser.add_argument(
        "--baseline-queries", type=int, default=5, help="baseline targets per degree"
    )
    parser.add_argument(
        "--baseline-cap", type=float, default=10.0, help="seconds per baseline query"
    )
    parser.add_argument("--keep", action="store_true", help="keep the workspace and files")
    parser.add_argument("--json", type=Path, help="where to write the JSON report")
    return parser.parse_args(argv)


def report_path(args: argparse.Namespace) -> Path:
    """Where the JSON report goes: ``--json`` or ``benchmarks/out/bench-<size>[-hub].json``."""
    label = args.size + ("" if args.shape == "pooled" else f"-{args.shape}")
    return Path(args.json or HERE / "out" / f"bench-{label}.json")


def save(report: dict[str, Any], path: Path) -> None:
    """Write the report so far (a failing step still leaves the figures measured before it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def step(report: dict[str, Any], path: Path, what: str) -> None:
    """Record and say that a step is done, and save the report."""
    report["steps_done"].append(what)
    save(report, path)
    print(f"  done: {what}", flush=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Generate (or reuse), import, measure; returns the report (saved after every step)."""
    started = time.perf_counter()
    path = report_path(args)
    label = args.size + ("" if args.shape == "pooled" else f"-{args.shape}")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="netgraph-bench-"))
    files = workdir / f"files-{label}-seed{args.seed}"
    workspace = workdir / f"workspace-{label}.sqlite3"
    truth, generated = prepare_files(files, args.size, args.shape, args.seed)
    said = f"generated in {generated.seconds:.1f} s" if generated else "reused"
    print(f"files in {files}: {said}", flush=True)
    fresh_workspace(workspace)
    report: dict[str, Any] = {
        "benchmark": "benchmarks/bench.py",
        "size": args.size,
        "shape": args.shape,
        "seed": args.seed,
        "complete": False,
        "steps_done": [],
        "started_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "git": git_commit(),
        "machine": machine(),
    }
    report["import"] = import_network(files, truth, workspace)
    imported = report["import"]["imported"]
    report["network"] = {
        **imported,
        "files": report["import"]["files"],
        "generated_s": generated.seconds if generated else truth["seconds"],
        "generator_peak_rss": generated.peak_rss_mb if generated else None,
        "reused_files": generated is None,
        "hubs": truth["files"]["hubs"],
    }
    report["disk"] = disk_usage(workspace, imported["ties"])
    report["naive_import"] = naive_import(files, truth, report["import"])
    step(report, path, f"import ({report['import']['seconds']:.1f} s)")
    queries = {
        "2": [t["query"] for t in truth["targets"]["second_degree"][: args.queries]],
        "3": [t["query"] for t in truth["targets"]["third_degree"][: args.queries]],
    }
    cold_urls = {d: urls[: args.cold_queries] for d, urls in queries.items()}
    report["cold"] = {"who_can_introduce": cold_who_can_introduce(workspace, cold_urls)}
    report["cold"].update(
        cold_targets_and_rank(workspace, truth["rank_targets"][: args.targets], truth["company"])
    )
    step(report, path, "cold who-can-introduce, target add and rank")
    warm = warm_library(workspace, queries, truth["company"])
    report["warm"] = warm.figures
    step(report, path, "warm library calls")
    report["map"] = cold_maps(workspace, workdir, truth["company"])
    report["map"]["pyvis"] = pyvis_default_map(workspace)
    step(report, path, "maps")
    report["readers"] = reader_comparison(files, truth)
    step(report, path, "readers")
    if not args.no_baseline:
        report["baselines"] = route_baselines(
            workspace, warm, args.baseline_queries, args.baseline_cap
        )
        step(report, path, "route baselines")
    # Last: copying the workspace (3.8 GB at L) pushes the index out of the page cache, which
    # would slow the queries measured after it.
    repeats = 3 if args.size == "M" else 1
    report["single_import"] = single_import(
        workspace, files, workdir / "single-import", repeats=repeats
    )
    step(report, path, "one 30,000-row export into the workspace")
    report["peak_rss_mb"] = max(_peaks(report))
    report["seconds_total"] = time.perf_counter() - started
    report["complete"] = True
    report["git_at_end"] = git_commit()  # a work tree changed during the run mixes commits
    save(report, path)
    if not args.keep:
        fresh_workspace(workspace)
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return report


def _peaks(value: Any) -> Iterator[float]:
    """Every ``peak_rss_mb`` in the report."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "peak_rss_mb":
                yield float(item)
            else:
                yield from _peaks(item)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark, print the table; the JSON report is written as it goes."""
    args = parse_args(argv)
    report = run(args)
    print_table(report)
    print(f"\nwrote {report_path(args)}")
    if not report["import"]["matches_truth"]:
        print("WARNING: the imported counts differ from the generator's", file=sys.stderr)


if __name__ == "__main__":
    main()
