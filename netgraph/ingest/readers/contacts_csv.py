"""Read the contacts CSV files Google Contacts and Outlook export into Contact records.

Both layouts are a header row and one contact per record (:mod:`linkedin_csv`'s parser: the
same limits, bad records named by the physical line they start on). The dialect is recognised
by its header, or given:

* **google**: Google Contacts' "Google CSV", old (``Name``, ``Given Name``, ``Family Name``,
  ``Organization 1 - Name``, ``E-mail 1 - Type``/``- Value``, ``Group Membership``) or new
  (``First Name``, ``Last Name``, ``Organization Name``, ``E-mail 1 - Label``/``- Value``,
  ``Labels``). A cell may hold several values joined by `` ::: ``.
* **outlook**: Outlook's and Outlook.com's "Outlook CSV" (``First Name``, ``Last Name``,
  ``Company``, ``Job Title``, ``E-mail Address``, ``Mobile Phone``, ``Business Phone``, ...).

Columns are mapped as the vCard reader maps properties: the name (the display name, else the
name parts in reading order, else the company, an email or a phone), company and department
(a department without a company is not a company), job title, emails, phones (not fax, pager,
the company's switchboard or an assistant's: they are shared numbers), the address country
(the phone numbers' country), a LinkedIn profile among the web pages, labels, notes, and
relations (spouse, manager, assistant, referred by, children; Google's ``Relation N``). An
Outlook "E-mail Address" that is an Exchange path (``/o=ExchangeLabs/...``) is no address: it
is kept as written and never a key, like every address that is not valid.

A file that is not UTF-8 (Outlook writes the computer's code page) is decoded in the character
set detected from its names (:mod:`netgraph.ingest.readers.charsets`); the note says which.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any

from netgraph.errors import InputError, UsageError
from netgraph.identity.keys import linkedin_key, written_email
from netgraph.ingest.readers import limits
from netgraph.ingest.readers.charsets import detect_legacy, display_name
from netgraph.ingest.readers.linkedin_csv import (
    HEADER_SEARCH_LINES,
    LINE,
    CsvSpec,
    column_key,
    read_table,
)
from netgraph.ingest.readers.vcard_fields import relation_kind
from netgraph.ingest.readers.wide_text import sniff_wide
from netgraph.ingest.records import BadRecord, Contact, ReadResult, Relation
from netgraph.vocabulary import CSV_DIALECTS

_NUMBERED = range(1, 10)
_SEPARATOR = re.compile(r"\s*:::\s*")
_NOTE_CHARS = limits.MAX_FIELD_CHARS

GOOGLE: dict[str, tuple[str, ...]] = {
    "name": ("Name", "File As"),
    "prefix": ("Name Prefix",),
    "given": ("Given Name", "First Name"),
    "additional": ("Additional Name", "Middle Name"),
    "family": ("Family Name", "Last Name"),
    "suffix": ("Name Suffix",),
    "company": ("Organization 1 - Name", "Organization Name"),
    "department": ("Organization 1 - Department", "Organization Department"),
    "title": ("Organization 1 - Title", "Organization Title"),
    "emails": tuple(f"E-mail {n} - Value" for n in _NUMBERED),
    "phones": tuple(f"Phone {n} - Value" for n in _NUMBERED),
    "country": tuple(f"Address {n} - Country" for n in _NUMBERED),
    "web": tuple(f"Website {n} - Value" for n in _NUMBERED),
    "labels": ("Group Membership", "Labels"),
    "note": ("Notes",),
}
GOOGLE_RELATIONS = tuple(
    (f"Relation {n} - Value", (f"Relation {n} - Type", f"Relation {n} - Label")) for n in _NUMBERED
)
OUTLOOK: dict[str, tuple[str, ...]] = {
    "name": ("Display Name",),
    "prefix": ("Title",),
    "given": ("First Name",),
    "additional": ("Middle Name",),
    "family": ("Last Name",),
    "suffix": ("Suffix",),
    "company": ("Company",),
    "department": ("Department",),
    "title": ("Job Title",),
    "emails": ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address"),
    "phones": (
        "Primary Phone",
        "Mobile Phone",
        "Business Phone",
        "Business Phone 2",
        "Home Phone",
        "Home Phone 2",
        "Other Phone",
        "Car Phone",
    ),
    "country": (
        "Business Country/Region",
        "Home Country/Region",
        "Other Country/Region",
        "Business Country",
        "Home Country",
    ),
    "web": ("Web Page", "Personal Web Page"),
    "labels": ("Categories",),
    "note": ("Notes",),
}
OUTLOOK_RELATIONS = (
    ("Spouse", "spouse"),
    ("Manager's Name", "manager"),
    ("Assistant's Name", "assistant"),
    ("Referred By", "referred-by"),
    ("Children", "family"),
)
#: header columns only one dialect writes, by which it is recognised
_MARKS = {
    "google": (
        "Given Name",
        "Family Name",
        "Group Membership",
        "Labels",
        "E-mail 1 - Value",
        "Phone 1 - Value",
        "Organization 1 - Name",
        "Organization Name",
    ),
    "outlook": (
        "E-mail Address",
        "Job Title",
        "Mobile Phone",
        "Business Phone",
        "Home Phone",
        "Primary Phone",
    ),
}
_NAME_ORDER = ("prefix", "given", "additional", "family", "suffix")


def read_contacts_csv(
    path: str | os.PathLike[str], *, dialect: str | None = None, skip_bad: bool = False
) -> ReadResult:
    """Read a Google Contacts or Outlook CSV file into a :class:`ReadResult` of kind ``csv``.

    ``dialect`` is ``"google"`` or ``"outlook"``; None recognises it from the header. Raises
    :class:`InputError` when the file cannot be read, is not such a file, or (without
    ``skip_bad``) at its first bad record, named by its line.
    """
    where = os.fspath(path)
    if dialect is not None and dialect not in CSV_DIALECTS:
        raise UsageError(f"dialect must be google or outlook, not {dialect!r}", option="dialect")
    data = limits.read_input(where, limit=limits.MAX_INPUT_BYTES, noun="CSV file")
    try:
        return _read(where, data, dialect, skip_bad)
    except MemoryError:
        raise limits.out_of_memory(where) from None


def _read(where: str, data: bytes, dialect: str | None, skip_bad: bool) -> ReadResult:
    data, encoding_note = _as_utf8(data)
    header = _header(data)
    chosen = dialect or _recognise(header, where)
    columns = GOOGLE if chosen == "google" else OUTLOOK
    relations = (
        [value for value, _labels in GOOGLE_RELATIONS]
        + [label for _value, labels in GOOGLE_RELATIONS for label in labels]
        if chosen == "google"
        else [column for column, _kind in OUTLOOK_RELATIONS]
    )
    known = [name for names in columns.values() for name in names] + relations
    present = {column_key(field) for field in header}
    marks = tuple(name for name in _MARKS[chosen] if column_key(name) in present)
    if not marks and dialect is not None:  # a layout given, and a header that names people
        naming = (*columns["name"], *columns["given"], *columns["family"])
        marks = tuple(name for name in naming if column_key(name) in present)
    if not marks:
        raise InputError(where, _not_dialect(chosen))
    spec = CsvSpec(
        label=f"{chosen} contacts",
        required=marks,
        optional=tuple(name for name in known if name not in marks),
        free_text=("Notes",),
    )
    table = read_table(data, where, spec)
    result = ReadResult(path=where, kind="csv", files_read=[where])
    result.notes.extend([f"{_DIALECT_NAMES[chosen]} layout", encoding_note, *table.notes])
    if table.bad and not skip_bad:
        line, problem = table.bad[0]
        raise InputError(where, problem, f"line {line}")
    result.bad.extend(BadRecord(f"line {line}", problem) for line, problem in table.bad)
    names = {column_key(name): name for name in known}
    for row in table.frame.iter_rows(named=True):
        values = {names[k]: str(v) for k, v in row.items() if k in names and v}
        contact = _contact(values, chosen, f"line {row[LINE]}")
        if contact is None:
            result.skipped["rows with no name, email or phone"] = (
                result.skipped.get("rows with no name, email or phone", 0) + 1
            )
        else:
            result.contacts.append(contact)
    return result


_DIALECT_NAMES = {"google": "Google Contacts CSV", "outlook": "Outlook CSV"}
_DIALECT_ARTICLES = {"google": "a", "outlook": "an"}


def _as_utf8(data: bytes) -> tuple[bytes, str]:
    """The file as UTF-8 bytes for the parser, and which encoding it was in."""
    if sniff_wide(data) is not None:
        return data, "decoded as UTF-16/UTF-32"  # the parser decodes it, and notes how
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        codec = detect_legacy(body)
        text = body.decode(codec, errors="replace")
        note = (
            f"not valid UTF-8 (first invalid byte at offset {error.start}); decoded as "
            f"{display_name(codec)}, detected from the names (check them)"
        )
        return text.encode("utf-8"), note
    return body, "decoded as UTF-8"


def _header(data: bytes) -> list[str]:
    """The fields of the first non-blank line among the first lines (the header row)."""
    import csv

    for line in data[: 1 << 20].split(b"\n")[:HEADER_SEARCH_LINES]:
        text = line.decode("utf-8", errors="replace").strip("\r\ufeff")
        if text.strip():
            try:
                return next(csv.reader([text]), [])
            except csv.Error:
                return []
    return []


def _recognise(header: Sequence[str], where: str) -> str:
    """``google`` or ``outlook``: the dialect whose own columns the header has more of."""
    present = {column_key(field) for field in header}
    counts = {
        dialect: sum(1 for name in marks if column_key(name) in present)
        for dialect, marks in _MARKS.items()
    }
    best = max(counts, key=lambda dialect: counts[dialect])
    if counts[best] == 0:
        raise InputError(
            where,
            "the header is neither Google Contacts' nor Outlook's (no column such as "
            "Given Name, E-mail 1 - Value, E-mail Address or Job Title); export the contacts "
            "as Google CSV or Outlook CSV, or say which with --dialect",
        )
    return best


def _not_dialect(dialect: str) -> str:
    marks = ", ".join(_MARKS[dialect][:4])
    what = f"{_DIALECT_ARTICLES[dialect]} {_DIALECT_NAMES[dialect]} file"
    return f"the header has none of the columns of {what} ({marks}, ...)"


def _contact(values: dict[str, str], dialect: str, locator: str) -> Contact | None:
    """One row as a Contact, or None when it names nobody (no name, company, email or phone)."""
    columns = GOOGLE if dialect == "google" else OUTLOOK

    def first(field: str) -> str | None:
        for column in columns[field]:
            if values.get(column, "").strip():
                return values[column].strip()
        return None

    def every(field: str) -> list[str]:
        found: list[str] = []
        for column in columns[field]:
            for part in _SEPARATOR.split(values.get(column, "")):
                if part.strip() and part.strip() not in found:
                    found.append(part.strip())
        return found

    parts = {field: value for field in _NAME_ORDER if (value := first(field))}
    company, department = first("company"), first("department")
    emails, phones = every("emails"), every("phones")
    web = [url for url in every("web") if linkedin_key(url)]
    from_parts = " ".join(parts[field] for field in _NAME_ORDER if field in parts)
    addresses = [email for email in emails if written_email(email)]
    name = first("name") or from_parts or company or next(iter(addresses + phones), None)
    if not name:
        return None
    relations, labels = _relations(values, dialect)
    contact = Contact(
        name=name,
        locator=locator,
        first_name=parts.get("given"),
        last_name=parts.get("family"),
        company=company,
        org_units=[department] if department else [],
        title=first("title"),
        emails=emails,
        phones=phones,
        linkedin_url=web[0] if web else None,
        country=(first("country") or "")[:100] or None,
        categories=[label for label in every("labels") if label not in _SYSTEM_LABELS],
        relations=relations,
    )
    contact.raw = _raw(contact, dialect, first("name"), parts, first("note"), labels)
    return contact


_SYSTEM_LABELS = frozenset({"* myContacts", "myContacts", "* starred", "* Starred"})


def _relations(values: dict[str, str], dialect: str) -> tuple[list[Relation], list[dict[str, str]]]:
    """The people a row names as relations, and each with its label as written."""
    found: list[tuple[str, str, str]] = []  # name, kind, label
    if dialect == "google":
        for column, label_columns in GOOGLE_RELATIONS:
            label = next((values[c] for c in label_columns if values.get(c)), "")
            for name in _SEPARATOR.split(values.get(column, "")):
                found.append((name.strip(), relation_kind(label), label))
    else:
        for column, kind in OUTLOOK_RELATIONS:
            names = values.get(column, "")
            for name in names.split(",") if kind == "family" else [names]:
                found.append((name.strip(), kind, column))
    kept = [(name[:200], kind, label) for name, kind, label in found if name]
    relations = [Relation(name, kind) for name, kind, _label in kept]
    labels = [{"name": name, "label": label} for name, _kind, label in kept]
    return relations, labels


def _raw(
    contact: Contact,
    dialect: str,
    display: str | None,
    parts: dict[str, str],
    note: str | None,
    relation_labels: list[dict[str, str]],
) -> dict[str, Any]:
    """The text fields as read, for ``show`` and ``forget``; empty ones are left out."""
    raw: dict[str, Any] = {
        "dialect": dialect,
        "fn": display,
        "n": parts,
        "org": [contact.company or "", *contact.org_units]
        if contact.company or contact.org_units
        else [],
        "title": contact.title,
        "emails": contact.emails,
        "phones": contact.phones,
        "note": (note or "")[:_NOTE_CHARS],
        "categories": contact.categories,
        "linkedin": contact.linkedin_url,
        "relations": relation_labels,
        "country": contact.country,
    }
    return {key: value for key, value in raw.items() if value}
