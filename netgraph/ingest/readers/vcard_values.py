"""Decoding and splitting vCard property values: quoted-printable text in a declared charset,
structured values (``N``, ``ADR``) and bare commas."""

from __future__ import annotations

import binascii
import codecs
import re

_BARE_COMMA_RE = re.compile(r"(\\.)|,", re.DOTALL)


_STRUCTURE_TOKEN_RE = re.compile(r"\\(.)|([;,])|([^\\;,]+)", re.DOTALL)


CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})


CP1252_TABLE = {
    byte: bytes([byte]).decode("cp1252")
    for byte in range(0x80, 0xA0)
    if byte not in CP1252_UNDEFINED
}
"""Maps the Latin-1 reading of bytes 0x80-0x9F to their Windows-1252 characters."""


def decode_quoted_printable(
    value: str, charset: str | None, *, lenient: bool
) -> tuple[str | None, str]:
    r"""Decode a quoted-printable value; return ``(text, repair)``.

    Soft line breaks (``=`` at the end of a line) are removed. Strictly, text that is not
    valid in ``charset`` (UTF-8 when none is declared) gives ``(None, "")``. Leniently, text
    with no declared character set that is not UTF-8 is read as Windows-1252 (as Outlook
    writes it), text in an unknown character set as UTF-8, and bytes invalid in the declared
    set become U+FFFD; ``repair`` then says which was done.

    >>> decode_quoted_printable("=C3=91and=\nu", "UTF-8", lenient=False)
    ('Ñandu', '')
    >>> decode_quoted_printable("It=92s", None, lenient=True)[1]
    'it was not UTF-8 and was read as Windows-1252'
    """
    codec = _text_codec(charset)
    raw = value.encode("ascii") if value.isascii() else _encode_raw(value, codec or "utf-8")
    data = binascii.a2b_qp(raw)
    if codec is None:
        if not lenient:
            return None, ""
        text = data.decode("utf-8", errors="replace")
        return text, "its character set is unknown; it was read as UTF-8"
    try:
        return data.decode(codec), ""
    except (ValueError, TypeError):  # UnicodeDecodeError, or a codec's own complaint
        if not lenient:
            return None, ""
    if charset is None:
        text = data.decode("latin-1").translate(CP1252_TABLE)
        return text, "it was not UTF-8 and was read as Windows-1252"
    try:
        text = data.decode(codec, errors="replace")
    except (ValueError, TypeError):
        text = data.decode("utf-8", errors="replace")
    return text, "bytes invalid in its character set were replaced by U+FFFD"


def _text_codec(charset: str | None) -> str | None:
    """The Python codec for a declared CHARSET (UTF-8 if none), or None if unknown or not text."""
    if charset is None:
        return "utf-8"
    try:
        info = codecs.lookup(charset)
    except (LookupError, ValueError, TypeError):
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _encode_raw(value: str, codec: str) -> bytes:
    """Bytes for a quoted-printable value holding raw non-ASCII text (against the rules)."""
    try:
        return value.encode(codec)
    except (LookupError, ValueError, TypeError):
        return value.encode("utf-8", errors="replace")


def split_structured(value: str) -> list[str]:
    r"""Split a structured value (N, ORG) into its ``;`` fields, unescaped and stripped.

    A bare comma inside a field separates list items (N's additional names); they are joined
    with a space. An escaped ``\,`` or ``\;`` stays in the field.

    >>> split_structured(r"Doe;John;Richter,James;Mr.;Sr.")
    ['Doe', 'John', 'Richter James', 'Mr.', 'Sr.']
    >>> split_structured(r"Company\, The;Sales\;EMEA;")
    ['Company, The', 'Sales;EMEA', '']
    """
    if "\\" not in value and "," not in value:
        return [field.strip() for field in value.split(";")]
    fields: list[str] = []
    items: list[str] = []
    current: list[str] = []
    for escaped, separator, text in _STRUCTURE_TOKEN_RE.findall(value):
        if separator:
            items.append("".join(current))
            current = []
            if separator == ";":
                fields.append(" ".join(item.strip() for item in items if item.strip()))
                items = []
        elif escaped:
            current.append("\n" if escaped in "nN" else escaped)
        else:
            current.append(text)
    items.append("".join(current))
    fields.append(" ".join(item.strip() for item in items if item.strip()))
    return fields


def escape_bare_commas(value: str) -> str:
    r"""Escape commas that are not already escaped, leaving other escapes as they are.

    >>> escape_bare_commas(r"Doe, John \, Jr\\, x")
    'Doe\\, John \\, Jr\\\\\\, x'
    """
    return _BARE_COMMA_RE.sub(lambda match: match.group(1) or "\\,", value)
