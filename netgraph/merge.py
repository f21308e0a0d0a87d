"""Identity resolution: one person per human, whatever source they came from.

Records merge into an existing person by a strong key (normalised LinkedIn URL, email, E.164
phone), by the same record in an earlier import of the same source, or by name together with
company where exactly one person fits. A name alone merges only with a friend the user named as
an export's owner who already knows the file's owner (the friend's export lists you, your export
lists them). Two people who share only a common name stay two people.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from operator import itemgetter

from netgraph.identity import (
    clean_text,
    company_key,
    email_key,
    linkedin_key,
    name_key,
    phone_key,
)
from netgraph.strength import Evidence, tie_strength
from netgraph.workspace.staging import STAGE_FROM_ROWS, insert_staged, stage_rows
from netgraph.workspace.store import utc_now

WILLINGNESS_RANK = {"unwilling": 0, "unknown": 1, "willing": 2}
#: How many merges this process has made; a cheap way to notice that ids may have moved.
merges_made = 0
#: Ties this process has added, less those merges removed (so it may fall): an import reads it
#: before and after, where counting a table of ten million ties twice per file would take longer
#: than the file.
ties_added = 0


@dataclass(frozen=True)
class PersonFacts:
    """What one record says about a person, with its identity keys already normalised.

    Frozen: the keys derived from the fields are computed once, when the facts are made.
    """

    name: str
    company: str | None = None
    title: str | None = None
    linkedin: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        name: str | None,
        *,
        company: str | None = None,
        title: str | None = None,
        linkedin_url: str | None = None,
        emails: list[str] | tuple[str, ...] = (),
        phones: list[str] | tuple[str, ...] = (),
        region: str = "US",
    ) -> PersonFacts:
        """Normalise raw fields into facts; keys that cannot be understood are left out."""
        email_keys = [k for k in (email_key(e) for e in emails) if k]
        phone_keys = [k for k in (phone_key(p, region) for p in phones) if k]
        display = clean_text(name) or clean_text(company) or (email_keys[0] if email_keys else "")
        return cls(
            name=display or "(no name)",
            company=clean_text(company),
            title=clean_text(title),
            linkedin=linkedin_key(linkedin_url),
            emails=list(dict.fromkeys(email_keys)),
            phones=list(dict.fromkeys(phone_keys)),
        )

    #: :func:`netgraph.identity.name_key` of the name
    name_key: str = field(init=False, compare=False, repr=False)
    #: :func:`netgraph.identity.company_key` of the company
    company_key: str = field(init=False, compare=False, repr=False)
    _identity_keys: tuple[tuple[str, str], ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # An import reads these several times per record.
        keys = [("linkedin", self.linkedin)] if self.linkedin else []
        keys += [("email", e) for e in self.emails]
        keys += [("phone", p) for p in self.phones]
        object.__setattr__(self, "name_key", name_key(self.name))
        object.__setattr__(self, "company_key", company_key(self.company))
        object.__setattr__(self, "_identity_keys", tuple(keys))

    def identity_keys(self) -> tuple[tuple[str, str], ...]:
        """``(kind, value)`` pairs for the identities table, strongest first."""
        return self._identity_keys

    def record_key(self) -> str:
        """A key that names this record stably across re-imports of the same source."""
        if self.linkedin:
            return "li:" + self.linkedin
        if self.emails:
            return "em:" + self.emails[0]
        if self.phones:
            return "ph:" + self.phones[0]
        return f"nm:{self.name_key}|{self.company_key}"


def find_person(
    conn: sqlite3.Connection,
    facts: PersonFacts,
    *,
    source_id: int | None = None,
    record_key: str | None = None,
    owner_id: int | None = None,
) -> int | None:
    """Find the one person these facts describe, merging people the strong keys prove identical.

    ``source_id`` and ``record_key`` find the person an earlier import of the same record made;
    ``owner_id`` is the owner of the file being imported. Returns None when nobody matches (the
    caller creates the person).
    """
    matches: list[int] = []
    for kind, value in facts.identity_keys():
        row = conn.execute(
            "SELECT person_id FROM identities WHERE kind = ? AND value = ?", (kind, value)
        ).fetchone()
        if row and row[0] not in matches:
            matches.append(int(row[0]))
    if source_id is not None and record_key is not None and not matches:
        row = conn.execute(
            "SELECT person_id FROM appearances WHERE source_id = ? AND record_key = ?",
            (source_id, record_key),
        ).fetchone()
        if row:
            matches.append(int(row[0]))
    if not matches:
        by_name = _match_by_name(conn, facts, owner_id)
        if by_name is not None:
            matches.append(by_name)
    if not matches:
        return None
    keep = matches[0]
    for other in matches[1:]:
        keep = merge_people(conn, keep, other)
    return keep


def _match_by_name(
    conn: sqlite3.Connection, facts: PersonFacts, owner_id: int | None
) -> int | None:
    if not facts.name_key:
        return None
    rows = conn.execute(
        "SELECT id, company_key, id IN (SELECT owner_id FROM sources) FROM people "
        "WHERE name_key = ?",
        (facts.name_key,),
    ).fetchall()
    return choose_by_name(
        facts,
        [(int(pid), their_company, bool(is_owner)) for pid, their_company, is_owner in rows],
        conflicting=lambda pid: _conflicting_linkedin(conn, pid, facts),
        knows_owner=None if owner_id is None else lambda pid: linked(conn, pid, owner_id),
    )


def choose_by_name(
    facts: PersonFacts,
    rows: Sequence[tuple[int, str, bool]],
    *,
    conflicting: Callable[[int], bool],
    knows_owner: Callable[[int], bool] | None,
) -> int | None:
    """The one person of ``rows`` (id, company key, owns an export) that a name match picks.

    Same name and company, where exactly one person fits; otherwise a friend the user named
    with --owner (so known by name only) who already knows this file's owner
    (``knows_owner``, None without an owner). ``conflicting`` says a person holds another
    LinkedIn profile than the facts.
    """
    if not rows:
        return None
    company = facts.company_key
    if company:
        same_company = [
            pid for pid, their_company, _owner in rows
            if their_company == company and not conflicting(pid)
        ]  # fmt: skip
        if len(same_company) == 1:
            return same_company[0]
        if same_company:
            return None
    if knows_owner is None:
        return None
    candidates = [
        pid
        for pid, their_company, is_owner in rows
        if is_owner
        and not (company and their_company and their_company != company)
        and knows_owner(pid)
        and not conflicting(pid)
    ]
    return candidates[0] if len(candidates) == 1 else None


def linked(conn: sqlite3.Connection, x: int, y: int) -> bool:
    """Whether two people share a tie."""
    row = conn.execute(
        "SELECT 1 FROM edges WHERE a = ? AND b = ?", (min(x, y), max(x, y))
    ).fetchone()
    return row is not None


def _conflicting_linkedin(conn: sqlite3.Connection, person_id: int, facts: PersonFacts) -> bool:
    """True if the person has a LinkedIn profile and the facts name a different one."""
    if not facts.linkedin:
        return False
    row = conn.execute(
        "SELECT value FROM identities WHERE person_id = ? AND kind = 'linkedin'", (person_id,)
    ).fetchone()
    return row is not None and row[0] != facts.linkedin


def create_person(
    conn: sqlite3.Connection, facts: PersonFacts, *, is_me: bool = False, keys_are_new: bool = False
) -> int:
    """Insert a new person with these facts and identity keys; return its id.

    ``keys_are_new`` says the caller just checked that nobody holds these keys (as
    :func:`find_person` does), which saves looking them up again.
    """
    now = utc_now()
    cursor = conn.execute(
        """
        INSERT INTO people (name, name_key, company, company_key, title, is_me,
                            created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (
            facts.name,
            facts.name_key,
            facts.company,
            facts.company_key,
            facts.title,
            int(is_me),
            now,
            now,
        ),
    )
    person_id = int(cursor.lastrowid or 0)
    if keys_are_new:
        conn.executemany(
            "INSERT INTO identities (kind, value, person_id) VALUES (?, ?, ?)",
            [(kind, value, person_id) for kind, value in facts.identity_keys()],
        )
        return person_id
    return add_identities(conn, person_id, facts)


