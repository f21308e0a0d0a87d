"""``netgraph prep`` on the sample network: interview briefs with a question sheet."""

from __future__ import annotations

import json
import re
import shlex
import sqlite3
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from cli_helpers import ok, run
from markdown_it import MarkdownIt

from netgraph.outreach.prep import parse_question_bank
from netgraph.outreach.template_files import PACKAGED

TARGETS = ("Ayşe Demir", "Camila Rocha", "Oluwaseun Bakare", "Thiago Albuquerque")
BANK = parse_question_bank(
    (PACKAGED / "questions.md").read_text(encoding="utf-8"), PACKAGED / "questions.md"
)

# Every test starts from a copy of the sample workspace.
pytestmark = pytest.mark.usefixtures("sample")


def sections(markdown: str, level: str = "##") -> dict[str, str]:
    parts = re.split(rf"^{level} (.+)$", markdown, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


ROLE_KINDS = ("About the role", "Their path into it", "About your goal")
ORGANISATION_KINDS = ("About the organisation", "Their industry")


def questions(brief: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The numbered questions about the person (role, path, goal) and about the organisation
    (organisation, industry); the numbers run on from one kind to the next."""
    sheet_text = next(v for k, v in sections(brief).items() if k.startswith("Questions"))
    sheet = sections(sheet_text, "###")
    numbered = re.compile(r"^(\d+)\. (.+)$", re.MULTILINE)
    found = {heading: numbered.findall(text) for heading, text in sheet.items()}
    assert set(found) <= {*ROLE_KINDS, *ORGANISATION_KINDS}
    numbers = [int(n) for pairs in found.values() for n, _ in pairs]
    assert numbers == list(range(1, len(numbers) + 1))
    role = [q for kind in ROLE_KINDS for _, q in found.get(kind, [])]
    organisation = [q for kind in ORGANISATION_KINDS for _, q in found.get(kind, [])]
    return tuple(role), tuple(organisation)


def bank_pattern(question: str) -> re.Pattern[str]:
    """A bank question with each {value} it names matching any filled-in text."""
    parts = re.split(r"\{\w+\}", question)
    return re.compile(".+".join(re.escape(part) for part in parts) + "$")


def from_bank(asked: tuple[str, ...], bank: list[str]) -> list[int]:
    """The place in ``bank`` of each question asked (filled in or as written)."""
    patterns = [bank_pattern(question) for question in bank]
    places = []
    for question in asked:
        matches = [i for i, pattern in enumerate(patterns) if pattern.match(question)]
        assert matches, question
        places.append(matches[0])
    return places


def same_company(sample: Path, name: str) -> list[tuple[str, str | None, int | None]]:
    with sqlite3.connect(sample) as conn:
        return conn.execute(
            "SELECT p.name, p.title, p.degree FROM people p JOIN people t "
            "ON t.company_key = p.company_key AND t.id != p.id "
            "WHERE t.name = ? AND p.is_me = 0",
            (name,),
        ).fetchall()


@pytest.mark.parametrize("name", TARGETS)
def test_the_sheet_has_12_to_14_questions_of_both_kinds_from_the_bank(name: str) -> None:
    role, organisation = questions(ok("prep", name).stdout)

    assert 12 <= len(role) + len(organisation) <= 14
    assert len(role) >= 5 and len(organisation) >= 5
    assert len(set(role + organisation)) == len(role) + len(organisation)
    places = from_bank(organisation, BANK.organisation + BANK.industry)
    # In the bank's order, so the conversation flows as the bank does.
    assert places == sorted(places)
    from_bank(role, BANK.role + BANK.career + BANK.goal)
    assert not [q for q in role + organisation if "{" in q]  # every value filled in


def test_the_same_person_gets_the_same_brief_and_people_get_different_questions() -> None:
    first = ok("prep", "Ayşe Demir").stdout

    assert ok("prep", "Ayşe Demir").stdout == first
    sheets = {questions(ok("prep", name).stdout) for name in TARGETS}
    assert len(sheets) > 1


def test_the_brief_says_who_they_are_and_how_you_are_connected() -> None:
    # Noor says she does not know Marek Nowak, whose export she has: Ayşe is third degree.
    ok("tie", "Noor Haddad", "Marek Nowak", "--remove")
    brief = ok("prep", "Ayşe Demir").stdout

    assert brief.startswith("# Interview brief: Ayşe Demir\n\nHead of ML Infrastructure at ")
    who = sections(brief)["Who they are"]
    assert "- Title: Head of ML Infrastructure" in who
    assert "- Organisation: Kestrel Bio" in who
    assert "- In your network: third-degree contact" in who
    connected = sections(brief)["How you are connected"]
    assert "Noor Haddad → Tomás Ferreira → Marek Nowak → Ayşe Demir (score 0.09" in connected
    assert (
        "Nobody has introduced you yet; the best route goes through **Tomás Ferreira** "
        "(Senior Data Engineer at Northwind Analytics)."
    ) in connected
    assert "- Marek Nowak - Ayşe Demir: in Marek Nowak's LinkedIn export" in connected
    assert sections(brief)["Outreach so far"].strip() == "Nothing logged yet."


def test_the_organisation_section_lists_other_people_there_route_first(sample: Path) -> None:
    others = same_company(sample, "Ayşe Demir")
    brief = ok("prep", "Ayşe Demir").stdout

    section = sections(brief)["Kestrel Bio in your workspace"]
    listed = re.findall(r"^- (.+)$", section, re.MULTILINE)
    assert section.strip().startswith(f"{len(others)} other people at Kestrel Bio")
    assert listed[0] == (
        "Marek Nowak, Staff Software Engineer "
        "(first-degree; on your route; shared their contacts with you)"
    )
    assert len(listed) == 13
    assert listed[-1] == f"and {len(others) - 12} more: `netgraph people 'Kestrel Bio'`"
    everyone = json.loads(ok("people", "Kestrel Bio", "--format", "json").stdout)
    assert {name for name, _title, _degree in others} <= {p["name"] for p in everyone}
    degrees = {name: degree or 99 for name, _title, degree in others}
    shown = [line.split(",")[0] for line in listed[1:-1]]
    assert all(name in degrees for name in shown)
    assert [degrees[name] for name in shown] == sorted(degrees[name] for name in shown)
    assert "Ayşe Demir," not in section


def test_first_degree_contacts_at_the_organisation_are_pointed_out(sample: Path) -> None:
    first = [name for name, _t, degree in same_company(sample, "Camila Rocha") if degree == 1]
    assert first

    section = sections(ok("prep", "Camila Rocha").stdout)["Northwind Analytics in your workspace"]

    assert f"You know {len(first)} of them directly (first-degree): ask them about the " in (
        section
    )
    for name in first:
        assert f"- {name}, " in section


def test_the_reminders_carry_the_advisers_advice() -> None:
    brief = ok("prep", "Camila Rocha").stdout
    text = " ".join(brief.split())

    for advice in (
        "## Research before you meet Fill in the blanks; drop any question a web search answers.",
        "Never ask for a job, and do not bring a résumé",
        "Respect the agreed time",
        "Ask who else you should talk to, and log the names with the meeting",
        "Within a day, send a thank-you note that picks up a point from the conversation",
        "Connect on LinkedIn, offer help in return, and keep in touch",
    ):
        assert advice in text


def test_the_outreach_log_shows_in_the_brief_with_the_meeting_day() -> None:
    meeting = date.today() + timedelta(days=9)
    ok("log", "Camila Rocha", "asked-referrer", "--via", "Adaeze Nwosu", "--date", "2026-01-05")
    ok("log", "Camila Rocha", "introduced", "--date", "2026-01-07", "--note", "warm intro")
    ok("log", "Camila Rocha", "scheduled", "--date", meeting.isoformat())

    brief = ok("prep", "Camila Rocha").stdout

    day = f"{meeting:%A} {meeting.day} {meeting:%B %Y}"
    assert f"**Meeting: {day}.**" in brief
    assert sections(brief)["Outreach so far"].strip().splitlines() == [
        "- 2026-01-05: you asked Adaeze Nwosu to introduce you to Camila Rocha",
        "- 2026-01-07: Adaeze Nwosu introduced you to Camila Rocha (warm intro)",
        f"- {meeting.isoformat()}: you are meeting Camila Rocha on {meeting.isoformat()}",
    ]
    # The route shown is the one the user actually took, through the referrer who introduced.
    assert (
        "**Adaeze Nwosu** (Senior Product Manager at Halcyon Robotics, Inc.) introduced you on "
        "2026-01-07: mention Adaeze when you meet, and tell Adaeze how it went."
    ) in sections(brief)["How you are connected"]


def test_a_first_degree_contact_is_known_directly() -> None:
    connected = sections(ok("prep", "Adaeze Nwosu").stdout)["How you are connected"]

    assert connected.strip().startswith("You know Adaeze directly: in your address book")


def test_output_file_is_private(tmp_path: Path) -> None:
    target = tmp_path / "ayse.md"

    result = ok("prep", "Ayşe Demir", "-o", target)

    assert result.stdout.strip() == f"Wrote the brief to {target}"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") == ok("prep", "Ayşe Demir").stdout


def test_the_workspace_question_bank_is_used(workspace_path: Path) -> None:
    folder = workspace_path.with_name(workspace_path.name + ".templates")
    folder.mkdir()
    role = [f"Role question {i}?" for i in range(10)]
    organisation = [f"Organisation question {i}?" for i in range(8)]
    (folder / "questions.md").write_text(
        "# My bank\n\n## About the role\n"
        + "".join(f"- {q}\n" for q in role)
        + "\n## About the organisation\n"
        + "".join(f"* {q}\n" for q in organisation),
        encoding="utf-8",
    )

    chosen_role, chosen_organisation = questions(ok("prep", "Camila Rocha").stdout)

    assert (len(chosen_role), len(chosen_organisation)) == (7, 6)
    assert set(chosen_role) <= set(role) and set(chosen_organisation) <= set(organisation)


def test_a_small_question_bank_is_used_whole_with_a_note(workspace_path: Path) -> None:
    folder = workspace_path.with_name(workspace_path.name + ".templates")
    folder.mkdir()
    (folder / "questions.md").write_text(
        "## Role\n- What surprised you?\n  And why?\n## Organisation\n- Who decides?\n",
        encoding="utf-8",
    )

    result = ok("prep", "Camila Rocha")

    assert questions(result.stdout) == (("What surprised you? And why?",), ("Who decides?",))
    assert result.stderr.strip() == (
        f"Note: the question bank {folder / 'questions.md'} has only 2 questions; aim for 12 to 14"
    )


def test_a_question_bank_without_organisation_questions_fails_with_one_line(
    workspace_path: Path,
) -> None:
    folder = workspace_path.with_name(workspace_path.name + ".templates")
    folder.mkdir()
    (folder / "questions.md").write_text("## Role\n- What surprised you?\n", encoding="utf-8")

    result = run("prep", "Camila Rocha")

    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: {folder / 'questions.md'}: no organisation questions; write them as '- ' "
        "bullets under '## Organisation'"
    )


def test_prep_for_yourself_is_refused() -> None:
    result = run("prep", "Noor Haddad")

    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: that is you: prepare for the people you want to meet"


def test_hostile_names_cannot_add_structure_to_the_brief(sample: Path) -> None:
    with sqlite3.connect(sample) as conn:
        conn.execute(
            "UPDATE people SET name = ?, title = ? WHERE name = 'Marek Nowak'",
            ("## Fake section\n[click](javascript:alert(1))", "<script>x</script> | a | b |"),
        )
        conn.execute(
            "UPDATE people SET title = ? WHERE name = 'Ayşe Demir'", ("1. first\n> quoted\x07",)
        )
    clean = ok("prep", "Camila Rocha").stdout
    clean_headings = re.findall(r"^#+ .+$", clean, re.MULTILINE)

    brief = ok("prep", "Ayşe Demir").stdout

    assert "\x07" not in brief
    tokens = MarkdownIt("commonmark").enable("table").parse(brief)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert len(headings) == len(clean_headings)
    assert "Fake section" not in " ".join(headings)
    inline = [child for t in tokens if t.children for child in t.children]
    assert not [t for t in inline if t.type in ("link_open", "html_inline")]
    assert not [t for t in tokens if t.type in ("html_block", "table_open", "blockquote_open")]
    lists = [t for t in tokens if t.type == "ordered_list_open"]
    kinds = re.findall(r"^### ", clean, re.MULTILINE)
    assert len(lists) == len(kinds)  # one question list per kind, nothing from the title


def test_without_a_route_the_brief_says_what_would_help() -> None:
    ok("referrer", "Marek Nowak", "--unwilling")  # the only person who knows Ayşe

    connected = sections(ok("prep", "Ayşe Demir").stdout)["How you are connected"]

    assert connected.strip().startswith("No route to Ayşe within three ties in your workspace.")
    (command,) = re.findall(
        r"^- routes exist through people marked unwilling \(`(netgraph [^`]+)`\)$",
        connected,
        flags=re.MULTILINE,
    )
    words = shlex.split(command)
    assert words[1:2] == ["who-can-introduce"] and words[3:] == ["--include-unwilling"]
    assert "1. ask Marek Nowak" in ok(*words[1:]).stdout


def best_referrers(name: str, *avoid: str) -> list[str]:
    options = [option for person in avoid for option in ("--avoid", person)]
    document = json.loads(ok("who-can-introduce", name, "--format", "json", *options).stdout)
    return [r["referrer"]["name"] for r in document["routes"] if r["referrer"]]


def test_a_referrer_who_never_answered_is_no_longer_named_as_yours() -> None:
    # A target with a route that does not need its best referrer.
    name = next(n for n in TARGETS if best_referrers(n, best_referrers(n)[0]))
    first = best_referrers(name)[0]
    ok("log", name, "asked-referrer", "--via", first, "--date", "2026-01-05")

    waiting = sections(ok("prep", name).stdout)["How you are connected"]

    assert f"You asked **{first}** for an introduction on 2026-01-05" in waiting
    assert "No answer for " in waiting and "(`netgraph next` names who)" in waiting

    ok("log", name, "no-response", "--via", first)
    connected = sections(ok("prep", name).stdout)["How you are connected"]

    route = connected.strip().splitlines()[0]
    assert route.startswith("Noor Haddad → ") and f"→ {first} →" not in route
    assert f"**{first}**" not in connected
    assert "Nobody has introduced you yet; the best route goes through **" in connected


def test_the_goal_from_ask_about_shapes_the_brief() -> None:
    goal = "I am moving from data engineering into ML infrastructure"
    ok("ask", "Camila Rocha", "--about", goal)

    brief = ok("prep", "Camila Rocha").stdout

    assert f"Your goal: {goal}" in brief
    assert f"- Your goal for this meeting: {goal}" in sections(brief)["Research before you meet"]
    sheet = next(v for k, v in sections(brief).items() if k.startswith("Questions"))
    assert "### About your goal" in sheet
    role, organisation = questions(brief)
    assert 12 <= len(role) + len(organisation) <= 14
    assert not forbidden_requests(brief.split("## Reminders")[0])


def test_the_research_list_names_what_to_look_up_with_blanks() -> None:
    research = sections(ok("prep", "Camila Rocha").stdout)["Research before you meet"]

    lines = [line for line in research.splitlines() if line.startswith("- ")]
    blank = ": ______________________"
    assert lines[0] == (
        f"- What Northwind Analytics does, for whom, and what it is proud of (its own site){blank}"
    )
    assert sum(line.endswith(blank) for line in lines) >= 5
    assert any("Director of Data Engineering does at Northwind Analytics" in line for line in lines)


def forbidden_requests(text: str) -> list[str]:
    return re.findall(r"\b(jobs?|résumé|resume|CV|vacanc\w*|opening)\b", text, re.IGNORECASE)
