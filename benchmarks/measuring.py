"""Measuring tools of the benchmarks: timings, commands run in a new process, the machine.

Shared by ``bench.py`` and the focused benchmarks, so every figure is taken the same way.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import math
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
LIBRARIES = [
    "netgraph", "polars", "numpy", "networkx", "rustworkx", "scipy", "vobject", "pyvis", "click",
    "psutil", "phonenumbers",
]  # fmt: skip


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[index]


def summary(seconds: Sequence[float], *, scale: float = 1.0) -> dict[str, float | int]:
    """Median, p99, max and count of timings (times ``scale``, e.g. 1e3 for ms)."""
    if not seconds:
        return {"count": 0}
    return {
        "median": statistics.median(seconds) * scale,
        "p99": percentile(seconds, 99) * scale,
        "max": max(seconds) * scale,
        "count": len(seconds),
    }


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``work`` took, and what it returned."""
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def best_of(repeats: int, work: Callable[[], Any]) -> tuple[float, Any]:
    """The fastest of ``repeats`` runs (the machine is shared: the minimum is the least noisy)."""
    runs = [timed(work) for _ in range(repeats)]
    return min(seconds for seconds, _ in runs), runs[0][1]


@dataclass
class CliRun:
    """One netgraph command run in a new process."""

    args: list[str]  # the command's arguments after the program
    seconds: float
    cpu_seconds: float  # user + system: less noisy than wall time on a shared machine
    peak_rss_mb: float
    stdout: str
    stderr: str
    returncode: int


def measure(command: list[str], *, check: bool = True) -> CliRun:
    """Run a command, timing it and reading its own peak RSS.

    The child is reaped with ``os.wait4`` so its own ``ru_maxrss`` is read, not the bench's.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        run = CliRun(
            args=command[3:],
            seconds=seconds,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            peak_rss_mb=usage.ru_maxrss / 1024,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            returncode=process.returncode,
        )
    if check and run.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {run.returncode}:\n{run.stderr[-3000:]}")
    return run


def fresh_workspace(path: Path) -> None:
    """Remove a workspace, its SQLite side files and its route index."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(f"{path}.routes", ignore_errors=True)


def run_cli(workspace: Path, *args: str, check: bool = True) -> CliRun:
    """``python -m netgraph --workspace WS ARGS``, measured (``args`` of the result: ARGS)."""
    run = measure([sys.executable, "-m", "netgraph", "--workspace", str(workspace), *args])
    run.args = list(args)
    return run


def cli_figures(run: CliRun) -> dict[str, float]:
    """Wall seconds, CPU seconds and peak RSS of one CLI run."""
    return {"seconds": run.seconds, "cpu_s": run.cpu_seconds, "peak_rss_mb": run.peak_rss_mb}


def cli_summary(runs: Sequence[CliRun]) -> dict[str, float | int]:
    """Median and max seconds, and the largest peak RSS, of several CLI runs."""
    seconds = [r.seconds for r in runs]
    return {
        "median_s": statistics.median(seconds),
        "max_s": max(seconds),
        "median_cpu_s": statistics.median(r.cpu_seconds for r in runs),
        "count": len(runs),
        "peak_rss_mb": max(r.peak_rss_mb for r in runs),
    }


def machine() -> dict[str, Any]:
    """CPU, cores, memory, Python, SQLite and library versions, and the load when started."""
    import psutil

    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "sqlite": sqlite3.sqlite_version,
        "libraries": versions,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def git_commit() -> dict[str, Any]:
    """The commit measured, and whether the work tree had changes."""

    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
        )
        return result.stdout.strip() if result.returncode == 0 else ""

    return {"commit": git("rev-parse", "HEAD") or None, "dirty": bool(git("status", "--porcelain"))}
