"""What the importers refuse to read (issue 11, items 5 and 9): the same rules for every input.

Only regular files (no device, FIFO or socket, not even inside an export folder), a size cap
per file, a length cap per field and per record; exports with two files of one kind; and the
encodings both readers recognise the same way (``netgraph.ingest.readers.wide_text``).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest
from cli_helpers import ok, one_line_error, run
from hostile_helpers import names, snapshot

from netgraph.errors import InputError
from netgraph.ingest.readers import limits, linkedin_csv, linkedin_sources
from netgraph.ingest.readers.linkedin import read_linkedin
from netgraph.ingest.readers.vcard import read_vcard
from netgraph.ingest.readers.vcard_split import decode_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "linkedin"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ROW = "Ann,Lee,https://www.linkedin.com/in/ann-lee-example,,Acme,CTO,05 Jan 2026\n"
CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@example.org\r\nEND:VCARD\r\n"
MESSAGES_HEADER = "FROM,SENDER PROFILE URL,TO,DATE,CONTENT\n"


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    yield path


def netgraph_process(workspace: Path, *args: object) -> subprocess.CompletedProcess[str]:
    """Run netgraph in a child process, which must finish quickly: opening a FIFO must not wait."""
    command = [sys.executable, "-m", "netgraph", "--workspace", str(workspace), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(params=["fast", "slow"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with polars and again with the stdlib scanner."""
    if request.param == "slow":
        monkeypatch.setattr(linkedin_csv, "_read_fast", lambda *args: None)
    return str(request.param)


# --- item 5: only regular files ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["linkedin", "vcard"])
def test_dev_zero_is_refused_by_name_without_reading_it(tmp_path: Path, kind: str) -> None:
    result = run("--workspace", tmp_path / "ws.sqlite3", "import", kind, "/dev/zero")
    one_line_error(result, "/dev/zero: this is a character device, not a regular file; .+")


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["import", "linkedin", "{fifo}"], "{fifo}"),
        (["import", "vcard", "{fifo}"], "{fifo}"),
        (["import", "batch", "{fifo}"], "{fifo}"),
        (["import", "linkedin", "{folder}"], "{folder}/messages.csv"),
    ],
)
def test_a_fifo_is_refused_at_once_even_inside_an_export_folder(
    tmp_path: Path, args: list[str], shown: str
) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Connections.csv").write_text(HEADER + ROW, encoding="utf-8")
    os.mkfifo(folder / "messages.csv")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    fill = {"fifo": fifo, "folder": folder}
    started = time.perf_counter()
    done = netgraph_process(tmp_path / "ws.sqlite3", *(arg.format(**fill) for arg in args))
    assert time.perf_counter() - started < 60
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        f"Error: {shown.format(**fill)}: this is a FIFO (named pipe), not a regular file; "
        "netgraph reads only regular files"
    )


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "contacts.vcf"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(InputError) as caught:
            read_vcard(path)
    finally:
        server.close()
    assert caught.value.problem.startswith("this is a socket, not a regular file")


def test_symlinks_to_regular_files_are_read(tmp_path: Path) -> None:
    (tmp_path / "real.csv").write_text(HEADER + ROW, encoding="utf-8")
    (tmp_path / "real.vcf").write_text(CARD.replace("Ann Lee", "Bo Ek"), encoding="utf-8")
    (tmp_path / "Connections.csv").symlink_to(tmp_path / "real.csv")
    (tmp_path / "contacts.vcf").symlink_to(tmp_path / "real.vcf")
    (tmp_path / "real-manifest.csv").write_text(
        "path,kind,owner\nConnections.csv,linkedin,\ncontacts.vcf,vcard,\n", encoding="utf-8"
    )
    (tmp_path / "manifest.csv").symlink_to(tmp_path / "real-manifest.csv")
    workspace = tmp_path / "ws.sqlite3"
    assert (
        "Imported 2 of 2 files"
        in ok("-w", workspace, "import", "batch", tmp_path / "manifest.csv").output
    )
    assert names(workspace) == ["Ann Lee", "Bo Ek"]


# --- item 5: size caps ---------------------------------------------------------------------------


