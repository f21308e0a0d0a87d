"""The identity matcher, measured on labelled record pairs (tests/fixtures/identity_pairs.json,
written by tools/make_identity_pairs.py): precision, recall and the confusion matrix, and every
case the rule is documented to handle."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from records_helpers import contact, linkedin_export, load

from netgraph.identity.facts import PersonFacts
from netgraph.identity.matching import compare, strong_key_shared
from netgraph.workspace import Workspace

PAIRS = json.loads(
    (Path(__file__).parent / "fixtures" / "identity_pairs.json").read_text(encoding="utf-8")
)


def facts(record: dict[str, object]) -> PersonFacts:
    """A record of the fixture as an import sees it."""
    return PersonFacts.build(
        str(record["name"]),
        company=record.get("company"),  # type: ignore[arg-type]
        linkedin_url=record.get("linkedin"),  # type: ignore[arg-type]
        emails=tuple(record.get("emails", ())),  # type: ignore[arg-type]
        phones=tuple(record.get("phones", ())),  # type: ignore[arg-type]
    )


def verdicts() -> list[tuple[dict[str, object], bool]]:
    return [
        (pair, compare(facts(pair["a"]).profile(), facts(pair["b"]).profile()).same)
        for pair in PAIRS
    ]


def test_the_labelled_set_covers_every_case_of_the_rule() -> None:
    cases = Counter((pair["case"], pair["same"]) for pair in PAIRS)
    assert len(PAIRS) >= 300
    for case, same in [
        ("short form of the given name", True),
        ("middle name or initial", True),
        ("honorifics and credentials", True),
        ("email domain of the company", True),
        ("name and company written differently", True),
        ("the same LinkedIn profile", True),
        ("the same name at different companies", False),
        ("two LinkedIn profiles", False),
        ("the same name in different cities", False),
        ("the same name and nothing else", False),
        ("Jr. and Sr.", False),
        ("a mail provider is no employer", False),
    ]:
        assert cases[(case, same)] >= 10, case


def test_the_matcher_scores_precision_099_and_recall_097_on_labelled_pairs() -> None:
    matrix: Counter[tuple[bool, bool]] = Counter()
    missed: Counter[str] = Counter()
    for pair, said in verdicts():
        matrix[(bool(pair["same"]), said)] += 1
        if said != pair["same"]:
            missed[f"{pair['case']} ({'same' if pair['same'] else 'different'})"] += 1
    true_pos, false_pos = matrix[(True, True)], matrix[(False, True)]
    false_neg, true_neg = matrix[(True, False)], matrix[(False, False)]
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    print(
        f"\n{len(PAIRS)} pairs: precision {precision:.3f}, recall {recall:.3f}\n"
        f"                  said same  said different\n"
        f"same human        {true_pos:9}  {false_neg:14}\n"
        f"different humans  {false_pos:9}  {true_neg:14}\n"
        f"wrong: {dict(missed)}"
    )
    assert precision >= 0.99
    assert recall >= 0.97


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        (
            {"name": "Wei Chen, PhD", "company": "Acme"},
            {"name": "Dr. Wei Chen", "company": "ACME Inc."},
            "the same name (4.0)",
        ),
        (
            {"name": "Bob Smith", "company": "Acme"},
            {"name": "Robert Smith", "company": "Acme"},
            "bob and robert are one given name (3.5)",
        ),
        (
            {"name": "Hana Novak", "emails": ["hana.novak@wayne.example"]},
            {"name": "Hana Novak", "company": "Wayne Enterprises"},
            "an email domain belongs to the company (3.5)",
        ),
    ],
)
def test_each_decision_says_why(a: dict[str, object], b: dict[str, object], reason: str) -> None:
    verdict = compare(facts(a).profile(), facts(b).profile())
    assert verdict.same
    assert reason in verdict.reasons


def test_no_two_rows_of_one_linkedin_export_are_ever_merged(workspace: Workspace) -> None:
    """Every record of the labelled set as a row of one export (but the pairs that share a
    profile or an address, which LinkedIn never lists twice): one person per row."""
    rows, keys = [], set()
    for pair in PAIRS:
        if strong_key_shared(facts(pair["a"]).profile(), facts(pair["b"]).profile()):
            continue
        for side in ("a", "b"):
            held = set(facts(pair[side]).identity_keys())
            if not held & keys:  # an address two invented people happen to share
                rows.append(pair[side])
                keys |= held
    export = linkedin_export(
        *(
            contact(
                str(row["name"]),
                company=row.get("company"),  # type: ignore[arg-type]
                url=row.get("linkedin"),  # type: ignore[arg-type]
                emails=tuple(row.get("emails", ())),  # type: ignore[arg-type]
            )
            for row in rows
        )
    )
    summary = load(workspace, export)
    assert summary.people_created == len(rows)
    again = load(workspace, export)
    assert (again.people_created, again.people_matched) == (0, len(rows))
    assert workspace.people.count() == len(rows)
