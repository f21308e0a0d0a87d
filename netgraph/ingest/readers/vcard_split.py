"""vCard files as text, before any card is parsed: decoding the bytes and cutting cards out.

1. :func:`decode_bytes` turns the file into text (UTF-32 or UTF-16 with or without a byte order
   mark, UTF-8, else each line in the character set it declares and the rest in the file's
   declared or detected one) and says which encoding it used.
2. :func:`normalise_newlines` turns ``\\r\\r\\n``, ``\\r\\n`` and ``\\r`` into ``\\n``.
3. :func:`split_cards` cuts the text into cards line by line. Junk between cards is ignored, a
   card with no ``END:VCARD`` is kept but marked as not closed, and the nested cards of 2.1
   ``AGENT`` properties are dropped.

Each card is then cleaned by :mod:`netgraph.ingest.readers.vcard_text`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from netgraph.ingest.readers.charsets import decode_lines
from netgraph.ingest.readers.wide_text import decode_wide, sniff_wide

_BEGIN_RE = re.compile(r"\ufeff?BEGIN[ \t]*:[ \t]*VCARD[ \t]*$", re.IGNORECASE)


_END_RE = re.compile(r"END[ \t]*:[ \t]*VCARD[ \t]*$", re.IGNORECASE)


_END_ANYWHERE_RE = re.compile(r"END[ \t]*:[ \t]*VCARD", re.IGNORECASE)


_AGENT_RE = re.compile(r"AGENT(?:;[^:]*)?:[ \t]*(BEGIN[ \t]*:[ \t]*VCARD)?", re.IGNORECASE)


NEWLINES = re.compile(r"\r\n|\r|\n")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a whole file and return ``(text, note)``; the note says which encoding was used.

    UTF-32 and UTF-16, with a byte order mark or recognised without one, come first (see
    :mod:`netgraph.ingest.readers.wide_text`, shared with the LinkedIn reader); then UTF-8 (a byte
    order mark is removed); else each line in the ``CHARSET`` it declares and the other lines in
    the character set the file declares, or the one detected from its names
    (:func:`netgraph.ingest.readers.charsets.decode_lines`). Windows-1252 never fails: its five
    undefined bytes are read as Latin-1.

    >>> decode_bytes("Zoë".encode("utf-8"))
    ('Zoë', 'decoded as UTF-8')
    >>> decode_bytes("Zoë".encode("cp1252"))[0]
    'Zoë'
    """
    wide = sniff_wide(data)
    if wide is not None:
        return decode_wide(data, *wide)
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "decoded as UTF-8 (byte order mark removed)"
        except UnicodeDecodeError as error:
            return _decode_legacy(data[3:], error.start)
    try:
        return data.decode("utf-8"), "decoded as UTF-8"
    except UnicodeDecodeError as error:
        return _decode_legacy(data, error.start)


def _decode_legacy(data: bytes, bad_offset: int) -> tuple[str, str]:
    """Decode text that is not UTF-8: each line in the character set it declares, the others
    in the file's declared or detected one (:mod:`netgraph.ingest.readers.charsets`)."""
    text, note = decode_lines(data)
    return text, f"not valid UTF-8 (first invalid byte at offset {bad_offset}); {note}"


def normalise_newlines(text: str) -> str:
    r"""Turn ``\r\r\n`` (iOS), ``\r\n`` and a lone ``\r`` (old Mac) into ``\n``.

    >>> normalise_newlines("a\r\r\nb\r\nc\rd\n")
    'a\nb\nc\nd\n'
    """
    if "\r" not in text:
        return text
    return text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class RawCard:
    """One ``BEGIN:VCARD`` ... ``END:VCARD`` block, without those two lines.

    ``lines[i]`` is physical line ``body_line + i`` of the file (lines of a nested AGENT card
    are blanked out, so numbering still holds). ``closed`` is False when no ``END:VCARD``
    came before the end of the file or the next card.
    """

    number: int
    line: int
    body_line: int
    lines: list[str]
    closed: bool = True

    @property
    def locator(self) -> str:
        """Where the card is, as messages and records name it: ``"card 3 (line 40)"``."""
        return f"card {self.number} (line {self.line})"


@dataclass
class SplitResult:
    """The cards of a file, and how many nested AGENT cards were dropped from them."""

    cards: list[RawCard] = field(default_factory=list)
    nested_agent_cards: int = 0


def split_cards(text: str) -> SplitResult:
    """Cut normalised text into cards with an iterative, case-insensitive, depth-aware scan.

    A ``BEGIN:VCARD`` inside a card starts a nested AGENT card when it follows an ``AGENT:``
    line (2.1) or is the value of one; nested cards are dropped. Any other ``BEGIN:VCARD``
    inside a card means the card before it was never closed: that card is returned with
    ``closed=False`` and the new card starts.
    """
    lines = text.split("\n")
    result = SplitResult()
    start = -1  # index of the current card's BEGIN line, -1 outside a card
    depth = 0  # 0 outside a card, 1 in a card, more inside nested AGENT cards
    for index, line in enumerate(lines):
        if depth >= 2:  # inside a nested AGENT card: blank everything but its BEGIN/END
            if _END_RE.match(line) or _BEGIN_RE.match(line):
                depth += -1 if line[0] in "Ee" else 1
                if depth == 1:
                    result.nested_agent_cards += 1
            lines[index] = ""
            continue
        if not line or line[0] not in "BbEeAa\ufeff":
            continue
        if depth == 0:
            if _BEGIN_RE.match(line):
                start, depth = index, 1
        elif _END_RE.match(line):
            depth = 0
            result.cards.append(_make_card(len(result.cards) + 1, lines, start, index, True))
        elif _BEGIN_RE.match(line):
            if _follows_empty_agent(lines, start, index):
                depth = 2
                lines[index] = ""
            else:
                result.cards.append(_make_card(len(result.cards) + 1, lines, start, index, False))
                start = index
        else:
            agent = _AGENT_RE.match(line)
            if agent and agent.group(1) and not _END_ANYWHERE_RE.search(line, agent.end()):
                depth = 2
    if depth > 0:
        result.cards.append(_make_card(len(result.cards) + 1, lines, start, len(lines), False))
    return result


def _follows_empty_agent(lines: list[str], start: int, index: int) -> bool:
    """Whether the last non-blank line before ``index`` (after ``start``) is an empty AGENT."""
    for back in range(index - 1, start, -1):
        previous = lines[back]
        if previous.strip():
            agent = _AGENT_RE.match(previous)
            return (
                agent is not None and agent.group(1) is None and not previous[agent.end() :].strip()
            )
    return False


def _make_card(number: int, lines: list[str], start: int, end: int, closed: bool) -> RawCard:
    """Build the RawCard for lines ``start`` (BEGIN) to ``end`` (END, excluded)."""
    return RawCard(
        number=number,
        line=start + 1,
        body_line=start + 2,
        lines=lines[start + 1 : end],
        closed=closed,
    )
