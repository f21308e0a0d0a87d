"""Strong identity keys: a LinkedIn profile, an email address, a phone number.

Each merges records on its own. Names and companies are compared by
:mod:`netgraph.identity.names`; a name merges only together with a company or the rules of
:mod:`netgraph.identity.resolve`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from netgraph.text import CONTROL_CHARACTERS, fold_text

# /in/<slug> names a profile by its slug alone; old /pub/<name>/<a>/<b>/<c> URLs need every part.
_LINKEDIN_PATH = re.compile(r"^/(?:(in)/([^/?#]+)(?:/.*)?|(pub)/([^?#]+?)/*)$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_MAX_EMAIL_CHARS = 254  # RFC 5321's limit on a path, less the angle brackets
_MAX_PHONE_CHARS = 64  # phonenumbers refuses longer text anyway; spare it the work
_COMMON_PROFILE_URL = re.compile(r"(?:https?://)?(?:www\.)?linkedin\.com/in/([^/?#\s]+)/?", re.I)


def linkedin_key(url: str | None) -> str | None:
    """Return the canonical form of a LinkedIn profile URL, or None if it is not one.

    Scheme, host case, ``www.``/country subdomains, query, fragment, trailing slash,
    percent-encoding and the case of the slug never make two keys differ.

    >>> linkedin_key("https://www.LinkedIn.com/in/J%C3%BCrgen-M/?trk=x")
    'linkedin.com/in/jürgen-m'
    >>> linkedin_key("www.linkedin.com/in/jürgen-m")
    'linkedin.com/in/jürgen-m'
    >>> linkedin_key("https://example.com/in/x") is None
    True
    """
    if not url:
        return None
    text = url.strip()
    if not text:
        return None
    common = _COMMON_PROFILE_URL.match(text)
    if common:  # the shape nearly every export uses, without the cost of urlsplit
        slug = unquote(common.group(1)).strip().lower()
        return f"linkedin.com/in/{slug}" if slug and not CONTROL_CHARACTERS.search(slug) else None
    if "://" not in text:
        text = "https://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        return None
    match = _LINKEDIN_PATH.match(parts.path)
    if not match:
        return None
    kind = (match.group(1) or match.group(3)).lower()
    slug = unquote(match.group(2) or match.group(4)).strip().lower()
    if not slug or CONTROL_CHARACTERS.search(slug):
        return None
    return f"linkedin.com/{kind}/{slug}"


def linkedin_display_url(key: str | None) -> str | None:
    """Turn a key from :func:`linkedin_key` back into a clickable https URL."""
    return f"https://www.{key}" if key else None


def email_key(email: str | None) -> str | None:
    """Return an email address folded for matching (lower case), or None if it is not one.

    Only addresses :func:`written_email` accepts become keys; the case of the local part is
    ignored for matching only (``show`` displays an address as it was written).

    >>> email_key(" Bo@Example.COM ")
    'bo@example.com'
    >>> email_key("not an email") is None, email_key("semicolon;@points.net") is None
    (True, True)
    """
    text = written_email(email)
    return text.lower() if text else None


def written_email(email: str | None) -> str | None:
    """Return an email address as written (trimmed, without ``mailto:``), or None when it is
    not a valid address.

    Valid means what the ``email-validator`` library accepts without looking the domain up:
    an unquoted local part of letters, digits and ``!#$%&'*+/=?^_`{|}~-`` (and dots, never
    first, last or doubled; non-ASCII letters allowed), at most 64 characters; a domain name
    with at least one dot, valid as an internationalised domain name, that is not a special
    use name (``localhost``, ``.local``, ``.test``, ``.invalid``, ...); 254 characters in all.
    No quoted local parts and no IP addresses in brackets: no address book writes them for a
    person.

    >>> written_email("mailto:Bo.Smith@Example.com")
    'Bo.Smith@Example.com'
    >>> written_email("a..b@example.com") is None, written_email("bo@localhost") is None
    (True, True)
    """
    if not email:
        return None
    text = email.strip()
    if text[:7].lower() == "mailto:":
        text = text[7:].strip()
    if not text or "@" not in text or len(text) > _MAX_EMAIL_CHARS:
        return None
    text = unicodedata.normalize("NFC", text)
    return text if _valid_address(text) else None


@lru_cache(maxsize=1 << 16)  # a file repeats its addresses; validating one costs ~0.1 ms
def _valid_address(text: str) -> bool:
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(
            text,
            check_deliverability=False,
            allow_smtputf8=True,
            allow_quoted_local=False,
            allow_domain_literal=False,
        )
    except EmailNotValidError:
        return False
    return True


@lru_cache(maxsize=1 << 16)
def phone_key(phone: str | None, region: str = "US") -> str | None:
    """Return a phone number in E.164 form, or None if it is not a valid number.

    Numbers written without a country code are read as numbers of ``region``. Only numbers
    that are valid in their country's numbering plan become keys: a number that merely has a
    plausible length (``0123456789``, ``+49000000``, a local number without its area code) is
    test data or a typo, and as a key it would merge strangers.

    >>> phone_key("+44 20 7946 0958")
    '+442079460958'
    >>> phone_key("(415) 555-0132", region="US"), phone_key("017623384942", region="DE")
    ('+14155550132', '+4917623384942')
    >>> phone_key("0123456789") is None, phone_key("+49000000") is None
    (True, True)
    """
    if not phone:
        return None
    import phonenumbers  # imported lazily: it is large and only importers need it

    text = phone.strip()
    if text[:4].lower() == "tel:":
        text = text[4:]
    text = text.replace("\u00a0", " ")
    if len(text) > _MAX_PHONE_CHARS:
        return None
    try:
        parsed = phonenumbers.parse(text, None if text.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def number_region(key: str | None) -> str | None:
    """The country (region code) of a phone number in E.164 form, or None.

    >>> number_region("+4917623384942"), number_region("+14155550132"), number_region(None)
    ('DE', 'US', None)
    """
    if not key:
        return None
    import phonenumbers

    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(key, None))
    except phonenumbers.NumberParseException:
        return None
    return str(region) if region and region != "ZZ" else None


def phone_region(region: str) -> str | None:
    """``region`` as the upper-case country code phone numbers are read in, or None when
    phone numbers have no such region.

    >>> phone_region("gb"), phone_region("??"), phone_region("ZZ")
    ('GB', None, None)
    """
    import phonenumbers

    code = region.strip().upper()
    return code if code in phonenumbers.SUPPORTED_REGIONS else None


# Names and abbreviations address books write for the countries most contacts live in, folded;
# any other name is looked up in phonenumbers' own country names (in every language it has).
_COUNTRY_ALIASES = {
    "usa": "US", "u s a": "US", "u s": "US", "united states": "US",
    "united states of america": "US", "america": "US", "uk": "GB", "u k": "GB",
    "united kingdom": "GB", "great britain": "GB", "britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB", "deutschland": "DE",
    "germany": "DE", "brd": "DE", "osterreich": "AT", "schweiz": "CH", "suisse": "CH",
    "svizzera": "CH", "holland": "NL", "the netherlands": "NL", "uae": "AE",
    "south korea": "KR", "korea": "KR", "russia": "RU", "czech republic": "CZ",
}  # fmt: skip
_ALPHA3 = {
    "USA": "US", "GBR": "GB", "DEU": "DE", "FRA": "FR", "ITA": "IT", "ESP": "ES", "NLD": "NL",
    "BEL": "BE", "CHE": "CH", "AUT": "AT", "CAN": "CA", "AUS": "AU", "IND": "IN", "IRL": "IE",
    "POL": "PL", "PRT": "PT", "SWE": "SE", "NOR": "NO", "DNK": "DK", "FIN": "FI", "GRC": "GR",
    "UKR": "UA", "ISR": "IL", "RUS": "RU", "JPN": "JP", "CHN": "CN", "BRA": "BR", "MEX": "MX",
}  # fmt: skip
_NOT_LETTERS = re.compile(r"[^\w]+|_")


@lru_cache(maxsize=1024)
def country_region(country: str | None) -> str | None:
    """The region code of a country as an address writes it (``DE``, ``DEU``, ``Germany``,
    ``Deutschland``, ``Γερμανία``), or None when it names no country phone numbers know.

    >>> country_region("Deutschland"), country_region("U.S.A."), country_region("gb")
    ('DE', 'US', 'GB')
    >>> country_region("Atlantis") is None
    True
    """
    if not country:
        return None
    text = country.strip()
    if len(text) == 2 and text.isascii() and text.isalpha():
        return phone_region(text)
    if len(text) == 3 and text.isascii() and text.isalpha() and text.upper() in _ALPHA3:
        return _ALPHA3[text.upper()]
    folded = _NOT_LETTERS.sub(" ", fold_text(text)).strip()
    if not folded or len(folded) > 60:
        return None
    return _COUNTRY_ALIASES.get(folded) or _country_names().get(folded)


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Folded country name -> region code, from phonenumbers' names in every language.

    Loaded only when an address names a country that :data:`_COUNTRY_ALIASES` does not know
    (the table takes about half a second to load).
    """
    from phonenumbers.geodata.locale import LOCALE_DATA

    names: dict[str, str] = {}
    ambiguous: set[str] = set()
    for region, by_language in LOCALE_DATA.items():
        for name in by_language.values():
            if not name or name.startswith("*"):
                continue
            folded = _NOT_LETTERS.sub(" ", fold_text(name)).strip()
            if folded in names and names[folded] != region:
                ambiguous.add(folded)
            names.setdefault(folded, region)
    for folded in ambiguous:
        del names[folded]
    return names


def raw_texts(raws: Iterable[str]) -> list[str]:
    """Every text value of records' raw fields (JSON; nested lists and objects included).

    >>> raw_texts(['{"Email": ["a@x.example"], "Name": "A"}', "not json"])
    ['a@x.example', 'A']
    """
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    for raw in raws:
        try:
            walk(json.loads(raw))
        except ValueError:
            continue
    return found


def gives_key(texts: Iterable[str], kind: str, value: str) -> bool:
    """Whether any of ``texts`` is the identity key ``(kind, value)`` once normalised (a
    phone number written nationally is read in the key's own country).

    >>> gives_key(["020 7946 0958"], "phone", "+442079460958")
    True
    >>> gives_key(["Jo@Example.COM"], "email", "jo@example.com")
    True
    """
    if kind == "email":
        return any(email_key(text) == value for text in texts if "@" in text)
    if kind == "linkedin":
        return any(linkedin_key(text) == value for text in texts if "linkedin" in text.lower())
    if kind == "phone":
        region = number_region(value) or "US"
        return any(
            value in (text, phone_key(text, region))
            for text in texts
            if any(c.isdigit() for c in text)
        )
    return False