def update_person(
    conn: sqlite3.Connection, person_id: int, facts: PersonFacts, *, current: bool
) -> int:
    """Add what the facts know to the person.

    ``current`` marks a source whose company and title are the person's present ones (a
    LinkedIn connection row is written at export time): those replace older values; other
    sources only fill fields that are empty. Returns the person's id, which changes if a new
    identity key proved them to be someone already known (see :func:`add_identities`).
    """
    row = conn.execute(
        "SELECT name, company, title FROM people WHERE id = ?", (person_id,)
    ).fetchone()
    name, company, title = row
    new_name, new_company, new_title = updated_fields(row, facts, current=current)
    if (new_name, new_company, new_title) != (name, company, title):
        conn.execute(
            """
            UPDATE people SET name = ?, name_key = ?, company = ?, company_key = ?, title = ?,
                              updated_at = ?
            WHERE id = ?
            """,
            (
                new_name,
                name_key(new_name),
                new_company,
                company_key(new_company),
                new_title,
                utc_now(),
                person_id,
            ),
        )
    return add_identities(conn, person_id, facts)


def updated_fields(
    fields: tuple[str, str | None, str | None], facts: PersonFacts, *, current: bool
) -> tuple[str, str | None, str | None]:
    """A person's (name, company, title) once ``facts`` are added (see :func:`update_person`).

    A name replaces a missing or one-word name; company and title replace the stored ones from
    a ``current`` source and otherwise only fill empty ones.
    """
    name, company, title = fields
    if facts.name and (name == "(no name)" or (" " not in name and " " in facts.name)):
        name = facts.name
    company = facts.company if facts.company and (current or not company) else company
    title = facts.title if facts.title and (current or not title) else title
    return name, company, title


