"""Shared fixtures: every test gets its own workspace and never touches a real home directory."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from netgraph.demo import run_demo
from netgraph.workspace import Workspace, store
from netgraph.workspace.migrations import MIGRATIONS

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA = REPO_ROOT / "sample_data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def migrate_only_before(monkeypatch: pytest.MonkeyPatch, migration: str) -> None:
    """Make workspaces opened from now on stop short of ``migration``, as a netgraph from
    before it wrote them (``monkeypatch.undo()`` lets the next open run it)."""
    names = [name for name, _migrate in MIGRATIONS]
    monkeypatch.setattr(store, "MIGRATIONS", MIGRATIONS[: names.index(migration)])


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


@pytest.fixture(scope="session")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample data imported once per session (``netgraph demo``'s workspace); never modified."""
    path = tmp_path_factory.mktemp("sample") / "workspace.sqlite3"
    with Workspace.open(path) as workspace:
        run_demo(workspace, SAMPLE_DATA)
    return path


@pytest.fixture
def sample(sample_file: Path, workspace_path: Path) -> Path:
    """A copy of the sample workspace (Noor Haddad, her friends and targets) at this test's
    ``NETGRAPH_WORKSPACE``."""
    source, copy = sqlite3.connect(sample_file), sqlite3.connect(workspace_path)
    source.backup(copy)
    source.close()
    copy.close()
    os.chmod(workspace_path, 0o600)
    return workspace_path
