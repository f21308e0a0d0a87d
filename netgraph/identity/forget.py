"""Erasing a person completely: their records, keys, ties, outreach and waiting targets, and every
copy of them the workspace keeps beside its tables (old pages of its log, the route index).
"""

from __future__ import annotations

from dataclasses import dataclass

from netgraph.errors import UsageError
from netgraph.identity.people import me_id
from netgraph.ties.degrees import refresh_degrees
from netgraph.workspace import Workspace


@dataclass(frozen=True)
class Forgotten:
    """What :func:`forget_person` removed: identity keys, raw records, ties and the targets
    still waiting under the person's name.

    ``purged`` is False when another process kept old copies of the erased rows from being
    purged from the workspace's write-ahead log (forgetting again once it is done purges them).
    """

    person_id: int
    identities: int
    records: int
    edges: int
    waiting_targets: int
    purged: bool


def forget_person(workspace: Workspace, person: int) -> Forgotten:
    """Erase a person: their row, identity keys, edges with their evidence, the user's word on
    their ties (``netgraph tie``: notes, and the evidence set aside for removed ties), the
    user's decisions about them (``merge``, ``split``, ``edit``, with what undoing them needed),
    and raw records.

    Sources they owned stay (other people came from them) but lose their owner and any file name
    or path that could name them; sources left with nothing in them go, and so do targets still
    waiting under their name. The erasure is one transaction; then the freed pages are purged
    from the files and the route index (a copy of the ties) is deleted, so no byte of the person
    stays on disk. Call it outside a transaction: inside one, the purge cannot finish.
    """
    with workspace.transaction():
        removed = _erase(workspace, person)
    purged = workspace.purge_free_space()
    workspace.discard_route_index()
    return Forgotten(person, *removed, purged=purged)


def _erase(workspace: Workspace, person: int) -> tuple[int, int, int, int]:
    """Delete every row about the person; return how many identity keys, records, ties and
    waiting targets went."""
    if person == me_id(workspace):
        raise UsageError("you cannot forget yourself; delete the workspace file instead")
    key, company = workspace.people.keys_of(person)
    counts = (
        workspace.people.count_keys(person),
        workspace.sources.count_records_of(person),
        workspace.ties.count_of(person),
    )
    workspace.sources.forget_owner(person)
    # Steps towards others that went through them keep no trace of them, notes included.
    workspace.outreach.forget(person)
    # A target still waiting under their name (and their company, or none) would keep the name
    # and bring them back as a target with the next import that lists them.
    waiting = workspace.targets.forget_waiting(key, company)
    workspace.targets.forget_referrer(person)  # the day they referred someone says who it was
    workspace.ties.delete_of(person)  # their ties, evidence and the user's word on them
    workspace.decisions.delete_of(person)  # merges, splits and edits of theirs, with snapshots
    workspace.sources.delete_records_of(person)
    workspace.people.delete_keys(person)
    workspace.people.delete(person)
    # A source that was only about them (a single-card file is often named after its person).
    workspace.sources.delete_empty()
    refresh_degrees(workspace)
    return (*counts, waiting)
