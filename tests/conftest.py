"""Shared fixtures: every test gets its own workspace and never touches a real home directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from netgraph.workspace import Workspace

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA = REPO_ROOT / "sample_data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NETGRAPH_WORKSPACE", str(tmp_path / "workspace.sqlite3"))


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    """The path of this test's workspace (the one NETGRAPH_WORKSPACE names)."""
    return tmp_path / "workspace.sqlite3"


@pytest.fixture
def workspace(workspace_path: Path) -> Iterator[Workspace]:
    """A new, empty workspace."""
    with Workspace.open(workspace_path) as opened:
        yield opened
