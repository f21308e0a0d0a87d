"""A record's raw fields as the workspace keeps them: JSON text, without other people's names."""

from __future__ import annotations

import json

from netgraph.ingest.records import Contact


def own_raw(contact: Contact) -> dict[str, object]:
    """The record's raw fields without the names of other people it mentions.

    Relation names become people (and ties) of their own, and notes are free text about anyone;
    keeping them in this person's raw record would leave a copy behind when someone they name
    is forgotten.
    """
    raw = dict(contact.raw)
    raw.pop("note", None)  # free text about anyone; netgraph never uses it
    relations = raw.get("relations")
    if isinstance(relations, list):
        raw["relations"] = [r.get("label") if isinstance(r, dict) else "related" for r in relations]
    return raw


def raw_json(raw: dict[str, object]) -> str:
    """Serialise a record's raw fields for the appearances table."""
    return _RAW_ENCODER.encode(raw)


# One encoder for every record: json.dumps with these options builds a new one per call.
_RAW_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)