def earlier_record_by_name(
    conn: sqlite3.Connection, source_id: int, record_key: str, written: Collection[str] = ()
) -> int | None:
    """The person of the one earlier record of this source known by the same name only.

    For a name-only ``record_key`` ("nm:name|company") that matched nobody: when the source
    holds exactly one record of that name and it is not one of ``written`` (written earlier in
    the same import), it is this record after its company changed.
    """
    prefix = record_key.split("|", 1)[0] + "|"
    rows = conn.execute(
        "SELECT record_key, person_id FROM appearances "
        "WHERE source_id = ? AND substr(record_key, 1, ?) = ? LIMIT 2",
        (source_id, len(prefix), prefix),
    ).fetchall()
    if len(rows) != 1 or rows[0][0] in written:
        return None
    return int(rows[0][1])


def add_identities(conn: sqlite3.Connection, person_id: int, facts: PersonFacts) -> int:
    """Attach the facts' identity keys to a person, merging whoever else held one of them.

    Returns the id of the person that remains after any merge.
    """
    for kind, value in facts.identity_keys():
        row = conn.execute(
            "SELECT person_id FROM identities WHERE kind = ? AND value = ?", (kind, value)
        ).fetchone()
        if row is None:
            if (
                kind == "linkedin"
                and conn.execute(
                    "SELECT 1 FROM identities WHERE person_id = ? AND kind = 'linkedin'",
                    (person_id,),
                ).fetchone()
            ):
                continue  # one profile per person; a second URL is a different human
            conn.execute(
                "INSERT INTO identities (kind, value, person_id) VALUES (?, ?, ?)",
                (kind, value, person_id),
            )
        elif int(row[0]) != person_id:
            person_id = merge_people(conn, person_id, int(row[0]))
    return person_id


