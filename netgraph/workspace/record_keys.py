"""The hash a record (appearance) is found by again: 64 bits of its key's BLAKE2b digest.

Stored in ``appearances.record_hash`` (migration ``m013_compact_appearances``), so it must never
change. The unique index of ``(source_id, record_hash)`` holds 8 bytes where the key itself
(a LinkedIn profile URL, an email address) held 41 on average. Every look-up compares the key
too, so a collision could only make one record of a file replace another of the same file:
at LinkedIn's cap of 30,000 rows the odds are about 2 in 100 billion, and
:func:`distinct_hashes` refuses records stored together (an export's rows) where it happens.

The key itself is stored shorter where it is a LinkedIn profile's, as nearly every
Connections row's is: ``li:linkedin.com/in/<slug>`` as ``li/<slug>`` (:func:`stored_key`), 16
of its 41 bytes on average. Rows written before keep the long form, so a look-up compares
the stored key with both (:func:`stored_forms`), and reads give the key back whole
(:func:`read_key`). No other key starts with ``li/``: every one is a kind, a colon, a value.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from netgraph.errors import WorkspaceError


def record_hash(record_key: str) -> int:
    """The signed 64-bit integer ``appearances.record_hash`` holds for ``record_key``."""
    digest = hashlib.blake2b(record_key.encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def distinct_hashes(record_keys: Iterable[str]) -> list[int]:
    """The hashes of record keys, in order; raises :class:`WorkspaceError` when two different
    keys share one (the second would silently replace the first)."""
    keys = list(record_keys)
    hashes = [record_hash(key) for key in keys]
    if len(set(hashes)) != len(set(keys)):
        raise WorkspaceError(
            "two records of this file have keys with the same 64-bit hash; "
            "please report it: nothing was imported"
        )
    return hashes


_PROFILE = "li:linkedin.com/in/"
_SHORT_PROFILE = "li/"


def stored_key(record_key: str) -> str:
    """The form ``appearances.record_key`` holds a record key in."""
    if record_key.startswith(_PROFILE):
        return _SHORT_PROFILE + record_key[len(_PROFILE) :]
    return record_key


def stored_forms(record_key: str) -> tuple[str, str]:
    """The forms a stored row may hold the key in: as stored now, and as rows written before
    the short form held it (the same twice for keys that have no short form)."""
    return stored_key(record_key), record_key


def read_key(stored: str) -> str:
    """The record key a stored ``appearances.record_key`` stands for."""
    if stored.startswith(_SHORT_PROFILE):
        return _PROFILE + stored[len(_SHORT_PROFILE) :]
    return stored
