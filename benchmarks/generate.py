"""A seeded generator of realistic pooled networks, written as the files a user would import.

    python benchmarks/generate.py OUT --size M            # S, M or L; --shape pooled|hub; --seed N

What it writes into OUT:

* ``exports/<owner>/Connections.csv``: one LinkedIn export per owner, in today's layout (the
  3-line ``Notes:`` preamble, then ``First Name,Last Name,URL,Email Address,Company,Position,
  Connected On``), newest first, dates like ``05 Jan 2024``, about 2% of emails filled in, a
  few date-only rows, minimal RFC 4180 quoting (``"Velora Labs, Inc."``, ``"Kim, PhD"``);
  ``messages.csv`` beside it for some owners (every field quoted, multi-line contents);
* ``vcards/*.vcf``: the user's phone address book (Apple-style vCard 3.0) and the books of the
  friends with the largest exports (Google 3.0, Android 2.1, Apple 3.0 in turn: 4 at S, 30 at
  M, 150 at L), overlapping LinkedIn contacts by email or by name and company, and each other by
  phone number. A third of a friend's cards of second-degree people name relations (spouse,
  manager, colleague: ``X-ABRELATEDNAMES`` with ``X-ABLabel``, Android's
  ``X-ANDROID-CUSTOM:vnd.android.cursor.item/relation``) whom no export lists and no one else
  in the workspace is named like: netgraph keeps each as a person known by that name only, tied
  to the card's person, so they are the third degree (about a fifth of the people at S, a tenth
  at M and L);
* ``manifest.csv``: ``path,kind,owner`` for every file, in import order (the user's files have a
  blank owner; a friend's files name the friend by the LinkedIn URL under which other exports list
  them, so owners resolve to the same person);
* ``truth.json``: who the user is, the expected people, ties and degrees after import, second-
  and third-degree targets (``query``: a LinkedIn URL, or the name of someone known only by a
  relation's name), targets to add, and a company to filter on.

The network is a union of stars, as pooled exports are: the user's export, friends' exports
(owners the user is connected to), friends-of-friends' exports, with heavy-tailed sizes (50 to
30,000 rows, LinkedIn's cap), company clusters, popularity skew and overlap between exports.
Every owner shared their export, so knows the user: owners are first degree, the people their
exports list first or second degree, and only the relations on friends' cards reach further.
``--shape hub`` is the worst case: a few friends at the 30,000 cap and "super-connectors" who
appear in most exports. Sizes: S (1,000 people, 5,000 ties), M (100,000 people, 1M ties), L (1M
people, 10M ties). Names, companies, emails and phone numbers are made up by a seeded generator
(``example.com`` addresses, 555 numbers); the same seed, size and shape give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import quopri
import shutil
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

GENERATOR_VERSION = 5
"""Bump when the output changes, so that benchmarks regenerate cached files."""

CAP = 30_000
"""LinkedIn's connection cap: no export has more rows."""

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
CONNECTION_COLUMNS = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]
MESSAGE_COLUMNS = [
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
NEWEST = date(2026, 10, 31)
"""The newest connection date written (fixed, so output does not depend on today)."""
SPAN_DAYS = 16 * 365

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class SizeSpec:
    """One size: how many people and ties, and how big the user's own files are."""

    people: int  # everyone, LinkedIn members and address-book-only people
    ties: int  # LinkedIn rows across all exports (about the ties, less overlap)
    own: int  # the user's own LinkedIn connections
    book: int  # cards in the user's address book for people on LinkedIn
    book_only: int  # cards in the user's address book for people not on LinkedIn
    related: int  # people known only as a relation's name on a friend's card (third degree)
    books: int  # friends who share their address book


SIZES = {
    "S": SizeSpec(1_000, 5_000, own=150, book=40, book_only=30, related=200, books=4),
    "M": SizeSpec(100_000, 1_000_000, own=1_500, book=600, book_only=400, related=10_000, books=30),
    "L": SizeSpec(
        1_000_000, 10_000_000, own=2_500, book=1_000, book_only=600, related=100_000, books=150
    ),
}
SHAPES = ("pooled", "hub")


# --- names, companies, titles --------------------------------------------------------------------

_ONSETS = [
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
    "br", "ch", "dr", "fr", "gr", "sh", "st", "th",
]  # fmt: skip
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y"]
_CODAS = ["", "", "", "", "", "n", "r", "l", "s", "m", "nd", "x"]
_ACCENTS = str.maketrans({"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü"})
_COMPANY_KINDS = [
    "Labs", "Systems", "Health", "Capital", "Analytics", "Robotics", "Foods", "Energy", "Media",
    "Logistics", "Bank", "Studios", "Networks", "Software", "Partners", "Biotech", "Motors",
    "Insurance", "Consulting", "Retail",
]  # fmt: skip
_LEGAL = [", Inc.", " Ltd", " GmbH", ", LLC"]
_TITLES = [  # the first seven take a seniority
    "Software Engineer", "Product Manager", "Data Scientist", "Recruiter", "Designer",
    "Account Executive", "Marketing Manager", "Engineering Manager", "Founder", "Consultant",
    "Analyst", "Nurse", "Teacher", "Attorney", "Sales Director", "Research Scientist",
    "Operations Lead", "Talent Partner", "CFO", "CTO", "Student", "Customer Success Manager",
    "Product Designer", "Investor", "Physician", "Architect",
]  # fmt: skip
_SENIORITY = ["", "", "", "Senior ", "Lead ", "Principal ", "Junior "]
_CREDENTIALS = [", PhD", ", MBA", ", CFA", ", PMP", ", CPA"]
_AREAS = [415, 212, 617, 312, 206, 303, 512, 404, 305, 503, 612, 702, 213, 646, 773]
_AREAS += [718, 202, 310, 408, 469, 480, 619, 713, 720, 818, 858, 919, 971, 978, 984]
_EMAIL_DOMAINS = ["example.com", "example.org", "example.net"]


def ascii_fold(text: str) -> str:
    """Lower-cased text without accents (for slugs, emails and uniqueness).

    >>> ascii_fold("Jéan")
    'jean'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def make_words(rng: np.random.Generator, count: int, syllables: tuple[int, int]) -> list[str]:
    """``count`` pronounceable capitalised made-up words, distinct once accents are folded."""
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < count:
        parts = int(rng.integers(syllables[0], syllables[1] + 1))
        word = "".join(
            _ONSETS[rng.integers(len(_ONSETS))]
            + _VOWELS[rng.integers(len(_VOWELS))]
            + _CODAS[rng.integers(len(_CODAS))]
            for _ in range(parts)
        )
        if len(word) < 3 or word in seen:
            continue
        seen.add(word)
        if rng.random() < 0.06:  # a few accented names (José, Zoë): folded away in identity keys
            position = next((i for i, ch in enumerate(word) if ch in "aeiou"), None)
            if position is not None:
                word = word[:position] + word[position].translate(_ACCENTS) + word[position + 1 :]
        words.append(word.capitalize())
    return words


# --- the population ------------------------------------------------------------------------------


@dataclass
class Population:
    """Everyone who exists in the generated world, as arrays indexed by person number.

    People ``0 .. linkedin - 1`` are LinkedIn members (0 is the user); the rest are only in
    address books: cards of their own (``linkedin .. related - 1``), then people known only by
    the name a friend's card gives as a relation (``related .. size - 1``). ``frame`` has the
    Connections.csv text columns of every person.
    """

    linkedin: int
    related: int  # the first person known only as a relation's name
    company: IntArray  # company number, -1 for none
    email_shown: npt.NDArray[np.bool_]  # LinkedIn shows their email to connections
    plain_name: npt.NDArray[np.bool_]  # no credential or emoji: safe for name matching
    frame: pl.DataFrame  # First Name, Last Name, URL, Email Address, Company, Position
    company_names: list[str]
    first_names: list[str]  # display first name per person (Python list for vCards)
    last_names: list[str]
    names: pl.Series  # "First Last" per person, as netgraph joins them

    @property
    def size(self) -> int:
        """Everyone, LinkedIn members and address-book-only people."""
        return len(self.company)

    def name(self, person: int) -> str:
        """The display name as netgraph joins it (first and last name)."""
        return f"{self.first_names[person]} {self.last_names[person]}"


def _company_weights(count: int) -> npt.NDArray[np.float64]:
    """Zipf-like company sizes: a few very large employers, a long tail of small ones."""
    weights = np.power(np.arange(1, count + 1, dtype=np.float64), -0.9)
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def _unique_names(
    rng: np.random.Generator, counts: tuple[int, int], company: IntArray, linkedin: int
) -> tuple[IntArray, IntArray]:
    """First- and last-name numbers: every name distinct, except ~1% namesakes on LinkedIn.

    A namesake copies another LinkedIn member's name but never at the same company, so name and
    company together still identify everyone (and two people sharing a name stay two people).
    """
    first, last = counts
    sampled = rng.choice(first * last, size=len(company), replace=False).astype(np.int64)
    combos = sampled.copy()
    copies = np.flatnonzero(rng.random(linkedin) < 0.01)
    copies = copies[copies > 0]
    originals = rng.integers(1, linkedin, size=len(copies))
    differ = company[copies] != company[originals]
    combos[copies[differ]] = sampled[originals[differ]]
    width = int(company.max()) + 2
    while True:  # two copies of one name at one company: give them their own names back
        pairs = combos[:linkedin] * width + company[:linkedin] + 1
        _, inverse, repeats = np.unique(pairs, return_inverse=True, return_counts=True)
        clash = np.flatnonzero(repeats[inverse] > 1)
        clash = clash[combos[clash] != sampled[clash]]
        if len(clash) == 0:
            return combos // last, combos % last
        combos[clash] = sampled[clash]


def build_population(rng: np.random.Generator, spec: SizeSpec) -> Population:
    """Names, companies, titles, URLs and emails of everyone, vectorised."""
    people = spec.people
    address_book_only = spec.book_only * 2
    linkedin = people - address_book_only - spec.related
    first_pool = make_words(rng, 1_500, (1, 2))
    last_pool = make_words(rng, 4_000, (2, 2))
    companies = max(20, people // 120)
    words = make_words(rng, companies, (2, 3))
    kinds = rng.integers(len(_COMPANY_KINDS), size=companies)
    legal = rng.random(companies) < 0.1
    company_names = [
        f"{word} {_COMPANY_KINDS[kind]}" + (_LEGAL[i % len(_LEGAL)] if legal[i] else "")
        for i, (word, kind) in enumerate(zip(words, kinds, strict=True))
    ]
    company = rng.choice(companies, size=people, p=_company_weights(companies)).astype(np.int64)
    company[rng.random(people) < 0.03] = -1
    first, last = _unique_names(rng, (len(first_pool), len(last_pool)), company, linkedin)
    first_display = pl.Series(first_pool).gather(pl.Series(first))
    last_display = pl.Series(last_pool).gather(pl.Series(last))
    credential = rng.random(people) < 0.02
    emoji = rng.random(people) < 0.002
    credential[people - spec.related :] = False  # a relation is written as a plain name
    emoji[people - spec.related :] = False
    credentials = pl.Series(_CREDENTIALS).gather(pl.Series(rng.integers(5, size=people)))
    ids = pl.Series(np.arange(people))
    frame = pl.DataFrame({"first": first_display, "last": last_display, "id": ids}).with_columns(
        pl.when(pl.Series(emoji))
        .then(pl.lit("🟢 ") + pl.col("first"))
        .otherwise(pl.col("first"))
        .alias("first"),
        pl.when(pl.Series(credential))
        .then(pl.col("last") + credentials)
        .otherwise(pl.col("last"))
        .alias("last"),
        _ascii(pl.col("first")).alias("first_ascii"),
        _ascii(pl.col("last")).alias("last_ascii"),
        pl.col("id").cast(pl.String).alias("code"),
    )
    email_shown = rng.random(people) < 0.02
    titles = [s + t for t in _TITLES[:7] for s in _SENIORITY] + _TITLES[7:]
    title = pl.Series(titles).gather(pl.Series(rng.integers(len(titles), size=people)))
    title = pl.select(
        pl.when(pl.Series(rng.random(people) < 0.01)).then(title + " ").otherwise(title)
    ).to_series()
    company_text = pl.Series([*company_names, None]).gather(pl.Series(company % (companies + 1)))
    company_text = pl.select(
        pl.when(pl.Series(company >= 0)).then(company_text).otherwise(None)
    ).to_series()
    domain = pl.Series(_EMAIL_DOMAINS).gather(pl.Series(np.arange(people) % 3))
    slug = pl.concat_str(
        [pl.col("first_ascii"), pl.col("last_ascii"), _hex_code(people)], separator="-"
    )
    email = pl.concat_str([pl.col("first_ascii"), pl.lit("."), pl.col("last_ascii"), "code"])
    frame = frame.select(
        pl.col("first").alias("First Name"),
        pl.col("last").alias("Last Name"),
        (pl.lit("https://www.linkedin.com/in/") + slug).alias("URL"),
        pl.when(pl.Series(email_shown))
        .then(email + pl.lit("@") + domain)
        .otherwise(None)
        .alias("Email Address"),
        company_text.alias("Company"),
        title.alias("Position"),
    )
    return Population(
        linkedin=linkedin,
        related=people - spec.related,
        company=company,
        email_shown=email_shown,
        plain_name=~(credential | emoji),
        frame=frame,
        company_names=company_names,
        first_names=frame.get_column("First Name").to_list(),
        last_names=frame.get_column("Last Name").to_list(),
        names=frame.select(pl.concat_str(["First Name", "Last Name"], separator=" ")).to_series(),
    )


def _ascii(column: pl.Expr) -> pl.Expr:
    """A name column folded to lower-case ASCII letters (for slugs and emails)."""
    return (
        column.str.to_lowercase()
        .str.replace_all("á", "a")
        .str.replace_all("é", "e")
        .str.replace_all("í", "i")
        .str.replace_all("ö", "o")
        .str.replace_all("ü", "u")
        .str.replace_all(r"[^a-z0-9]", "")
    )


def _hex_code(people: int) -> pl.Expr:
    """A short per-person code that makes every profile slug unique (like LinkedIn's)."""
    scrambled = (np.arange(people, dtype=np.int64) * 2_654_435_761 + 97_531) % (1 << 32)
    return pl.lit(pl.Series([f"{value:x}" for value in scrambled]))


# --- who shares an export, and with whom ---------------------------------------------------------


@dataclass
class Exports:
    """The LinkedIn exports: owner person, depth from the user, and each one's connections."""

    owners: IntArray  # person number of each export's owner (0: the user's own export)
    depth: IntArray  # 0 for the user, 1 for friends, 2+ for friends of friends
    picks: list[IntArray] = field(default_factory=list)  # connections (person numbers)
    hubs: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def export_sizes(rng: np.random.Generator, spec: SizeSpec, shape: str, cap: int) -> IntArray:
    """Heavy-tailed export sizes (Pareto, 50 to ``cap``), the user's export first.

    The hub shape puts a few friends at the cap.
    """
    sizes = [spec.own]
    total = spec.own
    while total < spec.ties:
        size = int(min(cap, max(50, 50 * (rng.pareto(0.5) + 1))))
        sizes.append(size)
        total += size
    array = np.array(sizes, dtype=np.int64)
    if shape == "hub":
        array[1 : 1 + max(3, len(array) // 40)] = cap
    return array


def _depths(rng: np.random.Generator, count: int, friends: int) -> tuple[IntArray, IntArray]:
    """Each export's parent (whose export lists its owner) and depth from the user."""
    parent = np.zeros(count, dtype=np.int64)
    depth = np.ones(count, dtype=np.int64)
    depth[0] = 0
    for k in range(friends + 1, count):
        deeper = np.flatnonzero(depth[friends + 1 : k] == 2) + friends + 1
        if rng.random() < 0.8 or len(deeper) == 0:
            parent[k] = rng.integers(1, friends + 1)
        else:
            parent[k] = deeper[rng.integers(len(deeper))]
        depth[k] = depth[parent[k]] + 1
    return parent, depth


def _owner_links(rng: np.random.Generator, parent: IntArray, friends: int) -> list[set[int]]:
    """Which exports' owners are connected: parent and child, and a few other owners each.

    LinkedIn connections are mutual, so each link puts each owner in the other's export.
    """
    count = len(parent)
    links: list[set[int]] = [set() for _ in range(count)]
    for k in range(1, count):
        others = [int(parent[k])]
        if count > 2:
            others += [int(o) for o in rng.integers(1, count, size=rng.poisson(1.5)) if o != k]
        for other in others:
            links[k].add(other)
            links[other].add(k)
    assert all(k in links[0] for k in range(1, friends + 1))
    return links


class _Sampler:
    """Draws distinct people for one export: some from the owner's company, most by popularity."""

    def __init__(self, population: Population, weights: npt.NDArray[np.float64]) -> None:
        self.cumulative = np.cumsum(weights)
        allowed = weights > 0
        order = np.argsort(population.company, kind="stable")
        order = order[allowed[order]]
        self.by_company = order
        companies = population.company[order]
        self.starts = np.searchsorted(companies, np.arange(-1, len(population.company_names)))
        self.stops = np.searchsorted(
            companies, np.arange(-1, len(population.company_names)), side="right"
        )
        self.allowed = np.flatnonzero(allowed)
        self.chosen = np.zeros(len(weights), dtype=bool)

    def draw(self, rng: np.random.Generator, count: int, company: int) -> IntArray:
        """``count`` distinct allowed people (fewer only if fewer exist)."""
        count = min(count, len(self.allowed))
        start, stop = self.starts[company + 1], self.stops[company + 1]
        parts: list[IntArray] = []
        if company >= 0 and stop > start:
            local = int(count * 0.25)
            parts.append(self.by_company[rng.integers(start, stop, size=local)])
        picked = self._distinct(parts)
        for _round in range(6):
            missing = count - len(picked)
            if missing <= 0:
                break
            draws = rng.random(int(missing * 1.3) + 8) * self.cumulative[-1]
            found = np.searchsorted(self.cumulative, draws, side="right")
            picked = np.concatenate([picked, self._distinct([found])])
        missing = count - len(picked)
        if missing > 0:  # the skewed draw keeps hitting the same people: fill uniformly
            rest = self.allowed[~self.chosen[self.allowed]]
            picked = np.concatenate([picked, rng.choice(rest, size=missing, replace=False)])
        self.chosen[picked] = False
        return picked[:count].astype(np.int64)

    def _distinct(self, parts: list[IntArray]) -> IntArray:
        """The people in ``parts`` not drawn before for this export, first occurrence kept."""
        if not parts:
            return np.zeros(0, dtype=np.int64)
        values = np.concatenate(parts)
        _, first = np.unique(values, return_index=True)
        values = values[np.sort(first)]
        values = values[~self.chosen[values]]
        self.chosen[values] = True
        return values


def plan_exports(
    rng: np.random.Generator, population: Population, spec: SizeSpec, shape: str
) -> Exports:
    """Choose export owners, their links, and every export's connections."""
    cap = min(CAP, population.linkedin // 3)
    sizes = export_sizes(rng, spec, shape, cap)
    count = len(sizes)
    friends = int(np.clip(int(0.4 * (count - 1)), 1, max(1, spec.own // 3)))
    parent, depth = _depths(rng, count, friends)
    owners = np.zeros(count, dtype=np.int64)
    owners[1:] = rng.choice(np.arange(1, population.linkedin), size=count - 1, replace=False)
    links = _owner_links(rng, parent, friends)
    sigma = 1.8 if shape == "hub" else 1.0
    weights = rng.lognormal(0.0, sigma, size=population.size)
    weights[population.linkedin :] = 0.0  # address-book-only people are not on LinkedIn
    weights[owners] = 0.0  # owners appear only in the exports of owners they know
    hubs = np.zeros(0, dtype=np.int64)
    if shape == "hub":
        candidates = np.argsort(-weights)[: max(5, population.size // 5_000)]
        hubs = np.sort(candidates)
        weights[hubs] = 0.0
    exports = Exports(owners=owners, depth=depth, hubs=hubs)
    sampler = _Sampler(population, weights)
    for k in range(count):
        required = [owners[o] for o in sorted(links[k])]
        if len(hubs):
            required += list(hubs[rng.random(len(hubs)) < 0.6])
        need = max(0, int(sizes[k]) - len(required))
        drawn = sampler.draw(rng, need, int(population.company[owners[k]]))
        exports.picks.append(np.concatenate([np.array(required, dtype=np.int64), drawn]))
    _cover_everyone(rng, exports, weights > 0)
    return exports


def _cover_everyone(
    rng: np.random.Generator, exports: Exports, eligible: npt.NDArray[np.bool_]
) -> None:
    """Put each LinkedIn member no export listed into some friend's export, so all exist.

    Exports near LinkedIn's cap take none.
    """
    listed = np.zeros(len(eligible), dtype=bool)
    for picks in exports.picks:
        listed[picks] = True
    missing = np.flatnonzero(eligible & ~listed)
    sizes = np.array([len(p) for p in exports.picks], dtype=np.float64)
    room = np.where(sizes < CAP * 0.95, sizes, 0.0)
    room[0] = 0.0  # the user's export keeps its size: their first degree is their own
    if len(missing) == 0 or room.sum() == 0:
        return
    where = rng.choice(len(sizes), size=len(missing), p=room / room.sum())
    order = np.argsort(where, kind="stable")
    bounds = np.searchsorted(where[order], np.arange(1, len(sizes)))
    for k, extra in enumerate(np.split(missing[order], bounds)):
        if len(extra):
            exports.picks[k] = np.concatenate([exports.picks[k], extra])
    assert max(len(p) for p in exports.picks) <= CAP


# --- LinkedIn files ------------------------------------------------------------------------------


def pair_dates(a: IntArray, b: IntArray) -> npt.NDArray[np.datetime64]:
    """The day two people connected: the same in both people's exports."""
    low, high = np.minimum(a, b), np.maximum(a, b)
    mixed = (low * 0x9E3779B1 + high * 0x85EBCA77) % 0xFFFFFFFB
    days = mixed % SPAN_DAYS
    newest = np.datetime64(NEWEST.isoformat(), "D")
    dates: npt.NDArray[np.datetime64] = newest - days.astype("timedelta64[D]")
    return dates


def connections_frame(
    rng: np.random.Generator, population: Population, owner: int, picks: IntArray
) -> pl.DataFrame:
    """One Connections.csv as a frame: the connections, a few date-only rows, newest first."""
    frame = population.frame[pl.Series(picks)].with_columns(
        pl.Series("Connected On", pair_dates(np.full(len(picks), owner), picks))
    )
    blanks = min(int(rng.binomial(len(picks), 0.015)), CAP - len(picks))  # hidden members count
    if blanks:
        days = rng.integers(0, SPAN_DAYS, size=blanks).astype("timedelta64[D]")
        dates = np.datetime64(NEWEST.isoformat(), "D") - days
        empty = pl.DataFrame({"Connected On": dates}).with_columns(
            [pl.lit(None, pl.String).alias(c) for c in CONNECTION_COLUMNS[:-1]]
        )
        frame = pl.concat([frame, empty.select(frame.columns)])
    return frame.sort("Connected On", descending=True, maintain_order=True)


def write_connections(path: Path, frame: pl.DataFrame) -> None:
    """Write a Connections.csv the way LinkedIn does: preamble, minimal quoting, LF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(PREAMBLE.encode())
        frame.select(CONNECTION_COLUMNS).write_csv(
            handle, line_terminator="\n", date_format="%d %b %Y", null_value=""
        )


def messages_frame(
    rng: np.random.Generator, population: Population, owner: int, picks: IntArray
) -> pl.DataFrame:
    """messages.csv rows: conversations with a few connections, some answered, some not."""
    people = picks[rng.permutation(len(picks))[: min(400, max(3, len(picks) // 30))]]
    sent = rng.poisson(2.0, size=len(people)) + 1
    received = rng.poisson(2.0, size=len(people))
    received[rng.random(len(people)) < 0.3] = 0
    counterpart = np.concatenate([np.repeat(people, sent), np.repeat(people, received)])
    outgoing = np.concatenate([np.ones(sent.sum(), bool), np.zeros(received.sum(), bool)])
    seconds = rng.integers(0, SPAN_DAYS * 86_400, size=len(counterpart))
    when = np.datetime64(f"{NEWEST.isoformat()}T12:00:00", "s") - seconds.astype("timedelta64[s]")
    names, urls = population.names, population.frame.get_column("URL")
    idx = pl.Series(counterpart)
    them, their_url = names.gather(idx), urls.gather(idx)
    me, my_url = names[int(owner)], urls[int(owner)]
    out = pl.Series(outgoing)
    contents = pl.Series(
        ['Thanks for the intro!\nLet\'s talk "soon".', "Great to meet you", "Sounds good"]
    ).gather(pl.Series(rng.integers(3, size=len(counterpart))))
    frame = pl.DataFrame(
        {
            "CONVERSATION ID": pl.Series([f"2-{v:012x}==" for v in counterpart * 7919 + owner]),
            "CONVERSATION TITLE": pl.Series([""] * len(counterpart)),
            "FROM": pl.select(pl.when(out).then(pl.lit(me)).otherwise(them)).to_series(),
            "SENDER PROFILE URL": pl.select(
                pl.when(out).then(pl.lit(my_url)).otherwise(their_url)
            ).to_series(),
            "TO": pl.select(pl.when(out).then(them).otherwise(pl.lit(me))).to_series(),
            "RECIPIENT PROFILE URLS": pl.select(
                pl.when(out).then(their_url).otherwise(pl.lit(my_url))
            ).to_series(),
            "DATE": pl.Series(when.astype("datetime64[ms]")).dt.strftime("%Y-%m-%d %H:%M:%S UTC"),
            "SUBJECT": pl.Series([""] * len(counterpart)),
            "CONTENT": contents,
            "FOLDER": pl.Series(["INBOX"] * len(counterpart)),
            "ATTACHMENTS": pl.Series([""] * len(counterpart)),
        }
    )
    sponsored = pl.DataFrame(
        [["2-sponsored==", "", "LinkedIn Member", "", me, my_url, "2026-01-05 09:00:00 UTC",
          "Sponsored", "<p>An offer</p>", "INBOX", ""]],
        schema=MESSAGE_COLUMNS,
        orient="row",
    )  # fmt: skip
    return pl.concat([frame, sponsored]).sort("DATE", descending=True, maintain_order=True)


def write_messages(path: Path, frame: pl.DataFrame) -> None:
    """Write messages.csv as LinkedIn does: every field quoted."""
    frame.write_csv(path, quote_style="always", line_terminator="\n")


# --- vCard files ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """One address-book entry and whom it is about (a person number)."""

    person: int
    name: str
    first: str
    last: str
    company: str | None = None
    emails: tuple[str, ...] = ()
    phone: str | None = None
    spouse: str | None = None
    relations: tuple[tuple[int, str, str], ...] = ()  # (person, name, kind) named on the card


RELATION_KINDS = ("spouse", "manager", "colleague")
"""The relations friends' cards give, in the order a card gets them."""
_APPLE_LABELS = {"spouse": "_$!<Spouse>!$_", "manager": "_$!<Manager>!$_", "colleague": "Colleague"}
_ANDROID_TYPES = {"spouse": "14", "manager": "7", "colleague": "0;Colleague"}


def phone_digits(number: int) -> str:
    """A made-up US number in a 555 exchange: ``+1`` and ten digits."""
    area = _AREAS[number // 10_000 % len(_AREAS)]
    return f"+1{area}555{number % 10_000:04d}"


def phone_text(digits: str, style: int) -> str:
    """A phone number written one of the ways address books write them."""
    area, exchange, line = digits[2:5], digits[5:8], digits[8:]
    return [
        f"+1 {area} {exchange} {line}",
        f"({area}) {exchange}-{line}",
        f"{area}-{exchange}-{line}",
        f"+1{area}{exchange}{line}",
    ][style % 4]


def _company_variant(rng: np.random.Generator, company: str) -> str:
    """The company as someone might type it in an address book (legal suffix added or dropped)."""
    for legal in _LEGAL:
        if company.endswith(legal):
            return company[: -len(legal)]
    return company + " Inc." if rng.random() < 0.3 else company


def _apple_card(card: Card, style: int) -> str:
    """An Apple Contacts (iOS/macOS) vCard 3.0 card."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Apple Inc.//iPhone OS 17.5//EN",
        f"N:{_escape(card.last)};{_escape(card.first)};;;",
        f"FN:{_escape(card.name)}",
    ]
    if card.company:
        lines.append(f"ORG:{_escape(card.company)};")
    lines += [f"EMAIL;type=INTERNET;type=HOME;type=pref:{e}" for e in card.emails]
    if card.phone:
        lines.append(f"TEL;type=CELL;type=VOICE;type=pref:{phone_text(card.phone, style)}")
    named = [(card.spouse, "spouse")] if card.spouse else []
    named += [(name, kind) for _person, name, kind in card.relations]
    for item, (name, kind) in enumerate(named, start=1):
        lines += [
            f"item{item}.X-ABRELATEDNAMES:{_escape(name)}",
            f"item{item}.X-ABLabel:{_APPLE_LABELS[kind]}",
        ]
    return "\r\n".join([*lines, "END:VCARD"]) + "\r\n"


def _google_card(card: Card, style: int) -> str:
    """A Google Contacts vCard 3.0 card."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{_escape(card.name)}",
        f"N:{_escape(card.last)};{_escape(card.first)};;;",
    ]
    lines += [f"EMAIL;TYPE=INTERNET;TYPE=HOME:{e}" for e in card.emails]
    if card.phone:
        lines.append(f"TEL;TYPE=CELL:{phone_text(card.phone, style)}")
    if card.company:
        lines.append(f"ORG:{_escape(card.company)}")
    for item, (_person, name, kind) in enumerate(card.relations, start=1):
        lines += [f"item{item}.X-ABRELATEDNAMES:{_escape(name)}", f"item{item}.X-ABLabel:{kind}"]
    lines.append("CATEGORIES:myContacts")
    return "\r\n".join([*lines, "END:VCARD"]) + "\r\n"


def _android_card(card: Card, style: int) -> str:
    """An Android vCard 2.1 card: bare parameters, quoted-printable for non-ASCII names."""
    lines = ["BEGIN:VCARD", "VERSION:2.1"]
    for prop, value in (("N", f"{card.last};{card.first};;;"), ("FN", card.name)):
        if value.isascii():
            lines.append(f"{prop}:{value}")
        else:
            encoded = quopri.encodestring(value.encode("utf-8")).decode("ascii")
            lines.append(f"{prop};CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{encoded}")
    if card.phone:
        lines.append(f"TEL;CELL:{phone_text(card.phone, style)}")
    lines += [f"EMAIL;HOME:{e}" for e in card.emails]
    if card.company:
        lines.append(f"ORG:{card.company}")
    for _person, name, kind in card.relations:
        value = f"vnd.android.cursor.item/relation;{name};{_ANDROID_TYPES[kind]};;;;;;;;;;;;"
        if value.isascii():
            lines.append(f"X-ANDROID-CUSTOM:{value}")
        else:
            encoded = quopri.encodestring(value.encode("utf-8")).decode("ascii")
            lines.append(f"X-ANDROID-CUSTOM;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{encoded}")
    return "\r\n".join([*lines, "END:VCARD"]) + "\r\n"


_WRITERS = {"apple": _apple_card, "google": _google_card, "android": _android_card}


def _escape(text: str) -> str:
    """vCard 3.0 text escaping for commas, semicolons and backslashes."""
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")


@dataclass
class AddressBooks:
    """The vCard files: (file name, owner export number or None for the user, style, cards)."""

    books: list[tuple[str, int | None, str, list[Card]]] = field(default_factory=list)
    next_phone: int = 0
    next_email: int = 0

    def phone(self) -> str:
        """A phone number no one else has (the first 150,000 spread over the first 15 areas,
        then each further 150,000 over the next 15)."""
        self.next_phone += 1
        cycle, step = divmod(self.next_phone, 150_000)
        return phone_digits(step * 7 % 150_000 + 150_000 * cycle)

    def email(self, population: Population, person: int) -> str:
        """A personal email address no one else has."""
        self.next_email += 1
        first = ascii_fold(population.first_names[person]).replace(" ", "")
        return f"{first}{self.next_email}@example.net"


def _linkedin_cards(
    rng: np.random.Generator,
    population: Population,
    books: AddressBooks,
    candidates: IntArray,
    count: int,
) -> list[Card]:
    """Cards for LinkedIn contacts: found again by their LinkedIn email, or by name and company."""
    usable = candidates[
        population.plain_name[candidates]
        & ((population.company[candidates] >= 0) | population.email_shown[candidates])
        & (candidates != 0)
    ]
    chosen = rng.choice(usable, size=min(count, len(usable)), replace=False)
    emails = population.frame.get_column("Email Address")
    cards = []
    for person in (int(p) for p in chosen):
        first, last = population.first_names[person], population.last_names[person]
        company_number = int(population.company[person])
        company = population.company_names[company_number] if company_number >= 0 else None
        if population.email_shown[person]:  # the same email: a nickname does not matter
            nickname = first[: max(3, len(first) - 2)]
            cards.append(
                Card(person, f"{nickname} {last}", nickname, last, None, (emails[person],),
                     books.phone())
            )  # fmt: skip
        else:
            assert company is not None
            extra = (books.email(population, person),) if rng.random() < 0.5 else ()
            cards.append(
                Card(person, population.name(person), first, last,
                     _company_variant(rng, company), extra, books.phone())
            )  # fmt: skip
    return cards


def _book_only_cards(
    rng: np.random.Generator, population: Population, books: AddressBooks, people: IntArray
) -> list[Card]:
    """Cards for people not on LinkedIn: a phone always, an email or a company sometimes."""
    cards = []
    for person in (int(p) for p in people):
        first, last = population.first_names[person], population.last_names[person]
        company_number = int(population.company[person])
        company = (
            population.company_names[company_number]
            if company_number >= 0 and rng.random() < 0.5
            else None
        )
        emails = (books.email(population, person),) if rng.random() < 0.5 else ()
        cards.append(Card(person, f"{first} {last}", first, last, company, emails, books.phone()))
    return cards


def _with_spouses(cards: list[Card], pairs: int) -> list[Card]:
    """Name each other as spouses on the first ``pairs`` pairs of cards (vCard relations)."""
    out = list(cards)
    for i in range(min(pairs, len(cards) // 2)):
        a, b = out[2 * i], out[2 * i + 1]
        out[2 * i] = Card(**{**a.__dict__, "spouse": b.name})
        out[2 * i + 1] = Card(**{**b.__dict__, "spouse": a.name})
    return out


def plan_address_books(
    rng: np.random.Generator,
    population: Population,
    exports: Exports,
    spec: SizeSpec,
    user_email: str,
) -> AddressBooks:
    """The user's book and friends' books, overlapping LinkedIn and each other.

    ``spec.books`` friends share their address book (the largest friends' exports). Their cards
    of second-degree people name relations (spouse, manager, colleague) whom no export lists:
    the people known only by those names are the third degree.
    """
    books = AddressBooks()
    only = np.arange(population.linkedin, population.related)
    mine_only, theirs_only = only[: spec.book_only], only[spec.book_only :]
    mine = _linkedin_cards(rng, population, books, exports.picks[0], spec.book)
    mine_only_cards = _with_spouses(
        _book_only_cards(rng, population, books, mine_only), max(1, spec.book_only // 20)
    )
    books.books.append(("me-contacts.vcf", None, "apple", mine + mine_only_cards))
    friends = np.flatnonzero(exports.depth == 1)
    sizes = np.array([len(exports.picks[k]) for k in friends])
    sharing = [int(k) for k in friends[np.argsort(-sizes, kind="stable")][: spec.books]]
    first_degree = np.zeros(population.size, dtype=bool)
    first_degree[exports.picks[0]] = True
    first_degree[exports.owners] = True
    relations = _RelationPool(population)
    shares = np.array_split(theirs_only, 2)
    for number, k in enumerate(sharing):
        style = ("google", "android", "apple")[number % 3]
        quota = relations.quota(len(sharing) - number)
        wanted = max(spec.book // 2, 2 * quota)  # a third of the cards name relations
        cards = _linkedin_cards(rng, population, books, exports.picks[k], wanted)
        cards = relations.name_on(rng, cards, first_degree, quota)
        if number < 2:
            shared = mine_only_cards[: max(2, spec.book_only // 5)][number::2]
            cards += [Card(**{**c.__dict__, "spouse": None}) for c in shared]  # same phone
            cards += _book_only_cards(rng, population, books, shares[number])
        if number == 0:  # the friend keeps the user in their phone too
            first, last = population.first_names[0], population.last_names[0]
            cards.append(Card(0, f"{first} {last}", first, last, None, (user_email,), None))
        order = rng.permutation(len(cards))
        books.books.append(
            (f"friend-{number + 1}-contacts.vcf", k, style, [cards[i] for i in order])
        )
    return books


class _RelationPool:
    """The people known only as relations' names, handed out to friends' cards in order."""

    def __init__(self, population: Population) -> None:
        self.population = population
        taken = {  # the names cards give under a nickname (see _linkedin_cards)
            ascii_fold(f"{first[: max(3, len(first) - 2)]} {population.last_names[p]}")
            for p in np.flatnonzero(population.email_shown[: population.linkedin])
            for first in [population.first_names[int(p)]]
        }
        self.people = [
            p
            for p in range(population.related, population.size)
            if ascii_fold(population.name(p)) not in taken
        ]
        self.next = 0

    def quota(self, books_left: int) -> int:
        """An even share of the people not named yet over the books left."""
        return -(-(len(self.people) - self.next) // max(1, books_left))

    def name_on(
        self,
        rng: np.random.Generator,
        cards: list[Card],
        first_degree: npt.NDArray[np.bool_],
        quota: int,
    ) -> list[Card]:
        """``cards`` with up to ``quota`` relations on cards of second-degree people: one, two
        or three each (spouse, then manager, then colleague), every name a new person."""
        holders = [i for i, c in enumerate(cards) if not first_degree[c.person]]
        if not holders or quota <= 0:
            return cards
        counts = np.ones(len(holders), dtype=np.int64)
        counts[rng.random(len(holders)) < 0.5] = 2
        while counts.sum() < quota and counts.min() < len(RELATION_KINDS):
            counts[counts.argmin()] += 1
        counts = counts[: int(np.searchsorted(np.cumsum(counts), quota)) + 1]
        out = list(cards)
        for position, count in zip(holders, counts, strict=False):
            named = []
            for kind in RELATION_KINDS[: int(count)]:
                if self.next >= len(self.people) or quota <= 0:
                    break
                person = self.people[self.next]
                self.next += 1
                quota -= 1
                named.append((person, self.population.name(person), kind))
            out[position] = Card(**{**out[position].__dict__, "relations": tuple(named)})
        return out


def write_book(path: Path, style: str, cards: list[Card], rng: np.random.Generator) -> None:
    """Write one vCard file in the given producer's style (CRLF line ends)."""
    writer = _WRITERS[style]
    styles = rng.integers(4, size=len(cards))
    text = "".join(writer(card, int(s)) for card, s in zip(cards, styles, strict=True))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


# --- what the import should produce --------------------------------------------------------------


def sorted_unique(values: IntArray) -> IntArray:
    """The distinct values, sorted (faster than ``np.unique`` on millions of integers).

    >>> sorted_unique(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    ordered = np.sort(values)
    if len(ordered) == 0:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _pair_keys(a: IntArray, b: IntArray, size: int) -> IntArray:
    """One int64 per undirected pair."""
    return np.minimum(a, b) * size + np.maximum(a, b)


def expected_graph(
    population: Population, exports: Exports, books: AddressBooks
) -> tuple[IntArray, IntArray]:
    """(people, ties as pair keys) the workspace should hold after importing everything.

    Every card is about a known person number (found by email, phone, or name and company),
    so a tie is a pair of person numbers; a relation between two cards is a tie too, and so is
    a relation on a card to a name no one else in the workspace has (a person of that name
    only). The owner of every shared export knows the user (person 0): sharing it is a tie.
    """
    size = population.size
    keys = [
        _pair_keys(np.full(len(p), owner), p, size)
        for owner, p in zip(exports.owners, exports.picks, strict=True)
    ]
    keys.append(_pair_keys(np.zeros(len(exports.owners) - 1, np.int64), exports.owners[1:], size))
    people = [exports.owners, *exports.picks]
    for _name, export, _style, cards in books.books:
        owner = 0 if export is None else int(exports.owners[export])
        persons = np.array([c.person for c in cards], dtype=np.int64)
        keys.append(_pair_keys(np.full(len(persons), owner), persons, size))
        people.append(persons)
        by_name = {c.name: c.person for c in cards}
        spouses = [(c.person, by_name[c.spouse]) for c in cards if c.spouse]
        named = [(c.person, person) for c in cards for person, _name, _kind in c.relations]
        if named:
            a, b = np.array(named).T
            keys.append(_pair_keys(a, b, size))
            people.append(b)
        if spouses:
            a, b = np.array(spouses).T
            keys.append(_pair_keys(a, b, size))
    return sorted_unique(np.concatenate(people)), sorted_unique(np.concatenate(keys))


def degrees(ties: IntArray, size: int, source: int = 0, max_degree: int = 3) -> IntArray:
    """Distance from ``source`` (-1 beyond ``max_degree`` or unreachable), by numpy BFS."""
    a, b = ties // size, ties % size
    heads = np.concatenate([a, b])
    tails = np.concatenate([b, a])
    order = np.argsort(heads, kind="stable")
    heads, tails = heads[order], tails[order]
    starts = np.searchsorted(heads, np.arange(size + 1))
    distance = np.full(size, -1, dtype=np.int64)
    distance[source] = 0
    frontier = np.array([source], dtype=np.int64)
    for level in range(1, max_degree + 1):
        lengths = starts[frontier + 1] - starts[frontier]
        if lengths.sum() == 0:
            break
        offsets = np.repeat(starts[frontier] - np.cumsum(lengths) + lengths, lengths)
        neighbours = tails[offsets + np.arange(lengths.sum())]
        neighbours = sorted_unique(neighbours[distance[neighbours] < 0])
        distance[neighbours] = level
        frontier = neighbours
    return distance


# --- putting it together -------------------------------------------------------------------------


def _slug_folder(url: str) -> str:
    """An export's folder name: the owner's profile slug."""
    return url.rsplit("/", 1)[-1]


def _sample_urls(
    rng: np.random.Generator, population: Population, people: IntArray, count: int
) -> list[dict[str, Any]]:
    """Up to ``count`` people, reproducibly, as {url, name, company, person, query}.

    ``query`` is what finds them in the workspace: the LinkedIn URL, or for people known only
    by a relation's name (no URL, no company) that name, which no one else has.
    """
    chosen = np.sort(rng.choice(people, size=min(count, len(people)), replace=False))
    frame = population.frame
    found = []
    for p in (int(p) for p in chosen):
        linkedin = p < population.linkedin
        url = frame["URL"][p] if linkedin else None
        found.append(
            {
                "url": url,
                "name": population.name(p),
                "company": frame["Company"][p] if linkedin else None,
                "person": p,
                "query": url or population.name(p),
            }
        )
    return found


def _filter_company(population: Population, distance: IntArray) -> str:
    """A company with many second- and third-degree people, but not the very largest."""
    far = (distance >= 2) & (population.company >= 0)
    far[population.linkedin :] = False
    counts = np.bincount(population.company[far], minlength=len(population.company_names))
    ranked = np.argsort(-counts, kind="stable")
    name = population.company_names[int(ranked[min(2, len(ranked) - 1)])]
    for legal in _LEGAL:
        name = name.removesuffix(legal)
    return name


def clear_earlier_files(out: Path) -> None:
    """Remove what an earlier generation wrote into ``out``: an export of the same owner that
    has no messages.csv this time would otherwise keep the old one, whose ties the new truth
    does not count. Only a folder whose truth.json says it was generated is touched."""
    if not (out / "truth.json").is_file():
        return
    for name in ("exports", "vcards"):
        shutil.rmtree(out / name, ignore_errors=True)
    for name in ("manifest.csv", "truth.json"):
        (out / name).unlink(missing_ok=True)


def generate(out: Path, size: str = "S", shape: str = "pooled", seed: int = 7) -> dict[str, Any]:
    """Write the files of one network into ``out`` and return its truth (also truth.json)."""
    started = time.perf_counter()
    spec = SIZES[size]
    rng = np.random.default_rng([seed, list(SIZES).index(size), SHAPES.index(shape)])
    population = build_population(rng, spec)
    exports = plan_exports(rng, population, spec, shape)
    urls = population.frame.get_column("URL")
    user_email = f"{ascii_fold(population.first_names[0])}@example.com"
    books = plan_address_books(rng, population, exports, spec, user_email)
    clear_earlier_files(out)
    out.mkdir(parents=True, exist_ok=True)
    manifest: list[tuple[str, str, str]] = []
    rows = blank_rows = message_rows = 0
    biggest = (0, "")
    for k, (owner, picks) in enumerate(zip(exports.owners, exports.picks, strict=True)):
        owner_url = urls[int(owner)]
        folder = Path("exports") / ("me" if k == 0 else _slug_folder(owner_url))
        export_rng = np.random.default_rng([seed, k, 1])
        frame = connections_frame(export_rng, population, int(owner), picks)
        write_connections(out / folder / "Connections.csv", frame)
        rows += frame.height
        blank_rows += frame.height - len(picks)
        biggest = max(biggest, (frame.height, (folder / "Connections.csv").as_posix()))
        if k == 0 or export_rng.random() < 0.3:
            messages = messages_frame(export_rng, population, int(owner), picks)
            write_messages(out / folder / "messages.csv", messages)
            message_rows += messages.height
        manifest.append((folder.as_posix(), "linkedin", "" if k == 0 else owner_url))
    cards = 0
    for name, export, style, book in books.books:
        write_book(out / "vcards" / name, style, book, np.random.default_rng([seed, cards, 2]))
        cards += len(book)
        owner = "" if export is None else urls[int(exports.owners[export])]
        manifest.append(((Path("vcards") / name).as_posix(), "vcard", owner))
    write_manifest(out / "manifest.csv", manifest)
    people, ties = expected_graph(population, exports, books)
    distance = degrees(ties, population.size)
    linkedin_people = np.arange(population.linkedin)
    by_degree = {str(d): int((distance == d).sum()) for d in (1, 2, 3)}
    truth: dict[str, Any] = {
        "generator_version": GENERATOR_VERSION,
        "size": size,
        "shape": shape,
        "seed": seed,
        "user": {"name": population.name(0), "linkedin_url": urls[0], "email": user_email},
        "files": {
            "linkedin_exports": len(exports.owners),
            "vcard_files": len(books.books),
            "connections_rows": rows,
            "date_only_rows": blank_rows,
            "messages_rows": message_rows,
            "cards": cards,
            "biggest_connections_csv": biggest[1],
            "biggest_connections_rows": biggest[0],
            "vcard_paths": [(Path("vcards") / b[0]).as_posix() for b in books.books],
            "hubs": len(exports.hubs),
        },
        "expected": {
            "people": len(people),  # the user included
            "people_excluding_me": len(people) - 1,
            "ties": len(ties),
            "by_degree": by_degree,
        },
        "targets": {
            "second_degree": _sample_urls(
                rng, population, linkedin_people[distance[: population.linkedin] == 2], 200
            ),
            "third_degree": _sample_urls(rng, population, np.flatnonzero(distance == 3), 200),
        },
        "company": _filter_company(population, distance),
    }
    far = np.flatnonzero(distance >= 2)
    truth["rank_targets"] = [t["query"] for t in _sample_urls(rng, population, far, 100)]
    truth["seconds"] = round(time.perf_counter() - started, 2)
    (out / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n")
    return truth


def write_manifest(path: Path, rows: list[tuple[str, str, str]]) -> None:
    """Write ``manifest.csv``: path (relative to the manifest), kind, owner."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["path", "kind", "owner"])
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def load_truth(out: Path) -> dict[str, Any] | None:
    """The truth.json of a generated folder, or None when there is none."""
    try:
        truth: dict[str, Any] = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return truth


def main() -> None:
    """Command line: generate one network into a folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write into")
    parser.add_argument("--size", choices=list(SIZES), default="S")
    parser.add_argument("--shape", choices=SHAPES, default="pooled")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    truth = generate(args.out, args.size, args.shape, args.seed)
    files, expected = truth["files"], truth["expected"]
    print(
        f"wrote {files['linkedin_exports']:,} LinkedIn exports ({files['connections_rows']:,} "
        f"rows, {files['messages_rows']:,} message rows) and {files['vcard_files']} vCard files "
        f"({files['cards']:,} cards) to {args.out} in {truth['seconds']} s; expect "
        f"{expected['people']:,} people, {expected['ties']:,} ties, by degree "
        f"{expected['by_degree']}"
    )


if __name__ == "__main__":
    main()
