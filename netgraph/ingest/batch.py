"""Importing many files listed in a manifest: a career centre's or a group's pooled exports.

A manifest is a CSV file with a header and one file per row::

    path,kind,owner
    me/Connections.csv,linkedin,
    friends/ada.zip,linkedin,https://www.linkedin.com/in/ada-example
    phone.vcf,vcard,

``path`` is relative to the manifest's folder; ``kind`` is ``linkedin``, ``vcard`` or ``csv``
(Google Contacts or Outlook); ``owner`` names whose export it is (empty: the user's own). An
optional ``new_owner`` column says, with ``yes``, that a row's owner is new to the workspace
(otherwise an owner's name must be someone's already: see
:func:`netgraph.identity.owners.export_owner`); an optional ``region`` column gives a vCard or
CSV file's default phone country. Each file is imported whole or not at all, as with the single-file
commands; a file that fails does not stop the others. Degrees from the user are computed once at
the end instead of after every file.

Files are committed in groups of about :data:`GROUP_RECORDS` records, each file a savepoint
inside its group: the index pages one file changes, the next files mostly change again, and a
commit per file wrote them all out each time (about a third of the import's time). When an
error or Ctrl-C stops a batch, the files finished so far are committed; importing the manifest
again is safe (a file imported twice changes nothing).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from netgraph.errors import (
    AmbiguousPerson,
    InputError,
    PersonNotFound,
    UnknownOwner,
    UsageError,
)
from netgraph.identity.keys import phone_region
from netgraph.identity.names import name_key
from netgraph.ingest.apply import (
    ImportSummary,
    finish_imports,
    import_csv,
    import_linkedin,
    import_vcard,
)
from netgraph.ingest.readers import limits
from netgraph.ingest.readers.csv_records import scan_records
from netgraph.routes.upkeep import index_upkeep
from netgraph.vocabulary import SOURCE_KINDS
from netgraph.workspace.store import Workspace

GROUP_RECORDS = 200_000
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0", ""})


@dataclass(frozen=True)
class ManifestEntry:
    """One file to import, as a manifest row lists it."""

    path: Path
    kind: str
    owner: str | None
    region: str | None
    line: int
    new_owner: bool = False


@dataclass
class BatchResult:
    """What a batch import did: one summary per imported file, and the files that failed."""

    summaries: list[ImportSummary] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)
    targets_matched: int = 0


def read_manifest(
    path: str | os.PathLike[str], *, region: str | None = None
) -> list[ManifestEntry]:
    """Read and check a manifest; every listed file must exist before anything is imported.

    The manifest is read as the importers read their files (:mod:`netgraph.ingest.readers.limits`:
    a regular file of at most 16 MiB, fields of at most 4,096 characters) and parsed as strict
    CSV: a quoted path may hold commas or a line break, a row with more fields than the header
    (or without a path and kind) is refused with its line.
    """
    manifest = Path(path)
    where = str(manifest)
    text = _manifest_text(where)
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    columns = _header(lines[0] if lines else "", where)
    required = max(columns.index("path"), columns.index("kind")) + 1
    entries = []
    for record in scan_records(lines, 1, len(columns), min_width=required):
        location = f"line {record.line}"
        if record.fields is None:
            raise InputError(where, record.problem, location)
        values = _row_values(columns, record.fields, where, location)
        if any(values.values()):
            entries.append(_entry(manifest, values, region, record.line))
    if not entries:
        raise InputError(where, "the manifest lists no files")
    return entries


def _manifest_text(where: str) -> str:
    """The manifest as text: UTF-8 (a byte order mark is dropped), no NUL, LF or CRLF lines."""
    data = limits.read_input(where, limit=limits.MAX_MANIFEST_BYTES, noun="manifest")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(where, "the manifest is not UTF-8 text", f"line {line}") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(where, "the manifest holds a NUL byte: not a text file", f"line {line}")
    if "\n" not in text:  # classic Mac line ends
        text = text.replace("\r", "\n")
    return text


def _header(line: str, where: str) -> list[str]:
    """The manifest's column names (lower case), which must include path and kind, once each."""
    try:
        columns = [name.strip().lower() for name in next(csv.reader([line], strict=True), [])]
    except csv.Error:
        raise InputError(where, "the header is not a line of CSV", "line 1") from None
    if not {"path", "kind"} <= set(columns):
        raise InputError(where, "the header must name the columns path, kind and owner", "line 1")
    twice = sorted({name for name in columns if name and columns.count(name) > 1})
    if twice:
        raise InputError(where, f"the column {twice[0]} appears twice in the header", "line 1")
    return columns


def _row_values(columns: list[str], fields: list[str], where: str, location: str) -> dict[str, str]:
    """Map one row's fields to their columns, refusing a field longer than MAX_FIELD_CHARS."""
    values: dict[str, str] = {}
    for name, value in zip(columns, fields, strict=False):
        if len(value) > limits.MAX_FIELD_CHARS:
            column = name or "an unnamed"
            raise InputError(
                where,
                f"the {column} field is longer than {limits.MAX_FIELD_CHARS:,} characters",
                location,
            )
        if name:
            values[name] = value.strip()
    return values


