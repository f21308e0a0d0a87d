"""The identity keys of a whole column of values at once (the columnar import, issue 16).

Each function gives, for every value of a polars Series, exactly what the Python normaliser of
the same rule gives for that value: :func:`netgraph.text.clean_text`,
:func:`netgraph.identity.names.split_name`, :func:`~netgraph.identity.names.name_key`,
:func:`~netgraph.identity.names.match_key`, :func:`~netgraph.identity.names.company_key`,
:func:`netgraph.identity.keys.linkedin_key` and :func:`~netgraph.identity.keys.email_key`.

Values in printable ASCII that need none of the rarer rules (most of an export) are normalised
by polars expressions. The others (accents and other letters outside ASCII, control
characters, honorifics and credentials around a name, dotted initials in a company, LinkedIn
URLs of an unusual shape) go to the Python function, once per distinct value, so the two can
never disagree on them. ``tests/test_key_columns.py`` checks that both give the same on
generated values and on every fixture.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from netgraph.identity.keys import email_key, linkedin_key
from netgraph.identity.names import (
    COMPANY_SUFFIXES,
    NAME_ENDINGS,
    NAME_PREFIXES,
    company_key,
    name_key,
    split_name,
)
from netgraph.identity.nicknames import FORMAL_NAME
from netgraph.text import clean_text

#: printable ASCII only: no control characters, no whitespace but the space
_PLAIN = r"^[\x20-\x7e]*$"
_PROFILE_URL = r"(?i)^(?:https?://)?(?:www\.)?linkedin\.com/in/([^/?#\s]+)/?"
_DOTTED_INITIALS = r"[A-Za-z0-9_]\.[A-Za-z0-9_]\."
_LEGAL_FORMS = "|".join(sorted(COMPANY_SUFFIXES))
_VALUE = "value"


def clean_texts(values: pl.Series) -> pl.Series:
    """:func:`~netgraph.text.clean_text` of every value (null stays null)."""
    value = pl.col(_VALUE)
    tidy = value.str.replace_all(" {2,}", " ").str.strip_chars(" ")
    return _by_rule(values, pl.when(tidy != "").then(tidy), value.str.contains(_PLAIN), clean_text)


def name_parts(written: pl.Series) -> pl.DataFrame:
    """:func:`~netgraph.identity.names.split_name` of every name already cleaned: columns
    ``name`` (null where nothing is left of it), ``prefix`` and ``suffix``."""
    value = pl.col(_VALUE)
    nothing_to_split = value.str.contains(_PLAIN) & (
        ~value.str.contains(" ", literal=True)
        | (
            ~value.str.contains(",", literal=True)
            & ~_affix_word(value.str.extract(r"^([^ ]+)", 1)).is_in(sorted(NAME_PREFIXES))
            & ~_affix_word(value.str.extract(r"([^ ]+)$", 1)).is_in(sorted(NAME_ENDINGS))
        )
    )
    frame = written.rename(_VALUE).to_frame()
    odd = frame.select(value.is_not_null() & ~nothing_to_split).to_series()
    nothing = pl.Series([None] * len(written), dtype=pl.String)
    columns = [written.alias("name"), nothing.alias("prefix"), nothing.alias("suffix")]
    if odd.any():
        rows = odd.arg_true()
        others = written.gather(rows)
        parts = {text: split_name(text) for text in others.unique().to_list()}
        for index, column in enumerate(columns):
            # A name with nothing left of it is null: it is falsy where split_name is used.
            part = {text: split[index] or None for text, split in parts.items()}
            columns[index] = column.scatter(
                rows, others.replace_strict(part, return_dtype=pl.String)
            )
    return pl.DataFrame(columns)


def name_keys(names: pl.Series) -> pl.Series:
    """:func:`~netgraph.identity.names.name_key` of every name ("" for null)."""
    value = pl.col(_VALUE)
    kept = value.str.to_lowercase().str.replace_all(r"[^a-z0-9 '\-]", " ")
    fast = kept.str.replace_all(" {2,}", " ").str.strip_chars(" ")
    return _by_rule(names, fast, value.str.contains(_PLAIN), name_key).fill_null("")


def match_keys(keys: pl.Series) -> pl.Series:
    """:func:`~netgraph.identity.names.match_key` of every name key (no value is left to
    Python: a name key holds single spaces between words only)."""
    key = pl.col(_VALUE)
    first = key.str.extract(r"^([^ ]+) ", 1).replace(FORMAL_NAME)
    last = key.str.extract(r" ([^ ]+)$", 1)
    blocking = pl.when(key.str.contains(" ", literal=True)).then(first + " " + last)
    return keys.rename(_VALUE).to_frame().select(blocking.otherwise(key)).to_series()


def company_keys(companies: pl.Series) -> pl.Series:
    """:func:`~netgraph.identity.names.company_key` of every company ("" for null)."""
    value = pl.col(_VALUE)
    words = value.str.to_lowercase().str.replace_all(r"[^a-z0-9_]+", " ").str.strip_chars(" ")
    # Legal forms at the end go, as long as one word is left ("Co Inc" is "co").
    fast = words.str.replace(rf"^(.+?)(?: (?:{_LEGAL_FORMS}))+$", "${1}")
    exact = value.str.contains(_PLAIN) & ~value.str.contains(_DOTTED_INITIALS)
    return _by_rule(companies, fast, exact, company_key).fill_null("")


def linkedin_keys(urls: pl.Series) -> pl.Series:
    """:func:`~netgraph.identity.keys.linkedin_key` of every URL (null where it is none)."""
    value = pl.col(_VALUE)
    slug = value.str.extract(_PROFILE_URL, 1)
    exact = value.str.contains(_PLAIN) & ~value.str.contains("%", literal=True) & slug.is_not_null()
    fast = pl.lit("linkedin.com/in/") + slug.str.to_lowercase()
    return _by_rule(urls, fast, exact, linkedin_key)


def email_keys(emails: pl.Series) -> pl.Series:
    """:func:`~netgraph.identity.keys.email_key` of every address (null where it is none).

    Which addresses are valid is ``email-validator``'s decision: every distinct address goes
    to Python.
    """
    return _by_rule(emails, pl.lit(None, pl.String), pl.lit(False), email_key)


def _affix_word(word: pl.Expr) -> pl.Expr:
    """:func:`netgraph.identity.names._affix_word` as an expression."""
    return word.str.to_lowercase().str.replace_all(".", "", literal=True).str.strip_chars(",;")


def _by_rule(
    values: pl.Series,
    fast: pl.Expr,
    exact: pl.Expr,
    slow: Callable[[str], str | None],
) -> pl.Series:
    """``fast`` over the values where ``exact`` holds; ``slow`` once per distinct other value.

    Nulls stay null (``fast`` must give null for them).
    """
    frame = values.rename(_VALUE).to_frame()
    result, odd = frame.select(
        fast.alias("result"), (pl.col(_VALUE).is_not_null() & ~exact).fill_null(False)
    ).get_columns()
    if odd.any():
        rows = odd.arg_true()
        others = values.gather(rows)
        known = {text: slow(text) for text in others.unique().to_list()}
        result = result.cast(pl.String).scatter(
            rows, others.replace_strict(known, return_dtype=pl.String)
        )
    column: pl.Series = result.cast(pl.String)
    return column.alias(values.name)
