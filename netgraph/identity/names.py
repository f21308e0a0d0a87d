"""Name and company keys: how names and organisations are compared (a name alone never merges
two records; together with a company, or with the rules of :mod:`netgraph.identity.resolve`,
it may)."""

from __future__ import annotations

import re
from functools import lru_cache

from netgraph.identity.nicknames import FORMAL_NAME
from netgraph.text import fold_text

_SPACES = re.compile(r"\s+")
# Legal forms, ignored at the end of a company name ("Acme Inc." is "Acme").
COMPANY_SUFFIXES = frozenset(
    {
        "inc", "incorporated", "ltd", "limited", "llc", "llp", "plc", "gmbh", "ag", "sa", "sas",
        "sarl", "bv", "nv", "oy", "ab", "as", "kk", "co", "corp", "corporation", "company",
        "pty", "srl", "spa", "se",
    }
)  # fmt: skip


_DOTTED_INITIALS = re.compile(r"\b((?:\w\.){2,})")


_NON_WORD = re.compile(r"[^\w]+")


# \w is exactly str.isalnum() plus "_"; names keep letters, digits, spaces, "-" and "'".
_NOT_NAME_CHARACTER = re.compile(r"[^\w '-]|_")


def name_key(name: str | None) -> str:
    """The key under which a person's name is compared (see :func:`fold_text`).

    Emoji and punctuation that decorate LinkedIn names do not count.

    >>> name_key("🟢 Max  Müller")
    'max muller'
    """
    kept = _NOT_NAME_CHARACTER.sub(" ", fold_text(name))
    return _SPACES.sub(" ", kept).strip()


@lru_cache(maxsize=1 << 16)  # a file names the same few companies again and again
def company_key(company: str | None) -> str:
    """The key under which companies are compared: legal suffixes and punctuation ignored.

    >>> company_key("Analytical Engines, Ltd.")
    'analytical engines'
    >>> company_key("ACME Inc") == company_key("Acme")
    True
    >>> company_key("Nestlé S.A."), company_key("Ab Initio")
    ('nestle', 'ab initio')
    """
    folded = _DOTTED_INITIALS.sub(lambda m: m.group(1).replace(".", ""), fold_text(company))
    words = _NON_WORD.sub(" ", folded).split()
    while len(words) > 1 and words[-1] in COMPANY_SUFFIXES:
        words.pop()
    return " ".join(words)


# --- honorifics, credentials and generational suffixes ------------------------------------------

# Written before a name ("Dr. Wei Chen"); compared folded, without dots.
NAME_PREFIXES = frozenset(
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev",
        "revd", "fr", "hon", "herr", "frau", "mme", "mlle", "dott", "dra", "sr", "sra",
    }
)  # fmt: skip
# Generational suffixes: two people of one name with different ones are two people.
GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv", "snr", "jnr"})
# Credentials that are never a surname: dropped at the end of a name, with or without a comma.
_CREDENTIALS = frozenset(
    {
        "phd", "dphil", "mba", "cfa", "cpa", "pmp", "esq", "md", "dds", "dmd", "dvm", "mph",
        "msc", "bsc", "llm", "llb", "jd", "rn", "cissp", "cisa", "cism", "acca", "frm", "caia",
        "facs", "frcs", "mrcp", "frcp", "peng", "ceng", "pe", "aicp", "leed", "shrm", "cipd",
        "scrum", "psm", "csm", "cae", "mfa", "med", "msw", "lcsw", "pharmd", "od", "psyd",
        "edd", "dba", "mpa", "mpp", "meng", "beng", "mcs", "ms", "ma", "ba", "bs", "cfp",
    }
)  # fmt: skip
# Also surnames ("Yan Ma", "Tom Pe"): a credential only after a comma ("Wei Chen, MA").
_AFTER_COMMA_ONLY = frozenset({"ma", "ba", "bs", "ms", "pe", "od", "med", "dba", "mcs"})
NAME_ENDINGS = GENERATIONS | _CREDENTIALS


def _affix_word(token: str) -> str:
    """A token as affixes are compared: lower case, without dots or a trailing comma."""
    return token.lower().replace(".", "").strip(",;")


