"""Recording an imported file as a source: every import of a file is a source of its own.

A file is recognised when it comes again: the same owner importing the same bytes (its SHA-256
digest) or the same path is that source again, and placing its records changes nothing. Any
other file is a new source. Files that are successive exports of one thing (an owner's LinkedIn
exports; an owner's address book files of one name) form a *lineage*: a newer export finds the
people of the records of the older ones (``workspace.sources.person_of_record``), so it updates
people rather than duplicating them. (Each file keeps its own evidence, so ``undo-import`` of one
takes exactly its own; a connection or a conversation counts once however many files show it.)

An export belongs to one person. The same bytes already imported under another owner are
refused; a file that lists the same people as another owner's export (the same export unzipped,
or re-saved by a spreadsheet) is imported with a warning, since two small files may
legitimately agree.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from netgraph.errors import InputError
from netgraph.ingest.records import ReadResult
from netgraph.workspace import Workspace
from netgraph.workspace.sources import FileIdentity, ImportedFile


@dataclass
class RecordedSource:
    """The source an import writes to, and what the user should hear about the file."""

    id: int
    again: bool = False  # the file was imported before (the same bytes or path)
    notes: list[str] = field(default_factory=list)


def record_source(workspace: Workspace, result: ReadResult, owner: int) -> RecordedSource:
    """Find or add the source of the file ``result`` was read from, imported by ``owner``.

    Raises :class:`InputError` when the same bytes were imported under another owner.
    """
    file = file_identity(result)
    same_bytes, same_people = workspace.sources.same_file_of_others(owner, file)
    if same_bytes is not None and result.contact_count:
        raise InputError(
            result.path,
            f"this file was already imported as {_whose(workspace, same_bytes)} "
            f"({_described(same_bytes)}); an export belongs to one person: check the owner, "
            "or remove that import first",
        )
    notes = []
    if same_people is not None and result.contact_count:
        notes.append(
            f"this file lists the same people as {_whose(workspace, same_people)} "
            f"({_described(same_people)}): if it is the same export, it belongs to one of "
            "you only"
        )
    earlier = workspace.sources.same_file(owner, file)
    if earlier is not None:
        workspace.sources.reimport_file(earlier, file)
        return RecordedSource(earlier, again=True, notes=notes)
    source = workspace.sources.add_file(result.kind, owner, lineage(result), file)
    return RecordedSource(source, notes=notes)


def lineage(result: ReadResult) -> str:
    """What successive exports of the file share: ``linkedin`` (one LinkedIn account per
    owner), else the kind and the file's name (``vcard:contacts.vcf``)."""
    if result.kind == "linkedin":
        return "linkedin"
    return f"{result.kind}:{Path(result.path).name}"


def file_identity(result: ReadResult) -> FileIdentity:
    """The file's name, absolute path, digest of its bytes and of the people it lists."""
    path = Path(result.path)
    return FileIdentity(
        label=path.name,
        path=os.path.abspath(path),
        digest=_digest(path),
        content=content_digest(result),
    )


def content_digest(result: ReadResult) -> str | None:
    """A digest of the people a file lists, in order (name and LinkedIn URL as read), or None
    for a file that lists nobody. The same export as a zip, a folder, its ``Connections.csv``
    or a copy re-saved by a spreadsheet gives the same digest."""
    if not result.contact_count:
        return None
    digest = hashlib.sha256(result.kind.encode())
    listed = [f"{c.name}\x1f{c.linkedin_url or ''}" for c in result.contacts]
    if result.connection_rows is not None:
        rows = result.connection_rows.frame.select(
            pl.concat_str([pl.col("name"), pl.lit("\x1f"), pl.col("url").fill_null("")])
        )
        listed[:0] = rows.to_series().to_list()
    digest.update("\x1e".join(listed).encode("utf-8", errors="surrogatepass"))
    return digest.hexdigest()


def _digest(path: Path) -> str | None:
    """The SHA-256 of a file's bytes (None for a folder, or a file that cannot be read)."""
    if not path.is_file():
        return None
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _whose(workspace: Workspace, file: ImportedFile) -> str:
    """``your export`` or ``Priya Raman's export``."""
    if file.owner_id is not None and file.owner_id == workspace.people.me():
        return "your export"
    return f"{file.owner or 'someone'}'s export"


def _described(file: ImportedFile) -> str:
    """``source #3, Connections.csv, imported 2026-12-01``."""
    return f"source #{file.id}, {file.label}, imported {file.last_imported_at[:10]}"
