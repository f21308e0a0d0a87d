"""The vCard reader's fast path reads every card exactly as the careful path does.

Two shortcuts make the reader fast: ``fast_read_one`` builds a card's values with vobject's own
line pattern and decoders instead of calling ``vobject.readOne``, and ``sanitise_card`` checks
an ordinary property line with one regex. The careful path turns both off, so vobject parses
every card and every line takes the general checks; both paths must give the same contacts,
notes, skipped counts and errors on real files, generated files and random bytes.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netgraph.errors import InputError
from netgraph.identity.people import set_me
from netgraph.ingest.apply import import_vcard
from netgraph.ingest.readers import vcard as vcard_module
from netgraph.ingest.readers import vcard_fast, vcard_text
from netgraph.ingest.readers.vcard import read_vcard
from netgraph.ingest.records import BadRecord, ReadResult
from netgraph.workspace import Workspace

TESTS = Path(__file__).resolve().parent
FIXTURE_FILES = sorted(
    [
        *(TESTS / "fixtures" / "vcard").glob("*.vcf"),
        *(TESTS / "fixtures" / "shared").glob("*/*.vcf"),  # copies of ../shared/fixtures
    ]
)
SAMPLE_CARDS = TESTS.parent / "sample_data" / "me" / "contacts.vcf"
REAL_FILES = [*FIXTURE_FILES, *sorted((TESTS.parent / "sample_data").glob("**/*.vcf"))]
NEVER = re.compile(r"(?!)")

Outcome = ReadResult | tuple[str, str | None, str]


def outcome(path: Path, *, skip_bad: bool) -> Outcome:
    """What read_vcard makes of a file: its result, or the error's place and problem."""
    try:
        return read_vcard(path, skip_bad=skip_bad)
    except InputError as error:
        return (error.path, error.location, error.problem)


