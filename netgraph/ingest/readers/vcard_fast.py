"""The fast path of the vCard reader: the values vobject's ``readOne`` would give a card, built
with vobject's own line pattern, parameter parser and decoders but without its per-line objects.

Most cards take it (about four times faster in all). A card it is not certain to read as vobject
would is handed to vobject itself (:func:`fast_read_one` returns None), and
``tests/test_vcard_fast_path.py`` checks that both give the same contacts and errors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import vobject
from vobject.base import getBehavior, parseParams
from vobject.base import line_re as _VOBJECT_LINE_RE
from vobject.behavior import Behavior
from vobject.icalendar import MultiTextBehavior, stringToTextValues
from vobject.vcard import VCardTextBehavior

from netgraph.ingest.readers.vcard_text import SanitisedCard

_FAST_PATH_VOBJECT = "0.9.9"
"""The vobject version whose ``readOne`` :func:`fast_read_one` reproduces; with any other
version every card goes to vobject."""

_Decoder = Callable[[str], Any]
_Params = tuple[dict[str, list[str]], list[str]]


class _Line:
    """What the extraction reads of a ``vobject.base.ContentLine``, without its machinery.

    vobject builds a ContentLine through an ``__setattr__`` hook that cost more than the rest of
    the reader together; these plain objects carry the same values. ``params`` and
    ``singletonparams`` may be shared with other lines and are never changed.
    """

    __slots__ = ("group", "name", "params", "singletonparams", "value")

    def __init__(self, group: str | None, name: str, params: _Params, value: Any) -> None:
        self.group = group
        self.name = name
        self.params, self.singletonparams = params
        self.value = value


class _Card:
    """What the extraction reads of a ``vobject.base.Component``: its ``contents``."""

    __slots__ = ("contents",)

    def __init__(self, contents: dict[str, list[_Line]]) -> None:
        self.contents = contents


def _keep_value(value: str) -> str:
    """The decoding of a behaviour that leaves the value as written (VERSION, N, ORG)."""
    return value


def _decode_text(value: str) -> str:
    """``VCardTextBehavior.decode``: backslash escapes undone, the value cut at a bare comma."""
    if "\\" not in value and "," not in value:
        return value  # what stringToTextValues gives, without its character-by-character loop
    return str(stringToTextValues(value)[0])


def _list_decoder(separator: str) -> _Decoder:
    """``MultiTextBehavior.decode`` (CATEGORIES): escapes undone, split on ``separator``."""

    def decode(value: str) -> list[str]:
        if "\\" not in value and separator not in value:
            return [value]
        return list(stringToTextValues(value, listSeparator=separator))

    return decode


def _decoder(behavior: Any) -> _Decoder | None:
    """The function doing what ``behavior.decode`` does to a plain value; None if unknown."""
    if behavior is None:
        return _keep_value  # a known property without a behaviour keeps its value (VERSION)
    decode = getattr(getattr(behavior, "decode", None), "__func__", None)
    if decode is VCardTextBehavior.decode.__func__:
        return _decode_text
    if decode is MultiTextBehavior.decode.__func__:
        return _list_decoder(str(behavior.listSeparator))
    if decode is Behavior.decode.__func__:
        return _keep_value
    return None


def fast_path_decoders() -> tuple[dict[str, _Decoder | None], _Decoder] | None:
    """The decoder of each property as vobject chooses it, and the one for all other names.

    vobject gives every card, whatever its VERSION, its vCard 3.0 behaviour: the properties it
    knows (N, FN, ORG, CATEGORIES...) get their own behaviour, the others ``defaultBehavior``.
    None, so no fast path, when vobject is not the version this reproduces. BEGIN, END and
    PROFILE, which vobject treats as structure, map to None: such a card goes to vobject.
    """
    card = getBehavior("VCARD")
    if getattr(vobject, "VERSION", None) != _FAST_PATH_VOBJECT or card is None:
        return None
    known = {
        name: _decoder(getBehavior(name, entry[2])) for name, entry in card.knownChildren.items()
    }
    default = _decoder(card.defaultBehavior)
    if default is None or known.get("VERSION", default) is not _keep_value:
        return None  # the VERSION value is read undecoded below, as vobject reads it
    known.update(BEGIN=None, END=None, PROFILE=None)
    return known, default


FAST_PATH = fast_path_decoders()
_VCARD_BEHAVIOR = getBehavior("VCARD")


def fast_read_one(clean: SanitisedCard) -> _Card | None:
    """Parse a sanitised card as ``vobject.readOne(..., allowQP=False, transform=False)`` would.

    Lines are split by vobject's own line pattern and parameter parser, and values decoded as
    vobject's behaviours decode them. None means "ask vobject": a card with a line vobject
    would fail on or treat in a way this does not reproduce (quoted-printable or base64
    parameters, nested components, a property whose behaviour is unknown here), so errors and
    their retries stay vobject's.
    """
    if FAST_PATH is None:
        return None
    decoders, default = FAST_PATH
    text = clean.text
    lines = text.split("\n")
    # vobject splits lines at "\n" and "\r" alike: a value holding either would be two lines to
    # it (more lines than origins). A line starting with a space or tab, which it would join to
    # the line before, does not match its line pattern below.
    if "\r" in text or len(lines) != len(clean.origins) + 3 or lines[-1]:
        return None
    if lines[0] != "BEGIN:VCARD" or lines[-2] != "END:VCARD":
        return None
    contents: dict[str, list[_Line]] = {}
    match_line = _VOBJECT_LINE_RE.match
    try:
        for line in lines[1:-2]:
            match = match_line(line)
            if match is None:
                return None
            group, name, params_text, value = match.group("group", "name", "params", "value")
            name = name.replace("_", "-").upper()
            decode = decoders.get(name, default)
            params = _parse_params(params_text) if params_text else _NO_PARAMS
            if decode is None or params is None:
                return None
            parsed = _Line(group, name, params, decode(value))
            key = name.lower()
            same_name = contents.get(key)
            if same_name is None:
                contents[key] = [parsed]
            else:
                same_name.append(parsed)
    except Exception:  # anything unforeseen: vobject decides
        return None
    versions = contents.get("version")
    behavior = getBehavior("VCARD", versions[-1].value if versions else None)
    return _Card(contents) if behavior is _VCARD_BEHAVIOR else None


_NO_PARAMS: _Params = ({}, [])
_PARAMS_CACHE: dict[str, _Params | None] = {}
_PARAMS_CACHE_SIZE = 4096
_PARAMS_CACHE_TEXT = 200
"""Longest parameter text cached: a hostile file must not fill the cache with huge ones."""


def _parse_params(text: str) -> _Params | None:
    """``ContentLine.params`` and ``singletonparams`` for a parameter text, as vobject makes them.

    None when they declare an encoding, which vobject would decode itself. Parameter texts
    repeat across a file (``;TYPE=CELL``), so results are cached.
    """
    if text in _PARAMS_CACHE:
        return _PARAMS_CACHE[text]
    params: dict[str, list[str]] = {}
    singles: list[str] = []
    for param in parseParams(text):
        if len(param) == 1:
            singles.append(param[0])
        else:
            params.setdefault(param[0].upper(), []).extend(param[1:])
    encoded = "ENCODING" in params or "QUOTED-PRINTABLE" in singles or "BASE64" in singles
    result = None if encoded else (params, singles)
    if len(text) <= _PARAMS_CACHE_TEXT and len(_PARAMS_CACHE) < _PARAMS_CACHE_SIZE:
        _PARAMS_CACHE[text] = result
    return result
