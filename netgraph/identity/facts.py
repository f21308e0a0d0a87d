"""What one record says about a person, with its identity keys normalised once."""

from __future__ import annotations

from dataclasses import dataclass, field

from netgraph.identity.keys import email_key, linkedin_key, phone_key
from netgraph.identity.matching import Profile
from netgraph.identity.names import company_key, generation, match_key, name_key, split_name
from netgraph.text import clean_text
from netgraph.workspace.people import Details


@dataclass(frozen=True)
class PersonFacts:
    """What one record says about a person, with its identity keys already normalised.

    Frozen: the keys derived from the fields are computed once, when the facts are made. An
    import holds one per record while it places them, so they hold tuples, not lists (tuples of
    text are left alone by the garbage collector).
    """

    name: str
    company: str | None = None
    title: str | None = None
    linkedin: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    #: honorifics before the name ("Dr."), kept out of it
    name_prefix: str | None = None
    #: credentials and generational suffixes after the name ("Jr., PhD"), kept out of it
    name_suffix: str | None = None

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
        """Normalise raw fields into facts; keys that cannot be understood are left out.

        Honorifics and credentials around the name go to fields of their own
        (:func:`netgraph.identity.names.split_name`).
        """
        email_keys = [k for k in (email_key(e) for e in emails) if k]
        phone_keys = [k for k in (phone_key(p, region) for p in phones) if k]
        written = clean_text(name)
        prefix = suffix = None
        if written:
            written, prefix, suffix = split_name(written)
        display = written or clean_text(company) or (email_keys[0] if email_keys else "")
        return cls(
            name=display or "(no name)",
            company=clean_text(company),
            title=clean_text(title),
            linkedin=linkedin_key(linkedin_url),
            emails=tuple(dict.fromkeys(email_keys)),
            phones=tuple(dict.fromkeys(phone_keys)),
            name_prefix=prefix,
            name_suffix=suffix,
        )

    @classmethod
    def normalised(
        cls,
        name: str,
        company: str | None,
        title: str | None,
        linkedin: str | None,
        emails: tuple[str, ...],
        name_prefix: str | None,
        name_suffix: str | None,
        keys: tuple[str, str, str],
    ) -> PersonFacts:
        """Facts whose fields, and ``keys`` (name key, company key, match key), are already
        what :meth:`build` would make of them (:mod:`netgraph.identity.key_columns`
        normalises whole columns): nothing is normalised again. No phone numbers."""
        facts = object.__new__(cls)
        identity = (("linkedin", linkedin),) if linkedin else ()
        vars(facts).update(
            name=name,
            company=company,
            title=title,
            linkedin=linkedin,
            emails=emails,
            phones=(),
            name_prefix=name_prefix,
            name_suffix=name_suffix,
            name_key=keys[0],
            company_key=keys[1],
            match_key=keys[2],
            _identity_keys=identity + tuple(("email", e) for e in emails),
        )
        return facts

    #: :func:`netgraph.identity.names.name_key` of the name
    name_key: str = field(init=False, compare=False, repr=False)
    #: :func:`netgraph.identity.names.company_key` of the company
    company_key: str = field(init=False, compare=False, repr=False)
    #: :func:`netgraph.identity.names.match_key` of the name key
    match_key: str = field(init=False, compare=False, repr=False)
    _identity_keys: tuple[tuple[str, str], ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # An import reads these several times per record.
        keys = [("linkedin", self.linkedin)] if self.linkedin else []
        keys += [("email", e) for e in self.emails]
        keys += [("phone", p) for p in self.phones]
        key = name_key(self.name)
        object.__setattr__(self, "name_key", key)
        object.__setattr__(self, "company_key", company_key(self.company))
        object.__setattr__(self, "match_key", match_key(key))
        object.__setattr__(self, "_identity_keys", tuple(keys))

    def identity_keys(self) -> tuple[tuple[str, str], ...]:
        """``(kind, value)`` pairs for the identities table, strongest first."""
        return self._identity_keys

    def details(self) -> Details:
        """The name, company and title these facts give a new person, with their keys."""
        return Details(
            self.name,
            self.name_key,
            self.company,
            self.company_key,
            self.title,
            self.match_key,
            self.name_prefix,
            self.name_suffix,
        )

    def profile(self) -> Profile:
        """What :func:`netgraph.identity.matching.compare` reads of these facts."""
        return Profile(
            self.name_key,
            self.company_key,
            self.linkedin,
            self.emails,
            self.phones,
            generation(self.name_suffix),
        )

    def record_key(self) -> str:
        """A key that names this record stably across re-imports of the same source."""
        if self.linkedin:
            return "li:" + self.linkedin
        if self.emails:
            return "em:" + self.emails[0]
        if self.phones:
            return "ph:" + self.phones[0]
        return f"nm:{self.name_key}|{self.company_key}"


def details(
    name: str,
    company: str | None,
    title: str | None,
    name_prefix: str | None = None,
    name_suffix: str | None = None,
) -> Details:
    """A person's name, company and title, with the keys they are matched on."""
    key = name_key(name)
    return Details(
        name, key, company, company_key(company), title, match_key(key), name_prefix, name_suffix
    )


#: a person's name, company, title, name prefix and name suffix
Fields = tuple[str, str | None, str | None, str | None, str | None]


def updated_fields(fields: Fields, facts: PersonFacts, *, current: bool) -> Fields:
    """A person's (name, company, title, name prefix, name suffix) once ``facts`` are added.

    A name replaces a missing or one-word name (with its prefix and suffix); a prefix or suffix
    fills an empty one. ``current`` marks a source whose company and title are the person's
    present ones (a LinkedIn connection row is written at export time): those replace the
    stored ones; other sources only fill empty ones.
    """
    name, company, title, prefix, suffix = fields
    if facts.name and (name == "(no name)" or (" " not in name and " " in facts.name)):
        name, prefix, suffix = facts.name, facts.name_prefix, facts.name_suffix
    prefix = prefix or facts.name_prefix
    suffix = suffix or facts.name_suffix
    company = facts.company if facts.company and (current or not company) else company
    title = facts.title if facts.title and (current or not title) else title
    return name, company, title, prefix, suffix