def merge_people(conn: sqlite3.Connection, keep: int, drop: int) -> int:
    """Fold person ``drop`` into ``keep`` (or into whichever of them is the user).

    Identities, appearances, owned sources, edges and their evidence move over; the kept person
    fills empty fields from the other and keeps the most deliberate willingness. Returns the id
    of the person that remains.
    """
    if keep == drop:
        return keep
    me = conn.execute("SELECT id FROM people WHERE is_me = 1").fetchone()
    if me and int(me[0]) == drop:
        keep, drop = drop, keep
    kept = _person_fields(conn, keep)
    dropped = _person_fields(conn, drop)
    conn.execute("UPDATE identities SET person_id = ? WHERE person_id = ?", (keep, drop))
    conn.execute("UPDATE appearances SET person_id = ? WHERE person_id = ?", (keep, drop))
    conn.execute("UPDATE sources SET owner_id = ? WHERE owner_id = ?", (keep, drop))
    conn.execute("UPDATE OR IGNORE targets SET person_id = ? WHERE person_id = ?", (keep, drop))
    moved = _move_edges(conn, keep, drop)
    name = kept["name"] if kept["name"] != "(no name)" else dropped["name"]
    company = kept["company"] or dropped["company"]
    title = kept["title"] or dropped["title"]
    willingness, origin = _stronger_willingness(kept, dropped)
    conn.execute("DELETE FROM people WHERE id = ?", (drop,))
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS merged_ids (dropped INTEGER PRIMARY KEY, kept INTEGER)"
    )
    conn.execute("INSERT OR REPLACE INTO temp.merged_ids VALUES (?, ?)", (drop, keep))
    global merges_made
    merges_made += 1
    refresh_strengths(conn, moved, date.today())
    conn.execute(
        """
        UPDATE people SET name = ?, name_key = ?, company = ?, company_key = ?, title = ?,
                          willingness = ?, willingness_origin = ?, updated_at = ?
        WHERE id = ?
        """,
        (
            name,
            name_key(name),
            company,
            company_key(company),
            title,
            willingness,
            origin,
            utc_now(),
            keep,
        ),
    )
    return keep


def surviving_id(conn: sqlite3.Connection, person_id: int) -> int:
    """The id a person has now: itself, or whoever it was merged into on this connection."""
    seen = {person_id}
    while not conn.execute("SELECT 1 FROM people WHERE id = ?", (person_id,)).fetchone():
        try:
            row = conn.execute(
                "SELECT kept FROM temp.merged_ids WHERE dropped = ?", (person_id,)
            ).fetchone()
        except sqlite3.OperationalError:  # no merge happened on this connection
            return person_id
        if row is None or int(row[0]) in seen:
            return person_id
        person_id = int(row[0])
        seen.add(person_id)
    return person_id


def _person_fields(conn: sqlite3.Connection, person_id: int) -> dict[str, str | None]:
    row = conn.execute(
        "SELECT name, company, title, willingness, willingness_origin FROM people WHERE id = ?",
        (person_id,),
    ).fetchone()
    keys = ("name", "company", "title", "willingness", "willingness_origin")
    return dict(zip(keys, row, strict=True))


def _stronger_willingness(
    kept: dict[str, str | None], dropped: dict[str, str | None]
) -> tuple[str | None, str | None]:
    origin_rank = {"default": 0, "shared": 1, "user": 2}
    best = max(
        (kept, dropped),
        key=lambda p: (
            origin_rank.get(p["willingness_origin"] or "default", 0),
            WILLINGNESS_RANK.get(p["willingness"] or "unknown", 1),
        ),
    )
    return best["willingness"], best["willingness_origin"]


def _move_edges(conn: sqlite3.Connection, keep: int, drop: int) -> set[tuple[int, int]]:
    """Re-attach the dropped person's edges and evidence to the kept one; return those edges."""
    rows = conn.execute("SELECT a, b FROM edges WHERE a = ? OR b = ?", (drop, drop)).fetchall()
    moved: set[tuple[int, int]] = set()
    for a, b in rows:
        other = b if a == drop else a
        evidence = conn.execute(
            "SELECT source_id, kind, holder_id, on_date, sent, received, detail "
            "FROM evidence WHERE a = ? AND b = ?",
            (a, b),
        ).fetchall()
        conn.execute("DELETE FROM edges WHERE a = ? AND b = ?", (a, b))
        _count_ties(-1)
        if other == keep:
            continue  # the two were linked to each other: that edge becomes a self-loop
        moved.add((min(keep, other), max(keep, other)))
        for source_id, kind, holder, on_date, sent, received, detail in evidence:
            add_evidence(
                conn,
                keep,
                other,
                source_id=source_id,
                kind=kind,
                holder_id=keep if holder == drop else holder,
                on_date=on_date,
                sent=sent,
                received=received,
                detail=detail,
            )
    conn.execute("UPDATE evidence SET holder_id = ? WHERE holder_id = ?", (keep, drop))
    return moved


