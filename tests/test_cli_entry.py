"""The ``netgraph`` console entry point: what it sets up before any command runs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import netgraph.cli


def _numpy_setting_seen_by_commands(monkeypatch: pytest.MonkeyPatch) -> str | None:
    seen: list[str | None] = []
    monkeypatch.setattr(
        netgraph.cli, "cli", lambda **_: seen.append(os.environ.get("NUMPY_MADVISE_HUGEPAGE"))
    )
    netgraph.cli.main()
    return seen[0]


def test_commands_run_without_numpys_huge_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    # Fresh huge pages for every large temporary array made rank --company at L twice as slow.
    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    assert _numpy_setting_seen_by_commands(monkeypatch) == "0"


def test_a_huge_pages_setting_of_the_users_stands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", "1")
    assert _numpy_setting_seen_by_commands(monkeypatch) == "1"


def test_the_entry_point_is_reached_before_numpy_is_imported() -> None:
    # numpy reads the setting when first imported: importing the command line must not do it.
    check = "import sys, netgraph.cli; print('numpy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
