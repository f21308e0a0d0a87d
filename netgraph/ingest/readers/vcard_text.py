"""vCard files as text: decoding, splitting into cards and cleaning each card for the parser.

Nothing here imports vobject. :mod:`netgraph.ingest.readers.vcard` hands each cleaned card to it.
The steps, in order:

1. :func:`decode_bytes` turns the file into text (UTF-32 or UTF-16 with or without a byte order
   mark, UTF-8, else Windows-1252) and says which encoding it used.
2. :func:`normalise_newlines` turns ``\\r\\r\\n``, ``\\r\\n`` and ``\\r`` into ``\\n``.
3. :func:`split_cards` cuts the text into cards line by line. Junk between cards is ignored, a
   card with no ``END:VCARD`` is kept but marked as not closed, and the nested cards of 2.1
   ``AGENT`` properties are dropped.
4. :func:`sanitise_card` unfolds one card into logical lines and rewrites it as text that vobject
   reads quickly and without surprises. It drops binary data (``PHOTO``, ``LOGO``, ``SOUND``,
   ``KEY`` and anything base64-encoded) without decoding it, and drops ``PROFILE``, ``AGENT`` and
   nested ``BEGIN``/``END`` lines. It decodes quoted-printable values itself and escapes bare
   commas, which vobject would otherwise treat as the end of the value (``FN:Doe, John`` becomes
   ``Doe``). A line that would make vobject's line regex backtrack exponentially (too many
   parameters, or an unbalanced double quote before the value) makes the whole card rejected.
   A line that vobject could not parse at all is dropped and reported. Ordinary lines (no
   double quotes or encodings in their parameters) are checked by one linear regex; the others
   by a scan of their parameters.

Problems are described by card number, line number and property name only: never by the
content of the card, which is personal data.
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

from netgraph.ingest.readers import limits
from netgraph.ingest.readers.wide_text import decode_wide, sniff_wide

__all__ = [
    "MAX_CARD_CHARS",
    "MAX_PARAMETERS",
    "CardRejected",
    "RawCard",
    "SanitisedCard",
    "SplitResult",
    "StrictDecodeError",
    "decode_bytes",
    "normalise_newlines",
    "sanitise_card",
    "split_cards",
    "split_structured",
]

MAX_PARAMETERS = 16
"""Most parameters a property line may have. vobject's line regex backtracks exponentially on a
line it cannot parse: measured on vobject 0.9.9, a failing line costs 0.02 s with 16 parameters,
0.33 s with 18 and doubles with each one more. Real cards use at most four or five."""

MAX_CARD_CHARS = limits.MAX_RECORD_CHARS
"""Largest card, in characters, once binary data (photos, keys, sounds) has been dropped (1 MiB,
the same bound as a CSV record: :mod:`netgraph.ingest.readers.limits`)."""

BINARY_PROPERTIES = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
"""Properties whose values are binary; they are dropped unread, with their continuation lines."""

_STANDARD_PROPERTIES = frozenset(
    {
        "ADR", "AGENT", "ANNIVERSARY", "BDAY", "BEGIN", "CALADRURI", "CALURI", "CATEGORIES",
        "CLASS", "CLIENTPIDMAP", "EMAIL", "END", "FBURL", "FN", "GENDER", "GEO", "IMPP", "KEY",
        "KIND", "LABEL", "LANG", "LOGO", "MAILER", "MEMBER", "N", "NAME", "NICKNAME", "NOTE",
        "ORG", "PHOTO", "PRODID", "PROFILE", "RELATED", "REV", "ROLE", "SORT-STRING", "SOUND",
        "SOURCE", "TEL", "TITLE", "TZ", "UID", "URL", "VERSION", "XML",
    }
)  # fmt: skip
"""Property names of vCard 2.1, 3.0 and 4.0 (RFC 2425/2426/6350), safe to name in messages."""

_NO_COMMA_ESCAPE = frozenset({"N", "ADR", "CATEGORIES", "GEO", "VERSION", "NICKNAME"})
"""Properties where a bare comma separates list items; everywhere else it is text."""

_FREE_TEXT = frozenset({"NOTE"})
"""Properties bound by the card length limit only, not the field length limit: free text."""

_NOT_PASSED_ON = frozenset({"PROFILE", "AGENT", "BEGIN", "END", *BINARY_PROPERTIES})
"""Properties never handed to the parser (nested components, binary data)."""

_NAME_RE = re.compile(r"(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)")
_PARAM_RE = re.compile(r"[A-Za-z0-9_-]+(?:[=,][^\";:]*)?")
# A name and parameters that _head_is_valid accepts without quotes, up to the colon. Linear: a
# parameter can only start at ";" and its value cannot hold ";", ":" or a double quote.
_SIMPLE_HEAD_RE = re.compile(
    r"(?:[A-Za-z0-9_-]+\.)?([A-Za-z0-9_-]+)((?:;[A-Za-z0-9_-]+(?:[=,][^\";:]*)?)*):"
)
_BINARY_START_RE = re.compile(r"(?:[A-Za-z0-9_-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]", re.IGNORECASE)
_BEGIN_RE = re.compile(r"\ufeff?BEGIN[ \t]*:[ \t]*VCARD[ \t]*$", re.IGNORECASE)
_END_RE = re.compile(r"END[ \t]*:[ \t]*VCARD[ \t]*$", re.IGNORECASE)
_END_ANYWHERE_RE = re.compile(r"END[ \t]*:[ \t]*VCARD", re.IGNORECASE)
_AGENT_RE = re.compile(r"AGENT(?:;[^:]*)?:[ \t]*(BEGIN[ \t]*:[ \t]*VCARD)?", re.IGNORECASE)
_BARE_COMMA_RE = re.compile(r"(\\.)|,", re.DOTALL)
_NEWLINES_RE = re.compile(r"\r\n|\r|\n")
_STRUCTURE_TOKEN_RE = re.compile(r"\\(.)|([;,])|([^\\;,]+)", re.DOTALL)
_SAFE_CHARSET_RE = re.compile(r"[A-Za-z0-9_.:-]{1,40}")

_CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
_CP1252_TABLE = {
    byte: bytes([byte]).decode("cp1252")
    for byte in range(0x80, 0xA0)
    if byte not in _CP1252_UNDEFINED
}
"""Maps the Latin-1 reading of bytes 0x80-0x9F to their Windows-1252 characters."""


# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a whole file and return ``(text, note)``; the note says which encoding was used.

    UTF-32 and UTF-16, with a byte order mark or recognised without one, come first (see
    :mod:`netgraph.ingest.readers.wide_text`, shared with the LinkedIn reader); then UTF-8 (a byte
    order mark is removed), then Windows-1252. Windows-1252 never fails: its five undefined bytes
    are read as Latin-1.

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
            return _decode_cp1252(data[3:], error.start)
    try:
        return data.decode("utf-8"), "decoded as UTF-8"
    except UnicodeDecodeError as error:
        return _decode_cp1252(data, error.start)


def _decode_cp1252(data: bytes, bad_offset: int) -> tuple[str, str]:
    """Decode as Windows-1252, reading its five undefined bytes as Latin-1."""
    text = data.decode("latin-1").translate(_CP1252_TABLE)
    note = (
        f"not valid UTF-8 (first invalid byte at offset {bad_offset}); "
        "decoded as Windows-1252 (cp1252)"
    )
    undefined = sum(data.count(bytes([byte])) for byte in _CP1252_UNDEFINED)
    if undefined:
        note += f"; {undefined} byte(s) undefined in cp1252 were read as Latin-1"
    return text, note


def normalise_newlines(text: str) -> str:
    r"""Turn ``\r\r\n`` (iOS), ``\r\n`` and a lone ``\r`` (old Mac) into ``\n``.

    >>> normalise_newlines("a\r\r\nb\r\nc\rd\n")
    'a\nb\nc\nd\n'
    """
    if "\r" not in text:
        return text
    return text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- splitting


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


# --------------------------------------------------------------------------- sanitising


class CardRejected(Exception):
    """The card cannot be read safely or at all; ``problem`` says why, without its content."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class StrictDecodeError(CardRejected):
    """A quoted-printable value is not valid in its declared character set (retry leniently)."""


