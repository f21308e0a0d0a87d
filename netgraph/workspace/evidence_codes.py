"""How a piece of evidence's kind and day are stored: small integers, not text.

Migration ``m014_compact_evidence`` made ``evidence.kind`` (and ``withheld_evidence.kind``) a
code and ``on_date`` a number ``YYYYMMDD``. "connection" took 11 bytes in each evidence row
and again in its entry of the by-source index; its code 0 takes none (SQLite stores 0 and 1
in the record header alone). A day took 11 bytes as text and takes 4. The rest of netgraph
sees kinds and ISO days as before: :mod:`netgraph.workspace.ties` converts at the table.

The codes are stored: never renumber one, only add.
"""

from __future__ import annotations

from netgraph.errors import WorkspaceError

#: The code of each kind of evidence (``netgraph.vocabulary.EVIDENCE_KINDS``).
KIND_CODES: dict[str, int] = {
    "connection": 0,
    "address-book": 1,
    "relation": 2,
    "messages": 3,
    "invitation": 4,
    "endorsement": 5,
    "recommendation": 6,
    "referral": 7,
    "shared-export": 8,
    "stated": 9,
}
_KINDS = {code: kind for kind, code in KIND_CODES.items()}


def kind_code(kind: str) -> int:
    """The stored code of a kind of evidence."""
    try:
        return KIND_CODES[kind]
    except KeyError:
        raise WorkspaceError(f"no such kind of tie evidence: {kind!r}") from None


def kind_of(code: int) -> str:
    """The kind of evidence a stored code stands for."""
    return _KINDS[code]


def day_number(day: str | None) -> int | str | None:
    """The stored form of an ISO day (``2026-01-05`` -> 20260105). Text that is no ISO day
    (none is written) is kept as it is, rather than lost."""
    if day is None:
        return None
    digits = day.replace("-", "")
    if len(day) == 10 and day[4] == day[7] == "-" and digits.isascii() and digits.isdigit():
        return int(digits)
    return day


def iso_day(stored: int | str | None) -> str | None:
    """The ISO day a stored ``on_date`` stands for."""
    if isinstance(stored, int):
        return f"{stored // 10000:04d}-{stored // 100 % 100:02d}-{stored % 100:02d}"
    return stored