def split_name(name: str) -> tuple[str, str | None, str | None]:
    """``(name, prefix, suffix)``: honorifics before a name and credentials or generational
    suffixes after it, in fields of their own; the name keeps at least one word.

    >>> split_name("Wei Chen, PhD")
    ('Wei Chen', None, 'PhD')
    >>> split_name("Dr. Ana María López CFA, MBA")
    ('Ana María López', 'Dr.', 'CFA, MBA')
    >>> split_name("Martin Luther King Jr.")
    ('Martin Luther King', None, 'Jr.')
    >>> split_name("Yan Ma"), split_name("Chen, Wei")
    (('Yan Ma', None, None), ('Chen, Wei', None, None))
    """
    words = name.split()
    if len(words) < 2 or (
        "," not in name
        and _affix_word(words[0]) not in NAME_PREFIXES
        and _affix_word(words[-1]) not in NAME_ENDINGS
    ):
        return name, None, None  # most names: nothing to split
    head = 0
    while head < len(words) - 1 and _affix_word(words[head]) in NAME_PREFIXES:
        head += 1
    tail = len(words)
    comma = _first_comma(words)
    while tail - 1 > head:
        word = _affix_word(words[tail - 1])
        after_comma = comma is not None and tail - 1 >= comma
        if word in GENERATIONS or (
            word in _CREDENTIALS and (after_comma or word not in _AFTER_COMMA_ONLY)
        ):
            tail -= 1
        else:
            break
    if head == 0 and tail == len(words):
        return name, None, None
    core = " ".join(words[head:tail]).rstrip(",; ")
    prefix = " ".join(words[:head]) or None
    suffix = " ".join(words[tail:]).strip(",; ") or None
    return core, prefix, suffix


def _first_comma(words: list[str]) -> int | None:
    """The index of the first word after a comma, if any word ends with one."""
    for index, word in enumerate(words[:-1]):
        if word.endswith(","):
            return index + 1
    return None


def generation(suffix: str | None) -> str | None:
    """The generational part of a name's suffix ("jr", "iii"), if any.

    >>> generation("Jr., PhD"), generation("MBA")
    ('jr', None)
    """
    for token in (suffix or "").replace(",", " ").split():
        word = _affix_word(token)
        if word in GENERATIONS:
            return {"snr": "sr", "jnr": "jr"}.get(word, word)
    return None


def match_key(key: str) -> str:
    """The blocking key of a name key: its first word as a formal given name, and its last.

    Names that may be one person's (a middle name or initial more or less, a short form of
    the given name) share it; :mod:`netgraph.identity.matching` then compares them in full.

    >>> match_key("bob j smith"), match_key("robert smith"), match_key("cher")
    ('robert smith', 'robert smith', 'cher')
    """
    words = key.split()
    if len(words) < 2:
        return key
    return f"{FORMAL_NAME.get(words[0], words[0])} {words[-1]}"


# --- email domains and companies ----------------------------------------------------------------

# Second-level labels under a country code ("acme.co.uk"): the name is the label before them.
_SECOND_LEVEL = frozenset(
    {"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go", "ltd", "plc", "gv", "nic"}
)
# Mail providers: an address there says nothing about where its owner works.
FREE_MAIL = frozenset(
    {
        "gmail", "googlemail", "yahoo", "ymail", "rocketmail", "hotmail", "outlook", "live",
        "msn", "aol", "icloud", "me", "mac", "gmx", "web", "proton", "protonmail", "pm",
        "yandex", "mail", "qq", "163", "126", "sina", "naver", "hanmail", "daum", "zoho",
        "fastmail", "tutanota", "tuta", "hey", "comcast", "verizon", "att", "sbcglobal",
        "orange", "free", "laposte", "libero", "t-online", "btinternet", "sky", "rediffmail",
        "seznam", "wp", "o2", "bigpond", "shaw", "rogers", "telus", "optonline", "cox",
        "earthlink", "juno", "inbox", "ukr", "rambler", "abv", "example", "uol", "bol", "terra",
        "duck", "posteo",
    }
)  # fmt: skip
# Words that a company's own domain often leaves out ("Wayne Enterprises" at wayne.com).
_GENERIC_COMPANY_WORDS = frozenset(
    {
        "enterprises", "enterprise", "group", "holdings", "holding", "technologies",
        "technology", "tech", "labs", "lab", "systems", "solutions", "software", "services",
        "international", "global", "consulting", "partners", "industries", "studios",
        "studio", "media", "networks", "the", "and", "of",
    }
)  # fmt: skip


def domain_name(email: str) -> str | None:
    """The name an email address's domain is registered under, or None for a mail provider's
    (an address there says nothing about an employer).

    >>> domain_name("hana.novak@mail.wayne.example"), domain_name("a@acme.co.uk")
    ('wayne', 'acme')
    >>> domain_name("bo@gmail.com") is None
    True
    """
    domain = email.rpartition("@")[2].strip(".").lower()
    labels = domain.split(".")
    if len(labels) < 2:
        return None
    name = labels[-2]
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        name = labels[-3]
    return None if name in FREE_MAIL or not name else name


def company_names(key: str) -> frozenset[str]:
    """The domain names a company key is likely registered under: its words run together,
    without words a domain often leaves out, and their initials (three or more).

    >>> sorted(company_names("wayne enterprises"))
    ['wayne', 'wayneenterprises']
    >>> sorted(company_names("international business machines"))
    ['businessmachines', 'ibm', 'internationalbusinessmachines']
    """
    words = key.replace("-", " ").split()
    if not words:
        return frozenset()
    names = {"".join(words)}
    core = [w for w in words if w not in _GENERIC_COMPANY_WORDS]
    if core:
        names.add("".join(core))
    if len(words) >= 3:
        names.add("".join(w[0] for w in words))
    return frozenset(names)
