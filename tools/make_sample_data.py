#!/usr/bin/env python3
"""Generate netgraph's bundled sample data (``sample_data/``).

Deterministic (fixed seed) and standard-library only: no network, no Faker. Run it from anywhere:

    python tools/make_sample_data.py            # writes sample_data/ next to this tools/ folder
    python tools/make_sample_data.py --out DIR  # writes somewhere else (for a diff)

Everything is synthetic. Names are combined from per-culture lists, companies are invented, e-mail
addresses use example.com/.org/.net (and their subdomains) and phone numbers come from the ranges
reserved for fiction (US 555-0100..0199, UK 020 7946 0xxx, 0113 496 0xxx, 07700 900xxx).

The generator keeps a ground truth (which record belongs to which invented person) and checks it
against a re-implementation of netgraph's identity keys (netgraph/identity.py: LinkedIn URL,
e-mail, phone, and name + company together). The check fails loudly if two different people would
collide on a key or if two records of one person could not be joined by any key, so the numbers in
sample_data/README.md and sample_data/expected.json are what a correct importer must produce.
"""

# ruff: noqa: E501, RUF001  (data tables are wide and hold Turkish dotless i on purpose)
from __future__ import annotations

import argparse
import base64
import csv
import io
import json
import random
import re
import struct
import sys
import unicodedata
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

SEED = 20260410
ROOT = Path(__file__).resolve().parent.parent / "sample_data"

USER_EXPORT = date(2026, 4, 10)  # Noor's own export ("Complete_LinkedInDataExport_04-10-2026")
FRIEND_EXPORTS = {
    "tomas": date(2026, 4, 18),
    "adaeze": date(2026, 4, 15),
    "marek": date(2026, 4, 21),
}

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their connections "
    "to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
CONNECTIONS_HEADER = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]

# --------------------------------------------------------------------------------------------
# Name material. Last names written "male|female" agree with the first name's gender.
# --------------------------------------------------------------------------------------------
# culture: (weight, male first names, female first names, last names), space-separated.
_CULTURE_TABLE: dict[str, tuple[float, str, str, str]] = {
    "british": (
        14,
        "James Harry Oliver Jack Daniel Ethan Tom Callum",
        "Olivia Emily Charlotte Amelia Grace Chloe Hannah Isla",
        (
            "Smith Jones Taylor Brown Williams Wilson Evans Roberts Walker Wright Hughes O'Brien "
            "Murphy Fletcher Holloway"
        ),
    ),
    "indian": (
        12,
        "Arjun Rahul Vikram Rohan Aditya Karthik Siddharth Nikhil",
        "Priya Ananya Kavya Sneha Deepika Meera Lakshmi Shreya",
        (
            "Sharma Iyer Patel Reddy Nair Gupta Menon Krishnan Desai Banerjee Mehta Rao Kulkarni "
            "Chatterjee"
        ),
    ),
    "nigerian": (
        9,
        "Tunde Emeka Babajide Chinedu Obinna Kelechi Segun Ikenna",
        "Ngozi Folake Ifeoma Yetunde Funmilayo Amaka Bisola Zainab",
        (
            "Okafor Adeyemi Eze Okonkwo Balogun Ibrahim Abubakar Adebayo Okoro Olawale Nnaji "
            "Ogunleye"
        ),
    ),
    "chinese": (
        8,
        "Wei Lei Jun Tao Hao Yi Peng Zhiwei",
        "Fang Jing Yan Hui Mei Xin Lin Xiaoyu",
        "Wang Li Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Hu Guo",
    ),
    "japanese": (
        4,
        "Haruto Sota Ren Takumi Daichi Kenta",
        "Yui Aoi Hina Sakura Yuki Misaki",
        "Sato Suzuki Takahashi Tanaka Ito Nakamura Kobayashi Kato Yoshida Yamada",
    ),
    "korean": (
        4,
        "Min-jun Do-yun Hyun-woo Jae-won Seung-ho",
        "Seo-yeon Ha-eun Ji-woo Soo-ah Eun-ji",
        "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim",
    ),
    "brazilian": (
        8,
        "João Lucas Gabriel Thiago Gustavo Felipe Rodrigo Caio",
        "Mariana Beatriz Larissa Fernanda Letícia Juliana Aline Bruna",
        (
            "Silva Santos Oliveira Souza Almeida Lima Carvalho Ribeiro Gonçalves Araújo Barbosa "
            "Moreira"
        ),
    ),
    "polish": (
        7,
        "Piotr Tomasz Paweł Krzysztof Michał Łukasz Jakub Wojciech",
        "Katarzyna Agnieszka Magdalena Małgorzata Zofia Joanna Ewa Karolina",
        (
            "Wójcik Woźniak Kaczmarek Mazur Krawczyk Zając Król Wieczorek Dudek Pawlak Sikora "
            "Kowalski|Kowalska Wiśniewski|Wiśniewska Zieliński|Zielińska"
        ),
    ),
    "turkish": (
        5,
        "Mehmet Mustafa Emre Burak Can Oğuz",
        "Elif Zeynep Selin Deniz Ece Merve",
        "Yılmaz Kaya Şahin Çelik Yıldız Aydın Öztürk Arslan Doğan Kılıç",
    ),
    "vietnamese": (
        4,
        "Minh Huy Quang Tuấn Phúc Khoa",
        "Linh Trang Ngọc Hương Thu Vy",
        "Trần Lê Phạm Hoàng Phan Vũ Đặng Bùi Đỗ Ngo",
    ),
    "ethiopian": (
        3,
        "Abebe Dawit Yonas Tewodros Biniam Samuel",
        "Meron Hana Bethlehem Liya Mekdes Tigist",
        "Tesfaye Bekele Haile Girma Alemu Tadesse Wolde Desta Assefa Mengistu",
    ),
    "arabic": (
        5,
        "Omar Youssef Karim Hassan Tariq Ziad Ali",
        "Layla Fatima Rania Salma Mariam Dalia Huda",
        "Khalil Mansour Nasser Saleh Hamdan Farouk Aziz Kassem El-Amin Hassan Jaber",
    ),
    "slavic": (
        4,
        "Sergei Nikolai Alexei Mikhail Andriy Oleksandr",
        "Olga Ekaterina Irina Natalia Oksana Yulia",
        (
            "Petrenko Shevchenko Kovalenko Bondarenko Melnyk Tkachenko Ivanov|Ivanova "
            "Smirnov|Smirnova Morozov|Morozova"
        ),
    ),
    "greek": (
        3,
        "Georgios Dimitris Nikos Konstantinos Yannis",
        "Eleni Sofia Katerina Ioanna Despina",
        (
            "Papadopoulos|Papadopoulou Georgiou Nikolaidis|Nikolaidou Vlachos|Vlachou Christodoulou "
            "Antoniou"
        ),
    ),
    "hispanic": (
        6,
        "José Javier Diego Alejandro Andrés Mateo Pablo",
        "Carmen Lucía Valentina Sofía Isabel Paula Elena",
        (
            "Martínez Rodríguez López Hernández González Pérez Sánchez Ramírez Torres Flores "
            "Morales Ortega"
        ),
    ),
    "german": (
        5,
        "Lukas Felix Jonas Tobias Maximilian Stefan",
        "Lena Marie Katharina Hannah Sophie Annika",
        "Müller Schmidt Schneider Fischer Meyer Wagner Becker Schulz Hoffmann Köhler Braun",
    ),
    "ghanaian": (
        3,
        "Kwame Kofi Yaw Kwabena Kojo",
        "Ama Akosua Efua Abena Adjoa",
        "Mensah Asante Owusu Boateng Appiah Osei Agyeman Darko",
    ),
    "nordic": (
        2,
        "Lars Erik Magnus Nils Henrik",
        "Sigrid Ingrid Astrid Freja Maja",
        "Johansson Lindqvist Nilsson Berg Halvorsen Sørensen Lund",
    ),
    "iranian": (
        2,
        "Reza Arash Kian Dariush",
        "Sara Niloufar Shirin Parisa",
        "Hosseini Rahimi Karimi Moradi Jafari Tehrani",
    ),
}
CULTURES: dict[str, tuple[float, list[str], list[str], list[str]]] = {
    k: (w, m.split(), f.split(), last.split()) for k, (w, m, f, last) in _CULTURE_TABLE.items()
}

CREDENTIALS = ["PhD", "MBA", "CFA", "PMP", "CPA", "MSc", "CIPD", "PE", "FCCA", "DPhil"]

# Native-script people as they write themselves on LinkedIn: (first, last, slug as exported).
NATIVE_SCRIPT = [
    ("芳", "王", "fang-wang-3a9b7c"),
    ("花子", "山田", "hanako-yamada"),
    ("민준", "김", "minjun-kim-0b2"),
    ("ليلى", "منصور", "layla-mansour-22"),
    ("Анна", "Соколова", quote("анна-соколова-1987", safe="-")),
    ("अनन्या", "शर्मा", "ananya-sharma-iitb"),
    ("Γιώργος", "Παπαδόπουλος", "georgios-papadopoulos-7"),
    ("ሰላም", "ተስፋዬ", "selam-tesfaye-et"),
]

# --------------------------------------------------------------------------------------------
# Companies and titles (all invented).
# --------------------------------------------------------------------------------------------
TALLOWBROOK = "Tallowbrook Logistics"
NORTHWIND = "Northwind Analytics"
HALCYON = "Halcyon Robotics, Inc."
KESTREL = "Kestrel Bio"
QUILLFEATHER = "Quillfeather Media, Ltd."
# Never used for anyone in the user's own first degree (keeps the target degrees unambiguous even
# if an importer infers co-worker edges): see README "Facts the tests rely on".
RESERVED_COMPANIES = [HALCYON, KESTREL, QUILLFEATHER]

GENERAL_COMPANIES: list[tuple[str, float]] = [
    ("Ostrander Systems GmbH", 1.0),
    ("Brightpath Learning", 1.0),
    ("Solenne Health", 1.0),
    ("Cobalt Harbor Bank", 1.2),
    ("Marigold Payments", 1.2),
    ("Redwater Energy, Ltd.", 0.45),
    ("Pinecrest Insurance", 0.8),
    ("Orbital Seed Labs", 0.8),
    ("Vantablue Games", 0.8),
    ("Stonebridge Partners, LLP", 0.45),
    ("Aldergrove Consulting, Inc.", 0.45),
    ("Juniper Loop", 0.8),
    ("Saltmarsh Studios", 0.6),
    ("Greywillow Retail", 1.0),
    ("Tessellate AI", 1.0),
    ("Copperleaf Telecom", 0.9),
    ("Brambleway Foods, Inc.", 0.45),
    ("Nimbus Lattice", 0.8),
    ("Featherstone University", 1.0),
    ("Riverbend Health Trust", 0.8),
    ("Ironclad Freight Co.", 0.8),
    ("Sunfield Pharmaceuticals", 0.8),
    ("Bluewren Travel, Ltd.", 0.45),
    ("Kairos Mobility", 0.8),
    ("Harbor & Finch", 0.7),
    ("Lumen Freightworks", 0.9),
    ("Eko Ledger", 0.7),
    ("Kaveri Cloud Pvt. Ltd.", 0.7),
    ("Hanul Soft", 0.5),
    ("Anatolia Yazılım A.Ş.", 0.5),
    ("Sông Hồng Digital", 0.4),
    ("Abyssinia Data Labs", 0.4),
    ("Wisła Software sp. z o.o.", 0.5),
    ("Tsubame Systems K.K.", 0.4),
    ("Estúdio Jabuticaba", 0.4),
    ("Self-employed", 0.9),
    ("Freelance", 0.5),
    ("", 0.9),
]
TECH_TITLES = [
    "Software Engineer",
    "Senior Software Engineer",
    "Staff Software Engineer",
    "Data Engineer",
    "Senior Data Engineer",
    "Analytics Engineer",
    "Data Scientist",
    "Senior Data Scientist",
    "Machine Learning Engineer",
    "Engineering Manager",
    "Senior Engineering Manager",
    "Product Manager",
    "Senior Product Manager",
    "Site Reliability Engineer",
    "DevOps Engineer",
    "Platform Engineer",
    "Solutions Architect",
    "QA Engineer",
    "Frontend Engineer",
    "Backend Engineer",
    "Head of Data",
    "Director of Engineering",
    "CTO",
    "Co-founder & CEO",
    "UX Researcher",
    "Product Designer",
    "Technical Program Manager",
    "Data Analyst",
    "BI Developer",
    "Security Engineer",
    "Senior Engineer, Payments",
    "Lead Data Engineer",
]
OTHER_TITLES = [
    "Technical Recruiter",
    "Talent Acquisition Partner",
    "Account Executive",
    "Customer Success Manager",
    "Operations Manager",
    "Finance Business Partner",
    "Marketing Manager",
    "HR Business Partner",
    "Research Scientist",
    "Lecturer in Computer Science",
    "PhD Candidate",
    "Management Consultant",
    "Supply Chain Analyst",
]
# Titles people write in their own language: culture -> (male forms, female forms).
LOCAL_TITLES: dict[str, tuple[list[str], list[str]]] = {
    "brazilian": (
        ["Engenheiro de Dados", "Engenheiro de Software", "Cientista de Dados"],
        ["Engenheira de Dados", "Engenheira de Software", "Cientista de Dados"],
    ),
    "hispanic": (
        ["Ingeniero de Datos", "Científico de Datos", "Jefe de Producto"],
        ["Ingeniera de Datos", "Científica de Datos", "Jefa de Producto"],
    ),
    "turkish": (["Yazılım Mühendisi", "Veri Mühendisi"], ["Yazılım Mühendisi", "Veri Mühendisi"]),
    "polish": (
        ["Inżynier Oprogramowania", "Kierownik Projektu"],
        ["Inżynierka Oprogramowania", "Kierowniczka Projektu"],
    ),
    "german": (["Datenanalyst", "Softwareentwickler"], ["Datenanalystin", "Softwareentwicklerin"]),
    "japanese": (
        ["データエンジニア", "ソフトウェアエンジニア"],
        ["データエンジニア", "ソフトウェアエンジニア"],
    ),
}
LARGE_COMPANIES = {
    "Tallowbrook Logistics",
    "Northwind Analytics",
    "Halcyon Robotics, Inc.",
    "Kestrel Bio",
    "Quillfeather Media, Ltd.",
    "Cobalt Harbor Bank",
    "Pinecrest Insurance",
    "Riverbend Health Trust",
    "Sunfield Pharmaceuticals",
    "Redwater Energy, Ltd.",
    "Copperleaf Telecom",
    "Greywillow Retail",
    "Brambleway Foods, Inc.",
    "Featherstone University",
    "Ostrander Systems GmbH",
}