def test_every_input_is_capped_in_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 1024)
    monkeypatch.setattr(limits, "MAX_MANIFEST_BYTES", 512)
    big_csv = tmp_path / "Connections.csv"
    big_csv.write_text(HEADER + ROW * 20, encoding="utf-8")
    big_vcf = tmp_path / "contacts.vcf"
    big_vcf.write_text(CARD * 20, encoding="utf-8")
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(big_csv, "Connections.csv")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("path,kind,owner\n" + "contacts.vcf,vcard,\n" * 40, encoding="utf-8")
    workspace = tmp_path / "ws.sqlite3"

    one_line_error(
        run("-w", workspace, "import", "linkedin", big_csv),
        r".*Connections\.csv: the file is larger than 1 KiB",
    )
    one_line_error(
        run("-w", workspace, "import", "linkedin", archive),
        r".*export\.zip/Connections\.csv: the file is larger than 1 KiB",
    )
    one_line_error(
        run("-w", workspace, "import", "vcard", big_vcf),
        r".*contacts\.vcf: the vCard file is larger than 1 KiB",
    )
    one_line_error(
        run("-w", workspace, "import", "batch", manifest),
        r".*manifest\.csv: the manifest is larger than 512 bytes",
    )


def test_reading_asks_for_the_file_size_not_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """read(limit + 1) reserved 1 GiB for every file: a MemoryError under a memory limit."""
    asked: list[int] = []
    real_open = limits.open_input

    class Spy:
        def __init__(self, handle: BinaryIO) -> None:
            self.handle = handle

        def read(self, size: int = -1) -> bytes:
            asked.append(size)
            return self.handle.read(size)

        def fileno(self) -> int:
            return self.handle.fileno()

        def __enter__(self) -> Spy:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

    monkeypatch.setattr(limits, "open_input", lambda *a, **k: Spy(real_open(*a, **k)))
    path = tmp_path / "contacts.vcf"
    path.write_text(CARD, encoding="utf-8")
    assert [c.name for c in read_vcard(path).contacts] == ["Ann Lee"]
    assert asked == [len(CARD) + 1]


def test_a_zip_listing_too_many_entries_is_refused_before_its_directory_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("Connections.csv", HEADER + ROW)
        for number in range(5):
            out.writestr(f"junk/{number}.txt", "x")
    monkeypatch.setattr(limits, "MAX_ZIP_ENTRIES", 3)

    def no_directory_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("the zip directory was read")

    monkeypatch.setattr(linkedin_sources.zipfile, "ZipFile", no_directory_read)
    with pytest.raises(InputError) as caught:
        read_linkedin(archive)
    assert caught.value.problem == "the zip holds more than 3 entries"


def test_running_out_of_memory_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def exhausted(*args: object) -> None:
        raise MemoryError

    monkeypatch.setattr("netgraph.ingest.readers.linkedin.read_table", exhausted)
    path = tmp_path / "Connections.csv"
    path.write_text(HEADER + ROW, encoding="utf-8")
    one_line_error(
        run("-w", tmp_path / "ws.sqlite3", "import", "linkedin", path),
        r".*Connections\.csv: not enough memory to read the file",
    )


# --- item 5: field and record lengths -----------------------------------------------------------


def test_an_overlong_field_is_a_bad_row_naming_line_and_column(tmp_path: Path, parser: str) -> None:
    path = tmp_path / "Connections.csv"
    long_name = "A" * (limits.MAX_FIELD_CHARS + 1)
    path.write_text(HEADER + ROW + ROW.replace("Lee", long_name) + ROW.replace("Ann", "Bo"))
    with pytest.raises(InputError) as caught:
        read_linkedin(path)
    assert (caught.value.location, caught.value.problem) == (
        "line 3",
        "Last Name is longer than 4,096 characters",
    )
    assert long_name not in str(caught.value)
    result = read_linkedin(path, skip_bad=True)
    assert [c.name for c in result.contacts] == ["Ann Lee", "Bo Lee"]


def test_a_field_of_exactly_the_limit_is_kept(tmp_path: Path, parser: str) -> None:
    path = tmp_path / "Connections.csv"
    title = "é" * limits.MAX_FIELD_CHARS  # 2 bytes each: the limit counts characters
    path.write_text(HEADER + ROW.replace("CTO", title), encoding="utf-8")
    assert read_linkedin(path).contacts[0].title == title


