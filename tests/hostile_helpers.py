"""Helpers for the hostile-input tests: one-line errors, workspace snapshots, who was imported."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from cli_helpers import ok
from click.testing import Result


def one_line_error(result: Result, pattern: str) -> str:
    """A clean refusal: exit code 3, no traceback, one ``Error: ...`` line matching ``pattern``."""
    assert result.exit_code == 3, (result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert re.fullmatch(r"Error: " + pattern, lines[0]), lines[0]
    return lines[0]


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
