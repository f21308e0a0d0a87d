#!/usr/bin/env python3
"""Generate the labelled record pairs the identity matcher is measured on.

    python tools/make_identity_pairs.py     # writes tests/fixtures/identity_pairs.json

Deterministic and standard-library only. Each pair is two records as importers produce them
(name as written, company, emails, phones, LinkedIn URL), a label (``same``: one human or two)
and the case it covers. Everything is invented: domains end in .example, phone numbers are
from the ranges reserved for fiction. Some true pairs are ones no name-and-employer rule can
join (a typo, a married name, a job change): they are labelled as what they are, and count
against recall (``netgraph duplicates`` lists the typos).
"""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "identity_pairs.json"

FIRST = [
    "Hana", "Wei", "Kenji", "Priya", "Tomás", "Aisha", "Lars", "Mei", "Ravi", "Sofia",
    "Olu", "Ingrid", "Mateo", "Yuki", "Zoë", "Amara", "Dmitri", "Leila", "Noor", "Emeka",
]  # fmt: skip
LAST = [
    "Novak", "Chen", "Sato", "Raman", "Álvarez", "Okafor", "Lindqvist", "Tanaka", "Mehta",
    "Rossi", "Adeyemi", "Berg", "García", "Nakamura", "Müller", "Haddad", "Kowalski", "Nguyen",
    "O'Brien", "Søren", "Ibáñez", "Park", "Dubois", "Costa", "Jensen", "Horvat", "Yilmaz",
]  # fmt: skip
# (formal given name, short form)
SHORT = [
    ("Robert", "Bob"), ("William", "Bill"), ("Elizabeth", "Liz"), ("Margaret", "Peggy"),
    ("Richard", "Dick"), ("James", "Jim"), ("Michael", "Mike"), ("Katherine", "Kate"),
    ("Jonathan", "Jon"), ("Thomas", "Tom"), ("Jennifer", "Jen"), ("Anthony", "Tony"),
    ("Daniel", "Dan"), ("Matthew", "Matt"), ("Nicholas", "Nick"), ("Joseph", "Joe"),
    ("Benjamin", "Ben"), ("Rebecca", "Becky"), ("Stephen", "Steve"), ("Charles", "Charlie"),
    ("Edward", "Eddie"), ("Gregory", "Greg"), ("Patricia", "Trish"), ("Victoria", "Vicky"),
    ("Zachary", "Zach"), ("Andrew", "Andy"), ("Kenneth", "Ken"), ("Timothy", "Tim"),
    ("Lawrence", "Larry"), ("Douglas", "Doug"),
]  # fmt: skip
# (company as one source writes it, as another does, the company's own domain)
COMPANIES = [
    ("Wayne Enterprises", "Wayne Enterprises, Inc.", "wayne.example"),
    ("Acme Corporation", "ACME Corp", "acme.example"),
    ("Globex", "Globex GmbH", "globex.example"),
    ("Initech", "Initech LLC", "initech.example"),
    ("Société Générale", "Societe Generale S.A.", "societegenerale.example"),
    ("Stark Industries", "Stark Industries Ltd.", "stark.example"),
    ("Umbrella Labs", "Umbrella Labs Inc", "umbrella.example"),
    ("Hooli", "HOOLI Inc.", "hooli.example"),
    ("Nordwind Systems", "Nordwind Systems AB", "nordwind.example"),
    ("Kestrel Analytics", "Kestrel Analytics Pty Ltd", "kestrelanalytics.example"),
    ("International Business Machines", "International Business Machines Corp.", "ibm.example"),
    ("Pied Piper", "Pied Piper, Inc.", "piedpiper.example"),
    ("Vandelay Industries", "Vandelay Industries", "vandelay.example"),
    ("Tyrell Corporation", "Tyrell Corp.", "tyrell.co.uk"),
    ("Ardent Labs", "Ardent Labs BV", "ardent.example"),
]  # fmt: skip
FREE_MAIL = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me"]
CREDENTIALS = [", PhD", " MBA", ", CFA", " Jr.", ", CPA", " PhD", ", M.D.", " PMP", ", Esq."]
PREFIXES = ["Dr.", "Prof.", "Mr.", "Ms.", "Dr"]
CITIES = ["Berlin", "Austin", "Lagos", "Osaka", "Lyon", "Toronto"]

rng = random.Random(20261206)
pairs: list[dict[str, object]] = []


