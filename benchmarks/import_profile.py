"""Where ``netgraph import batch`` spends its time, per stage (issue 16 item 5's profile).

    python benchmarks/import_profile.py --size S          # generated files, a new workspace
    python benchmarks/import_profile.py --size M --workdir DIR --py-spy /path/to/py-spy

Generates (or reuses) bench.py's files, says who the user is, then runs the real CLI import of
the whole manifest under py-spy (sampling, 100 Hz; found on PATH, beside this Python or given by
``--py-spy``) or, without py-spy, under cProfile. Each py-spy sample is put in the stage of its
innermost netgraph frame outside ``netgraph/workspace`` (reading files, normalising keys, the
identity rules, ties, the import driver, the route index, the raw-record JSON), and counted as
SQL when a ``netgraph/workspace`` frame is inside it (the time of the SQL a stage runs);
samples inside Python's importer are start-up. cProfile (the fallback) gives only the self time
of Python functions per stage, so time in polars, builtins and ``sqlite3`` calls is not put in
the stage that called them: use py-spy (``pip install py-spy``) for the stage figures. Prints
the table and the JSON report.
"""

from __future__ import annotations

import argparse
import cProfile  # noqa: F401 - the fallback runs ``python -m cProfile`` in the child
import json
import pstats
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import fresh_workspace, prepare_files  # noqa: E402
from generate import SIZES  # noqa: E402
from measuring import cli_figures, measure, run_cli  # noqa: E402

RATE = 100
STAGES = (  # (what a frame's text contains, the stage): the first that matches counts
    ("raw_json (", "raw-record JSON"),
    ("own_raw (", "raw-record JSON"),
    ("netgraph/ingest/readers/", "read and parse files"),
    ("netgraph/identity/facts.py", "normalise names and keys"),
    ("netgraph/identity/keys.py", "normalise names and keys"),
    ("netgraph/identity/names.py", "normalise names and keys"),
    ("netgraph/identity/nicknames.py", "normalise names and keys"),
    ("netgraph/text.py", "normalise names and keys"),
    ("netgraph/identity/", "identity rules: place, match, merge"),
    ("netgraph/ties/", "ties: evidence and strength"),
    ("netgraph/ingest/", "import driver: records, batches, degrees"),
    ("netgraph/routes/", "route index"),
    ("netgraph/", "CLI and the rest"),
)


def stage_of(frames: list[str]) -> tuple[str, bool]:
    """The stage of one sample (frames root first) and whether it was in the workspace's SQL."""
    in_sql = False
    for frame in reversed(frames):
        if "netgraph/workspace/" in frame:
            in_sql = True
            continue
        if "importlib._bootstrap" in frame:
            return "start-up: imports", False
        for needle, stage in STAGES:
            if needle in frame:
                return stage, in_sql
    return "outside netgraph (interpreter, click)", in_sql


def py_spy_stages(raw: Path) -> dict[str, dict[str, float]]:
    """Seconds per stage, and of them in SQL, from py-spy's ``--format raw`` output."""
    seconds: Counter[str] = Counter()
    sql: Counter[str] = Counter()
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        stage, in_sql = stage_of(stack.split(";"))
        seconds[stage] += int(count) / RATE
        if in_sql:
            sql[stage] += int(count) / RATE
    return {s: {"seconds": t, "sql_s": sql[s]} for s, t in seconds.most_common()}


def cprofile_stages(profile: Path) -> dict[str, dict[str, float]]:
    """Self seconds per stage from a cProfile file (``sqlite3`` calls counted as SQL)."""
    stats: Any = pstats.Stats(str(profile)).stats
    seconds: Counter[str] = Counter()
    sql: Counter[str] = Counter()
    for (file, _line, function), (_cc, _nc, self_time, _ct, _callers) in stats.items():
        text = f"{function} ({file})"
        if "sqlite3.Connection" in function or "sqlite3.Cursor" in function:
            sql["SQL (sqlite3 calls)"] += self_time
            seconds["SQL (sqlite3 calls)"] += self_time
            continue
        stage, _ = stage_of([text])
        seconds[stage] += self_time
    return {s: {"seconds": t, "sql_s": sql[s]} for s, t in seconds.most_common()}


def find_py_spy(given: str | None) -> str | None:
    """py-spy: the given path, on PATH, or beside this Python (a venv's bin)."""
    if given:
        return given
    beside = Path(sys.executable).parent / "py-spy"
    return shutil.which("py-spy") or (str(beside) if beside.exists() else None)


def profile_import(files: Path, truth: dict[str, Any], work: Path, spy: str | None) -> Any:
    """Run ``me`` then the profiled ``import batch``; its figures and stages."""
    workspace = work / "workspace.sqlite3"
    fresh_workspace(workspace)
    user = truth["user"]
    run_cli(workspace, "me", user["name"], "--linkedin", user["linkedin_url"])
    netgraph = [sys.executable, "-m", "netgraph", "--workspace", str(workspace)]
    batch = ["import", "batch", str(files / "manifest.csv")]
    if spy:
        raw = work / "import.pyspy.txt"
        command = [spy, "record", "--format", "raw", "--rate", str(RATE), "-o", str(raw), "--"]
        run = measure([*command, *netgraph, *batch])
        stages, tool = py_spy_stages(raw), f"py-spy {RATE} Hz"
    else:
        prof = work / "import.prof"
        command = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "netgraph"]
        run = measure([*command, "--workspace", str(workspace), *batch])
        stages, tool = cprofile_stages(prof), "cProfile (self time)"
    rows = truth["files"]["connections_rows"]
    figures: dict[str, Any] = cli_figures(run)
    if spy:  # the CPU time read is py-spy's own: the import's is not counted in it
        figures["cpu_s"] = None
    return {**figures, "profiler": tool, "connections_rows": rows, "stages": stages}


def main() -> None:
    """Generate or reuse the files, profile the import, print the stages and the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=list(SIZES), default="S")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help="keep generated files here and reuse them")
    parser.add_argument("--py-spy", dest="py_spy", help="the py-spy program (else cProfile)")
    parser.add_argument("--json", type=Path, help="also write the JSON report here")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="netgraph-profile-"))
    files = work / f"files-{args.size}-seed{args.seed}"
    truth, _ = prepare_files(files, args.size, "pooled", args.seed)
    report = {"size": args.size, **profile_import(files, truth, work, find_py_spy(args.py_spy))}
    total = sum(s["seconds"] for s in report["stages"].values())
    cpu = "" if report["cpu_s"] is None else f", {report['cpu_s']:.1f} s CPU"
    print(
        f"import batch at {args.size}: {report['seconds']:.1f} s wall{cpu} under "
        f"{report['profiler']}; {total:.1f} s profiled"
    )
    for stage, figures in report["stages"].items():
        print(
            f"  {stage:<45} {figures['seconds']:7.1f} s {figures['seconds'] / total:6.1%}"
            f"  (SQL {figures['sql_s']:.1f} s)"
        )
    text = json.dumps(report, indent=2)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
