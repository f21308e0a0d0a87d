"""Importing files into a workspace: read a file, then merge it whole or not at all.

An import records the file as a source, places its records on people
(:func:`netgraph.identity.placing.place_records`), recomputes the strengths of the ties it
touched and, unless the caller finishes many imports at once, the route index, everyone's
degree from the user and the waiting targets it brought in.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from netgraph.collector import collector_paused
from netgraph.errors import InputError, UsageError
from netgraph.identity.facts import PersonFacts
from netgraph.identity.keys import (
    country_region,
    email_key,
    number_region,
    phone_region,
)
from netgraph.identity.names import name_key
from netgraph.identity.owners import export_owner, learn_owner_profile
from netgraph.identity.placing import (
    Placement,
    Record,
    Tie,
    place_records,
)
from netgraph.identity.targets import match_waiting_targets
from netgraph.ingest.contact_records import case_folded, connection_records, contact_record
from netgraph.ingest.provenance import record_source
from netgraph.ingest.raw_fields import raw_json
from netgraph.ingest.records import BadRecord, Interaction, ReadResult
from netgraph.routes.upkeep import IndexUpkeep, index_upkeep
from netgraph.ties.evidence import refresh_strengths
from netgraph.workspace import Workspace

Progress = Callable[[int, int], None]

_OTHER_PROFILE_NOTE = (
    "messages.csv suggests a different LinkedIn profile for the export's owner; "
    "it was not used (say who the owner is with --owner or netgraph me --linkedin)"
)


@dataclass
class ImportSummary:
    """What one import did, for the user and for tests."""

    path: str
    kind: str
    owner: str
    records: int = 0
    people_created: int = 0
    people_matched: int = 0
    #: ties added, less those merges folded together (so it can be negative)
    new_ties: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    bad: list[BadRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files_read: list[str] = field(default_factory=list)
    targets_matched: int = 0


def import_linkedin(
    workspace: Workspace,
    path: str | os.PathLike[str],
    *,
    owner: str | None = None,
    new_owner: bool = False,
    skip_bad: bool = False,
    progress: Progress | None = None,
    update_degrees: bool = True,
) -> ImportSummary:
    """Import a LinkedIn export (``Connections.csv``, an export folder or its ``.zip``).

    Without ``owner`` the connections are the user's own; with it they are that person's, and
    that person becomes a willing referrer (see :func:`netgraph.identity.owners.export_owner`
    for who ``owner`` may be, and ``new_owner``). The whole export lands, or none of it. Then
    the route index is brought up to date, so the next query is quick;
    ``update_degrees=False`` leaves that, and everyone's degree, to :func:`finish_imports`.
    """
    from netgraph.ingest.readers.linkedin import read_linkedin

    result = read_linkedin(path, skip_bad=skip_bad, as_rows=True)
    return _apply_file(workspace, result, owner, new_owner, None, progress, update_degrees)


def import_vcard(
    workspace: Workspace,
    path: str | os.PathLike[str],
    *,
    owner: str | None = None,
    new_owner: bool = False,
    skip_bad: bool = False,
    region: str | None = None,
    progress: Progress | None = None,
    update_degrees: bool = True,
) -> ImportSummary:
    """Import one vCard file (any number of cards): all of it lands, or none of it.

    ``region`` is the country whose numbering plan applies to phone numbers written without a
    country code, unless the card's address names a country; without it, the user's country
    (from their own phone number), else US. The route index and degrees are brought up to
    date as by :func:`import_linkedin`.
    """
    from netgraph.ingest.readers.vcard import read_vcard

    checked = check_region(region)
    result = read_vcard(path, skip_bad=skip_bad)
    return _apply_file(workspace, result, owner, new_owner, checked, progress, update_degrees)


def import_csv(
    workspace: Workspace,
    path: str | os.PathLike[str],
    *,
    dialect: str | None = None,
    owner: str | None = None,
    new_owner: bool = False,
    skip_bad: bool = False,
    region: str | None = None,
    progress: Progress | None = None,
    update_degrees: bool = True,
) -> ImportSummary:
    """Import a Google Contacts or Outlook CSV file: all of it lands, or none of it.

    ``dialect`` (``"google"`` or ``"outlook"``) is recognised from the header when None;
    the other options are those of :func:`import_vcard`.
    """
    from netgraph.ingest.readers.contacts_csv import read_contacts_csv

    checked = check_region(region)
    result = read_contacts_csv(path, dialect=dialect, skip_bad=skip_bad)
    return _apply_file(workspace, result, owner, new_owner, checked, progress, update_degrees)


def check_region(region: str | None) -> str | None:
    """``region`` as an upper-case country code for phone numbers (None stays None)."""
    if region is None:
        return None
    code = phone_region(region)
    if code is None:
        raise UsageError(
            f"{region!r} is not a country code for phone numbers (such as US, GB or DE)",
            option="region",
        )
    return code


def _apply_file(
    workspace: Workspace,
    result: ReadResult,
    owner: str | None,
    new_owner: bool,
    region: str | None,
    progress: Progress | None,
    update_degrees: bool,
) -> ImportSummary:
    """Apply a file that was read (with its route index and degrees, if asked)."""
    return apply_read_result(
        workspace,
        result,
        owner=owner,
        new_owner=new_owner,
        region=region,
        progress=progress,
        update_degrees=update_degrees,
    )


def apply_read_result(
    workspace: Workspace,
    result: ReadResult,
    *,
    owner: str | None = None,
    new_owner: bool = False,
    region: str | None = None,
    as_of: date | None = None,
    progress: Progress | None = None,
    update_degrees: bool = True,
) -> ImportSummary:
    """Merge what a reader produced into the workspace, all or nothing.

    ``region`` is the phone country of numbers without a country code on records whose
    address names none (None: the user's country, else US). The route index is brought up to
    date and saved (patched with the ties the file changed, when the saved one was current:
    :mod:`netgraph.routes.upkeep`), and everyone's degree from the user with it.
    ``update_degrees=False`` leaves both, for a caller that imports many files and updates
    them once at the end (:func:`finish_imports`).

    Raises :class:`InputError` when every record of the file was bad (``skip_bad`` listed
    them all): there is nothing to import, and the file is not recorded as a source; or when
    the same file was imported under another owner.
    """
    if result.bad and not result.contact_count and not result.interactions:
        first = result.bad[0]
        raise InputError(
            result.path,
            f"{first.problem}; all {len(result.bad)} records are bad, nothing was imported",
            first.locator,
        )
    # A file's records, facts and rows are many small containers that hold no cycles: the
    # collector would walk them over and over while they are built (a ninth of an M batch).
    with collector_paused(), workspace.bulk_writes():
        with workspace.transaction(), index_upkeep(workspace, watch=update_degrees) as upkeep:
            run = _ImportRun(workspace, result, owner=owner, new_owner=new_owner, region=region)
            summary = run.merge(as_of or date.today(), progress=progress)
            if update_degrees:
                # A target matched with a referral gains a tie: before the index is patched.
                with workspace.deferring_degrees():
                    summary.targets_matched = match_waiting_targets(workspace)
                upkeep.refresh()
        upkeep.save()
    return summary


def finish_imports(workspace: Workspace, upkeep: IndexUpkeep | None = None) -> int:
    """Bring the route index and everyone's degree from the user up to date, match waiting
    targets, and save the index; return how many waiting targets matched.

    ``upkeep`` is the one that watched the imports (:func:`netgraph.routes.upkeep.index_upkeep`);
    without it the index is read whole.
    """
    upkeep = upkeep or IndexUpkeep(workspace)
    # A target matched with a referral gains a tie: committed before the index is read, so
    # the index may be read by two connections at once.
    with workspace.transaction(), workspace.deferring_degrees():
        matched = match_waiting_targets(workspace)
    with workspace.transaction():
        upkeep.refresh(nothing_written_yet=True)
    upkeep.save()
    return matched


class _ImportRun:
    """One import while it is being merged: the file, its owner and source, and its summary."""

    def __init__(
        self,
        workspace: Workspace,
        result: ReadResult,
        *,
        owner: str | None,
        new_owner: bool,
        region: str | None,
    ) -> None:
        self.workspace = workspace
        self.result = result
        self.owner_id = export_owner(workspace, owner, new_owner=new_owner)
        self.region = region or my_region(workspace) or "US"
        source = record_source(workspace, result, self.owner_id)
        self.source_id = source.id
        self.phone_texts = 0  # numbers no country's plan makes valid: kept as text only
        #: (key, address as written) of addresses whose key folded their case
        self.written_emails: list[tuple[str, str]] = []
        self.summary = ImportSummary(
            path=result.path,
            kind=result.kind,
            owner="you" if owner is None else workspace.people.name_and_company(self.owner_id)[0],
            records=result.contact_count + len(result.interactions),
            skipped=dict(result.skipped),
            bad=list(result.bad),
            notes=[*result.notes, *source.notes],
            files_read=list(result.files_read),
        )

    def merge(self, as_of: date, *, progress: Progress | None) -> ImportSummary:
        total = self.summary.records
        if not learn_owner_profile(self.workspace, self.owner_id, self.result.owner_linkedin_url):
            self.summary.notes.append(_OTHER_PROFILE_NOTE)
        contacts = self._contact_records()
        others = self._relation_records(contacts) + self._interaction_records()
        placement = place_records(
            self.workspace,
            contacts,
            others,
            source_id=self.source_id,
            owner_id=self.owner_id,
            current=self.result.kind == "linkedin",
            as_of=as_of,
            progress=None if progress is None else lambda done: progress(done, total),
        )
        self._count(placement, others)
        self.workspace.sources.note_written_emails(self.written_emails)
        if self.phone_texts:
            self.summary.notes.append(
                f"{self.phone_texts} phone number(s) are not valid numbers (without a country "
                f"code, read in the country of the contact's address, else {self.region}): "
                "kept as text with their people, never used to match"
            )
        if progress:
            progress(total, total)
        self.workspace.sources.set_records(self.source_id, total)
        moved = placement.merges.ties.to_refresh  # merged as of today: as of the import's day
        refresh_strengths(self.workspace, placement.ties.to_refresh | moved, as_of)
        return self.summary

    def _count(self, placement: Placement, others: list[Record]) -> None:
        """Add what the placement did to the summary; records left out were skipped."""
        self.summary.people_created = len(placement.created)
        self.summary.people_matched = len(placement.matched)
        self.summary.new_ties = placement.new_ties
        first = len(placement.person_of) - len(others)
        for index, record in enumerate(others, start=first):
            if placement.person_of[index] is None:
                reason = placement.left_out.get(
                    index, f"{record.tie.kind} with people not otherwise linked"
                )
                self.summary.skipped[reason] = self.summary.skipped.get(reason, 0) + 1

    def _contact_records(self) -> list[Record]:
        """One record per contact, tied to the owner by a connection or an address book; the
        rows of a Connections.csv first, made a column at a time
        (:func:`~netgraph.ingest.contact_records.connection_records`).

        A phone number is read in the country of the contact's address, else the import's
        region; a number that is not valid there stays with the record as text (never a key).
        """
        kind = "connection" if self.result.kind == "linkedin" else "address-book"
        records: list[Record] = []
        if self.result.connection_rows is not None:
            records, written = connection_records(self.result.connection_rows)
            self.written_emails += written
        for contact in self.result.contacts:
            region = (contact.country and country_region(contact.country)) or self.region
            record, phone_texts = contact_record(contact, kind, region)
            records.append(record)
            self.phone_texts += phone_texts
            self.written_emails += case_folded(contact.emails)
        return records

    def _relation_records(self, contacts: list[Record]) -> list[Record]:
        """A record per relation on a card, tying the card's person to the person it names.

        A relation names someone by name only: it is the card of that name in the same file
        when there is exactly one, otherwise a person of its own. (Rows kept as columns, which
        come first in ``contacts``, have no relations.)
        """
        if not any(contact.relations for contact in self.result.contacts):
            return []
        first = len(contacts) - len(self.result.contacts)
        by_name: dict[str, list[int]] = {}
        for position, contact in enumerate(self.result.contacts, start=first):
            by_name.setdefault(name_key(contact.name), []).append(position)
        records = []
        for position, contact in enumerate(self.result.contacts, start=first):
            for relation in contact.relations:
                # A relation given as an email address ("mailto:") finds its person by that key.
                address = email_key(relation.name)
                facts = PersonFacts.build(
                    None if address else relation.name, emails=[address] if address else []
                )
                record = Record(
                    facts,
                    f"rel:{contacts[position].key}:{facts.record_key()}",
                    contact.locator,
                    raw_json({"relation": relation.kind}),
                    Tie("relation", detail=relation.kind),
                    holder=position,
                    namesakes=() if address else tuple(by_name.get(name_key(relation.name), ())),
                )
                records.append(record)
        return records

    def _interaction_records(self) -> list[Record]:
        """A record per counterpart of the owner's LinkedIn activity, as evidence of their tie.

        Endorsements, recommendations and messages answered both ways show that two people know
        each other, so they can create a tie. An invitation (possibly still pending) or messages
        that went one way only do not: they only strengthen a tie that other evidence shows.
        """
        return [_interaction_record(interaction) for interaction in self.result.interactions]


def _interaction_record(interaction: Interaction) -> Record:
    facts = PersonFacts.build(
        interaction.name,
        company=interaction.company,
        title=interaction.title,
        linkedin_url=interaction.linkedin_url,
    )
    proves_a_tie = interaction.kind in ("endorsement", "recommendation") or (
        interaction.kind == "messages" and interaction.sent > 0 and interaction.received > 0
    )
    tie = Tie(
        interaction.kind,
        interaction.last_date,
        interaction.sent,
        interaction.received,
        interaction.detail,
    )
    return Record(
        facts,
        f"{interaction.kind}:{facts.record_key()}",
        interaction.kind,
        raw_json({"kind": interaction.kind}),
        tie,
        only_if_tied=not proves_a_tie,
    )


def my_region(workspace: Workspace) -> str | None:
    """The user's country, from the first of their phone numbers netgraph knows."""
    me = workspace.people.me()
    if me is None:
        return None
    phones = [value for _id, kind, value in workspace.people.identity_keys([me]) if kind == "phone"]
    return number_region(phones[0]) if phones else None
