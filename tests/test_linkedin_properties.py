"""Properties of the LinkedIn reader: any bytes give a result or an InputError, never a crash."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.exceptions import PanicException

from netgraph.errors import InputError
from netgraph.ingest.readers.linkedin import read_linkedin
from netgraph.ingest.records import ReadResult
from netgraph.text import clean_text

HEADERS = [
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    "First Name,Last Name,Email Address,Company,Position,Connected On",
    '"First Name","Last Name","Connected On"',
]
PREAMBLES = ["", 'Notes:\n"When exporting your connection data, you may notice, that..."\n\n']
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def connections_file(data: bytes) -> Iterator[Path]:
    """A temporary ``Connections.csv`` holding ``data``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Connections.csv"
        path.write_bytes(data)
        yield path


def read_or_reject(data: bytes, skip_bad: bool) -> ReadResult | InputError:
    """Read ``data`` as Connections.csv; an InputError is returned, anything else propagates.

    ``PanicException`` derives from BaseException, so a plain ``except Exception`` in the reader
    would let it through: this property catches that too.
    """
    with connections_file(data) as path:
        try:
            return read_linkedin(path, skip_bad=skip_bad)
        except InputError as error:
            assert error.path == str(path)
            return error


@SETTINGS
@given(data=st.binary(max_size=4000), skip_bad=st.booleans())
def test_any_bytes_give_a_result_or_an_input_error(data: bytes, skip_bad: bool) -> None:
    assert isinstance(read_or_reject(data, skip_bad), (ReadResult, InputError))


TOKENS = [*',"\r\n \tAaé🟢李\x00;0-9/:', "05 Jan 2026", "4/6/26, 2:12 PM", '""']
CSVISH = st.lists(st.sampled_from(TOKENS), max_size=30).map("".join)


@st.composite
def csvish_files(draw: st.DrawFn) -> bytes:
    """A header LinkedIn could write followed by rows of CSV-like debris, in some encoding."""
    text = draw(st.sampled_from(PREAMBLES)) + draw(st.sampled_from(HEADERS)) + "\n"
    text += "\n".join(draw(st.lists(CSVISH, max_size=12)))
    encoding = draw(st.sampled_from(["utf-8", "cp1252", "utf-8-sig"]))
    data = text.encode(encoding, errors="replace")
    return data.replace(b"\n", b"\r\n") if draw(st.booleans()) else data


@SETTINGS
@given(data=csvish_files(), skip_bad=st.booleans())
def test_csv_like_debris_gives_a_result_or_an_input_error(data: bytes, skip_bad: bool) -> None:
    outcome = read_or_reject(data, skip_bad)
    assert isinstance(outcome, (ReadResult, InputError))
    if isinstance(outcome, ReadResult) and not skip_bad:
        assert outcome.bad == []  # without skip_bad a bad row raises instead


FIELD = st.text(
    alphabet=st.characters(blacklist_categories=["Cc", "Cs"], blacklist_characters="\u2028\u2029"),
    max_size=12,
) | st.sampled_from(["", " ", "Lovelace, PhD", 'say "hi"', "  Zoë  Ek "])


@SETTINGS
@given(rows=st.lists(st.tuples(FIELD, FIELD, FIELD), max_size=15))
def test_well_formed_rows_read_back_cleaned_on_their_lines(
    rows: list[tuple[str, str, str]],
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["First Name", "Last Name", "Company", "Connected On"])
    for first, last, company in rows:
        writer.writerow([first, last, company, "05 Jan 2026"])
    with connections_file(out.getvalue().encode("utf-8")) as path:
        result = read_linkedin(path)
    expected = [
        (clean_text(first), clean_text(last), clean_text(company), f"line {number}")
        for number, (first, last, company) in enumerate(rows, start=2)
        if clean_text(first) or clean_text(last)
    ]
    got = [(c.first_name, c.last_name, c.company, c.locator) for c in result.contacts]
    assert got == expected
    assert result.skipped.get("date-only rows", 0) == len(rows) - len(expected)


def test_a_polars_panic_falls_back_to_the_stdlib_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    def panic(*args: object, **kwargs: object) -> pl.DataFrame:
        raise PanicException("simulated panic")

    monkeypatch.setattr(pl, "read_csv", panic)
    data = b"First Name,Last Name,Connected On\nAda,Lovelace,05 Jan 2026\n"
    with connections_file(data) as path:
        (ada,) = read_linkedin(path).contacts
    assert (ada.name, ada.locator) == ("Ada Lovelace", "line 2")
