"""The question bank of interview briefs: reading it, and choosing and filling the questions for
one meeting.

The bank is ``questions.md`` (the workspace's copy if there is one, see
:mod:`netgraph.outreach.template_files`): questions are ``-`` bullets under headings naming their
kind. ``## Role`` and ``## Organisation`` are required; ``## Path into the role``, ``##
Industry`` and ``## Your goal`` are optional (a bank written for an older netgraph has only the
first two). A question may name what the workspace knows about the meeting in braces:
``{first_name}``, ``{title}``, ``{organisation}``, ``{referrer}`` (who introduced you),
``{colleague}`` and ``{colleague_title}`` (someone you know there). Such a question is asked
only when the workspace knows every value it names, and is preferred then, so the brief fits the
person; goal questions only when the user gave a goal (``ask --about``).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from netgraph.errors import UsageError
from netgraph.outreach.template_files import markdown_text
from netgraph.text import clean_text, fold_text

#: The kinds of question, in the order a brief asks them.
KINDS = ("role", "career", "organisation", "industry", "goal")
#: How a brief heads each kind.
HEADINGS = {
    "role": "About the role",
    "career": "Their path into it",
    "organisation": "About the organisation",
    "industry": "Their industry",
    "goal": "About your goal",
}
#: How many of each kind a brief asks (13 in all), with a goal and without one.
QUOTAS_WITH_GOAL = {"role": 3, "career": 2, "organisation": 4, "industry": 2, "goal": 2}
QUOTAS = {"role": 4, "career": 2, "organisation": 5, "industry": 2, "goal": 0}
#: A bank with only role and organisation questions (an older copy) gives this many of each.
ROLE_QUESTIONS = 7
ORGANISATION_QUESTIONS = 6
#: The values a question may name in braces.
PLACEHOLDERS = ("first_name", "title", "organisation", "referrer", "colleague", "colleague_title")

_BULLET = re.compile(r"^[-*+]\s+(.*)$")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


@dataclass(frozen=True)
class QuestionBank:
    """The questions of a bank, by kind, and the file they came from (``path``)."""

    role: list[str]
    organisation: list[str]
    path: Path
    career: list[str] = field(default_factory=list)
    industry: list[str] = field(default_factory=list)
    goal: list[str] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[str]:
        """The questions of one of :data:`KINDS`."""
        found: list[str] = getattr(self, kind)
        return found


def _kind_of_heading(heading: str) -> str | None:
    """The kind of question a heading starts, or None."""
    words = fold_text(heading)
    if any(word in words for word in ("organisation", "organization", "company")):
        return "organisation"
    if "path" in words or "career" in words:
        return "career"
    if "industry" in words or "field" in words or "sector" in words:
        return "industry"
    if "goal" in words:
        return "goal"
    return "role" if "role" in words else None


def parse_question_bank(text: str, path: Path) -> QuestionBank:
    """Read a question bank: questions are ``-`` bullets under a heading naming their kind.

    A heading containing "organisation" (or "organization", "company") starts the
    organisation questions, "path" (or "career") those about the path into the role,
    "industry" (or "field", "sector"), "goal", and "role" the role questions; an indented line
    continues the question above it. Other lines are ignored.

    >>> bank = parse_question_bank("## Role\\n- How?\\n  Really?\\n## Organisation\\n- Why?",
    ...                            Path("q.md"))
    >>> bank.role, bank.organisation, bank.goal
    (['How? Really?'], ['Why?'], [])

    Raises
    ------
    UsageError
        There are no role or no organisation questions; the message names the file.
    """
    sections: dict[str, list[str]] = {kind: [] for kind in KINDS}
    current: list[str] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            kind = _kind_of_heading(stripped.lstrip("#"))
            current = sections[kind] if kind else None
            continue
        if current is None or not stripped:
            continue
        bullet = _BULLET.match(stripped)
        if bullet:
            question = clean_text(bullet.group(1))
            if question:
                current.append(question)
        elif current and line[:1].isspace():
            current[-1] = f"{current[-1]} {clean_text(stripped)}"
    for kind, heading in (("role", "## Role"), ("organisation", "## Organisation")):
        if not sections[kind]:
            raise UsageError(
                f"{path}: no {kind} questions; write them as '- ' bullets under '{heading}'"
            )
    return QuestionBank(
        sections["role"],
        sections["organisation"],
        path,
        career=sections["career"],
        industry=sections["industry"],
        goal=sections["goal"],
    )


def placeholders(question: str) -> set[str]:
    """The values a question names in braces.

    >>> sorted(placeholders("How did you become {title} at {organisation}?"))
    ['organisation', 'title']
    """
    return set(_PLACEHOLDER.findall(question))


def fill(question: str, facts: Mapping[str, str]) -> Markup:
    """A question with each value it names put in, made safe for Markdown (the values come
    from other people's files; the question is the user's own, printed as written).

    >>> print(fill("What is it like at {organisation}?", {"organisation": "*Acme*"}))
    What is it like at \\*Acme\\*?
    """
    return Markup(_PLACEHOLDER.sub(lambda match: markdown_text(facts[match.group(1)]), question))


def _quotas(bank: QuestionBank, usable: Mapping[str, list[str]], goal: bool) -> dict[str, int]:
    """How many questions of each kind to ask: :data:`QUOTAS` (or :data:`QUOTAS_WITH_GOAL`),
    what one kind lacks made up by the others in :data:`KINDS` order."""
    if not (bank.career or bank.industry or bank.goal):
        base = {"role": ROLE_QUESTIONS, "organisation": ORGANISATION_QUESTIONS}
    else:
        base = dict(QUOTAS_WITH_GOAL if goal and usable["goal"] else QUOTAS)
    quotas = {kind: min(base.get(kind, 0), len(usable[kind])) for kind in KINDS}
    missing = sum(base.values()) - sum(quotas.values())
    for kind in ("role", "organisation", "career", "industry"):
        extra = min(missing, len(usable[kind]) - quotas[kind])
        quotas[kind] += extra
        missing -= extra
    return quotas


def choose_questions(
    bank: QuestionBank, seed: str, facts: Mapping[str, str], *, goal: bool = False
) -> dict[str, tuple[Markup, ...]]:
    """The questions of each kind for one meeting, filled in, in the bank's order.

    A question is usable when the workspace knows every value it names (``facts``); goal
    questions only with ``goal``. Of each kind, questions that name values (about this person
    and organisation) are preferred, for about two thirds of the kind's share. The choice
    depends only on ``seed``, ``facts`` and the bank: the same person gets the same sheet.
    """
    usable = {
        kind: [q for q in bank.of_kind(kind) if placeholders(q) <= set(facts)] for kind in KINDS
    }
    if not goal:
        usable["goal"] = []
    quotas = _quotas(bank, usable, goal)
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    chosen: dict[str, tuple[Markup, ...]] = {}
    for kind in KINDS:
        count = quotas[kind]
        specific = [q for q in usable[kind] if placeholders(q)]
        general = [q for q in usable[kind] if not placeholders(q)]
        take = min(len(specific), count - count // 3)
        take = max(take, count - len(general))
        picked = set(rng.sample(specific, take)) | set(rng.sample(general, count - take))
        chosen[kind] = tuple(fill(q, facts) for q in usable[kind] if q in picked)
    return chosen
