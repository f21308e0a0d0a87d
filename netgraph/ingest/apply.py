"""Importing files into a workspace: read a file, then merge it whole or not at all."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from netgraph.errors import InputError, PersonNotFound, UsageError
from netgraph.identity import resolve
from netgraph.identity.bulk import place_independent
from netgraph.identity.facts import PersonFacts
from netgraph.identity.keys import email_key, linkedin_key, name_key, phone_region
from netgraph.identity.people import ensure_me, id_in, require_name, resolve_person
from netgraph.identity.resolve import (
    create_person,
    earlier_record_by_name,
    find_person,
    surviving_id,
    update_person,
)
from netgraph.identity.targets import match_waiting_targets
from netgraph.ingest.records import BadRecord, Contact, Interaction, ReadResult
from netgraph.ties import evidence
from netgraph.ties.degrees import refresh_degrees
from netgraph.ties.evidence import (
    EvidenceItem,
    add_evidence_many,
    linked,
    refresh_strengths,
)
from netgraph.workspace import Workspace
from netgraph.workspace.clock import utc_now
from netgraph.workspace.staging import insert_staged, stage_rows

Progress = Callable[[int, int], None]

_APPEARANCE_COLUMNS = "source_id, person_id, record_key, locator, raw"
_APPEARANCE_CONFLICT = """
    ON CONFLICT (source_id, record_key) DO UPDATE SET
        person_id = excluded.person_id, locator = excluded.locator, raw = excluded.raw
"""
_UPSERT_APPEARANCE = (
    f"INSERT INTO appearances ({_APPEARANCE_COLUMNS}) VALUES (?, ?, ?, ?, ?) {_APPEARANCE_CONFLICT}"
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
    skip_bad: bool = False,
    progress: Progress | None = None,
    update_degrees: bool = True,
) -> ImportSummary:
    """Import a LinkedIn export (``Connections.csv``, an export folder or its ``.zip``).

    Without ``owner`` the connections are the user's own; with it they are that person's, and
    that person becomes a willing referrer. The whole export lands, or none of it.
    """
    from netgraph.ingest.readers.linkedin import read_linkedin

    result = read_linkedin(path, skip_bad=skip_bad)
    return apply_read_result(
        workspace, result, owner=owner, progress=progress, update_degrees=update_degrees
    )


def import_vcard(
    workspace: Workspace,
    path: str | os.PathLike[str],
    *,
    owner: str | None = None,
    skip_bad: bool = False,
    region: str = "US",
    progress: Progress | None = None,
    update_degrees: bool = True,
) -> ImportSummary:
    """Import one vCard file (any number of cards): all of it lands, or none of it.

    ``region`` is the country whose numbering plan applies to phone numbers written without a
    country code.
    """
    from netgraph.ingest.readers.vcard import read_vcard

    code = phone_region(region)
    if code is None:
        raise UsageError(
            f"{region!r} is not a country code for phone numbers (such as US, GB or DE)"
        )

    result = read_vcard(path, skip_bad=skip_bad)
    return apply_read_result(
        workspace,
        result,
        owner=owner,
        region=code,
        progress=progress,
        update_degrees=update_degrees,
    )


def apply_read_result(
    workspace: Workspace,
    result: ReadResult,
    *,
    owner: str | None = None,
    region: str = "US",
    as_of: date | None = None,
    progress: Progress | None = None,
    update_degrees: bool = True,
) -> ImportSummary:
    """Merge what a reader produced into the workspace, all or nothing.

    ``update_degrees=False`` leaves everyone's degree from the user as it was, for a caller
    that imports many files and updates them once at the end (:func:`finish_imports`).

    Raises :class:`InputError` when every record of the file was bad (``skip_bad`` listed
    them all): there is nothing to import, and the file is not recorded as a source.
    """
    if result.bad and not result.contacts and not result.interactions:
        first = result.bad[0]
        raise InputError(
            result.path,
            f"{first.problem}; all {len(result.bad)} records are bad, nothing was imported",
            first.locator,
        )
    with workspace.bulk_writes(), workspace.transaction():
        run = _ImportRun(workspace, result, owner=owner, region=region, progress=progress)
        return run.execute(as_of or date.today(), update_degrees=update_degrees)


def finish_imports(workspace: Workspace) -> int:
    """Recompute everyone's degree from the user and match waiting targets; return matches."""
    with workspace.transaction():
        refresh_degrees(workspace)
        return match_waiting_targets(workspace)