# --------------------------------------------------------------------------------------------
# Identity keys: a stdlib copy of netgraph/identity.py (phone keys are precomputed E.164).
# --------------------------------------------------------------------------------------------
_SPACES = re.compile(r"\s+")
_COMPANY_SUFFIXES = re.compile(
    r"\b(inc|incorporated|ltd|limited|llc|llp|plc|gmbh|ag|sa|sas|sarl|bv|nv|oy|ab|as|kk|co|corp|"
    r"corporation|company|pty|srl|spa|se)\b\.?",
)
_NON_WORD = re.compile(r"[^\w]+")


def fold_text(text: str | None) -> str:
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def name_key(name: str | None) -> str:
    folded = fold_text(name)
    kept = "".join(ch if (ch.isalnum() or ch in " -'") else " " for ch in folded)
    return _SPACES.sub(" ", kept).strip()


def company_key(company: str | None) -> str:
    folded = fold_text(company)
    words = _NON_WORD.sub(" ", _COMPANY_SUFFIXES.sub(" ", folded))
    return _SPACES.sub(" ", words).strip()


def linkedin_key(url: str | None) -> str | None:
    if not url or not url.strip():
        return None
    text = url.strip()
    if "://" not in text:
        text = "https://" + text.lstrip("/")
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        return None
    m = re.match(r"^/(in|pub)/([^/?#]+)", parts.path, re.IGNORECASE)
    if not m:
        return None
    return f"linkedin.com/{m.group(1).lower()}/{unquote(m.group(2)).strip().lower()}"


# --------------------------------------------------------------------------------------------
# The invented people.
# --------------------------------------------------------------------------------------------
@dataclass
class Person:
    pid: str
    first: str  # as written on LinkedIn (may carry emoji / stray spaces)
    last: str
    company: str = ""
    title: str = ""
    slug: str | None = None  # as it appears in exported URLs (possibly percent-encoded)
    li_email: str | None = None  # shown in Connections.csv when present
    culture: str = ""
    native: bool = False  # name in a non-Latin script
    decorated: bool = False  # emoji / credentials / odd spacing in the LinkedIn name
    nets: list[str] = field(default_factory=list)  # "me", "tomas", "adaeze", "marek"
    companies_by_export: dict[str, str] = field(default_factory=dict)  # overrides per export
    titles_by_export: dict[str, str] = field(default_factory=dict)
    phones: list[str] = field(default_factory=list)  # E.164
    emails: list[str] = field(default_factory=list)  # address-book e-mails
    note: str = ""

    @property
    def url(self) -> str | None:
        return f"https://www.linkedin.com/in/{self.slug}" if self.slug else None

    @property
    def display(self) -> str:
        return f"{self.first.strip()} {self.last.strip()}".strip()

    @property
    def clean_name(self) -> str:
        """The name without LinkedIn decoration (what an address book would hold)."""
        return _SPACES.sub(" ", self.display).strip()


