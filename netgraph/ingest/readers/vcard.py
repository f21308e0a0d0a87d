"""Read a vCard file (versions 2.1, 3.0 and 4.0, one or many cards) into :class:`Contact` records.

This is the only module of netgraph that imports vobject. The file is decoded, split into cards
and each card cleaned by :mod:`netgraph.ingest.readers.vcard_text`; then every card is parsed on its
own, so one bad card never loses the rest of the file. A card that vobject cannot read is retried
once after a repair (invalid quoted-printable text decoded with replacement characters, the
failing line removed) before it counts as bad.

Parsing is vobject's ``readOne`` (0.9.9), but most cards take a fast path that builds the same
values with vobject's own line pattern, parameter parser and decoders, without its per-line
objects, which cost more than everything else the reader does (about four times faster in
all). A card the fast path is not certain to read as vobject would goes to vobject itself, and
``tests/test_vcard_fast_path.py`` checks that both give the same contacts and errors.

Without ``skip_bad`` the first bad card raises :class:`InputError` naming the file and the card
(``"card 3 (line 40)"``); with it bad cards are listed in :attr:`ReadResult.bad` and the others
are returned. Messages never quote a card's content, only card, line and property names.

What is read from each card: the display name (FN, else N, else ORG, else EMAIL, else TEL),
first and last name from N, company and units from ORG, TITLE, every EMAIL and TEL, a LinkedIn
profile URL (X-SOCIALPROFILE or URL), CATEGORIES, and explicit relations: vCard 4.0 RELATED,
Apple/Google ``itemN.X-ABRELATEDNAMES`` with their ``X-ABLabel``, Android
``X-ANDROID-CUSTOM:vnd.android.cursor.item/relation``, Outlook/Evolution/Thunderbird
``X-*-SPOUSE``/``-MANAGER``/``-ASSISTANT`` and FullContact's hex-encoded related names. Photos,
logos, sounds and keys are dropped unread.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import vobject
from vobject.base import getBehavior, parseParams
from vobject.base import line_re as _VOBJECT_LINE_RE
from vobject.behavior import Behavior
from vobject.icalendar import MultiTextBehavior, stringToTextValues
from vobject.vcard import VCardTextBehavior

from netgraph.errors import InputError
from netgraph.identity.keys import linkedin_key
from netgraph.ingest.readers import limits
from netgraph.ingest.readers.vcard_text import (
    CardRejected,
    RawCard,
    SanitisedCard,
    StrictDecodeError,
    decode_bytes,
    normalise_newlines,
    sanitise_card,
    split_cards,
    split_structured,
)
from netgraph.ingest.records import BadRecord, Contact, ReadResult, Relation

__all__ = ["read_vcard", "relation_kind"]

MAX_NOTES = 20
"""Most per-card notes (skipped lines, repairs) kept in a ReadResult; the rest are counted."""

SIMPLE_RELATIONS = {
    "X-MS-SPOUSE": "spouse",
    "X-MS-MANAGER": "manager",
    "X-MS-ASSISTANT": "assistant",
    "X-EVOLUTION-SPOUSE": "spouse",
    "X-EVOLUTION-MANAGER": "manager",
    "X-EVOLUTION-ASSISTANT": "assistant",
    "X-SPOUSE": "spouse",
    "X-MANAGER": "manager",
    "X-ASSISTANT": "assistant",
    "X-KADDRESSBOOK-X-SPOUSESNAME": "spouse",
    "X-KADDRESSBOOK-X-MANAGERSNAME": "manager",
    "X-KADDRESSBOOK-X-ASSISTANTSNAME": "assistant",
}
"""Single-purpose relation properties of Outlook, Evolution, Thunderbird and KAddressBook."""
_SIMPLE_RELATION_KEYS = {name.lower(): kind for name, kind in SIMPLE_RELATIONS.items()}

KEPT_PROPERTIES = frozenset(
    {
        "VERSION",
        "FN",
        "N",
        "ORG",
        "TITLE",
        "EMAIL",
        "TEL",
        "URL",
        "NOTE",
        "CATEGORIES",
        "KIND",
        "X-ABSHOWAS",
        "X-SOCIALPROFILE",
        "X-LINKEDIN",
        "RELATED",
        "X-ABRELATEDNAMES",
        "X-ABLABEL",
        "X-ANDROID-CUSTOM",
        *SIMPLE_RELATIONS,
    }
)
"""Properties handed to vobject; the others are dropped before parsing (faster, and a broken
address or birthday line cannot make a card unreadable)."""

ANDROID_RELATION_TYPES = {
    "1": "assistant",
    "2": "brother",
    "3": "child",
    "4": "domestic partner",
    "5": "father",
    "6": "friend",
    "7": "manager",
    "8": "mother",
    "9": "parent",
    "10": "partner",
    "11": "referred by",
    "12": "relative",
    "13": "sister",
    "14": "spouse",
}
"""``ContactsContract.CommonDataKinds.Relation`` type codes; 0 means a custom label follows."""

_KIND_WORDS = {
    "spouse": ("spouse", "wife", "husband"),
    "partner": (
        "partner",
        "domestic partner",
        "life partner",
        "boyfriend",
        "girlfriend",
        "fiance",
        "fiancé",
        "fiancee",
        "fiancée",
        "sweetheart",
        "significant other",
    ),
    "family": (
        "family",
        "relative",
        "kin",
        "parent",
        "mother",
        "father",
        "mom",
        "mum",
        "dad",
        "child",
        "son",
        "daughter",
        "sibling",
        "brother",
        "sister",
        "grandparent",
        "grandmother",
        "grandfather",
        "grandchild",
        "grandson",
        "granddaughter",
        "aunt",
        "uncle",
        "cousin",
        "niece",
        "nephew",
    ),
    "friend": ("friend", "best friend", "buddy"),
    "colleague": ("colleague", "co worker", "coworker", "workmate", "teammate"),
    "manager": ("manager", "boss", "supervisor"),
    "assistant": ("assistant", "secretary"),
    "referred-by": ("referred by", "referredby", "referrer"),
}
_KINDS = {word: kind for kind, words in _KIND_WORDS.items() for word in words}
_APPLE_LABEL_RE = re.compile(r"_\$!<(.*)>!\$_", re.DOTALL)
_LABEL_SEPARATORS_RE = re.compile(r"[\s_\-]+")
_URI_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(.*)", re.DOTALL)
_URI_SCHEMES = frozenset(
    {"mailto", "urn", "uuid", "http", "https", "tel", "sip", "xmpp", "data", "cid", "ldap"}
)
_SLUG_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_%.\-]{1,99}")
_FULLCONTACT_RELATION = "X-FC-RELATEDNAMES:"
_N_FIELDS = ("family", "given", "additional", "prefix", "suffix")


def _silence_vobject_logging() -> None:
    """Keep vobject from printing: its logger would echo card lines (personal data) to stderr."""
    for name in ("vobject", "vobject.base", "vobject.icalendar"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


_silence_vobject_logging()


# --------------------------------------------------------------------------- the file


def read_vcard(path: str | os.PathLike[str], *, skip_bad: bool = False) -> ReadResult:
    """Read every card of a vCard file into a :class:`ReadResult` of kind ``"vcard"``.

    Raises :class:`InputError` when the file cannot be read, holds no vCard at all, or (without
    ``skip_bad``) at its first bad card, naming it as ``"card N (line L)"``.
    """
    where = os.fspath(path)
    data = limits.read_input(where, limit=limits.MAX_INPUT_BYTES, noun="vCard file")
    try:
        return _read_cards(where, data, skip_bad)
    except MemoryError:
        raise limits.out_of_memory(where) from None


def _read_cards(where: str, data: bytes, skip_bad: bool) -> ReadResult:
    """Decode, split and read the cards of one file's bytes (see :func:`read_vcard`)."""
    text, encoding_note = decode_bytes(data)
    split = split_cards(normalise_newlines(text))
    if not split.cards:
        raise InputError(where, _no_card_problem(data))
    result = ReadResult(path=where, kind="vcard", files_read=[where], notes=[encoding_note])
    if split.nested_agent_cards:
        result.skipped["nested AGENT cards"] = split.nested_agent_cards
    card_notes: list[str] = []
    for card in split.cards:
        outcome = _read_card(card)
        card_notes.extend(outcome.notes)
        for reason, count in outcome.skipped.items():
            result.skipped[reason] = result.skipped.get(reason, 0) + count
        if outcome.contact is not None:
            result.contacts.append(outcome.contact)
        elif outcome.problem is not None:
            if not skip_bad:
                raise InputError(where, outcome.problem, card.locator)
            result.bad.append(BadRecord(card.locator, outcome.problem))
    result.notes.extend(card_notes[:MAX_NOTES])
    if len(card_notes) > MAX_NOTES:
        result.notes.append(f"... and {len(card_notes) - MAX_NOTES} more notes about cards")
    return result


