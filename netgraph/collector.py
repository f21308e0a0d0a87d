"""Pausing Python's cyclic garbage collector while many small containers are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(*, promote: bool = False) -> Iterator[None]:
    """Pause Python's cyclic garbage collector: building a million small containers would
    otherwise run it hundreds of times over all of them, doubling the cost (they hold no
    cycles).

    ``promote`` hands everything alive at the end straight to the oldest generation, so the
    first collection afterwards does not walk all that was made at once; garbage waiting to
    be collected then waits longer too (an unclosed connection stays open), so only a caller
    that makes no garbage for others to wait on should ask for it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if promote and not gc.get_freeze_count():  # (a frozen generation is someone else's)
                gc.freeze()
                gc.unfreeze()
            gc.enable()
