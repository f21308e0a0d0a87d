"""The user's repairs of who is who: merge two people, split a source's records off a person,
and undo either. Each is a decision (``workspace.decisions``) that ``show`` lists, ``netgraph
undo`` takes back, and later imports keep:

- a merge moves the records, keys and ties of one person to the other, so a re-import finds
  the merged person by the records it wrote before;
- a split puts one source's records (and the identity keys only they give, and their ties) on a
  new person; the two are kept apart: an import never merges them again, even when a record
  of one carries a key of the other, and each record stays with the person it is on;
- undoing a merge brings the person merged in back, with what they had (targets and outreach
  steps stay with the kept person); undoing a split merges the two again.

Edits are in :mod:`netgraph.identity.edits`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from netgraph.errors import UsageError
from netgraph.identity.facts import details
from netgraph.identity.keys import gives_key, raw_texts
from netgraph.identity.names import split_name
from netgraph.identity.resolve import merge_people
from netgraph.text import clean_text, fold_text
from netgraph.ties.degrees import refresh_degrees
from netgraph.ties.evidence import EvidenceItem, add_evidence_many, refresh_strengths
from netgraph.workspace import Workspace
from netgraph.workspace.decisions import DecisionRow
from netgraph.workspace.identities import RecordRow
from netgraph.workspace.people import PersonFields


@dataclass(frozen=True)
class Decision:
    """A decision of the user's on who is who, as ``show`` and ``undo`` speak of it."""

    id: int
    kind: str
    person_id: int | None
    other_id: int | None
    said_at: str
    undone: bool
    #: what it did, in words ("merged #12 Sam Lee into this person")
    summary: str


def merge(workspace: Workspace, keep: int, drop: int) -> Decision:
    """Fold person ``drop`` into ``keep`` on the user's word; see the module's notes."""
    if keep == drop:
        raise UsageError("that is one person already: name two different people")
    people = workspace.people
    me = people.me()
    if drop == me:
        keep, drop = drop, keep
    before = people.fields(drop)
    keep_name = people.fields(keep).name
    snapshot = {
        "name": before.name,
        "company": before.company,
        "title": before.title,
        "name_prefix": before.name_prefix,
        "name_suffix": before.name_suffix,
        "willingness": before.willingness,
        "willingness_origin": before.willingness_origin,
        "keys": [[kind, value] for _p, kind, value in people.identity_keys([drop])],
        "records": [record.id for record in people.records_of(drop)],
        "owned": people.owned_sources(drop),
        "evidence": _evidence_rows(workspace, drop),
        "kept_evidence": sorted(_evidence_keys(workspace, keep)),
        "into": keep_name,
        # the merged-in person's id: retired, and theirs again if the merge is undone
        "dropped_id": drop,
    }
    for row in workspace.decisions.of_person(keep):
        if row.kind == "split" and row.undone_at is None and drop in (row.person_id, row.other_id):
            workspace.decisions.set_undone(row.id)  # the user's newer word
    kept_before = _field_values(people.fields(keep))
    merge_people(workspace, keep, drop)
    kept_after = _field_values(people.fields(keep))
    # what the merge changed on the kept person (an empty company filled from the other, ...)
    changed = {
        field: [kept_before[field], value]
        for field, value in kept_after.items()
        if value != kept_before[field]
    }
    decision = workspace.decisions.add(
        "merge", keep, json.dumps({**snapshot, "kept_changed": changed})
    )
    refresh_degrees(workspace)
    return describe(workspace.decisions.get(decision))


_FIELDS = ("name", "company", "title", "name_prefix", "name_suffix")


def _field_values(fields: PersonFields) -> dict[str, str | None]:
    """A person's name, company, title, name parts and willingness, by field."""
    return {
        **{field: getattr(fields, field) for field in _FIELDS},
        "willingness": fields.willingness,
        "willingness_origin": fields.willingness_origin,
    }


