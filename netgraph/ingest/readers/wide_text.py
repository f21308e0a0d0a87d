"""Recognise and decode UTF-16 and UTF-32 text, with or without a byte order mark.

Shared by the vCard and LinkedIn readers, so both accept the same files. Windows tools write
"Unicode" text as UTF-16; a file without its byte order mark is recognised by where its zero
bytes fall (ASCII text in UTF-16-LE is every character followed by a zero byte), then checked
by decoding its head, so a binary file full of zero bytes is not taken for text.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (  # UTF-32-LE's mark starts with UTF-16-LE's: test UTF-32 first
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_SNIFFED = {  # codec: its code unit size, and the offsets in a unit that are zero for ASCII
    "utf-32-le": (4, (1, 2, 3)),
    "utf-32-be": (4, (0, 1, 2)),
    "utf-16-le": (2, (1,)),
    "utf-16-be": (2, (0,)),
}
_PROBE_BYTES = 4096
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # C0 controls but tab and line ends


def sniff_wide(data: bytes) -> tuple[str, str] | None:
    """Return ``(codec, label)`` when ``data`` is UTF-32 or UTF-16 text, else None.

    The label names the encoding and how it was recognised, e.g. ``"UTF-16-LE (no byte order
    mark)"``.

    >>> sniff_wide("Name".encode("utf-32"))
    ('utf-32', 'UTF-32 (byte order mark)')
    >>> sniff_wide("Name,Zoë".encode("utf-16-be"))
    ('utf-16-be', 'UTF-16-BE (no byte order mark)')
    >>> sniff_wide(b"Name,Zo\\xc3\\xab") is None
    True
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return codec, f"{label} (byte order mark)"
    head = data[:_PROBE_BYTES]
    if len(head) < 2 or head.count(0) < max(1, len(head) // 8):
        return None
    likely = sorted(_SNIFFED, key=lambda codec: -_zero_share(head, codec))
    for codec in likely:
        if _starts_like_ascii(head, codec) and _reads_as_text(head, codec):
            return codec, f"{codec.upper()} (no byte order mark)"
    return None


def _zero_share(head: bytes, codec: str) -> float:
    """How many of the bytes that are zero in ``codec``'s ASCII are zero in ``head``."""
    unit, offsets = _SNIFFED[codec]
    return sum(head[offset::unit].count(0) for offset in offsets) / (len(head) or 1)


def _starts_like_ascii(head: bytes, codec: str) -> bool:
    """Whether the first character is ASCII-like in ``codec`` (a header, a ``BEGIN:VCARD``).

    This keeps a UTF-8 file that has some UTF-16 text pasted into it later from being read
    as UTF-16 whole.
    """
    unit, offsets = _SNIFFED[codec]
    return len(head) >= unit and all(head[offset] == 0 for offset in offsets) and any(head[:unit])


def _reads_as_text(head: bytes, codec: str) -> bool:
    """Whether the head decodes in ``codec`` to text without NUL or other control characters."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        text = decoder.decode(head, final=False)  # the head may end inside a character
    except UnicodeDecodeError:
        return False
    return bool(text) and _CONTROL_RE.search(text) is None


def decode_wide(data: bytes, codec: str, label: str) -> tuple[str, str]:
    """Decode UTF-16/32 text as :func:`sniff_wide` recognised it; return ``(text, note)``.

    Undecodable units (a lone surrogate, a cut-off last character) become U+FFFD and the note
    says from which byte.
    """
    try:
        return data.decode(codec), f"decoded as {label}"
    except UnicodeDecodeError as error:
        text = data.decode(codec, errors="replace")
        return text, (
            f"decoded as {label}; invalid data from byte {error.start} was replaced by U+FFFD"
        )