def ascii_fold(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L").replace("ı", "i").replace("ø", "o")
    text = text.replace("đ", "d").replace("Đ", "D").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


def company_domain(company: str) -> str:
    words = slugify(company).split("-")
    return f"{words[0]}.example.com"


class World:
    """All invented people, the ground truth and the deterministic random source."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.people: dict[str, Person] = {}
        self.used_names: dict[str, str] = {}  # name_key -> pid (homonyms are registered apart)
        self.used_slugs: dict[str, str] = {}
        self.used_emails: dict[str, str] = {}
        self.phone_counters: dict[str, int] = {}
        self.relation_edges: list[tuple[str, str, str]] = []  # (card person, related, kind)
        self.counter = 0

    # ---- registration ------------------------------------------------------------------------
    def add(self, p: Person, homonym_ok: bool = False) -> Person:
        key = name_key(p.clean_name)
        if key in self.used_names and not homonym_ok:
            raise AssertionError(f"accidental homonym {p.clean_name!r}")
        self.used_names.setdefault(key, p.pid)
        if p.slug:
            skey = unquote(p.slug).lower()
            assert skey not in self.used_slugs, p.slug
            self.used_slugs[skey] = p.pid
        for e in [p.li_email, *p.emails]:
            if e:
                assert self.used_emails.get(e, p.pid) == p.pid, e
                self.used_emails[e] = p.pid
        self.people[p.pid] = p
        return p

    def new_pid(self, prefix: str = "p") -> str:
        self.counter += 1
        return f"{prefix}{self.counter:04d}"

    # ---- random material ---------------------------------------------------------------------
    def random_name(self) -> tuple[str, str, str, bool]:
        cultures = list(CULTURES)
        weights = [CULTURES[c][0] for c in cultures]
        for _ in range(1000):
            culture = self.rng.choices(cultures, weights)[0]
            _, males, females, lasts = CULTURES[culture]
            female = self.rng.random() < 0.5
            first = self.rng.choice(females if female else males)
            last = self.rng.choice(lasts)
            if "|" in last:
                last = last.split("|")[1 if female else 0]
            if name_key(f"{first} {last}") not in self.used_names:
                return first, last, culture, female
        raise RuntimeError("name space exhausted")

    def random_slug(self, first: str, last: str) -> str:
        for _ in range(100):
            base = slugify(f"{first} {last}")
            style = self.rng.random()
            if style < 0.55:
                slug = f"{base}-{self.rng.getrandbits(32):08x}"
            elif style < 0.8:
                slug = f"{base}-{self.rng.randrange(16**3):03x}"
            elif style < 0.9:
                slug = f"{slugify(first)[:1]}{slugify(last)}"
            elif style < 0.96:
                slug = base
            else:
                slug = f"{base}{self.rng.randrange(10, 99)}"
            if slug.lower() not in self.used_slugs:
                return slug
        raise RuntimeError("slug space exhausted")

    def random_company(self, nets: list[str]) -> str:
        r = self.rng.random()
        if "me" not in nets:
            if "marek" in nets and r < 0.30:
                return KESTREL
            if "adaeze" in nets and r < 0.15:
                return HALCYON
            if "tomas" in nets and r < 0.22:
                return NORTHWIND
            if "marek" in nets and "tomas" in nets and r < 0.4:
                return "Ostrander Systems GmbH"
            if r < 0.04:
                return QUILLFEATHER
        else:
            if "tomas" in nets and r < 0.35:
                return TALLOWBROOK
            if "tomas" in nets and r < 0.40:
                return NORTHWIND
            if r < 0.08:
                return TALLOWBROOK
        names = [c for c, _ in GENERAL_COMPANIES]
        weights = [w for _, w in GENERAL_COMPANIES]
        return self.rng.choices(names, weights)[0]

    def random_title(self, company: str, culture: str = "", female: bool = False) -> str:
        if company == "" and self.rng.random() < 0.7:
            return ""
        local = LOCAL_TITLES.get(culture)
        if local and self.rng.random() < 0.25:
            return self.rng.choice(local[1 if female else 0])
        if company in ("Self-employed", "Freelance"):
            return self.rng.choice(
                [
                    "Data Consultant",
                    "Independent Consultant",
                    "Fractional CTO",
                    "Freelance Data Engineer",
                    "Photographer",
                ]
            )
        if company == "Featherstone University":
            return self.rng.choice(
                [
                    "Lecturer in Computer Science",
                    "PhD Candidate",
                    "Research Fellow",
                    "Professor of Statistics",
                ]
            )
        while True:
            title = self.rng.choice(TECH_TITLES if self.rng.random() < 0.8 else OTHER_TITLES)
            if company not in LARGE_COMPANIES or title not in ("CTO", "Co-founder & CEO"):
                break
        if self.rng.random() < 0.03:
            title += " "  # LinkedIn keeps what people typed
        return title

    def phone(self, kind: str) -> str:
        """A fresh fictional number in E.164 form. kind: us-<area>, uk-london, uk-mobile, uk-leeds."""
        n = self.phone_counters.get(kind, 0)
        self.phone_counters[kind] = n + 1
        if kind.startswith("us-"):
            assert n < 100
            return f"+1{kind[3:]}5550{100 + n:03d}"[:12]
        if kind == "uk-london":
            return f"+442079460{n + 100:03d}"
        if kind == "uk-mobile":
            return f"+447700900{n + 100:03d}"
        if kind == "uk-leeds":
            return f"+441134960{n + 200:03d}"
        raise ValueError(kind)

    def random_phone(self) -> str:
        kind = self.rng.choices(
            ["uk-mobile", "uk-london", "uk-leeds", "us-617", "us-212", "us-415", "us-312"],
            [40, 20, 5, 12, 8, 8, 5],
        )[0]
        return self.phone(kind)


def us_number(e164: str) -> tuple[str, str, str]:
    """For US fictional numbers: '+16175550123' -> ('617', '555', '0123')."""
    return e164[2:5], e164[5:8], e164[8:12]


def phone_form(e164: str, style: str) -> str:
    """Write an E.164 number the way a given address book would."""
    if e164.startswith("+1"):
        a, b, c = us_number(e164)
        return {
            "apple": f"({a}) {b}-{c}",
            "apple-intl": f"+1 ({a}) {b}-{c}",
            "google": f"+1 {a}-{b}-{c}",
            "android": f"+1{a}{b}{c}",
            "outlook": f"({a}) {b}-{c}",
            "v4": f"tel:+1-{a}-{b}-{c}",
            "dots": f"{a}.{b}.{c}",
        }[style]
    if e164.startswith("+447700"):
        sub = e164[-6:]
        return {
            "apple": f"07700 {sub}",
            "apple-intl": f"+44 7700 {sub}",
            "google": f"+44 7700 {sub}",
            "android": f"07700{sub}",
            "outlook": f"+44 7700 {sub}",
            "v4": f"tel:+44-7700-{sub}",
            "dots": f"07700 {sub}",
        }[style]
    if e164.startswith("+44113"):
        sub = e164[-4:]
        return {
            "apple": f"0113 496 {sub}",
            "apple-intl": f"+44 113 496 {sub}",
            "google": f"+44 113 496 {sub}",
            "android": f"01134960{sub[1:]}"[:11],
            "outlook": f"+44 (0)113 496 {sub}",
            "v4": f"tel:+44-113-496-{sub}",
            "dots": f"0113 496 {sub}",
        }[style]
    sub = e164[-4:]  # +44 20 7946 xxxx
    return {
        "apple": f"020 7946 {sub}",
        "apple-intl": f"+44 20 7946 {sub}",
        "google": f"+44 20 7946 {sub}",
        "android": f"0207946{sub}",
        "outlook": f"+44 (0)20 7946 {sub}",
        "v4": f"tel:+44-20-7946-{sub}",
        "dots": f"020 7946 {sub}",
    }[style]


# --------------------------------------------------------------------------------------------
# Building the cast.
# --------------------------------------------------------------------------------------------
# The story's characters: role | first | last | company | title | LinkedIn slug | whose
# Connections.csv lists them ("me" = Noor's own). Details a table cannot show are set in build_cast.
CAST_TABLE = """
me        | Noor      | Haddad      |                          |                                    | noor-haddad-data       | tomas adaeze
tomas     | Tomás     | Ferreira    | Northwind Analytics      | Senior Data Engineer               | tomas-ferreira-8c2     | me adaeze marek
adaeze    | Adaeze    | Nwosu       | Halcyon Robotics, Inc.   | Senior Product Manager             | adaeze-nwosu           | me tomas
marek     | Marek     | Nowak       | Kestrel Bio              | Staff Software Engineer            | marek-nowak-kb         | tomas
oluwaseun | Oluwaseun | Bakare      | Halcyon Robotics, Inc.   | Engineering Manager, Data Platform | oluwaseun-bakare-5d1e  | adaeze tomas
camila    | Camila    | Rocha       | Northwind Analytics      | Director of Data Engineering       | camila-rocha-dados     | tomas
ayse      | Ayşe      | Demir       | Kestrel Bio              | Head of ML Infrastructure          | aysedemir              | marek
thiago    | Thiago    | Albuquerque | Quillfeather Media, Ltd. | VP Engineering                     | thiago-albuquerque-qm  | adaeze marek
dmitri    | Dmitri    | Volkov      | Halcyon Robotics, Inc.   | Senior Robotics Engineer           | dmitri-volkov-robotics | me
wei_nw    | Wei       | Zhang       | Northwind Analytics      | Senior Data Scientist              | wei-zhang-7a1          | me tomas
wei_hr    | Wei       | Zhang       | Halcyon Robotics, Inc.   | Robotics Software Engineer         | wei-zhang-b32c         | adaeze
maria_li  | María     | García      | Solenne Health           | Clinical Data Analyst              | maria-garcia-solenne   | me
maria_vc  | Maria     | Garcia      |                          |                                    |                        |
anh_tb    | Anh       | Nguyen      | Tallowbrook Logistics    | Data Analyst                       | anh-nguyen-tb          | me
anh_kb    | Anh       | Nguyen      | Kestrel Bio              | Bioinformatics Engineer            | anhnguyen-bio          | marek
jurgen    | Jürgen    | Weber       | Ostrander Systems GmbH   | Principal Engineer                 | j%C3%BCrgen-weber-4b1  | me tomas
chiamaka  | Chiamaka  | Eze         | Brightpath Learning      | Head of Learning Data              | chiamaka-eze-9f3       | me
kenji     | Kenji     | Watanabe    | Fernhill Capital LLC     | Principal                          | kenji-watanabe-fc      | me
rafael    | Rafael    | Costa       | Tallowbrook Logistics    | Data Engineer                      | rafaelcosta            | me tomas
bao       | Bảo       | Nguyễn      |                          |                                    |                        |
minjun    | 민준        | 김           | Hanul Soft               | Backend Engineer                   | minjun-kim-0b2         | me adaeze
quang     | Quang     | Trần        | Tessellate AI            | Machine Learning Engineer          | quang-tran-ml          | tomas adaeze
anna      | Анна      | Соколова    | Copperleaf Telecom       | Data Analyst                       | (set below)            | me
lucas     | 🚀 Lucas   | Pereira     | Orbital Seed Labs        | Co-founder & CEO                   | lucas-pereira-osl      | me
sophie    | Sophie    | Becker 🌱    | Greywillow Retail        | Product Designer                   | sophie-becker-ux       | me
harry     | Harry     | Evans       | Cobalt Harbor Bank       | Security Engineer                  | -harry-evans-          | me
kofi      | Kofi      | Mensah      | Eko Ledger               | CTO                                | %7Ekofi                | me tomas
sergei    | Sergei    | Bondarenko  | Marigold Payments        | Platform Engineer                  | sergei-bondarenko-3c   | me
ali       | Ali       | Jaber       | Redwater Energy, Ltd.    | Data Engineer                      | ali-jaber-re           | me
"""


def build_cast(w: World) -> dict[str, Person]:
    """Create the named characters of the story; returns them by role."""
    cast: dict[str, Person] = {}
    for line in CAST_TABLE.strip().splitlines():
        role, first, last, company, title, slug, listed_by = (f.strip() for f in line.split("|"))
        cast[role] = Person(role, first, last, company, title, slug or None, nets=listed_by.split())
    cast["tomas"].li_email = "tomas.ferreira@example.com"
    cast["chiamaka"].li_email = "chiamaka.eze@example.net"
    cast["adaeze"].emails = ["adaeze.nwosu@example.org"]
    cast["wei_nw"].emails = ["wei.zhang@northwind.example.com"]
    cast["kenji"].emails = ["k.watanabe@fernhill.example.com"]
    cast["maria_vc"].emails = ["maria.garcia.home@example.org"]
    cast["maria_vc"].note, cast["bao"].note = "neighbour", "friend from SF"
    # Rafael moved to Northwind between Noor's export and Tomás's.
    cast["rafael"].companies_by_export = {"tomas": NORTHWIND}
    cast["rafael"].titles_by_export = {"tomas": "Data Engineer II"}
    cast["anna"].slug = quote("анна-соколова-1987", safe="-")  # a percent-encoded Cyrillic slug
    cast["sergei"].first, cast["sergei"].title = "Sergei ", "Platform Engineer "  # stray spaces
    cast["ali"].first = " Ali"
    for role in ("minjun", "anna"):
        cast[role].native = True
    for role in ("lucas", "sophie", "sergei", "ali"):
        cast[role].decorated = True
    for p in cast.values():
        w.add(p, homonym_ok=p.pid in ("wei_hr", "maria_vc", "anh_kb"))
    # The rest of the native-script people (Анна and 민준 are in the cast above).
    for i, (first, last, slug) in enumerate(NATIVE_SCRIPT):
        if slug in (cast["minjun"].slug, cast["anna"].slug):
            continue
        nets = [["me"], ["me", "tomas"], ["tomas"], ["me"], ["adaeze"], ["marek"], ["me"]][i % 7]
        company = w.random_company(nets)
        p = Person(
            f"native{i}",
            first,
            last,
            company,
            w.random_title(company),
            slug,
            native=True,
            nets=nets,
        )
        w.add(p)
        cast[p.pid] = p
    return cast


def fill_networks(w: World, cast: dict[str, Person]) -> None:
    """Add random people until every network has its planned size."""
    rng = w.rng
    # Venn regions for random people: (networks, count).
    regions = [
        (["me", "tomas"], 50),
        (["me", "tomas", "adaeze"], 12),
        (["me", "tomas", "marek"], 8),
        (["me", "adaeze"], 30),
        (["me", "marek"], 3),
        (["tomas", "adaeze"], 8),
        (["tomas", "marek"], 32),
        (["adaeze", "marek"], 2),
    ]
    targets = {"me": 295, "tomas": 214, "adaeze": 158, "marek": 128}
    sizes = {k: sum(1 for p in w.people.values() if k in p.nets) for k in targets}
    for nets, n in regions:
        for k in nets:
            sizes[k] += n
    for k in targets:
        regions.append(([k], targets[k] - sizes[k]))
    for nets, n in regions:
        assert n >= 0, (nets, n)
        for _ in range(n):
            first, last, culture, female = w.random_name()
            company = w.random_company(nets)
            if "me" in nets:
                assert company not in RESERVED_COMPANIES
            slug = w.random_slug(first, last)
            # keep the accent, percent-encoded, in a few slugs (LinkedIn allows it)
            if ascii_fold(first) != first and rng.random() < 0.35:
                slug = quote(
                    f"{first.lower()}-{slugify(last)}-{rng.randrange(16**3):03x}", safe="-"
                )
            p = Person(
                w.new_pid(),
                first,
                last,
                company,
                w.random_title(company, culture, female),
                slug,
                culture=culture,
                nets=list(nets),
            )
            if rng.random() < 0.016:
                p.li_email = f"{slugify(first)}.{slugify(last)}@{rng.choice(['example.com', 'example.net', 'example.org'])}"
            if rng.random() < 0.022 and "me" in nets:
                p.last = f"{last}, {rng.choice(CREDENTIALS)}"
                p.decorated = True
            w.add(p)


# --------------------------------------------------------------------------------------------
# Ground-truth records and the identity check.
# --------------------------------------------------------------------------------------------
@dataclass
class Rec:
    pid: str
    source: str
    locator: str
    name: str
    company: str = ""
    url: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)  # E.164


def check_identity(records: list[Rec]) -> list[set[str]]:
    """Union records on identity keys; every component must be exactly one invented person.

    Returns, for each record, the kinds of key it shares with other records of the same person.
    """
    parent = list(range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[tuple[str, ...], list[int]] = {}
    for i, r in enumerate(records):
        keys: list[tuple[str, ...]] = []
        lk = linkedin_key(r.url)
        if lk:
            keys.append(("linkedin", lk))
        keys += [("email", e.lower()) for e in r.emails]
        keys += [("phone", ph) for ph in r.phones]
        nk, ck = name_key(r.name), company_key(r.company)
        if nk and ck:
            keys.append(("name+company", nk, ck))
        for key in dict.fromkeys(keys):
            by_key.setdefault(key, []).append(i)
    shared: list[set[str]] = [set() for _ in records]
    for key, idx in by_key.items():
        pids = {records[i].pid for i in idx}
        if len(pids) > 1:
            raise AssertionError(
                f"different people collide on {key}: " + ", ".join(records[i].locator for i in idx)
            )
        for i in idx:
            parent[find(i)] = find(idx[0])
            if len(idx) > 1:
                shared[i].add(key[0])
    comp_pids: dict[int, str] = {}
    pid_comp: dict[str, int] = {}
    for i, r in enumerate(records):
        c = find(i)
        assert comp_pids.setdefault(c, r.pid) == r.pid
        if pid_comp.setdefault(r.pid, c) != c:
            raise AssertionError(f"records of {r.pid} cannot be joined by any key ({r.locator})")
    return shared


# --------------------------------------------------------------------------------------------
# LinkedIn files.
# --------------------------------------------------------------------------------------------
def spread_dates(rng: random.Random, n: int, start: date, end: date, skew: float) -> list[date]:
    """n dates in [start, end], denser towards end, newest first."""
    span = (end - start).days
    out = [end - timedelta(days=int(span * rng.random() ** skew)) for _ in range(n)]
    return sorted(out, reverse=True)


def csv_text(rows: list[list[str]], lineterminator: str = "\n", quote_all: bool = False) -> str:
    buf = io.StringIO()
    writer = csv.writer(
        buf,
        lineterminator=lineterminator,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerows(rows)
    return buf.getvalue()


FIXED_CONNECTED: dict[tuple[str, str], date] = {
    # (owner, pid) -> date; the same connection has the same date in both owners' files.
    ("me", "tomas"): date(2019, 3, 14),
    ("tomas", "me"): date(2019, 3, 14),
    ("me", "adaeze"): date(2014, 10, 2),
    ("adaeze", "me"): date(2014, 10, 2),
    ("tomas", "adaeze"): date(2021, 6, 20),
    ("adaeze", "tomas"): date(2021, 6, 20),
    ("tomas", "marek"): date(2017, 9, 11),
    ("marek", "tomas"): date(2017, 9, 11),
    # Adaeze has worked with Oluwaseun since 2019; Tomás met him at a meetup last November.
    ("adaeze", "oluwaseun"): date(2019, 5, 13),
    ("tomas", "oluwaseun"): date(2025, 11, 20),
    ("tomas", "camila"): date(2024, 5, 3),
    ("marek", "ayse"): date(2024, 9, 26),
    ("adaeze", "thiago"): date(2016, 7, 19),
    ("marek", "thiago"): date(2022, 3, 2),
    ("me", "dmitri"): date(2020, 8, 27),
    ("me", "wei_nw"): date(2023, 10, 5),
}
NETWORK_START = {
    "me": date(2013, 6, 1),
    "tomas": date(2012, 2, 1),
    "adaeze": date(2011, 9, 1),
    "marek": date(2010, 4, 1),
}


def connection_rows(
    w: World, owner: str, export: date, blanks: int
) -> list[tuple[Person | None, date]]:
    """(person, connected_on) for one owner's Connections.csv, newest first; None = date-only row."""
    rng = w.rng
    members = [p for p in w.people.values() if owner in p.nets]
    free = [p for p in members if (owner, p.pid) not in FIXED_CONNECTED]
    dates = spread_dates(
        rng, len(free) + blanks, NETWORK_START[owner], export - timedelta(days=2), 1.5
    )
    rng.shuffle(free)
    slots: list[Person | None] = [*free, *([None] * blanks)]
    # date-only rows are spread through the file, not bunched at the end
    rng.shuffle(slots)
    rows: list[tuple[Person | None, date]] = list(zip(slots, dates, strict=True))
    rows += [
        (p, FIXED_CONNECTED[(owner, p.pid)]) for p in members if (owner, p.pid) in FIXED_CONNECTED
    ]
    rows.sort(key=lambda r: r[1], reverse=True)
    return rows


def li_row(p: Person, export_owner: str) -> tuple[str, str, str, str, str, str]:
    company = p.companies_by_export.get(export_owner, p.company)
    title = p.titles_by_export.get(export_owner, p.title)
    return p.first, p.last, p.url or "", p.li_email or "", company, title


def write_connections(
    w: World, owner: str, path: Path, records: list[Rec], *, excel: bool, blanks: int
) -> dict[str, int]:
    export = USER_EXPORT if owner == "me" else FRIEND_EXPORTS[owner]
    rows = connection_rows(w, owner, export, blanks)
    out: list[list[str]] = [CONNECTIONS_HEADER]
    stats = {"rows": 0, "date_only": 0, "emails": 0, "quoted": 0}
    first_line = 2 if excel else 5  # physical line of the first data row (1-based)
    rel = path.relative_to(path.parents[2]).as_posix()
    for i, (p, d) in enumerate(rows):
        ds = f"{d.day}-{d.strftime('%b')}-{d.strftime('%y')}" if excel else d.strftime("%d %b %Y")
        stats["rows"] += 1
        if p is None:
            out.append(["", "", "", "", "", "", ds])
            stats["date_only"] += 1
            continue
        first, last, url, email, company, title = li_row(p, owner)
        if excel:  # what Excel's "CSV (Comma delimited)" keeps of non-cp1252 characters
            first, last, company, title = (
                s.encode("cp1252", "replace").decode("cp1252")
                for s in (first, last, company, title)
            )
        out.append([first, last, url, email, company, title, ds])
        stats["emails"] += bool(email)
        stats["quoted"] += ("," in last) or ("," in company)
        records.append(
            Rec(
                p.pid,
                f"{owner}:Connections.csv",
                f"{rel} line {first_line + i}",
                f"{first} {last}",
                company,
                url,
                [email] if email else [],
            )
        )
    text = csv_text(out, "\r\n" if excel else "\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    if excel:
        path.write_bytes(text.encode("cp1252", "replace"))
    else:
        path.write_bytes((PREAMBLE + text).encode("utf-8"))
    return stats


def conversation_id(rng: random.Random, n: int) -> str:
    raw = f"{uuid.UUID(int=rng.getrandbits(128), version=4)}_{n:03d}"
    return "2-" + base64.b64encode(raw.encode()).decode()


def utc(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M:%S UTC")


# Noor's conversations with the story's people: (counterparts, title, script). Script lines are
# "who  date time  text"; a literal \n in the text is a line break inside the message.
CHATS: list[tuple[str, str, str]] = [
    (
        "tomas",
        "",
        r"""
me      2025-11-21 09:12:40  Tomás! Long time. How is life at Northwind?
tomas   2025-11-21 12:03:05  Busy but good. We finally moved everything off the old Airflow box 😅 You?
me      2025-11-21 12:30:51  Still on the freight-tracking pipelines. Lunch soon?
tomas   2025-11-22 08:45:00  Yes! Thursday near Old Street?
me      2026-02-27 18:02:11  So... Tallowbrook let go of most of the data team today, me included.\nI'm OK, just a bit stunned.
tomas   2026-02-27 18:20:44  Oh no, I'm so sorry Noor. That team was the best thing about that place.\nAnything you need — references, intros, a coffee — just say.
me      2026-02-28 10:05:31  Thank you, that means a lot. Updating my CV this weekend.
tomas   2026-03-12 16:41:09  Saw Northwind opened a senior data platform role. Want me to flag you to Camila? She runs data eng here.
me      2026-03-12 17:02:58  Yes please! I read her post about the "boring data stack" and loved it.
me      2026-04-06 15:02:10  Would you be comfortable introducing me to Camila Rocha? Happy to send a short blurb you can forward.
tomas   2026-04-06 16:35:35  Done — I just wrote to Camila. She said: "send me her CV and a short note".\nAlso she asked if you've done "real" streaming work, I said yes (the Kafka migration).
me      2026-04-06 16:50:02  You're a star. Sending it tonight 🙏
""",
    ),
    (
        "adaeze",
        "",
        r"""
adaeze  2025-09-02 19:05:12  Noor!! Are you coming to the reunion in October?
me      2025-09-03 07:58:30  Wouldn't miss it. Is everyone from the robotics society coming?
adaeze  2025-09-03 08:15:02  Most of us. Bring photos from the 2014 competition, they're legendary
me      2026-03-01 11:22:03  Hi Ada, you may have heard I was laid off. Is Halcyon hiring data engineers at all?
adaeze  2026-03-01 13:40:47  I heard, I'm sorry. Yes — Oluwaseun's data platform team has a senior opening.\nHe's great, very fair manager. Want me to refer you?
me      2026-03-01 14:02:19  Yes please. What should I send?
adaeze  2026-03-01 14:10:55  CV + 3 lines on what you'd want to work on. I'll put it in the referral tool and ping him.
me      2026-03-02 09:31:00  Sent to your personal email. Thank you!!
adaeze  2026-03-18 17:26:04  Oluwaseun says he'd like to chat informally first. Expect an email from him 🙂
me      2026-03-18 17:40:38  Amazing, thank you Ada. Drinks on me at the reunion next year.
""",
    ),
    (
        "dmitri",
        "",
        r"""
me      2025-11-03 10:15:00  Hi Dmitri, hope Halcyon is treating you well! Would you have 15 minutes to tell me about the data side there?
me      2026-01-15 09:02:44  Hi Dmitri, just following up on my note from November, no pressure at all.
me      2026-03-09 08:47:13  Hi again, I'm now actively looking; any pointer to the data platform team would be much appreciated.
""",
    ),
    (
        "tomas rafael",
        "Tallowbrook alumni 🍻",
        r"""
rafael  2026-03-06 20:01:30  Pub quiz team reunion next Friday? The Crown, 7pm
me      2026-03-06 20:05:02  In. I have a lot of free time now 😂
tomas   2026-03-06 20:40:19  In, but I'm bringing my "history of logistics" cheat sheet
me      2026-03-14 22:58:00  That was fun. Rafa, congrats on the Northwind offer!
rafael  2026-03-15 09:30:41  Thanks! Starting in April, Tomás is stuck with me again
""",
    ),
]

# Short exchanges with other connections ("them" = the connection); the first is for recruiters.
TEMPLATES: list[str] = [
    r"""
them  Hi Noor, I'm hiring for a Senior Data Engineer role at {company}. Open to a chat?
me    Hi {first}, thanks for reaching out! Could you share the salary band and whether it's hybrid?
them  Of course — hybrid, 2 days in the office. Band depends on level, happy to discuss on a call.
""",
    r"""
them  Congrats on the work anniversary!
me    Thank you {first}! Time flies.
""",
    r"""
me    Hi {first}, saw your talk on data contracts — the bit about "owning the schema" really landed. Any slides?
them  Thanks Noor! Slides here: https://www.example.org/slides\nHappy to chat more any time.
""",
    r"""
them  Hi Noor, could I pick your brain about moving from analytics into data engineering?
me    Sure! How about a call next week?
them  Perfect, Tuesday works.
me    Sent an invite. Bring questions!
""",
    r"""
me    Hi {first}, I'm exploring new roles. Do you know if {company} is hiring for data platform work?
them  Not right now I'm afraid, but I'll keep an eye out.
""",
    r"""
them  Great post on incremental models, Noor!
me    Thanks {first}! It took me three weekends to write 🙂
""",
    r"""
me    Happy new year {first}! Hope 2026 is kind to you.
them  You too Noor, let's catch up soon
""",
]


def parse_script(text: str) -> list[tuple[str, datetime, str]]:
    """Lines "who  YYYY-MM-DD HH:MM:SS  text" -> (who, when, text)."""
    out = []
    for line in text.strip().splitlines():
        who, day, clock, body = line.split(None, 3)
        when = datetime.strptime(f"{day} {clock}", "%Y-%m-%d %H:%M:%S")
        out.append((who, when, body.replace("\\n", "\n")))
    return out


def write_messages(w: World, cast: dict[str, Person], path: Path) -> dict[str, object]:
    rng = w.rng
    me = cast["me"]
    header = [
        "CONVERSATION ID",
        "CONVERSATION TITLE",
        "FROM",
        "SENDER PROFILE URL",
        "TO",
        "RECIPIENT PROFILE URLS",
        "DATE",
        "SUBJECT",
        "CONTENT",
        "FOLDER",
        "ATTACHMENTS",
    ]
    rows: list[list[str]] = []
    counts: dict[str, list[int]] = {}  # pid -> [sent by me, received by me]

    def conv(
        other: list[Person],
        script: list[tuple[str, datetime, str]],
        title: str = "",
        subject: str = "",
    ) -> None:
        cid = conversation_id(rng, len(rows) + 1)
        for who, when, text in script:
            if who == "me":
                frm, frm_url = me, me.url
                to_names = ", ".join(o.clean_name for o in other)
                to_urls = ",".join(o.url or "" for o in other)
                for o in other:
                    counts.setdefault(o.pid, [0, 0])[0] += 1
            else:
                frm = cast[who] if who in cast else w.people[who]
                frm_url = frm.url
                rest = [me, *[o for o in other if o.pid != frm.pid]]
                to_names = ", ".join(o.clean_name for o in rest)
                to_urls = ",".join(o.url or "" for o in rest)
                counts.setdefault(frm.pid, [0, 0])[1] += 1
            rows.append(
                [
                    cid,
                    title,
                    frm.clean_name,
                    frm_url or "",
                    to_names,
                    to_urls,
                    utc(when),
                    subject,
                    text,
                    "INBOX",
                    "",
                ]
            )

    for who, title, chat in CHATS:
        conv([cast[k] for k in who.split()], parse_script(chat), title=title)
    # Sponsored InMail: no sender URL; must not become a person.
    rows.append(
        [
            conversation_id(rng, 999),
            "Sponsored Conversation",
            "LinkedIn Member",
            "",
            me.clean_name,
            me.url or "",
            utc(datetime(2026, 3, 20, 14, 0, 0)),
            "Grow your data career",
            "<p>Hi Noor,</p><p>Upskill with our <b>Data Leadership</b> certificate. "
            '<a href="https://www.example.com/offer">Learn more</a></p>',
            "INBOX",
            "",
        ]
    )

    # ~20 more counterparts drawn from the user's own connections.
    pool = [
        p
        for p in w.people.values()
        if "me" in p.nets and p.slug and p.pid not in cast and not p.decorated
    ]
    recruiters = [p for p in pool if "Recruit" in p.title or "Talent" in p.title]
    others = [p for p in pool if p not in recruiters]
    picked = rng.sample(recruiters, min(4, len(recruiters)))
    picked += rng.sample(others, 21 - len(picked))
    templates = [
        [
            (who, body.replace("\\n", "\n"))
            for who, body in (ln.split(None, 1) for ln in t.strip().splitlines())
        ]
        for t in TEMPLATES
    ]
    start = datetime(2025, 6, 1, 8, 0, 0)
    for p in picked:
        tpl = templates[0] if p in recruiters else rng.choice(templates[1:])
        when = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 300))
        script: list[tuple[str, datetime, str]] = []
        for who, text in tpl:
            when += timedelta(seconds=rng.randrange(20 * 60, 30 * 3600))
            text = text.format(first=p.first.strip(), company=p.company or "your team")
            script.append(("me" if who == "me" else p.pid, when, text))
        conv([p], script)
    rows.sort(key=lambda r: r[6], reverse=True)
    path.write_bytes(csv_text([header, *rows], "\n", quote_all=True).encode("utf-8"))
    senders: dict[str, int] = {}
    for r in rows:
        senders[r[3]] = senders.get(r[3], 0) + 1
    top = max(senders, key=lambda k: senders[k])
    assert top == me.url, "the owner must be the most frequent sender"
    return {
        "messages": len(rows),
        "counterparts": len(counts),
        "counts": counts,
        "sent_by_me": senders[me.url],
    }


def invite_date(dt: datetime) -> str:
    hour = dt.hour % 12 or 12
    return f"{dt.month}/{dt.day}/{dt.strftime('%y')}, {hour}:{dt.minute:02d} {'AM' if dt.hour < 12 else 'PM'}"


def write_invitations(
    w: World, cast: dict[str, Person], path: Path, recent: list[tuple[Person, date]]
) -> int:
    rng = w.rng
    me = cast["me"]
    rows = [
        ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"]
    ]
    items: list[tuple[datetime, list[str]]] = []
    for p, connected in recent:
        sent = datetime.combine(
            connected - timedelta(days=rng.randrange(0, 9)), datetime.min.time()
        )
        sent += timedelta(minutes=rng.randrange(7 * 60, 23 * 60))
        incoming = rng.random() < 0.6
        msg = ""
        if rng.random() < 0.25:
            msg = (
                rng.choice(
                    [
                        "Hi Noor, great meeting you at the data meetup, let's stay in touch!",
                        "Hello, I'm building a data team in London and would like to connect.",
                    ]
                )
                if incoming
                else f"Hi {p.first.strip()}, enjoyed your talk today, would love to connect."
            )
        if incoming:
            items.append(
                (
                    sent,
                    [
                        p.clean_name,
                        me.clean_name,
                        invite_date(sent),
                        msg,
                        "INCOMING",
                        p.url or "",
                        me.url or "",
                    ],
                )
            )
        else:
            items.append(
                (
                    sent,
                    [
                        me.clean_name,
                        p.clean_name,
                        invite_date(sent),
                        msg,
                        "OUTGOING",
                        me.url or "",
                        p.url or "",
                    ],
                )
            )
    camila = cast["camila"]
    sent = datetime(2026, 2, 14, 11, 8)
    items.append(
        (
            sent,
            [
                me.clean_name,
                camila.clean_name,
                invite_date(sent),
                "Hi Camila, I've followed Northwind's data platform posts for a while, "
                "would love to connect.",
                "OUTGOING",
                me.url or "",
                camila.url or "",
            ],
        )
    )
    items.sort(key=lambda it: it[0], reverse=True)
    rows += [r for _, r in items]
    path.write_bytes(csv_text(rows, "\n").encode("utf-8"))
    return len(items)


def write_endorsements(w: World, cast: dict[str, Person], path: Path) -> int:
    rng = w.rng
    skills = [
        "Python",
        "SQL",
        "Data Engineering",
        "Apache Spark",
        "ETL",
        "Apache Airflow",
        "dbt",
        "Data Modeling",
        "Apache Kafka",
        "Amazon Web Services (AWS)",
        "Kubernetes",
        "Data Warehousing",
    ]
    endorsers = [
        cast[k]
        for k in ("tomas", "adaeze", "jurgen", "rafael", "chiamaka", "anna", "anh_tb", "kofi")
    ]
    extra = [
        p
        for p in w.people.values()
        if "me" in p.nets and p.slug and p.pid not in cast and not p.decorated
    ]
    endorsers += rng.sample(extra, 6)
    rows: list[tuple[datetime, list[str]]] = []
    for p in endorsers:
        for skill in rng.sample(skills, rng.randrange(1, 5)):
            when = datetime(2016, 1, 1) + timedelta(seconds=rng.randrange(0, 10 * 365 * 86400))
            if when > datetime(2026, 4, 9):
                when = datetime(2026, 3, 21, 2, 6, 52)
            slug = unquote(p.slug or "")  # raw, non-ASCII slugs in this file
            rows.append(
                (
                    when,
                    [
                        when.strftime("%Y/%m/%d %H:%M:%S UTC"),
                        skill,
                        p.first.strip(),
                        p.last.strip(),
                        f"www.linkedin.com/in/{slug}",
                        "ACCEPTED",
                    ],
                )
            )
    rows.sort(key=lambda r: r[0], reverse=True)
    header = [
        "Endorsement Date",
        "Skill Name",
        "Endorser First Name",
        "Endorser Last Name",
        "Endorser Public Url",
        "Endorsement Status",
    ]
    path.write_bytes(csv_text([header, *[r for _, r in rows]], "\n").encode("utf-8"))
    return len(rows)


def write_recommendations(cast: dict[str, Person], path: Path) -> int:
    header = ["First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date", "Status"]
    # Company and Job Title: the recommender's current values, as in Connections.csv (what the
    # export holds there is undocumented; a time-of-writing value would make the join ambiguous).
    t, j, c = cast["tomas"], cast["jurgen"], cast["chiamaka"]
    rows = [
        [
            t.first,
            t.last,
            t.company,
            t.title,
            "Noor is the engineer you want next to you when the pipeline breaks at 2am. She rebuilt "
            "our shipment-events ingestion on Kafka, cut the nightly batch from 6 hours to 40 minutes, "
            "and still found time to mentor two juniors (including me).",
            "04/15/24, 09:25 PM",
            "VISIBLE",
        ],
        [
            j.first,
            j.last,
            j.company,
            j.title,
            "I managed Noor for three years. She combines deep technical judgement with a rare "
            'talent for explaining trade-offs to non-engineers; our ops teams called her "the '
            'translator". Any data platform team would be lucky to have her.',
            "11/02/22, 10:03 AM",
            "VISIBLE",
        ],
        [
            c.first,
            c.last,
            c.company,
            c.title,
            "Noor ran a brilliant, patient workshop on dbt for my analysts.",
            "06/30/25, 04:47 PM",
            "VISIBLE",
        ],
    ]
    path.write_bytes(csv_text([header, *rows], "\n").encode("utf-8"))
    return len(rows)


# --------------------------------------------------------------------------------------------
# vCards.
# --------------------------------------------------------------------------------------------
def esc3(text: str) -> str:
    """Escape a TEXT value for vCard 3.0/4.0."""
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold(line: str, limit: int = 75) -> list[str]:
    """Fold one logical line into physical lines of at most `limit` octets (UTF-8 safe)."""
    out, cur, size = [], "", 0
    for ch in line:
        n = len(ch.encode())
        if size + n > limit:
            out.append(cur)
            cur, size = " ", 1
        cur += ch
        size += n
    out.append(cur)
    return out


def qp_android(value: str) -> str:
    """Android's QUOTED-PRINTABLE: every byte escaped, soft break after 23 escapes."""
    out, count = [], 0
    for b in value.encode("utf-8"):
        out.append(f"={b:02X}")
        count += 3
        if count >= 67:
            out.append("=\r\n")
            count = 0
    text = "".join(out)
    return text[:-3] if text.endswith("=\r\n") else text


def needs_qp(*values: str) -> bool:
    return any(ord(ch) > 127 for v in values for ch in v)


def tiny_png(rng: random.Random) -> bytes:
    """A valid ~1.5 KB PNG (22x22 RGB noise) so PHOTO has real, decodable base64."""
    width = height = 22
    raw = b"".join(
        b"\x00" + bytes(rng.randrange(256) for _ in range(width * 3)) for _ in range(height)
    )

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + tag
            + data
            + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


@dataclass
class CardSpec:
    """One card to write: who, in which dialect, and with what."""

    person: Person
    dialect: str  # apple, google, android, outlook, v4
    name: str | None = None  # display name; None = no FN (N only)
    given: str = ""
    family: str = ""
    with_n: bool = True
    org: list[str] = field(default_factory=list)
    title: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)  # E.164
    linkedin: str | None = None  # X-SOCIALPROFILE URL (Apple)
    linkedin_user: str | None = None
    relations: list[tuple[str, str]] = field(default_factory=list)  # (name, kind)
    categories: str = ""
    photo: bool = False
    raw_fn: str | None = None  # an FN written verbatim (unescaped comma sample)
    note: str = ""
    rendered: list[str] = field(default_factory=list)
    phone_style: str | None = None  # force how the first number is written
    locator: str = ""


