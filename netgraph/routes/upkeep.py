"""Keeping the saved route index and everyone's degree current through an import.

Before, every import ended by reading every tie back out of SQLite to rebuild the route index
(6 s at ten million ties) and by recomputing everyone's degree with SQL over the whole
``edges`` table. Now an import watches what it changes (:mod:`netgraph.workspace.route_changes`)
and, when the saved index was current as it began, patches that index with the ties it changed
(:func:`netgraph.routes.index_patch.patch_index`); the degrees are read off the new index and
only those that changed are written. When the saved index was stale, or another connection
wrote meanwhile, the index is read whole instead, as a rebuild would.

Use :func:`index_upkeep` around the import's writes, call :meth:`IndexUpkeep.refresh` inside
the write transaction once the writes are done, and :meth:`IndexUpkeep.save` after the commit;
:func:`keeping_routes_current` does all three around any other block of changes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from netgraph.routes.cache import read_route_index, save_route_index, saved_index, saved_tokens
from netgraph.routes.index import RouteIndex
from netgraph.routes.index_patch import NO_DEGREE, degrees_from, patch_index
from netgraph.workspace import Workspace


class IndexUpkeep:
    """The route index of one import (or one batch of imports) from its start to its save."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.watched_token: str | None = None  # the saved index's token as the log began
        self.data_version = 0
        self.index: RouteIndex | None = None
        self.token: str | None = None  # the token ``index`` was made under
        self.patched = False  # whether the last refresh patched the saved index
        self._logging = False  # whether the log's triggers may exist (even after a rollback)

    def watch(self) -> None:
        """Log the network's changes from now on, if the saved index is current."""
        changes = self.workspace.route_changes
        version = changes.data_version()  # first: a commit after this read shows later
        graph = self.workspace.graph
        current = (graph.token("graph_state"), graph.token("willingness_state"))
        if "dirty" not in current and current[0] == current[1] == saved_tokens(self.workspace):
            self._logging = True
            changes.watch()
            self.watched_token, self.data_version = current[0], version

    def stop(self) -> None:
        """Stop logging (the log is dropped)."""
        self.watched_token = None
        if self._logging:
            self.workspace.route_changes.stop()

    def refresh(self, *, nothing_written_yet: bool = False) -> RouteIndex:
        """The index of the workspace as it is now, with everyone's degree stored from it and
        the workspace's index tokens set to a new one; call inside the write transaction.

        ``nothing_written_yet`` says this transaction has not written anything, so the ties
        may be read by a second connection at the same time when they are read whole.
        """
        saved = self._trusted_saved_index()
        if saved is not None and not self.workspace.route_changes.logged():
            # The block changed no tie or person: the saved index stands.
            self.patched, self.index = True, None
            self.stop()
            return saved
        index = None if saved is None else self._patched(saved)
        self.patched = index is not None
        if index is None:
            index = read_route_index(self.workspace, locked=nothing_written_yet)
        self._store_degrees(index)
        self.token = uuid.uuid4().hex
        self.workspace.graph.set_tokens(self.token, ties=True)
        self.index = index
        self.stop()
        return index

    def save(self) -> None:
        """Save the refreshed index for later commands (after the commit; best effort)."""
        if self.index is not None and self.token is not None:
            save_route_index(self.workspace, self.index, self.token)

    def _trusted_saved_index(self) -> RouteIndex | None:
        """The saved index the log started from, or None when the log cannot be trusted to
        hold every change since (not watching, another connection wrote, the saved index was
        replaced)."""
        watched = self.watched_token
        if watched is None or self.workspace.route_changes.data_version() != self.data_version:
            return None
        return saved_index(self.workspace, watched)

    def _patched(self, saved: RouteIndex) -> RouteIndex | None:
        """``saved`` patched with the logged changes; None if the log proves incomplete.

        Patching costs a pass over the saved arrays and a read of each changed tie, never more
        than reading every tie: it is used whenever it can be trusted."""
        changes = self.workspace.route_changes
        ties, strengths = changes.changed_ties()
        try:
            return patch_index(
                saved, changes.network_size(), ties, strengths, changes.changed_people()
            )
        except ValueError:  # the log missed a change: never trust it, read the ties instead
            return None

    def _store_degrees(self, index: RouteIndex) -> None:
        """Write the degrees read off ``index`` where they differ from the stored ones."""
        fresh = degrees_from(index, self.workspace.people.me())
        stored = np.full(index.size, NO_DEGREE, dtype=np.int8)
        for degree, ids in self.workspace.route_changes.stored_degrees().items():
            stored[ids[ids < index.size]] = degree
        changed = np.flatnonzero(stored != fresh)
        self.workspace.route_changes.store_degrees(
            [
                (None if degree == NO_DEGREE else degree, person)
                for person, degree in zip(changed.tolist(), fresh[changed].tolist(), strict=True)
            ]
        )


@contextmanager
def index_upkeep(workspace: Workspace, *, watch: bool = True) -> Iterator[IndexUpkeep]:
    """An :class:`IndexUpkeep` watching the workspace (unless ``watch`` is false) for a block."""
    upkeep = IndexUpkeep(workspace)
    if watch:
        upkeep.watch()
    try:
        yield upkeep
    finally:
        upkeep.stop()


@contextmanager
def keeping_routes_current(workspace: Workspace) -> Iterator[None]:
    """Run a block of changes as one transaction that ends with the route index patched,
    everyone's degree stored from it and the index saved, as an import does.

    For the user's repairs (``tie``, ``merge``, ``split``, ``undo``, ``log --referred``):
    recomputing degrees from every tie with SQL and rebuilding the index took 11 s and 6 s at
    a million people.
    """
    with workspace.transaction(), index_upkeep(workspace) as upkeep:
        with workspace.deferring_degrees():
            yield
        upkeep.refresh()
    upkeep.save()


def rebuild_route_index(workspace: Workspace) -> RouteIndex:
    """Read the route index whole, store everyone's degree from it and save it: for changes
    that delete the saved index (``forget``, ``undo-import``), done under
    :meth:`~netgraph.workspace.store.Workspace.deferring_degrees` so that the degrees are not
    also recomputed with SQL (11 s at a million people). Call it outside a transaction."""
    upkeep = IndexUpkeep(workspace)
    with workspace.transaction():
        index = upkeep.refresh(nothing_written_yet=True)
    upkeep.save()
    return index