@dataclass
class SanitisedCard:
    """A card rewritten for vobject, one logical line per physical line.

    ``origins[i]`` gives the file line number and property name of line ``i + 2`` of ``text``
    (line 1 is ``BEGIN:VCARD``). ``dropped`` lists ``(line, property, reason)`` for lines left
    out because they could not be read; ``repairs`` describes values that were repaired.
    """

    text: str
    origins: list[tuple[int, str]]
    dropped: list[tuple[int, str, str]] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)


def sanitise_card(
    card: RawCard,
    keep: Callable[[str], bool] | None = None,
    *,
    lenient: bool = False,
    skip_lines: Collection[int] = (),
) -> SanitisedCard:
    """Rewrite one card as text vobject can read safely; raise CardRejected if it cannot be.

    ``keep`` receives each property name (upper case, ``_`` read as ``-``) and says whether the
    caller wants it; other properties are left out before vobject spends time on them. With
    ``lenient`` a quoted-printable value that is invalid in its character set is decoded with
    replacement characters (and reported in ``repairs``) instead of raising StrictDecodeError.
    Lines whose file line number is in ``skip_lines`` are dropped.
    """
    if not card.closed:
        raise CardRejected("the card is not closed (no END:VCARD line)")
    out = ["BEGIN:VCARD"]
    result = SanitisedCard(text="", origins=[])
    add_origin = result.origins.append
    size = 0
    for line_no, logical in _logical_lines(card):
        size += len(logical)
        if size > limits.MAX_RECORD_CHARS:
            raise CardRejected(
                f"the card is longer than {limits.MAX_RECORD_CHARS:,} characters without its photos"
            )
        if skip_lines and line_no in skip_lines:
            name = _safe_name(_property_name(logical))
            result.dropped.append((line_no, name, "removed after an error"))
            continue
        cleaned = _clean_line(logical, line_no, keep, lenient, result)
        if cleaned is not None:
            if len(cleaned[0]) > limits.MAX_FIELD_CHARS and cleaned[1] not in _FREE_TEXT:
                _check_value_length(cleaned[0], cleaned[1], line_no)
            out.append(cleaned[0])
            add_origin((line_no, cleaned[1]))
    out.append("END:VCARD\n")
    result.text = "\n".join(out)
    return result


