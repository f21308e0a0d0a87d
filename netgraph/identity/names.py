"""Name and company keys: how names and organisations are compared (a name alone never merges
two records; together with a company, or with the rules of :mod:`netgraph.identity.resolve`,
it may)."""

from __future__ import annotations

import re
from functools import lru_cache

from netgraph.text import fold_text

_SPACES = re.compile(r"\s+")
# Legal forms, ignored at the end of a company name ("Acme Inc." is "Acme").
_COMPANY_SUFFIXES = frozenset(
    {
        "inc", "incorporated", "ltd", "limited", "llc", "llp", "plc", "gmbh", "ag", "sa", "sas",
        "sarl", "bv", "nv", "oy", "ab", "as", "kk", "co", "corp", "corporation", "company",
        "pty", "srl", "spa", "se",
    }
)  # fmt: skip


_DOTTED_INITIALS = re.compile(r"\b((?:\w\.){2,})")


_NON_WORD = re.compile(r"[^\w]+")


# \w is exactly str.isalnum() plus "_"; names keep letters, digits, spaces, "-" and "'".
_NOT_NAME_CHARACTER = re.compile(r"[^\w '-]|_")


def name_key(name: str | None) -> str:
    """The key under which a person's name is compared (see :func:`fold_text`).

    Emoji and punctuation that decorate LinkedIn names do not count.

    >>> name_key("🟢 Max  Müller")
    'max muller'
    """
    kept = _NOT_NAME_CHARACTER.sub(" ", fold_text(name))
    return _SPACES.sub(" ", kept).strip()


@lru_cache(maxsize=1 << 16)  # a file names the same few companies again and again
def company_key(company: str | None) -> str:
    """The key under which companies are compared: legal suffixes and punctuation ignored.

    >>> company_key("Analytical Engines, Ltd.")
    'analytical engines'
    >>> company_key("ACME Inc") == company_key("Acme")
    True
    >>> company_key("Nestlé S.A."), company_key("Ab Initio")
    ('nestle', 'ab initio')
    """
    folded = _DOTTED_INITIALS.sub(lambda m: m.group(1).replace(".", ""), fold_text(company))
    words = _NON_WORD.sub(" ", folded).split()
    while len(words) > 1 and words[-1] in _COMPANY_SUFFIXES:
        words.pop()
    return " ".join(words)
