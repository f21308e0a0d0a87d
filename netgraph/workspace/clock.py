"""The time the workspace stamps on what it writes (one place, so tests can hold the clock)."""

from __future__ import annotations

from datetime import datetime, timezone


def utc_now() -> str:
    """The current time as an ISO-8601 UTC string, as stored in the workspace."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