def _check_value_length(line: str, name: str, line_no: int) -> None:
    """Reject the card when the value of a property it reads is longer than MAX_FIELD_CHARS.

    ``line`` is a cleaned line: its value starts at the first colon outside double quotes.
    """
    quoted = False
    for position, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            if len(line) - position - 1 > limits.MAX_FIELD_CHARS:
                raise CardRejected(
                    f"line {line_no}: {_the(name)} is longer than "
                    f"{limits.MAX_FIELD_CHARS:,} characters"
                )
            return


def _logical_lines(card: RawCard) -> Iterator[tuple[int, str]]:
    """Unfold a card into ``(file line number, logical line)``, skipping binary properties.

    Folding follows vobject's ``allowQP`` reader: a line starting with a space or tab continues
    the previous one, a blank line ends it, and after a quoted-printable line ending in ``=``
    the next line continues it whatever it starts with (joined by a newline, which the
    quoted-printable decoder then treats as a soft break). A binary property also swallows the
    unindented base64 lines after it (2.1 style), which never contain a colon.
    """
    parts: list[str] = []
    start = 0
    qp = False
    binary = False
    for offset, line in enumerate(card.lines):
        if not line or line.isspace():
            if parts:
                yield start, "".join(parts)
            parts, qp, binary = [], False, False
            continue
        if binary:
            if line[0] in " \t" or ":" not in line:
                continue
            binary = False
        if qp:
            parts.append("\n" + line)
        elif line[0] in " \t" and parts:
            parts.append(line[1:])
        else:
            if parts:
                yield start, "".join(parts)
            start = card.body_line + offset
            if line[0] in " \t":
                line = line[1:]
            if _BINARY_START_RE.match(line):
                parts, binary = [], True
                continue
            parts = [line]
        qp = line.endswith("=") and _declares_quoted_printable(parts[0])
    if parts:
        yield start, "".join(parts)


def _declares_quoted_printable(first_line: str) -> bool:
    """Whether the parameters (before the first colon) mention QUOTED-PRINTABLE."""
    head = first_line.split(":", 1)[0]
    return "quoted-printable" in head.lower()


