"""When two records are one human: the one scoring rule every import and ``duplicates`` apply.

The rule, in the spirit of Fellegi and Sunter's record linkage (each comparison adds a weight;
conflicting keys veto), written out so that a user can check any decision by hand:

1. **A strong key shared** (the same LinkedIn profile, email address or phone number) makes two
   records one human, whatever else they say.
2. **Vetoes.** Otherwise, two different LinkedIn profiles, or two different generational
   suffixes ("Jr." and "Sr.", "II" and "III"), make them two people.
3. **Points** otherwise, from the name and the employer:

   ======================================================================  ======
   names: the same name key (case, accents, emoji, honorifics and              4.0
   credentials such as "Dr." or "PhD" never count)
   names: the same given and family name, one with a middle name or            3.5
   initial the other lacks (or the same initials)
   names: a short form of the same given name ("Bob" and "Robert"; see         3.5
   :mod:`netgraph.identity.nicknames`), same family name
   names: an initial for the given name ("J. Smith" and "John Smith")          1.5
   employer: the same company key (case, accents, punctuation and legal        4.0
   suffixes such as "Inc." or "GmbH" never count)
   employer: one's email domain is the other's company ("@wayne.example"       3.5
   and "Wayne Enterprises": the domain's registered name against the
   company's words run together, without words such as "Enterprises",
   or its initials)
   employer: both have addresses at the same domain (not a mail provider's)    3.5
   ======================================================================  ======

   Family names must be equal and given names must agree as above, or the names score nothing
   and the records stay apart. Only the best name line and the best employer line count. Two
   records are one human at :data:`SAME` points or more: a name that agrees (4, 3.5 or 3.5)
   *and* an employer that agrees. A name alone, an initial with the same company, or a
   company alone never is.

The callers add what a pair cannot say on its own: a record joins a person only when exactly
one person in the workspace fits; rows of one LinkedIn export are never one human (LinkedIn
lists each member once); a friend known by name only is recognised in an export by the rules
of :func:`netgraph.identity.resolve.choose_by_name`.
"""

from __future__ import annotations

from typing import NamedTuple

from netgraph.identity.names import company_names, domain_name
from netgraph.identity.nicknames import FORMAL_NAME

#: the points at which two records are one human
SAME = 7.0
#: points of a strong key shared
STRONG = 10.0

NAME_EXACT = 4.0
NAME_MIDDLE = 3.5
NAME_SHORT_FORM = 3.5
NAME_INITIAL = 1.5
COMPANY_SAME = 4.0
COMPANY_EMAIL_DOMAIN = 3.5
COMPANY_SAME_DOMAIN = 3.5


class Profile(NamedTuple):
    """What the rule compares of a record or a person: keys already normalised."""

    name_key: str
    company_key: str = ""
    linkedin: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    #: the generational suffix ("jr", "iii"), see :func:`netgraph.identity.names.generation`
    generation: str | None = None


class Verdict(NamedTuple):
    """The rule's answer for one pair: one human or not, the points, and why, in words."""

    same: bool
    score: float
    reasons: tuple[str, ...]


def compare(a: Profile, b: Profile) -> Verdict:
    """Apply the module's rule to two records.

    >>> hana = Profile("hana novak", emails=("hana.novak@wayne.example",))
    >>> compare(hana, Profile("hana novak", company_key="wayne enterprises")).same
    True
    >>> compare(Profile("sam lee"), Profile("sam lee")).reasons
    ('the same name (4.0)', 'nothing about an employer in common')
    """
    shared = strong_key_shared(a, b)
    if shared:
        return Verdict(True, STRONG, (shared,))
    veto = conflict(a, b)
    if veto:
        return Verdict(False, 0.0, (veto,))
    name_points, name_reason = name_agreement(a.name_key, b.name_key)
    company_points, company_reason = employer_agreement(a, b)
    if not name_points:
        return Verdict(False, 0.0, (name_reason,))
    score = name_points + company_points
    return Verdict(score >= SAME, score, (name_reason, company_reason))


def strong_key_shared(a: Profile, b: Profile) -> str | None:
    """Which strong key the two share, in words, or None."""
    if a.linkedin and a.linkedin == b.linkedin:
        return "the same LinkedIn profile"
    if set(a.emails) & set(b.emails):
        return "the same email address"
    if set(a.phones) & set(b.phones):
        return "the same phone number"
    return None


def conflict(a: Profile, b: Profile) -> str | None:
    """What makes two records two people whatever their names say, or None."""
    if a.linkedin and b.linkedin and a.linkedin != b.linkedin:
        return "two different LinkedIn profiles"
    if a.generation and b.generation and a.generation != b.generation:
        return f"different generations ({a.generation}, {b.generation})"
    return None


def name_agreement(a: str, b: str) -> tuple[float, str]:
    """The points two name keys earn, and why (0 when the names disagree)."""
    if not a or not b:
        return 0.0, "no name to compare"
    if a == b:
        return NAME_EXACT, f"the same name ({NAME_EXACT})"
    first_a, *middle_a, last_a = a.split() if " " in a else (a, "")
    first_b, *middle_b, last_b = b.split() if " " in b else (b, "")
    if not last_a or last_a != last_b:
        return 0.0, "different names"
    if not _middles_agree(middle_a, middle_b):
        return 0.0, "different middle names"
    if first_a == first_b:
        return NAME_MIDDLE, f"the same name but for a middle name ({NAME_MIDDLE})"
    formal = FORMAL_NAME.get(first_a)
    if formal is not None and formal == FORMAL_NAME.get(first_b):
        return NAME_SHORT_FORM, f"{first_a} and {first_b} are one given name ({NAME_SHORT_FORM})"
    if _initial_of(first_a, first_b) or _initial_of(first_b, first_a):
        return NAME_INITIAL, f"an initial for the given name ({NAME_INITIAL})"
    return 0.0, "different given names"


def _middles_agree(a: list[str], b: list[str]) -> bool:
    """Middle names agree when one side has none, or their initials are the same."""
    return not a or not b or [w[0] for w in a] == [w[0] for w in b]


def _initial_of(short: str, full: str) -> bool:
    return len(short) == 1 and len(full) > 1 and full[0] == short


def employer_agreement(a: Profile, b: Profile) -> tuple[float, str]:
    """The points two records' employers earn (company keys and email domains), and why."""
    if a.company_key and a.company_key == b.company_key:
        return COMPANY_SAME, f"the same company ({COMPANY_SAME})"
    domains_a = _domains(a.emails)
    domains_b = _domains(b.emails)
    for domains, company in ((domains_a, b.company_key), (domains_b, a.company_key)):
        if domains and company and domains & company_names(company):
            return COMPANY_EMAIL_DOMAIN, (
                f"an email domain belongs to the company ({COMPANY_EMAIL_DOMAIN})"
            )
    if domains_a & domains_b:
        return COMPANY_SAME_DOMAIN, f"addresses at the same domain ({COMPANY_SAME_DOMAIN})"
    return 0.0, "nothing about an employer in common"


def _domains(emails: tuple[str, ...]) -> set[str]:
    return {name for name in (domain_name(e) for e in emails) if name}
