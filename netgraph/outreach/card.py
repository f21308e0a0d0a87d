"""The user's own business card: a vCard 4.0 (RFC 6350) made from ``netgraph me``.

Written by hand rather than with vobject so that it is exactly 4.0: text values escaped
(backslash, comma, semicolon, line break), telephone numbers as ``tel:`` URIs in E.164, lines
folded at 75 octets without splitting a UTF-8 character, CRLF line ends.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from netgraph import __version__
from netgraph.errors import UsageError
from netgraph.identity.people import PLACEHOLDER_ME, me_id, person_by_id
from netgraph.output import terminal_text
from netgraph.suggest import command
from netgraph.workspace import Workspace

PRODID = f"-//netgraph//netgraph {__version__}//EN"
MAX_LINE_OCTETS = 75
NO_ME = 'you have not said who you are yet: netgraph me "Your Name" --email ...'


def escape_text(value: str) -> str:
    r"""A text value escaped for a vCard: backslash, comma, semicolon and line breaks.

    Control characters other than line breaks show as ``?`` (as on a terminal).

    >>> escape_text("Smith, Jo; A\\B\nnext")
    'Smith\\, Jo\\; A\\\\B\\nnext'
    """
    text = terminal_text(value.replace("\r\n", "\n").replace("\r", "\n")).replace("\t", " ")
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """One content line folded to at most 75 octets per line (RFC 6350 3.2), CRLF-separated.

    A continuation line starts with one space, which counts towards its 75 octets; a UTF-8
    character is never split.

    >>> fold_line("NOTE:" + "é" * 40).split("\\r\\n")[1][:3]
    ' éé'
    """
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > MAX_LINE_OCTETS:
            parts.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n".join(parts)


def split_name(name: str) -> tuple[str, str]:
    """(family, given) from a display name: the last word is taken as the family name.

    >>> split_name("Noor Haddad")
    ('Haddad', 'Noor')
    >>> split_name("Prince")
    ('', 'Prince')
    """
    words = name.split()
    if len(words) < 2:
        return "", name.strip()
    return words[-1], " ".join(words[:-1])


def own_card(workspace: Workspace) -> str:
    """The user's vCard 4.0 as text (CRLF line ends, folded), from what ``me`` records.

    Raises
    ------
    UsageError
        The workspace does not say who the user is yet.
    """
    me = me_id(workspace)
    if me is None:
        raise UsageError(NO_ME)
    person = person_by_id(workspace, me)
    name = person.name
    if name == PLACEHOLDER_ME:
        raise UsageError(NO_ME)
    updated = workspace.outreach.updated_at(me)
    family, given = split_name(name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"PRODID:{PRODID}",
        "KIND:individual",
        f"FN:{escape_text(name)}",
        f"N:{escape_text(family)};{escape_text(given)};;;",
    ]
    if person.company:
        lines.append(f"ORG:{escape_text(person.company)}")
    if person.title:
        lines.append(f"TITLE:{escape_text(person.title)}")
    for index, email in enumerate(person.emails, start=1):
        lines.append(f"EMAIL;PREF={index}:{escape_text(email)}")
    for index, phone in enumerate(person.phones, start=1):
        lines.append(f"TEL;VALUE=uri;PREF={index}:tel:{phone}")
    if person.linkedin_url:
        url = quote(person.linkedin_url, safe=":/")  # a URI: non-ASCII percent-encoded
        lines.append(f"URL;TYPE=work:{url}")
        lines.append(f"X-SOCIALPROFILE;TYPE=linkedin:{url}")
    lines.append(f"REV:{_timestamp(updated)}")
    lines.append("END:VCARD")
    return "".join(fold_line(line) + "\r\n" for line in lines)


def card_warnings(workspace: Workspace) -> list[str]:
    """What the user's card lacks to be useful: a way to reach them (an email or a phone),
    with the command that adds one. Empty when the card is complete enough, or there is no
    user yet."""
    me = me_id(workspace)
    if me is None:
        return []
    person = person_by_id(workspace, me)
    if person.emails or person.phones:
        return []
    add = command("me", "--email", "you@example.com")
    return [
        "your card has no email and no phone, so nobody can reach you from it; "
        f"add one ({add}, or --phone)"
    ]


def _timestamp(stored: str) -> str:
    """An ISO-8601 UTC time from the workspace in vCard's basic form (``20261120T101500Z``)."""
    return datetime.fromisoformat(stored).strftime("%Y%m%dT%H%M%SZ")