def render_card(spec: CardSpec, rng: random.Random, png: bytes) -> list[str]:
    d = spec.dialect
    L: list[str] = ["BEGIN:VCARD"]
    item = 0
    if d in ("apple", "google"):
        L.append("VERSION:3.0")
        if d == "apple":
            L.append(
                rng.choice(
                    [
                        "PRODID:-//Apple Inc.//iOS 17.4.1//EN",
                        "PRODID:-//Apple Inc.//macOS 14.4.1//EN",
                    ]
                )
            )
        if spec.with_n:
            L.append(f"N:{esc3(spec.family)};{esc3(spec.given)};;;")
        if spec.raw_fn is not None:
            L.append(f"FN:{spec.raw_fn}")
        elif spec.name:
            L.append(f"FN:{esc3(spec.name)}")
        if spec.org:
            L.append(
                "ORG:"
                + ";".join(esc3(u) for u in spec.org)
                + (";" if d == "apple" and len(spec.org) == 1 else "")
            )
        if spec.title:
            L.append(f"TITLE:{esc3(spec.title)}")
        for i, e in enumerate(spec.emails):
            kind = "WORK" if e.split("@")[1].count(".") > 1 else "HOME"
            if d == "apple":
                L.append(
                    f"EMAIL;type=INTERNET;type={kind}" + (";type=pref" if i == 0 else "") + f":{e}"
                )
            else:
                L.append(f"EMAIL;TYPE=INTERNET;TYPE={kind}:{e}")
        for i, ph in enumerate(spec.phones):
            if d == "apple":
                if i == 0:
                    item += 1
                    style = spec.phone_style or rng.choice(["apple", "apple-intl"])
                    L.append(f"item{item}.TEL;type=pref:{phone_form(ph, style)}")
                    L.append(f"item{item}.X-ABLabel:_$!<Mobile>!$_")
                else:
                    L.append(f"TEL;type=WORK;type=VOICE:{phone_form(ph, 'apple')}")
            else:
                if i == 1:
                    item += 1
                    L.append(f"item{item}.TEL:{phone_form(ph, 'google')}")
                    L.append(f"item{item}.X-ABLabel:Work mobile")
                else:
                    L.append(f"TEL;TYPE=CELL:{phone_form(ph, 'google')}")
        if spec.linkedin:
            L.append(f"X-SOCIALPROFILE;type=linkedin;x-user={spec.linkedin_user}:{spec.linkedin}")
        for rel, kind in spec.relations:
            item += 1
            L.append(f"item{item}.X-ABRELATEDNAMES:{esc3(rel)}")
            L.append(f"item{item}.X-ABLabel:_$!<{kind.capitalize()}>!$_")
        if spec.note:
            L.append(f"NOTE:{esc3(spec.note)}")
        if d == "google" and spec.categories:
            L.append(f"CATEGORIES:{spec.categories}")
        if d == "apple" and "macOS" in L[2]:
            L.append(
                f"X-ABUID:{str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()}:ABPerson"
            )
        if spec.photo:
            L.append("PHOTO;ENCODING=b;TYPE=PNG:" + base64.b64encode(png).decode())
        L.append("END:VCARD")
        out: list[str] = []
        for line in L:
            # Google folds every long line at 75 octets; Apple only its base64 PHOTO
            out += fold(line) if d == "google" or line.startswith("PHOTO") else [line]
        return out
    if d == "v4":
        L += [
            "VERSION:4.0",
            "PRODID:-//Sabre//Sabre VObject 4.5.6//EN",
            f"UID:urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}",
        ]
        if spec.name:
            L.append(f"FN:{esc3(spec.name)}")
        if spec.with_n:
            L.append(f"N:{esc3(spec.family)};{esc3(spec.given)};;;")
        if spec.org:
            L.append("ORG:" + ";".join(esc3(u) for u in spec.org))
        if spec.title:
            L.append(f"TITLE:{esc3(spec.title)}")
        for i, e in enumerate(spec.emails):
            kind = "work" if e.split("@")[1].count(".") > 1 else "home"
            L.append(f"EMAIL;TYPE={kind}" + (";PREF=1" if i == 0 else "") + f":{e}")
        for i, ph in enumerate(spec.phones):
            L.append(
                "TEL;TYPE=cell"
                + (";PREF=1" if i == 0 else "")
                + f";VALUE=uri:{phone_form(ph, 'v4')}"
            )
        for rel, kind in spec.relations:
            L.append(f"RELATED;TYPE={kind};VALUE=text:{esc3(rel)}")
        L.append(
            f"REV:{(datetime(2025, 1, 1) + timedelta(minutes=rng.randrange(600000))).strftime('%Y%m%dT%H%M%SZ')}"
        )
        L.append("END:VCARD")
        out = []
        for line in L:
            out += fold(line)
        return out
    # vCard 2.1: android / outlook. Values are not escaped; lines are not folded.
    L.append("VERSION:2.1")
    if d == "outlook":
        if spec.with_n:
            L.append(f"N;LANGUAGE=en-us:{spec.family};{spec.given}")
        if spec.name:
            L.append(f"FN:{spec.name}")
        if spec.org:
            L.append("ORG:" + ";".join(spec.org))
        if spec.title:
            L.append(f"TITLE:{spec.title}")
        for i, ph in enumerate(spec.phones):
            L.append(
                ("TEL;WORK;VOICE:" if i == 0 else "TEL;CELL;VOICE:") + phone_form(ph, "outlook")
            )
        if spec.note:
            L.append("LABEL;WORK;PREF;ENCODING=QUOTED-PRINTABLE:" + spec.note)
        for i, e in enumerate(spec.emails):
            L.append(("EMAIL;PREF;INTERNET:" if i == 0 else "EMAIL;INTERNET:") + e)
        L.append("X-MS-OL-DEFAULT-POSTAL-ADDRESS:0")
        L.append(
            f"REV:{(datetime(2024, 1, 1) + timedelta(minutes=rng.randrange(900000))).strftime('%Y%m%dT%H%M%SZ')}"
        )
        L.append("END:VCARD")
        return L
    # android
    qp = ";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE"
    if spec.with_n:
        if needs_qp(spec.family, spec.given):
            L.append(f"N{qp}:{qp_android(spec.family)};{qp_android(spec.given)};;;")
        else:
            L.append(f"N:{spec.family};{spec.given};;;")
    if spec.name:
        L.append(f"FN{qp}:{qp_android(spec.name)}" if needs_qp(spec.name) else f"FN:{spec.name}")
    for i, ph in enumerate(spec.phones):
        L.append(("TEL;CELL:" if i == 0 else "TEL;WORK:") + phone_form(ph, "android"))
    for i, e in enumerate(spec.emails):
        L.append(("EMAIL;HOME:" if i == 0 else "EMAIL;WORK:") + e)
    if spec.org:
        if needs_qp(*spec.org):
            L.append(f"ORG{qp}:" + ";".join(qp_android(u) for u in spec.org))
        else:
            L.append("ORG:" + ";".join(spec.org))
    if spec.title:
        L.append(
            f"TITLE{qp}:{qp_android(spec.title)}" if needs_qp(spec.title) else f"TITLE:{spec.title}"
        )
    for rel, kind in spec.relations:
        code = {"spouse": 14, "friend": 6, "brother": 2, "sister": 13, "mother": 8}[kind]
        L.append(f"X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;{rel};{code};;;;;;;;;;;;;")
    L.append("END:VCARD")
    return L


