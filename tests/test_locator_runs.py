"""A file's locators kept as runs: every line reads back as written, one at a time or all."""

from __future__ import annotations

import json
import zlib

from hypothesis import given
from hypothesis import strategies as st

from netgraph.workspace.locator_runs import LocatorRuns, pack_locators

# Locators as readers write them, and text no reader writes: numbers with leading zeros,
# digits alone, other scripts' digits, line breaks.
LOCATOR = st.one_of(
    st.builds("Connections.csv line {}".format, st.integers(0, 40)),
    st.builds("card {} (line {})".format, st.integers(0, 9), st.integers(0, 90)),
    st.sampled_from(["messages", "", "007", "0", "line 010", "x\n1", "٣", "line ٣"]),
    st.text(max_size=12),
)


@given(st.lists(LOCATOR, max_size=60))
def test_every_locator_reads_back_as_written(locators: list[str]) -> None:
    runs = LocatorRuns(pack_locators(locators), len(locators))
    assert len(runs) == len(locators)
    assert list(runs) == locators
    assert [runs[line] for line in range(len(locators))] == locators


# Stretches of consecutive lines, as an export's rows are: (head, first number, how many).
STRETCH = st.tuples(
    st.sampled_from(["Connections.csv line ", "card 3 (line ", "", "a\n", "٣ "]),
    st.integers(0, 120),
    st.integers(1, 30),
)


@given(st.lists(STRETCH, max_size=8))
def test_consecutive_lines_read_back_and_pack_into_runs(
    stretches: list[tuple[str, int, int]],
) -> None:
    locators = [f"{head}{first + n}" for head, first, count in stretches for n in range(count)]
    packed = pack_locators(locators)
    runs = LocatorRuns(packed, len(locators))
    assert list(runs) == locators
    assert [runs[line] for line in range(len(locators))] == locators
    assert len(json.loads(zlib.decompress(packed))) <= len(stretches)


def test_an_exports_rows_are_one_run_until_a_row_spans_lines() -> None:
    rows = [f"Connections.csv line {n}" for n in range(5, 30_005)]
    rows[100:] = [f"Connections.csv line {n + 1}" for n in range(105, 30_005)]  # a 2-line row
    packed = pack_locators(rows)
    assert json.loads(zlib.decompress(packed)) == [
        ["Connections.csv line ", 5, 100, ""],
        ["Connections.csv line ", 106, 29_900, ""],
    ]
    runs = LocatorRuns(packed, len(rows))
    assert runs[0] == "Connections.csv line 5" and runs[29_999] == "Connections.csv line 30005"


def test_lines_stored_before_locators_were_kept_read_empty() -> None:
    assert list(LocatorRuns(None, 3)) == ["", "", ""]
