"""Importing many files listed in a manifest: a career centre's or a group's pooled exports.

A manifest is a CSV file with a header and one file per row::

    path,kind,owner
    me/Connections.csv,linkedin,
    friends/ada.zip,linkedin,https://www.linkedin.com/in/ada-example
    phone.vcf,vcard,

``path`` is relative to the manifest's folder; ``kind`` is ``linkedin`` or ``vcard``; ``owner``
names whose export it is (empty: the user's own). An optional ``region`` column gives a vCard
file's default phone country. Each file is imported whole or not at all, as with the single-file
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

from netgraph.errors import AmbiguousPerson, InputError, PersonNotFound
from netgraph.imports import ImportSummary, finish_imports, import_linkedin, import_vcard
from netgraph.workspace.store import Workspace

KINDS = ("linkedin", "vcard")
MAX_MANIFEST_BYTES = 16 << 20
GROUP_RECORDS = 200_000


@dataclass(frozen=True)
class ManifestEntry:
    """One file to import, as a manifest row lists it."""

    path: Path
    kind: str
    owner: str | None
    region: str
    line: int


@dataclass
class BatchResult:
    """What a batch import did: one summary per imported file, and the files that failed."""

    summaries: list[ImportSummary] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)
    targets_matched: int = 0


def read_manifest(path: str | os.PathLike[str], *, region: str = "US") -> list[ManifestEntry]:
    """Read and check a manifest; every listed file must exist before anything is imported."""
    manifest = Path(path)
    where = str(manifest)
    try:
        if manifest.stat().st_size > MAX_MANIFEST_BYTES:
            raise InputError(where, f"the manifest is larger than {MAX_MANIFEST_BYTES >> 20} MiB")
        text = manifest.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputError(where, f"cannot read the manifest: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(where, "the manifest is not UTF-8 text") from None
    rows = csv.DictReader(text.splitlines())
    columns = {c.strip().lower() for c in rows.fieldnames or []}
    if not {"path", "kind"} <= columns:
        raise InputError(where, "the header must name the columns path, kind and owner", "line 1")
    entries = []
    for row in rows:
        line = rows.line_num
        values = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not any(values.values()):
            continue
        kind = values.get("kind", "").lower()
        if kind not in KINDS:
            raise InputError(where, f"kind must be linkedin or vcard, not {kind!r}", f"line {line}")
        if not values.get("path"):
            raise InputError(where, "the path is empty", f"line {line}")
        target = manifest.parent / values["path"]
        if not target.exists():
            raise InputError(where, f"no such file or folder: {values['path']}", f"line {line}")
        entries.append(
            ManifestEntry(
                path=target,
                kind=kind,
                owner=values.get("owner") or None,
                region=(values.get("region") or region).upper(),
                line=line,
            )
        )
    if not entries:
        raise InputError(where, "the manifest lists no files")
    return entries


def import_batch(
    workspace: Workspace,
    manifest: str | os.PathLike[str],
    *,
    skip_bad: bool = False,
    region: str = "US",
    on_file: Callable[[ImportSummary | InputError], None] | None = None,
) -> BatchResult:
    """Import every file a manifest lists, each whole or not at all (see the module's notes).

    ``on_file`` hears about each file as it finishes (its summary, or the error that kept it
    out), so a caller can report progress.
    """
    result = BatchResult()
    entries = read_manifest(manifest, region=region)
    with workspace.bulk_writes(), ExitStack() as group:
        group.enter_context(workspace.transaction_in_parts())
        records = 0
        for entry in entries:
            if records >= GROUP_RECORDS:
                group.close()
                group.enter_context(workspace.transaction_in_parts())
                records = 0
            outcome = _import_entry(workspace, entry, manifest, skip_bad=skip_bad)
            if isinstance(outcome, InputError):
                result.failures.append(outcome)
            else:
                result.summaries.append(outcome)
                records += outcome.records
            if on_file:
                on_file(outcome)
    result.targets_matched = finish_imports(workspace)
    return result


def _import_entry(
    workspace: Workspace, entry: ManifestEntry, manifest: str | os.PathLike[str], *, skip_bad: bool
) -> ImportSummary | InputError:
    """Import one manifest file, or return the error that kept it out."""
    try:
        if entry.kind == "linkedin":
            return import_linkedin(
                workspace, entry.path, owner=entry.owner, skip_bad=skip_bad, update_degrees=False
            )
        return import_vcard(
            workspace,
            entry.path,
            owner=entry.owner,
            skip_bad=skip_bad,
            region=entry.region,
            update_degrees=False,
        )
    except InputError as error:
        return error
    except (PersonNotFound, AmbiguousPerson) as error:
        return InputError(
            str(manifest), f"owner of {entry.path.name}: {error}", f"line {entry.line}"
        )