def test_a_fifty_megabyte_first_name_is_refused_quickly(tmp_path: Path) -> None:
    workspace = tmp_path / "ws.sqlite3"
    ok("-w", workspace, "import", "linkedin", FIXTURES / "connections_full.csv")
    before = snapshot(workspace)
    path = tmp_path / "Connections.csv"
    path.write_text(HEADER + ROW.replace("Ann", "N" * 50_000_000), encoding="utf-8")
    started = time.perf_counter()
    result = run("-w", workspace, "import", "linkedin", path)
    assert time.perf_counter() - started < 15
    one_line_error(
        result, r".*Connections\.csv: line 2: First Name is longer than 4,096 characters"
    )
    assert snapshot(workspace) == before


LONG = "N" * 5_000


@pytest.mark.parametrize(
    ("command", "flag"),
    [
        (("me", LONG), "an argument"),
        (("edit", "Ann Lee", "--name", LONG), "--name"),
        (("edit", "Ann Lee", f"--company={LONG}"), "--company"),
        (("tie", "Ann Lee", "Bob Ray", "--note", LONG), "--note"),
        (("log", "Ann Lee", "met", "--referred", LONG), "--referred"),
        (("target", "add", "--name", LONG), "--name"),
        (("people", LONG), "an argument"),
    ],
)
def test_text_typed_on_the_command_line_is_as_bounded_as_a_field_of_a_file(
    tmp_path: Path, command: tuple[str, ...], flag: str
) -> None:
    """Names, notes and companies a user types are capped like imported fields: one line,
    exit 2, nothing written."""
    workspace = tmp_path / "ws.sqlite3"
    ok("-w", workspace, "import", "linkedin", FIXTURES / "connections_full.csv")
    before = snapshot(workspace)
    result = run("-w", workspace, *command)
    one_line_error(result, re.escape(f"{flag} is longer than 4,096 characters"), code=2)
    assert snapshot(workspace) == before
    ok("-w", workspace, "people", "N" * 4_096)  # the limit itself is allowed


@pytest.mark.parametrize("size", [500_000, 2_000_000])
def test_message_content_is_dropped_unread_up_to_the_record_limit(
    tmp_path: Path, parser: str, size: int
) -> None:
    path = tmp_path / "messages.csv"
    rows = [
        f'"Bo Ek","https://www.linkedin.com/in/bo","Me","2026-04-0{day} 10:00:00 UTC","{text}"\n'
        for day, text in ((1, "hi"), (2, "x" * size), (3, "bye"))
    ]
    path.write_text(MESSAGES_HEADER + "".join(rows), encoding="utf-8")
    result = read_linkedin(path, skip_bad=True)
    if size < limits.MAX_RECORD_CHARS:
        assert result.bad == []
        assert sum(item.sent + item.received for item in result.interactions) == 3
    else:
        assert [(bad.locator, bad.problem) for bad in result.bad] == [
            ("line 3", "the row is longer than 1,048,576 characters")
        ]
        assert sum(item.sent + item.received for item in result.interactions) == 2


@pytest.mark.parametrize("people", [200, 2000])
def test_a_group_message_may_list_many_recipients_up_to_the_list_limit(
    tmp_path: Path, parser: str, people: int
) -> None:
    path = tmp_path / "messages.csv"
    urls = ",".join(f"https://www.linkedin.com/in/member-{n:05d}" for n in range(people))
    path.write_text(
        "FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,CONTENT\n"
        f'"Me","https://www.linkedin.com/in/me","Group","{urls}","2026-04-01 10:00:00 UTC","hi"\n'
        '"Bo Ek","https://www.linkedin.com/in/bo","Me","https://www.linkedin.com/in/me",'
        '"2026-04-02 10:00:00 UTC","hello"\n',
        encoding="utf-8",
    )
    result = read_linkedin(path, skip_bad=True)
    if len(urls) <= limits.MAX_LIST_FIELD_CHARS:  # 200 people: 9,000 characters
        assert result.bad == [] and len(result.interactions) == people + 1
    else:
        assert [(bad.locator, bad.problem) for bad in result.bad] == [
            ("line 2", "RECIPIENT PROFILE URLS is longer than 65,536 characters")
        ]


