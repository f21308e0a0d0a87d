"""Find the files of a LinkedIn export: a lone CSV file, an unzipped export folder or its zip.

Export files are matched by name, case- and separator-insensitively (:func:`file_key`): in a
folder at its top or one folder down, in a zip at any depth (nothing is extracted). Two files
that match the same name (``Connections.csv`` and ``old/Connections.csv``) make the export
ambiguous: it is refused, naming both, rather than one of them being picked silently. macOS's
``__MACOSX`` folder and ``._`` files and Office's ``~$`` lock files are not export files and
are ignored.

Every file is read through :mod:`netgraph.ingest.readers.limits`: regular files only (a FIFO or a
device inside a folder is refused by name too), at most ``MAX_INPUT_BYTES`` each; zip members
have the same cap, a zip bomb test, and a zip listing more than ``MAX_ZIP_ENTRIES`` entries is
refused before its directory is read.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from netgraph.errors import InputError
from netgraph.ingest.readers import limits
from netgraph.ingest.readers.linkedin_csv import CsvSpec

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_EOCD = b"PK\x05\x06"  # end of central directory record
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_BOMB_FLOOR = 1 << 24  # members up to 16 MiB are never suspected of being zip bombs


@dataclass(frozen=True)
class Source:
    """One export file to read: its spec, how errors and locators name it, how to load it."""

    spec: CsvSpec
    name: str  # the file name as found
    path: str  # what InputError names: the file, or folder/zip joined with the member
    prefix: str  # locator prefix: "" for a lone file, "messages.csv " inside a folder or zip
    load: Callable[[], bytes]


def file_key(name: str) -> str:
    """Return the form under which export file names are matched.

    >>> file_key("Endorsement Received Info.CSV") == file_key("Endorsement_Received_Info.csv")
    True
    """
    return _NOT_ALNUM.sub("", name.casefold())


def find_sources(path: Path, specs: Mapping[str, CsvSpec], default: CsvSpec) -> Iterator[Source]:
    """Yield the export files under ``path`` (a CSV file, a folder or a zip), in ``specs`` order.

    A lone file is read with the spec its name matches, else ``default``.
    """
    where = str(path)
    if path.is_dir():
        yield from _folder_sources(path, specs)
        return
    if not path.exists():
        raise InputError(where, "no such file or folder")
    with limits.open_input(where) as handle:
        if path.suffix.casefold() == ".zip" or _is_zip(handle):
            yield from _zip_sources(handle, where, specs)
        else:
            spec = specs.get(file_key(path.name), default)
            yield Source(spec, where, where, "", lambda: _read_handle(handle, where))


def _is_zip(handle: BinaryIO) -> bool:
    """Tell whether an open file is a zip archive, treating unreadable files as not."""
    try:
        return zipfile.is_zipfile(handle)
    except OSError:
        return False


def _read_handle(handle: BinaryIO, where: str) -> bytes:
    """Read an opened lone file from its start (the zip test moved its position)."""
    try:
        handle.seek(0)
    except OSError as error:
        raise InputError(where, f"cannot read the file: {error.strerror or error}") from None
    return limits.read_open(handle, where, limit=limits.MAX_INPUT_BYTES)


def _is_export_file(path: str) -> bool:
    """Whether a file (a path inside a folder or zip) may be an export file at all."""
    parts = path.replace("\\", "/").split("/")
    return "__MACOSX" not in parts and not parts[-1].startswith(("._", "~$"))


def _pick(
    found: Sequence[tuple[str, str]], specs: Mapping[str, CsvSpec], where: str
) -> list[tuple[str, str]]:
    """Choose the export files among ``(name, shown path)`` pairs: ``[(spec key, shown)]``.

    Raises :class:`InputError` when none is an export file, or two are the same one.
    """
    by_key: dict[str, list[str]] = {}
    for name, shown in found:
        if _is_export_file(shown) and file_key(name) in specs:
            by_key.setdefault(file_key(name), []).append(shown)
    if not by_key:
        names = ", ".join(spec.label for spec in specs.values())
        raise InputError(where, f"not a LinkedIn export: none of {names} found")
    for key, paths in by_key.items():
        if len(paths) > 1:
            more = f" (and {len(paths) - 2} more)" if len(paths) > 2 else ""
            raise InputError(
                where,
                f"two files are {specs[key].label}: {paths[0]} and {paths[1]}{more}; "
                "keep only the one to import",
            )
    return [(key, by_key[key][0]) for key in specs if key in by_key]


def _folder_sources(folder: Path, specs: Mapping[str, CsvSpec]) -> Iterator[Source]:
    """Yield the known files of an unzipped export (also one folder level down)."""
    found: list[tuple[str, str]] = []
    try:
        top = sorted(folder.iterdir())
        subfolders = [entry for entry in top if entry.is_dir() and entry.name != "__MACOSX"]
        for entry in (*top, *(inner for sub in subfolders for inner in sorted(sub.iterdir()))):
            if not entry.is_dir():  # FIFOs and devices too: read_input refuses them by name
                found.append((entry.name, str(entry.relative_to(folder))))
    except OSError as error:
        raise InputError(str(folder), f"cannot read the folder: {error.strerror}") from None
    for key, shown in _pick(found, specs, str(folder)):
        entry = folder / shown
        yield Source(specs[key], entry.name, str(entry), f"{entry.name} ", _loader(str(entry)))


def _loader(path: str) -> Callable[[], bytes]:
    """Bind a path for later reading (a lambda in a loop would capture the last one)."""
    return lambda: limits.read_input(path, limit=limits.MAX_INPUT_BYTES)


def _zip_sources(handle: BinaryIO, where: str, specs: Mapping[str, CsvSpec]) -> Iterator[Source]:
    """Yield the known members of an export zip, read in memory (paths inside are ignored)."""
    try:
        entries = _zip_entry_count(handle)
        if entries is not None and entries > limits.MAX_ZIP_ENTRIES:
            raise InputError(where, f"the zip holds more than {limits.MAX_ZIP_ENTRIES} entries")
        handle.seek(0)
        with zipfile.ZipFile(handle) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            if len(infos) > limits.MAX_ZIP_ENTRIES:
                raise InputError(where, f"the zip holds more than {limits.MAX_ZIP_ENTRIES} entries")
            members = {info.filename: info for info in infos}
            found = [(_member_name(info), info.filename) for info in infos]
            for key, filename in _pick(found, specs, where):
                info = members[filename]
                name = _member_name(info)
                member_path = os.path.join(where, name)
                load = _member_loader(archive, info, member_path)
                yield Source(specs[key], name, member_path, f"{name} ", load)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise InputError(where, f"not a readable zip file ({type(error).__name__})") from None


def _zip_entry_count(handle: BinaryIO) -> int | None:
    """The number of entries a zip's end record announces (None when there is no such record).

    Read from the last 64 KiB before :class:`zipfile.ZipFile` reads the whole directory, which
    for millions of tiny entries would take gigabytes.
    """
    size = handle.seek(0, os.SEEK_END)
    tail_size = min(size, 22 + 0xFFFF)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        return None
    entries = int.from_bytes(tail[at + 10 : at + 12], "little")
    locator = at - 20
    if entries == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == _ZIP64_LOCATOR:
        handle.seek(int.from_bytes(tail[locator + 8 : locator + 16], "little"))
        record = handle.read(56)
        if record[:4] == _ZIP64_EOCD and len(record) == 56:
            entries = int.from_bytes(record[32:40], "little")
    return entries


def _member_name(info: zipfile.ZipInfo) -> str:
    """The base name of a zip member (folders inside the zip are ignored)."""
    return info.filename.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _member_loader(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str
) -> Callable[[], bytes]:
    """Bind one zip member for later reading."""
    return lambda: _read_member(archive, info, where)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> bytes:
    """Read one zip member in memory, refusing encrypted members, oversized ones and zip bombs."""
    limit = limits.MAX_INPUT_BYTES
    too_big = f"the file is larger than {limits.size_text(limit)}"
    if info.flag_bits & 0x1:
        raise InputError(where, "the zip member is encrypted")
    if info.file_size > limit:
        raise InputError(where, too_big)
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > _BOMB_FLOOR and ratio > limits.MAX_ZIP_RATIO:
        raise InputError(where, "the zip member is implausibly large (zip bomb?)")
    try:
        with archive.open(info) as member:
            data = member.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError) as error:
        raise InputError(where, f"damaged zip member ({type(error).__name__})") from None
    if len(data) > limit:  # the directory understated the size
        raise InputError(where, "the zip member is implausibly large (zip bomb?)")
    return data
