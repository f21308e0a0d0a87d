"""The columnar normalisers give exactly what the Python normalisers give, value by value.

Generated values mix the common shape (ASCII names, companies, profile URLs) with every rule's
rarer cases: honorifics and credentials, nicknames, legal forms, dotted initials, accents and
letters outside ASCII, control characters, Unicode spaces, odd URLs. The fixtures' own values
are checked too.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netgraph.identity import key_columns
from netgraph.identity.keys import email_key, linkedin_key
from netgraph.identity.names import (
    COMPANY_SUFFIXES,
    NAME_ENDINGS,
    NAME_PREFIXES,
    company_key,
    match_key,
    name_key,
    split_name,
)
from netgraph.identity.nicknames import FORMAL_NAME
from netgraph.text import clean_text

FIXTURES = Path(__file__).parent / "fixtures"

_AFFIXES = sorted(NAME_PREFIXES | NAME_ENDINGS | COMPANY_SUFFIXES | set(FORMAL_NAME))
_ODD = (
    "éüÜßøłİ\u0131\u212aÅæœΣς\u0301\u200b"  # accents, dotless i, the Kelvin sign
    "\u00a0\u2003\u3000\t\n\r\x00\x1f\x7f\x85\u202e🟢\uff44\uff32"  # spaces, controls
)
_ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_PUNCTUATION = " .,;'-_!@#%&/?():+"

words = st.one_of(
    st.sampled_from(_AFFIXES),
    st.sampled_from(_AFFIXES).map(str.title),
    st.sampled_from(_AFFIXES).map(lambda w: w.upper() + "."),
    st.text(alphabet=_ASCII, min_size=1, max_size=8),
    st.text(alphabet=_ASCII + _PUNCTUATION + _ODD, min_size=1, max_size=6),
    st.sampled_from(["A.", "J.P.", "U.S.A.", "I.B.M.", "Jr.", "Ph.D.", "O'Neil", "Smith-Jones"]),
)
separators = st.sampled_from([" ", " ", " ", "  ", ", ", ",", " , ", ".", "\t", "\xa0", ""])


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(words, min_size=0, max_size=5))
    text = ""
    for index, part in enumerate(parts):
        text += (draw(separators) if index else "") + part
    return draw(st.sampled_from(["", " ", "  "])) + text + draw(st.sampled_from(["", " ", ","]))


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["https://", "http://", "HTTPS://", "", "//", "ftp://"]))
    host = draw(
        st.sampled_from(
            ["www.linkedin.com", "linkedin.com", "WWW.LinkedIn.COM", "de.linkedin.com",
             "example.com", "www.linkedin.com.evil.example", "lnkd.in"]
        )
    )  # fmt: skip
    kind = draw(st.sampled_from(["/in/", "/IN/", "/pub/", "/company/", "/in//", "/"]))
    slug = draw(st.one_of(st.text(alphabet=_ASCII + "-_", max_size=12), texts()))
    tail = draw(st.sampled_from(["", "/", "?trk=x", "#a", "/details/", "%20", "%C3%BC", " "]))
    return scheme + host + kind + slug + tail


values = st.lists(st.one_of(st.none(), texts()), max_size=40)


def _column(items: list[str | None]) -> pl.Series:
    return pl.Series("v", items, dtype=pl.String)


def _same(actual: pl.Series, expected: list[object]) -> None:
    assert actual.to_list() == expected
    assert len(actual) == len(expected)


@settings(max_examples=300, deadline=None)
@given(values)
def test_clean_texts(items: list[str | None]) -> None:
    _same(key_columns.clean_texts(_column(items)), [clean_text(v) for v in items])


@settings(max_examples=300, deadline=None)
@given(values)
def test_name_parts(items: list[str | None]) -> None:
    cleaned = [clean_text(v) for v in items]
    parts = key_columns.name_parts(_column(cleaned))
    expected = [split_name(v) if v else (None, None, None) for v in cleaned]
    assert parts.rows() == [(n or None, p, s) for n, p, s in expected]


@settings(max_examples=300, deadline=None)
@given(values)
def test_name_and_match_keys(items: list[str | None]) -> None:
    keys = key_columns.name_keys(_column(items))
    _same(keys, [name_key(v) for v in items])
    _same(key_columns.match_keys(keys), [match_key(k) for k in keys.to_list()])


@settings(max_examples=300, deadline=None)
@given(values)
def test_company_keys(items: list[str | None]) -> None:
    _same(key_columns.company_keys(_column(items)), [company_key(v) for v in items])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), urls(), texts()), max_size=40))
def test_linkedin_keys(items: list[str | None]) -> None:
    _same(key_columns.linkedin_keys(_column(items)), [linkedin_key(v) for v in items])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), texts(), texts().map(lambda t: t + "@Ex.com")), max_size=20))
def test_email_keys(items: list[str | None]) -> None:
    _same(key_columns.email_keys(_column(items)), [email_key(v) for v in items])


def _fixture_values() -> list[str]:
    """Every cell of every CSV fixture, and every line of every vCard fixture."""
    found: list[str] = []
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix.lower() == ".csv":
            text = path.read_bytes().decode("utf-8", errors="replace")
            found += [cell for row in csv.reader(text.splitlines()) for cell in row]
        elif path.suffix.lower() in (".vcf", ".vcard"):
            text = path.read_bytes().decode("utf-8", errors="replace")
            found += [line.partition(":")[2] for line in text.splitlines()]
    return found


@pytest.fixture(scope="module")
def fixture_values() -> list[str]:
    found = _fixture_values()
    assert len(found) > 1000  # the fixtures are there
    return found


def test_every_fixture_value_normalises_the_same(fixture_values: list[str]) -> None:
    column = _column(fixture_values)
    _same(key_columns.clean_texts(column), [clean_text(v) for v in fixture_values])
    keys = key_columns.name_keys(column)
    _same(keys, [name_key(v) for v in fixture_values])
    _same(key_columns.match_keys(keys), [match_key(k) for k in keys.to_list()])
    _same(key_columns.company_keys(column), [company_key(v) for v in fixture_values])
    _same(key_columns.linkedin_keys(column), [linkedin_key(v) for v in fixture_values])
    cleaned = [clean_text(v) for v in fixture_values]
    parts = key_columns.name_parts(_column(cleaned))
    expected = [split_name(v) if v else (None, None, None) for v in cleaned]
    assert parts.rows() == [(n or None, p, s) for n, p, s in expected]


def test_the_common_shape_is_left_to_polars(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain ASCII values never reach the Python normalisers (that is the point)."""
    calls: list[str] = []

    def spy(rule):  # type: ignore[no-untyped-def]
        def counted(value):  # type: ignore[no-untyped-def]
            calls.append(value)
            return rule(value)

        return counted

    for name in ("clean_text", "name_key", "company_key", "linkedin_key", "split_name"):
        monkeypatch.setattr(key_columns, name, spy(getattr(key_columns, name)))
    names = _column(["Ana  Lopez", "Bob Smith", None, "Wei Chen"])
    key_columns.clean_texts(names)
    key_columns.name_parts(key_columns.clean_texts(names))
    key_columns.name_keys(names)
    key_columns.company_keys(_column(["Acme Inc.", "Initech, LLC", None]))
    key_columns.linkedin_keys(_column(["https://www.linkedin.com/in/ana-lopez-1a2b", None]))
    assert calls == []
    key_columns.name_parts(_column(["Dr. Ana Lopez", "Dr. Ana Lopez", "Zoë Brandt"]))
    assert sorted(calls) == ["Dr. Ana Lopez", "Zoë Brandt"]  # once per distinct value