def card_name(spec: CardSpec) -> str:
    """The display name an importer should derive: FN, then N, then ORG, then EMAIL."""
    if spec.raw_fn:
        return spec.raw_fn
    if spec.name:
        return spec.name
    if spec.with_n and (spec.given or spec.family):
        return f"{spec.given} {spec.family}".strip()
    if spec.org:
        return spec.org[0]
    return spec.emails[0] if spec.emails else ""


def org_variant(rng: random.Random, company: str) -> list[str]:
    """How an address book tends to write a company the person's LinkedIn spells differently."""
    r = rng.random()
    base = company
    if r < 0.35:
        base = re.sub(r",? (Inc\.|Ltd\.|LLP|LLC|GmbH|Co\.)$", "", company)
    units = ["Data Platform", "Engineering", "Analytics", "Finance", "People", "Product"]
    if r > 0.8:
        return [base, rng.choice(units)]
    return [base]


def plan_cards(w: World, cast: dict[str, Person]) -> list[CardSpec]:
    rng = w.rng
    specs: list[CardSpec] = []

    def add(spec: CardSpec) -> CardSpec:
        spec.person.phones = list(dict.fromkeys([*spec.person.phones, *spec.phones]))
        for e in spec.emails:
            assert w.used_emails.get(e, spec.person.pid) == spec.person.pid, e
            w.used_emails[e] = spec.person.pid
        specs.append(spec)
        return spec

    c = cast
    # --- the story's cards --------------------------------------------------------------------
    tomas = c["tomas"]
    add(
        CardSpec(
            tomas,
            "apple",
            tomas.clean_name,
            tomas.first,
            tomas.last,
            org=[NORTHWIND],
            title=tomas.title,
            emails=[tomas.li_email or ""],
            phones=[w.phone("uk-mobile")],
            linkedin=tomas.url,
            linkedin_user=tomas.slug,
            relations=[("Luiza", "spouse")],
            photo=True,
        )
    )
    ada = c["adaeze"]
    add(
        CardSpec(
            ada,
            "google",
            ada.clean_name,
            ada.first,
            ada.last,
            org=["Halcyon Robotics"],
            title=ada.title,
            emails=list(ada.emails),
            phones=[w.phone("uk-mobile")],
            categories="myContacts,starred",
        )
    )
    jur = c["jurgen"]  # stale ORG; joins the LinkedIn rows only through the URL
    add(
        CardSpec(
            jur,
            "apple",
            jur.clean_name,
            jur.first,
            jur.last,
            org=[TALLOWBROOK],
            title="Engineering Lead, Data",
            phones=[w.phone("uk-london")],
            linkedin=f"https://www.linkedin.com/in/{unquote(jur.slug or '')}",
            linkedin_user=unquote(jur.slug or ""),
        )
    )
    kenji = c["kenji"]  # name + company: "Fernhill Capital;Investments" vs "Fernhill Capital LLC"
    add(
        CardSpec(
            kenji,
            "outlook",
            kenji.clean_name,
            kenji.first,
            kenji.last,
            org=["Fernhill Capital", "Investments"],
            title="Principal",
            emails=list(kenji.emails),
            phones=[w.phone("us-212"), w.phone("us-212")],
            note="Fernhill Capital=0D=0A=\n1 Fictional Plaza, New York, NY  10004",
        )
    )
    wei = c["wei_nw"]  # name + company picks the right Wei Zhang
    add(
        CardSpec(
            wei,
            "google",
            wei.clean_name,
            wei.first,
            wei.last,
            org=[NORTHWIND],
            title=wei.title,
            emails=list(wei.emails),
            phones=[w.phone("us-617")],
            categories="myContacts,Work",
        )
    )
    chi = c["chiamaka"]  # e-mail only: a nickname and no ORG
    add(
        CardSpec(
            chi,
            "google",
            "Chi Eze",
            "Chi",
            "Eze",
            emails=[chi.li_email or ""],
            phones=[w.phone("uk-mobile")],
            categories="myContacts",
        )
    )
    maria = c["maria_vc"]  # NOT the LinkedIn María García
    add(
        CardSpec(
            maria,
            "google",
            maria.clean_name,
            maria.first,
            maria.last,
            emails=list(maria.emails),
            phones=[w.phone("uk-london")],
            categories="myContacts,Neighbours",
            note="Flat 2. Has the spare key.",
        )
    )
    bao = c["bao"]  # two cards, two dialects, one phone number
    bao_phone = w.phone("us-415")
    add(
        CardSpec(
            bao,
            "apple",
            bao.clean_name,
            bao.first,
            bao.last,
            phones=[bao_phone],
            emails=["bao.nguyen@example.net"],
            phone_style="apple-intl",
        )
    )
    # (the Android card is added in the Android block below)
    helen = Person(w.new_pid("v"), "Helen", "Brooks", "Kingsgate Dental Practice", "Dentist")
    w.add(helen)
    add(
        CardSpec(
            helen,
            "google",
            None,
            "Helen",
            "Brooks",
            org=["Kingsgate Dental Practice"],
            phones=[w.phone("uk-london")],
            raw_fn="Dr. Helen Brooks, DDS",
            categories="myContacts",
        )
    )
    # family and friends
    samira = w.add(Person(w.new_pid("v"), "Samira", "Haddad", note="mother"))
    youssef = w.add(Person(w.new_pid("v"), "Youssef", "Haddad", note="father"))
    karim = w.add(
        Person(
            w.new_pid("v"),
            "Karim",
            "Haddad",
            "Redwater Energy, Ltd.",
            "Process Engineer",
            note="brother",
        )
    )
    carlos = w.add(Person(w.new_pid("v"), "Carlos", "Mendes", note="friend"))
    beatriz = w.add(Person(w.new_pid("v"), "Beatriz", "Mendes", note="friend"))
    add(
        CardSpec(
            karim,
            "apple",
            "Karim Haddad",
            "Karim",
            "Haddad",
            org=["Redwater Energy, Ltd."],
            title="Process Engineer",
            phones=[w.phone("uk-mobile")],
            emails=["karim.haddad@example.net"],
            relations=[("Lina Haddad", "spouse")],
        )
    )
    add(
        CardSpec(
            carlos,
            "apple",
            "Carlos Mendes",
            "Carlos",
            "Mendes",
            phones=[w.phone("uk-mobile")],
            relations=[("Beatriz Mendes", "spouse")],
        )
    )
    add(
        CardSpec(
            beatriz,
            "apple",
            "Beatriz Mendes",
            "Beatriz",
            "Mendes",
            phones=[w.phone("uk-mobile")],
            emails=["bia.mendes@example.com"],
        )
    )

    # --- the user's LinkedIn connections who are also in her address book ---------------------
    eligible = [
        p
        for p in w.people.values()
        if "me" in p.nets
        and p.pid not in cast
        and not p.decorated
        and not p.native
        and p.company
        and p.company not in ("Self-employed", "Freelance")
    ]
    eligible.sort(key=lambda p: p.pid)
    overlap = rng.sample(eligible, 66)
    plan = ["apple"] * 23 + ["google"] * 17 + ["android"] * 12 + ["outlook"] * 7 + ["v4"] * 7
    rng.shuffle(plan)
    for p, dialect in zip(overlap, plan, strict=True):
        if dialect == "outlook" and needs_qp(p.clean_name, p.company):
            dialect = "google"
        with_url = dialect == "apple" and rng.random() < 0.55
        org = org_variant(rng, p.company)
        if dialect == "v4" and len(org) == 1:
            org = [org[0], rng.choice(["Data Platform", "Engineering", "Risk", "Growth"])]
        emails = []
        if rng.random() < 0.6:
            emails.append(f"{slugify(p.first)}.{slugify(p.last)}@{company_domain(p.company)}")
        if p.li_email and rng.random() < 0.7:
            emails.append(p.li_email)
        phones = [w.random_phone()] if rng.random() < 0.75 else []
        url = p.url
        if with_url and rng.random() < 0.2:
            url = f"http://linkedin.com/in/{p.slug}/"  # scheme/host/trailing slash variants
        spec = CardSpec(
            p,
            dialect,
            p.clean_name,
            p.first,
            p.last,
            org=org,
            title=p.title.strip(),
            emails=emails,
            phones=phones,
            linkedin=url if with_url else None,
            linkedin_user=unquote(p.slug or "") if with_url else None,
            categories="myContacts,Work" if dialect == "google" else "",
        )
        if dialect == "android" and rng.random() < 0.3:
            spec.name = None  # N only
        add(spec)

    # --- personal contacts who are not on LinkedIn --------------------------------------------
    personal_orgs = [
        "Kingsgate Dental Practice",
        "St Aldric Primary School",
        "Hollowmere Vets",
        "Oakfield Lettings",
        "Canal Street Climbing",
        "Northgate Pharmacy",
        "Parkside Physio",
        "Riverside Tennis Club",
    ]
    non_ascii_personal = [
        ("Łukasz", "Wójcik", "polish"),
        ("Hương", "Nguyễn Thị Thanh", "vietnamese"),
        ("静", "陈", "chinese"),
        ("Ελένη", "Παπαδοπούλου", "greek"),
        ("Gülşen", "Öztürk", "turkish"),
        ("Zoë", "Lefèvre", "french"),
    ]
    personal: list[Person] = []
    for first, last, culture in non_ascii_personal:
        personal.append(w.add(Person(w.new_pid("v"), first, last, culture=culture)))
    while len(personal) < 68:
        first, last, culture, _ = w.random_name()
        personal.append(w.add(Person(w.new_pid("v"), first, last, culture=culture)))
    pdialects = (
        ["android"] * 6
        + ["apple"] * 18
        + ["google"] * 19
        + ["android"] * 14
        + ["outlook"] * 5
        + ["v4"] * 6
    )
    for i, (p, dialect) in enumerate(zip(personal, pdialects, strict=True)):
        if dialect == "outlook" and needs_qp(p.clean_name):
            dialect = "google"
        org = []
        if rng.random() < 0.25:
            org = [rng.choice(personal_orgs)]
            p.company = org[0]
        emails = (
            []
            if rng.random() < 0.4
            else [
                f"{slugify(p.first) or 'contact'}{rng.choice(['', '.', '_'])}{slugify(p.last) or i}"
                f"@{rng.choice(['example.com', 'example.net', 'example.org'])}"
            ]
        )
        if emails and emails[0] in w.used_emails:
            emails = []
        phones = [w.random_phone()] if rng.random() < 0.85 else []
        if not emails and not phones:
            phones = [w.random_phone()]
        is_cjk = p.first in ("静",)
        given, family = p.first, p.last
        spec = CardSpec(
            p,
            dialect,
            f"{family}{given}" if is_cjk else p.clean_name,
            given,
            family,
            org=org,
            emails=emails,
            phones=phones,
            categories=rng.choice(
                ["myContacts", "myContacts,Friends", "myContacts,Family", "starred,myContacts"]
            )
            if dialect == "google"
            else "",
        )
        if dialect == "android" and i >= 6 and rng.random() < 0.35:
            spec.name = None
        add(spec)

    # --- special shapes -----------------------------------------------------------------------
    add(
        CardSpec(
            samira,
            "android",
            "Samira Haddad",
            "Samira",
            "Haddad",
            phones=[w.phone("uk-leeds"), w.phone("uk-mobile")],
            relations=[("Youssef Haddad", "spouse")],
        )
    )
    add(CardSpec(youssef, "android", None, "Youssef", "Haddad", phones=[w.phone("uk-leeds")]))
    add(CardSpec(bao, "android", None, "Bao", "Nguyen", phones=[bao_phone]))
    plumber = w.add(
        Person(
            w.new_pid("v"), "Brightwater Plumbing & Heating", "", "Brightwater Plumbing & Heating"
        )
    )
    add(
        CardSpec(
            plumber,
            "android",
            None,
            with_n=False,
            org=["Brightwater Plumbing & Heating"],
            phones=[w.phone("uk-london")],
        )
    )
    emailonly = w.add(Person(w.new_pid("v"), "", "", note="only an e-mail address"))
    add(CardSpec(emailonly, "android", None, with_n=False, emails=["k.darko.photo@example.net"]))

    # 4.0 relations
    v4s = [s for s in specs if s.dialect == "v4"]
    v4s[0].relations.append(("Bảo Nguyễn", "friend"))
    v4s[1].relations.append(("Priscila", "colleague"))
    v4s[2].relations.append(("Ines", "spouse"))
    androids = [
        s
        for s in specs
        if s.dialect == "android" and s.person.pid.startswith("v") and s.name and not s.relations
    ]
    androids[0].relations.append(("Minh", "brother"))
    return specs


