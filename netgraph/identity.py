"""Normalised identity keys: how netgraph decides two records may be the same human.

Strong keys (a LinkedIn profile, an email address, a phone number) merge records on their own.
A name merges only together with a company (see :mod:`netgraph.merge`).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

_LINKEDIN_PATH = re.compile(r"^/(in|pub)/([^/?#]+)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_COMPANY_SUFFIXES = re.compile(
    r"\b(inc|incorporated|ltd|limited|llc|llp|plc|gmbh|ag|sa|sas|sarl|bv|nv|oy|ab|as|kk|co|corp|"
    r"corporation|company|pty|srl|spa|se)\b\.?",
)
_NON_WORD = re.compile(r"[^\w]+")


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
    slug = unquote(match.group(2)).strip().lower()
    if not slug:
        return None
    return f"linkedin.com/{match.group(1).lower()}/{slug}"


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
    if not phonenumbers.is_possible_number(parsed):
        return None
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def fold_text(text: str | None) -> str:
    """Case-, accent- and spacing-insensitive form of a text, for comparisons only.

    >>> fold_text("  José  ÁLVAREZ ")
    'jose alvarez'
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def name_key(name: str | None) -> str:
    """The key under which a person's name is compared (see :func:`fold_text`).

    Emoji and punctuation that decorate LinkedIn names do not count.

    >>> name_key("🟢 Max  Müller")
    'max muller'
    """
    folded = fold_text(name)
    kept = "".join(ch if (ch.isalnum() or ch in " -'") else " " for ch in folded)
    return _SPACES.sub(" ", kept).strip()


def company_key(company: str | None) -> str:
    """The key under which companies are compared: legal suffixes and punctuation ignored.

    >>> company_key("Analytical Engines, Ltd.")
    'analytical engines'
    >>> company_key("ACME Inc") == company_key("Acme")
    True
    """
    folded = fold_text(company)
    words = _NON_WORD.sub(" ", _COMPANY_SUFFIXES.sub(" ", folded))
    return _SPACES.sub(" ", words).strip()


def clean_text(text: str | None) -> str | None:
    """Trim a field and collapse inner whitespace; empty becomes None."""
    if text is None:
        return None
    cleaned = _SPACES.sub(" ", text).strip()
    return cleaned or None
