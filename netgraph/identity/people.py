"""People in a workspace: the user, finding a person from what a user types, and their records.

The person objects built here are the stable JSON contract of ``people --format json`` and of
every command that prints people (see ``docs/reference.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, cast, overload

from netgraph.errors import AmbiguousPerson, PersonNotFound, PersonRemoved, UsageError
from netgraph.identity.facts import PersonFacts
from netgraph.identity.keys import email_key, linkedin_display_url, linkedin_key
from netgraph.identity.names import company_key, name_key, split_name
from netgraph.identity.resolve import add_identities, create_person, find_person, merge_people
from netgraph.text import clean_text, fold_text
from netgraph.ties.degrees import refresh_degrees
from netgraph.vocabulary import WILLINGNESS, Willingness
from netgraph.workspace import Workspace

PLACEHOLDER_ME = "Me"
_MAX_ID_DIGITS = 18  # SQLite integers are 64-bit: every 18-digit number fits


def me_id(workspace: Workspace) -> int | None:
    """The user's person id, or None before the first import or ``me``."""
    return workspace.people.me()


def ensure_me(workspace: Workspace) -> int:
    """The user's person id, creating a placeholder "Me" until ``netgraph me`` names them."""
    existing = me_id(workspace)
    if existing is not None:
        return existing
    person = create_person(workspace, PersonFacts.build(PLACEHOLDER_ME), is_me=True)
    workspace.people.set_degree(person, 0)
    return person


def set_me(
    workspace: Workspace,
    name: str | None,
    *,
    emails: list[str] | tuple[str, ...] = (),
    linkedin_url: str | None = None,
    phones: list[str] | tuple[str, ...] = (),
    region: str = "US",
    title: str | None = None,
    company: str | None = None,
) -> int:
    """Say who the user is. Whoever already carries one of these keys (for example the user as
    listed in a friend's export) is merged into the user.

    Without ``name`` the user keeps the name they gave (refused while they have given none).
    ``title`` and ``company`` (for the user's own card) replace the stored ones when given; an
    empty text clears them.
    """
    name = require_name(name, "your name") if name is not None else _my_name(workspace)
    if linkedin_url and not linkedin_key(linkedin_url):
        raise UsageError(
            f"{linkedin_url!r} is not a LinkedIn profile URL (…/in/your-name)",
            option="linkedin_url",
        )
    bad = [e for e in emails if not email_key(e)]
    if bad:
        raise UsageError(f"{bad[0]!r} is not an email address", option="emails")
    facts = PersonFacts.build(
        name, emails=list(emails), phones=list(phones), linkedin_url=linkedin_url, region=region
    )
    me = ensure_me(workspace)
    other = find_person(
        workspace,
        PersonFacts(
            name=facts.name, linkedin=facts.linkedin, emails=facts.emails, phones=facts.phones
        ),
    )
    if other is not None and other != me:
        me = merge_people(workspace, me, other)
    workspace.people.set_name(me, facts.details())
    me = add_identities(workspace, me, facts)
    if title is not None:
        workspace.people.set_title(me, clean_text(title))
    if company is not None:
        workspace.people.set_company(me, clean_text(company), company_key(company))
    refresh_degrees(workspace)
    return me


def _my_name(workspace: Workspace) -> str:
    """The name the user gave, for updates without a name; refused if they never gave one."""
    me = me_id(workspace)
    name = None if me is None else workspace.people.name_and_company(me)[0]
    if name is None or name == PLACEHOLDER_ME:
        raise UsageError("say your name first: netgraph does not know it yet", option="name")
    return name


@overload
def resolve_person(
    workspace: Workspace, query: str, *, allow_missing: Literal[False] = False
) -> int: ...
@overload
def resolve_person(workspace: Workspace, query: str, *, allow_missing: bool) -> int | None: ...
def resolve_person(workspace: Workspace, query: str, *, allow_missing: bool = False) -> int | None:
    """Find the one person a user means by ``query``.

    ``query`` is an id (``42`` or ``#42``), an email, a LinkedIn URL, or a name compared
    case- and accent-insensitively.

    Raises
    ------
    AmbiguousPerson
        Several people match; the message lists them with company and title.
    PersonNotFound
        Nobody matches (unless ``allow_missing``); the message offers the closest names, or
        (:class:`PersonRemoved`, for the id of someone removed) says what became of them.
    """
    text = query.strip()
    number = id_in(text)
    if number is not None and workspace.people.exists(number):
        return number
    for kind, value in (("email", email_key(text)), ("linkedin", linkedin_key(text))):
        holder = workspace.people.holder(kind, value) if value else None
        if holder is not None:
            return holder
    key = name_key(split_name(text)[0])
    ids = workspace.people.named(key, with_me=True) if key else []
    if len(ids) == 1:
        return ids[0]
    if len(ids) > 1:
        raise AmbiguousPerson(query, [candidate_line(workspace, pid) for pid in ids])
    if allow_missing:
        return None
    if number is not None and 0 < number <= workspace.people.highest_id_given():
        raise PersonRemoved(query, _what_became(workspace, number))
    raise PersonNotFound(query, closest_names(workspace, text))


def _what_became(workspace: Workspace, removed: int) -> str:
    """What became of the person who had the id ``removed``, for the user who typed it."""
    decision = workspace.decisions.merged_into(removed)
    if decision is not None and decision.person_id is not None:
        name = workspace.people.fields(decision.person_id).name
        return (
            f"merged into #{decision.person_id} {name} by decision {decision.id} "
            f"('netgraph undo {decision.id}' takes it back)"
        )
    merged = workspace.people.merged_ids.of(removed)
    if merged is None:
        return (
            "forgotten, merged into someone, or brought by an import since undone "
            "(an id is never given to anyone else)"
        )
    into = f"merged into #{merged.kept_id} {workspace.people.fields(merged.kept_id).name}"
    file = None if merged.source_id is None else workspace.sources.label_of(merged.source_id)
    return into if file is None else f"{into} when {file} was imported"


