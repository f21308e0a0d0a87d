"""Text as netgraph compares and stores it: trimmed and cleaned, and folded for comparisons.

Used everywhere, from the workspace's SQL ``fold()`` function to identity keys and searches.
"""

from __future__ import annotations

import re
import unicodedata

MAX_TEXT_CHARS = 4096
"""Longest text netgraph takes, in characters: a field of an imported file, and anything typed
on the command line (a name, a note, a company)."""

_SPACES = re.compile(r"\s+")
# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSABLE = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "\u0131": "i",  # dotless i
        "ŧ": "t",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)


def fold_text(text: str | None) -> str:
    """Case-, accent- and spacing-insensitive form of a text, for comparisons only.

    >>> fold_text("  José  ÁLVAREZ ")
    'jose alvarez'
    >>> fold_text("Łukasz Søren")
    'lukasz soren'
    """
    if not text:
        return ""
    if text.isascii():  # most names: nothing to decompose, and casefold is lower
        return _SPACES.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.translate(_UNDECOMPOSABLE)).strip()


# Control characters (C0, DEL, C1), bidirectional overrides and non-characters: never part of
# a name, and able to disguise text on a terminal.
CONTROL_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


def clean_text(text: str | None) -> str | None:
    """Trim a field, drop control characters and collapse inner whitespace; empty is None.

    >>> clean_text("  Acme\x01 Corp ")
    'Acme Corp'
    """
    if text is None:
        return None
    cleaned = _SPACES.sub(" ", CONTROL_CHARACTERS.sub("", text)).strip()
    return cleaned or None
