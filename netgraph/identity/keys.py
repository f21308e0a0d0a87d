"""Strong identity keys: a LinkedIn profile, an email address, a phone number.

Each merges records on its own. Names and companies are compared by
:mod:`netgraph.identity.names`; a name merges only together with a company or the rules of
:mod:`netgraph.identity.resolve`.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from netgraph.text import CONTROL_CHARACTERS

# /in/<slug> names a profile by its slug alone; old /pub/<name>/<a>/<b>/<c> URLs need every part.
_LINKEDIN_PATH = re.compile(r"^/(?:(in)/([^/?#]+)(?:/.*)?|(pub)/([^?#]+?)/*)$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
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
    """Return a case-folded email address, or None if the text is not one.

    >>> email_key(" Bo@Example.COM ")
    'bo@example.com'
    >>> email_key("not an email") is None
    True
    """
    if not email:
        return None
    text = email.strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().lower()
    local, at, domain = text.partition("@")
    if not at or not local or "." not in domain or " " in text:
        return None
    return text


def phone_key(phone: str | None, region: str = "US") -> str | None:
    """Return a phone number in E.164 form, or None if it cannot be understood.

    Numbers written without a country code are read as numbers of ``region``.

    >>> phone_key("+44 20 7946 0958")
    '+442079460958'
    >>> phone_key("(415) 555-0132", region="US")
    '+14155550132'
    """
    if not phone:
        return None
    import phonenumbers  # imported lazily: it is large and only importers need it

    text = phone.strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    text = text.replace("\u00a0", " ")
    try:
        parsed = phonenumbers.parse(text, None if text.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return None
    # A number that is only possible locally (no area code) would be shared by strangers.
    reason = phonenumbers.is_possible_number_with_reason(parsed)
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
        return None
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def phone_region(region: str) -> str | None:
    """``region`` as the upper-case country code phone numbers are read in, or None when
    phone numbers have no such region.

    >>> phone_region("gb"), phone_region("??"), phone_region("ZZ")
    ('GB', None, None)
    """
    import phonenumbers

    code = region.strip().upper()
    return code if code in phonenumbers.SUPPORTED_REGIONS else None
