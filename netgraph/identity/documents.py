"""The JSON shapes of people and targets (``people``, ``show``, ``me``, ``target list`` and every
command that prints a person): each shape is built here and nowhere else (a tie's, in
:mod:`netgraph.ties.documents`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from netgraph.identity.people import Person, SourceRef
from netgraph.identity.targets import Target
from netgraph.ties.describe import PersonTie
from netgraph.ties.documents import tie_document

if TYPE_CHECKING:  # the repairs' modules load only for the commands that use them
    from netgraph.identity.duplicates import Duplicate
    from netgraph.identity.repair import Decision
    from netgraph.identity.why import Explanation


def person_document(person: Person) -> dict[str, Any]:
    """A person as JSON: details, identity keys, willingness, degree and sources."""
    return {
        "id": person.id,
        "name": person.name,
        "name_prefix": person.name_prefix,
        "name_suffix": person.name_suffix,
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


def source_document(source: SourceRef) -> dict[str, object]:
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


def target_document(target: Target) -> dict[str, object]:
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


def person_with_ties_document(person: Person, ties: Sequence[PersonTie]) -> dict[str, object]:
    """A person as ``show --format json`` prints them: the person object and every tie."""
    return {**person_document(person), "ties": [tie_document(tie) for tie in ties]}


def decision_document(decision: Decision) -> dict[str, object]:
    """One decision of the user's (merge, split, edit) as JSON."""
    return {
        "id": decision.id,
        "kind": decision.kind,
        "person_id": decision.person_id,
        "other_id": decision.other_id,
        "said_at": decision.said_at,
        "undone": decision.undone,
        "summary": decision.summary,
    }


DUPLICATE_FIELDS = ("a", "a_name", "b", "b_name", "likeness", "reason", "command")


def duplicate_document(duplicate: Duplicate) -> dict[str, object]:
    """One pair of probable duplicates as JSON (and a CSV row: :data:`DUPLICATE_FIELDS`)."""
    return {
        "a": duplicate.a,
        "a_name": duplicate.a_name,
        "b": duplicate.b,
        "b_name": duplicate.b_name,
        "likeness": duplicate.likeness,
        "reason": duplicate.reason,
        "command": duplicate.command,
    }


def explanation_document(explanation: Explanation) -> dict[str, object]:
    """What ``why`` says, as JSON."""
    return {
        "people": [{"id": pid, "name": name} for pid, name in explanation.people],
        "records": [
            {"source": r.source, "locator": r.locator, "reason": r.reason}
            for r in explanation.records
        ],
        "one_person": explanation.same,
        "reasons": list(explanation.reasons),
        "decisions": list(explanation.decisions),
        "suggestion": explanation.suggestion,
    }