def _entry(manifest: Path, values: dict[str, str], region: str | None, line: int) -> ManifestEntry:
    """Check one row (kind, path, the file it names) and make its entry."""
    where, location = str(manifest), f"line {line}"
    kind = values.get("kind", "").lower()
    if kind not in SOURCE_KINDS:
        raise InputError(where, f"kind must be linkedin, vcard or csv, not {kind[:40]!r}", location)
    if not values.get("path"):
        raise InputError(where, "the path is empty", location)
    target = manifest.parent / values["path"]
    try:
        mode = os.stat(target).st_mode
    except (OSError, ValueError):
        problem = f"no such file or folder: {_shown(values['path'])}"
        raise InputError(where, problem, location) from None
    other = limits.not_regular(mode)
    if other == "a folder" and kind != "linkedin":
        noun = "a vCard file" if kind == "vcard" else "a CSV file"
        raise InputError(where, f"{_shown(values['path'])} is a folder, not {noun}", location)
    if other is not None and other != "a folder":
        problem = f"{_shown(values['path'])} is {other}, not a regular file"
        raise InputError(where, problem, location)
    given = values.get("region") or region
    code = None if given is None else phone_region(given)
    if given is not None and code is None:
        problem = f"region {_shown(given)} is not a country code (such as US, GB or DE)"
        raise InputError(where, problem, location)
    owner = values.get("owner") or None
    if owner is not None and not name_key(owner):
        raise InputError(
            where, "the owner has no letter or digit: give a name, URL or email", location
        )
    new_owner = values.get("new_owner", "").lower()
    if new_owner not in _YES | _NO:
        problem = f"new_owner must be yes or no (or empty), not {_shown(new_owner[:40])}"
        raise InputError(where, problem, location)
    return ManifestEntry(
        path=target,
        kind=kind,
        owner=owner,
        region=code,
        line=line,
        new_owner=new_owner in _YES,
    )


def _shown(value: str) -> str:
    """A value from the manifest fit for a one-line message (quoted when it is not plain)."""
    shown = value if value.isprintable() else repr(value)
    return shown if len(shown) <= 200 else f"{shown[:200]}..."


def import_batch(
    workspace: Workspace,
    manifest: str | os.PathLike[str],
    *,
    skip_bad: bool = False,
    new_owners: bool = False,
    region: str | None = None,
    on_file: Callable[[ImportSummary | InputError], None] | None = None,
) -> BatchResult:
    """Import every file a manifest lists, each whole or not at all (see the module's notes).

    ``new_owners`` makes every owner named by a name nobody has a new person, as a
    ``new_owner`` of ``yes`` on every row would. ``on_file`` hears about each file as it
    finishes (its summary, or the error that kept it out), so a caller can report progress.
    """
    result = BatchResult()
    entries = read_manifest(manifest, region=region)
    with index_upkeep(workspace) as upkeep, workspace.bulk_writes(), ExitStack() as group:
        group.enter_context(workspace.transaction_in_parts())
        records = 0
        for entry in entries:
            if records >= GROUP_RECORDS:
                group.close()
                group.enter_context(workspace.transaction_in_parts())
                records = 0
            outcome = _import_entry(
                workspace, entry, manifest, skip_bad=skip_bad, new_owners=new_owners
            )
            if isinstance(outcome, InputError):
                result.failures.append(outcome)
            else:
                result.summaries.append(outcome)
                records += outcome.records
            if on_file:
                on_file(outcome)
        group.close()
        result.targets_matched = finish_imports(workspace, upkeep)
    return result


def _import_entry(
    workspace: Workspace,
    entry: ManifestEntry,
    manifest: str | os.PathLike[str],
    *,
    skip_bad: bool,
    new_owners: bool,
) -> ImportSummary | InputError:
    """Import one manifest file, or return the error that kept it out."""
    new_owner = new_owners or entry.new_owner
    try:
        if entry.kind == "linkedin":
            return import_linkedin(
                workspace,
                entry.path,
                owner=entry.owner,
                new_owner=new_owner,
                skip_bad=skip_bad,
                update_degrees=False,
            )
        read = import_vcard if entry.kind == "vcard" else import_csv
        return read(
            workspace,
            entry.path,
            owner=entry.owner,
            new_owner=new_owner,
            skip_bad=skip_bad,
            region=entry.region,
            update_degrees=False,
        )
    except InputError as error:
        return error
    except UnknownOwner as error:
        problem = f"owner of {entry.path.name}: {error.unmatched}"
        return InputError(
            str(manifest),
            f"{problem} (if the owner is new to netgraph, write yes in a new_owner column)",
            f"line {entry.line}",
        )
    except (PersonNotFound, AmbiguousPerson, UsageError) as error:
        return InputError(
            str(manifest), f"owner of {entry.path.name}: {error}", f"line {entry.line}"
        )
