"""Cleaning one vCard card for the parser (the card was cut out by
:mod:`netgraph.ingest.readers.vcard_split`).

Nothing here imports vobject. :mod:`netgraph.ingest.readers.vcard` hands each cleaned card to it.
:func:`sanitise_card` unfolds one card into logical lines and rewrites it as text that vobject
reads quickly and without surprises. It drops binary data (``PHOTO``, ``LOGO``, ``SOUND``,
``KEY`` and anything base64-encoded) without decoding it, and drops ``PROFILE``, ``AGENT`` and
nested ``BEGIN``/``END`` lines. It decodes quoted-printable values itself and escapes bare
commas, which vobject would otherwise treat as the end of the value (``FN:Doe, John`` becomes
``Doe``). A line that would make vobject's line regex backtrack exponentially (too many
parameters, or an unbalanced double quote before the value) makes the whole card rejected. A
line that vobject could not parse at all is dropped and reported. Ordinary lines (no double
quotes or encodings in their parameters) are checked by one linear regex; the others by a scan
of their parameters.

Problems are described by card number, line number and property name only: never by the
content of the card, which is personal data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

from netgraph.ingest.readers import limits
from netgraph.ingest.readers.vcard_split import NEWLINES, RawCard
from netgraph.ingest.readers.vcard_values import decode_quoted_printable, escape_bare_commas

__all__ = [
    "MAX_CARD_CHARS",
    "MAX_PARAMETERS",
    "CardRejected",
    "SanitisedCard",
    "StrictDecodeError",
    "sanitise_card",
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
_SAFE_CHARSET_RE = re.compile(r"[A-Za-z0-9_.:-]{1,40}")


# --------------------------------------------------------------------------- decoding


# --------------------------------------------------------------------------- splitting


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
    #: the values of the card's ADR lines (kept from the parser: only their country is read)
    addresses: list[str] = field(default_factory=list)


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
        if cleaned is not None and cleaned[1] == "ADR":
            result.addresses.append(_value_of(cleaned[0]))
        elif cleaned is not None:
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


def _value_of(line: str) -> str:
    """The value of a cleaned line: what follows the first colon outside double quotes."""
    quoted = False
    for position, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[position + 1 :]
    return ""


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
    return prefix, NEWLINES.sub(r"\\n", text), repair


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