def record(
    name: str,
    company: str | None = None,
    *,
    emails: tuple[str, ...] = (),
    phones: tuple[str, ...] = (),
    linkedin: str | None = None,
    city: str | None = None,
) -> dict[str, object]:
    out: dict[str, object] = {"name": name}
    if company:
        out["company"] = company
    if emails:
        out["emails"] = list(emails)
    if phones:
        out["phones"] = list(phones)
    if linkedin:
        out["linkedin"] = linkedin
    if city:
        out["city"] = city
    return out


def add(case: str, same: bool, a: dict[str, object], b: dict[str, object]) -> None:
    pairs.append({"case": case, "same": same, "a": a, "b": b})


def person() -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(LAST)


def company() -> tuple[str, str, str]:
    return rng.choice(COMPANIES)


def slug(*parts: str) -> str:
    return "-".join(p.lower().replace("'", "") for p in parts) + f"-{rng.randrange(100, 999)}"


def local(first: str, last: str) -> str:
    table = str.maketrans("áéíóúñüöøë'", "aeiounuooe_")
    return f"{first}.{last}".lower().translate(table).replace("_", "")


def phone() -> str:
    return f"+1 415 555 01{rng.randrange(100):02d}"


def same_humans() -> None:
    for _ in range(30):  # the same name and company, written differently
        (first, last), (co_a, co_b, _d) = person(), company()
        name_b = rng.choice([f"{first} {last}".upper(), f"{first.lower()} {last.lower()}"])
        plain = unicodedata.normalize("NFKD", f"{first} {last}").encode("ascii", "ignore")
        name_b = rng.choice([name_b, plain.decode(), f"🟢 {first} {last}"])
        add("name and company written differently", True, record(f"{first} {last}", co_a),
            record(name_b, co_b))  # fmt: skip
    for formal, short in SHORT:  # a short form of the given name, same company
        last, (co_a, co_b, _d) = rng.choice(LAST), company()
        add("short form of the given name", True, record(f"{formal} {last}", co_a),
            record(f"{short} {last}", rng.choice([co_a, co_b])))  # fmt: skip
    for _ in range(25):  # a middle name or initial
        (first, last), (co_a, co_b, _d) = person(), company()
        middle = rng.choice(["J.", "A", "María", "K.", "Lee", "T"])
        add("middle name or initial", True, record(f"{first} {middle} {last}", co_a),
            record(f"{first} {last}", co_b))  # fmt: skip
    for _ in range(25):  # honorifics and credentials
        (first, last), (co_a, co_b, _d) = person(), company()
        add("honorifics and credentials", True,
            record(f"{first} {last}{rng.choice(CREDENTIALS)}", co_a),
            record(f"{rng.choice(PREFIXES)} {first} {last}", co_b))  # fmt: skip
    for _ in range(30):  # an email domain that belongs to the company
        (first, last), (co_a, _co_b, domain) = person(), company()
        add("email domain of the company", True,
            record(f"{first} {last}", emails=(f"{local(first, last)}@{domain}",),
                   phones=(phone(),)),
            record(f"{first} {last}", co_a))  # fmt: skip
    for _ in range(15):  # two addresses at one company's domain
        (first, last), (_a, _b, domain) = person(), company()
        add("addresses at the same company domain", True,
            record(f"{first} {last}", emails=(f"{local(first, last)}@{domain}",)),
            record(f"{first} {last}",
                   emails=(f"{first[0].lower()}{rng.randrange(9)}@{domain}",)))  # fmt: skip
    strong_keys()
    misses()


def strong_keys() -> None:
    for _ in range(12):
        (first, last), (co_a, _b, _d) = person(), company()
        url = f"https://www.linkedin.com/in/{slug(first, last)}"
        add("the same LinkedIn profile", True, record(f"{first} {last}", co_a, linkedin=url),
            record(f"{first[0]}. {last}",
                   linkedin=url.upper().replace("HTTPS://", "")))  # fmt: skip
    for _ in range(10):
        (first, last), (co_a, _b, _d) = person(), company()
        address = f"{local(first, last)}@{rng.choice(FREE_MAIL)}"
        add("the same email address", True, record(f"{first} {last}", emails=(address,)),
            record(first, co_a, emails=(address.upper(),)))  # fmt: skip
    for _ in range(8):
        first, last = person()
        number = phone()
        add("the same phone number", True, record(f"{first} {last}", phones=(number,)),
            record(f"{first} {last[0]}.", phones=(number.replace(" ", "-"),)))  # fmt: skip