def _no_card_problem(data: bytes) -> str:
    """Say why a file holds no card: empty, or not a vCard file at all."""
    if not data.strip():
        return "the file is empty: no vCard found"
    return "no vCard found (no BEGIN:VCARD line): this is not a contacts (.vcf) file"


# --------------------------------------------------------------------------- one card


@dataclass
class _Outcome:
    """What became of one card: a contact, a problem, or nothing to import (``skipped``)."""

    contact: Contact | None = None
    problem: str | None = None
    skipped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class _ParseFailure(Exception):
    """vobject could not read a sanitised card; ``line`` is the file line it named, if any."""

    def __init__(self, problem: str, line: int | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


def _read_card(card: RawCard) -> _Outcome:
    """Parse and extract one card; never raises."""
    try:
        parsed, clean = _parse_card(card)
    except CardRejected as rejected:
        return _Outcome(problem=rejected.problem)
    except _ParseFailure as failure:
        return _Outcome(problem=failure.problem)
    outcome = _Outcome()
    for line, name, reason in clean.dropped:
        outcome.notes.append(f"{card.locator}: line {line} ({name}) was skipped: {reason}")
    outcome.notes.extend(f"{card.locator}: {repair}" for repair in clean.repairs)
    if clean.dropped:
        outcome.skipped["unreadable lines"] = len(clean.dropped)
    try:
        contact = extract_contact(parsed, card.locator)
    except Exception as error:  # a shape of value nobody foresaw: report the card, go on
        outcome.problem = f"its fields could not be read ({type(error).__name__})"
        return outcome
    if contact is None:
        is_group = _kind(parsed.contents) == "group"
        reason = "contact groups (KIND:group)" if is_group else "empty cards"
        outcome.skipped[reason] = outcome.skipped.get(reason, 0) + 1
    outcome.contact = contact
    return outcome


def _parse_card(card: RawCard) -> tuple[Any, SanitisedCard]:
    """Sanitise and parse a card, retrying once leniently and without the line that failed."""
    skip: set[int] = set()
    first_failure: _ParseFailure | None = None
    try:
        clean = sanitise_card(card, _keep)
        return _read_one(clean), clean
    except StrictDecodeError:
        pass
    except _ParseFailure as failure:
        first_failure = failure
        if failure.line is not None:
            skip.add(failure.line)
    clean = sanitise_card(card, _keep, lenient=True, skip_lines=skip)
    try:
        return _read_one(clean), clean
    except _ParseFailure:
        if first_failure is not None:
            raise first_failure from None
        raise


def _keep(name: str) -> bool:
    """Whether a property is one the extraction reads (see KEPT_PROPERTIES)."""
    return name in KEPT_PROPERTIES or name.startswith("X-FCENCODED-")


def _read_one(clean: SanitisedCard) -> Any:
    """Parse a sanitised card as ``vobject.readOne`` does, turning any exception into _ParseFailure.

    Most cards are read by :func:`_fast_read_one`, which gives what vobject's readOne would; a
    card it does not handle goes to vobject itself.

    The card is already unfolded and its quoted-printable values decoded, so ``allowQP`` is
    off: vobject's own QP handling would join the next line onto any value that ends in ``=``
    and mentions "quoted-printable". ``transform=False`` leaves N and ORG as text (split by
    :func:`split_structured`), which makes vobject about a fifth faster; every other value is
    decoded all the same.
    """
    if _FAST_PATH:
        parsed = _fast_read_one(clean)
        if parsed is not None:
            return parsed
    try:
        return vobject.readOne(clean.text, allowQP=False, transform=False)
    except Exception as error:  # vobject raises ParseError, binascii.Error, LookupError, ...
        raise _describe_failure(error, clean) from None


def _describe_failure(error: Exception, clean: SanitisedCard) -> _ParseFailure:
    """Describe a vobject exception by class, line and property: never by its message."""
    number = getattr(error, "lineNumber", None)
    line: int | None = None
    where = ""
    if isinstance(number, int) and 2 <= number < len(clean.origins) + 2:
        line, name = clean.origins[number - 2]
        where = f" on line {line} ({name})"
    kind = type(error).__name__
    if "never closed" in str(error) or "wasn't closed" in str(error):
        return _ParseFailure("the card is not closed properly", line)
    return _ParseFailure(f"the card could not be parsed ({kind}{where})", line)


# --------------------------------------------------------------------------- the fast path

_FAST_PATH_VOBJECT = "0.9.9"
"""The vobject version whose ``readOne`` :func:`_fast_read_one` reproduces; with any other
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


def _fast_path_decoders() -> tuple[dict[str, _Decoder | None], _Decoder] | None:
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


_FAST_PATH = _fast_path_decoders()
_VCARD_BEHAVIOR = getBehavior("VCARD")


def _fast_read_one(clean: SanitisedCard) -> _Card | None:
    """Parse a sanitised card as ``vobject.readOne(..., allowQP=False, transform=False)`` would.

    Lines are split by vobject's own line pattern and parameter parser, and values decoded as
    vobject's behaviours decode them. None means "ask vobject": a card with a line vobject
    would fail on or treat in a way this does not reproduce (quoted-printable or base64
    parameters, nested components, a property whose behaviour is unknown here), so errors and
    their retries stay vobject's.
    """
    if _FAST_PATH is None:
        return None
    decoders, default = _FAST_PATH
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


# --------------------------------------------------------------------------- extraction


def extract_contact(card: Any, locator: str) -> Contact | None:
    """Turn a parsed vobject card into a Contact; None when it has nothing to import.

    Contact groups (4.0 ``KIND:group``) are lists of members, not people: they give None too.
    """
    contents: dict[str, list[Any]] = card.contents
    kind = _kind(contents)
    if kind == "group":
        return None
    name_parts = _name_parts(contents)
    units = _org_units(contents)
    emails = _texts(contents, "email")
    phones = _phones(contents)
    linkedin = _linkedin_url(contents)
    formatted = _first_text(contents, "fn")
    name = formatted or _fallback_name(name_parts, units, emails, phones, linkedin)
    if not name:
        return None
    relations, relation_labels = _relations(contents)
    contact = Contact(
        name=name,
        locator=locator,
        first_name=name_parts.get("given"),
        last_name=name_parts.get("family"),
        company=units[0] if units else (name if kind == "org" else None),
        org_units=units[1:],
        title=_first_text(contents, "title"),
        emails=emails,
        phones=phones,
        linkedin_url=linkedin,
        categories=_categories(contents),
        relations=relations,
    )
    contact.raw = _raw(contents, contact, formatted, name_parts, units, relation_labels, kind)
    return contact


def _as_text(value: Any) -> str:
    """A value as stripped text: lists (structured fields, N's names) are joined with spaces."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (list, tuple)):
        return " ".join(part for part in (_as_text(item) for item in value) if part)
    return ""


def _texts(contents: dict[str, list[Any]], name: str) -> list[str]:
    """The non-empty text values of a property (lower-case name), without duplicates."""
    lines = contents.get(name)
    if not lines:
        return []
    if len(lines) == 1:
        text = _as_text(lines[0].value)
        return [text] if text else []
    return _unique([_as_text(line.value) for line in lines])


def _first_text(contents: dict[str, list[Any]], name: str) -> str | None:
    """The first non-empty text value of a property."""
    for line in contents.get(name) or ():
        text = _as_text(line.value)
        if text:
            return text
    return None


def _unique(values: Iterable[str]) -> list[str]:
    """Non-empty values in first-seen order, without duplicates."""
    return list(dict.fromkeys(value for value in values if value))


def _params(line: Any, key: str) -> list[str]:
    """A parameter's values split on commas, plus 2.1 bare parameters for TYPE, lower-cased."""
    values = list(line.params.get(key, [])) if isinstance(line.params, dict) else []
    if key == "TYPE":
        values.extend(line.singletonparams)
    return [part.strip().lower() for value in values for part in str(value).split(",")]


def _kind(contents: dict[str, list[Any]]) -> str:
    """``"individual"``, ``"org"``, ``"group"`` or ``"location"`` (4.0 KIND, Apple X-ABShowAs)."""
    if "kind" in contents:
        kind = (_first_text(contents, "kind") or "").lower()
        if kind in ("org", "group", "location"):
            return kind
    if "x-abshowas" in contents and (_first_text(contents, "x-abshowas") or "").upper() == (
        "COMPANY"
    ):
        return "org"
    return "individual"


def _name_parts(contents: dict[str, list[Any]]) -> dict[str, str]:
    """The non-empty parts of the first N property (family, given, additional, prefix, suffix)."""
    for line in contents.get("n") or ():
        if not isinstance(line.value, str):
            continue
        fields = split_structured(line.value)[:5]
        parts = {key: text for key, text in zip(_N_FIELDS, fields, strict=False) if text}
        if parts:
            return parts
    return {}


def _org_units(contents: dict[str, list[Any]]) -> list[str]:
    """The units of the first non-empty ORG: company first, then departments."""
    for line in contents.get("org") or ():
        if not isinstance(line.value, str):
            continue
        units = [unit for unit in split_structured(line.value) if unit]
        if units:
            return units
    return []


def _phones(contents: dict[str, list[Any]]) -> list[str]:
    """Every TEL value as written, without a ``tel:`` prefix."""
    phones = _texts(contents, "tel")
    if any(phone[:4].lower() == "tel:" for phone in phones):
        phones = _unique(p[4:].strip() if p[:4].lower() == "tel:" else p for p in phones)
    return phones


def _categories(contents: dict[str, list[Any]]) -> list[str]:
    """All CATEGORIES values (a ``\\,`` inside one category was kept by the parser)."""
    values: list[str] = []
    for line in contents.get("categories") or ():
        items = line.value if isinstance(line.value, (list, tuple)) else [line.value]
        values.extend(_as_text(item) for item in items)
    return _unique(values)


def _fallback_name(
    parts: dict[str, str],
    units: list[str],
    emails: list[str],
    phones: list[str],
    linkedin: str | None,
) -> str | None:
    """Without FN: N in reading order, else the company, an email, a phone or the LinkedIn URL."""
    order = ("prefix", "given", "additional", "family", "suffix")
    from_n = " ".join(parts[key] for key in order if key in parts)
    for candidate in (from_n, units[0] if units else "", *emails[:1], *phones[:1], linkedin):
        if candidate:
            return candidate
    return None


def _unescape_url(value: str) -> str:
    """Undo the ``\\:`` escaping Apple and Google write in URLs (``http\\://``)."""
    return value.replace("\\:", ":").strip()


def _linkedin_url(contents: dict[str, list[Any]]) -> str | None:
    """The LinkedIn profile URL from X-SOCIALPROFILE (or X-LINKEDIN), else from a URL property."""
    for line in [*contents.get("x-socialprofile", ()), *contents.get("x-linkedin", ())]:
        value = _unescape_url(_as_text(line.value))
        if linkedin_key(value):
            return value
        if "linkedin" not in _params(line, "TYPE") and line.name != "X-LINKEDIN":
            continue
        users = _params_raw(line, "X-USER")
        for candidate in (*users, value):
            if linkedin_key(candidate):
                return candidate
            if _SLUG_RE.fullmatch(candidate):
                return f"https://www.linkedin.com/in/{candidate}"
    for line in contents.get("url") or ():
        value = _unescape_url(_as_text(line.value))
        if linkedin_key(value):
            return value
    return None


def _params_raw(line: Any, key: str) -> list[str]:
    """A parameter's values as written (stripped), without lower-casing or splitting."""
    values = line.params.get(key, []) if isinstance(line.params, dict) else []
    return [str(value).strip() for value in values if str(value).strip()]


# --------------------------------------------------------------------------- relations


def relation_kind(label: str | None) -> str:
    """Normalise a relation label to netgraph's vocabulary.

    The vocabulary: spouse, partner, family, friend, colleague, manager, assistant,
    referred-by and related (anything else).

    >>> [relation_kind(x) for x in ("_$!<Spouse>!$_", "DOMESTIC_PARTNER", "Co-Worker")]
    ['spouse', 'partner', 'colleague']
    >>> relation_kind("mother-in-law"), relation_kind("Godmother"), relation_kind(None)
    ('family', 'related', 'related')
    """
    key = _label_key(label)
    if not key:
        return "related"
    found = _KINDS.get(key) or _KINDS.get(key.replace(" ", ""))
    if found:
        return found
    if key.endswith(" in law") or key.startswith(("step", "half ", "grand", "great ")):
        return "family"
    return "related"


def _label_text(label: str | None) -> str:
    """A label as written but lower-cased, unwrapped from Apple's ``_$!<...>!$_``."""
    if not label:
        return ""
    apple = _APPLE_LABEL_RE.fullmatch(label.strip())
    return " ".join((apple.group(1) if apple else label).lower().split())


def _label_key(label: str | None) -> str:
    """The label text with ``_`` and ``-`` read as spaces, for looking up its kind."""
    return _LABEL_SEPARATORS_RE.sub(" ", _label_text(label)).strip()


def _relations(contents: dict[str, list[Any]]) -> tuple[list[Relation], list[dict[str, str]]]:
    """Every explicit relation of the card, and the labels as written (for ``raw``)."""
    found: list[tuple[str, str | None]] = []
    for key in contents:
        reader = _RELATION_READERS.get(key)
        if reader is not None:
            found.extend(reader(contents))
        elif key in _SIMPLE_RELATION_KEYS:  # keys are lower-case ASCII property names
            found.extend((name, _SIMPLE_RELATION_KEYS[key]) for name in _texts(contents, key))
        elif key.startswith("x-fcencoded-"):
            found.extend(_fullcontact_relations(contents, key))
    if not found:
        return [], []
    relations: list[Relation] = []
    labels: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for name, label in found:
        relation = Relation(name=name, kind=relation_kind(label))
        if not name or (name, relation.kind) in seen:
            continue
        seen.add((name, relation.kind))
        relations.append(relation)
        labels.append({"name": name, "label": _label_text(label) or "related"})
    return relations, labels


def _related_4_0(contents: dict[str, list[Any]]) -> Iterable[tuple[str, str | None]]:
    """vCard 4.0 RELATED: the TYPE, and a text value or a ``mailto:`` URI."""
    for line in contents.get("related") or ():
        target = _related_target(_as_text(line.value), _params(line, "VALUE"))
        if not target:
            continue
        types = [kind for kind in _params(line, "TYPE") if kind and kind != "pref"]
        specific = [kind for kind in types if relation_kind(kind) != "related"]
        chosen = specific or types
        yield target, chosen[0] if chosen else None


def _related_target(value: str, value_types: list[str]) -> str | None:
    """The name or email a RELATED value points at; None for URIs that name nobody."""
    if not value:
        return None
    if "text" in value_types:
        return value
    uri = _URI_RE.fullmatch(value)
    if not uri or uri.group(1).lower() not in _URI_SCHEMES:
        return value
    if uri.group(1).lower() == "mailto":
        address = unquote(uri.group(2)).split("?", 1)[0].strip()
        return address or None
    return None


def _apple_related_names(contents: dict[str, list[Any]]) -> Iterable[tuple[str, str | None]]:
    """Apple/Google ``itemN.X-ABRELATEDNAMES`` paired with the ``itemN.X-ABLabel`` label."""
    labels: dict[str, str] = {}
    for line in contents.get("x-ablabel") or ():
        if line.group:
            labels.setdefault(str(line.group).lower(), _as_text(line.value))
    for line in contents.get("x-abrelatednames") or ():
        label = labels.get(str(line.group).lower()) if line.group else None
        yield _as_text(line.value), label


def _android_relations(contents: dict[str, list[Any]]) -> Iterable[tuple[str, str | None]]:
    """``X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Name;TYPE;LABEL;...``."""
    for line in contents.get("x-android-custom") or ():
        value = line.value if isinstance(line.value, str) else ""
        fields = value.split(";")
        if len(fields) < 3 or fields[0].strip().lower() != "vnd.android.cursor.item/relation":
            continue
        code = fields[2].strip()
        label = fields[3].strip() if code == "0" and len(fields) > 3 else None
        yield fields[1].strip(), label or ANDROID_RELATION_TYPES.get(code)


def _fullcontact_relations(
    contents: dict[str, list[Any]], key: str
) -> Iterable[tuple[str, str | None]]:
    """FullContact's ``X-FCENCODED-<hex of "X-FC-RelatedNames:Kind">:Name`` properties."""
    try:
        decoded = bytes.fromhex(key[len("x-fcencoded-") :]).decode("utf-8", "replace")
    except ValueError:
        return
    if decoded.upper().startswith(_FULLCONTACT_RELATION):
        label = decoded[len(_FULLCONTACT_RELATION) :]
        yield from ((name, label) for name in _texts(contents, key))


_RELATION_READERS: dict[str, Callable[[dict[str, list[Any]]], Iterable[tuple[str, str | None]]]]
_RELATION_READERS = {
    "related": _related_4_0,
    "x-abrelatednames": _apple_related_names,
    "x-android-custom": _android_relations,
}


# --------------------------------------------------------------------------- raw


def _raw(
    contents: dict[str, list[Any]],
    contact: Contact,
    formatted: str | None,
    name_parts: dict[str, str],
    units: list[str],
    relation_labels: list[dict[str, str]],
    kind: str,
) -> dict[str, Any]:
    """The text fields as read, for ``show`` and ``forget``; empty ones are left out."""
    raw: dict[str, Any] = {
        "version": _first_text(contents, "version"),
        "fn": formatted,
        "n": name_parts,
        "org": units,
        "title": contact.title,
        "emails": contact.emails,
        "phones": contact.phones,
        "note": "\n\n".join(_texts(contents, "note")),
        "categories": contact.categories,
        "linkedin": contact.linkedin_url,
        "relations": relation_labels,
        "kind": kind if kind != "individual" else None,
    }
    return {key: value for key, value in raw.items() if value}