def _restore_kept(workspace: Workspace, keep: int, changed: object) -> None:
    """Give the kept person back the fields a merge filled in, unless they changed since."""
    if not isinstance(changed, dict) or not changed:
        return
    now = _field_values(workspace.people.fields(keep))
    for field, values in changed.items():
        if isinstance(values, list) and len(values) == 2 and now.get(field) == values[1]:
            now[field] = values[0]
    workspace.people.set_merged(
        keep,
        details(str(now["name"]), *(now[field] for field in _FIELDS[1:])),
        str(now["willingness"]),
        str(now["willingness_origin"]),
    )


def _evidence_rows(workspace: Workspace, person: int) -> list[list[object]]:
    """Every piece of evidence of a person's ties, as stored (lists, for JSON)."""
    rows: list[list[object]] = []
    for pair in workspace.ties.pairs_of(person):
        rows.extend(list(row) for row in workspace.ties.evidence_of(pair))
    return rows


def _evidence_keys(workspace: Workspace, person: int) -> set[tuple[int, int, str]]:
    """``(other person, source, kind)`` of every piece of evidence of a person's ties."""
    return {
        (b if a == person else a, source, kind)
        for a, b, source, kind, *_rest in (
            row
            for pair in workspace.ties.pairs_of(person)
            for row in workspace.ties.evidence_of(pair)
        )
    }


def split(workspace: Workspace, person: int, source: str) -> Decision:
    """Put the records of one source of ``person`` on a new person; see the module's notes.

    ``source`` is a source's id (``3`` or ``#3``), its file name or its kind, among the sources
    the person's records come from.
    """
    people = workspace.people
    records = people.records_of(person)
    source_id = _source_of(workspace, person, source, records)
    if source_id in people.owned_sources(person):
        raise UsageError(
            "they shared that file: its records are their contacts, not them", option="source"
        )
    moving = [r for r in records if r.source_id == source_id]
    staying = [r for r in records if r.source_id != source_id]
    if not staying:
        raise UsageError(
            "every record of theirs comes from that source: there is nothing to split off",
            option="source",
        )
    stored = people.fields(person)
    label = _label(workspace, person, source_id)
    company, title = _company_and_title(moving)
    name, prefix, suffix = stored.name, stored.name_prefix, stored.name_suffix
    written = _name_of(moving)
    if written:
        name, prefix, suffix = split_name(written)
    new = people.insert(details(name, company, title, prefix, suffix))
    held = [(kind, value) for _p, kind, value in people.identity_keys([person])]
    here, elsewhere = record_texts(moving), record_texts(staying)
    for kind, value in held:
        if gives_key(here, kind, value) and not gives_key(elsewhere, kind, value):
            people.move_key(kind, value, new)
    people.move_records([r.id for r in moving], new)
    _move_evidence(workspace, person, new, {source_id})
    detail = {"source_label": label, "name": stored.name, "split_id": new}
    decision = workspace.decisions.add(
        "split", person, json.dumps(detail), other=new, source=source_id
    )
    refresh_degrees(workspace)
    return describe(workspace.decisions.get(decision))


def _source_of(workspace: Workspace, person: int, text: str, records: list[RecordRow]) -> int:
    """The one source of the person's records that ``text`` names (id, file name or kind)."""
    from netgraph.identity.people import person_by_id

    sources = {s.id: s for s in person_by_id(workspace, person).sources if s.role == "contact"}
    sources = {sid: s for sid, s in sources.items() if any(r.source_id == sid for r in records)}
    if not sources:
        raise UsageError(
            "no imported record is theirs: there is nothing to split off", option="source"
        )
    wanted = fold_text(text.strip().removeprefix("#"))
    found = [
        sid
        for sid, s in sources.items()
        if wanted in (str(sid), fold_text(s.label), fold_text(s.kind))
    ]
    if len(found) == 1:
        return found[0]
    listed = "; ".join(f"#{sid} {s.label} ({s.kind})" for sid, s in sources.items())
    what = "several of their sources" if found else "none of their sources"
    raise UsageError(f"{text!r} names {what}: give one of {listed}", option="source")


def _label(workspace: Workspace, person: int, source: int) -> str:
    from netgraph.identity.people import person_by_id

    for ref in person_by_id(workspace, person).sources:
        if ref.id == source:
            return ref.label
    return f"source #{source}"


