"""Targets: the people the user wants to meet.

A target is a person in the workspace, or a name and company waiting for an import that brings
that person in (matched on name and company, case- and accent-insensitively).
"""

from __future__ import annotations

from typing import Any

from netgraph.errors import AmbiguousPerson, PersonNotFound, UsageError
from netgraph.identity.keys import company_key, name_key
from netgraph.identity.people import candidate_line, me_id, resolve_person
from netgraph.text import clean_text
from netgraph.workspace import Workspace
from netgraph.workspace.store import utc_now


def add_target(
    workspace: Workspace,
    person: int | None = None,
    *,
    name: str | None = None,
    company: str | None = None,
) -> dict[str, Any]:
    """Add a target: a person already known, or a name and company to look out for.

    Returns the target as listed by :func:`list_targets`.
    """
    conn = workspace.conn
    if person is None:
        name = clean_text(name)
        if not name:
            raise UsageError("give a PERSON, or --name (and ideally --company)")
        matches = _matches(workspace, name_key(name), company_key(company))
        if len(matches) > 1:
            raise AmbiguousPerson(name, [candidate_line(workspace, match) for match in matches])
        person = matches[0] if matches else None
        if (
            person is None
            and conn.execute(
                "SELECT 1 FROM targets "
                "WHERE person_id IS NULL AND name_key = ? AND company_key = ?",
                (name_key(name), company_key(company)),
            ).fetchone()
        ):
            return _find_target(workspace, None, name)  # already waiting for this person
    if person is not None:
        if person == me_id(workspace):
            raise UsageError("you cannot target yourself")
        row = conn.execute("SELECT name, company FROM people WHERE id = ?", (person,)).fetchone()
        name, company = row
    conn.execute(
        """
        INSERT INTO targets (person_id, name, name_key, company, company_key, added_at)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (person_id) DO NOTHING
        """,
        (person, name, name_key(name), clean_text(company), company_key(company), utc_now()),
    )
    return _find_target(workspace, person, name)


def _find_target(workspace: Workspace, person: int | None, name: str | None) -> dict[str, Any]:
    key = name_key(name)
    for target in list_targets(workspace):
        if (person is not None and target["person_id"] == person) or (
            person is None and target["person_id"] is None and name_key(target["name"]) == key
        ):
            return target
    raise AssertionError("the target just added is missing")  # pragma: no cover


def list_targets(workspace: Workspace) -> list[dict[str, Any]]:
    """Every target, with the person it matched (``person_id`` None while it waits)."""
    conn = workspace.conn
    rows = conn.execute(
        """
        SELECT t.id, t.person_id, coalesce(p.name, t.name), coalesce(p.company, t.company),
               p.title, p.degree, t.added_at
        FROM targets t LEFT JOIN people p ON p.id = t.person_id
        ORDER BY t.id
        """
    )
    keys = ("id", "person_id", "name", "company", "title", "degree", "added_at")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def remove_target(workspace: Workspace, query: str) -> str:
    """Remove the target the user means by ``query``: a PERSON who is a target, or the name of
    a target still waiting for an import. Returns the removed target's name.
    """
    conn = workspace.conn
    row = None
    try:
        person = resolve_person(workspace, query, allow_missing=True)
    except AmbiguousPerson:
        person = None
    if person is not None:
        row = conn.execute("SELECT id, name FROM targets WHERE person_id = ?", (person,)).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT id, name FROM targets WHERE person_id IS NULL AND name_key = ?",
            (name_key(query),),
        ).fetchone()
    if row is None:
        raise PersonNotFound(query, [t["name"] for t in list_targets(workspace)][:5])
    conn.execute("DELETE FROM targets WHERE id = ?", (row[0],))
    return str(row[1])


def match_waiting_targets(workspace: Workspace) -> int:
    """Attach waiting targets to the person an import brought in; return how many matched."""
    conn = workspace.conn
    matched = 0
    waiting = conn.execute(
        "SELECT id, name_key, company_key FROM targets WHERE person_id IS NULL"
    ).fetchall()
    for target_id, key, company in waiting:
        person = _unique_match(workspace, key, company)
        if person is not None:
            cursor = conn.execute(
                "UPDATE OR IGNORE targets SET person_id = ? WHERE id = ?", (person, target_id)
            )
            matched += cursor.rowcount
    return matched


def _unique_match(workspace: Workspace, key: str, company: str) -> int | None:
    """The one person with this name (and company, when given), or None."""
    matches = _matches(workspace, key, company)
    return matches[0] if len(matches) == 1 else None


def _matches(workspace: Workspace, key: str, company: str) -> list[int]:
    """The people with this name key (and company key, when given), the user excepted."""
    conn = workspace.conn
    if company:
        rows = conn.execute(
            "SELECT id FROM people WHERE name_key = ? AND company_key = ? AND is_me = 0",
            (key, company),
        )
    else:
        rows = conn.execute("SELECT id FROM people WHERE name_key = ? AND is_me = 0", (key,))
    return [int(row[0]) for row in rows]
