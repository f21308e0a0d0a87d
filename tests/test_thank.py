"""``netgraph thank`` on the sample network: the thank-you note to the person met, and the note
telling the referrer how it went."""

from __future__ import annotations

import json
import re
import shlex
import sqlite3
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from cli_helpers import ok, one_line_error, run
from markdown_it import MarkdownIt

TODAY = date.today()
POINT = "the data platform team Northwind is building in the spring"

# Every test starts from a copy of the sample workspace.
pytestmark = pytest.mark.usefixtures("sample")


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def sections(markdown: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", markdown, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def referrer_of(name: str) -> str:
    document = json.loads(ok("who-can-introduce", name, "--format", "json").output)
    referrer: str = document["routes"][0]["referrer"]["name"]
    return referrer


def introduced_and_met(name: str = "Camila Rocha", *met_options: str) -> str:
    referrer = referrer_of(name)
    ok("log", name, "asked-referrer", "--via", referrer, "--date", day(-9))
    ok("log", name, "introduced", "--date", day(-8))
    ok("log", name, "met", "--date", day(-1), *met_options)
    return referrer


def forbidden_requests(text: str) -> list[str]:
    return re.findall(r"\b(jobs?|résumé|resume|CV|vacanc\w*|opening)\b", text, re.IGNORECASE)


def test_the_thank_you_picks_up_the_point_offers_help_and_asks_to_connect() -> None:
    referrer = introduced_and_met("Camila Rocha", "--note", POINT)
    first = referrer.split()[0]

    result = ok("thank", "Camila Rocha")

    page = sections(result.stdout)
    assert result.stdout.startswith("# Thank-you notes: Camila Rocha\n")
    assert list(page) == ["1. To Camila Rocha", f"2. To {referrer}", "Before you send"]
    note = page["1. To Camila Rocha"]
    assert "Hi Camila," in note
    assert (
        f"Thank you for taking the time to talk with me yesterday, and thank you again to "
        f"{first} for putting us in touch. I especially enjoyed hearing about {POINT}."
    ) in note
    assert "anything I can do for you in return" in note  # offer help
    # Camila and Noor are not LinkedIn connections: ask to connect, and keep in touch.
    assert "May I send you an invitation to connect on LinkedIn?" in note
    assert "stay in touch" in note
    assert forbidden_requests(result.stdout) == []
    assert result.stderr == ""


def test_the_referrer_hears_how_it_went_and_nothing_is_said_for_them() -> None:
    referrer = introduced_and_met("Camila Rocha", "--note", POINT)

    page = sections(ok("thank", "Camila Rocha").stdout)

    to_referrer = page[f"2. To {referrer}"]
    assert "**Subject:** How it went with Camila" in to_referrer
    assert (
        f"Thank you again for introducing me to Camila Rocha. We talked yesterday, and I "
        f"especially enjoyed hearing about {POINT}."
    ) in to_referrer
    assert "thinks" not in to_referrer and "thought" not in to_referrer
    # Tomás is a close friend: the short, warm sign-off.
    assert to_referrer.rstrip().endswith("Best,\nNoor")


def test_the_page_ends_with_what_to_log_once_sent() -> None:
    referrer = introduced_and_met()

    page = ok("thank", "Camila Rocha").stdout

    before = sections(page)["Before you send"]
    assert "within a day of the meeting" in before
    commands = re.findall(r"`(netgraph [^`]+)`", before)
    assert [shlex.split(c)[3:] for c in commands] == [["thanked"], ["thanked-referrer"]]
    for each in commands:
        ok(*shlex.split(each)[1:])
    assert ok("followups", "--format", "json").stdout.count(referrer) == 0


def test_without_a_logged_point_the_note_holds_a_placeholder_and_says_so() -> None:
    introduced_and_met()

    result = ok("thank", "Camila Rocha")

    assert "[FILL IN: a point from the conversation that stayed with you" in result.stdout
    (note,) = result.stderr.strip().splitlines()
    assert note.startswith("Note: no point from the conversation is logged: fill in the")
    assert "met --note ..." in note


def test_after_the_introduction_only_the_referrer_is_thanked() -> None:
    referrer = referrer_of("Camila Rocha")
    ok("log", "Camila Rocha", "asked-referrer", "--via", referrer, "--date", day(-3))
    ok("log", "Camila Rocha", "introduced", "--date", day(-1))

    result = ok("thank", "Camila Rocha")

    page = sections(result.stdout)
    assert list(page) == [f"1. To {referrer}", "Before you send"]
    assert (
        "Thank you for introducing me to Camila Rocha: that was kind of you. I will let you "
        "know how our conversation goes."
    ) in page[f"1. To {referrer}"]
    assert result.stderr.strip() == (
        f"Note: no meeting with Camila Rocha is logged yet: only the note to {referrer}"
    )


def test_a_first_degree_linkedin_connection_is_not_asked_to_connect() -> None:
    ok("log", "Aditya Krishnan", "met", "--date", day(-1), "--note", "orbital data pipelines")

    page = sections(ok("thank", "Aditya Krishnan").stdout)

    assert list(page) == ["1. To Aditya Krishnan", "Before you send"]
    assert "connect on LinkedIn" not in page["1. To Aditya Krishnan"]
    assert "I would be glad to stay in touch." in page["1. To Aditya Krishnan"]
    assert "LinkedIn invitation" not in page["Before you send"]


def test_the_people_they_suggested_are_thanked_for() -> None:
    introduced_and_met(
        "Camila Rocha",
        "--note",
        POINT,
        "--referred",
        "Ananya Chatterjee, Northwind Analytics",
        "--referred",
        "Ines Navarro, Solenne Health",
    )

    note = sections(ok("thank", "Camila Rocha").stdout)["1. To Camila Rocha"]

    assert (
        "Thank you too for suggesting I talk to Ananya Chatterjee and Ines Navarro: I will let "
        "you know how it goes."
    ) in note


def test_a_referred_target_thanks_who_suggested_them() -> None:
    ok("log", "Camila Rocha", "met", "--date", day(-5), "--referred", "Ananya Chatterjee")
    ok("log", "Ananya Chatterjee", "met", "--date", day(0), "--note", "research at Northwind")

    page = sections(ok("thank", "Ananya Chatterjee").stdout)

    assert list(page) == ["1. To Ananya Chatterjee", "2. To Camila Rocha", "Before you send"]
    assert (
        "Thank you for suggesting I talk to Ananya Chatterjee. We talked today"
        in (page["2. To Camila Rocha"])
    )
    assert "thank you again to" not in page["1. To Ananya Chatterjee"]


def test_nothing_to_thank_for_yet_fails_with_one_line() -> None:
    one_line_error(
        run("thank", "Camila Rocha"),
        r"nothing to thank anyone for yet: log the meeting \(netgraph log '#\d+' met\) or the "
        r"introduction \(netgraph log '#\d+' introduced\) first",
        code=2,
    )
    one_line_error(run("thank", "Noor Haddad"), "that is you: thank the people you met", code=2)


def test_output_file_is_private(tmp_path: Path) -> None:
    introduced_and_met()
    target = tmp_path / "thanks.md"

    result = ok("thank", "Camila Rocha", "-o", target)

    assert result.stdout.strip() == f"Wrote the thank-you notes to {target}"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("# Thank-you notes: Camila Rocha")


def test_a_hostile_note_and_name_cannot_add_structure(sample: Path) -> None:
    with sqlite3.connect(sample) as conn:
        conn.execute(
            "UPDATE people SET name = ? WHERE name = 'Tomás Ferreira'",
            ("## Fake\n[x](javascript:alert(1))",),
        )
    document = json.loads(ok("who-can-introduce", "Camila Rocha", "--format", "json").output)
    referrer = f"#{document['routes'][0]['referrer']['id']}"
    ok("log", "Camila Rocha", "asked-referrer", "--via", referrer, "--date", day(-3))
    ok("log", "Camila Rocha", "introduced", "--date", day(-2))
    ok("log", "Camila Rocha", "met", "--note", "<script>x</script>\n# heading [a](b)")

    page = ok("thank", "Camila Rocha").stdout

    tokens = MarkdownIt("commonmark").parse(page)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert len(headings) == 4 and "Fake" not in " ".join(headings[:2])
    inline = [child for t in tokens if t.children for child in t.children]
    assert not [t for t in inline if t.type in ("link_open", "html_inline")]
    assert not [t for t in tokens if t.type == "html_block"]


def test_a_thank_template_in_the_workspace_replaces_the_default(workspace_path: Path) -> None:
    folder = workspace_path.with_name(workspace_path.name + ".templates")
    folder.mkdir()
    (folder / "thank.md.j2").write_text(
        "Dear {{ person.first_name }}, thanks! {{ point }}\n", encoding="utf-8"
    )
    introduced_and_met("Camila Rocha", "--note", POINT)

    assert ok("thank", "Camila Rocha").stdout == f"Dear Camila, thanks! {POINT}\n"
    listed = ok("templates").stdout
    assert "thank.md.j2" in listed


def test_the_placeholder_note_of_a_suggested_command_is_not_quoted_back() -> None:
    introduced_and_met("Camila Rocha", "--note", "...")

    note = sections(ok("thank", "Camila Rocha").stdout)["1. To Camila Rocha"]

    assert "hearing about ...." not in note
    assert "[FILL IN: a point from the conversation" in note
