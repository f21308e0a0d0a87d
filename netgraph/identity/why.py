"""``netgraph why A [B]``: which keys and rules made records one person, or kept two apart.

For one person: each of their records with the key or rule that put it on them, and the
user's decisions about them. For two: the verdict of the matching rule
(:mod:`netgraph.identity.matching`) on the two as they are now, with its reasons, and what
else keeps them apart or joined (a split of the user's, two rows of one LinkedIn export).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from netgraph.identity.keys import gives_key
from netgraph.identity.matching import Profile, compare
from netgraph.identity.names import generation
from netgraph.identity.people import person_by_id
from netgraph.identity.repair import decisions_of, record_texts
from netgraph.suggest import command
from netgraph.workspace import Workspace
from netgraph.workspace.identities import RecordRow


@dataclass(frozen=True)
class RecordReason:
    """One record of a person and why it is theirs."""

    source: str
    locator: str
    reason: str


@dataclass(frozen=True)
class Explanation:
    """What ``why`` says: the people, each record's reason (one person), or the verdict on two
    and its reasons, and the user's decisions about them."""

    people: tuple[tuple[int, str], ...]
    records: tuple[RecordReason, ...]
    same: bool | None
    reasons: tuple[str, ...]
    decisions: tuple[str, ...]
    #: the command that changes the answer, if one does (merge, split or undo)
    suggestion: str | None


def profile_of(workspace: Workspace, person: int) -> Profile:
    """What the matching rule compares of a person in the workspace."""
    fields = workspace.people.fields(person)
    row = workspace.people.candidates_by_id([person])[person]
    keys = workspace.people.identity_keys([person])
    return Profile(
        row.name_key,
        row.company_key,
        next((v for _p, k, v in keys if k == "linkedin"), None),
        tuple(v for _p, k, v in keys if k == "email"),
        tuple(v for _p, k, v in keys if k == "phone"),
        generation(fields.name_suffix),
    )


def why(workspace: Workspace, a: int, b: int | None = None) -> Explanation:
    """Explain one person's records, or the verdict on two people; see the module's notes."""
    if b is None or b == a:
        return _one(workspace, a, joined=b == a)
    first, second = person_by_id(workspace, a), person_by_id(workspace, b)
    verdict = compare(profile_of(workspace, a), profile_of(workspace, b))
    same_export = _same_linkedin_export(workspace, a, b)
    seen: set[int] = set()
    decisions = []
    for d in decisions_of(workspace, a) + decisions_of(workspace, b):
        if {d.person_id, d.other_id} == {a, b} and d.id not in seen:
            seen.add(d.id)
            decisions.append(d.summary + (" (undone)" if d.undone else f" (decision {d.id})"))
    if workspace.decisions.kept_apart(a, b):
        verdict_line = "a split of yours keeps them apart"
    elif same_export:
        verdict_line = (
            f"both are rows of the LinkedIn export {same_export}: LinkedIn lists each member "
            "once, so they are two people"
        )
    elif verdict.same:
        verdict_line = (
            "the rule makes them one person, but when they were imported it fitted several "
            "people, so they were left apart"
        )
    else:
        verdict_line = "the rule keeps them two people"
    reasons = [verdict_line, *verdict.reasons]
    return Explanation(
        ((a, first.name), (b, second.name)),
        (),
        False,
        tuple(reasons),
        tuple(decisions),
        command("merge", f"#{a}", f"#{b}"),
    )


def _one(workspace: Workspace, person: int, *, joined: bool) -> Explanation:
    """Each record of one person and the key or rule that put it on them."""
    found = person_by_id(workspace, person)
    labels = {s.id: s.label for s in found.sources}
    records = workspace.people.records_of(person)
    held = [(k, v) for _p, k, v in workspace.people.identity_keys([person])]
    merged = _merged_records(workspace, person)
    reasons = [
        RecordReason(
            labels.get(r.source_id, f"#{r.source_id}"),
            r.locator,
            f"your merge (decision {merged[r.id]})" if r.id in merged else _reason(r, held),
        )
        for r in records
    ]
    decisions = tuple(
        d.summary + (" (undone)" if d.undone else f" (decision {d.id})")
        for d in decisions_of(workspace, person)
    )
    sources = sorted({r.source_id for r in records})
    suggestion = None
    if len(sources) > 1:
        suggestion = command("split", f"#{person}", "--source", str(sources[-1]))
    reasons_text = ("they are one person",) if joined else ()
    return Explanation(
        ((person, found.name),), tuple(reasons), True, reasons_text, decisions, suggestion
    )


def _merged_records(workspace: Workspace, person: int) -> dict[int, int]:
    """Record id -> the merge of the user's (not undone) that put it on this person."""
    found: dict[int, int] = {}
    for row in workspace.decisions.of_person(person):
        if row.kind == "merge" and row.undone_at is None and row.person_id == person:
            for record in json.loads(row.detail).get("records", []):
                found[int(record)] = row.id
    return found


def _reason(record: RecordRow, held: list[tuple[str, str]]) -> str:
    """Why one record is on a person: a key of theirs it carries, or the rule by name."""
    texts = record_texts([record])
    for kind, value in held:
        if gives_key(texts, kind, value):
            word = {"linkedin": "LinkedIn profile", "email": "email address"}.get(kind, "phone")
            return f"the {word} {value}"
    if record.record_key.startswith("nm:"):
        return "the name together with the employer (or a friend known by name)"
    return "its name, in the export that lists them"


def _same_linkedin_export(workspace: Workspace, a: int, b: int) -> str | None:
    """The label of a LinkedIn export both people are rows of, if any."""
    first = {r.source_id for r in workspace.people.records_of(a) if not _activity(r)}
    second = {r.source_id for r in workspace.people.records_of(b) if not _activity(r)}
    for source in person_by_id(workspace, a).sources:
        if source.kind == "linkedin" and source.id in first & second:
            return source.label
    return None


def _activity(record: RecordRow) -> bool:
    """Whether a record is a counterpart of an export's activity (messages and the like)."""
    return record.record_key.split(":", 1)[0] in (
        "messages", "invitation", "endorsement", "recommendation", "rel",
    )  # fmt: skip
