"""Read a vCard file (versions 2.1, 3.0 and 4.0, one or many cards) into :class:`Contact` records.

The reader is split by step: :mod:`~netgraph.ingest.readers.vcard_split` decodes the file and
cuts it into cards, :mod:`~netgraph.ingest.readers.vcard_text` cleans each card for the parser,
this module parses every card on its own (so one bad card never loses the rest of the file),
:mod:`~netgraph.ingest.readers.vcard_fast` is the fast path most cards take, and
:mod:`~netgraph.ingest.readers.vcard_fields` turns a parsed card into a Contact. These modules
are the only ones of netgraph that import vobject. A card that vobject cannot read is retried
once after a repair (invalid quoted-printable text decoded with replacement characters, the
failing line removed) before it counts as bad.

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
from dataclasses import dataclass, field
from typing import Any

import vobject

from netgraph.errors import InputError
from netgraph.ingest.readers import limits
from netgraph.ingest.readers.vcard_fast import FAST_PATH, fast_read_one
from netgraph.ingest.readers.vcard_fields import (
    SIMPLE_RELATIONS,
    address_country,
    card_kind,
    extract_contact,
    relation_kind,
)
from netgraph.ingest.readers.vcard_split import (
    RawCard,
    decode_bytes,
    normalise_newlines,
    split_cards,
)
from netgraph.ingest.readers.vcard_text import (
    CardRejected,
    SanitisedCard,
    StrictDecodeError,
    sanitise_card,
)
from netgraph.ingest.records import BadRecord, Contact, ReadResult

__all__ = ["read_vcard", "relation_kind"]

MAX_NOTES = 20
"""Most per-card notes (skipped lines, repairs) kept in a ReadResult; the rest are counted."""

KEPT_PROPERTIES = frozenset(
    {
        "VERSION",
        "ADR",  # only its country is read, by the sanitiser: vobject never sees it
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
    if contact is not None and clean.addresses:
        contact.country = address_country(clean.addresses)
    if contact is None:
        is_group = card_kind(parsed.contents) == "group"
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

    Most cards are read by :func:`fast_read_one`, which gives what vobject's readOne would; a
    card it does not handle goes to vobject itself.

    The card is already unfolded and its quoted-printable values decoded, so ``allowQP`` is
    off: vobject's own QP handling would join the next line onto any value that ends in ``=``
    and mentions "quoted-printable". ``transform=False`` leaves N and ORG as text (split by
    :func:`split_structured`), which makes vobject about a fifth faster; every other value is
    decoded all the same.
    """
    if FAST_PATH:
        parsed = fast_read_one(clean)
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
