"""Undoing an import: one source's records out of the workspace, and whatever exists only
because of them.

What goes (:func:`undo_import`):

* the source itself and every byte netgraph kept of its file: its name and path, the digests
  that recognise it, each record's raw fields, and its tie evidence;
* the people its records alone brought in (no record of another source is placed on them),
  unless the user works with them (a target, someone in the outreach log): those stay, with
  what other sources and the user said about them;
* the export's owner when the export alone brought them in (an owner named with
  ``--new-owner``), else the willingness that sharing it gave them;
* ties left with no evidence; the other ties it gave evidence of are weakened to what remains;
* the identity keys (email, phone, LinkedIn profile) that only its records gave people who
  stay.

Then degrees are recomputed, the freed pages purged from the workspace file and its log (as
``forget`` does), and the route index rebuilt. What the import merged stays merged (the plan
lists it: ``merged``); ``split`` parts people again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from netgraph.errors import UsageError
from netgraph.identity.keys import gives_key, raw_texts
from netgraph.routes.upkeep import rebuild_route_index
from netgraph.ties.evidence import refresh_strengths
from netgraph.workspace import Workspace
from netgraph.workspace.sources import ImportedFile


@dataclass(frozen=True)
class UndoPlan:
    """What undoing one import removes (or removed), counted.

    ``people`` are removed; ``kept`` are people only this source brought in whom the user
    works with, kept; ``ties`` are removed and ``weakened`` lose this source's evidence;
    ``keys`` are identity keys removed from people who stay. ``merged`` are the merges the
    import made that stay, as ``(id merged in, id kept, name kept)``.
    """

    source: ImportedFile
    records: int
    people: list[int] = field(default_factory=list)
    kept: list[int] = field(default_factory=list)
    ties: list[tuple[int, int]] = field(default_factory=list)
    weakened: list[tuple[int, int]] = field(default_factory=list)
    keys: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    owner_removed: bool = False
    purged: bool = True
    merged: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def key_count(self) -> int:
        """How many identity keys go from people who stay."""
        return sum(len(keys) for keys in self.keys.values())


def find_source(workspace: Workspace, text: str) -> ImportedFile:
    """The imported file ``text`` names: ``#3`` or ``3`` (its id, as ``info --format json``
    gives it), its file name, or its path.

    Raises :class:`UsageError` naming the candidates when several files match, or none.
    """
    files = workspace.sources.imported_files()
    wanted = text.strip()
    number = wanted.removeprefix("#")
    if number.isdigit():
        for file in files:
            if file.id == int(number):
                return file
        raise UsageError(f"no imported file #{number}; netgraph info lists them", option="source")
    absolute = os.path.abspath(wanted)
    found = [
        file
        for file in files
        if file.label == wanted or workspace.sources.path_of(file.id) == absolute
    ]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UsageError(
            f"no imported file named {wanted!r}; netgraph info lists them", option="source"
        )
    listed = "; ".join(describe(file) for file in found)
    raise UsageError(f"several imported files are named {wanted!r}: {listed}", option="source")


def describe(file: ImportedFile) -> str:
    """``#3 Connections.csv (Priya Raman's, imported 2026-12-01)``."""
    whose = f"{file.owner}'s" if file.owner else "no one's"
    return f"#{file.id} {file.label} ({whose}, imported {file.last_imported_at[:10]})"


def plan_undo(workspace: Workspace, source: ImportedFile) -> UndoPlan:
    """What undoing ``source`` would remove; nothing is changed."""
    me = workspace.people.me()
    records = workspace.sources.records_of_source(source.id)
    only = [p for p in workspace.sources.people_only_in(source.id) if p != me]
    kept = workspace.sources.tracked(only)
    people = [p for p in only if p not in kept]
    owner = source.owner_id
    owner_removed = False
    if owner is not None and owner != me and owner not in people:
        alone = not workspace.sources.holds_more(owner, source.id)
        if alone and not workspace.sources.tracked([owner]):
            people.append(owner)
            owner_removed = True
    gone = set(people)
    ties: list[tuple[int, int]] = []
    weakened: list[tuple[int, int]] = []
    for pair in workspace.sources.evidence_pairs(source.id):
        others = [row for row in workspace.ties.evidence_of(pair) if row[2] != source.id]
        (weakened if others and not gone & set(pair) else ties).append(pair)
    keys: dict[int, list[tuple[str, str]]] = {}
    for person in workspace.sources.people_of_source(source.id):
        if person not in gone:
            only_here = _keys_only_from(workspace, person, source.id)
            if only_here:
                keys[person] = only_here
    merged = [
        (m.dropped_id, m.kept_id, workspace.people.fields(m.kept_id).name)
        for m in workspace.people.merged_ids.by_source(source.id)
        if m.kept_id not in gone
    ]
    return UndoPlan(
        source, records, people, sorted(kept), ties, weakened, keys, owner_removed, merged=merged
    )


def undo_import(workspace: Workspace, plan: UndoPlan) -> UndoPlan:
    """Remove what ``plan`` lists, in one transaction, then purge the freed pages and rebuild
    the route index, with everyone's degree. Call it outside a transaction. Returns the plan,
    with ``purged`` False when another process kept old pages from being purged (as ``forget``
    says)."""
    from datetime import date

    source = plan.source.id
    with workspace.transaction(), workspace.deferring_degrees():
        for person, keys in plan.keys.items():
            workspace.sources.drop_keys(person, keys)
        workspace.sources.delete_source(source)
        for person in plan.people:
            workspace.ties.delete_of(person)
            workspace.people.delete(person)
        for pair in plan.ties:
            if not set(pair) & set(plan.people):
                workspace.ties.delete(pair)
        owner = plan.source.owner_id
        if (
            owner is not None
            and not plan.owner_removed
            and not workspace.sources.holds_more(owner, source, records=False)
        ):
            workspace.sources.unshare_owner(owner)
        if plan.weakened:
            refresh_strengths(workspace, set(plan.weakened), date.today())
    purged = workspace.purge_free_space()
    workspace.discard_route_index()
    rebuild_route_index(workspace)  # with everyone's degree
    return replace(plan, purged=purged)


def _keys_only_from(workspace: Workspace, person: int, source: int) -> list[tuple[str, str]]:
    """The identity keys of ``person`` that records of ``source`` give and no other record of
    theirs does (the user's own keys are theirs: ``me`` gives them)."""
    if person == workspace.people.me():
        return []
    held = [(kind, value) for _p, kind, value in workspace.people.identity_keys([person])]
    if not held:
        return []
    here = raw_texts(workspace.sources.raws_of(person, source, others=False))
    elsewhere = raw_texts(workspace.sources.raws_of(person, source, others=True))
    return [
        (kind, value)
        for kind, value in held
        if gives_key(here, kind, value) and not gives_key(elsewhere, kind, value)
    ]
