"""An import applies a file with Python's cyclic garbage collector paused.

A file's records, facts and rows are many small containers without cycles; the collector
walked them over and over while they were built (a ninth of an M batch's time). Speed itself is
shown in the benchmarks; this checks the pause holds, by counting the collector's runs.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from records_helpers import contact, linkedin_export, load

from netgraph.workspace import Workspace


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generation of every collection the collector starts while the test runs."""
    started: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    gc.collect()
    gc.callbacks.append(note)
    try:
        yield started
    finally:
        gc.callbacks.remove(note)


def test_importing_a_file_does_not_run_the_collector_over_its_records(
    workspace: Workspace, collections: list[int]
) -> None:
    export = linkedin_export(
        *(
            contact(f"Person{n} Family{n}", url=f"https://www.linkedin.com/in/p-{n}", company="Co")
            for n in range(3000)
        )
    )
    collections.clear()
    load(workspace, export, owner="Friend One")
    assert len(collections) <= 2  # at most the catch-up once the pause ends
    assert gc.isenabled()