def write_vcards(w: World, specs: list[CardSpec], path: Path, records: list[Rec]) -> dict[str, int]:
    rng = w.rng
    png = tiny_png(rng)
    order = {"apple": 0, "google": 1, "android": 2, "outlook": 3, "v4": 4}
    # the file is several exports pasted together: grouped by producer, shuffled inside a group
    groups: dict[str, list[CardSpec]] = {k: [] for k in order}
    for s in specs:
        groups[s.dialect].append(s)
    lines: list[str] = []
    stats: dict[str, int] = {k: 0 for k in order}
    n_cards = 0
    for dialect in order:
        block = groups[dialect]
        rng.shuffle(block)
        for s in block:
            start = sum(line.count("\n") + 1 for line in lines) + 1  # QP soft breaks span lines
            n_cards += 1
            card = render_card(s, rng, png)
            s.rendered = card
            lines += card
            stats[dialect] += 1
            stats["without_fn"] = stats.get("without_fn", 0) + (s.name is None and s.raw_fn is None)
            stats["quoted_printable"] = stats.get("quoted_printable", 0) + any(
                "QUOTED-PRINTABLE" in line for line in card
            )
            stats["x_socialprofile"] = stats.get("x_socialprofile", 0) + bool(s.linkedin)
            name = card_name(s)
            records.append(
                Rec(
                    s.person.pid,
                    "me:contacts.vcf",
                    f"me/contacts.vcf card {n_cards} (line {start})",
                    name,
                    s.org[0] if s.org else "",
                    s.linkedin,
                    list(s.emails),
                    list(s.phones),
                )
            )
            s.locator = records[-1].locator
    # A relation names someone by name only. It is the card of that name in the same file if
    # there is one (netgraph.ingest.apply links the two); otherwise it is a new, name-only person.
    card_pids: dict[str, str] = {}
    for s in specs:
        card_pids.setdefault(name_key(card_name(s)), s.person.pid)
    for s in specs:
        for rel, kind in s.relations:
            pid = card_pids.get(name_key(rel))
            if pid is None:
                person = w.add(Person(w.new_pid("rel"), rel, "", note=f"{kind} of {card_name(s)}"))
                pid = person.pid
                records.append(
                    Rec(pid, "me:contacts.vcf relation", f"{s.locator} relation {rel!r}", rel)
                )
            w.relation_edges.append((s.person.pid, pid, kind))
    text = "\r\n".join(lines) + "\r\n"
    text = text.replace("=\n", "=\r\n")  # the Outlook LABEL's QP soft break
    path.write_bytes(text.encode("utf-8"))
    stats["cards"] = len(specs)
    return stats


