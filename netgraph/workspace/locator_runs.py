"""A file's locators kept as runs of numbered lines (``source_raws.locators``).

A file's records are mostly consecutive lines: "Connections.csv line 5", "... line 6", and so
on. Each run is ``[head, first, length, tail]``: ``length`` locators ``head + str(first + i) +
tail`` (the number is the locator's last one), or, with ``first`` None, ``length`` times
``head`` itself. A 30,000-row export is a few dozen runs (a row that spans lines, or one
placed apart from the rest, starts a new one); so one record's locator is found without
reading the others (``who-can-introduce`` shows where each person of its routes came from, in
every file they are in).
"""

from __future__ import annotations

import json
import re
import zlib
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import NamedTuple

#: The locator's last number, and what comes before and after it.
_LAST_NUMBER = re.compile(r"(.*?)([0-9]+)([^0-9]*)", re.DOTALL)


class Run(NamedTuple):
    """``length`` locators numbered from ``first`` on (``first`` None: ``head`` each time)."""

    head: str
    first: int | None
    length: int
    tail: str


def pack_locators(locators: Sequence[str]) -> bytes:
    """``source_raws.locators`` for these locators, one per line."""
    runs: list[list[str | int | None]] = []  # [head, first, length, tail], as a Run
    head, first, length, tail = "", None, 0, ""  # the last run's
    following = None  # the locator that would extend it
    for locator in locators:
        # Nearly every locator is its run's next: one comparison, the regex only at a new run.
        if locator == following:
            length += 1
            runs[-1][2] = length
        else:
            head, first, tail = _split(locator)
            length = 1
            runs.append([head, first, length, tail])
        following = head if first is None else f"{head}{first + length}{tail}"
    return zlib.compress(json.dumps(runs, ensure_ascii=False).encode("utf-8"))


class LocatorRuns:
    """The locators of a file's lines, read from :func:`pack_locators`' text; ``packed`` None
    (lines stored before locators were kept per file) reads ``""`` for each of ``lines``."""

    def __init__(self, packed: bytes | None, lines: int) -> None:
        if packed is None:
            self._runs = [Run("", None, lines, "")]
        else:
            self._runs = [Run(*run) for run in json.loads(zlib.decompress(packed))]
        self._starts = [0, *accumulate(run.length for run in self._runs)]

    def __len__(self) -> int:
        return self._starts[-1]

    def __iter__(self) -> Iterator[str]:
        for head, first, length, tail in self._runs:
            if first is None:
                yield from [head] * length
            else:
                yield from (f"{head}{number}{tail}" for number in range(first, first + length))

    def __getitem__(self, line: int) -> str:
        if not 0 <= line < len(self):
            raise IndexError(line)
        at = bisect_right(self._starts, line) - 1
        head, first, _length, tail = self._runs[at]
        if first is None:
            return head
        return f"{head}{first + line - self._starts[at]}{tail}"


def _split(locator: str) -> tuple[str, int | None, str]:
    match = _LAST_NUMBER.fullmatch(locator)
    if match is None or match[2] != str(int(match[2])):  # "007": kept as written
        return locator, None, ""
    return match[1], int(match[2]), match[3]