def misses() -> None:
    """True pairs a name-and-employer rule cannot join: they count against recall."""
    co_a, co_b, _d = COMPANIES[0]
    add("typo in the family name", True, record("Ravi Mehta", co_a), record("Ravi Metha", co_b))
    add("typo in the given name", True, record("Ingrid Berg", "Globex"),
        record("Ingird Berg", "Globex GmbH"))  # fmt: skip
    add("married name", True, record("Amara Okafor", "Hooli"), record("Amara Jensen", "Hooli"))
    add("job change", True, record("Leila Haddad", "Initech"), record("Leila Haddad", "Hooli"))
    add("job change", True, record("Noor Costa", "Acme Corporation"),
        record("Noor Costa", "Stark Industries"))  # fmt: skip


def different_humans() -> None:
    for _ in range(30):  # a common name at two companies
        first, last = person()
        (co_a, _a, _da), (co_b, _b, _db) = rng.sample(COMPANIES, 2)
        add("the same name at different companies", False, record(f"{first} {last}", co_a),
            record(f"{first} {last}", co_b))  # fmt: skip
    for _ in range(20):  # a name and nothing else
        first, last = person()
        add("the same name and nothing else", False, record(f"{first} {last}"),
            record(f"{first} {last}"))  # fmt: skip
    for _ in range(20):  # one company, two LinkedIn profiles
        (first, last), (co_a, co_b, _d) = person(), company()
        add("two LinkedIn profiles", False,
            record(f"{first} {last}", co_a, linkedin=f"linkedin.com/in/{slug(first, last)}"),
            record(f"{first} {last}", co_b,
                   linkedin=f"linkedin.com/in/{slug(first, last)}"))  # fmt: skip
    for _ in range(15):  # the same name in different cities
        first, last = person()
        city_a, city_b = rng.sample(CITIES, 2)
        add("the same name in different cities", False, record(f"{first} {last}", city=city_a),
            record(f"{first} {last}", city=city_b))  # fmt: skip
    for _ in range(10):  # father and son
        (first, last), (co_a, _b, _d) = person(), company()
        add("Jr. and Sr.", False, record(f"{first} {last} Jr.", co_a),
            record(f"{first} {last} Sr.", co_a))  # fmt: skip
    for _ in range(10):  # different middle initials
        (first, last), (co_a, _b, _d) = person(), company()
        add("different middle initials", False, record(f"{first} J. {last}", co_a),
            record(f"{first} K. {last}", co_a))  # fmt: skip
    colleagues()


def colleagues() -> None:
    for _ in range(15):  # one family name, two given names, one company
        last, (co_a, co_b, _d) = rng.choice(LAST), company()
        first_a, first_b = rng.sample(FIRST, 2)
        add("colleagues of one family name", False, record(f"{first_a} {last}", co_a),
            record(f"{first_b} {last}", co_b))  # fmt: skip
    for _ in range(15):  # two people at one domain
        (first_a, last_a), (first_b, last_b) = person(), person()
        if last_a == last_b:
            continue
        _a, co, domain = company()
        add("colleagues at one domain", False,
            record(f"{first_a} {last_a}", emails=(f"{local(first_a, last_a)}@{domain}",)),
            record(f"{first_b} {last_b}", co))  # fmt: skip
    for _ in range(10):  # a free mail address says nothing of an employer
        first, last = person()
        add("a mail provider is no employer", False,
            record(f"{first} {last}", emails=(f"{local(first, last)}@gmail.com",)),
            record(f"{first} {last}", "Google"))  # fmt: skip
    for formal, short in SHORT[:10]:  # a short form, another family name
        (last_a, last_b), (co, _b, _d) = rng.sample(LAST, 2), company()
        add("a short form with another family name", False, record(f"{formal} {last_a}", co),
            record(f"{short} {last_b}", co))  # fmt: skip
    for _ in range(10):  # an initial only: not enough with a company
        (first, last), (co, _b, _d) = person(), company()
        other = rng.choice([f for f in FIRST if f[0] == first[0] and f != first] or ["Xavier"])
        add("an initial and another given name", False, record(f"{first[0]}. {last}", co),
            record(f"{other} {last}", co))  # fmt: skip


def main() -> None:
    same_humans()
    different_humans()
    lines = ",\n".join(json.dumps(pair, ensure_ascii=False) for pair in pairs)
    OUT.write_text(f"[\n{lines}\n]\n", encoding="utf-8")
    same = sum(1 for p in pairs if p["same"])
    print(f"wrote {len(pairs)} pairs ({same} same, {len(pairs) - same} different) to {OUT}")


if __name__ == "__main__":
    main()