def test_an_overlong_vcard_property_is_a_bad_card_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "contacts.vcf"
    long_card = CARD.replace("FN:Ann Lee", "FN:" + "A" * (limits.MAX_FIELD_CHARS + 1))
    long_note = CARD.replace("FN:Ann Lee", "FN:Bo Ek\r\nNOTE:" + "n" * 100_000)
    path.write_text(CARD + long_card + long_note, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_vcard(path)
    assert (caught.value.location, caught.value.problem) == (
        "card 2 (line 6)",
        "line 8: the FN property is longer than 4,096 characters",
    )
    result = read_vcard(path, skip_bad=True)
    assert [c.name for c in result.contacts] == ["Ann Lee", "Bo Ek"]  # NOTE is free text


# --- item 9: two files of one kind ---------------------------------------------------------------


def test_a_zip_with_two_connections_files_is_refused_naming_both(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("Connections.csv", HEADER + ROW)
        out.writestr("2019/connections.CSV", HEADER + ROW.replace("Ann", "Bo"))
    with pytest.raises(InputError) as caught:
        read_linkedin(archive)
    assert caught.value.problem == (
        "two files are Connections.csv: Connections.csv and 2019/connections.CSV; "
        "keep only the one to import"
    )


def test_a_folder_with_two_connections_files_is_refused_naming_both(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "Connections.csv").write_text(HEADER + ROW, encoding="utf-8")
    (tmp_path / "old" / "Connections.csv").write_text(HEADER + ROW, encoding="utf-8")
    workspace = tmp_path / "ws.sqlite3"
    one_line_error(
        run("-w", workspace, "import", "linkedin", tmp_path),
        r".*: two files are Connections\.csv: Connections\.csv and old/Connections\.csv; .+",
    )


def test_mac_and_office_side_files_are_not_a_second_export_file(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("Export/Connections.csv", HEADER + ROW)
        out.writestr("__MACOSX/Export/._Connections.csv", b"\x00\x05\x16\x07")
        out.writestr("Export/~$Connections.csv", b"owner")
    assert [c.name for c in read_linkedin(archive).contacts] == ["Ann Lee"]


# --- item 9: UTF-16 and UTF-32, recognised as the vCard reader recognises them -------------------


@pytest.mark.parametrize(
    ("codec", "note"),
    [
        ("utf-32", "decoded as UTF-32 (byte order mark)"),
        ("utf-16", "decoded as UTF-16 (byte order mark)"),
        ("utf-16-le", "decoded as UTF-16-LE (no byte order mark)"),
        ("utf-16-be", "decoded as UTF-16-BE (no byte order mark)"),
        ("utf-32-le", "decoded as UTF-32-LE (no byte order mark)"),
    ],
)
def test_both_readers_decode_utf16_and_utf32_alike(tmp_path: Path, codec: str, note: str) -> None:
    csv_path = tmp_path / "Connections.csv"
    csv_path.write_bytes((HEADER + ROW.replace("Ann", "Zoë")).encode(codec))
    result = read_linkedin(csv_path)
    assert [c.name for c in result.contacts] == ["Zoë Lee"]
    assert result.notes == [f"Connections.csv: {note}"]

    vcf_path = tmp_path / "contacts.vcf"
    vcf_path.write_bytes(CARD.replace("Ann", "Zoë").encode(codec))
    cards = read_vcard(vcf_path)
    assert ([c.name for c in cards.contacts], cards.notes) == (["Zoë Lee"], [note])


def test_ascii_utf16_without_a_mark_is_not_read_as_utf8_with_nul_bytes() -> None:
    assert decode_bytes(CARD.encode("utf-16-le"))[0] == CARD


def test_a_binary_file_full_of_zero_bytes_is_still_binary(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(bytes(range(256)) * 16)
    with pytest.raises(InputError) as caught:
        read_linkedin(path)
    assert caught.value.problem == "this is a binary file, not a CSV file"