def _property_name(line: str) -> str:
    """The property name of a logical line (upper case), or ``"?"`` if it has none."""
    match = _NAME_RE.match(line)
    return match.group(2).upper().replace("_", "-") if match else "?"


def _clean_line(
    line: str,
    line_no: int,
    keep: Callable[[str], bool] | None,
    lenient: bool,
    result: SanitisedCard,
) -> tuple[str, str] | None:
    """Check and rewrite one logical line; return ``(line, property name)`` or None to drop it."""
    simple = _SIMPLE_HEAD_RE.match(line)
    if simple is not None:
        # The common case, checked by one linear regex: parameters without double quotes, each
        # valid. Too many parameters, or encoded values, take the general path below.
        head = simple.group(2)
        if head.count(";") <= MAX_PARAMETERS and not (head and _declares_encoding(head)):
            name = simple.group(1).upper().replace("_", "-")
            if name in _NOT_PASSED_ON or (keep is not None and not keep(name)):
                return None
            colon = simple.end()
            if name not in _NO_COMMA_ESCAPE and line.find(",", colon) >= 0:
                return f"{line[:colon]}{escape_bare_commas(line[colon:])}", name
            return line, name
    match = _NAME_RE.match(line)
    if match is None:
        result.dropped.append((line_no, "a property", "not a property line"))
        return None
    name = match.group(2).upper().replace("_", "-")
    colon, params = _scan_parameters(line, match.end(), line_no, name)
    if name in _NOT_PASSED_ON:
        return None
    if keep is not None and not keep(name):
        return None
    head = line[match.end() : colon] if colon >= 0 else ""
    if colon < 0 or not _head_is_valid(head, params):
        result.dropped.append((line_no, _safe_name(name), "not a valid property line"))
        return None
    value = line[colon + 1 :]
    if _declares_encoding(head):
        rewritten = _rewrite_encoded(line[: match.end()], head, value, name, line_no, lenient)
        if rewritten is None:
            return None
        prefix, value, repair = rewritten
        if repair:
            result.repairs.append(f"line {line_no}: {_the(name, 'text')}: {repair}")
    else:
        prefix = line[:colon]
    if name not in _NO_COMMA_ESCAPE and "," in value:
        value = escape_bare_commas(value)
    return f"{prefix}:{value}", name


def _declares_encoding(head: str) -> bool:
    """Whether parameters mention ENCODING, BASE64 or QUOTED-PRINTABLE: _rewrite_encoded's work."""
    lowered = head.lower()
    return "encoding" in lowered or "base64" in lowered or "quoted-printable" in lowered


def _scan_parameters(line: str, pos: int, line_no: int, name: str) -> tuple[int, list[str]]:
    """Find the colon that starts the value and split the parameters, in linear time.

    Returns ``(colon index or -1, parameter texts)``. Raises CardRejected when the line has
    more than MAX_PARAMETERS parameters or an unbalanced double quote before the value: the
    inputs that make vobject's line regex take exponential time.
    """
    quote = line.find('"', pos)
    colon = line.find(":", pos)
    if quote < 0 or 0 <= colon < quote:
        head = line[pos:colon] if colon >= 0 else line[pos:]
        params = head.split(";")[1:]
    else:
        colon, params = _scan_quoted_parameters(line, pos, line_no, name)
    if len(params) > MAX_PARAMETERS:
        raise CardRejected(
            f"line {line_no}: {_the(name)} has {len(params)} parameters "
            f"(more than {MAX_PARAMETERS}); the card was not read"
        )
    return colon, params


def _scan_quoted_parameters(line: str, pos: int, line_no: int, name: str) -> tuple[int, list[str]]:
    """The slow path of :func:`_scan_parameters`, for parameters holding double quotes."""
    params: list[str] = []
    current: list[str] = []
    in_quotes = False
    colon = -1
    for index in range(pos, len(line)):
        char = line[index]
        if char == '"':
            in_quotes = not in_quotes
        elif not in_quotes and char == ":":
            colon = index
            break
        elif not in_quotes and char == ";":
            params.append("".join(current))
            current = []
            if len(params) > MAX_PARAMETERS + 1:
                break
            continue
        current.append(char)
    if in_quotes:
        raise CardRejected(
            f"line {line_no}: {_the(name)} has an unbalanced double quote "
            "in its parameters; the card was not read"
        )
    params.append("".join(current))
    return colon, params[1:]