def _raw_fields(records: Sequence[RecordRow]) -> Iterator[dict[str, object]]:
    """Each record's raw fields as the reader kept them (records stored otherwise are skipped)."""
    for record in records:
        try:
            raw = json.loads(record.raw)
        except ValueError:
            continue
        if isinstance(raw, dict):
            yield raw


def _company_and_title(records: Sequence[RecordRow]) -> tuple[str | None, str | None]:
    """The company and title the records' raw fields give, if any."""
    company = title = None
    for raw in _raw_fields(records):
        for key, written in raw.items():
            word = fold_text(str(key))
            value = written[0] if isinstance(written, list) and written else written
            if isinstance(value, str) and value.strip():
                if word in ("company", "org", "organization") and company is None:
                    company = clean_text(value.split(";")[0])
                elif word in ("position", "title", "job title") and title is None:
                    title = clean_text(value)
    return company or None, title or None


def _name_of(records: Sequence[RecordRow]) -> str | None:
    """The name the first record that writes one gives ("FN", or first and last name)."""
    for raw in _raw_fields(records):
        fields = {fold_text(str(k)): v for k, v in raw.items() if isinstance(v, str)}
        name = clean_text(fields.get("fn")) or clean_text(
            f"{fields.get('first name', '')} {fields.get('last name', '')}"
        )
        if name:
            return name
    return None


def record_texts(records: Sequence[RecordRow]) -> list[str]:
    """Every text of the records: their keys and raw fields (nested ones too)."""
    found = [record.record_key.split(":", 1)[-1] for record in records]
    return found + raw_texts(record.raw for record in records)


def _move_evidence(workspace: Workspace, person: int, new: int, sources: set[int]) -> None:
    """Give ``new`` the evidence of ``person``'s ties that comes from ``sources``."""
    ties = workspace.ties
    items: list[EvidenceItem] = []
    touched: set[tuple[int, int]] = set()
    for pair in ties.pairs_of(person):
        rows = ties.evidence_of(pair)
        moving = [row for row in rows if row[2] in sources]
        if not moving:
            continue
        ties.delete(pair)
        other = pair[1] if pair[0] == person else pair[0]
        for _a, _b, source, kind, holder, day, sent, got, detail in rows:
            mover = source in sources
            x = new if mover else person
            holder = new if mover and holder == person else holder
            items.append(EvidenceItem(x, other, source, kind, holder, day, sent, got, detail))
        touched |= {(min(person, other), max(person, other)), (min(new, other), max(new, other))}
    changes = add_evidence_many(workspace, items)
    refresh_strengths(workspace, changes.to_refresh | touched, date.today())


def describe(row: DecisionRow | None) -> Decision:
    """A decision in words."""
    assert row is not None
    detail = json.loads(row.detail)
    if row.kind == "merge":
        dropped = row.other_id or detail.get("dropped_id")
        summary = f"merged #{dropped} {detail.get('name')} into #{row.person_id}"
    elif row.kind == "split":
        summary = (
            f"split the records of {detail.get('source_label')} off #{row.person_id} "
            f"onto #{detail.get('split_id', row.other_id)}"
        )
    else:
        changes = [
            f"{field} {new!r}" if new is not None else f"{field} cleared"
            for field, (new, _old) in detail.get("fields", {}).items()
        ]
        changes += [f"{kind} {value}" for kind, value in detail.get("keys", [])]
        summary = f"edited #{row.person_id}: " + ", ".join(changes)
    return Decision(
        row.id, row.kind, row.person_id, row.other_id, row.said_at, row.undone_at is not None,
        summary,
    )  # fmt: skip


def decisions_of(workspace: Workspace, person: int) -> list[Decision]:
    """Every decision about a person, oldest first (undone ones too)."""
    return [describe(row) for row in workspace.decisions.of_person(person)]


