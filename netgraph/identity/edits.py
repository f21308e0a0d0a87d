"""``netgraph edit``: the user's word on a person's details, which wins over every import.

An edit is a decision (``workspace.decisions``): the fields it set and what they were, and the
identity keys it gave. Imports may write a person's name, company and title; after each
import :func:`reapply_edits` writes back what the user said (edits that are not undone, the
newest last). Keys the user gives are the person's like any other: an import that brings them
finds this person.
"""

from __future__ import annotations

import json

from netgraph.errors import UsageError
from netgraph.identity.facts import details
from netgraph.identity.keys import email_key, linkedin_key, phone_key
from netgraph.identity.names import name_key, split_name
from netgraph.identity.repair import Decision, describe
from netgraph.suggest import command
from netgraph.text import clean_text
from netgraph.workspace import Workspace

_WHAT = {"email": "an email address", "phone": "a phone number", "linkedin": "a LinkedIn URL"}

#: the fields ``edit`` may set, as ``netgraph edit`` names them
FIELDS = ("name", "company", "title")


def edit(
    workspace: Workspace,
    person: int,
    *,
    name: str | None = None,
    company: str | None = None,
    title: str | None = None,
    emails: tuple[str, ...] = (),
    phones: tuple[str, ...] = (),
    linkedin: str | None = None,
    region: str = "US",
) -> Decision:
    """Set a person's details on the user's word; an empty company or title clears it."""
    people = workspace.people
    stored = people.fields(person)
    current = {"name": stored.name, "company": stored.company, "title": stored.title}
    wanted = {"name": name, "company": company, "title": title}
    fields: dict[str, list[str | None]] = {}
    for field, value in wanted.items():
        if value is None:
            continue
        cleaned = clean_text(value) or None
        if field == "name" and (cleaned is None or not name_key(cleaned)):
            raise UsageError("the name is empty: give one with a letter or digit", option="name")
        fields[field] = [cleaned, current[field]]
    keys = _new_keys(workspace, person, emails, phones, linkedin, region)
    if not fields and not keys:
        raise UsageError(
            "say what to change: --name, --company, --title, --email, --phone or --linkedin"
        )
    removed: list[list[str]] = []
    added: list[list[str]] = []
    for kind, value in keys:
        if kind == "linkedin":
            old = people.linkedin_of(person)
            if old is not None and old != value:
                people.remove_key("linkedin", old)
                removed.append(["linkedin", old])
        if people.holder(kind, value) is None:
            people.add_key(kind, value, person)
            added.append([kind, value])
    detail = {"fields": fields, "keys": added, "removed_keys": removed}
    decision = workspace.decisions.add("edit", person, json.dumps(detail))
    _apply(workspace, person, {f: new for f, (new, _old) in fields.items()})
    return describe(workspace.decisions.get(decision))


def _new_keys(
    workspace: Workspace,
    person: int,
    emails: tuple[str, ...],
    phones: tuple[str, ...],
    linkedin: str | None,
    region: str,
) -> list[tuple[str, str]]:
    """The identity keys an edit gives, normalised; refused when another person holds one."""
    keys: list[tuple[str, str]] = []
    for kind, texts, normalise, option in (
        ("email", emails, email_key, "emails"),
        ("phone", phones, lambda t: phone_key(t, region), "phones"),
        ("linkedin", (linkedin,) if linkedin else (), linkedin_key, "linkedin"),
    ):
        for text in texts:
            value = normalise(text)
            if not value:
                raise UsageError(f"{text!r} is not {_WHAT[kind]} netgraph can use", option=option)
            holder = workspace.people.holder(kind, value)
            if holder is not None and holder != person:
                raise UsageError(
                    f"#{holder} has {value}: if they are one person, merge them "
                    f"({command('merge', f'#{person}', f'#{holder}')})",
                    option=option,
                )
            keys.append((kind, value))
    return keys


def _apply(workspace: Workspace, person: int, values: dict[str, str | None]) -> bool:
    """Write the user's values of these fields; return whether anything changed."""
    if not values:
        return False
    stored = workspace.people.fields(person)
    name, prefix, suffix = stored.name, stored.name_prefix, stored.name_suffix
    given = values.get("name")
    if given:
        name, prefix, suffix = split_name(given)
        prefix = prefix or stored.name_prefix
        suffix = suffix or stored.name_suffix
    company = values.get("company", stored.company)
    title = values.get("title", stored.title)
    after = (name, company, title, prefix, suffix)
    before = (stored.name, stored.company, stored.title, stored.name_prefix, stored.name_suffix)
    if after == before:
        return False
    workspace.people.update_details(person, details(*after))
    return True


def reapply_edits(workspace: Workspace) -> int:
    """Write back every field the user set (edits not undone, newest last) that an import
    changed; return how many people changed. Cheap: one read of the edits."""
    latest: dict[int, dict[str, str | None]] = {}
    for row in workspace.decisions.active_edits():
        if row.person_id is None:
            continue
        fields = json.loads(row.detail).get("fields", {})
        latest.setdefault(row.person_id, {}).update(
            {field: new for field, (new, _old) in fields.items()}
        )
    return sum(
        _apply(workspace, person, values)
        for person, values in latest.items()
        if workspace.people.exists(person)
    )


def undo_edit(workspace: Workspace, person: int, detail: dict[str, object]) -> None:
    """Take an edit back: the fields it set get their values from before (when they still have
    the edit's), the keys it gave go, and a profile it replaced comes back."""
    people = workspace.people
    fields = detail.get("fields")
    restore: dict[str, str | None] = {}
    if isinstance(fields, dict):
        stored = people.fields(person)
        now = {"name": stored.name, "company": stored.company, "title": stored.title}
        for field, (new, old) in fields.items():
            if field in now and now[field] == new:
                restore[field] = old
    _apply(workspace, person, restore)
    for kind, value in _key_list(detail.get("keys")):
        if people.holder(kind, value) == person:
            people.remove_key(kind, value)
    for kind, value in _key_list(detail.get("removed_keys")):
        if people.holder(kind, value) is None and people.linkedin_of(person) is None:
            people.add_key(kind, value, person)


def _key_list(value: object) -> list[tuple[str, str]]:
    if not isinstance(value, list):
        return []
    return [(str(pair[0]), str(pair[1])) for pair in value if isinstance(pair, list)]