def _head_is_valid(head: str, params: list[str]) -> bool:
    """Whether vobject's line regex accepts these parameters (so it will not backtrack).

    The grammar is vobject 0.9.9's: an optional extra ``;`` first, then ``;name`` parameters,
    each followed by any number of ``=value`` or ``,value`` where a value is either fully
    double-quoted or free of ``";:,``.
    """
    if not head:
        return True
    if head[0] != ";":
        return False
    if params and params[0] == "" and (len(params) > 1 or head == ";"):
        params = params[1:]
    if '"' not in head:
        return all(_PARAM_RE.fullmatch(param) for param in params)
    return all(_quoted_param_is_valid(param) for param in params)


def _quoted_param_is_valid(param: str) -> bool:
    """Check one parameter that may hold quoted values, with a small state machine."""
    match = _NAME_RE.match(param)
    if match is None or match.group(1) is not None:
        return False
    index, length = match.end(), len(param)
    while index < length:
        if param[index] not in "=,":
            return False
        index += 1
        if index < length and param[index] == '"':
            close = param.find('"', index + 1)
            if close < 0:
                return False
            index = close + 1
        else:
            while index < length and param[index] not in '";:,=':
                index += 1
            if index < length and param[index] not in ",=":
                return False
    return True


def _rewrite_encoded(
    name_part: str, head: str, value: str, name: str, line_no: int, lenient: bool
) -> tuple[str, str, str] | None:
    """Handle ENCODING/CHARSET parameters: decode quoted-printable, drop base64 (None).

    Returns ``(line up to the colon, plain value, repair done or "")``. The ENCODING and CHARSET
    parameters are removed so vobject neither decodes the value again nor mistakes ``8BIT``
    for base64.
    """
    params = _split_quoted(head)[1:]
    kept: list[str] = []
    charset: str | None = None
    quoted_printable = False
    for param in params:
        key, _, val = param.partition("=")
        key_upper, val_upper = key.strip().upper(), val.strip().strip('"').upper()
        encoding = val_upper if key_upper == "ENCODING" else key_upper if not val else ""
        if encoding in ("B", "BASE64") and (key_upper == "ENCODING" or encoding == "BASE64"):
            return None
        if encoding == "QUOTED-PRINTABLE":
            quoted_printable = True
        elif key_upper == "CHARSET":
            charset = val.strip().strip('"') or None
        elif key_upper != "ENCODING" and param:
            kept.append(param)
    prefix = name_part + "".join(";" + param for param in kept)
    if not quoted_printable:
        return prefix, value, ""
    text, repair = decode_quoted_printable(value, charset, lenient=lenient)
    if text is None:
        raise StrictDecodeError(
            f"line {line_no}: the quoted-printable text of {_the(name)} is not valid "
            f"{_safe_charset(charset)}"
        )
    return prefix, _NEWLINES_RE.sub(r"\\n", text), repair


def _split_quoted(head: str) -> list[str]:
    """Split parameters on ``;`` outside double quotes."""
    if '"' not in head:
        return head.split(";")
    parts: list[str] = []
    current: list[str] = []
    in_quotes = False
    for char in head:
        if char == '"':
            in_quotes = not in_quotes
        if char == ";" and not in_quotes:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


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
        text = data.decode("latin-1").translate(_CP1252_TABLE)
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


def _safe_name(name: str) -> str:
    """A property name fit for a message: a standard or ``X-`` name, else "a property".

    Names come from the file, and a broken line can start with anything (a person's name in an
    unindented continuation line), so only names that look like vCard properties are shown.
    """
    if name in _STANDARD_PROPERTIES or (name.startswith("X-") and len(name) <= 40):
        return name
    return "a property"


def _the(name: str, noun: str = "property") -> str:
    """``"the TEL property"``, ``"the ORG text"``; without a showable name, ``"a property"``."""
    shown = _safe_name(name)
    if shown != "a property":
        return f"the {shown} {noun}"
    return "a property" if noun == "property" else f"the {noun} of a property"


def _safe_charset(charset: str | None) -> str:
    """A declared character set fit for a message."""
    if charset is None:
        return "UTF-8"
    return charset if _SAFE_CHARSET_RE.fullmatch(charset) else "in its declared character set"
