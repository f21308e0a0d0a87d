"""``netgraph duplicates``: people who are probably one human but were not merged, ranked.

Three kinds of pair are listed, each with one line of reason and the ``merge`` command:

- **the rule's near misses**: names that agree by :mod:`netgraph.identity.matching` (the same
  name, a middle initial, a short form, an initial) with an employer that agrees (the same
  company, an email domain of the company, addresses at one domain). An import leaves such a
  pair apart when the rule fits several people, or when the name is only an initial;
- **typos at one company**: two people of one company whose names differ by a letter or two;
- **owner-name typos**: a friend named as an export's owner whose name is one or two letters
  from someone else's ("Ravi Metha" and "Ravi Mehta").

Never listed: pairs whose strong keys conflict (two LinkedIn profiles, Jr. and Sr.), pairs a
split of the user's keeps apart, and two rows of one LinkedIn export (two members).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from netgraph.identity.matching import conflict, employer_agreement, name_agreement
from netgraph.identity.resolve import candidate_profile
from netgraph.suggest import command
from netgraph.workspace import Workspace

#: the name similarity (rapidfuzz ratio, 0 to 100) from which two names may be a typo apart
TYPO_SIMILARITY = 88.0
#: companies with more people than this are not searched for typos (colleagues of one name)
LARGEST_COMPANY = 500


@dataclass(frozen=True)
class Duplicate:
    """Two people who are probably one human: how likely (0 to 1), why, and the command."""

    a: int
    a_name: str
    b: int
    b_name: str
    likeness: float
    reason: str
    command: str


def find_duplicates(workspace: Workspace, *, limit: int | None = None) -> list[Duplicate]:
    """Probable duplicates, most likely first; see the module's notes."""
    found: dict[tuple[int, int], tuple[float, str]] = {}
    for pair, likeness, reason in _candidates(workspace):
        if pair not in found or found[pair][0] < likeness:
            found[pair] = (likeness, reason)
    apart = workspace.decisions.apart_pairs()
    ranked = sorted(
        ((pair, found[pair]) for pair in found if pair not in apart),
        key=lambda item: (-item[1][0], item[0]),
    )
    names = workspace.people.rows(sorted({p for pair, _ in ranked for p in pair}))
    duplicates: list[Duplicate] = []
    for (a, b), (likeness, reason) in ranked:
        if limit is not None and len(duplicates) >= limit:
            break
        if a not in names or b not in names or _rows_of_one_export(workspace, a, b):
            continue
        keep, drop = (a, b)
        duplicates.append(
            Duplicate(
                keep,
                names[keep].name,
                drop,
                names[drop].name,
                round(likeness, 2),
                reason,
                command("merge", f"#{keep}", f"#{drop}"),
            )
        )
    return duplicates


def _candidates(workspace: Workspace) -> Iterator[tuple[tuple[int, int], float, str]]:
    """Every pair worth listing, with how likely it is one human and why (pairs may repeat)."""
    me = workspace.people.me()
    for group in workspace.people.shared_match_keys():
        profiles = [(c.id, candidate_profile(c)) for c in group if c.id != me]
        for (a, first), (b, second) in combinations(profiles, 2):
            if conflict(first, second):
                continue
            name_points, name_reason = name_agreement(first.name_key, second.name_key)
            job_points, job_reason = employer_agreement(first, second)
            if name_points and job_points:
                likeness = min(1.0, (name_points + job_points) / 8)
                yield (a, b), likeness, f"{name_reason}; {job_reason}"
            elif name_points and _one_employer_unknown(first.company_key, second.company_key):
                yield (a, b), 0.35, f"{name_reason}; one of them has no employer on record"
    yield from _typos(workspace, me)


def _one_employer_unknown(first: str, second: str) -> bool:
    """Whether one of two company keys is empty and the other is not."""
    return bool(first) != bool(second)


def _typos(workspace: Workspace, me: int | None) -> Iterator[tuple[tuple[int, int], float, str]]:
    """Names a letter or two apart at one company, and owners named a letter or two off."""
    from rapidfuzz import fuzz, process

    for group in workspace.people.colleagues(LARGEST_COMPANY):
        for (a, first), (b, second) in combinations(group, 2):
            points, name_reason = name_agreement(first, second)
            if points:  # an initial, or a middle name: another blocking key
                yield (a, b), min(1.0, (points + 4) / 8), f"{name_reason}; the same company"
            elif first != second and fuzz.ratio(first, second) >= TYPO_SIMILARITY:
                yield (a, b), 0.8, "names a letter or two apart at the same company"
    owners = workspace.sources.owners() - {me}
    if not owners:
        return
    everyone = workspace.people.name_keys()
    for owner in sorted(owners):
        key = everyone.get(owner)
        if not key:
            continue
        for _name, score, other in process.extract(
            key, everyone, scorer=fuzz.ratio, score_cutoff=TYPO_SIMILARITY, limit=5
        ):
            if other != owner and everyone[other] != key:
                pair = (min(owner, other), max(owner, other))
                yield pair, 0.6 * score / 100, "a friend you named as an owner, a letter or two off"


def _rows_of_one_export(workspace: Workspace, a: int, b: int) -> bool:
    """Whether both are rows of one LinkedIn export (two members, never one)."""
    from netgraph.identity.why import _same_linkedin_export

    return _same_linkedin_export(workspace, a, b) is not None
