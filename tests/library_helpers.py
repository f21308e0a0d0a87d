"""Calling the library from tests: people as the JSON documents commands print."""

from __future__ import annotations

from typing import Any

from netgraph.identity.documents import person_document
from netgraph.identity.people import people_by_id
from netgraph.workspace import Workspace


def person_objects(workspace: Workspace, ids: list[int]) -> list[dict[str, Any]]:
    """The JSON person objects of these ids, as ``people --format json`` prints them."""
    return [person_document(person) for person in people_by_id(workspace, ids)]