def careful_outcome(path: Path, *, skip_bad: bool) -> Outcome:
    """The same read with vobject parsing every card and every line taking the general checks."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vcard_module, "fast_read_one", lambda clean: None)
        patch.setattr(vcard_text, "_SIMPLE_HEAD_RE", NEVER)
        return outcome(path, skip_bad=skip_bad)


def assert_same_on_both_paths(path: Path) -> None:
    for skip_bad in (True, False):
        assert outcome(path, skip_bad=skip_bad) == careful_outcome(path, skip_bad=skip_bad)


class FastPathCounter:
    """Counts the cards the fast path read and those it handed to vobject."""

    def __init__(self) -> None:
        self.fast = 0
        self.handed_on: list[str] = []
        self._original = vcard_module.fast_read_one

    def __call__(self, clean: vcard_text.SanitisedCard) -> Any:
        parsed = self._original(clean)
        if parsed is None:
            self.handed_on.append(clean.text)
        else:
            self.fast += 1
        return parsed


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> Iterator[FastPathCounter]:
    counting = FastPathCounter()
    monkeypatch.setattr(vcard_module, "fast_read_one", counting)
    yield counting


def simple_cards(count: int, *, bad: dict[int, str] | None = None) -> str:
    """``count`` cards shaped like the benchmark's; ``bad`` replaces card N's TEL line."""
    cards = []
    for i in range(1, count + 1):
        tel = (bad or {}).get(i, f"TEL;TYPE=CELL:+1 415 555 {i % 10000:04d}")
        cards.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"FN:Card Person {i}\r\nN:Person {i};Card;;;\r\n"
            f"ORG:Company {i % 700}\r\nEMAIL;TYPE=INTERNET:card{i}@example.org\r\n"
            f"{tel}\r\nEND:VCARD\r\n"
        )
    return "".join(cards)


# --------------------------------------------------------------------------- same contacts


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda path: path.name)
def test_real_files_read_the_same_on_both_paths(path: Path) -> None:
    assert_same_on_both_paths(path)


def test_the_fast_path_reads_the_real_cards_itself(counter: FastPathCounter) -> None:
    """Otherwise the comparisons above would compare vobject with itself."""
    for path in FIXTURE_FILES:
        outcome(path, skip_bad=True)

    assert counter.fast >= 50
    assert counter.fast >= 9 * len(counter.handed_on)


def test_sample_data_and_simple_cards_all_take_the_fast_path(
    counter: FastPathCounter, tmp_path: Path
) -> None:
    path = tmp_path / "simple.vcf"
    path.write_text(simple_cards(300), encoding="utf-8", newline="")

    simple = read_vcard(path)
    sample = read_vcard(SAMPLE_CARDS)

    assert len(simple.contacts) == 300
    assert len(sample.contacts) > 100
    assert counter.fast >= 300 + len(sample.contacts)
    assert counter.handed_on == []


TRICKY_CARDS = {
    "escapes and bare commas": (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Doe, John\\, Jr\\nthe second\\\\\nN:Doe\\, J;John,Q;;;\n"
        "ORG:Company\\, The;Sales\\;EMEA;\nTITLE:a\\b\\:c\\\nCATEGORIES:a\\,b,c,,d\nEND:VCARD\n"
    ),
    "groups, labels and relations": (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Grace\nitem1.X-ABRELATEDNAMES:Ann\nitem1.X-ABLabel:_$!<Mother>!$_\n"
        "item2.X-ABRELATEDNAMES;type=pref:Bob\nRELATED;TYPE=spouse;VALUE=text:Carl\n"
        "RELATED:mailto:dee@example.org\nX-MS-SPOUSE:Eve\nx_ms_manager:Fay\n"
        "X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Gus;0;Godfather\n"
        "X-FCENCODED-582D46432D52656C617465644E616D65733A4D6F74686572:Hal\nEND:VCARD\n"
    ),
    "linkedin and parameters": (
        "BEGIN:VCARD\nVERSION:4.0\nFN:Ivy\nX-SOCIALPROFILE;type=linkedin;x-user=ivy-l:x\n"
        "URL;TYPE=a,,b;X=:http\\://www.linkedin.com/in/ivy\nTEL;CELL;VOICE;TYPE=:tel:+1 555\n"
        'EMAIL;TYPE="a,b";PREF=1:ivy@example.org\nKIND:org\nX-ABShowAs:COMPANY\nEND:VCARD\n'
    ),
    "2.1 encodings": (
        "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91and=\nu;;;\n"
        "FN;QUOTED-PRINTABLE:It=92s\nNOTE;ENCODING=8BIT:plain\nTITLE;BASE64:QUJD\n"
        "PHOTO;ENCODING=BASE64:AAAA\n AAAA\nKEY;X509;ENCODING=B:AAAA\nEND:VCARD\n"
    ),
    "folded, blank and broken lines": (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Jo\n hn\nNOTE:first\n\n second\nthis line has no colon\n"
        'TEL;TYPE="x:y":1\nEMAIL;;TYPE=x:j@example.org\n;EMAIL:x\nEND:VCARD\n'
    ),
    "no version, odd version, lower case": (
        "begin:vcard\nfn:Kim\nend:vcard\nBEGIN:VCARD\nVERSION:9\nFn:Lee\nEND:VCARD\n"
    ),
    "a value with a quoted-printable mention but no decoding": (
        "BEGIN:VCARD\nVERSION:2.1\nFN:Mo\nNOTE;X-ENCODG=QUOTED-PRINTABLE:abc=\n=0A\nEND:VCARD\n"
    ),
}


@pytest.mark.parametrize("text", TRICKY_CARDS.values(), ids=TRICKY_CARDS.keys())
def test_tricky_cards_read_the_same_on_both_paths(text: str, tmp_path: Path) -> None:
    path = tmp_path / "tricky.vcf"
    path.write_text(text, encoding="utf-8", newline="")

    assert_same_on_both_paths(path)


FRAGMENTS = [
    "BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "VERSION:3.0", "VERSION:4.0", "FN:", "N:", "ORG:",
    "TITLE:", "TEL", "EMAIL", "NOTE:", "CATEGORIES:", "KIND:group", "item1.", "X-ABLabel:",
    "X-ABRELATEDNAMES:", "RELATED;TYPE=spouse:", "X-SOCIALPROFILE;type=linkedin;x-user=",
    "URL:http\\://www.linkedin.com/in/", "PHOTO;ENCODING=b:", "AGENT:", "PROFILE:VCard", ";",
    ";;", ":", ",", "=", '"', "\\", "\\,", "\\n", "=C3=91", "CHARSET=bogus;", "BASE64",
    "ENCODING=QUOTED-PRINTABLE", "QUOTED-PRINTABLE", "TYPE=a,b", "TYPE=", " ", "\t", "\r\n",
    "\n", "Zoë", "\u2028", "\x85", "\x0c",
]  # fmt: skip
REAL_BYTES = [path.read_bytes() for path in REAL_FILES if path.stat().st_size < 16_000]
SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@st.composite
def mutated_real_file(draw: st.DrawFn) -> bytes:
    """A real file with a few cuts, insertions and fragments."""
    data = bytearray(draw(st.sampled_from(REAL_BYTES)))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "insert", "fragment"]))
        if action == "cut":
            del data[position : position + draw(st.integers(1, 200))]
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        else:
            data[position:position] = draw(st.sampled_from(FRAGMENTS)).encode("utf-8")
    return bytes(data)


vcardish = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=80).map(
    lambda parts: "BEGIN:VCARD\n" + "".join(parts) + "\nEND:VCARD\n"
)


@SETTINGS
@given(data=st.one_of(mutated_real_file(), vcardish.map(lambda text: text.encode("utf-8"))))
def test_random_files_read_the_same_on_both_paths(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "random.vcf"
    path.write_bytes(data)

    assert_same_on_both_paths(path)


# --------------------------------------------------------------------------- bad cards


@pytest.mark.parametrize(
    ("bad_line", "problem"),
    [
        (
            'TEL;TYPE="cell;X-A=1:+1 555 0100',
            "line 1415: the TEL property has an unbalanced double quote in its parameters; "
            "the card was not read",
        ),
        (
            "TEL;" + ";".join(["X"] * 40) + ":+1 555 0100",
            "line 1415: the TEL property has 40 parameters (more than 16); the card was not read",
        ),
    ],
    ids=["unbalanced quote", "forty parameters"],
)
def test_a_bad_card_in_a_big_file_is_named_by_number_and_file(
    tmp_path: Path, bad_line: str, problem: str
) -> None:
    path = tmp_path / "big.vcf"
    path.write_text(simple_cards(3_000, bad={177: bad_line}), encoding="utf-8", newline="")

    with pytest.raises(InputError) as raised:
        read_vcard(path)
    kept = read_vcard(path, skip_bad=True)

    # Each card is 8 lines long: card 177 starts on line 176 * 8 + 1, its TEL line 6 lines later.
    assert raised.value.path == str(path)
    assert raised.value.location == "card 177 (line 1409)"
    assert raised.value.problem == problem
    assert str(raised.value).startswith(f"{path}: card 177 (line 1409): ")
    assert kept.bad == [BadRecord("card 177 (line 1409)", raised.value.problem)]
    assert len(kept.contacts) == 2_999
    assert "Card Person 177" not in {contact.name for contact in kept.contacts}


def test_a_card_vobject_fails_on_is_handed_to_vobject_and_named(
    counter: FastPathCounter, tmp_path: Path
) -> None:
    path = tmp_path / "big.vcf"
    broken = "NOTE;X-ENCODG=QUOTED-PRINTABLE:abc=\r\n=0A"  # joined as quoted-printable, not decoded
    path.write_text(simple_cards(2_000, bad={1_500: broken}), encoding="utf-8", newline="")

    with pytest.raises(InputError) as raised:
        read_vcard(path)
    kept = read_vcard(path, skip_bad=True)

    assert raised.value.location == "card 1500 (line 11993)"
    assert raised.value.problem == "the card could not be parsed (ParseError)"
    assert kept.bad == [BadRecord("card 1500 (line 11993)", raised.value.problem)]
    assert len(kept.contacts) == 1_999
    assert counter.handed_on and all("X-ENCODG" in text for text in counter.handed_on)


def dump(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {
        table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
        for table in tables
    }


def test_nothing_is_imported_from_a_big_file_with_a_bad_card(tmp_path: Path) -> None:
    path = tmp_path / "big.vcf"
    bad = 'TEL;TYPE="cell:+1 555 0100'
    path.write_text(simple_cards(2_000, bad={1_000: bad}), encoding="utf-8", newline="")
    with Workspace.open(tmp_path / "atomic.sqlite3") as workspace:
        with workspace.transaction():
            set_me(workspace, "Test User", emails=["me@example.com"])
        before = dump(workspace.conn)

        with pytest.raises(InputError) as raised:
            import_vcard(workspace, path)

        assert raised.value.location == "card 1000 (line 7993)"
        assert dump(workspace.conn) == before


# --------------------------------------------------------------------------- safety and setup


@pytest.mark.parametrize(
    "head",
    [
        ";a=" + "b" * 200_000 + '"',
        ";a" * 100_000 + '"',
        ";a=b," * 50_000 + "\x00",
        "item." * 50_000,
    ],
    ids=["long value then quote", "many parameters then quote", "many values", "many groups"],
)
def test_the_simple_line_check_stays_linear_on_hostile_lines(head: str) -> None:
    line = "X-NAME" + head + ":value"
    started = time.perf_counter()
    vcard_text._SIMPLE_HEAD_RE.match(line)
    assert time.perf_counter() - started < 0.5


def test_another_vobject_version_turns_the_fast_path_off(monkeypatch: pytest.MonkeyPatch) -> None:
    assert vcard_fast.fast_path_decoders() is not None

    monkeypatch.setattr(vobject, "VERSION", "0.9.10", raising=False)

    assert vcard_fast.fast_path_decoders() is None