_INSERT_EDGE = "INSERT INTO edges (a, b, strength) VALUES (?, ?, 1.0) ON CONFLICT DO NOTHING"
_EVIDENCE_COLUMNS = "a, b, source_id, kind, holder_id, on_date, sent, received, detail"
_EVIDENCE_CONFLICT = """
    ON CONFLICT (a, b, source_id, kind) DO UPDATE SET
        holder_id = excluded.holder_id,
        on_date = nullif(max(coalesce(evidence.on_date, ''), coalesce(excluded.on_date, '')), ''),
        sent = max(evidence.sent, excluded.sent),
        received = max(evidence.received, excluded.received),
        detail = coalesce(excluded.detail, evidence.detail)
"""
_UPSERT_EVIDENCE = (
    f"INSERT INTO evidence ({_EVIDENCE_COLUMNS}) VALUES ({', '.join('?' * 9)}) {_EVIDENCE_CONFLICT}"
)


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of evidence that ``x`` and ``y`` know each other (see :func:`add_evidence`)."""

    x: int
    y: int
    source_id: int
    kind: str
    holder_id: int
    on_date: date | str | None = None
    sent: int = 0
    received: int = 0
    detail: str | None = None


def add_evidence(
    conn: sqlite3.Connection,
    x: int,
    y: int,
    *,
    source_id: int,
    kind: str,
    holder_id: int,
    on_date: date | str | None = None,
    sent: int = 0,
    received: int = 0,
    detail: str | None = None,
) -> bool:
    """Record one piece of evidence that ``x`` and ``y`` know each other (creating the edge).

    Evidence is keyed by (edge, source, kind): importing the same source again replaces it
    rather than adding to it. Returns False for a self-loop, which is never stored.
    """
    add_evidence_many(
        conn, [EvidenceItem(x, y, source_id, kind, holder_id, on_date, sent, received, detail)]
    )
    return x != y


def add_evidence_many(
    conn: sqlite3.Connection, items: Iterable[EvidenceItem], *, as_of: date | None = None
) -> set[tuple[int, int]]:
    """Record many pieces of evidence at once; return the edges that need :func:`refresh_strengths`.

    The edges are ``(a, b)`` pairs with ``a < b``: without ``as_of``, every edge the evidence
    touches. With ``as_of``, a call of :data:`STAGE_FROM_ROWS` items or more gives each new tie
    with one piece of evidence its strength as of that day, and returns only the ties that
    existed before or get several pieces of evidence here. Self-loops are never stored.
    """
    rows = []
    for item in items:
        if item.x == item.y:
            continue
        a, b = (item.x, item.y) if item.x < item.y else (item.y, item.x)
        day = item.on_date.isoformat() if isinstance(item.on_date, date) else item.on_date
        rows.append(
            (
                a,
                b,
                item.source_id,
                item.kind,
                item.holder_id,
                day,
                item.sent,
                item.received,
                item.detail,
            )
        )
    touched = {(row[0], row[1]) for row in rows}
    if len(rows) < STAGE_FROM_ROWS:
        _count_ties(conn.executemany(_INSERT_EDGE, (row[:2] for row in rows)).rowcount)
        conn.executemany(_UPSERT_EVIDENCE, rows)
        return touched
    stage_rows(conn, "new_evidence", _EVIDENCE_COLUMNS, rows)
    if as_of is None:
        to_refresh = touched
        ties: Iterable[tuple[int, int, float]] = ((a, b, 1.0) for a, b in touched)
    else:
        to_refresh = set(
            conn.execute(
                "SELECT n.a, n.b FROM temp.new_evidence n "
                "CROSS JOIN edges e ON e.a = n.a AND e.b = n.b"
            )
        )
        if len(touched) < len(rows):
            seen = Counter((row[0], row[1]) for row in rows)
            to_refresh |= {pair for pair, count in seen.items() if count > 1}
        strength = strength_calculator(as_of)
        ties = (
            (a, b, 1.0 if (a, b) in to_refresh else strength(((kind, day, sent, got, detail),)))
            for a, b, _source, kind, _holder, day, sent, got, detail in rows
        )
    stage_rows(conn, "new_ties", "a, b, strength", ties)
    conflict = "ON CONFLICT DO NOTHING"
    _count_ties(insert_staged(conn, "edges", "a, b, strength", "new_ties", conflict=conflict))
    insert_staged(conn, "evidence", _EVIDENCE_COLUMNS, "new_evidence", conflict=_EVIDENCE_CONFLICT)
    return to_refresh


def _count_ties(change: int) -> None:
    global ties_added
    ties_added += change


#: One piece of evidence as stored: kind, on_date (ISO), sent, received, detail.
StoredEvidence = tuple[str, str | None, int, int, str | None]


def strength_calculator(as_of: date) -> Callable[[tuple[StoredEvidence, ...]], float]:
    """A function giving the strength of a tie from its stored evidence, as of ``as_of``.

    Most ties carry the same few kinds of evidence (a connection on some date), so each
    distinct combination is computed once.
    """
    known: dict[tuple[StoredEvidence, ...], float] = {}

    def strength(items: tuple[StoredEvidence, ...]) -> float:
        value = known.get(items)
        if value is None:
            value = known[items] = tie_strength(
                (
                    Evidence(
                        kind=kind,
                        on_date=date.fromisoformat(on_date) if on_date else None,
                        sent=sent,
                        received=received,
                        detail=detail,
                    )
                    for kind, on_date, sent, received, detail in items
                ),
                as_of,
            )
        return value

    return strength


def refresh_strengths(
    conn: sqlite3.Connection, edges: set[tuple[int, int]] | None, as_of: date
) -> None:
    """Recompute the stored strength of the given edges (all edges when ``edges`` is None)."""
    if edges is not None and not edges:
        return
    if edges is None:
        rows = conn.execute(
            "SELECT a, b, kind, on_date, sent, received, detail FROM evidence ORDER BY a, b"
        )
    else:
        pairs = {(min(a, b), max(a, b)) for a, b in edges}
        stage_rows(conn, "touched_edges", "a INTEGER, b INTEGER", pairs, key="a, b")
        rows = conn.execute(
            "SELECT e.a, e.b, e.kind, e.on_date, e.sent, e.received, e.detail "
            "FROM temp.touched_edges t CROSS JOIN evidence e ON e.a = t.a AND e.b = t.b "
            "ORDER BY t.a, t.b"
        )
    strength = strength_calculator(as_of)
    stage_rows(
        conn,
        "new_strengths",
        "a INTEGER, b INTEGER, strength REAL",
        (
            (a, b, strength(tuple(row[2:] for row in group)))
            for (a, b), group in groupby(rows, key=itemgetter(0, 1))
        ),
        key="a, b",
    )
    conn.execute(
        "UPDATE edges SET strength = (SELECT s.strength FROM temp.new_strengths s "
        "WHERE s.a = edges.a AND s.b = edges.b) "
        "WHERE (a, b) IN (SELECT a, b FROM temp.new_strengths)"
    )


def refresh_degrees(conn: sqlite3.Connection, max_degree: int = 3) -> None:
    """Store each person's distance from the user (1, 2, 3) or NULL beyond that or unreachable."""
    conn.execute("UPDATE people SET degree = NULL WHERE degree IS NOT NULL")
    conn.execute("UPDATE people SET degree = 0 WHERE is_me = 1")
    for degree in range(1, max_degree + 1):
        conn.execute(
            """
            UPDATE people SET degree = :d WHERE degree IS NULL AND id IN (
                SELECT e.b FROM edges e JOIN people p ON p.id = e.a AND p.degree = :prev
                UNION
                SELECT e.a FROM edges e JOIN people p ON p.id = e.b AND p.degree = :prev
            )
            """,
            {"d": degree, "prev": degree - 1},
        )


def raw_json(raw: dict[str, object]) -> str:
    """Serialise a record's raw fields for the appearances table."""
    return json.dumps(raw, ensure_ascii=False, sort_keys=True, default=str)