def require_name(name: str | None, what: str) -> str:
    """``name`` cleaned; a UsageError naming ``what`` when it has no letter or digit.

    >>> require_name("  Ada  Lovelace ", "your name")
    'Ada Lovelace'
    """
    cleaned = clean_text(name)
    if not cleaned or not name_key(cleaned):
        raise UsageError(f"{what} is empty: give a name with at least one letter or digit")
    return cleaned


def id_in(text: str) -> int | None:
    """The person id that ``text`` spells (``42`` or ``#42``), or None if it is not one.

    Only ASCII digits count, and only as many as an SQLite integer holds.

    >>> id_in("#42"), id_in(" 7 "), id_in("#99999999999999999999"), id_in("²")
    (42, 7, None, None)
    """
    digits = text.strip().removeprefix("#")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > _MAX_ID_DIGITS:
        return None
    return int(digits)


def closest_names(workspace: Workspace, text: str, limit: int = 3) -> list[str]:
    """The names in the workspace that look most like ``text``."""
    from rapidfuzz import fuzz, process

    names = workspace.people.names()
    found = process.extract(
        fold_text(text),
        names,
        scorer=fuzz.WRatio,
        processor=fold_text,
        limit=limit,
        score_cutoff=50,
    )
    return [name for name, _score, _index in found]


def candidate_line(workspace: Workspace, person: int) -> str:
    """One line telling a person apart from namesakes: id, name, title and company."""
    row = workspace.people.rows([person])[person]
    name, company, title = row.name, row.company, row.title
    where = ", ".join(part for part in (title, company) if part) or "no company or title"
    return f"#{person} {name} ({where})"


@dataclass(frozen=True)
class SourceRef:
    """A source a person came from (``role`` "contact") or shared (``role`` "owner").

    ``owner`` names whose export or address book it is (None for the user's own or when the
    person is the owner); ``locator`` is where in the file their first record is.
    """

    id: int
    kind: str
    label: str
    owner: str | None
    role: str
    locator: str | None


@dataclass(frozen=True)
class Person:
    """A person as netgraph shows them: details, identity keys and the sources they came from."""

    id: int
    name: str
    company: str | None
    title: str | None
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    linkedin_url: str | None
    willingness: Willingness
    degree: int | None
    is_me: bool
    sources: tuple[SourceRef, ...]
    #: honorifics written before the name ("Dr."), kept out of it
    name_prefix: str | None = None
    #: credentials and generational suffixes written after it ("Jr., PhD"), kept out of it
    name_suffix: str | None = None


def people_by_id(workspace: Workspace, ids: Sequence[int]) -> list[Person]:
    """The people of ``ids``, in the same order (ids of nobody are left out)."""
    if not ids:
        return []
    rows = workspace.people.rows(ids)
    emails: dict[int, list[str]] = {}
    phones: dict[int, list[str]] = {}
    profile: dict[int, str | None] = {}
    written = workspace.sources.written_emails(ids)  # addresses as the files wrote them
    for pid, kind, value in workspace.people.identity_keys(ids):
        if kind == "linkedin":
            profile[pid] = linkedin_display_url(value)
        elif kind == "email":
            emails.setdefault(pid, []).append(written.get(value, value))
        else:
            phones.setdefault(pid, []).append(value)
    sources: dict[int, list[SourceRef]] = {}
    for source in workspace.people.sources(ids):
        sources.setdefault(source.person_id, []).append(
            SourceRef(
                source.source_id,
                source.kind,
                source.label,
                source.owner,
                source.role,
                source.locator,
            )
        )
    found = []
    for pid in ids:
        row = rows.get(pid)
        if row is None:
            continue
        found.append(
            Person(
                id=pid,
                name=row.name,
                company=row.company,
                title=row.title,
                emails=tuple(emails.get(pid, ())),
                phones=tuple(phones.get(pid, ())),
                linkedin_url=profile.get(pid),
                willingness=cast(Willingness, row.willingness),
                degree=row.degree,
                is_me=row.is_me,
                sources=tuple(sources.get(pid, ())),
                name_prefix=row.name_prefix,
                name_suffix=row.name_suffix,
            )
        )
    return found


def person_by_id(workspace: Workspace, person_id: int) -> Person:
    """One person, who must exist."""
    (found,) = people_by_id(workspace, [person_id])
    return found


def list_people(
    workspace: Workspace,
    search: str | None = None,
    *,
    degree: int | None = None,
    limit: int | None = None,
) -> list[Person]:
    """People whose name, company, title, email or LinkedIn URL contains ``search``.

    Nearest first (by degree), then by name.
    """
    pattern = None
    if search:
        escaped = fold_text(search).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
    return people_by_id(workspace, workspace.people.search(pattern, degree=degree, limit=limit))


def set_willingness(workspace: Workspace, person: int, willingness: str) -> None:
    """Record whether a person is willing to make introductions (the user's word is final)."""
    if willingness not in WILLINGNESS:
        raise UsageError(
            f"willingness must be one of {', '.join(WILLINGNESS)}", option="willingness"
        )
    if person == me_id(workspace):
        raise UsageError("that is you: willingness applies to the people you ask")
    workspace.people.set_willingness(person, willingness)
