"""The JSON shapes of people and targets (``people``, ``show``, ``me``, ``target list`` and every
command that prints a person): each shape is built here and nowhere else."""

from __future__ import annotations

from typing import Any

from netgraph.identity.people import Person, SourceRef
from netgraph.identity.targets import Target


def person_document(person: Person) -> dict[str, Any]:
    """A person as JSON: details, identity keys, willingness, degree and sources."""
    return {
        "id": person.id,
        "name": person.name,
        "company": person.company,
        "title": person.title,
        "emails": list(person.emails),
        "phones": list(person.phones),
        "linkedin_url": person.linkedin_url,
        "willingness": person.willingness,
        "degree": person.degree,
        "is_me": person.is_me,
        "sources": [source_document(source) for source in person.sources],
    }


def source_document(source: SourceRef) -> dict[str, Any]:
    """One source of a person as JSON."""
    return {
        "id": source.id,
        "kind": source.kind,
        "label": source.label,
        "owner": source.owner,
        "role": source.role,
        "locator": source.locator,
    }


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
