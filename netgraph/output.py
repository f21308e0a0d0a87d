"""Writing untrusted contact data safely: terminal text, CSV cells and JSON.

Names, companies and titles come from other people's files. On a terminal they must not carry
escape sequences; in a CSV opened by a spreadsheet they must not run as formulas.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

# C0 and C1 control characters (ESC starts terminal escape sequences) and bidi overrides, which
# can make text display differently from what it is.
_UNSAFE_FOR_TERMINAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def terminal_text(value: object) -> str:
    """Text safe to print on a terminal: control characters shown as ``?``."""
    return _UNSAFE_FOR_TERMINAL.sub("?", "" if value is None else str(value))


def csv_cell(value: object) -> str:
    """A CSV cell that no spreadsheet will run as a formula.

    Cells starting with ``= + - @ | %``, a tab or a line break get a leading apostrophe (the
    OWASP advice); plain numbers such as ``-1.5`` are left alone. NUL bytes are dropped.

    >>> csv_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> csv_cell("-0.25")
    '-0.25'
    """
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return str(value)
    text = str(value).replace("\x00", "")
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(handle: TextIO, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a header and rows with every field quoted and every cell neutralised."""
    writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """:func:`write_csv` into a string."""
    buffer = io.StringIO()
    write_csv(buffer, columns, rows)
    return buffer.getvalue()


def json_text(document: Any) -> str:
    """Strict JSON (no NaN or Infinity), UTF-8 friendly, indented for people and diffs."""
    return json.dumps(document, ensure_ascii=False, allow_nan=False, indent=2)


def json_line(document: Any) -> str:
    """Strict JSON on one line, for JSON Lines output."""
    return json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