def undo(workspace: Workspace, decision: int | None = None) -> Decision:
    """Take back a decision (by default the last one not undone); return it as it was."""
    from netgraph.identity.edits import reapply_edits, undo_edit

    table = workspace.decisions
    row = table.last_active() if decision is None else table.get(decision)
    if row is None:
        what = "no decision to undo" if decision is None else f"no decision #{decision}"
        raise UsageError(what, option="decision")
    if row.undone_at is not None:
        raise UsageError(f"decision #{row.id} is undone already", option="decision")
    was = describe(row)
    if row.person_id is None or not workspace.people.exists(row.person_id):
        raise UsageError(f"the person of decision #{row.id} is gone", option="decision")
    detail = json.loads(row.detail)
    if row.kind == "merge":
        _undo_merge(workspace, row, detail)
    elif row.kind == "split":
        if row.other_id is None or not workspace.people.exists(row.other_id):
            raise UsageError(f"the person split off by #{row.id} is gone", option="decision")
        merge_people(workspace, row.person_id, row.other_id)
    else:
        undo_edit(workspace, row.person_id, detail)
    table.set_undone(row.id)
    reapply_edits(workspace)
    refresh_degrees(workspace)
    return was


def _undo_merge(workspace: Workspace, row: DecisionRow, detail: dict[str, object]) -> None:
    """Bring back the person a merge folded in, with the keys, records, shared sources and
    ties they had (those still on the kept person)."""
    people = workspace.people
    keep, drop = row.person_id, int(str(detail.get("dropped_id")))
    assert keep is not None
    text = {k: (None if detail.get(k) is None else str(detail[k])) for k in detail}
    back = people.insert(
        details(
            text["name"] or "(no name)",
            text["company"],
            text["title"],
            text["name_prefix"],
            text["name_suffix"],
        ),
        former_id=drop,  # retired by the merge, so no one else has had it since
    )
    if text["willingness_origin"] == "user" and text["willingness"]:
        people.set_willingness(back, text["willingness"])
    for kind, value in _pairs(detail.get("keys")):
        if people.holder(kind, value) == keep:
            people.move_key(kind, value, back)
    records = {int(str(i)) for i in _list(detail.get("records"))}
    people.move_records([r.id for r in people.records_of(keep) if r.id in records], back)
    owned = {int(str(i)) for i in _list(detail.get("owned"))}
    people.set_owner([s for s in people.owned_sources(keep) if s in owned], back)
    kept = {
        (int(str(o)), int(str(s)), str(k))
        for o, s, k in map(_list, _list(detail.get("kept_evidence")))
    }
    _give_back_evidence(workspace, keep, drop, back, _list(detail.get("evidence")), kept)
    _restore_kept(workspace, keep, detail.get("kept_changed"))
    workspace.decisions.set_other(row.id, back)


def _give_back_evidence(
    workspace: Workspace,
    keep: int,
    drop: int,
    back: int,
    saved: list[object],
    kept: set[tuple[int, int, str]],
) -> None:
    """Move the evidence the merged-in person had from ``keep`` to ``back`` (the same person,
    brought back); what ``keep`` had before the merge stays."""
    ties = workspace.ties
    items: list[EvidenceItem] = []
    taken: dict[tuple[int, int], set[tuple[int, str]]] = {}
    for entry in saved:
        a, b, source, kind, holder, day, sent, got, note = _list(entry)
        other = int(str(b)) if int(str(a)) == drop else int(str(a))
        source_id, kind_text = int(str(source)), str(kind)
        holder_id = back if int(str(holder)) == drop else int(str(holder))
        if other != keep and (other, source_id, kind_text) not in kept:
            taken.setdefault((min(keep, other), max(keep, other)), set()).add(
                (source_id, kind_text)
            )
        items.append(
            EvidenceItem(
                back, other, source_id, kind_text, holder_id,
                None if day is None else str(day), int(str(sent)), int(str(got)),
                None if note is None else str(note),
            )
        )  # fmt: skip
    for pair, gone in taken.items():
        rows = ties.evidence_of(pair)
        if not rows:
            continue
        ties.delete(pair)
        items.extend(
            EvidenceItem(a, b, s, k, h, d, se, re, n)
            for a, b, s, k, h, d, se, re, n in rows
            if (s, k) not in gone
        )
    changes = add_evidence_many(workspace, items)
    refresh_strengths(workspace, changes.to_refresh | set(taken), date.today())


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _pairs(value: object) -> list[tuple[str, str]]:
    return [(str(k), str(v)) for k, v in map(_list, _list(value))]
