"""Pausing Python's cyclic garbage collector while many small containers are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector: building a million small containers would
    otherwise run it hundreds of times over all of them, doubling the cost (they hold no
    cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():  # (a frozen generation is someone else's: keep it)
                # Hand what was made meanwhile straight to the oldest generation: otherwise
                # the first collection after this would walk all of it at once.
                gc.freeze()
                gc.unfreeze()
            gc.enable()
