"""Identity resolution: one person per human, whatever source they came from.

Records merge into an existing person by a strong key (normalised LinkedIn URL, email, E.164
phone), by the same record in an earlier import of the same source, or by name together with
company where exactly one person fits. A name alone merges only with a friend the user named as
an export's owner who already knows the file's owner (the friend's export lists you, your export
lists them). Two people who share only a common name stay two people.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Sequence
from datetime import date

from netgraph.identity.facts import PersonFacts
from netgraph.identity.keys import company_key, name_key
from netgraph.ties.evidence import add_evidence, count_ties, linked, refresh_strengths
from netgraph.vocabulary import WILLINGNESS_ORIGINS, willingness_rank
from netgraph.workspace import Workspace
from netgraph.workspace.clock import utc_now

#: How many merges this process has made; a cheap way to notice that ids may have moved.
merges_made = 0


def find_person(
    workspace: Workspace,
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
    conn = workspace.conn
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
        by_name = _match_by_name(workspace, facts, owner_id)
        if by_name is not None:
            matches.append(by_name)
    if not matches:
        return None
    keep = matches[0]
    for other in matches[1:]:
        keep = merge_people(workspace, keep, other)
    return keep


def _match_by_name(workspace: Workspace, facts: PersonFacts, owner_id: int | None) -> int | None:
    conn = workspace.conn
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
        conflicting=lambda pid: _conflicting_linkedin(workspace, pid, facts),
        knows_owner=None if owner_id is None else lambda pid: linked(workspace, pid, owner_id),
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


def _conflicting_linkedin(workspace: Workspace, person_id: int, facts: PersonFacts) -> bool:
    """True if the person has a LinkedIn profile and the facts name a different one."""
    conn = workspace.conn
    if not facts.linkedin:
        return False
    row = conn.execute(
        "SELECT value FROM identities WHERE person_id = ? AND kind = 'linkedin'", (person_id,)
    ).fetchone()
    return row is not None and row[0] != facts.linkedin


def create_person(
    workspace: Workspace, facts: PersonFacts, *, is_me: bool = False, keys_are_new: bool = False
) -> int:
    """Insert a new person with these facts and identity keys; return its id.

    ``keys_are_new`` says the caller just checked that nobody holds these keys (as
    :func:`find_person` does), which saves looking them up again.
    """
    conn = workspace.conn
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
    return add_identities(workspace, person_id, facts)


def update_person(
    workspace: Workspace, person_id: int, facts: PersonFacts, *, current: bool
) -> int:
    """Add what the facts know to the person.

    ``current`` marks a source whose company and title are the person's present ones (a
    LinkedIn connection row is written at export time): those replace older values; other
    sources only fill fields that are empty. Returns the person's id, which changes if a new
    identity key proved them to be someone already known (see :func:`add_identities`).
    """
    conn = workspace.conn
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
    return add_identities(workspace, person_id, facts)


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
    workspace: Workspace, source_id: int, record_key: str, written: Collection[str] = ()
) -> int | None:
    """The person of the one earlier record of this source known by the same name only.

    For a name-only ``record_key`` ("nm:name|company") that matched nobody: when the source
    holds exactly one record of that name and it is not one of ``written`` (written earlier in
    the same import), it is this record after its company changed.
    """
    conn = workspace.conn
    prefix = record_key.split("|", 1)[0] + "|"
    rows = conn.execute(
        "SELECT record_key, person_id FROM appearances "
        "WHERE source_id = ? AND substr(record_key, 1, ?) = ? LIMIT 2",
        (source_id, len(prefix), prefix),
    ).fetchall()
    if len(rows) != 1 or rows[0][0] in written:
        return None
    return int(rows[0][1])


def add_identities(workspace: Workspace, person_id: int, facts: PersonFacts) -> int:
    """Attach the facts' identity keys to a person, merging whoever else held one of them.

    Returns the id of the person that remains after any merge.
    """
    conn = workspace.conn
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
            person_id = merge_people(workspace, person_id, int(row[0]))
    return person_id


def merge_people(workspace: Workspace, keep: int, drop: int) -> int:
    """Fold person ``drop`` into ``keep`` (or into whichever of them is the user).

    Identities, appearances, owned sources, edges and their evidence move over; the kept person
    fills empty fields from the other and keeps the most deliberate willingness. Returns the id
    of the person that remains.
    """
    conn = workspace.conn
    if keep == drop:
        return keep
    if workspace.people.me() == drop:
        keep, drop = drop, keep
    kept = _person_fields(workspace, keep)
    dropped = _person_fields(workspace, drop)
    conn.execute("UPDATE identities SET person_id = ? WHERE person_id = ?", (keep, drop))
    conn.execute("UPDATE appearances SET person_id = ? WHERE person_id = ?", (keep, drop))
    conn.execute("UPDATE sources SET owner_id = ? WHERE owner_id = ?", (keep, drop))
    workspace.targets.move(drop, keep)
    moved = _move_edges(workspace, keep, drop)
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
    refresh_strengths(workspace, moved, date.today())
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


def surviving_id(workspace: Workspace, person_id: int) -> int:
    """The id a person has now: itself, or whoever it was merged into on this connection."""
    conn = workspace.conn
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


def _person_fields(workspace: Workspace, person_id: int) -> dict[str, str | None]:
    conn = workspace.conn
    row = conn.execute(
        "SELECT name, company, title, willingness, willingness_origin FROM people WHERE id = ?",
        (person_id,),
    ).fetchone()
    keys = ("name", "company", "title", "willingness", "willingness_origin")
    return dict(zip(keys, row, strict=True))


def _stronger_willingness(
    kept: dict[str, str | None], dropped: dict[str, str | None]
) -> tuple[str | None, str | None]:
    origins = WILLINGNESS_ORIGINS  # weakest first
    best = max(
        (kept, dropped),
        key=lambda p: (
            origins.index(p["willingness_origin"]) if p["willingness_origin"] in origins else 0,
            willingness_rank(p["willingness"]),
        ),
    )
    return best["willingness"], best["willingness_origin"]


def _move_edges(workspace: Workspace, keep: int, drop: int) -> set[tuple[int, int]]:
    """Re-attach the dropped person's edges and evidence to the kept one; return those edges."""
    conn = workspace.conn
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
        count_ties(-1)
        if other == keep:
            continue  # the two were linked to each other: that edge becomes a self-loop
        moved.add((min(keep, other), max(keep, other)))
        for source_id, kind, holder, on_date, sent, received, detail in evidence:
            add_evidence(
                workspace,
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