class _ImportRun:
    """The state of one import while it is being merged."""

    def __init__(
        self,
        workspace: Workspace,
        result: ReadResult,
        *,
        owner: str | None,
        region: str,
        progress: Progress | None,
    ) -> None:
        self.workspace = workspace
        self.conn = workspace.conn
        self.result = result
        self.region = region
        self.progress = progress
        self.touched: set[tuple[int, int]] = set()
        self._merges_seen = -1
        self._written_keys: set[str] = set()
        self._record_keys: dict[str, str] = {}  # locator -> record key, for relations
        self.owner_id = self._resolve_owner(owner)
        self.source_id = self._upsert_source()
        owner_name = self.conn.execute("SELECT name FROM people WHERE id = ?", (self.owner_id,))
        self.summary = ImportSummary(
            path=result.path,
            kind=result.kind,
            owner="you" if owner is None else str(owner_name.fetchone()[0]),
            records=len(result.contacts) + len(result.interactions),
            skipped=dict(result.skipped),
            bad=list(result.bad),
            notes=list(result.notes),
            files_read=list(result.files_read),
        )

    def execute(self, as_of: date, *, update_degrees: bool) -> ImportSummary:
        conn = self.conn
        ties_before = evidence.ties_added
        self._learn_owner_profile()
        total = self.summary.records
        by_locator = self._import_contacts(as_of)
        with_relations = [c for c in self.result.contacts if c.relations]
        if with_relations:
            by_name: dict[str, list[int]] = {}
            for contact in self.result.contacts:
                by_name.setdefault(name_key(contact.name), []).append(by_locator[contact.locator])
            for contact in with_relations:
                self._import_relations(contact, by_locator, by_name)
        for interaction in self.result.interactions:
            self._import_interaction(interaction)
        if self.progress:
            self.progress(total, total)
        conn.execute("UPDATE sources SET records = ? WHERE id = ?", (total, self.source_id))
        refresh_strengths(self.workspace, self.touched, as_of)
        if update_degrees:
            refresh_degrees(self.workspace)
            self.summary.targets_matched = match_waiting_targets(self.workspace)
        self.summary.new_ties = evidence.ties_added - ties_before
        return self.summary

    def _learn_owner_profile(self) -> None:
        """Give the owner the LinkedIn profile their messages.csv shows, when that is safe.

        The profile is guessed from who sends most, so it is only attached to an owner who has
        no profile yet and never merges the owner with someone else who holds it.
        """
        url = self.result.owner_linkedin_url
        key = linkedin_key(url)
        if not key:
            return
        holder = self.conn.execute(
            "SELECT person_id FROM identities WHERE kind = 'linkedin' AND value = ?", (key,)
        ).fetchone()
        has_profile = self.conn.execute(
            "SELECT 1 FROM identities WHERE kind = 'linkedin' AND person_id = ?", (self.owner_id,)
        ).fetchone()
        if holder is None and not has_profile:
            self.conn.execute(
                "INSERT INTO identities (kind, value, person_id) VALUES ('linkedin', ?, ?)",
                (key, self.owner_id),
            )
        elif holder is None or int(holder[0]) != self.owner_id:
            self.summary.notes.append(
                "messages.csv suggests a different LinkedIn profile for the export's owner; "
                "it was not used (say who the owner is with --owner or netgraph me --linkedin)"
            )

    def _resolve_owner(self, owner: str | None) -> int:
        me_id = ensure_me(self.workspace)
        if owner is None:
            return me_id
        require_name(owner, "the owner's name")
        found = resolve_person(self.workspace, owner, allow_missing=True)
        if found is None:
            if id_in(owner) is not None:
                raise PersonNotFound(owner)
            facts = PersonFacts.build(
                None if email_key(owner) or linkedin_key(owner) else owner,
                emails=[owner] if email_key(owner) else [],
                linkedin_url=owner if linkedin_key(owner) else None,
            )
            found = create_person(self.workspace, facts)
        if found != me_id:
            self.conn.execute(
                "UPDATE people SET willingness = 'willing', willingness_origin = 'shared' "
                "WHERE id = ? AND willingness_origin != 'user'",
                (found,),
            )
        return found

    def _upsert_source(self) -> int:
        path = Path(self.result.path)
        kind = self.result.kind
        key = (
            f"{kind}:{self.owner_id}"
            if kind == "linkedin"
            else f"{kind}:{self.owner_id}:{path.name}"
        )
        now = utc_now()
        self.conn.execute(
            """
            INSERT INTO sources (kind, source_key, owner_id, label, path, digest,
                                 first_imported_at, last_imported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (source_key) DO UPDATE SET
                label = excluded.label, path = excluded.path, digest = excluded.digest,
                last_imported_at = excluded.last_imported_at
            """,
            (kind, key, self.owner_id, path.name, str(path), _digest(path), now, now),
        )
        row = self.conn.execute("SELECT id FROM sources WHERE source_key = ?", (key,)).fetchone()
        return int(row[0])

    def _current_owner(self) -> int:
        """The owner's id, following a merge that may have folded the owner into someone."""
        if resolve.merges_made != self._merges_seen:
            self.owner_id = surviving_id(self.workspace, self.owner_id)
            self._merges_seen = resolve.merges_made
        return self.owner_id

    def _place(self, facts: PersonFacts, record_key: str, *, current: bool) -> int:
        """Find or create the person these facts describe."""
        owner = self._current_owner()
        person = find_person(
            self.workspace, facts, source_id=self.source_id, record_key=record_key, owner_id=owner
        )
        if person is None and record_key.startswith("nm:"):
            # Records written earlier in this import never count: two people of one name in
            # one file are two people.
            person = earlier_record_by_name(
                self.workspace, self.source_id, record_key, self._written_keys
            )
        if person is None:
            person = create_person(self.workspace, facts, keys_are_new=True)
            self.summary.people_created += 1
        else:
            person = update_person(self.workspace, person, facts, current=current)
            self.summary.people_matched += 1
        return person

    def _record_appearance(self, person: int, record_key: str, locator: str, raw: str) -> None:
        self._written_keys.add(record_key)
        self.conn.execute(_UPSERT_APPEARANCE, (self.source_id, person, record_key, locator, raw))

    def _link(
        self,
        x: int,
        y: int,
        *,
        kind: str,
        holder_id: int,
        on_date: date | None = None,
        sent: int = 0,
        received: int = 0,
        detail: str | None = None,
    ) -> None:
        item = EvidenceItem(x, y, self.source_id, kind, holder_id, on_date, sent, received, detail)
        self.touched |= add_evidence_many(self.workspace, [item])

    def _import_contacts(self, as_of: date) -> dict[str, int]:
        """Place every contact of the file and link it to the owner; return locator -> person.

        Independent contacts are placed together (:mod:`netgraph.identity.bulk`); the rest go
        one by one afterwards, in file order.
        """
        contacts = self.result.contacts
        facts = [
            PersonFacts.build(
                c.name,
                company=c.company,
                title=c.title,
                linkedin_url=c.linkedin_url,
                emails=c.emails,
                phones=c.phones,
                region=self.region,
            )
            for c in contacts
        ]
        record_keys = [f.record_key() for f in facts]
        current = self.result.kind == "linkedin"
        owner = self._current_owner()
        placement = place_independent(
            self.workspace,
            facts,
            record_keys,
            source_id=self.source_id,
            owner_id=owner,
            current=current,
        )
        self.summary.people_created += len(placement.created)
        self.summary.people_matched += len(placement.person_of) - len(placement.created)
        by_locator: dict[str, int] = {}
        appearances = []
        for position, person in placement.person_of.items():
            contact = contacts[position]
            by_locator[contact.locator] = person
            self._record_keys[contact.locator] = record_keys[position]
            self._written_keys.add(record_keys[position])
            raw = raw_json(_own_raw(contact))
            appearances.append(
                (self.source_id, person, record_keys[position], contact.locator, raw)
            )
        stage_rows(self.conn, "new_appearances", _APPEARANCE_COLUMNS, appearances)
        insert_staged(
            self.conn,
            "appearances",
            _APPEARANCE_COLUMNS,
            "new_appearances",
            conflict=_APPEARANCE_CONFLICT,
        )
        kind = "connection" if current else "address-book"
        self.touched |= add_evidence_many(
            self.workspace,
            (
                EvidenceItem(owner, person, self.source_id, kind, owner, contacts[p].connected_on)
                for p, person in placement.person_of.items()
            ),
            as_of=as_of,
        )
        done = len(placement.person_of)
        for position in placement.deferred:
            contact = contacts[position]
            by_locator[contact.locator] = self._import_contact(
                contact, facts[position], record_keys[position], current=current
            )
            done += 1
            if self.progress and done % 500 == 0:
                self.progress(done, self.summary.records)
        return by_locator

    def _import_contact(
        self, contact: Contact, facts: PersonFacts, record_key: str, *, current: bool
    ) -> int:
        self._record_keys[contact.locator] = record_key
        person = self._place(facts, record_key, current=current)
        self._record_appearance(person, record_key, contact.locator, raw_json(_own_raw(contact)))
        owner = self._current_owner()
        kind = "connection" if current else "address-book"
        self._link(owner, person, kind=kind, holder_id=owner, on_date=contact.connected_on)
        return person

    def _import_relations(
        self, contact: Contact, by_locator: dict[str, int], by_name: dict[str, list[int]]
    ) -> None:
        """Link a card's person to each person its relations name.

        A relation names someone by name only: it is the card of that name in the same file
        when there is exactly one, otherwise a person of its own.
        """
        holder = surviving_id(self.workspace, by_locator[contact.locator])
        for relation in contact.relations:
            address = email_key(relation.name)
            candidates = {
                surviving_id(self.workspace, pid)
                for pid in by_name.get(name_key(relation.name), [])
            }
            if len(candidates) == 1 and not address:
                related = candidates.pop()
            else:
                # A relation given as an email address ("mailto:") finds its person by that key.
                facts = PersonFacts.build(
                    None if address else relation.name, emails=[address] if address else []
                )
                holder_key = self._record_keys.get(contact.locator, contact.locator)
                record_key = f"rel:{holder_key}:{facts.record_key()}"
                related = self._place(facts, record_key, current=False)
                self._record_appearance(
                    related, record_key, contact.locator, raw_json({"relation": relation.kind})
                )
            self._link(holder, related, kind="relation", holder_id=holder, detail=relation.kind)

    def _import_interaction(self, interaction: Interaction) -> None:
        """Add LinkedIn activity as evidence on the owner's tie with the counterpart.

        Endorsements, recommendations and messages answered both ways show that two people know
        each other, so they can create a tie. An invitation (possibly still pending) or messages
        that went one way only do not: they only strengthen a tie that other evidence shows.
        """
        facts = PersonFacts.build(
            interaction.name,
            company=interaction.company,
            title=interaction.title,
            linkedin_url=interaction.linkedin_url,
        )
        record_key = f"{interaction.kind}:{facts.record_key()}"
        owner = self._current_owner()
        proves_a_tie = interaction.kind in ("endorsement", "recommendation") or (
            interaction.kind == "messages" and interaction.sent > 0 and interaction.received > 0
        )
        if proves_a_tie:
            person = self._place(facts, record_key, current=False)
        else:
            found = find_person(
                self.workspace,
                facts,
                source_id=self.source_id,
                record_key=record_key,
                owner_id=owner,
            )
            if found is None or not linked(self.workspace, owner, found):
                reason = f"{interaction.kind} with people not otherwise linked"
                self.summary.skipped[reason] = self.summary.skipped.get(reason, 0) + 1
                return
            person = found
        self._record_appearance(
            person, record_key, interaction.kind, raw_json({"kind": interaction.kind})
        )
        owner = self._current_owner()
        self._link(
            owner,
            person,
            kind=interaction.kind,
            holder_id=owner,
            on_date=interaction.last_date,
            sent=interaction.sent,
            received=interaction.received,
            detail=interaction.detail,
        )


def _own_raw(contact: Contact) -> dict[str, object]:
    """The record's raw fields without the names of other people it mentions.

    Relation names become people (and ties) of their own, and notes are free text about anyone;
    keeping them in this person's raw record would leave a copy behind when someone they name
    is forgotten.
    """
    raw = dict(contact.raw)
    raw.pop("note", None)  # free text about anyone; netgraph never uses it
    relations = raw.get("relations")
    if isinstance(relations, list):
        raw["relations"] = [r.get("label") if isinstance(r, dict) else "related" for r in relations]
    return raw


def _digest(path: Path) -> str | None:
    if not path.is_file():
        return None
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def raw_json(raw: dict[str, object]) -> str:
    """Serialise a record's raw fields for the appearances table."""
    return json.dumps(raw, ensure_ascii=False, sort_keys=True, default=str)
