"""A file's locators kept as runs of numbered lines (``source_raws.locators``).

A file's records are mostly consecutive lines: "Connections.csv line 5", "... line 6", and so
on. Each run is ``[head, first, count, tail]``: ``count`` locators ``head + str(first + i) +
tail`` (the number is the locator's last one), or, with ``first`` None, ``count`` times
``head`` itself. A 30,000-row export is one run, or a few where rows span lines; so one
record's locator is found without reading the others (``who-can-introduce`` shows where each
person of its routes came from, in every file they are in).
"""

from __future__ import annotations

import json
import re
import zlib
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate

#: The locator's last number, and what comes before and after it.
_LAST_NUMBER = re.compile(r"(.*?)([0-9]+)([^0-9]*)", re.DOTALL)
Run = list[str | int | None]


def pack_locators(locators: Sequence[str]) -> bytes:
    """``source_raws.locators`` for these locators, one per line."""
    runs: list[Run] = []
    for locator in locators:
        head, number, tail = _split(locator)
        if runs and _continues(runs[-1], head, number, tail):
            runs[-1][2] = int(runs[-1][2] or 0) + 1
        else:
            runs.append([head, number, 1, tail])
    return zlib.compress(json.dumps(runs, ensure_ascii=False).encode("utf-8"))


class LocatorRuns:
    """The locators of a file's lines, read from :func:`pack_locators`' text; ``packed`` None
    (lines stored before locators were kept per file) reads ``""`` for each of ``lines``."""

    def __init__(self, packed: bytes | None, lines: int) -> None:
        runs = (
            json.loads(zlib.decompress(packed)) if packed is not None else [["", None, lines, ""]]
        )
        self._runs: list[Run] = runs
        self._starts = [0, *accumulate(int(run[2] or 0) for run in runs)]

    def __len__(self) -> int:
        return self._starts[-1]

    def __iter__(self) -> Iterator[str]:
        for head, first, count, tail in self._runs:
            if first is None:
                yield from [str(head)] * int(count or 0)
            else:
                numbers = range(int(first), int(first) + int(count or 0))
                yield from (f"{head}{number}{tail}" for number in numbers)

    def __getitem__(self, line: int) -> str:
        if not 0 <= line < len(self):
            raise IndexError(line)
        at = bisect_right(self._starts, line) - 1
        head, first, _count, tail = self._runs[at]
        if first is None:
            return str(head)
        return f"{head}{int(first) + line - self._starts[at]}{tail}"


def _split(locator: str) -> tuple[str, int | None, str]:
    match = _LAST_NUMBER.fullmatch(locator)
    if match is None or match[2] != str(int(match[2])):  # "007": kept as written
        return locator, None, ""
    return match[1], int(match[2]), match[3]


def _continues(run: Run, head: str, number: int | None, tail: str) -> bool:
    """Whether a locator is the next of a run."""
    run_head, first, count, run_tail = run
    if run_head != head or run_tail != tail or (first is None) != (number is None):
        return False
    return number is None or number == int(first or 0) + int(count or 0)
