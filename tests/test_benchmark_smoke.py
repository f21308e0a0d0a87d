"""The benchmarks still run: the S size of the route benchmark, end to end (timings not checked)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO_ROOT


def test_route_benchmark_runs_at_size_s(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "benchmarks" / "routes_bench.py"),
            "--size",
            "S",
            "--queries",
            "3",
            "--no-baseline",
            "--workdir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["people"] == 1000
    assert report["route_search_ms"]["queries"] >= 3
    assert report["reached"] > 0
    assert set(report["rank_s"]) == {"top100", "company", "everyone"}
