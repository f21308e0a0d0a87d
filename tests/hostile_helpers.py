"""Helpers for the hostile-input tests: workspace snapshots and who was imported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli_helpers import ok


def snapshot(workspace: Path) -> dict[str, bytes]:
    """The bytes of the workspace file and its SQLite side files, to compare after a refusal."""
    files = [workspace, *(Path(f"{workspace}{suffix}") for suffix in ("-wal", "-shm", "-journal"))]
    return {path.name: path.read_bytes() for path in files if path.exists()}


def people(workspace: Path) -> list[dict[str, Any]]:
    """Everyone in the workspace but the user, as ``people --format json`` lists them."""
    found = json.loads(ok("--workspace", workspace, "people", "--format", "json").stdout)
    assert isinstance(found, list)
    return [person for person in found if not person["is_me"]]


def names(workspace: Path) -> list[str]:
    """The sorted names of everyone in the workspace but the user."""
    return sorted(person["name"] for person in people(workspace))
