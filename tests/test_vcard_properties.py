"""Properties of the vCard reader: whatever the bytes, a ReadResult or an InputError, nothing else.

Also: with ``skip_bad=True`` a file holding a good card never raises and keeps that card.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netgraph.errors import InputError
from netgraph.ingest.readers.vcard import read_vcard
from netgraph.ingest.records import ReadResult

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REAL_CARDS = sorted(
    path.read_bytes()
    for path in [*FIXTURES.glob("shared/*/*.vcf"), *FIXTURES.glob("vcard/*.vcf")]
    if 0 < path.stat().st_size < 16_000
)
GOOD_CARD = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good Person\r\nEMAIL:good@example.com\r\nEND:VCARD\r\n"
)

FRAGMENTS = [
    "BEGIN:VCARD", "END:VCARD", "begin:vcard", "VERSION:2.1", "VERSION:3.0", "VERSION:4.0",
    "FN:", "N:", "ORG:", "TITLE:", "TEL", "EMAIL", "NOTE:", "CATEGORIES:", "KIND:group",
    "item1.", "X-ABLabel:", "X-ABRELATEDNAMES:", "RELATED;TYPE=spouse:", "RELATED:mailto:",
    "X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;", "X-SOCIALPROFILE;type=linkedin;x-user=",
    "URL:http\\://www.linkedin.com/in/", "X-FCENCODED-582D46432D52656C617465644E616D65733A",
    "PHOTO;ENCODING=b:", "KEY;X509;ENCODING=BASE64:", "AGENT:", "AGENT:BEGIN:VCARD",
    "PROFILE:VCard", "BEGIN:X", ";", ";;", ":", ",", "=", '"', "\\", "\\,", "\\n", "=C3=91",
    "=80", "=", "CHARSET=bogus;", "CHARSET=idna;", "ENCODING=QUOTED-PRINTABLE", "ENCODING=8BIT",
    "BASE64", "TYPE=\"a,b\"", " ", "\t", "\r\n", "\n", "\r", "\r\r\n", "\ufeff", "Zoë", "\x00",
    "\u2028", "\x85",
]  # fmt: skip

SETTINGS = settings(
    max_examples=150,
    deadline=timedelta(seconds=2),  # a generous guard: the regex slow paths took minutes
    suppress_health_check=[HealthCheck.too_slow],
)

vcardish_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=80
).map("".join)
vcardish_bytes = st.tuples(
    vcardish_text, st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"])
).map(lambda pair: pair[0].encode(pair[1], errors="replace"))


@st.composite
def mutated_real_card(draw: st.DrawFn) -> bytes:
    """A real fixture file with a few random cuts, insertions and byte changes."""
    data = bytearray(draw(st.sampled_from(REAL_CARDS)))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "insert", "flip", "fragment"]))
        if action == "cut":
            del data[position : position + draw(st.integers(1, 200))]
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif action == "flip" and position < len(data):
            data[position] = draw(st.integers(0, 255))
        else:
            fragment = draw(st.sampled_from(FRAGMENTS))
            data[position:position] = fragment.encode("utf-8")
    return bytes(data)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One file, rewritten by every example."""
    return tmp_path_factory.mktemp("vcard-properties") / "input.vcf"


def outcome(path: Path, data: bytes, *, skip_bad: bool) -> ReadResult | InputError:
    """Read ``data`` from ``path``; return the result or the InputError (anything else fails)."""
    path.write_bytes(data)
    try:
        return read_vcard(path, skip_bad=skip_bad)
    except InputError as error:
        return error


def check_result(result: ReadResult | InputError) -> None:
    """The invariants every result holds: named contacts, well-formed locators."""
    if isinstance(result, InputError):
        assert result.path
        return
    assert result.kind == "vcard"
    for contact in result.contacts:
        assert contact.name.strip()
        assert contact.locator.startswith("card ")
    for bad in result.bad:
        assert bad.locator.startswith("card ") and bad.problem


@SETTINGS
@given(data=st.binary(max_size=3000), skip_bad=st.booleans())
def test_any_bytes_give_a_result_or_an_input_error(
    scratch: Path, data: bytes, skip_bad: bool
) -> None:
    check_result(outcome(scratch, data, skip_bad=skip_bad))


@SETTINGS
@given(data=vcardish_bytes, skip_bad=st.booleans())
def test_vcard_like_text_gives_a_result_or_an_input_error(
    scratch: Path, data: bytes, skip_bad: bool
) -> None:
    check_result(outcome(scratch, data, skip_bad=skip_bad))


@SETTINGS
@given(data=mutated_real_card(), skip_bad=st.booleans())
def test_mutated_real_cards_give_a_result_or_an_input_error(
    scratch: Path, data: bytes, skip_bad: bool
) -> None:
    check_result(outcome(scratch, data, skip_bad=skip_bad))


@SETTINGS
@given(junk=st.one_of(st.binary(max_size=2000), vcardish_bytes, mutated_real_card()))
def test_skip_bad_never_raises_and_keeps_a_leading_good_card(scratch: Path, junk: bytes) -> None:
    result = outcome(scratch, GOOD_CARD + junk, skip_bad=True)

    assert isinstance(result, ReadResult)
    assert result.contacts[0].name == "Good Person"
    assert result.contacts[0].emails == ["good@example.com"]


@SETTINGS
@given(before=vcardish_text, after=st.one_of(st.binary(max_size=2000), vcardish_bytes))
def test_skip_bad_never_raises_with_a_good_card_anywhere(
    scratch: Path, before: str, after: bytes
) -> None:
    data = before.lstrip("\ufeff").encode("utf-8") + b"\r\n" + GOOD_CARD + after

    result = outcome(scratch, data, skip_bad=True)

    assert isinstance(result, ReadResult)
    check_result(result)
