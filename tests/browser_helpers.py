"""Headless Chromium for the map tests, one way for every test module that opens a map.

The tests need Debian's ``chromium`` (``/usr/bin/chromium``, or ``NETGRAPH_CHROMIUM``) and the
playwright Python package (the ``test`` extra). Without them they FAIL, never skip: a map nobody
opened is not tested.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

# The map benchmark launches the same browser with the same switches.
from map_bench import ARGS as CHROMIUM_ARGS
from map_bench import CHROMIUM


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, launched headless through playwright (the test fails without it)."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium is needed for the map tests and is missing: {CHROMIUM}")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
