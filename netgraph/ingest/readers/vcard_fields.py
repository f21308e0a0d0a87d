"""What netgraph reads from a parsed vCard: one Contact with its name, organisation, title,
emails, phones, LinkedIn profile, categories and relations."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote

from netgraph.identity.keys import linkedin_key
from netgraph.ingest.readers.vcard_values import split_structured
from netgraph.ingest.records import Contact, Relation

SIMPLE_RELATIONS = {
    "X-MS-SPOUSE": "spouse",
    "X-MS-MANAGER": "manager",
    "X-MS-ASSISTANT": "assistant",
    "X-EVOLUTION-SPOUSE": "spouse",
    "X-EVOLUTION-MANAGER": "manager",
    "X-EVOLUTION-ASSISTANT": "assistant",
    "X-SPOUSE": "spouse",
    "X-MANAGER": "manager",
    "X-ASSISTANT": "assistant",
    "X-KADDRESSBOOK-X-SPOUSESNAME": "spouse",
    "X-KADDRESSBOOK-X-MANAGERSNAME": "manager",
    "X-KADDRESSBOOK-X-ASSISTANTSNAME": "assistant",
}
"""Single-purpose relation properties of Outlook, Evolution, Thunderbird and KAddressBook."""
_SIMPLE_RELATION_KEYS = {name.lower(): kind for name, kind in SIMPLE_RELATIONS.items()}

ANDROID_RELATION_TYPES = {
    "1": "assistant",
    "2": "brother",
    "3": "child",
    "4": "domestic partner",
    "5": "father",
    "6": "friend",
    "7": "manager",
    "8": "mother",
    "9": "parent",
    "10": "partner",
    "11": "referred by",
    "12": "relative",
    "13": "sister",
    "14": "spouse",
}
"""``ContactsContract.CommonDataKinds.Relation`` type codes; 0 means a custom label follows."""

_KIND_WORDS = {
    "spouse": ("spouse", "wife", "husband"),
    "partner": (
        "partner",
        "domestic partner",
        "life partner",
        "boyfriend",
        "girlfriend",
        "fiance",
        "fiancé",
        "fiancee",
        "fiancée",
        "sweetheart",
        "significant other",
    ),
    "family": (
        "family",
        "relative",
        "kin",
        "parent",
        "mother",
        "father",
        "mom",
        "mum",
        "dad",
        "child",
        "son",
        "daughter",
        "sibling",
        "brother",
        "sister",
        "grandparent",
        "grandmother",
        "grandfather",
        "grandchild",
        "grandson",
        "granddaughter",
        "aunt",
        "uncle",
        "cousin",
        "niece",
        "nephew",
    ),
    "friend": ("friend", "best friend", "buddy"),
    "colleague": ("colleague", "co worker", "coworker", "workmate", "teammate"),
    "manager": ("manager", "boss", "supervisor"),
    "assistant": ("assistant", "secretary"),
    "referred-by": ("referred by", "referredby", "referrer"),
}
_KINDS = {word: kind for kind, words in _KIND_WORDS.items() for word in words}
_APPLE_LABEL_RE = re.compile(r"_\$!<(.*)>!\$_", re.DOTALL)
_LABEL_SEPARATORS_RE = re.compile(r"[\s_\-]+")
_URI_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(.*)", re.DOTALL)
_URI_SCHEMES = frozenset(
    {"mailto", "urn", "uuid", "http", "https", "tel", "sip", "xmpp", "data", "cid", "ldap"}
)
_SLUG_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_%.\-]{1,99}")
_FULLCONTACT_RELATION = "X-FC-RELATEDNAMES:"
_N_FIELDS = ("family", "given", "additional", "prefix", "suffix")


def extract_contact(card: Any, locator: str) -> Contact | None:
    """Turn a parsed vobject card into a Contact; None when it has nothing to import.

    Contact groups (4.0 ``KIND:group``) are lists of members, not people: they give None too.
    """
    contents: dict[str, list[Any]] = card.contents
    kind = card_kind(contents)
    if kind == "group":
        return None
    name_parts = _name_parts(contents)
    organisation, units = _org_units(contents)
    emails = _texts(contents, "email")
    phones = _phones(contents)
    linkedin = _linkedin_url(contents)
    formatted = _first_text(contents, "fn")
    name = formatted or _fallback_name(name_parts, organisation, emails, phones, linkedin)
    if not name:
        return None
    relations, relation_labels = _relations(contents)
    contact = Contact(
        name=name,
        locator=locator,
        first_name=name_parts.get("given"),
        last_name=name_parts.get("family"),
        company=organisation or (name if kind == "org" else None),
        org_units=units,
        title=_first_text(contents, "title"),
        emails=emails,
        phones=phones,
        linkedin_url=linkedin,
        categories=_categories(contents),
        relations=relations,
    )
    org = [organisation or "", *units] if organisation or units else []
    contact.raw = _raw(contents, contact, formatted, name_parts, org, relation_labels, kind)
    return contact


def address_country(addresses: list[str]) -> str | None:
    """The country of the first ADR value that names one (its seventh field), as written.

    >>> address_country([";;1 Main St;Springfield;;;", ";;Hauptstr. 1;Berlin;;10115;Germany"])
    'Germany'
    """
    for value in addresses:
        fields = split_structured(value)
        if len(fields) >= 7 and fields[6]:
            return fields[6][:100]
    return None


def _as_text(value: Any) -> str:
    """A value as stripped text: lists (structured fields, N's names) are joined with spaces."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (list, tuple)):
        return " ".join(part for part in (_as_text(item) for item in value) if part)
    return ""


def _texts(contents: dict[str, list[Any]], name: str) -> list[str]:
    """The non-empty text values of a property (lower-case name), without duplicates."""
    lines = contents.get(name)
    if not lines:
        return []
    if len(lines) == 1:
        text = _as_text(lines[0].value)
        return [text] if text else []
    return _unique([_as_text(line.value) for line in lines])


def _first_text(contents: dict[str, list[Any]], name: str) -> str | None:
    """The first non-empty text value of a property."""
    for line in contents.get(name) or ():
        text = _as_text(line.value)
        if text:
            return text
    return None


def _unique(values: Iterable[str]) -> list[str]:
    """Non-empty values in first-seen order, without duplicates."""
    return list(dict.fromkeys(value for value in values if value))


def _params(line: Any, key: str) -> list[str]:
    """A parameter's values split on commas, plus 2.1 bare parameters for TYPE, lower-cased."""
    values = list(line.params.get(key, [])) if isinstance(line.params, dict) else []
    if key == "TYPE":
        values.extend(line.singletonparams)
    return [part.strip().lower() for value in values for part in str(value).split(",")]


def card_kind(contents: dict[str, list[Any]]) -> str:
    """``"individual"``, ``"org"``, ``"group"`` or ``"location"`` (4.0 KIND, Apple X-ABShowAs)."""
    if "kind" in contents:
        kind = (_first_text(contents, "kind") or "").lower()
        if kind in ("org", "group", "location"):
            return kind
    if "x-abshowas" in contents and (_first_text(contents, "x-abshowas") or "").upper() == (
        "COMPANY"
    ):
        return "org"
    return "individual"


def _name_parts(contents: dict[str, list[Any]]) -> dict[str, str]:
    """The non-empty parts of the first N property (family, given, additional, prefix, suffix)."""
    for line in contents.get("n") or ():
        if not isinstance(line.value, str):
            continue
        fields = split_structured(line.value)[:5]
        parts = {key: text for key, text in zip(_N_FIELDS, fields, strict=False) if text}
        if parts:
            return parts
    return {}


def _org_units(contents: dict[str, list[Any]]) -> tuple[str | None, list[str]]:
    """The company and departments of the first non-empty ORG.

    ``ORG:;Sales`` names a department of no company: the company is None, not "Sales".
    """
    for line in contents.get("org") or ():
        if not isinstance(line.value, str):
            continue
        fields = split_structured(line.value)
        units = [unit for unit in fields[1:] if unit]
        if fields[0] or units:
            return fields[0] or None, units
    return None, []


def _phones(contents: dict[str, list[Any]]) -> list[str]:
    """Every TEL value as written, without a ``tel:`` prefix."""
    phones = _texts(contents, "tel")
    if any(phone[:4].lower() == "tel:" for phone in phones):
        phones = _unique(p[4:].strip() if p[:4].lower() == "tel:" else p for p in phones)
    return phones


def _categories(contents: dict[str, list[Any]]) -> list[str]:
    """All CATEGORIES values (a ``\\,`` inside one category was kept by the parser)."""
    values: list[str] = []
    for line in contents.get("categories") or ():
        items = line.value if isinstance(line.value, (list, tuple)) else [line.value]
        values.extend(_as_text(item) for item in items)
    return _unique(values)


def _fallback_name(
    parts: dict[str, str],
    organisation: str | None,
    emails: list[str],
    phones: list[str],
    linkedin: str | None,
) -> str | None:
    """Without FN: N in reading order, else the company, an email, a phone or the LinkedIn URL."""
    order = ("prefix", "given", "additional", "family", "suffix")
    from_n = " ".join(parts[key] for key in order if key in parts)
    for candidate in (from_n, organisation or "", *emails[:1], *phones[:1], linkedin):
        if candidate:
            return candidate
    return None


def _unescape_url(value: str) -> str:
    """Undo the ``\\:`` escaping Apple and Google write in URLs (``http\\://``)."""
    return value.replace("\\:", ":").strip()


def _linkedin_url(contents: dict[str, list[Any]]) -> str | None:
    """The LinkedIn profile URL from X-SOCIALPROFILE (or X-LINKEDIN), else from a URL property."""
    for line in [*contents.get("x-socialprofile", ()), *contents.get("x-linkedin", ())]:
        value = _unescape_url(_as_text(line.value))
        if linkedin_key(value):
            return value
        if "linkedin" not in _params(line, "TYPE") and line.name != "X-LINKEDIN":
            continue
        users = _params_raw(line, "X-USER")
        for candidate in (*users, value):
            if linkedin_key(candidate):
                return candidate
            if _SLUG_RE.fullmatch(candidate):
                return f"https://www.linkedin.com/in/{candidate}"
    for line in contents.get("url") or ():
        value = _unescape_url(_as_text(line.value))
        if linkedin_key(value):
            return value
    return None


def _params_raw(line: Any, key: str) -> list[str]:
    """A parameter's values as written (stripped), without lower-casing or splitting."""
    values = line.params.get(key, []) if isinstance(line.params, dict) else []
    return [str(value).strip() for value in values if str(value).strip()]


# --------------------------------------------------------------------------- relations


def relation_kind(label: str | None) -> str:
    """Normalise a relation label to netgraph's vocabulary.

    The vocabulary: spouse, partner, family, friend, colleague, manager, assistant,
    referred-by and related (anything else).

    >>> [relation_kind(x) for x in ("_$!<Spouse>!$_", "DOMESTIC_PARTNER", "Co-Worker")]
    ['spouse', 'partner', 'colleague']
    >>> relation_kind("mother-in-law"), relation_kind("Godmother"), relation_kind(None)
    ('family', 'related', 'related')
    """
    key = _label_key(label)
    if not key:
        return "related"
    found = _KINDS.get(key) or _KINDS.get(key.replace(" ", ""))
    if found:
        return found
    if key.endswith(" in law") or key.startswith(("step", "half ", "grand", "great ")):
        return "family"
    return "related"


def _label_text(label: str | None) -> str:
    """A label as written but lower-cased, unwrapped from Apple's ``_$!<...>!$_``."""
    if not label:
        return ""
    apple = _APPLE_LABEL_RE.fullmatch(label.strip())
    return " ".join((apple.group(1) if apple else label).lower().split())


def _label_key(label: str | None) -> str:
    """The label text with ``_`` and ``-`` read as spaces, for looking up its kind."""
    return _LABEL_SEPARATORS_RE.sub(" ", _label_text(label)).strip()


def _relations(contents: dict[str, list[Any]]) -> tuple[list[Relation], list[dict[str, str]]]:
    """Every explicit relation of the card, and the labels as written (for ``raw``)."""
    found: list[tuple[str, str | None]] = []
    for key in contents:
        reader = _RELATION_READERS.get(key)
        if reader is not None:
            found.extend(reader(contents))
        elif key in _SIMPLE_RELATION_KEYS:  # keys are lower-case ASCII property names
            found.extend((name, _SIMPLE_RELATION_KEYS[key]) for name in _texts(contents, key))
        elif key.startswith("x-fcencoded-"):
            found.extend(_fullcontact_relations(contents, key))
    if not found:
        return [], []
    relations: list[Relation] = []
    labels: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for name, label in found:
        relation = Relation(name=name, kind=relation_kind(label))
        if not name or (name, relation.kind) in seen:
            continue
        seen.add((name, relation.kind))
        relations.append(relation)
        labels.append({"name": name, "label": _label_text(label) or "related"})
    return relations, labels


def _related_4_0(contents: dict[str, list[Any]]) -> Iterable[tuple[str, str | None]]:
    """vCard 4.0 RELATED: the TYPE, and a text value or a ``mailto:`` URI."""
    for line in contents.get("related") or ():
        target = _related_target(_as_text(line.value), _params(line, "VALUE"))
        if not target:
            continue
        types = [kind for kind in _params(line, "TYPE") if kind and kind != "pref"]
        specific = [kind for kind in types if relation_kind(kind) != "related"]
        chosen = specific or types
        yield target, chosen[0] if chosen else None


def _related_target(value: str, value_types: list[str]) -> str | None:
    """The name or email a RELATED value points at; None for URIs that name nobody."""
    if not value:
        return None
    if "text" in value_types:
        return value
    uri = _URI_RE.fullmatch(value)
    if not uri or uri.group(1).lower() not in _URI_SCHEMES:
        return value
    if uri.group(1).lower() == "mailto":
        address = unquote(uri.group(2)).split("?", 1)[0].strip()
        return address or None
    return None


def _apple_related_names(contents: dict[str, list[Any]]) -> Iterable[tuple[str, str | None]]:
    """Apple/Google ``itemN.X-ABRELATEDNAMES`` paired with the ``itemN.X-ABLabel`` label."""
    labels: dict[str, str] = {}
    for line in contents.get("x-ablabel") or ():
        if line.group:
            labels.setdefault(str(line.group).lower(), _as_text(line.value))
    for line in contents.get("x-abrelatednames") or ():
        label = labels.get(str(line.group).lower()) if line.group else None
        yield _as_text(line.value), label


def _android_relations(contents: dict[str, list[Any]]) -> Iterable[tuple[str, str | None]]:
    """``X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Name;TYPE;LABEL;...``."""
    for line in contents.get("x-android-custom") or ():
        value = line.value if isinstance(line.value, str) else ""
        fields = value.split(";")
        if len(fields) < 3 or fields[0].strip().lower() != "vnd.android.cursor.item/relation":
            continue
        code = fields[2].strip()
        label = fields[3].strip() if code == "0" and len(fields) > 3 else None
        yield fields[1].strip(), label or ANDROID_RELATION_TYPES.get(code)


def _fullcontact_relations(
    contents: dict[str, list[Any]], key: str
) -> Iterable[tuple[str, str | None]]:
    """FullContact's ``X-FCENCODED-<hex of "X-FC-RelatedNames:Kind">:Name`` properties."""
    try:
        decoded = bytes.fromhex(key[len("x-fcencoded-") :]).decode("utf-8", "replace")
    except ValueError:
        return
    if decoded.upper().startswith(_FULLCONTACT_RELATION):
        label = decoded[len(_FULLCONTACT_RELATION) :]
        yield from ((name, label) for name in _texts(contents, key))


_RELATION_READERS: dict[str, Callable[[dict[str, list[Any]]], Iterable[tuple[str, str | None]]]]
_RELATION_READERS = {
    "related": _related_4_0,
    "x-abrelatednames": _apple_related_names,
    "x-android-custom": _android_relations,
}


# --------------------------------------------------------------------------- raw


def _raw(
    contents: dict[str, list[Any]],
    contact: Contact,
    formatted: str | None,
    name_parts: dict[str, str],
    units: list[str],
    relation_labels: list[dict[str, str]],
    kind: str,
) -> dict[str, Any]:
    """The text fields as read, for ``show`` and ``forget``; empty ones are left out."""
    raw: dict[str, Any] = {
        "version": _first_text(contents, "version"),
        "fn": formatted,
        "n": name_parts,
        "org": units,
        "title": contact.title,
        "emails": contact.emails,
        "phones": contact.phones,
        "note": "\n\n".join(_texts(contents, "note")),
        "categories": contact.categories,
        "linkedin": contact.linkedin_url,
        "relations": relation_labels,
        "kind": kind if kind != "individual" else None,
    }
    return {key: value for key, value in raw.items() if value}
