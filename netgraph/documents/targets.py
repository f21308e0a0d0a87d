"""The JSON shape of a target (``target list --format json``)."""

from __future__ import annotations

from typing import Any

from netgraph.identity.targets import Target

TARGET_FIELDS = ("id", "person_id", "name", "company", "title", "degree", "added_at")


def target_document(target: Target) -> dict[str, Any]:
    """A target as JSON: its id, the person it matched (null while waiting), and their details."""
    return {
        "id": target.id,
        "person_id": target.person_id,
        "name": target.name,
        "company": target.company,
        "title": target.title,
        "degree": target.degree,
        "added_at": target.added_at,
    }