# --------------------------------------------------------------------------------------------
# Main.
# --------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT, help="output folder (default: sample_data/)")
    args = ap.parse_args(argv)
    out: Path = args.out

    w = World(SEED)
    cast = build_cast(w)
    fill_networks(w, cast)
    specs = plan_cards(w, cast)

    records: list[Rec] = []
    me = cast["me"]
    records.append(
        Rec(
            "me",
            "demo.json",
            "demo.json me",
            me.clean_name,
            "",
            me.url,
            ["noor.haddad@example.com", "noor@haddad.example.net"],
        )
    )
    li = out / "me" / "linkedin"
    li.mkdir(parents=True, exist_ok=True)
    summary: dict[str, object] = {}
    friends = {"tomas": "tomas-ferreira", "adaeze": "adaeze-nwosu", "marek": "marek-nowak"}
    summary["me/linkedin/Connections.csv"] = write_connections(
        w, "me", li / "Connections.csv", records, excel=False, blanks=5
    )
    for owner, slug in friends.items():
        summary[f"friends/{slug}/Connections.csv"] = write_connections(
            w,
            owner,
            out / "friends" / slug / "Connections.csv",
            records,
            excel=(owner == "adaeze"),
            blanks={"tomas": 3, "adaeze": 2, "marek": 1}[owner],
        )
    msg = write_messages(w, cast, li / "messages.csv")
    summary["me/linkedin/messages.csv"] = {k: v for k, v in msg.items() if k != "counts"}
    window = USER_EXPORT - timedelta(days=182)
    recent: list[tuple[Person, date]] = []
    # Invitations: the connections made in the last ~6 months (read back from the file we wrote).
    urls = {p.url: p for p in w.people.values() if p.url}
    with open(li / "Connections.csv", encoding="utf-8", newline="") as fh:
        for _ in range(3):
            fh.readline()
        for row in csv.DictReader(fh):
            d = datetime.strptime(row["Connected On"], "%d %b %Y").date()
            if d >= window and row["URL"]:
                recent.append((urls[row["URL"]], d))
    summary["me/linkedin/Invitations.csv"] = {
        "rows": write_invitations(w, cast, li / "Invitations.csv", recent)
    }
    summary["me/linkedin/Endorsement_Received_Info.csv"] = {
        "rows": write_endorsements(w, cast, li / "Endorsement_Received_Info.csv")
    }
    summary["me/linkedin/Recommendations_Received.csv"] = {
        "rows": write_recommendations(cast, li / "Recommendations_Received.csv")
    }
    summary["me/contacts.vcf"] = write_vcards(w, specs, out / "me" / "contacts.vcf", records)

    shared = check_identity(records)
    people = sorted({r.pid for r in records})
    distinct = len(people)

    demo = {
        "me": {
            "name": me.clean_name,
            "emails": ["noor.haddad@example.com", "noor@haddad.example.net"],
            "linkedin": me.url,
        },
        "imports": [
            {"kind": "linkedin", "path": "me/linkedin"},
            {"kind": "vcard", "path": "me/contacts.vcf", "region": "GB"},
            *[
                {
                    "kind": "linkedin",
                    "path": f"friends/{slug}/Connections.csv",
                    "owner": cast[owner].clean_name,
                }
                for owner, slug in friends.items()
            ],
        ],
        "targets": [cast[k].clean_name for k in ("oluwaseun", "camila", "ayse", "thiago")],
    }
    (out / "demo.json").write_text(
        json.dumps(demo, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )

    facts = build_facts(w, cast, specs, records, shared, msg, summary, distinct)
    (out / "expected.json").write_text(
        json.dumps(facts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (out / "README.md").write_text(render_readme(facts), encoding="utf-8")

    total = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"sample data written to {out} ({total / 1024:.0f} KB)")
    for name, stats in summary.items():
        print(f"  {name:48} {stats}")
    print(f"  relations on cards: {facts['relation_names']}")
    print(f"  name-only people from card relations: {facts['name_only_relation_people']}")
    print(
        f"expected distinct people after importing everything: {distinct} "
        f"(including the user; {distinct - 1} excluding her)"
    )
    return 0


def build_facts(
    w: World,
    cast: dict[str, Person],
    specs: list[CardSpec],
    records: list[Rec],
    shared: list[set[str]],
    msg: dict[str, object],
    summary: dict[str, object],
    distinct: int,
) -> dict[str, object]:
    def sources(pid: str) -> list[str]:
        return sorted({r.source for r in records if r.pid == pid})

    def locs(pid: str) -> list[str]:
        return [r.locator for r in records if r.pid == pid and r.source != "demo.json"]

    def fb_name(pid: str) -> str:
        return next(
            r.name for r in records if r.pid == pid and r.source == "adaeze:Connections.csv"
        )

    def tel(pid: str, dialect: str) -> str:
        spec = next(x for x in specs if x.person.pid == pid and x.dialect == dialect)
        return next(line for line in spec.rendered if "TEL" in line.split(":")[0])

    c = cast
    counts = msg["counts"]
    assert isinstance(counts, dict)
    in_me = [p for p in w.people.values() if "me" in p.nets]
    assert all(p.company not in (KESTREL, QUILLFEATHER) for p in in_me)
    assert [p.pid for p in in_me if p.company == HALCYON] == ["adaeze", "dmitri"]
    for t in ("oluwaseun", "camila", "ayse", "thiago", "marek"):
        assert "me" not in c[t].nets
    # degrees by breadth-first search over the explicit edges (owner of a file -> each person in
    # it; a friend who shared their export -> Noor, whether or not their export lists her)
    owner_of = {
        "me:Connections.csv": "me",
        "me:contacts.vcf": "me",
        "tomas:Connections.csv": "tomas",
        "adaeze:Connections.csv": "adaeze",
        "marek:Connections.csv": "marek",
    }
    adj: dict[str, set[str]] = {}
    for r in records:
        if r.source in owner_of and r.pid != owner_of[r.source]:
            adj.setdefault(owner_of[r.source], set()).add(r.pid)
            adj.setdefault(r.pid, set()).add(owner_of[r.source])
    for friend in ("tomas", "adaeze", "marek"):
        adj.setdefault("me", set()).add(friend)
        adj.setdefault(friend, set()).add("me")
    for a_pid, b_pid, _ in w.relation_edges:
        adj.setdefault(a_pid, set()).add(b_pid)
        adj.setdefault(b_pid, set()).add(a_pid)
    degree = {"me": 0}
    frontier = ["me"]
    while frontier:
        nxt = []
        for u in frontier:
            for v in sorted(adj.get(u, ())):
                if v not in degree:
                    degree[v] = degree[u] + 1
                    nxt.append(v)
        frontier = nxt
    assert len(degree) == distinct, "everyone is reachable from the user"
    by_degree = {d: sum(1 for x in degree.values() if x == d) for d in (1, 2, 3)}
    assert by_degree[3] == 0, "every friend who shared is first degree: nobody is third"
    for t, d in (
        ("oluwaseun", 2),
        ("camila", 2),
        ("ayse", 2),
        ("thiago", 2),
        ("marek", 1),
        ("tomas", 1),
        ("adaeze", 1),
        ("dmitri", 1),
        ("wei_hr", 2),
        ("anh_kb", 2),
    ):
        assert degree[t] == d, (t, degree[t])
    assert "oluwaseun" in adj["adaeze"] and "oluwaseun" in adj["tomas"]
    assert "camila" in adj["tomas"] and "ayse" in adj["marek"] and "thiago" in adj["adaeze"]
    assert adj["ayse"] == {"marek"} and adj["camila"] == {"tomas"}
    li_pids = {r.pid for r in records if r.source.endswith("Connections.csv")}
    rel_only = sorted({r.name for r in records if r.source == "me:contacts.vcf relation"})
    vc_pids = {r.pid for r in records if r.source == "me:contacts.vcf"}
    mine = {r.pid for r in records if r.source == "me:Connections.csv"}
    facts: dict[str, object] = {
        "seed": SEED,
        "distinct_people": distinct,
        "distinct_people_excluding_me": distinct - 1,
        "people_by_degree": by_degree,
        "people_breakdown": {
            "in_my_connections": len(mine),
            "in_address_book": len(vc_pids),
            "in_both_my_connections_and_address_book": len(mine & vc_pids),
            "address_book_only": len(vc_pids - li_pids),
            "only_in_friends_exports": len(li_pids - mine - vc_pids - {"me"}),
            "name_only_from_card_relations": len(rel_only),
        },
        "name_only_relation_people": rel_only,
        "relations_linking_cards": sorted(
            {w.people[b].clean_name for a, b, _ in w.relation_edges if not b.startswith("rel")}
        ),
        "files": summary,
        "me": {"name": c["me"].clean_name, "linkedin": c["me"].url},
        "friends": [
            {
                "owner": c["tomas"].clean_name,
                "path": "friends/tomas-ferreira/Connections.csv",
                "format": "current (preamble, 7 columns, DD Mon YYYY, UTF-8, LF)",
                "degree": 1,
                "lists_me": True,
            },
            {
                "owner": c["adaeze"].clean_name,
                "path": "friends/adaeze-nwosu/Connections.csv",
                "format": "Excel re-save (no preamble, 7 columns, d-Mon-yy, cp1252 with '?' for "
                "unencodable characters, CRLF)",
                "degree": 1,
                "lists_me": True,
            },
            {
                "owner": c["marek"].clean_name,
                "path": "friends/marek-nowak/Connections.csv",
                "format": "current (preamble, 7 columns, DD Mon YYYY, UTF-8, LF)",
                "degree": 1,
                "lists_me": False,
                "introduced_by": c["tomas"].clean_name,
            },
        ],
        "merges": [
            {
                "person": c["jurgen"].clean_name,
                "key": "linkedin",
                "why": "`/in/j%C3%BCrgen-weber-4b1` in both Connections files; the Apple card has "
                "X-SOCIALPROFILE `/in/jürgen-weber-4b1` and a stale ORG (Tallowbrook "
                "Logistics), so only the URL joins it",
                "records": locs("jurgen"),
            },
            {"person": c["tomas"].clean_name, "key": "linkedin+email", "records": locs("tomas")},
            {
                "person": c["minjun"].clean_name,
                "key": "linkedin",
                "why": f"Adaeze's cp1252 file spells the name `{fb_name('minjun')}`",
                "records": locs("minjun"),
            },
            {
                "person": c["quang"].clean_name,
                "key": "linkedin",
                "why": f"Adaeze's cp1252 file spells it `{fb_name('quang')}`",
                "records": locs("quang"),
            },
            {
                "person": c["rafael"].clean_name,
                "key": "linkedin",
                "why": "company differs between exports (Tallowbrook vs Northwind)",
                "records": locs("rafael"),
            },
            {
                "person": c["chiamaka"].clean_name,
                "key": "email",
                "why": "vCard 'Chi Eze' (no ORG) and her LinkedIn row share chiamaka.eze@example.net",
                "records": locs("chiamaka"),
            },
            {
                "person": c["bao"].clean_name,
                "key": "phone",
                "why": f"Apple card `{tel('bao', 'apple')}` and Android 2.1 card 'Bao Nguyen' "
                f"(N only, no FN) `{tel('bao', 'android')}`; no other shared key",
                "records": locs("bao"),
            },
            {
                "person": c["kenji"].clean_name,
                "key": "name+company",
                "why": "Outlook 'ORG:Fernhill Capital;Investments' vs LinkedIn 'Fernhill Capital LLC'",
                "records": locs("kenji"),
            },
            {
                "person": c["wei_nw"].clean_name + " (Northwind)",
                "key": "name+company",
                "why": "Google card ORG Northwind Analytics; the other Wei Zhang is at Halcyon",
                "records": locs("wei_nw"),
            },
            {
                "person": c["adaeze"].clean_name,
                "key": "name+company",
                "why": "Google card 'Halcyon Robotics' vs LinkedIn 'Halcyon Robotics, Inc.'",
                "records": locs("adaeze"),
            },
        ],
        "must_stay_separate": [
            {
                "name": "Wei Zhang",
                "people": [locs("wei_nw")[0], locs("wei_hr")[0]],
                "why": "different URLs, Northwind Analytics vs Halcyon Robotics, Inc.",
            },
            {
                "name": "María García / Maria Garcia",
                "people": [locs("maria_li")[0], locs("maria_vc")[0]],
                "why": "same name key; the vCard has no company, no URL and a different e-mail",
            },
            {
                "name": "Anh Nguyen",
                "people": [locs("anh_tb")[0], locs("anh_kb")[0]],
                "why": "different URLs, Tallowbrook Logistics vs Kestrel Bio",
            },
        ],
        "targets": [
            {
                "name": c["oluwaseun"].clean_name,
                "title": c["oluwaseun"].title,
                "company": HALCYON,
                "degree": 2,
                "best_referrer": c["adaeze"].clean_name,
                "other_routes": [
                    f"{c['tomas'].clean_name} (2nd degree too, but he only met "
                    "Oluwaseun at a meetup in Nov 2025; Adaeze has worked with him "
                    "since 2019)"
                ],
            },
            {
                "name": c["camila"].clean_name,
                "title": c["camila"].title,
                "company": NORTHWIND,
                "degree": 2,
                "best_referrer": c["tomas"].clean_name,
                "other_routes": ["pending OUTGOING invitation from Noor (not a connection)"],
            },
            {
                "name": c["ayse"].clean_name,
                "title": c["ayse"].title,
                "company": KESTREL,
                "degree": 2,
                "best_referrer": c["marek"].clean_name,
                "other_routes": [],
            },
            {
                "name": c["thiago"].clean_name,
                "title": c["thiago"].title,
                "company": QUILLFEATHER,
                "degree": 2,
                "best_referrer": c["adaeze"].clean_name,
                "other_routes": [
                    f"{c['marek'].clean_name} (2nd degree too, by a weaker tie: he knows Noor "
                    "because he shared his export)"
                ],
            },
        ],
        "ties": {
            name: {"sent_by_me": counts[pid][0], "received_by_me": counts[pid][1]}
            for pid, name in ((k, c[k].clean_name) for k in ("tomas", "adaeze", "dmitri", "rafael"))
        },
        "unwilling_looking": [
            {
                "name": c["dmitri"].clean_name,
                "company": HALCYON,
                "why": "1st degree, works with the target Oluwaseun Bakare, but Noor's 3 messages "
                "got no reply; no export links him to the target. If co-worker edges are "
                "inferred he must rank below Adaeze Nwosu.",
            },
            {
                "name": c["camila"].clean_name,
                "why": "Noor's invitation of 2/14/26 is still pending: Camila stays 2nd degree.",
            },
        ],
        "relation_names": [
            f"{rel} ({kind}, on {s.dialect} card of {card_name(s)})"
            for s in specs
            for rel, kind in s.relations
        ],
        "not_people": ["date-only rows", "'LinkedIn Member' (sponsored InMail, no URL)"],
    }
    # targets and friend owners are looked up by name in demo.json: their names must be unique
    for k in ("oluwaseun", "camila", "ayse", "thiago", "tomas", "adaeze", "marek", "me"):
        holders = {r.pid for r in records if name_key(r.name) == name_key(c[k].clean_name)}
        assert holders == {k}, (k, holders)
    pitfalls = []
    for sp in specs:
        if sp.dialect in ("android", "outlook") and any("," in u for u in sp.org):
            pitfalls.append(
                f"{card_name(sp)}: vCard 2.1 `ORG:{';'.join(sp.org)}` is unescaped; "
                "vobject splits the first unit at the comma (the company key must "
                "still be the whole first unit)"
            )
        if sp.raw_fn and "," in sp.raw_fn:
            pitfalls.append(
                f"`FN:{sp.raw_fn}` (Google 3.0, unescaped comma): vobject reads "
                f"`{sp.raw_fn.split(',')[0]}`; N is `{sp.family};{sp.given}`"
            )
    facts["vobject_pitfalls"] = pitfalls
    # the keys claimed above are the only ones that join these records to the rest
    claimed = [
        ("jurgen", "contacts.vcf", {"linkedin"}),
        ("chiamaka", "contacts.vcf", {"email"}),
        ("bao", "contacts.vcf", {"phone"}),
        ("kenji", "contacts.vcf", {"name+company"}),
        ("wei_nw", "contacts.vcf", {"name+company"}),
        ("adaeze", "contacts.vcf", {"name+company"}),
        ("minjun", "adaeze:", {"linkedin"}),
        ("quang", "adaeze:", {"linkedin"}),
        ("rafael", "tomas:", {"linkedin"}),
        ("tomas", "contacts.vcf", {"linkedin", "email", "name+company"}),
    ]
    for pid, src, keys in claimed:
        hits = [shared[i] for i, r in enumerate(records) if r.pid == pid and src in r.source]
        assert hits and all(h == keys for h in hits), (pid, src, hits)
    for pair in (("wei_nw", "wei_hr"), ("maria_li", "maria_vc"), ("anh_tb", "anh_kb")):
        a, b = (w.people[x] for x in pair)
        assert name_key(a.clean_name) == name_key(b.clean_name)
    return facts


def render_readme(f: dict[str, Any]) -> str:
    files = f["files"]
    me_c = files["me/linkedin/Connections.csv"]
    vcf = files["me/contacts.vcf"]
    fa = files["friends/tomas-ferreira/Connections.csv"]
    fb = files["friends/adaeze-nwosu/Connections.csv"]
    fc = files["friends/marek-nowak/Connections.csv"]
    msgs = files["me/linkedin/messages.csv"]
    pb = f["people_breakdown"]
    deg = f["people_by_degree"]
    ties = f["ties"]
    L: list[str] = []
    add = L.append
    add("# netgraph sample data\n")
    add(
        "Everything here is invented and generated by `tools/make_sample_data.py` (seeded, "
        "deterministic, standard library only). Do not edit these files by hand: change the "
        "generator and run `python tools/make_sample_data.py`. Names are combined at random from "
        "per-culture lists; companies are fictional; e-mail addresses use example.com/.org/.net; "
        "phone numbers come from ranges reserved for fiction (US 555-0100..0199, UK 020 7946 0xxx, "
        "0113 496 0xxx, 07700 900xxx). `expected.json` holds the facts below in machine-readable "
        "form.\n"
    )
    add("## The story\n")
    add(
        "**Noor Haddad** is a senior data engineer in London. She spent six years at Tallowbrook "
        "Logistics and was laid off in February 2026 along with most of the data team. She wants "
        "to join the data platform team at **Halcyon Robotics, Inc.** or **Northwind Analytics**, "
        "and she would rather be introduced than apply cold.\n"
    )
    add(
        "She brings her own LinkedIn export (`me/linkedin/`) and her phone's address book "
        "(`me/contacts.vcf`). The address book was pasted together from an iPhone, Google "
        "Contacts, an old Android phone, Outlook and a CardDAV server, so it holds five vCard "
        "dialects in one file. Three people agreed to share their LinkedIn connections:\n"
    )
    add(
        "* **Tomás Ferreira** (`friends/tomas-ferreira/`): Noor's former teammate at Tallowbrook, "
        "now Senior Data Engineer at Northwind Analytics. This is her strongest tie: the most "
        f"messages in both directions ({ties['Tomás Ferreira']['sent_by_me']} sent, "
        f"{ties['Tomás Ferreira']['received_by_me']} received) and a recommendation. The export "
        "has the current layout."
    )
    add(
        "* **Adaeze Nwosu** (`friends/adaeze-nwosu/`): Noor's friend from university (they "
        "connected in 2014), now Senior Product Manager at Halcyon Robotics. She has already "
        "offered a referral to Oluwaseun Bakare, whom she has worked with since 2019. She opened "
        "her export in Excel and saved it again, so the file is "
        "an **Excel re-save**: no `Notes:` preamble, dates like `5-Jan-26`, Windows-1252 bytes "
        "(characters outside cp1252 became `?`) and CRLF line ends."
    )
    add(
        "* **Marek Nowak** (`friends/marek-nowak/`): Tomás's former manager, now Staff Software "
        "Engineer at Kestrel Bio. He is **not** connected to Noor on LinkedIn (his export does "
        "not list her, hers do not list him): Tomás asked him to share his export with her. "
        'Sharing it is what ties him to Noor (evidence "shared their export with you"), so he '
        "is first degree and the people of his export are second degree, not third.\n"
    )
    add("`demo.json` tells `netgraph demo` what to import and which people to look for.\n")
    add("## Files\n")
    add("| File | Content |")
    add("|---|---|")
    add(
        f"| `me/linkedin/Connections.csv` | {me_c['rows']} rows (current 7-column layout, 3-line "
        f"preamble, UTF-8, LF, newest first): {me_c['date_only']} date-only rows, "
        f"{me_c['emails']} with an e-mail, {me_c['quoted']} with a quoted comma in Last Name or "
        "Company, emoji, stray spaces, percent-encoded and odd slugs (`%7Ekofi`, "
        "`-harry-evans-`) |"
    )
    add(
        f"| `me/linkedin/messages.csv` | {msgs['messages']} messages with {msgs['counterparts']} "
        f"counterparts, every field quoted, embedded newlines and doubled quotes; Noor sent "
        f"{msgs['sent_by_me']} (the most frequent sender); one group chat; one sponsored InMail "
        "from `LinkedIn Member` (no URL) |"
    )
    add(
        f"| `me/linkedin/Invitations.csv` | {files['me/linkedin/Invitations.csv']['rows']} rows "
        '(about six months), dates like `"4/6/26, 2:12 PM"` |'
    )
    add(
        f"| `me/linkedin/Endorsement_Received_Info.csv` | "
        f"{files['me/linkedin/Endorsement_Received_Info.csv']['rows']} rows; URLs without a "
        "scheme and with raw (decoded) non-ASCII slugs |"
    )
    add(
        f"| `me/linkedin/Recommendations_Received.csv` | "
        f"{files['me/linkedin/Recommendations_Received.csv']['rows']} rows (no URL: join by name) |"
    )
    add(
        f"| `me/contacts.vcf` | {vcf['cards']} cards, CRLF: {vcf['apple']} Apple 3.0, "
        f"{vcf['google']} Google 3.0, {vcf['android']} Android 2.1, {vcf['outlook']} Outlook 2.1, "
        f"{vcf['v4']} vCard 4.0; {vcf['without_fn']} without FN, {vcf['quoted_printable']} with "
        f"QUOTED-PRINTABLE, {vcf['x_socialprofile']} with a LinkedIn X-SOCIALPROFILE, one ~2 KB "
        "PNG PHOTO (on Tomás's card) |"
    )
    add(
        f"| `friends/tomas-ferreira/Connections.csv` | {fa['rows']} rows ({fa['date_only']} "
        "date-only), current layout |"
    )
    add(
        f"| `friends/adaeze-nwosu/Connections.csv` | {fb['rows']} rows ({fb['date_only']} "
        "date-only), Excel re-save (cp1252, `d-Mon-yy`, no preamble, CRLF) |"
    )
    add(
        f"| `friends/marek-nowak/Connections.csv` | {fc['rows']} rows ({fc['date_only']} "
        "date-only), current layout |\n"
    )
    add("## What to expect\n")
    add("`netgraph demo` should find these routes (user → referrer → target):\n")
    for t in f["targets"]:
        route = (
            f"Noor → {t['best_referrer']} → {t['name']}"
            if t["degree"] == 2
            else f"Noor → {t['best_referrer']} → {t['intermediary']} → {t['name']}"
        )
        add(f"* **{t['name']}**, {t['title']} at {t['company']}: degree {t['degree']}, {route}.")
    add("")
    add("## Facts the tests rely on\n")
    add(
        f"**Distinct people after importing everything: {f['distinct_people']}**, counting Noor "
        f"herself ({f['distinct_people_excluding_me']} without her). By degree from Noor: "
        f"{deg[1]} first, {deg[2]} second, {deg[3]} third (each friend who shared an export "
        f"is first degree). Of them, {pb['in_my_connections']} are "
        f"in Noor's Connections.csv, {pb['in_address_book']} in her address book "
        f"({pb['in_both_my_connections_and_address_book']} in both, {pb['address_book_only']} "
        f"only there), and {pb['only_in_friends_exports']} appear only in friends' exports. "
        f"{pb['name_only_from_card_relations']} are name-only people named by a relation on a "
        "card when no card of that name is in the file ("
        + ", ".join(f["name_only_relation_people"])
        + "). Relations that name a card in the file ("
        + ", ".join(f["relations_linking_cards"])
        + ") link to that card's person and add nobody. "
        "Not people: date-only rows and the sponsored `LinkedIn Member`. Every interaction "
        "counterpart (messages, invitations, endorsements, recommendations) is someone already "
        "counted.\n"
    )
    add(
        "The generator checks this against a copy of `netgraph.identity.keys`: two records are the "
        "same person if they share a LinkedIn URL key, an e-mail, a phone number (E.164), or both "
        "name key and company key. No two different people share any of these keys, and every "
        "person's records are joined by at least one.\n"
    )
    add("**Must merge** (key that joins them):\n")
    for m in f["merges"]:
        why = f": {m['why']}" if m.get("why") else ""
        add(
            f"* {m['person']}, **{m['key']}**{why}. Records: "
            + "; ".join(f"`{r}`" for r in m["records"])
            + "."
        )
    add("")
    add("**Must stay separate** (same name key, different people):\n")
    for m in f["must_stay_separate"]:
        add(f"* {m['name']}: `{m['people'][0]}` vs `{m['people'][1]}` ({m['why']}).")
    add("")
    add("**Targets** (`demo.json` `targets`):\n")
    add("| Target | Title, company | Degree | Best referrer | Other routes |")
    add("|---|---|---|---|---|")
    for t in f["targets"]:
        via = t["best_referrer"] + (f" → {t['intermediary']}" if t.get("intermediary") else "")
        add(
            f"| {t['name']} | {t['title']}, {t['company']} | {t['degree']} | {via} | "
            + ("; ".join(t["other_routes"]) or "none")
            + " |"
        )
    add("")
    add(
        "Nobody in Noor's own files works at Kestrel Bio or Quillfeather Media (Marek Nowak, "
        "first degree because he shared his export, is at Kestrel Bio and lists Ayşe Demir "
        "himself), and the only ones at Halcyon Robotics are Adaeze Nwosu and Dmitri Volkov. The "
        "degrees above therefore hold even if an importer infers co-worker edges from a shared "
        "company.\n"
    )
    add(
        "**Tie strength** (messages.csv, from Noor's side): "
        + "; ".join(
            f"{n}: {t['sent_by_me']} sent / {t['received_by_me']} received" for n, t in ties.items()
        )
        + ". Tomás also wrote a recommendation and endorsed her.\n"
    )
    add("**Unwilling-looking cases**:\n")
    for u in f["unwilling_looking"]:
        add(f"* {u['name']}: {u['why']}")
    add("")
    add(
        "**Format details worth a test**: the user's LinkedIn URL is "
        f"`{f['me']['linkedin']}`. It appears in Tomás's and Adaeze's files and is the most "
        "frequent SENDER PROFILE URL in messages.csv. Jürgen Weber's URL is "
        "`/in/j%C3%BCrgen-weber-4b1` in both Connections files and `/in/jürgen-weber-4b1` in "
        "endorsements and on his card. Some Apple cards write their profile as "
        "`http://linkedin.com/in/<slug>/`. Adaeze's file must be decoded as cp1252 (`ö` is the single "
        "byte 0xF6 there, so the file is not valid UTF-8). Phone numbers come in national and "
        "international forms: UK national numbers (`020 7946 0123`, `07700900123`) only parse with "
        "region GB, US national ones (`(212) 555-0100`) read correctly only with region US. The one phone merge "
        "(Bảo Nguyễn) uses international forms on both cards, so it holds under any default "
        "region.\n"
    )
    add(
        "**vobject pitfalls present on purpose** (handled correctly, neither changes the people "
        "count):\n"
    )
    for x in f["vobject_pitfalls"]:
        add(f"* {x}")
    add("")
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    sys.exit(main())
