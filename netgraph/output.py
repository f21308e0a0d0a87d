"""Writing untrusted contact data safely: terminal text, CSV cells and JSON.

Names, companies and titles come from other people's files. On a terminal they must not carry
escape sequences or bidi controls; in a CSV opened by a spreadsheet they must not run as
formulas; in JSON they come back exactly, with anything a terminal would act on escaped.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TextIO

# C0 and C1 control characters (ESC starts terminal escape sequences) and the bidi controls
# (overrides, isolates and marks), which can make text display differently from what it is.
_UNSAFE_FOR_TERMINAL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_LINE_START = ("\t", "\r", "\n")
# Full-width forms too (U+FF1D for "=" ...): an East Asian locale may read them as formulas.
_FORMULA_START = ("=", "+", "-", "@", "|", "%", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def terminal_text(value: object) -> str:
    """Text safe to print on a terminal: control and bidi control characters shown as ``?``."""
    return _UNSAFE_FOR_TERMINAL.sub("?", "" if value is None else str(value))


def csv_cell(value: object) -> str:
    """A CSV cell that no spreadsheet will run as a formula.

    Cells starting with a tab or a line break, or with ``= + - @ | %`` once the leading
    whitespace and invisible characters a spreadsheet may strip are set aside (a space, an
    ideographic space, a zero-width space), get a leading apostrophe (the OWASP advice); plain
    numbers such as ``-1.5`` are left alone. NUL bytes are dropped.

    >>> csv_cell("=HYPERLINK(\\"http://x\\")"), csv_cell("\\u3000@SUM(A1)"), csv_cell("-0.25")
    ('\\'=HYPERLINK("http://x")', "'\\u3000@SUM(A1)", '-0.25')
    """
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return str(value)
    text = str(value).replace("\x00", "")
    shown = spreadsheet_start(text)
    formula = shown.startswith(_FORMULA_START) and not _NUMBER.fullmatch(shown)
    if formula or text.startswith(_LINE_START):
        return "'" + text
    return text


def spreadsheet_start(text: str) -> str:
    """``text`` from its first character that is not whitespace, a control or an invisible
    format character (what a spreadsheet may skip before it looks for a formula).

    >>> spreadsheet_start("\\u3000\\u200b =1")
    '=1'
    """
    start = 0
    while start < len(text) and (
        text[start].isspace() or unicodedata.category(text[start]) in ("Cc", "Cf")
    ):
        start += 1
    return text[start:]


def write_csv(handle: TextIO, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a header and rows with every field quoted and every cell neutralised."""
    writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """:func:`write_csv` into a string."""
    buffer = io.StringIO()
    write_csv(buffer, columns, rows)
    return buffer.getvalue()


def json_text(document: object) -> str:
    """Strict JSON (no NaN or Infinity), UTF-8 friendly, indented for people and diffs.

    Characters a terminal would act on (C1 controls, bidi controls) are written as ``\\u``
    escapes, so the text reads back exactly and prints safely.
    """
    return _escape_unsafe(json.dumps(document, ensure_ascii=False, allow_nan=False, indent=2))


def json_line(document: object) -> str:
    """Strict JSON on one line, for JSON Lines output (escaped as :func:`json_text` is)."""
    text = json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return _escape_unsafe(text)


def _escape_unsafe(text: str) -> str:
    # JSON's own syntax is printable ASCII: these can only be inside strings, where an
    # escape means the same character.
    return _UNSAFE_FOR_TERMINAL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
