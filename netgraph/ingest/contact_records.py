"""The records of a file's contacts: one at a time from :class:`Contact` objects, or a column
at a time from the rows of a LinkedIn ``Connections.csv``.

Both ways give the same record for the same row, value for value. The columnar way normalises
names, companies, titles and keys over whole columns (:mod:`netgraph.identity.key_columns`),
writes the raw fields' JSON with polars, and then builds one :class:`PersonFacts` and one
:class:`Record` per row from values already final. ``tests/test_contact_records.py`` compares
both on every LinkedIn fixture and on generated files.
"""

from __future__ import annotations

import json

import polars as pl

from netgraph.collector import collector_paused
from netgraph.identity import key_columns
from netgraph.identity.facts import PersonFacts
from netgraph.identity.keys import phone_key, written_email
from netgraph.identity.placing import Record, Tie
from netgraph.ingest.raw_fields import own_raw, raw_json
from netgraph.ingest.readers.linkedin import connection_contacts
from netgraph.ingest.records import ConnectionRows, Contact

#: The raw field under which a record keeps the phone numbers that are not valid numbers.
PHONE_TEXTS = "phone_texts"
#: From this many Connections.csv rows, records are made a column at a time (the columnar way
#: costs about 20 ms a file more, and about 20 µs a row less).
COLUMNAR_FROM_ROWS = 1_000

#: the fields of a row's raw record, in the order of :attr:`ConnectionRows.headers`
_FIELDS = ("firstname", "lastname", "url", "emailaddress", "company", "position", "connectedon")
_CONTROL = r"[\x00-\x1f]"  # what JSON must escape besides the quote and the backslash


def contact_record(contact: Contact, kind: str, region: str) -> tuple[Record, int]:
    """The record of one contact, tied to the file's owner by a ``kind`` tie, and how many
    of its phone numbers are not valid numbers in ``region`` (kept as text, never a key)."""
    facts = PersonFacts.build(
        contact.name,
        company=contact.company,
        title=contact.title,
        linkedin_url=contact.linkedin_url,
        emails=contact.emails,
        phones=contact.phones,
        region=region,
    )
    own = own_raw(contact)
    texts = [phone for phone in contact.phones if phone_key(phone, region) is None]
    if texts:
        own[PHONE_TEXTS] = texts
    tie = Tie(kind, contact.connected_on)
    return Record(facts, facts.record_key(), contact.locator, raw_json(own), tie), len(texts)


def case_folded(emails: list[str]) -> list[tuple[str, str]]:
    """``(key, as written)`` of every valid address whose key folded its case."""
    found = []
    for email in emails:
        written = written_email(email)
        if written and not written.islower() and not written.isdigit():
            found.append((written.lower(), written))
    return found


def connection_records(rows: ConnectionRows) -> tuple[list[Record], list[tuple[str, str]]]:
    """One record per row, each tied to the export's owner by a connection; and the
    ``(key, address as written)`` of the email addresses whose key folded their case.

    Fewer than :data:`COLUMNAR_FROM_ROWS` rows go one :class:`Contact` at a time (the same
    records): a polars expression costs a fixed fraction of a millisecond whatever its rows.
    """
    if rows.frame.height < COLUMNAR_FROM_ROWS:
        contacts = connection_contacts(rows)
        records = [contact_record(contact, "connection", "US")[0] for contact in contacts]
        return records, case_folded([email for c in contacts for email in c.emails])
    frame = rows.frame
    emails = key_columns.email_keys(frame.get_column("emailaddress"))
    written = key_columns.name_parts(key_columns.clean_texts(frame.get_column("name")))
    company = key_columns.clean_texts(frame.get_column("company"))
    title = key_columns.clean_texts(frame.get_column("position"))
    display = pl.select(
        pl.coalesce(written.get_column("name"), company, emails, pl.lit("(no name)"))
    ).to_series()
    name_keys = key_columns.name_keys(display)
    company_keys = key_columns.company_keys(company)
    linkedin = key_columns.linkedin_keys(frame.get_column("url"))
    record_keys = pl.select(
        pl.coalesce(
            "li:" + linkedin,
            "em:" + emails,
            pl.concat_str([pl.lit("nm:"), name_keys, pl.lit("|"), company_keys]),
        )
    ).to_series()
    columns = [
        display,
        company,
        title,
        linkedin,
        emails,
        written.get_column("prefix"),
        written.get_column("suffix"),
        name_keys,
        company_keys,
        key_columns.match_keys(name_keys),
        record_keys,
        frame.get_column("locator"),
        _raw_fields(rows),
        frame.get_column("connectedon"),
    ]
    emails_as_read = frame.get_column("emailaddress").drop_nulls().to_list()
    return _records([column.to_list() for column in columns]), case_folded(emails_as_read)


def _records(columns: list[list[object]]) -> list[Record]:
    """Build the records from final values (the cyclic garbage collector paused meanwhile: a
    million new containers would set it off hundreds of times)."""
    normalised = PersonFacts.normalised
    records: list[Record] = []
    append = records.append
    with collector_paused():
        for (
            name, company, title, linkedin, email, prefix, suffix,
            name_key, company_key, match_key, key, locator, raw, on,
        ) in zip(*columns, strict=True):  # fmt: skip
            facts = normalised(
                name,
                company,
                title,
                linkedin,
                (email,) if email else (),
                prefix,
                suffix,
                (name_key, company_key, match_key),
            )
            append(Record(facts, key, locator, raw, Tie("connection", on)))
    return records


def _raw_fields(rows: ConnectionRows) -> pl.Series:
    """Each row's raw fields as :func:`netgraph.ingest.raw_fields.raw_json` writes them: a
    field is there when its clean value is (the date: when it was written), as read.

    polars writes the JSON of rows whose values hold no control character; the others (rare)
    go through :func:`raw_json`.
    """
    frame = rows.frame
    values: dict[str, pl.Expr] = {}
    for key, header in zip(_FIELDS, rows.headers, strict=True):
        as_read = pl.col(f"raw:{key}")
        clean = pl.col(key)
        values[header] = (
            as_read
            if key == "connectedon"
            else pl.when(clean.is_not_null()).then(pl.coalesce(as_read, clean))
        )
    entries = [
        pl.lit(json.dumps(header, ensure_ascii=False) + ': "') + _escaped(values[header]) + '"'
        for header in sorted(values)
    ]
    body = pl.concat_str(entries, separator=", ", ignore_nulls=True)
    plain = ~pl.any_horizontal([value.str.contains(_CONTROL) for value in values.values()])
    raws, rows_plain = frame.select(
        pl.concat_str([pl.lit("{"), body, pl.lit("}")]), plain.fill_null(True)
    ).get_columns()
    if not rows_plain.all():
        odd = (~rows_plain).arg_true()
        fields = frame.select(values.values()).gather(odd)
        texts = [
            raw_json({h: v for h, v in zip(values, row, strict=True) if v is not None})
            for row in fields.iter_rows()
        ]
        raws = raws.scatter(odd, pl.Series(texts, dtype=pl.String))
    return raws


def _escaped(value: pl.Expr) -> pl.Expr:
    """A text as the inside of a JSON string, for text without control characters."""
    return value.str.replace_all("\\", "\\\\", literal=True).str.replace_all(
        '"', '\\"', literal=True
    )
